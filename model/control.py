"""Territorial control and Kalyvas zones, vectorized over the grid (C3, C10).

Rules (``docs/ODD.md``, "Submodels: territorial control"):

1. **Balance of force.** Each actor's force in a cell is the personnel of its mobile units there
   (fronts; security units times their effectiveness) plus what they project from nearby cells
   (weight ``spillover`` one ring away, ``spillover**2`` two rings away). The state adds static,
   local police proportional to state presence (no spill-over: police hold their own cell).
2. **Contest success.** Each actor's share of force follows the ratio-form contest-success
   function ``s_a = f_a**m / sum_b f_b**m`` (Hirshleifer 1989; Tullock 1980), ``m`` =
   ``csf_decisiveness``.
3. **Collaboration** (Kalyvas 2006: control breeds collaboration). A layer per actor grows with
   its share of force where force is present and decays at a constant rate:
   ``c_a += g * s_a * F / (F + h) * (1 - c_a) - d * c_a`` (``F`` the total force in the cell,
   ``h`` = ``force_half_saturation``): where nobody projects force, nobody builds collaboration.
   It is the model's memory of control: the hysteresis of C10.
4. **Support** = ``w * s_a + (1 - w) * c_a`` where the weight of force ``w = force_weight *
   F / (F + h)`` shrinks when little force is present,
   so a cell emptied of force stays with its controller while collaboration lasts, then turns
   disputed.
5. **Controller and zone.** The actor with the most support controls the cell if its support is
   at least ``control_threshold``; zone 1 (full state control) or 5 (full armed control) above
   ``full_control_threshold``, 2 or 4 above ``control_threshold``, else 3 (disputed). Only a
   controlled cell is in zone 1 or 5, so zones always agree with the controller.

Everything is numpy over ``[actor, x, y]`` arrays, or compiled loops that give numpy's floats:
the projection of rule 1 (``model/spread.py``) and rules 2-5 rule by rule over rows of cells
(``model/kernels_control.py``: ``settle_cells_by_actor``, with the cell-by-cell
``settle_cells`` as its reference); there is no Python loop over cells.
"""

from __future__ import annotations

import numpy as np

from agents import fpmath
from model.kernels_control import (
    contest_powers_cells,
    settle_cells,
    settle_cells_by_actor,
    territory_cells,
)
from model.kernels_warmup import warm_collaboration
from model.params import ControlParams
from model.spread import spread

#: ``controller`` codes: the state is actor 0, armed groups are 1..G (their ``index``).
STATE = 0
DISPUTED = -1
OFF_GRID = -2

#: Kalyvas (2006) zones, the ``zone`` codes (0 off land).
ZONE_OFF_GRID = 0
ZONE_FULL_STATE = 1
ZONE_STATE = 2
ZONE_DISPUTED = 3
ZONE_ARMED = 4
ZONE_FULL_ARMED = 5
#: the codes in the order ``model/kernels_control.py: settle_cells`` takes them
_CODES = (
    DISPUTED,
    OFF_GRID,
    ZONE_OFF_GRID,
    ZONE_FULL_STATE,
    ZONE_STATE,
    ZONE_DISPUTED,
    ZONE_ARMED,
    ZONE_FULL_ARMED,
)

#: A cell index for the queries: ``(x, y)``, a pair of window slices, or None for the whole grid.
Where = tuple[int, int] | tuple[slice, slice] | None


def contest_powers(eff: np.ndarray, decisiveness: float) -> np.ndarray:
    """``fpmath.power(eff, decisiveness)``, the same floats, computed on the non-zero cells only.

    Most of ``[actor, x, y]`` holds no force (a group projects force near its fronts only: about
    four cells in five are zero), and the C library's ``pow`` costs tens of nanoseconds a cell.
    It computes every element on its own, so the powers of the non-zero cells are the same
    taken apart; a zero's power is the power of a zero of the same sign (``tests/test_control.py``
    compares with ``fpmath.power``, NaN, infinities, negatives and negative zeros included).
    """
    # one compiled pass (model/kernels_control.py) instead of masks, fancy indexing and
    # fpmath.power on the selection; tests/test_control.py keeps that numpy form
    eff = np.asarray(eff, dtype=float)
    out = np.empty(eff.shape)
    flat = np.ascontiguousarray(eff).reshape(-1)
    contest_powers_cells(flat, float(decisiveness), out.reshape(-1))
    return out


def spread_kernel(spillover: float) -> np.ndarray:
    """5x5 kernel: 1 at the centre, ``spillover`` on ring 1, ``spillover**2`` on ring 2."""
    ring = np.maximum(np.abs(np.arange(-2, 3))[:, None], np.abs(np.arange(-2, 3))[None, :])
    return fpmath.power(spillover, ring).astype(float)


class ControlState:
    """Collaboration layers, controller and zone of every cell for the state and G groups."""

    def __init__(self, params: ControlParams, land: np.ndarray, n_groups: int) -> None:
        """Start with no collaboration; every land cell disputed until the first update."""
        self.params = params
        self.land = land.astype(bool)
        self.n_actors = n_groups + 1
        shape = (self.n_actors, *land.shape)
        self.collaboration = np.zeros(shape)
        self.support = np.zeros(shape)
        self.controller = np.where(self.land, DISPUTED, OFF_GRID).astype(np.int8)
        self.zone = np.where(self.land, ZONE_DISPUTED, ZONE_OFF_GRID).astype(np.int8)
        self.kernel = spread_kernel(params.spillover)
        self._no_reach = np.ones(land.shape)  # settle without a state reach: fully everywhere
        self._shares: tuple[bytes, np.ndarray] | None = None  # (controller's bytes, shares)
        #: the support a settle made and its cells' totals (``share_of``'s denominator), kept
        #: while ``support`` is that array (every settle makes a new one)
        self._totals: tuple[np.ndarray, np.ndarray | None] | None = None

    def effective_force(self, mobile: np.ndarray, police: np.ndarray | None = None) -> np.ndarray:
        """Project mobile force onto nearby cells and add the state's local police.

        Args:
            mobile: Force of fronts and security units, ``[actor, x, y]`` (actor 0 = state).
            police: The state's static, local force ``[x, y]`` (does not spill over).
        """
        # ndimage.convolve(mobile[a], kernel, mode="constant", cval=0.0) for every actor, from
        # the cells that hold force only (model/spread.py: the same floats)
        out = spread(mobile, self.kernel)
        if police is not None:
            out[0] += police
        return out * self.land

    def update(self, mobile: np.ndarray, police: np.ndarray | None = None) -> None:
        """One month of control dynamics from the actors' mobile force and the state's police."""
        self.settle(self.effective_force(np.asarray(mobile, dtype=float), police))

    def warm_up(self, eff: np.ndarray, months: int, state_reach: np.ndarray | None = None) -> None:
        """Set-up: settle ``months`` times under frozen forces (ODD 5).

        Collaboration then starts near an equilibrium of the placement instead of at zero.
        The forces are frozen, so their contest powers are computed once.
        """
        eff = np.ascontiguousarray(eff, dtype=float)
        powered = fpmath.power(eff, self.params.csf_decisiveness)
        if months <= 0:
            return
        # every month but the last moves collaboration only, in one compiled pass
        # (model/kernels_warmup.py; issue 15); the last is a whole settle
        collaboration = self.collaboration
        if collaboration.flags.c_contiguous and collaboration.dtype == np.float64:
            p = self.params
            use_reach = state_reach is not None
            warm_collaboration(
                eff,
                np.ascontiguousarray(powered, dtype=float),
                collaboration,
                np.ascontiguousarray(state_reach if use_reach else self._no_reach, dtype=float),
                use_reach,
                STATE,
                p.collaboration_growth,
                p.collaboration_decay,
                p.force_half_saturation,
                months - 1,
            )
            months = 1
        for _ in range(months):
            self._settle(eff, powered, state_reach)

    def warm_up_by_month(
        self, eff: np.ndarray, months: int, state_reach: np.ndarray | None = None
    ) -> None:
        """:meth:`warm_up` as ``months`` whole settles (the reference it is tested against)."""
        eff = np.ascontiguousarray(eff, dtype=float)
        powered = fpmath.power(eff, self.params.csf_decisiveness)
        for _ in range(months):
            self._settle(eff, powered, state_reach)

    def settle(self, eff: np.ndarray, state_reach: np.ndarray | None = None) -> None:
        """One month of control dynamics from the projected force ``[actor, x, y]`` (rules 2-5).

        Args:
            eff: Projected force per actor, as :meth:`effective_force` gives it.
            state_reach: How far the state turns its force share into collaboration in each
                cell, ``[x, y]`` in 0..1 (its institutions; None: fully everywhere).
        """
        eff = np.ascontiguousarray(eff, dtype=float)
        self._settle(eff, contest_powers(eff, self.params.csf_decisiveness), state_reach)

    def _settle(self, eff: np.ndarray, powered: np.ndarray, state_reach: np.ndarray | None) -> None:
        """:meth:`settle` given the contest powers ``eff ** csf_decisiveness`` (the C library's)."""
        p = self.params
        # rules 2-5 compiled (model/kernels_control.py: the same floats as numpy's expressions
        # of the rules); the contest's powers from contest_powers (agents/fpmath.py)
        use_reach = state_reach is not None
        # rule by rule over rows of cells (vectorized) where the layers are C-ordered floats
        # as the model keeps them; cell by cell otherwise (the same floats; issue 15)
        by_actor = (
            self.collaboration.flags.c_contiguous
            and self.collaboration.dtype == np.float64
            and self.land.flags.c_contiguous
        )
        self.support, controller, zone = (settle_cells_by_actor if by_actor else settle_cells)(
            eff,
            np.ascontiguousarray(powered, dtype=float),
            self.collaboration,
            np.ascontiguousarray(state_reach if use_reach else self._no_reach, dtype=float),
            use_reach,
            self.land,
            STATE,
            _CODES,
            p.collaboration_growth,
            p.collaboration_decay,
            p.force_half_saturation,
            p.force_weight,
            p.control_threshold,
            p.full_control_threshold,
        )
        self.controller = controller
        self.zone = zone
        self._totals = (self.support, None)

    # --- queries: the only way other modules and agents read the codes above -----------------
    def is_state(self, where: Where = None) -> np.ndarray | np.bool_:
        """Whether the state controls the cell(s) (zones 1-2): a mask, or a bool for one cell.

        Args:
            where: ``(x, y)``, a window of slices, or None for the whole grid.
        """
        return self._controller(where) == STATE

    def is_armed(self, where: Where = None) -> np.ndarray | np.bool_:
        """Whether an armed group controls the cell(s) (zones 4-5)."""
        return self._controller(where) > STATE

    def is_disputed(self, where: Where = None) -> np.ndarray | np.bool_:
        """Whether the cell(s) are land that nobody controls (zone 3)."""
        return self._controller(where) == DISPUTED

    def held_by(self, actor: int, where: Where = None) -> np.ndarray | np.bool_:
        """Whether ``actor`` (0 the state, 1..G a group's ``index``) controls the cell(s)."""
        return self._controller(where) == actor

    def share_of(self, actor: int) -> np.ndarray:
        """The part of each cell where ``actor`` prevails: its support over all support.

        A cell is not all one actor's: an actor holds the part of it where it prevails, its
        support there (Kalyvas' zones 2-4 are partial control), whoever leads the cell. Shares
        of a cell never add up to more than the whole cell.
        """
        return self.support[actor] / self._support_totals()

    def territory_of(self, actor: int) -> np.ndarray:
        """:meth:`share_of` ``actor`` where it controls the cell or nobody does, else 0.

        ``np.where(held_by(actor) | is_disputed(), share_of(actor), 0.0)`` in one compiled
        pass (``model/kernels_control.py: territory_cells``; ``tests/test_control.py`` keeps
        the numpy form): where a group recruits (``ArmedGroup.read_territory``). A new array.
        """
        support = self.support
        controller = self.controller
        totals = self._support_totals()
        if (
            support.dtype != np.float64
            or not support.flags.c_contiguous
            or support.shape[1:] != controller.shape
            or totals.shape != controller.shape
        ):
            ruled = self.held_by(actor) | self.is_disputed()
            return np.where(ruled, self.share_of(actor), 0.0)
        out = np.empty(controller.shape)
        territory_cells(
            support, np.ascontiguousarray(totals, dtype=float), controller, actor, DISPUTED, out
        )
        return out

    def _support_totals(self) -> np.ndarray:
        """``np.maximum(support.sum(axis=0), 1.0)``, once per settle (groups read it monthly)."""
        kept = self._totals
        if kept is None or kept[0] is not self.support:  # support set from outside: no cache
            return np.maximum(self.support.sum(axis=0), 1.0)
        if kept[1] is None:
            self._totals = kept = (kept[0], np.maximum(self.support.sum(axis=0), 1.0))
        return kept[1]

    def group_shares_at(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """:meth:`share_of` of every group (1..G) at cells ``(xs, ys)``, ``[group, cell]``.

        The same floats as stacking ``share_of(g)[xs, ys]`` (a cell's support summed over the
        actors in the same order), from one sum over the given cells instead of one over the
        whole grid per group (the trafficking step reads it every month; issue 15). C-ordered.
        """
        # a take along the flattened grid: C-ordered, and a quarter of the time of
        # support[:, xs, ys] (which numpy lays out [cell, actor], F-ordered)
        flat = np.ravel_multi_index((xs, ys), self.support.shape[1:])
        here = self.support.reshape(len(self.support), -1).take(flat, axis=1)
        return here[1:] / np.maximum(here.sum(axis=0), 1.0)

    def _controller(self, where: Where) -> np.ndarray:
        return self.controller if where is None else self.controller[where]

    def shares(self) -> np.ndarray:
        """Share of land cells controlled by each actor (state first), and disputed last.

        Kept while the controller layer holds the same codes: the outcomes read it once per
        actor each month (issue 15); a copy each time, so a caller cannot change the kept one.
        """
        key = self.controller.tobytes()
        if self._shares is None or self._shares[0] != key:
            n_land = max(int(self.land.sum()), 1)
            codes = self.controller.reshape(-1).astype(np.int64)
            if codes.size and codes.min() >= OFF_GRID:
                # every code counted in one pass: the same integers as comparing the layer
                # with each code, so the same quotients (tests/test_control.py)
                tally = np.bincount(codes - OFF_GRID, minlength=self.n_actors - OFF_GRID)
                at = [tally[a - OFF_GRID] for a in range(self.n_actors)]
                at.append(tally[DISPUTED - OFF_GRID])
            else:
                at = [(self.controller == a).sum() for a in range(self.n_actors)]
                at.append((self.controller == DISPUTED).sum())
            counts = [count / n_land for count in at]
            self._shares = (key, np.array(counts, dtype=float))
        return self._shares[1].copy()
