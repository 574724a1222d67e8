"""The policy in motion: one regime running in one model, month by month (docs/ODD.md 7.1, 7.14).

A :class:`~model.assistance.Regime` is what a regime file says: dated decisions, funding
schedules and rules. A :class:`Policy` is that regime running: built once from the regime, the
certified baselines and the start month, it keeps its own clock and
everything the run has decided so far (the decision in force, the decisions its rules fired, the
level each linear ramp starts from), so nobody passes state in. Each month the model reads

* :attr:`Policy.funding`: this month's U.S. funding per category (``CATEGORIES`` order),
  US$ million a month;
* :attr:`Policy.lending_support`: whether U.S. support for multilateral lending holds (C8, F15);

and at the end of the month calls :meth:`Policy.end_month` once: the regime's rules are checked on
the month's results (a rule that holds decides from the next month on and fires once) and the
policy moves to the next month.

**Which decision applies.** In month ``t`` the decision in force is the latest written or fired
decision dated ``t`` or earlier; a decision fired by a rule wins over a written one of the same
month. Before the first decision, and in a regime without decisions, the status quo holds: every
category at its certified baseline and lending supported. This is the one definition of the
status quo; :func:`status_quo` is the regime that adds nothing to it (the model's default).

**Units.** Regime files and parameters give money per year (``musd_per_year``,
``capacity.<category>.baseline_musd_per_year``), the unit budgets and sources quote. A policy
computes its levels in that unit and hands out money per month, one step, converted once with
:func:`model.calendar.per_month`; ``Capacity`` converts its baselines the same way, once, at set-up.
Between the policy and capacity, money is always US$ million a month.

**What the rule check reads.** The rule variables (:data:`~model.assistance.RULE_VARIABLES`) are
model outcomes at the end of the month (the government's cooperation among them: it is the
politics of ``model/politics.py``, C9, which reads :attr:`Policy.decertified` and
:attr:`Policy.us_share`), which it asks for by name through an :data:`OutcomeReader`
given to :meth:`Policy.end_month`; only the outcomes a due rule names are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from model.assistance import OPERATORS, Decision, Regime, ScheduleEntry, parse_condition
from model.calendar import month_index, month_label, per_month
from model.categories import CATEGORIES
from model.params import Params

#: How a rule check reads the world at the end of a month: the value of the model outcome
#: ``name`` (one of ``RULE_VARIABLES``; ``model/outcomes.py``), for
#: example ``lambda name: outcomes[name].compute(model)``.
OutcomeReader = Callable[[str], float]


def status_quo() -> Regime:
    """The status quo as a regime: no decision, so every month is certified (the model's default).

    It adds nothing to the policy's own rule for months without a decision; the shipped
    ``runs/regimes/certified.toml`` is checked to be the same regime in effect (tests/test_policy).
    """
    return Regime(
        name="certified",
        title="Certified (status quo)",
        description="Status quo: certified, full assistance in every category, lending supported",
    )


@dataclass
class _Window:
    """Months ``first`` to ``last`` in step numbers, inclusive (open-ended if ``last`` is None)."""

    first: int
    last: int | None

    def contains(self, month: int) -> bool:
        return self.first <= month and (self.last is None or month <= self.last)


@dataclass
class _Schedule(_Window):
    """One schedule entry in step numbers, its level precomputed (US$ million a year)."""

    idx: np.ndarray  # positions of its categories in CATEGORIES
    level: np.ndarray
    linear: bool
    before: np.ndarray | None = None  # decided level at ``first`` (linear ramps start there)

    @classmethod
    def build(cls, entry: ScheduleEntry, start_month: str, baselines: np.ndarray) -> _Schedule:
        idx = np.array([CATEGORIES.index(c) for c in entry.categories])
        first = month_index(entry.start, start_month)
        last = month_index(entry.end, start_month) if entry.end else None
        if entry.share_of_baseline is not None:
            level = baselines[idx] * entry.share_of_baseline
        else:  # money for the listed categories together, split in proportion to baselines
            weights = baselines[idx]
            total = weights.sum()
            weights = weights / total if total > 0 else np.full(len(idx), 1 / len(idx))
            level = entry.musd_per_year * weights
        linear = entry.shape == "linear" and last is not None and last > first
        return cls(first, last, idx, level, linear)

    def level_at(self, month: int, decided: np.ndarray | None = None) -> np.ndarray:
        """The level in ``month``; a linear ramp not yet entered starts from ``decided``."""
        if not self.linear:
            return self.level
        before = self.before if self.before is not None else decided
        assert before is not None and self.last is not None
        frac = (month - self.first) / (self.last - self.first)
        return before + (self.level - before) * frac


@dataclass
class _RuleCheck(_Window):
    """One rule in step numbers, its condition parsed once."""

    index: int
    clauses: list[tuple[str, str, float]]
    fired: bool = False

    def due(self, month: int) -> bool:
        return not self.fired and self.contains(month)


class Policy:
    """A regime in motion: this month's funding and lending support, and the end-of-month rules."""

    funding: np.ndarray
    """This month's U.S. funding per category (``CATEGORIES`` order), US$ million a month
    (read-only; a new array each month)."""

    def __init__(
        self,
        regime: Regime,
        baselines_musd_per_year: Sequence[float] | np.ndarray,
        start_month: str,
    ) -> None:
        """Start the policy in month 0 (``start_month``).

        Args:
            regime: The regime (what its file says).
            baselines_musd_per_year: Certified funding per category (``CATEGORIES`` order),
                US$ million a year.
            start_month: Calendar month of step 0, "YYYY-MM".
        """
        self.regime = regime
        self.start_month = start_month
        self.baselines_musd_per_year = np.array(baselines_musd_per_year, dtype=float)
        if self.baselines_musd_per_year.shape != (len(CATEGORIES),):
            raise ValueError(f"need one baseline per category ({len(CATEGORIES)})")
        self.baselines_musd_per_year.flags.writeable = False
        # written decisions in step numbers, in date order (the regime validates the order)
        self._written = [(month_index(d.month, start_month), d) for d in regime.decision]
        self._schedules = [
            _Schedule.build(e, start_month, self.baselines_musd_per_year) for e in regime.schedule
        ]
        for schedule in self._schedules:
            if schedule.linear and schedule.first < 0:  # started before the run: written only
                schedule.before = self._decided(self._written_at(schedule.first))[schedule.idx]
        self._rules = [
            _RuleCheck(
                month_index(r.start, start_month),
                month_index(r.end, start_month) if r.end else None,
                i,
                parse_condition(r.when),
            )
            for i, r in enumerate(regime.rule)
        ]
        self._fired: list[Decision] = []
        self._next: list[Decision] = []  # fired at the end of this month, in force from the next
        self.month = 0
        self._decision = self._written_at(0)
        self._enter_month()

    @classmethod
    def from_params(cls, regime: Regime, params: Params) -> Policy:
        """The policy of ``regime`` with the baselines and start month of ``params``."""
        capacity = params.capacity
        return cls(
            regime,
            [capacity.category(c).baseline_musd_per_year for c in CATEGORIES],
            params.simulation.start_month,
        )

    # --- this month ---------------------------------------------------------------------------
    @property
    def date(self) -> str:
        """This month's calendar label, "YYYY-MM"."""
        return month_label(self.month, self.start_month)

    @property
    def decision(self) -> Decision | None:
        """The decision in force this month (None: no decision yet, the status quo)."""
        return self._decision

    @property
    def lending_support(self) -> bool:
        """Whether U.S. support for multilateral lending holds this month (C8)."""
        return True if self._decision is None else self._decision.lending

    @property
    def decertified(self) -> bool:
        """Whether a decertification is in force this month (read by ``model/politics.py``)."""
        return self._decision is not None and not self._decision.certified

    @property
    def us_share(self) -> float:
        """This month's U.S. funding over the certified funding, all categories (1 = status quo)."""
        base = float(self.baselines_musd_per_year.sum())
        return float(self.funding.sum()) / float(per_month(base)) if base > 0 else 1.0

    @property
    def fired(self) -> tuple[Decision, ...]:
        """Decisions the regime's rules have made so far, in the order they fired."""
        return tuple(self._fired)

    # --- the month's end ----------------------------------------------------------------------
    def end_month(self, read_outcome: OutcomeReader) -> tuple[Decision, ...]:
        """Check the rules on this month's results, then move to the next month.

        Every rule not yet fired whose window includes this month is checked, in file order; a
        rule whose clauses all hold fires once, and its decision, dated the next month, is in
        force from then on (the last of several fired together wins).

        Args:
            read_outcome: The end-of-month value of a model outcome by name (only those a due
                rule names are read).

        Returns:
            The decisions fired this month.
        """
        values: dict[str, float] = {}

        def value(name: str) -> float:
            if name not in values:
                values[name] = float(read_outcome(name))
            return values[name]

        fired: list[Decision] = []
        next_month = month_label(self.month + 1, self.start_month)
        for check in self._rules:
            if not check.due(self.month):
                continue
            if all(OPERATORS[op](value(name), number) for name, op, number in check.clauses):
                check.fired = True
                fired.append(self.regime.rule[check.index].decision(next_month))
        self._fired.extend(fired)
        self._next = fired
        self.month += 1
        self._enter_month()
        return tuple(fired)

    # --- what the regime file says for any month (rules aside) ----------------------------------
    def written_funding(self, month: int) -> np.ndarray:
        """U.S. funding per category (US$ million a month) the regime file gives a month.

        What the written decisions and schedules give month ``month`` (negative: before the
        run; no rule has fired then). The initial capacity stocks are the steady state of the
        months before the start (``model/initial.py``).
        """
        decided = self._decided(self._written_at(month))
        yearly = decided.copy()
        for schedule in self._schedules:
            if schedule.contains(month):
                yearly[schedule.idx] = schedule.level_at(month, decided[schedule.idx])
        return per_month(yearly)

    def written_lending(self, month: int) -> bool:
        """Lending support that the written decisions give month ``month``."""
        decision = self._written_at(month)
        return True if decision is None else decision.lending

    # --- internals ----------------------------------------------------------------------------
    def _written_at(self, month: int) -> Decision | None:
        """The latest written decision dated ``month`` or earlier."""
        current = None
        for index, decision in self._written:
            if index <= month:
                current = decision
        return current

    def _decided(self, decision: Decision | None) -> np.ndarray:
        """Yearly funding per category that a decision alone gives (None: the status quo)."""
        if decision is None:
            keep = np.ones(len(CATEGORIES))
        else:
            waived = set(decision.waived)
            keep = np.array([decision.certified or c in waived for c in CATEGORIES], dtype=float)
        return self.baselines_musd_per_year * keep

    def _enter_month(self) -> None:
        """Put this month's decision in force and compute its funding."""
        for index, decision in self._written:
            if index == self.month:
                self._decision = decision
        if self._next:
            self._decision = self._next[-1]  # a fired decision wins over a written one
            self._next = []
        decided = self._decided(self._decision)
        yearly = decided.copy()
        for schedule in self._schedules:
            if schedule.linear and schedule.first == self.month:
                schedule.before = decided[schedule.idx]
            if schedule.contains(self.month):
                yearly[schedule.idx] = schedule.level_at(self.month)
        funding = per_month(yearly)
        funding.flags.writeable = False
        self.funding = funding
