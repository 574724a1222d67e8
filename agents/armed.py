"""Illegal armed groups (organizations) and their fronts on the grid (C3, C5; F7, F8, F9).

* :class:`ArmedGroup` is the organization: strategy weights over its sources of money; a
  treasury fed by the territory it controls (coca taxes, cocaine routes, illegal gold) and by
  what its fronts take (extortion, ransoms), drained by overhead (a share of income), upkeep
  and recruitment; it recruits only while its income can pay more members, and members leave
  when their pay falls short; it splits fronts that grow too large and folds fronts that fall
  below a viable size into their nearest sibling.
* :class:`ArmedUnit` is a front: it moves toward value and away from danger within its range,
  fights rival fronts it shares a cell with, recruits (children too, where coercion is high and
  the state absent), extorts and kidnaps where the state is absent, and attacks security
  forces nearby.

Agents read the world through the boundary listed in docs/ARCHITECTURE.md (``model.inputs``,
``model.control`` queries, ``model.forces``, ``model.rents``, ``model.combat`` and named layers
such as ``model.presence``) and never import ``model`` at run time (DESIGN.md section 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.agentset import AgentSet
from mesa.discrete_space import CellAgent

from agents.kernels import best_front_cells
from agents.window import window

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: where a group's money comes from; the first three are territorial rents (by control)
TERRITORIAL_SOURCES: tuple[str, ...] = ("coca", "routes", "gold")
#: sources with a rent layer, in ``model.rents.layers`` order: territorial ones, then
#: extortion (taken by fronts on the spot)
RENT_SOURCES: tuple[str, ...] = (*TERRITORIAL_SOURCES, "extortion")
REVENUE_SOURCES: tuple[str, ...] = (*RENT_SOURCES, "ransoms")
#: what a group's strategy weights cover, in ``ArmedGroup.strategy`` order
STRATEGY_SOURCES: tuple[str, ...] = (*RENT_SOURCES, "kidnapping")
EXTORTION = RENT_SOURCES.index("extortion")
KIDNAPPING = STRATEGY_SOURCES.index("kidnapping")
#: months of upkeep a group holds at set-up
RESERVE_MONTHS = 6.0
#: months over which a group remembers its income when it judges what it can afford
INCOME_MEMORY_MONTHS = 6.0


class ArmedGroup(Agent):
    """An armed organization: treasury, membership and its fronts."""

    def __init__(
        self,
        model: ColombiaModel,
        key: str,
        name: str,
        index: int,
        strategy: np.ndarray,
        home: np.ndarray,
    ) -> None:
        """Create a group with an empty treasury.

        Args:
            model: The model.
            key: Short key (``egc``, ``eln``, ``emc``, ``sm``).
            name: Display name.
            index: Actor index in the control layers (1..G; 0 is the state).
            strategy: Its weights over ``STRATEGY_SOURCES`` (``params.groups.<key>``).
            home: How established it is in each cell's department, its social base
                (``landscape.group_home``, 0..1; read-only).
        """
        super().__init__(model)
        self.key = key
        self.name = name
        self.index = index
        #: its weights over (coca, routes, gold, extortion, kidnapping)
        self.strategy = strategy
        #: how established it is in each cell's department (``landscape.group_home``)
        self.home = home
        #: its fronts on the grid, in the order they were created (fronts join and leave it)
        self.fronts: AgentSet[ArmedUnit] = AgentSet([], random=model.random)
        #: the sum of its fronts' fighters, kept by :attr:`ArmedUnit.fighters` as it changes
        #: (summing over the fronts at every call made recruitment quadratic in fronts)
        self._members = 0
        self.treasury_usd = 0.0
        self.revenue_usd = 0.0
        #: this month's income by source (US$): coca, routes, gold (territorial), extortion
        #: and ransoms (taken by fronts); reset when revenue is collected
        self.revenue_by_source: dict[str, float] = dict.fromkeys(REVENUE_SOURCES, 0.0)
        self.spent_recruiting_usd = 0.0
        self.upkeep_usd = 0.0
        self.overhead_usd = 0.0
        #: its income remembered over ``INCOME_MEMORY_MONTHS`` (US$/month; None before the
        #: first month closes)
        self.income_memory: float | None = None
        #: share of last month's upkeep its treasury could not pay (0..1)
        self.unpaid_share = 0.0
        #: its share of each cell this month (``control.share_of``): where it recruits
        self.territory = np.zeros(model.land.shape)

    @property
    def ransoms_usd(self) -> float:
        """Ransoms its fronts have collected this month (US$)."""
        return self.revenue_by_source["ransoms"]

    @property
    def members(self) -> int:
        """Members of all its fronts (their fighters, summed as they change)."""
        return self._members

    def open_treasury(self) -> None:
        """Set-up: ``RESERVE_MONTHS`` months of upkeep in hand, and its territory (ODD 5)."""
        upkeep = self.model.params.armed.upkeep_usd_per_member
        self.treasury_usd = RESERVE_MONTHS * self.members * upkeep
        self.read_territory()

    def read_territory(self) -> None:
        """Where its fronts recruit this month: its share of the cells it controls or disputes.

        ``control.share_of`` in cells it controls and in disputed cells, 0 where the state or a
        rival controls: it recruits among the people it rules or contests (issue 10).
        """
        control = self.model.control
        ruled = control.held_by(self.index) | control.is_disputed()
        self.territory = np.where(ruled, control.share_of(self.index), 0.0)

    def receive(self, source: str, usd: float) -> None:
        """Income its fronts take on the spot (extortion, ransoms) goes to the treasury."""
        self.revenue_by_source[source] += usd
        self.treasury_usd += usd

    def collect_revenue(self, rents: np.ndarray) -> None:
        """Close the month's accounts: rents in, overhead and upkeep out (C5; ODD 7.7).

        Territorial rents (coca taxes, cocaine routes, gold) come from every cell in proportion
        to the group's support there (its share of the cell's control, ``control.support``);
        extortion and ransoms were added by its fronts during the month; recruitment was paid
        as it happened. Then ``overhead_share`` of the month's income is spent (arms, bribes,
        laundering, the leaders' take), then upkeep, as far as the treasury goes: the unpaid
        share makes members desert next month. Money beyond ``reserve_cap_months`` of upkeep is
        spent too. The treasury never goes below zero.

        Args:
            rents: Rent layers [coca, routes, gold, extortion] (US$/month per cell).
        """
        p = self.model.params.armed
        support = self.model.control.share_of(self.index)
        territorial = 0.0
        for i, source in enumerate(TERRITORIAL_SOURCES):
            self.revenue_by_source[source] = float((rents[i] * support).sum())
            territorial += self.revenue_by_source[source]
        # extortion and ransoms are already in the treasury (fronts paid them in as taken)
        self.revenue_usd = sum(self.revenue_by_source.values())
        self.upkeep_usd = self.members * p.upkeep_usd_per_member
        cash = self.treasury_usd + territorial
        self.overhead_usd = min(cash, p.overhead_share * self.revenue_usd)
        cash -= self.overhead_usd
        paid = min(cash, self.upkeep_usd)
        self.unpaid_share = 1.0 - paid / self.upkeep_usd if self.upkeep_usd > 0 else 0.0
        cap = p.reserve_cap_months * self.upkeep_usd
        self.overhead_usd += max(0.0, cash - paid - cap)
        self.treasury_usd = max(0.0, min(cash - paid, cap))
        if self.income_memory is None:
            self.income_memory = self.revenue_usd
        else:
            self.income_memory += (self.revenue_usd - self.income_memory) / INCOME_MEMORY_MONTHS

    def start_month(self) -> None:
        """Reset the month's accounts and read its territory (before fronts act)."""
        self.revenue_by_source = dict.fromkeys(REVENUE_SOURCES, 0.0)
        self.spent_recruiting_usd = 0.0
        self.read_territory()

    def pay_recruits(self, wanted: int) -> int:
        """Pay for up to ``wanted`` recruits from the treasury; return how many it can afford."""
        cost = self.model.params.armed.recruit_cost_usd
        affordable = wanted if cost <= 0 else min(wanted, int(self.treasury_usd // cost))
        self.treasury_usd -= affordable * cost
        self.spent_recruiting_usd += affordable * cost
        return affordable

    def affordable_members(self) -> float:
        """Members its remembered income pays: ``(1 - overhead_share) * income / upkeep``.

        Infinite before the first month closes and when members cost nothing.
        """
        p = self.model.params.armed
        if self.income_memory is None or p.upkeep_usd_per_member <= 0:
            return float("inf")
        return (1.0 - p.overhead_share) * self.income_memory / p.upkeep_usd_per_member

    def money_factor(self) -> float:
        """How far money allows recruitment (0 to 1).

        ``(1 - members / affordable) / money_headroom``, clipped: a group whose members are
        below ``1 - money_headroom`` of what its income pays recruits at full pace, one at or
        above it recruits nobody (issue 10: membership saturates where money binds).
        """
        affordable = self.affordable_members()
        if affordable == float("inf"):
            return 1.0
        if affordable <= 0:
            return 0.0
        headroom = max(self.model.params.armed.money_headroom, 1e-9)
        return float(min(1.0, max(0.0, (1.0 - self.members / affordable) / headroom)))

    def reorganize(self) -> None:
        """Split fronts above twice the typical size; fold fronts below a viable size.

        Fighters are conserved: a split moves half of a front into a new front on the same cell;
        a folded front's fighters join the group's nearest other front.
        """
        size = self.model.params.armed.front_size
        viable = max(1, size // 10)
        for front in list(self.fronts):
            if front.fighters > 2 * size:
                half = front.fighters // 2
                front.fighters -= half
                ArmedUnit(self.model, self, front.cell, half)
        fronts = list(self.fronts)
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
        """Place a front of ``fighters`` members of ``group`` on ``cell``, its zone's centre."""
        super().__init__(model)
        self.group = group
        self._fighters = 0
        self.fighters = int(fighters)
        self.cell = cell
        #: the centre of its zone of operations: the cell where it was formed (set-up or split)
        self.base = cell.coordinate
        group.fronts.add(self)

    @property
    def fighters(self) -> int:
        """Members of the front."""
        return self._fighters

    @fighters.setter
    def fighters(self, value: int) -> None:
        # every change reaches the group's total, so ArmedGroup.members is a plain read
        self.group._members += value - self._fighters
        self._fighters = value

    def remove(self) -> None:
        """Leave the grid and the group (a folded front)."""
        self.group._members -= self._fighters
        self._fighters = 0
        self.group.fronts.discard(self)
        super().remove()

    # --- movement -------------------------------------------------------------------------
    def choose_cell(self):
        """The cell within range with the best value for a front of this size, net of danger.

        Score = value * F / (F + aversion * (state + rivals)) / (1 + own / F) * (1 + home_attachment
        * home): value is the rent a cell offers to this group, its strategy weights over coca
        taxes, routes, gold and extortable people (``model.rents.group_value``); F the front's
        fighters; state and rivals the force others project there; own the force the group
        already has there (so fronts spread out instead of piling up); home how established
        the group is in the cell's department (its social base, ``landscape.group_home``).
        A front is a territorial structure: it moves only within ``armed.front_roam`` cells
        (Chebyshev) of its base, the cell where it was formed (issue 10: fronts that roamed
        the country after the richest cells left their groups' home territories within a year).
        Water cells are out; ties are broken at random (``model.random``). The arithmetic runs
        compiled, in :func:`agents.kernels.best_front_cells`, its one implementation.
        """
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        group = self.group
        best = np.empty(((2 * p.move_range + 1) ** 2, 2), dtype=np.int64)
        count = best_front_cells(
            x,
            y,
            p.move_range,
            float(max(self.fighters, 1)),
            group.index,
            np.asarray(m.combat.rival_indices(group), dtype=np.int64),
            m.forces.state,
            m.forces.effective,
            m.rents.group_value[group.index - 1],
            group.home,
            m.land,
            p.danger_aversion,
            p.home_attachment,
            self.base[0],
            self.base[1],
            p.front_roam,
            best,
        )
        pick = m.random.randrange(count) if count > 1 else 0
        return m.grid[(int(best[pick, 0]), int(best[pick, 1]))]

    def move(self) -> None:
        """Move to the best cell within range (see :meth:`choose_cell`)."""
        target = self.choose_cell()
        if target is not self.cell:
            self.cell = target

    # --- actions on the spot ---------------------------------------------------------------
    def fight_rivals(self) -> None:
        """Clash with every front of another group on this cell (``model.combat``, ODD 7.6).

        Rival fronts lose in proportion to each other's size; allies do not fight; each pair
        fights at most once a month.
        """
        combat = self.model.combat
        for other in list(self.cell.agents):
            if isinstance(other, ArmedUnit) and other.group is not self.group:
                combat.clash(self, other)

    def willingness(self) -> float:
        """Share of the local pool willing to join, after Epstein's (2002) civil-violence rule.

        ``grievance = min(1, hardship * (1 - legitimacy) + eradication_backlash * eradicated)``,
        with legitimacy the state's presence in the cell, ``hardship = 1 +
        hardship_economy_elasticity * (1 - economy_index)`` and ``eradicated`` the grievance
        forced eradication has left in the cell (``model.coca.grievance``); the
        estimated arrest probability is ``1 - exp(-arrest_constant * S / A)``, S the state's and
        A all groups' projected force on the cell; ``willingness = max(0, grievance -
        risk_aversion * arrest)`` (Epstein's activation ``G - N > T`` with T = 0, read as a
        share). Where the state is strong against the armed, few join, however absent it is.
        """
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        hardship = 1.0 + p.hardship_economy_elasticity * max(0.0, 1.0 - m.inputs.economy)
        backlash = p.eradication_backlash * m.coca.grievance[x, y]
        grievance = min(1.0, hardship * (1.0 - m.presence[x, y]) + backlash)
        armed = max(float(m.forces.armed_presence[x, y]), 1.0)
        # the state's force counts as far as the government pursues the groups (ODD 7.15)
        pursuing = float(m.forces.state[x, y]) * m.government.offensive
        arrest = 1.0 - np.exp(-p.arrest_constant * pursuing / armed)
        return max(0.0, grievance - p.risk_aversion * arrest)

    def recruit_and_desert(self) -> None:
        """Recruit local people who are willing, as money allows; lose some to desertion.

        Wanted recruits ~ Poisson(min(F * recruitment_rate * fullness, pool within move range)
        * willingness * money) (see :meth:`willingness`, :meth:`ArmedGroup.money_factor`): a
        front recruits in proportion to its size and to how full the pool of would-be recruits
        around it is (``model.recruitment``, a pool that its recruits deplete and that a weaker
        economy widens, ``StateInputs.recruit_pool``, C8), never more than the pool holds.
        Recruits leave the residents of the front's cell. The group pays ``recruit_cost_usd``
        for each, so it takes only those its treasury affords. Deserters ~ Binomial(F,
        desertion_rate + unpaid_desertion * the share of last month's upkeep the group could not
        pay). Child recruits are a share
        ``child_share * coercion * (1 - presence)`` of them, coercion = 1 where the group
        controls the cell, 0.5 otherwise (F9).
        """
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        presence = m.presence[x, y]
        residents = float(m.population[x, y])
        # its networks reach the cells it could move to this month, as far as its group
        # rules or contests them: the pool is theirs
        reach = window(x, y, p.move_range, m.land.shape)
        territory = self.group.territory[reach]
        pool = m.recruitment.available(reach, territory)
        fullness = m.recruitment.fullness(reach, m.population, territory)
        effort = min(self.fighters * p.recruitment_rate * fullness, pool)
        mean = effort * self.willingness() * self.group.money_factor()
        wanted = min(int(m.rng.poisson(mean)), int(residents)) if mean > 0 else 0
        recruits = self.group.pay_recruits(wanted) if wanted else 0
        m.recruitment.draw(reach, recruits, territory)
        m.population[x, y] -= recruits
        coercion = 1.0 if m.control.held_by(self.group.index, (x, y)) else 0.5
        children = int(m.rng.binomial(recruits, p.child_share * coercion * (1.0 - presence)))
        leaving = min(1.0, p.desertion_rate + p.unpaid_desertion * self.group.unpaid_share)
        deserters = int(m.rng.binomial(self.fighters, leaving))
        self.fighters += recruits - deserters
        m.events.add("recruits", recruits)
        m.events.add("child_recruits", children, at=(x, y))
        m.events.add("deserters", deserters)

    def prey_on_civilians(self) -> None:
        """Extort and kidnap residents, more where the state is absent (C3; F8, F9).

        Extortion: the cell's extortion rent (residents * extortion_usd_per_person * (1 -
        presence)) times the group's extortion weight, shared among the fronts on the cell in
        proportion to their fighters. Kidnappings ~ Poisson(kidnap_rate * F * (1 - presence) *
        kidnapping weight); each brings ``ransom_usd``. Both go to the group's treasury.
        """
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        absent = 1.0 - m.presence[x, y]
        weights = self.group.strategy
        on_cell = sum(a.fighters for a in self.cell.agents if isinstance(a, ArmedUnit))
        share = self.fighters / on_cell if on_cell > 0 else 0.0
        extorted = float(weights[EXTORTION] * m.rents.layers[EXTORTION, x, y] * share)
        if extorted > 0:
            self.group.receive("extortion", extorted)
            m.events.add("extortion_usd", extorted, at=(x, y))
        mean = p.kidnap_rate * self.fighters * absent * weights[KIDNAPPING]
        kidnappings = int(m.rng.poisson(mean)) if mean > 0 else 0
        if kidnappings:
            self.group.receive("ransoms", kidnappings * p.ransom_usd)
            m.events.add("kidnappings", kidnappings, at=(x, y))
            m.add_violence((x, y), kidnappings)

    def attack_security_forces(self) -> None:
        """Attack security forces present nearby: deaths ~ Poisson(attack_rate * F * exposure).

        Exposure = state force / (state force + 100): attacks need targets (F8). A group in a
        ceasefire attacks ``ceasefires.attacks`` as often (``model/ceasefires.py``).
        """
        m = self.model
        x, y = self.cell.coordinate
        state = m.forces.state[x, y]
        exposure = state / (state + 100.0)
        mean = m.params.armed.attack_rate * self.fighters * exposure
        mean *= m.ceasefires.attacks[self.group.index]  # fewer in a ceasefire (ODD 7.17)
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
