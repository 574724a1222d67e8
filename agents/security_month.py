"""The security units' turn, prepared once when it starts (ODD 3, process 3; issue 15).

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
from typing import TYPE_CHECKING

import numpy as np

from agents.kernels_draws import generator_bits
from agents.kernels_security import patrol_cells_all, strongest_targets

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
        #: the row of each unit in the month's arrays
        self.row: dict[SecurityUnit, int] = {u: k for k, u in enumerate(units)}
        xy = np.array([u.cell.coordinate for u in units], dtype=np.int64).reshape(n, 2)
        base = np.array([u.base.coordinate for u in units], dtype=np.int64).reshape(n, 2)
        #: cells each unit can move this month (``SecurityUnit.reach``)
        self.reach = np.array([u.reach() for u in units], dtype=np.int64)
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
        areas = [u.patrol_area() for u in units]
        sizes = np.array([len(xs) for xs, _ in areas], dtype=np.int64)
        #: unit ``k``'s patrol area is ``area_x[start[k]:start[k + 1]]``, ``area_y[...]``
        self.start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.start[1:])
        empty = np.zeros(0, dtype=np.int64)
        self.area_x = np.concatenate([xs for xs, _ in areas]) if n else empty
        self.area_y = np.concatenate([ys for _, ys in areas]) if n else empty
        self._patrol = np.empty(len(self.area_x), dtype=np.int64)
        self._count = np.zeros(n, dtype=np.int64)
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
            self._patrol,
            self._count,
        )
        #: the same as Python ints, ``(-1, -1)`` for none: a unit reads one pair at its turn
        self.targets: list[tuple[int, int]] = [(tx, ty) for tx, ty in self.target.tolist()]
        #: the share of the usual offensive on each actor (``Ceasefires.offensive``, fixed for
        #: the month) as Python floats, read for every front a unit engages
        self.offensive: list[float] = m.ceasefires.offensive.tolist()
        #: the model generator's addresses for the units' compiled draws (``engagement``)
        self.bits = generator_bits(m.rng)

    def patrol(self, unit: SecurityUnit) -> list[tuple[int, int]]:
        """The cells of ``unit.patrol_area()`` it can patrol this month, ``(x, y)``.

        In the order of its patrol area (:func:`agents.kernels_security.patrol_cells`).
        """
        k = self.row[unit]
        a = int(self.start[k])
        at = self._patrol[a : a + int(self._count[k])] + a
        return list(zip(self.area_x[at].tolist(), self.area_y[at].tolist(), strict=True))
