"""The rounding of the displaced into households (model/displacement_kernels.py) against numpy.

``households_by_numpy`` is :func:`model.displacement.households_from` as numpy wrote it; the
compiled pass must give the same households (cells, order, sizes, dtypes) from the same draws.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.displacement import (
    CHANNELS,
    MASS,
    displaced_by_channel,
    households_from,
    kernel_rates,
    mass_events,
)
from model.displacement_kernels import displace_cells, displaced_sums, numpy_sum
from model.params import MigrationParams


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


def displace_by_numpy(layers, params, per_person, mobility, rng):
    """``Migration._displace``'s numpy form (issue 15 compiled it: ``displace_cells``)."""
    free = np.maximum(layers["residents"] - layers["confined"], 0.0)
    kidnappings = layers["kidnappings"]
    predation = {
        "kidnappings": kidnappings,
        "child_recruits": layers["child_recruits"],
        "extorted_people": layers["extortion_usd"] / max(per_person, 1e-9),
    }
    war = layers["war"]
    by_channel = (
        displaced_by_channel(
            free,
            layers["presence"],
            layers["rule"],
            layers["taken"],
            np.maximum(layers["new_events"] - kidnappings, 0.0),
            predation,
            layers["confined_before"],
            params,
            war_fought=(war > 0) if war.any() else None,
            rural=layers["rural"],
        )
        * layers["land"]
        * mobility
    )
    expected = by_channel.sum(axis=0)
    residents = layers["residents"].copy()
    hx, hy, size = households_from(expected, free, params.people_per_agent, rng)
    if len(size):
        np.subtract.at(residents, (hx, hy), size)
    actual = np.zeros(expected.shape)
    np.add.at(actual, (hx, hy), size)
    share = np.divide(actual, expected, out=np.zeros_like(actual), where=expected > 0)
    taken_out = by_channel * share
    in_events = mass_events(taken_out, params.mass_event_people)
    return hx, hy, size, taken_out, actual, in_events, expected, residents


def displace_compiled(layers, params, per_person, mobility, rng):
    """The same through ``displace_cells``, as ``Migration._displace`` calls it."""
    residents = layers["residents"].copy()
    free = np.maximum(residents - layers["confined"], 0.0)
    war = layers["war"]
    rates = kernel_rates(params, per_person)
    rates[10] = mobility
    out = displace_cells(
        free,
        np.minimum(free, layers["rural"]),
        np.maximum(free, 0.0),
        layers["presence"],
        layers["rule"],
        layers["taken"],
        np.maximum(layers["new_events"] - layers["kidnappings"], 0.0),
        layers["kidnappings"],
        layers["child_recruits"],
        layers["extortion_usd"],
        layers["confined_before"],
        war > 0,
        bool(war.any()),
        layers["land"],
        rates,
        rng.random(free.shape),
        residents,
    )
    return (*out, residents)


def _layers(source, shape, war):
    def sparse(scale, share=0.3):
        values = np.where(source.random(shape) < share, source.random(shape) * scale, 0.0)
        values[source.random(shape) < 0.05] = -0.0  # numpy's signed zeros must survive
        return values

    residents = np.where(source.random(shape) < 0.1, 0.0, source.random(shape) * 2e5)
    return {
        "residents": residents,
        "confined": np.where(source.random(shape) < 0.2, residents * source.random(shape), 0.0),
        "presence": source.random(shape),
        "rule": source.random(shape) < 0.4,
        "taken": source.random(shape) < 0.1,
        "new_events": sparse(20.0),
        "kidnappings": sparse(3.0, 0.1),
        "child_recruits": sparse(2.0, 0.1),
        "extortion_usd": sparse(5e5, 0.2),
        "confined_before": sparse(3e4, 0.2),
        "war": sparse(10.0, 0.1) if war else np.zeros(shape),
        "rural": source.random(shape) * 5e4,
        "land": source.random(shape) < 0.8,
    }


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("war", [False, True])
def test_displacement_is_the_numpy_form(seed, war):
    source = np.random.default_rng(100 + seed)
    shape = (int(source.integers(1, 40)), int(source.integers(1, 30)))
    layers = _layers(source, shape, war)
    # larger rates than the defaults too: the cap on the displaced share then binds
    params = MigrationParams()
    if seed % 2:
        params = params.model_copy(update={"threat_rate": 0.5, "displaced_per_killing": 5e3})
    mobility = (1.0, 0.35)[seed % 3 == 2]
    per_person = (25.0, 0.0)[seed % 4 == 3]
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    got = displace_compiled(layers, params, per_person, mobility, ours)
    want = displace_by_numpy(layers, params, per_person, mobility, theirs)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.tobytes() == b.tobytes()  # bit for bit, signed zeros included
    assert ours.random() == theirs.random()


def _arrays(source, size, kind):
    """Arrays to sum: wide magnitudes, many zeros of both signs, both signs of terms."""
    magnitudes = 10.0 ** source.integers(-5, 12, size)
    if kind == 0:
        return source.random(size) * 1e5
    if kind == 1:
        return np.where(source.random(size) < 0.7, 0.0, source.random(size) * magnitudes)
    if kind == 2:
        return np.where(source.random(size) < 0.5, -0.0, source.random(size))
    return source.standard_normal(size) * magnitudes


#: every length to 300 (each branch of the pairwise sum and its rest), the model's grids (0.25
#: and 0.1 degree, land only) and long arrays (numpy's buffer is 8,192 terms)
SUM_LENGTHS = (*range(300), 1484, 3400, 8191, 8192, 8193, 21250, 100_000)


@pytest.mark.parametrize("kind", range(4))
def test_numpy_sum_is_ndarray_sum(kind):
    source = np.random.default_rng(kind)
    for size in SUM_LENGTHS:
        values = _arrays(source, size, kind)
        assert np.float64(numpy_sum(values)).tobytes() == np.float64(values.sum()).tobytes()
    assert np.float64(numpy_sum(np.array([-0.0]))).tobytes() == np.float64(0.0).tobytes()


def sums_by_numpy(taken_out, actual, in_events):
    """``Migration._displace``'s counts as numpy summed them (before ``displaced_sums``)."""
    people = [float(layer.sum()) for layer in taken_out]
    mass = [
        float(layer[in_events].sum()) if name in MASS else 0.0
        for name, layer in zip(CHANNELS, taken_out, strict=True)
    ]
    return float(actual.sum()), people, mass


@pytest.mark.parametrize("seed", range(12))
def test_displaced_sums_are_numpys(seed):
    source = np.random.default_rng(300 + seed)
    shape = (
        ((50, 68), (125, 170), (9, 7))[seed % 3]
        if seed < 6
        else (int(source.integers(1, 60)), int(source.integers(1, 40)))
    )
    layers = _layers(source, shape, seed % 2 == 1)
    params = MigrationParams(mass_event_people=float(source.choice([1.0, 50.0, 1e3, 1e5])))
    _, _, _, taken_out, actual, in_events, *_ = displace_compiled(
        layers, params, 25.0, 1.0, np.random.default_rng(seed)
    )
    mass = np.array([name in MASS for name in CHANNELS])
    total, people, in_mass = displaced_sums(taken_out, actual, in_events, mass)
    want_total, want_people, want_mass = sums_by_numpy(taken_out, actual, in_events)
    assert np.float64(total).tobytes() == np.float64(want_total).tobytes()
    assert people.tobytes() == np.array(want_people).tobytes()
    assert in_mass.tobytes() == np.array(want_mass).tobytes()
