"""Compiled inner loops of agent rules (numba), so that one agent's choice costs microseconds.

An agent that scores every cell of its neighbourhood did it with a dozen numpy operations on a
5 x 5 window; each operation's overhead (a microsecond or two) dwarfed its arithmetic, and a
default run spent a third of its time there (issue 15). A kernel here does the same arithmetic
in one compiled loop. Each kernel is the *only* implementation of its rule's arithmetic: the
agent method that calls it documents the rule (ODD) and keeps everything else (random draws
from the model's generators, state changes), so the rule is written once.

Bit-identity with the numpy form the kernels replaced (the golden digests did not change):
every score is computed with the same IEEE operations in the same order (no ``fastmath``, so no
reassociation or fused multiply-adds), and sums over a few actors are sequential, which is what
numpy does for fewer than eight terms. ``cache=True`` writes the compiled code next to this
file (``__pycache__``), so a worker process loads it instead of compiling again.
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
    out: np.ndarray,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """The best-scoring cells within ``radius`` of ``(x, y)`` for a front (``ArmedUnit``).

    The score is the one of :meth:`agents.armed.ArmedUnit.choose_cell`; water scores -1.

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
            if land[i, j]:
                rival = 0.0
                for k in range(rivals.shape[0]):
                    rival += force[rivals[k], i, j]
                hostile = state[i, j] + rival
                score = value[i, j] * fighters / (fighters + aversion * hostile)
                crowd = force[own, i, j]
                if i == x and j == y:
                    crowd -= fighters  # its own force is not crowding
                score /= 1.0 + max(crowd, 0.0) / fighters
                score *= 1.0 + attachment * home[i, j]
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
