"""Movement in Flee's manner (model/flee.py): types, move chances, weighted destinations, cities."""

from __future__ import annotations

import numpy as np
import pytest

from model.flee import (
    CAPITAL,
    CITY,
    CONFLICT,
    OFF_LAND,
    TOWN,
    Routes,
    destination_score,
    kept_place_types,
    kept_routes,
    location_types,
    move_chance,
    place_types,
)
from model.geo import build_landscape, synthetic
from model.geo.geometry import haversine_km
from model.params import MigrationParams


@pytest.mark.parametrize("resolution", ["synthetic", "0.25"])
def test_place_types_cities_capitals_and_towns(resolution):
    ls = synthetic() if resolution == "synthetic" else build_landscape(resolution)
    types = place_types(ls)
    assert np.all((types == OFF_LAND) == ~ls.land.astype(bool))
    for city in ls.cities:
        assert types[city.x, city.y] == CITY
    departments = ls.layers["department"]
    for d in np.unique(departments[ls.land.astype(bool)]):
        special = np.isin(types[departments == d], [CITY, CAPITAL])
        assert special.sum() >= 1  # its capital (or a main city)
    assert (types == CAPITAL).sum() + (types == CITY).sum() <= len(np.unique(departments)) + len(
        ls.cities
    )


def test_conflict_zones_override_the_place_type():
    static = np.array([[TOWN, CITY], [CAPITAL, OFF_LAND]], dtype=np.int8)
    conflict = np.array([[True, False], [True, True]])
    np.testing.assert_array_equal(
        location_types(static, conflict), [[CONFLICT, CITY], [CONFLICT, OFF_LAND]]
    )


def test_move_chance_by_type_and_none_for_the_confined():
    p = MigrationParams()
    types = np.array([[CONFLICT, TOWN, CAPITAL, CITY, OFF_LAND]], dtype=np.int8)
    chance = move_chance(types, np.ones(types.shape), p)
    expected = [
        p.move_chance_conflict,
        p.move_chance_town,
        p.move_chance_capital,
        p.move_chance_city,
        0.0,
    ]
    np.testing.assert_allclose(chance[0], expected)
    half = move_chance(types, np.full(types.shape, 0.5), p)
    np.testing.assert_allclose(half, chance * 0.5)
    assert np.all(move_chance(types, np.zeros(types.shape), p) == 0.0)


def test_destination_score_weighs_type_safety_and_size():
    p = MigrationParams(pop_power=0.5)
    types = np.array([[TOWN, TOWN, CITY, CONFLICT]], dtype=np.int8)
    presence = np.array([[0.5, 1.0, 1.0, 1.0]])
    residents = np.array([[100.0, 100.0, 100.0, 100.0]])
    score = destination_score(types, presence, residents, p)[0]
    assert score[1] == pytest.approx(2 * score[0])  # safer
    assert score[2] == pytest.approx(score[1] * p.weight_city / p.weight_town)
    assert score[3] == pytest.approx(score[1] * p.weight_conflict / p.weight_town)
    bigger = destination_score(types, presence, residents * 4, p)[0]
    np.testing.assert_allclose(bigger, score * 2.0)  # size**0.5


def test_destinations_lie_on_land_within_the_monthly_range():
    ls = build_landscape("0.25")
    p = MigrationParams(move_range_km=120.0)
    routes = Routes(ls, p)
    land = ls.land.astype(bool)
    score = np.where(land, 1.0, 0.0)
    xs, ys = np.nonzero(land)
    rng = np.random.default_rng(0)
    pick = rng.choice(len(xs), 3000)
    positions = np.stack([xs[pick], ys[pick]], axis=1)
    targets = routes.choose(positions, score, np.random.default_rng(1))
    assert np.all(land[targets[:, 0], targets[:, 1]])
    dist = haversine_km(
        ls.lat[xs[pick], ys[pick]],
        ls.lon[xs[pick], ys[pick]],
        ls.lat[targets[:, 0], targets[:, 1]],
        ls.lon[targets[:, 0], targets[:, 1]],
    )
    assert dist.max() <= 120.0
    assert np.all(np.any(targets != positions, axis=1))  # a mover leaves its cell


def test_destinations_are_drawn_in_proportion_to_their_weights():
    ls = synthetic(8, 8)
    p = MigrationParams(move_range_km=40.0)
    routes = Routes(ls, p)
    score = np.ones((8, 8))
    score[5, 4] = 10.0
    source = np.array([[4, 4]])
    weight, tx, ty = routes.weights(source, score)
    expected = np.zeros((8, 8))
    np.add.at(expected, (tx[0], ty[0]), weight[0])
    expected /= expected.sum()
    n = 40000
    targets = routes.choose(np.repeat(source, n, axis=0), score, np.random.default_rng(2))
    observed = np.zeros((8, 8))
    np.add.at(observed, (targets[:, 0], targets[:, 1]), 1.0 / n)
    np.testing.assert_allclose(observed, expected, atol=0.01)
    assert observed[5, 4] == observed.max()


def choose_by_numpy(routes: Routes, positions, score, rng):
    """``Routes.choose`` as numpy wrote it (unique rows, a [mover, offset] comparison)."""
    sources, which = np.unique(positions, axis=0, return_inverse=True)
    which = which.ravel()
    weight, tx, ty = routes.weights(sources, score)
    cumulative = np.cumsum(weight, axis=1)
    total = cumulative[:, -1]
    draw = rng.random(len(positions)) * total[which]
    pick = np.minimum((cumulative[which] <= draw[:, None]).sum(axis=1), weight.shape[1] - 1)
    moves = total[which] > 0
    out = positions.copy()
    out[moves, 0] = tx[which[moves], pick[moves]]
    out[moves, 1] = ty[which[moves], pick[moves]]
    return out


@pytest.mark.parametrize("seed", range(3))
def test_choose_draws_what_the_numpy_form_drew(seed):
    """The compiled count and the integer keys (issue 15) pick the same cells, draw for draw."""
    ls = build_landscape("0.25")
    routes = Routes(ls, MigrationParams(move_range_km=150.0))
    rng = np.random.default_rng(seed)
    land = ls.land.astype(bool)
    # scores with zeros (nowhere to go from some cells) and ties
    score = np.where(land & (rng.random(land.shape) < 0.8), rng.integers(0, 4, land.shape), 0.0)
    xs, ys = np.nonzero(land)
    pick = rng.choice(len(xs), 5000)
    positions = np.stack([xs[pick], ys[pick]], axis=1)
    ours = routes.choose(positions, score, np.random.default_rng(seed + 10))
    theirs = choose_by_numpy(routes, positions, score, np.random.default_rng(seed + 10))
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_a_household_with_nowhere_to_go_stays():
    ls = synthetic(6, 6)
    routes = Routes(ls, MigrationParams(move_range_km=5.0))  # less than a cell
    positions = np.array([[2, 2], [3, 1]])
    out = routes.choose(positions, np.ones((6, 6)), np.random.default_rng(0))
    np.testing.assert_array_equal(out, positions)


@pytest.mark.slow
def test_displaced_end_where_the_state_is_more_present_and_more_of_them_in_cities(make_model):
    """Many seeds on the synthetic world: where households are now against where they came from."""
    presence_gain, city_now, city_origin = [], [], []
    for seed in range(10):
        m = make_model("full_cutoff", seed=seed)
        m.run(24)
        h = m.migration.households
        live = h.live()
        people = h.people[live]
        now = (h.x[live], h.y[live])
        origin = (h.origin_x[live], h.origin_y[live])
        cityish = np.isin(m.migration.place_types, [CITY, CAPITAL])
        presence_gain.append(
            np.average(m.presence[now], weights=people)
            - np.average(m.presence[origin], weights=people)
        )
        city_now.append(np.average(cityish[now], weights=people))
        city_origin.append(np.average(cityish[origin], weights=people))
    assert np.mean(presence_gain) > 0.05 and np.mean(np.array(presence_gain) > 0) >= 0.9
    assert np.mean(city_now) > 1.5 * np.mean(city_origin)
    assert np.mean(np.array(city_now) > np.array(city_origin)) >= 0.9


def test_kept_routes_and_types_are_built_once_per_landscape_and_read_only():
    """Models of a process share them (issue 15): the same numbers as their own, frozen."""
    ls = synthetic(9, 7)
    p = MigrationParams(move_range_km=150.0)
    routes = kept_routes(ls, p)
    assert kept_routes(ls, MigrationParams(move_range_km=150.0)) is routes
    fresh = Routes(ls, p)
    for name in ("dx", "dy", "row_km", "row_in_range", "row_factor", "row_counts", "row_offsets"):
        assert getattr(routes, name).tobytes() == getattr(fresh, name).tobytes()
        assert not getattr(routes, name).flags.writeable
    assert kept_routes(ls, MigrationParams(move_range_km=100.0)) is not routes
    assert kept_routes(synthetic(9, 7), p) is not routes  # another landscape, its own
    types = kept_place_types(ls)
    assert kept_place_types(ls) is types and not types.flags.writeable
    np.testing.assert_array_equal(types, place_types(ls))
