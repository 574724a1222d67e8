"""Display titles of the outcomes: the short names readers see in charts, tables and findings.

``model/outcomes.py`` gives every outcome of its registry the title :func:`outcome_title` returns
("Coca under cultivation" for ``coca_ha``); per-group, per-channel, per-category and per-source
titles are built from their parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from model.groups import GROUPS

#: Display titles of the outcomes with a fixed name (per-group, per-channel and per-category
#: titles are built by :func:`outcome_title`).
_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "state_control_share": "Land the state controls",
        "armed_control_share": "Land armed groups control",
        "contested_share": "Disputed land (no one in control)",
        "population_under_armed_control": "Residents under armed control",
        "coca_ha": "Coca under cultivation",
        "cocaine_potential_t": "Potential cocaine production",
        "cocaine_seized_t": "Cocaine seized in Colombia",
        "cocaine_seized_partners_t": "Colombian cocaine seized by partner countries",
        "cocaine_exported_t": "Cocaine exported unseized",
        "cocaine_in_transit_t": "Cocaine stocked in transit",
        "regional_coordination": "Regional interdiction coordination (the hub)",
        "coca_base_price_usd_kg": "Farm-gate price of coca base",
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
        "emigrants_us_swb": "Emigrants toward the U.S. southwest border",
        "emigrants_us_cum": "Emigrants toward the United States since the start",
        "us_border_openness": "U.S. border openness",
        "us_assistance_musd": "U.S. assistance delivered",
        "economy_index": "Licit economy index",
        "governing_camp_wins": "Governing camp wins the 2026 vote",
        "cooperation": "Government cooperation with U.S. drug policy",
        "counternarcotics_effort": "Government's own counter-narcotics effort",
        "extraditions": "Extraditions to the U.S.",
        "partner_share_security": "Partners' share of external security support",
        "us_influence_index": "U.S. influence index",
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

#: each source of the groups' income in a few words, for the outcome titles
REVENUE_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "coca": "coca taxes",
        "routes": "cocaine taxes",
        "gold": "illegal gold",
        "extortion": "extortion",
        "ransoms": "ransoms",
    }
)


def outcome_title(name: str) -> str:
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
    if name.startswith("armed_revenue_") and name.endswith("_musd"):
        source = name.removeprefix("armed_revenue_").removesuffix("_musd")
        return f"Armed groups' income from {REVENUE_TITLES.get(source, source.replace('_', ' '))}"
    return name
