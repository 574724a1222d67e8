"""The fronts as arrays (agents/front_roster.py; issue 15): the agents' state, row for row.

``model.front_roster`` must hold, at every moment, what walking ``model.armed_units`` gives:
the same fronts in the same order, each one's cell, base, group, fighters and ``unique_id``,
and arrival stamps that order the fronts of a cell as its Mesa agent list does. What reads the
roster instead of the walk must give the walk's bytes: the mobile force
(``model/forces.py``) and the fronts by cell of the security units' turn
(``agents/security_turn.py``, whose walk is kept as ``_fronts_by_cell``).
"""

from __future__ import annotations

import numpy as np

from agents.front import ArmedUnit
from agents.kernels_front_moves import ARRIVAL
from agents.security_turn import _fronts_by_cell, fronts_by_cell
from model.forces import mobile_force
from model.params import Params
from model.simulation import ColombiaModel


def check_roster(m) -> None:
    """The roster is the walk over the agents."""
    roster = m.front_roster
    fronts = list(m.armed_units)
    assert roster.fronts == fronts
    rows = [[*f.cell.coordinate, *f.base, f.group.index, f.fighters, f.unique_id] for f in fronts]
    assert roster.table[:, :ARRIVAL].tolist() == rows
    assert [f._row for f in fronts] == list(range(len(fronts)))
    stamps = roster.table[:, ARRIVAL]
    assert len(stamps) == 0 or roster.stamp > stamps.max()
    row = {f: k for k, f in enumerate(fronts)}
    for cell in {f.cell for f in fronts}:
        here = [row[a] for a in cell.agents if isinstance(a, ArmedUnit)]
        assert stamps[here].tolist() == sorted(stamps[here].tolist())
    # what reads the roster gives the walk's arrays
    args = (m.control.n_actors, m.land.shape, m.params.security.garrison_share)
    units = m.security_roster
    from_roster = mobile_force(units, roster, *args)  # compiled, model/kernels_forces.py
    assert from_roster.tobytes() == mobile_force(units, fronts, *args).tobytes()
    walked = mobile_force(list(m.security_units), fronts, *args)  # the walks and np.add.at
    assert from_roster.tobytes() == walked.tobytes()
    walked = _fronts_by_cell(fronts, m.land.shape)
    for a, b in zip(fronts_by_cell(roster, m.land.shape), walked, strict=True):
        assert a.dtype == b.dtype and a.flags.c_contiguous
        assert a.tobytes() == b.tobytes()


def test_the_roster_follows_the_fronts_month_by_month(load_regime):
    """Fronts move, fight, split, fold and are founded: the roster keeps up (0.25 degree)."""
    m = ColombiaModel(Params(), load_regime("full_cutoff"), rng=3, resolution="0.25")
    check_roster(m)
    created = {f.unique_id for f in m.armed_units}
    for _ in range(30):  # fronts split and are sent from month 18 on
        m.step()
        check_roster(m)
    assert {f.unique_id for f in m.armed_units} - created  # (removals: the test below)


def test_moves_and_removals_by_hand(make_model):
    """A front moved, given fighters or removed outside the turns keeps the roster true."""
    m = make_model("certified", seed=4)
    fronts = list(m.armed_units)
    first, second = fronts[0], fronts[1]
    first.cell = second.cell  # joins second's cell, after it
    first.fighters += 7
    check_roster(m)
    first.cell = first.cell  # Mesa's no-op: stays where it stands in the cell's list
    check_roster(m)
    second.remove()
    check_roster(m)
    assert second._row == -1
    # many fronts: the table grows
    for _ in range(300):
        ArmedUnit(m, first.group, first.cell, 3)
    check_roster(m)
    assert m.front_roster.table.flags.c_contiguous


def test_an_empty_roster(make_model):
    m = make_model("certified", seed=4)
    for f in list(m.armed_units):
        f.remove()
    check_roster(m)
    first, here, order, fighters, groups = fronts_by_cell(m.front_roster, m.land.shape)
    assert not here.any() and len(order) == len(fighters) == len(groups) == 0
    assert np.array_equal(first, np.zeros_like(first))
