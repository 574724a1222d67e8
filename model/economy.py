"""The economy index: lending support, downgrade, investment, violence and coca (C8, F15; C4).

One number, 1 under the status quo at set-up, that says how Colombia's licit economy stands
against the start (ODD 7.3). It falls by six terms, each a stock that moves toward its target
with a first-order lag (time constant ``tau``: ``term += (target - term) * (1 - exp(-1 / tau))``):

* **Lending** (C8, F15): once U.S. support for multilateral lending is lost, after
  ``lending_lag_months`` the term moves toward ``lending_shock`` (the IMF line, U.S. votes at
  the multilateral banks).
* **Downgrade**: the rating agencies follow ``downgrade_lag_months`` after the loss; the term
  moves toward ``downgrade_shock`` (borrowing costs).
* **Investment**: foreign investment falls ``investment_lag_months`` after the downgrade; the
  term moves toward ``investment_shock``.
* **Economic aid**: ``economic_aid_weight * (1 - capacity[economic_aid])``.
* **Violence**: ``violence_weight * (insecurity - insecurity at set-up)``, insecurity the share
  of residents living where armed groups rule or fight with fronts near (:func:`insecurity`).
* **Coca**: ``coca_weight * (coca share - coca share at set-up)``, the coca share of the
  growers' income (:func:`coca_income_share`).

The lags are dead times on the lending decision: the lending, downgrade and investment terms
aim at their sizes when lending support was lost ``lag`` months earlier (``lending_lag``,
``downgrade_lag``, ``downgrade_lag + investment_lag``), and back at 0 the same number of months
after it returns; before the run, lending support is taken as held. The violence and coca terms
read last month's state (the economy moves first in the month, ODD 3).

What the index feeds (the agents read it through ``StateInputs``, C8 feeding C3 and C4):
licit crop income (``economy``, ``agents/grower.py``), the recruits' hardship and the armed
groups' pool of would-be recruits (``recruit_pool = 1 + recruit_pool_elasticity * max(0, 1 -
index)``, ``agents/armed.py``) and the emigration hazard (``model/emigration.py``).
"""

from __future__ import annotations

import numpy as np

from agents import fpmath
from model.control import ControlState
from model.params import CocaParams, EconomyParams

#: the terms of the index, in the order of :attr:`Economy.terms`
TERMS: tuple[str, ...] = ("lending", "downgrade", "investment", "economic_aid", "violence", "coca")


def armed_rule_mask(control: ControlState, armed_presence: np.ndarray) -> np.ndarray:
    """Cells armed groups rule or fight over (zones 3-5) with fronts projecting force there.

    The population of these cells lives under armed rule: it is the population groups confine
    (F9), threaten (C4) and whose insecurity weighs on the economy.
    """
    return (control.is_armed() | control.is_disputed()) & (armed_presence > 0)


def insecurity(residents: np.ndarray, control: ControlState, armed_presence: np.ndarray) -> float:
    """Share of residents living under armed rule (:func:`armed_rule_mask`)."""
    total = float(residents.sum())
    if total <= 0:
        return 0.0
    return float(residents[armed_rule_mask(control, armed_presence)].sum()) / total


def coca_income_share(coca_ha: float, potential_ha: float, coca: CocaParams) -> float:
    """Coca's share of the growers' income: coca against licit crops on the rest of their land.

    ``coca_ha * coca_net / (coca_ha * coca_net + (potential_ha - coca_ha) * licit_net)``, at
    the parameters' net returns per hectare (no eradication risk, no support).
    """
    coca_income = coca_ha * coca.coca_net_usd_per_ha
    licit_income = max(0.0, potential_ha - coca_ha) * coca.licit_net_usd_per_ha
    total = coca_income + licit_income
    return coca_income / total if total > 0 else 0.0


def _rate(tau: float) -> float:
    return float(1.0 - fpmath.exp(-1.0 / tau))


class Economy:
    """The index and its six terms; one step a month (ODD 3, process 1)."""

    def __init__(self, params: EconomyParams, insecurity_at_start: float, coca_at_start: float):
        """Start at 1 with every term at 0.

        Args:
            params: The ``economy`` parameters.
            insecurity_at_start: :func:`insecurity` at set-up (the violence term's reference).
            coca_at_start: :func:`coca_income_share` at set-up (the coca term's reference).
        """
        self.params = p = params
        self.insecurity_at_start = insecurity_at_start
        self.coca_at_start = coca_at_start
        #: lending support of every month so far (True: held), the dead times read it
        self.history: list[bool] = []
        #: each term's current value (index points), in :data:`TERMS` order
        self.terms = np.zeros(len(TERMS))
        self._rates = np.array(
            [
                _rate(p.lending_delay_months),
                _rate(p.downgrade_delay_months),
                _rate(p.investment_delay_months),
                _rate(p.delay_months),
                _rate(p.delay_months),
                _rate(p.delay_months),
            ]
        )
        self.index = 1.0

    def settle(self, aid_capacity: float) -> None:
        """Set-up: the economic-aid term at its target for the start's capacity (ODD 5).

        The capacity stocks start at the steady state of the year before the start
        (``Capacity.settle``), so the aid term starts at its steady state with them; the
        others start at 0 (lending support before the run counts as held, no change of violence
        or coca yet).
        """
        aid = TERMS.index("economic_aid")
        self.terms[aid] = self.params.economic_aid_weight * (1.0 - aid_capacity)
        self.index = float(1.0 - self.terms.sum())

    def lost_support(self, months_ago: int) -> bool:
        """Whether lending support was lost ``months_ago`` months before this one (held before)."""
        i = len(self.history) - 1 - months_ago
        return i >= 0 and not self.history[i]

    def targets(self, aid_capacity: float, insecurity_now: float, coca_now: float) -> np.ndarray:
        """What each term moves toward this month (index points, :data:`TERMS` order)."""
        p = self.params
        lag_down = p.downgrade_lag_months
        return np.array(
            [
                p.lending_shock * self.lost_support(p.lending_lag_months),
                p.downgrade_shock * self.lost_support(lag_down),
                p.investment_shock * self.lost_support(lag_down + p.investment_lag_months),
                p.economic_aid_weight * (1.0 - aid_capacity),
                p.violence_weight * (insecurity_now - self.insecurity_at_start),
                p.coca_weight * (coca_now - self.coca_at_start),
            ]
        )

    def step(
        self, lending_support: bool, aid_capacity: float, insecurity_now: float, coca_now: float
    ) -> None:
        """Advance one month.

        Args:
            lending_support: Whether U.S. support for multilateral lending holds this month.
            aid_capacity: The economic-aid capacity index (``model/capacity.py``).
            insecurity_now: :func:`insecurity` at the end of last month.
            coca_now: :func:`coca_income_share` at the end of last month.
        """
        self.history.append(bool(lending_support))
        target = self.targets(aid_capacity, insecurity_now, coca_now)
        self.terms += (target - self.terms) * self._rates
        self.index = float(1.0 - self.terms.sum())

    @property
    def recruit_pool(self) -> float:
        """The factor on the armed groups' pool of would-be recruits (1 at index >= 1)."""
        return 1.0 + self.params.recruit_pool_elasticity * max(0.0, 1.0 - self.index)

    def term(self, name: str) -> float:
        """One term's value (index points)."""
        return float(self.terms[TERMS.index(name)])
