"""The compiled kernels (agents/kernels*.py) and the incremental totals give what the rules say.

The kernels replaced numpy code operation for operation; the golden digests guard that whole runs
did not change. These tests guard each kernel on its own: against the rule's formula written out
with numpy on random layers (edges, water, ties, rivals included), bit for bit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from agents.front_month import FrontMonth
from agents.kernels import best_front_cells
from agents.kernels_grower import added_in_order
from agents.kernels_security import patrol_cells, strongest_target
from agents.kernels_window import (
    PAIRWISE_BLOCK,
    window_dot,
    window_dots_around,
    window_scale,
    window_scale_around,
)
from agents.window import window
from model.events import MonthEvents
from model.params import ArmedParams
from model.recruitment import RecruitmentPool


def scores_by_formula(
    x, y, radius, f, own, rivals, state, force, value, home, land, a, h, bx, by, roam, occ, share
):
    """``ArmedUnit.choose_cell``'s score as its docstring states it, over the window (numpy)."""
    win = window(x, y, radius, land.shape)
    hostile = state[win] + force[rivals][(slice(None), *win)].sum(axis=0)
    crowd = force[own][win].copy()
    crowd[x - win[0].start, y - win[1].start] -= f
    score = value[win] * f / (f + a * hostile)
    score /= 1.0 + np.maximum(crowd, 0.0) / f
    score *= 1.0 + h * home[win]
    others = occ[win].copy()
    others[x - win[0].start, y - win[1].start] -= f
    score *= f / (f + share * np.maximum(others, 0.0))
    near_x = np.abs(np.arange(win[0].start, win[0].stop) - bx) <= roam
    near_y = np.abs(np.arange(win[1].start, win[1].stop) - by) <= roam
    zone = near_x[:, None] & near_y[None, :]
    zone[x - win[0].start, y - win[1].start] = True  # it may always stay
    return win, np.where(land[win] & zone, score, -1.0)


@pytest.mark.parametrize("seed", range(40))
def test_best_front_cells_are_the_formulas_best(seed):
    rng = np.random.default_rng(seed)
    width, height, actors = 9, 7, 5
    radius = int(rng.integers(0, 4))
    x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
    land = rng.random((width, height)) < 0.8
    land[x, y] = True
    force = rng.random((actors, width, height)) * rng.choice([0.0, 50.0, 500.0])
    state = rng.random((width, height)) * 300.0
    # coarse values make ties common, as zero-value cells are in the model
    value = rng.integers(0, 3, (width, height)).astype(float)
    home = rng.choice([0.0, 0.4, 1.0], (width, height))
    own = int(rng.integers(1, actors))
    rivals = np.array(
        [k for k in range(1, actors) if k != own and rng.random() < 0.6], dtype=np.int64
    )
    f = float(rng.integers(1, 300))
    a, h = float(rng.random() * 2), float(rng.random() * 3)
    # the base anywhere on the grid and a roam of 0-4 cells: the zone cuts some windows
    bx, by = int(rng.integers(0, width)), int(rng.integers(0, height))
    roam = int(rng.integers(0, 5))
    # the group's fronts on some cells, its own among them (fewer than it: a stale count)
    occ = rng.choice([0.0, 0.0, 40.0, 300.0], (width, height))
    occ[x, y] += f * rng.choice([0.0, 1.0])
    share = float(rng.choice([0.0, 0.5, 1.0]))
    out = np.empty(((2 * radius + 1) ** 2, 2), dtype=np.int64)
    args = (x, y, radius, f, own, rivals, state, force, value, home, land, a, h, bx, by, roam)
    count = best_front_cells(*args, occ, share, out)
    win, score = scores_by_formula(*args, occ, share)
    best = np.flatnonzero(score == score.max())
    expected = np.column_stack(np.divmod(best, score.shape[1])) + [win[0].start, win[1].start]
    assert count == len(best)
    np.testing.assert_array_equal(out[:count], expected)


def test_a_lone_land_cell_in_water_is_the_only_choice():
    land = np.zeros((5, 5), dtype=bool)
    land[2, 2] = True
    zeros = np.zeros((5, 5))
    out = np.empty((25, 2), dtype=np.int64)
    count = best_front_cells(
        2,
        2,
        2,
        10.0,
        1,
        np.array([], dtype=np.int64),
        zeros,
        np.zeros((2, 5, 5)),
        zeros,
        zeros,
        land,
        1.0,
        2.0,
        2,
        2,
        3,
        zeros,
        1.0,
        out,
    )
    assert count == 1 and tuple(out[0]) == (2, 2)


def test_group_members_stay_the_sum_of_their_fronts(make_model):
    m = make_model("full_cutoff", seed=7)
    for _ in range(12):
        m.step()
        for group in m.groups:
            assert group.members == sum(f.fighters for f in group.fronts)
    group = next(iter(m.groups))
    front = next(iter(group.fronts))
    before = group.members
    front.fighters += 5
    assert group.members == before + 5
    leaving = front.fighters
    front.remove()
    assert group.members == before + 5 - leaving
    assert group.members == sum(f.fighters for f in group.fronts)


def grower_by_formula(m, i):
    """``CocaGrower.returns`` and ``step`` as their docstrings state them, for row ``i``."""
    rows, p = m.grower_rows, m.params.coca
    x, y = int(rows.x[i]), int(rows.y[i])
    loss = float(m.government.eradication[x, y]) * (1.0 - p.replant_share)
    risk = 1.0 - math.exp(-12.0 * p.eradication_deterrence * loss)
    armed = 1.0 if m.control.is_armed((x, y)) else 0.0
    coca = p.coca_net_usd_per_ha * rows.premium[i] * (1.0 - risk) * (1.0 + p.coercion_bonus * armed)
    coca *= m.trafficking.price_index
    licit = (
        p.licit_net_usd_per_ha
        * m.inputs.economy
        * (1.0 + p.alt_dev_bonus * m.inputs.alt_development * m.presence[x, y])
        * (1.0 - m.migration.confined_share[x, y])
    )
    k = p.choice_sharpness
    share = coca**k / (coca**k + licit**k) if coca + licit > 0 else 0.0
    area = float(rows.coca_ha[i])
    area += p.adjustment_rate * (share * float(rows.potential_ha[i]) - area)
    eradicated = area * float(m.government.eradication[x, y])
    return float(coca), float(licit), max(0.0, area - eradicated * (1.0 - p.replant_share))


@pytest.mark.parametrize(
    ("sharpness", "deterrence"), [(1.5, 0.0), (2.0, 1.0), (0.5, 0.5), (1.5, 1.0)]
)
def test_growers_step_as_their_rule_says_bit_for_bit(make_model, sharpness, deterrence):
    # 2.0 and 0.5: numpy's power takes shortcuts there (square, sqrt) that Python's does not
    overrides = {"coca.choice_sharpness": sharpness, "coca.eradication_deterrence": deterrence}
    m = make_model("full_cutoff", seed=3, overrides=overrides)
    m.run(3)
    m.trafficking.prices.index = 1.3
    m.government.campaign(m.coca_ha, m.presence, m.inputs.eradication)
    expected = [grower_by_formula(m, i) for i in range(len(m.grower_rows))]
    agent = next(iter(m.growers))
    assert agent.returns() == expected[agent.slot][:2]
    counted = m.events.get("eradicated_ha")
    m.grower_rows.step(m)
    assert [float(v) for v in m.grower_rows.coca_ha] == [e[2] for e in expected]
    total = counted
    for v in m.grower_rows.eradicated_ha.tolist():
        total += v
    assert m.events.get("eradicated_ha") == total
    assert [g.coca_ha for g in m.growers] == m.grower_rows.coca_ha.tolist()


def target_by_formula(x, y, bx, by, reach, land, remote, threshold, air, targets, gradient=0.0):
    """``SecurityUnit.choose_target``'s search as its docstring states it (numpy, argmax)."""
    shape = land.shape
    a, b = window(x, y, reach, shape), window(bx, by, reach, shape)
    xs = slice(max(a[0].start, b[0].start), min(a[0].stop, b[0].stop))
    ys = slice(max(a[1].start, b[1].start), min(a[1].stop, b[1].stop))
    if xs.start >= xs.stop or ys.start >= ys.stop:
        return -1, -1
    reachable = land[xs, ys] & ((remote[xs, ys] <= threshold) | (remote[xs, ys] <= air))
    d = np.maximum(
        np.abs(np.arange(xs.start, xs.stop) - bx)[:, None],
        np.abs(np.arange(ys.start, ys.stop) - by)[None, :],
    )
    force = np.where(reachable, targets[xs, ys] / (1.0 + gradient * d), 0.0)
    dx, dy = divmod(int(np.argmax(force)), force.shape[1])
    if force[dx, dy] > 0.0:
        return xs.start + dx, ys.start + dy
    return -1, -1


@pytest.mark.parametrize("seed", range(60))
def test_security_searches_are_the_formulas(seed):
    """The strongest target and the patrol cells are those of the numpy rule, ties included."""
    rng = np.random.default_rng(seed)
    width, height = 11, 9
    land = rng.random((width, height)) < 0.8
    remote = rng.choice([0.0, 0.3, 0.6, 0.9], (width, height))
    # coarse forces: ties and zero cells are common, as in the model
    targets = rng.integers(0, 4, (width, height)).astype(float) * rng.choice([0.0, 1.0, 25.0])
    x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
    bx, by = int(rng.integers(0, width)), int(rng.integers(0, height))
    reach = int(rng.integers(0, 5))
    threshold, air = float(rng.choice([0.0, 0.5])), float(rng.random())
    args = (land, remote, threshold, air)
    gradient = float(rng.choice([0.0, 0.5, 2.0]))
    got = strongest_target(x, y, bx, by, reach, *args, targets, gradient)
    assert got == target_by_formula(x, y, bx, by, reach, *args, targets, gradient)

    radius = int(rng.integers(0, 4))
    xy = np.array(
        [
            (i, j)
            for i in range(max(0, bx - radius), min(width, bx + radius + 1))
            for j in range(max(0, by - radius), min(height, by + radius + 1))
        ],
        dtype=np.int64,
    ).reshape(-1, 2)
    rng.shuffle(xy)  # any order: Mesa's neighbourhood order is kept
    xs, ys = xy[:, 0].copy(), xy[:, 1].copy()
    mask = (
        land[xs, ys]
        & ((remote[xs, ys] <= threshold) | (remote[xs, ys] <= air))
        & (np.maximum(np.abs(xs - x), np.abs(ys - y)) <= reach)
    )
    out = np.empty(len(xs), dtype=np.int64)
    count = patrol_cells(x, y, reach, xs, ys, *args, out)
    assert out[:count].tolist() == np.flatnonzero(mask).tolist()


def test_a_nan_target_stops_the_search_as_argmax_does():
    land = np.ones((3, 3), dtype=bool)
    remote = np.zeros((3, 3))
    targets = np.array([[0.0, np.nan, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]])
    assert target_by_formula(1, 1, 1, 1, 1, land, remote, 0.0, 0.0, targets) == (-1, -1)
    assert strongest_target(1, 1, 1, 1, 1, land, remote, 0.0, 0.0, targets, 0.5) == (-1, -1)


@pytest.mark.parametrize("seed", range(30))
def test_window_sums_and_scaling_are_numpys_floats(seed):
    """A window's weighted sum and its in-place scaling give numpy's floats, every size.

    numpy's pairwise sum groups the terms differently below eight terms, up to 128 and above:
    every window from 1 x 1 to 11 x 11 (121 cells) is tried, at the grid's edges too.
    """
    rng = np.random.default_rng(seed)
    values = rng.random((13, 12)) * rng.choice([1.0, 1e3, 1e7])
    values[rng.random(values.shape) < 0.2] = 0.0
    for rows in range(1, 12):
        for cols in range(1, 12):
            x0 = int(rng.integers(0, 13 - rows + 1))
            y0 = int(rng.integers(0, 12 - cols + 1))
            weights = rng.random((rows, cols))
            weights[rng.random(weights.shape) < 0.3] = 0.0
            where = (slice(x0, x0 + rows), slice(y0, y0 + cols))
            expected = float((values[where] * weights).sum())
            assert window_dot(values, x0, x0 + rows, y0, y0 + cols, weights) == expected
            share = float(rng.random())
            by_numpy = values.copy()
            by_numpy[where] *= 1.0 - share * weights
            compiled = values.copy()
            window_scale(compiled, x0, x0 + rows, y0, y0 + cols, share, weights)
            assert compiled.tobytes() == by_numpy.tobytes()
    assert 11 * 11 <= PAIRWISE_BLOCK


@pytest.mark.parametrize("seed", range(20))
def test_window_sums_around_a_cell_are_numpys_floats(seed):
    """Both sums around a cell, with grid-wide weights, give numpy's floats over the window."""
    rng = np.random.default_rng(seed)
    first = rng.random((13, 12)) * rng.choice([1.0, 1e3, 1e7])
    second = rng.random((13, 12)) * 1e5
    weights = rng.random((13, 12))
    weights[rng.random(weights.shape) < 0.3] = 0.0
    for radius in range(0, 5):
        x, y = int(rng.integers(0, 13)), int(rng.integers(0, 12))
        where = window(x, y, radius, first.shape)
        expected = (
            float((first[where] * weights[where]).sum()),
            float((second[where] * weights[where]).sum()),
        )
        assert window_dots_around(first, second, weights, x, y, radius) == expected
        share = float(rng.random())
        by_numpy = first.copy()
        by_numpy[where] *= 1.0 - share * weights[where]
        compiled = first.copy()
        window_scale_around(compiled, x, y, radius, share, weights)
        assert compiled.tobytes() == by_numpy.tobytes()


@pytest.mark.parametrize("radius", [1, 2, 6])
def test_the_pool_around_a_front_is_its_windows(radius):
    """``RecruitmentPool.around``/``draw_around`` equal the window calls (6: numpy's path)."""
    rng = np.random.default_rng(radius)
    residents = rng.random((15, 14)) * 1e4
    territory = np.where(rng.random(residents.shape) < 0.5, rng.random(residents.shape), 0.0)
    compiled, by_window = (RecruitmentPool(ArmedParams(), residents) for _ in range(2))
    compiled.pool *= rng.random(residents.shape)
    by_window.pool[:] = compiled.pool
    for x, y in [(0, 0), (7, 6), (14, 13), (3, 12)]:
        held, fullness = compiled.around(x, y, radius, residents, territory)
        where = window(x, y, radius, residents.shape)
        expected = by_window.available(where, territory[where])
        assert held == expected
        assert fullness == by_window.fullness(where, residents, territory[where], held=expected)
        compiled.draw_around(x, y, radius, 40, territory, held)
        by_window.draw(where, 40, territory[where], held=expected)
        assert compiled.pool.tobytes() == by_window.pool.tobytes()


def test_the_fronts_month_terms_are_the_per_cell_rules(make_model):
    """Every cell's willingness and arrest risks are the rules' per-cell floats, bit for bit.

    The rules as ``ArmedUnit.willingness`` and ``arrest_risk`` state them, with Python's
    ``min``/``max`` on one cell's values; ceasefires make the pursuit differ between groups.
    """
    m = make_model("full_cutoff", seed=3)
    for _ in range(6):
        m.step()
    m.ceasefires.offensive[1] = 0.4
    terms = FrontMonth(m, m.armed_units)
    p = m.params.armed
    for x, y in zip(*np.nonzero(m.land), strict=True):
        armed = max(float(m.forces.armed_presence[x, y]), 1.0)

        def arrest(pursuit, x=x, y=y, armed=armed):
            pursuing = float(m.forces.state[x, y]) * m.government.offensive * pursuit
            return 1.0 - math.exp(-p.arrest_constant * pursuing / armed)

        hardship = 1.0 + p.hardship_economy_elasticity * max(0.0, 1.0 - m.inputs.economy)
        backlash = p.eradication_backlash * m.coca.grievance[x, y]
        grievance = min(1.0, hardship * (1.0 - m.presence[x, y]) + backlash)
        assert terms.willingness[x, y] == max(0.0, grievance - p.risk_aversion * arrest(1.0))
        for g, pursuit in enumerate(m.ceasefires.offensive):
            assert terms.kidnap_arrest[g][x, y] == arrest(pursuit)


def test_the_months_move_plan_is_each_fronts_own_scoring(make_model):
    """The plan of every front's move equals scoring its window alone; a changed front re-scores."""
    m = make_model("full_cutoff", seed=5)
    for _ in range(4):
        m.step()
    terms = FrontMonth(m, m.armed_units)
    fronts = [f for f in m.armed_units if f.fighters > 0]
    assert fronts
    for front in fronts:
        fighters = float(max(front.fighters, 1))
        planned = terms.best_cells(front, fighters)
        np.testing.assert_array_equal(planned, front._best_cells(fighters))
        assert terms.best_cells(front, fighters + 1.0) is None  # fighters lost in a clash


def test_the_months_money_factor_is_the_groups_own(make_model):
    """The turn's money factor (affordable members once a turn) is the group's, as members move."""
    m = make_model("full_cutoff", seed=4)
    for _ in range(5):
        m.step()
    terms = FrontMonth(m, m.armed_units)
    for group in m.groups:
        assert terms.money_factor(group) == group.money_factor()
        assert terms.affordable[group] == group.affordable_members()
        # members change during the turn; the factor follows them
        group._members += 50
        assert terms.money_factor(group) == group.money_factor()


@pytest.mark.parametrize("seed", range(6))
def test_growers_events_add_in_order_as_add_each(seed):
    source = np.random.default_rng(seed)
    values = source.random(int(source.integers(0, 2000))) * 10.0 ** source.integers(-3, 4)
    values[source.random(len(values)) < 0.1] = -0.0
    slots = np.flatnonzero(source.random(len(values)) < 0.8)
    events = MonthEvents()
    if seed % 2:  # the counter already holds something this month
        events.add("x", 123.456)
    total = added_in_order(events.get("x"), values, slots)
    events.add_each("x", values[slots])
    assert total == events.get("x") and np.signbit(total) == np.signbit(events.get("x"))
