"""Parameters of the ex-FARC combatants' rearming (ODD 7.18; issue 10)."""

from __future__ import annotations

from model.params.base import P, Section, month


class RearmingParams(Section):
    """The pool of FARC ex-combatants that only the FARC dissident groups recruit from."""

    demobilised: int = P(
        13394,
        unit="persons",
        ge=0,
        le=30000,
        description="FARC-EP members accredited under the 2016 peace accord: the pool of "
        "ex-combatants at accord_month (model/rearming.py).",
        source="ARN accountability report via El Tiempo (2021): 13,394 of the FARC-EP took the "
        "accord's path (tricksfast.com mirror); 6,804 fighters handed in weapons in 2017 "
        "(colombiapeace.org DDR explainer); farc_demobilized 2017 ~13,000 (targets, recalled)",
    )
    accord_month: str = month(
        "2017-08",
        description="Month the ex-combatants' pool is counted from: the end of the six-month "
        "laying down of arms begun in February 2017.",
        source="colombiapeace.org DDR explainer (all in the zones by 18 Feb 2017, a six-month "
        "demobilization and disarmament process)",
    )
    reach_decay: float = P(
        0.01,
        unit="1 / month",
        ge=0,
        le=0.2,
        description="Share of the pool that leaves the dissidents' reach each month (settled "
        "lives, killed, moved away): the pool at the start month is demobilised * "
        "exp(-reach_decay * months since accord_month), less the dissidents' members then.",
        source="assumed (half-life about 5.8 years)",
    )
    rate: float = P(
        0.02,
        unit="1 / (member month)",
        ge=0,
        le=0.5,
        description="Ex-combatants a FARC dissident group (emc, sm) draws per member per month "
        "from a full pool, in proportion to the share of the pool left (mass action).",
        source="assumed; set by hand so that the dissidents' growth 2018-2025 is of the "
        "observed order (farc_dissidents_members: 1,200 in 2018-03, 7,920 in 2025-06), not "
        "fitted to any one row",
    )
    call_rate: float = P(
        0.0165,
        unit="1 / month",
        ge=0,
        le=0.5,
        description="Share of the ex-combatants' pool a group's leaders draw each month while "
        "they call their former comrades back to arms (model/data/rearming_calls.csv: the "
        "Segunda Marquetalia from 2019-08), whatever the group's size, on top of the usual "
        "draw of rate.",
        source="set by hand to the one count of a call's recruits: the Segunda Marquetalia "
        "recruited about 800 guerrillas from August 2019 to May 2020 (Telam / Europa Press, "
        "31 May 2020, rearming_calls.csv), about 1,400 members with support networks at the "
        "same report's 1.77 persons per armed member (4,600 dissidents, 2,600 of them armed), "
        "drawn over ten months from the hindcast's pool of about 8,600 in 2019-08: 1,400 / 10 "
        "/ 8,600 = 0.0165. Not fitted to a scored row; first set at 0.014 with the 1.51 of "
        "the 2023 Segunda Marquetalia count, which (3 seeds, master seeds 1 and 7) passed 150 "
        "and 141 of 183 where 0.0165 passes 151 and 144",
    )
    founding_core: int = P(
        12,
        unit="persons",
        ge=0,
        le=1000,
        description="Members of a dissident lineage before its founding call to arms (the "
        "first month of its first row in model/data/rearming_calls.csv) in a run that starts "
        "before it: its leaders and their escorts; the rest of the dissidents counted then "
        "belong to the other lineage (model/initial.py).",
        source="assumed: the Segunda Marquetalia's commanders (Marquez, Santrich, El Paisa, "
        "Romana) had left the reincorporation areas in 2018-2019 with their escorts; 12 is "
        "a viable front (armed.front_size // 10, the size below which a front is folded)",
    )
