"""The compiled spread of force (model/spread.py) gives ndimage's convolution, bit for bit.

Its in-order scatters (``add_at``, ``add_at_actors``) give ``np.add.at``'s floats.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from model.control import spread_kernel
from model.spread import add_at, add_at_actors, spread


def by_ndimage(mobile: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    return np.stack([ndimage.convolve(m, kernel, mode="constant", cval=0.0) for m in mobile])


@pytest.mark.parametrize("spillover", [0.0, 1e-17, 0.3, 0.5, 1.0])
@pytest.mark.parametrize("seed", range(4))
def test_spread_is_ndimage_bit_for_bit(spillover: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (5, *rng.integers(1, 30, 2))
    # sparse force as on the grid: a few cells, repeated magnitudes, some huge and tiny values
    mobile = np.where(rng.random(shape) < 0.1, rng.lognormal(3.0, 2.5, shape), 0.0)
    mobile[0, 0, 0] = 1e-300
    kernel = spread_kernel(spillover)
    got = spread(mobile, kernel)
    assert got.tobytes() == by_ndimage(mobile, kernel).tobytes()


def test_spread_of_odd_values_and_asymmetric_kernels() -> None:
    rng = np.random.default_rng(7)
    mobile = rng.normal(0.0, 10.0, (2, 9, 7))
    mobile[0, 3, 3] = np.nan
    mobile[1, 0, 6] = np.inf
    mobile[1, 4, 4] = -0.0
    kernel = rng.uniform(-1.0, 1.0, (3, 5))
    kernel[1, 1] = 0.0
    got = spread(mobile, kernel)
    assert got.tobytes() == by_ndimage(mobile, kernel).tobytes()


def test_an_even_kernel_is_refused() -> None:
    with pytest.raises(ValueError, match="odd sides"):
        spread(np.zeros((1, 4, 4)), np.ones((2, 2)))


@pytest.mark.parametrize("seed", range(6))
def test_scatters_are_np_add_at_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (4, 7, 5)
    n = 300  # many repeats of few cells: the order of the additions shows in the floats
    actors, xs, ys = (rng.integers(0, k, n) for k in shape)
    amounts = rng.lognormal(2.0, 3.0, n) * rng.choice([1.0, -1.0, 1e-12], n)
    start = rng.random(shape) * 1e6
    want, got = start.copy(), start.copy()
    np.add.at(want, (actors, xs, ys), amounts)
    add_at_actors(got, actors, xs, ys, amounts)
    assert got.tobytes() == want.tobytes()
    want2, got2 = start[1].copy(), start[1].copy()
    np.add.at(want2, (xs, ys), amounts)
    add_at(got2, np.column_stack([xs, ys]), amounts)
    assert got2.tobytes() == want2.tobytes()
