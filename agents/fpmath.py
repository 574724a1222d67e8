"""Elementwise math that gives the same bits on every x86-64 CPU (reproducibility, issue 15).

numpy picks its loops for ``exp``, ``log``, ``log10``, ``expm1``, ``power``, ``arcsin`` and
other transcendental functions at run time by the CPU's instruction sets: on a CPU with
AVX-512 (numpy's ``X86_V4``/``AVX512_SKX``) it uses vectorised approximations (Intel's SVML)
whose last bit differs from the C library's in a few per cent of values (measured with numpy
2.5 on an AMD EPYC with AVX-512: ``exp`` 5% of 60,000 values, ``log10`` 15%, ``power`` 3%,
``expm1`` 9%; ``sin``, ``cos``, ``tanh``, ``sqrt``, sums and products identical). A model that
calls them gives other numbers for the same seed on such a machine than on one without
AVX-512: the golden digests and a cluster of mixed machines see different results.

These ufuncs compute the same functions with the C library's routines (numba compiles
``math.exp`` and friends to calls of libm, as CPython's ``math`` does), one element at a time,
whatever the CPU: the bits of numpy's own loops on a CPU without AVX-512, so results did not
move when the model switched to them. They are real numpy ufuncs (broadcasting, scalars,
``out=``), for float64; the model and its agents call them instead of numpy's
(``tests/test_fpmath.py`` bans numpy's in ``model/``, ``agents/`` and ``runs/priors.py``, outside
compiled kernels, which call libm already). ``a ** b`` on numpy *arrays* is ``np.power``: use
:func:`power`; on Python or numpy scalars it is the C library's ``pow`` and needs nothing.
"""

from __future__ import annotations

import math

import numpy as np
from numba import vectorize

_UNARY = ["float64(float64)"]
_BINARY = ["float64(float64, float64)"]


@vectorize(_UNARY, cache=True)
def _exp(x: float) -> float:  # pragma: no cover - compiled
    """``e ** x``, the C library's ``exp``."""
    return math.exp(x)


@vectorize(_UNARY, cache=True)
def _expm1(x: float) -> float:  # pragma: no cover - compiled
    """``e ** x - 1``, accurate near 0 (the C library's ``expm1``)."""
    return math.expm1(x)


@vectorize(_UNARY, cache=True)
def _log(x: float) -> float:  # pragma: no cover - compiled
    """Natural logarithm (the C library's ``log``; ``-inf`` at 0, ``nan`` below)."""
    return math.log(x) if x > 0.0 else (-math.inf if x == 0.0 else math.nan)


@vectorize(_UNARY, cache=True)
def _log10(x: float) -> float:  # pragma: no cover - compiled
    """Base-10 logarithm (the C library's ``log10``; ``-inf`` at 0, ``nan`` below)."""
    return math.log10(x) if x > 0.0 else (-math.inf if x == 0.0 else math.nan)


@vectorize(_BINARY, cache=True)
def _power(x: float, y: float) -> float:  # pragma: no cover - compiled
    """``x ** y`` (the C library's ``pow``)."""
    return x**y


@vectorize(_UNARY, cache=True)
def _arcsin(x: float) -> float:  # pragma: no cover - compiled
    """Inverse sine (the C library's ``asin``; ``nan`` outside [-1, 1])."""
    return math.asin(x) if -1.0 <= x <= 1.0 else math.nan


# numba's vectorize gives a DUFunc, whose Python __call__ costs about 1.5 us a call on top of the
# numpy ufunc it wraps (over 400 calls a run); the model calls that ufunc directly
exp: np.ufunc = _exp.ufunc
expm1: np.ufunc = _expm1.ufunc
log: np.ufunc = _log.ufunc
log10: np.ufunc = _log10.ufunc
power: np.ufunc = _power.ufunc
arcsin: np.ufunc = _arcsin.ufunc
