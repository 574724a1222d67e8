"""Cocaine's road (model/trafficking/): routes, seizures, the balloon effect, the hub, prices.

The process is tested on tiny synthetic worlds with two exits (a west Pacific port and an east
border crossing) and, for its place in the month, on the small model of the other tests.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np
import pytest

from model.capacity import Capacity, StateInputs
from model.geo import ExitPoint, synthetic
from model.groups import GROUP_KEYS
from model.params import Params
from model.relations import build_relations
from model.trafficking import Trafficking, costs
from model.trafficking.flows import cell_totals, logit_shares, move_down
from model.trafficking.hub import RegionalHub
from model.trafficking.interdiction import swamping
from model.trafficking.network import RouteNetwork, build_forest, route_network
from model.trafficking.prices import CocaPrices


@dataclass
class NoGroups:
    """Stands in for ``ControlState``: no armed group holds any part of any cell."""

    shape: tuple[int, int]

    def share_of(self, actor: int) -> np.ndarray:
        return np.zeros(self.shape)

    def group_shares_at(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        return np.zeros((len(GROUP_KEYS), len(xs)))


@dataclass
class StaticForces:
    """Stands in for ``Forces``: police only (no security unit anywhere)."""

    state: np.ndarray
    police: np.ndarray


def status_quo_inputs(params: Params) -> StateInputs:
    return Capacity(params).inputs()


@pytest.fixture(scope="module")
def tiny():
    """A 10 x 8 synthetic world with its two exits, and a month's inputs."""
    landscape = synthetic(10, 8, seed=3)
    params = Params()
    shape = (landscape.width, landscape.height)
    presence = np.full(shape, 0.4)
    forces = StaticForces(state=np.full(shape, 50.0), police=np.full(shape, 50.0))
    return landscape, params, presence, forces, NoGroups(shape), status_quo_inputs(params)


def started(tiny, params: Params | None = None) -> Trafficking:
    landscape, default, presence, forces, control, inputs = tiny
    process = Trafficking(params or default, landscape, build_relations(GROUP_KEYS), GROUP_KEYS)
    process.start(landscape.layers["coca_ha_2023"], presence, forces, control, inputs)
    return process


def step(process: Trafficking, tiny, inputs: StateInputs | None = None):
    landscape, _, presence, forces, control, default = tiny
    return process.step(
        landscape.layers["coca_ha_2023"], presence, forces, control, inputs or default
    )


# --- the network and the flows --------------------------------------------------------------


def path_to_exit(network: RouteNetwork, trees, start: tuple[int, int]) -> list[tuple[int, int]]:
    node = int(network.node_of[start])
    cells = [start]
    while node != network.exit_nodes[0]:
        node = int(trees.next_node[0, node])
        cells.append((int(network.xs[node]), int(network.ys[node])))
    return cells


@pytest.fixture(scope="module")
def corridor():
    """A 9 x 5 world, one exit at the east end of the middle row."""
    landscape = synthetic(9, 5, seed=1)
    exit_point = ExitPoint("E", "east", 8, 2, 0.0, 0.0, "synthetic", kind="sea port")
    network = RouteNetwork(landscape.land, landscape.lat, landscape.lon, (exit_point,))
    return landscape, network


def block_costs(network, presence_block: bool, rival_north: bool, friendly_north: bool):
    """Cell costs for one shipper: the middle of the straight road may be full of state,
    the northern detour held by rivals or by the shipper's own group."""
    params = Params().trafficking
    hazard = np.full(network.n, 0.0005)
    rival = np.zeros(network.n)
    friendly = np.zeros(network.n)
    for node, (x, y) in enumerate(zip(network.xs, network.ys, strict=True)):
        if presence_block and 3 <= x <= 5 and y == 2:
            hazard[node] = 0.05
        if y > 2 and 2 <= x <= 6:
            rival[node] = 1.0 if rival_north else 0.0
            friendly[node] = 1.0 if friendly_north else 0.0
    stand = {"friendly": friendly[None], "rival": rival[None], "neutral": np.zeros((1, network.n))}
    return costs.cell_costs(np.zeros(network.n), hazard, stand, 2000.0, params)[0]


def test_routes_go_straight_when_nothing_is_in_the_way(corridor):
    _, network = corridor
    trees = network.routes(block_costs(network, False, False, False))
    assert [y for _, y in path_to_exit(network, trees, (0, 2))] == [2] * 9


def test_routes_avoid_the_state_and_rivals_when_an_alternative_exists(corridor):
    _, network = corridor
    trees = network.routes(block_costs(network, True, False, False))
    around = path_to_exit(network, trees, (0, 2))
    assert not any(3 <= x <= 5 and y == 2 for x, y in around)  # around the state's cells
    trees = network.routes(block_costs(network, True, True, False))
    south = path_to_exit(network, trees, (0, 2))
    assert not any(3 <= x <= 5 and y >= 2 for x, y in south)  # neither state nor rivals


def test_routes_follow_the_shippers_own_territory(corridor):
    _, network = corridor
    trees = network.routes(block_costs(network, True, False, True))
    north = path_to_exit(network, trees, (0, 2))
    assert any(y > 2 for _, y in north)
    assert not any(y < 2 for _, y in north)


def test_the_graph_is_the_land_cells_and_their_moore_neighbours(corridor):
    landscape, network = corridor
    assert network.graph.number_of_nodes() == landscape.n_land == 45
    # a 9 x 5 grid: 8*5 + 9*4 orthogonal and 2 * 8 * 4 diagonal edges
    assert network.graph.number_of_edges() == 8 * 5 + 9 * 4 + 2 * 8 * 4
    km = [d["km"] for *_, d in network.graph.edges(data=True)]
    assert min(km) > 20 and max(km) < 45  # 0.25 degree cells near the equator


def test_logit_shares_sum_to_one_and_favour_the_cheaper_route():
    cost = np.array([[100.0, 100.0, np.inf], [250.0, np.inf, np.inf]])
    shares = logit_shares(cost, scale=150.0)
    np.testing.assert_allclose(shares.sum(axis=0), [1.0, 1.0, 0.0])
    assert shares[0, 0] == pytest.approx(1.0 / (1.0 + np.exp(-1.0)))
    assert shares[:, 1].tolist() == [1.0, 0.0]
    dropped = logit_shares(np.array([[0.0], [3000.0]]), scale=150.0, min_share=1e-4)
    assert dropped[:, 0].tolist() == [1.0, 0.0]


def test_moving_down_the_trees_conserves_kilograms(tiny):
    landscape = tiny[0]
    network = RouteNetwork(landscape.land, landscape.lat, landscape.lon, landscape.exits)
    rng = np.random.default_rng(0)
    trees = [network.routes(rng.uniform(0.5, 2.0, network.n)) for _ in range(2)]
    forest = build_forest(network, trees)
    # every parent is one level closer to its exit
    level = np.repeat(np.arange(len(forest.bounds) - 1), np.diff(forest.bounds))
    up = forest.parent >= 0
    np.testing.assert_array_equal(level[forest.parent[up]], level[up] + 1)
    source = rng.uniform(0, 10, len(forest.node))
    seize = rng.uniform(0, 0.2, len(forest.node))
    passage = move_down(forest, source, seize)
    totals = cell_totals(forest, passage, network.n, 2 * len(landscape.exits))
    assert totals.seized_kg.sum() + totals.arrived_kg.sum() == pytest.approx(source.sum())


def test_nodes_read_and_write_layers_as_the_two_dimensional_indexing_did(tiny):
    landscape = tiny[0]
    network = RouteNetwork(landscape.land, landscape.lat, landscape.lon, landscape.exits)
    xs, ys = network.xs, network.ys
    rng = np.random.default_rng(3)
    layer = rng.normal(size=network.shape)
    # C-ordered, F-ordered and integer layers give the gather's values and dtype
    for grid in (layer, np.asfortranarray(layer), (layer * 10).astype(np.int64)):
        got = network.at_nodes(grid)
        assert got.dtype == grid.dtype and got.tobytes() == grid[xs, ys].tobytes()
    values = rng.normal(size=network.n)
    before = np.zeros(network.shape)
    before[xs, ys] = values  # the form Trafficking._grid replaced
    written = network.to_grid(values)
    assert written.flags.c_contiguous and written.tobytes() == before.tobytes()


def test_a_landscape_s_network_is_built_once_and_shared(tiny):
    landscape = tiny[0]
    inputs = (landscape.land, landscape.lat, landscape.lon, landscape.exits)
    network = route_network(*inputs)
    # the same inputs (even copies) give the same network; other inputs another one
    assert route_network(*(a.copy() for a in inputs[:3]), inputs[3]) is network
    assert route_network(*inputs[:3], inputs[3][:1]) is not network
    fresh = RouteNetwork(*inputs)
    for name in ("xs", "ys", "node_of", "lat", "lon", "exit_nodes", "_km", "_neighbour_km"):
        np.testing.assert_array_equal(getattr(network, name), getattr(fresh, name))
        with pytest.raises(ValueError, match="read-only"):
            getattr(network, name)[0] = 0  # shared: nobody may change it
    cost = np.linspace(0.5, 2.0, network.n)
    np.testing.assert_array_equal(network.routes(cost).cost, fresh.routes(cost).cost)


# --- the process ---------------------------------------------------------------------------


def test_kilograms_are_conserved_every_month(make_model):
    m = make_model("full_cutoff", seed=3)
    for _ in range(8):
        before = m.trafficking.in_transit_kg / 1000.0
        m.step()
        month = m.trafficking.month
        out = month.seized_t + month.seized_partners_t + month.exported_t + month.in_transit_t
        assert out == pytest.approx(before + month.potential_t, rel=1e-9)
        assert month.in_transit_t == pytest.approx(m.trafficking.in_transit_kg / 1000.0)
        assert month.seized_t > 0 and month.seized_partners_t > 0 and month.exported_t > 0


def test_seizures_rise_with_interdiction_capacity_and_intelligence(tiny):
    inputs = tiny[-1]
    base = started(tiny)
    seized = {}
    for name, changed in {
        "status quo": inputs,
        "more interdiction": replace(inputs, interdiction=1.5),
        "less interdiction": replace(inputs, interdiction=0.5),
        "more intelligence": replace(inputs, targeting=1.5),
        "less intelligence": replace(inputs, targeting=0.5),
    }.items():
        seized[name] = step(copy.deepcopy(base), tiny, changed).seized_t
    assert seized["less interdiction"] < seized["status quo"] < seized["more interdiction"]
    assert seized["less intelligence"] < seized["status quo"] < seized["more intelligence"]


def test_raising_interdiction_on_one_corridor_moves_flow_to_the_other(tiny):
    """The balloon effect: more pressure at exit 0 sends cocaine to exit 1, and the national
    seizure rate rises less than the rate at the pressed exit."""
    months = 12
    runs = {}
    # a moderate port hazard, so that 1.5 times the pressure diverts part of the flow: at the
    # calibrated default (0.75) the pressed exit of this tiny world empties and its rate is 0/0
    moderate = Params.from_overrides({"interdiction.exit_hazard_port": 0.4})
    for pressure in (1.0, 1.5):
        process = started(tiny, moderate)
        process.corridor_pressure[0] = pressure
        arrived, local, national = np.zeros(2), [], []
        for _ in range(months):
            month = step(process, tiny)
            arrived += month.exit_arrivals_t
            local.append(month.exit_seized_t[0] / month.exit_arrivals_t[0])
            national.append(month.seized_t / month.shipped_t)
        runs[pressure] = arrived, np.mean(local[-3:]), np.mean(national[-3:])
    (base, local0, national0), (pressed, local1, national1) = runs[1.0], runs[1.5]
    assert 0 < pressed[0] < base[0] and pressed[1] > base[1]
    assert local1 / local0 > 1.3
    assert national1 / national0 < local1 / local0


def test_routes_are_recomputed_only_when_costs_move_enough(tiny):
    inputs = tiny[-1]
    process = started(tiny)
    assert process.recomputations == 1
    for _ in range(6):
        step(process, tiny)
    assert process.recomputations == 1  # nothing changed: the routes stand
    for _ in range(3):
        step(process, tiny, replace(inputs, interdiction=0.3))
    assert process.recomputations > 1


def test_the_hub_decays_faster_than_it_rebuilds_and_partners_seize_with_it():
    params = Params().interdiction
    sq = status_quo_inputs(Params())
    hub = RegionalHub(sq, params)
    assert hub.level == pytest.approx(1.0)
    before = hub.partner_share
    cut = replace(sq, interdiction=0.55, targeting=0.46)
    for _ in range(6):
        hub.step(cut)
    fallen = 1.0 - hub.level
    assert hub.partner_share < before
    low = hub.level
    for _ in range(6):
        hub.step(sq)
    assert 0 < hub.level - low < fallen
    # intelligence alone moves it too (F13: known shipments, no coordination without it)
    other = RegionalHub(sq, params)
    other.step(replace(sq, targeting=0.46))
    assert other.level < 1.0


def test_partner_seizures_follow_the_hub(tiny):
    process = started(tiny)
    full = step(copy.deepcopy(process), tiny)
    process.hub.level = 0.2
    weak = step(process, tiny)
    assert weak.seized_partners_t < full.seized_partners_t
    assert weak.exported_t > full.exported_t


def test_a_higher_risk_premium_raises_the_coca_price():
    # demand held flat, so that the index moves with the risk premium alone
    params = Params().prices.model_copy(update={"demand_growth_per_year": 0.0})
    prices = CocaPrices(0.3, 6.0, params)
    prices.step(0.3)
    assert prices.index == pytest.approx(1.0)
    prices.step(0.5)
    assert prices.risk_premium > 1.0 and prices.index > 1.0
    assert prices.farm_gate_usd_per_kg > params.farm_gate_usd_per_kg
    flat = CocaPrices(0.3, 6.0, params.model_copy(update={"risk_elasticity": 0.0}))
    flat.step(0.5)
    assert flat.index == 1.0


def test_waivers_and_full_cutoff_differ_on_seizures(make_model):
    """Intelligence is waived under ``waivers`` and lost under ``full_cutoff``: seizures differ
    (no direction asserted), with common seeds."""
    for seed in (0, 1):
        series = {}
        for regime in ("waivers", "full_cutoff"):
            m = make_model(regime, seed=seed)
            m.run(12)
            series[regime] = m.datacollector.get_model_vars_dataframe()["cocaine_seized_t"]
        assert not np.allclose(series["waivers"].iloc[3:], series["full_cutoff"].iloc[3:])


# --- rents and the backlash of eradication ----------------------------------------------------


def test_groups_earn_taxes_on_cocaine_produced_and_carried_through_their_cells(make_model):
    m = make_model(seed=2)
    m.run(2)
    month = m.trafficking.month
    t = m.params.trafficking
    routes = m.rents.layers[1]
    expected = (
        t.production_tax_usd_per_kg * month.produced_kg
        + t.transit_tax_usd_per_kg_100km / 100.0 * month.kg_km
    )
    np.testing.assert_allclose(routes, expected * m.land)
    assert routes.sum() > 0


def test_eradication_leaves_grievance_where_coca_was_eradicated(make_model):
    m = make_model(seed=1)
    m.step()
    eradicated = np.zeros(m.land.shape)
    for g in m.growers:
        eradicated[g.cell.coordinate] += g.eradicated_ha
    assert (m.coca.grievance > 0).any()
    np.testing.assert_array_equal(m.coca.grievance > 0, eradicated > 0)
    # no campaign: the government eradicates at most nothing of a cell (ODD 7.15)
    quiet = make_model(seed=1, overrides={"government.eradication_cell_cap": 0.0})
    quiet.step()
    assert not quiet.coca.grievance.any()


@pytest.mark.parametrize("backlash", [0.0, 1.0])
def test_the_eradication_backlash_raises_willingness_and_zero_removes_it(make_model, backlash):
    m = make_model(overrides={"armed.eradication_backlash": backlash})
    front = next(iter(m.armed_units))
    x, y = front.cell.coordinate
    m.presence[x, y] = 0.8  # the grievance stays below its cap of 1
    m.forces.effective[0][x, y] = 0.0  # no risk of arrest: willingness is the grievance
    m.coca.grievance[x, y] = 0.0
    calm = front.willingness()
    m.coca.grievance[x, y] = 0.3
    aggrieved = front.willingness()
    assert aggrieved == pytest.approx(calm + backlash * 0.3)


def test_a_higher_risk_premium_raises_planting(make_model):
    """Seizures -> risk premium -> farm-gate price -> a dearer hectare of coca -> more coca."""
    m = make_model(seed=2)
    m.step()
    prices = m.trafficking.prices
    growers = list(m.growers)
    start = [(g.coca_ha, g.eradicated_ha) for g in growers]

    def planted(seized_share: float) -> float:
        for g, (coca, eradicated) in zip(growers, start, strict=True):
            g.coca_ha, g.eradicated_ha = coca, eradicated
        saved = (prices.risk, prices.months, prices.index)
        prices.step(seized_share)
        index = m.trafficking.price_index
        area = 0.0
        for g in growers:
            g.step()
            area += g.coca_ha
        prices.risk, prices.months, prices.index = saved
        return index, area

    calm_index, calm = planted(prices.risk)
    risky_index, risky = planted(min(0.9, prices.risk + 0.3))
    assert calm_index == pytest.approx(1.0, abs=0.05)
    assert risky_index > calm_index
    assert risky > calm


def test_enforcement_swamping_lowers_the_seized_share_of_a_larger_flow(tiny):
    landscape = tiny[0]
    p = Params().interdiction.model_copy(update={"swamping_elasticity": 0.0})
    on = p.model_copy(update={"swamping_elasticity": 0.5})
    assert swamping(100.0, 100.0, on) == 1.0 and swamping(25.0, 100.0, on) == pytest.approx(2.0)
    assert swamping(25.0, 100.0, p) == 1.0  # off by an elasticity of 0
    assert swamping(0.0, 100.0, on) == 1.0  # nothing shipped
    params = Params.from_overrides({"interdiction.swamping_elasticity": 0.5})

    def seized_share(scale: float, params: Params) -> float:
        process = started(tiny, params)
        coca = landscape.layers["coca_ha_2023"] * scale
        process.step(coca, *tiny[2:])  # ships the set-up's stock, stocks the scaled coca
        month = process.step(coca, *tiny[2:])
        return month.seized_t / month.shipped_t

    small, large = seized_share(0.5, params), seized_share(2.0, params)
    assert small > 1.2 * large  # the same capacity spread over four times the cocaine
    held = Params.from_overrides({"interdiction.swamping_elasticity": 0.0})
    assert seized_share(0.5, held) == pytest.approx(seized_share(2.0, held), rel=0.05)
