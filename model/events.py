"""Per-month event counters (flows): kidnappings, deaths, recruits, displaced, emigrants..."""

from __future__ import annotations

from collections import defaultdict


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
