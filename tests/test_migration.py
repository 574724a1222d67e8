"""People (model/migration.py, model/displacement.py): conservation, channels, confinement, return.

Movement is in tests/test_flee.py, emigration and the border in tests/test_emigration.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.kernels_migrant import free_slots
from agents.migrant import Households
from model.control import OFF_GRID, STATE
from model.displacement import CHANNELS, confined_people, displaced_by_channel, households_from
from model.geo import build_landscape, synthetic
from model.params import MigrationParams, Params
from model.simulation import ColombiaModel
from tests.conftest import small_overrides

NO_PREDATION = {k: np.zeros((2, 2)) for k in ("kidnappings", "child_recruits", "extorted_people")}


def channels(p: MigrationParams, **layers: np.ndarray) -> np.ndarray:
    """displaced_by_channel on a 2 x 2 world of 1,000 free residents, nothing happening."""
    zero = np.zeros((2, 2))
    args = {
        "free": np.full((2, 2), 1000.0),
        "presence": np.full((2, 2), 0.5),
        "armed_rule": zero.astype(bool),
        "control_changed": zero.astype(bool),
        "killings": zero,
        "predation": dict(NO_PREDATION),
        "confined_before": zero,
    }
    predation = {k: layers.pop(k) for k in list(layers) if k in NO_PREDATION}
    args.update(layers)
    args["predation"].update(predation)
    return displaced_by_channel(**args, params=p)


# --- population is conserved ---------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "seed"), [(16, 12, 0), (24, 18, 1), (9, 30, 2)])
def test_population_is_conserved_every_month_on_synthetic_grids(load_regime, width, height, seed):
    params = Params.from_overrides(small_overrides({"migration.return_safe_months": 1}))
    m = ColombiaModel(
        params, load_regime("full_cutoff"), rng=seed, landscape=synthetic(width, height)
    )
    initial = m.population.sum()
    for _ in range(18):
        m.step()
        idps = sum(a.people for a in m.migrants)
        mig = m.migration
        total = m.population.sum() + idps + mig.emigrated + mig.recruited
        assert total == pytest.approx(initial, rel=1e-12)
        assert mig.unaccounted(m.population) == pytest.approx(0.0, abs=1e-6 * initial)
        assert np.all(m.population >= 0)
    assert m.migration.emigrated > 0 and m.migration.recruited > 0 and len(m.migrants) > 0


@pytest.mark.parametrize("regime", ["certified", "full_cutoff"])
def test_population_is_conserved_every_month_on_the_colombia_grid(load_regime, regime):
    m = ColombiaModel(Params(), load_regime(regime), rng=7, landscape=build_landscape("0.25"))
    initial = m.population.sum()
    for _ in range(12):
        m.step()
        assert m.migration.unaccounted(m.population) == pytest.approx(0.0, abs=1e-9 * initial)
    assert m.outcomes["idps"].compute(m) > 0


# --- channels ------------------------------------------------------------------------------------


def test_nothing_happening_displaces_nobody():
    assert channels(MigrationParams()).sum() == 0.0


@pytest.mark.parametrize(
    ("channel", "layers"),
    [
        ("violence", {"killings": np.array([[3.0, 0], [0, 0]])}),
        ("control_change", {"control_changed": np.array([[True, False], [False, False]])}),
        ("confinement", {"confined_before": np.array([[400.0, 0], [0, 0]])}),
        ("threats", {"armed_rule": np.array([[True, False], [False, False]])}),
        ("predation", {"kidnappings": np.array([[1.0, 0], [0, 0]])}),
        ("predation", {"child_recruits": np.array([[2.0, 0], [0, 0]])}),
        ("predation", {"extorted_people": np.array([[5000.0, 0], [0, 0]])}),
    ],
)
def test_each_channel_displaces_where_its_cause_is(channel, layers):
    p = MigrationParams()
    out = channels(p, **layers)
    k = CHANNELS.index(channel)
    assert out[k, 0, 0] > 0
    assert out.sum() == pytest.approx(out[k, 0, 0])


def test_channel_rates_are_the_parameters():
    p = MigrationParams()
    free = 1000.0
    assert channels(p, killings=np.full((2, 2), 2.0))[0, 0, 0] == 2 * p.displaced_per_killing
    rule = np.ones((2, 2), dtype=bool)
    threats = channels(p, armed_rule=rule)[CHANNELS.index("threats"), 0, 0]
    assert threats == pytest.approx(p.threat_rate * 0.5 * free)
    kid = channels(p, kidnappings=np.ones((2, 2)))[CHANNELS.index("predation"), 0, 0]
    assert kid == pytest.approx(p.displaced_per_kidnapping)


def test_the_monthly_cap_scales_every_channel_alike():
    p = MigrationParams(max_displaced_share=0.1)
    rule = np.ones((2, 2), dtype=bool)
    out = channels(p, killings=np.full((2, 2), 1000.0), armed_rule=rule)
    assert out.sum(axis=0)[0, 0] == pytest.approx(0.1 * 1000.0)
    uncapped = channels(
        MigrationParams(max_displaced_share=1.0), armed_rule=rule, killings=np.full((2, 2), 1000.0)
    )
    ratio = out[:, 0, 0] / np.where(uncapped[:, 0, 0] > 0, uncapped[:, 0, 0], 1)
    assert np.allclose(ratio[uncapped[:, 0, 0] > 0], ratio[uncapped[:, 0, 0] > 0][0])


@pytest.mark.parametrize("seed", range(5))
def test_households_hold_the_people_displaced_and_never_more_than_the_free(seed):
    rng = np.random.default_rng(seed)
    free = rng.integers(0, 3000, size=(6, 5)).astype(float)
    people = free * rng.random((6, 5)) * 0.3
    xs, ys, size = households_from(people, free, 500, np.random.default_rng(seed))
    per_cell = np.zeros_like(free)
    np.add.at(per_cell, (xs, ys), size)
    assert np.all(per_cell <= free) and np.all(size >= 1) and np.all(size <= 500)
    # stochastic rounding keeps the expected number of people (many draws)
    totals = [
        households_from(people, np.full_like(free, 1e9), 500, np.random.default_rng(s))[2].sum()
        for s in range(400)
    ]
    assert np.mean(totals) == pytest.approx(people.sum(), rel=0.03)


def test_a_cell_where_a_group_starts_predation_displaces_people_without_combat(
    make_model, lone_front
):
    overrides = {
        **lone_front,
        "armed.kidnap_rate": 0.05,
        "armed.attack_rate": 0.0,
        "security.lethality": 0.0,
        "security.security_death_rate": 0.0,
        "migration.threat_rate": 0.0,
        "migration.control_change_share": 0.0,
        "migration.confinement_flight_share": 0.0,
        "migration.people_per_agent": 5,
    }
    m = make_model(seed=3, overrides=overrides)
    preyed = []
    for _ in range(6):
        m.step()
        assert m.events.get("armed_combat_deaths") == 0
        assert m.events.get("security_force_deaths") == 0
        assert m.events.get("displaced_violence") == 0  # no killings: no violence channel
        preyed.append(m.events.get("displaced_predation"))
        assert m.events.get("displaced_new") == pytest.approx(preyed[-1])
        where = (
            m.events.layer("extortion_usd")
            + m.events.layer("kidnappings")
            + m.events.layer("child_recruits")
        )
        fled_from = {a.origin for a in m.migrants if a.since == m.month - 1}
        assert fled_from <= {(int(x), int(y)) for x, y in np.argwhere(where > 0)}
    assert sum(preyed) > 0


# --- confinement ---------------------------------------------------------------------------------


def test_confinement_where_groups_rule_or_fight_and_the_state_is_absent():
    residents = np.full((2, 2), 1000.0)
    presence = np.array([[0.25, 0.25], [1.0, 0.0]])
    rule = np.array([[True, False], [True, True]])
    confined = confined_people(residents, presence, rule, share=0.1)
    np.testing.assert_allclose(confined, [[75.0, 0.0], [0.0, 100.0]])


def test_confined_people_neither_flee_nor_move_nor_work(make_model):
    m = make_model("full_cutoff", seed=5)
    m.run(6)
    mig = m.migration
    assert len(m.migrants) > 0
    rule = np.ones(m.land.shape, dtype=bool)
    violent = np.full(m.land.shape, 50.0)
    # everyone confined: violence and threats everywhere displace nobody
    mig.confined = m.population.copy()
    mig.confined_share = np.ones(m.land.shape)
    before = len(m.migrants)
    m.events.reset()
    mig._displace(m, violent, rule, rule)  # every cell taken too
    assert len(m.migrants) == before and m.events.get("displaced_new") == 0
    # displaced households in confined cells do not move on
    positions = [a.position for a in m.migrants]
    mig._move(m, violent, rule)
    assert [a.position for a in m.migrants] == positions
    # nobody confined: the same month displaces and moves people
    mig.confined = np.zeros(m.land.shape)
    mig.confined_share = np.zeros(m.land.shape)
    mig._displace(m, violent, rule, rule)
    assert m.events.get("displaced_new") > 0
    mig._move(m, violent, rule)
    assert [a.position for a in m.migrants][:before] != positions
    # the confined do not work: no licit income where everyone is confined
    grower = next(iter(m.growers))
    x, y = grower.cell.coordinate
    mig.confined_share[x, y] = 1.0
    assert grower.returns()[1] == 0.0
    mig.confined_share[x, y] = 0.0
    assert grower.returns()[1] > 0.0


def test_the_confined_outcome_counts_the_confined(make_model):
    m = make_model("full_cutoff", seed=6)
    m.run(4)
    assert m.outcomes["confined"].compute(m) == pytest.approx(m.migration.confined.sum())
    assert m.migration.confined.sum() > 0


# --- return --------------------------------------------------------------------------------------


def safe_world(make_model, safe_months: int):
    """A model whose every cell is under state control, with one household from cell (2, 3)."""
    m = make_model(
        seed=8,
        overrides={"migration.return_safe_months": safe_months, "migration.return_rate": 1.0},
    )
    m.control.controller = np.where(m.land, STATE, OFF_GRID).astype(np.int8)
    rows = {"x": [9], "y": [9], "origin_x": [2], "origin_y": [3], "people": [40], "since": [0]}
    m.migration.households.add(m, {k: np.array(v) for k, v in rows.items()})
    return m


@pytest.mark.parametrize("safe_months", [0, 1, 4, 9])
def test_returns_only_after_the_origin_has_been_safe_for_the_documented_time(
    make_model, safe_months
):
    m = safe_world(make_model, safe_months)
    calm = np.zeros(m.land.shape)
    before = m.population[2, 3]
    for month in range(1, safe_months + 3):
        m.migration._return(m, calm)
        home = len(m.migrants) == 0
        assert home == (month >= safe_months), month
    assert m.population[2, 3] == before + 40


def test_violence_at_the_origin_restarts_the_count(make_model):
    m = safe_world(make_model, 3)
    calm = np.zeros(m.land.shape)
    violent = calm.copy()
    violent[2, 3] = 2.0
    for events in (calm, calm, violent, calm, calm):
        m.migration._return(m, events)
        assert len(m.migrants) == 1
    m.migration._return(m, calm)
    assert len(m.migrants) == 0


# --- the households' arrays ---------------------------------------------------------------------


def test_households_reuse_freed_rows_and_agents_view_them(make_model):
    m = make_model(seed=0)
    h = Households(capacity=2)
    m.migration.households = h
    rows = {k: np.array([1, 2, 3]) for k in ("x", "y", "origin_x", "origin_y", "people", "since")}
    slots = h.add(m, rows)
    assert list(slots) == [0, 1, 2] and len(h) == 3 and h.total_people() == 6
    agent = h.agents[1]
    assert (agent.position, agent.origin, agent.people) == ((2, 2), (2, 2), 2)
    h.x[1] = 7
    assert agent.position == (7, 2)
    h.remove(np.array([1]))
    assert len(h) == 2 and agent not in m.agents
    again = h.add(m, {k: np.array([9]) for k in rows})
    assert list(again) == [1] and h.agents[1].people == 9
    np.testing.assert_array_equal(h.live(), [0, 1, 2])


@pytest.mark.parametrize("seed", range(3))
def test_people_per_cell_are_np_add_at_of_the_live_households(seed):
    """``per_cell`` compiled (issue 15): the floats ``np.add.at`` into zeros gave."""
    rng = np.random.default_rng(seed)
    h = Households(capacity=4000)
    n = len(h.alive)
    for name in ("x", "y"):
        h.arrays[name][:] = rng.integers(0, 7 if name == "x" else 5, n)
    # sums past 2**53 round: the order of the additions shows in the floats
    h.arrays["people"][:] = rng.integers(1, 1 << 62, n)
    h.alive[:] = rng.random(n) < 0.7
    live = h.live()
    want = np.zeros((7, 5))
    np.add.at(want, (h.x[live], h.y[live]), h.people[live])
    assert h.per_cell((7, 5)).tobytes() == want.tobytes()
    h.alive[:] = False
    assert h.per_cell((7, 5)).tobytes() == np.zeros((7, 5)).tobytes()


@pytest.mark.parametrize("seed", range(5))
def test_free_slots_are_the_first_free_rows(seed):
    """``Households.add``'s free rows compiled (issue 15): ``np.flatnonzero(~alive)[:n]``."""
    rng = np.random.default_rng(seed)
    for size in (0, 1, 7, 64, 1000):
        alive = rng.random(size) < rng.choice([0.0, 0.5, 0.95, 1.0])
        for n in (0, 1, 3, 50, size, size + 5):
            want = np.flatnonzero(~alive)[:n]
            got = free_slots(alive, n)
            assert got.dtype == want.dtype and got.tolist() == want.tolist()
