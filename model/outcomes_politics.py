"""The outcomes of politics: the election, cooperation, extraditions, partners (C7, C9; ODD 7.14).

Split from ``model/outcomes.py`` (over 400 lines); :func:`model.outcomes.outcome_registry` adds
them to the registry, which gives them their titles and no direction (worse neither higher nor
lower).
"""

from __future__ import annotations

from model.outcomes import Outcome


def politics_outcomes() -> list[Outcome]:
    """The election, cooperation, extraditions and partners (C7, C9; ODD 7.14), no direction."""
    return [
        Outcome(
            "governing_camp_wins",
            "1 (0/1; before the vote, the win probability)",
            "1 if the governing camp won the 2026 presidential vote, 0 if the opposition did "
            "(decided in the runoff month, 2026-06); before the vote, the chance a vote held on "
            "that month's state would give. Its mean over seeds is a probability (C9, F16).",
            lambda m: float(m.politics.governing_camp_wins),
        ),
        Outcome(
            "cooperation",
            "1 (0 none .. 1 full)",
            "The sitting government's cooperation with U.S. drug policy: its term's own, plus "
            "its response to the regime (waivers with conditions, retaliation), less partners' "
            "leverage (C9, C7).",
            lambda m: float(m.politics.cooperation),
        ),
        Outcome(
            "counternarcotics_effort",
            "1 (1 = the recorded effort)",
            "The sitting government's own counter-narcotics effort against the recorded one: "
            "cooperation over its reference, followed with a lag; eradication moves with it "
            "and interdiction (joint operations) less (C9; ODD 7.14).",
            lambda m: float(m.politics.effort),
        ),
        Outcome(
            "extraditions",
            "persons / month",
            "Extraditions to the U.S. this month, following cooperation with a lag (C9).",
            lambda m: float(m.politics.extraditions),
            "flow",
        ),
        Outcome(
            "partner_share_security",
            "share of external security support",
            "Share of external security support (money) from partners other than the U.S.: "
            "aircraft hardware and maintenance only (C7).",
            lambda m: float(m.partners.share),
        ),
        Outcome(
            "us_influence_index",
            "index (1 = status quo)",
            "U.S. security money kept over its certified level, times one minus partners' "
            "leverage (C7).",
            lambda m: float(m.partners.us_influence),
        ),
    ]
