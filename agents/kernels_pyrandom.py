"""CPython's ``random.Random.random()`` inside numba, on :mod:`agents.kernels_twister`'s state.

The security units' compiled turn (``agents/security_turn.py``) draws what each unit drew from
``model.random`` in Python: ``random()`` (whether it knows where its target is, whether it
engages a front of a group in a ceasefire), ``randrange(n)`` (its patrol cell) and Mesa's
``shuffle`` of the units. The Mersenne Twister itself, ``randrange`` and ``shuffle`` are
:mod:`agents.kernels_twister`'s (the fronts' turn uses them too); this module adds ``random()``:
CPython's ``genrand_res53``, ``(a * 67108864.0 + b) * (1.0 / 9007199254740992.0)`` with ``a``
and ``b`` the top 27 and 26 bits of the next two words (53 bits). ``tests/test_security_turn.py``
compares numbers and states with ``random.Random``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels_twister import next_word


@njit(cache=True)
def random_double(state: np.ndarray) -> float:  # pragma: no cover - compiled; tested
    """``random.Random.random()``: a float in [0, 1) from 53 bits of the next two words."""
    a = next_word(state) >> 5
    b = next_word(state) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
