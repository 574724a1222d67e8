"""Where a group founds fronts during the run: its rearmed, a split's cadre (ODD 7.7, 7.18).

:class:`FrontFounding` draws a department by the set-up's weights of each group's home
territories (``model/placement.py``: :func:`~model.placement.front_weights`, drawn as at
set-up) and a cell there; the model builds one at set-up (``model.founding``) and
``model/rearming.py`` and ``agents/armed.py`` (a split's cadre) call it during the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.armed import ArmedGroup
from agents.front import ArmedUnit
from model.placement import front_weights, sample_cells, static_value, territory
from model.rearming import FOUNDED, JOINED

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class FrontFounding:
    """Where a FARC dissident group founds a front with the ex-combatants it rearms (ODD 7.18).

    The dissidents' growth after the 2016 accord was also a spread: they re-formed fronts in
    the departments where the FARC had been, around ex-combatants who rearmed where they lived
    (the presence table lists the EMC in 20 departments and the Segunda Marquetalia in 11 by
    2023-2025, where the model's 2018 world gives them 7 and 3 fronts; ``DEF2023``: the
    Segunda Marquetalia in 14 departments). Without it a group grows only by splitting fronts
    in place, so its fronts of 2018 are all it ever covers (issue 10: the hindcast's presence
    hit rates 0.45 and 0.24).

    Each month a group rearms ex-combatants (``model/rearming.py``), one department is drawn
    with the set-up's shares (``home ** armed.home_concentration``, :func:`front_weights`):
    where they rearm. If the group has no front standing there, the rearmed found a new front
    on a cell drawn as at set-up, with a cadre of veterans from its largest front bringing it
    up to a viable front (``armed.front_size // 10``, the size below which a group folds a
    front, ODD 7.7); otherwise they join its fronts standing there, in proportion to their
    fighters (not all its fronts: ODD 7.18 says what that left undone). Fighters are
    conserved. Draws come from the model's ``rng``: the department, then the cell or the split
    among the department's fronts.
    """

    def __init__(self, model: ColombiaModel, groups: list[ArmedGroup]) -> None:
        """The founding weights of each group, from the landscape's home territories."""
        p = model.params.armed
        layers = model.landscape.layers
        value = static_value(layers)
        self.model = model
        department = layers["department"]
        n_dep = int(department.max()) + 1
        self.viable = max(1, p.front_size // 10)
        self.weights: dict[int, np.ndarray] = {}
        self.shares: dict[int, np.ndarray] = {}
        #: each group's territories (:func:`territory`): a stronghold counts as its department
        self.territory: dict[int, np.ndarray] = {}
        self.on: dict[int, np.ndarray] = {}
        for g, group in enumerate(groups):
            zone = model.landscape.group_zone[g]
            w = front_weights(
                model.landscape.group_home[g], department, value, p.home_concentration, zone
            )
            where = territory(department, zone)
            on = model.land & (where >= 0)
            self.weights[group.index] = w
            self.territory[group.index] = where
            self.on[group.index] = on
            self.shares[group.index] = np.bincount(where[on], weights=w[on], minlength=n_dep)

    def covered(self, group: ArmedGroup) -> np.ndarray:
        """``[department]`` whether a front of ``group`` stands there."""
        out = np.zeros(self.shares[group.index].size, dtype=bool)
        where = self.territory[group.index]
        for front in group.fronts:
            d = where[front.cell.coordinate]
            if d >= 0:
                out[d] = True
        return out

    def found(self, group: ArmedGroup, rearmed: int, rng: np.random.Generator) -> str | None:
        """Place ``rearmed`` ex-combatants where the draw says they rearm (class docstring).

        Returns:
            ``FOUNDED``: a front of theirs (and a cadre) was founded; ``JOINED``: they joined
            the group's fronts in the department drawn; None (no home department, or no cell
            or front to take them): the caller spreads them over the group's fronts.
        """
        share = self.shares.get(group.index)
        if share is None or share.sum() <= 0 or rearmed <= 0:
            return None
        d = int(rng.choice(share.size, p=share / share.sum()))
        where = self.territory[group.index]
        local = [f for f in group.fronts if f.fighters > 0 and where[f.cell.coordinate] == d]
        if local:
            weights = np.array([f.fighters for f in local], dtype=float)
            for front, n in zip(
                local, rng.multinomial(rearmed, weights / weights.sum()), strict=True
            ):
                front.fighters += int(n)
            return JOINED
        cell = self._cell_in(group, d, rng)
        fronts = [f for f in group.fronts if f.fighters > 0]
        if cell is None or not fronts:
            return None
        donor = max(fronts, key=lambda f: f.fighters)
        # the cadre leaves the donor a viable front
        cadre = min(max(0, self.viable - rearmed), max(0, donor.fighters - self.viable))
        donor.fighters -= cadre
        ArmedUnit(self.model, group, self.model.grid[cell], rearmed + cadre)
        return FOUNDED

    def _cell_in(
        self, group: ArmedGroup, d: int, rng: np.random.Generator
    ) -> tuple[int, int] | None:
        """A cell of the group's territory ``d`` drawn as at set-up (None: it has none)."""
        on = self.on[group.index] & (self.territory[group.index] == d)
        cells = sample_cells(rng, on, self.weights[group.index], 1)
        return cells[0] if cells else None

    def send(self, group: ArmedGroup, fighters: int, rng: np.random.Generator) -> int:
        """Send a cadre of a front the group splits off to a listed department it has no front in.

        The Clan del Golfo grew by spreading (ODD 7.7; ``groups.egc.send_share``): from 10
        departments and 22 fronts in 2018 to 16 and 34 structures (FIP), sending structures and
        taking local gangs as subcontractors where it already had contacts (Pares 2020), while
        the model's split left the new front on its parent's cell, so a department where the
        sources place the group with no front at set-up (Sucre, Cauca, Casanare: a single
        source) never got one. With chance ``send_share`` a cadre of the split-off front (a
        viable front, ``armed.front_size // 10``, as for the rearmed's founding) founds a front
        in one of the group's territories (:func:`territory`) with a home share but no front,
        drawn by those shares, on a cell drawn as at set-up; the rest of the split stays in
        place (the core keeps its strength: the local gang taken in is the new front's growth,
        its recruits there, 7.6).

        Args:
            group: The group splitting a front.
            fighters: The split-off front's fighters.
            rng: The model's generator (draws only for a group with ``send_share`` > 0 and an
                uncovered territory: the chance if below 1, the department, the cell).

        Returns:
            The fighters sent (0: none; the caller keeps the rest in place).
        """
        chance = self.model.params.groups.of(group.key).send_share
        share = self.shares.get(group.index)
        if chance <= 0 or share is None or fighters <= 0:
            return 0
        open_share = np.where(self.covered(group), 0.0, share)
        if open_share.sum() <= 0:
            return 0
        if chance < 1 and rng.random() >= chance:
            return 0
        d = int(rng.choice(open_share.size, p=open_share / open_share.sum()))
        cell = self._cell_in(group, d, rng)
        if cell is None:
            return 0
        cadre = min(fighters, self.viable)
        ArmedUnit(self.model, group, self.model.grid[cell], cadre)
        return cadre
