"""Compiled loops of the coca growers' month (numba; split from agents/kernels.py).

The growers' state is in numpy rows (``agents/grower.py``, ``GrowerRows``) and their month runs in
these two loops over all of them; ``tests/test_kernels.py`` compares them with the rule's
formula.

Bit-identical with the numpy form each kernel replaced, under the rules of
``agents/kernels.py`` (the same IEEE operations in the same order, no ``fastmath``;
``cache=True``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def grower_returns(
    slots: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    premium: np.ndarray,
    eradication: np.ndarray,
    presence: np.ndarray,
    armed: np.ndarray,
    confined: np.ndarray,
    replant: float,
    deterrence: float,
    coca_net: float,
    coercion_bonus: float,
    price_index: float,
    licit_net: float,
    economy: float,
    alt_bonus: float,
    alt_development: float,
    coca_out: np.ndarray,
    licit_out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """Expected returns of coca and licit crops of the growers in ``slots`` (``returns``).

    Args:
        slots: Rows of the growers (int64), in the order the results are written.
        xs: Column of every grower's cell.
        ys: Row of every grower's cell.
        premium: Every grower's calibrated premium on coca.
        eradication: Share of each cell's coca eradicated this month ``[x, y]``.
        presence: State presence ``[x, y]``.
        armed: Whether an armed group controls each cell ``[x, y]``.
        confined: Share of each cell's residents confined this month ``[x, y]``.
        replant: ``coca.replant_share``.
        deterrence: ``coca.eradication_deterrence``.
        coca_net: ``coca.coca_net_usd_per_ha``.
        coercion_bonus: ``coca.coercion_bonus``.
        price_index: The farm-gate price of coca relative to set-up.
        licit_net: ``coca.licit_net_usd_per_ha``.
        economy: The economy index.
        alt_bonus: ``coca.alt_dev_bonus``.
        alt_development: The alternative-development input.
        coca_out: Receives the coca return of each slot (US$/ha/month).
        licit_out: Receives the licit return of each slot.
    """
    for n in range(slots.shape[0]):
        i = slots[n]
        x, y = xs[i], ys[i]
        loss = eradication[x, y] * (1.0 - replant)
        risk = 1.0 - math.exp(-12.0 * deterrence * loss)
        coerced = 1.0 if armed[x, y] else 0.0
        coca = coca_net * premium[i] * (1.0 - risk) * (1.0 + coercion_bonus * coerced)
        coca *= price_index
        licit = (
            licit_net
            * economy
            * (1.0 + alt_bonus * alt_development * presence[x, y])
            * (1.0 - confined[x, y])
        )
        coca_out[n] = coca
        licit_out[n] = licit


@njit(cache=True)
def grower_step(
    slots: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    coca_ha: np.ndarray,
    potential_ha: np.ndarray,
    eradicated_ha: np.ndarray,
    eradication: np.ndarray,
    coca_return: np.ndarray,
    licit_return: np.ndarray,
    adjustment: float,
    sharpness: float,
    replant: float,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels.py and golden digests
    """One month of the growers in ``slots``, in place (``CocaGrower.step``).

    Args:
        slots: Rows of the growers (int64).
        xs: Column of every grower's cell.
        ys: Row of every grower's cell.
        coca_ha: Every grower's coca (ha), updated.
        potential_ha: Every grower's land for coca or licit crops (ha).
        eradicated_ha: Receives what this month's campaign eradicated of each (ha).
        eradication: Share of each cell's coca eradicated this month ``[x, y]``.
        coca_return: The coca return of each slot, in ``slots`` order (:func:`grower_returns`).
        licit_return: The licit return of each slot.
        adjustment: ``coca.adjustment_rate``.
        sharpness: ``coca.choice_sharpness``.
        replant: ``coca.replant_share``.
    """
    for n in range(slots.shape[0]):
        i = slots[n]
        coca, licit = coca_return[n], licit_return[n]
        share = coca**sharpness / (coca**sharpness + licit**sharpness) if coca + licit > 0 else 0.0
        area = coca_ha[i] + adjustment * (share * potential_ha[i] - coca_ha[i])
        eradicated = area * eradication[xs[i], ys[i]]
        eradicated_ha[i] = eradicated
        area -= eradicated * (1.0 - replant)
        coca_ha[i] = area if area > 0.0 else 0.0  # max(0.0, area), NaN included


@njit(cache=True)
def added_in_order(
    start: float, values: np.ndarray, slots: np.ndarray
) -> float:  # pragma: no cover - compiled; guarded by tests/test_kernels.py
    """``start`` plus ``values[slots]`` one after the other (the growers' events counter).

    The float ``MonthEvents.add_each`` gives (a sequential sum from the counter's value, not
    numpy's pairwise one) without a Python loop over the growers (issue 15).
    """
    total = start
    for n in range(slots.shape[0]):
        total += values[slots[n]]
    return total
