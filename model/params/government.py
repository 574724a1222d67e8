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
        source="Colombian constitution (Aug 7 inauguration)",
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
        source="scenario switch (the record has no ceasefire after 2024)",
    )
