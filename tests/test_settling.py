"""The fronts' settling at set-up (model/settling.py): compiled rounds, bit for bit (issue 15).

``settle_round`` moves every front once over arrays (``model/kernels_settle.py``);
``python_round`` keeps the form it replaced (each front's ``ArmedUnit.move`` on a month's plan).
Two models of the same seed are built, one settling with each, and must agree on everything the
set-up leaves: every front's cell, the order of the agents on every cell, control, forces, rents
and both random streams.
"""

from __future__ import annotations

import pytest

import model.settling as settling
import model.simulation as simulation
from model.params import Params
from model.simulation import ColombiaModel


def setup_state(model: ColombiaModel) -> bytes:
    """What the settling rounds (and everything after them in the set-up) leave, as bytes."""
    fronts = [(f.unique_id, f.fighters, f.cell.coordinate, f.base) for f in model.armed_units]
    cells = [[a.unique_id for a in cell._agents] for cell in model.grid._celllist]
    parts = [
        repr(fronts).encode(),
        repr(cells).encode(),
        repr(model.rng.bit_generator.state).encode(),
        repr(model.random.getstate()).encode(),
        model.control.collaboration.tobytes(),
        model.control.support.tobytes(),
        model.control.controller.tobytes(),
        model.forces.effective.tobytes(),
        model.rents.group_value.tobytes(),
        model.front_roster.table.tobytes(),  # cells and arrival stamps
        repr(model.front_roster.stamp).encode(),
        model.grid.empty.data.tobytes(),
    ]
    return b"".join(parts)


def _params(start: str | None) -> Params:
    return Params.from_overrides({"simulation.start_month": start} if start else {})


@pytest.mark.parametrize(
    ("resolution", "start", "seed"),
    [("0.25", None, 1), ("0.25", None, 7), ("0.25", "2018-01", 3), ("synthetic", None, 2)],
)
def test_compiled_settling_is_the_python_rounds(
    resolution: str, start: str | None, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = settling._compiled_round
    counts = {"compiled": 0}

    def counted(*args):
        counts["compiled"] += 1
        return compiled(*args)

    monkeypatch.setattr(settling, "_compiled_round", counted)
    fast = ColombiaModel(_params(start), rng=seed, resolution=resolution)
    rounds = fast.params.simulation.front_settling_rounds
    assert rounds > 0 and counts["compiled"] == rounds
    monkeypatch.setattr(settling, "settle_round", settling.python_round)
    slow = ColombiaModel(_params(start), rng=seed, resolution=resolution)
    assert counts["compiled"] == rounds
    assert setup_state(fast) == setup_state(slow)
    assert fast.front_month is None and slow.front_month is None


@pytest.mark.parametrize("seed", [1, 4])
def test_compiled_settling_chases_as_the_python_rounds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With wars on while fronts settle (none are at set-up: forced here), fronts chase alike."""
    settle = settling.settle_fronts

    def at_war(model: ColombiaModel, rounds: int) -> None:
        model.wars.enter(0)  # 2025-03: the ELN's wars in Arauca, Catatumbo and Chocó
        assert len(model.wars.active) >= 3
        settle(model, rounds)

    params = Params.from_overrides({"simulation.start_month": "2025-03"})
    monkeypatch.setattr(simulation, "settle_fronts", at_war)
    fast = ColombiaModel(params, rng=seed)
    monkeypatch.setattr(settling, "settle_round", settling.python_round)
    slow = ColombiaModel(params, rng=seed)
    assert setup_state(fast) == setup_state(slow)


@pytest.mark.parametrize("seed", [1, 3])
def test_the_rosters_occupancy_is_the_fronts(seed: int) -> None:
    """The compiled round reads the occupancy from the roster: the fronts' own, bit for bit."""
    from agents.front_month import _occupancy, occupancy
    from agents.kernels_front_moves import FIGHTERS, OWNER, X, Y

    model = ColombiaModel(Params(), rng=seed)
    for _ in range(3):
        fronts, table = model.front_roster.fronts, model.front_roster.table
        shape, n_actors = model.land.shape, model.forces.effective.shape[0]
        mine = _occupancy(
            table[:, OWNER], table[:, X], table[:, Y], table[:, FIGHTERS], n_actors, shape
        )
        assert mine.tobytes() == occupancy(fronts, n_actors, shape).tobytes()
        model.step()
