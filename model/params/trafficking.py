"""Parameters of cocaine's road: production, routes, interdiction, the hub, prices (ODD 7.10).

Three sections: ``trafficking`` (production, the route network and its costs, the groups' taxes),
``interdiction`` (seizures in Colombia, the regional hub and partner countries; C6, F12, F13) and
``prices`` (the risk premium and the farm-gate price growers read; C5).
"""

from __future__ import annotations

from model.params.base import P, Section, calibrated


class TraffickingParams(Section):
    """Cocaine production and the route network (C5, C6; F3, F5)."""

    yield_kg_per_ha_year: float = P(
        10.5,
        unit="kg pure cocaine / ha / year",
        ge=0,
        le=100,
        description="Potential production per hectare.",
        source="cocaine_potential_t_unodc 2023 (2,664 t) / coca_ha_unodc 2023 (253,000 ha)",
    )
    yield_by_year: float = P(
        1.0,
        unit="1",
        ge=0,
        le=1,
        description="Weight of UNODC's yield-by-year index (model/data/coca_productivity.csv, "
        "2017-2023 over 2023): the yield is yield_kg_per_ha_year * index ** yield_by_year; 1 "
        "follows the data, 0 holds the 2023 yield in every year. Runs from 2023 on are the same "
        "either way.",
        source="UNODC's yields (the file); 1, set by hand against the scorecard, "
        "since the calibrated defaults (it was 0 while, at "
        "the earlier defaults, the groups' money set against 2023 yields bound their "
        "membership 2018-2025: 3 seeds, 135 -> 129 of 183); at the calibrated point, with the "
        "Colombians' route, 137 -> 144 of 183 (3 seeds; docs/VALIDATION.md). The calibration "
        "was fitted with 0",
    )
    transport_usd_per_kg_km: float = P(
        0.5,
        unit="US$ / kg / km",
        ge=0,
        le=100,
        description="Cost of moving a kilogram one kilometre through the easiest terrain (the "
        "distance term of a route's cost).",
        source="assumed; order of the rise of the cocaine price from lab (~US$1,000/kg) to coast "
        "(~US$2,000/kg) over a few hundred kilometres, recalled (UNODC price reports)",
    )
    terrain_weight: float = P(
        1.0,
        unit="1",
        ge=0,
        le=20,
        description="Extra transport cost in the most remote cell: the distance term is "
        "multiplied by 1 + terrain_weight * remoteness (no roads, rivers and jungle).",
    )
    rival_cost_usd_per_kg_100km: float = P(
        100.0,
        unit="US$ / kg / 100 km",
        ge=0,
        le=100000,
        description="Cost a group's shipment bears crossing 100 km of cells fully held by rival "
        "groups (theft, clashes, bribes), scaled by the rivals' share of each cell.",
    )
    protection: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Share of the interdiction hazard a shipment escapes in cells its own group "
        "or an ally holds (lookouts, corruption), scaled by their share of each cell.",
    )
    transit_tax_usd_per_kg_100km: float = P(
        75.0,
        unit="US$ / kg / 100 km",
        ge=0,
        le=100000,
        description="Tax a group levies on each kilogram crossing 100 km of cells it holds "
        "(by its share of each cell); shipments of unaffiliated traffickers bear it as a cost.",
        source="assumed; with production_tax_usd_per_kg scaled by hand so that the groups' cocaine "
        "income in the first year stays near that of the former distance heuristic (about "
        "US$14 million a month; certified, seed 1, 0.25 degree)",
    )
    production_tax_usd_per_kg: float = P(
        160.0,
        unit="US$ / kg",
        ge=0,
        le=100000,
        description="Tax a group levies on each kilogram of cocaine produced in cells it holds "
        "(by its share of each cell): the 'gramaje' on base and laboratories.",
        source="assumed; scaled by hand with transit_tax_usd_per_kg_100km (see its source)",
    )
    logit_scale_usd_per_kg: float = P(
        150.0,
        unit="US$ / kg",
        gt=0,
        le=100000,
        description="Dispersion of the logit over routes: a route costing this much more per "
        "kilogram than another carries 1/e times as much from the same production cell.",
    )
    risk_memory_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which traffickers' perceived interdiction hazard of each "
        "cell follows the hazard they meet there (NarcoLogic's learned risk).",
        source="assumed; Magliocca et al. 2019 (NarcoLogic) learn risk from recent interdiction",
    )
    recompute_threshold: float = P(
        0.1,
        unit="1",
        ge=0,
        le=10,
        description="Least-cost routes are recomputed when the cells' costs have moved by more "
        "than this share (sum of absolute changes over the sum of costs) since the last time.",
    )


class InterdictionParams(Section):
    """Seizures in Colombia, the regional hub and partner countries (C6; F5, F12, F13)."""

    hazard_per_100km: float = P(
        0.07,
        unit="1 / 100 km",
        ge=0,
        le=10,
        description="Seizure hazard of a shipment crossing 100 km of cells at full state presence "
        "and status-quo interdiction capacity and intelligence.",
        source="assumed; scaled by hand with the exit hazards so that Colombia seizes about 28% of "
        "what is shipped (cocaine_seizures_t 2023, 741 t, over cocaine_potential_t_unodc 2023, "
        "2,664 t), a third of it on land (certified, seed 1, first year)",
    )
    unit_detection: float = P(
        1.0,
        unit="1",
        ge=0,
        le=20,
        description="Weight of nearby security units in detection: detection = presence + "
        "unit_detection * U / (U + unit_half_force), U the units' projected force.",
    )
    unit_half_force: float = P(
        400.0,
        unit="effective personnel",
        gt=0,
        le=100000,
        description="Projected force of security units at which their detection term is half "
        "its most (one unit's personnel).",
    )
    known_share: float = P(
        0.3,
        unit="1",
        ge=0,
        le=1,
        description="Share of shipments known in advance at status-quo intelligence capacity; "
        "it scales with intelligence (targeting).",
        source="assumed (F13: intelligence tells which shipments to stop)",
    )
    known_multiplier: float = P(
        4.0,
        unit="1",
        ge=1,
        le=100,
        description="How many times more likely a known shipment is seized than an unknown one.",
    )
    exit_hazard_port: float = P(
        0.4825,
        unit="1",
        ge=0,
        le=20,
        description="Seizure hazard at a sea port exit (containers, go-fasts leaving the bay) at "
        "status-quo interdiction and intelligence: seizure probability 1 - exp(-hazard).",
        source=calibrated(
            0.4,
            "assumed; most of Colombia's seizures are maritime and at ports; scaled with "
            "hazard_per_100km",
        ),
    )
    swamping_elasticity: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Enforcement swamping (Kleiman 1993): every seizure hazard is multiplied by "
        "(shipped / reference) ** -swamping_elasticity, shipped the cocaine shipped this month "
        "and reference the world's production at its 2023 coca and 2023 yield (the level the "
        "hazards were scaled at); 0 holds the hazards whatever the flow, 1 holds the tonnes "
        "seized.",
        source="derived from two scored rows, so those are not tests: seizures rose 505 -> 741 t "
        "while UNODC's potential production rose 1,228 -> 2,664 t, 2020-2023 "
        "(cocaine_seizures_t, cocaine_potential_t_unodc), an elasticity of seizures on "
        "production of 0.49; on since the eradication forcing of 2018-2019 was corrected "
        "(issue 10: hindcast +2 rows, 3 seeds; docs/VALIDATION.md). Kleiman 1993, recalled",
    )
    exit_hazard_coast: float = P(
        0.3,
        unit="1",
        ge=0,
        le=20,
        description="Seizure hazard at a coast or river-mouth exit (go-fasts, semisubmersibles).",
        source="assumed; scaled by hand with hazard_per_100km and the port hazard so that "
        "Colombia seizes about 28% of what is shipped (cocaine_seizures_t 2023 over "
        "cocaine_potential_t_unodc 2023); its ratio to the port hazard is assumed",
    )
    exit_hazard_border: float = P(
        0.18,
        unit="1",
        ge=0,
        le=20,
        description="Seizure hazard at a land or river border crossing.",
        source="assumed; scaled by hand with hazard_per_100km and the port hazard so that "
        "Colombia seizes about 28% of what is shipped (cocaine_seizures_t 2023 over "
        "cocaine_potential_t_unodc 2023); its ratio to the port hazard is assumed",
    )
    partner_base_share: float = P(
        0.08,
        unit="1",
        ge=0,
        le=1,
        description="Share of the cocaine leaving Colombia that partner countries seize without "
        "coordination through Colombia.",
        source="assumed",
    )
    partner_hub_share: float = P(
        0.12,
        unit="1",
        ge=0,
        le=1,
        description="Extra share partner countries seize at full regional coordination through "
        "Colombia's hub (F12: Operation Orion, 62 nations).",
        source="assumed; F12, F13",
    )
    hub_intelligence_weight: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Weight of intelligence in the coordination the hub tends to: target = "
        "interdiction**(1 - w) * intelligence**w (F13: shipments known but not coordinated).",
    )
    hub_build_months: float = P(
        24.0,
        unit="months",
        gt=0,
        le=240,
        description="Time constant with which regional coordination grows toward its target "
        "(trust and liaison between navies are slow to build).",
    )
    hub_decay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=240,
        description="Time constant with which regional coordination falls toward a lower target "
        "after assistance is cut (F13: the early-2025 freeze).",
    )


class PriceParams(Section):
    """Cocaine prices: the risk premium and the farm-gate price (C5; F3)."""

    farm_gate_usd_per_kg: float = P(
        600.0,
        unit="US$ / kg coca base",
        ge=0,
        le=100000,
        description="Farm-gate price of coca base at set-up (the price index 1).",
        source="recalled: UNODC/SIMCI report coca base at about COP 2-3 million a kilogram in "
        "2022-2023",
    )
    export_usd_per_kg: float = P(
        2000.0,
        unit="US$ / kg",
        ge=0,
        le=1000000,
        description="Price of a kilogram of cocaine at Colombia's exits at set-up: the value "
        "traffickers put at risk on the way (their cost of interdiction).",
        source="recalled: wholesale price of cocaine in Colombia, order of US$1,500-2,500 a kg",
    )
    risk_elasticity: float = P(
        1.0,
        unit="1",
        ge=0,
        le=5,
        description="Elasticity of the export and farm-gate prices to the risk premium (1 - s0) / "
        "(1 - s), s the share of shipped cocaine seized (Colombia and partners, smoothed "
        "over risk_memory_months) and s0 its value at set-up; 0 removes the channel.",
        source="assumed; risks-and-prices (Reuter & Kleiman 1986): seizures act as a tax, "
        "replacing seized kilograms raises the price",
    )
    demand_growth_per_year: float = P(
        0.1606,
        unit="1 / year",
        ge=-0.5,
        le=0.5,
        description="Yearly growth of the demand for Colombian cocaine, which moves the prices "
        "in proportion.",
        source=calibrated(
            0.0,
            "assumed (no trend; UNODC reports rising use worldwide: a calibration candidate)",
        ),
    )
