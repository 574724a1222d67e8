"""The displaced households' draw of destinations, compiled (numba; ODD 7.13, issue 15).

:class:`model.flee.Routes` documents the rule: each mover leaves its cell for a land cell within
``move_range_km``, drawn in proportion to ``score / (softening_km + distance_km) **
distance_power``. Written with numpy it built ``[source, offset]`` arrays every month (targets,
masks, distances, weights, their cumulative sums) and ``[mover, offset]`` comparisons; here the
same numbers come from three loops:

* :func:`sources_of`: the distinct cells movers stand on, sorted by ``(x, y)`` as ``np.unique``
  of the rows sorted them, and each mover's source;
* :func:`cumulative_weights`: on a regular latitude-longitude grid the distance to an offset
  depends on the row only, so the distance terms come from tables built once
  (``Routes.row_factor``: the power computed by numpy, as before) and the month only divides the
  score by them; the running sum adds the weights in order, as ``np.cumsum`` does;
* :func:`pick_destinations`: a mover's draw times its source's total, the count of cumulative
  weights at most that, and the cell of that offset (clipped to the grid, as the numpy form
  indexed it);
* :func:`move_households` (``Routes.move``, what the model calls): the three in one call, the
  households moved in place; each source sums only the offsets whose weight is added (in range,
  on the grid, a non-zero score) and the pick counts those running sums (the three above stay
  as its reference).

The same IEEE operations in the same order, no ``fastmath``; ``tests/test_flee_kernels.py``
keeps the numpy form and compares bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def sources_of(
    positions: np.ndarray, height: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """The distinct cells of ``positions`` (``[n, 2]``, on a grid ``height`` cells high).

    Returns:
        ``(sources, which)``: ``[m, 2]`` the cells sorted by ``(x, y)`` (``np.unique`` of the
        rows), and ``[n]`` the row of each position in it.
    """
    n = positions.shape[0]
    width = 0
    for i in range(n):
        width = max(width, positions[i, 0] + 1)
        height = max(height, positions[i, 1] + 1)
    # -1: no mover there; 0: movers there; then each such cell's rank in (x, y) order
    index = np.full(width * height, -1, dtype=np.int64)
    for i in range(n):
        index[positions[i, 0] * height + positions[i, 1]] = 0
    count = 0
    for cell in range(width * height):
        if index[cell] >= 0:
            index[cell] = count
            count += 1
    sources = np.empty((count, 2), dtype=positions.dtype)
    for cell in range(width * height):
        if index[cell] >= 0:
            sources[index[cell], 0] = cell // height
            sources[index[cell], 1] = cell % height
    which = np.empty(n, dtype=np.int64)
    for i in range(n):
        which[i] = index[positions[i, 0] * height + positions[i, 1]]
    return sources, which


@njit(cache=True)
def cumulative_weights(
    sources: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    in_range: np.ndarray,
    factor: np.ndarray,
    score: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled; guarded by tests
    """``np.cumsum(weights, axis=1)`` of :meth:`Routes.weights` on a regular grid.

    Args:
        sources: ``[m, 2]`` source cells.
        dx: Offsets' columns.
        dy: Offsets' rows.
        in_range: ``[y, offset]`` whether the offset lies within the range from row ``y``.
        factor: ``[y, offset]`` ``(softening_km + distance_km) ** distance_power``.
        score: Destination score per cell.

    Returns:
        ``[m, offsets]``: weight ``score[target] / factor`` where the target is on the grid and
        in range (else 0), summed along the offsets in order.
    """
    width, height = score.shape
    n_offsets = dx.shape[0]
    out = np.empty((sources.shape[0], n_offsets))
    for s in range(sources.shape[0]):
        sx, sy = sources[s, 0], sources[s, 1]
        running = 0.0
        for k in range(n_offsets):
            tx, ty = sx + dx[k], sy + dy[k]
            weight = 0.0
            if 0 <= tx < width and 0 <= ty < height and in_range[sy, k]:
                weight = score[tx, ty] / factor[sy, k]
            running = weight if k == 0 else running + weight
            out[s, k] = running
    return out


@njit(cache=True)
def pick_destinations(
    cumulative: np.ndarray,
    sources: np.ndarray,
    which: np.ndarray,
    uniforms: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    width: int,
    height: int,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests
    """Each mover's destination, drawn from its source's cumulative weights.

    Mover ``i`` draws ``uniforms[i] * total`` (its source's total weight), takes the offset
    whose position is the count of cumulative weights at most that draw (at most the last), and
    goes to that offset's cell clipped to the grid; with no positive total it stays
    (``out[i]`` is left as it is: the caller fills it with the positions).
    """
    n_offsets = cumulative.shape[1]
    for i in range(which.shape[0]):
        s = which[i]
        total = cumulative[s, n_offsets - 1]
        if not total > 0:
            continue
        draw = uniforms[i] * total
        count = 0
        for k in range(n_offsets):
            if cumulative[s, k] <= draw:
                count += 1
        pick = min(count, n_offsets - 1)
        out[i, 0] = min(max(sources[s, 0] + dx[pick], 0), width - 1)
        out[i, 1] = min(max(sources[s, 1] + dy[pick], 0), height - 1)


@njit(cache=True)
def month_layers(
    static: np.ndarray,
    new_events: np.ndarray,
    conflict_events: float,
    armed_rule: np.ndarray,
    confined_share: np.ndarray,
    mobility: float,
    presence: np.ndarray,
    size: np.ndarray,
    chances: np.ndarray,
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """This month's location types, move chance and destination score, in one pass.

    The same numbers as :func:`model.flee.location_types` (conflict where ``new_events >=
    conflict_events`` or ``armed_rule``), :func:`model.flee.move_chance` of ``1 -
    confined_share`` times ``mobility``, and :func:`model.flee.destination_score` with ``size =
    max(residents, 1) ** pop_power`` computed by the caller (``agents.fpmath.power``).

    Args:
        static: The static types (:func:`model.flee.place_types`).
        new_events: New violent events this month per cell.
        conflict_events: ``conflict_events``, the events that make a conflict zone.
        armed_rule: Cells armed groups rule or fight over with fronts near.
        confined_share: Share of each cell's residents confined this month.
        mobility: This month's factor on movement (restrictions).
        presence: State presence.
        size: ``max(residents, 1) ** pop_power``.
        chances: ``move_chance_<type>`` in type order (conflict, town, capital, city).
        weights: ``weight_<type>`` in the same order.

    Returns:
        ``(types, chance, score)`` per cell (types ``int8``, -1 off land).
    """
    width, height = static.shape
    types = np.empty((width, height), dtype=np.int8)
    chance = np.empty((width, height))
    score = np.empty((width, height))
    for i in range(width):
        for j in range(height):
            t = static[i, j]
            if t != -1 and (new_events[i, j] >= conflict_events or armed_rule[i, j]):
                t = 0
            types[i, j] = t
            if t == -1:
                chance[i, j] = 0.0 * mobility
                score[i, j] = 0.0
            else:
                chance[i, j] = chances[t] * (1.0 - confined_share[i, j]) * mobility
                score[i, j] = weights[t] * presence[i, j] * size[i, j]
    return types, chance, score


@njit(cache=True)
def movers(
    live: np.ndarray, x: np.ndarray, y: np.ndarray, chance: np.ndarray, uniforms: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled; guarded by tests
    """``live[uniforms < chance[x[live], y[live]]]``: the households that move, in slot order."""
    out = np.empty(live.shape[0], dtype=np.int64)
    n = 0
    for k in range(live.shape[0]):
        slot = live[k]
        if uniforms[k] < chance[x[slot], y[slot]]:
            out[n] = slot
            n += 1
    return out[:n]


@njit(cache=True)
def move_households(
    x: np.ndarray,
    y: np.ndarray,
    moving: np.ndarray,
    uniforms: np.ndarray,
    score: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    row_offsets: np.ndarray,
    row_counts: np.ndarray,
    factor: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests
    """Move the households at slots ``moving`` in place, as ``Routes.choose`` draws (one call).

    :func:`sources_of`, :func:`cumulative_weights` and :func:`pick_destinations` in one pass,
    with the same floats and cells. A source's cumulative weights keep only the offsets where
    the weight is added (in range, on the grid, a non-zero score): elsewhere ``np.cumsum``
    added an exact zero, which leaves the running sum as it was, so the first cumulative weight
    above a draw is at one of the kept offsets, and a draw at or above every one takes the last
    offset as the count did. The sums never fall (no weight is negative), so that first one is
    the count of the kept sums at most the draw. The movers are grouped by source (numbered as
    reached, then a counting sort) and each source's sums fill one scratch row that its movers
    pick from: a source's sums depend on its cell only, a pick on its own draw, so the order
    changes nothing. No branch depends on the scores (the zeros fall anywhere).

    Args:
        x: Every household's column (written for the movers).
        y: Every household's row (written for the movers).
        moving: The movers' slots, in the order of ``uniforms``.
        uniforms: One draw per mover (``Routes.choose``'s).
        score: Destination score per cell.
        dx: Offsets' columns.
        dy: Offsets' rows.
        row_offsets: ``[y, j]`` the offsets within range from row ``y``, in offset order.
        row_counts: How many offsets each row has within range.
        factor: ``[y, offset]`` ``(softening_km + distance_km) ** distance_power``.
    """
    width, height = score.shape
    n_offsets = dx.shape[0]
    n = moving.shape[0]
    # each mover's source (numbered as reached), then the movers grouped by source (a counting
    # sort): one source's sums live in a scratch row while its movers pick
    index = np.full(width * height, -1, dtype=np.int64)
    source = np.empty(n, dtype=np.int64)
    sources = 0
    for i in range(n):
        cell = x[moving[i]] * height + y[moving[i]]
        if index[cell] < 0:
            index[cell] = sources
            sources += 1
        source[i] = index[cell]
    first = np.zeros(sources + 1, dtype=np.int64)
    for i in range(n):
        first[source[i] + 1] += 1
    for s in range(sources):
        first[s + 1] += first[s]
    filled = first[:-1].copy()
    group = np.empty(n, dtype=np.int64)
    for i in range(n):
        group[filled[source[i]]] = i
        filled[source[i]] += 1
    cumulative = np.empty(row_offsets.shape[1])
    kept = np.empty(row_offsets.shape[1], dtype=np.int64)
    for s in range(sources):
        slot = moving[group[first[s]]]
        sx, sy = x[slot], y[slot]
        running = 0.0
        m = 0
        for j in range(row_counts[sy]):
            # without branches on the data (the zeros fall anywhere): a target off the grid
            # reads 0.0, and a zero weight adds exactly nothing and is overwritten next
            k = row_offsets[sy, j]
            tx, ty = sx + dx[k], sy + dy[k]
            inside = (tx >= 0) & (tx < width) & (ty >= 0) & (ty < height)
            value = score[min(max(tx, 0), width - 1), min(max(ty, 0), height - 1)]
            value = value if inside else 0.0
            running = running + value / factor[sy, k]
            cumulative[m] = running
            kept[m] = k
            m += value != 0.0
        if m == 0 or not cumulative[m - 1] > 0:
            continue  # nowhere to go: its movers stay
        for g in range(first[s], first[s + 1]):
            i = group[g]
            draw = uniforms[i] * cumulative[m - 1]
            # the first sum above the draw: as they never fall, the count of those at most it
            count = 0
            for j in range(m):
                count += cumulative[j] <= draw
            pick = kept[count] if count < m else n_offsets - 1
            slot = moving[i]
            x[slot] = min(max(sx + dx[pick], 0), width - 1)
            y[slot] = min(max(sy + dy[pick], 0), height - 1)
