"""The groups' compiled check of their fronts' sizes (agents/kernels_groups.py) is numpy's."""

from __future__ import annotations

import numpy as np
import pytest

from agents.kernels_front_moves import FIGHTERS, FRONT_COLUMNS, OWNER
from agents.kernels_groups import misfit_fronts


def misfits_by_numpy(table: np.ndarray, owner: int, largest: int, viable: int) -> bool:
    """Whether ``ArmedGroup.reorganize`` walked its fronts, as it read the table before."""
    fighters = table[table[:, OWNER] == owner, FIGHTERS]
    return bool(len(fighters)) and not (fighters.max() <= largest and fighters.min() >= viable)


@pytest.mark.parametrize("seed", range(30))
def test_misfit_fronts_say_when_the_walk_has_work(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    table = np.zeros((n, len(FRONT_COLUMNS)), dtype=np.int64)
    table[:, OWNER] = rng.integers(1, 5, n)
    table[:, FIGHTERS] = rng.choice([0, 1, 5, 9, 10, 11, 150, 200, 201, 400], n)
    for owner in range(0, 6):
        for largest, viable in ((200, 10), (0, 1), (400, 0)):
            got = misfit_fronts(table, OWNER, FIGHTERS, owner, largest, viable)
            assert bool(got) == misfits_by_numpy(table, owner, largest, viable)
