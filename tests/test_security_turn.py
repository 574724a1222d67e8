"""The security units' turn in one compiled call (agents/security_turn.py; issue 15).

Kept here: the turn it replaced, Mesa's ``shuffle_do("step")`` over the units with the month's
searches prepared (``SecurityUnit.step`` in Python, numpy's and ``model.random``'s draws). Both
turns run on twin models month after month and everything they touch must match bit for bit:
both random streams, every unit's and front's cell, fighters and group totals, the cells' agent
lists, the month's counts and the violence layer. Also CPython's ``random()`` in numba
(``agents/kernels_pyrandom.py``, on ``agents/kernels_twister.py``) against ``random.Random``.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

import model.simulation as simulation
from agents.kernels_pyrandom import random_double
from agents.kernels_twister import randbelow, set_twister_state, twister_state
from agents.security_month import SecurityMonth
from model.forces import mobile_force
from model.params import Params
from runs.catalog import load_regime

#: every group in a ceasefire from the second month, for six months
CEASEFIRE = {"start": "2025-10", "months": 6}


def turn_in_python(model, *_sets) -> None:
    """The turn as it was: each unit's ``step`` in Mesa's random order."""
    model.security_month = SecurityMonth(model, model.security_units)
    model.security_units.shuffle_do("step")
    model.security_month = None


def state(m) -> tuple:
    """Everything the security units' turn reads or writes, and both random streams."""
    return (
        m.random.getstate(),
        m.rng.bit_generator.state,
        [(u.unique_id, u.cell.coordinate, u.engaged) for u in m.security_units],
        [(f.unique_id, f.cell.coordinate, f.fighters, type(f.fighters)) for f in m.armed_units],
        [g._members for g in m.groups],
        sorted(m.events._counts.items()),
        m.violence.tobytes(),
        [[a.unique_id for a in u.cell.agents] for u in m.security_units],
    )


def twin_months(monkeypatch, make, months: int) -> int:
    """Step a model with each turn ``months`` times; return the fights seen."""
    compiled = simulation.run_security_turn
    assert make().params.simulation.start_month < "2025-10"  # the ceasefire case starts later
    fast, slow = make(), make()
    fights = 0
    for month in range(months):
        monkeypatch.setattr(simulation, "run_security_turn", turn_in_python)
        slow.step()
        monkeypatch.setattr(simulation, "run_security_turn", compiled)
        fast.step()
        assert state(slow) == state(fast), f"month {month}"
        fights += sum(u.engaged for u in fast.security_units)
    return fights


@pytest.mark.parametrize(
    ("regime", "seed", "overrides"),
    [
        ("certified", 0, None),
        ("full_cutoff", 1, None),
        # every group in a ceasefire: the units draw whether to engage each front
        ("certified", 2, {f"government.future_ceasefire_{k}": v for k, v in CEASEFIRE.items()}),
        # few aircraft: units stranded outside their patrol area head home
        ("full_cutoff", 3, {"security.n_units": 40, "security.n_vetted": 20}),
    ],
)
def test_the_compiled_turn_is_the_python_turn(monkeypatch, make_model, regime, seed, overrides):
    fights = twin_months(
        monkeypatch, lambda: make_model(regime, seed=seed, overrides=overrides), months=10
    )
    assert fights > 0  # the fights' draws were compared, not only the moves


@pytest.mark.slow
def test_the_compiled_turn_is_the_python_turn_at_quarter_degree(monkeypatch):
    """The default model, a year of it."""
    regime = load_regime("certified")

    def make():
        return simulation.ColombiaModel(Params(), regime, rng=4, resolution="0.25")

    assert twin_months(monkeypatch, make, months=12) > 0


@pytest.mark.parametrize("seed", range(4))
def test_pythons_random_in_numba_is_pythons(seed):
    """``random()`` interleaved with ``randrange(n)``, over many regenerations of the state."""
    source = np.random.default_rng(seed)
    theirs = random.Random(seed)
    ours_rnd = random.Random(seed)
    for _ in range(seed * 7):  # start anywhere in the 624 words
        theirs.random(), ours_rnd.random()
    ours, spare = twister_state(ours_rnd)
    for i in range(6000):
        if source.random() < 0.6:
            assert random_double(ours) == theirs.random(), i
        else:
            n = int(source.choice([1, 2, 3, 7, 100, 1000, 2**31, 2**32 - 1]))
            assert randbelow(ours, n) == theirs.randrange(n), (i, n)
    set_twister_state(ours_rnd, ours, spare)
    assert ours_rnd.getstate() == theirs.getstate()
    assert ours_rnd.random() == theirs.random()


def test_the_roster_follows_the_units_and_gives_the_walks_mobile_force(make_model):
    """``model.security_roster`` is where the units stand; the force from it is the walk's."""
    m = make_model("full_cutoff", seed=5)
    roster = m.security_roster
    units = list(m.security_units)
    assert roster.units == units
    for _ in range(4):
        m.step()
        assert roster.xy.tolist() == [list(u.cell.coordinate) for u in units]
        assert roster.base.tolist() == [list(u.base.coordinate) for u in units]
        assert roster.vetted.tolist() == [u.vetted for u in units]
        assert roster.strengths().tolist() == [u.strength for u in units]
        args = (m.armed_units, m.control.n_actors, m.land.shape, m.params.security.garrison_share)
        assert mobile_force(roster, *args).tobytes() == mobile_force(units, *args).tobytes()
    unit = units[0]
    x, y = unit.base.coordinate
    unit.cell = m.grid[x, y]  # a move by hand is kept too
    assert roster.xy[unit.row].tolist() == [x, y]
