"""Every front's month, one after another, in one compiled call (numba; ODD 7.7, 7.6; issue 15).

In the fronts' turn (ODD 3, process 4) each front in random order moves to the best cell of
its zone (:meth:`agents.front.ArmedUnit.choose_cell`, ties broken by ``model.random``), clashes
with the rival fronts on its new cell (``model.combat.RivalCombat.clash``), then recruits,
loses deserters, extorts, kidnaps and attacks (:func:`agents.kernels_spot.on_the_spot`). The
rules' arithmetic already ran compiled, one call per front; what remained was Python glue per
front (~13,800 front-steps a default run), each step a few dozen attribute reads, dictionary
lookups and Mesa calls costing more than the rules. :func:`fronts_month` is the whole turn over
arrays (:mod:`agents.front_turn` gathers them from the agents and writes the result back):

* a front's cell is scored where it stands when its turn comes (``kernels.best_front_cells``
  on the month's ``occupied``: the month plan of ``FrontMonth.best_cells`` is the same call on
  the same terms whenever it holds), and the tie is drawn from ``model.random``'s Mersenne
  Twister (:mod:`agents.kernels_twister`, CPython's numbers in the same order);
* the fronts on a cell are taken in the order of the cell's Mesa agents (``Cell.add_agent``
  appends): those there when the turn started, then the arrivals in the order they came;
* a front whose group is at war on its cell chases the nearest enemy front it can reach
  instead of choosing (``model.wars.GroupWars.pursuit``, ODD 7.21; no draw);
* a clash follows ``RivalCombat.clash`` (each pair once a month, no fight with a front without
  fighters or with an ally; ``armed.war_lethality`` times deadlier where the two groups are at
  war; the two losses drawn from the model's ``Generator``);
* the treasuries, members, events and violence change in the rules' order: each booked event
  is added to its counter and its cell's layer one after the other, as
  ``agents.front_books.TurnBooks`` added them (``MonthEvents.add_each``, ``add_at_each``), and
  :mod:`agents.front_turn` sets them in the month's events in the order they were first booked.

The same IEEE operations in the same order as the Python rules (no ``fastmath``), numpy's draws
from the same generator, CPython's tie-breaks from the same twister: ``tests/test_front_turn.py``
runs months of the Python turn and of this one and compares every front, treasury, event and
layer bit for bit, and the golden digests did not change.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from agents.kernels_draws import binomials
from agents.kernels_front_moves import (
    ARRIVAL,
    FIGHTERS,
    OWNER,
    UNIQUE_ID,
    X,
    Y,
    at_war,
    chase,
    choose,
    fronts_here,
)
from agents.kernels_plan import move_occupancy
from agents.kernels_spot import ALL, RECRUIT_COST, on_the_spot
from agents.kernels_twister import shuffle

#: a group's accounts in ``money[g, :]`` (``ArmedGroup``): ``treasury_usd``,
#: ``spent_recruiting_usd`` and ``revenue_by_source`` of extortion and ransoms
MONEY = ("treasury", "spent_recruiting", "extortion", "ransoms")
TREASURY, SPENT_RECRUITING, EXTORTION_TAKEN, RANSOMS_TAKEN = range(len(MONEY))

#: the move's parameters in ``move_terms``: ``armed.danger_aversion``, ``home_attachment``,
#: ``front_roam``, ``base_sharing``, ``rival_lethality``, ``ransom_usd``, and the wars' own
#: ``war_lethality``, reach (``move_range``) and roam (``model.wars.GroupWars``)
MOVE_TERMS = (
    "aversion",
    "attachment",
    "roam",
    "sharing",
    "lethality",
    "ransom",
    "war_lethality",
    "war_reach",
    "war_roam",
)
(
    AVERSION,
    ATTACHMENT,
    ROAM,
    SHARING,
    LETHALITY,
    RANSOM,
    WAR_LETHALITY,
    WAR_REACH,
    WAR_ROAM,
) = range(len(MOVE_TERMS))

#: the events a front books on the spot, in the order it books them (``ArmedUnit._act``);
#: those in :data:`AT_CELL` also on its cell's layer
BOOKS = (
    "child_recruits",
    "recruits",
    "deserters",
    "extortion_usd",
    "kidnappings",
    "security_force_deaths",
)
CHILD_RECRUITS, RECRUITS, DESERTERS, EXTORTED, KIDNAPPINGS, SF_DEATHS = range(len(BOOKS))
AT_CELL = (CHILD_RECRUITS, EXTORTED, KIDNAPPINGS)

#: each event's row in the layers of the turn's bookings (-1: a counter only)
LAYER_OF = tuple(AT_CELL.index(k) if k in AT_CELL else -1 for k in range(len(BOOKS)))


@njit(cache=True)
def _set_fighters(
    fronts: np.ndarray, members: np.ndarray, k: int, value: int
) -> None:  # pragma: no cover - compiled; tested
    """``ArmedUnit.fighters = value``: the group's members follow."""
    members[fronts[k, OWNER]] += value - fronts[k, FIGHTERS]
    fronts[k, FIGHTERS] = value


@njit(cache=True)
def _is_rival(
    rivals: np.ndarray, n_rivals: np.ndarray, g: int, e: int
) -> bool:  # pragma: no cover - compiled; tested
    """Whether actor ``e`` is among actor ``g``'s rivals (``relations.fight``)."""
    for i in range(n_rivals[g]):
        if rivals[g, i] == e:
            return True
    return False


@njit(cache=True)
def fronts_month(
    order: np.ndarray,
    fronts: np.ndarray,
    placed: np.ndarray,
    members: np.ndarray,
    money: np.ndarray,
    fought: np.ndarray,
    group_cells: np.ndarray,
    group_terms: np.ndarray,
    cells: np.ndarray,
    rates: np.ndarray,
    move_terms: np.ndarray,
    radius: int,
    rivals: np.ndarray,
    n_rivals: np.ndarray,
    state: np.ndarray,
    force: np.ndarray,
    values: np.ndarray,
    homes: np.ndarray,
    land: np.ndarray,
    occupied: np.ndarray,
    wars: np.ndarray,
    war_cells: np.ndarray,
    bits: np.ndarray,
    twister: np.ndarray,
    pool: np.ndarray,
    residents: np.ndarray,
    violence: np.ndarray,
    combat_violence: np.ndarray,
    moves: np.ndarray,
    book_sums: np.ndarray,
    book_layers: np.ndarray,
    book_first: np.ndarray,
    clashes: np.ndarray,
    pairs: np.ndarray,
) -> tuple[
    int, int, int, int, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; guarded by tests/test_front_turn.py
    """The fronts' turn of a month (module docstring); every array is changed in place.

    Args:
        order: The rows of ``fronts`` in the agent set's order, shuffled here first as Mesa's
            ``shuffle_do`` shuffles them (``random.Random.shuffle`` from ``twister``).
        fronts: Every front, :data:`FRONT_COLUMNS` (cells, fighters and arrivals change).
        placed: Receives the fighters each front counts in ``occupied`` where it stands.
        members: Each actor's members (``ArmedGroup.members``).
        money: Each actor's accounts, :data:`MONEY`.
        fought: ``fought[j, k]``: fronts j and k have clashed this month (the combat ledger).
        group_cells: Each actor's layers, ``agents.kernels_spot.GROUP_CELLS``.
        group_terms: Each actor's terms, ``agents.kernels_spot.GROUP_TERMS``.
        cells: The month's layers, ``agents.kernels_spot.CELLS``.
        rates: ``agents.kernels_spot.RATES``.
        move_terms: :data:`MOVE_TERMS`.
        radius: ``armed.move_range``.
        rivals: Row g: the actor indices of g's rivals, ``n_rivals[g]`` of them.
        n_rivals: How many rivals each actor has.
        state: The state's projected force ``[x, y]``.
        force: Every actor's projected force ``[actor, x, y]``.
        values: What each cell is worth to each group ``[group index - 1, x, y]``.
        homes: Each actor's established presence ``[actor, x, y]``.
        land: Land mask ``[x, y]``.
        occupied: Zeros; receives each actor's fronts' fighters standing on each cell
            ``[actor, x, y]``, counted in the fronts' order (``np.add.at``'s floats) and kept
            as they move (``FrontMonth.occupied``).
        wars: The wars on this month, the actor indices of their two sides ``[war, 2]``.
        war_cells: Each war's cells ``[war, x, y]`` (bool).
        bits: The model generator's addresses (``kernels_draws.generator_bits``).
        twister: ``model.random``'s state (``kernels_twister.twister_state``).
        pool: The recruitment pool per cell.
        residents: Residents per cell.
        violence: The model's violence layer (kidnappings, attacks).
        combat_violence: ``RivalCombat``'s violence layer (clashes' dead).
        moves: Receives the rows of the fronts that moved, in the order they moved.
        book_sums: Each event's counter (:data:`BOOKS`), the month's so far; bookings added.
        book_layers: The layers of the events of :data:`AT_CELL`, the month's so far.
        book_first: Receives each event's first booking's place in the turn (-1: none).
        clashes: Rows for each clash's dead (``armed_combat_deaths``) and its cell and whether
            the two groups were at war there (``war_combat_deaths``), in order.
        pairs: Rows for the ``unique_id`` pairs the ledger gained, in order. Both logs are
            replaced by ones twice as long when full (returned).

    Returns:
        How many rows of ``moves``, ``clashes`` and ``pairs`` were filled and bookings made,
        then the logs ``clashes`` and ``pairs``.
    """
    n_moves = n_books = n_clashes = n_pairs = 0
    sums, layers, firsts = book_sums, book_layers, book_first
    side = 2 * radius + 1
    best = np.empty((side * side, 2), dtype=np.int64)
    here = np.empty(fronts.shape[0], dtype=np.int64)
    arrival = 0
    for j in range(fronts.shape[0]):
        arrival = max(arrival, fronts[j, ARRIVAL] + 1)
        # the fronts with fighters where they stand (FrontMonth._plan_moves, _occupancy)
        placed[j] = 0.0
        if fronts[j, FIGHTERS] > 0:
            placed[j] = float(fronts[j, FIGHTERS])
            occupied[fronts[j, OWNER], fronts[j, X], fronts[j, Y]] += placed[j]
    shuffle(twister, order)  # shuffle_do's draws, before any tie-break
    aversion, attachment = move_terms[AVERSION], move_terms[ATTACHMENT]
    roam, sharing = int(move_terms[ROAM]), move_terms[SHARING]
    lethality, ransom, cost = move_terms[LETHALITY], move_terms[RANSOM], rates[RECRUIT_COST]
    war_lethality = move_terms[WAR_LETHALITY]
    reach, war_roam = int(move_terms[WAR_REACH]), int(move_terms[WAR_ROAM])
    for k in order:
        fighters = fronts[k, FIGHTERS]
        if fighters <= 0:
            continue
        g = fronts[k, OWNER]
        x, y = fronts[k, X], fronts[k, Y]
        # move: chase an enemy (GroupWars.pursuit) or choose (ArmedUnit.choose_cell)
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
        if tx != x or ty != y:  # FrontMonth.moved
            move_occupancy(occupied, g, x, y, tx, ty, placed[k], fighters)
            placed[k] = float(fighters)
            fronts[k, X], fronts[k, Y] = tx, ty
            fronts[k, ARRIVAL] = arrival
            arrival += 1
            moves[n_moves] = k
            n_moves += 1
            x, y = tx, ty
        # clash with every front of another group here (ArmedUnit.fight_rivals)
        n_here = fronts_here(fronts, x, y, here)
        for i in range(n_here):
            o = here[i]
            e = fronts[o, OWNER]
            if e == g or fought[k, o]:
                continue
            fought[k, o] = fought[o, k] = True
            a, b = fronts[k, UNIQUE_ID], fronts[o, UNIQUE_ID]
            if n_pairs == pairs.shape[0]:
                pairs = _grown(pairs)
            pairs[n_pairs, 0], pairs[n_pairs, 1] = (a, b) if a < b else (b, a)
            n_pairs += 1
            mine, theirs = fronts[k, FIGHTERS], fronts[o, FIGHTERS]
            if mine <= 0 or theirs <= 0 or not _is_rival(rivals, n_rivals, g, e):
                continue
            total = mine + theirs
            rate = lethality
            warring = at_war(wars, war_cells, g, e, x, y)
            if warring:
                rate *= war_lethality
            p_front = min(1.0, rate * theirs / total)
            p_other = min(1.0, rate * mine / total)
            lose_front, lose_other = binomials(bits, mine, p_front, theirs, p_other)
            _set_fighters(fronts, members, k, mine - lose_front)
            _set_fighters(fronts, members, o, theirs - lose_other)
            if n_clashes == clashes.shape[0]:
                clashes = _grown(clashes)
            clashes[n_clashes, 0] = lose_front + lose_other
            clashes[n_clashes, 1] = x
            clashes[n_clashes, 2] = y
            clashes[n_clashes, 3] = 1.0 if warring else 0.0
            n_clashes += 1
            combat_violence[x, y] += lose_front + lose_other
        # recruit, desert, prey and attack (ArmedUnit._act)
        others = 0
        for i in range(n_here):
            if here[i] != k:
                others += fronts[here[i], FIGHTERS]
        fighters = fronts[k, FIGHTERS]
        wanted, recruits, children, deserters, extorted, kidnappings, deaths = on_the_spot(
            bits,
            pool,
            residents,
            cells,
            group_cells[g],
            group_terms[g],
            rates,
            x,
            y,
            radius,
            fighters,
            others,
            members[g],
            money[g, TREASURY],
            math.nan,
            math.nan,
            ALL,
        )
        if recruits:
            money[g, TREASURY] -= recruits * cost
            money[g, SPENT_RECRUITING] += recruits * cost
            if children:
                n_books = _book(
                    book_sums, book_layers, book_first, n_books, CHILD_RECRUITS, children, x, y
                )
            n_books = _book(sums, layers, firsts, n_books, RECRUITS, recruits, x, y)
        if recruits or deserters:
            _set_fighters(fronts, members, k, fighters + recruits - deserters)
        if deserters:
            n_books = _book(sums, layers, firsts, n_books, DESERTERS, deserters, x, y)
        if extorted > 0:
            money[g, EXTORTION_TAKEN] += extorted
            money[g, TREASURY] += extorted
            n_books = _book(sums, layers, firsts, n_books, EXTORTED, extorted, x, y)
        if kidnappings:
            usd = kidnappings * ransom
            money[g, RANSOMS_TAKEN] += usd
            money[g, TREASURY] += usd
            n_books = _book(
                book_sums, book_layers, book_first, n_books, KIDNAPPINGS, kidnappings, x, y
            )
            violence[x, y] += kidnappings
        if deaths:
            n_books = _book(sums, layers, firsts, n_books, SF_DEATHS, deaths, x, y)
            violence[x, y] += deaths
        if fronts[k, FIGHTERS] < 0:
            _set_fighters(fronts, members, k, 0)
    return n_moves, n_books, n_clashes, n_pairs, clashes, pairs


@njit(cache=True)
def _grown(rows: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled; tested
    """``rows`` copied into an array with twice as many rows (at least one)."""
    out = np.empty((max(1, 2 * rows.shape[0]), rows.shape[1]), dtype=rows.dtype)
    out[: rows.shape[0]] = rows
    return out


@njit(cache=True)
def _book(
    sums: np.ndarray,
    layers: np.ndarray,
    first: np.ndarray,
    n: int,
    kind: int,
    amount: float,
    x: int,
    y: int,
) -> int:  # pragma: no cover - compiled; tested
    """Book ``amount`` of event ``kind`` at ``(x, y)`` (``MonthEvents.add``); return ``n + 1``."""
    if first[kind] < 0:
        first[kind] = n
    sums[kind] += amount
    layer = LAYER_OF[kind]
    if layer >= 0:
        layers[layer, x, y] += amount
    return n + 1
