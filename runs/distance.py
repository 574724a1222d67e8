"""The calibration's distance: the scorecard's failures, smoothed (docs/VALIDATION.md).

The distance is built to agree with the scorecard's pass counts (the lost fit of 2026-12-01
lowered a distance of averaged capped errors while passing fewer targets). Three steps:

1. **Scaled error** ``e`` of each record, from the scorecard's own criterion and tolerance
   (:func:`runs.scoring.judge`), so that ``e <= 1`` exactly when the record passes:

   * ``relative``: ``|model / observed - 1| / tolerance`` (the scorecard's test, not a log
     ratio: a log ratio put the lower edge elsewhere, so a passing record could count as failed);
   * ``direction`` (a turning point): with ``f`` the flat band (the tolerance) and ``c`` the
     model's relative change, ``2 - c/f`` when up was observed, ``2 + c/f`` when down, ``|c|/f``
     when flat: 1 at the band's edge, 2 for a flat model when a change was observed, 3 for a
     change of the band's size the wrong way;
   * ``at_least`` / ``at_most``: ``1 + (threshold - model) / s`` (resp. ``model - threshold``)
     with ``s`` = :data:`THRESHOLD_SCALE` times the threshold (a share): 1 at the threshold.

2. **Cost** of a record (:func:`cost`): a smoothed step at ``e = 1`` plus a small hinge,
   ``sigmoid((e - 1) / EDGE) + SLOPE * EDGE * softplus((e - 1) / EDGE)``, with ``e`` capped at
   :data:`E_CAP`. A record well inside its tolerance costs almost 0, a failed one at least 1/2
   and about 1 plus :data:`SLOPE` per tolerance beyond the edge (at most
   ``1 + SLOPE * (E_CAP - 1)``): the hinge keeps failures ordered by how far they miss, so the
   sampler can move toward passing them, but a pass is always worth more than making a
   failure less bad. Moving a passing record deeper inside its tolerance gains next to
   nothing, which is what the old distance rewarded.

3. **Families**: the cost is averaged over the records of each family (national series, trends
   and turning points, places), so a family's term is its smoothed share of failures, and the
   total is the :data:`FAMILY_WEIGHTS`-weighted mean of the three (pattern-oriented: a set
   that fits the totals in the wrong places or with the wrong turning points does not pass;
   Grimm et al. 2005). Inside a family every record counts once, as in the scorecard.

The distance of a parameter set run on several seeds is taken on the records of the seeds'
mean (:func:`mean_records`), as the scorecard judges the mean over seeds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from runs.scoring import Record

VERSION = 2
"""Bumped when the distance changes: a calibration cache is bound to it."""

EDGE = 0.05
"""Width of the smoothed step, in tolerances: a record at 0.9 of its tolerance costs 0.12."""

SLOPE = 0.25
"""Extra cost per tolerance beyond the edge (the hinge)."""

E_CAP = 5.0
"""Largest scaled error: a single absurd series costs at most ``1 + SLOPE * (E_CAP - 1)``."""

THRESHOLD_SCALE = 0.5
"""A threshold's error scale as a share of the threshold (``at_least 0.6``: 0.3)."""

FAMILY_WEIGHTS: dict[str, float] = {"national": 1.0, "trends": 1.0, "places": 1.0}
"""Weights of the family means: equal, so that turning points and places count as much as the
levels (pattern-oriented; the first lost attempt weighted by record and fitted levels at the
cost of trends)."""


def scaled_error(record: Record) -> float:
    """The record's error in tolerances (``<= 1`` exactly when it passes), capped at E_CAP."""
    mean = record.model_mean
    if not math.isfinite(mean):
        return E_CAP
    t = record.tolerance
    if record.criterion == "relative":
        observed = record.observed
        if observed is None or observed == 0 or t <= 0:
            return 0.0 if record.passed else E_CAP
        e = abs(mean / observed - 1.0) / t
    elif record.criterion == "direction":
        observed = math.nan if record.observed is None else record.observed
        if not math.isfinite(observed) or t <= 0:
            return 0.0 if record.passed else E_CAP
        if observed > t:
            e = 2.0 - mean / t
        elif observed < -t:
            e = 2.0 + mean / t
        else:
            e = abs(mean) / t
        # the strict inequality of "up"/"down" at the band's edge: a pass is never above 1
        e = min(e, 1.0) if record.passed else max(e, 1.0 + 1e-9)
    else:
        scale = THRESHOLD_SCALE * max(abs(t), 1e-3)
        short = (t - mean) if record.criterion == "at_least" else (mean - t)
        e = 1.0 + short / scale
    return float(min(E_CAP, max(0.0, e)))


def cost(e: float) -> float:
    """The smoothed step plus hinge of a scaled error (see the module docstring)."""
    z = (min(e, E_CAP) - 1.0) / EDGE
    step = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
    hinge = EDGE * (z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z)))
    return step + SLOPE * hinge


@dataclass(frozen=True)
class Distance:
    """A distance and its parts."""

    total: float
    families: dict[str, float]
    records: int
    passed: int = 0

    def to_json(self) -> dict[str, float | int | dict[str, float]]:
        """JSON-safe form."""
        return {
            "total": self.total,
            "families": self.families,
            "records": self.records,
            "passed": self.passed,
        }


def distance(records: Iterable[Record]) -> Distance:
    """The distance of scored records (only families in :data:`FAMILY_WEIGHTS` count)."""
    costs: dict[str, list[float]] = defaultdict(list)
    passed = 0
    for r in records:
        if r.family in FAMILY_WEIGHTS:
            costs[r.family].append(cost(scaled_error(r)))
            passed += bool(r.passed)
    families = {f: float(sum(v) / len(v)) for f, v in sorted(costs.items())}
    n = sum(len(v) for v in costs.values())
    if not families:
        return Distance(math.inf, {}, 0, 0)
    weight = sum(FAMILY_WEIGHTS[f] for f in families)
    total = sum(FAMILY_WEIGHTS[f] * d for f, d in families.items()) / weight
    return Distance(float(total), families, n, passed)


def record_key(record: Record) -> tuple[str, str, str, str]:
    """What identifies a record across runs of one job (family, series, period, label)."""
    return record.family, record.series, record.period, record.label


def mean_records(per_seed: Sequence[Sequence[Record]]) -> list[Record]:
    """The records of the seeds' mean: each record's model mean averaged over the seeds.

    The scorecard judges the mean of per-seed values (:meth:`runs.scoring.Record.of`); every
    record here comes from one seed, so averaging their means and judging again gives the same
    records as scoring the seeds together. A record missing from a seed, or not finite there,
    is averaged over the seeds that have it.
    """
    if not per_seed:
        return []
    groups: dict[tuple[str, str, str, str], list[Record]] = {}
    for records in per_seed:
        for r in records:
            groups.setdefault(record_key(r), []).append(r)
    out = []
    for rs in groups.values():
        means = np.array([r.model_mean for r in rs], dtype=float)
        finite = means[np.isfinite(means)]
        mean = float(finite.mean()) if finite.size else math.nan
        low = float(np.nanmin([r.model_low for r in rs])) if finite.size else math.nan
        high = float(np.nanmax([r.model_high for r in rs])) if finite.size else math.nan
        out.append(replace(rs[0], model_mean=mean, model_low=low, model_high=high))
    return out
