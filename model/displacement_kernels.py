"""The rounding of the displaced into households, compiled (numba; ODD 7.13, issue 15).

:func:`model.displacement.households_from` documents the rule; as numpy it was about fifteen
calls a month over the grid and the cells that displace (floor, comparison, nonzero, minimum,
ceiling division, repeat, cumulative sum...), each costing more in overhead than in work. Here
it is one pass over the cells in numpy's ``nonzero`` order (row-major) with the same integer and
float operations; the uniform draws stay numpy's (one per cell, drawn by the caller).
``tests/test_displacement_kernels.py`` keeps the numpy form and compares the households.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def round_households(
    people: np.ndarray, free: np.ndarray, per_agent: int, uniforms: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """Households of ``per_agent`` people from the expected people displaced per cell.

    Per cell, ``n = floor(people / per_agent)`` plus one if its uniform is below the fractional
    part; the cell's people are ``min(n * per_agent, floor(free))``; if positive they form
    ``ceil(total / per_agent)`` households of ``per_agent``, the last one holding the rest.

    Args:
        people: Expected people displaced per cell, ``[x, y]``.
        free: Residents not confined per cell.
        per_agent: ``migration.people_per_agent``.
        uniforms: One uniform draw per cell, ``[x, y]`` (``rng.random(people.shape)``).

    Returns:
        ``(x, y, people)``, one entry per household, cells in row-major order.
    """
    width, height = people.shape
    totals = np.zeros((width, height), dtype=np.int64)
    households = 0
    for i in range(width):
        for j in range(height):
            expected = people[i, j] / per_agent
            n = np.int64(np.floor(expected))
            if uniforms[i, j] < expected - n:
                n += 1
            if n == 0:
                continue
            total = min(n * per_agent, np.int64(np.floor(free[i, j])))
            if total > 0:
                totals[i, j] = total
                households += -(-total // per_agent)
    hx = np.empty(households, dtype=np.int64)
    hy = np.empty(households, dtype=np.int64)
    size = np.empty(households, dtype=np.int64)
    k = 0
    for i in range(width):
        for j in range(height):
            total = totals[i, j]
            if total <= 0:
                continue
            count = -(-total // per_agent)
            for h in range(count):
                hx[k], hy[k] = i, j
                size[k] = per_agent if h < count - 1 else total - (count - 1) * per_agent
                k += 1
    return hx, hy, size
