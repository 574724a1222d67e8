"""Parameters of cocaine production, seizures and exports (ODD 7.10; C5, C6)."""

from __future__ import annotations

from model.params.base import P, Section


class TraffickingParams(Section):
    """Cocaine and interdiction (C5, C6; F3, F5, F12, F13)."""

    yield_kg_per_ha_year: float = P(
        10.5,
        unit="kg pure cocaine / ha / year",
        ge=0,
        le=100,
        description="Potential production per hectare.",
        source="cocaine_potential_t_unodc 2023 (2,664 t) / coca_ha_unodc 2023 (253,000 ha)",
    )
    seizure_share: float = P(
        0.3,
        unit="1",
        ge=0,
        le=1,
        description="Share of production seized at full interdiction and hub capacity.",
        source="cocaine_seizures_t 2024 (848.5 t) vs potential 2023 (2,664 t)",
    )
    presence_weight: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Weight of production-weighted state presence (relative to set-up) in "
        "seizures.",
    )
    price_usd_per_kg: float = P(
        300.0,
        unit="US$ / kg",
        ge=0,
        le=100000,
        description="What the group controlling a producing cell earns per kilogram exported "
        "(taxes on production and transit; assumed, below the ~US$1,500/kg local price).",
    )
    route_rent_usd: float = P(
        50000.0,
        unit="US$ / month",
        ge=0,
        le=1e8,
        description="Rent of controlling a cell at an export point, falling as 1/(1 + d/D) "
        "with distance d to the nearest exit and D = route_rent_distance_km (routes, C6).",
    )
    route_rent_distance_km: float = P(
        50.0,
        unit="km",
        gt=0,
        le=2000,
        description="Distance to the nearest export point at which a cell's route rent has "
        "fallen to half of route_rent_usd.",
    )
