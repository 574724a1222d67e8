"""Irregular emigration toward the United States: a hazard times the U.S. borders (C4, C8; F14).

Each month every displaced household, and every resident at a lower rate, leaves for the United
States with a chance (ODD 7.13):

    hazard = base * push * (1 + violence_weight * min(events, violence_cap))
             * (southwest + other)
    southwest = openness(month) * route(month) ** route_weight
    other = other_borders_ratio * air_travel(month) * other_openness(month)

* ``base``: ``resident_hazard`` per resident; ``resident_hazard * idp_hazard_ratio`` per person
  of a displaced household (people who have already lost home and livelihood leave more).
* ``push = 1 + economy_elasticity * max(0, 1 - economy_index)`` (:func:`economic_push`, the one
  formula of the economy's push, C4, C8).
* ``events``: violent events in the cell this month.
* Two destinations: the **southwest border**, reached through Mexico, and the **other U.S.
  borders** (air and sea ports of entry, the northern border). CBP counts the Colombians met at
  the southwest border apart from those met at all borders (FY2020: 404 of 2,768; FY2021: 6,202
  of 10,485; FY2022: 125,172 of 130,971), so the departures are counted per destination
  (``emigrants_us_swb`` and ``emigrants_us``, which holds both).
* ``openness``: the **U.S. southwest border's openness**, an exogenous input
  (:class:`BorderOpenness`, ``model/data/us_border_openness.csv``): U.S. Border Patrol
  apprehensions at the southwest border per month, of all nationalities, over their FY2023
  monthly mean; by month where a monthly figure was read, else the mean of a fiscal year or of
  a policy period (Title 42, the end of Title 42 and CBP One, the June 2024 proclamation, the
  January 2025 proclamations). Before the data (October 2017) the first level holds; after them
  (September 2025) the mean level of the last policy (February-September 2025) times
  ``emigration.future_border_openness_scale``. The all-nationality figure of that border stands
  for how open it was; it is **not** derived from the encounters of Colombians, which are the
  scored target. The FY2022-23 surge and the 2025 collapse of Colombian departures come from
  this series and the route, not from Colombia.
* ``route``: the **Colombians' own route** to that border (:class:`ColombianRoute`,
  ``model/data/colombian_route.csv``), 1 = its use in FY2023: the Colombians' share of the
  border's apprehensions over FY2023's, from months read. About 0.2% before the route through
  Mexico (FY2020, months with flights); none while Colombia's international flights were
  suspended (April-September 2020); March 2021's level from the flights' resumption; a
  geometric spread from March 2021 to January 2022 (as flying to Mexico, which asks Colombians
  for no visa, and crossing spread); February 2022 read (the month after Mexico's visa for
  Venezuelans); full use from March 2022; from February 2025, after the January 2025
  proclamations closed asylum at that border to the Colombians who crossed to surrender and ask
  for it, about a fifth of it (54 and 111 Colombians in July and August 2025). After the data
  the last level holds. ``route_weight`` 0 switches it off (the border alone).
* ``other_borders_ratio``: departures toward the other U.S. borders per departure toward the
  southwest border at openness 1 and full route use; those travellers fly, so ``air_travel``
  (the route file's column, 0 while Colombia's flights were suspended) switches them off; the
  southwest border's openness and the route through Mexico do not bind them.
* ``other_openness``: the **other U.S. borders' openness**, an exogenous input like the
  southwest border's (``model/data/us_other_borders.csv``, read by :class:`BorderOpenness`
  with its ``other_per_month`` column): CBP encounters of all nationalities away from the
  southwest border's Border Patrol sectors per month over their FY2023 mean. 1 until January
  2025 (FY2023's level held: nothing else was read, and the ratio above was derived before);
  from February 2025, after the January 2025 proclamations, about 0.32 (July-September 2025,
  an upper bound); the last policy's mean after the data. Not derived from Colombians.

Departures are counted as they reach a border: the model takes one departure for one CBP
encounter (most Colombians crossing irregularly surrendered to ask for asylum; repeat crossings
and those who evade the Border Patrol are ignored).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from model.calendar import MONTH_PATTERN, month_index
from model.datafile import parsed_once, read_rows
from model.errors import DecertsimInputError
from model.params import EmigrationParams

#: the border-openness input file
BORDER_FILE = Path(__file__).parent / "data" / "us_border_openness.csv"
#: the period whose level is openness 1 (FY2023)
REFERENCE_PERIOD = ("2022-10", "2023-09")
#: the level column of the southwest border's file
SWB_COLUMN = "usbp_swb_per_month"
#: the other U.S. borders' openness file (all-nationality encounters away from the southwest)
OTHER_BORDERS_FILE = Path(__file__).parent / "data" / "us_other_borders.csv"
#: the level column of the other borders' file
OTHER_COLUMN = "other_per_month"
#: the Colombians' route to that border (their share of it over FY2023's)
ROUTE_FILE = Path(__file__).parent / "data" / "colombian_route.csv"


class _Period(Protocol):
    """A period of a file of periods (border or route)."""

    @property
    def first_month(self) -> str: ...  # noqa: D102

    @property
    def last_month(self) -> str: ...  # noqa: D102


class BorderDataError(DecertsimInputError, ValueError):
    """The border-openness or route file is missing a column, a value or a period is malformed.

    A bad input (the command line reports it and exits 2, no traceback).
    """


@dataclass(frozen=True)
class BorderPeriod:
    """One policy period of the border-openness file."""

    first_month: str
    last_month: str
    per_month: float
    policy: str
    confidence: str


def _read_periods[T: _Period](
    path: Path,
    make: Callable[[dict[str, str]], T],
    problem: Callable[[T], str],
    columns: tuple[str, ...] = ("first_month", "last_month"),
) -> tuple[T, ...]:
    """Rows of a file of periods that follow one another month by month.

    Args:
        path: The file.
        make: Builds a period from a row (a missing column or bad number raises).
        problem: What is wrong with a period ("" if nothing).
        columns: Columns the file must have (model/datafile.py names the missing ones).

    Raises:
        BorderDataError: naming the file, the line and the problem.
    """
    periods: list[T] = []
    for line, row in read_rows(path, columns, BorderDataError, "periods"):
        try:
            period = make(row)
        except KeyError as exc:
            raise BorderDataError(f"{path}, line {line}: no column {exc}") from None
        except (TypeError, ValueError) as exc:
            raise BorderDataError(f"{path}, line {line}: {exc}") from None
        first, last = period.first_month, period.last_month
        for field, month in (("first_month", first), ("last_month", last)):
            if not re.match(MONTH_PATTERN, month):
                raise BorderDataError(f"{path}, line {line}: {field} {month!r} is not YYYY-MM")
        if periods and month_index(first, periods[-1].last_month) != 1:
            raise BorderDataError(f"{path}, line {line}: does not follow the previous period")
        wrong = "empty period" if month_index(last, first) < 0 else problem(period)
        if wrong:
            raise BorderDataError(f"{path}, line {line}: {wrong}")
        periods.append(period)
    if not periods:
        raise BorderDataError(f"{path}: no period")
    return tuple(periods)


def _border_problem(period: BorderPeriod) -> str:
    if period.per_month < 0:
        return "negative level"
    if period.confidence not in ("verified", "derived"):
        return (
            f"confidence {period.confidence!r}; allowed: verified, derived (a recalled figure "
            "is never an input)"
        )
    return ""


@parsed_once
def read_border_periods(
    path: Path = BORDER_FILE, column: str = SWB_COLUMN
) -> tuple[BorderPeriod, ...]:
    """Read the policy periods, checking that they follow one another month by month.

    Parsed once per process and content of the file (:func:`model.datafile.parsed_once`; the
    periods are frozen).

    Args:
        path: The file (the southwest border's, or the other borders').
        column: Its level column (``usbp_swb_per_month``, ``other_per_month``).

    Raises:
        BorderDataError: naming the file, the line and the problem.
    """
    return _read_periods(
        path,
        lambda row: BorderPeriod(
            row["first_month"],
            row["last_month"],
            float(row[column]),
            row["policy"],
            row["confidence"],
        ),
        _border_problem,
        ("first_month", "last_month", column, "policy", "confidence"),
    )


class BorderOpenness:
    """The border-openness series of a run, by the run's month (step) number."""

    def __init__(
        self,
        start_month: str,
        params: EmigrationParams,
        path: Path = BORDER_FILE,
        column: str = SWB_COLUMN,
        future_scale: float | None = None,
    ):
        """Read the periods and their reference level.

        Args:
            start_month: The run's ``simulation.start_month``.
            params: The ``emigration`` parameters (``future_border_openness_scale``).
            path: The border-openness file (the southwest border's by default).
            column: Its level column.
            future_scale: The factor on the level after the data (None: the parameter
                ``future_border_openness_scale``, which is the southwest border's).
        """
        self.start_month = start_month
        self.periods = read_border_periods(path, column)
        reference = [p for p in self.periods if (p.first_month, p.last_month) == REFERENCE_PERIOD]
        if not reference:
            raise BorderDataError(f"{path}: no reference period {REFERENCE_PERIOD}")
        self.reference = reference[0].per_month
        last_policy = [p for p in self.periods if p.policy == self.periods[-1].policy]
        months = np.array([month_index(p.last_month, p.first_month) + 1 for p in last_policy])
        levels = np.array([p.per_month for p in last_policy])
        scale = params.future_border_openness_scale if future_scale is None else future_scale
        #: openness after the data: the last policy's mean level, times the scale
        # numpy's sum of products, not ``@`` (BLAS's ddot, whose kernel and bits follow the CPU)
        self.future = scale * float((levels * months).sum() / months.sum()) / self.reference
        self._first, self._ends = _period_ends(self.periods, start_month)

    def at(self, month: int) -> float:
        """Openness in step ``month`` of the run: 1 = FY2023's border."""
        offset = month - self._first  # months after the first period's first month
        if offset < 0:
            return self.periods[0].per_month / self.reference
        for period, end in zip(self.periods, self._ends, strict=True):
            if end >= offset:
                return period.per_month / self.reference
        return self.future


def _period_ends(
    periods: tuple[BorderPeriod, ...] | tuple[RoutePeriod, ...], start_month: str
) -> tuple[int, list[int]]:
    """The step of the first period's first month, and each period's last month after it.

    Counted once when a series is built, not at every month's look-up (issue 15).
    """
    first = periods[0].first_month
    return month_index(first, start_month), [month_index(p.last_month, first) for p in periods]


@dataclass(frozen=True)
class RoutePeriod:
    """One period of the route file: access at its first and last month (geometric between).

    ``air_travel`` (0-1) is whether Colombia's international passenger flights ran: the
    departures toward the other U.S. borders (:func:`other_borders_reach`) fly.
    """

    first_month: str
    last_month: str
    access_start: float
    access_end: float
    air_travel: float
    confidence: str


def _route_problem(period: RoutePeriod) -> str:
    if min(period.access_start, period.access_end) < 0:
        return "negative access"
    if (period.access_start == 0) != (period.access_end == 0):
        return "a geometric ramp cannot start or end at 0"
    if not 0 <= period.air_travel <= 1:
        return f"air_travel {period.air_travel} outside 0-1"
    if period.confidence not in ("verified", "derived"):
        return (
            f"confidence {period.confidence!r}; allowed: verified, derived (a recalled figure "
            "is never an input)"
        )
    return ""


@parsed_once
def read_route_periods(path: Path = ROUTE_FILE) -> tuple[RoutePeriod, ...]:
    """Read the route's periods, checking that they follow one another month by month.

    Parsed once per process and content of the file (:func:`model.datafile.parsed_once`; the
    periods are frozen).

    Raises:
        BorderDataError: naming the file, the line and the problem.
    """
    return _read_periods(
        path,
        lambda row: RoutePeriod(
            row["first_month"],
            row["last_month"],
            float(row["access_start"]),
            float(row["access_end"]),
            float(row["air_travel"]),
            row["confidence"],
        ),
        _route_problem,
        ("first_month", "last_month", "access_start", "access_end", "air_travel", "confidence"),
    )


class ColombianRoute:
    """The Colombians' access to the U.S. southwest border by the run's month (1 = FY2023).

    Before the file's first month its first level holds, after its last month the last level.
    """

    def __init__(self, start_month: str, params: EmigrationParams, path: Path = ROUTE_FILE):
        """Read the periods.

        Args:
            start_month: The run's ``simulation.start_month``.
            params: The ``emigration`` parameters (``route_weight``).
            path: The route file.
        """
        self.start_month = start_month
        self.weight = params.route_weight
        self.periods = read_route_periods(path)
        self._first, self._ends = _period_ends(self.periods, start_month)
        first = self.periods[0].first_month
        #: each period's first month after the first period's, and its months less one
        self._starts = [month_index(p.first_month, first) for p in self.periods]
        self._spans = [month_index(p.last_month, p.first_month) for p in self.periods]

    def access(self, month: int) -> float:
        """The route's access in step ``month`` of the run, before the weight."""
        first = self.periods[0]
        offset = month - self._first
        if offset < 0:
            return first.access_start
        for period, end, start, span in zip(
            self.periods, self._ends, self._starts, self._spans, strict=True
        ):
            if end >= offset:
                if span == 0 or period.access_start == period.access_end:
                    return period.access_start
                k = offset - start
                ratio = period.access_end / period.access_start
                return period.access_start * ratio ** (k / span)
        return self.periods[-1].access_end

    def _period(self, month: int) -> RoutePeriod:
        """The period of step ``month`` (the first before the data, the last after them)."""
        offset = month - self._first
        for period, end in zip(self.periods, self._ends, strict=True):
            if end >= offset:
                return period
        return self.periods[-1]

    def at(self, month: int) -> float:
        """The factor on the hazard in step ``month``: ``access ** route_weight``."""
        if self.weight == 0:
            return 1.0
        return self.access(month) ** self.weight

    def air_travel(self, month: int) -> float:
        """Whether Colombia's international passenger flights ran in step ``month`` (0-1)."""
        return self._period(month).air_travel


def other_borders(start_month: str, params: EmigrationParams) -> BorderOpenness:
    """The other U.S. borders' openness (``us_other_borders.csv``; 1 = FY2023).

    After the data the last policy's mean level holds (``future_border_openness_scale`` is the
    southwest border's and does not apply).
    """
    return BorderOpenness(start_month, params, OTHER_BORDERS_FILE, OTHER_COLUMN, 1.0)


def other_borders_reach(
    air_travel: float, params: EmigrationParams, openness: float = 1.0
) -> float:
    """The other U.S. borders' factor on the hazard: ``ratio * air_travel * openness``.

    Colombians met away from the southwest border (air and sea ports of entry, the northern
    border) did not take the route through Mexico, and the southwest border's openness does
    not bind them; they fly, so none leave while Colombia's flights are suspended. How open
    those borders were is ``openness`` (:func:`other_borders`, all nationalities).
    """
    return params.other_borders_ratio * air_travel * openness


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
