"""Series families of the scorecard: national series, trends and turning points, stability.

* **national**: each scorable row (``runs/series.py``) against the model's measure aggregated over
  the row's period; criterion ``relative`` with the topic's tolerance.
* **trends**: derived from the observed rows of each series, never typed in: the direction of
  the change between consecutive observations (``2020 -> 2021 up``), and each run of two or more
  changes in one direction as a leg between turning points (``2018 -> 2020 down``); changes
  within +/- :data:`FLAT` count as flat. Criterion ``direction``.
* **stability** (status quo only): over :data:`STABILITY_MONTHS` months from the start, each
  :data:`STABILITY` measure's ratio to its start stays within its tolerance of the observed
  trend extrapolated (flat where nothing is observed). Criterion ``relative``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from runs.periods import Period, label
from runs.scoring import ModelRuns, NotScored, Record, direction, spread
from runs.series import TOPICS, SeriesMap
from runs.targets import Target

FLAT = 0.05
"""Relative changes within +/- 5% count as flat (trends)."""

STABILITY_MONTHS = 24
"""Months over which the status quo must not drift (issue 10)."""

TREND_LOOKBACK_MONTHS = 24
"""The observed trend of a stability measure: from the latest observation back to the latest
one at least this many months older (annualised)."""


@dataclass(frozen=True)
class Stability:
    """A measure that must not drift under the status quo."""

    measure: str
    trend_series: str | None
    tolerance: float
    why: str


STABILITY: tuple[Stability, ...] = (
    Stability(
        "coca_ha",
        "coca_ha_unodc",
        0.20,
        "the coca topic's tolerance: a status-quo year moves 10-20% around the trend",
    ),
    Stability(
        "armed_members",
        "armed_groups_members_total",
        0.25,
        "the members topic's tolerance",
    ),
    Stability(
        "armed_control_share",
        None,
        0.25,
        "assumed: no observed series of territorial control; a quarter of the start share",
    ),
    Stability(
        "state_control_share",
        None,
        0.15,
        "assumed: no observed series; the state holds most cells, so a smaller relative band",
    ),
)


@dataclass(frozen=True)
class Candidate:
    """A row the registry can score, with its parsed period."""

    target: Target
    mapping: SeriesMap
    period: Period


def _record(
    family: str, c: Candidate, runs: ModelRuns, observed: float, values: np.ndarray
) -> Record:
    topic = TOPICS[c.mapping.topic]
    return Record.of(
        values,
        family=family,
        series=c.target.series,
        period=c.target.year,
        label=c.period.short(),
        measure=f"{'+'.join(c.mapping.measures)} ({c.mapping.how})",
        criterion="relative",
        tolerance=topic.tolerance,
        observed=observed,
        unit=c.target.unit,
        first_month=label(c.period.first),
        last_month=label(c.period.last),
        row=c.target.row,
        source=c.target.source,
        url=c.target.url,
    )


def national(runs: ModelRuns, candidates: list[Candidate]) -> tuple[list[Record], list[NotScored]]:
    """National-series records of the candidates inside the simulated span."""
    records, skipped = [], []
    for c in candidates:
        if not runs.covers(c.period):
            skipped.append(_outside("national", c, runs))
            continue
        values = runs.aggregate(c.mapping.measures, c.mapping.how, c.period)
        records.append(_record("national", c, runs, c.target.value * c.mapping.scale, values))
    records.sort(key=lambda r: (r.series, r.first_month, r.last_month))
    return records, skipped


def _outside(family: str, c: Candidate, runs: ModelRuns) -> NotScored:
    return NotScored(
        family,
        c.target.series,
        c.target.year,
        f"period outside the simulated span {runs.span()}",
        "outside span",
        c.target.row,
    )


def _observations(
    candidates: list[Candidate], runs: ModelRuns
) -> tuple[dict[tuple[str, str], list[Candidate]], list[NotScored]]:
    """Observations usable for trends: whole periods inside the span, one value per period.

    Grouped by (series, period kind) for flows (a year is compared with a year), by series alone
    for stocks at a date.
    """
    by_period: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        if not c.period.partial and runs.covers(c.period):
            by_period[(c.target.series, c.target.year)].append(c)
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    skipped = []
    for (series, year), rows in by_period.items():
        if len({r.target.value for r in rows}) > 1:
            skipped.append(
                NotScored(
                    "trends",
                    series,
                    year,
                    "two observed values for one period: no direction",
                    "ambiguous",
                    rows[0].target.row,
                )
            )
            continue
        c = rows[0]
        kind = "any" if c.mapping.how == "end" else c.period.kind
        groups[(series, kind)].append(c)
    for rows in groups.values():
        rows.sort(key=lambda r: (r.period.last, r.period.first))
    return groups, skipped


def _trend_record(a: Candidate, b: Candidate, runs: ModelRuns, leg: bool) -> Record:
    m = a.mapping
    va = runs.aggregate(m.measures, m.how, a.period)
    vb = runs.aggregate(m.measures, m.how, b.period)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(va != 0, vb / va - 1.0, np.nan)
    observed = b.target.value / a.target.value - 1.0 if a.target.value else math.nan
    seeds_agree = float(np.mean([direction(x, FLAT) == direction(observed, FLAT) for x in change]))
    mean = spread(change)[0]
    return Record.of(
        change,
        family="trends",
        series=a.target.series,
        period=f"{a.target.year} -> {b.target.year}",
        label=f"{a.period.short()}>{b.period.short()}",
        measure=f"change of {'+'.join(m.measures)} ({m.how})" + (", leg" if leg else ""),
        criterion="direction",
        tolerance=FLAT,
        observed=observed,
        unit="relative change",
        first_month=label(a.period.first),
        last_month=label(b.period.last),
        row=b.target.row,
        source=b.target.source,
        url=b.target.url,
        detail=f"observed {direction(observed, FLAT)}, model {direction(mean, FLAT)}; "
        f"{seeds_agree:.0%} of seeds agree",
    )


def trends(runs: ModelRuns, candidates: list[Candidate]) -> tuple[list[Record], list[NotScored]]:
    """Direction of changes between consecutive observations, and legs between turning points."""
    groups, skipped = _observations(candidates, runs)
    records = []
    for rows in groups.values():
        steps = [
            direction(b.target.value / a.target.value - 1.0, FLAT) if a.target.value else "?"
            for a, b in zip(rows, rows[1:], strict=False)
        ]
        for a, b in zip(rows, rows[1:], strict=False):
            records.append(_trend_record(a, b, runs, leg=False))
        # legs: two or more consecutive changes in one direction (between turning points)
        i = 0
        while i < len(steps):
            j = i
            while j + 1 < len(steps) and steps[j + 1] == steps[i]:
                j += 1
            if steps[i] in ("up", "down") and j > i:
                records.append(_trend_record(rows[i], rows[j + 1], runs, leg=True))
            i = j + 1
    return records, skipped


def observed_growth(targets: list[Target], series: str) -> tuple[float, str]:
    """Observed annual growth factor of a series and how it was found (1.0: none observed)."""
    rows = []
    for t in targets:
        if t.series != series or t.recalled:
            continue
        period = t.period()
        if not period.partial:
            rows.append((period.last, t.value, t.year))
    rows.sort()
    if not rows:
        return 1.0, f"no {series} rows: flat assumed"
    last, value, year = rows[-1]
    earlier = [r for r in rows if last - r[0] >= TREND_LOOKBACK_MONTHS]
    if not earlier or earlier[-1][1] <= 0:
        return 1.0, f"no {series} rows {TREND_LOOKBACK_MONTHS} months apart: flat assumed"
    first, start_value, start_year = earlier[-1]
    growth = (value / start_value) ** (12.0 / (last - first))
    return growth, f"{series} {start_year} -> {year}: {growth - 1:+.1%} a year"


def stability(
    runs: ModelRuns, targets: list[Target], regime: str
) -> tuple[list[Record], list[NotScored]]:
    """Drift of the status quo over its first :data:`STABILITY_MONTHS` months."""
    window = f"{label(runs.start)} -> +{STABILITY_MONTHS} months"
    if regime != "certified" or runs.months < STABILITY_MONTHS:
        why = (
            f"checked under the status quo ('certified') only, not '{regime}'"
            if regime != "certified"
            else f"needs {STABILITY_MONTHS} simulated months, the run has {runs.months}"
        )
        return [], [
            NotScored("stability", s.measure, window, why, "not applicable") for s in STABILITY
        ]
    records = []
    for s in STABILITY:
        growth, how = (
            observed_growth(targets, s.trend_series)
            if s.trend_series
            else (1.0, "no observed series: flat")
        )
        years = (STABILITY_MONTHS - 1) / 12.0
        values = runs.measure(s.measure)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(
                values[:, 0] > 0, values[:, STABILITY_MONTHS - 1] / values[:, 0], np.nan
            )
        records.append(
            Record.of(
                ratio,
                family="stability",
                series=s.measure,
                period=window,
                label=f"{label(runs.start)}+{STABILITY_MONTHS}m",
                measure=f"{s.measure} month {STABILITY_MONTHS} / month 1",
                criterion="relative",
                tolerance=s.tolerance,
                observed=growth**years,
                unit="ratio to start",
                first_month=label(runs.start),
                last_month=label(runs.start + STABILITY_MONTHS - 1),
                detail=f"expected from {how}",
            )
        )
    return records, []
