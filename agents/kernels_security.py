"""Compiled searches of a security unit (numba; split from agents/kernels.py).

A unit's choice of target (:meth:`agents.security.SecurityUnit.choose_target`) looks for the
strongest reachable concentration and for the cells of its patrol area it can get to; each
search was a dozen numpy operations per unit-month.

Bit-identical with the numpy form each kernel replaced, under the rules of
``agents/kernels.py`` (the same IEEE operations in the same order, no ``fastmath``;
``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def strongest_target(
    x: int,
    y: int,
    bx: int,
    by: int,
    reach: int,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    targets: np.ndarray,
    gradient: float,
) -> tuple[int, int]:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The cell a security unit with intelligence goes after (``SecurityUnit.choose_target``).

    Among the cells within ``reach`` (Chebyshev) both of ``(x, y)`` and of its base ``(bx,
    by)``, on land and reachable (remoteness at most ``threshold`` or at most ``air``), the first
    (row-major) with the largest ``targets / (1 + gradient * d)``, ``d`` the cell's Chebyshev
    distance from the base, as ``np.argmax`` over the window would pick; ``(-1, -1)`` if the
    windows do not overlap or that value is not positive (a NaN, which ``np.argmax`` would
    pick first, counts as not positive).

    Args:
        x: Column of the unit's cell.
        y: Row of the unit's cell.
        bx: Column of its base.
        by: Row of its base.
        reach: Cells it can move this month.
        land: Land mask ``[x, y]``.
        remote: Remoteness ``[x, y]``.
        threshold: ``security.remote_reach_threshold``.
        air: The air-mobility input.
        targets: Armed force as security units weigh it ``[x, y]`` (``Ceasefires.targets``).
        gradient: ``security.strength_gradient`` (per cell from the base).
    """
    width, height = land.shape
    x0, x1 = max(0, x - reach, bx - reach), min(width, x + reach + 1, bx + reach + 1)
    y0, y1 = max(0, y - reach, by - reach), min(height, y + reach + 1, by + reach + 1)
    best, bi, bj = -np.inf, -1, -1
    for i in range(x0, x1):
        for j in range(y0, y1):
            ok = land[i, j] and (remote[i, j] <= threshold or remote[i, j] <= air)
            cost = 1.0 + gradient * max(abs(i - bx), abs(j - by))
            value = targets[i, j] / cost if ok else 0.0
            if value != value:  # NaN: np.argmax stops at the first one
                return -1, -1
            if value > best:
                best, bi, bj = value, i, j
    if bi < 0 or not best > 0.0:
        return -1, -1
    return bi, bj


@njit(cache=True)
def patrol_cells(
    x: int,
    y: int,
    reach: int,
    xs: np.ndarray,
    ys: np.ndarray,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    out: np.ndarray,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The cells of a unit's patrol area it can patrol this month (``SecurityUnit.choose_target``).

    Writes to ``out`` the positions in ``(xs, ys)`` (its patrol area, in order) of the cells on
    land, reachable (remoteness at most ``threshold`` or at most ``air``) and within ``reach``
    (Chebyshev) of ``(x, y)``, in order (``np.flatnonzero`` of that mask), and returns their
    number.
    """
    count = 0
    for n in range(xs.shape[0]):
        i, j = xs[n], ys[n]
        if (
            land[i, j]
            and (remote[i, j] <= threshold or remote[i, j] <= air)
            and max(abs(i - x), abs(j - y)) <= reach
        ):
            out[count] = n
            count += 1
    return count
