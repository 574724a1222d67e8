"""Parameters of the Colombian government's own effort, a forcing (ODD 7.15; issue 10)."""

from __future__ import annotations

from model.params.base import P, Section, month


class GovernmentParams(Section):
    """The sitting government's counter-narcotics and offensive effort (an exogenous forcing).

    Policy, not mechanism: the hectares eradicated each year come from the record
    (``model/government.py``); how hard the security forces go after armed groups changes with
    the government. The government elected in 2026 takes its camp's posture (``model/politics.py``).
    """

    paz_total_month: str = month(
        "2022-08",
        description="First month of 'Paz Total' (the Petro government, inaugurated 7 August "
        "2022): ceasefires and talks with armed groups, bombing of camps suspended, "
        "eradication cut back (forced_eradication_ha: 68,893 ha in 2022, 9,403 in 2024).",
        source="Colombian constitution art. 190 (four-year term; inaugurations on 7 August, the "
        "Petro government on 7 August 2022)",
    )
    offensive_before: float = P(
        1.0,
        unit="1 (share of the reference offensive)",
        ge=0,
        le=2,
        description="Offensive posture before Paz Total: multiplies the chance a security unit "
        "goes after the strongest armed concentration within reach (ODD 7.5).",
        source="assumed (the reference: 'Paz con Legalidad', 2018-2022)",
    )
    offensive_paz_total: float = P(
        0.5,
        unit="1 (share of the reference offensive)",
        ge=0,
        le=2,
        description="Offensive posture under Paz Total (from paz_total_month): units go after "
        "armed concentrations less often and patrol instead.",
        source="assumed; no count of operations is in the data (recalled, not read: bilateral "
        "ceasefires with the ELN 2023-08..2024-08 and EMC factions 2023-10..2024-04)",
    )
    offensive_next: float = P(
        0.5,
        unit="1 (share of the reference offensive)",
        ge=0,
        le=2,
        description="Offensive posture of a governing-camp government inaugurated at "
        "politics.inauguration_month (2026-08).",
        source="assumed: the governing camp keeps Paz Total's posture",
    )
    offensive_opposition: float = P(
        1.0,
        unit="1 (share of the reference offensive)",
        ge=0,
        le=2,
        description="Offensive posture of an opposition government inaugurated at "
        "politics.inauguration_month (2026-08).",
        source="assumed: the opposition campaigns on a return to the reference posture of "
        "2018-2022",
    )
    eradication_cell_cap: float = P(
        0.2,
        unit="1 / month",
        ge=0,
        le=1,
        description="Most of a cell's coca that eradication can take in a month.",
    )
    ceasefire_offensive: float = P(
        0.1,
        unit="1 (share of the usual offensive)",
        ge=0,
        le=1,
        description="Share of the usual offensive the state keeps against a group in a "
        "bilateral ceasefire (model/ceasefires.py, model/data/ceasefires.csv): the weight "
        "security units give its concentrations and the chance they engage its fronts.",
        source="assumed: the ceasefires suspended offensive operations against the signing "
        "group (ELN from 3 Aug 2023: Telesur 31 Jul 2023); 0.1 allows for defensive actions "
        "and fronts that did not comply",
    )
    ceasefire_attacks: float = P(
        0.2,
        unit="1 (share of the usual attacks)",
        ge=0,
        le=1,
        description="Share of its usual attacks on the security forces a group in a ceasefire "
        "still makes (model/ceasefires.py).",
        source="assumed: the ELN ordered its structures to cease offensive actions against "
        "the military and police (Telesur 31 Jul 2023) while keeping 'defence devices' active",
    )
    talks_recruitment: float = P(
        0.3,
        unit="1 (share of the usual recruitment)",
        ge=0,
        le=1,
        description="Share of its usual recruitment a group keeps while its leadership "
        "negotiates with the government (model/talks.py, model/data/talks.csv): a central "
        "command at the table restrains its fronts' growth, which would weaken its hand and "
        "the talks' standing.",
        source="assumed; the record shows it for the ELN only (eln_members flat from 5,885 in "
        "2022-08 to 6,245 in 2025-06 while at the table, the other groups +45%, F7); 0.3, not "
        "fitted, leaves the ELN's recruitment about what replaces its desertion and losses",
    )
    rupture_attacks: float = P(
        3.0,
        unit="1 (times the usual attacks)",
        ge=1,
        le=10,
        description="How many times its usual attacks on the security forces a group makes in "
        "the rupture_months months from the last month of its talks with the government "
        "(model/talks.py): a group whose talks broke down escalates against the state to "
        "show its strength (the ELN's Catatumbo offensive of January 2025 and its attacks on "
        "the security forces after the talks were suspended). 1: no escalation.",
        source="F8 (murders of security-force members tripled within about a year); the "
        "multiplier is the brief's figure applied to the group whose talks ended, not fitted",
    )
    rupture_kidnapping: float = P(
        2.0,
        unit="1 (times the usual kidnappings)",
        ge=1,
        le=10,
        description="How many times its usual kidnappings a group makes in the rupture_months "
        "months from the last month of its talks (model/talks.py): kidnapping, a point of "
        "the talks' agenda, resumes in full and more once they break down. 1: no change.",
        source="F8 (ransom kidnappings doubled within about a year; kidnappings_extortive_"
        "mindefensa 209 in 2024, 477 in 2025); the brief's national figure applied to the "
        "group whose talks ended, an upper bound, not fitted",
    )
    offensive_attacks: float = P(
        25.0,
        unit="1 (times the usual attacks)",
        ge=1,
        le=100,
        description="How many times its usual attacks on the security forces a group makes "
        "in the months of a documented offensive against them (model/offensives.py, "
        "model/data/offensives.csv: the Clan del Golfo's 'plan pistola' campaigns of May-June "
        "2022 and April 2025). 1: no offensive.",
        source="derived from the 2022 campaign, which no scored target covers: 37 police "
        "killed in about a month and a half (Semana), about 25 a month, against the Clan del "
        "Golfo's usual attacks in the model in 2022, about 0.85 deaths a month (hindcast "
        "from 2021-01, seeds 1-2, measured: 10 in 2022 in each), a ratio near 29, rounded "
        "down to 25 (soldiers not counted); the 2025 campaign (31 dead, Blu Radio) is "
        "then a test",
    )
    rupture_months: int = P(
        12,
        unit="months",
        ge=0,
        le=60,
        description="How long the escalation after a breakdown of talks lasts (rupture_attacks, "
        "rupture_kidnapping).",
        source="F8 ('within about a year'); assumed",
    )
    future_ceasefire_start: str = month(
        "2026-08",
        description="First month of a hypothetical ceasefire with every group "
        "(future_ceasefire_months long; none by default).",
    )
    future_ceasefire_months: int = P(
        0,
        unit="months",
        ge=0,
        le=120,
        description="Length of a hypothetical ceasefire with every group from "
        "future_ceasefire_start; 0: no ceasefire after those documented in "
        "model/data/ceasefires.csv.",
        source="design: a scenario switch (the record has no ceasefire after 2024)",
    )
