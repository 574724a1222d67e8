"""The out-of-sample check of a calibration, and the honest decision about the defaults.

The calibrated point and the defaults are each scored on the whole hindcast (the scorecard of
``decertsim score``: ``history_2016_2025`` from 2018-01 to the last month a target needs, the
same seeds for both). Every record is then put in one of two samples by the last month it
reads: **in sample** up to the fit's end (2022-12), what the fit saw; **out of sample** after it
(the 2023-2025 series, the trends that reach 2023 or later, and the places, read over
2024-2025), what the fit did not see. The point is adopted as the defaults only if it passes
more out-of-sample targets than the defaults do (:func:`decide`); otherwise the defaults stay
and the calibrated point is shipped as an alternative (``decertsim compare --posterior`` uses
the whole posterior either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from runs.periods import parse_month
from runs.score import Scorecard, ScoreOptions, score
from runs.scoring import Record

CHECK_FAMILIES = ("national", "trends", "places")


@dataclass(frozen=True)
class Split:
    """Pass counts of one parameter set, in and out of sample, per family."""

    name: str
    inside: dict[str, tuple[int, int]]
    outside: dict[str, tuple[int, int]]

    @staticmethod
    def _total(part: dict[str, tuple[int, int]]) -> tuple[int, int]:
        return sum(p for p, _ in part.values()), sum(n for _, n in part.values())

    @property
    def in_sample(self) -> tuple[int, int]:
        """(passed, scored) up to the fit's end."""
        return self._total(self.inside)

    @property
    def out_of_sample(self) -> tuple[int, int]:
        """(passed, scored) after the fit's end."""
        return self._total(self.outside)

    def to_json(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "name": self.name,
            "in_sample": list(self.in_sample),
            "out_of_sample": list(self.out_of_sample),
            "in_sample_families": {k: list(v) for k, v in self.inside.items()},
            "out_of_sample_families": {k: list(v) for k, v in self.outside.items()},
        }


def split(name: str, records: list[Record], fit_end: str) -> Split:
    """Pass counts of ``records`` in and out of sample (by each record's last month)."""
    end = parse_month(fit_end)
    inside: dict[str, list[int]] = {}
    outside: dict[str, list[int]] = {}
    for r in records:
        last = parse_month(r.last_month) if r.last_month else None
        part = inside if last is not None and last <= end else outside
        counts = part.setdefault(r.family, [0, 0])
        counts[0] += int(r.passed)
        counts[1] += 1
    return Split(
        name,
        {k: (v[0], v[1]) for k, v in inside.items()},
        {k: (v[0], v[1]) for k, v in outside.items()},
    )


def scorecard(
    overrides: dict[str, Any], seeds: int, seed: int, options: Any, console: Console | None
) -> Scorecard:
    """The hindcast scorecard of one parameter set (families of :data:`CHECK_FAMILIES`)."""
    return score(
        ScoreOptions(
            targets=options.targets,
            seeds=seeds,
            seed=seed,
            resolution=options.resolution,
            overrides=overrides,
            families=CHECK_FAMILIES,
            workers=options.workers,
            executor=options.executor,
            scheduler=options.scheduler,
        ),
        console,
    )


@dataclass(frozen=True)
class Decision:
    """Whether the defaults adopt the calibrated point, and why."""

    adopted: bool
    reason: str


def decide(defaults: Split, calibrated: Split) -> Decision:
    """Adopt only if the point passes more out-of-sample targets than the defaults."""
    cp, cn = calibrated.out_of_sample
    dp, dn = defaults.out_of_sample
    ip, i_n = calibrated.in_sample
    jp, jn = defaults.in_sample
    figures = (
        f"in sample (to the fit's end) calibrated {ip}/{i_n}, defaults {jp}/{jn}; out of sample "
        f"calibrated {cp}/{cn}, defaults {dp}/{dn}"
    )
    if cp > dp:
        return Decision(True, f"the calibrated point does better out of sample: {figures}")
    if cp == dp:
        return Decision(
            False,
            f"the calibrated point does no better out of sample, so the defaults stay: {figures}",
        )
    return Decision(
        False, f"the calibrated point does worse out of sample, so the defaults stay: {figures}"
    )


def check(
    point: dict[str, float], options: Any, console: Console | None, out: Path
) -> tuple[Split, Split, Decision]:
    """Score defaults and point on the whole hindcast; write both scorecards' JSON to ``out``."""
    fixed = dict(options.overrides)
    cards = {}
    for name, overrides in (("defaults", fixed), ("calibrated", {**fixed, **point})):
        card = scorecard(overrides, options.check_seeds, options.seed, options, console)
        card.write_json(out / f"scorecard_{name}.json")
        cards[name] = split(name, card.records, options.fit_end)
    return cards["defaults"], cards["calibrated"], decide(cards["defaults"], cards["calibrated"])
