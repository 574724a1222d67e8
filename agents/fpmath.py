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
move when the model switched to them. They take arrays of any shape or scalars (``power``
broadcasts its two arguments) and give float64, an array for an array and a numpy float for a
scalar, as numpy's do; the model and its agents call them instead of numpy's
(``tests/test_fpmath.py`` bans numpy's in ``model/``, ``agents/`` and ``runs/priors.py``, outside
compiled kernels, which call libm already). ``a ** b`` on numpy *arrays* is ``np.power``: use
:func:`power`; on Python or numpy scalars it is the C library's ``pow`` and needs nothing.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Compiled loops over flat float64 arrays, not numba's @vectorize: a vectorize ufunc builds its
# loop wrapper with LLVM at every import even when its kernel is cached (0.48 s an import).


@njit(cache=True)
def _exp(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        out[i] = math.exp(x[i])


@njit(cache=True)
def _expm1(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        out[i] = math.expm1(x[i])


@njit(cache=True)
def _log(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        v = x[i]
        out[i] = math.log(v) if v > 0.0 else (-math.inf if v == 0.0 else math.nan)


@njit(cache=True)
def _log10(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        v = x[i]
        out[i] = math.log10(v) if v > 0.0 else (-math.inf if v == 0.0 else math.nan)


@njit(cache=True)
def _arcsin(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        v = x[i]
        out[i] = math.asin(v) if -1.0 <= v <= 1.0 else math.nan


@njit(cache=True)
def _power(x: np.ndarray, y: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(x.size):
        out[i] = x[i] ** y[i]


@njit(cache=True)
def _power_scalar(x: np.ndarray, y: float, out: np.ndarray) -> None:  # pragma: no cover
    for i in range(x.size):
        out[i] = x[i] ** y


def _unary(kernel, x: np.ndarray | float) -> np.ndarray | np.float64:
    a = np.asarray(x, dtype=np.float64)
    out = np.empty(a.shape)
    kernel(np.ascontiguousarray(a).reshape(-1), out.reshape(-1))
    return out if out.ndim else out[()]


def exp(x: np.ndarray | float) -> np.ndarray | np.float64:
    """``e ** x``, the C library's ``exp``."""
    return _unary(_exp, x)


def expm1(x: np.ndarray | float) -> np.ndarray | np.float64:
    """``e ** x - 1``, accurate near 0 (the C library's ``expm1``)."""
    return _unary(_expm1, x)


def log(x: np.ndarray | float) -> np.ndarray | np.float64:
    """Natural logarithm (the C library's ``log``; ``-inf`` at 0, ``nan`` below)."""
    return _unary(_log, x)


def log10(x: np.ndarray | float) -> np.ndarray | np.float64:
    """Base-10 logarithm (the C library's ``log10``; ``-inf`` at 0, ``nan`` below)."""
    return _unary(_log10, x)


def arcsin(x: np.ndarray | float) -> np.ndarray | np.float64:
    """Inverse sine (the C library's ``asin``; ``nan`` outside [-1, 1])."""
    return _unary(_arcsin, x)


def power(x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray | np.float64:
    """``x ** y`` (the C library's ``pow``), ``x`` and ``y`` broadcast as numpy does."""
    a = np.asarray(x, dtype=np.float64)
    if np.ndim(y) == 0:
        out = np.empty(a.shape)
        _power_scalar(np.ascontiguousarray(a).reshape(-1), float(y), out.reshape(-1))
    else:
        a, b = np.broadcast_arrays(a, np.asarray(y, dtype=np.float64))
        out = np.empty(a.shape)
        _power(
            np.ascontiguousarray(a).reshape(-1),
            np.ascontiguousarray(b).reshape(-1),
            out.reshape(-1),
        )
    return out if out.ndim else out[()]
