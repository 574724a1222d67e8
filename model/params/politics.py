"""Parameters of politics: the 2026 election, the response, partners (ODD 7.14; C7, C9).

Sizes are assumed unless a source is given: the brief (F16, F18, C9) says which way each effect
goes, not how large it is. Every effect can be set to zero.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from model.params.base import P, Section, month

#: ``politics.election``: draw the winner (``simulated``) or fix it for every seed.
ELECTION_MODES: tuple[str, ...] = ("simulated", "governing", "opposition")


class PoliticsParams(Section):
    """The 2026 election, the sitting government's cooperation and response, partners' leverage.

    Cooperation (0 none .. 1 full) is the sitting government's willingness to work with U.S.
    drug policy: the term's own level (``current_cooperation`` until the inauguration, then a
    draw from the winning camp's range) plus the lagged response to the U.S. regime (waivers with
    conditions raise it, a cut-off lowers it: retaliation), less the leverage partners gain (C7).
    """

    current_cooperation: float = P(
        0.3,
        unit="1 (0 none .. 1 full)",
        ge=0.05,
        le=1,
        description="Cooperation of the government in office until the inauguration; also the "
        "reference of the effort response (the recorded eradication forcing was made at it).",
    )
    next_cooperation: float | None = P(
        None,
        unit="1 (0 none .. 1 full)",
        ge=0,
        le=1,
        description="If set, the elected government's own cooperation whatever the camp (a "
        "sweepable override); if unset (default), drawn from the winning camp's range.",
    )
    inauguration_month: str = month(
        "2026-08",
        description="Month the next government takes office (7 August 2026).",
        source="Colombian constitution art. 190 (four-year term); 7 August by custom since 1886 "
        "(no article names the day), so the term begun 7 August 2022 ends 7 August 2026",
    )
    first_round_month: str = month(
        "2026-05",
        description="Month of the first round (31 May 2026); the regime in force in this month "
        "and the state at its end set the vote's odds.",
        source="Registraduria Nacional del Estado Civil, 2026 electoral calendar (first round "
        "31 May 2026)",
    )
    runoff_month: str = month(
        "2026-06",
        description="Month of the runoff (21 June 2026): the winner is known from this month.",
        source="Registraduria Nacional del Estado Civil, 2026 electoral calendar (runoff 21 June "
        "2026)",
    )
    election: str = Field(
        "simulated",
        pattern=r"^(simulated|governing|opposition)$",
        description="'simulated': the winner is drawn in each run from the win probability; "
        "'governing' or 'opposition': that camp wins in every run (to read the two futures apart).",
        json_schema_extra={"unit": "one of simulated, governing, opposition", "source": "design"},
    )
    baseline_win_probability: float = P(
        0.45,
        unit="probability",
        ge=0.01,
        le=0.99,
        description="Chance the governing camp's candidate wins with no rally, security or "
        "economy term: a large base in a fragmented field (F16) against an opposition that "
        "consolidates in the runoff.",
        source="assumed, anchored on F16 (the governing base several times any single rival's; "
        "the July 2025 poll leader at 13.7%)",
    )
    rally_full_cutoff: float = P(
        0.4,
        unit="log-odds",
        ge=-3,
        le=3,
        description="Shift of the governing camp's log-odds when a cut-off (decertified, less than "
        "waiver_min_share of the certified money flowing) is in force at the first round: the vote "
        "as a referendum on the U.S. (C9). 0: no rally.",
        source="assumed (C9 gives the sign only; 0.4 is about +10 points at 45%)",
    )
    rally_waivers: float = P(
        0.15,
        unit="log-odds",
        ge=-3,
        le=3,
        description="Shift of the governing camp's log-odds when decertification with waivers "
        "(at least waiver_min_share of the money flowing) is in force at the first round; smaller "
        "than the cut-off's (C9). 0: no rally.",
        source="assumed (C9: smaller than the cut-off's)",
    )
    security_weight: float = P(
        1.0,
        unit="log-odds per relative change",
        ge=0,
        le=10,
        description="Loss of the governing camp's log-odds per relative rise of the share of "
        "residents under armed rule over security_window_months before the first round (voters "
        "punish the incumbent for insecurity; F8). 0: no security term.",
    )
    violence_weight: float = P(
        0.5,
        unit="log-odds per relative change",
        ge=0,
        le=10,
        description="Loss of the governing camp's log-odds per relative rise of violent events "
        "(deaths and kidnappings of the violence layer, the change capped at +-1) over "
        "security_window_months before the first round (voters punish the incumbent for "
        "violence as well as for armed rule; F8). 0: no violence term.",
        source="assumed (sign from F8; half the armed-rule term's weight, because a month's "
        "violent events swing more than the share under armed rule)",
    )
    security_window_months: int = P(
        6,
        unit="months",
        ge=1,
        le=24,
        description="Months before the first round over which the security trends (armed rule "
        "and violence) are read.",
    )
    economy_weight: float = P(
        2.0,
        unit="log-odds per unit of the economy index",
        ge=0,
        le=20,
        description="Gain of the governing camp's log-odds per unit of the economy index above 1 "
        "at the first round (a weaker economy costs the incumbent; C8). 0: no economy term.",
    )
    governing_cooperation_low: float = P(
        0.15,
        unit="1",
        ge=0,
        le=1,
        description="Lowest own cooperation of a government of the governing camp elected in "
        "2026 (uniform draw between low and high).",
        source="assumed: around current_cooperation, the camp's record since 2022 (F4, F18)",
    )
    governing_cooperation_high: float = P(
        0.45,
        unit="1",
        ge=0,
        le=1,
        description="Highest own cooperation of a government of the governing camp.",
    )
    opposition_cooperation_low: float = P(
        0.45,
        unit="1",
        ge=0,
        le=1,
        description="Lowest own cooperation of an opposition government elected in 2026.",
        source="assumed: the opposition campaigns on restoring the U.S. partnership (F18: the "
        "military-to-military ties)",
    )
    opposition_cooperation_high: float = P(
        0.95,
        unit="1",
        ge=0,
        le=1,
        description="Highest own cooperation of an opposition government.",
    )
    waiver_min_share: float = P(
        0.25,
        unit="share of certified U.S. money",
        ge=0,
        le=1,
        description="A decertification keeping at least this share of the certified money "
        "flowing is read as waivers with conditions; less (a full cut-off, the 1996-97 US$30M "
        "waiver) as a cut-off.",
    )
    waiver_response: float = P(
        0.1,
        unit="1 (cooperation)",
        ge=0,
        le=1,
        description="Cooperation the sitting government adds under waivers with conditions "
        "(C9: waivers may push it to act on supply). 0: no response.",
    )
    retaliation: float = P(
        0.1,
        unit="1 (cooperation)",
        ge=0,
        le=1,
        description="Cooperation the sitting government withdraws under a cut-off: fewer "
        "extraditions and joint operations (C9, section 'retaliation' of ODD 7.14). 0: none.",
    )
    response_delay_months: float = P(
        3.0,
        unit="months",
        gt=0,
        le=60,
        description="Time constant of the response (waiver effort or retaliation) after the "
        "regime changes.",
    )
    effort_delay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=60,
        description="Time constant with which eradication, interdiction and extraditions follow "
        "cooperation (units, crews and courts take months to ramp up or wind down).",
    )
    eradication_elasticity: float = P(
        1.0,
        unit="1",
        ge=0,
        le=5,
        description="Eradication effort = recorded effort * (cooperation / current_cooperation) "
        "** elasticity (F4: eradication fell ~80% as cooperation fell). 0: no response.",
    )
    interdiction_elasticity: float = P(
        0.3,
        unit="1",
        ge=0,
        le=5,
        description="Interdiction effort (joint operations) = (cooperation / "
        "current_cooperation) ** elasticity; small: seizures hit records at low cooperation (F5). "
        "0: no response.",
    )
    extradition_elasticity: float = P(
        0.5,
        unit="1",
        ge=0,
        le=5,
        description="Extraditions = base * (cooperation / current_cooperation) ** elasticity.",
    )
    extraditions_per_month: float = P(
        15.0,
        unit="persons / month",
        ge=0,
        le=100,
        description="Extraditions to the U.S. at current_cooperation (the reference month).",
        source="assumed: order of magnitude of recent years (about 150-200 a year); no row of "
        "the targets file",
    )
    partner_leverage_months: float = P(
        24.0,
        unit="months",
        gt=0,
        le=240,
        description="Time constant with which partners' leverage follows their share of external "
        "security support (C7: leverage builds with the relationship and outlasts it).",
    )
    leverage_cooperation_cost: float = P(
        0.2,
        unit="1 (cooperation per unit of leverage)",
        ge=0,
        le=1,
        description="Cooperation with U.S. drug policy lost per unit of partners' leverage (C7: "
        "partners gain leverage). 0: leverage has no effect.",
    )

    @field_validator("election", mode="before")
    @classmethod
    def _known_mode(cls, value: object) -> object:
        if value not in ELECTION_MODES:
            raise ValueError(f"allowed: {', '.join(ELECTION_MODES)}")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> PoliticsParams:
        for camp in ("governing", "opposition"):
            low = getattr(self, f"{camp}_cooperation_low")
            high = getattr(self, f"{camp}_cooperation_high")
            if low > high:
                raise ValueError(
                    f"politics.{camp}_cooperation_low ({low}) is above "
                    f"politics.{camp}_cooperation_high ({high})"
                )
        if not self.first_round_month <= self.runoff_month <= self.inauguration_month:
            raise ValueError(
                "politics: need first_round_month <= runoff_month <= inauguration_month, got "
                f"{self.first_round_month}, {self.runoff_month}, {self.inauguration_month}"
            )
        return self
