"""From U.S. funding to the Colombian state's capacity (C1, C2, C7, C10; F10, F17).

For each assistance category ``c`` the model keeps a stock ``funded[c]``: the fraction of the
certified (status-quo) U.S.-supported effort that is still delivered. Each month it moves toward
its target with the category's own delay (a first-order lag with time constant ``delay_months``):

    funded[c] += (target[c] - funded[c]) * (1 - exp(-1 / delay_months[c]))

The target is what the money buys, relative to the certified baseline:

* U.S. money: ``us[c] / baseline[c]``.
* Colombian backfill (F10): the budget replaces a share ``fiscal_backfill_share`` of the gap.
  For aircraft fuel and maintenance, parts bought commercially cost ``1 + commercial_markup``
  times as much (F17), so backfilled money buys proportionally less.
* Other partners (C7) can fill a share ``partner_share`` of the aircraft-hardware gap, after a
  lag ``partner_delay_months``; never intelligence or training.

The capacity index the agents read is ``capacity[c] = (1 - us_dependence[c]) + us_dependence[c]
* funded[c]``: 1 under the status quo; ``1 - us_dependence`` when U.S. support is gone for good.

:meth:`Capacity.inputs` maps capacities, and the economy index of ``model/economy.py`` (C8),
onto the named inputs of the agents' rules (table in ``docs/ODD.md``, "Submodels: capacity").

Money here is US$ million a month, one step: the yearly baselines of the parameters are converted
once, at set-up (:func:`model.calendar.per_month`), and each month's funding comes from the
policy (``model/policy.py``) in the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents import fpmath
from model.calendar import per_month
from model.categories import CATEGORIES, Category
from model.params import Params

_IDX = {c: i for i, c in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class StateInputs:
    """Named inputs of the agents' rules, derived from capacity each month (C1)."""

    targeting: float
    """Intelligence: scales the chance a security unit knows where its target is."""
    air_mobility: float
    """Fuel and aircraft maintenance: scales air reach into remote cells."""
    effectiveness: float
    """Training and salaries: scales combat effectiveness of every security unit."""
    vetted_support: float
    """U.S.-funded share of training still delivered: the vetted units' edge (F11)."""
    conviction: float
    """Prosecutors and justice: scales the chance a capture becomes a removal."""
    presence_growth: float
    """Rural presence and peace implementation: scales the level state presence grows toward."""
    eradication: float
    """Eradication and alternative development: scales eradication."""
    alt_development: float
    """Alternative development and peace implementation: scales licit-crop support."""
    interdiction: float
    """Interdiction and the regional hub: scales seizures (C6)."""
    economy: float
    """The economy index (1 = status quo, ``model/economy.py``, C8): scales licit returns and
    recruits' hardship."""
    recruit_pool: float
    """The economy's factor on the armed groups' pool of would-be recruits (1 = status quo; it
    grows as the economy weakens, C8 feeding C3)."""


class Capacity:
    """Capacity stocks per category and partner substitution."""

    def __init__(self, params: Params) -> None:
        """Start every stock at the status quo (funded fraction 1)."""
        cap = params.capacity
        sections = [cap.category(c) for c in CATEGORIES]
        yearly = np.array([s.baseline_musd_per_year for s in sections])
        self.baseline_musd_per_month = per_month(yearly)
        self.rate = 1.0 - fpmath.exp(-1.0 / np.array([s.delay_months for s in sections]))
        self.us_dependence = np.array([s.us_dependence for s in sections])
        self.backfill_share = cap.fiscal_backfill_share
        self.markup = cap.commercial_markup
        self.partner_share = cap.partner_share
        self.partner_rate = 1.0 - fpmath.exp(-1.0 / cap.partner_delay_months)
        self.funded = np.ones(len(CATEGORIES))
        self.partner = 0.0  # fraction of the aircraft baseline supplied by other partners (C7)
        self.us_musd = self.baseline_musd_per_month.copy()
        #: the capacity index and the bytes of ``funded`` and ``us_dependence`` it came from
        self._capacity: tuple[bytes, np.ndarray] | None = None

    def settle(self, us_musd_per_month: np.ndarray) -> None:
        """Set-up: every stock at the steady state of a constant funding (ODD 5).

        A stock with a constant target ends at that target, whatever its delay: the partner
        stock at its share of the aircraft gap, each ``funded[c]`` at what the money buys.
        ``model/initial.py`` passes the mean funding of the twelve months before the start, so a
        run that starts in 2018 begins with 2017's capacity (the economy's aid term follows it,
        ``Economy.settle``).

        Args:
            us_musd_per_month: U.S. funding per category (US$ million a month).
        """
        self.us_musd = np.asarray(us_musd_per_month, dtype=float)
        self.partner = self._partner_target(self.us_musd)
        self.funded = self.targets(self.us_musd)

    def _partner_target(self, us_musd_per_month: np.ndarray) -> float:
        """Share of the aircraft baseline other partners tend to supply (C7)."""
        air = _IDX[Category.AIRCRAFT_FUEL_MAINTENANCE]
        base = self.baseline_musd_per_month[air]
        us_air = us_musd_per_month[air] / base if base > 0 else 1.0
        return self.partner_share * max(0.0, 1.0 - us_air)

    def targets(self, us_musd_per_month: np.ndarray) -> np.ndarray:
        """Funded fraction that this month's money (U.S. + backfill + partners) would sustain."""
        # ten categories: Python floats, the same IEEE operations in the same order as the
        # numpy form (np.where, np.clip, a row of buying power) at a tenth of its overhead
        # (issue 15; tests/test_capacity.py keeps the numpy form and compares bit for bit)
        air = _IDX[Category.AIRCRAFT_FUEL_MAINTENANCE]
        # F17: without U.S. maintenance support, parts are bought commercially at a markup.
        air_power = 1.0 / (1.0 + self.markup)
        backfill = self.backfill_share
        us = np.asarray(us_musd_per_month, dtype=float).tolist()
        target = []
        for c, (base, money) in enumerate(
            zip(self.baseline_musd_per_month.tolist(), us, strict=True)
        ):
            fraction = money / base if base > 0 else 1.0
            gap = 1.0 - fraction
            if gap < 0.0:  # np.clip(gap, 0.0, None): NaN stays
                gap = 0.0
            target.append(fraction + backfill * gap * (air_power if c == air else 1.0))
        # C7: partners replace hardware only; what they add cannot exceed the remaining gap.
        remaining = 1.0 - target[air]
        if remaining < 0.0:
            remaining = 0.0
        target[air] += min(self.partner, remaining)
        return np.array(target, dtype=float)

    def step(self, us_musd_per_month: np.ndarray) -> None:
        """Advance one month with this month's U.S. funding.

        Args:
            us_musd_per_month: U.S. funding per category (``CATEGORIES`` order), US$ million a
                month (``Policy.funding``).
        """
        self.us_musd = np.asarray(us_musd_per_month, dtype=float)
        self.partner += (self._partner_target(self.us_musd) - self.partner) * self.partner_rate
        target = self.targets(self.us_musd)
        self.funded += (target - self.funded) * self.rate

    @property
    def capacity(self) -> np.ndarray:
        """Capacity index per category (1 = status quo).

        Kept while the funded fractions and the dependence hold the same bytes (the outcomes
        and the month's inputs read it a dozen times a month; issue 15); a copy each time, so
        a caller cannot change the kept one.
        """
        key = self.funded.tobytes() + self.us_dependence.tobytes()
        kept = self._capacity
        if kept is None or kept[0] != key:
            kept = self._capacity = (
                key,
                (1.0 - self.us_dependence) + self.us_dependence * self.funded,
            )
        return kept[1].copy()

    def of(self, category: Category) -> float:
        """Capacity index of one category."""
        return float(self.capacity[_IDX[category]])

    def inputs(self, economy_index: float = 1.0, recruit_pool: float = 1.0) -> StateInputs:
        """Map capacities to the named inputs of the agents' rules (table in docs/ODD.md).

        Args:
            economy_index: ``Economy.index`` (``model/economy.py``), passed through.
            recruit_pool: ``Economy.recruit_pool``, passed through.
        """
        cap = self.capacity
        c = _IDX
        return StateInputs(
            targeting=float(cap[c[Category.INTELLIGENCE]]),
            air_mobility=float(cap[c[Category.AIRCRAFT_FUEL_MAINTENANCE]]),
            effectiveness=float(cap[c[Category.TRAINING_SALARIES]]),
            vetted_support=float(self.funded[c[Category.TRAINING_SALARIES]]),
            conviction=float(cap[c[Category.JUSTICE]]),
            presence_growth=float(
                0.5 * (cap[c[Category.RURAL_PRESENCE]] + cap[c[Category.PEACE_IMPLEMENTATION]])
            ),
            eradication=float(cap[c[Category.ERADICATION_ALT_DEV]]),
            alt_development=float(
                0.5 * (cap[c[Category.ERADICATION_ALT_DEV]] + cap[c[Category.PEACE_IMPLEMENTATION]])
            ),
            interdiction=float(cap[c[Category.INTERDICTION_HUB]]),
            economy=float(economy_index),
            recruit_pool=float(recruit_pool),
        )
