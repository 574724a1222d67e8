"""What a front does on its cell in a month, in one compiled call (numba; issue 15).

After it has moved and fought, a front recruits and loses deserters, extorts and kidnaps, and
attacks the security forces near it (:meth:`agents.front.ArmedUnit.recruit_and_desert`,
:meth:`~agents.front.ArmedUnit.prey_on_civilians`,
:meth:`~agents.front.ArmedUnit.attack_security_forces`; ODD 7.7, whose docstrings state the
rules). As Python these were some forty attribute reads, numpy scalar reads and four compiled
calls per front and month (~13,800 front-steps a default run), each costing more than its
arithmetic. :func:`on_the_spot` is their arithmetic and their draws, for one front, from the
recruitment pool's window sums to the attack's deaths; the caller books what it returns
(treasury, events, violence) in the order the rules did. Its terms come from the month's
:class:`agents.front_month.FrontMonth`: the month's layers (:data:`CELLS`), each group's layers
and terms (:data:`GROUP_CELLS`, :data:`GROUP_TERMS`) and the parameters (:data:`RATES`).

The draws come from the model's ``Generator`` through :mod:`agents.kernels_draws` (numpy's
numbers, in the rules' order: recruits, child recruits, deserters, kidnappings, attacks); the
floats from the same IEEE operations in the same order as the Python rules (no ``fastmath``);
``tests/test_kernels_spot.py`` keeps the Python rules with numpy's draws and compares bit for
bit, and the golden digests did not change.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numba.np.random.distributions import random_poisson

from agents.kernels_draws import _bit_generator
from agents.kernels_front import money_share, recruit
from agents.kernels_window import window_dots_around

#: what :func:`on_the_spot` does (bits of its ``acts``): each rule alone, or all in order
RECRUIT, PREY, ATTACK = 1, 2, 4
ALL = RECRUIT | PREY | ATTACK

#: the layers of ``FrontMonth.cells[k, x, y]``: the share of the pool willing to join, ``1 -
#: presence``, the extortion rent (``rents.layers[EXTORTION]``), the state's projected force
#: (``forces.state``)
CELLS = ("willingness", "absent", "extortion_rent", "state_force")
WILLINGNESS, ABSENT, EXTORTION_RENT, STATE_FORCE = range(len(CELLS))

#: a group's layers (``FrontMonth.spot_terms``): its share of the cells it recruits in
#: (``ArmedGroup.territory``), the arrest risk its kidnappers weigh, 1 where it holds the cell
#: (``control.held_by``) else 0
GROUP_CELLS = ("territory", "kidnap_arrest", "held")
TERRITORY, KIDNAP_ARREST, HELD = range(len(GROUP_CELLS))

#: a group's terms (``FrontMonth.spot_terms``): the talks' restraint on recruitment
#: (``talks.recruitment``), the chance a member deserts (``min(1, desertion_rate +
#: unpaid_desertion * unpaid_share)``), the members its income pays
#: (``ArmedGroup.affordable_members``, maybe infinite), its kidnapping need
#: (``ArmedGroup.kidnapping``), ``talks.kidnapping``, its strategy weights on extortion and
#: kidnapping, and the factors on its attacks of ``ceasefires.attacks``, ``talks.attacks`` and
#: ``offensives.attacks``
GROUP_TERMS = (
    "talks_recruitment",
    "leaving",
    "affordable",
    "kidnapping_need",
    "talks_kidnapping",
    "extortion_weight",
    "kidnapping_weight",
    "ceasefire_attacks",
    "talks_attacks",
    "offensive_attacks",
)
(
    TALKS_RECRUITMENT,
    LEAVING,
    AFFORDABLE,
    KIDNAPPING_NEED,
    TALKS_KIDNAPPING,
    EXTORTION_WEIGHT,
    KIDNAPPING_WEIGHT,
    CEASEFIRE_ATTACKS,
    TALKS_ATTACKS,
    OFFENSIVE_ATTACKS,
) = range(len(GROUP_TERMS))

#: the entries of ``FrontMonth.rates``: ``armed.recruitment_rate``, ``recruit_cost_usd``,
#: ``child_share``, the pool's full level per resident (``recruit_pool_share * widening``),
#: ``money_headroom``, ``kidnap_rate``, ``risk_aversion``, ``attack_rate``
RATES = (
    "recruitment_rate",
    "recruit_cost",
    "child_share",
    "pool_full",
    "money_headroom",
    "kidnap_rate",
    "risk_aversion",
    "attack_rate",
)
(
    RECRUITMENT_RATE,
    RECRUIT_COST,
    CHILD_SHARE,
    POOL_FULL,
    MONEY_HEADROOM,
    KIDNAP_RATE,
    RISK_AVERSION,
    ATTACK_RATE,
) = range(len(RATES))


@njit(cache=True)
def on_the_spot(
    bits: np.ndarray,
    pool: np.ndarray,
    residents: np.ndarray,
    cells: np.ndarray,
    group_cells: np.ndarray,
    terms: np.ndarray,
    rates: np.ndarray,
    x: int,
    y: int,
    radius: int,
    fighters: int,
    others: int,
    members: int,
    treasury: float,
    held: float,
    fullness: float,
    acts: int,
) -> tuple[int, int, int, int, float, int, int]:  # pragma: no cover - compiled; tested
    """One front's recruitment, predation and attacks (module docstring).

    Returns ``(wanted, recruits, children, deserters, extorted, kidnappings, deaths)``: the
    recruits it wants, those it takes and pays (out of the ``pool`` window and the cell's
    ``residents``, in place; the caller charges the treasury, ``ArmedGroup.charge_recruits``),
    child recruits among them, deserters, the extortion it takes (US$), kidnappings and the
    security forces it kills. What ``acts`` leaves out returns zeros and draws nothing.

    Args:
        bits: The model generator's addresses (``kernels_draws.generator_bits``).
        pool: The recruitment pool per cell (``RecruitmentPool.pool``, changed in place).
        residents: Residents per cell (changed in place).
        cells: The month's layers, :data:`CELLS`.
        group_cells: Its group's layers, :data:`GROUP_CELLS`.
        terms: Its group's terms, :data:`GROUP_TERMS`.
        rates: The parameters, :data:`RATES`.
        x: Column of its cell.
        y: Row of its cell.
        radius: ``armed.move_range``, the pool's window around its cell.
        fighters: Its fighters.
        others: The fighters of the other fronts on its cell.
        members: Its group's members now (``ArmedGroup.members``).
        treasury: Its group's treasury (US$).
        held: The pool its group reaches in the window, NaN to sum it here (the compiled
            window sums take windows of up to ``PAIRWISE_BLOCK`` cells; the caller sums larger
            ones with numpy, ``RecruitmentPool.around``).
        fullness: How full that pool is (``RecruitmentPool.around``), read when ``held`` is.
        acts: :data:`RECRUIT`, :data:`PREY`, :data:`ATTACK` or any of them together.
    """
    wanted = recruits = children = deserters = 0
    absent = cells[ABSENT, x, y]
    if acts & RECRUIT:
        territory = group_cells[TERRITORY]
        if math.isnan(held):  # RecruitmentPool.around, compiled
            held, people = window_dots_around(pool, residents, territory, x, y, radius)
            full = rates[POOL_FULL] * people
            fullness = min(1.0, held / full) if full > 0 else 0.0
        wanted, recruits, children, deserters = recruit(
            bits,
            pool,
            residents,
            territory,
            x,
            y,
            radius,
            held,
            fullness,
            fighters,
            rates[RECRUITMENT_RATE],
            cells[WILLINGNESS, x, y],
            money_share(members, terms[AFFORDABLE], rates[MONEY_HEADROOM]),
            terms[TALKS_RECRUITMENT],
            treasury,
            rates[RECRUIT_COST],
            1.0 if group_cells[HELD, x, y] else 0.5,  # coercion: more where it rules
            rates[CHILD_SHARE],
            absent,
            terms[LEAVING],
        )
        fighters = fighters + recruits - deserters
    extorted = 0.0
    kidnappings = 0
    if acts & PREY:
        on_cell = others + fighters
        share = fighters / on_cell if on_cell > 0 else 0.0
        extorted = terms[EXTORTION_WEIGHT] * cells[EXTORTION_RENT, x, y] * share
        mean = rates[KIDNAP_RATE] * fighters * absent * terms[KIDNAPPING_WEIGHT]
        mean *= terms[KIDNAPPING_NEED]
        mean *= terms[TALKS_KIDNAPPING]
        mean *= 1.0 - rates[RISK_AVERSION] * group_cells[KIDNAP_ARREST, x, y]
        if mean > 0:
            kidnappings = random_poisson(_bit_generator(bits), mean)
    deaths = 0
    if acts & ATTACK:
        force = cells[STATE_FORCE, x, y]
        if force != 0:  # no exposure, no attack, no draw (Poisson(0) draws nothing)
            exposure = force / (force + 100.0)
            mean = rates[ATTACK_RATE] * fighters * exposure
            mean *= terms[CEASEFIRE_ATTACKS]
            mean *= terms[TALKS_ATTACKS]
            mean *= terms[OFFENSIVE_ATTACKS]
            if mean > 0:
                deaths = random_poisson(_bit_generator(bits), mean)
    return wanted, recruits, children, deserters, extorted, kidnappings, deaths
