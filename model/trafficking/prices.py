"""Cocaine prices: the risk premium of the trade and the farm-gate price of coca base (C5; F3).

Seizures act on traffickers like a tax (risks and prices, Reuter & Kleiman 1986): to deliver a
kilogram they must ship ``1 / (1 - s)``, ``s`` the share of shipped cocaine seized in Colombia and
by partners. Traffickers perceive ``s`` with the same memory as the risk of routes
(``trafficking.risk_memory_months``); the **risk premium** is ``(1 - s0) / (1 - s)``, ``s0`` its
value at set-up (1 at set-up). The export price and the farm-gate price of coca base move with
it and with demand:

``price_index = risk_premium**risk_elasticity * (1 + demand_growth_per_year)**(months / 12)``;
``export_usd_per_kg = prices.export_usd_per_kg * price_index``;
``farm_gate_usd_per_kg = prices.farm_gate_usd_per_kg * price_index``.

Growers read ``price_index`` (``Trafficking.price_index``): it scales the return of a hectare of
coca (ODD 7.9). With ``risk_elasticity = 0`` seizures do not move prices.
"""

from __future__ import annotations

import math

from model.params import PriceParams


class CocaPrices:
    """The perceived seizure risk of the trade and the prices that follow from it."""

    def __init__(self, seized_share: float, memory_months: float, params: PriceParams) -> None:
        """Start from the seized share of the set-up month (price index 1).

        Args:
            seized_share: Share of shipped cocaine seized (Colombia and partners) at set-up.
            memory_months: Time constant of the perceived risk.
            params: Price parameters.
        """
        self.params = params
        self.rate = 1.0 - math.exp(-1.0 / memory_months)
        self.risk_at_start = min(max(seized_share, 0.0), 0.99)
        #: perceived share of shipped cocaine seized
        self.risk = self.risk_at_start
        self.months = 0
        #: the price index (1 at set-up) growers read
        self.index = 1.0

    @property
    def risk_premium(self) -> float:
        """``(1 - s0) / (1 - s)``: how much dearer delivering a kg is than at set-up."""
        return (1.0 - self.risk_at_start) / (1.0 - self.risk)

    def step(self, seized_share: float) -> None:
        """Update the perceived risk with this month's seized share, then the prices."""
        share = min(max(seized_share, 0.0), 0.99)
        self.risk += (share - self.risk) * self.rate
        self.months += 1
        p = self.params
        demand = (1.0 + p.demand_growth_per_year) ** (self.months / 12.0)
        self.index = self.risk_premium**p.risk_elasticity * demand

    @property
    def farm_gate_usd_per_kg(self) -> float:
        """Farm-gate price of coca base (US$/kg)."""
        return self.params.farm_gate_usd_per_kg * self.index

    @property
    def export_usd_per_kg(self) -> float:
        """Price of cocaine at Colombia's exits (US$/kg)."""
        return self.params.export_usd_per_kg * self.index
