"""Every parameter of the model in one frozen, validated object (DESIGN.md section 4).

``Params`` has one section per mechanism. Every field carries a unit, bounds, a default and a
source (a row of ``model/data/colombia_targets.csv``, a fact or claim of the policy brief, or the
word "assumed"). ``docs/PARAMETERS.md`` is generated from this module
(``python -m model.params > docs/PARAMETERS.md``); a test fails when it is stale.

Overrides come as nested dicts (``Params.from_overrides({"armed": {"recruitment_rate": 0.02}})``)
or dotted keys (``{"armed.recruitment_rate": 0.02}``); a value out of range raises
:class:`~model.errors.ParamsError` naming the field and the bound.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from model.calendar import MONTH_PATTERN
from model.categories import Category
from model.errors import ParamsError, describe_validation_error


def P(  # noqa: N802 - reads like a declaration in the tables below
    default: Any,
    *,
    unit: str,
    description: str,
    source: str = "assumed",
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
) -> Any:
    """Declare a parameter: default, unit, bounds, description and source.

    Args:
        default: The default value.
        unit: Physical or accounting unit ("1" for dimensionless).
        description: What the parameter means in the model.
        source: Where the default comes from, or "assumed".
        ge: Inclusive lower bound.
        le: Inclusive upper bound.
        gt: Exclusive lower bound.

    Returns:
        A pydantic ``Field`` carrying the metadata.
    """
    return Field(
        default,
        ge=ge,
        le=le,
        gt=gt,
        description=description,
        json_schema_extra={"unit": unit, "source": source},
    )


class Section(BaseModel):
    """Base of every parameter section: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SimulationParams(Section):
    """Time axis and initialisation."""

    start_month: str = Field(
        "2025-09",
        pattern=MONTH_PATTERN,
        description="Calendar month of step 0 (the September 2025 certification decision).",
        json_schema_extra={"unit": "YYYY-MM", "source": "brief (policy lever); DESIGN.md 3"},
    )
    control_warmup_months: int = P(
        36,
        unit="months",
        ge=0,
        le=240,
        description="Control-layer iterations run at set-up with the initial forces, so that "
        "collaboration (C10) starts near its equilibrium instead of at zero.",
    )


class CategoryCapacityParams(Section):
    """Capacity dynamics of one assistance category (C1, C2)."""

    baseline_musd_per_year: float = P(
        40.0,
        unit="US$ million / year",
        ge=0,
        le=5000,
        description="U.S. funding of this category under certification (status quo).",
        source="FY2025 request US$413M in total (colombia_targets.csv us_aid_*); split assumed",
    )
    delay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the capacity stock moves toward its funded level.",
    )
    us_dependence: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Share of the category's capacity that depends on U.S. funding (the rest is "
        "Colombia's own and stays).",
    )


def _cat(baseline: float, delay: float, dependence: float) -> Any:
    return Field(
        default_factory=lambda: CategoryCapacityParams(
            baseline_musd_per_year=baseline, delay_months=delay, us_dependence=dependence
        )
    )


class CapacityParams(Section):
    """Funding to capacity: delays, dependence, fiscal backfill, markups, partners (C1, C2, C7).

    Per-category defaults (baseline US$M/yr, delay months, U.S. dependence) are assumptions
    informed by the brief: intelligence is fast and hard to replace (C1, F13); aircraft readiness
    decays over months as parts and fuel run out (F17); training and salaries over a year or
    more. The baselines add up to US$413 million a year (FY2025 request).
    """

    intelligence: CategoryCapacityParams = _cat(45.0, 1.5, 0.6)
    training_salaries: CategoryCapacityParams = _cat(70.0, 18.0, 0.3)
    aircraft_fuel_maintenance: CategoryCapacityParams = _cat(75.0, 6.0, 0.5)
    rural_presence: CategoryCapacityParams = _cat(45.0, 12.0, 0.4)
    peace_implementation: CategoryCapacityParams = _cat(35.0, 12.0, 0.4)
    justice: CategoryCapacityParams = _cat(25.0, 12.0, 0.3)
    eradication_alt_dev: CategoryCapacityParams = _cat(40.0, 3.0, 0.6)
    interdiction_hub: CategoryCapacityParams = _cat(45.0, 3.0, 0.5)
    economic_aid: CategoryCapacityParams = _cat(33.0, 6.0, 0.2)
    fiscal_backfill_share: float = P(
        0.1,
        unit="1",
        ge=0,
        le=1,
        description="Share of lost U.S. money that Colombia's budget replaces (F10: deficit 6.7% "
        "of GDP, the state cannot backfill).",
        source="assumed, bounded by F10",
    )
    commercial_markup: float = P(
        1.5,
        unit="1 (fraction added to price)",
        ge=0,
        le=5,
        description="Extra cost of aircraft parts bought commercially once U.S. maintenance "
        "support is gone: backfilled money buys 1/(1+markup) as much.",
        source="F17 (1996: up to 150% markup)",
    )
    partner_share: float = P(
        0.3,
        unit="1",
        ge=0,
        le=1,
        description="Share of a lost aircraft-hardware gap that other partners (C7) can fill; "
        "never intelligence or training.",
    )
    partner_delay_months: float = P(
        12.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant of partner substitution after U.S. hardware support stops (C7).",
    )

    def category(self, category: Category) -> CategoryCapacityParams:
        """Return the section of one assistance category."""
        return getattr(self, category.value)


class EconomyParams(Section):
    """Macro index (C8, F15)."""

    lending_shock: float = P(
        0.04,
        unit="1 (index points)",
        ge=0,
        le=0.5,
        description="Fall of the economy index when U.S. support for multilateral lending is "
        "lost (downgrades, IMF line, investment; C8, F15).",
    )
    economic_aid_weight: float = P(
        0.01,
        unit="1 (index points)",
        ge=0,
        le=0.2,
        description="Fall of the economy index when economic aid capacity goes from 1 to 0.",
    )
    delay_months: float = P(
        9.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the economy index moves to its new level.",
    )


class ControlParams(Section):
    """Territorial control (C10; Kalyvas 2006 zones; Hirshleifer 1989 contest success)."""

    csf_decisiveness: float = P(
        1.5,
        unit="1",
        gt=0,
        le=10,
        description="Exponent m of the ratio-form contest-success function s_i^m / sum_j s_j^m.",
        source="assumed (Hirshleifer 1989 ratio form; m>1 rewards superiority)",
    )
    spillover: float = P(
        0.6,
        unit="1 per ring",
        ge=0,
        le=1,
        description="Weight of a unit's force one ring of cells away (squared two rings away) in "
        "those cells' balance of force: fronts and brigades project force around them.",
    )
    state_police_per_cell: float = P(
        250.0,
        unit="effective personnel at full presence",
        ge=0,
        le=10000,
        description="Static state force (police, local garrisons) in a cell with state presence 1.",
    )
    force_half_saturation: float = P(
        40.0,
        unit="effective personnel",
        gt=0,
        le=100000,
        description="Total force in a cell at which the balance of force weighs half as much as "
        "it can; with less force, accumulated collaboration decides (C10 memory).",
    )
    force_weight: float = P(
        0.6,
        unit="1",
        ge=0,
        le=1,
        description="Weight of the current balance of force in an actor's support; the rest is "
        "accumulated collaboration (control breeds collaboration, C10).",
        source="assumed (Kalyvas 2006)",
    )
    collaboration_growth: float = P(
        0.08,
        unit="1 / month",
        ge=0,
        le=1,
        description="Rate at which collaboration with an actor grows with its share of force.",
    )
    collaboration_decay: float = P(
        0.04,
        unit="1 / month",
        ge=0,
        le=1,
        description="Rate at which collaboration decays when no force backs it (C10 memory).",
    )
    control_threshold: float = P(
        0.5,
        unit="1",
        gt=0,
        le=1,
        description="Support an actor needs to control a cell (zones 2 or 4); below: disputed.",
        source="assumed (Kalyvas 2006 zones)",
    )
    full_control_threshold: float = P(
        0.75,
        unit="1",
        gt=0,
        le=1,
        description="Support for full control (zones 1 or 5).",
        source="assumed (Kalyvas 2006 zones)",
    )


class StateParams(Section):
    """State presence dynamics (C1, C3)."""

    presence_growth: float = P(
        0.03,
        unit="1 / month",
        ge=0,
        le=1,
        description="Rate at which state presence moves toward its target level in cells the "
        "state controls (the target scales with rural-presence and peace capacity).",
    )
    presence_erosion: float = P(
        0.02,
        unit="1 / month",
        ge=0,
        le=1,
        description="Erosion of state presence in cells under armed control.",
    )
    unit_presence_boost: float = P(
        0.02,
        unit="1 / month",
        ge=0,
        le=1,
        description="Extra presence growth where a security unit holds its cell.",
    )


class ArmedParams(Section):
    """Armed groups and their fronts (C3, C5; F7, F8, F9)."""

    members_egc: int = P(
        7551,
        unit="persons",
        ge=0,
        le=100000,
        description="Clan del Golfo/EGC members, mid-2025 (combatants + support networks).",
        source="clan_del_golfo_members 2025-06 (colombia_targets.csv)",
    )
    members_eln: int = P(
        6245,
        unit="persons",
        ge=0,
        le=100000,
        description="ELN members, mid-2025.",
        source="eln_members 2025-06",
    )
    members_emc: int = P(
        6120,
        unit="persons",
        ge=0,
        le=100000,
        description="FARC dissidents of the EMC lineage, mid-2025.",
        source="farc_dissidents_members 2025-06 (7,920) minus members_sm; split assumed",
    )
    members_sm: int = P(
        1800,
        unit="persons",
        ge=0,
        le=100000,
        description="Segunda Marquetalia lineage (incl. Comandos de la Frontera), mid-2025.",
        source="segunda_marquetalia_members 2023 (1,751), carried to 2025 (assumed)",
    )
    front_size: int = P(
        120,
        unit="persons",
        ge=20,
        le=5000,
        description="Typical members of one front (ArmedUnit) at set-up.",
    )
    move_range: int = P(
        2,
        unit="cells / month",
        ge=0,
        le=10,
        description="How far a front can move in a month.",
    )
    home_attachment: float = P(
        2.0,
        unit="1",
        ge=0,
        le=20,
        description="Extra weight a front gives cells in departments where its group is "
        "established (social base, networks): score * (1 + home_attachment * presence).",
        source="assumed; presence from model/data/geo/armed_groups_long.csv",
    )
    danger_aversion: float = P(
        1.0,
        unit="1",
        ge=0,
        le=10,
        description="Weight of state force against value when a front chooses where to go.",
    )
    recruitment_rate: float = P(
        0.1,
        unit="1 / month",
        ge=0,
        le=0.2,
        description="Recruits a front wants per member per month at willingness 1 (no state, no "
        "risk) with money in hand.",
        source="scaled by hand so that membership under certified grows roughly as F7 reports "
        "(+45% in three years): 0.1 gives +44 to +52% over 36 months (seeds 1, 2, 0.25 "
        "degree, with recruit_pool_share 0.002)",
    )
    recruit_pool_share: float = P(
        0.002,
        unit="1 / month",
        ge=0,
        le=0.1,
        description="Most a front can recruit in a month, as a share of the residents within "
        "its move range (before willingness): recruits come from the local population, so "
        "empty land yields few.",
        source="assumed (about 2% of residents a year; people aged 15-19 are about 8% of "
        "Colombia's population, recalled)",
    )
    risk_aversion: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Weight of the risk of capture in a would-be recruit's decision: willingness "
        "= max(0, grievance - risk_aversion * arrest probability) (Epstein 2002 civil violence).",
        source="Epstein 2002 (risk aversion drawn U(0, 1): mean 0.5)",
    )
    arrest_constant: float = P(
        2.3,
        unit="1",
        ge=0,
        le=20,
        description="k in the estimated arrest probability 1 - exp(-k * state force / armed "
        "force) of a cell (Epstein 2002).",
        source="Epstein 2002 (k = 2.3: probability 0.9 when the forces are equal)",
    )
    hardship_economy_elasticity: float = P(
        2.0,
        unit="1",
        ge=0,
        le=20,
        description="How much a weaker economy raises hardship, and with it grievance: hardship "
        "= 1 + elasticity * (1 - economy_index) (C8 feeding C3).",
    )
    desertion_rate: float = P(
        0.005,
        unit="1 / month",
        ge=0,
        le=0.2,
        description="Members leaving per member per month.",
    )
    child_share: float = P(
        0.12,
        unit="1",
        ge=0,
        le=1,
        description="Share of recruits who are children where coercion is total and the state "
        "absent (F9).",
    )
    kidnap_rate: float = P(
        0.004,
        unit="kidnappings / member / month",
        ge=0,
        le=1,
        description="Kidnappings per member per month where the state is absent (F8).",
        source="assumed; scaled to kidnappings (2024-2025, colombia_targets.csv)",
    )
    extortion_usd_per_person: float = P(
        1.5,
        unit="US$ / person / month",
        ge=0,
        le=1000,
        description="Extortion a front takes each month per resident of its cell at zero state "
        "presence and strategy weight 1 (scaled by 1 - presence).",
    )
    coca_tax_usd_per_ha: float = P(
        60.0,
        unit="US$ / ha / month",
        ge=0,
        le=10000,
        description="Tax a group takes on each hectare of coca in cells it controls (C5).",
    )
    gold_usd_per_cell: float = P(
        20000.0,
        unit="US$ / month at gold=1",
        ge=0,
        le=1e7,
        description="Rent from illegal alluvial gold in a controlled cell (C5).",
    )
    ransom_usd: float = P(
        20000.0,
        unit="US$ / kidnapping",
        ge=0,
        le=1e7,
        description="Mean ransom collected.",
    )
    recruit_cost_usd: float = P(
        500.0,
        unit="US$ / recruit",
        ge=0,
        le=100000,
        description="What a group spends to recruit and equip one member (paid from its "
        "treasury; no money, no recruits).",
    )
    upkeep_usd_per_member: float = P(
        250.0,
        unit="US$ / member / month",
        ge=0,
        le=10000,
        description="What a member costs a group each month (food, arms, pay).",
    )
    attack_rate: float = P(
        0.0004,
        unit="security deaths / member / month",
        ge=0,
        le=0.1,
        description="Security-force members killed in attacks (ambushes, drones, snipers) per "
        "front member per month where security forces are present (F8).",
        source="assumed; scaled to security_forces_killed 2024-2025",
    )
    rival_lethality: float = P(
        0.006,
        unit="1 / month",
        ge=0,
        le=1,
        description="Losses per month when rival fronts share a cell, scaled by the other side's "
        "share of the fighters there.",
    )
    confinement_share: float = P(
        0.1,
        unit="1",
        ge=0,
        le=1,
        description="Share of residents confined in a cell that armed groups control or dispute "
        "(zones 3-5) with fronts within two cells, scaled by (1 - state presence) (F9).",
        source="assumed; 0.1 was set by hand against confinement_ocha 2024 (137,100) when only "
        "zones 4-5 counted, and not refitted when disputed cells were added",
    )


class GroupStrategyParams(Section):
    """How much one armed group seeks each source of money (strategy weights; C3, C5).

    A weight multiplies the rent the group's fronts expect from that source when they choose
    where to go, and, for extortion and kidnapping, how intensely its fronts prey on residents.
    1 is the average group. Per-group defaults are assumptions from the groups' usual public
    profiles (no source in ../shared/data gives them): the EGC as a trafficking organization
    living off routes, mining and extortion that rarely kidnaps; the ELN as the group that
    kidnaps most, with border routes and extortion; the EMC dissidents rooted in coca regions;
    the Segunda Marquetalia between coca and routes. Sweep them.
    """

    coca: float = P(1.0, unit="1", ge=0, le=5, description="Weight of coca taxes (per ha of coca).")
    routes: float = P(
        1.0,
        unit="1",
        ge=0,
        le=5,
        description="Weight of cocaine routes (route rent and cocaine moving through).",
    )
    gold: float = P(1.0, unit="1", ge=0, le=5, description="Weight of illegal gold rents.")
    extortion: float = P(
        1.0,
        unit="1",
        ge=0,
        le=5,
        description="Weight of extortion: rent sought and intensity of extortion by its fronts.",
    )
    kidnapping: float = P(
        1.0,
        unit="1",
        ge=0,
        le=5,
        description="Intensity of kidnapping by its fronts (multiplies armed.kidnap_rate).",
    )


def _strategy(coca: float, routes: float, gold: float, extortion: float, kidnap: float) -> Any:
    return Field(
        default_factory=lambda: GroupStrategyParams(
            coca=coca, routes=routes, gold=gold, extortion=extortion, kidnapping=kidnap
        )
    )


class StrategyParams(Section):
    """Strategy weights of each armed group over its sources of money (assumed; C3, C5).

    Member-weighted, the kidnapping weights average about 1 (0.95 with the default members), so
    they move kidnappings between groups, not the national total.
    """

    egc: GroupStrategyParams = _strategy(0.8, 1.5, 1.3, 1.2, 0.3)
    eln: GroupStrategyParams = _strategy(0.7, 1.0, 1.0, 1.2, 2.0)
    emc: GroupStrategyParams = _strategy(1.5, 0.8, 1.0, 1.0, 0.8)
    sm: GroupStrategyParams = _strategy(1.2, 1.2, 0.8, 1.0, 0.5)

    def of(self, key: str) -> GroupStrategyParams:
        """The weights of the group with key ``key`` (``egc``, ``eln``, ``emc``, ``sm``)."""
        return getattr(self, key)


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
    lethality: float = P(
        0.004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Losses inflicted per month of engagement per unit of force ratio.",
    )
    security_death_rate: float = P(
        0.0015,
        unit="deaths / engaged fighter / month",
        ge=0,
        le=1,
        description="Security-force members killed per armed fighter engaged, scaled by the "
        "armed side's share of the force (F8).",
        source="assumed; scaled to security_forces_killed 2024-2025",
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
    eradication_rate: float = P(
        0.01,
        unit="1 / month",
        ge=0,
        le=1,
        description="Share of coca eradicated per month at full eradication capacity and full "
        "state presence (F4: eradication fell to ~9,400 ha in 2024).",
        source="assumed; scaled to forced_eradication_ha 2024",
    )
    adjustment_rate: float = P(
        0.04,
        unit="1 / month",
        ge=0,
        le=1,
        description="How fast growers move their coca area toward the area their returns favour.",
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
        "without coca in 2023 get none in this first version).",
    )


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


class MigrationParams(Section):
    """Displacement and emigration (C4, C8; F14)."""

    people_per_agent: int = P(
        500,
        unit="persons / agent",
        ge=1,
        le=100000,
        description="People one Migrant agent stands for (scale factor).",
    )
    displaced_per_event: float = P(
        30.0,
        unit="persons / violent event",
        ge=0,
        le=100000,
        description="People displaced per violent event (death, kidnapping) in their cell, at "
        "most 30% of its residents a month.",
        source="assumed; scaled to IDMC new conflict displacements 2024 (388,000)",
    )
    contested_displacement: float = P(
        0.0004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Share of residents of a disputed cell displaced per month.",
    )
    move_range: int = P(
        2,
        unit="cells / month",
        ge=0,
        le=10,
        description="How far a displaced household moves.",
    )
    return_rate: float = P(
        0.03,
        unit="1 / month",
        ge=0,
        le=1,
        description="Chance a displaced household returns home when its origin is under state "
        "control and calm.",
    )
    emigration_rate: float = P(
        0.004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Base monthly chance a displaced household leaves for the United States.",
    )
    economy_elasticity: float = P(
        10.0,
        unit="1",
        ge=0,
        le=100,
        description="Relative rise in emigration per unit fall of the economy index (C4, C8).",
    )
    baseline_emigrants_us: float = P(
        800.0,
        unit="persons / month",
        ge=0,
        le=100000,
        description="Colombians leaving for the U.S. irregularly each month outside the "
        "displaced population, at economy index 1 (2025 levels, far below FY2023).",
        source="cbp_encounters_colombians_month 2025-07/08 (300-419); assumed",
    )


class PoliticsParams(Section):
    """The sitting government's cooperation with U.S. drug policy (C9; F16, F18).

    First version: a fixed value before and after the 7 August 2026 inauguration, read by regime
    rules (``[[rule]]`` in a regime file). The election model of C9 is its own issue.
    """

    current_cooperation: float = P(
        0.3,
        unit="1 (0 none .. 1 full)",
        ge=0,
        le=1,
        description="Cooperation of the government in office until the inauguration.",
    )
    next_cooperation: float = P(
        0.5,
        unit="1 (0 none .. 1 full)",
        ge=0,
        le=1,
        description="Cooperation of the government elected in 2026; an uncertainty to sweep "
        "(F16: the field is fragmented).",
    )
    inauguration_month: str = Field(
        "2026-08",
        pattern=MONTH_PATTERN,
        description="Month the next government takes office (7 August 2026).",
        json_schema_extra={
            "unit": "YYYY-MM",
            "source": "Colombian constitution (Aug 7 inauguration)",
        },
    )


class Params(Section):
    """All parameters of decertsim, one section per mechanism."""

    simulation: SimulationParams = Field(default_factory=SimulationParams)
    capacity: CapacityParams = Field(default_factory=CapacityParams)
    economy: EconomyParams = Field(default_factory=EconomyParams)
    control: ControlParams = Field(default_factory=ControlParams)
    state: StateParams = Field(default_factory=StateParams)
    armed: ArmedParams = Field(default_factory=ArmedParams)
    strategy: StrategyParams = Field(default_factory=StrategyParams)
    security: SecurityParams = Field(default_factory=SecurityParams)
    coca: CocaParams = Field(default_factory=CocaParams)
    trafficking: TraffickingParams = Field(default_factory=TraffickingParams)
    migration: MigrationParams = Field(default_factory=MigrationParams)
    politics: PoliticsParams = Field(default_factory=PoliticsParams)

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None = None) -> Params:
        """Build Params from defaults plus nested or dotted overrides.

        Args:
            overrides: ``{"armed": {"recruitment_rate": 0.02}}`` or
                ``{"armed.recruitment_rate": 0.02}``.

        Returns:
            The validated parameters.

        Raises:
            ParamsError: naming each bad field and its bound.
        """
        merged = Params().model_dump()
        for key, value in (overrides or {}).items():
            parts = key.split(".")
            patch: Any = copy.deepcopy(value)
            for part in reversed(parts):
                patch = {part: patch}
            _deep_merge(merged, patch)
        try:
            return cls.model_validate(merged)
        except ValidationError as exc:
            raise ParamsError(describe_validation_error("parameters", exc, cls)) from None

    def digest(self) -> str:
        """Return a short stable hash of every value (for run ids)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_integer_parameter(dotted: str) -> bool:
    """Whether the parameter ``section.name`` holds whole numbers (its default is an int)."""
    value: Any = Params().model_dump()
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return isinstance(value, int) and not isinstance(value, bool)


def _deep_merge(target: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """Merge ``patch`` into ``target`` in place, recursing into dicts on both sides."""
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def iter_fields(section: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Yield (dotted name, value, metadata) for every leaf parameter of a section instance.

    Args:
        section: A Params section (e.g. ``Params()``).
        prefix: Dotted prefix of the section.

    Yields:
        Dotted name, value and a dict with unit, bounds, source and description.
    """
    for name, field in type(section).model_fields.items():
        value = getattr(section, name)
        dotted = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from iter_fields(value, dotted + ".")
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        bounds = {}
        for constraint in field.metadata:
            for attr in ("ge", "gt", "le", "lt", "pattern"):
                if getattr(constraint, attr, None) is not None:
                    bounds[attr] = getattr(constraint, attr)
        yield (
            dotted,
            value,
            {
                "unit": extra.get("unit", ""),
                "source": extra.get("source", "assumed"),
                "description": field.description or "",
                "bounds": bounds,
            },
        )


def _format_bounds(bounds: dict[str, Any]) -> str:
    if "pattern" in bounds:
        return f"pattern `{bounds['pattern']}`"
    low = (
        f"[{bounds['ge']}"
        if "ge" in bounds
        else (f"({bounds['gt']}" if "gt" in bounds else "(-inf")
    )
    high = (
        f"{bounds['le']}]" if "le" in bounds else (f"{bounds['lt']})" if "lt" in bounds else "inf)")
    )
    return f"{low}, {high}"


def parameters_markdown() -> str:
    """Render docs/PARAMETERS.md from Params (the file is generated; do not edit it by hand)."""
    lines = [
        "# Parameters",
        "",
        "Generated from `model/params.py` by `python -m model.params > docs/PARAMETERS.md`; "
        "do not edit by hand (a test fails when this file is stale).",
        "",
        "Override any of them with `--set section.name=value` on the command line or in an "
        'experiment file. "assumed" means no published figure backs the default: treat it as an '
        "uncertainty to sweep.",
        "",
    ]
    section = None
    for name, default, meta in iter_fields(Params()):
        top = name.split(".")[0]
        if top != section:
            section = top
            doc = (type(getattr(Params(), top)).__doc__ or "").strip().splitlines()[0]
            if lines[-1]:
                lines.append("")
            lines += [
                f"## `{top}`: {doc}",
                "",
                "| parameter | default | unit | range | source | meaning |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
        row = [
            f"`{name}`",
            f"{default}",
            meta["unit"],
            _format_bounds(meta["bounds"]),
            meta["source"],
            meta["description"],
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(parameters_markdown(), end="")
