"""The security units' turn compiled (agents/kernels_security.py, agents/security_month.py).

Each compiled form is checked against the form it replaced, bit for bit: the engagement's draws
against the Python rule with numpy's draws (numbers and the generator's state after), the
searches of every unit at once against the one-unit kernels (which tests/test_kernels.py checks
against the numpy rule), and a model's month against its units' own searches.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.kernels_draws import generator_bits
from agents.kernels_security import (
    engagement,
    patrol_cells,
    patrol_cells_all,
    strongest_target,
    strongest_targets,
)
from agents.security_month import SecurityMonth


def engagement_by_rule(rng, fighters, strength, lethality, capture_share, conviction, death_rate):
    """``SecurityUnit.engage``'s draws for one front as they were written with numpy."""
    ratio = strength / (strength + fighters)
    losses = int(rng.binomial(fighters, min(1.0, lethality * 2.0 * ratio)))
    captured = int(rng.binomial(losses, capture_share)) if losses else 0
    convicted = int(rng.binomial(captured, conviction)) if captured else 0
    released = captured - convicted
    if losses != released:
        fighters -= losses - released
    mean = death_rate * fighters * (1.0 - ratio)
    deaths = int(rng.poisson(mean)) if mean > 0 else 0
    return losses, captured, convicted, deaths


@pytest.mark.parametrize("seed", range(6))
def test_engagement_draws_are_the_rules_with_numpy(seed):
    """Both binomial algorithms (inversion, BTPE), Poisson's two, the no-draw cases; the state."""
    source = np.random.default_rng(100 + seed)
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    bits = generator_bits(ours)
    for _ in range(2000):
        fighters = int(source.choice([1, 3, 40, 400, 5000]) * source.random()) + 1
        strength = float(source.choice([0.0, 50.0, 4000.0, 1e6]) * source.random())
        lethality = float(source.choice([0.0, 0.02, 0.3, 0.9]))
        capture_share = float(source.choice([0.0, 0.25, 0.7, 1.0]))
        conviction = float(source.choice([0.0, 0.4, 1.0]) * source.random())
        death_rate = float(source.choice([0.0, 0.01, 0.5, 20.0]))
        args = (fighters, strength, lethality, capture_share, conviction, death_rate)
        assert engagement(bits, *args) == engagement_by_rule(theirs, *args), args
    assert ours.random() == theirs.random()  # the model's stream goes on from the same state


def test_an_impossible_probability_raises_where_numpy_did():
    bits = generator_bits(np.random.default_rng(0))
    with pytest.raises(ValueError):
        engagement(bits, 10, 5.0, 0.5, 1.5, 0.5, 0.0)  # capture share 1.5, with losses
    with pytest.raises(ValueError):
        np.random.default_rng(0).binomial(10, 1.5)
    # no losses, no capture draw: numpy never saw the share, neither does the kernel
    assert engagement(bits, 10, 5.0, 0.0, 1.5, 0.5, 0.0) == (0, 0, 0, 0)


@pytest.mark.parametrize("seed", range(20))
def test_every_units_searches_at_once_are_each_units_own(seed):
    rng = np.random.default_rng(seed)
    width, height, n = 13, 10, 7
    land = rng.random((width, height)) < 0.8
    remote = rng.choice([0.0, 0.3, 0.6, 0.9], (width, height))
    targets = rng.integers(0, 4, (width, height)).astype(float) * rng.choice([0.0, 1.0, 25.0])
    threshold, air = float(rng.choice([0.0, 0.5])), float(rng.random())
    gradient = float(rng.choice([0.0, 0.5, 2.0]))
    xy = np.stack([rng.integers(0, width, n), rng.integers(0, height, n)], axis=1)
    base = np.stack([rng.integers(0, width, n), rng.integers(0, height, n)], axis=1)
    reach = rng.integers(0, 5, n)
    layers = (land, remote, threshold, air)

    out = np.empty((n, 2), dtype=np.int64)
    strongest_targets(xy, base, reach, *layers, targets, gradient, out)
    for k in range(n):
        want = strongest_target(*xy[k], *base[k], reach[k], *layers, targets, gradient)
        assert tuple(out[k]) == want

    areas = []
    for k in range(n):  # patrol areas of different sizes, some empty, in any order
        cells = np.argwhere(np.ones((width, height), dtype=bool))
        cells = cells[np.max(np.abs(cells - base[k]), axis=1) <= rng.integers(-1, 3)]
        rng.shuffle(cells)
        areas.append(cells)
    start = np.concatenate([[0], np.cumsum([len(a) for a in areas])])
    xs = np.concatenate([a[:, 0] for a in areas]).astype(np.int64)
    ys = np.concatenate([a[:, 1] for a in areas]).astype(np.int64)
    patrol, count = np.empty(len(xs), dtype=np.int64), np.zeros(n, dtype=np.int64)
    patrol_cells_all(xy, reach, start, xs, ys, *layers, patrol, count)
    for k in range(n):
        a, b = start[k], start[k + 1]
        own = np.empty(b - a, dtype=np.int64)
        got = patrol_cells(xy[k, 0], xy[k, 1], reach[k], xs[a:b], ys[a:b], *layers, own)
        assert count[k] == got
        assert patrol[a : a + got].tolist() == own[:got].tolist()


def test_the_months_searches_are_each_units_own(make_model):
    m = make_model(seed=3, overrides={"security.n_units": 40, "security.n_vetted": 8})
    m.run(2)
    month = SecurityMonth(m, m.security_units)
    p = m.params.security
    layers = (m.land, m.remoteness, p.remote_reach_threshold, m.inputs.air_mobility)
    for unit in m.security_units:
        (x, y), (bx, by) = unit.cell.coordinate, unit.base.coordinate
        reach = unit.reach()
        target = strongest_target(
            x, y, bx, by, reach, *layers, m.ceasefires.targets, p.strength_gradient
        )
        assert tuple(month.target[month.row[unit]]) == month.targets[month.row[unit]] == target
        xs, ys = unit.patrol_area()
        own = np.empty(len(xs), dtype=np.int64)
        count = patrol_cells(x, y, reach, xs, ys, *layers, own)
        assert month.patrol(unit) == [(int(xs[i]), int(ys[i])) for i in own[:count]]


def test_a_unit_steps_alike_within_the_turn_and_alone(make_model):
    """Outside the turn a unit prepares its own month: the same cell and the same draws."""
    within, alone = (make_model(seed=5) for _ in range(2))
    for m in (within, alone):
        m.run(1)
    units = list(within.security_units)
    within.security_month = SecurityMonth(within, units)
    for unit, twin in zip(units, alone.security_units, strict=True):
        unit.step()
        twin.step()
        assert unit.cell.coordinate == twin.cell.coordinate
    assert within.rng.random() == alone.rng.random()
    assert within.random.random() == alone.random.random()
