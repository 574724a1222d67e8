"""The scorecard: run the model over the targets' span and score it (``decertsim score``).

Steps (docs/VALIDATION.md):

1. Read the targets file (:mod:`runs.targets`) and sort its rows: ``recalled`` rows, series the
   registry (:mod:`runs.series`) does not know, known but incomparable series, and series with no
   model outcome yet are listed as not scored, with the reason; the rest are candidates.
2. The span: from ``--start`` (else the first month a candidate needs, not before
   :data:`HINDCAST_FROM`; with no candidate, ``simulation.start_month``) to ``--end`` (else the
   last month a candidate needs; a status-quo run lasts at least the stability window). The start
   month is passed to the model as the parameter ``simulation.start_month``.
3. Run the seeds (spawned from ``--seed``, as experiments do) on the batch runner's executors,
   each run probed month by month (:mod:`runs.probe`), with a progress bar.
4. Score the families: national series and trends and stability (:mod:`runs.score_series`),
   places (:mod:`runs.places`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from model.errors import DecertsimInputError
from model.geo import build_landscape
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from model.params import Params
from runs.areas import build_areas
from runs.catalog import load_regime
from runs.execute import make_executor
from runs.files import write_text_atomic
from runs.periods import PeriodError, label, parse_month
from runs.places import WINDOW as PLACES_WINDOW
from runs.places import PresenceMap, places
from runs.probe import place_measures, probe_measures, probe_run
from runs.report import package_version
from runs.score_series import STABILITY_MONTHS, Candidate, national, stability, trends
from runs.scoring import FAMILIES, ModelRuns, NotScored, Record
from runs.series import EXCLUDED, SERIES, check_registry
from runs.spec import RunSpec, make_run_id, spawn_seeds
from runs.sweep import runs_progress
from runs.targets import SHIPPED_TARGETS, Target, TargetsError, load_targets

HINDCAST_FROM = "2018-01"
"""The earliest default start: the national series are scored from 2018 (issue 10)."""

STATUS_QUO = "certified"


class ScoreFault(Exception):
    """A run of the scorecard failed (exit 1: a fault, not the user's input)."""


@dataclass
class ScoreOptions:
    """What ``decertsim score`` was asked (see ``decertsim score --help``)."""

    targets: Path = SHIPPED_TARGETS
    start: str | None = None
    end: str | None = None
    regime: str = "history_2016_2025"
    seeds: int = 10
    seed: int = 1
    resolution: str = "0.25"
    overrides: dict[str, Any] = field(default_factory=dict)
    families: tuple[str, ...] = FAMILIES
    series: tuple[str, ...] = ()
    workers: int = 1
    executor: str = "local"
    scheduler: str | None = None


@dataclass
class Scorecard:
    """The result: records, what was not scored, the run's description, maps and arrays."""

    records: list[Record]
    not_scored: list[NotScored]
    meta: dict[str, Any]
    presence: list[PresenceMap] = field(default_factory=list)
    runs: ModelRuns | None = None
    candidates: list[Candidate] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Share passed overall and per family; counts of not-scored rows by reason kind."""

        def share(records: list[Record]) -> dict[str, Any]:
            passed = sum(r.passed for r in records)
            return {
                "passed": passed,
                "scored": len(records),
                "share": passed / len(records) if records else None,
            }

        kinds: dict[str, int] = {}
        for n in self.not_scored:
            kinds[n.kind] = kinds.get(n.kind, 0) + 1
        return {
            **share(self.records),
            "families": {
                f: share([r for r in self.records if r.family == f])
                for f in FAMILIES
                if f in self.meta["families"]
            },
            "not_scored": len(self.not_scored),
            "not_scored_by_kind": kinds,
        }

    def to_json(self) -> dict[str, Any]:
        """What ``--json`` writes."""
        return {
            "run": self.meta,
            "summary": self.summary(),
            "records": [r.to_json() for r in self.records],
            "not_scored": [n.to_json() for n in self.not_scored],
        }

    def write_json(self, path: Path) -> None:
        """Write :meth:`to_json` to ``path`` (folders created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", path)


def classify(
    targets: list[Target], only: tuple[str, ...] = ()
) -> tuple[list[Candidate], list[NotScored]]:
    """Candidates (rows the registry can score) and rows listed as not scored, with reasons.

    Raises:
        TargetsError: a scorable row's period is not understood (names file, row, column).
    """
    candidates, skipped = [], []
    for t in targets:
        if only and t.series not in only:
            continue
        mapping = SERIES.get(t.series)
        family = "national" if mapping else ""
        if t.recalled:
            skipped.append(NotScored(family, t.series, t.year, "recalled row", "recalled", t.row))
        elif t.series in EXCLUDED:
            skipped.append(NotScored("", t.series, t.year, EXCLUDED[t.series], "excluded", t.row))
        elif mapping is None:
            why = "series not in the registry (runs/series.py)"
            skipped.append(NotScored("", t.series, t.year, why, "unknown series", t.row))
        elif not mapping.measures:
            why = f"no model outcome yet ({mapping.topic})"
            skipped.append(NotScored(family, t.series, t.year, why, "no model outcome", t.row))
        else:
            candidates.append(Candidate(t, mapping, t.period()))
    return candidates, skipped


def _month(text: str, option: str) -> int:
    try:
        return parse_month(text)
    except PeriodError as exc:
        raise DecertsimInputError(f"{option}: {exc}") from None


def plan_span(options: ScoreOptions, candidates: list[Candidate]) -> tuple[int, int]:
    """First month and number of months to simulate (see the module docstring)."""
    floor = parse_month(HINDCAST_FROM)
    if options.start:
        start = _month(options.start, "--start")
    elif "simulation.start_month" in options.overrides:
        start = _month(str(options.overrides["simulation.start_month"]), "--set")
    elif candidates:
        start = max(floor, min(c.period.first for c in candidates))
    else:
        start = parse_month(Params().simulation.start_month)
    if options.end:
        end = _month(options.end, "--end")
    else:
        needed = [c.period.last for c in candidates if c.period.first >= start]
        end = max(needed, default=start)
        if options.regime == STATUS_QUO or not needed:
            end = max(end, start + STABILITY_MONTHS - 1)
    if end < start:
        raise DecertsimInputError(f"--end {label(end)} is before the start {label(start)}")
    if end - start + 1 > 600:
        raise DecertsimInputError(f"{label(start)}..{label(end)}: at most 600 months")
    return start, end - start + 1


def run_model(
    options: ScoreOptions, start: int, months: int, console: Console | None = None
) -> ModelRuns:
    """Run the seeds with the probe; arrays of their results.

    Raises:
        ScoreFault: a run failed (its error is in the message).
        DecertsimInputError: bad regime, parameter or executor settings.
    """
    regime = load_regime(options.regime)
    params = Params.from_overrides({**options.overrides, "simulation.start_month": label(start)})
    seeds = spawn_seeds(options.seed, options.seeds)
    specs = [
        RunSpec(
            experiment="score",
            regime=regime,
            params=params,
            varying={},
            point=0,
            replication=i,
            seed=s,
            months=months,
            resolution=options.resolution,
            snapshot_every=0,
            run_id=make_run_id("score", regime, params, s, months, options.resolution),
        )
        for i, s in enumerate(seeds)
    ]
    if options.scheduler and options.executor != "dask":
        raise DecertsimInputError("--scheduler needs --executor dask")
    executor = make_executor(options.executor, options.workers, options.scheduler)
    results: dict[int, Any] = {}
    progress = runs_progress(console)
    task = progress.add_task("runs", total=len(specs), failed=0)
    try:
        with progress:
            for outcome in executor.run(specs, task=probe_run):
                if not outcome.ok:
                    raise ScoreFault(
                        f"run of seed {outcome.spec.seed} failed: {outcome.error}\n"
                        f"{outcome.traceback or ''}"
                    )
                results[outcome.spec.replication] = outcome
                progress.update(task, advance=1)
    finally:
        executor.close()
    ordered = [results[i] for i in range(len(specs))]
    return collect_runs(ordered, start, months, options.resolution, seeds)


def collect_runs(
    outcomes: list[Any], start: int, months: int, resolution: str, seeds: list[int]
) -> ModelRuns:
    """Arrays of finished probe runs (``probe_run`` outcomes, in seed order)."""
    frames = [
        o.series.to_pandas().pivot(index="month", columns="outcome", values="value")
        for o in outcomes
    ]
    measures = tuple(frames[0].columns)
    landscape = build_landscape(resolution)
    return ModelRuns(
        start=start,
        months=months,
        measures=measures,
        series=np.stack([f[list(measures)].to_numpy(dtype=float) for f in frames]),
        areas=build_areas(landscape),
        place_names=place_measures(GROUP_KEYS),
        places=np.stack([o.places for o in outcomes]),
        group_keys=GROUP_KEYS,
        seeds=seeds,
        landscape=landscape,
    )


def evaluate(
    runs: ModelRuns,
    candidates: list[Candidate],
    targets: list[Target],
    regime: str,
    families: tuple[str, ...] = FAMILIES,
    places_window: tuple[str, str] = PLACES_WINDOW,
) -> tuple[list[Record], list[NotScored], list[PresenceMap]]:
    """Score every requested family on finished runs (places over ``places_window``)."""
    records: list[Record] = []
    skipped: list[NotScored] = []
    maps: list[PresenceMap] = []
    if "national" in families:
        r, s = national(runs, candidates)
        records += r
        skipped += s
    if "trends" in families:
        r, s = trends(runs, candidates)
        records += r
        skipped += s
    if "places" in families:
        r, s, maps = places(runs, places_window)
        records += r
        skipped += s
    if "stability" in families:
        r, s = stability(runs, targets, regime)
        records += r
        skipped += s
    return records, skipped, maps


def check_options(options: ScoreOptions, targets: list[Target]) -> None:
    """Reject unknown families and series names (exit 2)."""
    bad = [f for f in options.families if f not in FAMILIES]
    if bad:
        raise DecertsimInputError(
            f"--family {', '.join(bad)}: unknown; allowed: {', '.join(FAMILIES)}"
        )
    present = {t.series for t in targets}
    unknown = [s for s in options.series if s not in present]
    if unknown:
        known = sorted(present & set(SERIES))
        raise DecertsimInputError(
            f"--series {', '.join(unknown)}: not a series of {options.targets}; scorable "
            f"series there: {', '.join(known) or 'none'}"
        )
    if options.seeds < 1:
        raise DecertsimInputError("--seeds must be at least 1")


def score(options: ScoreOptions, console: Console | None = None) -> Scorecard:
    """Run and score the model as ``options`` say.

    Raises:
        TargetsError, DecertsimInputError: bad input (exit 2).
        ScoreFault: a run failed (exit 1).
    """
    started = time.perf_counter()
    targets = load_targets(options.targets)
    check_options(options, targets)
    check_registry(set(outcome_registry(GROUP_KEYS)) | set(probe_measures(GROUP_KEYS)))
    candidates, skipped = classify(targets, options.series)
    start, months = plan_span(options, candidates)
    runs = run_model(options, start, months, console)
    records, more, maps = evaluate(runs, candidates, targets, options.regime, options.families)
    meta = {
        "targets": str(options.targets),
        "regime": options.regime,
        "start": label(start),
        "end": label(start + months - 1),
        "months": months,
        "seeds": runs.seeds,
        "seed": options.seed,
        "resolution": options.resolution,
        "overrides": options.overrides,
        "families": list(options.families),
        "seconds": round(time.perf_counter() - started, 1),
        "version": package_version(),
    }
    return Scorecard(records, skipped + more, meta, maps, runs, candidates)


__all__ = ["ScoreFault", "ScoreOptions", "Scorecard", "TargetsError", "score"]
