"""The calibration's distance: pattern-oriented, over the scorecard's records (docs/VALIDATION.md).

Each scored record (:class:`runs.scoring.Record`) becomes a *discrepancy* that is at most 1 when
the record passes and above 1 when it fails, so every criterion speaks the same scale:

* ``relative``: ``|log(model / observed)| / log(1 + tolerance)``: 1 at the tolerance's edge,
  symmetric in ratio (twice the observed is as far as half of it);
* ``direction``: 0 when the model's change has the observed direction, :data:`DIRECTION_MISS`
  when not (a turning point missed is a failure however small the change);
* ``at_least`` / ``at_most``: 0 when the threshold is met, else 1 plus the shortfall relative to
  the threshold.

Each discrepancy is capped at :data:`CAP` (a single absurd series must not drown the rest). The
distance is the weighted mean of three family means (national series, trends and turning
points, places: :data:`FAMILY_WEIGHTS`), and inside a family every series (a topic for national
series, a series for trends, a kind of place record) counts once, however many rows it has: the
five producers of displacement figures do not outweigh the one of seizures, and a parameter set
that fits the totals in the wrong places does not pass (pattern-oriented modelling, Grimm et al.
2005).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from runs.scoring import Record
from runs.series import SERIES

CAP = 3.0
"""Largest discrepancy of one record."""

DIRECTION_MISS = 2.0
"""Discrepancy of a trend whose direction is wrong."""

FAMILY_WEIGHTS: dict[str, float] = {"national": 1.0, "trends": 1.0, "places": 1.0}
"""Weights of the family means: equal, so that turning points and places count as much as the
levels (the lost first attempt weighted by record and fitted levels at the cost of trends)."""


def discrepancy(record: Record) -> float:
    """The record's discrepancy (see the module docstring), capped at :data:`CAP`."""
    mean = record.model_mean
    if not math.isfinite(mean):
        return CAP
    if record.criterion == "relative":
        observed = record.observed
        if observed is None or observed <= 0 or mean <= 0:
            return 0.0 if mean == observed else CAP
        value = abs(math.log(mean / observed)) / math.log1p(record.tolerance)
    elif record.criterion == "direction":
        value = 0.0 if record.passed else DIRECTION_MISS
    elif record.criterion == "at_least":
        t = record.tolerance
        value = 0.0 if mean >= t else 1.0 + (t - mean) / max(abs(t), 1e-9)
    else:
        t = record.tolerance
        value = 0.0 if mean <= t else 1.0 + (mean - t) / max(abs(t), 1e-9)
    return min(CAP, value)


def _group(record: Record) -> str:
    """The unit that counts once inside its family."""
    if record.family == "national":
        mapping = SERIES.get(record.series)
        return mapping.topic if mapping else record.series
    if record.family == "places":
        return record.series.split(" ")[0] if record.series.startswith("coca") else record.series
    return record.series


@dataclass(frozen=True)
class Distance:
    """A distance and its parts."""

    total: float
    families: dict[str, float]
    records: int

    def to_json(self) -> dict[str, float | int | dict[str, float]]:
        """JSON-safe form."""
        return {"total": self.total, "families": self.families, "records": self.records}


def distance(records: Iterable[Record]) -> Distance:
    """The distance of a run's records (only families in :data:`FAMILY_WEIGHTS` count)."""
    groups: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    n = 0
    for r in records:
        if r.family in FAMILY_WEIGHTS:
            groups[r.family][_group(r)].append(discrepancy(r))
            n += 1
    families = {
        family: sum(sum(v) / len(v) for v in by.values()) / len(by) for family, by in groups.items()
    }
    if not families:
        return Distance(math.inf, {}, 0)
    weight = sum(FAMILY_WEIGHTS[f] for f in families)
    total = sum(FAMILY_WEIGHTS[f] * d for f, d in families.items()) / weight
    return Distance(total, families, n)
