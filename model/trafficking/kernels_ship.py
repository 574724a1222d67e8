"""Compiled loops of a month's shipping (numba; ODD 7.10, step 4; issue 15).

A month's shipping gathered each route position's cocaine and hazard from the ``[kind, node]``
arrays with fancy indexing (three gathers and four whole-array products over ~30,000-70,000
positions) and summed the month's flows per cell with four ``bincount`` calls: each a pass of
its own, which cost more than the arithmetic. The loops here make the same floats in one pass:

* :func:`route_inputs`: ``source = kg[here] * share`` and
  ``edge_hazard = 0.5 * (met[here] + met[up]) * km_up``, the same products in the same order
  (numba without ``fastmath`` neither reassociates nor fuses them);
* :func:`totals_by_node`: ``np.bincount(node, weights=...)`` adds each weight to its bin in
  index order into zeros, and so does the loop, for the three per-cell totals and the arrivals
  at the roots.

The seizure probability between the two (``-expm1(-edge_hazard)``) is computed outside, by
``agents.fpmath.expm1`` (the C library's, which a compiled ``math.expm1`` here would equal;
numpy's own loops round otherwise on CPUs with AVX-512). ``tests/test_trafficking_kernels.py``
keeps the numpy forms and compares bit for bit.
A month's shipping now takes both in ``kernels_passage.py`` (over the positions that carry
cocaine); ``flows.cell_totals`` still sums with :func:`totals_by_node`, and
:func:`route_inputs` stays as the form the passage is tested against.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def route_inputs(
    kg: np.ndarray,
    met: np.ndarray,
    here: np.ndarray,
    up: np.ndarray,
    share: np.ndarray,
    km_up: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests/test_trafficking_kernels
    """Cocaine entering each route position and the hazard of its edge toward the exit.

    Args:
        kg: ``[kind * node]`` kg each kind of shipper ships from each node (flattened).
        met: ``[kind * node]`` seizure hazard per km each kind meets at each node (flattened).
        here: ``[position]`` flat index of the position's (kind, node) (``Routes.here``).
        up: ``[position]`` the same for its next node toward the exit (``Routes.up``).
        share: ``[position]`` the logit share of the node's cocaine sent to that exit.
        km_up: ``[position]`` length of the edge toward the exit (0 at roots).

    Returns:
        ``source`` (kg) and ``edge_hazard`` (hazard times km), ``[position]``.
    """
    n = here.shape[0]
    source = np.empty(n)
    edge_hazard = np.empty(n)
    for p in range(n):
        h = here[p]
        source[p] = kg[h] * share[p]
        edge_hazard[p] = 0.5 * (met[h] + met[up[p]]) * km_up[p]
    return source, edge_hazard


@njit(cache=True)
def totals_by_node(
    node: np.ndarray,
    tree: np.ndarray,
    km_up: np.ndarray,
    flow: np.ndarray,
    seized: np.ndarray,
    roots_start: int,
    roots_end: int,
    n_nodes: int,
    n_trees: int,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; tests/test_trafficking_kernels
    """A passage's kg through, kg-km out of and kg seized on leaving each node; arrivals per tree.

    The sums of ``model/trafficking/flows.py: cell_totals``, each added in position order into
    zeros, as ``np.bincount`` adds its weights.

    Args:
        node: ``[position]`` the network node of each position.
        tree: ``[position]`` its tree.
        km_up: ``[position]`` length of its edge toward the exit.
        flow: ``[position]`` kg at each position (``Passage.flow``).
        seized: ``[position]`` kg seized on its edge (``Passage.seized``).
        roots_start: First position of the roots (the last level).
        roots_end: One past the last root.
        n_nodes: Number of network nodes.
        n_trees: Number of trees.

    Returns:
        ``through_kg``, ``kg_km``, ``seized_kg`` (``[node]``) and ``arrived_kg`` (``[tree]``).
    """
    through = np.zeros(n_nodes)
    kg_km = np.zeros(n_nodes)
    seized_kg = np.zeros(n_nodes)
    for p in range(node.shape[0]):
        v = node[p]
        f = flow[p]
        through[v] += f
        kg_km[v] += f * km_up[p]
        seized_kg[v] += seized[p]
    arrived = np.zeros(n_trees)
    for p in range(roots_start, roots_end):
        arrived[tree[p]] += flow[p]
    return through, kg_km, seized_kg, arrived
