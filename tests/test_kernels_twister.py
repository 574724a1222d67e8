"""Python's Mersenne Twister inside numba (agents/kernels_twister.py) against CPython's.

The compiled fronts' turn breaks a front's ties with ``model.random.randrange(count)`` drawn
from the same ``random.Random`` state: the numbers and the state after must be CPython's.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from agents.kernels_twister import (
    N,
    next_word,
    randbelow,
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
    # small counts (a front's tied cells) and counts whose rejection loop is long (n = 2**k + 1)
    counts = [*range(2, 30), 49, 2**16 + 1, 2**31 + 1, 2**32 - 1]
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
