"""Movement restrictions: months when flight and movement were held back (C4; ODD 6, 7.13).

Colombia's national mandatory preventive isolation of 2020 (Decree 457 of 2020, from 25 March:
"the free circulation of persons and vehicles in the national territory is limited totally",
with exceptions; extended until 31 August 2020) kept people where they were: fewer fled, and
the displaced moved on less. ``model/data/movement_restrictions.csv`` gives, per period, a
``flight_factor`` (the share of the usual flight and movement that still happened); months
outside every period have 1. The people process (``model/migration.py``) multiplies each
displacement channel and the displaced households' move chance by

    factor = 1 - restriction_weight * (1 - flight_factor)

``migration.restriction_weight`` 0 switches the input off. The factor comes from IDMC's new
conflict displacements (139,000 in 2019, 106,000 in 2020): the whole fall is put on the
isolation's five full months, an upper bound of its effect (the file's row says how).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from model.calendar import MONTH_PATTERN, month_index
from model.datafile import read_rows, row_number
from model.errors import DecertsimInputError

#: the movement-restrictions input file
RESTRICTIONS_FILE = Path(__file__).parent / "data" / "movement_restrictions.csv"
COLUMNS = ("first_month", "last_month", "flight_factor", "source", "url", "confidence")


class RestrictionsDataError(DecertsimInputError, ValueError):
    """The movement-restrictions file is malformed (a bad input: exit 2, no traceback)."""


@dataclass(frozen=True)
class Restriction:
    """One period of restricted movement."""

    first_month: str
    last_month: str
    flight_factor: float


def read_restrictions(path: Path = RESTRICTIONS_FILE) -> tuple[Restriction, ...]:
    """Read the periods, checking months, order and factors.

    Raises:
        RestrictionsDataError: naming the file, the line and the problem.
    """
    periods: list[Restriction] = []
    for line, row in read_rows(path, COLUMNS, RestrictionsDataError, "movement restrictions"):
        for field in ("first_month", "last_month"):
            if not re.match(MONTH_PATTERN, row[field]):
                raise RestrictionsDataError(
                    f"{path}, line {line}: {field} {row[field]!r} is not YYYY-MM"
                )
        if row["confidence"] not in ("verified", "derived"):
            raise RestrictionsDataError(
                f"{path}, line {line}: confidence {row['confidence']!r}; allowed: verified, "
                "derived (a recalled figure is never an input)"
            )
        factor = row_number(path, line, row, "flight_factor", RestrictionsDataError, 0.0, 1.0)
        period = Restriction(row["first_month"], row["last_month"], factor)
        if month_index(period.last_month, period.first_month) < 0:
            raise RestrictionsDataError(f"{path}, line {line}: empty period")
        if periods and month_index(period.first_month, periods[-1].last_month) <= 0:
            raise RestrictionsDataError(
                f"{path}, line {line}: overlaps or precedes the previous period"
            )
        periods.append(period)
    return tuple(periods)


class MovementRestrictions:
    """The factor on flight and movement by the run's month (step) number."""

    def __init__(self, start_month: str, weight: float, path: Path = RESTRICTIONS_FILE) -> None:
        """Read the periods.

        Args:
            start_month: The run's ``simulation.start_month``.
            weight: ``migration.restriction_weight`` (0 switches the input off).
            path: The movement-restrictions file.
        """
        self.start_month = start_month
        self.weight = weight
        self.periods = read_restrictions(path)
        # each period's first and last step, counted once here rather than at every month's
        # look-up (month_index parses the labels; issue 15)
        self._steps = [
            (
                month_index(period.first_month, start_month),
                month_index(period.last_month, start_month),
                period,
            )
            for period in self.periods
        ]

    def at(self, month: int) -> float:
        """``1 - weight * (1 - flight_factor)`` in step ``month`` (1 outside every period)."""
        for first, last, period in self._steps:
            if first <= month <= last:
                return 1.0 - self.weight * (1.0 - period.flight_factor)
        return 1.0
