"""The compiled draw of destinations (model/flee_kernels.py) against the numpy form it replaced.

``Routes.weights`` keeps the numpy rule (``[source, offset]`` arrays; the irregular grids' path);
``choose_by_numpy`` in tests/test_flee.py is ``Routes.choose`` as numpy wrote it. The kernels
must give the same floats (compared as bytes: signed zeros too) and the same cells, draw for draw,
with the generator left in the same state.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.flee import Routes, destination_score, location_types, move_chance, place_types
from model.flee_kernels import (
    cumulative_weights,
    month_layers,
    move_households,
    movers,
    pick_destinations,
    sources_of,
)
from model.geo import build_landscape, synthetic
from model.params import MigrationParams
from tests.test_flee import choose_by_numpy

#: the distance powers tried: numpy's power has fast paths for 0.5, 1 and 2
POWERS = (2.0, 1.0, 0.5, 1.7, 3.0)


def _landscape(resolution: str):
    return synthetic(9, 7) if resolution == "synthetic" else build_landscape(resolution)


def _case(resolution: str, seed: int, power: float, movers: int = 3000):
    ls = _landscape(resolution)
    params = MigrationParams(move_range_km=float(60 + 40 * (seed % 3)), distance_power=power)
    routes = Routes(ls, params)
    rng = np.random.default_rng(seed)
    land = ls.land.astype(bool)
    # zeros (nowhere to go from some cells), ties, and the wide range of real scores
    size = rng.choice([1.0, 1e3, 1e6], land.shape)
    score = np.where(
        land & (rng.random(land.shape) < 0.8), rng.integers(0, 4, land.shape) * size, 0
    )
    xs, ys = np.nonzero(land)
    pick = rng.choice(len(xs), movers)
    return routes, np.stack([xs[pick], ys[pick]], axis=1), score.astype(float)


@pytest.mark.parametrize("resolution", ["synthetic", "0.25"])
@pytest.mark.parametrize("power", POWERS)
def test_cumulative_weights_are_numpys_cumsum_of_the_weights(resolution, power):
    routes, positions, score = _case(resolution, 1, power)
    assert routes.row_km is not None  # both grids are regular
    sources = np.unique(positions, axis=0)
    want = np.cumsum(routes.weights(sources, score)[0], axis=1)
    got = cumulative_weights(
        sources, routes.dx, routes.dy, routes.row_in_range, routes.row_factor, score
    )
    assert got.shape == want.shape
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("seed", range(4))
def test_sources_are_numpys_unique_rows(seed):
    rng = np.random.default_rng(seed)
    positions = np.stack([rng.integers(0, 30, 500), rng.integers(0, 12, 500)], axis=1)
    sources, which = sources_of(positions, 12)
    want, inverse = np.unique(positions, axis=0, return_inverse=True)
    assert sources.dtype == positions.dtype
    np.testing.assert_array_equal(sources, want)
    np.testing.assert_array_equal(which, inverse.ravel())


@pytest.mark.parametrize("resolution", ["synthetic", "0.25"])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("power", POWERS[:3])
def test_choose_draws_what_the_numpy_form_drew(resolution, seed, power):
    routes, positions, score = _case(resolution, seed, power)
    ours, theirs = np.random.default_rng(seed + 10), np.random.default_rng(seed + 10)
    got = routes.choose(positions, score, ours)
    want = choose_by_numpy(routes, positions, score, theirs)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    assert ours.random() == theirs.random()


@pytest.mark.parametrize("seed", range(2))
def test_an_irregular_grid_draws_from_numpys_weights_alike(seed):
    """Without the row tables (an irregular grid) the weights are numpy's, the pick compiled."""
    routes, positions, score = _case("0.25", seed, 2.0)
    routes.row_km = None
    got = routes.choose(positions, score, np.random.default_rng(seed))
    want = choose_by_numpy(routes, positions, score, np.random.default_rng(seed))
    np.testing.assert_array_equal(got, want)


def test_a_draw_at_the_total_takes_the_last_offset_clipped_to_the_grid():
    """The numpy form's edge: a draw equal to the total counts every offset (then the last)."""
    cumulative = np.array([[0.0, 1.0, 1.0, 2.0]])
    sources = np.array([[0, 3]])
    dx, dy = np.array([-1, 0, 1, 1]), np.array([0, 1, 0, 1])
    out = np.zeros((2, 2), dtype=np.int64)
    pick_destinations(
        cumulative, sources, np.array([0, 0]), np.array([1.0, 0.25]), dx, dy, 5, 4, out
    )
    # a draw of 2.0 counts 4 (offset 3: (1, 4) clipped to (1, 3)); a draw of 0.5 counts 1
    assert out.tolist() == [[1, 3], [0, 3]]


@pytest.mark.parametrize("seed", range(8))
def test_month_layers_are_the_numpy_forms(seed):
    """``month_layers`` against ``location_types``, ``move_chance`` and ``destination_score``."""
    source = np.random.default_rng(seed)
    ls = _landscape(("synthetic", "0.25")[seed % 2])
    params = MigrationParams()
    static = place_types(ls)
    shape = static.shape
    new_events = np.where(source.random(shape) < 0.3, source.random(shape) * 8.0, 0.0)
    new_events[source.random(shape) < 0.05] = -0.0
    rule = source.random(shape) < 0.3
    confined_share = np.where(source.random(shape) < 0.3, source.random(shape), 0.0)
    presence = np.where(source.random(shape) < 0.1, 0.0, source.random(shape))
    residents = np.where(source.random(shape) < 0.1, 0.0, source.random(shape) * 3e5)
    mobility = (1.0, 0.4)[seed % 3 == 2]
    p = params
    types = location_types(static, (new_events >= p.conflict_events) | rule)
    chance = move_chance(types, 1.0 - confined_share, p) * mobility
    score = destination_score(types, presence, residents, p)
    got = month_layers(
        static,
        new_events,
        float(p.conflict_events),
        rule,
        confined_share,
        mobility,
        presence,
        np.maximum(residents, 1.0) ** p.pop_power,
        np.array(
            [p.move_chance_conflict, p.move_chance_town, p.move_chance_capital, p.move_chance_city]
        ),
        np.array([p.weight_conflict, p.weight_town, p.weight_capital, p.weight_city]),
    )
    for a, b in zip(got, (types, chance, score), strict=True):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    live = np.flatnonzero(source.random(400) < 0.7)
    x = source.integers(0, shape[0], 400)
    y = source.integers(0, shape[1], 400)
    uniforms = source.random(len(live))
    want = live[uniforms < chance[x[live], y[live]]]
    moving = movers(live, x, y, chance, uniforms)
    assert moving.dtype == want.dtype and np.array_equal(moving, want)


def _move_by_choose(routes, x, y, moving, score, rng):
    """``Routes.move`` as ``Migration._move`` wrote it: stack, ``choose``, write back."""
    x, y = x.copy(), y.copy()
    positions = np.stack([x[moving], y[moving]], axis=1)
    targets = routes.choose(positions, score, rng)
    x[moving], y[moving] = targets[:, 0], targets[:, 1]
    return x, y


@pytest.mark.parametrize("resolution", ["synthetic", "0.25"])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("power", POWERS)
def test_move_moves_as_choose_drew(resolution, seed, power):
    """The one-call move (kept offsets, grouped by source) against ``choose``, cell for cell."""
    routes, positions, score = _case(resolution, seed, power, movers=1500 + 200 * seed)
    if seed == 3:  # a tiny score: weights that underflow to zero, draws at the total
        score = score * 1e-320
    rng = np.random.default_rng(seed)
    slots = 2 * len(positions)  # households that stay among the movers, slots out of order
    x, y = np.zeros(slots, dtype=np.int64), np.zeros(slots, dtype=np.int64)
    moving = rng.permutation(slots)[: len(positions)]
    x[moving], y[moving] = positions[:, 0], positions[:, 1]
    ours, theirs = np.random.default_rng(seed + 20), np.random.default_rng(seed + 20)
    want_x, want_y = _move_by_choose(routes, x, y, moving, score, theirs)
    routes.move(x, y, moving, score, ours)
    np.testing.assert_array_equal(x, want_x)
    np.testing.assert_array_equal(y, want_y)
    assert ours.random() == theirs.random()


def test_move_on_an_irregular_grid_and_without_movers_is_chooses():
    routes, positions, score = _case("0.25", 5, 2.0, movers=400)
    x, y = positions[:, 0].copy(), positions[:, 1].copy()
    moving = np.arange(len(x))[::2]
    want_x, want_y = _move_by_choose(routes, x, y, moving, score, np.random.default_rng(1))
    routes.row_km = None
    ours = np.random.default_rng(1)
    routes.move(x, y, moving, score, ours)
    np.testing.assert_array_equal(x, want_x)
    np.testing.assert_array_equal(y, want_y)
    before = ours.bit_generator.state
    routes.move(x, y, moving[:0], score, ours)
    assert ours.bit_generator.state == before


def test_a_move_drawn_at_the_total_takes_the_last_offset_clipped_to_the_grid():
    """``pick_destinations``' edge in ``move_households``: a draw of the total, a zero first."""
    dx, dy = np.array([-1, 0, 1, 1]), np.array([0, 1, 0, 1])
    score = np.zeros((5, 4))
    score[0, 3], score[2, 3] = 1.0, 1.0  # offsets 0 and 2 from (1, 3); 1 and 3 off the grid
    offsets, counts = np.array([[0, 1, 2, 3]] * 4), np.array([4, 4, 4, 4])
    x, y = np.array([1, 1, 1]), np.array([3, 3, 3])
    move_households(
        x,
        y,
        np.array([0, 1, 2]),
        np.array([1.0, 0.25, 0.75]),
        score,
        dx,
        dy,
        offsets,
        counts,
        np.ones((4, 4)),
    )
    # the draw of 2.0 counts every offset (the last: (2, 4) clipped to (2, 3)); 0.5 takes
    # offset 0 ((0, 3)); 1.5 offset 2 ((2, 3)), as pick_destinations on the full sums
    cumulative = np.array([[1.0, 1.0, 2.0, 2.0]])
    out = np.zeros((3, 2), dtype=np.int64)
    pick_destinations(
        cumulative,
        np.array([[1, 3]]),
        np.zeros(3, dtype=np.int64),
        np.array([1.0, 0.25, 0.75]),
        dx,
        dy,
        5,
        4,
        out,
    )
    assert np.stack([x, y], axis=1).tolist() == out.tolist() == [[2, 3], [0, 3], [2, 3]]
