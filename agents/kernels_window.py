"""Compiled window sums of the recruitment pool (numba; split from agents/kernels.py).

A front sums the pool and the residents of the window it reaches every month and takes its
recruits from it (``model/recruitment.py``, which keeps the numpy path for other windows);
numpy's overhead per call was most of the cost.

Bit-identical with the numpy form each kernel replaced, under the rules of
``agents/kernels.py`` (the same IEEE operations in the same order, no ``fastmath``;
``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: numpy sums a contiguous block of up to this many terms with eight accumulators; longer ones
#: it splits in halves (``pairwise_sum`` in numpy's ``loops_utils.h``), which
#: :func:`window_dot` does not mirror
PAIRWISE_BLOCK = 128


@njit(cache=True)
def _pairwise_dot(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, weights: np.ndarray, wx: int, wy: int
) -> float:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The sum numpy gives of ``values[x0 + i, y0 + j] * weights[wx + i, wy + j]`` over the window.

    numpy adds the products, in row-major order, to its identity 0.0 by its pairwise sum:
    fewer than eight terms one after the other; up to :data:`PAIRWISE_BLOCK` in eight running
    sums (term k into sum k mod 8) combined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 +
    r7))``, then the terms left over after the last full eight, one after the other. Windows
    of more than :data:`PAIRWISE_BLOCK` cells are the caller's to sum with numpy.
    The eight sums are scalars and the window is walked row by row (no scratch array, no
    division per term: the fronts' turn calls this twice a front, issue 15).
    """
    height = y1 - y0
    n = (x1 - x0) * height
    full = n - n % 8 if n >= 8 else 0
    r0 = r1 = r2 = r3 = r4 = r5 = r6 = r7 = total = 0.0
    k = 0
    for i in range(x1 - x0):
        for j in range(height):
            term = values[x0 + i, y0 + j] * weights[wx + i, wy + j]
            if k >= full:
                if k == full and full:
                    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
                total += term
            else:
                slot = k & 7
                first = k < 8  # numpy stores the first eight terms, then adds to them
                if slot == 0:
                    r0 = term if first else r0 + term
                elif slot == 1:
                    r1 = term if first else r1 + term
                elif slot == 2:
                    r2 = term if first else r2 + term
                elif slot == 3:
                    r3 = term if first else r3 + term
                elif slot == 4:
                    r4 = term if first else r4 + term
                elif slot == 5:
                    r5 = term if first else r5 + term
                elif slot == 6:
                    r6 = term if first else r6 + term
                else:
                    r7 = term if first else r7 + term
            k += 1
    if full and full == n:
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    return 0.0 + total


@njit(cache=True)
def _pairwise_dots(
    first: np.ndarray,
    second: np.ndarray,
    x0: int,
    x1: int,
    y0: int,
    y1: int,
    weights: np.ndarray,
) -> tuple[float, float]:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """:func:`_pairwise_dot` of ``first`` and of ``second`` (``weights`` over the whole grid).

    One walk of the window for both sums, each the same floats as its own walk: the fronts'
    turn asks for both every month (issue 15).
    """
    height = y1 - y0
    n = (x1 - x0) * height
    full = n - n % 8 if n >= 8 else 0
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = total_a = 0.0
    b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = total_b = 0.0
    k = 0
    for i in range(x0, x1):
        for j in range(y0, y1):
            w = weights[i, j]
            ta = first[i, j] * w
            tb = second[i, j] * w
            if k >= full:
                if k == full and full:
                    total_a = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
                    total_b = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7))
                total_a += ta
                total_b += tb
            else:
                slot = k & 7
                if k >= 8:  # numpy stores the first eight terms, then adds to them
                    if slot == 0:
                        ta, tb = a0 + ta, b0 + tb
                    elif slot == 1:
                        ta, tb = a1 + ta, b1 + tb
                    elif slot == 2:
                        ta, tb = a2 + ta, b2 + tb
                    elif slot == 3:
                        ta, tb = a3 + ta, b3 + tb
                    elif slot == 4:
                        ta, tb = a4 + ta, b4 + tb
                    elif slot == 5:
                        ta, tb = a5 + ta, b5 + tb
                    elif slot == 6:
                        ta, tb = a6 + ta, b6 + tb
                    else:
                        ta, tb = a7 + ta, b7 + tb
                if slot == 0:
                    a0, b0 = ta, tb
                elif slot == 1:
                    a1, b1 = ta, tb
                elif slot == 2:
                    a2, b2 = ta, tb
                elif slot == 3:
                    a3, b3 = ta, tb
                elif slot == 4:
                    a4, b4 = ta, tb
                elif slot == 5:
                    a5, b5 = ta, tb
                elif slot == 6:
                    a6, b6 = ta, tb
                else:
                    a7, b7 = ta, tb
            k += 1
    if full and full == n:
        total_a = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
        total_b = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7))
    return 0.0 + total_a, 0.0 + total_b


@njit(cache=True)
def window_dot(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, weights: np.ndarray
) -> float:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """``float((values[x0:x1, y0:y1] * weights).sum())``, the same float as numpy's.

    ``weights`` has the window's shape; the sum is numpy's pairwise one (:func:`_pairwise_dot`).
    """
    return _pairwise_dot(values, x0, x1, y0, y1, weights, 0, 0)


@njit(cache=True)
def window_dots_around(
    first: np.ndarray, second: np.ndarray, weights: np.ndarray, x: int, y: int, radius: int
) -> tuple[float, float]:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """:func:`window_dot` of ``first`` and of ``second`` over the window around ``(x, y)``.

    The window is that of :func:`agents.window.window` (the cells within Chebyshev ``radius``,
    clipped at the grid's edges); ``weights`` covers the whole grid, like ``first`` and
    ``second``, and is read over the same window. One call instead of two slicings and two
    sums: a front asks for both every month (issue 15). Windows of more than
    :data:`PAIRWISE_BLOCK` cells are the caller's.
    """
    width, height = first.shape
    x0, x1 = max(0, x - radius), min(width, x + radius + 1)
    y0, y1 = max(0, y - radius), min(height, y + radius + 1)
    return _pairwise_dots(first, second, x0, x1, y0, y1, weights)


@njit(cache=True)
def window_scale(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, share: float, weights: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """``values[x0:x1, y0:y1] *= 1.0 - share * weights``, in place, the same floats as numpy."""
    for i in range(x1 - x0):
        for j in range(y1 - y0):
            values[x0 + i, y0 + j] *= 1.0 - share * weights[i, j]


@njit(cache=True)
def window_scale_around(
    values: np.ndarray, x: int, y: int, radius: int, share: float, weights: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """:func:`window_scale` over the window around ``(x, y)``, ``weights`` over the whole grid."""
    width, height = values.shape
    x0, x1 = max(0, x - radius), min(width, x + radius + 1)
    y0, y1 = max(0, y - radius), min(height, y + radius + 1)
    for i in range(x0, x1):
        for j in range(y0, y1):
            values[i, j] *= 1.0 - share * weights[i, j]
