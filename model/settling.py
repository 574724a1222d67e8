"""Set-up: fronts settle on the cells they choose before control is warmed up again (ODD 5, 7.6).

Fronts are placed at random within their groups' territories (``model/placement.py``); after
control is warmed up and the cocaine routes started, they move
``simulation.front_settling_rounds`` times to the cells they choose (ODD 7.6), then control is
warmed up again under the settled forces. Each round runs compiled
(``model/kernels_settle.py``; the Python round it replaced is kept as :func:`python_round`,
``tests/test_settling.py`` compares them bit for bit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.front import ArmedUnit
from agents.front_month import FrontMonth, _occupancy
from agents.front_roster import FrontRoster
from agents.kernels_front_moves import ARRIVAL, FIGHTERS, OWNER, X, Y
from agents.kernels_twister import set_twister_state, twister_state
from agents.mesa_paths import move_agents
from model.kernels_settle import settle_moves

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


def settle_fronts(model: ColombiaModel, rounds: int) -> None:
    """Set-up: fronts move ``rounds`` times to the cells they choose, then control re-settles.

    Fronts are drawn on cells at random within their departments; left there, they would spend
    the first months moving to the cells they prefer within their zones (7.6), and the control
    they formed there would read as a drift of the status quo (issue 10: armed control rose
    about 60% in 24 months under ``certified`` once fronts were placed in their home
    territories). Each round refreshes forces and rents and moves every front (no fighting,
    recruiting or preying; :func:`settle_round`); then control is warmed up again
    (``control_warmup_months``) under the settled forces.
    """
    if rounds <= 0:
        return
    for _ in range(rounds):
        model.refresh_forces()
        settle_round(model)
    model.refresh_forces()
    model.control.warm_up(
        model.forces.contest,
        model.params.simulation.control_warmup_months,
        model.forces.state_reach,
    )


def settle_round(model: ColombiaModel) -> None:
    """One settling round: every front, in the model's order of fronts, moves once.

    Compiled (:func:`model.kernels_settle.settle_moves`, issue 15) where every front has
    fighters; otherwise, and as the reference the compiled round is tested against bit for bit
    (``tests/test_placement.py``), each front's :meth:`~agents.front.ArmedUnit.move`
    (:func:`python_round`).
    """
    # the fronts' rows as the roster keeps them (agents/front_roster.py: the agent set's order)
    roster = model.front_roster
    fronts: list[ArmedUnit] = roster.fronts
    table = roster.table
    if not fronts or len(fronts) != len(model.armed_units) or (table[:, FIGHTERS] <= 0).any():
        python_round(model)
        return
    # a copy: the kernel writes the moves' cells into it, the roster's rows follow the moves
    _compiled_round(model, roster, table.copy())


def python_round(model: ColombiaModel) -> None:
    """:func:`settle_round` as each front's ``move`` on a month's plan (``FrontMonth``)."""
    # no fighting or recruiting here: one move plan holds for every front (issue 15)
    model.front_month = FrontMonth(model, model.armed_units)
    for front in model.armed_units:
        front.move()
    model.front_month = None


def _compiled_round(model: ColombiaModel, roster: FrontRoster, table: np.ndarray) -> None:
    """Run :func:`settle_moves` on a copy of the fronts' ``table``, move the fronts in order."""
    m = model
    fronts = roster.fronts
    p = m.params.armed
    n_actors = m.forces.effective.shape[0]
    # the fronts' fighters where they stand, summed in the fronts' order (FrontMonth's plan),
    # read from the roster's rows (the fronts' order) rather than from each front
    occupied = _occupancy(
        table[:, OWNER], table[:, X], table[:, Y], table[:, FIGHTERS], n_actors, m.land.shape
    )
    homes = np.zeros((n_actors, *m.land.shape))
    rivals = np.zeros((n_actors, n_actors), dtype=np.int64)
    n_rivals = np.zeros(n_actors, dtype=np.int64)
    for group in {f.group for f in fronts}:
        homes[group.index] = group.home
        these = m.combat.rival_array(group)
        rivals[group.index, : len(these)] = these
        n_rivals[group.index] = len(these)
    wars = m.wars
    pairs, war_cells = wars.arrays(m.land.shape)
    twister, spare = twister_state(m.random)
    moves = np.empty(len(fronts), dtype=np.int64)
    n_moves = settle_moves(
        table,
        p.move_range,
        rivals,
        n_rivals,
        m.forces.state,
        m.forces.effective,
        m.rents.group_value,
        homes,
        m.land,
        p.danger_aversion,
        p.home_attachment,
        p.front_roam,
        occupied,
        p.base_sharing,
        pairs,
        war_cells,
        wars.move_range,
        wars.roam,
        twister,
        moves,
    )
    set_twister_state(m.random, twister, spare)
    # each moved front's cell setter in turn, at once (issue 15): Mesa's moves in that order
    # (each front moves at most once, from the cell the roster has to another), then the
    # roster's rows (roster.arrive: the cell and the next arrival stamp, in that order)
    moved = moves[:n_moves]
    xs, ys = table[moved, X], table[moved, Y]
    move_agents(m.grid, [fronts[k] for k in moved.tolist()], xs.tolist(), ys.tolist())
    rows = roster.table  # row k is fronts[k]'s (the roster's order)
    rows[moved, X] = xs
    rows[moved, Y] = ys
    rows[moved, ARRIVAL] = np.arange(roster.stamp, roster.stamp + n_moves)
    roster.stamp += n_moves
