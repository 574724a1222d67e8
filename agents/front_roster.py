"""The fronts as arrays: each one's cell, base, group, fighters and arrival (issue 15).

Per-kind state the Mesa agents keep up to date, as ``agents/security_roster.py`` does for the
security units: an :class:`~agents.front.ArmedUnit` takes a row here when it is created, writes
its fighters (its ``fighters`` setter) and its cell (its ``cell`` setter) to its row whenever
they change, and gives the row up when it is removed. The fronts' turn
(``agents/front_turn.py``), the security units' turn (``agents/security_turn.py``) and the
mobile force (``model/forces.py: mobile_force``) read :attr:`FrontRoster.table` instead of
walking the agents every month (they did so three or four times a month, about 190 fronts
each).

Rows are in the fronts' creation order, the order of ``model.armed_units`` (Mesa's agent set
keeps its agents in the order they were added; a removed front leaves both). The columns are
the compiled turn's (``agents.kernels_front_moves.FRONT_COLUMNS``). The ``arrival`` column is a
stamp that grows with every move: a cell's Mesa agent list gains each arrival at its end and
loses a leaver wherever it stands, so the fronts on a cell stand in it in the order of their
stamps (``tests/test_front_roster.py`` checks it against the cells' agent lists).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.kernels_front_moves import ARRIVAL, FIGHTERS, FRONT_COLUMNS, X, Y

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.front import ArmedUnit


class FrontRoster:
    """Every front's row of :data:`~agents.kernels_front_moves.FRONT_COLUMNS`, creation order."""

    def __init__(self) -> None:
        """No front yet."""
        #: the fronts, row by row
        self.fronts: list[ArmedUnit] = []
        self._table = np.zeros((256, len(FRONT_COLUMNS)), dtype=np.int64)
        #: the next arrival's stamp (greater than every row's)
        self.stamp = 0

    def __len__(self) -> int:
        return len(self.fronts)

    @property
    def table(self) -> np.ndarray:
        """``[n, FRONT_COLUMNS]`` the fronts' rows (a C-ordered view: writes reach the roster)."""
        return self._table[: len(self.fronts)]

    def add(self, front: ArmedUnit, owner: int, base: tuple[int, int], unique_id: int) -> int:
        """Enter ``front`` (no cell, no fighters yet) of actor ``owner``; return its row."""
        n = len(self.fronts)
        if n == len(self._table):
            grown = np.zeros((2 * n, len(FRONT_COLUMNS)), dtype=np.int64)
            grown[:n] = self._table
            self._table = grown
        self._table[n] = (0, 0, base[0], base[1], owner, 0, unique_id, 0)
        self.fronts.append(front)
        return n

    def remove(self, row: int) -> None:
        """Drop row ``row``: the rows after it move up one (their fronts' ``_row`` too)."""
        n = len(self.fronts)
        self._table[row : n - 1] = self._table[row + 1 : n]
        del self.fronts[row]
        for front in self.fronts[row:]:
            front._row -= 1

    def arrive(self, row: int, x: int, y: int) -> None:
        """Row ``row``'s front now stands on ``(x, y)``, the latest to arrive there."""
        table = self._table
        table[row, X] = x
        table[row, Y] = y
        table[row, ARRIVAL] = self.stamp
        self.stamp += 1

    def set_fighters(self, row: int, value: int) -> None:
        """Row ``row``'s front has ``value`` fighters."""
        self._table[row, FIGHTERS] = value

    def arrived(self) -> None:
        """A turn stamped arrivals in the table itself: the next stamp follows the greatest."""
        table = self.table
        if len(table):
            self.stamp = max(self.stamp, int(table[:, ARRIVAL].max()) + 1)
