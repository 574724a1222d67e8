"""ColombiaModel: builds the world and runs the monthly step (docs/ODD.md, section 3).

``ColombiaModel(params, regime, rng=seed)`` is everything a worker needs: no globals, no
module-level state, all randomness from ``self.rng`` / ``self.random`` (DESIGN.md section 4).

The model only builds and orchestrates: each process of the month is a function, an object or an
agent-set method of the module named after it, called in this order (one step = one month, from
``simulation.start_month``):

0. **Start of the month**: counters reset, the combat ledger cleared, violence carried over
   (``model/events.py``, ``model/combat.py``).
1. **Policy, capacity and economy**: the policy (``model/policy.py``) gives this month's U.S.
   funding and lending support; capacity stocks move (``model/capacity.py``; C1, C2, C7) and
   the economy index (``model/economy.py``; C8); partners' share and leverage
   (``model/partners.py``; C7); politics: the response to the regime, the 2026 election,
   cooperation and the effort it drives (``model/politics.py``; C9); the Colombian government's
   own effort of the month, the record's forcing times that response, which directs the
   eradication and interdiction inputs (``model/government.py``); the ceasefires in force
   (``model/ceasefires.py``), the peace talks (``model/talks.py``), the documented offensives
   against the security forces (``model/offensives.py``) and the wars between groups
   (``model/wars.py``).
2. **Forces and rents**: force per actor and cell, projected; rent layers and what each cell is
   worth to each group (``model/forces.py``, ``model/rents.py``); the recruitment pool refills
   (``model/recruitment.py``); who is confined this month (``model/migration.py``; F9).
3. **Security units** act in random order: target, move, engage (``agents/security_turn.py``; C1).
4. **Armed fronts** act in random order: move (toward the enemy in a war, ``model/wars.py``),
   fight rivals (``model/combat.py``), recruit, prey on civilians, attack (``agents/armed.py``;
   C3); the FARC dissidents draw ex-combatants (``model/rearming.py``); groups split, fold fronts.
5. **Coca growers**: the government's eradication campaign is spread over the coca
   (``model/government.py``); growers choose their coca area, reading the coca price, and suffer
   eradication (``agents/grower.py``); the coca layer and the eradication grievance are rebuilt
   (``model/coca.py``; C5).
6. **Trafficking**: production, routes, seizures, the regional hub, exports, prices
   (``model/trafficking/``; C5, C6).
7. **Control, revenue and presence**: forces again; balance of force, collaboration, controller
   and zone (``model/control.py``; C10); groups collect territorial rents; state presence moves
   (``model/presence.py``).
8. **People**: displacement by channel, return, emigration to the U.S., Flee-style movement
   (``model/migration.py`` and its rule modules, ``agents/migrant.py``; C4, F14).
9. **Observation and rules**: map snapshots, outcomes recorded (``model/outcomes.py``); the
   policy checks the regime's rules and moves to the next month.

Set-up (ODD 5): landscape and layers, the world of the start month (``model/initial.py``:
members, coca, capacity stocks), capacity and control, groups, agents placed
(``model/placement.py``), fronts settled (``model/settling.py``), control warmed up,
treasuries opened.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from mesa import Model
from mesa.agentset import AgentSet

from agents.front import ArmedUnit
from agents.front_month import FrontMonth
from agents.front_roster import FrontRoster
from agents.front_turn import fronts_turn
from agents.grower import CocaGrower
from agents.migrant import Migrant
from agents.security import SecurityUnit
from agents.security_month import SecurityMonth
from agents.security_roster import SecurityRoster
from agents.security_turn import run_security_turn
from model.assistance import Regime
from model.calendar import month_label
from model.capacity import Capacity
from model.categories import CATEGORIES, Category
from model.ceasefires import Ceasefires
from model.coca import CocaFields
from model.combat import RivalCombat
from model.control import ControlState
from model.economy import Economy, coca_income_share, insecurity
from model.events import MonthEvents, carry_over_violence
from model.forces import Forces, projection_access
from model.founding import FrontFounding
from model.geo import Landscape, build_landscape
from model.government import Government
from model.groups import GROUP_KEYS
from model.initial import initial_state
from model.migration import Migration
from model.offensives import Offensives
from model.outcomes import OutcomeCollector, outcome_registry
from model.params import Params
from model.partners import Partners
from model.placement import create_groups, place_fronts, place_growers, place_security_units
from model.policy import Policy, status_quo
from model.politics import Politics
from model.presence import initial_presence, update_presence
from model.rearming import Rearming
from model.recruitment import RecruitmentPool
from model.relations import build_relations
from model.rents import Rents
from model.settling import settle_fronts
from model.snapshots import Snapshot, snapshot_of
from model.space import PROPERTY_LAYERS, MooreGrid
from model.talks import Talks
from model.trafficking import Trafficking
from model.wars import GroupWars


class ColombiaModel(Model):
    """The decertsim world on a grid of Colombia (or a synthetic landscape)."""

    def __init__(
        self,
        params: Params | None = None,
        regime: Regime | None = None,
        rng: Any = None,
        *,
        resolution: str = "0.25",
        landscape: Landscape | None = None,
        snapshot_every: int = 0,
    ) -> None:
        """Build the world (ODD 5).

        Args:
            params: Parameters (defaults if None).
            regime: U.S. policy regime (``certified`` if None).
            rng: Seed or numpy Generator; all randomness flows from it.
            resolution: "0.25", "0.1" or "synthetic" (ignored if ``landscape`` is given).
            landscape: A prebuilt landscape (tests use small synthetic ones).
            snapshot_every: Keep a copy of the controller, zone, displaced and cocaine-flow
                layers at the end of every N-th month (months N-1, 2N-1, ...); 0: none (call
                ``snapshot()``).
        """
        super().__init__(rng=rng)
        self.params = p = params or Params()
        self.regime = regime or status_quo()
        self.landscape = ls = landscape or build_landscape(resolution)
        self.start_month = p.simulation.start_month
        self.snapshot_every = snapshot_every
        self.snapshots: list[Snapshot] = []
        self.group_keys: tuple[str, ...] = GROUP_KEYS
        shape = (ls.width, ls.height)
        self.events = MonthEvents(shape)
        #: what the fronts' and the security units' turns prepare (agents/*_month.py), else None
        self.front_month: FrontMonth | None = None
        self.security_month: SecurityMonth | None = None
        self.security_roster = SecurityRoster()  # the units' cells as arrays (issue 15)
        self.front_roster = FrontRoster()  # the fronts' cells and fighters as arrays (issue 15)

        # --- space and layers (static layers are read from the landscape) -------------------
        self.grid = MooreGrid(shape, torus=False, random=self.random)
        for name in PROPERTY_LAYERS:
            self.grid.create_property_layer(name, default_value=0.0, dtype=float)
        self.land = ls.land
        self.remoteness = ls.layers["remoteness"]
        self.presence = self.grid.state_presence.data
        self.population = self.grid.residents.data
        self.coca_ha = self.grid.coca_ha.data
        self.violence = self.grid.violence.data
        self.population[:] = ls.layers["population"]
        self.presence_base = initial_presence(
            ls.layers["remoteness_km"],
            ls.layers["pop_density"],
            self.land,
            np.divide(
                ls.layers["coca_ha_2023"],
                ls.cell_km2,
                out=np.zeros(shape),
                where=ls.cell_km2 > 0,
            ),
            p.state,
        )
        self.presence[:] = self.presence_base

        # --- policy, capacity, control and the processes' state ---------------------------------
        self.policy = Policy.from_params(self.regime, p)
        self.initial = initial_state(p, self.policy)
        self.capacity = Capacity(p)
        self.capacity.settle(self.initial.funding_musd_per_month)
        self.inputs = self.capacity.inputs()
        self.government = Government(p, shape)
        self.ceasefires = Ceasefires(p, tuple(self.group_keys))
        self.talks = Talks(p, tuple(self.group_keys))
        self.offensives = Offensives(p, tuple(self.group_keys))
        self.control = ControlState(p.control, self.land, len(self.group_keys))
        self.forces = Forces(
            self.control,
            shape,
            p.security.garrison_share,
            p.control.state_police_per_cell,
            p.control.state_reach_floor,
            ls.group_home,
            p.control.home_advantage,
            projection_access(self.presence_base, p.control.projection_floor)
            if p.control.projection_floor < 1.0
            else None,
        )
        self.migration = Migration(p, ls, self.population)

        # --- agents -----------------------------------------------------------------------------
        self.groups = create_groups(self, self.group_keys)
        self.rents = Rents(p, ls.layers, self.land, np.stack([g.strategy for g in self.groups]))
        self.combat = RivalCombat(
            build_relations(self.group_keys),
            self.groups,
            p.armed.rival_lethality,
            self.rng,
            self.events,
            self.violence,
        )
        self.wars = GroupWars(p, ls, self.combat.relations, self.groups)
        self.combat.wars = self.wars
        self.trafficking = Trafficking(p, ls, self.combat.relations, self.group_keys)
        # where the groups' fronts are founded during the run: their set-up's weights too
        self.founding = FrontFounding(self, list(self.groups))
        place_fronts(self, list(self.groups), self.initial.members, self.founding)
        place_security_units(self)
        #: the growers' state, one row each (the agents view it; ``agents/grower.py``)
        self.grower_rows = place_growers(self, self.initial.coca_scale)
        self.coca = CocaFields(self.grower_rows, shape, p.coca.backlash_memory_months)
        self.coca_ha[:] = self.coca.layer(self.grower_rows.coca_ha)

        # --- warm-up of control (collaboration near equilibrium at set-up) ------------------
        self.refresh_forces()
        self.control.warm_up(
            self.forces.contest, p.simulation.control_warmup_months, self.forces.state_reach
        )
        self.trafficking.start(self.coca_ha, self.presence, self.forces, self.control, self.inputs)
        settle_fronts(self, p.simulation.front_settling_rounds)
        self.groups.do("open_treasury")
        self.rearming = Rearming(p, self.groups)
        self.economy = Economy(p.economy, self.insecurity(), self.coca_share())
        self.economy.settle(self.capacity.of(Category.ECONOMIC_AID))
        self.inputs = self.capacity.inputs(self.economy.index, self.economy.recruit_pool)
        self.recruitment = RecruitmentPool(p.armed, self.population, self.inputs.recruit_pool)
        # growers' unobserved premium: the start month's coca at rest under its conditions
        self.government.campaign(self.coca_ha, self.presence, self.inputs.eradication)
        self.grower_rows.calibrate(self)
        # politics last: its two uniforms are drawn after every set-up draw (ODD 7.14)
        self.partners = Partners(p, self.capacity)
        self.politics = Politics(p, self.rng, self.insecurity(), violence=self.violent_events())

        self.outcomes = outcome_registry(self.group_keys)
        self.datacollector = OutcomeCollector(
            model_reporters={name: o.compute for name, o in self.outcomes.items()}
        )

    # --- agent sets: every front, security unit, grower, displaced household -------------------
    def _of_type(self, cls: type) -> Any:
        try:
            return self.agents_by_type[cls]
        except KeyError:  # no agent of that kind was ever created
            return AgentSet([], random=self.random)

    armed_units = property(lambda self: self._of_type(ArmedUnit), doc="Every armed front.")
    security_units = property(lambda self: self._of_type(SecurityUnit), doc="Every unit.")
    growers = property(lambda self: self._of_type(CocaGrower), doc="Every coca grower.")
    migrants = property(lambda self: self._of_type(Migrant), doc="Every displaced household.")

    def add_violence(self, xy: tuple[int, int], amount: float) -> None:
        """Record violent events (deaths, kidnappings) in a cell this month."""
        self.violence[xy] += amount

    def insecurity(self) -> float:
        """Share of residents living under armed rule now (``model/economy.py``)."""
        return insecurity(self.population, self.control, self.forces.armed_presence)

    def violent_events(self) -> float:
        """Violent events in the ``violence`` layer now (deaths, kidnappings; model/events.py)."""
        return float(self.violence.sum())

    def coca_share(self) -> float:
        """Coca's share of the growers' income now (``model/economy.py``)."""
        coca_ha = float(self.coca_ha.sum())
        return coca_income_share(coca_ha, self.coca.potential_ha, self.params.coca)

    def refresh_forces(self) -> None:
        """Recompute the month's forces and rents from where everyone stands (ODD 3, process 2).

        Agents read these arrays (``forces``, ``rents``) as they are after this call.
        """
        self.forces.refresh(self.security_roster, self.front_roster, self.presence)
        self.ceasefires.aim(self.forces.effective, self.forces.armed_presence)
        self.rents.refresh(self.coca_ha, self.population, self.presence, self.trafficking.month)

    @property
    def month(self) -> int:
        """Months simulated so far: Mesa's step counter (``steps``), 0 at set-up.

        During a step, ``steps`` already counts the month being simulated, whose number is
        ``steps - 1``.
        """
        return self.steps

    @property
    def date(self) -> str:
        """Calendar month of the model's state ("YYYY-MM").

        The month being simulated during a step, the last one simulated after it; before the
        first step, the month before ``start_month`` (the state at set-up).
        """
        return month_label(self.steps - 1, self.start_month)

    def step(self) -> None:
        """Simulate one month: the processes of ODD section 3, in order (module docstring)."""
        # 0. start of the month (politics reads last month's violence before it is carried over)
        violence = self.violent_events()
        self.events.reset()
        self.combat.new_month()
        carry_over_violence(self.violence)

        # 1. policy, capacity, economy (it reads last month's state), partners, politics and
        # the government's effort, which directs the eradication and interdiction inputs
        month = self.steps - 1
        self.capacity.step(self.policy.funding)
        insecurity = self.insecurity()
        self.economy.step(
            self.policy.lending_support,
            self.capacity.of(Category.ECONOMIC_AID),
            insecurity,
            self.coca_share(),
        )
        self.partners.step(self.capacity)
        response = self.politics.step(
            month,
            self.policy,
            insecurity,
            self.economy.index,
            self.partners.leverage,
            violence=violence,
        )
        self.government.enter(month, response)
        self.ceasefires.enter(month)
        self.talks.enter(month)
        self.rearming.enter(month)
        self.offensives.enter(month)
        self.wars.enter(month)
        self.inputs = self.government.directed(
            self.capacity.inputs(self.economy.index, self.economy.recruit_pool)
        )

        # 2. forces, rents, the recruitment pool; confinement of the month
        self.groups.do("start_month")
        self.recruitment.regenerate(self.population, self.inputs.recruit_pool)
        self.refresh_forces()
        self.migration.confine(self)
        # 3. security units, in random order, all at once (agents/security_turn.py); the
        # state of self.random they leave goes straight on to the fronts' turn
        twister = run_security_turn(self, self.security_units, self.armed_units, hand_on=True)
        # 4. armed fronts in random order on the month's terms (agents/front_turn.py)
        fronts_turn(self, twister)
        self.rearming.step(self.rng, self.events, self.talks.recruitment, found=self.founding.found)
        self.groups.do("reorganize")
        # 5. the eradication campaign, then coca growers
        self.government.campaign(self.coca_ha, self.presence, self.inputs.eradication)
        self.grower_rows.step(self)  # every grower, in the agent set's order
        self.coca_ha[:] = self.coca.layer(self.grower_rows.coca_ha)
        self.coca.record_eradication(
            self.grower_rows.eradicated_ha, self.coca_ha, self.params.coca.replant_share
        )
        # 6. trafficking
        self.trafficking.step(self.coca_ha, self.presence, self.forces, self.control, self.inputs)

        # 7. control, revenue and presence
        self.refresh_forces()
        self.control.settle(self.forces.contest, self.forces.state_reach)
        self.groups.do("collect_revenue", self.rents.layers)
        update_presence(
            self.presence,
            self.presence_base,
            self.control,
            self.security_roster.xy,  # where the units stand
            self.inputs.presence_growth,
            self.params.state,
        )

        # 8. people: displacement, return, emigration, movement
        self.migration.month(self)

        # 9. observation and rules
        if self.snapshot_every and self.steps % self.snapshot_every == 0:
            self.snapshot()
        self.datacollector.collect(self)
        self.policy.end_month(lambda name: self.outcomes[name].compute(self))

    def snapshot(self) -> None:
        """Keep the map (controller, zone, displaced, cocaine) of the month being or last simulated.

        After the last step, the last simulated month is kept unless it already is.
        """
        kept = snapshot_of(self, self.steps - 1, self.snapshots)
        if kept is not None:
            self.snapshots.append(kept)

    def run(self, months: int) -> ColombiaModel:
        """Step ``months`` times and return self."""
        for _ in range(months):
            self.step()
        return self

    def categories(self) -> tuple[str, ...]:
        """Assistance category names, in funding-array order."""
        return tuple(c.value for c in CATEGORIES)
