"""A front's recruitment and desertion in one compiled call (numba; issue 15).

:meth:`agents.front.ArmedUnit.recruit_and_desert` documents the rule (ODD 7.7); this is its
arithmetic and its draws, for one front, from the window sums the recruitment pool gave
(``RecruitmentPool.around``) to the deserters. As Python it was a dozen numpy scalar reads and
draws and four method calls per front and month, each costing more than its arithmetic. The
draws come from the model's ``Generator`` through :mod:`agents.kernels_draws` (numpy's numbers,
in the same order), the floats from the same IEEE operations in the same order as the Python
rule had them (no ``fastmath``), so the golden digests did not change.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numba.extending import register_jitable
from numba.np.random.distributions import random_binomial, random_poisson

from agents.kernels_draws import _bit_generator
from agents.kernels_window import window_scale_around


@register_jitable
def affordable_recruits(wanted: int, treasury: float, cost: float) -> int:
    """Of ``wanted`` recruits, how many a treasury of ``treasury`` pays at ``cost`` each.

    ``wanted`` when they cost nothing, else ``min(wanted, int(treasury // cost))``. The one
    formula: :meth:`agents.armed.ArmedGroup.pay_recruits` (Python) and :func:`recruit` (compiled)
    call it.
    """
    if cost <= 0:
        return wanted
    return min(wanted, int(treasury // cost))


@register_jitable
def money_share(members: int, affordable: float, headroom: float) -> float:
    """:meth:`agents.armed.ArmedGroup.money_factor` for ``members`` of ``affordable``.

    ``min(1, max(0, (1 - members / affordable) / headroom))``, ``headroom`` the parameter
    ``armed.money_headroom``; 1 when members cost nothing (``affordable`` infinite), 0 when the
    income pays nobody. The one formula, for Python (``ArmedGroup.money_factor``,
    ``FrontMonth.money_factor``) and compiled code (``kernels_spot.on_the_spot``).
    """
    if affordable == math.inf:
        return 1.0
    if affordable <= 0:
        return 0.0
    return float(min(1.0, max(0.0, (1.0 - members / affordable) / max(headroom, 1e-9))))


@njit(cache=True)
def recruit(
    bits: np.ndarray,
    pool: np.ndarray,
    residents: np.ndarray,
    territory: np.ndarray,
    x: int,
    y: int,
    radius: int,
    held: float,
    fullness: float,
    fighters: int,
    rate: float,
    willingness: float,
    money: float,
    talks: float,
    treasury: float,
    cost: float,
    coercion: float,
    child_share: float,
    absent: float,
    leaving: float,
) -> tuple[int, int, int, int]:  # pragma: no cover - compiled; guarded by tests
    """One front's month of recruitment and desertion; ``(wanted, recruits, children, deserters)``.

    ``held`` and ``fullness`` are what the pool's window of ``radius`` around ``(x, y)`` holds
    for the group and how full it is (``RecruitmentPool.around``, the pool unchanged since);
    ``willingness``, ``absent`` the cell's terms of the month; ``money`` the group's money
    factor, ``talks`` its restraint at the table; ``treasury`` and ``cost`` what it holds and
    what a recruit costs (the caller charges the treasury with ``pay_recruits(wanted)``, which
    pays the same ``recruits``); ``coercion`` 1 where the group holds the cell, else 0.5;
    ``leaving`` the chance a member deserts. Takes the recruits from the pool (in place, as
    ``RecruitmentPool.draw_around``) and from the cell's ``residents``.
    """
    generator = _bit_generator(bits)
    effort = min(fighters * rate * fullness, held)
    mean = effort * willingness * money
    mean *= talks
    wanted = 0
    recruits = 0
    children = 0
    if mean > 0:
        wanted = min(random_poisson(generator, mean), int(residents[x, y]))
        if wanted:
            recruits = affordable_recruits(wanted, treasury, cost)
    if recruits:
        if recruits > 0 and held > 0:  # RecruitmentPool.draw_around's guard
            window_scale_around(pool, x, y, radius, min(1.0, recruits / held), territory)
        residents[x, y] -= recruits
        chance = child_share * coercion * absent
        # numpy's binomial returns 0 without a draw for a zero chance: skipping keeps the stream
        if chance > 0:
            children = random_binomial(generator, recruits, chance)
    deserters = random_binomial(generator, fighters, leaving) if leaving > 0 else 0
    return wanted, recruits, children, deserters
