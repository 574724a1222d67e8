"""Compiled loops of cocaine's road (numba): laying out the trees, moving cocaine down them.

Both were numpy expressions whose overhead per call outweighed their arithmetic: a forest was
laid out by pointer doubling and a dozen whole-array passes (a tenth of a default run, issue 15),
and a month's cocaine moved down the trees level by level, one ``bincount`` per level (about 50
levels). The loops here give the same arrays, bit for bit (``tests/test_trafficking_kernels.py``
keeps the numpy forms and compares): depths, orders and lengths are integers and table lookups,
and the flows add the same floats in the same order as ``bincount`` (index order, into zero,
then onto the level's flow). No ``fastmath``. ``cache=True`` as in ``agents/kernels.py``.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def lay_out_forest(
    next_node: np.ndarray,
    sends: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    neighbour_km: np.ndarray,
):  # pragma: no cover - compiled; guarded by tests/test_trafficking_kernels.py
    """The positions of a forest: the nodes on the way of every sending node, deepest first.

    A node is a position of its tree if it sends cocaine toward the tree's exit or lies on the
    way of a node that does (``build_forest``: every node that reaches the exit sends; the
    routes in use: those with a logit share, ``Routes.build``).

    Args:
        next_node: ``[tree, node]`` next node toward the tree's exit (negative: none).
        sends: ``[tree, node]`` whether the node sends toward the tree's exit (it must reach
            the exit: its way up ends at the root).
        xs: ``[node]`` column of each node.
        ys: ``[node]`` row of each node.
        neighbour_km: ``[node, 9]`` length of the edge toward each neighbour offset
            (``RouteNetwork._neighbour_km``).

    Returns:
        ``node``, ``tree``, ``parent`` (position, -1 at roots), ``km_up`` and ``bounds`` of
        :class:`model.trafficking.network.Forest`: positions sorted by depth, deepest first,
        and within a depth by tree then node (a stable sort of the flattened ``[tree, node]``).
    """
    n_trees, n = next_node.shape
    total = n_trees * n
    # int32 scratch (the outputs stay int64): half the bytes of the two largest arrays
    depth = np.full(total, -1, dtype=np.int32)
    # indices read from arrays or summed are taken as unsigned where they are >= 0: numba wraps
    # a signed index that may be negative (a test and an add per read), ~15% of this kernel
    # (issue 15; kernels_routes.py found the same)
    path = np.empty(n, dtype=np.int64)
    deepest = 0
    kept = 0
    for t in range(n_trees):
        base = t * n
        for i in range(n):
            if not sends[t, i] or depth[base + i] >= 0:
                continue
            # walk up to a node of known depth (or the root), then number the way back
            length = 0
            j = i
            known = 0
            while True:
                d = depth[np.uint64(base + j)]
                if d >= 0:
                    known = d
                    break
                path[np.uint64(length)] = j
                length += 1
                up = next_node[t, np.uint64(j)]
                if up < 0:
                    known = -1  # j is the root: depth 0
                    break
                j = up
            for k in range(length - 1, -1, -1):
                known += 1
                depth[np.uint64(base + path[k])] = known
                if known > deepest:
                    deepest = known
    counts = np.zeros(deepest + 1, dtype=np.int64)
    for flat in range(total):
        if depth[flat] >= 0:
            counts[np.uint64(depth[flat])] += 1
            kept += 1
    # (tree, node) by two loops, not flat // n and flat % n: integer division was most of the
    # kernel's time
    start = np.zeros(deepest + 2, dtype=np.int64)  # start[d]: first position of depth d
    for d in range(deepest, -1, -1):
        start[d] = start[d + 1] + counts[d + 1] if d < deepest else 0
    position = np.full(total, -1, dtype=np.int32)
    node = np.empty(kept, dtype=np.int64)
    tree = np.empty(kept, dtype=np.int64)
    fill = start[: deepest + 1].copy()
    for t in range(n_trees):
        for i in range(n):
            d = depth[t * n + i]
            if d >= 0:
                du = np.uint64(d)
                p = fill[du]
                fill[du] += 1
                position[t * n + i] = p
                pu = np.uint64(p)
                node[pu] = i
                tree[pu] = t
    parent = np.full(kept, -1, dtype=np.int64)
    km_up = np.zeros(kept)
    for p in range(kept):
        t = tree[p]
        u = node[p]
        v = next_node[np.uint64(t), np.uint64(u)]
        if v >= 0:
            vu = np.uint64(v)
            parent[p] = position[np.uint64(t * n + v)]
            offset = 3 * (xs[vu] - xs[u] + 1) + (ys[vu] - ys[u] + 1)
            km_up[p] = neighbour_km[np.uint64(u), np.uint64(offset)]
    n_levels = 0
    for d in range(deepest + 1):
        if counts[d] > 0:
            n_levels += 1
    bounds = np.empty(n_levels + 1, dtype=np.int64)
    bounds[0] = 0
    k = 1
    for d in range(deepest, -1, -1):
        if counts[d] > 0:
            bounds[k] = start[d] + counts[d]
            k += 1
    return node, tree, parent, km_up, bounds


@njit(cache=True)
def move_down_levels(
    bounds: np.ndarray,
    parent: np.ndarray,
    flow: np.ndarray,
    seize_prob: np.ndarray,
    seized: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_trafficking_kernels.py
    """Move ``flow`` down the levels in place, writing each edge's seizure into ``seized``.

    Level by level, deepest first: each node's cocaine loses ``seize_prob`` on its edge and the
    rest is summed per parent (in position order, from zero), then added to the parents' flow.
    """
    arrived = np.zeros(flow.shape[0])
    for k in range(bounds.shape[0] - 2):
        a, b, c = bounds[k], bounds[k + 1], bounds[k + 2]
        for j in range(b, c):
            arrived[j] = 0.0
        for i in range(a, b):
            here = flow[i]
            caught = here * seize_prob[i]
            seized[i] = caught
            arrived[parent[i]] += here - caught
        for j in range(b, c):
            flow[j] += arrived[j]


@njit(cache=True)
def index_routes(
    node: np.ndarray, tree: np.ndarray, parent: np.ndarray, shares: np.ndarray, n_exits: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests
    """``Routes.here``, ``Routes.up`` and ``Routes.share`` of a forest, in one pass.

    The numpy expressions of ``Routes.build`` (``tests/test_trafficking_kernels.py`` keeps
    them): ``offset = tree // n_exits * n``, ``here = offset + node``, ``up = offset +
    node[max(parent, 0)]`` (a root's is that of position 0's node: its edge is 0 km) and
    ``share = shares[tree, node]``; integers and a gather, so the same arrays.
    """
    n = shares.shape[1]
    count = node.shape[0]
    here = np.empty(count, dtype=np.int64)
    up = np.empty(count, dtype=np.int64)
    share = np.empty(count)
    for p in range(count):
        t = tree[p]
        offset = t // n_exits * n
        q = parent[p]
        if q < 0:
            q = 0
        here[p] = offset + node[p]
        up[p] = offset + node[q]
        share[p] = shares[t, node[p]]
    return here, up, share
