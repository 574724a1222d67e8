"""Where a front goes in its turn and whom it meets there, compiled (numba; ODD 7.7, 7.21).

Parts of the fronts' turn in one call (:func:`agents.kernels_turn.fronts_month`, issue 15),
each the compiled form of a Python rule it is tested against (``tests/test_front_turn.py``):
the choice of a cell (:meth:`agents.front.ArmedUnit.choose_cell`, its tie drawn from
``model.random``'s twister), the chase of an enemy in a war (``model.wars.GroupWars.pursuit``),
whether two groups are at war on a cell (``GroupWars.at_war``) and the fronts on a cell in the
order of its Mesa agents (``ArmedUnit.fronts_here``). A front is a row of the turn's ``fronts``
table (:data:`FRONT_COLUMNS`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels import best_front_cells
from agents.kernels_twister import randbelow

#: a front's columns in ``fronts[k, :]``: its cell, its base, its group's actor index, its
#: fighters, its Mesa ``unique_id`` and its place among the agents of its cell
FRONT_COLUMNS = ("x", "y", "base_x", "base_y", "owner", "fighters", "unique_id", "arrival")
X, Y, BASE_X, BASE_Y, OWNER, FIGHTERS, UNIQUE_ID, ARRIVAL = range(len(FRONT_COLUMNS))


@njit(cache=True)
def fronts_here(
    fronts: np.ndarray, x: int, y: int, out: np.ndarray
) -> int:  # pragma: no cover - compiled; tested
    """The rows of the fronts on ``(x, y)`` into ``out``, in the cell's agents' order."""
    count = 0
    for j in range(fronts.shape[0]):
        if fronts[j, X] == x and fronts[j, Y] == y:
            # insertion by arrival (few fronts share a cell)
            i = count
            while i > 0 and fronts[out[i - 1], ARRIVAL] > fronts[j, ARRIVAL]:
                out[i] = out[i - 1]
                i -= 1
            out[i] = j
            count += 1
    return count


@njit(cache=True)
def at_war(
    wars: np.ndarray, war_cells: np.ndarray, a: int, b: int, x: int, y: int
) -> bool:  # pragma: no cover - compiled; tested
    """``GroupWars.at_war``: actors ``a`` and ``b`` are at war this month on ``(x, y)``."""
    for w in range(wars.shape[0]):
        if ((wars[w, 0] == a and wars[w, 1] == b) or (wars[w, 0] == b and wars[w, 1] == a)) and (
            war_cells[w, x, y]
        ):
            return True
    return False


@njit(cache=True)
def chase(
    fronts: np.ndarray,
    k: int,
    wars: np.ndarray,
    war_cells: np.ndarray,
    reach: int,
    roam: int,
) -> tuple[int, int]:  # pragma: no cover - compiled; tested
    """``GroupWars.pursuit``: the cell of the nearest enemy front ``k`` can reach, or (-1, -1).

    Nearest by Chebyshev distance, ties to the lowest ``unique_id``. The Python rule looks at the
    fronts standing within reach (``FrontMonth.standing``: those with fighters, where they
    stand now); this scans every front with the same tests, the same set.
    """
    g = fronts[k, OWNER]
    x, y = fronts[k, X], fronts[k, Y]
    bx, by = fronts[k, BASE_X], fronts[k, BASE_Y]
    best_near = best_id = -1
    cx = cy = -1
    for w in range(wars.shape[0]):
        if (wars[w, 0] != g and wars[w, 1] != g) or not war_cells[w, x, y]:
            continue
        enemy = wars[w, 1] if wars[w, 0] == g else wars[w, 0]
        for j in range(fronts.shape[0]):
            if fronts[j, OWNER] != enemy or fronts[j, FIGHTERS] <= 0:
                continue
            ox, oy = fronts[j, X], fronts[j, Y]
            near = max(abs(ox - x), abs(oy - y))
            home = max(abs(ox - bx), abs(oy - by))
            if near > reach or home > roam or not war_cells[w, ox, oy]:
                continue
            uid = fronts[j, UNIQUE_ID]
            if best_near < 0 or near < best_near or (near == best_near and uid < best_id):
                best_near, best_id, cx, cy = near, uid, ox, oy
    return cx, cy


@njit(cache=True)
def choose(
    fronts: np.ndarray,
    k: int,
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
    twister: np.ndarray,
    best: np.ndarray,
) -> tuple[int, int]:  # pragma: no cover - compiled; tested
    """``ArmedUnit.choose_cell``: a best cell, ties drawn from ``model.random``'s twister."""
    g = fronts[k, OWNER]
    count = best_front_cells(
        fronts[k, X],
        fronts[k, Y],
        radius,
        float(fronts[k, FIGHTERS]),  # max(fighters, 1): a front that acts has some
        g,
        rivals[g, : n_rivals[g]],
        state,
        force,
        values[g - 1],
        homes[g],
        land,
        aversion,
        attachment,
        fronts[k, BASE_X],
        fronts[k, BASE_Y],
        roam,
        occupied[g],
        sharing,
        best,
    )
    pick = randbelow(twister, count) if count > 1 else 0
    return best[pick, 0], best[pick, 1]
