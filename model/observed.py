"""Observed series the model starts from: rows of ``model/data/colombia_targets.csv`` as months.

The targets file is the scorecard's record of what happened (``runs/targets.py`` reads it for
scoring). The model reads a few of its series as *initial conditions* and *forcings* of a run
that starts in the past (``model/initial.py``, ``model/government.py``), so it has its own small
reader here: ``runs`` may import ``model``, never the other way round.

Only ``verified`` and ``derived`` rows are read: a ``recalled`` row is never used
(model/data/TARGETS_README.md). Only two kinds of ``year`` are read, those of stocks and yearly
totals; rows of any other period (``2025-01 to 2025-09``, fiscal years, halves) are skipped:

* ``YYYY-MM``: the month of an estimate;
* ``YYYY``: a calendar year. A stock (members, the coca census of 31 December) is dated
  December; a flow (hectares eradicated in the year) is the year's total.

Months are ordinals, ``year * 12 + month - 1`` (:func:`ordinal`), so differences are months.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from model.calendar import MONTHS_PER_YEAR, month_index, month_label
from model.datafile import file_digest, read_rows, row_number
from model.errors import DecertsimInputError

TARGETS_FILE = Path(__file__).resolve().parent / "data" / "colombia_targets.csv"
"""The project's observed series (the scorecard's default targets file)."""

_EPOCH = "0000-01"


class ObservedDataError(DecertsimInputError):
    """The targets file cannot be read or holds a value that is not a number."""


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def ordinal(month: str) -> int:
    """Month ordinal of a "YYYY-MM" label (``year * 12 + month - 1``)."""
    return month_index(month, _EPOCH)


def label(month_ordinal: int) -> str:
    """The "YYYY-MM" label of a month ordinal."""
    return month_label(month_ordinal, _EPOCH)


@dataclass(frozen=True)
class Point:
    """One observation: its month ordinal, value and whether its period was a whole year."""

    month: int
    value: float
    yearly: bool


@dataclass(frozen=True)
class Series:
    """The observations of one series, in date order (several of one month are averaged)."""

    name: str
    points: tuple[Point, ...]

    @property
    def first(self) -> int:
        """Month ordinal of the first observation."""
        return self.points[0].month

    @property
    def last(self) -> int:
        """Month ordinal of the last observation."""
        return self.points[-1].month

    def covers(self, month: int, hold_months: int = 0) -> bool:
        """Whether ``month`` lies within the observations, or ``hold_months`` beyond either end."""
        return self.first - hold_months <= month <= self.last + hold_months

    def at(self, month: int) -> float:
        """Linear interpolation in time; the nearest observation outside the first and last."""
        pts = self.points
        if month <= pts[0].month:
            return pts[0].value
        if month >= pts[-1].month:
            return pts[-1].value
        for before, after in zip(pts, pts[1:], strict=False):
            if before.month <= month <= after.month:
                frac = (month - before.month) / (after.month - before.month)
                return before.value + frac * (after.value - before.value)
        raise AssertionError("unreachable: the points are sorted")  # pragma: no cover

    def in_year(self, year: int) -> float | None:
        """The value of a yearly row of calendar year ``year`` (None if there is none)."""
        for point in self.points:
            if point.yearly and point.month // MONTHS_PER_YEAR == year:
                return point.value
        return None


def read_series(names: tuple[str, ...], path: Path = TARGETS_FILE) -> dict[str, Series]:
    """The observations of ``names`` in the targets file (module docstring says which rows).

    Every model's set-up reads it twice (the start's state, the eradication effort): the
    parsed series are kept per process for the file's path and contents (a hash of its bytes,
    so an edited file is parsed again; issue 15: set-up time). :class:`Series` is frozen.

    Args:
        names: Series to read.
        path: The targets file.

    Returns:
        Each name that has at least one usable row, with its :class:`Series`.

    Raises:
        ObservedDataError: the file cannot be read, lacks a column or a used value is not a
            finite number (naming the file, line and column).
    """
    # None if it cannot be read: the read below names the file and the problem
    contents = file_digest(Path(path))
    return dict(_read_series(tuple(names), Path(path), contents))


@functools.lru_cache(maxsize=16)
def _read_series(names: tuple[str, ...], path: Path, contents: str | None) -> dict[str, Series]:
    """:func:`read_series` of ``path`` holding ``contents`` (a hash; cached, errors are not)."""
    found: dict[str, dict[int, list[tuple[float, bool]]]] = {n: {} for n in names}
    columns = ("series", "year", "value", "confidence")
    for line, row in read_rows(path, columns, ObservedDataError, "targets"):
        series = row["series"]
        if series not in found or row["confidence"] == "recalled":
            continue
        year = row["year"]
        if match := _MONTH.match(year):
            month, yearly = ordinal(year), False
        elif match := _YEAR.match(year):
            month, yearly = int(match.group(1)) * MONTHS_PER_YEAR + 11, True
        else:
            continue
        value = row_number(path, line, row, "value", ObservedDataError)
        found[series].setdefault(month, []).append((value, yearly))
    out: dict[str, Series] = {}
    for name, months in found.items():
        if months:
            points = tuple(
                Point(m, sum(v for v, _ in rows) / len(rows), rows[0][1])
                for m, rows in sorted(months.items())
            )
            out[name] = Series(name, points)
    return out
