"""The fronts' month plan kept as they move (agents/kernels_plan.py) against its numpy forms."""

from __future__ import annotations

import numpy as np
import pytest

from agents.kernels_plan import move_occupancy, windows_equal


def windows_equal_by_numpy(now, planned, g, x, y, radius) -> bool:
    """``FrontMonth.best_cells``' check before the kernel."""
    win = (slice(max(0, x - radius), x + radius + 1), slice(max(0, y - radius), y + radius + 1))
    return bool(np.array_equal(now[g][win], planned[g][win]))


def move_by_numpy(occupied, g, old, new, placed, fighters) -> None:
    """``FrontMonth.moved`` before the kernel."""
    occupied[g][old] = max(occupied[g][old] - placed, 0.0)
    occupied[g][new] += fighters


@pytest.mark.parametrize("seed", range(20))
def test_windows_equal_is_numpys_array_equal(seed):
    source = np.random.default_rng(seed)
    shape = (4, 11, 9)
    planned = np.floor(source.random(shape) * 3.0) * 100.0
    for _ in range(30):
        now = planned.copy()
        if source.random() < 0.6:  # change one cell, maybe to the same value
            i, j = int(source.integers(0, 11)), int(source.integers(0, 9))
            g = int(source.integers(0, 4))
            now[g, i, j] = source.choice([now[g, i, j], now[g, i, j] + 1.0, -0.0, np.nan])
        g = int(source.integers(0, 4))
        x, y, radius = (
            int(source.integers(0, 11)),
            int(source.integers(0, 9)),
            int(source.integers(0, 4)),
        )
        assert windows_equal(now, planned, g, x, y, radius) == windows_equal_by_numpy(
            now, planned, g, x, y, radius
        )


@pytest.mark.parametrize("seed", range(20))
def test_moving_occupancy_is_numpys_floats(seed):
    source = np.random.default_rng(seed)
    occupied = np.floor(source.random((3, 6, 5)) * 4.0) * source.choice([1.0, 0.1, 1 / 3])
    occupied[0, 0, 0] = -0.0
    ours = occupied.copy()
    for _ in range(40):
        g = int(source.integers(0, 3))
        old = (int(source.integers(0, 6)), int(source.integers(0, 5)))
        new = (int(source.integers(0, 6)), int(source.integers(0, 5)))
        placed = float(source.choice([0.0, occupied[g][old], occupied[g][old] + 0.7, 1.3]))
        fighters = int(source.integers(0, 300))
        move_by_numpy(occupied, g, old, new, placed, fighters)
        move_occupancy(ours, g, *old, *new, placed, fighters)
        assert ours.tobytes() == occupied.tobytes()
