"""The logit over routes (flows.logit_shares, compiled around its exp) gives numpy's floats.

``logit_shares`` was numpy's passes over a kind's ``[exit, node]`` costs until they became two
compiled loops around the ``exp`` between them (``model/trafficking/kernels_logit.py``; issue
15). The numpy form stays here and the tests compare bit for bit: costs over many magnitudes,
ties, unreachable exits and nodes that reach none, and the routes' own costs on the network.
``route_shares`` (the routes' costs and the whole logit in one call, as the model takes it)
is compared with both. Its ``exp`` is the model's (``agents/fpmath.py``: the C library's, as
numpy's own loops give it on a CPU without AVX-512), so that the comparison holds on every CPU.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents import fpmath
from model.trafficking.flows import logit_shares
from model.trafficking.kernels_logit import route_shares
from model.trafficking.process import MIN_ROUTE_SHARE
from tests.test_trafficking_kernels import networks


def logit_shares_by_numpy(cost: np.ndarray, scale: float, min_share: float = 0.0) -> np.ndarray:
    """``logit_shares`` as numpy wrote it."""
    finite = np.isfinite(cost)
    best = np.min(np.where(finite, cost, np.inf), axis=0)
    best = np.where(np.isfinite(best), best, 0.0)
    weight = np.where(finite, fpmath.exp(-(np.where(finite, cost, 0.0) - best) / scale), 0.0)
    total = weight.sum(axis=0)
    share = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    if min_share > 0:
        share = np.where(share >= min_share, share, 0.0)
        total = share.sum(axis=0)
        share = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
    return share


def _random_costs(rng: np.random.Generator, seed: int) -> np.ndarray:
    """``[exit, node]`` costs over many magnitudes (ties if ``seed`` is odd), some unreachable."""
    n_exits, n = int(rng.integers(1, 25)), int(rng.integers(1, 2000))
    cost = rng.lognormal(5.0, 1.5, (n_exits, n))
    if seed % 2:  # ties
        cost = np.round(cost, -1)
    cost[rng.random((n_exits, n)) < 0.1] = np.inf
    cost[:, rng.integers(0, n, 3)] = np.inf  # nodes that reach no exit
    return cost


@pytest.mark.parametrize("seed", range(12))
def test_logit_shares_are_numpys_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(400 + seed)
    cost = _random_costs(rng, seed)
    n_exits, n = cost.shape
    cost[rng.integers(0, n_exits), rng.integers(0, n)] = 0.0
    scale = [1.0, 50.0, 150.0, 1e4][seed % 4]
    for min_share in (0.0, MIN_ROUTE_SHARE, 0.05):
        ours = logit_shares(cost, scale, min_share)
        theirs = logit_shares_by_numpy(cost, scale, min_share)
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert ours.tobytes() == theirs.tobytes(), min_share
    assert ours.any()


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
def test_logit_shares_of_the_routes_are_numpys(which: int) -> None:
    network = networks()[which]
    rng = np.random.default_rng(7)
    trees = network.routes(rng.uniform(0.2, 3.0, network.n))
    cost = trees.cost + rng.uniform(0.0, 400.0, len(network.exits))[:, None]
    for scale in (5.0, 150.0):
        ours = logit_shares(cost, scale, MIN_ROUTE_SHARE)
        assert ours.tobytes() == logit_shares_by_numpy(cost, scale, MIN_ROUTE_SHARE).tobytes()
    if which == 0:  # islands reach no exit: no shares
        assert not ours[:, ~np.isfinite(trees.cost).all(axis=0)].any()


@pytest.mark.parametrize("seed", range(12))
def test_route_shares_are_the_logit_of_the_routes_costs(seed: int) -> None:
    """``route_shares`` (the exits' costs added, one call) gives ``logit_shares``' floats."""
    rng = np.random.default_rng(600 + seed)
    cost = _random_costs(rng, seed)
    n_exits, n = cost.shape
    exit_cost = rng.uniform(0.0, 400.0, n_exits) * (rng.random(n_exits) < 0.8)
    scale = [1.0, 50.0, 150.0, 1e4][seed % 4]
    for min_share in (0.0, MIN_ROUTE_SHARE, 0.05):
        ours = route_shares(cost, exit_cost, scale, min_share)
        theirs = logit_shares_by_numpy(cost + exit_cost[:, None], scale, min_share)
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert ours.tobytes() == theirs.tobytes(), min_share
        assert ours.tobytes() == logit_shares(cost + exit_cost[:, None], scale, min_share).tobytes()


@pytest.mark.parametrize("which", [0, 1], ids=["colombia-0.25", "synthetic"])
def test_route_shares_of_the_network_are_numpys(which: int) -> None:
    network = networks()[which]
    rng = np.random.default_rng(11)
    trees = network.routes(rng.uniform(0.2, 3.0, network.n))
    exit_cost = rng.uniform(0.0, 400.0, len(network.exits))
    for scale in (5.0, 150.0):
        ours = route_shares(trees.cost, exit_cost, scale, MIN_ROUTE_SHARE)
        theirs = logit_shares_by_numpy(trees.cost + exit_cost[:, None], scale, MIN_ROUTE_SHARE)
        assert ours.tobytes() == theirs.tobytes()
