"""Rural exposure of the mass channels and the mass-event threshold (ODD 7.13)."""

from __future__ import annotations

import numpy as np
import pytest

from model.displacement import CHANNELS, displaced_by_channel, mass_events, rural_residents
from model.geo.population import URBAN_SHARE
from model.params import MigrationParams, Params
from model.simulation import ColombiaModel
from tests.conftest import small_overrides

ZERO = np.zeros((2, 2))
NO_PREDATION = {k: ZERO for k in ("kidnappings", "child_recruits", "extorted_people")}


def _channels(p: MigrationParams, free: np.ndarray, **layers: np.ndarray) -> np.ndarray:
    args = {
        "free": free,
        "presence": np.full((2, 2), 0.5),
        "armed_rule": ZERO.astype(bool),
        "control_changed": ZERO.astype(bool),
        "killings": ZERO,
        "predation": NO_PREDATION,
        "confined_before": ZERO,
    }
    args.update(layers)
    return displaced_by_channel(**args, params=p)


def test_rural_residents_are_the_departments_uniform_share():
    residents = np.array([[900.0, 100.0], [50.0, 50.0]])
    department = np.array([[0, 0], [1, -1]], dtype=np.int16)
    km2 = np.array([[10.0, 30.0], [5.0, 5.0]])
    rural = rural_residents(residents, department, km2)
    share = 1.0 - URBAN_SHARE
    # department 0: 1,000 people on 40 km2; department 1: 50 on 5 km2; off-grid: nobody
    assert rural == pytest.approx(np.array([[share * 250, share * 750], [share * 50, 0.0]]))


def test_rural_residents_sum_to_the_rural_share_on_the_colombia_grid(load_regime):
    model = ColombiaModel(Params.from_overrides(small_overrides()), load_regime("certified"), rng=1)
    rural = model.migration.rural
    assert rural.sum() == pytest.approx((1.0 - URBAN_SHARE) * model.population.sum(), rel=1e-6)
    # the capital's cell holds far more people than its rural share
    assert (model.population > 5 * rural).any()


def test_war_and_takeover_flight_take_only_the_rural_people():
    p = MigrationParams()
    free = np.array([[400_000.0, 1000.0], [1000.0, 1000.0]])
    rural = np.array([[20_000.0, 5000.0], [5000.0, 5000.0]])
    fought = np.array([[True, True], [False, False]])
    out = _channels(p, free, war_fought=fought, control_changed=fought, rural=rural)
    violence, control = out[CHANNELS.index("violence")], out[CHANNELS.index("control_change")]
    # the city cell: its rural 20,000, not its 400,000; the small cell: all its free residents
    assert violence[0, 0] == pytest.approx(p.war_flight_share * 20_000)
    assert violence[0, 1] == pytest.approx(p.war_flight_share * 1000)
    assert control[0, 0] == pytest.approx(p.control_change_share * 20_000)
    assert violence[1].sum() == 0 and control[1].sum() == 0
    # without the rural layer every free resident is exposed (the rule before)
    before = _channels(p, free, war_fought=fought, control_changed=fought)
    assert before[CHANNELS.index("violence")][0, 0] == pytest.approx(p.war_flight_share * 400_000)


def test_threats_still_reach_every_free_resident():
    p = MigrationParams()
    free = np.full((2, 2), 100_000.0)
    rule = np.ones((2, 2), dtype=bool)
    out = _channels(p, free, armed_rule=rule, rural=np.full((2, 2), 10.0))
    expected = p.threat_rate * 0.5 * 100_000
    assert out[CHANNELS.index("threats")] == pytest.approx(np.full((2, 2), expected))


def test_a_mass_event_needs_the_threshold_of_the_mass_channels_together():
    by_channel = np.zeros((len(CHANNELS), 2, 2))
    by_channel[CHANNELS.index("violence")] = [[30.0, 10.0], [0.0, 49.0]]
    by_channel[CHANNELS.index("control_change")] = [[20.0, 10.0], [0.0, 0.0]]
    by_channel[CHANNELS.index("threats")] = [[0.0, 500.0], [500.0, 500.0]]
    events = mass_events(by_channel, 50.0)
    # 30 + 20 reaches fifty; threats never make a mass event; 49 does not
    assert events.tolist() == [[True, False], [False, False]]


def test_mass_and_individual_outcomes_add_up_to_the_new_displacement(load_regime):
    params = Params.from_overrides(small_overrides())
    model = ColombiaModel(params, load_regime("certified"), rng=3)
    for _ in range(6):
        model.step()
        ev = model.events
        total = ev.get("displaced_mass") + ev.get("displaced_individual")
        assert total == pytest.approx(ev.get("displaced_new"), rel=1e-9, abs=1e-6)
        channels = sum(ev.get(f"displaced_{c}") for c in CHANNELS)
        assert channels == pytest.approx(ev.get("displaced_new"), rel=1e-9, abs=1e-6)


def test_a_threshold_of_one_person_counts_all_mass_channel_flight_as_mass(load_regime):
    base = small_overrides()
    params = Params.from_overrides({**base, "migration.mass_event_people": 1.0})
    model = ColombiaModel(params, load_regime("certified"), rng=3)
    for _ in range(6):
        model.step()
        ev = model.events
        mass = sum(ev.get(f"displaced_{c}") for c in ("violence", "control_change", "confinement"))
        # a cell below one person of mass flight adds (almost) nothing to either count
        assert ev.get("displaced_mass") == pytest.approx(mass, rel=1e-3, abs=1.0)
