"""What happens in a month: event counters (flows) and the violence layer's memory.

Counters (kidnappings, deaths, recruits, displaced, emigrants...) start at zero every month.
The ``violence`` layer counts violent events per cell (deaths, kidnappings); last month's still
weigh, half as much (:func:`carry_over_violence`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

#: share of last month's violence that still weighs this month
VIOLENCE_CARRY_OVER = 0.5


def carry_over_violence(violence: np.ndarray) -> None:
    """Start a month's violence layer, in place: last month's events, weighted down."""
    violence *= VIOLENCE_CARRY_OVER


class MonthEvents:
    """Counts of events in the current month; reset at the start of each step."""

    def __init__(self) -> None:
        """Start with every count at zero."""
        self._counts: defaultdict[str, float] = defaultdict(float)

    def add(self, name: str, amount: float = 1.0) -> None:
        """Add ``amount`` to the counter ``name``."""
        self._counts[name] += float(amount)

    def get(self, name: str) -> float:
        """The count of ``name`` this month (0 if nothing happened)."""
        return self._counts.get(name, 0.0)

    def reset(self) -> None:
        """Zero every counter (start of a month)."""
        self._counts.clear()
