"""The regional interdiction hub: coordination stock and partner seizures (C6; F12, F13).

Colombia is the hub of multinational operations against cocaine shipments (F12: Operation Orion,
62 nations). The coordination it sustains is a stock ``level`` (1 = status quo) that tends to
``target = interdiction**(1 - w) * intelligence**w`` (``w = hub_intelligence_weight``): the
hub needs the platforms and money of interdiction and the intelligence that says which
shipments to stop (F13: in the early-2025 freeze the military knew of a shipment but could not
coordinate partners). It grows slowly (``hub_build_months``: trust between navies) and falls
faster (``hub_decay_months``):

``level += (target - level) * (1 - exp(-1 / months))``, ``months`` the build or the decay time.

Partner countries seize a share ``min(1, partner_base_share + partner_hub_share * level)`` of
the cocaine that leaves Colombia unseized; no other country can take over the hub (C6).
"""

from __future__ import annotations

import math

from model.capacity import StateInputs
from model.params import InterdictionParams


class RegionalHub:
    """The coordination stock of Colombia's regional interdiction hub."""

    def __init__(self, inputs: StateInputs, params: InterdictionParams) -> None:
        """Start at the level the set-up inputs sustain (1 under the status quo)."""
        self.params = params
        #: regional coordination (1 = status quo)
        self.level = self.target(inputs)

    def target(self, inputs: StateInputs) -> float:
        """The coordination this month's interdiction and intelligence capacities sustain."""
        w = self.params.hub_intelligence_weight
        return max(inputs.interdiction, 0.0) ** (1.0 - w) * max(inputs.targeting, 0.0) ** w

    def step(self, inputs: StateInputs) -> None:
        """Move the level one month toward its target (slowly up, faster down)."""
        target = self.target(inputs)
        p = self.params
        months = p.hub_build_months if target > self.level else p.hub_decay_months
        self.level += (target - self.level) * (1.0 - math.exp(-1.0 / months))

    @property
    def partner_share(self) -> float:
        """Share of the cocaine leaving Colombia that partner countries seize."""
        p = self.params
        return min(1.0, max(0.0, p.partner_base_share + p.partner_hub_share * self.level))
