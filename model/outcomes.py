"""The outcome registry: every measured result, in real units, with one name used everywhere.

The CLI, the Parquet files, the app and the notebooks all use these names. Flows are per month
(the unit says so); stocks are end-of-month values. Scale factors turn agents into people:
one Migrant = ``migration.people_per_agent`` persons; coca is counted in hectares (one CocaGrower
holds the coca area of one cell).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from model.categories import CATEGORIES
from model.displacement import CHANNELS
from model.groups import GROUPS

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


#: Display titles of the outcomes with a fixed name (per-group, per-channel and per-category
#: titles are built by :func:`_title`).
_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "state_control_share": "Land the state controls",
        "armed_control_share": "Land armed groups control",
        "contested_share": "Disputed land (no one in control)",
        "population_under_armed_control": "Residents under armed control",
        "coca_ha": "Coca under cultivation",
        "cocaine_potential_t": "Potential cocaine production",
        "cocaine_seized_t": "Cocaine seized",
        "cocaine_exported_t": "Cocaine exported unseized",
        "armed_members": "Armed group members",
        "kidnappings": "Kidnappings",
        "security_force_deaths": "Security-force members killed",
        "child_recruits": "Children recruited by armed groups",
        "extortion_musd": "Extortion by armed groups",
        "armed_revenue_musd": "Armed groups' income",
        "displaced_new": "People newly displaced",
        "displaced_mass": "People displaced in mass events",
        "displaced_individual": "People displaced individually",
        "idps": "People still displaced (since the start)",
        "confined": "People confined by armed groups",
        "returns": "Displaced people returning home",
        "emigrants_us": "Emigrants toward the United States",
        "emigrants_us_cum": "Emigrants toward the United States since the start",
        "us_border_openness": "U.S. border openness",
        "us_assistance_musd": "U.S. assistance delivered",
        "economy_index": "Licit economy index",
    }
)
_CHANNEL_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "violence": "violence",
        "control_change": "a change of controller",
        "confinement": "confinement",
        "threats": "threats",
        "predation": "predation (extortion, kidnapping, recruitment)",
    }
)


def _title(name: str) -> str:
    """The display title of outcome ``name``; its name when none is known."""
    if name in _TITLES:
        return _TITLES[name]
    if name.startswith("control_share_"):
        key = name.removeprefix("control_share_")
        known = {g.key: g.name for g in GROUPS}
        return f"Land {known.get(key, key)} controls"
    if name.startswith("displaced_"):
        channel = name.removeprefix("displaced_")
        return f"People displaced by {_CHANNEL_TITLES.get(channel, channel.replace('_', ' '))}"
    if name.startswith("state_capacity_"):
        category = name.removeprefix("state_capacity_").replace("_", " ")
        return f"State capacity: {category}"
    return name


def _armed_cells(m: ColombiaModel) -> np.ndarray:
    return m.control.is_armed()


def outcome_registry(group_keys: tuple[str, ...]) -> dict[str, Outcome]:
    """Build the registry for the given armed groups (and every assistance category)."""
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
            "Potential pure cocaine production.",
            lambda m: m.trafficking.potential_t if m.trafficking else 0.0,
            "flow",
        ),
        Outcome(
            "cocaine_seized_t",
            "tonnes / month",
            "Cocaine seized.",
            lambda m: m.trafficking.seized_t if m.trafficking else 0.0,
            "flow",
        ),
        Outcome(
            "cocaine_exported_t",
            "tonnes / month",
            "Cocaine leaving Colombia unseized.",
            lambda m: m.trafficking.exported_t if m.trafficking else 0.0,
            "flow",
        ),
        Outcome(
            "armed_members",
            "persons",
            "Members of all armed groups' fronts.",
            lambda m: float(m.armed_units.agg("fighters", sum)),
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
    better_high = {"state_control_share", "economy_index"}
    no_direction = {
        "us_assistance_musd",
        "cocaine_potential_t",
        "cocaine_seized_t",
        "returns",
        "us_border_openness",
    }
    fixed = []
    for o in outcomes:
        if o.name in better_high or o.name.startswith("state_capacity_"):
            o = replace(o, worse_when="lower")
        elif o.name in no_direction:
            o = replace(o, worse_when=None)
        fixed.append(replace(o, title=_title(o.name)))
    return {o.name: o for o in fixed}


#: Outcomes shown in summaries and reports by default.
KEY_OUTCOMES: tuple[str, ...] = (
    "state_control_share",
    "armed_control_share",
    "armed_members",
    "kidnappings",
    "security_force_deaths",
    "coca_ha",
    "cocaine_exported_t",
    "displaced_new",
    "emigrants_us",
    "economy_index",
)
