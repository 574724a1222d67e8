"""The security units as arrays: where each stands, its base, whether it is vetted (issue 15).

Per-kind state the Mesa agents keep up to date: a :class:`~agents.security.SecurityUnit` joins
the model's roster when it is created and writes its cell's coordinate here whenever it moves
(its ``cell`` setter; its ``engaged`` flag lives here too, written for all units at once by
their turn), so the units' turn (``agents/security_turn.py``) and the mobile force
(``model/forces.py: mobile_force``) read every unit's cell, base and vetting from three arrays
instead of walking the agents. Rows are in the units' creation order, which is the order of
``model.security_units`` (units are never removed). Each unit's patrol area (the cells within
land reach of its base, fixed, ``SecurityUnit.patrol_area``) is laid end to end once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.security import SecurityUnit


class SecurityRoster:
    """Every security unit's cell, base, vetting and engagement, row by row in creation order."""

    def __init__(self) -> None:
        """No unit yet."""
        #: the units, row by row
        self.units: list[SecurityUnit] = []
        #: ``[n, 2]`` each unit's cell (kept as it moves) and its base
        self.xy = np.zeros((0, 2), dtype=np.int64)
        self.base = np.zeros((0, 2), dtype=np.int64)
        #: ``[n]`` whether the unit is U.S.-vetted
        self.vetted = np.zeros(0, dtype=np.bool_)
        #: ``[n]`` whether the unit fought a front in its last turn (``SecurityUnit.engaged``)
        self.engaged = np.zeros(0, dtype=np.bool_)
        self._areas: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        # the four arrays above are the first rows of these, which grow by doubling: an
        # ``np.vstack`` / ``np.append`` per unit cost about 10 us each (issue 15)
        self._room = (self.xy, self.base, self.vetted, self.engaged)

    def __len__(self) -> int:
        return len(self.units)

    def add(self, unit: SecurityUnit, xy: tuple[int, int], base: tuple[int, int]) -> int:
        """Enter ``unit`` standing at ``xy`` with its base at ``base``; return its row.

        ``xy``, ``base``, ``vetted`` and ``engaged`` are then new arrays (views of the first
        rows of room kept for more units), holding what they held plus this unit's row.
        """
        n = len(self.units)
        if n == len(self._room[0]):
            self._room = tuple(_grown(a, max(64, 2 * n)) for a in self._room)
        xy_room, base_room, vetted_room, engaged_room = self._room
        xy_room[n] = xy
        base_room[n] = base
        vetted_room[n] = bool(unit.vetted)
        engaged_room[n] = False
        self.units.append(unit)
        self.xy = xy_room[: n + 1]
        self.base = base_room[: n + 1]
        self.vetted = vetted_room[: n + 1]
        self.engaged = engaged_room[: n + 1]
        self._areas = None
        return n

    def strengths(self) -> np.ndarray:
        """``[n]`` each unit's whole force, ``SecurityUnit.strength`` (one value per vetting)."""
        from agents.security import strength  # agents.security imports this module's users

        if not self.units:
            return np.zeros(0)
        model = self.units[0].model
        return np.where(self.vetted, strength(model, True), strength(model, False))

    def areas(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every unit's patrol area end to end: ``(start, xs, ys)``, row ``k``'s from ``start[k]``.

        ``start`` has ``n + 1`` entries; each area in the order of ``SecurityUnit.patrol_area``.
        """
        if self._areas is None:
            self._areas = lay_out_areas([u.patrol_area() for u in self.units])
        return self._areas


def _grown(array: np.ndarray, rows: int) -> np.ndarray:
    """``array``'s rows followed by zeros, ``rows`` in all (same dtype, C order)."""
    grown = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def lay_out_areas(
    areas: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patrol areas ``[(xs, ys), ...]`` end to end: ``(start, xs, ys)`` (see ``areas``)."""
    n = len(areas)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.array([len(xs) for xs, _ in areas], dtype=np.int64), out=start[1:])
    empty = np.zeros(0, dtype=np.int64)
    xs = np.concatenate([xs for xs, _ in areas]) if n else empty
    ys = np.concatenate([ys for _, ys in areas]) if n else empty
    return start, xs, ys
