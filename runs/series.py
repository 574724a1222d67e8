"""What each observed series measures in the model: the scorecard's registry (docs/VALIDATION.md).

A target row names a ``series``; this registry says which model measure it is compared with and
how the measure is aggregated over the row's period (:mod:`runs.periods`):

* ``end``: a stock at the period's last month (an estimate dated ``2025-06``; a census on 31
  December for a calendar year; September for a fiscal year);
* ``sum``: a monthly flow summed over the period (calendar year, fiscal year, partial period;
  a partial last month counts for its share of days);
* ``mean``: a stock averaged over the period's months.

Measures are the outcomes of ``model/outcomes.py`` plus the probe's measures
(:data:`runs.probe.PROBE_MEASURES`: eradication and members per group). A series may sum several
measures (FARC dissidents = EMC + Segunda Marquetalia lineages). Each series belongs to a
*topic* with its tolerance and the reason for it; a series whose observable the model does not
produce yet is listed with no measure ("no model outcome yet"), and a known series that is not
comparable with the model is listed in :data:`EXCLUDED` with the reason. Rows of any other series
are reported as "not in the registry". To score a new kind of observation, add a line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A national series family member: one panel of the validation figure, one tolerance."""

    name: str
    title: str
    tolerance: float
    why: str


@dataclass(frozen=True)
class SeriesMap:
    """How a target series is compared with the model.

    Attributes:
        series: The ``series`` column value.
        topic: Key of its :class:`Topic` in :data:`TOPICS`.
        measures: Model measures summed to compare with it; empty: no model outcome yet.
        how: ``end``, ``sum`` or ``mean`` over the row's period.
        scale: Multiplies the observed value into the measure's unit (kg -> t: 0.001).
        note: What the series counts, when it is not obvious.
    """

    series: str
    topic: str
    measures: tuple[str, ...]
    how: str = "end"
    scale: float = 1.0
    note: str = ""


TOPICS: dict[str, Topic] = {
    t.name: t
    for t in (
        Topic(
            "members",
            "Armed-group members",
            0.25,
            "intelligence counts of one group at nearly one date differ by a quarter (Clan del "
            "Golfo: 4,060 in April 2023, 4,999 at the end of 2023) and mix combatants with "
            "support networks",
        ),
        Topic(
            "coca",
            "Coca (ha, 31 December)",
            0.20,
            "the UNODC/SIMCI census itself is precise, but a year's figure moves 10-40% with "
            "prices and eradication campaigns the model represents only on average",
        ),
        Topic(
            "cocaine",
            "Potential cocaine (t / year)",
            0.30,
            "yield and lab-efficiency assumptions are revised between releases (2017: 1,379 t "
            "first, 1,058 t after the change of method, -23%)",
        ),
        Topic(
            "seizures",
            "Cocaine seized (t / year)",
            0.30,
            "a yearly total driven by a few large operations (F12: Orion); producers round and "
            "cut off the year differently (2024: to 26 December)",
        ),
        Topic(
            "eradication",
            "Eradication (ha / year)",
            0.50,
            "a forcing, not evidence: the government's yearly effort is read from these rows "
            "(model/government.py, ODD 7.15), so the model meets them where its coca follows "
            "the census; forced, manual and total counts differ",
        ),
        Topic(
            "kidnappings",
            "Kidnappings (per year)",
            0.35,
            "MinDefensa and police (SIEDCO) counts of the same year differ by 10%; 160-290 events "
            "a year also vary by chance",
        ),
        Topic(
            "security_deaths",
            "Security-force deaths",
            0.35,
            "small counts (80-150 a year) whose producers differ (2024: 93 in a media count, 80 "
            "to 21 November in MinDefensa's)",
        ),
        Topic(
            "displacement",
            "New displacement (persons)",
            0.50,
            "producers disagree by a factor of two (2024: IDMC 388,000 new conflict "
            "displacements, OCHA 176,000 preliminary)",
        ),
        Topic(
            "confinement",
            "Confinement (persons)",
            0.50,
            "the observation counts people confined at some time in the period; the model's "
            "outcome is the people confined in a month (compared as the period's mean)",
        ),
        Topic(
            "migration",
            "CBP encounters of Colombians",
            0.30,
            "the model takes one departure toward the U.S. (emigrants_us; emigrants_us_swb for "
            "the southwest border) for one CBP "
            "encounter: repeat crossings, people who evade the Border Patrol and the weeks "
            "between leaving and reaching the border are not represented; sources round "
            "(FY2023: 'nearly 170,000', 'cerca de 168,000')",
        ),
        Topic(
            "homicides",
            "Homicides",
            0.20,
            "no model outcome yet: the model counts deaths in armed conflict only",
        ),
    )
}

_MEMBERS = "members"
_SERIES: tuple[SeriesMap, ...] = (
    SeriesMap("armed_groups_members_total", _MEMBERS, ("armed_members",)),
    SeriesMap("clan_del_golfo_members", _MEMBERS, ("members_egc",)),
    SeriesMap("eln_members", _MEMBERS, ("members_eln",)),
    SeriesMap("emc_members", _MEMBERS, ("members_emc",)),
    SeriesMap("segunda_marquetalia_members", _MEMBERS, ("members_sm",)),
    SeriesMap(
        "farc_dissidents_members",
        _MEMBERS,
        ("members_emc", "members_sm"),
        note="all FARC-dissident factions: the EMC and Segunda Marquetalia lineages",
    ),
    SeriesMap(
        "farc_dissidents_members_indepaz",
        _MEMBERS,
        ("members_emc", "members_sm"),
        note="Indepaz's count of all FARC-dissident factions",
    ),
    SeriesMap("coca_ha_unodc", "coca", ("coca_ha",), note="UNODC/SIMCI net area on 31 December"),
    SeriesMap("cocaine_potential_t_unodc", "cocaine", ("cocaine_potential_t",), "sum"),
    SeriesMap("cocaine_potential_t_unodc_revised", "cocaine", ("cocaine_potential_t",), "sum"),
    SeriesMap("cocaine_seizures_t", "seizures", ("cocaine_seized_t",), "sum"),
    SeriesMap("cocaine_seizures_kg", "seizures", ("cocaine_seized_t",), "sum", scale=0.001),
    SeriesMap("eradication_total_ha", "eradication", ("eradicated_ha",), "sum"),
    SeriesMap(
        "manual_eradication_ha",
        "eradication",
        ("eradicated_ha",),
        "sum",
        note="all eradication since aerial spraying ended (October 2015)",
    ),
    SeriesMap(
        "forced_eradication_ha",
        "eradication",
        ("eradicated_ha",),
        "sum",
        note="eradication by the security forces (the model's only kind)",
    ),
    SeriesMap("kidnappings", "kidnappings", ("kidnappings",), "sum", note="MinDefensa"),
    SeriesMap("kidnappings_siedco", "kidnappings", ("kidnappings",), "sum", note="police"),
    SeriesMap("security_forces_killed", "security_deaths", ("security_force_deaths",), "sum"),
    SeriesMap("idp_new_displacements_conflict_idmc", "displacement", ("displaced_new",), "sum"),
    SeriesMap("idp_new_displacements_idmc", "displacement", ("displaced_new",), "sum"),
    SeriesMap("displacement_ocha", "displacement", ("displaced_new",), "sum"),
    SeriesMap("displacement_codhes", "displacement", ("displaced_new",), "sum"),
    SeriesMap("displacement_rss_sefc", "displacement", ("displaced_new",), "sum"),
    SeriesMap("confinement_ocha", "confinement", ("confined",), "mean"),
    SeriesMap(
        "displacement_mass_defensoria",
        "displacement",
        ("displaced_mass",),
        "sum",
        note="mass-displacement events only: the model's mass channels (violence, change of "
        "controller, confinement) in the cells and months where they displaced 50 people or "
        "more (migration.mass_event_people; Decree 2569 of 2000, art. 12)",
    ),
    SeriesMap("confinement_defensoria", "confinement", ("confined",), "mean"),
    SeriesMap(
        "cbp_encounters_colombians_nationwide",
        "migration",
        ("emigrants_us",),
        "sum",
        note="all U.S. borders",
    ),
    SeriesMap(
        "cbp_encounters_colombians_swb",
        "migration",
        ("emigrants_us_swb",),
        "sum",
        note="southwest border only (FY2021: 6,202 of 10,485; FY2022: 125,172 of 130,971); "
        "compared with the departures toward that border",
    ),
    SeriesMap(
        "cbp_encounters_colombians_month",
        "migration",
        ("emigrants_us",),
        "sum",
        note="single months, all departures (2023-12 southwest border only, about 95% of "
        "all that year; 2025 all borders)",
    ),
    SeriesMap("ice_removals_colombians", "migration", (), "sum"),
    SeriesMap("homicides", "homicides", (), "sum"),
    SeriesMap("homicides_medlegal", "homicides", (), "sum"),
    SeriesMap("homicide_rate_per100k", "homicides", (), "sum"),
)

SERIES: dict[str, SeriesMap] = {s.series: s for s in _SERIES}
"""Every series the scorecard compares with the model (or knows it cannot yet)."""

EXCLUDED: dict[str, str] = {
    "coca_ha_usg": "U.S. government method (healthy, harvestable coca): not the UNODC census "
    "the model's coca follows",
    "coca_ha_unodc_initial": "a first release, later revised (scored as coca_ha_unodc)",
    "cocaine_potential_t_usg": "U.S. government yields, not the UNODC ones the model uses",
    "cocaine_base_seizures_t": "includes coca base; the model seizes cocaine only",
    "aerial_spraying_ha": "aerial spraying ended in October 2015; the model has no spraying",
    "aerial_spraying_ha_cum": "aerial spraying ended in October 2015; the model has no spraying",
    "kidnappings_extortive_mindefensa": "extortive kidnappings only (a subset of kidnappings)",
    "kidnappings_cum": "a cumulative count since 1970",
    "military_killed_combat": "soldiers killed in combat only (a subset)",
    "eln_members_indepaz": "armed members only; the model's members include support networks",
    "clan_del_golfo_members_selfreported": "the group's own claim",
    "armed_groups_members_growth_pct": "a growth rate: scored through "
    "armed_groups_members_total and its trends",
    "displacement_ruv": "registrations in the victims' registry, revised upward for years",
    "displacement_ruv_cum": "a cumulative registry count since 1985",
    "displacement_ocha_mass": "mass-displacement events only (a subset)",
    "idp_stock_conflict_idmc": "the stock since 1985; the model's idps counts only people "
    "displaced during a run",
}
"""Known series that are not comparable with the model, and why."""


def check_registry(measures: set[str]) -> None:
    """Every topic exists and every measure is one the model or the probe produces.

    Raises:
        ValueError: a series names an unknown topic or measure (a bug in this registry).
    """
    for s in SERIES.values():
        if s.topic not in TOPICS:
            raise ValueError(f"series {s.series}: unknown topic {s.topic}")
        unknown = [m for m in s.measures if m not in measures]
        if unknown:
            raise ValueError(f"series {s.series}: unknown measure(s) {unknown}")
        if s.how not in ("end", "sum", "mean"):
            raise ValueError(f"series {s.series}: unknown aggregation {s.how}")
