"""Set-up placement (model/placement.py): the compiled settling rounds, bit for bit (issue 15).

``settle_round`` moves every front once over arrays (``model/kernels_settle.py``);
``python_round`` keeps the form it replaced (each front's ``ArmedUnit.move`` on a month's plan).
Two models of the same seed are built, one settling with each, and must agree on everything the
set-up leaves: every front's cell, the order of the agents on every cell, control, forces, rents
and both random streams.
"""

from __future__ import annotations

import numpy as np
import pytest

import model.placement as placement
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
    compiled = placement._compiled_round
    counts = {"compiled": 0}

    def counted(*args):
        counts["compiled"] += 1
        return compiled(*args)

    monkeypatch.setattr(placement, "_compiled_round", counted)
    fast = ColombiaModel(_params(start), rng=seed, resolution=resolution)
    rounds = fast.params.simulation.front_settling_rounds
    assert rounds > 0 and counts["compiled"] == rounds
    monkeypatch.setattr(placement, "settle_round", placement.python_round)
    slow = ColombiaModel(_params(start), rng=seed, resolution=resolution)
    assert counts["compiled"] == rounds
    assert setup_state(fast) == setup_state(slow)
    assert fast.front_month is None and slow.front_month is None


@pytest.mark.parametrize("seed", [1, 4])
def test_compiled_settling_chases_as_the_python_rounds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With wars on while fronts settle (none are at set-up: forced here), fronts chase alike."""
    settle = placement.settle_fronts

    def at_war(model: ColombiaModel, rounds: int) -> None:
        model.wars.enter(0)  # 2025-03: the ELN's wars in Arauca, Catatumbo and Chocó
        assert len(model.wars.active) >= 3
        settle(model, rounds)

    params = Params.from_overrides({"simulation.start_month": "2025-03"})
    monkeypatch.setattr(simulation, "settle_fronts", at_war)
    fast = ColombiaModel(params, rng=seed)
    monkeypatch.setattr(placement, "settle_round", placement.python_round)
    slow = ColombiaModel(params, rng=seed)
    assert setup_state(fast) == setup_state(slow)


@pytest.mark.parametrize("seed", range(8))
def test_sample_cells_draws_as_numpys_choice(seed: int) -> None:
    """``sample_cells`` gives ``rng.choice``'s cells and leaves the generator as it does."""
    make = np.random.default_rng(seed)
    shape = (int(make.integers(1, 60)), int(make.integers(1, 70)))
    land = make.random(shape) < make.random()
    weights = make.random(shape) ** make.uniform(0.1, 8.0)
    weights[make.random(shape) < 0.2] = 0.0
    for area in (land, land & (make.random(shape) < 0.05), np.zeros(shape, dtype=bool)):
        for n in (0, 1, 2, 7, 300):
            fast, slow = np.random.default_rng(seed + 100), np.random.default_rng(seed + 100)
            drawn = placement.sample_cells(fast, area, weights, n)
            assert drawn == placement.sample_cells_choice(slow, area, weights, n)
            assert fast.bit_generator.state == slow.bit_generator.state
            assert all(type(c) is int for cell in drawn for c in cell)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # choice's own division
@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_sample_cells_refuses_what_choice_refuses(bad: float) -> None:
    land = np.ones((3, 4), dtype=bool)
    weights = np.ones((3, 4))
    weights[1, 2] = bad
    with pytest.raises(ValueError):
        placement.sample_cells_choice(np.random.default_rng(0), land, weights, 2)
    with pytest.raises(ValueError):
        placement.sample_cells(np.random.default_rng(0), land, weights, 2)
