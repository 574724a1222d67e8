"""Least-cost trees to the exits, compiled (numba; ODD 7.10, step 3; issue 15).

The routes were ``scipy.sparse.csgraph.dijkstra(graph, directed=True, indices=exits,
return_predecessors=True)``: a third of a route recomputation went to it, four calls of 18
exits each. :func:`least_cost_trees_by_heap` runs the same algorithm over the same arrays and
gives the same costs and predecessors, bit for bit, ties included, because the order in which
Dijkstra's algorithm settles nodes is fixed by its queue's ordering, not by how the queue is
built:

* SciPy (1.15 and later) keeps ``(-cost, node)`` pairs in a C++ ``std::priority_queue`` (a
  max-heap) and pops the largest pair, so the cheapest node first and, among nodes of equal
  cost, the one with the **largest index**; it skips a popped pair whose cost is out of date.
  The heap here orders nodes by ``(cost, -node)`` the same way, and holds each node once with
  its current cost (a decrease moves it up), which pops the same nodes in the same order.
* A node's neighbours are scanned in the CSR order; a neighbour's cost and predecessor change
  only when ``cost[u] + weight`` is strictly lower than its cost (the first node to reach the
  lowest cost stays its predecessor), with the same float sum.

:func:`least_cost_trees`, the one the routes use, settles the same trees in **rounds** instead
of one node at a time (about a third of the heap's time on the default landscape; issue 15).
No candidate cost a node ``u`` of the frontier can give costs less than ``cost[u] +
lightest[u]`` (its lightest edge out; floats round monotonically), so with ``limit`` the least
of those over the frontier, every frontier node cheaper than ``limit`` is final, and they are
exactly the next nodes the heap would pop: a round takes them all and relaxes their edges, in
any order, since none of the candidates they give (each at least ``limit``) can change one of
them. The costs are therefore the heap's; so are the predecessors, by one more rule: where a
candidate **ties** a node's cost, the node that the heap would have settled first, by ``(cost,
-node)``, becomes the predecessor (the heap keeps the first to reach the lowest cost, and ties
can only come from nodes of earlier rounds, which it settled before). Where an edge adds nothing
to a cost (a zero weight, or one below the cost's last bit; a round then may have nothing below
its limit) the heap's order of pops is not ``(cost, -node)`` and decides ties the rounds cannot
see: the heap grows that tree instead.

Unreachable nodes keep cost ``inf`` and predecessor ``-9999`` (SciPy's ``NULL_IDX``), as does
the source's predecessor. A source given twice grows its tree once (the algorithm is
deterministic, so the copy is what a second run would give).
``tests/test_trafficking_kernels.py`` compares both with SciPy on random graphs with many ties
(integer weights, repeated sources), on grids of land cells like the routes' (tied costs, any
integer type of index) and on the route network, and the rounds with the heap where weights
are zero.
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
    node)`` pair). Compiled into :func:`least_cost_trees_by_heap` and :func:`least_cost_trees`
    where they call it (LLVM inlines it: the heap runs and compiles in the time it took with the
    expression written out three times); plain Python when called from Python.
    """
    return key_a < key_b or (key_a == key_b and a > b)


@register_jitable
def _copied_earlier_tree(
    sources: np.ndarray, s: int, cost: np.ndarray, pred: np.ndarray
) -> bool:  # pragma: no cover - compiled
    """Copy an earlier source's tree into row ``s`` if its root grew one already.

    Two exits on one cell (0.25 degree: Tumaco's coast) grow the same tree: the algorithm is
    deterministic, so the copy is what growing it again would give. Shared by
    :func:`least_cost_trees_by_heap` and :func:`least_cost_trees` (compiled into each).
    """
    root = sources[s]
    for earlier in range(s):
        if sources[earlier] == root:
            cost[s, :] = cost[earlier]
            pred[s, :] = pred[earlier]
            return True
    return False


@njit(cache=True)
def least_cost_trees_by_heap(
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
        if _copied_earlier_tree(sources, s, cost, pred):
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


@njit(cache=True)
def least_cost_trees(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests/test_trafficking_kernels
    """The trees of :func:`least_cost_trees_by_heap`, settled in rounds (module docstring).

    The frontier (nodes reached, not settled) is an unordered list of nodes, ``front``; a node
    is in it exactly while its cost is finite and it is not settled, so a relaxation that
    lowers an ``inf`` appends it and no slot per node is kept (a settled node is never lowered:
    a round's candidates cost at least its limit). A round's limit is the least ``cost +
    lightest`` over the frontier, one pass after the relaxations.

    Written for the machine (issue 15; about half the time of the rounds with slots): the
    relaxation has no branch the data decide but the rare tie (``min`` and a select write the
    cost and predecessor, the append writes its slot and moves the end by the comparison), nor
    does the split of the frontier; and the indices are unsigned (``uint32`` copies), because
    numba wraps a negative signed index around and that costs a third of a simple loop over
    edges.

    Args:
        indptr: CSR row pointers, ``[node + 1]`` (any integer type; fewer than 2**32 edges).
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
    ptr = indptr.astype(np.uint32)
    heads = indices.astype(np.uint32)
    one = np.uint32(1)
    lightest = np.full(n, np.inf)
    for u in range(n):
        for e in range(ptr[u], ptr[u + 1]):
            lightest[u] = min(lightest[u], weights[e])
    front = np.empty(n, dtype=np.uint32)
    batch = np.empty(n, dtype=np.uint32)
    for s in range(n_sources):
        dist = cost[s]
        before = pred[s]
        root = np.uint32(sources[s])
        if _copied_earlier_tree(sources, s, cost, pred):
            continue
        dist[root] = 0.0
        front[0] = root
        size = np.uint64(1)
        limit = 0.0 + lightest[root]
        in_order = True
        while size > 0:
            # the round: the frontier's nodes below the limit leave it, the others close up
            count = np.uint64(0)
            kept = np.uint64(0)
            for i in range(size):
                v = front[i]
                take = dist[v] < limit
                batch[count] = v
                front[kept] = v
                count += np.uint64(take)
                kept += np.uint64(not take)
            size = kept
            if count == 0:  # zero weights: the heap's order is not (cost, -node) (below)
                in_order = False
                break
            for k in range(count):
                u = batch[k]
                reach = dist[u]
                # the heap settles in (cost, -node) order only if every candidate costs more
                # than the node giving it; where an edge adds nothing (zero, or below the
                # cost's last bit), the order of its pops decides ties the rounds cannot see:
                # the heap grows that tree
                if not reach + lightest[u] > reach:
                    in_order = False
                for e in range(ptr[u], ptr[u + one]):
                    v = heads[e]
                    candidate = reach + weights[e]
                    known = dist[v]
                    # numba's min(a, b) is the select `b if b < a else a`: a strict decrease
                    dist[v] = min(known, candidate)
                    p = before[v]
                    before[v] = u if candidate < known else p
                    # in bounds: the frontier excludes this round's nodes, so size < n here
                    front[size] = v
                    size += np.uint64(known == np.inf)
                    if known == candidate:
                        # a tie: the predecessor is the node the heap settles first
                        if p >= 0 and _first(reach, u, dist[p], p):
                            before[v] = u
            limit = np.inf
            for i in range(size):
                v = front[i]
                limit = min(limit, dist[v] + lightest[v])
        if not in_order:
            heap_cost, heap_pred = least_cost_trees_by_heap(
                indptr, indices, weights, sources[s : s + 1]
            )
            dist[:] = heap_cost[0]
            before[:] = heap_pred[0]
    return cost, pred


@njit(cache=True)
def edge_weights(
    km: np.ndarray, tails: np.ndarray, heads: np.ndarray, cell_cost: np.ndarray, smallest: float
) -> np.ndarray:  # pragma: no cover - compiled; tests/test_trafficking_kernels
    """``np.maximum(km * 0.5 * (cell_cost[tails] + cell_cost[heads]), smallest)``, one pass.

    The route network's edge weights (``RouteNetwork.routes``): each edge's length times the
    mean cost of its two cells, the same float operations in the same order as the numpy form
    (``max(x, smallest)`` is ``smallest if smallest > x else x``, as ``np.maximum`` for numbers),
    without its five temporary arrays (a tenth of the time; issue 15).

    Args:
        km: Each edge's length, ``[edge]``.
        tails: Each edge's tail node, ``[edge]``.
        heads: Each edge's head node, ``[edge]``.
        cell_cost: ``[node]`` cost of crossing each cell.
        smallest: The least weight an edge may have.

    Returns:
        ``[edge]`` the weights.
    """
    weights = np.empty(km.shape[0])
    for e in range(km.shape[0]):
        weights[e] = max(km[e] * 0.5 * (cell_cost[tails[e]] + cell_cost[heads[e]]), smallest)
    return weights
