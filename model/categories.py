"""U.S. assistance categories: the policy lever's units (brief: "The policy lever", C1).

Each category has its own funding line, its own capacity stock (``model/capacity.py``) and its own
effect on the agents' rules. The six categories of the post's minimum waiver list are
``WAIVER_LIST``; the ``waivers`` regime keeps exactly these.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """An assistance category (a funding line and a capacity stock)."""

    INTELLIGENCE = "intelligence"
    TRAINING_SALARIES = "training_salaries"
    AIRCRAFT_FUEL_MAINTENANCE = "aircraft_fuel_maintenance"
    RURAL_PRESENCE = "rural_presence"
    PEACE_IMPLEMENTATION = "peace_implementation"
    JUSTICE = "justice"
    ERADICATION_ALT_DEV = "eradication_alt_dev"
    INTERDICTION_HUB = "interdiction_hub"
    ECONOMIC_AID = "economic_aid"


#: Every category in the order of the funding and capacity arrays (``funding[i]`` is
#: ``CATEGORIES[i]``): the enum's order.
CATEGORIES: tuple[Category, ...] = tuple(Category)

DESCRIPTIONS: dict[Category, str] = {
    Category.INTELLIGENCE: "intelligence collection and sharing (targeting accuracy, C1)",
    Category.TRAINING_SALARIES: "military and police training and salary support (combat "
    "effectiveness, C1)",
    Category.AIRCRAFT_FUEL_MAINTENANCE: "fuel supply and maintenance of Colombian aircraft (air "
    "mobility and reach into remote areas, C1, F17)",
    Category.RURAL_PRESENCE: "programs that extend state presence in the countryside (C1)",
    Category.PEACE_IMPLEMENTATION: "implementation of the 2016 peace deal (state presence, licit "
    "livelihoods, C1)",
    Category.JUSTICE: "prosecutors and justice (captures become convictions, C1)",
    Category.ERADICATION_ALT_DEV: "eradication and alternative development (C5, F4)",
    Category.INTERDICTION_HUB: "interdiction and the regional hub (C6, F12, F13)",
    Category.ECONOMIC_AID: "economic aid (licit economy, C8)",
}

#: The post's minimum waiver list (brief, "The policy lever"), in the brief's order.
WAIVER_LIST: tuple[Category, ...] = (
    Category.INTELLIGENCE,
    Category.RURAL_PRESENCE,
    Category.PEACE_IMPLEMENTATION,
    Category.JUSTICE,
    Category.TRAINING_SALARIES,
    Category.AIRCRAFT_FUEL_MAINTENANCE,
)

#: Security categories: what the 1997 waiver (US$30 million of security aid, F17) released.
SECURITY_CATEGORIES: tuple[Category, ...] = (
    Category.INTELLIGENCE,
    Category.TRAINING_SALARIES,
    Category.AIRCRAFT_FUEL_MAINTENANCE,
    Category.INTERDICTION_HUB,
)
