"""A month's passage in compiled passes (kernels_passage.py) gives the four steps' floats.

``Trafficking._ship`` gathered every route position's cocaine and hazard
(``kernels_ship.route_inputs``), took numpy's ``-expm1`` of every hazard, moved the cocaine down
the levels (``flows.move_down``) and summed it per cell (``flows.cell_totals``), until the last
three became one pass over the positions that carry cocaine (issue 15), and then the marking,
the ``expm1`` and that pass one pass (``ship_down``). The four steps stay here, in their
compiled form and in the numpy form they replaced (``bincount`` per level and per cell), and
the two passes in ``kernels_passage.py``; the tests compare bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents import fpmath
from model.trafficking.flows import cell_totals, logit_shares, move_down
from model.trafficking.kernels_passage import carrying_positions, pass_down, ship_down
from model.trafficking.kernels_ship import route_inputs
from model.trafficking.process import MIN_ROUTE_SHARE, Routes
from tests.test_trafficking_kernels import move_down_by_numpy, networks, totals_by_numpy


def _routes(network, n_kinds: int, rng: np.random.Generator, sparse: bool) -> Routes:
    n_exits = len(network.exits)
    trees = [
        network.routes(np.round(rng.uniform(0.2, 3.0, network.n), 1 if k % 2 else 6))
        for k in range(n_kinds)
    ]
    shares = np.concatenate([logit_shares(t.cost, 5.0, MIN_ROUTE_SHARE) for t in trees])
    if sparse:  # whole trees and many nodes send nothing
        shares = shares * (rng.random(shares.shape) < 0.3)
        shares[rng.integers(0, len(shares), 3)] = 0.0
    return Routes.build(network, trees, shares, n_exits)


def _kilograms(rng: np.random.Generator, n_kinds: int, n: int, seed: int) -> np.ndarray:
    """Each kind's kg over many magnitudes in 5%, 40% or 90% of the cells, and a few -0."""
    kg = rng.lognormal(3.0, 4.0, (n_kinds, n)) * (
        rng.random((n_kinds, n)) < [0.05, 0.4, 0.9][seed % 3]
    )
    kg.ravel()[rng.integers(0, kg.size, 4)] = -0.0
    return kg


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
@pytest.mark.parametrize("seed", range(8))
def test_the_passage_gives_the_four_steps_floats(which: int, seed: int) -> None:
    """Kilograms over many magnitudes, exact and negative zeros, cells no kind ships from."""
    network = networks()[which]
    n, n_exits, n_kinds = network.n, len(network.exits), 3
    rng = np.random.default_rng(300 + seed)
    routes = _routes(network, n_kinds, rng, sparse=seed % 2 == 1)
    forest = routes.forest
    kg = _kilograms(rng, n_kinds, n, seed)
    if seed == 7:
        kg[:] = 0.0  # nothing to ship: nothing carries
    met = rng.exponential(0.01, (n_kinds, n)) * (rng.random((n_kinds, n)) < 0.9)
    met.ravel()[rng.integers(0, met.size, 3)] = 50.0  # all but certain seizure on a few edges
    args = (kg.ravel(), met.ravel(), routes.here, routes.up, routes.share, forest.km_up)

    # the four steps, compiled, and their numpy forms
    source, edge_hazard = route_inputs(*args)
    passage = move_down(forest, source, -np.expm1(-edge_hazard))
    before = cell_totals(forest, passage, n, n_kinds * n_exits)
    flow, seized = move_down_by_numpy(forest, source, -np.expm1(-edge_hazard))
    by_numpy = totals_by_numpy(forest, flow, seized, n, n_kinds * n_exits)

    ours, carrying, hazard = carrying_positions(*args, forest.parent)
    assert ours.tobytes() == source.tobytes()
    assert hazard.tobytes() == edge_hazard[carrying].tobytes()
    # what is left out carries exactly nothing, and everything that carries is in
    left_out = np.ones(len(source), dtype=bool)
    left_out[carrying] = False
    assert not passage.flow[left_out].any() and not passage.seized[left_out].any()
    assert np.all(np.diff(carrying) > 0)
    totals = pass_down(
        carrying,
        ours,
        -np.expm1(-hazard),
        forest.parent,
        forest.node,
        forest.tree,
        forest.km_up,
        n,
        n_kinds * n_exits,
    )
    for name, got, old, numpy_form in zip(
        ("through_kg", "kg_km", "seized_kg", "arrived_kg"),
        totals,
        (before.through_kg, before.kg_km, before.seized_kg, before.arrived_kg),
        by_numpy,
        strict=True,
    ):
        assert got.dtype == old.dtype and got.shape == old.shape, name
        assert got.tobytes() == old.tobytes() == numpy_form.tobytes(), name
    if seed == 7:
        assert len(carrying) == 0 and not any(t.any() for t in totals)
    elif seed % 3:  # kinds own cocaine in 40% or 90% of the cells
        assert 0 < len(carrying) < len(source)
        assert totals[0].any() and totals[2].any() and totals[3].any()


@pytest.mark.parametrize("seed", range(3))
def test_the_narrow_indices_give_the_same_passage(seed: int) -> None:
    """``Routes.narrow`` (int32) holds the int64 indices, and the passes give the same bits."""
    network = networks()[0]
    n, n_exits, n_kinds = network.n, len(network.exits), 3
    rng = np.random.default_rng(900 + seed)
    routes = _routes(network, n_kinds, rng, sparse=seed == 1)
    forest = routes.forest
    kg = rng.lognormal(3.0, 4.0, (n_kinds, n)) * (rng.random((n_kinds, n)) < 0.5)
    met = rng.exponential(0.01, (n_kinds, n))
    wide = (routes.here, routes.up, forest.parent, forest.node, forest.tree)
    assert routes.narrow is routes.narrow  # made once
    outs = []
    for here, up, parent, node, tree in (wide, routes.narrow):
        for a, b in zip((here, up, parent, node, tree), wide, strict=True):
            assert np.array_equal(a, b)
        source, carrying, hazard = carrying_positions(
            kg.ravel(), met.ravel(), here, up, routes.share, forest.km_up, parent
        )
        totals = pass_down(
            carrying,
            source,
            -np.expm1(-hazard),
            parent,
            node,
            tree,
            forest.km_up,
            n,
            n_kinds * n_exits,
        )
        outs.append([source, carrying.astype(np.int64), hazard, *totals])
    assert routes.narrow[0].dtype == np.int32
    for a, b in zip(*outs, strict=True):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _passage_in_two(routes: Routes, kg: np.ndarray, met: np.ndarray, n: int, n_trees: int):
    """``Trafficking._ship``'s passage before ``ship_down``: mark, ``fpmath.expm1``, move."""
    forest = routes.forest
    here, up, parent, node, tree = routes.narrow
    source, carrying, hazard = carrying_positions(
        kg.ravel(), met.ravel(), here, up, routes.share, forest.km_up, parent
    )
    totals = pass_down(
        carrying, source, -fpmath.expm1(-hazard), parent, node, tree, forest.km_up, n, n_trees
    )
    return (source, *totals)


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
@pytest.mark.parametrize("seed", range(10))
def test_one_pass_gives_the_two_passes_floats(which: int, seed: int) -> None:
    """``ship_down``: zeros and negative zeros, certain seizures, idle kinds, nothing to ship."""
    network = networks()[which]
    n, n_exits, n_kinds = network.n, len(network.exits), 3
    rng = np.random.default_rng(700 + seed)
    routes = _routes(network, n_kinds, rng, sparse=seed % 2 == 1)
    kg = _kilograms(rng, n_kinds, n, seed)
    if seed == 4:
        kg[1] = 0.0  # a kind that ships nothing
    if seed == 7:
        kg[:] = 0.0  # nothing to ship
    met = rng.exponential(0.01, (n_kinds, n)) * (rng.random((n_kinds, n)) < 0.9)
    met.ravel()[rng.integers(0, met.size, 6)] = [50.0, 50.0, 800.0, 800.0, 1e-300, 0.0]
    if seed == 5:
        met[:] = 0.0
    n_trees = n_kinds * n_exits
    before = _passage_in_two(routes, kg, met, n, n_trees)
    forest = routes.forest
    assert routes.roots == forest.roots.start
    for here, up, parent, node, tree in (
        routes.narrow,
        (routes.here, routes.up, forest.parent, forest.node, forest.tree),
    ):
        after = ship_down(
            kg.ravel(),
            met.ravel(),
            here,
            up,
            routes.share,
            forest.km_up,
            parent,
            node,
            tree,
            routes.roots,
            n,
            n_trees,
        )
        for name, a, b in zip(
            ("source", "through_kg", "kg_km", "seized_kg", "arrived_kg"), after, before, strict=True
        ):
            assert a.dtype == b.dtype and a.shape == b.shape, name
            assert a.tobytes() == b.tobytes(), name
    if seed != 7:
        assert after[1].any() and after[4].any()
        assert after[3].any() == (seed != 5)  # no hazard, no seizures


def test_an_empty_forest_ships_nothing() -> None:
    """No node sends anything: no positions, no roots, every sum 0."""
    network = networks()[1]
    rng = np.random.default_rng(3)
    trees = [network.routes(rng.uniform(0.2, 3.0, network.n)) for _ in range(2)]
    shares = np.zeros((2 * len(network.exits), network.n))
    routes = Routes.build(network, trees, shares, len(network.exits))
    assert len(routes.forest.node) == 0 and routes.roots == 0
    here, up, parent, node, tree = routes.narrow
    kg, met = rng.random((2, network.n)), rng.random((2, network.n))
    args = (here, up, routes.share, routes.forest.km_up, parent, node, tree)
    out = ship_down(kg.ravel(), met.ravel(), *args, 0, network.n, len(shares))
    assert len(out[0]) == 0 and not any(a.any() for a in out[1:])
