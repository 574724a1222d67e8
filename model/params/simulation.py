"""Parameters of the time axis and of the initialisation (ODD 3, 5)."""

from __future__ import annotations

from model.params.base import P, Section, month


class SimulationParams(Section):
    """Time axis and initialisation."""

    start_month: str = month(
        "2025-09",
        description="Calendar month of step 0 (the September 2025 certification decision); the "
        "world is built as it was then (model/initial.py).",
        source="brief (policy lever); DESIGN.md 3",
    )
    control_warmup_months: int = P(
        36,
        unit="months",
        ge=0,
        le=240,
        description="Control-layer iterations run at set-up with the initial forces, so that "
        "collaboration (C10) starts near its equilibrium instead of at zero.",
    )
