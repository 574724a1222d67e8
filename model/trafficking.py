"""Coca to cocaine to seizures and exports (C5, C6; F3, F5, F12, F13).

First version (the route network is its own issue): each cell's coca produces
``yield_kg_per_ha_year / 12`` kg of cocaine a month; a share of national production is seized,
``seizure_share * interdiction * (P / P0) ** presence_weight``, where ``interdiction`` is the
interdiction-and-hub capacity (C6: the regional hub cannot be replaced) and ``P`` the
production-weighted state presence (``P0`` its value at set-up). The rest is exported; the armed
group controlling a producing cell earns ``price_usd_per_kg`` on what leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.params import TraffickingParams


@dataclass(frozen=True)
class TraffickingMonth:
    """One month of cocaine flows."""

    potential_t: float
    seized_t: float
    exported_t: float
    exported_kg_per_cell: np.ndarray


def production_presence(coca_ha: np.ndarray, presence: np.ndarray) -> float:
    """Production-weighted mean state presence (0 where there is no coca)."""
    total = coca_ha.sum()
    return float((coca_ha * presence).sum() / total) if total > 0 else 0.0


def traffic(
    coca_ha: np.ndarray,
    presence: np.ndarray,
    interdiction: float,
    presence_at_start: float,
    params: TraffickingParams,
) -> TraffickingMonth:
    """Compute this month's potential production, seizures and exports."""
    kg = coca_ha * params.yield_kg_per_ha_year / 12.0
    relative = (
        production_presence(coca_ha, presence) / presence_at_start if presence_at_start > 0 else 1.0
    )
    share = min(1.0, params.seizure_share * interdiction * relative**params.presence_weight)
    potential = float(kg.sum()) / 1000.0
    return TraffickingMonth(
        potential_t=potential,
        seized_t=potential * share,
        exported_t=potential * (1.0 - share),
        exported_kg_per_cell=kg * (1.0 - share),
    )
