"""Parameters of the economy index (ODD 7.3; C8, F15; it feeds C3 and C4)."""

from __future__ import annotations

from model.params.base import P, Section

_F15 = "F15: Moody's and S&P downgraded Colombia; FDI fell two years running; the IMF suspended "
_F15 += "an US$8.1 billion flexible credit line"


class EconomyParams(Section):
    """Economy index: lending support, downgrade, investment, violence, coca (C8, F15)."""

    lending_shock: float = P(
        0.01,
        unit="1 (index points)",
        ge=0,
        le=0.5,
        description="Fall of the index once U.S. support for multilateral lending is lost: the "
        "IMF flexible credit line and U.S. votes at the multilateral banks (C8).",
        source=f"assumed; context {_F15} (about 2% of GDP, a precautionary line)",
    )
    lending_lag_months: int = P(
        1,
        unit="months",
        ge=0,
        le=60,
        description="Months after lending support is lost before the lending term starts to "
        "move (the lenders' boards act at their next review).",
    )
    lending_delay_months: float = P(
        3.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the lending term moves to its size once started.",
    )
    downgrade_shock: float = P(
        0.01,
        unit="1 (index points)",
        ge=0,
        le=0.5,
        description="Fall of the index from the credit downgrade the loss of lending support "
        "triggers: higher borrowing costs (C8).",
        source=f"assumed; context {_F15}",
    )
    downgrade_lag_months: int = P(
        6,
        unit="months",
        ge=0,
        le=60,
        description="Months after lending support is lost before the rating agencies downgrade "
        "(their next scheduled review).",
    )
    downgrade_delay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the downgrade term moves to its size.",
    )
    investment_shock: float = P(
        0.015,
        unit="1 (index points)",
        ge=0,
        le=0.5,
        description="Fall of the index from the fall in foreign direct investment the downgrade "
        "triggers (C8).",
        source=f"assumed; context {_F15}",
    )
    investment_lag_months: int = P(
        6,
        unit="months",
        ge=0,
        le=60,
        description="Months after the downgrade before investment starts to fall (projects "
        "already committed go ahead).",
    )
    investment_delay_months: float = P(
        12.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the investment term moves to its size.",
    )
    economic_aid_weight: float = P(
        0.01,
        unit="1 (index points)",
        ge=0,
        le=0.2,
        description="Fall of the index when economic aid capacity goes from 1 to 0.",
    )
    violence_weight: float = P(
        0.1,
        unit="1 (index points per unit share)",
        ge=0,
        le=2,
        description="Fall of the index per unit rise of the share of residents living where "
        "armed groups rule or fight with fronts near (zones 3-5) above its level at set-up: "
        "insecurity deters investment and trade (C4, C8).",
    )
    coca_weight: float = P(
        0.1,
        unit="1 (index points per unit share)",
        ge=0,
        le=2,
        description="Fall of the index per unit rise of coca's share of the growers' income "
        "(coca against licit crops on their land) above its level at set-up: an illicit rural "
        "economy crowds out the licit one (C5, C8).",
    )
    delay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the violence, coca and economic-aid terms move.",
    )
    recruit_pool_elasticity: float = P(
        1.0,
        unit="1",
        ge=0,
        le=50,
        description="Relative rise of the armed groups' pool of would-be recruits per unit fall "
        "of the index: pool factor = 1 + elasticity * max(0, 1 - index) (C8 feeding C3).",
    )
