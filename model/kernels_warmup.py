"""Control's warm-up at set-up, compiled: the months before the last in one pass (ODD 5; issue 15).

``ControlState.warm_up`` settles control ``control_warmup_months`` times (36) under frozen
forces, twice a set-up: 72 passes of ``model/kernels_control.py``'s ``settle_cells``, about a
tenth of a model's set-up. With the forces frozen, each cell's contest share and saturation, and
so each actor's growth of collaboration, are the same every month; only collaboration moves, and
the support, controller and zone of a month are overwritten by the next. :func:`warm_collaboration`
therefore computes each growth once, as ``settle_cells`` computes it, then moves every
collaboration value month by month (``c += growth * (1 - c) - decay * c`` and the clip: the
same floats), a loop over independent values that the CPU overlaps (a sixth of the time of
the whole passes); the last month stays ``settle_cells``' whole pass.
``tests/test_kernels_warmup.py`` compares it with month-by-month settling bit for bit (NaN,
negative zeros and collaboration outside 0..1 included).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from model.kernels_control import cell_totals


@njit(cache=True)
def warm_collaboration(
    eff: np.ndarray,
    powered: np.ndarray,
    collaboration: np.ndarray,
    state_reach: np.ndarray,
    use_reach: bool,
    state: int,
    growth_rate: float,
    decay: float,
    half_saturation: float,
    months: int,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels_warmup.py
    """Rule 3 of ``model/control.py`` ``months`` times under frozen forces, in place.

    Args:
        eff: ``[actor, x, y]`` projected force.
        powered: ``eff ** csf_decisiveness`` (``model.control.contest_powers``).
        collaboration: ``[actor, x, y]`` collaboration layers, updated in place.
        state_reach: ``[x, y]`` how far the state turns its share into collaboration.
        use_reach: Whether ``state_reach`` applies (False: fully everywhere).
        state: The state's actor index (``model.control.STATE``).
        growth_rate: ``collaboration_growth``.
        decay: ``collaboration_decay``.
        half_saturation: ``force_half_saturation``.
        months: Months to run (0: nothing changes).
    """
    n_actors, width, height = eff.shape
    growths = np.empty_like(collaboration)
    for x in range(width):
        for y in range(height):
            # settle_cells' sums and terms, in its order
            total_powered, total_force = cell_totals(eff, powered, x, y)
            saturation = total_force / (total_force + half_saturation)
            for a in range(n_actors):
                share = powered[a, x, y] / total_powered if total_powered > 0 else 0.0
                growth = growth_rate * share * saturation
                if a == state and use_reach:
                    growth *= state_reach[x, y]
                growths[a, x, y] = growth
    # month after month over every value: independent chains, which the CPU overlaps
    flat = collaboration.reshape(-1)
    rates = growths.reshape(-1)
    for _ in range(months):
        for i in range(flat.size):
            c = flat[i]
            c += rates[i] * (1.0 - c) - decay * c
            if c < 0.0:  # np.clip: NaN and -0.0 stay as they are
                c = 0.0
            elif c > 1.0:
                c = 1.0
            flat[i] = c
