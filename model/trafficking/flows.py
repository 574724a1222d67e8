"""Cocaine flowing along the least-cost trees: a logit over routes, seizures on the way (ODD 7.10).

From each production cell, a shipper's cocaine is split over its routes (the least-cost path to
each exit) by a multinomial logit over the routes' costs,
``share[e] = exp(-C[e] / scale) / sum over exits of exp(-C / scale)``: the cheapest routes carry
most, the others some, and a route whose cost rises loses its share gradually, not all at once.
The cocaine then moves down the trees toward the exits, level by level (deepest first); on each
edge a share ``q = 1 - exp(-hazard * km)`` of what crosses it is seized. Every kilogram that
leaves a cell either is seized on the edge or arrives at the next cell, so kilograms are
conserved along every path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents import fpmath
from model.trafficking.kernels import move_down_levels
from model.trafficking.kernels_logit import logit_exponents, logit_normalize
from model.trafficking.kernels_ship import totals_by_node
from model.trafficking.network import Forest


def logit_shares(cost: np.ndarray, scale: float, min_share: float = 0.0) -> np.ndarray:
    """Share of each node's cocaine sent toward each exit, ``[exit, node]``.

    Args:
        cost: ``[exit, node]`` cost of each route (US$/kg); inf where the exit is unreachable.
        scale: Logit scale (US$/kg).
        min_share: Shares below this are set to 0 and the rest renormalized.

    Returns:
        Shares summing to 1 over exits for every node that reaches an exit, 0 for the others.
    """
    # numpy's passes around the exp, compiled (kernels_logit.py: the same floats); the exp is the
    # C library's (agents/fpmath.py), the same bits on every CPU
    cost = np.ascontiguousarray(cost, dtype=float)
    return logit_normalize(cost, fpmath.exp(logit_exponents(cost, scale)), min_share)


@dataclass(frozen=True)
class Passage:
    """Cocaine moved down a forest in one month.

    Attributes:
        flow: ``[position]`` kg at each node of each tree (what it produced plus what arrived).
        seized: ``[position]`` kg seized on the edge from each node toward its exit.
    """

    flow: np.ndarray
    seized: np.ndarray


def move_down(forest: Forest, source: np.ndarray, seize_prob: np.ndarray) -> Passage:
    """Move ``source`` kg down every tree of ``forest``, seizing a share on each edge.

    Args:
        forest: The trees, sorted by depth.
        source: ``[position]`` kg entering each tree at each node.
        seize_prob: ``[position]`` probability that a kg on the edge toward the parent is seized.

    Returns:
        The kg at each node and the kg seized on each node's edge.
    """
    flow = np.array(source, dtype=float)  # a copy: moved in place
    seized = np.zeros_like(flow)
    # level by level, one bincount's sums per level, compiled (model/trafficking/kernels.py)
    move_down_levels(
        np.asarray(forest.bounds, dtype=np.int64),
        np.asarray(forest.parent, dtype=np.int64),
        flow,
        np.asarray(seize_prob, dtype=float),
        seized,
    )
    return Passage(flow=flow, seized=seized)


@dataclass(frozen=True)
class CellTotals:
    """A month's flows per network node and per tree.

    Attributes:
        through_kg: ``[node]`` kg passing through each cell (produced there or arriving).
        kg_km: ``[node]`` kg times km carried out of each cell toward the exits.
        seized_kg: ``[node]`` kg seized on the edges leaving each cell.
        arrived_kg: ``[tree]`` kg reaching each tree's exit.
    """

    through_kg: np.ndarray
    kg_km: np.ndarray
    seized_kg: np.ndarray
    arrived_kg: np.ndarray


def cell_totals(forest: Forest, passage: Passage, n_nodes: int, n_trees: int) -> CellTotals:
    """Sum a passage over the trees, per cell, and the arrivals at each tree's exit.

    ``np.bincount`` of the passage by node (and of the roots' flow by tree), in one compiled
    pass (``model/trafficking/kernels_ship.py: totals_by_node``).
    """
    roots = forest.roots
    through, kg_km, seized, arrived = totals_by_node(
        np.asarray(forest.node, dtype=np.int64),
        np.asarray(forest.tree, dtype=np.int64),
        np.asarray(forest.km_up, dtype=float),
        np.asarray(passage.flow, dtype=float),
        np.asarray(passage.seized, dtype=float),
        roots.start,
        roots.stop,
        n_nodes,
        n_trees,
    )
    return CellTotals(through_kg=through, kg_km=kg_km, seized_kg=seized, arrived_kg=arrived)
