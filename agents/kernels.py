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

This module holds the fronts' choice of cell; the other kernels live by domain, under the same
rules: the growers' month in ``agents/kernels_grower.py``, the security units' searches in
``agents/kernels_security.py``, the recruitment pool's window sums in
``agents/kernels_window.py``, a front's recruitment and desertion in ``agents/kernels_front.py``.
Kernels that draw take the model's numpy ``Generator`` through ``agents/kernels_draws.py``, which
gives numpy's numbers and advances numpy's state.
"""

from __future__ import annotations

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
