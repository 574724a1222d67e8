"""Policy regimes: dated U.S. decisions and funding schedules per assistance category.

A :class:`Regime` is what a TOML file in ``runs/regimes/`` says (format in ``docs/REGIMES.md``):

* ``[[decision]]`` entries: from a month on, Colombia is certified (full assistance, lending
  support) or decertified, with national-interest waivers keeping a set of categories
  (brief: "The policy lever"; F17, F18).
* ``[[schedule]]`` entries: explicit funding for some categories over a period, as a share of the
  certified baseline or as US$ million a year split over the categories in proportion to their
  baselines, as a step or a linear ramp. Schedules override decisions for their categories and
  months (the 1997 pattern: a US$30 million waiver after a year of cut-off, F17).

* ``[[rule]]`` entries: conditional decisions. From ``start`` (until ``end``), when the
  condition ``when`` (clauses ``VARIABLE OP NUMBER`` joined by ``and``; variables in
  :data:`RULE_VARIABLES`) holds at the end of a month, the decision ``then`` applies from the next
  month on; each rule fires once (for example, recertify after the 2026 inauguration if the new
  government's cooperation is high enough, C9).

Before the first decision, funding is the certified baseline (the status quo). The model asks
:meth:`Regime.funding` each month, passing the decisions its rules have made; money is US$ million
per month.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import (
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from model.categories import Category
from model.errors import RegimeError, describe_validation_error
from model.strict import FROM_TEXT, StrictModel
from model.tomlfile import read_toml

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
CATEGORIES: tuple[Category, ...] = tuple(Category)


def month_index(month: str, start_month: str) -> int:
    """Months from ``start_month`` to ``month`` (both "YYYY-MM"); negative if before."""
    y1, m1 = (int(part) for part in month.split("-"))
    y0, m0 = (int(part) for part in start_month.split("-"))
    return (y1 * 12 + m1) - (y0 * 12 + m0)


def month_label(index: int, start_month: str) -> str:
    """The "YYYY-MM" label of step ``index`` counted from ``start_month``."""
    y0, m0 = (int(part) for part in start_month.split("-"))
    total = y0 * 12 + (m0 - 1) + index
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


class Decision(StrictModel):
    """A certification decision that applies from ``month`` until the next decision."""

    month: str = Field(pattern=MONTH_PATTERN, description="First month the decision applies.")
    certified: bool = Field(description="True: full assistance. False: decertified.")
    waived: list[Annotated[Category, FROM_TEXT]] = Field(
        default_factory=list,
        description="Categories kept by national-interest waivers when decertified.",
    )
    lending_support: bool | None = Field(
        None,
        description="U.S. support for multilateral lending; default: the same as `certified`.",
    )

    @property
    def lending(self) -> bool:
        """Whether U.S. support for multilateral lending holds under this decision."""
        return self.certified if self.lending_support is None else self.lending_support


class ScheduleEntry(StrictModel):
    """Explicit funding of some categories over a period (overrides decisions)."""

    categories: list[Annotated[Category, FROM_TEXT]] = Field(
        min_length=1, description="Categories funded."
    )
    start: str = Field(pattern=MONTH_PATTERN, description="First month (inclusive).")
    end: str | None = Field(
        None, pattern=MONTH_PATTERN, description="Last month (inclusive); open-ended if absent."
    )
    share_of_baseline: float | None = Field(
        None, ge=0, le=10, description="Level as a multiple of each category's certified baseline."
    )
    musd_per_year: float | None = Field(
        None,
        ge=0,
        le=100000,
        description="Level as US$ million a year for all listed categories together, split in "
        "proportion to their baselines.",
    )
    shape: Literal["step", "linear"] = Field(
        "step",
        description="step: the level from `start`; linear: a ramp from the level the decisions "
        "give at `start` to this level at `end` (needs `end`).",
    )

    @model_validator(mode="after")
    def _one_level(self) -> ScheduleEntry:
        if (self.share_of_baseline is None) == (self.musd_per_year is None):
            raise ValueError("give exactly one of share_of_baseline or musd_per_year")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.shape == "linear" and self.end is None:
            raise ValueError("shape 'linear' needs an end month")
        return self


#: Variables a rule's condition may use: the next government's cooperation (``politics``
#: parameters, C9) and model outcomes (``model/outcomes.py``) at the end of the month.
RULE_VARIABLES: dict[str, str] = {
    "cooperation": "the sitting government's cooperation with U.S. drug policy, 0..1 (C9)",
    "state_control_share": "share of land cells the state controls",
    "armed_control_share": "share of land cells armed groups control",
    "contested_share": "share of land cells disputed",
    "armed_members": "members of all armed groups",
    "coca_ha": "hectares of coca",
    "kidnappings": "kidnappings this month",
    "security_force_deaths": "security-force members killed this month",
    "economy_index": "macro index (1 = status quo)",
}
_CLAUSE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def parse_condition(text: str) -> list[tuple[str, str, float]]:
    """Parse ``"cooperation > 0.6 and armed_control_share < 0.3"`` into clauses.

    Raises:
        ValueError: naming the clause and the allowed variables and operators.
    """
    clauses = []
    for part in re.split(r"\s+and\s+", text.strip()):
        match = _CLAUSE.match(part)
        if not match:
            raise ValueError(
                f"cannot read '{part}': write VARIABLE OP NUMBER joined by 'and', "
                f"OP one of {', '.join(_OPS)}"
            )
        name, op, number = match.groups()
        if name not in RULE_VARIABLES:
            raise ValueError(
                f"unknown rule variable '{name}'; allowed: {', '.join(RULE_VARIABLES)}"
            )
        clauses.append((name, op, float(number)))
    return clauses


class RuleDecision(StrictModel):
    """What a rule decides when its condition holds (a decision without a month)."""

    certified: bool
    waived: list[Annotated[Category, FROM_TEXT]] = Field(default_factory=list)
    lending_support: bool | None = None


class Rule(StrictModel):
    """A conditional decision, checked at the end of each month in its window; fires once.

    From ``start`` (until ``end``), when ``when`` holds at the end of a month, ``then`` applies
    from the next month on.
    """

    start: str = Field(pattern=MONTH_PATTERN, description="First month the rule is checked.")
    end: str | None = Field(None, pattern=MONTH_PATTERN, description="Last month it is checked.")
    when: str = Field(min_length=1, description="Condition, e.g. 'cooperation > 0.6'.")
    then: RuleDecision

    @field_validator("when")
    @classmethod
    def _parse(cls, value: str) -> str:
        parse_condition(value)
        return value

    def holds(self, values: Mapping[str, float]) -> bool:
        """Whether every clause of the condition holds for ``values``."""
        return all(
            _OPS[op](float(values[name]), number) for name, op, number in parse_condition(self.when)
        )

    def decision(self, month: str) -> Decision:
        """The decision this rule makes, dated ``month``."""
        return Decision(month=month, **self.then.model_dump())


class Regime(StrictModel):
    """A U.S. policy regime: decisions and schedules over time (the lever)."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$", description="Short name.")
    description: str = Field("", description="One line shown by `decertsim regimes`.")
    decision: list[Decision] = Field(default_factory=list, description="Dated decisions.")
    schedule: list[ScheduleEntry] = Field(default_factory=list, description="Funding overrides.")
    rule: list[Rule] = Field(default_factory=list, description="Conditional decisions.")

    @model_validator(mode="after")
    def _ordered_and_disjoint(self) -> Regime:
        months = [d.month for d in self.decision]
        for i in range(1, len(months)):
            if months[i] <= months[i - 1]:
                raise ValueError(
                    f"decision[{i}].month {months[i]} must come after decision[{i - 1}].month "
                    f"{months[i - 1]} (decisions in date order, one per month)"
                )
        for i, a in enumerate(self.schedule):
            for j in range(i + 1, len(self.schedule)):
                b = self.schedule[j]
                shared = set(a.categories) & set(b.categories)
                a_end = a.end or "9999-12"
                b_end = b.end or "9999-12"
                if shared and a.start <= b_end and b.start <= a_end:
                    names = ", ".join(sorted(c.value for c in shared))
                    raise ValueError(
                        f"schedule[{i}] and schedule[{j}] overlap in time for {names}: "
                        "each category may have one schedule entry per month"
                    )
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> Regime:
        """Load and validate a regime TOML file.

        Raises:
            RegimeError: naming the file and the problem (unreadable, not UTF-8, too large or
                too deeply nested, not TOML: :mod:`model.tomlfile`) or the field and what is
                allowed.
        """
        data = read_toml(path, "regime", RegimeError)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise RegimeError(describe_validation_error(str(path), exc, cls)) from None

    def state_at(
        self, index: int, start_month: str, fired: Sequence[Decision] = ()
    ) -> tuple[bool, frozenset[Category], bool]:
        """Certification, waived categories and lending support in month ``index``.

        Args:
            index: Step number (0 = ``start_month``).
            start_month: Calendar month of step 0.
            fired: Decisions made by rules during the run; a fired decision wins over a
                written one of the same month.
        """
        current: Decision | None = None
        applying = [
            d for d in (*self.decision, *fired) if month_index(d.month, start_month) <= index
        ]
        for decision in sorted(applying, key=lambda d: d.month):  # stable: fired after written
            current = decision
        if current is None:
            return True, frozenset(CATEGORIES), True
        return current.certified, frozenset(current.waived), current.lending

    def _decided(
        self, index: int, start_month: str, baselines: np.ndarray, fired: Sequence[Decision] = ()
    ) -> np.ndarray:
        """Yearly funding per category that the decisions alone give in month ``index``."""
        certified, waived, _ = self.state_at(index, start_month, fired)
        keep = np.array([certified or c in waived for c in CATEGORIES], dtype=float)
        return baselines * keep

    def funding(
        self,
        index: int,
        start_month: str,
        baselines_musd_per_year: np.ndarray,
        fired: Sequence[Decision] = (),
    ) -> np.ndarray:
        """U.S. funding per category (``CATEGORIES`` order) in month ``index``, US$ million/month.

        Args:
            index: Step number (0 = ``start_month``).
            start_month: Calendar month of step 0.
            baselines_musd_per_year: Certified funding per category, US$ million a year.
            fired: Decisions made by rules during the run.
        """
        baselines = np.asarray(baselines_musd_per_year, dtype=float)
        yearly = self._decided(index, start_month, baselines, fired)
        for entry in self.schedule:
            first = month_index(entry.start, start_month)
            last = month_index(entry.end, start_month) if entry.end else None
            if index < first or (last is not None and index > last):
                continue
            idx = np.array([CATEGORIES.index(c) for c in entry.categories])
            if entry.share_of_baseline is not None:
                level = baselines[idx] * entry.share_of_baseline
            else:
                weights = baselines[idx]
                total = weights.sum()
                weights = weights / total if total > 0 else np.full(len(idx), 1 / len(idx))
                level = entry.musd_per_year * weights
            if entry.shape == "linear" and last is not None and last > first:
                before = self._decided(first, start_month, baselines, fired)[idx]
                frac = (index - first) / (last - first)
                level = before + (level - before) * frac
            yearly[idx] = level
        return yearly / 12.0

    def lending_support(self, index: int, start_month: str, fired: Sequence[Decision] = ()) -> bool:
        """Whether U.S. support for multilateral lending holds in month ``index``."""
        return self.state_at(index, start_month, fired)[2]

    def due_rules(self, index: int, start_month: str, fired_rules: set[int]) -> list[int]:
        """Indices of rules not yet fired whose window includes month ``index``."""
        due = []
        for i, rule in enumerate(self.rule):
            if i in fired_rules or month_index(rule.start, start_month) > index:
                continue
            if rule.end is not None and month_index(rule.end, start_month) < index:
                continue
            due.append(i)
        return due

    def canonical(self) -> str:
        """Stable JSON text of the regime (for run ids)."""
        return self.model_dump_json()
