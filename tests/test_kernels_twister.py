"""Python's Mersenne Twister inside numba (agents/kernels_twister.py) against CPython's.

The compiled fronts' turn (``agents/kernels_turn.py``) shuffles the fronts and breaks their ties,
and the compiled security units' turn (``agents/kernels_security_turn.py``) shuffles the units
and draws ``random()`` and ``randrange(n)``, from ``model.random``'s state read with
``twister_state`` and written back with ``set_twister_state``: the words, the numbers and the
state after must be CPython's.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from agents.kernels_twister import (
    N,
    next_word,
    randbelow,
    random_double,
    set_twister_state,
    shuffle,
    twister_state,
)


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**40 + 7])
def test_randbelow_is_randrange_and_leaves_the_same_state(seed):
    reference, generator = random.Random(seed), random.Random(seed)
    reference.random()  # the state is read mid-stream, as the turn reads it after a shuffle
    generator.random()
    source = np.random.default_rng(seed)
    # small counts (a front's tied cells), powers of two and their neighbours (exactly k bits,
    # or a long rejection loop at 2**k + 1) up to the edge of 32 bits
    powers = [2**k + d for k in (1, 2, 3, 8, 16, 30, 31) for d in (-1, 0, 1)]
    counts = sorted({*range(1, 30), 49, *powers, 2**32 - 1})
    state, spare = twister_state(generator)
    drawn, expected = [], []
    # more than 624 words: the twister regenerates its block at least twice
    for _ in range(3000):
        n = counts[int(source.integers(len(counts)))]
        drawn.append(randbelow(state, n))
        expected.append(reference.randrange(n))
    assert drawn == expected
    set_twister_state(generator, state, spare)
    assert generator.getstate() == reference.getstate()
    assert generator.random() == reference.random()


def test_words_are_getrandbits_32():
    reference = random.Random(99)
    state, _ = twister_state(random.Random(99))
    assert [next_word(state) for _ in range(2 * N + 5)] == [
        reference.getrandbits(32) for _ in range(2 * N + 5)
    ]


def test_a_spare_gauss_stays_with_the_generator():
    generator = random.Random(3)
    generator.gauss(0.0, 1.0)  # leaves its second normal for the next call
    reference = random.Random(3)
    reference.gauss(0.0, 1.0)
    state, spare = twister_state(generator)
    randbelow(state, 7)
    set_twister_state(generator, state, spare)
    reference.randrange(7)
    assert generator.getstate() == reference.getstate()  # the spare normal included
    assert generator.gauss(0.0, 1.0) == reference.gauss(0.0, 1.0)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 17, 230, 700])
def test_shuffle_is_random_shuffle(size):
    reference = random.Random(size)
    state, _ = twister_state(random.Random(size))
    items = list(range(size))
    order = np.arange(size, dtype=np.int64)
    for _ in range(3):  # the state carries over from one shuffle to the next
        reference.shuffle(items)
        shuffle(state, order)
        assert order.tolist() == items
    assert next_word(state) == reference.getrandbits(32)


@pytest.mark.parametrize("seed", range(4))
def test_pythons_random_in_numba_is_pythons(seed):
    """``random()`` interleaved with ``randrange(n)``, over many regenerations of the state."""
    source = np.random.default_rng(seed)
    theirs = random.Random(seed)
    ours_rnd = random.Random(seed)
    for _ in range(seed * 7):  # start anywhere in the 624 words
        theirs.random(), ours_rnd.random()
    ours, spare = twister_state(ours_rnd)
    for i in range(6000):
        if source.random() < 0.6:
            assert random_double(ours) == theirs.random(), i
        else:
            n = int(source.choice([1, 2, 3, 7, 100, 1000, 2**31, 2**32 - 1]))
            assert randbelow(ours, n) == theirs.randrange(n), (i, n)
    set_twister_state(ours_rnd, ours, spare)
    assert ours_rnd.getstate() == theirs.getstate()
    assert ours_rnd.random() == theirs.random()


def test_random_double_is_random_across_regenerations():
    reference = random.Random(5)
    state, _ = twister_state(random.Random(5))
    assert [random_double(state) for _ in range(N + 3)] == [
        reference.random() for _ in range(N + 3)
    ]


def test_state_read_back_after_set_is_the_state_given():
    """``twister_state`` after ``set_twister_state`` (its kept copy) reads what getstate says."""
    generator, other = random.Random(21), random.Random(22)
    state, spare = twister_state(generator)
    randbelow(state, 1000)
    set_twister_state(generator, state, spare)
    again, _ = twister_state(generator)  # unused in between: the kept copy
    assert again.tolist() == list(generator.getstate()[1]) == state.tolist()
    assert again is not state
    randbelow(again, 5)  # the copy advances alone
    assert twister_state(generator)[0].tolist() == state.tolist()
    generator.random()  # used in between: read again
    assert twister_state(generator)[0].tolist() == list(generator.getstate()[1])
    other.setstate(generator.getstate())  # another generator with the same state
    assert twister_state(other)[0].tolist() == list(generator.getstate()[1])
    generator.seed(4)
    assert twister_state(generator)[0].tolist() == list(random.Random(4).getstate()[1])
