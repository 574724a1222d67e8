"""What the politics tests share: the calendar of the 2026 election, a stand-in for the policy
and a Politics object run alone (tests/test_politics.py, tests/test_politics_response.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.calendar import month_index
from model.params import Params
from model.politics import Politics

START = "2025-09"
RUNOFF = month_index("2026-06", START)  # 9
INAUGURATION = month_index("2026-08", START)  # 11
#: violent events in the violence layer, held flat unless a test moves them
VIOLENCE = 100.0
#: every term of the vote that a regime can move, off
NO_REGIME_TERMS = {
    "politics.rally_full_cutoff": 0.0,
    "politics.rally_waivers": 0.0,
    "politics.security_weight": 0.0,
    "politics.violence_weight": 0.0,
    "politics.economy_weight": 0.0,
}


@dataclass
class View:
    """A stand-in for the policy: what politics reads of it."""

    decertified: bool
    us_share: float


CERTIFIED = View(False, 1.0)
WAIVERS = View(True, 0.7)
CUTOFF = View(True, 0.0)


def politics(seed: int = 0, **overrides: object) -> Politics:
    return Politics(
        Params.from_overrides(overrides), np.random.default_rng(seed), 0.1, violence=VIOLENCE
    )


def run_politics(view: View, months: int, seed: int = 0, **overrides: object) -> list[float]:
    """Cooperation month by month under one regime, nothing else moving."""
    pol = politics(seed, **overrides)
    seen = []
    for month in range(months):
        pol.step(month, view, 0.1, 1.0, 0.0, violence=VIOLENCE)
        seen.append(pol.cooperation)
    return seen
