"""The model's calendar: months as "YYYY-MM" labels and step numbers, years and months of money.

One step is one calendar month. Step 0 is ``simulation.start_month`` (September 2025 by
default); :func:`month_index` and :func:`month_label` convert between a step number and its
label for any start month, so a run that starts in 2016 (a hindcast) dates its decisions the same
way. Regime files and parameters give money in US$ million a year, the unit budgets and sources
quote; the model moves money per step, a month: :func:`per_month` is the one conversion.
"""

from __future__ import annotations

import numpy as np

#: A calendar month, "YYYY-MM" (the pattern every month field of a regime or parameter file obeys).
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

MONTHS_PER_YEAR = 12


def month_index(month: str, start_month: str) -> int:
    """Months from ``start_month`` to ``month`` (both "YYYY-MM"); negative if before.

    Example:
        ``month_index("2026-01", "2025-09") == 4``.
    """
    y1, m1 = (int(part) for part in month.split("-"))
    y0, m0 = (int(part) for part in start_month.split("-"))
    return (y1 * MONTHS_PER_YEAR + m1) - (y0 * MONTHS_PER_YEAR + m0)


def month_label(index: int, start_month: str) -> str:
    """The "YYYY-MM" label of step ``index`` counted from ``start_month`` (the inverse).

    Example:
        ``month_label(4, "2025-09") == "2026-01"``.
    """
    y0, m0 = (int(part) for part in start_month.split("-"))
    total = y0 * MONTHS_PER_YEAR + (m0 - 1) + index
    return f"{total // MONTHS_PER_YEAR:04d}-{total % MONTHS_PER_YEAR + 1:02d}"


def per_month[Amount: (float, np.ndarray)](per_year: Amount) -> Amount:
    """An amount per year as the same amount per month (an even split over the twelve months).

    Args:
        per_year: A number or an array (for example US$ million a year per category).
    """
    return per_year / MONTHS_PER_YEAR
