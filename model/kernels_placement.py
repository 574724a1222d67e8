"""The set-up's draws of cells in areas, compiled (numba; ODD 5; issue 15).

``model/placement.py``'s :func:`~model.placement.sample_cells` is numpy's
``Generator.choice(size, n, p=p)`` with replacement over one area's weights: the sum of the
weights on the whole grid (numpy's pairwise sum), the cumulative sum of ``weights / sum``
over its last value, ``n`` uniforms, ``searchsorted`` to the right. A group's fronts draw
their cells in each of its territories in turn, so these kernels take many areas at once, each
value by the same operations in the same order: :func:`area_sums` numpy's pairwise sum
(``pairwise_sum`` of numpy's ``loops_utils.h``: blocks of at most 128 summed in eight
interleaved partial sums, longer runs halved at a multiple of 8), :func:`area_picks` the
cumulative sums and the search. ``tests/test_placement.py`` compares them with
``sample_cells`` area by area, bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: numpy's block of its pairwise sum (``PW_BLOCKSIZE``)
BLOCK = 128


@njit(cache=True)
def _block(weights: np.ndarray, area: np.ndarray, lo: int, n: int) -> float:  # pragma: no cover
    """Numpy's ``pairwise_sum`` of ``where(area, weights, 0.0)[lo:lo + n]``, ``n <= BLOCK``."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += weights[i] if area[i] else 0.0
        return res
    r = np.empty(8)
    for j in range(8):
        r[j] = weights[lo + j] if area[lo + j] else 0.0
    i = 8
    while i < n - (n % 8):
        for j in range(8):
            r[j] += weights[lo + i + j] if area[lo + i + j] else 0.0
        i += 8
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n:
        res += weights[lo + i] if area[lo + i] else 0.0
        i += 1
    return res


@njit(cache=True)
def _pairwise(weights: np.ndarray, area: np.ndarray, n: int) -> float:  # pragma: no cover
    """Numpy's ``pairwise_sum`` of ``where(area, weights, 0.0)[:n]``.

    numpy's recursion (halves at a multiple of 8, left sum plus right sum) on an explicit
    stack: a recursive kernel crashed when numba loaded it from its cache.
    """
    # frames (start, length, whether both halves are summed), post order; the sums so far
    frames = np.empty((192, 3), dtype=np.int64)
    sums = np.empty(96)
    top, done = 0, 0
    frames[0, 0], frames[0, 1], frames[0, 2] = 0, n, 0
    top = 1
    while top > 0:
        top -= 1
        lo, size, joined = frames[top, 0], frames[top, 1], frames[top, 2]
        if size <= BLOCK:
            sums[done] = _block(weights, area, lo, size)
            done += 1
        elif joined:
            done -= 1
            sums[done - 1] = sums[done - 1] + sums[done]
        else:
            half = size // 2
            half -= half % 8
            frames[top, 0], frames[top, 1], frames[top, 2] = lo, size, 1
            frames[top + 1, 0], frames[top + 1, 1], frames[top + 1, 2] = lo + half, size - half, 0
            frames[top + 2, 0], frames[top + 2, 1], frames[top + 2, 2] = lo, half, 0
            top += 3
    return sums[0]


@njit(cache=True)
def area_sums(
    areas: np.ndarray, weights: np.ndarray, sums: np.ndarray, lasts: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled; tested against sample_cells
    """Each area's ``where(area, weights, 0.0).sum()`` into ``sums`` (numpy's bits).

    ``lasts[k]`` is the last cumulative sum of ``where(area, weights, 0.0) / sums[k]`` (where
    ``sums[k] > 0``, else 0); returns whether each area has a negative weight.
    """
    n_areas, n = areas.shape
    negative = np.zeros(n_areas, dtype=np.bool_)
    for k in range(n_areas):
        area = areas[k]
        total = _pairwise(weights, area, n)
        sums[k] = total
        running = 0.0
        for i in range(n):
            if area[i]:
                if weights[i] < 0:
                    negative[k] = True
                if total > 0:
                    running += weights[i] / total
        lasts[k] = running
    return negative


@njit(cache=True)
def area_picks(
    areas: np.ndarray,
    weights: np.ndarray,
    sums: np.ndarray,
    rows: np.ndarray,
    counts: np.ndarray,
    uniforms: np.ndarray,
    picks: np.ndarray,
) -> None:  # pragma: no cover - compiled; tested against sample_cells
    """For each area ``rows[r]`` in turn, ``counts[r]`` cells for the next uniforms.

    ``cdf = cumsum(where(area, weights, 0.0) / sums[k]); cdf /= cdf[-1]``, then each pick is
    ``cdf.searchsorted(u, side="right")``: how many values are at most ``u`` (``cdf`` does not
    decrease; the caller checked the weights are finite, non-negative and their sum positive).
    """
    n = areas.shape[1]
    cdf = np.empty(n)
    done = 0
    for r in range(rows.size):
        k = rows[r]
        area = areas[k]
        total = sums[k]
        running = 0.0
        for i in range(n):
            # an entry outside the area adds 0.0 / total: the sum stays as it is
            if area[i]:
                running += weights[i] / total
            cdf[i] = running
        last = cdf[n - 1]
        for i in range(n):
            cdf[i] = cdf[i] / last
        for q in range(done, done + counts[r]):
            u = uniforms[q]
            lo, hi = 0, n
            while lo < hi:
                mid = (lo + hi) // 2
                if cdf[mid] <= u:
                    lo = mid + 1
                else:
                    hi = mid
            picks[q] = lo
        done += counts[r]
