"""A month's passage down the routes in one compiled pass (numba; ODD 7.10, step 4; issue 15).

A month's shipping was four steps over every route position (~30,000-70,000): gather each
position's cocaine and edge hazard (``kernels_ship.route_inputs``), the seizure probability
``-expm1(-hazard)`` (numpy), move the cocaine down the levels (``kernels.move_down_levels``)
and sum the flows per cell (``kernels_ship.totals_by_node``). Then the same floats came from
two passes and an ``expm1`` over the positions that carry cocaine only:

* :func:`carrying_positions` gives every position's cocaine (``kg[here] * share``) and the
  positions that can carry any, that is those that send cocaine or lie below one that does
  (children come before their parents in a forest, so one pass marks them), with their edge
  hazard ``0.5 * (met[here] + met[up]) * km_up``. About a third of the positions carry nothing
  in a default run (a kind of shipper owns no cocaine in most cells).
* ``-expm1(-hazard)`` over those positions (``agents.fpmath``: the C library's).
* :func:`pass_down` moves the cocaine down and sums it per cell in the same pass.

Now :func:`ship_down` does all three in one pass (``Trafficking._ship``; the two passes stay
as its tested reference): it skips the positions whose flow is not positive instead of marking
those that carry, and takes ``math.expm1`` (the same C library call) of each hazard it needs
where it needs it, which saves the arrays between the passes and a third of the month's time.

Why the floats are the same: a position that carries nothing has flow exactly 0 (its own
cocaine is 0 and nothing arrives from below), so in the old passes it added only zeros (``0 *
q`` seized, ``0 - 0`` arriving, ``0 * km``) to sums that start at +0 and hold no negative
numbers, which leaves them as they were. (This holds for finite hazards, which
``interdiction.py`` always gives: a NaN hazard on such an edge made the old sums NaN.) Every
other sum adds the same terms in the same order: arrivals at a parent from zero in position
order, then onto the parent's own cocaine
(``flow[j] += arrived[j]``), the totals per cell and the arrivals per tree in position order
(``np.bincount``'s order). ``tests/test_trafficking_kernels.py`` and
``tests/test_trafficking_passage.py`` compare with the four steps, their numpy forms and the
two passes bit for bit.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def carrying_positions(
    kg: np.ndarray,
    met: np.ndarray,
    here: np.ndarray,
    up: np.ndarray,
    share: np.ndarray,
    km_up: np.ndarray,
    parent: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; tests
    """Each position's cocaine; the positions that can carry any and their edge hazard.

    Args:
        kg: Flattened ``[kind, node]`` kilograms of each kind of shipper in each cell.
        met: Flattened ``[kind, node]`` hazard per km each kind meets in each cell.
        here: Each position's flat ``(kind, node)`` index (``Routes.here``).
        up: The flat index of the node above it (``Routes.up``).
        share: The logit share of its node's cocaine sent toward its tree's exit.
        km_up: Its edge's length toward the exit (0 at roots).
        parent: ``[position]`` position of the next node toward the exit (-1 at roots);
            children come before their parents (``Forest``: deepest level first).

    Returns:
        ``source`` (``[position]`` kg), ``carrying`` (the positions that send cocaine or lie
        on the way of one that does, in position order) and ``hazard`` (``[carrying]``, the
        hazard times km of each one's edge toward the exit).
    """
    n = here.shape[0]
    source = np.empty(n)
    marked = np.zeros(n, dtype=np.uint8)
    carrying = np.empty(n, dtype=np.int32)  # half the bytes pass_down reads
    hazard = np.empty(n)
    k = 0
    # without branches on the data (a third of the positions carry nothing, in no pattern):
    # every position is written at slot k, which moves on only past those that carry
    for p in range(n):
        h = here[p]
        s = kg[h] * share[p]
        source[p] = s
        m = marked[p] | np.uint8(s > 0.0)
        q = parent[p]
        if q >= 0:
            marked[q] |= m
        carrying[k] = p
        hazard[k] = 0.5 * (met[h] + met[up[p]]) * km_up[p]
        k += m
    return source, carrying[:k], hazard[:k]


@njit(cache=True)
def pass_down(
    carrying: np.ndarray,
    source: np.ndarray,
    seize_prob: np.ndarray,
    parent: np.ndarray,
    node: np.ndarray,
    tree: np.ndarray,
    km_up: np.ndarray,
    n_nodes: int,
    n_trees: int,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; tests/test_trafficking_kernels.py
    """Move the cocaine down the carrying positions and sum it per cell (module docstring).

    Each position's flow is its own cocaine plus what arrived from its children; a share
    ``seize_prob`` of it is seized on its edge and the rest arrives at its parent. The roots
    (the exits) seize nothing here: what reaches them is summed per tree.

    Args:
        carrying: Positions that can carry cocaine, in position order
            (:func:`carrying_positions`).
        source: ``[position]`` kg entering each tree at each position.
        seize_prob: ``[carrying]`` probability that a kg on the edge toward the parent is seized.
        parent: ``[position]`` position of the parent (-1 at roots).
        node: ``[position]`` the network node of each position.
        tree: ``[position]`` its tree.
        km_up: ``[position]`` length of its edge toward the exit.
        n_nodes: Number of network nodes.
        n_trees: Number of trees.

    Returns:
        ``through_kg``, ``kg_km``, ``seized_kg`` (``[node]``) and ``arrived_kg`` (``[tree]``),
        as ``flows.cell_totals`` of ``flows.move_down`` gives them.
    """
    through = np.zeros(n_nodes)
    kg_km = np.zeros(n_nodes)
    seized_kg = np.zeros(n_nodes)
    arrived_kg = np.zeros(n_trees)
    arriving = np.zeros(source.shape[0])
    for k in range(carrying.shape[0]):
        p = carrying[k]
        f = source[p] + arriving[p]
        v = node[p]
        through[v] += f
        kg_km[v] += f * km_up[p]
        q = parent[p]
        if q >= 0:
            caught = f * seize_prob[k]
            seized_kg[v] += caught
            arriving[q] += f - caught
        else:
            arrived_kg[tree[p]] += f
    return through, kg_km, seized_kg, arrived_kg


@njit(cache=True)
def ship_down(
    kg: np.ndarray,
    met: np.ndarray,
    here: np.ndarray,
    up: np.ndarray,
    share: np.ndarray,
    km_up: np.ndarray,
    parent: np.ndarray,
    node: np.ndarray,
    tree: np.ndarray,
    roots: int,
    n_nodes: int,
    n_trees: int,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; tests/test_trafficking_passage.py
    """:func:`carrying_positions`, ``-expm1(-hazard)`` and :func:`pass_down` in one pass.

    The positions are taken in order, as :func:`pass_down` takes the carrying ones; a position
    whose flow (its own cocaine plus what arrived) is not positive is skipped, without marking
    first. The floats are the same (module docstring, "why the floats are the same"): a
    position with a positive flow carried before (some position at or below it sends cocaine),
    and one that carried with a flow of exactly 0 (everything on its way was seized, or its
    cocaine was -0) added only zeros. ``expm1`` is the C library's (``math.expm1``, as
    ``agents.fpmath.expm1`` takes it), so each seizure probability has the bits it had. This
    holds for kilograms >= 0 (or -0) and finite hazards, which the model gives.

    Args:
        kg: Flattened ``[kind, node]`` kilograms of each kind of shipper in each cell.
        met: Flattened ``[kind, node]`` hazard per km each kind meets in each cell.
        here: Each position's flat ``(kind, node)`` index (``Routes.here``).
        up: The flat index of the node above it (``Routes.up``).
        share: The logit share of its node's cocaine sent toward its tree's exit.
        km_up: Its edge's length toward the exit (0 at roots).
        parent: Position of the next node toward the exit (-1 at roots); children come
            before their parents.
        node: The network node of each position.
        tree: Its tree.
        roots: The first position of the roots (they come last: ``Forest.roots``).
        n_nodes: Number of network nodes.
        n_trees: Number of trees.

    Returns:
        ``source`` (``[position]`` kg entering each tree there), then ``through_kg``,
        ``kg_km``, ``seized_kg`` (``[node]``) and ``arrived_kg`` (``[tree]``) as
        :func:`pass_down` gives them.
    """
    n = here.shape[0]
    source = np.empty(n)
    arriving = np.zeros(n)
    through = np.zeros(n_nodes)
    kg_km = np.zeros(n_nodes)
    seized_kg = np.zeros(n_nodes)
    arrived_kg = np.zeros(n_trees)
    # below the roots every position has a parent: no test of it in the loop. Indices read
    # from the arrays are taken as unsigned: numba wraps a signed index that may be negative
    # (a test and an add on every read), which cost about 15% of this kernel (issue 15); all
    # of them are >= 0 here (a parent of -1 is a root's, and the roots have their own loop)
    for p in range(roots):
        h = np.uint32(here[p])
        s = kg[h] * share[p]
        source[p] = s
        f = s + arriving[p]
        if f > 0.0:
            v = np.uint32(node[p])
            km = km_up[p]
            through[v] += f
            kg_km[v] += f * km
            caught = f * -math.expm1(-(0.5 * (met[h] + met[np.uint32(up[p])]) * km))
            seized_kg[v] += caught
            arriving[np.uint32(parent[p])] += f - caught
    for p in range(roots, n):
        s = kg[np.uint32(here[p])] * share[p]
        source[p] = s
        f = s + arriving[p]
        if f > 0.0:
            v = np.uint32(node[p])
            through[v] += f
            kg_km[v] += f * km_up[p]
            arrived_kg[np.uint32(tree[p])] += f
    return source, through, kg_km, seized_kg, arrived_kg
