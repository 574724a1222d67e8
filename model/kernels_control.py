"""One month of control dynamics over every cell, compiled (numba; ODD 7.4 rules 2-5; issue 15).

``ControlState.settle`` ran rules 2-5 (contest shares, collaboration, support, controller and
zone) as about 25 numpy expressions over ``[actor, x, y]`` arrays: 132 times in a default run
(72 warm-up months at set-up, 60 months), each pass costing more in overhead than in
arithmetic. :func:`settle_cells` makes the same floats cell by cell in one pass, and
:func:`settle_cells_by_actor` (the one ``settle`` calls) rule by rule over rows of cells, which
numba vectorizes: 2-3 times faster, the same operations on each cell in the same order:

* the sums over actors start at +0 and add actor 0, 1, ... in order, as numpy's reduction
  over the first axis does;
* every product, quotient and difference is written as numpy evaluates the expression, left to
  right (``g * share * saturation`` is ``(g * share) * saturation``); numba without
  ``fastmath`` neither reassociates nor fuses them;
* ``np.clip`` keeps NaN and -0.0, ``np.argmax`` takes the first maximum and the first NaN, and
  the loop does the same.

The contest's powers (``eff ** csf_decisiveness``) are the C library's ``pow``
(``agents/fpmath.py``), taken on the cells with force only by :func:`contest_powers_cells` (one
pass instead of numpy's masks, fancy indexing and ``fpmath.power``).
``tests/test_kernels_control.py`` keeps the numpy form of the rules and compares bit
for bit (NaN, negative zeros and collaboration outside 0..1 included), and both kernels.
:func:`territory_cells` is a group's recruiting territory (``ControlState.territory_of``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def cell_totals(
    eff: np.ndarray, powered: np.ndarray, x: int, y: int
) -> tuple[float, float]:  # pragma: no cover - compiled; inlined in its callers
    """A cell's contest powers and forces summed over actors (from +0, actor 0 first)."""
    total_powered = 0.0
    total_force = 0.0
    for a in range(eff.shape[0]):
        total_powered += powered[a, x, y]
        total_force += eff[a, x, y]
    return total_powered, total_force


@njit(cache=True)
def contest_powers_cells(
    eff: np.ndarray, decisiveness: float, out: np.ndarray
) -> None:  # pragma: no cover - compiled; guarded by tests/test_control.py and golden digests
    """``out = eff ** decisiveness`` over flat arrays, ``pow`` called on the non-zero cells only.

    A zero takes the power of a zero of its sign (``pow(+-0, d)``, computed once each); NaN is
    not a zero. ``x ** d`` here is the same libm ``pow`` as ``agents.fpmath.power``'s loop
    (``model.control.contest_powers`` documents why the powers of the non-zero cells are the
    same taken apart).
    """
    zero = 0.0**decisiveness
    negative_zero = (-0.0) ** decisiveness
    for i in range(eff.size):
        v = eff[i]
        if v != 0.0:
            out[i] = v**decisiveness
        elif math.copysign(1.0, v) < 0.0:
            out[i] = negative_zero
        else:
            out[i] = zero


@njit(cache=True)
def settle_cells(
    eff: np.ndarray,
    powered: np.ndarray,
    collaboration: np.ndarray,
    state_reach: np.ndarray,
    use_reach: bool,
    land: np.ndarray,
    state: int,
    codes: tuple[int, int, int, int, int, int, int, int],
    growth_rate: float,
    decay: float,
    half_saturation: float,
    force_weight: float,
    threshold: float,
    full_threshold: float,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; guarded by tests/test_kernels_control.py and golden digests
    """Rules 2-5 of ``model/control.py`` for every cell; ``collaboration`` is updated in place.

    Args:
        eff: ``[actor, x, y]`` projected force.
        powered: ``eff ** csf_decisiveness`` (``model.control.contest_powers``: the C library's).
        collaboration: ``[actor, x, y]`` collaboration layers (rule 3), updated in place.
        state_reach: ``[x, y]`` how far the state turns its share into collaboration.
        use_reach: Whether ``state_reach`` applies (False: fully everywhere).
        land: ``[x, y]`` land mask.
        state: The state's actor index (``model.control.STATE``).
        codes: ``model/control.py``'s codes, in this order: ``DISPUTED``, ``OFF_GRID``,
            ``ZONE_OFF_GRID``, ``ZONE_FULL_STATE``, ``ZONE_STATE``, ``ZONE_DISPUTED``,
            ``ZONE_ARMED``, ``ZONE_FULL_ARMED`` (they are defined there only).
        growth_rate: ``collaboration_growth``.
        decay: ``collaboration_decay``.
        half_saturation: ``force_half_saturation``.
        force_weight: ``force_weight``.
        threshold: ``control_threshold``.
        full_threshold: ``full_control_threshold``.

    Returns:
        ``support`` (``[actor, x, y]``), ``controller`` and ``zone`` (``[x, y]``, int8).
    """
    disputed, off_grid, zone_off_grid, full_state, zone_state, zone_disputed, armed, full_armed = (
        codes
    )
    n_actors, width, height = eff.shape
    support = np.empty_like(eff)
    controller = np.empty((width, height), dtype=np.int8)
    zone = np.empty((width, height), dtype=np.int8)
    for x in range(width):
        for y in range(height):
            total_powered, total_force = cell_totals(eff, powered, x, y)
            saturation = total_force / (total_force + half_saturation)
            weight = force_weight * saturation
            leader = 0
            lead = 0.0
            for a in range(n_actors):
                share = powered[a, x, y] / total_powered if total_powered > 0 else 0.0
                growth = growth_rate * share * saturation
                if a == state and use_reach:
                    growth *= state_reach[x, y]
                c = collaboration[a, x, y]
                c += growth * (1.0 - c) - decay * c
                if c < 0.0:  # np.clip: NaN and -0.0 stay as they are
                    c = 0.0
                elif c > 1.0:
                    c = 1.0
                collaboration[a, x, y] = c
                value = weight * share + (1.0 - weight) * c
                support[a, x, y] = value
                # np.argmax: the first maximum; a NaN is the maximum, the first one wins
                if a == 0:
                    lead = value
                elif lead == lead and not value <= lead:
                    leader = a
                    lead = value
            if not land[x, y]:
                controller[x, y] = off_grid
                zone[x, y] = zone_off_grid
                continue
            controlled = lead >= threshold
            full = lead >= full_threshold and controlled  # full control is control first
            if not controlled:
                controller[x, y] = disputed
                zone[x, y] = zone_disputed
            elif leader == state:
                controller[x, y] = leader
                zone[x, y] = full_state if full else zone_state
            else:
                controller[x, y] = leader
                zone[x, y] = full_armed if full else armed
    return support, controller, zone


@njit(cache=True)
def territory_cells(
    support: np.ndarray,
    totals: np.ndarray,
    controller: np.ndarray,
    actor: int,
    disputed: int,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_control.py
    """``np.where((controller == actor) | (controller == disputed), support[actor] / totals, 0.0)``.

    One pass instead of two comparisons, an or, a division over the grid and a ``where``
    (``ControlState.territory_of``, each group twice a month; issue 15): the same quotient
    where the mask holds, +0.0 elsewhere, into ``out`` (numpy's array: the readers compare its
    dtype object with numpy's float64 by identity, which an array numba makes fails).
    """
    width, height = controller.shape
    for x in range(width):
        for y in range(height):
            code = controller[x, y]
            if code == actor or code == disputed:
                out[x, y] = support[actor, x, y] / totals[x, y]
            else:
                out[x, y] = 0.0


@njit(cache=True)
def settle_cells_by_actor(
    eff: np.ndarray,
    powered: np.ndarray,
    collaboration: np.ndarray,
    state_reach: np.ndarray,
    use_reach: bool,
    land: np.ndarray,
    state: int,
    codes: tuple[int, int, int, int, int, int, int, int],
    growth_rate: float,
    decay: float,
    half_saturation: float,
    force_weight: float,
    threshold: float,
    full_threshold: float,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled; guarded by tests/test_kernels_control.py and golden digests
    """:func:`settle_cells`' floats and codes, each rule a pass over all cells (issue 15).

    The same operations on each cell in the same order, arranged so that every inner loop runs
    along a contiguous row of cells (numba vectorizes those; a vector division or product is
    the same IEEE operation as a scalar one): the cells' totals, adding actor 0, 1, ... in
    order from +0; their saturation and the weight of force; then actor by actor its share,
    collaboration and support; then each cell's leader over the actors in order, its
    controller and zone. ``settle_cells``, the cell-by-cell form, is kept as its reference
    (``tests/test_kernels_control.py`` compares both bit for bit).
    """
    disputed, off_grid, zone_off_grid, full_state, zone_state, zone_disputed, armed, full_armed = (
        codes
    )
    n_actors, width, height = eff.shape
    n = width * height
    eff_flat = eff.reshape(n_actors, n)
    powered_flat = powered.reshape(n_actors, n)
    collab_flat = collaboration.reshape(n_actors, n)
    reach = state_reach.reshape(n)
    on_land = land.reshape(n)
    support = np.empty_like(eff)
    support_flat = support.reshape(n_actors, n)
    controller = np.empty((width, height), dtype=np.int8)
    zone = np.empty((width, height), dtype=np.int8)
    controller_flat = controller.reshape(n)
    zone_flat = zone.reshape(n)
    total_powered = np.zeros(n)
    total_force = np.zeros(n)
    for a in range(n_actors):
        row_powered = powered_flat[a]
        row_force = eff_flat[a]
        for k in range(n):
            total_powered[k] += row_powered[k]
            total_force[k] += row_force[k]
    saturation = np.empty(n)
    weight = np.empty(n)
    for k in range(n):
        s = total_force[k] / (total_force[k] + half_saturation)
        saturation[k] = s
        weight[k] = force_weight * s
    for a in range(n_actors):
        row_powered = powered_flat[a]
        row_collab = collab_flat[a]
        row_support = support_flat[a]
        reached = a == state and use_reach
        for k in range(n):
            tp = total_powered[k]
            share = row_powered[k] / tp if tp > 0 else 0.0
            growth = growth_rate * share * saturation[k]
            if reached:
                growth *= reach[k]
            c = row_collab[k]
            c += growth * (1.0 - c) - decay * c
            if c < 0.0:  # np.clip: NaN and -0.0 stay as they are
                c = 0.0
            elif c > 1.0:
                c = 1.0
            row_collab[k] = c
            w = weight[k]
            row_support[k] = w * share + (1.0 - w) * c
    for k in range(n):
        # np.argmax: the first maximum; a NaN is the maximum, the first one wins
        leader = 0
        lead = support_flat[0, k] if n_actors > 0 else 0.0
        for a in range(1, n_actors):
            value = support_flat[a, k]
            if lead == lead and not value <= lead:
                leader = a
                lead = value
        if not on_land[k]:
            controller_flat[k] = off_grid
            zone_flat[k] = zone_off_grid
            continue
        controlled = lead >= threshold
        full = lead >= full_threshold and controlled  # full control is control first
        if not controlled:
            controller_flat[k] = disputed
            zone_flat[k] = zone_disputed
        elif leader == state:
            controller_flat[k] = leader
            zone_flat[k] = full_state if full else zone_state
        else:
            controller_flat[k] = leader
            zone_flat[k] = full_armed if full else armed
    return support, controller, zone
