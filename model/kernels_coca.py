"""The eradication grievance of the month, compiled (``model/coca.py``; issue 15).

``CocaFields.record_eradication`` added each cell's eradicated share of its coca to the
grievance layer with five numpy operations over the grid (a product, a sum, a masked division
into zeros, a product and a sum); :func:`add_grievance` makes the same floats in one pass, each
expression written as numpy evaluates it, left to right (no ``fastmath``: numba neither
reassociates nor fuses them). ``tests/test_coca.py`` keeps the numpy form and compares bit for
bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def add_grievance(
    grievance: np.ndarray,
    fade: float,
    eradicated: np.ndarray,
    coca_ha: np.ndarray,
    kept: float,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_coca.py and golden digests
    """``out = grievance * fade + share``, ``share = eradicated / (coca + eradicated * kept)``.

    The share is 0 where the coca before eradication is not positive (NaN included), as
    ``np.divide(..., out=np.zeros(...), where=before > 0)`` leaves it.
    """
    width, height = grievance.shape
    for x in range(width):
        for y in range(height):
            e = eradicated[x, y]
            before = coca_ha[x, y] + e * kept
            share = e / before if before > 0 else 0.0
            out[x, y] = grievance[x, y] * fade + share
