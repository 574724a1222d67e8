"""Compiled searches and draws of the security units' turn (numba; split from agents/kernels.py).

A unit's choice of target (:meth:`agents.security.SecurityUnit.choose_target`) looks for the
strongest reachable concentration and for the cells of its patrol area it can get to; each
search was a dozen numpy operations per unit-month. Neither depends on what other units do in
the turn, so the month runs both for every unit in one call when the turn starts
(:func:`strongest_targets`, :func:`patrol_cells_all`; ``agents/security_month.py``). A unit's
fight with one front (:meth:`agents.security.SecurityUnit.engage`) draws three binomials and a
Poisson from the model's ``Generator``; :func:`engagement` draws them compiled, numpy's numbers
in numpy's order (``agents/kernels_draws.py``).

Bit-identical with the numpy form each kernel replaced, under the rules of
``agents/kernels.py`` (the same IEEE operations in the same order, no ``fastmath``;
``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.np.random.distributions import random_binomial, random_poisson

from agents.kernels_draws import _bit_generator

#: the largest Poisson mean numpy's ``Generator.poisson`` accepts (``_common.pyx``)
POISSON_LAM_MAX = float(np.iinfo(np.int64).max - np.sqrt(np.iinfo(np.int64).max) * 10)


@njit(cache=True)
def strongest_target(
    x: int,
    y: int,
    bx: int,
    by: int,
    reach: int,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    targets: np.ndarray,
    gradient: float,
) -> tuple[int, int]:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The cell a security unit with intelligence goes after (``SecurityUnit.choose_target``).

    Among the cells within ``reach`` (Chebyshev) both of ``(x, y)`` and of its base ``(bx,
    by)``, on land and reachable (remoteness at most ``threshold`` or at most ``air``), the first
    (row-major) with the largest ``targets / (1 + gradient * d)``, ``d`` the cell's Chebyshev
    distance from the base, as ``np.argmax`` over the window would pick; ``(-1, -1)`` if the
    windows do not overlap or that value is not positive (a NaN, which ``np.argmax`` would
    pick first, counts as not positive).

    Args:
        x: Column of the unit's cell.
        y: Row of the unit's cell.
        bx: Column of its base.
        by: Row of its base.
        reach: Cells it can move this month.
        land: Land mask ``[x, y]``.
        remote: Remoteness ``[x, y]``.
        threshold: ``security.remote_reach_threshold``.
        air: The air-mobility input.
        targets: Armed force as security units weigh it ``[x, y]`` (``Ceasefires.targets``).
        gradient: ``security.strength_gradient`` (per cell from the base).
    """
    width, height = land.shape
    x0, x1 = max(0, x - reach, bx - reach), min(width, x + reach + 1, bx + reach + 1)
    y0, y1 = max(0, y - reach, by - reach), min(height, y + reach + 1, by + reach + 1)
    best, bi, bj = -np.inf, -1, -1
    for i in range(x0, x1):
        for j in range(y0, y1):
            ok = land[i, j] and (remote[i, j] <= threshold or remote[i, j] <= air)
            cost = 1.0 + gradient * max(abs(i - bx), abs(j - by))
            value = targets[i, j] / cost if ok else 0.0
            if value != value:  # NaN: np.argmax stops at the first one
                return -1, -1
            if value > best:
                best, bi, bj = value, i, j
    if bi < 0 or not best > 0.0:
        return -1, -1
    return bi, bj


@njit(cache=True)
def patrol_cells(
    x: int,
    y: int,
    reach: int,
    xs: np.ndarray,
    ys: np.ndarray,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    out: np.ndarray,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The cells of a unit's patrol area it can patrol this month (``SecurityUnit.choose_target``).

    Writes to ``out`` the positions in ``(xs, ys)`` (its patrol area, in order) of the cells on
    land, reachable (remoteness at most ``threshold`` or at most ``air``) and within ``reach``
    (Chebyshev) of ``(x, y)``, in order (``np.flatnonzero`` of that mask), and returns their
    number.
    """
    count = 0
    for n in range(xs.shape[0]):
        i, j = xs[n], ys[n]
        if (
            land[i, j]
            and (remote[i, j] <= threshold or remote[i, j] <= air)
            and max(abs(i - x), abs(j - y)) <= reach
        ):
            out[count] = n
            count += 1
    return count


@njit(cache=True)
def strongest_targets(
    xy: np.ndarray,
    base: np.ndarray,
    reach: np.ndarray,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    targets: np.ndarray,
    gradient: float,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels_security.py
    """:func:`strongest_target` of every unit: ``out[k]`` for the unit at ``xy[k]``.

    Args:
        xy: ``[n, 2]`` the units' cells.
        base: ``[n, 2]`` their bases.
        reach: ``[n]`` the cells each can move this month.
        land: Land mask ``[x, y]``.
        remote: Remoteness ``[x, y]``.
        threshold: ``security.remote_reach_threshold``.
        air: The air-mobility input.
        targets: Armed force as security units weigh it ``[x, y]``.
        gradient: ``security.strength_gradient``.
        out: ``[n, 2]`` written: the target's cell, ``(-1, -1)`` for none.
    """
    for k in range(xy.shape[0]):
        tx, ty = strongest_target(
            xy[k, 0],
            xy[k, 1],
            base[k, 0],
            base[k, 1],
            reach[k],
            land,
            remote,
            threshold,
            air,
            targets,
            gradient,
        )
        out[k, 0] = tx
        out[k, 1] = ty


@njit(cache=True)
def patrol_cells_all(
    xy: np.ndarray,
    reach: np.ndarray,
    start: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    out: np.ndarray,
    count: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels_security.py
    """:func:`patrol_cells` of every unit, over their patrol areas laid end to end.

    Unit ``k``'s patrol area is ``xs[start[k]:start[k + 1]]``, ``ys[...]`` (``start`` has
    ``n + 1`` entries); its patrol cells are written to ``out[start[k]:]`` as positions within
    its own area, and their number to ``count[k]``.
    """
    for k in range(xy.shape[0]):
        a, b = start[k], start[k + 1]
        count[k] = patrol_cells(
            xy[k, 0],
            xy[k, 1],
            reach[k],
            xs[a:b],
            ys[a:b],
            land,
            remote,
            threshold,
            air,
            out[a:b],
        )


@njit(cache=True)
def engagement(
    bits: np.ndarray,
    fighters: int,
    strength: float,
    lethality: float,
    capture_share: float,
    conviction: float,
    death_rate: float,
) -> tuple[int, int, int, int]:  # pragma: no cover - compiled; guarded by tests
    """The draws of one unit's fight with one front (:meth:`SecurityUnit.engage`'s rule).

    With ``r = strength / (strength + fighters)``: losses ``Binomial(fighters, min(1,
    lethality * 2r))``, captured ``Binomial(losses, capture_share)``, convicted
    ``Binomial(captured, conviction)``; the released go back, and the unit's dead are
    ``Poisson(death_rate * fighters_after * (1 - r))``. Drawn from the generator of ``bits``
    (:func:`agents.kernels_draws.generator_bits`) as numpy's ``binomial`` and ``poisson`` would
    draw them, in this order; a draw with no trials or a zero mean is no draw, as in numpy.
    A probability outside [0, 1] (or NaN) or a mean too large raises ``ValueError`` where
    numpy's draw would.

    Returns:
        ``(losses, captured, convicted, deaths)``.
    """
    return _fight(
        _bit_generator(bits), fighters, strength, lethality, capture_share, conviction, death_rate
    )


@njit(cache=True)
def _fight(generator, fighters, strength, lethality, capture_share, conviction, death_rate):
    """:func:`engagement`'s draws from numba's bit generator ``generator`` (also the turn's).

    ``(fighters: int, strength, lethality, capture_share, conviction, death_rate: float) ->
    (losses, captured, convicted, deaths)``; compiled, guarded by tests.
    """
    ratio = strength / (strength + fighters)
    losses = _binomial(generator, fighters, min(1.0, lethality * 2.0 * ratio))
    captured = _binomial(generator, losses, capture_share) if losses else 0
    convicted = _binomial(generator, captured, conviction) if captured else 0
    left = fighters - (losses - (captured - convicted))
    mean = death_rate * left * (1.0 - ratio)
    deaths = 0
    if mean > 0:
        if mean > POISSON_LAM_MAX:
            raise ValueError("lam value too large")
        deaths = random_poisson(generator, mean)
    return losses, captured, convicted, deaths


@njit(cache=True)
def _binomial(generator, n: int, p: float) -> int:  # pragma: no cover - compiled
    """Draw as ``Generator.binomial(n, p)`` does: numpy's check of ``p``, then its draw."""
    if not (0.0 <= p <= 1.0):
        raise ValueError("p < 0, p > 1 or p is NaN")
    return random_binomial(generator, n, p)
