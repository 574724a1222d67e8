"""A month of control, compiled (model/kernels_control.py), gives numpy's arrays bit for bit.

``ControlState.settle`` ran rules 2-5 as numpy expressions over ``[actor, x, y]`` arrays until
they became one compiled pass (issue 15). The numpy form stays here (:func:`settle_by_numpy`)
and the tests compare the support, collaboration, controller and zone, byte for byte, over
random worlds: force spread over many magnitudes and absent from many cells, collaboration
outside 0..1, NaN and negative zeros, with and without the state's reach.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents import fpmath
from model.control import (
    DISPUTED,
    OFF_GRID,
    STATE,
    ZONE_ARMED,
    ZONE_DISPUTED,
    ZONE_FULL_ARMED,
    ZONE_FULL_STATE,
    ZONE_OFF_GRID,
    ZONE_STATE,
    ControlState,
)
from model.params import Params


def settle_by_numpy(control: ControlState, eff: np.ndarray, state_reach: np.ndarray | None):
    """``ControlState.settle`` as numpy wrote it; returns support, collaboration, codes."""
    p = control.params
    powered = fpmath.power(eff, p.csf_decisiveness)  # numpy's own on a CPU without AVX-512
    total_powered = powered.sum(axis=0)
    share = np.divide(powered, total_powered, out=np.zeros_like(powered), where=total_powered > 0)
    total_force = eff.sum(axis=0)
    saturation = total_force / (total_force + p.force_half_saturation)
    c = control.collaboration.copy()
    growth = p.collaboration_growth * share * saturation
    if state_reach is not None:
        growth[STATE] *= state_reach
    c += growth * (1.0 - c) - p.collaboration_decay * c
    np.clip(c, 0.0, 1.0, out=c)
    weight = p.force_weight * saturation
    support = weight * share + (1.0 - weight) * c
    leader = np.argmax(support, axis=0)
    lead = np.take_along_axis(support, leader[None], axis=0)[0]
    controlled = lead >= p.control_threshold
    full = lead >= p.full_control_threshold
    controller = np.where(controlled, leader, DISPUTED)
    zone = np.full(leader.shape, ZONE_DISPUTED, dtype=np.int8)
    is_state = leader == STATE
    full &= controlled
    zone[controlled & is_state] = ZONE_STATE
    zone[full & is_state] = ZONE_FULL_STATE
    zone[controlled & ~is_state] = ZONE_ARMED
    zone[full & ~is_state] = ZONE_FULL_ARMED
    controller = np.where(control.land, controller, OFF_GRID).astype(np.int8)
    zone = np.where(control.land, zone, ZONE_OFF_GRID).astype(np.int8)
    return support, c, controller, zone


def random_world(seed: int, odd: bool) -> tuple[ControlState, np.ndarray, np.ndarray | None]:
    rng = np.random.default_rng(seed)
    n_groups = int(rng.integers(1, 6))
    shape = tuple(int(v) for v in rng.integers(1, 40, 2))
    params = Params().control
    if seed % 3 == 1:  # thresholds that make every zone appear, full below plain too
        params = params.model_copy(
            update={"control_threshold": 0.2, "full_control_threshold": 0.15}
        )
    control = ControlState(params, rng.random(shape) < 0.8, n_groups)
    a = n_groups + 1
    eff = np.where(rng.random((a, *shape)) < 0.4, rng.lognormal(2.0, 3.0, (a, *shape)), 0.0)
    control.collaboration = rng.uniform(-0.05, 1.05, (a, *shape))
    reach = rng.uniform(0.0, 1.0, shape) if seed % 2 else None
    if odd:
        eff[0, 0, 0] = np.nan
        eff[-1, -1, -1] = np.inf
        control.collaboration[0, -1, 0] = -0.0
        control.collaboration[-1, 0, -1] = np.nan
        control.collaboration[:, 0, shape[1] // 2] = 0.5  # ties between actors
        eff[:, 0, shape[1] // 2] = 1.0
    return control, eff, reach


@pytest.mark.parametrize("odd", [False, True], ids=["world", "nan-and-zeros"])
@pytest.mark.parametrize("seed", range(12))
def test_settle_matches_numpy_bit_for_bit(seed: int, odd: bool) -> None:
    control, eff, reach = random_world(seed, odd)
    with np.errstate(invalid="ignore"):  # inf - inf, 0 * inf in the odd cells
        support, collaboration, controller, zone = settle_by_numpy(control, eff, reach)
    control.settle(eff, reach)
    assert control.support.tobytes() == support.tobytes()
    assert control.collaboration.tobytes() == collaboration.tobytes()
    assert control.controller.dtype == np.int8 and control.zone.dtype == np.int8
    np.testing.assert_array_equal(control.controller, controller)
    np.testing.assert_array_equal(control.zone, zone)


def test_every_zone_is_met_by_the_random_worlds() -> None:
    """The comparison above is not vacuous: the worlds hold every zone and controller kind."""
    zones: set[int] = set()
    for seed in range(12):
        control, eff, reach = random_world(seed, odd=False)
        control.settle(eff, reach)
        zones |= set(np.unique(control.zone).tolist())
    assert zones == {
        ZONE_OFF_GRID,
        ZONE_FULL_STATE,
        ZONE_STATE,
        ZONE_DISPUTED,
        ZONE_ARMED,
        ZONE_FULL_ARMED,
    }


def test_warm_up_repeats_settle() -> None:
    """Settling under frozen forces month after month: each month as numpy would."""
    control, eff, reach = random_world(5, odd=False)
    copy = ControlState(control.params, control.land, control.n_actors - 1)
    copy.collaboration = control.collaboration.copy()
    control.warm_up(eff, 4, reach)
    for _ in range(4):
        support, copy.collaboration, controller, zone = settle_by_numpy(copy, eff, reach)
    assert control.collaboration.tobytes() == copy.collaboration.tobytes()
    assert control.support.tobytes() == support.tobytes()
    np.testing.assert_array_equal(control.zone, zone)


@pytest.mark.parametrize("odd", [False, True], ids=["world", "nan-and-zeros"])
@pytest.mark.parametrize("seed", range(12))
def test_settle_by_actor_is_the_cell_by_cell_kernel(seed: int, odd: bool) -> None:
    """The vectorized settle (rule by rule over rows of cells; issue 15) against the cell-by-cell
    kernel it replaced, and a collaboration that is not C-ordered takes that kernel."""
    control, eff, reach = random_world(seed, odd)
    other = ControlState(control.params, control.land, control.n_actors - 1)
    other.collaboration = np.asfortranarray(control.collaboration.copy())  # cell by cell
    with np.errstate(invalid="ignore"):
        control.settle(eff, reach)
        other.settle(eff, reach)
    assert control.collaboration.flags.c_contiguous and other.collaboration.flags.f_contiguous
    assert control.support.tobytes() == other.support.tobytes()
    assert control.collaboration.tobytes() == np.ascontiguousarray(other.collaboration).tobytes()
    assert control.controller.tobytes() == other.controller.tobytes()
    assert control.zone.tobytes() == other.zone.tobytes()
