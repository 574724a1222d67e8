"""People: confinement, displacement, return, emigration and movement (ODD 7.13; C3, C4; F9, F14).

The people process of the month, run by :class:`Migration` (``model.migration``):

* **Confinement** (:meth:`Migration.confine`, at the start of the month, after the forces are
  projected; ODD 3, process 2): groups confine part of the residents of the cells they rule or
  fight over with fronts near (:func:`model.displacement.confined_people`, F9). Confined people
  neither flee nor work that month (growers' licit income falls by the confined share of their
  cell, 7.9) and displaced households in those cells do not move on.
* Then, after control has settled (ODD 3, process 8), :meth:`Migration.month`:

  1. **Displacement** by channel, mass and individual (``model/displacement.py``): the people
     displaced become households of ``people_per_agent`` people, ``Migrant`` agents whose state
     is kept in :class:`agents.migrant.Households` arrays. In months of restricted movement
     (``model/restrictions.py``: Colombia's 2020 isolation) every channel, and in step 4 the
     move chance, is multiplied by the month's factor.
  2. **Return**: a household goes home with chance ``return_rate`` once its origin has been safe
     (state control, no violent event) ``return_safe_months`` months in a row.
  3. **Emigration to the U.S.** (``model/emigration.py``): residents leave with the cell's
     hazard (an expected flow), displaced households with ``idp_hazard_ratio`` times it (drawn),
     toward the southwest border or the other U.S. borders in proportion to their reach.
  4. **Movement** in Flee's manner (``model/flee.py``), all households at once.

The static location types, the routes and the emigration series are built once per landscape
(or start month) and shared read-only by the models of a process (``kept_place_types``,
``kept_routes``, ``kept_series``).

The population is conserved: ``residents + people in displaced households + emigrants + people
who joined armed groups = the population at set-up`` (:meth:`Migration.unaccounted`); the model
has no civilian deaths (deaths in combat and attacks are of fighters and security forces).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.migrant import Households
from model.displacement import (
    CHANNELS,
    MASS,
    Takeovers,
    kernel_rates,
    rural_residents,
)
from model.displacement_kernels import displace_cells, displaced_sums
from model.economy import armed_rule_mask
from model.emigration import economic_push, other_borders_reach
from model.emigration_series import kept_series
from model.events import VIOLENCE_CARRY_OVER
from model.flee import kept_place_types, kept_routes
from model.flee_kernels import month_layers, movers
from model.geo import Landscape
from model.params import Params
from model.people_kernels import confinement, emigrants, returners
from model.restrictions import MovementRestrictions

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: each channel's counter, and whether it counts toward mass events (in :data:`CHANNELS` order)
_CHANNEL_EVENTS = tuple(f"displaced_{name}" for name in CHANNELS)
_MASS_EVENTS = frozenset(f"displaced_{name}" for name in MASS)
_MASS_CHANNELS = np.array([name in MASS for name in CHANNELS])


class Migration:
    """The people process: its parameters, the households and the per-cell layers of the month."""

    def __init__(self, params: Params, landscape: Landscape, residents: np.ndarray) -> None:
        """Set up with nobody displaced, confined or emigrated.

        Args:
            params: All parameters (``migration``, ``emigration``, ``armed``, ``simulation``).
            landscape: The world (its land, cities, departments and cell centres).
            residents: The residents at set-up (the population the ledger conserves).
        """
        self.params = params.migration
        self.emigration = params.emigration
        self.confinement_share = params.armed.confinement_share
        self.extortion_per_person = params.armed.extortion_usd_per_person
        self.land = landscape.land.astype(bool)
        shape = self.land.shape
        self.households = Households()
        # both read-only and kept per landscape: every model of a process shares them
        self.place_types = kept_place_types(landscape)
        self.routes = kept_routes(landscape, self.params)
        #: the border's, the route's and the other borders' series (kept per process, their
        #: look-ups remembered: model/emigration.py)
        self.series = kept_series(params.simulation.start_month, self.emigration)
        self.border = self.series.border
        self.route = self.series.route
        self.other_borders = self.series.other_borders
        self.restrictions = MovementRestrictions(
            params.simulation.start_month, self.params.restriction_weight
        )
        #: this month's factor on flight and movement (1 = unrestricted; ODD 7.13)
        self.mobility = self.restrictions.at(0)
        #: this month's location types (Flee): conflict, town, capital, city (-1 off land)
        self.types = self.place_types.copy()
        #: people confined this month and the share of each cell's residents they are
        self.confined = np.zeros(shape)
        self.confined_share = np.zeros(shape)
        #: people in displaced households per cell, where they live now (end of month)
        self.displaced = np.zeros(shape)
        #: months in a row each cell has been safe for returns
        self.safe_months = np.zeros(shape, dtype=np.int64)
        openness, route_factor, air_travel, other_openness = self.series.month(0)
        #: this month's U.S. border openness (1 = FY2023)
        self.openness = openness
        #: this month's factor of the Colombians' route to that border (1 = FY2023)
        self.route_factor = route_factor
        #: this month's factor of the other U.S. borders (air and sea ports, the north)
        self.other_reach = other_borders_reach(air_travel, self.emigration, other_openness)
        self.initial_people = float(residents.sum())
        #: people who left for the U.S. since set-up, and who joined armed groups
        self.emigrated = 0.0
        self.recruited = 0.0
        self._confined_before = np.zeros(shape)
        #: rural people per cell at set-up: the most war and takeover flight can take (7.13)
        self.rural = (
            rural_residents(residents, landscape.layers["department"], landscape.cell_km2)
            * self.land
        )
        #: the cells' established controllers (first month: control as it was then)
        self.takeovers: Takeovers | None = None
        p = self.params
        #: the move chance and destination weight of each location type, in type order
        self._move_chances = np.array(
            [p.move_chance_conflict, p.move_chance_town, p.move_chance_capital, p.move_chance_city]
        )
        self._type_weights = np.array(
            [p.weight_conflict, p.weight_town, p.weight_capital, p.weight_city]
        )
        #: the displacement kernel's rates (``displace_cells``; the month's mobility at 10)
        self._rates = kernel_rates(p, self.extortion_per_person)
        self._violence_end = np.zeros(shape)

    # --- start of the month ----------------------------------------------------------------
    def confine(self, model: ColombiaModel) -> None:
        """Who is confined this month (see module docstring), from the start-of-month state."""
        rule = armed_rule_mask(model.control, model.forces.armed_presence) & self.land
        residents = model.population
        self._confined_before = self.confined
        # confined_people and the share of the residents in one compiled pass
        # (people_kernels.confinement; the numpy form in tests/test_people_kernels.py)
        self.confined, self.confined_share = confinement(
            residents, model.presence, rule, float(self.confinement_share)
        )

    # --- after control has settled ----------------------------------------------------------
    def month(self, model: ColombiaModel) -> None:
        """Displacement, return, emigration and movement of the month (module docstring)."""
        armed_now = model.control.is_armed() & self.land
        if self.takeovers is None:  # first month: control as it is now is established
            self.takeovers = Takeovers(
                model.control.controller, armed_now, self.params.takeover_months
            )
        taken = self.takeovers.update(model.control.controller, armed_now) & self.land
        new_events = np.maximum(model.violence - VIOLENCE_CARRY_OVER * self._violence_end, 0.0)
        rule = armed_rule_mask(model.control, model.forces.armed_presence) & self.land
        step = model.steps - 1
        self.openness, self.route_factor, air_travel, other_openness = self.series.month(step)
        self.other_reach = other_borders_reach(air_travel, self.emigration, other_openness)
        self.mobility = self.restrictions.at(step)
        self._displace(model, new_events, rule, taken)
        self._return(model, new_events)
        self._emigrate(model, new_events)
        self._move(model, new_events, rule)
        self.displaced = self.households.per_cell(self.land.shape)
        self._violence_end = model.violence.copy()
        self.recruited += model.events.get("recruits")

    def _displace(
        self, model: ColombiaModel, new_events: np.ndarray, rule: np.ndarray, taken: np.ndarray
    ) -> None:
        events = model.events
        residents = model.population
        free = np.maximum(residents - self.confined, 0.0)
        kidnappings = events.layer("kidnappings")
        war = events.layer("war_combat_deaths")  # where a documented war was fought (7.21)
        killings = np.maximum(new_events - kidnappings, 0.0)
        rates = self._rates
        rates[10] = self.mobility
        # the channels, households and shares in one compiled pass (displace_cells; the numpy
        # form, displaced_by_channel and households_from, in tests/test_displacement_kernels.py),
        # from the uniforms households_from drew (one per cell, the month's next draws)
        uniforms = model.rng.random(self.land.shape)
        hx, hy, size, taken_out, actual, in_events, _ = displace_cells(
            free,
            np.minimum(free, self.rural),
            np.maximum(free, 0.0),
            model.presence,
            rule,
            taken,
            killings,
            kidnappings,
            events.layer("child_recruits"),
            events.layer("extortion_usd"),
            self._confined_before,
            war > 0,
            bool(war.any()),
            self.land,
            rates,
            uniforms,
            residents,
        )
        if len(size):
            rows = {"x": hx, "y": hy, "origin_x": hx, "origin_y": hy, "people": size}
            rows["since"] = np.full(len(size), model.steps - 1)
            self.households.add(model, rows)
        # numpy's sums of the layers, whole and over the mass events' cells, in one compiled
        # call (displaced_sums; the numpy form in tests/test_displacement_kernels.py)
        total, by_channel, in_mass = displaced_sums(taken_out, actual, in_events, _MASS_CHANNELS)
        events.add("displaced_new", total)
        counts = zip(_CHANNEL_EVENTS, by_channel.tolist(), in_mass.tolist(), strict=True)
        for name, people, mass in counts:
            events.add(name, people)
            if name in _MASS_EVENTS:  # only the cells whose flight makes a mass event count
                events.add("displaced_mass", mass)
            events.add("displaced_individual", people - mass)

    def _return(self, model: ColombiaModel, new_events: np.ndarray) -> None:
        safe = model.control.is_state() & (new_events < 0.5) & self.land
        h = self.households
        live = h.live()
        # no household, no draw (an empty month leaves the generator as it was)
        uniforms = model.rng.random(len(live)) if len(live) else np.empty(0)
        # the safe months, the draws and the people going home in one compiled pass
        # (people_kernels.returners; the numpy form in tests/test_people_kernels.py)
        back, people = returners(
            safe,
            self.safe_months,
            live,
            h.origin_x,
            h.origin_y,
            h.people,
            self.params.return_safe_months,
            float(self.params.return_rate),
            uniforms,
            model.population,
        )
        if not len(live):
            return
        model.events.add("returns", float(people))
        h.remove(back)

    def _emigrate(self, model: ColombiaModel, new_events: np.ndarray) -> None:
        e = self.emigration
        southwest = self.openness * self.route_factor
        reach = southwest + self.other_reach
        h = self.households
        live = h.live()
        # the hazard, the residents leaving and the households' draws in one compiled pass
        # (people_kernels.emigrants; the numpy form, with hazard, in tests/test_people_kernels.py)
        leaving, gone = emigrants(
            new_events,
            self.land,
            e.resident_hazard * economic_push(model.economy.index, e),
            float(e.violence_weight),
            float(e.violence_cap),
            float(reach),
            float(e.idp_hazard_ratio),
            model.population,
            live,
            h.x,
            h.y,
            model.rng.random(len(live)),
        )
        residents_gone = float(leaving.sum())
        displaced_gone = float(h.people[gone].sum())
        h.remove(gone)
        total = residents_gone + displaced_gone
        model.events.add("emigrants_displaced", displaced_gone)
        model.events.add("emigrants_us", total)
        # one hazard, two destinations: each takes its share of the reach (expected split)
        model.events.add("emigrants_us_swb", total * southwest / reach if reach > 0 else 0.0)
        self.emigrated += total

    def _move(self, model: ColombiaModel, new_events: np.ndarray, rule: np.ndarray) -> None:
        p = self.params
        # types, move chance and score in one compiled pass (flee_kernels.month_layers; the
        # numpy form, location_types, move_chance and destination_score, in
        # tests/test_flee_kernels.py); the power stays numpy's
        size = np.maximum(model.population, 1.0) ** p.pop_power
        self.types, chance, score = month_layers(
            self.place_types,
            new_events,
            float(p.conflict_events),
            rule,
            self.confined_share,
            float(self.mobility),
            model.presence,
            size,
            self._move_chances,
            self._type_weights,
        )
        h = self.households
        live = h.live()
        if not len(live):
            return
        moving = movers(live, h.x, h.y, chance, model.rng.random(len(live)))
        # in place, one compiled call (Routes.move; Routes.choose's form compared in
        # tests/test_flee_kernels.py)
        self.routes.move(h.x, h.y, moving, score, model.rng)

    def unaccounted(self, residents: np.ndarray) -> float:
        """People at set-up minus residents, displaced, emigrated and recruited (0 if conserved)."""
        accounted = float(residents.sum()) + self.households.total_people()
        return self.initial_people - accounted - self.emigrated - self.recruited
