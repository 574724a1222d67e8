"""Python's ``random.Random`` (Mersenne Twister) draws inside numba kernels (issue 15).

Mesa agents draw from the model's ``random.Random`` (``model.random``): a front picks among
its equally good cells with ``model.random.randrange(count)``
(:meth:`agents.front.ArmedUnit.choose_cell`), a security unit draws ``random()`` and
``randrange(n)`` (:meth:`agents.security.SecurityUnit.step`), and Mesa's ``shuffle_do`` orders
both turns with ``shuffle``. A compiled turn (``agents/kernels_turn.py``,
``agents/kernels_security_turn.py``) must draw the same numbers in the same order from the same
stream. CPython's ``random.Random`` is the MT19937 generator of ``Modules/_randommodule.c``:
``getrandbits(k)`` for ``k <= 32`` is the next tempered 32-bit word shifted right by
``32 - k``; ``random()`` is ``genrand_res53``, ``(a * 67108864.0 + b) * (1.0 /
9007199254740992.0)`` with ``a`` and ``b`` the top 27 and 26 bits of the next two words;
``randrange(n)`` is ``_randbelow_with_getrandbits(n)``: ``getrandbits(n.bit_length())`` drawn
until it is below ``n``; ``shuffle`` is Fisher-Yates with ``randrange(i + 1)`` from the last
item down (the permutation depends only on the length, so a list of agents and an array of
their rows are shuffled alike). :func:`twister_state` reads the generator's state
(``random.getstate``) into an array the kernels advance, and :func:`set_twister_state` writes
it back (``random.setstate``): between the two nothing else may draw from that generator.
``tests/test_kernels_twister.py`` compares the numbers and the state with CPython's.
"""

from __future__ import annotations

import random

import numpy as np
from numba import njit

#: the twister's words; then its position (``getstate()[1][624]``)
N = 624
_M = 397
_MATRIX_A = 0x9908B0DF
_UPPER = 0x80000000
_LOWER = 0x7FFFFFFF


#: the last state :func:`set_twister_state` gave a generator, to read it back cheaply:
#: ``(generator, words, array of the words)``, replaced as one object (a reader in another
#: thread sees one whole entry). Between two compiled turns the model's generator is often not
#: used at all: its state is then the one given last, and :func:`twister_state` copies the kept
#: array instead of converting 625 Python ints again. Equality of the words read with those
#: given is the test (the array holds exactly those words), so a generator used in between,
#: reseeded or given another state converts as before.
_given: tuple[random.Random | None, tuple[int, ...], np.ndarray] = (None, (), np.zeros(0))


def twister_state(generator: random.Random) -> tuple[np.ndarray, float | None]:
    """``generator``'s state: its 624 words and its position as an int64 array, and its spare.

    The spare is the second normal Python's ``gauss`` keeps for its next call (or None); it is
    not the twister's and goes back unchanged with :func:`set_twister_state`.
    """
    version, internal, gauss_next = generator.getstate()
    if version != 3 or len(internal) != N + 1:  # pragma: no cover - CPython's format
        raise ValueError(f"unknown random.Random state (version {version})")
    given, words, state = _given
    if generator is given and internal == words:
        return state.copy(), gauss_next  # the kernels advance their own copy
    return np.array(internal, dtype=np.int64), gauss_next


def set_twister_state(
    generator: random.Random, state: np.ndarray, gauss_next: float | None
) -> None:
    """Give ``generator`` the state ``state`` (advanced by kernels) and its spare normal."""
    global _given
    words = tuple(state.tolist())
    generator.setstate((3, words, gauss_next))
    _given = (generator, words, state.copy())


@njit(cache=True)
def next_word(state: np.ndarray) -> int:  # pragma: no cover - compiled; tested
    """The next tempered 32-bit word (CPython's ``genrand_uint32``), advancing ``state``.

    The words are kept in int64 (all below 2**32), so every shift and mask is CPython's on
    ``uint32_t``.
    """
    index = state[N]
    if index >= N:
        for kk in range(N - _M):
            y = (state[kk] & _UPPER) | (state[kk + 1] & _LOWER)
            state[kk] = state[kk + _M] ^ (y >> 1) ^ (_MATRIX_A if y & 1 else 0)
        for kk in range(N - _M, N - 1):
            y = (state[kk] & _UPPER) | (state[kk + 1] & _LOWER)
            state[kk] = state[kk + (_M - N)] ^ (y >> 1) ^ (_MATRIX_A if y & 1 else 0)
        y = (state[N - 1] & _UPPER) | (state[0] & _LOWER)
        state[N - 1] = state[_M - 1] ^ (y >> 1) ^ (_MATRIX_A if y & 1 else 0)
        index = 0
    y = state[index]
    state[N] = index + 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C5680
    y ^= (y << 15) & 0xEFC60000
    y ^= y >> 18
    return y


@njit(cache=True)
def random_double(state: np.ndarray) -> float:  # pragma: no cover - compiled; tested
    """``random.Random.random()``: a float in [0, 1) from 53 bits of the next two words."""
    a = next_word(state) >> 5
    b = next_word(state) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def randbelow(state: np.ndarray, n: int) -> int:  # pragma: no cover - compiled; tested
    """``random.Random.randrange(n)`` for ``0 < n < 2**32`` from ``state`` (module docstring).

    ``k = n.bit_length()`` bits (``getrandbits(k)``: the next word shifted right by
    ``32 - k``), drawn again until below ``n``.
    """
    k = 0
    while (n >> k) != 0:
        k += 1
    r = next_word(state) >> (32 - k)
    while r >= n:
        r = next_word(state) >> (32 - k)
    return r


@njit(cache=True)
def shuffle(state: np.ndarray, x: np.ndarray) -> None:  # pragma: no cover - compiled; tested
    """``random.Random.shuffle(x)`` in place from ``state`` (CPython's Fisher-Yates).

    From the last position down to the second, each swaps with ``randrange(i + 1)``: the same
    draws and the same permutation as CPython's on a list of ``len(x)`` items.
    """
    for i in range(x.shape[0] - 1, 0, -1):
        j = randbelow(state, i + 1)
        x[i], x[j] = x[j], x[i]
