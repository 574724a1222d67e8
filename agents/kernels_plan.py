"""The fronts' month plan kept as they move, compiled (numba; issue 15).

:class:`agents.front_month.FrontMonth` plans every front's move when the fronts' turn starts
and keeps the fighters each group has standing on each cell (``occupied``) as fronts move, so
that a front shares the cells its group's other fronts already hold (``armed.base_sharing``,
:meth:`agents.front.ArmedUnit.choose_cell`). A front's plan holds while its group's fronts in
its window stand as they stood at the plan; checking it took a slicing of two 5 x 5 windows and
``np.array_equal``, and keeping ``occupied`` five numpy scalar reads and writes, each costing
more than its arithmetic, once per front-step (~13,800 a default run). These are the same
comparisons and the same float operations in one compiled call each (no ``fastmath``);
``tests/test_kernels_plan.py`` keeps the numpy forms and compares.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def windows_equal(
    now: np.ndarray, planned: np.ndarray, g: int, x: int, y: int, radius: int
) -> bool:  # pragma: no cover - compiled; guarded by tests/test_kernels_plan.py
    """``np.array_equal(now[g][win], planned[g][win])``, ``win`` the window around ``(x, y)``.

    The window is that of :func:`agents.window.window` (the cells within Chebyshev ``radius``,
    clipped at the grid's edges); ``now`` and ``planned`` have the same shape.
    """
    width, height = now.shape[1], now.shape[2]
    for i in range(max(0, x - radius), min(width, x + radius + 1)):
        for j in range(max(0, y - radius), min(height, y + radius + 1)):
            if not now[g, i, j] == planned[g, i, j]:
                return False
    return True


@njit(cache=True)
def move_occupancy(
    occupied: np.ndarray,
    g: int,
    old_x: int,
    old_y: int,
    new_x: int,
    new_y: int,
    placed: float,
    fighters: int,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels_plan.py
    """A front of actor ``g`` leaves ``(old_x, old_y)`` for ``(new_x, new_y)``.

    Its ``placed`` fighters (those counted where it stood) leave the old cell, never below 0
    (Python's ``max(v, 0.0)``: ``v`` unless 0 is greater), and its ``fighters`` now join the
    new one: ``FrontMonth.moved``.
    """
    left = occupied[g, old_x, old_y] - placed
    if 0.0 > left:
        left = 0.0
    occupied[g, old_x, old_y] = left
    occupied[g, new_x, new_y] += fighters
