"""The fronts' turn of a month (ODD 3, process 4; ODD 7.7): every front, in random order.

:func:`fronts_turn` is what the model calls. The fronts act in the order of
``model.armed_units.shuffle_do`` (Mesa's shuffle of the agent set with ``model.random``) on the
month's terms (:class:`agents.front_month.FrontMonth`). The rules are those of
:meth:`agents.front.ArmedUnit.step` and its docstrings; they run as one compiled call over
arrays (:func:`agents.kernels_turn.fronts_month`, issue 15): this module gathers the fronts,
groups, wars and combat ledger into arrays, and afterwards writes back what changed (the
fronts' fighters and Mesa cells, the groups' members and accounts, the combat ledger,
``model.random``'s state) and books the events in the order the fronts booked them. A
recruitment window too large for the compiled window sums (``RecruitmentPool.compiled``) runs
each front's Python ``step`` (:func:`python_turn`), the form the compiled turn is tested against
bit for bit (``tests/test_front_turn.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.armed import ArmedGroup
from agents.front_month import FrontMonth
from agents.kernels_front_moves import FIGHTERS, UNIQUE_ID
from agents.kernels_spot import GROUP_TERMS
from agents.kernels_turn import (
    AT_CELL,
    BOOKS,
    MONEY,
    MOVE_TERMS,
    fronts_month,
)
from agents.kernels_twister import set_twister_state, twister_state
from agents.mesa_paths import move_agents

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.front import ArmedUnit
    from model.simulation import ColombiaModel


#: rows per front of the turn's logs of clashes and ledger pairs (a front meets a few others)
LOG_ROWS_PER_FRONT = 4


def python_turn(
    model: ColombiaModel, twister: tuple[np.ndarray, float | None] | None = None
) -> None:
    """The fronts' turn as each front's :meth:`~agents.front.ArmedUnit.step`, in Mesa's order.

    ``twister``: as :func:`fronts_turn`'s, given to ``model.random`` before Mesa's shuffle.
    """
    m = model
    if twister is not None:
        set_twister_state(m.random, *twister)
    m.front_month = FrontMonth(m, m.armed_units)
    m.armed_units.shuffle_do("step")
    m.front_month.close()  # the events the fronts booked (agents/front_books.py)
    m.front_month = None


def fronts_turn(
    model: ColombiaModel, twister: tuple[np.ndarray, float | None] | None = None
) -> None:
    """Step 4 of the month: every front moves, fights, recruits, preys and attacks (module doc).

    ``twister``: ``model.random``'s state handed on by the units' turn (``run_security_turn``'s
    ``hand_on``), not yet given to ``model.random``; None if ``model.random`` has it.
    """
    m = model
    units = m.armed_units
    if (
        not len(units)
        or len(units) != len(m.front_roster)
        or m.combat.wars is not m.wars
        or units.random is not m.random
    ):
        python_turn(m, twister)
        return
    month = FrontMonth(m, m.armed_units, plan=False)
    groups: list[ArmedGroup] = list(m.groups)
    terms = [month.spot_terms(g) for g in groups]
    if not all(summed for _, _, summed in terms):
        python_turn(m, twister)
        return
    m.front_month = month
    _compiled_turn(m, month, groups, terms, twister)
    m.front_month = None


def _compiled_turn(
    m: ColombiaModel,
    month: FrontMonth,
    groups: list[ArmedGroup],
    terms: list[tuple[np.ndarray, np.ndarray, bool]],
    held: tuple[np.ndarray, float | None] | None = None,
) -> None:
    """Gather, run :func:`agents.kernels_turn.fronts_month`, write back (module docstring)."""
    p = m.params.armed
    roster = m.front_roster
    # the roster's rows are the agent set's fronts in its order (fronts_turn checked their
    # number); the kernel changes the rows' cells, fighters and arrival stamps in place, the
    # fronts on a cell standing in the order of their stamps (agents/front_roster.py)
    fronts: list[ArmedUnit] = roster.fronts
    table = roster.table
    n = len(fronts)
    # the rows in shuffle_do's order: the kernel shuffles them first, with model.random's draws
    order = np.arange(n, dtype=np.int64)
    before = table[:, FIGHTERS].copy()
    placed = np.empty(n)
    n_actors = m.forces.effective.shape[0]
    occupied = np.zeros((n_actors, *m.land.shape))
    members = np.zeros(n_actors, dtype=np.int64)
    money = np.zeros((n_actors, len(MONEY)))
    group_terms = np.zeros((n_actors, len(GROUP_TERMS)))
    homes = np.zeros((n_actors, *m.land.shape))
    rivals = np.zeros((n_actors, n_actors), dtype=np.int64)
    n_rivals = np.zeros(n_actors, dtype=np.int64)
    for group, (_, group_term, _) in zip(groups, terms, strict=True):
        g = group.index
        members[g] = group._members
        money[g] = (
            group.treasury_usd,
            group.spent_recruiting_usd,
            group.revenue_by_source["extortion"],
            group.revenue_by_source["ransoms"],
        )
        group_terms[g] = group_term
        homes[g] = group.home
        these = m.combat.rival_array(group)
        rivals[g, : len(these)] = these
        n_rivals[g] = len(these)
    combat = m.combat
    fought = np.zeros((n, n), dtype=np.bool_)
    if combat._fought:
        by_id = {uid: k for k, uid in enumerate(table[:, UNIQUE_ID].tolist())}
        for a, b in combat._fought:
            if a in by_id and b in by_id:
                fought[by_id[a], by_id[b]] = fought[by_id[b], by_id[a]] = True
    move_terms = np.array(
        [
            p.danger_aversion,
            p.home_attachment,
            p.front_roam,
            p.base_sharing,
            combat.lethality,
            p.ransom_usd,
            m.wars.lethality,
            m.wars.move_range,
            m.wars.roam,
        ],
        dtype=np.float64,
    )
    assert len(move_terms) == len(MOVE_TERMS)
    active = m.wars.active
    wars = np.array([(w.a, w.b) for w in active], dtype=np.int64).reshape(len(active), 2)
    war_cells = np.zeros((len(active), *m.land.shape), dtype=np.bool_)
    for w, war in enumerate(active):
        war_cells[w] = war.cells
    twister, spare = held if held is not None else twister_state(m.random)
    moves = np.empty(n, dtype=np.int64)
    events = m.events
    book_sums = np.array([events.get(name) for name in BOOKS])
    book_layers = np.array([events.layer(BOOKS[kind]) for kind in AT_CELL])
    book_first = np.full(len(BOOKS), -1, dtype=np.int64)
    # the logs of clashes and of the ledger's pairs, grown by the kernel if a month needs more
    clashes = np.empty((LOG_ROWS_PER_FRONT * n, 4))
    pairs = np.empty((LOG_ROWS_PER_FRONT * n, 2), dtype=np.int64)
    n_moves, _, n_clashes, n_pairs, clashes, pairs = fronts_month(
        order,
        table,
        placed,
        members,
        money,
        fought,
        month.group_cells,  # each group's layers, written there by spot_terms
        group_terms,
        month.cells,
        month.rates(),
        move_terms,
        p.move_range,
        rivals,
        n_rivals,
        m.forces.state,
        m.forces.effective,
        m.rents.group_value,
        homes,
        m.land,
        occupied,
        wars,
        war_cells,
        month.bits,
        twister,
        m.recruitment.pool,
        m.population,
        m.violence,
        combat.violence,
        moves,
        book_sums,
        book_layers,
        book_first,
        clashes,
        pairs,
    )
    set_twister_state(m.random, twister, spare)
    roster.arrived()
    # write back: fighters and members, accounts, Mesa cells (in the order the fronts moved)
    changed = np.flatnonzero(table[:, FIGHTERS] != before)
    for k, value in zip(changed.tolist(), table[changed, FIGHTERS].tolist(), strict=True):
        fronts[k]._fighters = value
    for group in groups:
        g = group.index
        group._members = int(members[g])
        treasury, spent, extortion, ransoms = money[g].tolist()
        group.treasury_usd = treasury
        group.spent_recruiting_usd = spent
        group.revenue_by_source["extortion"] = extortion
        group.revenue_by_source["ransoms"] = ransoms
    moved = moves[:n_moves]
    # the roster has the cells and the arrivals already: Mesa's moves only
    movers = [fronts[k] for k in moved.tolist()]
    move_agents(m.grid, movers, table[moved, 0].tolist(), table[moved, 1].tolist())
    # the pairs in the order they were logged, as the clashes added them one by one
    met = pairs[:n_pairs]
    combat._fought.update(zip(met[:, 0].tolist(), met[:, 1].tolist(), strict=True))
    # the events: the clashes' dead as they were added, then the bookings (TurnBooks.close)
    if n_clashes:
        dead = clashes[:n_clashes]
        events.add_each("armed_combat_deaths", dead[:, 0])
        war = dead[dead[:, 3] > 0]
        if len(war):  # RivalCombat.clash adds them with their cells
            events.add_each("war_combat_deaths", war[:, 0])
            xs, ys = war[:, 1].astype(np.int64).tolist(), war[:, 2].astype(np.int64).tolist()
            events.add_at_each("war_combat_deaths", xs, ys, war[:, 0].tolist())
    # TurnBooks.close: the counters, then the layers, each in the order of its first booking
    booked = sorted((first, kind) for kind, first in enumerate(book_first.tolist()) if first >= 0)
    sums = book_sums.tolist()
    for _, kind in booked:
        events.set_sums(BOOKS[kind], sums[kind])
    for _, kind in booked:
        if kind in AT_CELL:
            events.set_sums(BOOKS[kind], sums[kind], book_layers[AT_CELL.index(kind)])
