"""Control's warm-up, compiled (model/kernels_warmup.py), is month-by-month settling bit for bit.

``ControlState.warm_up`` runs every month but the last as one compiled pass over each cell's
collaboration (issue 15); ``ControlState.warm_up_by_month`` keeps the form it replaced (a whole
settle each month). Both run on the random worlds of ``tests/test_kernels_control.py`` (NaN,
infinite force, negative zeros, collaboration outside 0..1, with and without the state's reach)
and must leave the same collaboration, support, controller and zone, byte for byte.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.control import ControlState
from tests.test_kernels_control import random_world


def _twin(control: ControlState) -> ControlState:
    twin = ControlState(control.params, control.land, control.n_actors - 1)
    twin.collaboration = control.collaboration.copy()
    return twin


def _state(control: ControlState) -> bytes:
    parts = (control.collaboration, control.support, control.controller, control.zone)
    return b"".join(np.ascontiguousarray(a).tobytes() for a in parts)


@pytest.mark.parametrize("months", [0, 1, 2, 7, 36])
@pytest.mark.parametrize("odd", [False, True], ids=["world", "nan-and-zeros"])
@pytest.mark.parametrize("seed", range(8))
def test_warm_up_is_settling_month_by_month(seed: int, odd: bool, months: int) -> None:
    fast, eff, reach = random_world(seed, odd)
    slow = _twin(fast)
    with np.errstate(invalid="ignore"):  # inf - inf, 0 * inf in the odd cells
        fast.warm_up(eff, months, reach)
        slow.warm_up_by_month(eff, months, reach)
    assert _state(fast) == _state(slow)


def test_warm_up_twice_as_at_set_up() -> None:
    """Two warm-ups in a row (the set-up's, before and after the fronts settle) agree too."""
    fast, eff, reach = random_world(4, odd=False)
    slow = _twin(fast)
    for scale in (1.0, 3.0):
        fast.warm_up(eff * scale, 36, reach)
        slow.warm_up_by_month(eff * scale, 36, reach)
        assert _state(fast) == _state(slow)


def test_warm_up_of_a_strided_collaboration_takes_the_monthly_path() -> None:
    """A collaboration that is not a C-contiguous float array is settled month by month."""
    fast, eff, reach = random_world(6, odd=False)
    slow = _twin(fast)
    fast.collaboration = np.asfortranarray(fast.collaboration)
    fast.warm_up(eff, 5, reach)
    slow.warm_up_by_month(eff, 5, reach)
    np.testing.assert_array_equal(fast.collaboration, slow.collaboration)
    assert _state(fast) == _state(slow)
