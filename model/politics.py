"""Politics: the 2026 election, the sitting government's cooperation and response (C9; F16, F18).

One object per run keeps the political state; each month (process 1, after capacity, the economy
and partners moved) :meth:`Politics.step` runs the rules below in order (docs/ODD.md 7.14).

**The 2026 election** (dates documented in ``PoliticsParams``): first round 31 May 2026
(``first_round_month``), runoff 21 June 2026 (``runoff_month``), inauguration 7 August 2026
(``inauguration_month``, Colombian constitution art. 190). The winner is decided at the start
of the runoff month, on the state at the end of the first-round month (one draw stands for both
rounds: the model has no candidates, only two camps). The governing camp's log-odds are

``logit(p) = logit(baseline_win_probability) + rally - security_weight * trend
- violence_weight * violence_trend + economy_weight * (economy_index - 1)``

* ``rally``: ``rally_full_cutoff`` if a cut-off is in force in the first-round month,
  ``rally_waivers`` under waivers, 0 if certified (C9: the vote as a referendum on the U.S.);
* ``trend``: relative change of the share of residents under armed rule
  (``model/economy.py: insecurity``) over the ``security_window_months`` before the vote;
* ``violence_trend``: relative change of violent events (deaths and kidnappings: the sum of the
  ``violence`` layer at the end of a month, its events plus earlier months' carried over at half
  weight, ``model/events.py``) over the same window, capped at +-1 (a doubling counts as much as
  anything worse: a small world's few events must not decide the vote);
* the economy index of ``model/economy.py`` (C8).

With ``election = "simulated"`` the governing camp wins when a uniform number drawn once at
set-up is below ``p``: the same number in every regime (common random numbers), so a regime that
raises ``p`` can only turn losses into wins in a paired seed. ``"governing"`` or
``"opposition"`` fixes the winner in every seed. Before the vote, :attr:`Politics.win_probability`
is the probability a vote held on this month's state would give (read by the outcome
``governing_camp_wins`` until the result is known). A run that starts after the runoff draws
the result at set-up from the baseline alone.

**Cooperation** (0..1) of the sitting government with U.S. drug policy:

``cooperation = clip(term + response - leverage_cooperation_cost * leverage, 0, 1)``

* ``term``: ``current_cooperation`` until the inauguration; then the elected government's own,
  ``next_cooperation`` if set, else ``low + u * (high - low)`` of the winning camp's range
  (``u`` a second uniform drawn at set-up);
* ``response`` (the government's answer to the regime, a stock with time constant
  ``response_delay_months``) tends to 0 while certified, ``+waiver_response`` under waivers
  with conditions (a decertification that keeps at least ``waiver_min_share`` of the certified
  money), ``-retaliation`` under a cut-off (less than that share);
* ``leverage``: partners' leverage (``model/partners.py``, C7).

**Effort** (the government's counter-narcotics effort follows cooperation with a lag): the
stock ``effort`` tends to ``cooperation / current_cooperation`` with time constant
``effort_delay_months`` (1 at set-up and in every certified month before the inauguration, so the
recorded forcing of ``model/government.py`` is unchanged there). Then

* eradication effort factor ``effort ** eradication_elasticity`` and interdiction (joint
  operations) factor ``effort ** interdiction_elasticity``, applied by ``model/government.py``
  to ``StateInputs.eradication`` and ``StateInputs.interdiction`` (so the campaign, seizures
  and the regional hub respond);
* ``extraditions = extraditions_per_month * effort ** extradition_elasticity`` per month.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from model.observed import ordinal
from model.params import Params

GOVERNING = "governing"
OPPOSITION = "opposition"


class RegimeView(Protocol):
    """What politics reads of the policy (``model/policy.py: Policy``)."""

    @property
    def decertified(self) -> bool:
        """Whether a decertification is in force this month."""
        ...  # pragma: no cover

    @property
    def us_share(self) -> float:
        """This month's U.S. funding over the certified funding."""
        ...  # pragma: no cover


@dataclass(frozen=True)
class Effort:
    """The sitting government's counter-narcotics effort this month (factors, 1 = recorded)."""

    eradication: float
    interdiction: float
    opposition_in_office: bool


def logit(p: float) -> float:
    """Log-odds of a probability in (0, 1)."""
    return math.log(p / (1.0 - p))


def logistic(x: float) -> float:
    """Inverse of :func:`logit`."""
    return 1.0 / (1.0 + math.exp(-x))


def relative_change(window: deque[float]) -> float:
    """Relative change from the first to the last value of a window (0 if the first is 0)."""
    before, now = window[0], window[-1]
    return (now - before) / before if before > 0 else 0.0


class Politics:
    """The election, cooperation, the response to the regime and the effort it drives."""

    def __init__(
        self, params: Params, rng: np.random.Generator, insecurity: float, *, violence: float
    ) -> None:
        """Draw the run's two political uniforms; start at the sitting government's cooperation.

        Args:
            params: Parameters (``politics``, ``simulation.start_month``).
            rng: The model's generator (two uniforms are drawn, whatever the regime).
            insecurity: Share of residents under armed rule at set-up.
            violence: Violent events in the ``violence`` layer at set-up.
        """
        self.p = p = params.politics
        start = ordinal(params.simulation.start_month)
        self.first_round = ordinal(p.first_round_month) - start
        self.runoff = ordinal(p.runoff_month) - start
        self.inauguration = ordinal(p.inauguration_month) - start
        self._u_vote, self._u_term = (float(u) for u in rng.random(2))
        self._response_rate = 1.0 - math.exp(-1.0 / p.response_delay_months)
        self._effort_rate = 1.0 - math.exp(-1.0 / p.effort_delay_months)
        self._insecurity: deque[float] = deque([insecurity], maxlen=p.security_window_months + 1)
        self._violence: deque[float] = deque([violence], maxlen=p.security_window_months + 1)
        self.response = 0.0
        """The sitting government's response to the regime, in cooperation units."""
        self.effort = 1.0
        """Counter-narcotics effort relative to the recorded one (lagged cooperation ratio)."""
        self.rally = 0.0
        """Log-odds the regime in force adds to the governing camp (set each month to the vote)."""
        self.win_probability = p.baseline_win_probability
        """Chance the governing camp wins, on this month's state (fixed once the vote is held)."""
        self.winner: str | None = None
        """``"governing"`` or ``"opposition"`` once the runoff is held; None before."""
        self.term = p.current_cooperation
        """The sitting government's own cooperation (before response and leverage)."""
        self.cooperation = p.current_cooperation
        """Cooperation of the sitting government with U.S. drug policy this month, 0..1."""
        self.extraditions = p.extraditions_per_month
        """Extraditions to the U.S. this month (persons)."""
        if self.runoff < 0:  # the vote was held before the run: decided on the baseline alone
            self._decide(p.baseline_win_probability)
            if self.inauguration < 0:
                self.term = self._elected_term()
                self.cooperation = self.term

    # --- the vote -------------------------------------------------------------------------------
    def rally_for(self, regime: RegimeView) -> float:
        """The rally term of the regime in force (C9): cut-off, waivers or none."""
        if not regime.decertified:
            return 0.0
        if regime.us_share >= self.p.waiver_min_share:
            return self.p.rally_waivers
        return self.p.rally_full_cutoff

    def probability(self, rally: float, economy_index: float) -> float:
        """The governing camp's chance to win on the current state, with a given rally term."""
        p = self.p
        violence = min(1.0, max(-1.0, relative_change(self._violence)))
        x = (
            logit(p.baseline_win_probability)
            + rally
            - p.security_weight * relative_change(self._insecurity)
            - p.violence_weight * violence
            + p.economy_weight * (economy_index - 1.0)
        )
        return logistic(x)

    def _decide(self, probability: float) -> None:
        self.win_probability = probability
        mode = self.p.election
        if mode == "simulated":
            self.winner = GOVERNING if self._u_vote < probability else OPPOSITION
        else:
            self.winner = mode

    def _elected_term(self) -> float:
        p = self.p
        if p.next_cooperation is not None:
            return p.next_cooperation
        camp = self.winner or GOVERNING
        low = getattr(p, f"{camp}_cooperation_low")
        high = getattr(p, f"{camp}_cooperation_high")
        return low + self._u_term * (high - low)

    @property
    def governing_camp_wins(self) -> float:
        """1 or 0 once the vote is held; before it, the chance a vote held now would give."""
        if self.winner is None:
            return self.win_probability
        return 1.0 if self.winner == GOVERNING else 0.0

    # --- the month --------------------------------------------------------------------------------
    def step(
        self,
        month: int,
        regime: RegimeView,
        insecurity: float,
        economy_index: float,
        leverage: float,
        *,
        violence: float,
    ) -> Effort:
        """Advance one month (module docstring) and return the month's effort.

        Args:
            month: Step number of the month being simulated (0 = the start month).
            regime: The policy in force this month (``Policy``: ``decertified``, ``us_share``).
            insecurity: Share of residents under armed rule at the end of last month.
            economy_index: The economy index of this month.
            leverage: Partners' leverage this month (``Partners.leverage``).
            violence: Violent events in the ``violence`` layer at the end of last month.
        """
        p = self.p
        # the response to the regime: waivers with conditions raise it, a cut-off lowers it
        target = 0.0
        if regime.decertified:
            waivers = regime.us_share >= p.waiver_min_share
            target = p.waiver_response if waivers else -p.retaliation
        self.response += (target - self.response) * self._response_rate

        # the vote: the rally of the first-round month; decided at the start of the runoff month
        if self.winner is None:
            self._insecurity.append(insecurity)
            self._violence.append(violence)
            if month <= max(self.first_round, 0):
                self.rally = self.rally_for(regime)
            probability = self.probability(self.rally, economy_index)
            if month == self.runoff:
                self._decide(probability)
            else:
                self.win_probability = probability
        if month == self.inauguration:
            self.term = self._elected_term()

        self.cooperation = min(
            1.0, max(0.0, self.term + self.response - p.leverage_cooperation_cost * leverage)
        )
        ratio = self.cooperation / p.current_cooperation
        self.effort += (ratio - self.effort) * self._effort_rate
        self.extraditions = p.extraditions_per_month * self.effort**p.extradition_elasticity
        return Effort(
            eradication=self.effort**p.eradication_elasticity,
            interdiction=self.effort**p.interdiction_elasticity,
            opposition_in_office=self.winner == OPPOSITION and month >= self.inauguration,
        )
