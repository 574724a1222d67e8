"""The security units' turn in one compiled call (ODD 3, process 3; issue 15).

The rules are :meth:`agents.security.SecurityUnit.choose_target` and
:meth:`~agents.security.SecurityUnit.engage`, which stay the Python reference and the form a
single unit uses outside the turn; ``tests/test_security_turn.py`` runs months of the model
with the turn done unit by unit in Python (Mesa's ``shuffle_do("step")``) and with this kernel,
and compares every draw, cell, front and count bit for bit.

Each unit, in the turn's random order (shuffled as Mesa's ``shuffle_do`` shuffles, from
``model.random``):

1. draws ``model.random.random()``; below the targeting chance, it goes after its strongest
   reachable target (:func:`agents.kernels_security.strongest_target`) if it has one;
2. otherwise it patrols a cell of its patrol area it can get to, ``randrange(n)`` of them, or,
   with none, heads home by its reach (staying put if that lands on water);
3. it fights every front on its new cell with fighters left, in the cell's order: a front whose
   group is in a ceasefire only if ``model.random.random()`` falls below the group's offensive
   share; each fight's draws come from the model's numpy generator
   (``agents.kernels_security._fight``, as ``engagement``).

``model.random``'s draws are CPython's (:mod:`agents.kernels_twister`), numpy's are numpy's
(:mod:`agents.kernels_draws`): both streams advance exactly as in the Python turn. Moving the
Mesa agents and booking the counts happen afterwards in the units' order
(``agents/security_turn.py``), which leaves the cells' agent lists, the events, the violence
layer and the fronts as the Python turn leaves them: fronts do not move in this turn, so what a
unit finds on its cell does not depend on where other units stand.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels_draws import _bit_generator
from agents.kernels_front_moves import ARRIVAL, X, Y
from agents.kernels_security import _fight, patrol_cells, strongest_target
from agents.kernels_twister import randbelow, random_double, shuffle


@njit(cache=True)
def security_turn(
    mt: np.ndarray,
    bits: np.ndarray,
    chance: float,
    order: np.ndarray,
    xy: np.ndarray,
    base: np.ndarray,
    reach: int,
    land: np.ndarray,
    remote: np.ndarray,
    threshold: float,
    air: float,
    targets: np.ndarray,
    gradient: float,
    start: np.ndarray,
    area_x: np.ndarray,
    area_y: np.ndarray,
    strength: np.ndarray,
    first: np.ndarray,
    here: np.ndarray,
    fronts: np.ndarray,
    fighters: np.ndarray,
    group: np.ndarray,
    offensive: np.ndarray,
    lethality: float,
    capture_share: float,
    conviction: float,
    death_rate: float,
    dest: np.ndarray,
    engaged: np.ndarray,
    records: np.ndarray,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_security_turn.py
    """Every unit's choice, move and fights, in the turn's order: unit ``order[k]`` ``k``-th.

    Args:
        mt: ``model.random``'s state (:func:`agents.kernels_twister.twister_state`), advanced.
        bits: The model generator's addresses (:func:`agents.kernels_draws.generator_bits`).
        chance: The chance a unit knows where its target is (``choose_target``).
        order: ``[n]`` the units' rows in the agent set's order, shuffled here in place as
            Mesa's ``shuffle_do`` shuffles its list of agents: then the turn's order.
        xy: ``[n, 2]`` where each unit stands when the turn starts.
        base: ``[n, 2]`` its base.
        reach: The cells a unit can move this month (``SecurityUnit.reach``, the same for all).
        land: Land mask ``[x, y]``.
        remote: Remoteness ``[x, y]``.
        threshold: ``security.remote_reach_threshold``.
        air: The air-mobility input.
        targets: Armed force as security units weigh it ``[x, y]`` (``Ceasefires.targets``).
        gradient: ``security.strength_gradient``.
        start: ``[n + 1]`` unit ``r``'s patrol area is ``area_x[start[r]:start[r + 1]]``.
        area_x: Patrol areas' columns, end to end.
        area_y: Their rows.
        strength: ``[n]`` each unit's deployed strength.
        first: ``[x * height + y]`` where the cell's fronts start in ``fronts``.
        here: ``[x * height + y]`` how many fronts stand on the cell.
        fronts: Front indices cell by cell, in each cell's agent order.
        fighters: ``[fronts]`` each front's fighters, updated as units fight them.
        group: ``[fronts]`` each front's group's actor index.
        offensive: ``[actor]`` the share of the usual offensive on each group.
        lethality: ``security.lethality``.
        capture_share: ``security.capture_share``.
        conviction: The chance a capture becomes a removal.
        death_rate: ``security.security_death_rate``.
        dest: ``[n, 2]`` written: the ``k``-th unit's cell after its move.
        engaged: ``[n]`` written: whether the ``k``-th unit fought.
        records: ``[rows, 6]`` written, one row per fight in order: ``k``, front, killed,
            captured, convicted, the unit's dead.

    Returns:
        The number of fights (rows of ``records``).
    """
    shuffle(mt, order)
    generator = _bit_generator(bits)
    height = land.shape[1]
    scratch = np.empty(area_x.shape[0], dtype=np.int64)  # a unit's patrol cells
    fights = 0
    for k in range(order.shape[0]):
        r = order[k]
        x, y = xy[r, 0], xy[r, 1]
        # each search only when the unit's draw asks for it: it stands where the turn found it
        tx, ty = -1, -1
        if random_double(mt) < chance:
            tx, ty = strongest_target(
                x, y, base[r, 0], base[r, 1], reach, land, remote, threshold, air, targets, gradient
            )
        if tx < 0:
            a, b = start[r], start[r + 1]
            cells = patrol_cells(
                x, y, reach, area_x[a:b], area_y[a:b], land, remote, threshold, air, scratch
            )
            if cells > 0:
                at = a + scratch[randbelow(mt, cells)]
                tx, ty = area_x[at], area_y[at]
            else:  # too far to get back in a month: home by its reach, or wait on water
                step = max(reach, 1)
                hx = x + max(-step, min(step, base[r, 0] - x))
                hy = y + max(-step, min(step, base[r, 1] - y))
                tx, ty = (hx, hy) if land[hx, hy] else (x, y)
        dest[k, 0], dest[k, 1] = tx, ty
        engaged[k] = False
        cell = tx * height + ty
        for f in range(first[cell], first[cell] + here[cell]):
            j = fronts[f]
            n = fighters[j]
            if n <= 0:
                continue
            kept = offensive[group[j]]
            if kept < 1.0 and random_double(mt) >= kept:
                continue
            engaged[k] = True
            losses, captured, convicted, deaths = _fight(
                generator, n, strength[r], lethality, capture_share, conviction, death_rate
            )
            left = n - (losses - (captured - convicted))
            fighters[j] = left
            records[fights, 0] = k
            records[fights, 1] = j
            records[fights, 2] = losses - captured
            records[fights, 3] = captured
            records[fights, 4] = convicted
            records[fights, 5] = deaths
            fights += 1
    return fights


@njit(cache=True)
def fronts_by_cell(
    fronts: np.ndarray, height: int, first: np.ndarray, here: np.ndarray, order: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_front_roster.py
    """The fronts on each cell in its agents' order (``agents.security_turn.fronts_by_cell``).

    Args:
        fronts: The fronts' rows (``FrontRoster.table``, ``FRONT_COLUMNS``).
        height: The grid's height (a cell ``(x, y)`` is ``x * height + y``).
        first: Zeros; receives where each cell's fronts start in ``order``.
        here: Zeros; receives how many fronts stand on each cell.
        order: Receives the rows cell by cell: the cells in the order of their first row, each
            cell's rows by arrival stamp (the order of its Mesa agents).
    """
    n = fronts.shape[0]
    cells = np.empty(n, dtype=np.int64)  # the cells in the order of their first row
    n_cells = 0
    for j in range(n):
        at = fronts[j, X] * height + fronts[j, Y]
        if here[at] == 0:
            cells[n_cells] = at
            n_cells += 1
        here[at] += 1
    start = 0
    for c in range(n_cells):
        first[cells[c]] = start
        start += here[cells[c]]
    placed = np.zeros(n, dtype=np.int64)  # rows placed so far on each cell, by its number
    slot = np.empty(first.shape[0], dtype=np.int64)
    for c in range(n_cells):
        slot[cells[c]] = c
    for j in range(n):
        at = fronts[j, X] * height + fronts[j, Y]
        c = slot[at]
        lo = first[at]
        i = lo + placed[c]
        # insertion by arrival stamp (a few fronts share a cell)
        while i > lo and fronts[order[i - 1], ARRIVAL] > fronts[j, ARRIVAL]:
            order[i] = order[i - 1]
            i -= 1
        order[i] = j
        placed[c] += 1
