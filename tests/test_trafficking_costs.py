"""Each kind of shipper's month in one compiled pass (kernels_costs.py) gives numpy's floats.

``Trafficking._ship`` computed who owns each cell's cocaine (``costs.shipper_shares`` and each
shipper's row added to its kind's), the cost of each cell (``costs.cell_costs``) and the hazard
each kind meets (``costs.protected_hazard``) with numpy, until one compiled pass made them
(issue 15), and then with the kinds' standing (``costs.standing``'s einsum) in the same call
(``kinds_month``). The numpy form stays here (the rules of ``costs.py``) and the tests compare
bit for bit.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from model.params import Params
from model.trafficking import costs
from model.trafficking.kernels_costs import kinds_month, shipper_month, standing_of


def month_by_numpy(groups, stances, kind_of, remoteness, perceived, hazard, shipped, value, t):
    """The kind's kg, cell costs and hazards met as ``_ship`` computed them with numpy."""
    stand = costs.standing(stances, groups)
    owner = np.zeros((len(stances), groups.shape[1]))
    for shipper, share in zip(kind_of.tolist(), costs.shipper_shares(groups), strict=True):
        owner[shipper] += share
    cell_cost = costs.cell_costs(remoteness, perceived, stand, value, t)
    return shipped * owner, cell_cost, costs.protected_hazard(hazard, stand, t), stand


@pytest.mark.parametrize("seed", range(10))
def test_a_shippers_month_is_numpys_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(500 + seed)
    n_groups, n = int(rng.integers(1, 7)), int(rng.integers(1, 3000))
    keys = tuple(f"g{i}" for i in range(n_groups))
    relations = nx.complete_graph(keys)
    for a, b in relations.edges:
        relations.edges[a, b]["relation"] = "allied" if rng.random() < 0.4 else "rival"
    stances, kind_of = costs.shipper_kinds(costs.relation_matrix(relations, keys))
    # shares that sum to more than the cell in places (clipped rest), exact zeros and ones
    groups = rng.random((n_groups, n)) * (rng.random((n_groups, n)) < 0.5) * 1.3 / n_groups
    groups[:, : min(n, 5)] = 0.0
    if n > 10:
        groups[0, 7] = 1.0
    remoteness = rng.random(n)
    perceived = rng.exponential(0.002, n) * (rng.random(n) < 0.8)
    hazard = rng.exponential(0.002, n)
    shipped = rng.lognormal(2.0, 3.0, n) * (rng.random(n) < 0.4)
    t = Params().trafficking
    if seed % 2:
        t = t.model_copy(update={"protection": float(rng.random()), "terrain_weight": 2.5})
    value = float(rng.uniform(500.0, 5000.0))
    kg, cost, met, stand = month_by_numpy(
        groups, stances, kind_of, remoteness, perceived, hazard, shipped, value, t
    )
    terms = np.array(
        [
            t.transport_usd_per_kg_km,
            t.terrain_weight,
            t.protection,
            t.rival_cost_usd_per_kg_100km,
            t.transit_tax_usd_per_kg_100km,
        ]
    )
    ours = shipper_month(
        groups,
        kind_of,
        stand["friendly"],
        stand["rival"],
        stand["neutral"],
        remoteness,
        perceived,
        hazard,
        shipped,
        value,
        terms,
    )
    at_once = kinds_month(
        groups, stances, kind_of, remoteness, perceived, hazard, shipped, value, terms
    )
    for got_by in (ours, at_once):
        for name, got, want in zip(("kg", "cost", "met"), got_by, (kg, cost, met), strict=True):
            assert got.dtype == want.dtype and got.shape == want.shape, name
            assert got.tobytes() == want.tobytes(), name
    assert kg.any() and cost.any() and met.any()


@pytest.mark.parametrize("seed", range(40))
def test_the_standing_is_numpys_einsum_bit_for_bit(seed: int) -> None:
    """Shares over many magnitudes and up to 15 groups: any other order of the sum would show."""
    rng = np.random.default_rng(800 + seed)
    n_groups, n_kinds, n = (
        int(rng.integers(1, 16)),
        int(rng.integers(1, 8)),
        int(rng.integers(1, 3000)),
    )
    stances = rng.integers(-1, 2, (n_kinds, n_groups)).astype(np.int8)
    groups = rng.random((n_groups, n)) * (rng.random((n_groups, n)) < 0.6)
    if seed % 2:
        groups = rng.lognormal(0.0, 5.0, (n_groups, n))
    elif seed % 3 == 0:  # shares of cells, as ControlState.group_shares_at gives them
        groups = groups / np.maximum(groups.sum(axis=0), 1.0)
    stand = costs.standing(stances, groups)
    for name, code in (
        ("friendly", costs.FRIEND),
        ("rival", costs.RIVAL),
        ("neutral", costs.NEUTRAL),
    ):
        assert standing_of(stances, groups, code).tobytes() == stand[name].tobytes(), name
