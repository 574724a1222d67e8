"""The logit over routes around its ``exp``, compiled (numba; ODD 7.10, step 4; issue 15).

``flows.logit_shares`` was sixteen numpy passes over a kind's ``[exit, node]`` costs (masks,
``where``, a minimum and two sums over exits, divisions); at every recomputation of the routes
they cost as much as its ``exp``. The two loops here make the same floats around the ``exp``,
which the caller takes from ``agents.fpmath`` (the C library's: numpy's own loops round
otherwise on CPUs with AVX-512; a compiled ``math.exp`` here would give the same bits):

* :func:`logit_exponents`: each node's cheapest route ``best`` (0 if it reaches no exit) and
  ``-(cost - best) / scale`` (``cost`` 0 where the exit is unreachable), as numpy computed them;
* :func:`logit_normalize`: the weights (``exp`` where the exit is reachable, 0 elsewhere), each
  node's total over exits, the shares, those below ``min_share`` set to 0 and the rest
  normalized again. numpy's sum over the first axis of a C-ordered array adds the rows in order
  from the first, and so do the loops (from +0, which changes nothing: the weights are >= 0).

:func:`route_shares` makes a kind's routes' costs and calls both around a compiled ``exp``
(``Trafficking._maybe_recompute``). ``tests/test_trafficking_logit.py`` keeps the numpy form
and compares bit for bit.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def logit_exponents(
    cost: np.ndarray, scale: float
) -> np.ndarray:  # pragma: no cover - compiled; tests/test_trafficking_logit.py
    """``-(cost - best) / scale`` for every ``[exit, node]`` (module docstring).

    Args:
        cost: ``[exit, node]`` cost of each route (US$/kg); inf where the exit is unreachable.
        scale: Logit scale (US$/kg).

    Returns:
        ``[exit, node]`` the logit's exponents (finite; those of unreachable exits unused).
    """
    n_exits, n = cost.shape
    # exits outer, nodes inner: the arrays are read along their rows
    best = np.full(n, np.inf)
    for e in range(n_exits):
        for i in range(n):
            c = cost[e, i]
            if np.isfinite(c) and c < best[i]:
                best[i] = c
    for i in range(n):
        if not np.isfinite(best[i]):
            best[i] = 0.0
    out = np.empty((n_exits, n))
    for e in range(n_exits):
        for i in range(n):
            c = cost[e, i]
            if not np.isfinite(c):
                c = 0.0
            out[e, i] = -(c - best[i]) / scale
    return out


@njit(cache=True)
def logit_normalize(
    cost: np.ndarray, weight: np.ndarray, min_share: float
) -> np.ndarray:  # pragma: no cover - compiled; tests/test_trafficking_logit.py
    """The shares from the exponentials of :func:`logit_exponents` (module docstring).

    Args:
        cost: ``[exit, node]`` cost of each route; inf where the exit is unreachable.
        weight: ``[exit, node]`` ``exp`` of the exponents (``agents.fpmath.exp``).
        min_share: Shares below this are set to 0 and the rest normalized again (0: none).

    Returns:
        ``[exit, node]`` shares, summing to 1 over exits where a node reaches any.
    """
    n_exits, n = cost.shape
    # exits outer, nodes inner (rows in order, as numpy's sums over the first axis add them)
    total = np.zeros(n)
    for e in range(n_exits):
        for i in range(n):
            if np.isfinite(cost[e, i]):
                total[i] += weight[e, i]
    share = np.zeros((n_exits, n))
    for e in range(n_exits):
        for i in range(n):
            if total[i] > 0.0 and np.isfinite(cost[e, i]):
                share[e, i] = weight[e, i] / total[i]
    if min_share > 0.0:
        total[:] = 0.0
        for e in range(n_exits):
            for i in range(n):
                if not share[e, i] >= min_share:
                    share[e, i] = 0.0
                total[i] += share[e, i]
        for e in range(n_exits):
            for i in range(n):
                share[e, i] = share[e, i] / total[i] if total[i] > 0.0 else 0.0
    return share


@njit(cache=True)
def route_shares(
    cost: np.ndarray, exit_cost: np.ndarray, scale: float, min_share: float
) -> np.ndarray:  # pragma: no cover - compiled; tests/test_trafficking_logit.py
    """``flows.logit_shares(cost + exit_cost[:, None], scale, min_share)`` in one call.

    The routes' costs (a kind's ``[exit, node]`` tree costs plus each exit's own cost, the same
    sums numpy's broadcast makes), :func:`logit_exponents`, their ``exp`` where the exit is
    reachable (``math.exp``: the C library's, as ``agents.fpmath.exp``; the weights of
    unreachable exits are never read) and :func:`logit_normalize`: the same floats without
    three calls from Python and their arrays (issue 15).
    """
    n_exits, n = cost.shape
    route = np.empty((n_exits, n))
    for e in range(n_exits):
        for i in range(n):
            route[e, i] = cost[e, i] + exit_cost[e]
    exponent = logit_exponents(route, scale)
    weight = np.zeros((n_exits, n))
    for e in range(n_exits):
        for i in range(n):
            if np.isfinite(route[e, i]):
                weight[e, i] = math.exp(exponent[e, i])
    return logit_normalize(route, weight, min_share)
