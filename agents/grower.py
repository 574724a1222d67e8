"""Coca growers: households that grow coca or licit crops (C5; F2, F3, F4).

One :class:`CocaGrower` stands for the households of one cell that grow coca, and owns
that cell's coca area. Each month it compares the expected net return of a hectare of coca
(less the risk of eradication, plus the pull of an armed group's coercion where one controls the
cell, scaled by the farm-gate price of coca relative to set-up) with that of licit crops (scaled
by the economy, by alternative-development support where the state is present, and by the share
of the cell's people not confined this month, F9), and moves its coca area part of the way toward
the share that the comparison favours. Eradication then removes a share of its coca that grows
with eradication capacity and state presence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class CocaGrower(FixedAgent):
    """Households on one cell choosing between coca and licit crops."""

    def __init__(self, model: ColombiaModel, cell, coca_ha: float, potential_ha: float) -> None:
        """Create growers on ``cell`` with ``coca_ha`` of coca and room for ``potential_ha``."""
        super().__init__(model)
        self.cell = cell
        self.coca_ha = float(coca_ha)
        self.potential_ha = float(potential_ha)
        self.eradicated_ha = 0.0

    def returns(self) -> tuple[float, float]:
        """Expected net returns (US$/ha/month) of coca and of licit crops on this cell."""
        m = self.model
        p = m.params.coca
        x, y = self.cell.coordinate
        presence = m.presence[x, y]
        risk = min(1.0, 12.0 * p.eradication_rate * m.inputs.eradication * presence)
        armed = 1.0 if m.control.is_armed((x, y)) else 0.0
        coca = p.coca_net_usd_per_ha * (1.0 - risk) * (1.0 + p.coercion_bonus * armed)
        # the farm-gate price relative to set-up: seizures' risk premium and demand (ODD 7.10)
        coca *= m.trafficking.price_index
        licit = (
            p.licit_net_usd_per_ha
            * m.inputs.economy
            * (1.0 + p.alt_dev_bonus * m.inputs.alt_development * presence)
            * (1.0 - m.migration.confined_share[x, y])  # the confined do not work (F9)
        )
        return coca, licit

    def step(self) -> None:
        """Adjust coca area toward the return-favoured share, then suffer eradication."""
        m = self.model
        p = m.params.coca
        coca, licit = self.returns()
        k = p.choice_sharpness
        share = coca**k / (coca**k + licit**k) if coca + licit > 0 else 0.0
        desired = share * self.potential_ha
        self.coca_ha += p.adjustment_rate * (desired - self.coca_ha)
        x, y = self.cell.coordinate
        self.eradicated_ha = (
            self.coca_ha * p.eradication_rate * m.inputs.eradication * m.presence[x, y]
        )
        self.coca_ha = max(0.0, self.coca_ha - self.eradicated_ha)
        m.events.add("eradicated_ha", self.eradicated_ha)
