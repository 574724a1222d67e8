"""The force stack (model/forces.py) on tiny grids, with stand-in units and fronts."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from model.control import STATE, ControlState
from model.forces import Forces, mobile_force, police
from model.params import ControlParams

SHAPE = (6, 5)


def unit(base: tuple[int, int], at: tuple[int, int], strength: float) -> SimpleNamespace:
    return SimpleNamespace(
        base=SimpleNamespace(coordinate=base),
        cell=SimpleNamespace(coordinate=at),
        strength=strength,
    )


def front(index: int, at: tuple[int, int], fighters: int) -> SimpleNamespace:
    return SimpleNamespace(
        group=SimpleNamespace(index=index), cell=SimpleNamespace(coordinate=at), fighters=fighters
    )


def test_a_unit_splits_its_strength_between_its_garrison_and_where_it_stands():
    force = mobile_force([unit((1, 1), (4, 3), 400.0)], [], 2, SHAPE, garrison_share=0.25)
    assert force[STATE][1, 1] == pytest.approx(100.0)
    assert force[STATE][4, 3] == pytest.approx(300.0)
    assert force[STATE].sum() == pytest.approx(400.0)
    assert not force[1].any()


def test_a_unit_at_its_base_keeps_its_whole_strength_there():
    force = mobile_force([unit((2, 2), (2, 2), 400.0)], [], 2, SHAPE, garrison_share=0.25)
    assert force[STATE][2, 2] == pytest.approx(400.0)


def test_fronts_add_their_fighters_to_their_groups_row():
    fronts = [front(1, (0, 0), 60), front(1, (0, 0), 40), front(2, (5, 4), 7)]
    force = mobile_force([], fronts, 3, SHAPE, garrison_share=0.5)
    assert force[1][0, 0] == 100.0 and force[2][5, 4] == 7.0
    assert force.sum() == 107.0 and not force[STATE].any()


def test_police_scale_with_presence():
    presence = np.linspace(0.0, 1.0, 30).reshape(SHAPE)
    np.testing.assert_allclose(police(presence, 250.0), 250.0 * presence)


def test_forces_refresh_projects_and_sums_the_armed_groups():
    land = np.ones(SHAPE, dtype=bool)
    control = ControlState(ControlParams(spillover=0.5), land, 2)
    forces = Forces(control, SHAPE, garrison_share=0.0, police_per_cell=100.0)
    assert not forces.effective.any() and forces.armed_presence.shape == SHAPE  # before refresh
    presence = np.zeros(SHAPE)
    presence[3, 3] = 1.0
    forces.refresh(
        [unit((3, 3), (3, 3), 50.0)], [front(1, (1, 1), 80), front(2, (1, 2), 20)], presence
    )
    # police hold their own cell only; the unit projects half its force one ring out
    assert forces.state[3, 3] == pytest.approx(150.0)
    assert forces.state[2, 3] == pytest.approx(25.0)
    np.testing.assert_allclose(forces.armed_presence, forces.effective[1] + forces.effective[2])
    assert forces.armed_presence[1, 1] == pytest.approx(80.0 + 0.5 * 20.0)
