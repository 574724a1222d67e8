"""The fronts' settling rounds at set-up, compiled (numba; ODD 5, 7.6; issue 15).

One round of :func:`model.settling.settle_fronts` moves every front once, in the order of the
model's fronts (no shuffle), to the enemy it chases in a war (``GroupWars.pursuit``) or to the
cell it chooses (``ArmedUnit.choose_cell``, its tie drawn from ``model.random``'s twister),
keeping each group's occupancy as fronts move (``FrontMonth.moved``). :func:`settle_moves` is
that round over the fronts' table of the fronts' compiled turn (``agents/kernels_front_moves.py``
:data:`~agents.kernels_front_moves.FRONT_COLUMNS`), with that turn's compiled chase and choice;
``model/settling.py`` gathers the arrays and writes the moves back to the Mesa cells in order.
The Python round (``settling.python_round``) is the reference it is tested against bit for
bit (``tests/test_settling.py``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels_front_moves import FIGHTERS, OWNER, X, Y, chase, choose
from agents.kernels_plan import move_occupancy


@njit(cache=True)
def settle_moves(
    fronts: np.ndarray,
    radius: int,
    rivals: np.ndarray,
    n_rivals: np.ndarray,
    state: np.ndarray,
    force: np.ndarray,
    values: np.ndarray,
    homes: np.ndarray,
    land: np.ndarray,
    aversion: float,
    attachment: float,
    roam: int,
    occupied: np.ndarray,
    sharing: float,
    wars: np.ndarray,
    war_cells: np.ndarray,
    reach: int,
    war_roam: int,
    twister: np.ndarray,
    moves: np.ndarray,
) -> int:  # pragma: no cover - compiled; tested against the Python round
    """Move every front of ``fronts`` once, in row order (module docstring).

    Every front has fighters (the caller checks). ``occupied`` (``[actor, x, y]``, the fronts'
    fighters where they stand) and the fronts' cells in ``fronts`` are updated as they move;
    ``twister`` is ``model.random``'s state, advanced by the ties drawn.

    Returns:
        How many rows of ``moves`` were filled: the fronts that moved, in order.
    """
    side = 2 * radius + 1
    best = np.empty((side * side, 2), dtype=np.int64)
    n_moves = 0
    for k in range(fronts.shape[0]):
        fighters = fronts[k, FIGHTERS]
        g = fronts[k, OWNER]
        x, y = fronts[k, X], fronts[k, Y]
        tx, ty = chase(fronts, k, wars, war_cells, reach, war_roam)
        if tx < 0:
            tx, ty = choose(
                fronts,
                k,
                radius,
                rivals,
                n_rivals,
                state,
                force,
                values,
                homes,
                land,
                aversion,
                attachment,
                roam,
                occupied,
                sharing,
                twister,
                best,
            )
        if tx != x or ty != y:  # FrontMonth.moved: its fighters were placed where it stood
            move_occupancy(occupied, g, x, y, tx, ty, float(fighters), fighters)
            fronts[k, X], fronts[k, Y] = tx, ty
            moves[n_moves] = k
            n_moves += 1
    return n_moves
