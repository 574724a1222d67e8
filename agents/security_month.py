"""The security units' searches prepared for units stepping one by one (ODD 3, process 3).

The model's turn is compiled whole (``agents/security_turn.py``) and searches inside its kernel;
this module serves ``SecurityUnit.step``, the rule's Python form (a unit stepped alone, and the
reference ``tests/test_security_turn.py`` compares the compiled turn with; issue 15).

A unit's choice of target (:meth:`agents.security.SecurityUnit.choose_target`) reads where it
stands, its base, its reach this month and layers that do not change during the turn (land,
remoteness, the force units aim at: ``Ceasefires.targets``, set when the month's forces are
projected). What other units do in the turn does not change it: only the unit's own draws of
``model.random`` do (whether it knows where the concentration is, which patrol cell it takes).
So both searches run for every unit in one compiled call when the turn starts
(``agents/kernels_security.py``), instead of two calls per unit; each unit still draws, in the
turn's random order, exactly what it drew before, and picks its answer from these arrays.

The month also holds the addresses of the model generator's bit generator for the units'
compiled draws (:func:`agents.kernels_draws.generator_bits`): valid while the turn lasts, as
this object (``model.security_month`` is ``None`` outside the turn).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from agents.kernels_draws import generator_bits
from agents.kernels_security import patrol_cells_all, strongest_targets
from agents.security_roster import lay_out_areas

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.security import SecurityUnit
    from model.simulation import ColombiaModel


class SecurityMonth:
    """Every unit's strongest target and patrol cells at the start of the units' turn."""

    def __init__(self, model: ColombiaModel, units: Iterable[SecurityUnit]) -> None:
        """Search for every unit of ``units`` from where it stands now.

        Args:
            model: The model (its layers, inputs, parameters and generator).
            units: The units whose turn it is.
        """
        m = model
        p = m.params.security
        units = list(units)
        n = len(units)
        self._units = units
        # the units' cells and bases from their roster (arrays kept as they move); the patrol
        # areas of the whole roster laid out once (a base never moves)
        roster = m.security_roster
        rows = [u.row for u in units]
        #: ``[n, 2]`` where each unit stands when the turn starts, and its base
        self.xy = xy = roster.xy[rows]
        self.base = base = roster.base[rows]
        #: cells each unit can move this month (``SecurityUnit.reach``: the same for every unit)
        self.reach = np.full(n, units[0].reach() if n else 0, dtype=np.int64)
        threshold, air = p.remote_reach_threshold, m.inputs.air_mobility
        #: ``[n, 2]`` the strongest reachable concentration of each unit, ``(-1, -1)`` for none
        self.target = np.empty((n, 2), dtype=np.int64)
        strongest_targets(
            xy,
            base,
            self.reach,
            m.land,
            m.remoteness,
            threshold,
            air,
            m.ceasefires.targets,
            p.strength_gradient,
            self.target,
        )
        #: unit ``k``'s patrol area is ``area_x[start[k]:start[k + 1]]``, ``area_y[...]``
        if rows == list(range(len(roster))):
            self.start, self.area_x, self.area_y = roster.areas()
        else:
            areas = [u.patrol_area() for u in units]
            self.start, self.area_x, self.area_y = lay_out_areas(areas)
        #: unit ``k``'s patrol cells, as positions in its area, from ``start[k]``; and how many
        self.patrol_at = np.empty(len(self.area_x), dtype=np.int64)
        self.count = np.zeros(n, dtype=np.int64)
        patrol_cells_all(
            xy,
            self.reach,
            self.start,
            self.area_x,
            self.area_y,
            m.land,
            m.remoteness,
            threshold,
            air,
            self.patrol_at,
            self.count,
        )
        self._offensive = m.ceasefires.offensive
        #: the model generator's addresses for the units' compiled draws (``engagement``)
        self.bits = generator_bits(m.rng)

    # what a unit stepping in Python reads; the compiled turn (agents/security_turn.py) reads
    # the arrays, so these are built on first use
    @cached_property
    def row(self) -> dict[SecurityUnit, int]:
        """The row of each unit in the month's arrays."""
        return {u: k for k, u in enumerate(self._units)}

    @cached_property
    def targets(self) -> list[tuple[int, int]]:
        """``target`` as Python ints, ``(-1, -1)`` for none: a unit reads one pair at its turn."""
        return [(tx, ty) for tx, ty in self.target.tolist()]

    @cached_property
    def offensive(self) -> list[float]:
        """Each actor's share of the usual offensive, as Python floats (fixed for the month).

        ``Ceasefires.offensive``, read for every front a unit engages.
        """
        return self._offensive.tolist()

    def patrol(self, unit: SecurityUnit) -> list[tuple[int, int]]:
        """The cells of ``unit.patrol_area()`` it can patrol this month, ``(x, y)``.

        In the order of its patrol area (:func:`agents.kernels_security.patrol_cells`).
        """
        k = self.row[unit]
        a = int(self.start[k])
        at = self.patrol_at[a : a + int(self.count[k])] + a
        return list(zip(self.area_x[at].tolist(), self.area_y[at].tolist(), strict=True))
