"""Return and emigration compiled (model/people_kernels.py) against the numpy forms they replaced.

``return_by_numpy`` and ``emigrate_by_numpy`` are ``Migration._return`` and
``Migration._emigrate`` as numpy wrote them (issue 15); the kernels must give the same floats
(compared as bytes: signed zeros too), the same households in the same order, and leave the
generator in the same state.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.displacement import confined_people
from model.emigration import economic_push, hazard
from model.params import EmigrationParams
from model.people_kernels import confinement, emigrants, returners


def _world(seed: int):
    source = np.random.default_rng(seed)
    shape = (int(source.integers(1, 40)), int(source.integers(1, 30)))
    slots = int(source.integers(0, 300))
    rows = {
        "x": source.integers(0, shape[0], slots),
        "y": source.integers(0, shape[1], slots),
        "origin_x": source.integers(0, shape[0], slots),
        "origin_y": source.integers(0, shape[1], slots),
        "people": source.integers(1, 600, slots),
    }
    live = np.flatnonzero(source.random(slots) < 0.8)
    events = np.where(source.random(shape) < 0.3, source.random(shape) * 30.0, 0.0)
    events[source.random(shape) < 0.05] = -0.0
    population = np.where(source.random(shape) < 0.1, 0.0, source.random(shape) * 3e5)
    land = source.random(shape) < 0.8
    return source, shape, rows, live, events, population, land


def return_by_numpy(safe, safe_months, live, rows, need, rate, population, rng):
    safe_months = np.where(safe, safe_months + 1, 0)
    safe_for = safe_months[rows["origin_x"][live], rows["origin_y"][live]]
    ready = safe_for >= need
    back = live[ready & (rng.random(len(live)) < rate)]
    np.add.at(population, (rows["origin_x"][back], rows["origin_y"][back]), rows["people"][back])
    return safe_months, back, float(rows["people"][back].sum())


@pytest.mark.parametrize("seed", range(10))
def test_returns_are_the_numpy_form(seed):
    source, shape, rows, live, events, population, land = _world(seed)
    safe = (source.random(shape) < 0.6) & land
    safe_months = source.integers(0, 8, shape)
    need, rate = int(source.integers(0, 6)), float(source.random())
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    mine_months, mine_people = safe_months.copy(), population.copy()
    back, people = returners(
        safe,
        mine_months,
        live,
        rows["origin_x"],
        rows["origin_y"],
        rows["people"],
        need,
        rate,
        ours.random(len(live)),
        mine_people,
    )
    want_months, want_back, want_people = return_by_numpy(
        safe, safe_months, live, rows, need, rate, population, theirs
    )
    assert mine_months.dtype == want_months.dtype and np.array_equal(mine_months, want_months)
    assert back.dtype == want_back.dtype and np.array_equal(back, want_back)
    assert float(people) == want_people
    assert mine_people.tobytes() == population.tobytes()
    assert ours.random() == theirs.random()


def emigrate_by_numpy(economy, events, reach, params, land, population, live, rows, rng):
    chance = hazard(economy, events, reach, params) * land
    leaving = population * np.minimum(chance, 1.0)
    population -= leaving
    draws = rng.random(len(live))
    idp_chance = np.minimum(chance[rows["x"][live], rows["y"][live]] * params.idp_hazard_ratio, 1)
    return leaving, live[draws < idp_chance]


@pytest.mark.parametrize("seed", range(10))
def test_emigration_is_the_numpy_form(seed):
    source, shape, rows, live, events, population, land = _world(seed)
    params = EmigrationParams()
    if seed % 2:  # hazards above 1 too: both minima bind
        params = params.model_copy(update={"resident_hazard": 0.3, "idp_hazard_ratio": 40.0})
    economy = float(source.uniform(0.6, 1.2))
    reach = float(source.uniform(0.0, 2.0))
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    mine = population.copy()
    leaving, gone = emigrants(
        events,
        land,
        params.resident_hazard * economic_push(economy, params),
        float(params.violence_weight),
        float(params.violence_cap),
        reach,
        float(params.idp_hazard_ratio),
        mine,
        live,
        rows["x"],
        rows["y"],
        ours.random(len(live)),
    )
    want_leaving, want_gone = emigrate_by_numpy(
        economy, events, reach, params, land, population, live, rows, theirs
    )
    assert leaving.tobytes() == want_leaving.tobytes()
    assert mine.tobytes() == population.tobytes()
    assert gone.dtype == want_gone.dtype and np.array_equal(gone, want_gone)
    assert ours.random() == theirs.random()


def confine_by_numpy(residents, presence, rule, share):
    """``Migration.confine`` as numpy wrote it, after ``armed_rule_mask``."""
    confined = confined_people(residents, presence, rule, share)
    confined_share = np.divide(
        confined, residents, out=np.zeros_like(residents), where=residents > 0
    )
    return confined, confined_share


@pytest.mark.parametrize("seed", range(12))
def test_confinement_is_the_numpy_form(seed):
    source, shape, _, _, _, population, land = _world(seed)
    population[source.random(shape) < 0.05] = -0.0
    presence = np.where(source.random(shape) < 0.2, source.choice([0.0, 1.0], shape), 0)
    presence = presence + source.random(shape) * (presence == 0)
    share = float(source.choice([0.0, 0.1, 0.37]))
    got = confinement(population, presence, land, share)
    want = confine_by_numpy(population, presence, land, share)
    for ours, theirs in zip(got, want, strict=True):
        assert ours.tobytes() == theirs.tobytes()
