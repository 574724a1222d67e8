"""A front of an armed group (``ArmedUnit``): move, fight, recruit, prey, attack (ODD 7.7).

Split from ``agents/armed.py`` (one concept per module): the group, its treasury and strategy
stay there; this module holds the front, the agent that acts on the grid (C3, C5, C10).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import Cell, CellAgent

from agents import front_month
from agents.armed import ArmedGroup
from agents.front_month import FrontMonth
from agents.kernels import best_front_cells
from agents.kernels_spot import ALL, ATTACK, PREY, RECRUIT, on_the_spot
from agents.mesa_paths import mesa_move

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class ArmedUnit(CellAgent):
    """A front of an armed group, on one cell."""

    def __init__(self, model: ColombiaModel, group: ArmedGroup, cell, fighters: int) -> None:
        """Place a front of ``fighters`` members of ``group`` on ``cell``, its zone's centre."""
        super().__init__(model)
        self.form(group, cell, fighters)

    def form(self, group: ArmedGroup, cell: Cell, fighters: int) -> None:
        """The constructor after Mesa's registration (``model/placement.py`` registers many)."""
        model = self.model
        self.group = group
        self._fighters = 0
        #: the centre of its zone of operations: the cell where it was formed (set-up or split)
        self.base = cell.coordinate
        #: the model's fronts as arrays (``agents/front_roster.py``; None in a bare test model)
        #: and this front's row there, kept as it changes (-1: none)
        self._roster = roster = getattr(model, "front_roster", None)
        self._row = -1
        if roster is not None:
            self._row = roster.add(self, group.index, self.base, self.unique_id)
        self.fighters = int(fighters)
        self.cell = cell
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
        if self._row >= 0:
            self._roster.set_fighters(self._row, value)

    @property
    def cell(self) -> Cell | None:
        """Where it stands (Mesa's cell), kept in the model's front roster as it moves."""
        return self._mesa_cell

    @cell.setter
    def cell(self, cell: Cell | None) -> None:
        if cell is self._mesa_cell:  # Mesa's no-op: it stays where it stands in the cell's list
            return
        mesa_move(self, cell)
        if cell is not None and self._row >= 0:
            self._roster.arrive(self._row, *cell.coordinate)

    def remove(self) -> None:
        """Leave the grid and the group (a folded front)."""
        self.group._members -= self._fighters
        self._fighters = 0
        self.group.fronts.discard(self)
        if self._row >= 0:
            self._roster.remove(self._row)
            self._row = -1
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
        The score is then multiplied by the front's share of the cell's base, ``F / (F +
        base_sharing * O)``, O the fighters of its group's other fronts standing on the cell
        (not projected: the people, coca and gold of one cell are split among the fronts that
        live off it; counted as the fronts' turn starts and kept as they move, so fronts
        moving one after another spread over their zone instead of piling onto one cell).
        A front is a territorial structure: it moves only within ``armed.front_roam`` cells
        (Chebyshev) of its base, the cell where it was formed (issue 10: fronts that roamed
        the country after the richest cells left their groups' home territories within a year).
        Water cells are out; ties are broken at random (``model.random``). The arithmetic runs
        compiled, in :func:`agents.kernels.best_front_cells`, its one implementation; during the
        fronts' turn the cells come from the month's plan while it holds
        (:meth:`agents.front_month.FrontMonth.best_cells`).
        """
        m = self.model
        fighters = float(max(self._fighters, 1))
        terms = m.front_month
        best = terms.best_cells(self, fighters) if terms is not None else None
        if best is None:
            best = self._best_cells(fighters)
        count = len(best)
        pick = m.random.randrange(count) if count > 1 else 0
        x, y = best[pick].tolist()
        return m.grid[(x, y)]

    def _best_cells(self, fighters: float) -> np.ndarray:
        """The tied best cells of :meth:`choose_cell` for ``fighters``, scored now."""
        m = self.model
        p = m.params.armed
        x, y = self.cell.coordinate
        group = self.group
        best = np.empty(((2 * p.move_range + 1) ** 2, 2), dtype=np.int64)
        count = best_front_cells(
            x,
            y,
            p.move_range,
            fighters,
            group.index,
            m.combat.rival_array(group),
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
            self._occupied(),
            p.base_sharing,
            best,
        )
        return best[:count]

    def _occupied(self) -> np.ndarray:
        """Its group's fronts' fighters on each cell ``[x, y]``: the turn's, or counted now."""
        m = self.model
        if m.front_month is not None:
            return m.front_month.occupied[self.group.index]
        shape = m.land.shape
        return front_month.occupancy(self.group.fronts, self.group.index + 1, shape)[-1]

    def move(self) -> None:
        """Move to the best cell within range (see :meth:`choose_cell`).

        A front whose group is at war here seeks out the nearest enemy front it can reach
        instead (``model.wars.pursuit``, ODD 7.21).
        """
        m = self.model
        month = m.front_month
        # during the fronts' turn the month keeps who stands where: the chase looks only there
        chase = m.wars.pursuit(self, month.standing if month is not None else None)
        target = self.choose_cell() if chase is None else m.grid[chase]
        if target is not self.cell:
            if month is not None:
                month.moved(self, self.cell.coordinate, target.coordinate)
            self.cell = target

    # --- actions on the spot ---------------------------------------------------------------
    def fight_rivals(self, here: list[ArmedUnit] | None = None) -> None:
        """Clash with every front of another group on this cell (``model.combat``, ODD 7.6).

        Rival fronts lose in proportion to each other's size; allies do not fight; each pair
        fights at most once a month.

        Args:
            here: The fronts on its cell in the cell's order (:meth:`fronts_here`), if the
                caller has them.
        """
        m = self.model
        combat = m.combat
        # the losses are drawn compiled during the fronts' turn (numpy's numbers, the same order)
        bits = m.front_month.bits if m.front_month is not None else None
        group = self.group
        for other in here if here is not None else self.fronts_here():
            if other.group is not group:
                combat.clash(self, other, bits)

    def fronts_here(self) -> list[ArmedUnit]:
        """The fronts on its cell (itself included), in the order of the cell's agents."""
        return [a for a in self.cell.agents if isinstance(a, ArmedUnit)]

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
        Computed for every cell at once (:func:`agents.front_month.willingness`).
        """
        return float(self._month().willingness[self.cell.coordinate])

    def arrest_risk(self, pursuit: float = 1.0) -> float:
        """Estimated arrest probability on its cell: ``1 - exp(-arrest_constant * S / A)``.

        S the state's projected force times the government's offensive posture (ODD 7.15: the
        state's force counts as far as it pursues the groups) times ``pursuit``, A all groups'
        projected force (at least 1): the armed presence that protects those who act
        (Epstein 2002).

        Args:
            pursuit: Share of the usual offensive the state wages on this front's group (the
                ceasefire's ``offensive``, ODD 7.17; 1 for would-be recruits).
        """
        # for every cell at once (agents.front_month), as the fronts' turn computes it
        return float(front_month.arrest_risk(self.model, pursuit)[self.cell.coordinate])

    def _month(self) -> FrontMonth:
        """This month's per-cell terms: the fronts' turn's, or computed now (outside it)."""
        terms = self.model.front_month
        return terms if terms is not None else FrontMonth(self.model, [self])

    def recruit_and_desert(self) -> None:
        """Recruit local people who are willing, as money allows; lose some to desertion.

        Wanted recruits ~ Poisson(min(F * recruitment_rate * fullness, pool within move range)
        * willingness * money * talks) (see :meth:`willingness`, :meth:`ArmedGroup.money_factor`,
        ``model.talks.recruitment``: a group at the table restrains its recruitment): a
        front recruits in proportion to its size and to how full the pool of would-be recruits
        around it is (``model.recruitment``, a pool that its recruits deplete and that a weaker
        economy widens, ``StateInputs.recruit_pool``, C8), never more than the pool holds.
        Recruits leave the residents of the front's cell. The group pays ``recruit_cost_usd``
        for each, so it takes only those its treasury affords. Deserters ~ Binomial(F,
        desertion_rate + unpaid_desertion * the share of last month's upkeep the group could not
        pay). Child recruits are a share
        ``child_share * coercion * (1 - presence)`` of them, coercion = 1 where the group
        controls the cell, 0.5 otherwise (F9). The arithmetic and the draws run compiled, in
        :func:`agents.kernels_spot.on_the_spot`, their one implementation (numpy's draws from the
        model's generator, ``agents/kernels_draws.py``).
        """
        self._act(RECRUIT)

    def prey_on_civilians(self) -> None:
        """Extort and kidnap residents, more where the state is absent (C3; F8, F9).

        Extortion: the cell's extortion rent (residents * extortion_usd_per_person * (1 -
        presence)) times the group's extortion weight, shared among the fronts on the cell in
        proportion to their fighters. Kidnappings ~ Poisson(kidnap_rate * F * (1 - presence) *
        kidnapping weight * need * rupture * (1 - risk_aversion * arrest)), ``need`` the
        group's :attr:`ArmedGroup.kidnapping` (its financial need this month), ``rupture`` its
        ``talks.kidnapping`` (more after its talks broke down, ``model/talks.py``), ``arrest``
        :meth:`arrest_risk` with the state's pursuit of the group in a ceasefire (deterrence,
        as for would-be recruits); each brings ``ransom_usd``. Both go to the
        group's treasury.
        """
        self._act(PREY)

    def attack_security_forces(self) -> None:
        """Attack security forces present nearby: deaths ~ Poisson(attack_rate * F * exposure).

        Exposure = state force / (state force + 100): attacks need targets (F8). A group in a
        ceasefire attacks ``ceasefires.attacks`` as often (``model/ceasefires.py``), one whose
        talks broke down ``talks.attacks`` times as often (``model/talks.py``), one on a
        documented offensive against the state ``offensives.attacks`` times as often
        (``model/offensives.py``).
        """
        self._act(ATTACK)

    def _act(self, acts: int, here: list[ArmedUnit] | None = None) -> None:
        """Recruit, prey and attack (``acts``, bits of ``agents.kernels_spot``) and book it.

        The rules' arithmetic and draws run in one compiled call
        (:func:`agents.kernels_spot.on_the_spot`, their one implementation; numpy's draws from
        the model's generator); here the front gathers its terms and books what it did: the
        treasury (recruits paid, then extortion and ransoms in), the month's events and the
        violence of its cell, in the order the rules had them. ``here``: the fronts on its cell
        (:meth:`fronts_here`), if the caller has them.
        """
        m = self.model
        group = self.group
        terms = self._month()
        x, y = self.cell.coordinate
        radius = m.params.armed.move_range
        layers, group_terms, summed = terms.spot_terms(group)
        held = fullness = math.nan  # summed in the kernel when its window sums take the window
        if acts & RECRUIT and not summed:
            held, fullness = m.recruitment.around(x, y, radius, m.population, group.territory)
        others = 0
        if acts & PREY:
            for a in here if here is not None else self.fronts_here():
                if a is not self:
                    others += a._fighters
        fighters = self._fighters
        wanted, recruits, children, deserters, extorted, kidnappings, deaths = on_the_spot(
            terms.bits,
            m.recruitment.pool,
            m.population,
            terms.cells,
            layers,
            group_terms,
            terms.rates(),
            x,
            y,
            radius,
            fighters,
            others,
            group._members,
            group.treasury_usd,
            held,
            fullness,
            acts,
        )
        if recruits:
            group.charge_recruits(recruits)  # what pay_recruits(wanted) pays: the same treasury
        # during the fronts' turn booked when it ends, in this order (agents/front_books.py)
        events = m.front_month.books if m.front_month is not None else m.events
        if recruits:
            if children:
                events.add("child_recruits", children, at=(x, y))
            events.add("recruits", recruits)
        if recruits or deserters:
            self.fighters = fighters + recruits - deserters
        if deserters:
            events.add("deserters", deserters)
        if extorted > 0:
            group.receive("extortion", extorted)
            events.add("extortion_usd", extorted, at=(x, y))
        if kidnappings:
            group.receive("ransoms", kidnappings * m.params.armed.ransom_usd)
            events.add("kidnappings", kidnappings, at=(x, y))
            m.add_violence((x, y), kidnappings)
        if deaths:
            events.add("security_force_deaths", deaths)
            m.add_violence((x, y), deaths)

    def step(self) -> None:
        """One month of a front: move, fight rivals, recruit, prey on civilians, attack."""
        if self._fighters <= 0:
            return
        self.move()
        # the fronts on its cell, read once: fighting changes their fighters, not the cell's
        here = self.fronts_here()
        self.fight_rivals(here)
        # recruit_and_desert, prey_on_civilians and attack_security_forces in one call
        self._act(ALL, here)
        if self._fighters < 0:
            self.fighters = 0
