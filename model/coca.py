"""The coca layer and the grievance forced eradication leaves (ODD 3, process 5; 7.9; C5).

Growers own the coca of their cell (``agents/grower.py``); the layer the rest of the model reads
(rents, trafficking, outcomes) is rebuilt from them once they have acted.

Forced eradication takes a livelihood: each month the share of a cell's coca eradicated adds to
the cell's **eradication grievance**, which fades with time constant
``coca.backlash_memory_months``:

``grievance = grievance * exp(-1 / backlash_memory_months) + eradicated / coca_before``,
``coca_before`` the cell's coca before this month's eradication (replanted coca counts as
eradicated).

Armed fronts recruit more where it is high (``armed.eradication_backlash``, ODD 7.6): the
backlash of eradication without alternatives.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from model.kernels_coca import add_grievance
from model.spread import add_at

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.grower import GrowerRows


class CocaFields:
    """Where the growers are (they never move), their coca as a layer, and their grievance."""

    def __init__(self, growers: GrowerRows, shape: tuple[int, int], memory_months: float) -> None:
        """Remember the growers' cells, in the order the agent set gives them, and their land.

        Args:
            growers: The growers' rows (``agents/grower.py``).
            shape: The grid's (width, height).
            memory_months: Time constant of the eradication grievance.
        """
        self.shape = shape
        self.xy = np.column_stack([growers.x, growers.y]).astype(int).reshape(-1, 2)
        #: hectares the growers could put in coca (their land for coca or licit crops), in all
        self.potential_ha = float(sum(growers.potential_ha.tolist()))  # Python's compensated sum
        self.fade = math.exp(-1.0 / memory_months)
        #: grievance left by forced eradication, ``[x, y]`` (module docstring)
        self.grievance = np.zeros(shape)

    def _sum(self, values: np.ndarray) -> np.ndarray:
        """``np.add.at`` of ``values`` onto the growers' cells, in their order, into zeros."""
        layer = np.zeros(self.shape)
        if len(self.xy):
            # compiled, one addition per grower in order: np.add.at's floats at a fraction of
            # its cost (model/spread.py; tests/test_spread.py compares with np.add.at)
            add_at(layer, self.xy, np.ascontiguousarray(values, dtype=float))
        return layer

    def layer(self, coca_ha: np.ndarray) -> np.ndarray:
        """Hectares of coca per cell: the sum of the growers' areas (``GrowerRows.coca_ha``)."""
        return self._sum(coca_ha)

    def record_eradication(
        self, eradicated_ha: np.ndarray, coca_ha: np.ndarray, replant_share: float
    ) -> None:
        """Add this month's eradicated share of each cell's coca to the grievance layer.

        Replanted coca was eradicated all the same (the crop is lost, the grievance is there),
        so the share is of the coca before eradication: ``coca + eradicated * (1 - replant)``.

        Args:
            eradicated_ha: What the month's campaign eradicated of each grower
                (``GrowerRows.eradicated_ha``, after they acted).
            coca_ha: The coca layer after eradication.
            replant_share: Share of eradicated coca replanted at once (``coca.replant_share``).
        """
        eradicated = self._sum(eradicated_ha)
        # one compiled pass, the numpy form's floats (model/kernels_coca.py; issue 15):
        # before = coca + eradicated * (1 - replant), share = eradicated / before where
        # before > 0 (else 0), grievance = grievance * fade + share
        grievance = np.empty(self.shape)
        add_grievance(
            np.ascontiguousarray(self.grievance, dtype=float),
            self.fade,
            eradicated,
            np.ascontiguousarray(coca_ha, dtype=float),
            1.0 - replant_share,
            grievance,
        )
        self.grievance = grievance
