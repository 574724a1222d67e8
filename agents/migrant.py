"""Displaced households: Mesa agents whose state lives in numpy arrays (C4; F9, F14).

A :class:`Migrant` stands for ``migration.people_per_agent`` people displaced from one cell (its
origin), now living in another. The people process moves, returns and sends abroad all of them
at once with numpy (``model/migration.py``, ``model/flee.py``; ODD 7.13), so their state is kept
in :class:`Households`, one row (a *slot*) per household: where it is, where it came from, how
many people, since when. Each agent object is a view on its row: it reads its position, origin
and people from the arrays, and leaving the model frees its row.

Rows are slots that are reused: a freed slot takes the next household created, and the process
always works on the live slots in slot order, so the same seed gives the same moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent

from agents.kernels_migrant import free_slots, people_per_cell
from agents.mesa_paths import deregister_agents, new_agents

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: the integer fields of a household row
FIELDS: tuple[str, ...] = ("x", "y", "origin_x", "origin_y", "people", "since")


class Households:
    """The displaced households' state: one row per :class:`Migrant`, in numpy arrays."""

    def __init__(self, capacity: int = 64) -> None:
        """Start empty with room for ``capacity`` households (the arrays grow as needed)."""
        self.arrays = {name: np.zeros(capacity, dtype=np.int64) for name in FIELDS}
        self.alive = np.zeros(capacity, dtype=bool)
        self.agents: list[Migrant | None] = [None] * capacity

    def __getattr__(self, name: str) -> np.ndarray:
        """``households.x`` and the other :data:`FIELDS`: the whole column (live or not)."""
        arrays = self.__dict__.get("arrays", {})
        if name in arrays:
            return arrays[name]
        raise AttributeError(name)

    def live(self) -> np.ndarray:
        """Slots of the households still displaced, in slot order."""
        return np.flatnonzero(self.alive)

    def __len__(self) -> int:
        """Households still displaced."""
        return int(self.alive.sum())

    def total_people(self) -> int:
        """People in households still displaced."""
        return int(self.arrays["people"][self.alive].sum())

    def _grow(self, needed: int) -> None:
        size = len(self.alive)
        if needed <= size:
            return
        new = max(needed, 2 * size)
        for name, column in self.arrays.items():
            self.arrays[name] = np.concatenate([column, np.zeros(new - size, dtype=np.int64)])
        self.alive = np.concatenate([self.alive, np.zeros(new - size, dtype=bool)])
        self.agents.extend([None] * (new - size))

    def add(self, model: ColombiaModel, rows: dict[str, np.ndarray]) -> np.ndarray:
        """Create one household (and its :class:`Migrant`) per entry of ``rows``.

        Args:
            model: The model the agents belong to.
            rows: One array per field of :data:`FIELDS`, all of the same length.

        Returns:
            The slots of the new households.
        """
        n = len(rows["people"])
        # the first n free rows in slot order (np.flatnonzero(~alive)[:n], compiled: the scan
        # stops there; agents/kernels_migrant.py)
        slots = free_slots(self.alive, n)
        if len(slots) < n:  # every free row taken: grow by what is missing
            self._grow(len(self.alive) + n - len(slots))
            slots = free_slots(self.alive, n)
        for name in FIELDS:
            self.arrays[name][slots] = rows[name]
        self.alive[slots] = True
        # registered all at once, as Migrant(model, slot) one by one would (agents/mesa_paths.py)
        agents = new_agents(model, Migrant, n)
        for agent, slot in zip(agents, slots.tolist(), strict=True):  # Python ints: cheaper
            agent.slot = slot  # what Migrant.__init__ sets after Agent.__init__
            self.agents[slot] = agent
        return slots

    def remove(self, slots: np.ndarray) -> None:
        """Households at ``slots`` leave the model: their agents are removed, their rows freed."""
        leaving = []
        for slot in slots.tolist():
            agent = self.agents[slot]
            if agent is not None:  # Migrant.remove, all at once: the row, then Mesa's sets
                self.free(slot)
                leaving.append(agent)
        if leaving:
            deregister_agents(leaving[0].model, Migrant, leaving)

    def free(self, slot: int) -> None:
        """Free one row (called by the agent when it is removed)."""
        self.alive[slot] = False
        self.agents[slot] = None

    def per_cell(self, shape: tuple[int, int]) -> np.ndarray:
        """People in displaced households per cell where they live now."""
        a = self.arrays
        # one compiled pass over the rows in slot order from 0.0, the floats np.add.at into
        # zeros and np.bincount gave (issue 15; tests/test_migration.py)
        return people_per_cell(self.alive, a["x"], a["y"], a["people"], shape[0], shape[1])


class Migrant(Agent):
    """One displaced household: a view on its row of ``model.migration.households``."""

    def __init__(self, model: ColombiaModel, slot: int) -> None:
        """Create the agent of the household in row ``slot`` (filled by :meth:`Households.add`)."""
        super().__init__(model)
        self.slot = slot

    @property
    def _rows(self) -> Households:
        return self.model.migration.households

    @property
    def people(self) -> int:
        """People in the household."""
        return int(self._rows.people[self.slot])

    @property
    def position(self) -> tuple[int, int]:
        """The cell it lives in now, ``(x, y)``."""
        return int(self._rows.x[self.slot]), int(self._rows.y[self.slot])

    @property
    def origin(self) -> tuple[int, int]:
        """The cell it was displaced from, ``(x, y)``."""
        return int(self._rows.origin_x[self.slot]), int(self._rows.origin_y[self.slot])

    @property
    def since(self) -> int:
        """The month (step number) it was displaced."""
        return int(self._rows.since[self.slot])

    def remove(self) -> None:
        """Leave the model (returned home or emigrated): the row is freed."""
        self._rows.free(self.slot)
        super().remove()
