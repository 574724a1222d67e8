"""State presence's month, compiled (``model/presence.py: update_presence``; issue 15).

``update_presence`` advanced the presence layer with about seventeen numpy operations over the
grid each month (the units' cells, the target, three in-place updates and a clip), each pass
costing more in overhead than in arithmetic. :func:`advance_presence` makes the same floats
cell by cell in one pass: every expression written as numpy evaluates it, left to right, the
masks multiplied as the floats ``1.0`` and ``0.0`` (as numpy multiplies by a boolean array),
no ``fastmath``; ``np.clip`` keeps NaN and -0.0, and the loop does the same.
``tests/test_presence.py`` keeps the numpy form and compares bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def advance_presence(
    presence: np.ndarray,
    base: np.ndarray,
    state: np.ndarray,
    armed: np.ndarray,
    disputed: np.ndarray,
    unit_xy: np.ndarray,
    level: float,
    growth: float,
    boost: float,
    erosion: float,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_presence.py and golden digests
    """One month of presence, in place (``model.presence.update_presence``'s rules).

    Args:
        presence: ``[x, y]`` presence, updated in place.
        base: ``[x, y]`` structural presence.
        state: ``[x, y]`` the state's cells (``ControlState.is_state``).
        armed: ``[x, y]`` armed groups' cells (``ControlState.is_armed``).
        disputed: ``[x, y]`` disputed cells (``ControlState.is_disputed``).
        unit_xy: ``[n, 2]`` cells where security units stand.
        level: ``0.5 + 0.5 * presence_input`` (the target's factor on ``base``).
        growth: ``state.presence_growth``.
        boost: ``state.unit_presence_boost``.
        erosion: ``state.presence_erosion``.
    """
    width, height = presence.shape
    units = np.zeros((width, height))
    for k in range(unit_xy.shape[0]):
        units[unit_xy[k, 0], unit_xy[k, 1]] = 1.0
    for x in range(width):
        for y in range(height):
            p = presence[x, y]
            target = base[x, y] * level
            p = p + growth * (target - p) * (1.0 if state[x, y] else 0.0)
            p = p + boost * units[x, y] * (1.0 - p)
            rule = (1.0 if armed[x, y] else 0.0) + 0.5 * (1.0 if disputed[x, y] else 0.0)
            p = p - erosion * p * rule
            if p < 0.0:  # np.clip: NaN and -0.0 stay as they are
                p = 0.0
            elif p > 1.0:
                p = 1.0
            presence[x, y] = p
