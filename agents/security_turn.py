"""The security units' turn, every unit at once (ODD 3, process 3; issue 15).

The units act in random order, as Mesa's ``shuffle_do("step")`` would run
:meth:`agents.security.SecurityUnit.step` for each: Mesa's shuffle of ``model.random`` (done on
the units' rows, which ``random.shuffle`` permutes as it would the list of units), then each
unit's choice, move and fights, all in one compiled call (``agents/kernels_security_turn.py``),
with ``model.random``'s state taken out and put back and the numpy draws from the model's
generator, so both streams advance as in the Python turn. The units' cells and bases come from
their roster (``model.security_roster``). Afterwards, in the turn's order, the Mesa agents move
to their cells, and the fronts' fighters, the month's counts and the violence layer are booked
in the fights' order. ``tests/test_security_turn.py`` compares months of both turns bit for bit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.front import ArmedUnit
from agents.front_roster import FrontRoster
from agents.kernels_draws import generator_bits
from agents.kernels_front_moves import FIGHTERS, OWNER
from agents.kernels_security_turn import fronts_by_cell as lay_out_fronts
from agents.kernels_security_turn import security_turn
from agents.kernels_twister import set_twister_state, twister_state
from agents.mesa_paths import move_agents

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from mesa.agentset import AgentSet

    from agents.security import SecurityUnit
    from model.simulation import ColombiaModel

#: the counts a fight books (``SecurityUnit.engage``), by column of the kernel's records
EVENTS = ("armed_killed_by_state", "captures", "convictions", "security_force_deaths")


def _fronts_by_cell(
    fronts: list[ArmedUnit], shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The fronts on each cell in the cell's agent order, and their fighters and groups.

    The walk over the agents that :func:`fronts_by_cell` replaced (kept as its reference,
    ``tests/test_front_roster.py``).

    Returns:
        ``first`` and ``here`` (``[x * height + y]``: where a cell's fronts start in the third
        array and how many), the front indices cell by cell, and each front's fighters and
        group's actor index.
    """
    height = shape[1]
    first = np.zeros(shape[0] * height, dtype=np.int64)
    here = np.zeros(shape[0] * height, dtype=np.int64)
    fighters, groups = [], []
    on: dict = {}  # each cell's fronts, the cells in the fronts' order
    for j, f in enumerate(fronts):
        fighters.append(f.fighters)
        groups.append(f.group.index)
        on.setdefault(f.cell, []).append(j)
    order: list[int] = []
    for cell, js in on.items():
        x, y = cell.coordinate
        at = x * height + y
        first[at] = len(order)
        here[at] = len(js)
        if len(js) > 1:  # as the cell lists its agents (the order they came in)
            agents = cell.agents
            js.sort(key=lambda j: agents.index(fronts[j]))
        order.extend(js)
    return (
        first,
        here,
        np.array(order, dtype=np.int64),
        np.array(fighters, dtype=np.int64),
        np.array(groups, dtype=np.int64),
    )


def fronts_by_cell(
    roster: FrontRoster, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_fronts_by_cell` of the fronts in ``roster``, from its arrays: the same arrays.

    The cells in the order of their first front's row, each cell's fronts in the order of
    their arrival stamps (the order of the cell's Mesa agents, ``agents/front_roster.py``),
    laid out compiled (``agents.kernels_security_turn.fronts_by_cell``).
    """
    table = roster.table
    first = np.zeros(shape[0] * shape[1], dtype=np.int64)
    here = np.zeros(shape[0] * shape[1], dtype=np.int64)
    order = np.empty(len(table), dtype=np.int64)
    lay_out_fronts(table, shape[1], first, here, order)
    # copies (the turn changes the fighters), C-ordered as the walk's lists made them
    return first, here, order, table[:, FIGHTERS].copy(), table[:, OWNER].copy()


def _book_fighters(
    roster: FrontRoster,
    fronts: list[ArmedUnit],
    fighters: np.ndarray,
    before: np.ndarray,
) -> None:
    """Give the fronts whose fighters changed their new numbers (``ArmedUnit.fighters``' setter).

    Their roster column at once, then each changed front's count and its group's total (what
    the setter does, without its call and its one-item write to the roster).
    """
    changed = np.flatnonzero(fighters != before)
    if not changed.size:
        return
    now = fighters[changed]
    if len(roster) == len(fronts) and roster.fronts is fronts:
        roster.table[changed, FIGHTERS] = now
        for j, value in zip(changed.tolist(), now.tolist(), strict=True):
            front = fronts[j]
            front.group._members += value - front._fighters
            front._fighters = value
    else:  # pragma: no cover - every front takes a row when it is created
        for j, value in zip(changed.tolist(), now.tolist(), strict=True):
            fronts[j].fighters = value


def run_security_turn(
    model: ColombiaModel,
    unit_set: AgentSet[SecurityUnit],
    front_set: AgentSet[ArmedUnit],
    hand_on: bool = False,
) -> tuple[np.ndarray, float | None] | None:
    """Every security unit's month, in random order (``SecurityUnit.step``'s rules).

    Args:
        model: The model.
        unit_set: Its security units (Mesa's agent set: its ``random`` shuffles them).
        front_set: Its armed fronts.
        hand_on: Hand ``model.random``'s advanced state on instead of giving it back: for the
            fronts' turn that follows at once (``agents.front_turn.fronts_turn``), which takes
            it (or gives it to ``model.random`` first if it turns to Python). Saves converting
            the 625 words both ways (``random.setstate`` then ``getstate``) once a month.

    Returns:
        With ``hand_on``, the twister's state and spare normal that ``model.random`` must
        be given before anything else draws from it (None if no unit drew); else None.
    """
    m = model
    p = m.params.security
    roster = m.security_roster
    n = len(unit_set)
    if n != len(roster):  # pragma: no cover - units are never removed
        raise RuntimeError("security turn: the roster and the model's units differ")
    if not n:
        return None
    if unit_set.random is not m.random:  # pragma: no cover - Mesa gives the model's
        raise RuntimeError("security turn: the units' agent set shuffles with another generator")
    chance = p.targeting_accuracy * m.inputs.targeting * m.government.offensive
    fronts_roster = m.front_roster
    if len(fronts_roster) == len(front_set):  # the roster's rows are the agent set's fronts
        fronts = fronts_roster.fronts
        first, here, on_cells, fighters, groups = fronts_by_cell(fronts_roster, m.land.shape)
    else:  # pragma: no cover - every front takes a row when it is created
        fronts = list(front_set)
        first, here, on_cells, fighters, groups = _fronts_by_cell(fronts, m.land.shape)
    before = fighters.copy()
    order = np.arange(n, dtype=np.int64)  # the agent set's order, the roster's rows
    dest = np.empty((n, 2), dtype=np.int64)
    engaged = np.empty(n, dtype=np.bool_)
    records = np.empty((n * max(int(here.max()), 1), 6), dtype=np.int64)
    start, area_x, area_y = roster.areas()
    mt, spare = twister_state(m.random)
    fights = security_turn(
        mt,
        generator_bits(m.rng),
        chance,
        order,  # shuffled in the kernel as Mesa's shuffle_do would shuffle the units
        roster.xy,
        roster.base,
        roster.units[0].reach(),  # the same for every unit
        m.land,
        m.remoteness,
        p.remote_reach_threshold,
        m.inputs.air_mobility,
        m.ceasefires.targets,
        p.strength_gradient,
        start,
        area_x,
        area_y,
        roster.strengths() * (1.0 - p.garrison_share),  # SecurityUnit.deployed_strength
        first,
        here,
        on_cells,
        fighters,
        groups,
        m.ceasefires.offensive,
        p.lethality,
        p.capture_share,
        p.base_conviction * m.inputs.conviction,
        p.security_death_rate,
        dest,
        engaged,
        records,
    )
    if not hand_on:
        set_twister_state(m.random, mt, spare)
    # Mesa's moves in the turn's order (the cells' agent lists as the Python turn leaves
    # them); the roster takes every new cell at once instead of one by one in the unit's setter
    units = roster.units
    apart = roster.xy[order] != dest
    went = np.flatnonzero(apart[:, 0] | apart[:, 1])
    movers = [units[r] for r in order[went].tolist()]
    move_agents(m.grid, movers, dest[went, 0].tolist(), dest[went, 1].tolist())
    roster.engaged[order] = engaged
    roster.xy[order] = dest
    _book_fighters(fronts_roster, fronts, fighters, before)
    books = records[:fights]
    # violence and counts in the fights' order, as each fight added them
    violent = books[:, 2] + books[:, 3] + books[:, 5]  # losses (killed, captured), unit's dead
    hit = violent > 0
    fought = books[hit, 0]
    # model.add_violence fight by fight: np.add.at adds one after another, in that order
    np.add.at(m.violence, (dest[fought, 0], dest[fought, 1]), violent[hit].astype(float))
    for column, name in enumerate(EVENTS, start=2):
        amounts = books[:, column]
        amounts = amounts[amounts > 0]
        if amounts.size:
            m.events.add_each(name, amounts)
    # nothing above draws from model.random (Mesa's moves, the books): the state goes on as is
    return (mt, spare) if hand_on else None
