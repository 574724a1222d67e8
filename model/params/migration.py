"""Parameters of displacement and emigration (ODD 7.13; C4, C8; F14)."""

from __future__ import annotations

from model.params.base import P, Section


class MigrationParams(Section):
    """Displacement and emigration (C4, C8; F14)."""

    people_per_agent: int = P(
        500,
        unit="persons / agent",
        ge=1,
        le=100000,
        description="People one Migrant agent stands for (scale factor).",
    )
    displaced_per_event: float = P(
        30.0,
        unit="persons / violent event",
        ge=0,
        le=100000,
        description="People displaced per violent event (death, kidnapping) in their cell, at "
        "most 30% of its residents a month.",
        source="assumed; scaled to IDMC new conflict displacements 2024 (388,000)",
    )
    contested_displacement: float = P(
        0.0004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Share of residents of a disputed cell displaced per month.",
    )
    move_range: int = P(
        2,
        unit="cells / month",
        ge=0,
        le=10,
        description="How far a displaced household moves.",
    )
    return_rate: float = P(
        0.03,
        unit="1 / month",
        ge=0,
        le=1,
        description="Chance a displaced household returns home when its origin is under state "
        "control and calm.",
    )
    emigration_rate: float = P(
        0.004,
        unit="1 / month",
        ge=0,
        le=1,
        description="Base monthly chance a displaced household leaves for the United States.",
    )
    economy_elasticity: float = P(
        10.0,
        unit="1",
        ge=0,
        le=100,
        description="Relative rise in emigration per unit fall of the economy index (C4, C8).",
    )
    baseline_emigrants_us: float = P(
        800.0,
        unit="persons / month",
        ge=0,
        le=100000,
        description="Colombians leaving for the U.S. irregularly each month outside the "
        "displaced population, at economy index 1 (2025 levels, far below FY2023).",
        source="cbp_encounters_colombians_month 2025-07/08 (300-419); assumed",
    )
