"""Regime files: dated U.S. decisions, funding schedules and rules per assistance category.

A :class:`Regime` is what a TOML file in ``runs/regimes/`` says (format in ``docs/REGIMES.md``),
validated, and nothing more: it holds no run's state. How a regime acts month by month in a run
(which decision applies, schedules and ramps, rules firing) is ``model/policy.py``.

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

Before the first decision, funding is the certified baseline (the status quo). Money in a file
is US$ million a year, like the baselines (``capacity.<category>.baseline_musd_per_year``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from model.calendar import MONTH_PATTERN
from model.categories import Category
from model.errors import RegimeError, describe_validation_error
from model.strict import FROM_TEXT, StrictModel
from model.tomlfile import read_toml


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


#: Variables a rule's condition may use: model outcomes (``model/outcomes.py``) at the end of
#: the month, among them the politics of ``model/politics.py`` and ``model/partners.py`` (C7, C9).
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
    "governing_camp_wins": "1 if the governing camp won the 2026 vote, 0 if not (before the "
    "vote: its win probability)",
    "counternarcotics_effort": "the government's own counter-narcotics effort (1 = the recorded "
    "one)",
    "extraditions": "extraditions to the U.S. this month",
    "partner_share_security": "share of external security support from partners other than "
    "the U.S.",
    "us_influence_index": "U.S. security money kept times (1 - partners' leverage); 1 = status quo",
}
_CLAUSE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$")
#: The comparison operators a rule clause may use.
OPERATORS: dict[str, Callable[[float, float], bool]] = {
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
                f"OP one of {', '.join(OPERATORS)}"
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

    @model_validator(mode="after")
    def _window(self) -> Rule:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"end {self.end} is before start {self.start}: the rule could never fire "
                "(end is the last month it is checked, on or after start)"
            )
        return self

    def decision(self, month: str) -> Decision:
        """The decision this rule makes, dated ``month``."""
        return Decision(month=month, **self.then.model_dump())


class Regime(StrictModel):
    """A U.S. policy regime: decisions and schedules over time (the lever)."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$", description="Short name.")
    title: str | None = Field(
        None,
        min_length=1,
        max_length=60,
        description="Display name in tables, figures and the app (default: the name).",
    )
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

    @property
    def display_name(self) -> str:
        """The name a reader sees: ``title``, or the name when the file gives none."""
        return self.title or self.name

    def canonical(self) -> str:
        """Stable JSON text of what the regime does (for run ids).

        The display title is left out: renaming a regime's title changes no result, so it must
        not change run ids (a sweep folder stays resumable).
        """
        return self.model_dump_json(exclude={"title"})
