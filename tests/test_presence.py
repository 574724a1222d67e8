"""State presence's month compiled (model/kernels_presence.py; issue 15).

Kept here: ``update_presence``'s rules as they were written with numpy. The compiled pass must
give the same bytes on random grids (presence outside 0..1, NaN and negative zeros included,
units sharing cells) and over months of the model.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.control import DISPUTED, OFF_GRID, ControlParams, ControlState
from model.params import Params
from model.presence import update_presence


def presence_by_numpy(presence, base, control, unit_positions, presence_input, params):
    """``update_presence`` as it was written (a new array; the argument is left alone)."""
    presence = presence.copy()
    unit_cells = np.zeros_like(presence)
    unit_cells[unit_positions[:, 0], unit_positions[:, 1]] = 1.0
    state = control.is_state()
    armed = control.is_armed()
    disputed = control.is_disputed()
    target = base * (0.5 + 0.5 * presence_input)
    presence += params.presence_growth * (target - presence) * state
    presence += params.unit_presence_boost * unit_cells * (1.0 - presence)
    presence -= params.presence_erosion * presence * (armed + 0.5 * disputed)
    np.clip(presence, 0.0, 1.0, out=presence)
    return presence


def odd(rng, shape):
    a = rng.random(shape) * rng.choice([1.0, 1.5, -0.5, 0.0], shape, p=[0.7, 0.1, 0.1, 0.1])
    a[rng.random(shape) < 0.03] = -0.0
    a[rng.random(shape) < 0.02] = np.nan
    return a


@pytest.mark.parametrize("seed", range(30))
def test_the_compiled_presence_is_the_numpy_forms(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 25)), int(rng.integers(1, 25)))
    n_groups = int(rng.integers(1, 5))
    control = ControlState(ControlParams(), rng.random(shape) < 0.8, n_groups)
    overrides = {
        "state.presence_growth": float(rng.choice([0.0, 0.05, rng.random()])),
        "state.unit_presence_boost": float(rng.choice([0.0, 0.1, rng.random()])),
        "state.presence_erosion": float(rng.choice([0.0, 0.02, rng.random()])),
    }
    params = Params.from_overrides(overrides).state
    presence = odd(rng, shape)
    structural = odd(rng, shape)
    for _ in range(4):
        control.controller = rng.choice(  # every code the control state can hold
            np.array([OFF_GRID, DISPUTED, *range(n_groups + 1)], dtype=np.int8), shape
        )
        n = int(rng.integers(0, 40))
        units = np.column_stack([rng.integers(0, shape[0], n), rng.integers(0, shape[1], n)])
        effort = float(rng.choice([0.0, 1.0, rng.random() * 2]))
        with np.errstate(all="ignore"):
            expected = presence_by_numpy(presence, structural, control, units, effort, params)
            update_presence(presence, structural, control, units, effort, params)
        assert presence.tobytes() == expected.tobytes()


def test_the_models_presence_is_the_numpy_forms_month_by_month(make_model):
    m = make_model("certified", seed=1)
    for _ in range(5):
        m.step()
        before = m.presence.copy()
        xy = m.security_roster.xy
        effort = m.inputs.presence_growth
        expected = presence_by_numpy(before, m.presence_base, m.control, xy, effort, m.params.state)
        update_presence(m.presence, m.presence_base, m.control, xy, effort, m.params.state)
        assert m.presence.tobytes() == expected.tobytes()
