"""Parameters of the coca growers (ODD 7.9; C5; F2-F4)."""

from __future__ import annotations

from model.params.base import P, Section, calibrated


class CocaParams(Section):
    """Coca growers (C5; F2-F4)."""

    coca_net_usd_per_ha: float = P(
        100.0,
        unit="US$ / ha / month",
        ge=0,
        le=10000,
        description="Net return of a hectare of coca to a grower before eradication risk.",
    )
    licit_net_usd_per_ha: float = P(
        90.0,
        unit="US$ / ha / month",
        ge=0,
        le=10000,
        description="Net return of a hectare of licit crops at economy index 1 and no support.",
    )
    alt_dev_bonus: float = P(
        0.5,
        unit="1",
        ge=0,
        le=5,
        description="Relative boost to licit returns at full alternative-development capacity.",
    )
    coercion_bonus: float = P(
        0.3,
        unit="1",
        ge=0,
        le=5,
        description="Relative boost to the value of coca where an armed group controls (coercion).",
    )
    replant_share: float = P(
        0.375,
        unit="1",
        ge=0,
        le=1,
        description="Share of eradicated coca that growers replant at once: eradication removes "
        "(1 - replant_share) of what it takes, and growers weigh only that loss.",
        source="forced_eradication_ha 2019-01 to 2019-12-04 (colombia_targets.csv, MinDefensa): "
        "'replanting 35-40%'",
    )
    eradication_deterrence: float = P(
        0.0,
        unit="1",
        ge=0,
        le=1,
        description="How much the risk of eradication deters planting: growers weigh the "
        "chance of losing a hectare within a year, 1 - exp(-12 * d * loss), in the coca return. "
        "1: the whole chance; 0: eradication removes coca (less what is replanted) but growers "
        "still plant toward the area their returns favour.",
        source="Reyes 2014 (World Development 61: forced eradication in Colombian "
        "municipalities 2001-2006, instrumented, +1% eradication ~ +1% coca) and Mejia, "
        "Restrepo & Rozo 2017 (World Bank Economic Review: aerial spraying, small reductions) "
        "find little or no deterrence; 0 set by hand against the scorecard, "
        "chosen over 1 (the rule before issue 10) against "
        "the hindcast's coca 2018-2023 (docs/MISFITS.md): with 1 the model "
        "answered eradication 2-3 times as strongly as the census",
    )
    adjustment_rate: float = P(
        0.06264,
        unit="1 / month",
        ge=0,
        le=1,
        description="How fast growers move their coca area toward the area their returns favour.",
        source=calibrated(0.04, "assumed"),
    )
    choice_sharpness: float = P(
        1.5,
        unit="1",
        gt=0,
        le=10,
        description="Exponent k of the share of land put in coca: c^k / (c^k + l^k) with c, l the "
        "returns of coca and licit crops.",
    )
    max_expansion: float = P(
        2.0,
        unit="1 (multiple of 2023 area)",
        ge=1,
        le=20,
        description="Coca area a grower can reach relative to its cell's 2023 area (cells "
        "without coca in 2023 get none in this first version): the land its returns share out.",
    )
    backlash_memory_months: float = P(
        12.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the grievance left by eradication fades.",
    )
