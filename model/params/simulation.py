"""Parameters of the time axis and of the initialisation (ODD 3, 5)."""

from __future__ import annotations

from pydantic import Field

from model.calendar import MONTH_PATTERN
from model.params.base import P, Section


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
