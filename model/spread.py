"""Mobile force spread over the cells around it, compiled (ODD 7.4, control rule 1; issue 15).

``ControlState.effective_force`` projected each actor's force with
``scipy.ndimage.convolve(mobile[a], kernel, mode="constant", cval=0.0)``, twice a month and at
every warm-up round; most cells hold no force (a few hundred fronts and units on 3,400 cells),
yet the convolution visits all of them. :func:`spread` gives the same floats from the cells that
hold force only.

Why the floats are the same: ndimage computes each output cell as ``0.0 + w[0] * v[0] + w[1] *
v[1] + ...`` over the kernel's weights in row-major order (the kernel flipped for a convolution),
skipping weights of magnitude at most ``DBL_EPSILON`` and taking ``cval`` = 0 outside the grid.
A term whose value is 0 adds +0 or -0, which leaves any sum that started at +0.0 unchanged; so
adding, for each weight in that order, its products with the non-zero cells only, into an output
that starts at zero, makes the same additions in the same order. ``tests/test_spread.py``
compares with ndimage bit for bit (NaN and infinite force included).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: ndimage skips weights whose magnitude is at most this (``fabs(w) > DBL_EPSILON``)
_EPSILON = float(np.finfo(float).eps)


def spread(mobile: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """``ndimage.convolve(mobile[a], kernel, mode="constant", cval=0.0)`` for every actor ``a``.

    Args:
        mobile: ``[actor, x, y]`` force (float64).
        kernel: 2-D weights with odd sides (the projection kernel).

    Returns:
        ``[actor, x, y]`` projected force, a new array.
    """
    mobile = np.ascontiguousarray(mobile, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2 or kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
        raise ValueError(f"spread: the kernel must be 2-D with odd sides, got {kernel.shape}")
    flipped = np.ascontiguousarray(kernel[::-1, ::-1])  # a convolution correlates the flip
    out = np.zeros_like(mobile)
    _spread(mobile, flipped, _EPSILON, out)
    return out


@njit(cache=True)
def _spread(
    mobile: np.ndarray, weights: np.ndarray, eps: float, out: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_spread.py and golden digests
    """Correlate every actor's layer with ``weights`` into ``out`` (zeros), from non-zero cells."""
    n_actors, width, height = mobile.shape
    kw, kh = weights.shape
    cx, cy = kw // 2, kh // 2
    xs = np.empty(width * height, dtype=np.int64)
    ys = np.empty(width * height, dtype=np.int64)
    for a in range(n_actors):
        count = 0
        for x in range(width):
            for y in range(height):
                if mobile[a, x, y] != 0.0:
                    xs[count] = x
                    ys[count] = y
                    count += 1
        # weight by weight in row-major order, as each output's sum runs in ndimage
        for i in range(kw):
            for j in range(kh):
                w = weights[i, j]
                if abs(w) <= eps:
                    continue
                # out[x, y] takes w * mobile[x + i - cx, y + j - cy]
                for k in range(count):
                    x = xs[k] - (i - cx)
                    y = ys[k] - (j - cy)
                    if 0 <= x < width and 0 <= y < height:
                        out[a, x, y] += w * mobile[a, xs[k], ys[k]]


@njit(cache=True)
def add_at(
    target: np.ndarray, cells: np.ndarray, amounts: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_spread.py and golden digests
    """``np.add.at(target, (cells[:, 0], cells[:, 1]), amounts)``: one addition per row, in order.

    ``np.add.at`` adds each amount to its cell one after the other, so a loop in the same order
    gives the same floats for cells that repeat (``model/forces.py: mobile_force``).
    """
    for k in range(cells.shape[0]):
        target[cells[k, 0], cells[k, 1]] += amounts[k]


@njit(cache=True)
def add_at_actors(
    target: np.ndarray, actors: np.ndarray, xs: np.ndarray, ys: np.ndarray, amounts: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_spread.py and golden digests
    """``np.add.at(target, (actors, xs, ys), amounts)``, one addition per entry, in order."""
    for k in range(actors.shape[0]):
        target[actors[k], xs[k], ys[k]] += amounts[k]
