"""Security units: brigades and police units, about 30 of them U.S.-vetted (C1; F11).

What U.S. assistance buys shows up here (capacity inputs from ``model/capacity.py``):

* **targeting** (intelligence): the chance a unit knows where the strongest armed concentration
  within its reach is; without it, it patrols near its base;
* **reach** (fuel and aircraft maintenance): how far it can move in a month, how far from its
  base it operates, and whether it can reach remote cells at all;
* **effectiveness** (training and salaries): how hard it hits; vetted units hit harder, and more
  of their edge depends on U.S. support;
* **conviction** (prosecutors and justice): the chance a capture becomes a removal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import Cell, CellAgent

from agents.front import ArmedUnit
from agents.kernels_security import engagement
from agents.mesa_paths import mesa_move
from agents.security_month import SecurityMonth

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


def effectiveness(model: ColombiaModel, vetted: bool) -> float:
    """A unit's combat effectiveness (:attr:`SecurityUnit.effectiveness`): one formula for all.

    Training capacity, times the vetted edge that U.S. support keeps for a vetted unit.
    """
    p = model.params.security
    eff = model.inputs.effectiveness
    if vetted:
        dependence = p.vetted_us_dependence
        kept = (1.0 - dependence) + dependence * model.inputs.vetted_support
        eff *= 1.0 + (p.vetted_effectiveness - 1.0) * kept
    return eff


def strength(model: ColombiaModel, vetted: bool) -> float:
    """A unit's whole force (:attr:`SecurityUnit.strength`): personnel times effectiveness."""
    return model.params.security.personnel * effectiveness(model, vetted)


class SecurityUnit(CellAgent):
    """A brigade or police unit with a home base."""

    def __init__(self, model: ColombiaModel, cell, vetted: bool) -> None:
        """Station a unit at ``cell`` (its base)."""
        super().__init__(model)
        self.station(cell, vetted)

    def station(self, cell: Cell, vetted: bool) -> None:
        """The constructor after Mesa's registration (``model/placement.py`` registers many)."""
        model = self.model
        self.vetted = vetted
        self.base = cell
        #: the unit's row in ``model.security_roster`` (its cell, base and vetting as arrays)
        self.row = model.security_roster.add(self, cell.coordinate, cell.coordinate)
        self.cell = cell
        self.engaged = False
        self._patrol_area: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def cell(self) -> Cell | None:
        """Where it stands (Mesa's cell), kept in ``model.security_roster`` as it moves."""
        return self._mesa_cell

    @cell.setter
    def cell(self, cell: Cell | None) -> None:
        mesa_move(self, cell)
        if cell is not None:
            self.model.security_roster.xy[self.row] = cell.coordinate

    @property
    def engaged(self) -> bool:
        """Whether it fought a front in its last turn (its row in ``model.security_roster``)."""
        return bool(self.model.security_roster.engaged[self.row])

    @engaged.setter
    def engaged(self, value: bool) -> None:
        self.model.security_roster.engaged[self.row] = value

    @property
    def effectiveness(self) -> float:
        """Combat effectiveness: training capacity times the vetted edge U.S. support keeps."""
        return effectiveness(self.model, self.vetted)

    @property
    def strength(self) -> float:
        """Personnel times effectiveness: the unit's whole force (garrison and deployed)."""
        return strength(self.model, self.vetted)

    @property
    def deployed_strength(self) -> float:
        """The part of its force that leaves the base to fight (the rest garrisons the base)."""
        return self.strength * (1.0 - self.model.params.security.garrison_share)

    def reach(self) -> int:
        """Cells it can move in a month: land reach plus air reach scaled by air mobility."""
        p = self.model.params.security
        return p.base_reach + round(p.air_reach * self.model.inputs.air_mobility)

    def reachable(self, where: tuple[int, int] | tuple[slice, slice]) -> np.ndarray | np.bool_:
        """Whether it can get to the cell(s) at all: remote ones need enough air mobility.

        A cell is reachable if its remoteness is at most ``remote_reach_threshold`` or at most
        the air-mobility input (fewer aircraft: fewer remote cells).

        Args:
            where: ``(x, y)`` or a window of slices.
        """
        m = self.model
        remote = m.remoteness[where]
        return (remote <= m.params.security.remote_reach_threshold) | (
            remote <= m.inputs.air_mobility
        )

    def patrol_area(self) -> tuple[np.ndarray, np.ndarray]:
        """Cells within land reach (``base_reach``) of its base, base included: ``(xs, ys)``.

        In the order of Mesa's neighbourhood of the base cell; kept, as the base never moves.
        """
        if self._patrol_area is None:
            radius = self.model.params.security.base_reach
            cells = self.base.get_neighborhood(radius=radius, include_center=True)
            xy = np.array([c.coordinate for c in cells], dtype=np.int64).reshape(-1, 2)
            self._patrol_area = (xy[:, 0], xy[:, 1])
        return self._patrol_area

    def choose_target(self):
        """With intelligence, the armed concentration worth most within reach; else a patrol.

        The unit goes after a target with probability targeting_accuracy * targeting capacity
        * the government's offensive posture (``model.government.offensive``: lower under
        Paz Total). It looks among the cells it can reach this month (within ``reach()`` of where
        it is) that lie in its area of operations (within ``reach()`` of its base): a brigade
        works from its base, so units do not drift across the country after one concentration
        (and fewer aircraft shrink the area it covers). A concentration is worth its armed
        force over ``1 + strength_gradient * d``, ``d`` the cells from the unit's base: an
        operation far from base costs fuel, flight hours and supply (Boulding's
        loss-of-strength gradient), so units do not all converge on the one largest
        concentration of a region. Otherwise it patrols: a random reachable
        cell within land reach of its base that it can get to this month; a unit too far away
        for that heads home by its reach.
        """
        m = self.model
        p = m.params.security
        month = self._month()
        k = month.row[self]
        # both searches ran compiled for every unit when the turn started
        # (``agents/security_month.py``); tests/test_kernels*.py keep them equal to the numpy rule
        if m.random.random() < p.targeting_accuracy * m.inputs.targeting * m.government.offensive:
            # groups in a ceasefire weigh less in ``targets`` (``model/ceasefires.py``)
            target = month.targets[k]
            if target[0] >= 0:
                return m.grid[target]
        patrol = month.patrol(self)
        if patrol:
            # randrange(n) draws as random.choice does from a list of n cells
            return m.grid[patrol[m.random.randrange(len(patrol))]]
        # Too far from its patrol area to get back in one month (its reach shrank with its
        # aircraft): it heads home as far as it can go.
        (x, y), (bx, by) = self.cell.coordinate, self.base.coordinate
        step = max(int(month.reach[k]), 1)
        home = (x + max(-step, min(step, bx - x)), y + max(-step, min(step, by - y)))
        return m.grid[home] if m.land[home] else self.cell  # water on the way: wait a month

    def engage(self) -> None:
        """Fight every armed front on its cell (contest-success attrition, captures, deaths).

        With S = this unit's strength and F a front's fighters, r = S / (S + F): the front loses
        Binomial(F, lethality * 2r); a share ``capture_share`` of those are captured (removed only
        if convicted, else they return) and the rest killed; the unit's dead (counted as
        security_force_deaths; personnel are replaced, so strength stays) are
        Poisson(security_death_rate * F * (1 - r)) members. A front whose group is in a
        ceasefire is engaged only with the probability ``ceasefires.offensive`` of its group.
        """
        m = self.model
        p = m.params.security
        strength = self.deployed_strength
        month = self._month()
        offensive, events, bits = month.offensive, m.events, month.bits
        conviction = p.base_conviction * m.inputs.conviction
        lethality, capture_share, death_rate = p.lethality, p.capture_share, p.security_death_rate
        self.engaged = False
        for front in self.cell.agents:  # a copy: the list of the cell as the unit arrives
            if not isinstance(front, ArmedUnit):
                continue
            fighters = front.fighters
            if fighters <= 0:
                continue
            kept = offensive[front.group.index]
            if kept < 1.0 and m.random.random() >= kept:
                continue  # its group is in a ceasefire (``model/ceasefires.py``)
            self.engaged = True
            # the rule's four draws from the model's generator, compiled: numpy's numbers in
            # numpy's order (``agents/kernels_security.py: engagement``; issue 15)
            losses, captured, convicted, deaths = engagement(
                bits, fighters, strength, lethality, capture_share, conviction, death_rate
            )
            released = captured - convicted
            if losses != released:  # the released go back to their front
                front.fighters = fighters - (losses - released)
            # adding nothing changes no count: skipped (most engagements kill or take no one)
            if losses > captured:
                events.add("armed_killed_by_state", losses - captured)
            if captured:
                events.add("captures", captured)
                if convicted:
                    events.add("convictions", convicted)
            if deaths:
                events.add("security_force_deaths", deaths)
            if losses + deaths:
                m.add_violence(self.cell.coordinate, losses + deaths)

    def _month(self) -> SecurityMonth:
        """The turn's prepared searches and draws; outside the turn, prepared for this unit."""
        month = self.model.security_month
        if month is None or self not in month.row:
            month = SecurityMonth(self.model, [self])
        return month

    def step(self) -> None:
        """One month: choose a target or patrol, move there, engage what is there."""
        target = self.choose_target()
        if target is not self.cell:
            self.cell = target
        self.engage()
