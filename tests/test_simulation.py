"""ColombiaModel as orchestrator: its clock, its snapshots, and what exists after set-up."""

from __future__ import annotations

import numpy as np

from model.calendar import month_label


def test_month_counts_the_steps_and_date_is_the_month_simulated(make_model):
    from mesa import DataCollector

    m = make_model(seed=1)
    assert m.month == 0 and m.date == month_label(-1, m.start_month)  # the set-up state
    m.datacollector = DataCollector(model_reporters={"date": "date", "month": "month"})
    m.run(3)
    during = m.datacollector.get_model_vars_dataframe()  # read at the end of each step
    assert during["date"].tolist() == [month_label(i, m.start_month) for i in range(3)]
    assert during["month"].tolist() == [1, 2, 3]  # months simulated, this one included
    assert m.month == m.steps == 3
    assert m.date == month_label(2, m.start_month)  # after the run: the last month simulated


def test_snapshots_keep_every_nth_month_and_the_last_once(make_model, small_landscape):
    from model.params import Params
    from model.simulation import ColombiaModel

    m = ColombiaModel(Params(), rng=1, landscape=small_landscape, snapshot_every=5)
    m.run(12)
    m.snapshot()
    m.snapshot()
    assert [snap.month for snap in m.snapshots] == [4, 9, 11]
    last = m.snapshots[-1]
    np.testing.assert_array_equal(last.controller, m.control.controller)
    np.testing.assert_array_equal(last.zone, m.control.zone)
    np.testing.assert_array_equal(last.displaced, m.migration.households.per_cell(m.land.shape))
    assert last.displaced.sum() == m.outcomes["idps"].compute(m)
    np.testing.assert_allclose(last.cocaine_t, m.trafficking.month.through_kg / 1000.0)
    assert last.cocaine_t.sum() > 0 and not last.cocaine_t[~m.land].any()


def test_every_array_an_agent_reads_exists_after_set_up(make_model):
    m = make_model(seed=2)
    shape = m.land.shape
    n_groups = len(m.groups)
    arrays = {
        "forces.effective": (m.forces.effective, (n_groups + 1, *shape)),
        "forces.state": (m.forces.state, shape),
        "forces.armed_presence": (m.forces.armed_presence, shape),
        "rents.layers": (m.rents.layers, (4, *shape)),
        "rents.group_value": (m.rents.group_value, (n_groups, *shape)),
        "migration.confined_share": (m.migration.confined_share, shape),
        "control.controller": (m.control.controller, shape),
        "coca.grievance": (m.coca.grievance, shape),
    }
    for name, (array, expected) in arrays.items():
        assert array.shape == expected, name
    assert m.forces.armed_presence.sum() > 0 and m.rents.group_value.sum() > 0
    for group in m.groups:
        assert group.home.shape == shape and len(group.fronts) > 0


def test_property_layers_are_the_four_read_and_the_model_views_share_them(make_model):
    m = make_model(seed=3)
    for name in ("state_presence", "residents", "coca_ha", "violence"):
        assert hasattr(m.grid, name), name
    for name in ("controller", "zone", "armed_force", "state_force", "population", "gold"):
        assert not hasattr(m.grid, name), name  # stored once, elsewhere (or not at all)
    m.presence[0, 0] = 0.123
    assert m.grid.state_presence.data[0, 0] == 0.123  # one copy, not two
    assert np.shares_memory(m.population, m.grid.residents.data)
