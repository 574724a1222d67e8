"""The fronts' turn's events, booked when the turn ends in the order they happened (issue 15).

A front books what it did on its cell (recruits, deserters, child recruits, extortion,
kidnappings, security-force deaths: :meth:`agents.front.ArmedUnit._act`) as events of the
month (``model/events.py``). One :meth:`~model.events.MonthEvents.add` a booking cost more than
the rules' arithmetic, mostly for writing one number into a numpy layer, several times a month
for each of ~230 fronts. :class:`TurnBooks` keeps the bookings in Python lists while the fronts
act and adds them when the turn ends, each counter and layer in the order of the bookings
(``MonthEvents.add_each``, ``MonthEvents.add_at_each``): the same floats as booking each at
once. Nothing reads these counters during the fronts' turn (the people process, the outcomes
and the politics read them after it, ODD 3). ``tests/test_fronts_turn.py`` compares with
booking each at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.events import MonthEvents


class TurnBooks:
    """Events booked during the fronts' turn, added to the month's when it ends."""

    def __init__(self, events: MonthEvents) -> None:
        """Book into ``events`` (the model's month events) at :meth:`close`."""
        self._events = events
        self._amounts: dict[str, list[float]] = {}
        self._cells: dict[str, tuple[list[int], list[int], list[float]]] = {}

    def add(self, name: str, amount: float = 1.0, at: tuple[int, int] | None = None) -> None:
        """:meth:`MonthEvents.add <model.events.MonthEvents.add>`, kept until :meth:`close`."""
        amounts = self._amounts.get(name)
        if amounts is None:
            amounts = self._amounts[name] = []
        amounts.append(amount)
        if at is not None:
            cells = self._cells.get(name)
            if cells is None:
                cells = self._cells[name] = ([], [], [])
            cells[0].append(at[0])
            cells[1].append(at[1])
            cells[2].append(amount)

    def close(self) -> None:
        """Add every booking to the month's events, in order, and forget them."""
        events = self._events
        for name, amounts in self._amounts.items():
            events.add_each(name, np.asarray(amounts, dtype=np.float64))
        for name, (xs, ys, amounts) in self._cells.items():
            events.add_at_each(name, xs, ys, amounts)
        self._amounts.clear()
        self._cells.clear()
