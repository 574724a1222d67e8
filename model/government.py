"""The Colombian government's own effort: eradication and offensive posture, a forcing (ODD 7.15).

What a government decides is policy, not mechanism: the record says how many hectares of coca
were eradicated each year (130,000 in 2020, 9,403 in 2024) and when the posture toward armed
groups changed ("Paz Total" from August 2022). The model takes both as exogenous inputs, so the
hindcast is driven by them and the eradication series is a forcing, not evidence
(docs/VALIDATION.md).

* **Eradication effort** (share of the coca eradicated in a year): each calendar year's observed
  eradication, the first of ``forced_eradication_ha``, ``manual_eradication_ha``,
  ``eradication_total_ha`` that has a verified row for the year (``model/observed.py``), over
  that year's mean coca (``coca_ha_unodc``, the censuses of 31 December before and after, the
  last held a year): 0.35 in 2018, 0.58 in 2019, 0.88 in 2020, 0.04 in 2024 (a row of part of
  a year, such as the 81,000 ha announced on 4 December 2019, is not read: the whole year's
  is). Years between observations are interpolated linearly, years beyond them hold the
  nearest (2025 on: 2024's). An effort, not a number of hectares: a plan fixed in hectares
  would concentrate on ever less coca as coca falls.
* **Campaign** (each month, before growers act): the month's effort (a twelfth of the year's)
  times the U.S.-supported eradication capacity (``StateInputs.eradication``, C1) applies to the
  coca of the country, spread in proportion to state presence (eradicators go where the state
  can protect them): ``eradication[x, y] = min(cell_cap, effort * capacity * presence /
  P)``, ``P`` the coca-weighted mean presence, so that the national share eradicated is the
  effort; at most ``government.eradication_cell_cap`` of a cell's coca. Growers read
  ``eradication[x, y]``, the share of their coca eradicated this month (``agents/grower.py``).
* **Offensive posture** (a share of the reference offensive of 2018-2022): multiplies the chance
  a security unit goes after an armed concentration (``agents/security.py``);
  ``government.offensive_before``, ``offensive_paz_total`` from ``paz_total_month``, and from
  ``politics.inauguration_month`` the elected camp's: ``offensive_next`` if the governing camp
  won, ``offensive_opposition`` if the opposition did (``model/politics.py``).
* **Response to cooperation** (C9; ODD 7.14): the politics of the month hands an
  :class:`~model.politics.Effort` (factors, 1 = the recorded effort) to :meth:`Government.enter`;
  :meth:`Government.directed` multiplies ``StateInputs.eradication`` by its eradication factor
  and ``StateInputs.interdiction`` by its interdiction (joint operations) factor, so the
  campaign, the seizure hazards and the regional hub (``model/trafficking/``) all follow the
  government's cooperation, not only the U.S. money.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from model.calendar import MONTHS_PER_YEAR
from model.capacity import StateInputs
from model.datafile import parsed_once
from model.observed import TARGETS_FILE, Point, Series, ordinal, read_series
from model.params import Params
from model.politics import Effort

ERADICATION_SERIES: tuple[str, ...] = (
    "forced_eradication_ha",
    "manual_eradication_ha",
    "eradication_total_ha",
)
"""Observed eradication per calendar year, in order of preference (the first with a row wins)."""


COCA_SERIES = "coca_ha_unodc"
"""The coca census (31 December) the yearly effort is a share of."""


@parsed_once
def eradication_effort(path: Path = TARGETS_FILE) -> Series:
    """Share of a year's mean coca eradicated, one point per observed year (module docstring).

    Worked out once per process and content of the file (:func:`model.datafile.parsed_once`;
    a :class:`Series` is frozen): every model's set-up asks for it (issue 15).
    """
    found = read_series((*ERADICATION_SERIES, COCA_SERIES), path)
    coca = found[COCA_SERIES]
    by_year: dict[int, float] = {}
    for name in reversed(ERADICATION_SERIES):  # preferred series overwrite the others
        for point in found[name].points if name in found else ():
            year = point.month // MONTHS_PER_YEAR
            if point.yearly and coca.covers(point.month, MONTHS_PER_YEAR):
                mean = 0.5 * (coca.at(point.month - MONTHS_PER_YEAR) + coca.at(point.month))
                by_year[year] = point.value / mean
    if not by_year:
        raise ValueError(f"no yearly eradication row within the coca census in {path}")
    points = tuple(Point(y * MONTHS_PER_YEAR, v, True) for y, v in sorted(by_year.items()))
    return Series("eradication_effort", points)


class Government:
    """This month's eradication campaign and offensive posture."""

    def __init__(self, params: Params, shape: tuple[int, int], path: Path = TARGETS_FILE) -> None:
        """Read the plan; no campaign until :meth:`enter` and :meth:`campaign`.

        Args:
            params: Parameters (``government``, ``politics``, ``simulation.start_month``).
            shape: The grid's (width, height).
            path: The targets file.
        """
        g = params.government
        self.start = ordinal(params.simulation.start_month)
        self.effort_by_year = eradication_effort(path)
        self.cell_cap = g.eradication_cell_cap
        self._terms = sorted(
            [
                (ordinal(g.paz_total_month), g.offensive_paz_total),
                (ordinal(params.politics.inauguration_month), g.offensive_next),
            ]
        )
        self._offensive_before = g.offensive_before
        self._inauguration = ordinal(params.politics.inauguration_month)
        self._offensive_opposition = g.offensive_opposition
        #: the month's effort factors from politics (1 = the recorded effort)
        self.response = Effort(1.0, 1.0, False)
        #: share of the coca it means to eradicate this month (before capacity)
        self.effort = 0.0
        #: share of the reference offensive this month (read by security units)
        self.offensive = 1.0
        #: share of each cell's coca eradicated this month, ``[x, y]`` (read by growers)
        self.eradication = np.zeros(shape)
        self.enter(0)

    def term(self, month: int, opposition: bool = False) -> float:
        """Offensive posture of the government in office at month ordinal ``month``.

        Args:
            month: Month ordinal.
            opposition: Whether the opposition won the 2026 vote (its posture from the
                inauguration).
        """
        if opposition and month >= self._inauguration:
            return self._offensive_opposition
        posture = self._offensive_before
        for first, offensive in self._terms:
            if month >= first:
                posture = offensive
        return posture

    def enter(self, step: int, response: Effort | None = None) -> None:
        """Take up the month ``step`` (0 = the start month): its plan, posture and response.

        Args:
            step: Step number of the month.
            response: The month's effort factors from politics (None: the recorded effort).
        """
        self.response = response or Effort(1.0, 1.0, False)
        month = self.start + step
        year = month // MONTHS_PER_YEAR * MONTHS_PER_YEAR
        self.effort = self.effort_by_year.at(year) / MONTHS_PER_YEAR
        self.offensive = self.term(month, self.response.opposition_in_office)

    def directed(self, inputs: StateInputs) -> StateInputs:
        """The state inputs with the government's own eradication and interdiction effort.

        ``eradication`` and ``interdiction`` (what U.S.-supported capacity allows) times the
        month's response factors (module docstring); every other input unchanged.
        """
        return replace(
            inputs,
            eradication=inputs.eradication * self.response.eradication,
            interdiction=inputs.interdiction * self.response.interdiction,
        )

    def campaign(self, coca_ha: np.ndarray, presence: np.ndarray, capacity: float) -> None:
        """Spread this month's eradication over the coca (module docstring), in place.

        Args:
            coca_ha: Coca per cell now.
            presence: State presence per cell.
            capacity: U.S.-supported eradication capacity (``StateInputs.eradication``).
        """
        coca = float(coca_ha.sum())
        self.eradication[:] = 0.0
        if coca > 0:
            mean_presence = float((coca_ha * presence).sum()) / coca
            if mean_presence > 0:
                scale = self.effort * capacity / mean_presence
                np.minimum(scale * presence, self.cell_cap, out=self.eradication)
                self.eradication[coca_ha <= 0] = 0.0
