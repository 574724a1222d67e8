"""Least-cost trees to the exits, compiled (numba; ODD 7.10, step 3; issue 15).

The routes were ``scipy.sparse.csgraph.dijkstra(graph, directed=True, indices=exits,
return_predecessors=True)``: a third of a route recomputation went to it, four calls of 18
exits each. :func:`least_cost_trees` runs the same algorithm over the same arrays and gives the
same costs and predecessors, bit for bit, ties included, because the order in which Dijkstra's
algorithm settles nodes is fixed by its queue's ordering, not by how the queue is built:

* SciPy (1.15 and later) keeps ``(-cost, node)`` pairs in a C++ ``std::priority_queue`` (a
  max-heap) and pops the largest pair, so the cheapest node first and, among nodes of equal
  cost, the one with the **largest index**; it skips a popped pair whose cost is out of date.
  The heap here orders nodes by ``(cost, -node)`` the same way, and holds each node once with
  its current cost (a decrease moves it up), which pops the same nodes in the same order.
* A node's neighbours are scanned in the CSR order; a neighbour's cost and predecessor change
  only when ``cost[u] + weight`` is strictly lower than its cost (the first node to reach the
  lowest cost stays its predecessor), with the same float sum.

Unreachable nodes keep cost ``inf`` and predecessor ``-9999`` (SciPy's ``NULL_IDX``), as does
the source's predecessor. A source given twice grows its tree once (the algorithm is
deterministic, so the copy is what a second run would give).
``tests/test_trafficking_kernels.py`` compares with SciPy on random graphs with many ties
(integer weights, repeated sources) and on the route network.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.extending import register_jitable

#: predecessor of a source and of nodes that cannot be reached (scipy.sparse.csgraph)
NULL_INDEX = -9999


@register_jitable
def _first(key_a: float, a: int, key_b: float, b: int) -> bool:  # pragma: no cover - compiled
    """Whether node ``a`` (cost ``key_a``) leaves the queue before node ``b``: SciPy's order.

    The cheaper first; of equal costs, the larger index (SciPy pops the largest ``(-cost,
    node)`` pair). Compiled into :func:`least_cost_trees` where it is called (LLVM inlines it:
    the kernel runs and compiles in the time it took with the expression written out three
    times); plain Python when called from Python.
    """
    return key_a < key_b or (key_a == key_b and a > b)


@njit(cache=True)
def least_cost_trees(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests/test_trafficking_kernels
    """Dijkstra's least-cost tree from each source over a directed CSR graph (module docstring).

    The queue is a binary heap of nodes (``nodes``) with their costs (``keys``) and each node's
    slot in it (``where``, -1 when out of it); node ``a`` comes before node ``b`` when
    ``key_a < key_b or (key_a == key_b and a > b)`` (:func:`_first`). Its two moves are
    written out in the loop (one function compiles in half the time and memory of one with
    helpers).

    Args:
        indptr: CSR row pointers, ``[node + 1]``.
        indices: CSR column of each edge (its head), ``[edge]``.
        weights: Each edge's weight, ``[edge]`` (non-negative).
        sources: The roots, ``[source]``.

    Returns:
        ``cost[source, node]`` (float64, ``inf`` where unreachable) and
        ``pred[source, node]`` (int32, :data:`NULL_INDEX` at the source and where unreachable).
    """
    n = indptr.shape[0] - 1
    n_sources = sources.shape[0]
    cost = np.full((n_sources, n), np.inf)
    pred = np.full((n_sources, n), NULL_INDEX, dtype=np.int32)
    # one slot past the heap's end holds a sentinel (cost inf) while a node sinks
    nodes = np.full(n + 1, -1, dtype=np.int64)
    keys = np.full(n + 1, np.inf)
    where = np.full(n, -1, dtype=np.int64)
    for s in range(n_sources):
        dist = cost[s]
        before = pred[s]
        root = sources[s]
        repeated = -1  # two exits on one cell (0.25 degree: Tumaco's coast) grow the same tree
        for earlier in range(s):
            if sources[earlier] == root:
                repeated = earlier
                break
        if repeated >= 0:
            dist[:] = cost[repeated]
            before[:] = pred[repeated]
            continue
        dist[root] = 0.0
        nodes[0] = root
        keys[0] = 0.0
        where[root] = 0
        size = 1
        while size > 0:
            # pop the first node; the last one sinks from the top to its place
            u = nodes[0]
            reach = keys[0]
            where[u] = -1
            size -= 1
            if size > 0:
                node = nodes[size]
                key = keys[size]
                i = 0
                # the slot past the end costs inf: a missing right child never comes first,
                # so the first child is chosen by arithmetic, not by a branch the data decide
                # (7-9% of the kernel's time on the default landscape; issue 15)
                keys[size] = np.inf
                while True:
                    child = 2 * i + 1
                    if child >= size:
                        break
                    kr = keys[child + 1]
                    kc = keys[child]
                    child += (kr < kc) | ((kr == kc) & (nodes[child + 1] > nodes[child]))
                    kc = keys[child]
                    if not _first(kc, nodes[child], key, node):
                        break
                    nodes[i] = nodes[child]
                    keys[i] = kc
                    where[nodes[i]] = i
                    i = child
                nodes[i] = node
                keys[i] = key
                where[node] = i
            # relax its edges in CSR order; a cheaper node rises from its slot (or the end)
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                candidate = reach + weights[e]
                if dist[v] > candidate:
                    dist[v] = candidate
                    before[v] = u
                    i = where[v]
                    if i < 0:
                        i = size
                        size += 1
                    while i > 0:
                        parent = (i - 1) >> 1
                        kp = keys[parent]
                        if not _first(candidate, v, kp, nodes[parent]):
                            break
                        nodes[i] = nodes[parent]
                        keys[i] = kp
                        where[nodes[i]] = i
                        i = parent
                    nodes[i] = v
                    keys[i] = candidate
                    where[v] = i
    return cost, pred
