"""Set-up placement (model/placement.py): `sample_cells` draws as numpy's `choice` (issue 15)."""

from __future__ import annotations

import numpy as np
import pytest

import model.placement as placement


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
