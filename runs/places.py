"""The places family of the scorecard: where the armed groups and the coca are.

Compared over :data:`WINDOW` (the period of the presence table's sources) within the simulated
span, month by month, from the probe's per-area measures (``runs/probe.py``):

* **armed presence by department** against model/data/geo/armed_groups_long.csv, verified rows
  only (as the landscape reads them: ``group_presence`` is 1 where a group is verified, less where
  only recalled, 0 where absent). A group is *present* in a department in the model when it
  controls a cell or has a front there in at least :data:`PRESENT_SHARE` of the months. Hit rate
  = share of its verified departments where it is present (at least :data:`HIT_RATE_MIN`);
  false-alarm rate = share of the departments with no row for it where it is present (at most
  :data:`FALSE_ALARM_MAX`). Departments with only recalled rows count in neither.
* **main regions** (``runs/areas.py``): the group controls at least :data:`REGION_CONTROL_MIN` of
  the region's land cells on average.
* **coca under armed control or dispute**: at least :data:`COCA_ARMED_MIN` of the coca area.
* **coca by department against 2023** (the landscape's department pattern): the dissimilarity
  index of the departments' shares (half the sum of absolute differences) at most
  :data:`COCA_DISSIMILARITY_MAX`, and each department with at least
  :data:`COCA_DEPARTMENT_MIN_SHARE` of the coca within ``COCA_SHARE_TOLERANCE`` of its share.
  Read in December 2023 if simulated, else in the last simulated month (does the pattern hold?).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.geo.group_presence import CONFIDENCE_WEIGHTS
from runs.areas import MAIN_REGIONS
from runs.periods import label, parse_month, span_label
from runs.scoring import ModelRuns, NotScored, Record

WINDOW: tuple[str, str] = ("2024-01", "2025-12")
"""Months the presence table describes (its sources date mostly from 2023-2025)."""

VERIFIED = CONFIDENCE_WEIGHTS["verified"]
"""The landscape's ``group_presence`` weight of a verified row."""

PRESENT_SHARE = 0.5
HIT_RATE_MIN = 0.67
FALSE_ALARM_MAX = 0.25
REGION_CONTROL_MIN = 0.10
COCA_ARMED_MIN = 0.50
COCA_DISSIMILARITY_MAX = 0.25
COCA_DEPARTMENT_MIN_SHARE = 0.05
COCA_SHARE_TOLERANCE = 0.50
COCA_PATTERN_MONTH = "2023-12"

WHY: dict[str, str] = {
    "presence": "two departments in three where reports place a group, and at most one in four "
    "where none does: department borders are approximate and fronts move (assumed)",
    "regions": "a main region is where a group rules communities (C10): at least one cell in "
    "ten (assumed)",
    "coca_armed": "assumed: no national figure is in the targets file; every department with "
    "5,000 ha of coca or more in 2023 has a verified armed group (all but Córdoba two or more)",
    "coca_pattern": "half the coca may sit in other departments' cells before the pattern is "
    "called wrong; the 2023 department figures are partly bands (model/geo/illicit.py)",
}
"""Why each place threshold (docs/VALIDATION.md)."""


@dataclass
class PresenceMap:
    """Reported and modelled presence of one group per department (for the maps)."""

    group: str
    departments: tuple[str, ...]
    reported: tuple[str, ...]  # "verified", "recalled" or "absent"
    model_share: np.ndarray  # share of seeds in which the group is present
    window: str = ""


def _window(runs: ModelRuns, window: tuple[str, str] = WINDOW) -> tuple[int, int] | None:
    first = max(parse_month(window[0]), runs.start)
    last = min(parse_month(window[1]), runs.end)
    return (first - runs.start, last - runs.start) if first <= last else None


def _record(series: str, span: str, criterion: str, threshold: float, values, **kw) -> Record:
    return Record.of(
        values,
        family="places",
        series=series,
        period=span,
        label=span,
        criterion=criterion,
        tolerance=threshold,
        observed=kw.pop("observed", None),
        **kw,
    )


def _departments(runs: ModelRuns) -> np.ndarray:
    return np.array([k == "department" for k in runs.areas.kinds])


def presence(
    runs: ModelRuns, i0: int, i1: int, span: str
) -> tuple[list[Record], list[PresenceMap]]:
    """Hit and false-alarm rates of armed presence by department, per group."""
    deps = _departments(runs)
    names = tuple(n for n, d in zip(runs.areas.names, deps, strict=True) if d)
    weight = runs.areas.total(runs.landscape.group_presence)  # [area, group] summed weights
    cells = runs.areas.matrix.sum(axis=1)
    records, maps = [], []
    for g, key in enumerate(runs.group_keys):
        w = weight[deps, g] / np.maximum(cells[deps], 1.0)
        verified = w >= VERIFIED - 1e-9
        absent = w <= 0.0
        active = (runs.place(f"cells_{key}") > 0) | (runs.place(f"fronts_{key}") > 0)
        present = active[:, i0 : i1 + 1, deps].mean(axis=1) >= PRESENT_SHARE  # [seed, dep]
        hits = (
            present[:, verified].mean(axis=1) if verified.any() else np.full(len(present), np.nan)
        )
        alarms = present[:, absent].mean(axis=1) if absent.any() else np.full(len(present), np.nan)
        who = key.upper()
        common = {"unit": "share of departments"}
        records.append(
            _record(
                f"presence hit rate {who}",
                span,
                "at_least",
                HIT_RATE_MIN,
                hits,
                measure=f"verified departments ({int(verified.sum())}) where {who} is present",
                detail=WHY["presence"],
                **common,
            )
        )
        records.append(
            _record(
                f"presence false alarms {who}",
                span,
                "at_most",
                FALSE_ALARM_MAX,
                alarms,
                measure=f"departments with no report ({int(absent.sum())}) where {who} is present",
                detail=WHY["presence"],
                **common,
            )
        )
        reported = tuple(
            "verified" if v else "absent" if a else "recalled"
            for v, a in zip(verified, absent, strict=True)
        )
        maps.append(PresenceMap(key, names, reported, present.mean(axis=0), span))
    return records, maps


def regions(runs: ModelRuns, i0: int, i1: int, span: str) -> tuple[list[Record], list[NotScored]]:
    """Each group's control of its main regions."""
    total = sum(runs.place(n) for n in runs.place_names if n.startswith("cells_"))
    records, skipped = [], []
    for key, places in MAIN_REGIONS.items():
        if key not in runs.group_keys:
            continue
        for place in places:
            series = f"main region {key.upper()}: {place}"
            if place not in runs.areas:
                skipped.append(
                    NotScored(
                        "places", series, span, "region not on this landscape", "not applicable"
                    )
                )
                continue
            a = runs.areas.index(place)
            share = runs.place(f"cells_{key}")[:, i0 : i1 + 1, a] / np.maximum(
                total[:, i0 : i1 + 1, a], 1.0
            )
            records.append(
                _record(
                    series,
                    span,
                    "at_least",
                    REGION_CONTROL_MIN,
                    share.mean(axis=1),
                    measure=f"share of the region's cells {key.upper()} controls",
                    unit="share of cells",
                    detail=WHY["regions"],
                )
            )
    return records, skipped


def coca(runs: ModelRuns, i0: int, i1: int, span: str) -> list[Record]:
    """Coca under armed control or dispute, and coca by department against 2023."""
    deps = _departments(runs)
    coca_dep = runs.place("coca_ha")[:, :, deps]
    armed = runs.place("coca_armed_ha")[:, :, deps].sum(axis=2)
    total = coca_dep.sum(axis=2)
    share = (armed / np.maximum(total, 1e-9))[:, i0 : i1 + 1].mean(axis=1)
    records = [
        _record(
            "coca under armed control/dispute",
            span,
            "at_least",
            COCA_ARMED_MIN,
            share,
            measure="share of coca in cells an armed group controls or disputes",
            unit="share of coca",
            detail=WHY["coca_armed"],
        )
    ]
    pattern = runs.areas.total(runs.landscape.layers["coca_ha_2023"])[deps]
    if pattern.sum() <= 0:
        return records
    observed = pattern / pattern.sum()
    month = parse_month(COCA_PATTERN_MONTH)
    at = month - runs.start if runs.start <= month <= runs.end else runs.months - 1
    when = label(runs.start + at)
    model = coca_dep[:, at, :] / np.maximum(coca_dep[:, at, :].sum(axis=1, keepdims=True), 1e-9)
    dissimilarity = 0.5 * np.abs(model - observed).sum(axis=1)
    records.append(
        _record(
            "coca pattern vs 2023 (dissimilarity)",
            when,
            "at_most",
            COCA_DISSIMILARITY_MAX,
            dissimilarity,
            measure="half the sum of |model share - 2023 share| over departments",
            unit="share",
            detail=WHY["coca_pattern"],
        )
    )
    names = [n for n, d in zip(runs.areas.names, deps, strict=True) if d]
    for j in np.argsort(-observed):
        if observed[j] < COCA_DEPARTMENT_MIN_SHARE:
            break
        records.append(
            _record(
                f"coca share {names[j]}",
                when,
                "relative",
                COCA_SHARE_TOLERANCE,
                model[:, j],
                observed=float(observed[j]),
                measure="department's share of national coca",
                unit="share of coca",
                detail=WHY["coca_pattern"],
            )
        )
    return records


def places(
    runs: ModelRuns, window: tuple[str, str] = WINDOW
) -> tuple[list[Record], list[NotScored], list[PresenceMap]]:
    """Every place record, what was not scored, and the presence maps.

    ``window`` replaces :data:`WINDOW` for the calibration, which fits places over its last
    in-sample years (runs/calibrate.py).
    """
    months = _window(runs, window)
    if months is None:
        span = f"{window[0]}..{window[1]}"
        why = f"window {span} outside the simulated span {runs.span()}"
        return [], [NotScored("places", "places", span, why, "outside span")], []
    i0, i1 = months
    span = span_label(runs.start + i0, runs.start + i1)
    records, maps = presence(runs, i0, i1, span)
    region_records, skipped = regions(runs, i0, i1, span)
    return records + region_records + coca(runs, i0, i1, span), skipped, maps
