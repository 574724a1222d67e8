"""The people process's return and emigration of the month, compiled (numba; ODD 7.13, issue 15).

``Migration._return`` and ``Migration._emigrate`` (``model/migration.py``) document the rules;
with numpy each was about ten calls over the grid and the live households a month, each costing
more in overhead than in work. Here each is one pass with the same IEEE operations in the same
order (no ``fastmath``); the uniform draws stay numpy's (drawn by the caller, in the same
order and number). ``tests/test_people_kernels.py`` keeps the numpy forms and compares bit for
bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def returners(
    safe: np.ndarray,
    safe_months: np.ndarray,
    live: np.ndarray,
    origin_x: np.ndarray,
    origin_y: np.ndarray,
    people: np.ndarray,
    need: int,
    rate: float,
    uniforms: np.ndarray,
    population: np.ndarray,
) -> tuple[np.ndarray, int]:  # pragma: no cover - compiled; guarded by tests
    """The households that go home this month; their people added back to ``population``.

    Args:
        safe: Cells safe for returns this month (state control, no new violent event, land).
        safe_months: Months in a row each cell has been safe; updated in place (``+1`` where
            safe, else 0).
        live: The live households' slots, in slot order.
        origin_x: Every slot's origin column.
        origin_y: Every slot's origin row.
        people: Every slot's people.
        need: ``return_safe_months``.
        rate: ``return_rate``.
        uniforms: One draw per live household (``rng.random(len(live))``).
        population: Residents per cell; the returners' people are added in place, one
            household after the other (as ``np.add.at``).

    Returns:
        ``(back, people)``: the slots going home, in slot order, and their people.
    """
    width, height = safe.shape
    for i in range(width):
        for j in range(height):
            safe_months[i, j] = safe_months[i, j] + 1 if safe[i, j] else 0
    back = np.empty(live.shape[0], dtype=np.int64)
    n = 0
    total = 0
    for k in range(live.shape[0]):
        slot = live[k]
        ox, oy = origin_x[slot], origin_y[slot]
        if safe_months[ox, oy] >= need and uniforms[k] < rate:
            back[n] = slot
            n += 1
            population[ox, oy] += people[slot]
            total += people[slot]
    return back[:n], total


@njit(cache=True)
def emigrants(
    events: np.ndarray,
    land: np.ndarray,
    factor: float,
    violence_weight: float,
    violence_cap: float,
    reach: float,
    idp_ratio: float,
    population: np.ndarray,
    live: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    uniforms: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """Residents and displaced households that leave for the U.S. this month.

    The hazard of :func:`model.emigration.hazard` (``factor`` its ``resident_hazard *
    economic_push``; numpy's ``minimum``: the first value where smaller or NaN, else the
    second) times the land mask; residents leave with it as an expected flow (taken from
    ``population`` in place), a household with ``min(hazard * idp_ratio, 1)`` drawn.

    Args:
        events: New violent events this month per cell.
        land: The land mask.
        factor: ``resident_hazard * economic_push(economy index)``.
        violence_weight: ``violence_weight``.
        violence_cap: ``violence_cap``.
        reach: The borders' reach this month (southwest and the others).
        idp_ratio: ``idp_hazard_ratio``.
        population: Residents per cell (the leavers taken out in place).
        live: The live households' slots, in slot order.
        x: Every slot's column.
        y: Every slot's row.
        uniforms: One draw per live household (``rng.random(len(live))``).

    Returns:
        ``(leaving, gone)``: residents leaving per cell, and the slots of the households that
        leave, in slot order.
    """
    width, height = events.shape
    chance = np.empty((width, height))
    leaving = np.empty((width, height))
    for i in range(width):
        for j in range(height):
            e = events[i, j]
            capped = e if e < violence_cap or e != e else violence_cap
            violence = 1.0 + violence_weight * capped
            c = factor * violence * reach * (1.0 if land[i, j] else 0.0)
            chance[i, j] = c
            share = c if c < 1.0 or c != c else 1.0
            out = population[i, j] * share
            leaving[i, j] = out
            population[i, j] = population[i, j] - out
    gone = np.empty(live.shape[0], dtype=np.int64)
    n = 0
    for k in range(live.shape[0]):
        slot = live[k]
        c = chance[x[slot], y[slot]] * idp_ratio
        if uniforms[k] < (c if c < 1.0 or c != c else 1.0):
            gone[n] = slot
            n += 1
    return leaving, gone[:n]


@njit(cache=True)
def confinement(
    residents: np.ndarray, presence: np.ndarray, armed_rule: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """The people confined this month per cell and the share of the residents they are.

    :func:`model.displacement.confined_people` (``residents * (share * (1 - presence)) *
    armed_rule``, the mask as 1.0 or 0.0) and ``np.divide(confined, residents, where=residents >
    0)`` into zeros, in one pass with the same operations (``Migration.confine``).
    """
    confined = np.empty(residents.shape)
    confined_share = np.zeros(residents.shape)
    people, present, rule = residents.ravel(), presence.ravel(), armed_rule.ravel()
    into, shares = confined.reshape(-1), confined_share.reshape(-1)  # views of the outputs
    for k in range(people.shape[0]):
        r = people[k]
        into[k] = c = r * (share * (1.0 - present[k])) * (1.0 if rule[k] else 0.0)
        if r > 0:
            shares[k] = c / r
    return confined, confined_share
