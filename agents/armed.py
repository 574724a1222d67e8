"""Illegal armed groups (organizations) and their fronts on the grid (C3, C5; F7, F8, F9).

* :class:`ArmedGroup` is the organization: a treasury fed by what its fronts control (coca
  taxes, cocaine, illegal gold, extortion, ransoms) and drained by upkeep; it splits fronts that
  grow too large and folds fronts that fall below a viable size into their nearest sibling.
* :class:`ArmedUnit` is a front: it moves toward value and away from danger within its range,
  fights rival fronts it shares a cell with, recruits (children too, where coercion is high and
  the state absent), kidnaps where the state is absent, and attacks security forces nearby.

Agents read the world through ``self.model`` (its layer arrays such as ``model.presence`` and
``model.value``, this month's state inputs in ``model.inputs``) and never import ``model`` at
run time (DESIGN.md section 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class ArmedGroup(Agent):
    """An armed organization: treasury, membership and its fronts."""

    def __init__(self, model: ColombiaModel, key: str, name: str, index: int) -> None:
        """Create a group with an empty treasury.

        Args:
            model: The model.
            key: Short key (``egc``, ``eln``, ``emc``, ``sm``).
            name: Display name.
            index: Actor index in the control layers (1..G; 0 is the state).
        """
        super().__init__(model)
        self.key = key
        self.name = name
        self.index = index
        self.treasury_usd = 0.0
        self.revenue_usd = 0.0
        self.ransoms_usd = 0.0

    @property
    def fronts(self) -> list[ArmedUnit]:
        """The group's fronts still on the grid."""
        return [u for u in self.model.armed_units if u.group is self]

    @property
    def members(self) -> int:
        """Members of all its fronts."""
        return sum(u.fighters for u in self.fronts)

    def collect_revenue(self, income_layer: np.ndarray) -> None:
        """Add this month's income from the cells it controls, pay upkeep (C5).

        Args:
            income_layer: Rent per cell (US$/month) available to whoever controls the cell.
        """
        controlled = self.model.control.controller == self.index
        self.revenue_usd = float(income_layer[controlled].sum()) + self.ransoms_usd
        upkeep = self.members * self.model.params.armed.upkeep_usd_per_member
        self.treasury_usd = max(0.0, self.treasury_usd + self.revenue_usd - upkeep)
        self.ransoms_usd = 0.0

    def money_factor(self) -> float:
        """How far money allows recruitment: 1 with six months of upkeep in hand, less below."""
        upkeep = max(self.members, 1) * self.model.params.armed.upkeep_usd_per_member
        return float(min(1.0, 0.25 + 0.75 * self.treasury_usd / (6.0 * upkeep)))

    def reorganize(self) -> None:
        """Split fronts above twice the typical size; fold fronts below a viable size.

        Fighters are conserved: a split moves half of a front into a new front on the same cell;
        a folded front's fighters join the group's nearest other front.
        """
        size = self.model.params.armed.front_size
        viable = max(1, size // 10)
        for front in self.fronts:
            if front.fighters > 2 * size:
                half = front.fighters // 2
                front.fighters -= half
                ArmedUnit(self.model, self, front.cell, half)
        fronts = self.fronts
        if len(fronts) < 2:
            return
        for front in fronts:
            if 0 < front.fighters < viable or front.fighters == 0:
                others = [f for f in self.fronts if f is not front]
                if not others:
                    break
                x, y = front.cell.coordinate
                nearest = min(
                    others,
                    key=lambda f: max(abs(f.cell.coordinate[0] - x), abs(f.cell.coordinate[1] - y)),
                )
                nearest.fighters += front.fighters
                front.fighters = 0
                front.remove()


class ArmedUnit(CellAgent):
    """A front of an armed group, on one cell."""

    def __init__(self, model: ColombiaModel, group: ArmedGroup, cell, fighters: int) -> None:
        """Place a front of ``fighters`` members of ``group`` on ``cell``."""
        super().__init__(model)
        self.group = group
        self.fighters = int(fighters)
        self.cell = cell

    # --- movement -------------------------------------------------------------------------
    def choose_cell(self):
        """The cell within range with the best value for a front of this size, net of danger.

        Score = value * F / (F + aversion * (state + rivals)) / (1 + own / F) * (1 + home_attachment
        * home): value is the rent a cell offers (coca, gold, routes, extortable people), F the
        front's fighters, state and rivals the force others project there, own the force the
        group already has there (so fronts spread out instead of piling up), home the group's
        established presence in the cell's department (its social base).
        """
        m = self.model
        p = m.params.armed
        f = max(self.fighters, 1)
        own_index = self.group.index
        home = m.landscape.group_presence[own_index - 1]
        rival_indices = [g.index for g in m.groups if m.groups_fight(self.group, g)]
        best, best_score = self.cell, -1.0
        candidates = list(self.cell.get_neighborhood(radius=p.move_range, include_center=True))
        m.random.shuffle(candidates)  # ties broken at random, reproducibly
        for cell in candidates:
            x, y = cell.coordinate
            if not m.land[x, y]:
                continue
            state = m.effective_force[0, x, y]
            rivals = m.effective_force[rival_indices, x, y].sum()
            own = m.effective_force[own_index, x, y] - (f if cell is self.cell else 0)
            score = m.value[x, y] * f / (f + p.danger_aversion * (state + rivals))
            score /= 1.0 + max(own, 0.0) / f
            score *= 1.0 + p.home_attachment * home[x, y]
            if score > best_score:
                best, best_score = cell, score
        return best

    def move(self) -> None:
        """Move to the best cell within range (see :meth:`choose_cell`)."""
        target = self.choose_cell()
        if target is not self.cell:
            self.cell = target

    # --- actions on the spot ---------------------------------------------------------------
    def fight_rivals(self) -> None:
        """Fight rival fronts in the same cell: each side loses in proportion to the other's size.

        Losses per side: Binomial(own, rival_lethality * other / (own + other)), the ratio form of
        a contest (Hirshleifer 1989).
        """
        m = self.model
        rate = m.params.armed.rival_lethality
        for other in list(self.cell.agents):
            if not isinstance(other, ArmedUnit) or other.group is self.group or other is self:
                continue
            pair = (min(self.unique_id, other.unique_id), max(self.unique_id, other.unique_id))
            if pair in m.fought_pairs:
                continue  # each pair of fronts fights at most once a month
            m.fought_pairs.add(pair)
            if self.fighters <= 0 or other.fighters <= 0:
                continue
            if not m.groups_fight(self.group, other.group):
                continue
            total = self.fighters + other.fighters
            lose_self = m.rng.binomial(self.fighters, min(1.0, rate * other.fighters / total))
            lose_other = m.rng.binomial(other.fighters, min(1.0, rate * self.fighters / total))
            self.fighters -= int(lose_self)
            other.fighters -= int(lose_other)
            m.events.add("armed_combat_deaths", lose_self + lose_other)
            m.add_violence(self.cell.coordinate, lose_self + lose_other)

    def recruit_and_desert(self) -> None:
        """Recruit where the state is absent and money allows; lose some members to desertion.

        Recruits ~ Poisson(F * recruitment_rate * (1 - presence) * money); child recruits are a
        share ``child_share * coercion * (1 - presence)`` of them, coercion = 1 where the group
        controls the cell, 0.5 otherwise (F9).
        """
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        presence = m.presence[x, y]
        mean = self.fighters * p.recruitment_rate * (1.0 - presence) * self.group.money_factor()
        recruits = int(m.rng.poisson(mean)) if mean > 0 else 0
        coercion = 1.0 if m.control.controller[x, y] == self.group.index else 0.5
        children = int(m.rng.binomial(recruits, p.child_share * coercion * (1.0 - presence)))
        deserters = int(m.rng.binomial(self.fighters, p.desertion_rate))
        self.fighters += recruits - deserters
        m.events.add("recruits", recruits)
        m.events.add("child_recruits", children)

    def prey_on_civilians(self) -> None:
        """Kidnap where the state is absent (F8); ransoms go to the treasury."""
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        mean = p.kidnap_rate * self.fighters * (1.0 - m.presence[x, y])
        kidnappings = int(m.rng.poisson(mean)) if mean > 0 else 0
        if kidnappings:
            self.group.ransoms_usd += kidnappings * p.ransom_usd
            m.events.add("kidnappings", kidnappings)
            m.add_violence((x, y), kidnappings)

    def attack_security_forces(self) -> None:
        """Attack security forces present nearby: deaths ~ Poisson(attack_rate * F * exposure).

        Exposure = state force / (state force + 100): attacks need targets (F8).
        """
        m = self.model
        x, y = self.cell.coordinate
        state = m.effective_force[0, x, y]
        exposure = state / (state + 100.0)
        mean = m.params.armed.attack_rate * self.fighters * exposure
        deaths = int(m.rng.poisson(mean)) if mean > 0 else 0
        if deaths:
            m.events.add("security_force_deaths", deaths)
            m.add_violence((x, y), deaths)

    def step(self) -> None:
        """One month of a front: move, fight rivals, recruit, prey on civilians, attack."""
        if self.fighters <= 0:
            return
        self.move()
        self.fight_rivals()
        self.recruit_and_desert()
        self.prey_on_civilians()
        self.attack_security_forces()
        self.fighters = max(self.fighters, 0)
