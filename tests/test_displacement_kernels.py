"""The rounding of the displaced into households (model/displacement_kernels.py) against numpy.

``households_by_numpy`` is :func:`model.displacement.households_from` as numpy wrote it; the
compiled pass must give the same households (cells, order, sizes, dtypes) from the same draws.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.displacement import households_from


def households_by_numpy(people, free, per_agent, rng):
    """``households_from``'s numpy form (issue 15 replaced it with one compiled pass)."""
    expected = people / per_agent
    n = np.floor(expected).astype(np.int64)
    n += rng.random(n.shape) < (expected - n)
    xs, ys = np.nonzero(n)
    total = np.minimum(n[xs, ys] * per_agent, np.floor(free[xs, ys]).astype(np.int64))
    keep = total > 0
    xs, ys, total = xs[keep], ys[keep], total[keep]
    count = -(-total // per_agent)  # households actually formed (ceil)
    hx, hy = np.repeat(xs, count), np.repeat(ys, count)
    size = np.full(len(hx), per_agent, dtype=np.int64)
    last = np.cumsum(count) - 1
    size[last] = total - (count - 1) * per_agent
    return hx, hy, size


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("per_agent", [1, 7, 500])
def test_households_are_the_numpy_forms(seed, per_agent):
    source = np.random.default_rng(seed)
    shape = (int(source.integers(1, 40)), int(source.integers(1, 30)))
    scale = float(source.choice([0.5, 30.0, 5000.0, 1e6]))
    # most cells displace nobody; fractions, exact multiples and cells with few free residents
    people = np.where(source.random(shape) < 0.3, source.random(shape) * scale, 0.0)
    people[source.random(shape) < 0.05] = per_agent * 3.0
    free = np.where(source.random(shape) < 0.2, source.random(shape) * 3 * per_agent, 1e7)
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    got = households_from(people, free, per_agent, ours)
    want = households_by_numpy(people, free, per_agent, theirs)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    assert ours.random() == theirs.random()


def test_no_one_displaced_forms_no_household():
    hx, hy, size = households_from(np.zeros((3, 4)), np.ones((3, 4)), 5, np.random.default_rng(0))
    assert len(hx) == len(hy) == len(size) == 0
