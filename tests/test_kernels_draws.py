"""Compiled draws (agents/kernels_draws.py) and the fronts' recruitment kernel (kernels_front.py).

A compiled draw must give numpy's number and leave the generator where numpy would: the model's
stream goes on from it in Python. The recruitment kernel must give what the rule written in
Python with numpy's draws gives (the form it replaced), bit for bit, pool and residents included.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.kernels_draws import binomial, binomials, generator_bits, poisson
from agents.kernels_front import affordable_recruits, recruit
from agents.window import window


def test_compiled_poisson_draws_are_numpys_and_advance_its_state():
    ours, theirs = np.random.default_rng(11), np.random.default_rng(11)
    bits = generator_bits(ours)
    source = np.random.default_rng(0)
    # both of numpy's algorithms: multiplication below 10, PTRS from 10; and 0 (no draw)
    means = np.concatenate(
        [source.random(3000) * 10.0, 10.0 + source.random(3000) * 500.0, [0.0, 1e-12, 10.0]]
    )
    source.shuffle(means)
    got = [poisson(bits, float(lam)) for lam in means]
    want = [int(theirs.poisson(lam)) for lam in means]
    assert got == want
    assert ours.random() == theirs.random()  # the stream goes on from the same state


def test_compiled_binomial_draws_are_numpys_and_advance_its_state():
    ours, theirs = np.random.default_rng(12), np.random.default_rng(12)
    bits = generator_bits(ours)
    source = np.random.default_rng(1)
    n = source.integers(0, 3000, 6000)
    # inversion (n p <= 30) and BTPE, both sides of p = 0.5, and the no-draw cases
    p = np.where(source.random(6000) < 0.5, source.random(6000) * 0.01, source.random(6000))
    p[:5] = [0.0, 1.0, 0.5, 1e-9, 1.0 - 1e-9]
    n[5] = 0
    got = [binomial(bits, int(k), float(q)) for k, q in zip(n, p, strict=True)]
    want = [int(theirs.binomial(k, q)) for k, q in zip(n, p, strict=True)]
    assert got == want
    assert ours.integers(0, 1 << 60) == theirs.integers(0, 1 << 60)


def test_compiled_and_python_draws_interleave_on_one_stream():
    ours, theirs = np.random.default_rng(13), np.random.default_rng(13)
    bits = generator_bits(ours)
    got, want = [], []
    for k in range(200):
        got.append(poisson(bits, 3.5) if k % 2 else int(ours.poisson(3.5)))
        want.append(int(theirs.poisson(3.5)))
        got.append(int(ours.binomial(40, 0.3)) if k % 3 else binomial(bits, 40, 0.3))
        want.append(int(theirs.binomial(40, 0.3)))
    assert got == want


def test_the_addresses_keep_their_generator_alive():
    """A temporary generator must not be freed while its addresses are in use (a dangling
    state pointer crashed a test run, depending on test order)."""
    import gc
    import weakref

    class Traced(np.random.Generator):  # a plain Generator takes no weak reference
        pass

    bits = generator_bits(Traced(np.random.PCG64(21)))
    owner = weakref.ref(bits.owner)
    gc.collect()
    others = [np.random.default_rng(k) for k in range(100)]  # reuse what a free would release
    assert owner() is not None
    assert [poisson(bits, 4.0) for _ in range(50)] == [
        int(x) for x in np.random.default_rng(21).poisson(4.0, 50)
    ]
    del bits, others
    gc.collect()
    assert owner() is None  # and nothing leaks once the addresses are gone


def test_the_addresses_are_numbas():
    """generator_bits reads the function pointers where ctypes keeps them: the values numba's
    unbox takes with ``ctypes.cast`` (the reference)."""
    import ctypes

    rng = np.random.default_rng(3)
    c = rng.bit_generator.ctypes

    def cast(pointer: object) -> int:
        return ctypes.cast(pointer, ctypes.c_void_p).value or 0

    expected = [
        c.state_address,
        c.state.value,
        cast(c.next_uint64),
        cast(c.next_uint32),
        cast(c.next_double),
        c.bit_generator.value,
    ]
    bits = generator_bits(rng)
    assert bits.dtype == np.uint64 and bits.shape == (6,)
    assert bits.tolist() == expected


def test_affordable_recruits_is_the_treasurys_limit():
    assert affordable_recruits(5, 1_000.0, 0.0) == 5  # free
    assert affordable_recruits(5, 1_000.0, 300.0) == 3
    assert affordable_recruits(2, 1_000.0, 300.0) == 2
    assert affordable_recruits(5, 100.0, 300.0) == 0


def recruit_by_rule(rng, pool, residents, territory, x, y, radius, held, fullness, fighters, *a):
    """The Python rule the kernel replaced (``ArmedUnit.recruit_and_desert``), numpy's draws."""
    rate, willing, money, talks, treasury, cost, coercion, child_share, absent, leaving = a
    effort = min(fighters * rate * fullness, held)
    mean = effort * willing * money
    mean *= talks
    wanted = recruits = children = 0
    if mean > 0:
        wanted = min(int(rng.poisson(mean)), int(residents[x, y]))
        if wanted:
            recruits = wanted if cost <= 0 else min(wanted, int(treasury // cost))
    if recruits:
        where = window(x, y, radius, pool.shape)
        share = np.minimum(1.0, recruits / held)
        pool[where] *= 1.0 - share * territory[where]
        residents[x, y] -= recruits
        chance = child_share * coercion * absent
        if chance > 0:
            children = int(rng.binomial(recruits, chance))
    deserters = int(rng.binomial(fighters, leaving)) if leaving > 0 else 0
    return wanted, recruits, children, deserters


@pytest.mark.parametrize("seed", range(30))
def test_the_recruitment_kernel_is_the_rule_bit_for_bit(seed):
    source = np.random.default_rng(seed)
    shape = (9, 8)
    pool = source.random(shape) * 400.0
    residents = np.floor(source.random(shape) * 5_000.0)
    territory = source.random(shape) * (source.random(shape) < 0.7)
    radius = int(source.integers(0, 4))
    x, y = int(source.integers(0, shape[0])), int(source.integers(0, shape[1]))
    where = window(x, y, radius, shape)
    held = float((pool[where] * territory[where]).sum())
    fullness = float(source.random())
    fighters = int(source.integers(0, 2_000))
    terms = (
        float(source.choice([0.005, 0.05, 0.5])),  # recruitment rate
        float(source.random()),  # willingness
        float(source.choice([0.0, 0.4, 1.0])),  # money
        float(source.choice([0.5, 1.0])),  # talks
        float(source.choice([0.0, 5_000.0, 1e9])),  # treasury
        float(source.choice([0.0, 800.0])),  # cost
        float(source.choice([0.5, 1.0])),  # coercion
        float(source.choice([0.0, 0.1])),  # child share
        float(source.random()),  # absent
        float(source.choice([0.0, 0.01, 0.3])),  # leaving
    )
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    pool_b, residents_b = pool.copy(), residents.copy()
    got = recruit(
        generator_bits(ours), pool, residents, territory, x, y, radius, held, fullness,
        fighters, *terms,
    )  # fmt: skip
    want = recruit_by_rule(
        theirs, pool_b, residents_b, territory, x, y, radius, held, fullness, fighters, *terms
    )
    assert tuple(got) == want
    assert pool.tobytes() == pool_b.tobytes()
    assert residents.tobytes() == residents_b.tobytes()
    assert ours.random() == theirs.random()


def test_a_pair_of_compiled_binomials_is_numpys_two_draws_in_order():
    """``binomials``, a clash's two losses (``RivalCombat.clash``), against numpy's draws."""
    ours, theirs = np.random.default_rng(13), np.random.default_rng(13)
    bits = generator_bits(ours)
    source = np.random.default_rng(2)
    for _ in range(3000):
        n, m = (int(v) for v in source.integers(0, 2000, 2))
        p, q = (float(min(1.0, v)) for v in source.random(2) * source.choice([0.05, 1.5]))
        want = (int(theirs.binomial(n, p)), int(theirs.binomial(m, q)))
        assert binomials(bits, n, p, m, q) == want
    assert ours.random() == theirs.random()
