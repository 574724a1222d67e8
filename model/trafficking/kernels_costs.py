"""Each kind of shipper's month in one compiled pass: its cocaine, costs and hazards (ODD 7.10).

A month's shipping began with some twenty numpy passes over ``[kind, node]`` arrays: who owns
each cell's cocaine (``costs.shipper_shares``, then each shipper's share added to its kind's
row), the cost of crossing each cell (``costs.cell_costs``) and the hazard each kind meets
(``costs.protected_hazard``). :func:`shipper_month` makes the same floats in one pass (issue
15): the same products and sums in the same order (numpy's sum over groups adds the rows in
order; each kind's owned share adds its shippers' rows in shipper order from zero; numba
without ``fastmath`` neither reassociates nor fuses). ``costs.py`` keeps the rules and their
documentation; ``tests/test_trafficking_costs.py`` compares with them bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def shipper_month(
    groups: np.ndarray,
    kind_of: np.ndarray,
    friendly: np.ndarray,
    rival: np.ndarray,
    neutral: np.ndarray,
    remoteness: np.ndarray,
    perceived: np.ndarray,
    hazard: np.ndarray,
    shipped: np.ndarray,
    value: float,
    terms: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests
    """Each kind's kg, cost of crossing each cell and hazard met, ``[kind, node]``.

    Args:
        groups: ``[group, node]`` each group's share of each cell.
        kind_of: ``[shipper]`` each shipper's kind (the groups, then unaffiliated traffickers).
        friendly: ``[kind, node]`` friendly share (``costs.standing``).
        rival: ``[kind, node]`` rival share.
        neutral: ``[kind, node]`` neutral share.
        remoteness: ``[node]`` remoteness (0..1).
        perceived: ``[node]`` the hazard traffickers expect (per km).
        hazard: ``[node]`` this month's hazard (per km).
        shipped: ``[node]`` kg shipped from each cell.
        value: The value of a kg at risk (US$).
        terms: ``transport_usd_per_kg_km``, ``terrain_weight``, ``protection``,
            ``rival_cost_usd_per_kg_100km`` and ``transit_tax_usd_per_kg_100km``.

    Returns:
        ``kg`` (each kind's cocaine), ``cost`` (US$/kg/km, ``costs.cell_costs``) and ``met``
        (``costs.protected_hazard``).
    """
    n_groups, n = groups.shape
    n_kinds = friendly.shape[0]
    transport_usd, terrain, protection = terms[0], terms[1], terms[2]
    rival_usd = terms[3] / 100.0
    tax_usd = terms[4] / 100.0
    owner = np.zeros((n_kinds, n))
    for g in range(n_groups):
        k = kind_of[g]
        for i in range(n):
            owner[k, i] += groups[g, i]
    held = np.zeros(n)
    for g in range(n_groups):
        for i in range(n):
            held[i] += groups[g, i]
    rest_kind = kind_of[n_groups]
    for i in range(n):
        rest = 1.0 - held[i]
        if rest < 0.0:  # np.clip(rest, 0, 1)
            rest = 0.0
        elif rest > 1.0:
            rest = 1.0
        owner[rest_kind, i] += rest
    kg = np.empty((n_kinds, n))
    cost = np.empty((n_kinds, n))
    met = np.empty((n_kinds, n))
    for k in range(n_kinds):
        for i in range(n):
            kept = 1.0 - protection * friendly[k, i]
            transport = transport_usd * (1.0 + terrain * remoteness[i])
            risk = value * perceived[i] * kept
            cost[k, i] = transport + risk + rival_usd * rival[k, i] + tax_usd * neutral[k, i]
            met[k, i] = hazard[i] * kept
            kg[k, i] = shipped[i] * owner[k, i]
    return kg, cost, met


@njit(cache=True)
def standing_of(
    stances: np.ndarray, groups: np.ndarray, code: int
) -> np.ndarray:  # pragma: no cover - compiled; tests/test_trafficking_costs.py
    """``costs.standing``'s share of each cell held by groups each kind stands ``code`` to.

    ``np.einsum("sg,gn->sn", (stances == code).astype(float), groups)`` adds, for each kind and
    cell, the products of the 0/1 stance and the groups' shares in group order from +0 (its
    innermost loop runs along the cells of a C-ordered ``groups``); so does this loop, with the
    same products (``tests/test_trafficking_costs.py`` compares bit for bit).
    """
    n_kinds, n_groups = stances.shape
    n = groups.shape[1]
    out = np.empty((n_kinds, n))
    for k in range(n_kinds):
        for i in range(n):
            total = 0.0
            for g in range(n_groups):
                total += (1.0 if stances[k, g] == code else 0.0) * groups[g, i]
            out[k, i] = total
    return out


@njit(cache=True)
def kinds_month(
    groups: np.ndarray,
    stances: np.ndarray,
    kind_of: np.ndarray,
    remoteness: np.ndarray,
    perceived: np.ndarray,
    hazard: np.ndarray,
    shipped: np.ndarray,
    value: float,
    terms: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests
    """:func:`shipper_month` of ``costs.standing(stances, groups)``, in one call.

    ``stances`` are the kinds' ``[kind, group]`` relations (``costs.FRIEND``, ``RIVAL``,
    ``NEUTRAL``); the friendly, rival and neutral shares come from :func:`standing_of`.
    """
    return shipper_month(
        groups,
        kind_of,
        standing_of(stances, groups, 1),
        standing_of(stances, groups, -1),
        standing_of(stances, groups, 0),
        remoteness,
        perceived,
        hazard,
        shipped,
        value,
        terms,
    )
