"""Fitting contiguous regions of given areas on a grid: a fitted weighted Voronoi, repaired.

The data have no department polygons, only capitals and areas. :func:`fit_regions` turns
``(cell, capital)`` distances and target areas into 8-connected regions whose areas approach
the targets: a multiplicatively weighted Voronoi whose weights are fitted (damped updates, the
best iteration kept), then detached pieces handed to neighbours (:func:`make_contiguous`) and
boundary cells swapped while that lowers the area mismatch without splitting a region
(:func:`rebalance`). Everything is deterministic and vectorized over cells; nothing here knows
Colombia (``model.geo.departments`` applies it to the departments).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from agents import fpmath

WEIGHT_FIT_ITERATIONS = 200
"""Iterations of the weight fit (see :func:`fit_regions`)."""
WEIGHT_FIT_EXPONENT = 0.1
"""Damped exponent of the weight update ``w *= (target / grid_area) ** WEIGHT_FIT_EXPONENT``."""
REBALANCE_MAX_PASSES = 500
"""Upper bound on the boundary-cell passes that follow the weight fit (see :func:`rebalance`)."""

RING = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))
"""The 8 neighbours of a cell in ring order (E, NE, N, NW, W, SW, S, SE)."""


def ring_neighbours(xs: np.ndarray, ys: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``(n, 8)`` index of each cell's neighbours in :data:`RING` order (-1: not a cell)."""
    index = np.full((shape[0] + 2, shape[1] + 2), -1, dtype=np.int64)
    index[xs + 1, ys + 1] = np.arange(xs.size)
    return np.stack([index[xs + 1 + dx, ys + 1 + dy] for dx, dy in RING], axis=1)


@functools.cache
def removable_table() -> np.ndarray:
    """Whether a cell can leave its region without splitting it, by 8-neighbour bit pattern.

    Bit ``k`` of the index is set when neighbour ``k`` (:data:`RING` order) is in the region.
    The cell is removable when those neighbours form exactly one 8-connected group: any path
    through the cell can then go round it.
    """
    table = np.zeros(256, dtype=bool)
    for code in range(256):
        members = [k for k in range(8) if code >> k & 1]
        groups = 0
        seen: set[int] = set()
        for start in members:
            if start in seen:
                continue
            groups += 1
            stack = [start]
            seen.add(start)
            while stack:
                k = stack.pop()
                near = [(k + 1) % 8, (k - 1) % 8]
                if k % 2 == 0:  # E, N, W, S also touch the next edge neighbour
                    near += [(k + 2) % 8, (k - 2) % 8]
                for j in near:
                    if code >> j & 1 and j not in seen:
                        seen.add(j)
                        stack.append(j)
        table[code] = groups == 1
    table.flags.writeable = False  # cached and shared
    return table


def make_contiguous(
    dep: np.ndarray, score: np.ndarray, ring: np.ndarray, anchors: np.ndarray, pos: np.ndarray
) -> np.ndarray:
    """Hand each region's detached pieces to the neighbouring regions.

    A multiplicatively weighted Voronoi region can be disconnected (a heavily weighted capital
    wins cells beyond the circle around a lightly weighted neighbour). Each region keeps the
    8-connected piece holding its anchor (its capital's cell), or its largest piece if it does
    not hold its anchor; the cells of its other pieces go, layer by layer from their edge, to
    the best-scoring region among their kept neighbours. A piece with no kept cell in reach
    (detached land) goes to the region of the nearest kept cell.

    Args:
        dep: ``(n,)`` region index per cell.
        score: ``(n, D)`` weighted score (lower wins).
        ring: ``(n, 8)`` neighbour indices (see :func:`ring_neighbours`).
        anchors: ``(D,)`` anchor cell per region, -1 for none.
        pos: ``(n, 2)`` grid position ``(x, y)`` of each cell.

    Returns:
        A new ``(n,)`` region index per cell.
    """
    n = dep.shape[0]
    has = ring >= 0
    src = np.repeat(np.arange(n), 8)[has.ravel()]
    dst = ring[has]
    same = dep[src] == dep[dst]
    graph = coo_matrix((np.ones(int(same.sum())), (src[same], dst[same])), shape=(n, n))
    n_comp, comp = connected_components(graph, directed=False)
    size = np.bincount(comp, minlength=n_comp).astype(float)
    own = (anchors >= 0) & (dep[np.maximum(anchors, 0)] == np.arange(anchors.size))
    size[comp[anchors[own]]] = np.inf  # the anchor's piece always wins
    comp_dep = np.zeros(n_comp, dtype=np.int64)
    comp_dep[comp] = dep
    order = np.lexsort((-size, comp_dep))  # by region, kept piece first
    first = np.ones(n_comp, dtype=bool)
    first[1:] = comp_dep[order[1:]] != comp_dep[order[:-1]]
    kept_comp = np.zeros(n_comp, dtype=bool)
    kept_comp[order[first]] = True
    kept = kept_comp[comp]
    if kept.all():
        return dep
    dep = dep.copy()
    loose = ~kept[src]
    src, dst = src[loose], dst[loose]
    while True:
        edge = ~kept[src] & kept[dst]
        if not edge.any():
            break
        cell, via = src[edge], dst[edge]
        best = np.lexsort((via, score[cell, dep[via]], cell))  # per cell: lowest score
        cell, via = cell[best], via[best]
        first = np.ones(cell.size, dtype=bool)
        first[1:] = cell[1:] != cell[:-1]
        dep[cell[first]] = dep[via[first]]
        kept[cell[first]] = True
    if not kept.all():  # detached land: the region of the nearest kept cell
        orphan, held = np.flatnonzero(~kept), np.flatnonzero(kept)
        gap = ((pos[orphan, None, :] - pos[None, held, :]) ** 2).sum(axis=2)
        dep[orphan] = dep[held[np.argmin(gap, axis=1)]]
    return dep


def rebalance(
    dep: np.ndarray,
    score: np.ndarray,
    ring: np.ndarray,
    anchors: np.ndarray,
    target: np.ndarray,
    cell_km2: np.ndarray,
) -> np.ndarray:
    """Move boundary cells between contiguous regions to bring their areas closer to targets.

    Each pass, every region over or under its target takes part in at most one move: a cell on
    the boundary between two regions changes sides when this lowers the total absolute area
    mismatch, the cell leaving is not an anchor and its region stays 8-connected (see
    :func:`removable_table`). Pairs of regions with the largest gain move first and, within a
    pair, the cell with the best score for its new region. Stops when no move helps or after
    :data:`REBALANCE_MAX_PASSES` passes.

    Args:
        dep: ``(n,)`` region index per cell (contiguous regions).
        score: ``(n, D)`` weighted score (lower wins).
        ring: ``(n, 8)`` neighbour indices (see :func:`ring_neighbours`).
        anchors: ``(D,)`` anchor cell per region, -1 for none (never moved).
        target: ``(D,)`` target area per region, km2.
        cell_km2: ``(n,)`` cell areas, km2.

    Returns:
        A new ``(n,)`` region index per cell.
    """
    n, n_dep = score.shape
    dep = dep.copy()
    table = removable_table()
    bits = 1 << np.arange(8)
    fixed = np.zeros(n, dtype=bool)
    fixed[anchors[anchors >= 0]] = True
    rows = np.repeat(np.arange(n), 8)
    has = (ring >= 0).ravel()
    rows, cols = rows[has], ring.ravel()[has]
    got = np.bincount(dep, weights=cell_km2, minlength=n_dep)
    for _ in range(REBALANCE_MAX_PASSES):
        nd = np.where(ring >= 0, dep[np.maximum(ring, 0)], -1)
        removable = table[((nd == dep[:, None]) @ bits)] & ~fixed  # integer @: exact, no BLAS
        frm, to = dep[rows], dep[cols]
        cand = removable[rows] & (to != frm)
        cell, frm, to = rows[cand], frm[cand], to[cand]
        a = cell_km2[cell]
        gain = (
            np.abs(got[frm] - a - target[frm])
            - np.abs(got[frm] - target[frm])
            + np.abs(got[to] + a - target[to])
            - np.abs(got[to] - target[to])
        )
        ok = gain < -1e-9 * a
        if not ok.any():
            break
        cell, frm, to, gain = cell[ok], frm[ok], to[ok], gain[ok]
        pair_gain = np.full((n_dep, n_dep), np.inf)
        np.minimum.at(pair_gain, (frm, to), gain)
        order = np.lexsort((cell, score[cell, to] - score[cell, frm], pair_gain[frm, to]))
        used = np.zeros(n_dep, dtype=bool)
        for k in order:
            f, t, c = frm[k], to[k], cell[k]
            if used[f] or used[t]:
                continue
            used[f] = used[t] = True
            dep[c] = t
            got[f] -= cell_km2[c]
            got[t] += cell_km2[c]
            if used.all():
                break
    return dep


def fit_regions(
    log_dist: np.ndarray,
    target: np.ndarray,
    cell_km2: np.ndarray,
    ring: np.ndarray,
    anchors: np.ndarray,
    pos: np.ndarray,
) -> np.ndarray:
    """Fitted multiplicatively weighted Voronoi: contiguous regions with areas near targets.

    Cells go to ``argmin(log_dist - log_w)``. The weights start from ``w = sqrt(target)`` and
    are updated :data:`WEIGHT_FIT_ITERATIONS` times with
    ``w *= (target / grid_area) ** WEIGHT_FIT_EXPONENT`` (a damped version of the square-root
    update: capitals often sit at a department's edge, where the area reacts strongly to the
    weight and the undamped update oscillates). A region with no cell counts as half the
    smallest cell. The assignment of the iteration with the smallest total absolute area
    mismatch is kept; anchors are put back in their regions, detached pieces handed to their
    neighbours (:func:`make_contiguous`) and the remaining mismatch reduced by moving boundary
    cells (:func:`rebalance`). Deterministic.

    Args:
        log_dist: ``(n, D)`` log distance of each cell to each capital.
        target: ``(D,)`` target area per region, km2 (summing to ``cell_km2.sum()``).
        cell_km2: ``(n,)`` cell areas, km2.
        ring: ``(n, 8)`` neighbour indices (see :func:`ring_neighbours`).
        anchors: ``(D,)`` anchor cell (the capital's) per region, -1 for none.
        pos: ``(n, 2)`` grid position ``(x, y)`` of each cell.

    Returns:
        ``(n,)`` region index per cell.
    """
    n_dep = target.shape[0]
    floor = 0.5 * float(cell_km2.min())
    log_target = fpmath.log(target)
    log_w = 0.5 * log_target
    best_w, best_err = log_w, math.inf
    for _ in range(WEIGHT_FIT_ITERATIONS + 1):
        dep = np.argmin(log_dist - log_w[None, :], axis=1)
        got = np.bincount(dep, weights=cell_km2, minlength=n_dep)
        err = float(np.abs(got - target).sum())
        if err < best_err:
            best_w, best_err = log_w, err
        log_w = log_w + WEIGHT_FIT_EXPONENT * (log_target - fpmath.log(np.maximum(got, floor)))
    score = log_dist - best_w[None, :]
    dep = np.argmin(score, axis=1)
    own = anchors >= 0
    dep[anchors[own]] = np.flatnonzero(own)
    dep = make_contiguous(dep, score, ring, anchors, pos)
    return rebalance(dep, score, ring, anchors, target, cell_km2)
