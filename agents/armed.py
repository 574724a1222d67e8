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

import math
from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.agentset import AgentSet

from agents.kernels_front import affordable_recruits, money_share
from agents.kernels_front_moves import FIGHTERS, OWNER
from agents.kernels_groups import misfit_fronts

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.front import ArmedUnit
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
        #: share of ``armed.kidnap_rate`` its fronts kidnap at this month (its financial
        #: need when the month starts, :meth:`kidnap_factor`)
        self.kidnapping = 1.0
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
        self.treasury_usd = RESERVE_MONTHS * self.members * self.upkeep_per_member()
        self.read_territory()

    def read_territory(self) -> None:
        """Where its fronts recruit this month: its share of the cells it controls or disputes.

        ``control.share_of`` in cells it controls and in disputed cells, 0 where the state or a
        rival controls: it recruits among the people it rules or contests (issue 10).
        """
        # ControlState.territory_of: np.where(held_by | is_disputed, share_of, 0.0), compiled
        self.territory = self.model.control.territory_of(self.index)

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
        self.upkeep_usd = self.members * self.upkeep_per_member()
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
        self.kidnapping = self.kidnap_factor()
        self.read_territory()

    def pay_recruits(self, wanted: int) -> int:
        """Pay for up to ``wanted`` recruits from the treasury; return how many it can afford."""
        cost = self.model.params.armed.recruit_cost_usd
        affordable = affordable_recruits(wanted, self.treasury_usd, cost)
        self.charge_recruits(affordable)
        return affordable

    def charge_recruits(self, recruits: int) -> None:
        """Take ``recruits`` times ``recruit_cost_usd`` from the treasury (what it affords)."""
        cost = self.model.params.armed.recruit_cost_usd
        self.treasury_usd -= recruits * cost
        self.spent_recruiting_usd += recruits * cost

    def upkeep_per_member(self, members: float | None = None) -> float:
        """What one member costs a month (US$) in a group of ``members`` (default: its own).

        ``upkeep_usd_per_member * (1 + members / finance.command_cost_members)``: the control
        costs of a covert organization grow faster than its size (Shapiro 2013), so a large
        group pays more per member than a small one (issue 10: money binds). Constant when
        ``command_cost_members`` is 0.
        """
        p = self.model.params
        size = self.members if members is None else members
        scale = p.finance.command_cost_members
        growth = size / scale if scale > 0 else 0.0
        return p.armed.upkeep_usd_per_member * (1.0 + growth)

    def disposable_income(self) -> float | None:
        """Its remembered income less overhead, ``(1 - overhead_share) * income_memory``.

        None before the first month closes.
        """
        if self.income_memory is None:
            return None
        return (1.0 - self.model.params.armed.overhead_share) * self.income_memory

    def affordable_members(self) -> float:
        """Members its disposable income pays: ``m`` with ``m * upkeep_per_member(m) = D``.

        ``D = (1 - overhead_share) * income_memory``; with ``u`` the base upkeep and ``S =
        command_cost_members``, ``u * m * (1 + m / S) = D``, whose positive root is written
        ``2 D / u / (1 + sqrt(1 + 4 D / (u S)))`` (stable as S grows; ``D / u`` when S is 0).
        Infinite before the first month closes and when members cost nothing.
        """
        p = self.model.params
        upkeep = p.armed.upkeep_usd_per_member
        disposable = self.disposable_income()
        if disposable is None or upkeep <= 0:
            return float("inf")
        paid = max(0.0, disposable) / upkeep
        scale = p.finance.command_cost_members
        if scale <= 0:
            return paid
        # math.sqrt is numpy's correctly rounded square root without numpy's call overhead
        return 2.0 * paid / (1.0 + math.sqrt(1.0 + 4.0 * paid / scale))

    def financial_need(self) -> float:
        """How short of money it is: ``upkeep / (disposable + treasury / reserve_cap_months)``.

        0 with no members; 1 when its disposable income and a full treasury's monthly share
        just pay its members together, above 1 when they do not. Before the first month closes
        its disposable income is taken as its upkeep (a group that pays its way).
        """
        p = self.model.params.armed
        upkeep = self.members * self.upkeep_per_member()
        if upkeep <= 0:
            return 0.0
        disposable = self.disposable_income()
        if disposable is None:
            disposable = upkeep
        means = max(0.0, disposable) + self.treasury_usd / p.reserve_cap_months
        return upkeep / means if means > 0 else float("inf")

    def kidnap_factor(self) -> float:
        """Share of ``armed.kidnap_rate`` its fronts kidnap at: its financial need (F8).

        ``kidnap_need_floor + (1 - kidnap_need_floor) * min(1, financial_need)``: ransom
        kidnapping is a fallback income, taken up as the money falls short (issue 10).
        """
        floor = self.model.params.finance.kidnap_need_floor
        return floor + (1.0 - floor) * min(1.0, self.financial_need())

    def money_factor(self, affordable: float | None = None) -> float:
        """How far money allows recruitment (0 to 1).

        ``(1 - members / affordable) / money_headroom``, clipped: a group whose members are
        below ``1 - money_headroom`` of what its income pays recruits at full pace, one at or
        above it recruits nobody (issue 10: membership saturates where money binds).

        Args:
            affordable: :meth:`affordable_members` if the caller has it (it changes only when
                the month's accounts close: the fronts' turn computes it once, issue 15).
        """
        if affordable is None:
            affordable = self.affordable_members()
        return money_share(self._members, affordable, self.model.params.armed.money_headroom)

    def reorganize(self) -> None:
        """Split fronts above twice the typical size; fold fronts below a viable size.

        Fighters are conserved: a split moves half of a front into a new front on the same cell
        (a group that sends fronts sends a cadre of it to a listed department it has no front
        in: ``FrontFounding.send``);
        a folded front's fighters join the group's nearest other front.
        """
        size = self.model.params.armed.front_size
        viable = max(1, size // 10)
        roster = getattr(self.model, "front_roster", None)
        if roster is not None and len(roster) == len(self.model.armed_units):
            # most months no front of the group is too large or too small: read that from
            # the fronts' table instead of walking them (the walk below would do nothing)
            # (compiled: the mask, selection, max and min cost more than the rows; issue 15)
            if not misfit_fronts(roster.table, OWNER, FIGHTERS, self.index, 2 * size, viable):
                return
        for front in list(self.fronts):
            if front.fighters > 2 * size:
                half = front.fighters // 2
                front.fighters -= half
                # a local import: agents.front imports this module's constants and class
                from agents.front import ArmedUnit

                # a group that expands by sending fronts sends a cadre of it elsewhere (ODD 7.7)
                half -= self.model.founding.send(self, half, self.model.rng)
                if half > 0:
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
