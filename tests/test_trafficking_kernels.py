"""The compiled loops of cocaine's road (model/trafficking/kernels.py) give numpy's arrays.

``build_forest`` laid its trees out with numpy (pointer doubling for the depths, a stable sort)
and ``move_down`` moved cocaine down them with one ``bincount`` per level, until both became
compiled loops (issue 15); ``Routes.build`` laid out the whole forest and kept the positions that
carried anything, until the layout took only the sending nodes and their ways; a month's shipping
gathered its inputs by fancy indexing and summed its flows with ``bincount`` until both became
compiled loops (``kernels_ship.py``); the least-cost trees were ``scipy.sparse.csgraph.dijkstra``'s
until the same algorithm ran compiled (``kernels_routes.py``). The earlier forms
stay here, and the tests compare bit for bit on the 0.25-degree network (islands that reach no
exit included) and on a synthetic one.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_array
from scipy.sparse import random as sparse_random
from scipy.sparse.csgraph import dijkstra

from model.geo import build_landscape, synthetic
from model.trafficking.flows import cell_totals, logit_shares, move_down
from model.trafficking.kernels_routes import (
    _first,
    edge_weights,
    least_cost_trees,
    least_cost_trees_by_heap,
)
from model.trafficking.kernels_ship import route_inputs
from model.trafficking.network import Forest, RouteNetwork, Trees, build_forest, route_network
from model.trafficking.process import MIN_ROUTE_SHARE, Routes


def forest_by_numpy(network: RouteNetwork, trees: list[Trees]) -> Forest:
    """``build_forest`` as numpy wrote it: depths by pointer doubling, a stable sort by depth."""
    n = network.n
    cost = np.concatenate([t.cost for t in trees])
    nxt = np.concatenate([t.next_node for t in trees])
    n_trees = cost.shape[0]
    ids = np.arange(n_trees * n, dtype=np.int32).reshape(n_trees, n)
    reachable = np.isfinite(cost)
    has_parent = (reachable & (nxt >= 0)).ravel()
    tree_start = (ids - np.arange(n, dtype=np.int32)).ravel()
    parent = np.where(has_parent, tree_start + np.maximum(nxt, 0).ravel(), ids.ravel())
    depth = has_parent.astype(np.int16)
    jump = parent
    while True:
        further = jump[jump]
        if np.array_equal(further, jump):
            break
        depth = depth + depth[jump]
        jump = further
    kept = np.flatnonzero(reachable.ravel())
    order = kept[np.argsort(-depth[kept], kind="stable")]
    position = np.full(n_trees * n, -1, dtype=np.int64)
    position[order] = np.arange(len(order))
    node = order % n
    up = has_parent[order]
    parent_pos = np.where(up, position[parent[order]], -1)
    km_up = np.zeros(len(order))
    km_up[up] = network.edge_km(node[up], node[parent_pos[up]])
    change = np.flatnonzero(np.diff(depth[order])) + 1
    bounds = np.concatenate([[0], change, [len(order)]])
    return Forest(node=node, tree=order // n, parent=parent_pos, km_up=km_up, bounds=bounds)


def move_down_by_numpy(forest: Forest, source: np.ndarray, seize_prob: np.ndarray):
    """``move_down`` as numpy wrote it: one ``bincount`` per level."""
    flow = source.astype(float).copy()
    seized = np.zeros_like(flow)
    bounds = forest.bounds
    for k in range(len(bounds) - 2):
        a, b, c = int(bounds[k]), int(bounds[k + 1]), int(bounds[k + 2])
        here = flow[a:b]
        caught = here * seize_prob[a:b]
        seized[a:b] = caught
        flow[b:c] += np.bincount(forest.parent[a:b] - b, weights=here - caught, minlength=c - b)
    return flow, seized


def networks():
    colombia = build_landscape("0.25")
    world = synthetic(14, 9, seed=5)
    return [route_network(ls.land, ls.lat, ls.lon, ls.exits) for ls in (colombia, world)]


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forest_and_flows_match_numpy_bit_for_bit(which: int, seed: int) -> None:
    network = networks()[which]
    rng = np.random.default_rng(seed)
    # costs with ties (rounded) and spread, as shippers' costs are
    trees = [
        network.routes(np.round(rng.uniform(0.2, 3.0, network.n), 1 if k % 2 else 6))
        for k in range(3)
    ]
    ours = build_forest(network, trees)
    theirs = forest_by_numpy(network, trees)
    for name in ("node", "tree", "parent", "km_up", "bounds"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    if which == 0:  # Colombia has land that reaches no exit (islands): left out of every tree
        assert len(ours.node) < len(trees) * len(network.exits) * network.n
    source = rng.exponential(5.0, len(ours.node)) * (rng.random(len(ours.node)) < 0.3)
    seize = -np.expm1(-rng.uniform(0.0, 0.05, len(ours.node)) * ours.km_up)
    passage = move_down(ours, source, seize)
    flow, seized = move_down_by_numpy(theirs, source, seize)
    assert passage.flow.tobytes() == flow.tobytes()
    assert passage.seized.tobytes() == seized.tobytes()
    # and kilograms are conserved: what entered is seized or reaches a root
    roots = ours.roots
    assert seized.sum() + flow[roots].sum() == pytest.approx(source.sum())


def routes_by_subset(network: RouteNetwork, trees: list[Trees], shares: np.ndarray, n_exits: int):
    """``Routes.build`` as it was: the whole forest, then the positions that carry anything."""
    n = shares.shape[1]
    forest = build_forest(network, trees)
    sends = (shares[forest.tree, forest.node] > 0).astype(float)
    carried = move_down(forest, sends, np.zeros(len(sends))).flow
    forest = forest.subset(carried > 0)
    offset = forest.tree // n_exits * n
    upper = forest.node[np.maximum(forest.parent, 0)]
    return Routes(
        forest=forest,
        here=offset + forest.node,
        up=offset + upper,
        share=shares[forest.tree, forest.node],
    )


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
@pytest.mark.parametrize("seed", range(6))
def test_routes_lay_out_only_what_carries_as_the_subset_did(which: int, seed: int) -> None:
    """The forest of sending nodes and their ways is the subset of the whole forest, bit for bit."""
    network = networks()[which]
    n_exits = len(network.exits)
    rng = np.random.default_rng(100 + seed)
    trees = [
        network.routes(np.round(rng.uniform(0.2, 3.0, network.n), 1 if k % 2 else 6))
        for k in range(3)
    ]
    scale = [0.5, 5.0, 50.0][seed % 3]
    shares = np.concatenate([logit_shares(t.cost, scale, MIN_ROUTE_SHARE) for t in trees])
    if seed >= 3:  # sparser: whole trees and random nodes send nothing
        shares = shares * (rng.random(shares.shape) < 0.2)
        shares[rng.integers(0, len(shares), 5)] = 0.0
    ours = Routes.build(network, trees, shares, n_exits)
    theirs = routes_by_subset(network, trees, shares, n_exits)
    for name in ("node", "tree", "parent", "km_up", "bounds"):
        a, b = getattr(ours.forest, name), getattr(theirs.forest, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    for name in ("here", "up", "share"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name
    whole = len(build_forest(network, trees).node)
    assert 0 < len(ours.forest.node) <= whole
    if seed >= 3:
        assert len(ours.forest.node) < whole


def totals_by_numpy(forest: Forest, flow: np.ndarray, seized: np.ndarray, n: int, n_trees: int):
    """``cell_totals`` as numpy wrote it: four ``bincount`` calls."""
    roots = forest.roots
    return (
        np.bincount(forest.node, weights=flow, minlength=n),
        np.bincount(forest.node, weights=flow * forest.km_up, minlength=n),
        np.bincount(forest.node, weights=seized, minlength=n),
        np.bincount(forest.tree[roots], weights=flow[roots], minlength=n_trees),
    )


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
@pytest.mark.parametrize("seed", range(8))
def test_a_months_shipping_matches_numpy_bit_for_bit(which: int, seed: int) -> None:
    """Gathering the routes' inputs and summing the flows per cell give numpy's floats.

    Kilograms spread over many magnitudes (and exact zeros, and a negative zero), so that a
    change in the order of any sum or product would show in the last bits.
    """
    network = networks()[which]
    n, n_exits, n_kinds = network.n, len(network.exits), 3
    rng = np.random.default_rng(200 + seed)
    trees = [
        network.routes(np.round(rng.uniform(0.2, 3.0, n), 1 if k % 2 else 6))
        for k in range(n_kinds)
    ]
    shares = np.concatenate([logit_shares(t.cost, 5.0, MIN_ROUTE_SHARE) for t in trees])
    routes = Routes.build(network, trees, shares, n_exits)
    forest = routes.forest
    kg = rng.lognormal(3.0, 4.0, (n_kinds, n)) * (rng.random((n_kinds, n)) < 0.4)
    kg.ravel()[rng.integers(0, kg.size)] = -0.0
    met = rng.exponential(0.01, (n_kinds, n)) * (rng.random((n_kinds, n)) < 0.9)
    source, edge_hazard = route_inputs(
        kg.ravel(), met.ravel(), routes.here, routes.up, routes.share, forest.km_up
    )
    assert source.tobytes() == (kg.ravel()[routes.here] * routes.share).tobytes()
    numpy_hazard = 0.5 * (met.ravel()[routes.here] + met.ravel()[routes.up]) * forest.km_up
    assert edge_hazard.tobytes() == numpy_hazard.tobytes()
    passage = move_down(forest, source, -np.expm1(-edge_hazard))
    ours = cell_totals(forest, passage, n, n_kinds * n_exits)
    theirs = totals_by_numpy(forest, passage.flow, passage.seized, n, n_kinds * n_exits)
    for name, b in zip(("through_kg", "kg_km", "seized_kg", "arrived_kg"), theirs, strict=True):
        a = getattr(ours, name)
        assert a.shape == b.shape and a.tobytes() == b.tobytes(), name
    assert ours.through_kg.any() and ours.seized_kg.any() and ours.arrived_kg.any()


def _random_graph(rng: np.random.Generator, ties: bool) -> csr_array:
    """A directed CSR graph of 2-60 nodes; integer weights make many equal-cost paths."""
    n = int(rng.integers(2, 60))
    graph = sparse_random(
        n, n, density=rng.uniform(0.02, 0.5), format="csr", random_state=int(rng.integers(1e9))
    )
    size = graph.data.shape
    if ties:
        graph.data = rng.integers(1, 4, size).astype(float)
    else:
        graph.data = np.round(rng.uniform(0.0, 3.0, size), 1) + 1e-9
    graph.sort_indices()
    return csr_array(graph)


@pytest.mark.parametrize("seed", range(4))
def test_least_cost_trees_are_scipys_dijkstra_ties_included(seed: int) -> None:
    """Costs and predecessors as ``scipy.sparse.csgraph.dijkstra`` gives them, bit for bit.

    Among nodes of equal cost SciPy's queue settles the largest index first, which decides the
    predecessor where paths tie (SciPy 1.18.1 here; older SciPy used a Fibonacci heap): with
    the opposite order about 40% of these graphs differ.
    """
    rng = np.random.default_rng(300 + seed)
    for trial in range(60):
        graph = _random_graph(rng, ties=trial % 2 == 1)
        sources = rng.integers(0, graph.shape[0], int(rng.integers(1, 5)))
        cost, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
        for kernel in (least_cost_trees_by_heap, least_cost_trees):
            ours_cost, ours_pred = kernel(
                graph.indptr.astype(np.int64), graph.indices.astype(np.int64), graph.data, sources
            )
            assert ours_cost.tobytes() == cost.tobytes()
            assert ours_pred.dtype == pred.dtype and ours_pred.tobytes() == pred.tobytes()


@pytest.mark.parametrize("seed", range(4))
def test_trees_settled_in_rounds_are_the_heaps(seed: int) -> None:
    """``least_cost_trees`` (rounds) gives the heap's trees bit for bit, zero weights included.

    Where an edge adds nothing to a cost (zero weights; a small weight after a large one) the
    heap's order of pops decides ties and the kernel grows that tree by the heap; integer
    weights tie often, so the rule for a tied predecessor decides many nodes of the others.
    """
    rng = np.random.default_rng(400 + seed)
    for trial in range(80):
        graph = _random_graph(rng, ties=trial % 2 == 1)
        if trial % 4 >= 2:  # zero weights, and equal costs reached through them
            graph.data[rng.random(graph.data.shape) < 0.3] = 0.0
        elif trial % 8 == 1:  # weights lost below a large cost's last bit: zeros in effect
            graph.data[rng.random(graph.data.shape) < 0.5] *= 1e17
        graph = csr_array(graph + graph.T) if trial % 8 >= 6 else graph  # symmetric, as routes
        graph.sort_indices()
        sources = rng.integers(0, graph.shape[0], int(rng.integers(1, 5)))
        args = (graph.indptr.astype(np.int64), graph.indices.astype(np.int64), graph.data, sources)
        heap_cost, heap_pred = least_cost_trees_by_heap(*args)
        cost, pred = least_cost_trees(*args)
        assert cost.tobytes() == heap_cost.tobytes()
        assert pred.dtype == heap_pred.dtype and pred.tobytes() == heap_pred.tobytes()


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
def test_routes_are_scipys_dijkstra_on_the_network(which: int) -> None:
    """``RouteNetwork.routes`` gives SciPy's trees over the network's weighted CSR array."""
    network = networks()[which]
    rng = np.random.default_rng(7)
    for rounding in (1, 6, None):  # coarse costs tie often
        cell_cost = rng.uniform(0.2, 3.0, network.n)
        if rounding is not None:
            cell_cost = np.round(cell_cost, rounding)
        cell_cost[rng.integers(0, network.n, 3)] = 0.0  # the smallest weight kicks in
        weights = network._km * 0.5 * (cell_cost[network._rows] + cell_cost[network._cols])
        graph = network._csr.copy()
        graph.data = np.maximum(weights, 1e-9)
        cost, pred = dijkstra(
            graph, directed=True, indices=network.exit_nodes, return_predecessors=True
        )
        trees = network.routes(cell_cost)
        assert trees.cost.tobytes() == np.atleast_2d(cost).tobytes()
        assert trees.next_node.tobytes() == np.atleast_2d(pred).tobytes()
        assert trees.next_node.dtype == pred.dtype
        heap_cost, heap_pred = least_cost_trees_by_heap(
            network._indptr, network._cols, graph.data, network.exit_nodes
        )
        assert trees.cost.tobytes() == heap_cost.tobytes()
        assert trees.next_node.tobytes() == heap_pred.tobytes()


def test_the_queues_order_is_cost_then_larger_index() -> None:
    """``_first``, the heap's one comparison: ``(cost, -node)`` order, SciPy's pops."""
    rng = np.random.default_rng(11)
    keys = rng.integers(0, 4, 400).astype(float)
    nodes = rng.integers(0, 6, 400)
    for ka, a, kb, b in zip(keys[:200], nodes[:200], keys[200:], nodes[200:], strict=True):
        assert _first(ka, a, kb, b) == ((ka, -a) < (kb, -b))


def _random_grid(rng: np.random.Generator) -> csr_array:
    """Land cells of a grid up to 45 x 35 joined to their Moore neighbours, as the routes are.

    Holes and islands (some nodes reach no source); weights ``km * (c[u] + c[v]) / 2`` with
    lengths 1 and 1.5 and cell costs of a few values, so that many paths tie and the frontier
    of a round is as wide as the network's.
    """
    width, height = int(rng.integers(2, 46)), int(rng.integers(2, 36))
    land = rng.random((width, height)) < rng.uniform(0.6, 1.0)
    node_of = np.full(land.shape, -1)
    xs, ys = np.nonzero(land)
    node_of[xs, ys] = np.arange(len(xs))
    cell_cost = rng.integers(1, 4, len(xs)).astype(float) * rng.choice([0.5, 1.0, 1.25])
    tails, heads, km = [], [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx == dy == 0:
                continue
            x2, y2 = xs + dx, ys + dy
            inside = (x2 >= 0) & (x2 < width) & (y2 >= 0) & (y2 < height)
            inside &= node_of[np.clip(x2, 0, width - 1), np.clip(y2, 0, height - 1)] >= 0
            tails.append(np.flatnonzero(inside))
            heads.append(node_of[x2[inside], y2[inside]])
            km.append(np.full(int(inside.sum()), 1.5 if dx and dy else 1.0))
    tail, head = np.concatenate(tails), np.concatenate(heads)
    weight = np.concatenate(km) * 0.5 * (cell_cost[tail] + cell_cost[head])
    graph = csr_array((weight, (tail, head)), shape=(len(xs), len(xs)))
    graph.sort_indices()
    return graph


@pytest.mark.parametrize("seed", range(3))
def test_trees_on_tied_grids_are_scipys_and_the_heaps(seed: int) -> None:
    """On grids like the route network's, with ties everywhere, the rounds give SciPy's trees.

    Any integer type of index (the kernel copies them unsigned), sources given twice included.
    """
    rng = np.random.default_rng(500 + seed)
    for _ in range(25):
        graph = _random_grid(rng)
        if graph.shape[0] == 0:
            continue
        sources = rng.integers(0, graph.shape[0], int(rng.integers(1, 20)))
        cost, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
        heap = least_cost_trees_by_heap(
            graph.indptr.astype(np.int64), graph.indices.astype(np.int64), graph.data, sources
        )
        for dtype in (np.int64, np.int32, np.uint32):
            ours_cost, ours_pred = least_cost_trees(
                graph.indptr.astype(dtype), graph.indices.astype(dtype), graph.data, sources
            )
            for theirs_cost, theirs_pred in ((cost, pred), heap):
                assert ours_cost.tobytes() == theirs_cost.tobytes()
                assert ours_pred.tobytes() == theirs_pred.tobytes()


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
def test_edge_weights_are_numpys(which: int) -> None:
    """``edge_weights`` gives the routes' numpy weights bit for bit, the smallest weight too."""
    network = networks()[which]
    rng = np.random.default_rng(13)
    for rounding in (1, 6, None):
        cell_cost = rng.lognormal(0.0, 2.0, network.n)
        if rounding is not None:
            cell_cost = np.round(cell_cost, rounding)
        cell_cost[rng.integers(0, network.n, 5)] = 0.0
        cell_cost[rng.integers(0, network.n, 2)] = -0.0
        rows, cols = network._rows, network._cols
        numpy_weights = np.maximum(network._km * 0.5 * (cell_cost[rows] + cell_cost[cols]), 1e-9)
        ours = edge_weights(network._km, rows, cols, cell_cost, 1e-9)
        assert ours.tobytes() == numpy_weights.tobytes()
