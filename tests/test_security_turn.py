"""The security units' turn in one compiled call (agents/security_turn.py; issue 15).

Kept here: the turn it replaced, Mesa's ``shuffle_do("step")`` over the units with the month's
searches prepared (``SecurityUnit.step`` in Python, numpy's and ``model.random``'s draws). Both
turns run on twin models month after month and everything they touch must match bit for bit:
both random streams, every unit's and front's cell, fighters and group totals, the cells' agent
lists, the month's counts and the violence layer. CPython's draws in numba
(``agents/kernels_twister.py``) are compared with ``random.Random`` in
``tests/test_kernels_twister.py``.
"""

from __future__ import annotations

import pytest

import agents.front_turn as front_turn
import model.simulation as simulation
from agents.security_month import SecurityMonth
from model.forces import mobile_force
from model.params import Params
from runs.catalog import load_regime

#: every group in a ceasefire from the second month, for six months
CEASEFIRE = {"start": "2025-10", "months": 6}


def turn_in_python(model, *_sets, hand_on: bool = False) -> None:
    """The turn as it was: each unit's ``step`` in Mesa's random order.

    It leaves ``model.random`` its state (hands nothing on to the fronts' turn).
    """
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
        m.grid.empty.data.tobytes(),  # Mesa's layer, written by the moves
        m.front_roster.table.tobytes(),
        m.security_roster.xy.tobytes(),
        m.security_roster.engaged.tobytes(),
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


def test_the_state_handed_on_is_the_state_given_back(monkeypatch, make_model):
    """The month hands model.random's state from the units' turn to the fronts' (no setstate
    and getstate between): the same months as giving it back, in the compiled fronts' turn
    and in their Python turn (which gives it to model.random before Mesa's shuffle)."""
    compiled = simulation.run_security_turn

    def given_back(model, units, fronts, hand_on: bool = False) -> None:
        assert hand_on  # what the month asks for
        return compiled(model, units, fronts)

    for fronts in (simulation.fronts_turn, front_turn.python_turn):
        monkeypatch.setattr(simulation, "fronts_turn", fronts)
        handed, given = make_model("certified", seed=5), make_model("certified", seed=5)
        for month in range(4):
            handed.step()
            monkeypatch.setattr(simulation, "run_security_turn", given_back)
            given.step()
            monkeypatch.setattr(simulation, "run_security_turn", compiled)
            assert state(handed) == state(given), f"month {month}"
        monkeypatch.undo()


@pytest.mark.slow
def test_the_compiled_turn_is_the_python_turn_at_quarter_degree(monkeypatch):
    """The default model, a year of it."""
    regime = load_regime("certified")

    def make():
        return simulation.ColombiaModel(Params(), regime, rng=4, resolution="0.25")

    assert twin_months(monkeypatch, make, months=12) > 0


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
