"""What happens in a month: event counters (flows) and the violence layer's memory.

Counters (kidnappings, deaths, recruits, displaced, emigrants...) start at zero every month. An
event added with its cell (``add(name, n, at=(x, y))``) is also counted in a per-cell layer of
the month (``layer(name)``): the people process reads where fronts extorted, kidnapped and
recruited children (ODD 7.13).
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
    """Counts of events in the current month, national and per cell; reset at each step."""

    def __init__(self, shape: tuple[int, int] = (0, 0)) -> None:
        """Start with every count at zero.

        Args:
            shape: The grid's ``(width, height)``, the shape of the per-cell layers.
        """
        self.shape = shape
        self._counts: defaultdict[str, float] = defaultdict(float)
        self._layers: dict[str, np.ndarray] = {}

    def add(self, name: str, amount: float = 1.0, at: tuple[int, int] | None = None) -> None:
        """Add ``amount`` to the counter ``name``, and to its layer at cell ``at`` if given."""
        self._counts[name] += float(amount)
        if at is not None:
            layer = self._layers.get(name)
            if layer is None:
                layer = self._layers[name] = np.zeros(self.shape)
            layer[at] += amount

    def add_each(self, name: str, amounts: np.ndarray) -> None:
        """Add every amount to the counter ``name``, one after the other.

        The same float as calling :meth:`add` for each in turn (a sequential sum, not numpy's
        pairwise one): agents acting as a whole set count what each of them did.
        """
        total = self._counts[name]
        for amount in amounts.tolist():
            total += amount
        self._counts[name] = total

    def add_at_each(self, name: str, xs: list[int], ys: list[int], amounts: list[float]) -> None:
        """Add every amount to the layer of ``name`` at its cell ``(xs[k], ys[k])``, in order.

        Only the layer (the counter takes :meth:`add_each`). ``np.add.at`` adds one after the
        other, unbuffered, so a cell named twice gets the same float as calling :meth:`add`
        with ``at`` for each in turn.
        """
        layer = self._layers.get(name)
        if layer is None:
            layer = self._layers[name] = np.zeros(self.shape)
        np.add.at(layer, (np.asarray(xs), np.asarray(ys)), np.asarray(amounts, dtype=np.float64))

    def set_sums(self, name: str, total: float, layer: np.ndarray | None = None) -> None:
        """Set the counter ``name`` to ``total`` and, if given, its layer to ``layer``.

        For a caller that added its events one after the other to :meth:`get` and
        :meth:`layer` of ``name`` itself (the fronts' compiled turn, ``agents/front_turn.py``):
        the same floats as :meth:`add` for each in turn. A layer that exists is written in place.
        """
        self._counts[name] = float(total)
        if layer is not None:
            existing = self._layers.get(name)
            if existing is None:
                self._layers[name] = np.array(layer, dtype=np.float64)
            else:
                existing[...] = layer

    def get(self, name: str) -> float:
        """The count of ``name`` this month (0 if nothing happened)."""
        return self._counts.get(name, 0.0)

    def layer(self, name: str) -> np.ndarray:
        """Where ``name`` happened this month: its per-cell counts (zeros if nowhere)."""
        layer = self._layers.get(name)
        return layer if layer is not None else np.zeros(self.shape)

    def reset(self) -> None:
        """Zero every counter and layer (start of a month)."""
        self._counts.clear()
        self._layers.clear()
