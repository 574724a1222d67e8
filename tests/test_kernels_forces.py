"""The month's forces, compiled (model/kernels_forces.py), give numpy's arrays bit for bit.

``Forces.refresh`` projected the mobile force and formed the contest with numpy expressions
until they became one compiled pass over cells (issue 15). The numpy form stays here
(:func:`project_by_numpy`) and the tests compare every array ``Forces.project`` sets, byte for
byte, over random worlds: with and without home territories, home advantage and the security
units' access, presence outside 0..1 with NaN and negative zeros, negative, NaN and infinite
force.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.control import STATE, ControlState
from model.forces import Forces, home_defence, police
from model.params import Params
from model.spread import spread


def project_by_numpy(forces: Forces, mobile: np.ndarray, presence: np.ndarray) -> dict:
    """``Forces.refresh`` after the mobile force, as numpy wrote it."""
    control = forces.control
    n_actors = control.n_actors
    cops = police(presence, forces.police_per_cell)
    effective = spread(mobile, control.kernel)  # ControlState.effective_force
    effective[0] += cops
    effective = effective * control.land
    if forces.access is not None:
        land = control.land
        own = mobile[STATE] * land
        projected = effective[STATE] - cops * land - own
        effective[STATE] = cops * land + own + projected * forces.access
    armed_presence = effective[1:].sum(axis=0)
    state_reach = forces.state_reach_floor + (1.0 - forces.state_reach_floor) * presence
    contest = effective.copy()
    units = effective[STATE] - cops * control.land
    contest[STATE] = cops * control.land + units * state_reach
    contest[1:] *= home_defence(forces.home, presence, forces.home_advantage, n_actors - 1)
    return {
        "police": cops,
        "effective": effective,
        "armed_presence": armed_presence,
        "state_reach": state_reach,
        "contest": contest,
    }


def random_forces(seed: int, odd: bool) -> tuple[Forces, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_groups = int(rng.integers(0, 5))
    shape = tuple(int(v) for v in rng.integers(1, 30, 2))
    control = ControlState(Params().control, rng.random(shape) < 0.8, n_groups)
    home = rng.uniform(0.0, 1.0, (n_groups + int(rng.integers(0, 2)), *shape))
    forces = Forces(
        control,
        shape,
        garrison_share=0.3,
        police_per_cell=float(rng.uniform(0.0, 500.0)),
        state_reach_floor=float(rng.uniform(0.0, 1.0)),
        home=home if seed % 3 else None,
        home_advantage=[0.0, 0.8, 2.5][seed % 3] if seed % 4 else 0.0,
        access=rng.uniform(0.0, 1.0, shape) if seed % 2 else None,
    )
    a = n_groups + 1
    mobile = np.where(rng.random((a, *shape)) < 0.2, rng.lognormal(3.0, 2.0, (a, *shape)), 0.0)
    presence = rng.uniform(-0.1, 1.1, shape)
    if odd:
        mobile[0, 0, 0] = -7.0
        mobile[-1, -1, -1] = np.nan
        mobile[0, -1, 0] = np.inf
        presence[0, 0] = -0.0
        presence[-1, -1] = np.nan
    return forces, mobile, presence


@pytest.mark.parametrize("odd", [False, True], ids=["world", "odd-values"])
@pytest.mark.parametrize("seed", range(16))
def test_forces_match_numpy_bit_for_bit(seed: int, odd: bool) -> None:
    forces, mobile, presence = random_forces(seed, odd)
    with np.errstate(invalid="ignore"):  # inf - inf in the odd cells
        expected = project_by_numpy(forces, mobile, presence)
    forces.project(mobile, presence)
    assert forces.mobile.tobytes() == mobile.tobytes()
    for name, array in expected.items():
        got = getattr(forces, name)
        assert got.shape == array.shape and _bits(got) == _bits(array), name


def _bits(array: np.ndarray) -> bytes:
    """The array's bytes, every NaN as numpy's own: a NaN's sign follows the CPU's instructions.

    ``inf - inf`` gives x86's negative NaN, and numpy's AVX-512 loops carry another operand's
    NaN than its AVX2 loops do; values, infinities and signed zeros are compared bit for bit.
    """
    return np.where(np.isnan(array), np.nan, array).tobytes()


def test_the_random_worlds_take_every_branch() -> None:
    """Home edge on and off, access on and off, no groups at all: the comparison covers them."""
    seen = set()
    for seed in range(16):
        forces, _, _ = random_forces(seed, odd=False)
        edge = forces.home is not None and forces.home_advantage > 0 and forces.control.n_actors > 1
        seen.add((edge, forces.access is not None))
        seen.add(("groups", forces.control.n_actors > 1))
    assert seen >= {(True, True), (True, False), (False, True), (False, False)}
    assert {("groups", True), ("groups", False)} <= seen


def test_a_home_layer_with_too_few_groups_is_refused() -> None:
    control = ControlState(Params().control, np.ones((4, 3), dtype=bool), 3)
    with pytest.raises(ValueError, match="home must be"):
        Forces(control, (4, 3), 0.3, 100.0, home=np.zeros((2, 4, 3)), home_advantage=1.0)
