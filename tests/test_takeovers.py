"""Takeovers (model/displacement.py: Takeovers): what the control-change channel counts."""

from __future__ import annotations

import numpy as np
import pytest

from model.displacement import Takeovers

STATE, GROUP_A, GROUP_B = 0, 1, 2  # opaque controller codes of this test


def run(history: list[list[int]], months: int) -> list[list[bool]]:
    """Feed monthly controllers of a row of cells; return where each month counted a takeover."""
    first = np.array(history[0])
    takeovers = Takeovers(first, first != STATE, months)
    out = []
    for row in history:
        controller = np.array(row)
        out.append(takeovers.update(controller, controller != STATE).tolist())
    return out


def test_a_flicker_is_no_takeover_but_a_change_that_holds_is():
    history = [
        [STATE, STATE, GROUP_A],
        [GROUP_A, GROUP_A, GROUP_A],  # cell 0 and 1 change
        [STATE, GROUP_A, GROUP_A],  # cell 0 flickers back; cell 1 holds: a takeover
        [STATE, GROUP_A, GROUP_B],  # cell 2 changes hands between groups
        [STATE, GROUP_A, GROUP_B],  # ... and holds: a takeover
    ]
    got = run(history, months=2)
    assert got == [
        [False, False, False],
        [False, False, False],
        [False, True, False],
        [False, False, False],
        [False, False, True],
    ]


def test_one_month_counts_every_change_with_a_group_involved_as_before():
    history = [[STATE, GROUP_A], [GROUP_A, GROUP_A], [STATE, GROUP_B], [STATE, STATE]]
    got = run(history, months=1)
    assert got == [[False, False], [True, False], [True, True], [False, True]]


def test_a_change_between_non_armed_controllers_is_no_takeover():
    other = 9  # a second non-armed code (e.g. no controller)
    first = np.array([STATE])
    takeovers = Takeovers(first, np.array([False]), 1)
    assert not takeovers.update(np.array([other]), np.array([False])).any()


def test_the_model_counts_fewer_control_changes_with_a_longer_hold(make_model, run_events):
    def displaced(months: int) -> float:
        model = make_model(overrides={"migration.takeover_months": months})
        return sum(run_events(model, 8, ["displaced_control_change"])["displaced_control_change"])

    once, held = displaced(1), displaced(3)
    assert once > 0
    assert held < once


def update_by_numpy(state: dict, controller: np.ndarray, armed: np.ndarray, months: int):
    """``Takeovers.update`` as numpy wrote it (issue 15 compiled it: ``update_takeovers``)."""
    state["held"] = np.where(controller == state["last"], np.minimum(state["held"] + 1, months), 1)
    state["last"] = controller.copy()
    settled = state["held"] >= months
    taken = settled & (controller != state["established"]) & (armed | state["established_armed"])
    state["established"] = np.where(settled, controller, state["established"])
    state["established_armed"] = np.where(settled, armed, state["established_armed"])
    return taken


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("months", [1, 2, 4])
def test_update_is_the_numpy_form(seed, months):
    source = np.random.default_rng(seed)
    shape = (int(source.integers(1, 30)), int(source.integers(1, 20)))
    codes = np.array([-1, STATE, GROUP_A, GROUP_B, 3, 4], dtype=np.int8)  # opaque codes
    armed_codes = np.array([GROUP_A, GROUP_B, 3, 4], dtype=np.int8)

    def month():
        sticky = source.random(shape) < 0.7
        return np.where(sticky, first, codes[source.integers(0, len(codes), shape)]).astype(np.int8)

    first = codes[source.integers(0, len(codes), shape)]
    takeovers = Takeovers(first, np.isin(first, armed_codes), months)
    state = {
        "last": first.copy(),
        "held": np.full(shape, months, dtype=np.int64),
        "established": first.copy(),
        "established_armed": np.isin(first, armed_codes),
    }
    for _ in range(12):
        controller = month()
        armed = np.isin(controller, armed_codes)
        got = takeovers.update(controller, armed)
        want = update_by_numpy(state, controller, armed, months)
        assert got.dtype == want.dtype and np.array_equal(got, want)
        for name, value in state.items():
            mine = getattr(takeovers, name)
            assert mine.dtype == value.dtype and np.array_equal(mine, value), name
