"""The month's projected and contested force over every cell, compiled (numba; ODD 7.4; issue 15).

``Forces.refresh`` turned the projected mobile force into the arrays agents and control read
(police added and land masked, the security units' access, all groups' presence, the state's
reach, the contest with the groups' home edge) with about fifteen numpy expressions over
``[actor, x, y]`` arrays, twice a month and at every settling round of set-up.
:func:`project_forces` makes the same floats cell by cell in one pass. Each expression is
written as numpy evaluates it, left to right (``police * land + own + projected * access`` is
``(police * land + own) + (projected * access)``), a land mask multiplies by 1.0 or 0.0 as a
boolean array does in numpy (so a negative force off land gives -0.0), the groups' presence
adds groups 1, 2, ... in order from +0 as numpy's sum over the first axis, and ``np.clip``
keeps NaN and -0.0. No ``fastmath``. ``tests/test_kernels_forces.py`` keeps the numpy form and
compares bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels_front_moves import FIGHTERS, OWNER, X, Y


@njit(cache=True)
def project_forces(
    spread_force: np.ndarray,
    mobile_state: np.ndarray,
    police: np.ndarray,
    land: np.ndarray,
    presence: np.ndarray,
    reach_floor: float,
    home: np.ndarray,
    advantage: float,
    use_home: bool,
    access: np.ndarray,
    use_access: bool,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; guarded by tests/test_kernels_forces.py and golden digests
    """Effective force, armed presence, state reach and contest (``model/forces.py``).

    Args:
        spread_force: ``[actor, x, y]`` mobile force projected over the control kernel
            (``model/spread.py: spread``; actor 0 the state), not yet masked.
        mobile_state: ``[x, y]`` the security units' own mobile force (``mobile[STATE]``).
        police: ``[x, y]`` the state's police.
        land: ``[x, y]`` land mask.
        presence: ``[x, y]`` state presence.
        reach_floor: ``control.state_reach_floor``.
        home: ``[group, x, y]`` how established each group is (``home_defence``).
        advantage: ``control.home_advantage``.
        use_home: Whether the home edge applies (``home_defence`` is not 1.0).
        access: ``[x, y]`` the security units' access (``projection_access``).
        use_access: Whether ``access`` applies.

    Returns:
        ``effective`` (``[actor, x, y]``), ``armed_presence`` (``[x, y]``), ``state_reach``
        (``[x, y]``) and ``contest`` (``[actor, x, y]``), as ``Forces`` holds them.
    """
    n_actors, width, height = spread_force.shape
    effective = np.empty_like(spread_force)
    contest = np.empty_like(spread_force)
    armed_presence = np.zeros((width, height))
    state_reach = np.empty((width, height))
    absent = np.empty((width, height))  # 1 - np.clip(presence, 0, 1)
    # the state's row, then each group's: rows of contiguous cells (a cell's sums still add
    # the groups in order)
    for x in range(width):
        for y in range(height):
            mask = 1.0 if land[x, y] else 0.0
            held = police[x, y] * mask  # police * land
            own_state = (spread_force[0, x, y] + police[x, y]) * mask
            if use_access:
                own = mobile_state[x, y] * mask
                projected = own_state - held - own
                own_state = held + own + projected * access[x, y]
            effective[0, x, y] = own_state
            reach = reach_floor + (1.0 - reach_floor) * presence[x, y]
            state_reach[x, y] = reach
            contest[0, x, y] = held + (own_state - held) * reach
            p = presence[x, y]
            if p < 0.0:  # np.clip(presence, 0, 1): NaN and -0.0 stay as they are
                p = 0.0
            elif p > 1.0:
                p = 1.0
            absent[x, y] = 1.0 - p
    for a in range(1, n_actors):
        for x in range(width):
            for y in range(height):
                value = spread_force[a, x, y] * (1.0 if land[x, y] else 0.0)
                effective[a, x, y] = value
                armed_presence[x, y] += value
                if use_home:
                    value *= 1.0 + advantage * home[a - 1, x, y] * absent[x, y]
                contest[a, x, y] = value
    return effective, armed_presence, state_reach, contest


@njit(cache=True)
def add_mobile_force(
    force: np.ndarray,
    base: np.ndarray,
    xy: np.ndarray,
    strength: np.ndarray,
    garrison_share: float,
    fronts: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_front_roster.py and golden digests
    """Add the units' and the fronts' mobile force to ``force`` (``model/forces.py``).

    Unit by unit, its garrison on its base then the rest where it stands; then front by front,
    its fighters on its group's row: the additions ``np.add.at`` made in the walk's order, each
    amount the same product (``garrison_share * s``, ``(1 - garrison_share) * s``).

    Args:
        force: ``[actor, x, y]`` zeros (actor 0 the state), added to in place.
        base: ``[unit, 2]`` each unit's base (``SecurityRoster.base``).
        xy: ``[unit, 2]`` where each unit stands (``SecurityRoster.xy``).
        strength: ``[unit]`` each unit's whole force (``SecurityRoster.strengths``).
        garrison_share: ``security.garrison_share``.
        fronts: The fronts' rows (``FrontRoster.table``, ``FRONT_COLUMNS``).
    """
    deployed = 1.0 - garrison_share
    for k in range(strength.shape[0]):
        force[0, base[k, 0], base[k, 1]] += garrison_share * strength[k]
        force[0, xy[k, 0], xy[k, 1]] += deployed * strength[k]
    for j in range(fronts.shape[0]):
        force[fronts[j, OWNER], fronts[j, X], fronts[j, Y]] += float(fronts[j, FIGHTERS])
