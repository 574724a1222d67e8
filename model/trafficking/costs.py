"""Who ships the cocaine, and what crossing each cell costs each shipper (ODD 7.10; C3, C5, C6).

**Shippers.** The cocaine of a cell belongs to the armed groups in proportion to their share of
the cell (``ControlState.share_of``, the same shares by which they tax it) and the rest to
unaffiliated traffickers (the state's share: cartels' brokers and independent networks).

**Cost of a cell** for shipper ``s``, US$ per kg and km, with ``friendly`` the share of the cell
held by ``s`` or its allies, ``rival`` the share its rivals hold and ``neutral`` the share of
groups it neither belongs to nor fights (all groups, for unaffiliated traffickers):

``cost = transport * (1 + terrain_weight * remoteness)``
``     + value * perceived_hazard * (1 - protection * friendly)``  (expected seizures)
``     + rival_cost / 100 * rival + transit_tax / 100 * neutral``.

``value`` is the export price of a kg (``model/trafficking/prices.py``); the perceived hazard is
what traffickers have learned of each cell's interdiction (``model/trafficking/interdiction.py``),
which rises with state presence and nearby security units. Routes therefore avoid the state and
hostile groups and follow their own territory when an alternative exists.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from model.params import TraffickingParams
from model.relations import fight

#: how a shipper stands to a group's share of a cell
FRIEND, RIVAL, NEUTRAL = 1, -1, 0


def relation_matrix(relations: nx.Graph, group_keys: tuple[str, ...]) -> np.ndarray:
    """``[shipper, group]`` relations: shippers are the groups, then unaffiliated traffickers.

    A group is its own friend and its allies' (``model/relations.py``), a rival of those it
    fights; unaffiliated traffickers are neutral to every group.
    """
    n = len(group_keys)
    matrix = np.full((n + 1, n), NEUTRAL, dtype=np.int8)
    for i, a in enumerate(group_keys):
        for j, b in enumerate(group_keys):
            matrix[i, j] = RIVAL if fight(relations, a, b) else FRIEND
    return matrix


def shipper_kinds(relations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group shippers who stand alike toward every group into kinds.

    Allies with the same rivals have the same costs and the same routes. Returns the kinds' rows
    of ``relations`` and each shipper's kind.
    """
    stances, kind_of = np.unique(relations, axis=0, return_inverse=True)
    return stances, kind_of.ravel()


def shipper_shares(group_shares: np.ndarray) -> np.ndarray:
    """``[shipper, ...]``: each group's share, then the rest (unaffiliated traffickers)."""
    rest = np.clip(1.0 - group_shares.sum(axis=0), 0.0, 1.0)
    return np.concatenate([group_shares, rest[None]], axis=0)


def standing(stances: np.ndarray, group_shares: np.ndarray) -> dict[str, np.ndarray]:
    """Friendly, rival and neutral shares of each cell for each shipper, ``[shipper, node]``.

    Args:
        stances: ``[shipper, group]`` relations (:func:`relation_matrix`, or its kinds).
        group_shares: ``[group, node]`` each group's share of each cell.
    """
    return {
        name: np.einsum("sg,gn->sn", (stances == code).astype(float), group_shares)
        for name, code in (("friendly", FRIEND), ("rival", RIVAL), ("neutral", NEUTRAL))
    }


def cell_costs(
    remoteness: np.ndarray,
    perceived_hazard: np.ndarray,
    stand: dict[str, np.ndarray],
    value_usd_per_kg: float,
    params: TraffickingParams,
) -> np.ndarray:
    """Cost of crossing each cell for each shipper, US$/kg/km, ``[shipper, node]``.

    Args:
        remoteness: ``[node]`` remoteness (0..1).
        perceived_hazard: ``[node]`` seizure hazard per km traffickers expect.
        stand: :func:`standing` of this month.
        value_usd_per_kg: Value of a kg at risk (the export price).
        params: Trafficking parameters.
    """
    transport = params.transport_usd_per_kg_km * (1.0 + params.terrain_weight * remoteness)
    risk = value_usd_per_kg * perceived_hazard * (1.0 - params.protection * stand["friendly"])
    return (
        transport
        + risk
        + params.rival_cost_usd_per_kg_100km / 100.0 * stand["rival"]
        + params.transit_tax_usd_per_kg_100km / 100.0 * stand["neutral"]
    )


def protected_hazard(
    hazard: np.ndarray, stand: dict[str, np.ndarray], params: TraffickingParams
) -> np.ndarray:
    """The hazard each shipper meets in each cell, ``[shipper, node]`` (protection applied)."""
    return hazard * (1.0 - params.protection * stand["friendly"])
