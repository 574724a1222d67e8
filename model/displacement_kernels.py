"""The rounding of the displaced into households, compiled (numba; ODD 7.13, issue 15).

:func:`model.displacement.households_from` documents the rule; as numpy it was about fifteen
calls a month over the grid and the cells that displace (floor, comparison, nonzero, minimum,
ceiling division, repeat, cumulative sum...), each costing more in overhead than in work. Here
it is one pass over the cells in numpy's ``nonzero`` order (row-major) with the same integer and
float operations; the uniform draws stay numpy's (one per cell, drawn by the caller).
``tests/test_displacement_kernels.py`` keeps the numpy form and compares the households.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def round_households(
    people: np.ndarray, free: np.ndarray, per_agent: int, uniforms: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """Households of ``per_agent`` people from the expected people displaced per cell.

    Per cell, ``n = floor(people / per_agent)`` plus one if its uniform is below the fractional
    part; the cell's people are ``min(n * per_agent, floor(free))``; if positive they form
    ``ceil(total / per_agent)`` households of ``per_agent``, the last one holding the rest.

    Args:
        people: Expected people displaced per cell, ``[x, y]``.
        free: Residents not confined per cell.
        per_agent: ``migration.people_per_agent``.
        uniforms: One uniform draw per cell, ``[x, y]`` (``rng.random(people.shape)``).

    Returns:
        ``(x, y, people)``, one entry per household, cells in row-major order.
    """
    width, height = people.shape
    totals = np.zeros((width, height), dtype=np.int64)
    households = 0
    for i in range(width):
        for j in range(height):
            expected = people[i, j] / per_agent
            n = np.int64(np.floor(expected))
            if uniforms[i, j] < expected - n:
                n += 1
            if n == 0:
                continue
            total = min(n * per_agent, np.int64(np.floor(free[i, j])))
            if total > 0:
                totals[i, j] = total
                households += -(-total // per_agent)
    hx = np.empty(households, dtype=np.int64)
    hy = np.empty(households, dtype=np.int64)
    size = np.empty(households, dtype=np.int64)
    k = 0
    for i in range(width):
        for j in range(height):
            total = totals[i, j]
            if total <= 0:
                continue
            count = -(-total // per_agent)
            for h in range(count):
                hx[k], hy[k] = i, j
                size[k] = per_agent if h < count - 1 else total - (count - 1) * per_agent
                k += 1
    return hx, hy, size


@njit(cache=True)
def displace_cells(
    free: np.ndarray,
    exposed: np.ndarray,
    free_floor: np.ndarray,
    presence: np.ndarray,
    armed_rule: np.ndarray,
    taken: np.ndarray,
    killings: np.ndarray,
    kidnappings: np.ndarray,
    child_recruits: np.ndarray,
    extortion_usd: np.ndarray,
    confined_before: np.ndarray,
    war_fought: np.ndarray,
    war: bool,
    land: np.ndarray,
    rates: np.ndarray,
    uniforms: np.ndarray,
    residents: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The people process's displacement of the month on every cell, in one compiled call.

    What ``Migration._displace`` did with numpy, the same floats: the channels of
    :func:`model.displacement.displaced_by_channel` (its products and sums in numpy's order,
    numpy's axis-0 sum starting from 0.0), times the land mask and the month's mobility; their
    total per cell rounded into households (:func:`round_households`, the caller's uniforms);
    the households' people taken from ``residents`` (in place, one after the other, as
    ``np.subtract.at``); the people who actually left per cell, the share of the expected
    that is, each channel's people taken out and the cells of mass events
    (:func:`model.displacement.mass_events`). The minima and maxima stay numpy's (the caller's
    ``free = max(residents - confined, 0)``, ``exposed = min(free, rural)``, ``free_floor =
    max(free, 0)``, ``killings``): numpy's choice between signed zeros is its own.

    Args:
        free: Residents not confined, ``max(residents - confined, 0)``.
        exposed: ``min(free, rural)``, the people war and takeover flight can take.
        free_floor: ``max(free, 0)``, what the cap on the displaced share is of.
        presence: State presence.
        armed_rule: Cells armed groups rule or fight over with fronts near.
        taken: Cells of a takeover this month.
        killings: ``max(new violent events - kidnappings, 0)``.
        kidnappings: Kidnappings this month per cell.
        child_recruits: Children recruited this month per cell.
        extortion_usd: Extortion taken this month per cell (US$).
        confined_before: People confined last month per cell.
        war_fought: Where two groups at war fought (read only if ``war``).
        war: Whether a war was fought anywhere this month.
        land: The land mask.
        rates: ``displaced_per_killing, war_flight_share, control_change_share,
            confinement_flight_share, threat_rate, displaced_per_kidnapping,
            displaced_per_child_recruit, extortion_flight_share, max_displaced_share,
            extortion_usd_per_person (at least 1e-9), mobility, people_per_agent,
            mass_event_people``.
        uniforms: One uniform draw per cell (``rng.random(shape)``, households_from's draws).
        residents: Residents per cell; the households' people are taken out in place.

    Returns:
        ``(hx, hy, size, taken_out, actual, in_events, expected)``: the households (as
        :func:`round_households`), ``taken_out[channel, x, y]``, the people who left per cell,
        the mass-event cells and the expected people displaced per cell.
    """
    width, height = free.shape
    per_killing, war_share, change_share, confinement_share = rates[0], rates[1], rates[2], rates[3]
    threat_rate, per_kidnapping, per_child, extortion_share = rates[4], rates[5], rates[6], rates[7]
    max_share, per_person, mobility = rates[8], rates[9], rates[10]
    per_agent, mass_people = np.int64(rates[11]), rates[12]
    channels = np.empty((5, width, height))
    expected = np.empty((width, height))
    for i in range(width):
        for j in range(height):
            ex = exposed[i, j]
            violence = per_killing * killings[i, j]
            if war:
                violence = violence + war_share * ex * (1.0 if war_fought[i, j] else 0.0)
            c0 = violence
            c1 = change_share * ex * (1.0 if taken[i, j] else 0.0)
            c2 = confinement_share * confined_before[i, j]
            c3 = threat_rate * (1.0 - presence[i, j]) * free[i, j]
            c3 = c3 * (1.0 if armed_rule[i, j] else 0.0)
            extorted = extortion_usd[i, j] / per_person
            c4 = (
                per_kidnapping * kidnappings[i, j]
                + per_child * child_recruits[i, j]
                + extortion_share * extorted
            )
            total = 0.0 + c0
            total = total + c1
            total = total + c2
            total = total + c3
            total = total + c4
            cap = max_share * free_floor[i, j]
            scale = 1.0
            if total > cap:
                scale = cap / (total if total > 0 else 1.0)
            on = 1.0 if land[i, j] else 0.0
            c0 = c0 * scale * on * mobility
            c1 = c1 * scale * on * mobility
            c2 = c2 * scale * on * mobility
            c3 = c3 * scale * on * mobility
            c4 = c4 * scale * on * mobility
            channels[0, i, j], channels[1, i, j], channels[2, i, j] = c0, c1, c2
            channels[3, i, j], channels[4, i, j] = c3, c4
            expected[i, j] = ((((0.0 + c0) + c1) + c2) + c3) + c4
    hx, hy, size = round_households(expected, free, per_agent, uniforms)
    actual = np.zeros((width, height))
    for k in range(len(size)):
        residents[hx[k], hy[k]] -= size[k]
        actual[hx[k], hy[k]] += size[k]
    in_events = np.zeros((width, height), dtype=np.bool_)
    for i in range(width):
        for j in range(height):
            e = expected[i, j]
            share = actual[i, j] / e if e > 0 else 0.0
            for c in range(5):
                channels[c, i, j] = channels[c, i, j] * share
            # mass channels in sorted(MASS)'s order: confinement, control_change, violence
            mass = ((0.0 + channels[2, i, j]) + channels[1, i, j]) + channels[0, i, j]
            in_events[i, j] = mass >= mass_people and mass > 0
    return hx, hy, size, channels, actual, in_events, expected


@njit(cache=True)
def update_takeovers(
    controller: np.ndarray,
    armed: np.ndarray,
    months: int,
    last: np.ndarray,
    held: np.ndarray,
    established: np.ndarray,
    established_armed: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled; guarded by tests
    """:meth:`model.displacement.Takeovers.update` in one pass over the cells (flat arrays).

    ``held``, ``last``, ``established`` and ``established_armed`` are updated in place: a
    cell held by the same controller as last month counts one more month (at most ``months``),
    else 1; where it has been held ``months`` months it is established, and a takeover is a
    settled cell whose controller differs from the established one, an armed group on either
    side.

    Args:
        controller: This month's controllers.
        armed: Whether an armed group is that controller.
        months: ``takeover_months``.
        last: Last month's controllers.
        held: Months in a row each cell's controller has held it (at most ``months``).
        established: The established controllers.
        established_armed: Whether each established controller is an armed group.

    Returns:
        Where a takeover happened this month.
    """
    taken = np.zeros(controller.shape[0], dtype=np.bool_)
    for k in range(controller.shape[0]):
        c = controller[k]
        held[k] = min(held[k] + 1, months) if c == last[k] else 1
        last[k] = c
        if held[k] >= months:
            taken[k] = c != established[k] and (armed[k] or established_armed[k])
            established[k] = c
            established_armed[k] = armed[k]
    return taken


@njit(cache=True)
def _block(values: np.ndarray, start: int, n: int) -> float:  # pragma: no cover - compiled
    """Numpy's pairwise sum of a block of at most 128 terms, ``values[start:start + n]``.

    Fewer than eight terms one after the other from 0.0; else eight running sums (term k into
    sum k mod 8, the first eight stored) combined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) +
    (r6 + r7))``, then the terms after the last full eight one after the other.
    """
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    full = n - n % 8
    i = 8
    while i < full:
        b = start + i
        r0 += values[b]
        r1 += values[b + 1]
        r2 += values[b + 2]
        r3 += values[b + 3]
        r4 += values[b + 4]
        r5 += values[b + 5]
        r6 += values[b + 6]
        r7 += values[b + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        total += values[start + i]
        i += 1
    return total


@njit(cache=True)
def numpy_sum(values: np.ndarray) -> float:  # pragma: no cover - compiled; guarded by tests
    """``values.sum()`` of a 1-D contiguous float array, the same float numpy gives.

    numpy reduces a contiguous array in one inner call: its identity 0.0 plus the pairwise sum
    of every term; ``tests/test_displacement_kernels.py`` compares it with
    ``ndarray.sum`` on thousands of arrays (lengths 0 to 100,000, zeros of both signs, wide
    magnitudes) and on the model's grids, whole and masked.
    """
    # numpy's recursion (a block of more than 128 terms is the sum of its two halves, the first
    # a multiple of eight) walked with a stack of frames: numba's cached recursive functions
    # crash when loaded
    starts = np.empty(64, dtype=np.int64)
    sizes = np.empty(64, dtype=np.int64)
    phases = np.zeros(64, dtype=np.int64)
    partial = np.empty(64)
    starts[0], sizes[0] = 0, values.shape[0]
    top, done = 0, 0
    while top >= 0:
        start, n = starts[top], sizes[top]
        if n <= 128:
            partial[done] = _block(values, start, n)
            done += 1
            top -= 1
            continue
        half = n // 2
        half -= half % 8
        if phases[top] == 2:  # both halves summed: add them
            partial[done - 2] = partial[done - 2] + partial[done - 1]
            done -= 1
            top -= 1
            continue
        phases[top] += 1
        first = phases[top] == 1
        top += 1
        starts[top] = start if first else start + half
        sizes[top] = half if first else n - half
        phases[top] = 0
    return 0.0 + partial[0]


@njit(cache=True)
def displaced_sums(
    taken_out: np.ndarray, actual: np.ndarray, in_events: np.ndarray, mass: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:  # pragma: no cover - compiled; guarded by tests
    """The month's displacement counts, as ``Migration._displace`` summed them with numpy.

    Args:
        taken_out: ``[channel, x, y]`` people each channel took out (``displace_cells``).
        actual: People who left per cell.
        in_events: The cells of mass events.
        mass: Per channel, whether it counts toward mass events (``MASS``).

    Returns:
        ``(actual.sum(), [taken_out[c].sum()], [taken_out[c][in_events].sum()])``, the masked
        sums 0.0 for the channels that are not mass ones; every sum is :func:`numpy_sum`'s.
    """
    channels = taken_out.shape[0]
    cells = actual.size
    flat = taken_out.reshape(channels, cells)
    where = np.flatnonzero(in_events.ravel())
    picked = np.empty(where.shape[0])
    people = np.empty(channels)
    in_mass = np.zeros(channels)
    for c in range(channels):
        people[c] = numpy_sum(flat[c])
        if mass[c]:
            for k in range(where.shape[0]):
                picked[k] = flat[c, where[k]]
            in_mass[c] = numpy_sum(picked)
    return numpy_sum(actual.ravel()), people, in_mass
