"""Other security partners: their share of external support, their leverage, U.S. influence (C7).

Partners other than the U.S. (C7: China has offered aircraft) substitute hardware only: the
partner stock of ``model/capacity.py`` (``Capacity.partner``, a fraction of the certified
aircraft-and-maintenance money, after ``capacity.partner_delay_months``) is the only thing they
supply. They never supply intelligence or training: no capacity stock but aircraft has a partner
term, and this module only reads that stock.

Each month, after capacity moved (ODD 7.14, "Partners"):

* ``partner_musd = partner * base[aircraft]`` (US$ million a month);
* ``us_security_musd``: this month's U.S. money in the security categories
  (``SECURITY_CATEGORIES``: intelligence, training and salaries, aircraft, interdiction);
* ``partner_share_security = partner_musd / (partner_musd + us_security_musd)`` (0 when both
  are 0): the share of external security support from partners;
* **leverage** (0..1) follows that share with a slow lag, ``politics.partner_leverage_months``:
  ``leverage += (share - leverage) * (1 - exp(-1 / months))``: leverage builds with the
  relationship and outlasts it;
* ``us_influence_index = us_security_kept * (1 - leverage)``, ``us_security_kept`` the U.S.
  security money over its certified level: 1 under the status quo.

Leverage feeds back into politics: the sitting government's cooperation with U.S. drug policy
falls by ``politics.leverage_cooperation_cost * leverage`` (``model/politics.py``), so a partner
that fills the gap makes a later recertification harder to earn.
"""

from __future__ import annotations

import math

import numpy as np

from model.capacity import Capacity
from model.categories import CATEGORIES, SECURITY_CATEGORIES, Category
from model.params import Params

_AIR = CATEGORIES.index(Category.AIRCRAFT_FUEL_MAINTENANCE)
_SECURITY = np.array([CATEGORIES.index(c) for c in SECURITY_CATEGORIES])


class Partners:
    """Partners' share of external security support and the leverage it buys (C7)."""

    def __init__(self, params: Params, capacity: Capacity) -> None:
        """Start from the set-up capacity, leverage at its share (a steady state, ODD 5)."""
        self.rate = 1.0 - math.exp(-1.0 / params.politics.partner_leverage_months)
        base = capacity.baseline_musd_per_month
        self.us_security_baseline = float(base[_SECURITY].sum())
        self.share = 0.0
        """Share of external security support from partners this month (0..1)."""
        self.us_security_kept = 1.0
        """U.S. security money this month over its certified level."""
        self.partner_musd = 0.0
        """Partners' hardware this month, US$ million (the aircraft baseline's share they fill)."""
        self._measure(capacity)
        self.leverage = self.share
        """Partners' leverage over Colombia's security policy, 0..1 (lagged share)."""

    def _measure(self, capacity: Capacity) -> None:
        self.partner_musd = float(capacity.partner * capacity.baseline_musd_per_month[_AIR])
        us_security = float(np.asarray(capacity.us_musd)[_SECURITY].sum())
        total = self.partner_musd + us_security
        self.share = self.partner_musd / total if total > 0 else 0.0
        base = self.us_security_baseline
        self.us_security_kept = us_security / base if base > 0 else 1.0

    def step(self, capacity: Capacity) -> None:
        """Read this month's partner stock and U.S. money; move leverage one month."""
        self._measure(capacity)
        self.leverage += (self.share - self.leverage) * self.rate

    @property
    def us_influence(self) -> float:
        """U.S. influence: security money kept times (1 - partners' leverage); 1 = status quo."""
        return self.us_security_kept * (1.0 - self.leverage)
