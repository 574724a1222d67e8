"""The force stack (model/forces.py) on tiny grids, with stand-in units and fronts."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from model.control import STATE, ControlState
from model.forces import Forces, home_defence, mobile_force, police, projection_access
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


def test_home_defence_is_an_edge_where_the_group_is_established_and_the_state_absent():
    home = np.zeros((2, *SHAPE))
    home[0] = 1.0
    home[1, 2, 2] = 0.5
    presence = np.zeros(SHAPE)
    presence[0, 0] = 1.0
    edge = home_defence(home, presence, 2.0, 2)
    assert edge[0, 1, 1] == pytest.approx(3.0)  # established, no state: 1 + 2 * 1 * 1
    assert edge[0, 0, 0] == pytest.approx(1.0)  # fully present state: no edge
    assert edge[1, 2, 2] == pytest.approx(2.0) and edge[1, 1, 1] == pytest.approx(1.0)
    assert home_defence(home, presence, 0.0, 2) == 1.0
    assert home_defence(None, presence, 2.0, 2) == 1.0


def _contested_world(home_strength: float, advantage: float) -> tuple[ControlState, Forces]:
    """Two cells out of each other's reach, each with the same unit and the same front.

    The state is absent from the remote one (presence 0) and fully present in the
    accessible one (presence 1); reach and police are switched off so the state brings the
    same force to both.
    """
    land = np.ones(SHAPE, dtype=bool)
    control = ControlState(ControlParams(spillover=0.5), land, 1)
    home = np.full((1, *SHAPE), home_strength)
    forces = Forces(
        control,
        SHAPE,
        garrison_share=0.0,
        police_per_cell=0.0,
        home=home,
        home_advantage=advantage,
    )
    presence = np.zeros(SHAPE)
    presence[5, 4] = 1.0
    remote, accessible = (0, 0), (5, 4)
    units = [unit(remote, remote, 100.0), unit(accessible, accessible, 100.0)]
    forces.refresh(units, [front(1, remote, 60), front(1, accessible, 60)], presence)
    control.warm_up(forces.contest, 36, forces.state_reach)
    return control, forces


def test_remote_home_territory_resists_the_state_force_that_takes_an_accessible_cell():
    control, forces = _contested_world(home_strength=1.0, advantage=2.0)
    assert forces.contest[1][0, 0] == pytest.approx(3.0 * forces.effective[1][0, 0])
    assert forces.contest[0][0, 0] == pytest.approx(forces.contest[0][5, 4])
    assert control.held_by(1, (0, 0))  # remote, established: the group rules
    assert control.held_by(STATE, (5, 4))  # same forces where the state is present


def test_a_newcomer_gets_no_edge_in_remote_territory():
    control, forces = _contested_world(home_strength=0.0, advantage=2.0)
    np.testing.assert_allclose(forces.contest[1], forces.effective[1])
    assert control.held_by(STATE, (0, 0)) and control.held_by(STATE, (5, 4))


def test_units_project_less_force_into_cells_the_state_does_not_reach():
    land = np.ones(SHAPE, dtype=bool)
    structural = np.ones(SHAPE)
    structural[:, 0] = 0.0  # a roadless column
    access = projection_access(structural, 0.25)
    np.testing.assert_allclose(access[:, 0], 0.25)
    np.testing.assert_allclose(access[:, 1:], 1.0)
    control = ControlState(ControlParams(spillover=0.5), land, 1)
    forces = Forces(control, SHAPE, garrison_share=0.0, police_per_cell=100.0, access=access)
    presence = np.zeros(SHAPE)
    presence[2, 0] = 1.0
    forces.refresh([unit((2, 1), (2, 1), 80.0)], [front(1, (2, 0), 30)], presence)
    assert forces.state[2, 1] == pytest.approx(80.0)  # its own cell: whole
    assert forces.state[3, 1] == pytest.approx(40.0)  # a reachable neighbour: half
    # a roadless neighbour: a quarter of the projection; police hold their cell whatever
    assert forces.state[2, 0] == pytest.approx(100.0 + 0.25 * 40.0)
    assert forces.state[1, 0] == pytest.approx(0.25 * 40.0)
    # a unit standing in the roadless cell holds it with its whole force
    forces.refresh([unit((1, 0), (1, 0), 80.0)], [], np.zeros(SHAPE))
    assert forces.state[1, 0] == pytest.approx(80.0)
    assert forces.armed_presence.sum() == 0.0
    no_floor = Forces(control, SHAPE, garrison_share=0.0, police_per_cell=100.0)
    no_floor.refresh([unit((1, 0), (1, 0), 80.0)], [], np.zeros(SHAPE))
    assert no_floor.state[0, 0] == pytest.approx(40.0)
