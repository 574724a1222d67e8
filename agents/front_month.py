"""What every cell offers a front this month, for the whole grid at once (ODD 7.7; issue 15).

A front's rules read terms that depend only on its cell and on state that stays fixed while the
fronts act (ODD 3, process 4): the projected forces (refreshed before the security units act and
again only after trafficking), state presence, the eradication grievance, the economy, the
government's offensive posture and the ceasefires. Computed by each front for its own cell they
cost a few microseconds of Python each, several times a month for every front; computed once a
month over every cell with numpy they cost about as much as one front's. :class:`FrontMonth`
holds them; the model builds one as the fronts' turn starts (``model.front_month``, ODD 3,
process 4; and one per settling round at set-up, ``model/placement.py``) and drops it after.

It also plans every front's move (:meth:`FrontMonth.best_cells`): the cells a front may move to
depend on its cell, its base, its fighters and those fixed layers, so one compiled call scores
all fronts' windows at once (``agents.kernels.best_front_cells_all``). A front whose fighters
changed before its turn (a rival's clash) is scored again on its own, and the tie between its
best cells is still broken by ``model.random`` at its turn, so the draws keep their order.

The formulas here are the rules' only implementation: :meth:`agents.front.ArmedUnit.willingness`
and :meth:`~agents.front.ArmedUnit.arrest_risk` read them for one cell when called outside the
fronts' turn (their docstrings state the rules). Every term is the float the per-cell form gave
(the same IEEE operations in the same order, elementwise), so the golden digests did not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from agents import fpmath
from agents.armed import EXTORTION, KIDNAPPING, money_share
from agents.front_books import TurnBooks
from agents.kernels import best_front_cells_all
from agents.kernels_draws import generator_bits
from agents.kernels_plan import move_occupancy, windows_equal
from agents.kernels_spot import (
    ABSENT,
    CELLS,
    EXTORTION_RENT,
    GROUP_CELLS,
    HELD,
    KIDNAP_ARREST,
    STATE_FORCE,
    TERRITORY,
    WILLINGNESS,
)

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from agents.armed import ArmedGroup
    from agents.front import ArmedUnit
    from model.simulation import ColombiaModel


def arrest_risk(model: ColombiaModel, pursuit: float = 1.0) -> np.ndarray:
    """Estimated arrest probability per cell, ``1 - exp(-arrest_constant * S / A)``.

    See :meth:`agents.front.ArmedUnit.arrest_risk`: S the state's projected force times the
    government's offensive posture times ``pursuit``, A all groups' projected force (at least 1).
    """
    m = model
    armed = np.maximum(m.forces.armed_presence, 1.0)
    pursuing = m.forces.state * m.government.offensive * pursuit
    return 1.0 - fpmath.exp(-m.params.armed.arrest_constant * pursuing / armed)


def willingness(model: ColombiaModel, arrest: np.ndarray | None = None) -> np.ndarray:
    """Share of the local pool willing to join, per cell (:meth:`ArmedUnit.willingness`).

    Args:
        model: The model.
        arrest: :func:`arrest_risk` with full pursuit, if the caller has it.
    """
    m = model
    p = m.params.armed
    if arrest is None:
        arrest = arrest_risk(m)
    hardship = 1.0 + p.hardship_economy_elasticity * max(0.0, 1.0 - m.inputs.economy)
    backlash = p.eradication_backlash * m.coca.grievance
    grievance = np.minimum(1.0, hardship * (1.0 - m.presence) + backlash)
    return np.maximum(0.0, grievance - p.risk_aversion * arrest)


def occupancy(fronts: Iterable[ArmedUnit], n_actors: int, shape: tuple[int, int]) -> np.ndarray:
    """Fighters of each group's fronts standing on each cell, ``[actor, x, y]`` (not projected).

    Args:
        fronts: The fronts.
        n_actors: 1 + the number of groups.
        shape: The grid's (width, height).
    """
    flat: list[int] = []
    for f in fronts:
        flat += (f.group.index, *f.cell.coordinate, f.fighters)
    a = np.array(flat, dtype=np.int64).reshape(-1, 4)
    return _occupancy(a[:, 0], a[:, 1], a[:, 2], a[:, 3], n_actors, shape)


def _occupancy(
    owns: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    fighters: np.ndarray,
    n_actors: int,
    shape: tuple[int, int],
) -> np.ndarray:
    """:func:`occupancy` of fronts given as arrays: ``np.add.at`` in the fronts' order."""
    out = np.zeros((n_actors, *shape))
    np.add.at(out, (owns, x, y), fighters.astype(float))
    return out


class FrontMonth:
    """This month's per-cell terms of the fronts' rules (module docstring)."""

    def __init__(
        self, model: ColombiaModel, fronts: Iterable[ArmedUnit], plan: bool = True
    ) -> None:
        """Compute every term from the model's state now, and plan ``fronts``' moves.

        ``plan`` False leaves the moves unplanned (:meth:`best_cells` answers None): the
        compiled turn scores each front's cells at its turn (``agents/front_turn.py``).
        """
        m = model
        #: the arrest risk a would-be recruit weighs (full pursuit), ``[x, y]``
        self.recruit_arrest = arrest_risk(m)
        #: share of the local pool willing to join, ``[x, y]``
        self.willingness = willingness(m, self.recruit_arrest)
        by_pursuit: dict[float, np.ndarray] = {1.0: self.recruit_arrest}
        #: the arrest risk a group's kidnappers weigh, per actor index (the state's offensive
        #: against the group in a ceasefire, ``model.ceasefires.offensive``), each ``[x, y]``
        self.kidnap_arrest: list[np.ndarray] = []
        for pursuit in m.ceasefires.offensive:
            key = float(pursuit)
            if key not in by_pursuit:
                by_pursuit[key] = arrest_risk(m, pursuit)
            self.kidnap_arrest.append(by_pursuit[key])
        #: share of residents not reached by the state, ``1 - presence``, ``[x, y]``
        self.absent = 1.0 - m.presence
        #: the layers a front reads on its cell, ``[k, x, y]`` (``agents.kernels_spot.CELLS``;
        #: fixed while the fronts act: forces and rents are refreshed before and after the turn)
        self.cells = np.empty((len(CELLS), *m.land.shape))
        self.cells[WILLINGNESS] = self.willingness
        self.cells[ABSENT] = self.absent
        self.cells[EXTORTION_RENT] = m.rents.layers[EXTORTION]
        self.cells[STATE_FORCE] = m.forces.state
        #: members each group's income pays this month, per group (``affordable_members``
        #: reads only the month's closed accounts and the parameters)
        self.affordable: dict[ArmedGroup, float] = {}
        self._headroom = m.params.armed.money_headroom
        #: the model generator's addresses for the fronts' compiled draws (``agents.kernels_draws``;
        #: valid while the month's turn lasts, as this object)
        self.bits = generator_bits(m.rng)
        #: the events the fronts book on their cells, added to the month's at :meth:`close`
        self.books = TurnBooks(m.events)
        self._model = m
        self._groups: dict[ArmedGroup, tuple[np.ndarray, np.ndarray, bool]] = {}
        #: every actor's :data:`~agents.kernels_spot.GROUP_CELLS`, ``[actor, k, x, y]`` (zero
        #: for an actor whose terms were not asked for): :meth:`spot_terms` writes each group's
        #: here, and the compiled turn reads them all at once
        self.group_cells = np.zeros((m.forces.effective.shape[0], len(GROUP_CELLS), *m.land.shape))
        self._rates: np.ndarray | None = None
        if plan:
            self._plan_moves(m, fronts)
        else:
            self.standing: dict[tuple[int, int], list[ArmedUnit]] | None = None
            self._plan: dict[ArmedUnit, tuple[int, float, int, int]] = {}

    def close(self) -> None:
        """The fronts' turn is over: add the events they booked to the month's (in order)."""
        self.books.close()

    def spot_terms(self, group: ArmedGroup) -> tuple[np.ndarray, np.ndarray, bool]:
        """``group``'s layers and terms for :func:`agents.kernels_spot.on_the_spot`, built once.

        ``(layers, terms, summed)``: its :data:`~agents.kernels_spot.GROUP_CELLS` and
        :data:`~agents.kernels_spot.GROUP_TERMS` and whether the kernel may sum its pool's
        windows (``RecruitmentPool.compiled``). They stay fixed while the fronts act: its
        territory and need were set when the month started, its unpaid share and the members its
        income pays when the last one closed, control settles after the turn, and the talks,
        truces and offensives entered the month before it. Built on a group's first call.
        """
        cached = self._groups.get(group)
        if cached is None:
            m = self._model
            p = m.params.armed
            g = group.index
            layers = self.group_cells[g]
            layers[TERRITORY] = group.territory
            layers[KIDNAP_ARREST] = self.kidnap_arrest[g]
            layers[HELD] = m.control.held_by(g)
            terms = np.array(
                [
                    m.talks.recruitment[g],
                    min(1.0, p.desertion_rate + p.unpaid_desertion * group.unpaid_share),
                    self._affordable(group),
                    group.kidnapping,
                    m.talks.kidnapping[g],
                    group.strategy[EXTORTION],
                    group.strategy[KIDNAPPING],
                    m.ceasefires.attacks[g],
                    m.talks.attacks[g],
                    m.offensives.attacks[g],
                ],
                dtype=np.float64,
            )
            summed = m.recruitment.compiled(p.move_range, m.population, group.territory)
            cached = self._groups[group] = (layers, terms, summed)
        return cached

    def rates(self) -> np.ndarray:
        """The parameters of :func:`agents.kernels_spot.on_the_spot`, its ``RATES``."""
        if self._rates is None:
            m = self._model
            p = m.params.armed
            self._rates = np.array(
                [
                    p.recruitment_rate,
                    p.recruit_cost_usd,
                    p.child_share,
                    m.recruitment.share * m.recruitment.widening,
                    p.money_headroom,
                    p.kidnap_rate,
                    p.risk_aversion,
                    p.attack_rate,
                ],
                dtype=np.float64,
            )
        return self._rates

    def _affordable(self, group: ArmedGroup) -> float:
        """:meth:`ArmedGroup.affordable_members`, once a month per group."""
        affordable = self.affordable.get(group)
        if affordable is None:
            affordable = self.affordable[group] = group.affordable_members()
        return affordable

    def money_factor(self, group: ArmedGroup) -> float:
        """:meth:`ArmedGroup.money_factor` with the month's :meth:`affordable_members`."""
        return money_share(group.members, self._affordable(group), self._headroom)

    def _plan_moves(self, m: ColombiaModel, fronts: Iterable[ArmedUnit]) -> None:
        """Score every front's window now: its best cells for its fighters of this moment."""
        p = m.params.armed
        # one pass over the fronts (their properties and numpy's conversion of nested lists
        # cost more than the plan's arithmetic): cell, base, group, fighters as one int array
        kept: list[ArmedUnit] = []
        flat: list[int] = []
        for f in fronts:
            fighters = f.fighters
            if fighters > 0:
                kept.append(f)
                flat += (*f.cell.coordinate, *f.base, f.group.index, fighters)
        fronts = kept
        #: the fronts with fighters standing on each cell, kept as they move (:meth:`moved`): a
        #: front at war looks for enemies on the cells within its reach only (``model.wars``);
        #: None in a month with no war on (nobody looks)
        self.standing: dict[tuple[int, int], list[ArmedUnit]] | None = None
        if m.wars.active:
            self.standing = {}
            for f in fronts:
                self.standing.setdefault(f.cell.coordinate, []).append(f)
        n = len(fronts)
        a = np.array(flat, dtype=np.int64).reshape(n, 6)
        xy, base = a[:, 0:2], a[:, 2:4]
        owns = np.ascontiguousarray(a[:, 4])
        fighters = a[:, 5].astype(float)  # max(fighters, 1): every kept front has some
        n_actors = m.forces.effective.shape[0]
        homes = np.zeros((n_actors, *m.land.shape))
        rivals = np.zeros((n_actors, n_actors), dtype=np.int64)
        n_rivals = np.zeros(n_actors, dtype=np.int64)
        for group in {f.group for f in fronts}:
            homes[group.index] = group.home
            these = m.combat.rival_array(group)
            rivals[group.index, : len(these)] = these
            n_rivals[group.index] = len(these)
        #: each group's fronts' fighters standing on each cell, ``[actor, x, y]``: as the turn
        #: starts, then kept as fronts move (:meth:`moved`), so each front shares what the
        #: fronts already there take (``armed.base_sharing``)
        self.occupied = _occupancy(owns, xy[:, 0], xy[:, 1], a[:, 5], n_actors, m.land.shape)
        self._planned = self.occupied.copy()
        placed = fighters.tolist()
        self._placed: dict[ArmedUnit, float] = dict(zip(fronts, placed, strict=True))
        #: each front's row in the plan and the fighters and cell it was planned for
        self._plan: dict[ArmedUnit, tuple[int, float, int, int]] = {
            f: (k, placed[k], *xy_k)
            for k, (f, xy_k) in enumerate(zip(fronts, xy.tolist(), strict=True))
        }
        self._radius = p.move_range
        self._sharing = p.base_sharing
        self._best = np.empty((n, (2 * p.move_range + 1) ** 2, 2), dtype=np.int64)
        self._counts = np.zeros(n, dtype=np.int64)
        best_front_cells_all(
            xy[:, 0],
            xy[:, 1],
            p.move_range,
            fighters,
            owns,
            rivals,
            n_rivals,
            m.forces.state,
            m.forces.effective,
            m.rents.group_value,
            homes,
            m.land,
            p.danger_aversion,
            p.home_attachment,
            base[:, 0],
            base[:, 1],
            p.front_roam,
            self.occupied,
            p.base_sharing,
            self._best,
            self._counts,
        )

    def best_cells(self, front: ArmedUnit, fighters: float) -> np.ndarray | None:
        """The planned best cells (``(count, 2)``) of ``front``, None if no longer valid.

        Valid while the front stands where it stood and has the fighters it had (``fighters``
        is ``max(fighters, 1)`` now) when the turn started.
        """
        plan = self._plan.get(front)  # Python numbers: a numpy scalar read costs more
        if plan is None:
            return None
        k, planned, px, py = plan
        if planned != fighters:
            return None
        x, y = front.cell.coordinate
        if px != x or py != y:
            return None
        # a front of its group moved into or out of its window since the plan (compiled
        # np.array_equal of the two windows, agents/kernels_plan.py); without sharing a cell's
        # base (armed.base_sharing 0) others' moves do not count
        if self._sharing and not windows_equal(
            self.occupied, self._planned, front.group.index, x, y, self._radius
        ):
            return None
        return self._best[k, : self._counts[k]]

    def moved(self, front: ArmedUnit, old: tuple[int, int], new: tuple[int, int]) -> None:
        """Keep :attr:`occupied` and :attr:`standing`: ``front`` left ``old`` for ``new``."""
        if self.standing is not None:
            here = self.standing.get(old)
            if here is not None and front in here:
                here.remove(front)
            self.standing.setdefault(new, []).append(front)
        fighters = front.fighters
        placed = self._placed.get(front, 0.0)
        self._placed[front] = float(fighters)
        # occupied[g][old] = max(occupied[g][old] - placed, 0.0); occupied[g][new] += fighters
        move_occupancy(self.occupied, front.group.index, *old, *new, placed, fighters)
