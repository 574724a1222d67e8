"""Compiled inner loops of agent rules (numba), so that one agent's choice costs microseconds.

An agent that scores every cell of its neighbourhood did it with a dozen numpy operations on a
5 x 5 window; each operation's overhead (a microsecond or two) dwarfed its arithmetic, and a
default run spent a third of its time there (issue 15). A kernel here does the same arithmetic
in one compiled loop. The agent method that calls a kernel documents the rule (ODD) and keeps
everything else (random draws from the model's generators, state changes); the numpy form of
each rule stays in ``tests/test_kernels.py`` (and, for the recruitment pool's window sums, in
``model/recruitment.py`` as the path for other windows), and the tests compare the two.

Bit-identity with the numpy form the kernels replaced (the golden digests did not change):
every score is computed with the same IEEE operations in the same order (no ``fastmath``, so no
reassociation or fused multiply-adds), and sums over a few actors are sequential, which is what
numpy does for fewer than eight terms. ``cache=True`` writes the compiled code next to this
file (``__pycache__``), so a worker process loads it instead of compiling again.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def best_front_cells(
    x: int,
    y: int,
    radius: int,
    fighters: float,
    own: int,
    rivals: np.ndarray,
    state: np.ndarray,
    force: np.ndarray,
    value: np.ndarray,
    home: np.ndarray,
    land: np.ndarray,
    aversion: float,
    attachment: float,
    bx: int,
    by: int,
    roam: int,
    occupied: np.ndarray,
    sharing: float,
    out: np.ndarray,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """The best-scoring cells within ``radius`` of ``(x, y)`` for a front (``ArmedUnit``).

    The score is the one of :meth:`agents.front.ArmedUnit.choose_cell`; water and cells more
    than ``roam`` cells (Chebyshev) from the front's base score -1, except its own cell.

    Args:
        x: Column of the front's cell.
        y: Row of the front's cell.
        radius: Its move range (cells).
        fighters: Its fighters, at least 1.
        own: Its group's actor index in ``force``.
        rivals: Actor indices of its group's rivals (int64), in order.
        state: The state's projected force ``[x, y]``.
        force: Every actor's projected force ``[actor, x, y]``.
        value: What each cell is worth to its group ``[x, y]``.
        home: Its group's established presence ``[x, y]``.
        land: Land mask ``[x, y]``.
        aversion: ``armed.danger_aversion``.
        attachment: ``armed.home_attachment``.
        bx: Column of the front's base (the centre of its zone of operations).
        by: Row of the front's base.
        roam: ``armed.front_roam``.
        occupied: Its group's fronts' fighters standing on each cell ``[x, y]`` (its own
            included where it stands).
        sharing: ``armed.base_sharing``.
        out: ``(n, 2)`` int64 buffer, n at least the window's cells: receives the ``(x, y)`` of
            every cell with the best score, in row-major window order (that of
            ``np.flatnonzero`` on the window).

    Returns:
        How many cells tie for the best score (rows of ``out`` filled).
    """
    width, height = land.shape
    x0, x1 = max(0, x - radius), min(width, x + radius + 1)
    y0, y1 = max(0, y - radius), min(height, y + radius + 1)
    best = -np.inf
    count = 0
    for i in range(x0, x1):
        for j in range(y0, y1):
            here = i == x and j == y
            if land[i, j] and ((abs(i - bx) <= roam and abs(j - by) <= roam) or here):
                rival = 0.0
                for k in range(rivals.shape[0]):
                    rival += force[rivals[k], i, j]
                hostile = state[i, j] + rival
                score = value[i, j] * fighters / (fighters + aversion * hostile)
                crowd = force[own, i, j]
                if here:
                    crowd -= fighters  # its own force is not crowding
                score /= 1.0 + max(crowd, 0.0) / fighters
                score *= 1.0 + attachment * home[i, j]
                # its share of the cell's base, which the group's fronts there split
                others = occupied[i, j] - fighters if here else occupied[i, j]
                score *= fighters / (fighters + sharing * max(others, 0.0))
            else:
                score = -1.0
            if score > best:
                best = score
                count = 0
            if score == best:
                out[count, 0] = i
                out[count, 1] = j
                count += 1
    return count


@njit(cache=True)
def best_front_cells_all(
    xs: np.ndarray,
    ys: np.ndarray,
    radius: int,
    fighters: np.ndarray,
    owns: np.ndarray,
    rivals: np.ndarray,
    n_rivals: np.ndarray,
    state: np.ndarray,
    force: np.ndarray,
    values: np.ndarray,
    homes: np.ndarray,
    land: np.ndarray,
    aversion: float,
    attachment: float,
    bxs: np.ndarray,
    bys: np.ndarray,
    roam: int,
    occupied: np.ndarray,
    sharing: float,
    out: np.ndarray,
    counts: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """:func:`best_front_cells` for many fronts at once: front k's cells into ``out[k]``.

    Args:
        xs: Each front's column.
        ys: Each front's row.
        radius: The move range (cells).
        fighters: Each front's fighters, at least 1.
        owns: Each front's group's actor index.
        rivals: Row g: the actor indices of group g's rivals (int64), ``n_rivals[g]`` of them.
        n_rivals: How many rivals each actor index has.
        state: The state's projected force ``[x, y]``.
        force: Every actor's projected force ``[actor, x, y]``.
        values: What each cell is worth to each group ``[group index - 1, x, y]``.
        homes: Each actor's established presence ``[actor, x, y]``.
        land: Land mask ``[x, y]``.
        aversion: ``armed.danger_aversion``.
        attachment: ``armed.home_attachment``.
        bxs: Each front's base column.
        bys: Each front's base row.
        roam: ``armed.front_roam``.
        occupied: Each actor's fronts' fighters standing on each cell ``[actor, x, y]``.
        sharing: ``armed.base_sharing``.
        out: ``(fronts, n, 2)`` int64 buffer, n at least the window's cells.
        counts: Receives each front's number of tied best cells.
    """
    for k in range(xs.shape[0]):
        own = owns[k]
        counts[k] = best_front_cells(
            xs[k],
            ys[k],
            radius,
            fighters[k],
            own,
            rivals[own, : n_rivals[own]],
            state,
            force,
            values[own - 1],
            homes[own],
            land,
            aversion,
            attachment,
            bxs[k],
            bys[k],
            roam,
            occupied[own],
            sharing,
            out[k],
        )


@njit(cache=True)
def grower_returns(
    slots: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    premium: np.ndarray,
    eradication: np.ndarray,
    presence: np.ndarray,
    armed: np.ndarray,
    confined: np.ndarray,
    replant: float,
    deterrence: float,
    coca_net: float,
    coercion_bonus: float,
    price_index: float,
    licit_net: float,
    economy: float,
    alt_bonus: float,
    alt_development: float,
    coca_out: np.ndarray,
    licit_out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """Expected returns of coca and licit crops of the growers in ``slots`` (``returns``).

    Args:
        slots: Rows of the growers (int64), in the order the results are written.
        xs: Column of every grower's cell.
        ys: Row of every grower's cell.
        premium: Every grower's calibrated premium on coca.
        eradication: Share of each cell's coca eradicated this month ``[x, y]``.
        presence: State presence ``[x, y]``.
        armed: Whether an armed group controls each cell ``[x, y]``.
        confined: Share of each cell's residents confined this month ``[x, y]``.
        replant: ``coca.replant_share``.
        deterrence: ``coca.eradication_deterrence``.
        coca_net: ``coca.coca_net_usd_per_ha``.
        coercion_bonus: ``coca.coercion_bonus``.
        price_index: The farm-gate price of coca relative to set-up.
        licit_net: ``coca.licit_net_usd_per_ha``.
        economy: The economy index.
        alt_bonus: ``coca.alt_dev_bonus``.
        alt_development: The alternative-development input.
        coca_out: Receives the coca return of each slot (US$/ha/month).
        licit_out: Receives the licit return of each slot.
    """
    for n in range(slots.shape[0]):
        i = slots[n]
        x, y = xs[i], ys[i]
        loss = eradication[x, y] * (1.0 - replant)
        risk = 1.0 - math.exp(-12.0 * deterrence * loss)
        coerced = 1.0 if armed[x, y] else 0.0
        coca = coca_net * premium[i] * (1.0 - risk) * (1.0 + coercion_bonus * coerced)
        coca *= price_index
        licit = (
            licit_net
            * economy
            * (1.0 + alt_bonus * alt_development * presence[x, y])
            * (1.0 - confined[x, y])
        )
        coca_out[n] = coca
        licit_out[n] = licit


@njit(cache=True)
def grower_step(
    slots: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    coca_ha: np.ndarray,
    potential_ha: np.ndarray,
    eradicated_ha: np.ndarray,
    eradication: np.ndarray,
    coca_return: np.ndarray,
    licit_return: np.ndarray,
    adjustment: float,
    sharpness: float,
    replant: float,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """One month of the growers in ``slots``, in place (``CocaGrower.step``).

    Args:
        slots: Rows of the growers (int64).
        xs: Column of every grower's cell.
        ys: Row of every grower's cell.
        coca_ha: Every grower's coca (ha), updated.
        potential_ha: Every grower's land for coca or licit crops (ha).
        eradicated_ha: Receives what this month's campaign eradicated of each (ha).
        eradication: Share of each cell's coca eradicated this month ``[x, y]``.
        coca_return: The coca return of each slot, in ``slots`` order (:func:`grower_returns`).
        licit_return: The licit return of each slot.
        adjustment: ``coca.adjustment_rate``.
        sharpness: ``coca.choice_sharpness``.
        replant: ``coca.replant_share``.
    """
    for n in range(slots.shape[0]):
        i = slots[n]
        coca, licit = coca_return[n], licit_return[n]
        share = coca**sharpness / (coca**sharpness + licit**sharpness) if coca + licit > 0 else 0.0
        area = coca_ha[i] + adjustment * (share * potential_ha[i] - coca_ha[i])
        eradicated = area * eradication[xs[i], ys[i]]
        eradicated_ha[i] = eradicated
        area -= eradicated * (1.0 - replant)
        coca_ha[i] = area if area > 0.0 else 0.0  # max(0.0, area), NaN included


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


#: numpy sums a contiguous block of up to this many terms with eight accumulators; longer ones
#: it splits in halves (``pairwise_sum`` in numpy's ``loops_utils.h``), which
#: :func:`window_dot` does not mirror
PAIRWISE_BLOCK = 128


@njit(cache=True)
def _pairwise_dot(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, weights: np.ndarray, wx: int, wy: int
) -> float:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """The sum numpy gives of ``values[x0 + i, y0 + j] * weights[wx + i, wy + j]`` over the window.

    numpy adds the products, in row-major order, to its identity 0.0 by its pairwise sum:
    fewer than eight terms one after the other; up to :data:`PAIRWISE_BLOCK` in eight running
    sums (term k into sum k mod 8) combined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 +
    r7))``, then the terms left over after the last full eight, one after the other. Windows
    of more than :data:`PAIRWISE_BLOCK` cells are the caller's to sum with numpy.
    """
    height = y1 - y0
    n = (x1 - x0) * height
    if n < 8:
        total = 0.0
        for k in range(n):
            i, j = divmod(k, height)
            total += values[x0 + i, y0 + j] * weights[wx + i, wy + j]
        return 0.0 + total
    r = np.empty(8)
    for k in range(8):
        i, j = divmod(k, height)
        r[k] = values[x0 + i, y0 + j] * weights[wx + i, wy + j]
    full = n - n % 8
    for k in range(8, full):
        i, j = divmod(k, height)
        r[k % 8] += values[x0 + i, y0 + j] * weights[wx + i, wy + j]
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for k in range(full, n):
        i, j = divmod(k, height)
        total += values[x0 + i, y0 + j] * weights[wx + i, wy + j]
    return 0.0 + total


@njit(cache=True)
def window_dot(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, weights: np.ndarray
) -> float:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """``float((values[x0:x1, y0:y1] * weights).sum())``, the same float as numpy's.

    ``weights`` has the window's shape; the sum is numpy's pairwise one (:func:`_pairwise_dot`).
    """
    return _pairwise_dot(values, x0, x1, y0, y1, weights, 0, 0)


@njit(cache=True)
def window_dots_around(
    first: np.ndarray, second: np.ndarray, weights: np.ndarray, x: int, y: int, radius: int
) -> tuple[float, float]:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """:func:`window_dot` of ``first`` and of ``second`` over the window around ``(x, y)``.

    The window is that of :func:`agents.window.window` (the cells within Chebyshev ``radius``,
    clipped at the grid's edges); ``weights`` covers the whole grid, like ``first`` and
    ``second``, and is read over the same window. One call instead of two slicings and two
    sums: a front asks for both every month (issue 15). Windows of more than
    :data:`PAIRWISE_BLOCK` cells are the caller's.
    """
    width, height = first.shape
    x0, x1 = max(0, x - radius), min(width, x + radius + 1)
    y0, y1 = max(0, y - radius), min(height, y + radius + 1)
    return (
        _pairwise_dot(first, x0, x1, y0, y1, weights, x0, y0),
        _pairwise_dot(second, x0, x1, y0, y1, weights, x0, y0),
    )


@njit(cache=True)
def window_scale(
    values: np.ndarray, x0: int, x1: int, y0: int, y1: int, share: float, weights: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """``values[x0:x1, y0:y1] *= 1.0 - share * weights``, in place, the same floats as numpy."""
    for i in range(x1 - x0):
        for j in range(y1 - y0):
            values[x0 + i, y0 + j] *= 1.0 - share * weights[i, j]


@njit(cache=True)
def window_scale_around(
    values: np.ndarray, x: int, y: int, radius: int, share: float, weights: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """:func:`window_scale` over the window around ``(x, y)``, ``weights`` over the whole grid."""
    width, height = values.shape
    x0, x1 = max(0, x - radius), min(width, x + radius + 1)
    y0, y1 = max(0, y - radius), min(height, y + radius + 1)
    for i in range(x0, x1):
        for j in range(y0, y1):
            values[i, j] *= 1.0 - share * weights[i, j]
