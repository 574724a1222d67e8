"""Compiled loop over the displaced households' rows (numba; ``agents/migrant.py``, issue 15).

Under the rules of ``agents/kernels.py``: the same IEEE operations in the same order as the
numpy form it replaced, no ``fastmath``, ``cache=True``; ``tests/test_migration.py`` compares
:func:`people_per_cell` with ``np.add.at`` into zeros and :func:`free_slots` with
``np.flatnonzero(~alive)[:n]``.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def people_per_cell(
    alive: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    people: np.ndarray,
    width: int,
    height: int,
) -> np.ndarray:  # pragma: no cover - compiled; guarded by tests/test_migration.py
    """People of the live households per cell, added in slot order into zeros.

    The floats ``np.bincount`` with weights (and ``np.add.at``) gave: each household's people,
    as a float, added to its cell's running sum in slot order.
    """
    out = np.zeros((width, height))
    for slot in range(alive.shape[0]):
        if alive[slot]:
            out[x[slot], y[slot]] += people[slot]
    return out


@njit(cache=True)
def free_slots(
    alive: np.ndarray, n: int
) -> np.ndarray:  # pragma: no cover - compiled; guarded by tests/test_migration.py
    """The first ``n`` free rows (``alive`` False) in slot order, fewer if there are not ``n``.

    ``np.flatnonzero(~alive)[:n]``, without negating and scanning every row: the scan stops
    at the ``n``-th free row.
    """
    out = np.empty(n, dtype=np.int64)
    count = 0
    for slot in range(alive.shape[0]):
        if count == n:
            break
        if not alive[slot]:
            out[count] = slot
            count += 1
    return out[:count]
