"""People on the move (model/migration.py): safest cells, displacement, emigration, confinement."""

from __future__ import annotations

import numpy as np
import pytest

from model.control import OFF_GRID, ControlState
from model.migration import (
    SAFETY_TIE,
    baseline_emigrants,
    confined_residents,
    economic_push,
    emigration_chance,
    safest_nearby,
)
from model.params import ControlParams, MigrationParams


def safest_by_scan(safety: np.ndarray, r: int) -> np.ndarray:
    """Reference: scan every offset of the window in turn, as the rule is written."""
    w, h = safety.shape
    xs, ys = np.meshgrid(np.arange(w), np.arange(h), indexing="ij")
    best, bx, by = safety.copy(), xs.copy(), ys.copy()
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            for x in range(w):
                for y in range(h):
                    sx, sy = min(max(x + dx, 0), w - 1), min(max(y + dy, 0), h - 1)
                    if safety[sx, sy] > best[x, y] + SAFETY_TIE:
                        best[x, y], bx[x, y], by[x, y] = safety[sx, sy], sx, sy
    return np.stack([bx, by])


def random_safety(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> np.ndarray:
    if kind == "continuous":
        safety = rng.normal(size=shape)
    elif kind == "ties":  # few distinct values: many exact ties
        safety = rng.integers(0, 3, size=shape) / 2.0
    else:  # "near ties": values that differ by less than the tie, or by just more
        base = rng.integers(0, 2, size=shape).astype(float)
        safety = base + rng.choice([0.0, 0.4, 0.9, 1.1, 1.6, 2.5], size=shape) * SAFETY_TIE
    water = rng.random(shape) < 0.2
    return np.where(water, -np.inf, safety)


@pytest.mark.parametrize("kind", ["continuous", "ties", "near ties"])
@pytest.mark.parametrize("radius", [0, 1, 2, 3])
def test_vectorized_safest_cell_equals_the_scan(kind, radius):
    rng = np.random.default_rng(radius * 10 + len(kind))
    for _ in range(15):
        shape = (int(rng.integers(1, 9)), int(rng.integers(1, 9)))
        safety = random_safety(rng, shape, kind)
        np.testing.assert_array_equal(
            safest_nearby(safety, radius), safest_by_scan(safety, radius), err_msg=kind
        )


def test_a_household_stays_unless_a_cell_is_clearly_safer():
    safety = np.zeros((5, 5))
    safety[4, 4] = 1.0  # out of range of (0, 0) with radius 2
    safety[2, 1] = 0.5 * SAFETY_TIE  # a tie with (0, 0): stay
    target = safest_nearby(safety, 2)
    assert tuple(target[:, 0, 0]) == (0, 0)
    assert tuple(target[:, 2, 2]) == (4, 4)


def test_water_cells_are_never_a_target():
    safety = np.full((4, 4), -np.inf)
    safety[1, 1] = 0.0
    target = safest_nearby(safety, 3)
    assert np.all(target[0] == 1) and np.all(target[1] == 1)


# --- emigration: one push formula -------------------------------------------------------------


def test_the_economic_push_is_one_at_or_above_the_status_quo_and_grows_below():
    p = MigrationParams()
    assert economic_push(1.0, p) == 1.0 and economic_push(1.2, p) == 1.0
    assert economic_push(0.8, p) == pytest.approx(1.0 + p.economy_elasticity * 0.2)
    assert baseline_emigrants(0.8, p) == pytest.approx(
        p.baseline_emigrants_us * economic_push(0.8, p)
    )


def test_displaced_households_emigrate_more_where_it_is_violent_and_the_economy_weak():
    p = MigrationParams()
    violence = np.array([[0.0, 2.0, 50.0]])
    calm, violent, capped = emigration_chance(1.0, violence, p)[0]
    assert calm == pytest.approx(p.emigration_rate)
    assert violent == pytest.approx(3.0 * p.emigration_rate)
    assert capped == pytest.approx(11.0 * p.emigration_rate)  # violence counts up to 10
    weak = emigration_chance(0.8, violence, p)[0]
    np.testing.assert_allclose(weak / [calm, violent, capped], economic_push(0.8, p))


def test_migrants_read_the_chance_of_their_cell(make_model):
    m = make_model(seed=31, overrides={"migration.emigration_rate": 0.05})
    m.run(3)
    chance = emigration_chance(m.capacity.economy_index, m.violence, m.params.migration)
    np.testing.assert_array_equal(m.migration.emigration_chance, chance)


# --- displacement -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_displacement_conserves_people(make_model, seed):
    m = make_model(seed=seed)
    m.violence[:] = np.random.default_rng(seed).exponential(3.0, m.violence.shape)
    before = m.population.copy()
    m.events.reset()
    m.migration.displace(m)
    displaced = before - m.population
    migrants = list(m.migrants)
    assert migrants and np.all(displaced >= 0)
    assert displaced.sum() == sum(a.people for a in migrants)
    assert m.events.get("displaced_new") == displaced.sum()
    for x, y in zip(*np.nonzero(displaced), strict=True):
        here = [a.people for a in migrants if a.origin.coordinate == (x, y)]
        assert sum(here) == displaced[x, y]
        assert displaced[x, y] <= 0.3 * before[x, y] + m.params.migration.people_per_agent


def test_no_violence_and_no_disputes_displace_nobody(make_model):
    m = make_model(seed=3)
    m.violence[:] = 0.0
    first, *_ = m.groups
    m.control.controller = np.where(m.land, first.index, OFF_GRID).astype(np.int8)
    before = m.population.copy()
    m.migration.displace(m)
    np.testing.assert_array_equal(m.population, before)
    assert len(m.migrants) == 0


# --- confinement --------------------------------------------------------------------------------


def test_confinement_where_groups_rule_or_fight_with_fronts_near_and_no_state():
    land = np.ones((3, 2), dtype=bool)
    control = ControlState(ControlParams(), land, 1)
    # rows: the state, a group, disputed
    control.controller = np.array([[0, 0], [1, 1], [-1, -1]], dtype=np.int8)
    residents = np.full((3, 2), 1000.0)
    presence = np.full((3, 2), 0.25)
    fronts = np.array([[5.0, 5.0], [5.0, 0.0], [5.0, 0.0]])  # no fronts near the second column
    confined = confined_residents(residents, presence, control, fronts, share=0.1)
    assert confined == pytest.approx(2 * 1000.0 * 0.1 * 0.75)
    assert confined_residents(residents, np.ones((3, 2)), control, fronts, 0.1) == 0.0


def test_the_confined_outcome_reads_the_month_of_the_migration_process(make_model):
    m = make_model(seed=19)
    m.run(2)
    last = m.datacollector.get_model_vars_dataframe()["confined"].iloc[-1]
    assert last == m.migration.confined
    share = m.params.armed.confinement_share
    expected = confined_residents(
        m.population, m.presence, m.control, m.forces.armed_presence, share
    )
    assert last == pytest.approx(expected) and last > 0
