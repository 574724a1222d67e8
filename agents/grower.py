"""Coca growers: households that grow coca or licit crops (C5; F2, F3, F4).

One :class:`CocaGrower` stands for the households of one cell that grow coca, and owns
that cell's coca area. Each month it compares the expected net return of a hectare of coca
(less the risk of losing it to eradication, plus the pull of an armed group's coercion where one
controls the cell, scaled by the farm-gate price of coca relative to set-up, issue 11) with that
of licit crops (scaled by the economy, by alternative-development support where the state is
present, and by the share of the cell's people not confined this month, F9), and moves its coca
area part of the way toward the share of its land that the comparison favours. The government's
campaign then eradicates a share of its coca (``model.government.eradication``), of which growers
replant ``coca.replant_share`` at once.

:meth:`CocaGrower.returns` is the one place where the returns are computed. Each cell's coca
return is multiplied by its own ``premium``, the unobserved advantage of coca on that land (soil,
access to buyers, labour), calibrated once at set-up, after the trafficking's set-up fixed the
price index at 1, so that the coca of the start month is the rule's equilibrium under the start
month's conditions, price included (:meth:`CocaGrower.calibrate`): change then comes from the
mechanisms (a price that moves with seizures and demand among them), not from a start out of
balance with the rule (issue 10).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: Largest share of its land a calibrated grower is put in equilibrium at (a start area that
#: would need all of it is held a little below, and declines toward it)
MAX_CALIBRATED_SHARE = 0.95


class CocaGrower(FixedAgent):
    """Households on one cell choosing between coca and licit crops."""

    def __init__(self, model: ColombiaModel, cell, coca_ha: float, potential_ha: float) -> None:
        """Create growers on ``cell`` with ``coca_ha`` of coca and room for ``potential_ha``."""
        super().__init__(model)
        self.cell = cell
        self.coca_ha = float(coca_ha)
        self.potential_ha = float(potential_ha)
        self.eradicated_ha = 0.0
        #: the cell's unobserved advantage of coca over licit crops (1 until calibrated)
        self.premium = 1.0

    def loss_share(self) -> float:
        """Share of its coca that this month's eradication removes for good (not replanted)."""
        m = self.model
        return float(m.government.eradication[self.cell.coordinate]) * (
            1.0 - m.params.coca.replant_share
        )

    def returns(self) -> tuple[float, float]:
        """Expected net returns (US$/ha/month) of coca and of licit crops on this cell.

        ``risk = 1 - exp(-12 * loss)`` is the chance a hectare is lost to eradication within a
        year at this month's rate (``loss``: eradicated and not replanted).
        """
        m = self.model
        p = m.params.coca
        x, y = self.cell.coordinate
        presence = m.presence[x, y]
        risk = 1.0 - math.exp(-12.0 * self.loss_share())
        armed = 1.0 if m.control.is_armed((x, y)) else 0.0
        coca = (
            p.coca_net_usd_per_ha * self.premium * (1.0 - risk) * (1.0 + p.coercion_bonus * armed)
        )
        # the farm-gate price relative to set-up: seizures' risk premium and demand (ODD 7.10)
        coca *= m.trafficking.price_index
        licit = (
            p.licit_net_usd_per_ha
            * m.inputs.economy
            * (1.0 + p.alt_dev_bonus * m.inputs.alt_development * presence)
            * (1.0 - m.migration.confined_share[x, y])  # the confined do not work (F9)
        )
        return coca, licit

    def share(self) -> float:
        """Share of its land that the returns favour: ``c**k / (c**k + l**k)``."""
        coca, licit = self.returns()
        k = self.model.params.coca.choice_sharpness
        return coca**k / (coca**k + licit**k) if coca + licit > 0 else 0.0

    def calibrate(self) -> None:
        """Set-up: the premium that makes the start area the rule's equilibrium (ODD 5).

        The area is at rest when ``coca = (coca + a * (s * P - coca)) * (1 - e)`` (``a`` the
        adjustment rate, ``P`` the potential, ``e`` the loss share), i.e. at the share
        ``s* = coca * (1 - (1 - a) * (1 - e)) / (a * P * (1 - e))``; the premium is the factor
        on coca's return that gives ``s*``: ``(s* / (1 - s*)) ** (1 / k) * licit / coca``, with
        ``coca`` and ``licit`` the returns of :meth:`returns` at set-up (the price index, 1 once
        ``Trafficking.start`` ran, included: a later price moves the grower off this rest).
        """
        p = self.model.params.coca
        a, e = p.adjustment_rate, self.loss_share()
        if self.coca_ha <= 0 or self.potential_ha <= 0 or a <= 0 or e >= 1:
            return
        target = self.coca_ha * (1.0 - (1.0 - a) * (1.0 - e)) / (a * self.potential_ha * (1 - e))
        target = min(target, MAX_CALIBRATED_SHARE)
        self.premium = 1.0
        coca, licit = self.returns()
        if coca > 0 and licit > 0:
            ratio = (target / (1.0 - target)) ** (1.0 / p.choice_sharpness)
            self.premium = ratio * licit / coca

    def step(self) -> None:
        """Adjust coca area toward the return-favoured share, then suffer eradication."""
        m = self.model
        p = m.params.coca
        desired = self.share() * self.potential_ha
        self.coca_ha += p.adjustment_rate * (desired - self.coca_ha)
        x, y = self.cell.coordinate
        self.eradicated_ha = self.coca_ha * float(m.government.eradication[x, y])
        self.coca_ha = max(0.0, self.coca_ha - self.eradicated_ha * (1.0 - p.replant_share))
        m.events.add("eradicated_ha", self.eradicated_ha)
