"""Parameters of the security units (ODD 7.5; C1; F11)."""

from __future__ import annotations

from model.params.base import P, Section


class SecurityParams(Section):
    """Security units (C1; F11)."""

    n_units: int = P(
        120,
        unit="units",
        ge=1,
        le=2000,
        description="Security units (brigades, police units) acting on the grid.",
    )
    n_vetted: int = P(
        30,
        unit="units",
        ge=0,
        le=2000,
        description="Of which U.S.-vetted units.",
        source="F11 (around 30 vetted units)",
    )
    personnel: int = P(
        400,
        unit="effective personnel",
        ge=1,
        le=100000,
        description="Personnel a unit brings to a fight or a patrol.",
    )
    garrison_share: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Share of a unit's strength that stays at its base as a garrison; the rest "
        "deploys to targets or patrols.",
    )
    vetted_effectiveness: float = P(
        1.5,
        unit="1 (multiplier)",
        ge=1,
        le=5,
        description="Effectiveness of a vetted unit relative to others at full capacity.",
    )
    vetted_us_dependence: float = P(
        0.8,
        unit="1",
        ge=0,
        le=1,
        description="How much of a vetted unit's extra effectiveness depends on U.S. training "
        "and salary support.",
    )
    base_reach: int = P(
        2,
        unit="cells",
        ge=0,
        le=20,
        description="How far a unit can move in a month by land (without aircraft).",
    )
    air_reach: int = P(
        6,
        unit="cells",
        ge=0,
        le=50,
        description="Extra reach at full air mobility (fuel and aircraft maintenance).",
    )
    remote_reach_threshold: float = P(
        0.5,
        unit="1 (remoteness)",
        ge=0,
        le=1,
        description="Cells more remote than this can only be reached by air: a unit reaches them "
        "only if air mobility exceeds their remoteness.",
    )
    targeting_accuracy: float = P(
        0.9,
        unit="probability",
        ge=0,
        le=1,
        description="Chance that a unit knows where the strongest armed concentration within "
        "reach is, at full intelligence capacity (C1).",
    )
    strength_gradient: float = P(
        0.5,
        unit="1 / cell",
        ge=0,
        le=10,
        description="How fast a target's worth to a unit falls with its distance from the "
        "unit's base: a unit with intelligence goes after the cell with the largest armed "
        "force / (1 + strength_gradient * d), d the cells (Chebyshev) from its base. An "
        "operation far from base costs fuel, flight hours and supply lines, so a brigade "
        "weighs a concentration by what it costs to hit it, not by its size alone; 0: the "
        "largest concentration within reach, wherever it is (ODD 7.5).",
        source="assumed (Boulding 1962: the loss-of-strength gradient, a force's power falls "
        "with its distance from its base); set by hand (issue 10, places): at 0, 27 units "
        "from outside southern Bolívar stood in its 18 cells after 12 months of the status "
        "quo (seed 1), 15 in Nariño, 10 in Catatumbo (docs/VALIDATION.md)",
    )
    dissident_priority: float = P(
        1.0,
        unit="1 (weight)",
        ge=0,
        le=10,
        description="Weight of the FARC dissidents' force (the EMC and the Segunda "
        "Marquetalia, ``model/rearming.py: DISSIDENT_GROUPS``) in a unit's choice of target, "
        "relative to the other groups' (ODD 7.5): a cell's worth is the sum over groups of "
        "weight * ceasefire offensive * projected force. 1: every group's fighter weighs the "
        "same, units go after the largest concentration; above 1: the government's plan "
        "makes the dissidents' fronts a priority beyond their size.",
        source="assumed; the record that the state hit the dissidents harder than their size "
        "in 2018-2022: the armed forces' commander (Reuters, 5 Jan 2021) counted about 1,100 "
        "dissidents and more than 700 of the ELN lost to the state in 2020 (deaths, "
        "captures, desertions), where the model's units at weight 1 take about 420 and 1,000 "
        "(hindcast, seed 1); the Joint Task Force Omega (Meta, Caquetá, Guaviare) and the "
        "bombings of Gentil Duarte's fronts (Aug 2019, Mar 2021). Default 1: measured, "
        "not adopted (docs/MISFITS.md)",
    )
    lethality: float = P(
        0.004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Losses inflicted per month of engagement per unit of force ratio.",
    )
    security_death_rate: float = P(
        0.00075,
        unit="deaths / engaged fighter / month",
        ge=0,
        le=1,
        description="Security-force members killed per armed fighter engaged, scaled by the "
        "armed side's share of the force (F8).",
        source="assumed; scaled by hand with armed.attack_rate (both halved from the first "
        "version's values, which gave 2.3 times security_forces_killed 2024 in the hindcast)",
    )
    capture_share: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Share of a front's losses to the state that are captures (rest killed).",
    )
    base_conviction: float = P(
        0.7,
        unit="probability",
        ge=0,
        le=1,
        description="Chance a capture becomes a removal at full justice capacity; otherwise the "
        "captured return to their front.",
    )
