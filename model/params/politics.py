"""Parameters of the government's cooperation with U.S. drug policy (ODD 7.14; C9)."""

from __future__ import annotations

from model.params.base import P, Section, month


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
    inauguration_month: str = month(
        "2026-08",
        description="Month the next government takes office (7 August 2026).",
        source="Colombian constitution (Aug 7 inauguration)",
    )
