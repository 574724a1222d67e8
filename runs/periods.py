"""Periods of observed targets: the ``year`` column of the targets file, read as months.

The targets file's ``year`` is a string (model/data/TARGETS_README.md, "Conventions"):

* ``2023``: a calendar year, January to December;
* ``FY2023``: a U.S. fiscal year, October 2022 to September 2023;
* ``2025-06``: a month (the date of an estimate);
* ``2023-H1``: a half year (January-June; ``H2`` July-December);
* ``2003-2006`` and ``FY2022-FY2024``: ranges of calendar or fiscal years;
* ``2025-01 to 2025-09``: a partial period; an end with a day (``2024-01 to 2024-11-21``)
  counts the last month for the share of its days that fall in the period (a start day
  likewise);
* a parenthesis after any of these either restates the period (``FY2024 (Oct 2023-Jul 2024)``,
  ``(through Jul 2024)``: the months in it win) or only comments it (``2025 (request)``).

Months are counted as ordinals, ``year * 12 + month - 1`` (:data:`EPOCH` is 0, through
``model/calendar.py``), so that a difference of two ordinals is a number of months.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from model.calendar import MONTH_PATTERN, MONTHS_PER_YEAR, month_index, month_label

EPOCH = "0000-01"
"""Ordinal 0: a month's ordinal is its :func:`model.calendar.month_index` from here."""

MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}

FORMATS = (
    "YYYY, FYYYYY, YYYY-MM, YYYY-H1/H2, YYYY-YYYY, FYYYYY-FYYYYY, "
    "'YYYY-MM[-DD] to YYYY-MM[-DD]', optionally followed by '(Mon YYYY-Mon YYYY)' or "
    "'(through Mon YYYY)'"
)
"""The period formats understood, for error messages."""


class PeriodError(ValueError):
    """A period string that is not in one of the understood formats."""


def ordinal(year: int, month: int) -> int:
    """Month ordinal of ``year``-``month`` (month 1-12)."""
    return year * MONTHS_PER_YEAR + month - 1


def label(month_ordinal: int) -> str:
    """``YYYY-MM`` of a month ordinal."""
    return month_label(month_ordinal, EPOCH)


def span_label(first: int, last: int, partial_end: bool = False) -> str:
    """``2025-01..09`` (same year) or ``2024-01..2025-11``; ``*`` marks a partial last month."""
    start, end = label(first), label(last) + ("*" if partial_end else "")
    if start[:4] == end[:4]:
        end = end[5:]
    return f"{start}..{end}"


def parse_month(text: str) -> int:
    """Ordinal of a ``YYYY-MM`` string.

    Raises:
        PeriodError: not ``YYYY-MM`` with a month 01-12.
    """
    if not re.fullmatch(MONTH_PATTERN, text.strip()):
        raise PeriodError(f"{text!r} is not a month YYYY-MM")
    return month_index(text.strip(), EPOCH)


@dataclass(frozen=True)
class Period:
    """A span of whole or partial months.

    Attributes:
        text: The period as written in the targets file.
        kind: ``year``, ``fiscal_year``, ``month`` (one month, a dated estimate), or ``span``
            (anything else: halves, ranges, partial periods).
        first: Ordinal of the first month.
        last: Ordinal of the last month.
        first_weight: Share of the first month inside the period (1 unless a start day).
        last_weight: Share of the last month inside the period (1 unless an end day).
    """

    text: str
    kind: str
    first: int
    last: int
    first_weight: float = 1.0
    last_weight: float = 1.0

    @property
    def months(self) -> int:
        """Number of calendar months touched."""
        return self.last - self.first + 1

    @property
    def partial(self) -> bool:
        """Not a whole calendar year, fiscal year or single month (excluded from trends)."""
        return self.kind == "span"

    def weights(self) -> list[float]:
        """Weight of each month from ``first`` to ``last`` (partial first and last months)."""
        w = [1.0] * self.months
        w[0] *= self.first_weight
        w[-1] *= self.last_weight
        return w

    def short(self) -> str:
        """A compact label for tables: ``2023``, ``FY2023``, ``2025-06``, ``2025-01..09``."""
        if self.kind == "year":
            return str(self.first // 12)
        if self.kind == "fiscal_year":
            return f"FY{self.last // 12}"
        if self.kind == "month":
            return label(self.first)
        return span_label(self.first, self.last, partial_end=self.last_weight < 1.0)


def _month_day(text: str) -> tuple[int, float, float]:
    """Ordinal of ``YYYY-MM[-DD]`` and the shares of that month before and after the day."""
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?", text.strip())
    if not match:
        raise PeriodError(f"{text!r} is not YYYY-MM or YYYY-MM-DD")
    year, month = int(match[1]), int(match[2])
    if match[3] is None:
        return ordinal(year, month), 1.0, 1.0
    days = calendar.monthrange(year, month)[1]
    day = int(match[3])
    if not 1 <= day <= days:
        raise PeriodError(f"{text!r}: day {day} is not in {year}-{month:02d}")
    # from the day to the month's end (a start), from the month's start to the day (an end)
    return ordinal(year, month), (days - day + 1) / days, day / days


_NAMED = r"[A-Za-z]{3}[a-z]*\.? \d{4}"


def _named_month(text: str) -> int:
    """Ordinal of ``Mon YYYY`` (``Oct 2023``)."""
    match = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{4})", text.strip())
    if not match or match[1].lower() not in MONTH_NAMES:
        raise PeriodError(f"{text!r} is not a month like 'Oct 2023'")
    return ordinal(int(match[2]), MONTH_NAMES[match[1].lower()])


def _core(text: str) -> tuple[str, int, int, float, float]:
    """Kind, first, last and edge weights of a period without its parenthesis."""
    t = text.strip()
    if m := re.fullmatch(r"\d{4}", t):
        y = int(t)
        return "year", ordinal(y, 1), ordinal(y, 12), 1.0, 1.0
    if m := re.fullmatch(r"FY(\d{4})", t):
        y = int(m[1])
        return "fiscal_year", ordinal(y - 1, 10), ordinal(y, 9), 1.0, 1.0
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", t):
        o = parse_month(t)
        return "month", o, o, 1.0, 1.0
    if m := re.fullmatch(r"(\d{4})-H([12])", t):
        y, half = int(m[1]), int(m[2])
        return "span", ordinal(y, 6 * half - 5), ordinal(y, 6 * half), 1.0, 1.0
    if m := re.fullmatch(r"(\d{4})-(\d{4})", t):
        a, b = int(m[1]), int(m[2])
        if b < a:
            raise PeriodError(f"{text!r}: the range ends before it starts")
        return "span", ordinal(a, 1), ordinal(b, 12), 1.0, 1.0
    if m := re.fullmatch(r"FY(\d{4})-FY(\d{4})", t):
        a, b = int(m[1]), int(m[2])
        if b < a:
            raise PeriodError(f"{text!r}: the range ends before it starts")
        return "span", ordinal(a - 1, 10), ordinal(b, 9), 1.0, 1.0
    if m := re.fullmatch(r"(\S+) to (\S+)", t):
        first, first_w, _ = _month_day(m[1])
        last, _, last_w = _month_day(m[2])
        if last < first:
            raise PeriodError(f"{text!r}: the period ends before it starts")
        return "span", first, last, first_w, last_w
    raise PeriodError(f"{text!r} is not a period; formats: {FORMATS}")


def parse_period(text: str) -> Period:
    """Parse the ``year`` column of a target row.

    Raises:
        PeriodError: the text is in none of the understood formats.
    """
    raw = text.strip()
    match = re.fullmatch(r"([^(]*?)\s*\((.*)\)", raw)
    core, note = (match[1], match[2]) if match else (raw, "")
    kind, first, last, first_w, last_w = _core(core)
    note = note.strip()
    if m := re.fullmatch(r"through (.+)", note):
        last, last_w = _named_month(m[1]), 1.0
        kind = "span"
    elif m := re.fullmatch(rf"({_NAMED})\s*-\s*({_NAMED})", note):
        first, last, first_w, last_w = _named_month(m[1]), _named_month(m[2]), 1.0, 1.0
        kind = "span"
    if last < first:
        raise PeriodError(f"{text!r}: the period ends before it starts")
    return Period(raw, kind, first, last, first_w, last_w)
