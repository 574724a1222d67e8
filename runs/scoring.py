"""Scorecard building blocks: the model's runs as arrays, records, criteria (docs/VALIDATION.md).

Every scored target becomes a :class:`Record`: what was observed, the model's mean and 95%
interval over seeds (the 2.5th and 97.5th percentiles of the per-seed values: the spread of the
model's own randomness, not the error of the mean), the criterion with its tolerance, and a
boolean ``passed``. Criteria:

* ``relative``: ``|model mean / observed - 1| <= tolerance``;
* ``direction``: the model's change has the observed direction (changes within +/- tolerance
  count as ``flat``);
* ``at_least`` / ``at_most``: the model mean is at least / at most the tolerance (a threshold).

Rows that are not scored become :class:`NotScored` entries with the reason.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from runs.areas import Areas
from runs.periods import Period, label

FAMILIES: tuple[str, ...] = ("national", "trends", "places", "stability")
"""Target families, in report order."""

CRITERIA: tuple[str, ...] = ("relative", "direction", "at_least", "at_most")


@dataclass
class Record:
    """One scored target (a JSON record of ``decertsim score --json``)."""

    family: str
    series: str
    period: str
    label: str
    measure: str
    criterion: str
    tolerance: float
    observed: float | None
    model_mean: float
    model_low: float
    model_high: float
    passed: bool = False
    relative_error: float | None = None
    unit: str = ""
    first_month: str = ""
    last_month: str = ""
    row: int | None = None
    source: str = ""
    url: str = ""
    detail: str = ""

    def __post_init__(self) -> None:
        """Judge the record from its criterion."""
        self.passed, self.relative_error = judge(
            self.criterion, self.tolerance, self.observed, self.model_mean
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (NaN becomes null)."""
        return {k: _clean(v) for k, v in asdict(self).items()}

    @classmethod
    def of(cls, values: np.ndarray, **fields: Any) -> Record:
        """A record whose model mean and interval are the :func:`spread` of per-seed values."""
        mean, low, high = spread(values)
        return cls(model_mean=mean, model_low=low, model_high=high, **fields)


@dataclass
class NotScored:
    """A target that is listed but not scored, and why."""

    family: str
    series: str
    period: str
    reason: str
    kind: str
    row: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return asdict(self)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _clean(value.item())
    return value


def direction(change: float, flat: float) -> str:
    """``up``, ``down`` or ``flat`` (``|change| <= flat``) of a relative change."""
    if not math.isfinite(change):
        return "undefined"
    if change > flat:
        return "up"
    if change < -flat:
        return "down"
    return "flat"


def judge(
    criterion: str, tolerance: float, observed: float | None, mean: float
) -> tuple[bool, float | None]:
    """Whether a model mean meets a criterion, and its relative error (``relative`` only)."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}")
    if not math.isfinite(mean):
        return False, None
    if criterion == "relative":
        if observed is None or observed == 0:
            return bool(mean == observed), None
        error = mean / observed - 1.0
        return bool(abs(error) <= tolerance + 1e-12), float(error)
    if criterion == "direction":
        obs = float("nan") if observed is None else observed
        return direction(mean, tolerance) == direction(obs, tolerance), None
    if criterion == "at_least":
        return bool(mean >= tolerance), None
    return bool(mean <= tolerance), None


def spread(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% interval (2.5th, 97.5th percentiles) of per-seed values (NaN-aware)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return float("nan"), float("nan"), float("nan")
    low, high = np.percentile(v, [2.5, 97.5])
    return float(v.mean()), float(low), float(high)


@dataclass
class ModelRuns:
    """The seeds' results of one scorecard run, as arrays.

    Attributes:
        start: Ordinal of the first simulated month (:func:`runs.periods.ordinal`).
        months: Number of months simulated.
        measures: Names of the national measures (outcomes and probe extras).
        series: ``[seed, month, measure]``.
        areas: Departments and regions.
        place_names: Names of the per-area measures.
        places: ``[seed, month, area, place measure]``.
        group_keys: The armed groups.
        seeds: The seeds, in the order of the first axis.
        landscape: The (read-only) landscape the runs used.
    """

    start: int
    months: int
    measures: tuple[str, ...]
    series: np.ndarray
    areas: Areas
    place_names: tuple[str, ...]
    places: np.ndarray
    group_keys: tuple[str, ...]
    seeds: list[int]
    landscape: Any = field(repr=False, default=None)

    @property
    def end(self) -> int:
        """Ordinal of the last simulated month."""
        return self.start + self.months - 1

    def span(self) -> str:
        """``YYYY-MM..YYYY-MM`` of the simulation."""
        return f"{label(self.start)}..{label(self.end)}"

    def covers(self, period: Period) -> bool:
        """Whether every month of ``period`` was simulated."""
        return self.start <= period.first and period.last <= self.end

    def measure(self, names: tuple[str, ...] | str) -> np.ndarray:
        """``[seed, month]`` of a measure, or the sum of several."""
        names = (names,) if isinstance(names, str) else names
        idx = [self.measures.index(n) for n in names]
        return self.series[:, :, idx].sum(axis=2)

    def aggregate(self, names: tuple[str, ...] | str, how: str, period: Period) -> np.ndarray:
        """Per-seed value of measure(s) over a covered period: ``end``, ``sum`` or ``mean``."""
        values = self.measure(names)[:, period.first - self.start : period.last - self.start + 1]
        weights = np.asarray(period.weights())
        if how == "end":
            return values[:, -1]
        if how == "sum":
            return values @ weights
        if how == "mean":
            return values @ weights / weights.sum()
        raise ValueError(f"unknown aggregation {how!r}")

    def place(self, name: str) -> np.ndarray:
        """``[seed, month, area]`` of one per-area measure."""
        return self.places[:, :, :, self.place_names.index(name)]
