"""Displaced households: flee, move toward safety, return, or emigrate (C4, C8; F14).

A :class:`Migrant` stands for ``migration.people_per_agent`` people displaced from one cell (its
origin). Each month, in this order:

1. it goes home with probability ``return_rate`` if its origin is under state control (zones 1-2)
   and calm (the decaying violence layer below 1 event);
2. otherwise it leaves for the United States with the chance of its cell this month,
   ``model.migration.emigration_chance``: ``emigration_rate * (1 + economy_elasticity * max(0,
   1 - economy_index)) * (1 + min(violence here, 10))``, a weaker economy and violence push
   emigration (C4, C8; the formula is ``model/migration.py``'s);
3. otherwise it moves to the safest cell within ``move_range`` (Flee-style:
   ``model.migration.safest``, where the state is present, calm and populous).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import CellAgent

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class Migrant(CellAgent):
    """People displaced from ``origin``, now on ``cell``."""

    def __init__(self, model: ColombiaModel, origin, people: int) -> None:
        """Create displaced people at their origin cell."""
        super().__init__(model)
        self.origin = origin
        self.people = int(people)
        self.cell = origin

    def step(self) -> None:
        """Return, emigrate or move toward safety (see module docstring)."""
        m = self.model
        p = m.params.migration
        ox, oy = self.origin.coordinate
        if m.control.is_state((ox, oy)) and m.violence[ox, oy] < 1.0:
            if m.random.random() < p.return_rate:
                m.population[ox, oy] += self.people
                m.events.add("returned", self.people)
                self.remove()
                return
        x, y = self.cell.coordinate
        if m.random.random() < m.migration.emigration_chance[x, y]:
            m.events.add("emigrants_displaced", self.people)
            self.remove()
            return
        tx, ty = m.migration.safest[:, x, y]
        if (tx, ty) != (x, y):
            self.cell = m.grid[(int(tx), int(ty))]
