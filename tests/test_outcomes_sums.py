"""Outcomes that read totals the model keeps instead of summing them again (issue 15).

Kept here: the sums they replaced. ``armed_members`` reads the groups' running totals
(``ArmedGroup.members``) instead of walking every front; ``ControlState.shares`` is kept while
the controller layer holds the same codes. Both must give the same floats as before.
"""

from __future__ import annotations

import numpy as np

from model.control import DISPUTED


def shares_by_counting(control) -> np.ndarray:
    """``ControlState.shares`` as it was written: count every code each call."""
    n_land = max(int(control.land.sum()), 1)
    counts = [(control.controller == a).sum() / n_land for a in range(control.n_actors)]
    counts.append((control.controller == DISPUTED).sum() / n_land)
    return np.array(counts, dtype=float)


def test_armed_members_is_the_sum_over_fronts_every_month(make_model):
    for regime, seed in (("certified", 0), ("full_cutoff", 1)):
        m = make_model(regime, seed=seed)
        reporter = m.outcomes["armed_members"].compute
        for _ in range(8):
            m.step()
            assert reporter(m) == float(m.armed_units.agg("fighters", sum))


def test_control_shares_are_counted_again_when_the_controller_changes(make_model):
    m = make_model(seed=2)
    for _ in range(3):
        m.step()
        assert m.control.shares().tobytes() == shares_by_counting(m.control).tobytes()
    control = m.control
    kept = control.shares()
    kept[0] = -1.0  # a caller's copy: the kept shares do not change
    assert control.shares().tobytes() == shares_by_counting(control).tobytes()
    land = np.argwhere(control.land)
    control.controller[tuple(land[0])] = DISPUTED  # changed in place
    control.controller[tuple(land[1])] = 0
    assert control.shares().tobytes() == shares_by_counting(control).tobytes()
