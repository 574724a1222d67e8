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

Everything is numpy over ``[actor, x, y]`` arrays (the projection of rule 1 compiled,
``model/spread.py``); there is no Python loop over cells.
"""

from __future__ import annotations

import numpy as np

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

#: A cell index for the queries: ``(x, y)``, a pair of window slices, or None for the whole grid.
Where = tuple[int, int] | tuple[slice, slice] | None


def spread_kernel(spillover: float) -> np.ndarray:
    """5x5 kernel: 1 at the centre, ``spillover`` on ring 1, ``spillover**2`` on ring 2."""
    ring = np.maximum(np.abs(np.arange(-2, 3))[:, None], np.abs(np.arange(-2, 3))[None, :])
    return np.power(spillover, ring).astype(float)


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
        The forces do not change between these months, so their terms (shares, saturation,
        growth) are computed once and only collaboration is stepped each month; support,
        controller and zone are read from the last month's collaboration, as the last of
        ``months`` calls of :meth:`settle` would leave them: the same floats in the same order
        (``tests/test_control.py`` compares the two bit for bit). Issue 15: set-up time.
        """
        if months <= 0:
            return
        share, saturation, growth = self._terms(eff, state_reach)
        for _ in range(months):
            self._collaborate(growth)
        self._classify(share, saturation)

    def settle(self, eff: np.ndarray, state_reach: np.ndarray | None = None) -> None:
        """One month of control dynamics from the projected force ``[actor, x, y]`` (rules 2-5).

        Args:
            eff: Projected force per actor, as :meth:`effective_force` gives it.
            state_reach: How far the state turns its force share into collaboration in each
                cell, ``[x, y]`` in 0..1 (its institutions; None: fully everywhere).
        """
        share, saturation, growth = self._terms(eff, state_reach)
        self._collaborate(growth)
        self._classify(share, saturation)

    def _terms(
        self, eff: np.ndarray, state_reach: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each actor's share of the force (rule 2), its saturation and collaboration's growth."""
        p = self.params
        powered = np.power(eff, p.csf_decisiveness)
        total_powered = powered.sum(axis=0)
        share = np.divide(
            powered, total_powered, out=np.zeros_like(powered), where=total_powered > 0
        )
        total_force = eff.sum(axis=0)
        saturation = total_force / (total_force + p.force_half_saturation)
        growth = p.collaboration_growth * share * saturation
        if state_reach is not None:
            growth[STATE] *= state_reach
        return share, saturation, growth

    def _collaborate(self, growth: np.ndarray) -> None:
        """A month of collaboration: growth toward 1 by force share, decay toward 0 (rule 3)."""
        c = self.collaboration
        c += growth * (1.0 - c) - self.params.collaboration_decay * c
        np.clip(c, 0.0, 1.0, out=c)

    def _classify(self, share: np.ndarray, saturation: np.ndarray) -> None:
        """Support from force and collaboration; controller and zone of every cell (rules 4-5)."""
        p = self.params
        c = self.collaboration
        weight = p.force_weight * saturation
        self.support = weight * share + (1.0 - weight) * c
        leader = np.argmax(self.support, axis=0)
        lead = np.take_along_axis(self.support, leader[None], axis=0)[0]
        controlled = lead >= p.control_threshold
        full = lead >= p.full_control_threshold
        controller = np.where(controlled, leader, DISPUTED)
        zone = np.full(leader.shape, ZONE_DISPUTED, dtype=np.int8)
        is_state = leader == STATE
        full &= controlled  # full control is control first (whatever the two thresholds)
        zone[controlled & is_state] = ZONE_STATE
        zone[full & is_state] = ZONE_FULL_STATE
        zone[controlled & ~is_state] = ZONE_ARMED
        zone[full & ~is_state] = ZONE_FULL_ARMED
        self.controller = np.where(self.land, controller, OFF_GRID).astype(np.int8)
        self.zone = np.where(self.land, zone, ZONE_OFF_GRID).astype(np.int8)

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
        return self.support[actor] / np.maximum(self.support.sum(axis=0), 1.0)

    def _controller(self, where: Where) -> np.ndarray:
        return self.controller if where is None else self.controller[where]

    def shares(self) -> np.ndarray:
        """Share of land cells controlled by each actor (state first), and disputed last."""
        n_land = max(int(self.land.sum()), 1)
        counts = [(self.controller == a).sum() / n_land for a in range(self.n_actors)]
        counts.append((self.controller == DISPUTED).sum() / n_land)
        return np.array(counts, dtype=float)
