"""Parameters of funding to capacity (ODD 7.2; C1, C2, C7)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from model.categories import Category
from model.params.base import P, Section


class CategoryCapacityParams(Section):
    """Capacity dynamics of one assistance category (C1, C2)."""

    baseline_musd_per_year: float = P(
        40.0,
        unit="US$ million / year",
        ge=0,
        le=5000,
        description="U.S. funding of this category under certification (status quo).",
        source="FY2025 request US$413M in total (colombia_targets.csv us_aid_*); split assumed",
    )
    delay_months: float = P(
        6.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant with which the capacity stock moves toward its funded level.",
    )
    us_dependence: float = P(
        0.5,
        unit="1",
        ge=0,
        le=1,
        description="Share of the category's capacity that depends on U.S. funding (the rest is "
        "Colombia's own and stays).",
    )


def _cat(baseline: float, delay: float, dependence: float) -> Any:
    return Field(
        default_factory=lambda: CategoryCapacityParams(
            baseline_musd_per_year=baseline, delay_months=delay, us_dependence=dependence
        )
    )


class CapacityParams(Section):
    """Funding to capacity: delays, dependence, fiscal backfill, markups, partners (C1, C2, C7).

    Per-category defaults (baseline US$M/yr, delay months, U.S. dependence) are assumptions
    informed by the brief: intelligence is fast and hard to replace (C1, F13); aircraft readiness
    decays over months as parts and fuel run out (F17); training and salaries over a year or
    more. The baselines add up to US$413 million a year (FY2025 request).
    """

    intelligence: CategoryCapacityParams = _cat(45.0, 1.5, 0.6)
    training_salaries: CategoryCapacityParams = _cat(70.0, 18.0, 0.3)
    aircraft_fuel_maintenance: CategoryCapacityParams = _cat(75.0, 6.0, 0.5)
    rural_presence: CategoryCapacityParams = _cat(45.0, 12.0, 0.4)
    peace_implementation: CategoryCapacityParams = _cat(35.0, 12.0, 0.4)
    justice: CategoryCapacityParams = _cat(25.0, 12.0, 0.3)
    eradication_alt_dev: CategoryCapacityParams = _cat(40.0, 3.0, 0.6)
    interdiction_hub: CategoryCapacityParams = _cat(45.0, 3.0, 0.5)
    economic_aid: CategoryCapacityParams = _cat(33.0, 6.0, 0.2)
    fiscal_backfill_share: float = P(
        0.1,
        unit="1",
        ge=0,
        le=1,
        description="Share of lost U.S. money that Colombia's budget replaces (F10: deficit 6.7% "
        "of GDP, the state cannot backfill).",
        source="assumed, bounded by F10",
    )
    commercial_markup: float = P(
        1.5,
        unit="1 (fraction added to price)",
        ge=0,
        le=5,
        description="Extra cost of aircraft parts bought commercially once U.S. maintenance "
        "support is gone: backfilled money buys 1/(1+markup) as much.",
        source="F17 (1996: up to 150% markup)",
    )
    partner_share: float = P(
        0.3,
        unit="1",
        ge=0,
        le=1,
        description="Share of a lost aircraft-hardware gap that other partners (C7) can fill; "
        "never intelligence or training.",
    )
    partner_delay_months: float = P(
        12.0,
        unit="months",
        gt=0,
        le=120,
        description="Time constant of partner substitution after U.S. hardware support stops (C7).",
    )

    def category(self, category: Category) -> CategoryCapacityParams:
        """Return the section of one assistance category."""
        return getattr(self, category.value)
