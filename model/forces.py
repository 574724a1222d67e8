"""Force: how much armed power each actor brings to bear on every cell (ODD 7.4; C1, C3).

* **Mobile force** ``mobile[a, x, y]``: for the state (``a = 0``) every security unit puts a
  share ``security.garrison_share`` of its strength on its base (the garrison) and the rest on
  the cell where it stands; for group ``g`` (``a = g.index``) the fighters of its fronts.
* **Police**: the state's static, local force, ``control.state_police_per_cell * presence``;
  it holds its own cell and is not projected.
* **Projection**: mobile force spreads to nearby cells and police is added
  (:meth:`model.control.ControlState.effective_force`); ``armed_presence`` is the projected
  force of all groups together. With ``control.projection_floor < 1`` the security units'
  force reaching a cell from the cells around counts only as far as the state's structural
  presence gives access (:func:`projection_access`; off by default, ODD 7.4).
* **Contest** (what counts for territorial control): the security units' projected force
  scaled by the state's reach, and each group's projected force scaled by its edge in its home
  territories where the state is absent (:func:`home_defence`, issue 10).

:class:`Forces` holds this month's arrays; the model refreshes them before units and fronts act
(ODD 3, process 2) and again before control is updated (process 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from agents.front_roster import FrontRoster
from agents.kernels_front_moves import FIGHTERS, OWNER, X, Y
from agents.security_roster import SecurityRoster
from model.control import STATE, ControlState
from model.kernels_forces import add_mobile_force, project_forces
from model.spread import add_at, add_at_actors, spread

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.front import ArmedUnit
    from agents.security import SecurityUnit


def mobile_force(
    units: SecurityRoster | Iterable[SecurityUnit],
    fronts: FrontRoster | Iterable[ArmedUnit],
    n_actors: int,
    shape: tuple[int, int],
    garrison_share: float,
) -> np.ndarray:
    """Mobile force per actor and cell, ``[state, group 1..G] x [x, y]`` (see module docstring).

    Args:
        units: The security units: their roster (``model.security_roster``, arrays) or the
            units themselves.
        fronts: The armed fronts: their roster (``model.front_roster``, arrays) or the fronts
            themselves.
        n_actors: 1 + the number of groups.
        shape: The grid's (width, height).
        garrison_share: Share of a unit's strength that stays at its base.
    """
    force = np.zeros((n_actors, *shape))
    if isinstance(units, SecurityRoster) and isinstance(fronts, FrontRoster):
        # both as arrays, kept as they change: one compiled pass, the walk's additions in order
        add_mobile_force(
            force, units.base, units.xy, units.strengths(), garrison_share, fronts.table
        )
        return force
    # base then current cell, unit by unit: added in this order, as np.add.at sums repeated
    # cells (compiled: np.add.at and arrays built from tuples cost more than the sums, issue 15)
    if isinstance(units, SecurityRoster):  # the units' arrays, kept as they move: no walk
        at = np.stack((units.base, units.xy), axis=1).reshape(-1, 2)
        strength = units.strengths()
    else:
        cells: list[int] = []
        strengths: list[float] = []
        for u in units:
            cells.extend(u.base.coordinate)
            cells.extend(u.cell.coordinate)
            strengths.append(u.strength)
        at = np.array(cells, dtype=np.int64).reshape(-1, 2)
        strength = np.array(strengths, dtype=float)
    if len(strength):
        amounts = np.column_stack([garrison_share * strength, (1.0 - garrison_share) * strength])
        add_at(force[STATE], at, amounts.ravel())
    if isinstance(fronts, FrontRoster):  # the fronts' arrays, kept as they change: no walk
        table = fronts.table
        if len(table):  # the walk's arrays: its row-by-row order, its strided columns
            add_at_actors(
                force, table[:, OWNER], table[:, X], table[:, Y], table[:, FIGHTERS].astype(float)
            )
        return force
    rows: list[int] = []
    for f in fronts:
        rows.append(f.group.index)
        rows.extend(f.cell.coordinate)
        rows.append(f.fighters)
    if rows:
        index, xs, ys, fighters = np.array(rows, dtype=np.int64).reshape(-1, 4).T
        add_at_actors(force, index, xs, ys, fighters.astype(float))
    return force


def police(presence: np.ndarray, per_cell: float) -> np.ndarray:
    """The state's static, local force: ``per_cell`` personnel at full presence."""
    return per_cell * presence


def home_defence(
    home: np.ndarray | None, presence: np.ndarray, advantage: float, n_groups: int
) -> np.ndarray | float:
    """How much a group's force counts in the contest for control of each cell (ODD 7.4).

    ``1 + advantage * home[g] * (1 - presence)``: where a group is established (its social
    base, militias and informants outside its ranks, its knowledge of the ground) and the state
    is absent, each of its fighters holds more territory than a newcomer's or a soldier's
    (Kalyvas 2006: control rests on civilians' information; Arjona 2016: rebel social orders
    where the state is absent). Where the state is fully present the edge vanishes: the same
    front counts at face value in a town.

    Args:
        home: ``[group, x, y]`` home strength in 0..1 (``landscape.group_home``); None: none.
        presence: ``[x, y]`` state presence in 0..1.
        advantage: ``control.home_advantage``.
        n_groups: Number of groups (``home``'s first rows, in actor order 1..G).

    Returns:
        ``[group, x, y]`` multipliers, or 1.0 with no home or no advantage.

    :meth:`Forces.project` applies it cell by cell, compiled (``model/kernels_forces.py``).
    """
    if home is None or advantage <= 0.0 or n_groups == 0:
        return 1.0
    return 1.0 + advantage * home[:n_groups] * (1.0 - np.clip(presence, 0.0, 1.0))


def projection_access(structural_presence: np.ndarray, floor: float) -> np.ndarray:
    """How far the security units project force into each cell from the cells around it.

    ``floor + (1 - floor) * structural_presence`` (ODD 7.4): troops move along roads and
    rivers the state built where it is structurally present (near cities, where people are
    dense, away from coca enclaves); in the mountains and forests far from them a unit holds
    the cell it stands on, and its weight in the cells around falls to ``floor``.

    Args:
        structural_presence: ``[x, y]`` the state's structural presence at set-up, 0..1
            (``model.presence.initial_presence``; static).
        floor: ``control.projection_floor``.
    """
    return floor + (1.0 - floor) * np.clip(structural_presence, 0.0, 1.0)


class Forces:
    """This month's mobile, police and projected force (read by agents and by control)."""

    def __init__(
        self,
        control: ControlState,
        shape: tuple[int, int],
        garrison_share: float,
        police_per_cell: float,
        state_reach_floor: float = 1.0,
        home: np.ndarray | None = None,
        home_advantage: float = 0.0,
        access: np.ndarray | None = None,
    ) -> None:
        """No force anywhere until the first :meth:`refresh`.

        Args:
            control: The control state (its projection kernel and land mask).
            shape: The grid's (width, height).
            garrison_share: ``security.garrison_share``.
            police_per_cell: ``control.state_police_per_cell``.
            state_reach_floor: ``control.state_reach_floor``.
            home: ``[group, x, y]`` how established each group is there
                (``landscape.group_home``, groups in actor order 1..G); None: nowhere.
            home_advantage: ``control.home_advantage``.
            access: ``[x, y]`` how far the security units' force projects into each cell from
                the cells around it, 0..1 (:func:`projection_access`); None: fully.
        """
        self.control = control
        self.shape = shape
        self.garrison_share = garrison_share
        self.police_per_cell = police_per_cell
        self.state_reach_floor = state_reach_floor
        self.home = None if home is None else np.ascontiguousarray(home, dtype=float)
        if self.home is not None and (
            self.home.ndim != 3
            or self.home.shape[0] < control.n_actors - 1
            or self.home.shape[1:] != tuple(shape)
        ):
            raise ValueError(
                f"Forces: home must be [group, x, y] with at least {control.n_actors - 1} "
                f"groups on a {tuple(shape)} grid, got {self.home.shape}"
            )
        self.home_advantage = home_advantage
        self.access = None if access is None else np.ascontiguousarray(access, dtype=float)
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
        #: stands in for an absent home or access layer in the compiled refresh (never read)
        self._nowhere = np.zeros((1, *shape))

    @property
    def state(self) -> np.ndarray:
        """The state's projected force (security units and police), ``[x, y]``."""
        return self.effective[STATE]

    def refresh(
        self,
        units: SecurityRoster | Iterable[SecurityUnit],
        fronts: FrontRoster | Iterable[ArmedUnit],
        presence: np.ndarray,
    ) -> None:
        """Recompute every array from where units and fronts stand and from state presence."""
        mobile = mobile_force(units, fronts, self.control.n_actors, self.shape, self.garrison_share)
        self.project(mobile, presence)

    def project(self, mobile: np.ndarray, presence: np.ndarray) -> None:
        """Every array of the month from the mobile force ``[actor, x, y]`` and state presence.

        Mobile force is projected over the control kernel (``model/spread.py``), police is added
        to the state's and land masked (``ControlState.effective_force``), the security units'
        projection scaled by their access, and the contest formed with the state's reach and
        the groups' home edge (:func:`home_defence`): in one compiled pass over cells
        (``model/kernels_forces.py``, the same floats as these rules written in numpy, which
        ``tests/test_kernels_forces.py`` keeps).
        """
        n_actors = self.control.n_actors
        self.mobile = np.ascontiguousarray(mobile, dtype=float)
        self.police = police(presence, self.police_per_cell)
        self.effective, self.armed_presence, self.state_reach, self.contest = project_forces(
            spread(self.mobile, self.control.kernel),
            self.mobile[STATE],
            np.ascontiguousarray(self.police, dtype=float),
            self.control.land,
            np.ascontiguousarray(presence, dtype=float),
            self.state_reach_floor,
            self.home if self.home is not None else self._nowhere,
            self.home_advantage,
            self.home is not None and self.home_advantage > 0.0 and n_actors > 1,
            self.access if self.access is not None else self._nowhere[0],
            self.access is not None,
        )
