"""The outcome registry: every measured result, in real units, with one name used everywhere.

The CLI, the Parquet files, the app and the notebooks all use these names. Flows are per month
(the unit says so); stocks are end-of-month values. Scale factors turn agents into people:
one Migrant = ``migration.people_per_agent`` persons; coca is counted in hectares (one CocaGrower
holds the coca area of one cell).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from mesa import DataCollector

from agents.armed import REVENUE_SOURCES
from model.categories import CATEGORIES
from model.displacement import CHANNELS
from model.outcome_titles import outcome_title

if TYPE_CHECKING:  # pragma: no cover
    from model.simulation import ColombiaModel


@dataclass(frozen=True)
class Outcome:
    """One outcome: name, unit, description and how to compute it from a model.

    ``title`` is the short name readers see in charts, tables and findings ("Coca under
    cultivation"); :func:`outcome_registry` sets it for every outcome.
    """

    name: str
    unit: str
    description: str
    compute: Callable[[Any], float]
    kind: str = "stock"  # "stock" (end of month) or "flow" (per month)
    worse_when: str | None = "higher"  # "higher", "lower" or None (no direction)
    title: str = ""


class OutcomeCollector(DataCollector):
    """Mesa's ``DataCollector`` of the outcomes: the same ``model_vars``, without the copies.

    Mesa's ``collect`` stores ``deepcopy(reporter(model))`` for each reporter function; a
    deep copy of a Python float is the float itself, yet the copy's dispatch cost as much as
    many outcomes (issue 15). So a float is stored as it comes and anything else is copied as
    Mesa copies it; the first collect (Mesa validates the reporters then) and collectors with
    agent reporters or other kinds of reporters run Mesa's own ``collect``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Mesa's ``DataCollector(...)``; notes whether every reporter is a function."""
        super().__init__(*args, **kwargs)
        self._functions = all(
            isinstance(r, types.LambdaType | partial) for r in self.model_reporters.values()
        )

    def collect(self, model: Any) -> None:
        """Collect every outcome of ``model`` now (Mesa's ``collect``, the same values)."""
        reporters = self.model_reporters
        if (
            not self._validated
            or not self._functions
            or self.agent_reporters
            or self.agenttype_reporters
        ):
            super().collect(model)
            return
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        model_vars = self.model_vars
        for var, reporter in reporters.items():
            value = reporter(model)
            model_vars[var].append(value if type(value) is float else deepcopy(value))


#: what each source of the groups' income is, for the outcome descriptions
REVENUE_LABELS: dict[str, str] = {
    "coca": "taxes on coca growers",
    "routes": "taxes on cocaine produced in and carried across the cells they hold",
    "gold": "illegal gold",
    "extortion": "extortion",
    "ransoms": "ransoms",
}


def _armed_cells(m: ColombiaModel) -> np.ndarray:
    return m.control.is_armed()


def outcome_registry(group_keys: tuple[str, ...]) -> dict[str, Outcome]:
    """The registry for the given armed groups (and every assistance category), a new dict.

    Built once per process and tuple of groups (every model's set-up asked for it, 0.7 ms;
    issue 15): the outcomes are frozen and their functions read only the model they are given.
    """
    return dict(_registry(tuple(group_keys)))


@functools.cache
def _registry(group_keys: tuple[str, ...]) -> dict[str, Outcome]:
    """:func:`outcome_registry`, built (kept per tuple of groups; callers get copies)."""
    # imported here: the politics outcomes' module imports Outcome from this one
    from model.outcomes_politics import politics_outcomes

    outcomes: list[Outcome] = [
        Outcome(
            "state_control_share",
            "share of land cells",
            "Land cells the state controls (Kalyvas zones 1-2).",
            lambda m: float(m.control.shares()[0]),
        ),
        Outcome(
            "armed_control_share",
            "share of land cells",
            "Land cells an armed group controls (zones 4-5).",
            lambda m: float(m.control.shares()[1:-1].sum()),
        ),
        Outcome(
            "contested_share",
            "share of land cells",
            "Disputed land cells (zone 3).",
            lambda m: float(m.control.shares()[-1]),
        ),
    ]
    for i, key in enumerate(group_keys):
        outcomes.append(
            Outcome(
                f"control_share_{key}",
                "share of land cells",
                f"Land cells controlled by {key}.",
                lambda m, idx=i + 1: float(m.control.shares()[idx]),
            )
        )
    outcomes += [
        Outcome(
            "population_under_armed_control",
            "persons",
            "Residents of cells an armed group controls.",
            lambda m: float((m.population * _armed_cells(m)).sum()),
        ),
        Outcome(
            "coca_ha",
            "hectares",
            "Coca under cultivation (sum of growers' areas).",
            lambda m: float(m.coca_ha.sum()),
        ),
        Outcome(
            "cocaine_potential_t",
            "tonnes / month",
            "Potential pure cocaine production (shipped the next month, ODD 7.10).",
            lambda m: m.trafficking.month.potential_t,
            "flow",
        ),
        Outcome(
            "cocaine_seized_t",
            "tonnes / month",
            "Cocaine seized in Colombia, on the routes and at the exits (C6, F5).",
            lambda m: m.trafficking.month.seized_t,
            "flow",
        ),
        Outcome(
            "cocaine_seized_partners_t",
            "tonnes / month",
            "Colombian cocaine seized by partner countries after it left Colombia (C6, F12).",
            lambda m: m.trafficking.month.seized_partners_t,
            "flow",
        ),
        Outcome(
            "cocaine_exported_t",
            "tonnes / month",
            "Cocaine that left Colombia and was not seized by partner countries (C6).",
            lambda m: m.trafficking.month.exported_t,
            "flow",
        ),
        Outcome(
            "cocaine_in_transit_t",
            "tonnes",
            "Cocaine produced but not yet shipped (a month of production, plus any that can "
            "reach no exit).",
            lambda m: m.trafficking.month.in_transit_t,
        ),
        Outcome(
            "regional_coordination",
            "index (1 = status quo)",
            "Coordination of partner countries' interdiction through Colombia's hub (C6, F12, "
            "F13).",
            lambda m: m.trafficking.hub.level,
        ),
        Outcome(
            "coca_base_price_usd_kg",
            "US$ / kg",
            "Farm-gate price of coca base, moved by the risk premium of seizures and by demand "
            "(C5).",
            lambda m: m.trafficking.prices.farm_gate_usd_per_kg,
        ),
        Outcome(
            "armed_members",
            "persons",
            "Members of all armed groups' fronts.",
            # the groups keep their fronts' total as fighters change (ArmedGroup.members): the
            # same integer as summing every front's fighters, without the walk (issue 15)
            lambda m: float(sum(g.members for g in m.groups)),
        ),
        Outcome(
            "kidnappings",
            "kidnappings / month",
            "Kidnappings by armed fronts (F8).",
            lambda m: m.events.get("kidnappings"),
            "flow",
        ),
        Outcome(
            "security_force_deaths",
            "persons / month",
            "Security-force members killed in combat and attacks (F8).",
            lambda m: m.events.get("security_force_deaths"),
            "flow",
        ),
        Outcome(
            "child_recruits",
            "persons / month",
            "Children recruited by armed fronts (F9).",
            lambda m: m.events.get("child_recruits"),
            "flow",
        ),
        Outcome(
            "extortion_musd",
            "US$ million / month",
            "Extortion taken by armed fronts from residents (C3, F9).",
            lambda m: m.events.get("extortion_usd") / 1e6,
            "flow",
        ),
        Outcome(
            "armed_revenue_musd",
            "US$ million / month",
            "Income of all armed groups: coca taxes, cocaine routes, gold, extortion, ransoms "
            "(C5).",
            lambda m: sum(g.revenue_usd for g in m.groups) / 1e6,
            "flow",
        ),
    ]
    for source in REVENUE_SOURCES:
        outcomes.append(
            Outcome(
                f"armed_revenue_{source}_musd",
                "US$ million / month",
                f"Income of all armed groups from {REVENUE_LABELS[source]} (C5).",
                lambda m, s=source: sum(g.revenue_by_source[s] for g in m.groups) / 1e6,
                "flow",
            )
        )
    outcomes += [
        Outcome(
            "displaced_new",
            "persons / month",
            "People newly displaced, all channels (C4; ODD 7.13).",
            lambda m: m.events.get("displaced_new"),
            "flow",
        ),
    ]
    for channel in CHANNELS:
        outcomes.append(
            Outcome(
                f"displaced_{channel}",
                "persons / month",
                f"People newly displaced through the '{channel}' channel (ODD 7.13).",
                lambda m, name=f"displaced_{channel}": m.events.get(name),
                "flow",
            )
        )
    outcomes += [
        Outcome(
            "displaced_mass",
            "persons / month",
            "People displaced in mass events: violence, changes of controller, confinement.",
            lambda m: m.events.get("displaced_mass"),
            "flow",
        ),
        Outcome(
            "displaced_individual",
            "persons / month",
            "People displaced household by household: threats and predation (extortion, "
            "kidnapping, recruitment of minors).",
            lambda m: m.events.get("displaced_individual"),
            "flow",
        ),
        Outcome(
            "idps",
            "persons",
            "People displaced during the simulation and still displaced (the pre-run stock of "
            "about 5 million is not included).",
            lambda m: float(m.migration.households.total_people()),
        ),
        Outcome(
            "confined",
            "persons",
            "Residents confined by armed groups this month: they neither flee nor work (F9).",
            lambda m: float(m.migration.confined.sum()),
        ),
        Outcome(
            "returns",
            "persons / month",
            "Displaced people who went home (their origin safe long enough).",
            lambda m: m.events.get("returns"),
            "flow",
        ),
        Outcome(
            "emigrants_us",
            "persons / month",
            "Irregular departures toward the United States, residents and displaced, counted "
            "as they reach the border (C4, F14).",
            lambda m: m.events.get("emigrants_us"),
            "flow",
        ),
        Outcome(
            "emigrants_us_swb",
            "persons / month",
            "Irregular departures toward the U.S. southwest border (through Mexico), part of "
            "emigrants_us; the rest go to the other U.S. borders (C4, F14).",
            lambda m: m.events.get("emigrants_us_swb"),
            "flow",
        ),
        Outcome(
            "emigrants_us_cum",
            "persons",
            "Irregular departures toward the United States since the start of the run.",
            lambda m: float(m.migration.emigrated),
        ),
        Outcome(
            "us_border_openness",
            "index (1 = FY2023)",
            "The U.S. southwest border's openness this month: an exogenous input "
            "(model/data/us_border_openness.csv).",
            lambda m: float(m.migration.openness),
        ),
        Outcome(
            "us_assistance_musd",
            "US$ million / month",
            "U.S. assistance delivered this month, all categories.",
            lambda m: float(m.capacity.us_musd.sum()),
            "flow",
        ),
    ]
    for i, category in enumerate(CATEGORIES):
        outcomes.append(
            Outcome(
                f"state_capacity_{category.value}",
                "index (1 = status quo)",
                f"State capacity fed by {category.value} assistance.",
                lambda m, idx=i: float(m.capacity.capacity[idx]),
            )
        )
    outcomes.append(
        Outcome(
            "economy_index",
            "index (1 = status quo)",
            "Licit economy against the start: lending support, downgrade, investment, economic "
            "aid, violence and coca's share of rural income (C8).",
            lambda m: float(m.economy.index),
        )
    )
    outcomes += politics_outcomes()
    better_high = {"state_control_share", "economy_index", "regional_coordination"}
    no_direction = {
        "governing_camp_wins",
        "cooperation",
        "counternarcotics_effort",
        "extraditions",
        "partner_share_security",
        "us_influence_index",
        "us_assistance_musd",
        "cocaine_potential_t",
        "cocaine_seized_t",
        "cocaine_seized_partners_t",
        "cocaine_in_transit_t",
        "coca_base_price_usd_kg",
        "returns",
        "us_border_openness",
    }
    fixed = []
    for o in outcomes:
        if o.name in better_high or o.name.startswith("state_capacity_"):
            o = replace(o, worse_when="lower")
        elif o.name in no_direction:
            o = replace(o, worse_when=None)
        fixed.append(replace(o, title=outcome_title(o.name)))
    return {o.name: o for o in fixed}


#: Outcomes shown in summaries and reports by default.
KEY_OUTCOMES: tuple[str, ...] = (
    "state_control_share",
    "armed_control_share",
    "armed_members",
    "kidnappings",
    "security_force_deaths",
    "coca_ha",
    "cocaine_seized_t",
    "cocaine_exported_t",
    "displaced_new",
    "emigrants_us",
    "economy_index",
)
