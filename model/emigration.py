"""Irregular emigration toward the United States: a hazard times the U.S. border (C4, C8; F14).

Each month every displaced household, and every resident at a lower rate, leaves for the United
States with a chance (ODD 7.13):

    hazard = base * push * (1 + violence_weight * min(events, violence_cap)) * openness(month)

* ``base``: ``resident_hazard`` per resident; ``resident_hazard * idp_hazard_ratio`` per person
  of a displaced household (people who have already lost home and livelihood leave more).
* ``push = 1 + economy_elasticity * max(0, 1 - economy_index)`` (:func:`economic_push`, the one
  formula of the economy's push, C4, C8).
* ``events``: violent events in the cell this month.
* ``openness``: the **U.S. border's openness**, an exogenous input (:class:`BorderOpenness`,
  ``model/data/us_border_openness.csv``): U.S. Border Patrol apprehensions at the southwest
  border per month, of all nationalities, over their FY2023 monthly mean; by month where a
  monthly figure was read, else the mean of a fiscal year or of a policy period (Title 42, the
  end of Title 42 and CBP One, the June 2024 proclamation, the January 2025 proclamations).
  Before the data (October 2017) the first level holds; after them (September 2025) the mean
  level of the last policy (February-September 2025) times
  ``emigration.future_border_openness_scale``. About 95% of the Colombians encountered crossed
  the southwest border between ports of entry (``cbp_encounters_colombians_swb``), so the
  all-nationality figure of that border stands for how open the route was; it is **not**
  derived from the encounters of Colombians, which are the scored target. The FY2022-23 surge
  and the 2025 collapse of Colombian departures come from this series, not from Colombia.

Departures are counted as they reach the border: the model takes one departure for one CBP
encounter (most Colombians crossing irregularly surrendered to ask for asylum; repeat crossings
and those who evade the Border Patrol are ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.calendar import MONTH_PATTERN, month_index
from model.datafile import read_rows, row_number
from model.errors import DecertsimInputError
from model.params import EmigrationParams

#: the border-openness input file
BORDER_FILE = Path(__file__).parent / "data" / "us_border_openness.csv"
#: the period whose level is openness 1 (FY2023)
REFERENCE_PERIOD = ("2022-10", "2023-09")


class BorderDataError(DecertsimInputError, ValueError):
    """The border-openness file is missing a column, a value or a period is malformed."""


@dataclass(frozen=True)
class BorderPeriod:
    """One policy period of the border-openness file."""

    first_month: str
    last_month: str
    per_month: float
    policy: str
    confidence: str


def read_border_periods(path: Path = BORDER_FILE) -> tuple[BorderPeriod, ...]:
    """Read the policy periods, checking that they follow one another month by month.

    Raises:
        BorderDataError: naming the file, the line and the problem.
    """
    columns = ("first_month", "last_month", "usbp_swb_per_month", "policy", "confidence")
    periods = []
    for line, row in read_rows(path, columns, BorderDataError, "border openness"):
        for field in ("first_month", "last_month"):
            if not re.match(MONTH_PATTERN, row[field]):
                raise BorderDataError(f"{path}, line {line}: {field} {row[field]!r} is not YYYY-MM")
        level = row_number(path, line, row, "usbp_swb_per_month", BorderDataError, low=0.0)
        period = BorderPeriod(
            row["first_month"], row["last_month"], level, row["policy"], row["confidence"]
        )
        if periods and month_index(period.first_month, periods[-1].last_month) != 1:
            raise BorderDataError(f"{path}, line {line}: does not follow the previous period")
        if month_index(period.last_month, period.first_month) < 0 or period.per_month < 0:
            raise BorderDataError(f"{path}, line {line}: empty period or negative level")
        periods.append(period)
    if not periods:
        raise BorderDataError(f"{path}: no period")
    return tuple(periods)


class BorderOpenness:
    """The border-openness series of a run, by the run's month (step) number."""

    def __init__(self, start_month: str, params: EmigrationParams, path: Path = BORDER_FILE):
        """Read the periods and their reference level.

        Args:
            start_month: The run's ``simulation.start_month``.
            params: The ``emigration`` parameters (``future_border_openness_scale``).
            path: The border-openness file.
        """
        self.start_month = start_month
        self.periods = read_border_periods(path)
        reference = [p for p in self.periods if (p.first_month, p.last_month) == REFERENCE_PERIOD]
        if not reference:
            raise BorderDataError(f"{path}: no reference period {REFERENCE_PERIOD}")
        self.reference = reference[0].per_month
        last_policy = [p for p in self.periods if p.policy == self.periods[-1].policy]
        months = np.array([month_index(p.last_month, p.first_month) + 1 for p in last_policy])
        levels = np.array([p.per_month for p in last_policy])
        #: openness after the data: the last policy's mean level, times the parameter
        self.future = (
            params.future_border_openness_scale * float(levels @ months / months.sum())
        ) / self.reference

    def at(self, month: int) -> float:
        """Openness in step ``month`` of the run: 1 = FY2023's border."""
        first = self.periods[0]
        label_index = month_index(first.first_month, self.start_month)
        offset = month - label_index  # months after the first period's first month
        if offset < 0:
            return first.per_month / self.reference
        for period in self.periods:
            if month_index(period.last_month, first.first_month) >= offset:
                return period.per_month / self.reference
        return self.future


def economic_push(economy_index: float, params: EmigrationParams) -> float:
    """How much a weaker economy pushes emigration: ``1 + elasticity * max(0, 1 - index)``."""
    return 1.0 + params.economy_elasticity * max(0.0, 1.0 - economy_index)


def hazard(
    economy_index: float, events: np.ndarray, openness: float, params: EmigrationParams
) -> np.ndarray:
    """Per cell, the monthly chance that a resident leaves for the U.S. (see module docstring).

    A displaced person's chance is ``idp_hazard_ratio`` times this (at most 1).
    """
    violence = 1.0 + params.violence_weight * np.minimum(events, params.violence_cap)
    return params.resident_hazard * economic_push(economy_index, params) * violence * openness
