"""Compiled draws from the model's numpy ``Generator``: the same numbers, the same stream.

A front or a unit draws a handful of scalars a month (recruits, deserters, kidnappings...), and
a numpy scalar draw costs 2-5 us of call overhead around well under a microsecond of work.
numba implements numpy's ``Generator`` methods with numpy's own algorithms
(``numba/np/random/distributions.py`` ports ``distributions.c``) on the bit generator's
``next_double`` / ``next_uint64`` functions, so a compiled draw gives the number numpy would
and advances the same state. Passing the ``Generator`` itself to a compiled function costs about
40 us (numba types it and casts three ctypes pointers at every call), more than the draw; so
:func:`generator_bits` reads the bit generator's addresses once (a month, per model) and the
kernels rebuild numba's bit generator from them (:func:`_bit_generator`, a few machine
instructions). ``tests/test_kernels_draws.py`` checks the numbers and the state against numpy's
over the ranges the rules use.

The addresses are valid while the ``Generator`` lives: take them from the model's ``rng`` when
needed (the fronts' turn does, ``agents.front_month.FrontMonth``), never store them with a model
(a pickled or copied model has a new generator).
"""

from __future__ import annotations

import ctypes

import numpy as np
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic
from numba.np.random.distributions import random_binomial, random_poisson

_BIT_GENERATOR = types.NumPyRandomBitGeneratorType("bit_generator")
#: the fields of numba's bit generator model, in the order :func:`generator_bits` gives them
_FIELDS = (
    "state_address",
    "state",
    "fnptr_next_uint64",
    "fnptr_next_uint32",
    "fnptr_next_double",
    "bit_generator",
)


def generator_bits(rng: np.random.Generator) -> np.ndarray:
    """The addresses numba's draws need from ``rng``'s bit generator, as a ``uint64`` array.

    The same values numba reads when it is given the ``Generator`` itself (its ``unbox`` of a
    bit generator): the state's address, the state, the three ``next_*`` functions and the
    bit generator. The array keeps ``rng`` alive as long as it lives itself.
    """
    c = rng.bit_generator.ctypes
    values = (
        c.state_address,
        c.state.value,
        _address(c.next_uint64),
        _address(c.next_uint32),
        _address(c.next_double),
        c.bit_generator.value,
    )
    # the addresses are only valid while ``rng`` lives: the array keeps it alive, so a caller
    # that passes a temporary generator cannot leave the kernel dangling pointers (a test that
    # did so crashed, depending on test order); a view of a subclass holding it costs ~1.5 us
    # where an ``__array_interface__`` wrapper cost ~9 us a call
    bits = np.array(values, dtype=np.uint64).view(_Owned)
    bits.owner = rng
    return bits


def _address(pointer: object) -> int:
    """A ctypes function pointer's address: the pointer it holds, read where ctypes keeps it.

    What ``ctypes.cast(pointer, ctypes.c_void_p).value`` gives (numba's unbox casts so; the
    test compares), in 0.3 us instead of 3 us.
    """
    return ctypes.c_void_p.from_address(ctypes.addressof(pointer)).value or 0


class _Owned(np.ndarray):
    """A ``uint64`` array of addresses with the generator they point into.

    numba takes it as the plain array it is: the same type, the same compiled signatures.
    """

    #: the generator whose addresses the array holds
    owner: np.random.Generator | None = None


@intrinsic
def _bit_generator(typingctx, bits):  # pragma: no cover - compiled
    """Numba's bit generator from the addresses of :func:`generator_bits` (no Python object)."""
    if not (isinstance(bits, types.Array) and bits.dtype == types.uint64 and bits.ndim == 1):
        return None
    sig = _BIT_GENERATOR(bits)

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        out = cgutils.create_struct_proxy(_BIT_GENERATOR)(context, builder)
        for k, name in enumerate(_FIELDS):
            at = builder.gep(array.data, [context.get_constant(types.intp, k)])
            setattr(out, name, builder.load(at))
        return out._getvalue()

    return sig, codegen


@njit(cache=True)
def poisson(bits: np.ndarray, lam: float) -> int:  # pragma: no cover - compiled
    """``int(rng.poisson(lam))`` for a finite ``lam >= 0``: numpy's number and state change.

    ``lam = 0`` returns 0 without a draw, as numpy does.
    """
    return random_poisson(_bit_generator(bits), lam)


@njit(cache=True)
def binomial(bits: np.ndarray, n: int, p: float) -> int:  # pragma: no cover - compiled
    """``int(rng.binomial(n, p))`` for ``n >= 0`` and ``0 <= p <= 1``: numpy's number and state.

    No trials or ``p = 0`` return 0 without a draw, as numpy does.
    """
    return random_binomial(_bit_generator(bits), n, p)


@njit(cache=True)
def binomials(
    bits: np.ndarray, n: int, p: float, m: int, q: float
) -> tuple[int, int]:  # pragma: no cover - compiled
    """``(int(rng.binomial(n, p)), int(rng.binomial(m, q)))``, drawn in that order, in one call.

    A clash's two losses (``model.combat.RivalCombat.clash``): numpy's numbers and state.
    """
    generator = _bit_generator(bits)
    return random_binomial(generator, n, p), random_binomial(generator, m, q)
