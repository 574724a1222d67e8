"""ColombiaModel: builds the world and runs the monthly step (docs/ODD.md, "Process overview").

``ColombiaModel(params, regime, rng=seed)`` is everything a worker needs: no globals, no
module-level state, all randomness from ``self.rng`` / ``self.random`` (DESIGN.md section 4).

Step order (one step = one month, from ``simulation.start_month``):

1. **Policy and capacity**: the regime gives this month's U.S. funding per category and whether
   lending support holds; capacity stocks and the economy move (C1, C2, C7, C8).
2. **Forces**: every actor's force per cell is summed and projected onto nearby cells; the value
   of each cell to an armed group (coca, gold, routes, extortion) is computed.
3. **Security units** act in random order: target or patrol, move, engage (C1).
4. **Armed fronts** act in random order: move, fight rivals, recruit, kidnap, attack (C3);
   groups split and fold fronts.
5. **Coca growers** choose their coca area; eradication (C5).
6. **Trafficking**: production, seizures, exports (C5, C6).
7. **Control**: balance of force, collaboration, controller and Kalyvas zone (C10); groups
   collect revenue from what they control; state presence moves.
8. **People**: violence and contested control displace residents (new Migrant agents);
   migrants return, emigrate or move toward safety (C4). Confinement (F9) is an outcome read
   from the layers.
9. **Outcomes** are recorded (``model/outcomes.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from mesa import DataCollector, Model
from mesa.agentset import AgentSet
from mesa.discrete_space import OrthogonalMooreGrid

from agents.armed import ArmedGroup, ArmedUnit
from agents.grower import CocaGrower
from agents.migrant import Migrant
from agents.security import SecurityUnit
from model.assistance import RULE_VARIABLES, Decision, Regime, month_index, month_label
from model.capacity import CATEGORIES, Capacity
from model.combat import RivalCombat
from model.control import ControlState
from model.events import MonthEvents
from model.forces import Forces
from model.landscape import GROUP_KEYS, Landscape, build_landscape
from model.migration import Migration
from model.outcomes import outcome_registry
from model.params import Params
from model.presence import initial_presence, update_presence
from model.relations import build_relations
from model.rents import Rents, strategy_weights
from model.trafficking import TraffickingMonth, production_presence, traffic

GROUP_NAMES: dict[str, str] = {
    "egc": "Clan del Golfo (EGC)",
    "eln": "ELN",
    "emc": "FARC dissidents (EMC)",
    "sm": "Segunda Marquetalia",
}

DYNAMIC_LAYERS: tuple[str, ...] = (
    "state_presence",
    "residents",
    "coca_ha",
    "violence",
    "controller",
    "zone",
    "armed_force",
    "state_force",
)


def certified_regime() -> Regime:
    """The status quo, built in code so that a model needs no file to run."""
    return Regime(
        name="certified",
        description="Status quo: certified, full assistance",
        decision=[Decision(month="2025-09", certified=True)],
    )


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
        """Build the world.

        Args:
            params: Parameters (defaults if None).
            regime: U.S. policy regime (``certified`` if None).
            rng: Seed or numpy Generator; all randomness flows from it.
            resolution: "0.25", "0.1" or "synthetic" (ignored if ``landscape`` is given).
            landscape: A prebuilt landscape (tests use small synthetic ones).
            snapshot_every: Keep a copy of the controller and zone layers at the end of every
                N-th month (months N-1, 2N-1, ...); 0: none (call ``snapshot(final=True)``).
        """
        super().__init__(rng=rng)
        self.params = params or Params()
        self.regime = regime or certified_regime()
        self.landscape = landscape or build_landscape(resolution)
        self.start_month = self.params.simulation.start_month
        self.month = 0
        self.snapshot_every = snapshot_every
        self.snapshots: list[tuple[int, np.ndarray, np.ndarray]] = []
        self.events = MonthEvents()
        self.fired_decisions: list[Decision] = []  # decisions made by the regime's rules
        self.fired_rules: set[int] = set()
        self.group_keys: tuple[str, ...] = GROUP_KEYS

        # --- space and layers ---------------------------------------------------------------
        ls = self.landscape
        self.grid = OrthogonalMooreGrid((ls.width, ls.height), torus=False, random=self.random)
        ls.attach_to(self.grid)
        for name in DYNAMIC_LAYERS:
            self.grid.create_property_layer(name, default_value=0.0, dtype=float)
        self.land = ls.land
        self.remoteness = ls.layers["remoteness"]
        # Views of the property layers' arrays: every update below is in place.
        self.presence = self.grid.state_presence.data
        self.population = self.grid.residents.data
        self.coca_ha = self.grid.coca_ha.data
        self.violence = self.grid.violence.data
        self.population[:] = ls.layers["population"]
        self.presence_base = initial_presence(
            ls.layers["remoteness_km"], ls.layers["pop_density"], self.land
        )
        self.presence[:] = self.presence_base

        # --- capacity and control -------------------------------------------------------------
        self.capacity = Capacity(self.params)
        self.inputs = self.capacity.inputs()
        self.control = ControlState(self.params.control, self.land, len(self.group_keys))
        self.forces = Forces(
            self.control,
            (ls.width, ls.height),
            self.params.security.garrison_share,
            self.params.control.state_police_per_cell,
        )
        self.trafficking: TraffickingMonth | None = None
        self.migration = Migration(self.params.migration, self.land, ls.layers["pop_density"])

        # --- agents ---------------------------------------------------------------------------
        self.groups: list[ArmedGroup] = [
            ArmedGroup(
                self,
                key,
                GROUP_NAMES[key],
                index=i + 1,
                strategy=strategy_weights(self.params, key),
            )
            for i, key in enumerate(self.group_keys)
        ]
        self.rents = Rents(
            self.params, ls.layers, self.land, np.stack([g.strategy for g in self.groups])
        )
        self.combat = RivalCombat(
            build_relations(self.group_keys),
            self.groups,
            self.params.armed.rival_lethality,
            self.rng,
            self.events,
            self.violence,
        )
        self._place_fronts()
        self._place_security_units()
        self._place_growers()
        self.coca_ha[:] = self._coca_layer()
        self.presence_at_start = production_presence(self.coca_ha, self.presence)

        # --- warm-up of control (collaboration near equilibrium at set-up) ------------------
        self.refresh_forces()
        for _ in range(self.params.simulation.control_warmup_months):
            self.control.settle(self.forces.effective)
        self._write_control_layers()
        for group in self.groups:
            group.treasury_usd = 6.0 * group.members * self.params.armed.upkeep_usd_per_member

        self.outcomes = outcome_registry(self.group_keys)
        self.datacollector = DataCollector(
            model_reporters={name: o.compute for name, o in self.outcomes.items()}
        )

    # ------------------------------------------------------------------------------------------
    # set-up
    # ------------------------------------------------------------------------------------------
    def _sample_cells(self, weights: np.ndarray, n: int) -> list[tuple[int, int]]:
        """Draw ``n`` land cells with probability proportional to ``weights`` (with replacement)."""
        flat = np.where(self.land, weights, 0.0).ravel()
        if n <= 0 or flat.sum() <= 0:
            return []
        picks = self.rng.choice(flat.size, size=n, p=flat / flat.sum())
        h = self.landscape.height
        return [(int(i // h), int(i % h)) for i in picks]

    def _static_value(self) -> np.ndarray:
        """Value of cells to armed groups at set-up, normalized to [0, 1] (placement only)."""
        ls = self.landscape.layers
        raw = ls["coca_suitability"] + ls["gold"] + 0.5 * ls["remoteness"]
        return raw / raw.max() if raw.max() > 0 else raw

    def _place_fronts(self) -> None:
        """Fronts of ~front_size members where each group is present, toward valuable cells."""
        p = self.params.armed
        value = self._static_value()
        for g, group in enumerate(self.groups):
            members = int(getattr(p, f"members_{group.key}"))
            n_fronts = max(1, round(members / p.front_size)) if members > 0 else 0
            weights = self.landscape.group_presence[g] * (0.2 + value)
            cells = self._sample_cells(weights, n_fronts)
            if not cells:
                continue
            sizes = np.full(len(cells), members // len(cells))
            sizes[: members - sizes.sum()] += 1
            for (x, y), size in zip(cells, sizes, strict=True):
                ArmedUnit(self, group, self.grid[(x, y)], int(size))

    def _place_security_units(self) -> None:
        """Bases weighted by sqrt(population); vetted units where armed groups are present."""
        p = self.params.security
        pop = np.sqrt(self.landscape.layers["population"])
        armed = self.landscape.group_presence.max(axis=0)
        n_vetted = min(p.n_vetted, p.n_units)
        for x, y in self._sample_cells(pop * (0.2 + armed), n_vetted):
            SecurityUnit(self, self.grid[(x, y)], vetted=True)
        for x, y in self._sample_cells(pop, p.n_units - n_vetted):
            SecurityUnit(self, self.grid[(x, y)], vetted=False)

    def _place_growers(self) -> None:
        """One grower agent on each cell with coca in 2023."""
        ha = self.landscape.layers["coca_ha_2023"]
        expansion = self.params.coca.max_expansion
        for x, y in zip(*np.nonzero(self.land & (ha > 0.5)), strict=True):
            CocaGrower(self, self.grid[(int(x), int(y))], ha[x, y], expansion * ha[x, y])
        self._grower_xy = np.array([g.cell.coordinate for g in self.growers], dtype=int).reshape(
            -1, 2
        )

    # ------------------------------------------------------------------------------------------
    # agent sets
    # ------------------------------------------------------------------------------------------
    def _of_type(self, cls: type) -> Any:
        try:
            return self.agents_by_type[cls]
        except KeyError:  # no agent of that kind was ever created
            return AgentSet([], random=self.random)

    @property
    def armed_units(self) -> Any:
        """Every armed front on the grid."""
        return self._of_type(ArmedUnit)

    @property
    def security_units(self) -> Any:
        """Every security unit."""
        return self._of_type(SecurityUnit)

    @property
    def growers(self) -> Any:
        """Every coca grower agent."""
        return self._of_type(CocaGrower)

    @property
    def migrants(self) -> Any:
        """Every displaced-household agent."""
        return self._of_type(Migrant)

    def add_violence(self, xy: tuple[int, int], amount: float) -> None:
        """Record violent events (deaths, kidnappings) in a cell this month."""
        self.violence[xy] += amount

    # ------------------------------------------------------------------------------------------
    # layers
    # ------------------------------------------------------------------------------------------
    def refresh_forces(self) -> None:
        """Recompute the month's forces and rents from where everyone stands (ODD 3, process 2).

        Agents read these arrays (``forces``, ``rents``) as they are after this call.
        """
        self.forces.refresh(self.security_units, self.armed_units, self.presence)
        self.rents.refresh(self.coca_ha, self.population, self.presence, self.trafficking)

    def _coca_layer(self) -> np.ndarray:
        layer = np.zeros((self.landscape.width, self.landscape.height))
        if len(self._grower_xy):
            areas = np.array([g.coca_ha for g in self.growers])
            np.add.at(layer, (self._grower_xy[:, 0], self._grower_xy[:, 1]), areas)
        return layer

    def _write_control_layers(self) -> None:
        self.grid.controller.data[:] = self.control.controller
        self.grid.zone.data[:] = self.control.zone

    # ------------------------------------------------------------------------------------------
    # the month
    # ------------------------------------------------------------------------------------------
    def funding(self) -> np.ndarray:
        """This month's U.S. funding per category (US$ million / month)."""
        return self.regime.funding(
            self.month,
            self.start_month,
            self.capacity.baseline_musd_per_month * 12.0,
            self.fired_decisions,
        )

    def cooperation(self) -> float:
        """The sitting government's cooperation with U.S. drug policy this month (C9)."""
        p = self.params.politics
        inaugurated = month_index(p.inauguration_month, self.start_month) <= self.month
        return p.next_cooperation if inaugurated else p.current_cooperation

    def _apply_rules(self) -> None:
        """Check the regime's rules at the end of the month (a rule that holds fires once).

        A rule that holds decides from the next month on.
        """
        due = self.regime.due_rules(self.month, self.start_month, self.fired_rules)
        if not due:
            return
        values = {"cooperation": self.cooperation()}
        for name in RULE_VARIABLES:
            if name in self.outcomes:
                values[name] = self.outcomes[name].compute(self)
        for i in due:
            rule = self.regime.rule[i]
            if rule.holds(values):
                self.fired_rules.add(i)
                self.fired_decisions.append(
                    rule.decision(month_label(self.month + 1, self.start_month))
                )

    @property
    def date(self) -> str:
        """Calendar month being simulated ("YYYY-MM")."""
        return month_label(self.month, self.start_month)

    def step(self) -> None:
        """Simulate one month (see the module docstring for the order)."""
        self.events.reset()
        self.combat.new_month()
        self.violence *= 0.5  # last month's violence still weighs, half as much

        # 1. policy and capacity
        self.capacity.step(
            self.funding(),
            self.regime.lending_support(self.month, self.start_month, self.fired_decisions),
        )
        self.inputs = self.capacity.inputs()

        # 2-4. forces, security units, armed fronts
        for group in self.groups:
            group.start_month()
        self.refresh_forces()
        self.security_units.shuffle_do("step")
        self.armed_units.shuffle_do("step")
        for group in self.groups:
            group.reorganize()

        # 5-6. coca and cocaine
        self.growers.do("step")
        self.coca_ha[:] = self._coca_layer()
        self.trafficking = traffic(
            self.coca_ha,
            self.presence,
            self.inputs.interdiction,
            self.presence_at_start,
            self.params.trafficking,
        )

        # 7. control, revenue, presence
        self.refresh_forces()
        self.control.settle(self.forces.effective)
        self._write_control_layers()
        for group in self.groups:
            group.collect_revenue(self.rents.layers)
        unit_cells = np.zeros_like(self.presence)
        for unit in self.security_units:
            unit_cells[unit.cell.coordinate] = 1.0
        update_presence(
            self.presence,
            self.presence_base,
            self.control,
            unit_cells,
            self.inputs.presence_growth,
            self.params.state,
        )

        # 8. people
        self.migration.displace(self)
        self.migration.prepare(self.presence, self.violence, self.capacity.economy_index)
        self.migrants.shuffle_do("step")
        self.migration.confine(
            self.population,
            self.presence,
            self.control,
            self.forces.armed_presence,
            self.params.armed.confinement_share,
        )

        # 9. outcomes
        if self.snapshot_every and (self.month + 1) % self.snapshot_every == 0:
            self.snapshot()
        self.datacollector.collect(self)
        self._apply_rules()
        self.month += 1

    # ------------------------------------------------------------------------------------------
    # convenience
    # ------------------------------------------------------------------------------------------
    def snapshot(self, final: bool = False) -> None:
        """Keep a copy of this month's controller and zone layers (for maps).

        Args:
            final: Called after the last step: the last simulated month is kept unless it
                already is.
        """
        month = self.month - 1 if final else self.month
        if month < 0 or (self.snapshots and self.snapshots[-1][0] == month):
            return
        self.snapshots.append((month, self.control.controller.copy(), self.control.zone.copy()))

    def run(self, months: int) -> ColombiaModel:
        """Step ``months`` times and return self."""
        for _ in range(months):
            self.step()
        return self

    def categories(self) -> tuple[str, ...]:
        """Assistance category names, in funding-array order."""
        return tuple(c.value for c in CATEGORIES)
