"""CPython's ``random.Random`` inside numba: the same Mersenne Twister words, the same numbers.

Mesa agents draw from ``model.random`` (a ``random.Random``: MT19937). A compiled turn that
must draw what the agents drew in Python (the security units' turn: ``random()`` and
``randrange(n)``, ``agents/security_turn.py``) takes the generator's state out once
(:func:`take_state`), draws here as CPython does, and puts the state back (:func:`give_state`),
so the Python stream goes on exactly where it would have.

The algorithms are CPython's (``Modules/_randommodule.c``, ``Lib/random.py``, 3.12):

* ``genrand_uint32``: MT19937 (Matsumoto and Nishimura), 624 words regenerated together;
* ``random()``: ``(a * 67108864.0 + b) * (1.0 / 9007199254740992.0)``, ``a`` and ``b`` the top
  27 and 26 bits of two words (53 bits);
* ``getrandbits(k)`` for ``0 < k <= 32``: one word shifted right by ``32 - k``;
* ``randrange(n)`` = ``_randbelow_with_getrandbits(n)``: ``k = n.bit_length()``, draw
  ``getrandbits(k)`` until below ``n``;
* ``shuffle(x)``: for ``i`` from ``len(x) - 1`` down to 1, swap ``x[i]`` and ``x[randbelow(i +
  1)]`` (the permutation depends only on the length, so a list of agents and an array of their
  rows are shuffled alike).

``tests/test_kernels_pyrandom.py`` compares numbers and states with ``random.Random``.
"""

from __future__ import annotations

import random

import numpy as np
from numba import njit

_N = 624
_M = 397
_MATRIX_A = np.uint32(0x9908B0DF)
_UPPER = np.uint32(0x80000000)
_LOWER = np.uint32(0x7FFFFFFF)


def take_state(rnd: random.Random) -> np.ndarray:
    """``rnd``'s state as ``uint32[625]``: the 624 words, then the position in them.

    The generator's ``gauss_next`` (only ``gauss()`` uses it) stays with ``rnd``.
    """
    version, internal, _ = rnd.getstate()
    if version != 3 or len(internal) != _N + 1:  # pragma: no cover - CPython's format
        raise ValueError(f"take_state: unknown random.Random state version {version}")
    return np.array(internal, dtype=np.uint32)


def give_state(rnd: random.Random, state: np.ndarray) -> None:
    """Put ``state`` (from :func:`take_state`, advanced by the kernels) back into ``rnd``."""
    rnd.setstate((3, tuple(state.tolist()), rnd.gauss_next))


@njit(cache=True)
def genrand_uint32(state: np.ndarray) -> np.uint32:  # pragma: no cover - compiled
    """The next 32-bit word of the Mersenne Twister ``state`` (``uint32[625]``, position last)."""
    pos = state[_N]
    if pos >= _N:
        for kk in range(_N):
            y = (state[kk] & _UPPER) | (state[(kk + 1) % _N] & _LOWER)
            mag = _MATRIX_A if y & np.uint32(1) else np.uint32(0)
            state[kk] = state[(kk + _M) % _N] ^ (y >> np.uint32(1)) ^ mag
        pos = 0
    y = state[pos]
    state[_N] = pos + 1
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y


@njit(cache=True)
def random_double(state: np.ndarray) -> float:  # pragma: no cover - compiled
    """``random.Random.random()``: a float in [0, 1) from 53 bits of two words."""
    a = genrand_uint32(state) >> np.uint32(5)
    b = genrand_uint32(state) >> np.uint32(6)
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def randbelow(state: np.ndarray, n: int) -> int:  # pragma: no cover - compiled
    """``random.Random.randrange(n)``, ``0 < n < 2**32``: rejection on ``n.bit_length()`` bits."""
    k = 0
    m = n
    while m:
        k += 1
        m >>= 1
    shift = np.uint32(32 - k)
    r = int(genrand_uint32(state) >> shift)
    while r >= n:
        r = int(genrand_uint32(state) >> shift)
    return r


@njit(cache=True)
def shuffle(state: np.ndarray, items: np.ndarray) -> None:  # pragma: no cover - compiled
    """``random.Random.shuffle(items)`` in place: from the end, swap with ``randbelow(i + 1)``."""
    for i in range(items.shape[0] - 1, 0, -1):
        j = randbelow(state, i + 1)
        items[i], items[j] = items[j], items[i]
