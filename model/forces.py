"""Force: how much armed power each actor brings to bear on every cell (ODD 7.4; C1, C3).

* **Mobile force** ``mobile[a, x, y]``: for the state (``a = 0``) every security unit puts a
  share ``security.garrison_share`` of its strength on its base (the garrison) and the rest on
  the cell where it stands; for group ``g`` (``a = g.index``) the fighters of its fronts.
* **Police**: the state's static, local force, ``control.state_police_per_cell * presence``;
  it holds its own cell and is not projected.
* **Projection**: mobile force spreads to nearby cells and police is added
  (:meth:`model.control.ControlState.effective_force`); ``armed_presence`` is the projected
  force of all groups together.

:class:`Forces` holds this month's arrays; the model refreshes them before units and fronts act
(ODD 3, process 2) and again before control is updated (process 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from model.control import STATE, ControlState

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.front import ArmedUnit
    from agents.security import SecurityUnit


def mobile_force(
    units: Iterable[SecurityUnit],
    fronts: Iterable[ArmedUnit],
    n_actors: int,
    shape: tuple[int, int],
    garrison_share: float,
) -> np.ndarray:
    """Mobile force per actor and cell, ``[state, group 1..G] x [x, y]`` (see module docstring).

    Args:
        units: The security units.
        fronts: The armed fronts.
        n_actors: 1 + the number of groups.
        shape: The grid's (width, height).
        garrison_share: Share of a unit's strength that stays at its base.
    """
    force = np.zeros((n_actors, *shape))
    # base then current cell, unit by unit: np.add.at sums repeated cells in this order
    placed = [(u.base.coordinate, u.cell.coordinate, u.strength) for u in units]
    if placed:
        cells = np.array([c for base, cell, _ in placed for c in (base, cell)])
        strength = np.array([s for *_, s in placed])
        amounts = np.column_stack([garrison_share * strength, (1.0 - garrison_share) * strength])
        np.add.at(force[STATE], (cells[:, 0], cells[:, 1]), amounts.ravel())
    rows = [(f.group.index, *f.cell.coordinate, f.fighters) for f in fronts]
    if rows:
        index, xs, ys, fighters = np.array(rows).T
        np.add.at(force, (index, xs, ys), fighters.astype(float))
    return force


def police(presence: np.ndarray, per_cell: float) -> np.ndarray:
    """The state's static, local force: ``per_cell`` personnel at full presence."""
    return per_cell * presence


class Forces:
    """This month's mobile, police and projected force (read by agents and by control)."""

    def __init__(
        self,
        control: ControlState,
        shape: tuple[int, int],
        garrison_share: float,
        police_per_cell: float,
        state_reach_floor: float = 1.0,
    ) -> None:
        """No force anywhere until the first :meth:`refresh`."""
        self.control = control
        self.shape = shape
        self.garrison_share = garrison_share
        self.police_per_cell = police_per_cell
        self.state_reach_floor = state_reach_floor
        n_actors = control.n_actors
        self.mobile = np.zeros((n_actors, *shape))
        self.police = np.zeros(shape)
        #: projected force per actor, ``[actor, x, y]`` (actor 0 the state, with police)
        self.effective = np.zeros((n_actors, *shape))
        #: projected force of all armed groups together, ``[x, y]``
        self.armed_presence = np.zeros(shape)
        #: force that counts in the contest for control, ``[actor, x, y]``: ``effective``
        #: with the security units' projected force scaled by the state's reach (ODD 7.4)
        self.contest = np.zeros((n_actors, *shape))
        self.state_reach = np.ones(shape)

    @property
    def state(self) -> np.ndarray:
        """The state's projected force (security units and police), ``[x, y]``."""
        return self.effective[STATE]

    def refresh(
        self, units: Iterable[SecurityUnit], fronts: Iterable[ArmedUnit], presence: np.ndarray
    ) -> None:
        """Recompute every array from where units and fronts stand and from state presence."""
        n_actors = self.control.n_actors
        self.mobile = mobile_force(units, fronts, n_actors, self.shape, self.garrison_share)
        self.police = police(presence, self.police_per_cell)
        self.effective = self.control.effective_force(self.mobile, self.police)
        self.armed_presence = self.effective[1:].sum(axis=0)
        #: how far the state's force turns into territorial control, ``[x, y]`` in 0..1
        self.state_reach = self.state_reach_floor + (1.0 - self.state_reach_floor) * presence
        self.contest = self.effective.copy()
        units = self.effective[STATE] - self.police * self.control.land
        self.contest[STATE] = self.police * self.control.land + units * self.state_reach
