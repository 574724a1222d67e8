"""The coca layer: the growers' coca areas summed per cell (ODD 3, process 5; 7.9).

Growers own the coca of their cell (``agents/grower.py``); the layer the rest of the model reads
(rents, trafficking, outcomes) is rebuilt from them once they have acted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.grower import CocaGrower


class CocaFields:
    """Where the growers are (they never move), and their coca as a layer."""

    def __init__(self, growers: Iterable[CocaGrower], shape: tuple[int, int]) -> None:
        """Remember the growers' cells, in the order the agent set gives them, and their land."""
        self.shape = shape
        growers = list(growers)
        self.xy = np.array([g.cell.coordinate for g in growers], dtype=int).reshape(-1, 2)
        #: hectares the growers could put in coca (their land for coca or licit crops), in all
        self.potential_ha = float(sum(g.potential_ha for g in growers))

    def layer(self, growers: Iterable[CocaGrower]) -> np.ndarray:
        """Hectares of coca per cell: the sum of the growers' areas."""
        layer = np.zeros(self.shape)
        if len(self.xy):
            areas = np.array([g.coca_ha for g in growers])
            np.add.at(layer, (self.xy[:, 0], self.xy[:, 1]), areas)
        return layer
