"""Fronts of one group share a cell's base (``armed.base_sharing``, ODD 7.6; issue 10).

A front's cell score is multiplied by ``F / (F + base_sharing * O)``, O the fighters of its
group's other fronts standing on the cell, counted as the fronts' turn starts and kept as they
move (``FrontMonth.occupied``).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from agents.front_month import FrontMonth, occupancy
from agents.kernels import best_front_cells


def _choose(occupied: np.ndarray, sharing: float) -> set[tuple[int, int]]:
    """The best cells of a 10-fighter front on (2, 2) of a flat 5 x 5 world of equal value."""
    shape = (5, 5)
    land = np.ones(shape, dtype=bool)
    value = np.zeros(shape)
    value[1, 2] = value[3, 2] = 100.0  # two equal cells, west and east of the front
    out = np.empty((25, 2), dtype=np.int64)
    count = best_front_cells(
        2, 2, 1, 10.0, 1, np.array([], dtype=np.int64), np.zeros(shape),
        np.zeros((2, *shape)), value, np.zeros(shape), land, 1.0, 0.0, 2, 2, 3,
        occupied, sharing, out,
    )  # fmt: skip
    return {(int(a), int(b)) for a, b in out[:count]}


def test_a_front_prefers_the_cell_no_front_of_its_group_lives_off():
    occupied = np.zeros((5, 5))
    occupied[1, 2] = 30.0  # another front of its group stands on the west cell
    assert _choose(occupied, 1.0) == {(3, 2)}
    assert _choose(occupied, 0.0) == {(1, 2), (3, 2)}  # off: the whole cell counts as its own


def test_a_front_does_not_share_with_itself():
    occupied = np.zeros((5, 5))
    occupied[2, 2] = 10.0  # the front alone on its own cell
    only_here = np.zeros((5, 5))
    assert _choose(occupied, 1.0) == _choose(only_here, 1.0)


def test_occupancy_counts_each_groups_fighters_per_cell(make_model):
    m = make_model("certified", seed=2)
    occ = occupancy(m.armed_units, m.forces.effective.shape[0], m.land.shape)
    expected = np.zeros_like(occ)
    for f in m.armed_units:
        expected[(f.group.index, *f.cell.coordinate)] += f.fighters
    np.testing.assert_array_equal(occ, expected)
    assert occ[0].sum() == 0.0  # the state has no fronts


@pytest.mark.parametrize("sharing", [0.0, 1.0])
def test_a_move_updates_the_count_and_the_plans_it_touches(make_model, sharing):
    """A front that moves is counted on its new cell; with sharing on, the plans of its group's
    fronts whose window it entered or left are scored again, with the new count."""
    m = make_model("certified", seed=4, overrides={"armed.base_sharing": sharing})
    terms = FrontMonth(m, m.armed_units)
    fronts = [f for f in m.armed_units if f.fighters > 0]
    mover = fronts[0]
    x, y = mover.cell.coordinate
    target = (x + 1, y) if m.land[min(x + 1, m.land.shape[0] - 1), y] else (x, y)
    g = mover.group.index
    before = terms.occupied[g].copy()
    m.front_month = terms
    try:
        terms.moved(mover, (x, y), target)
        if target != (x, y):
            assert terms.occupied[g][x, y] == before[x, y] - mover.fighters
            assert terms.occupied[g][target] == before[target] + mover.fighters
        r = m.params.armed.move_range
        for front in fronts[1:]:
            fx, fy = front.cell.coordinate
            touched = front.group is mover.group and max(abs(fx - x), abs(fy - y)) <= r + 1
            fighters = float(max(front.fighters, 1))
            planned = terms.best_cells(front, fighters)
            if sharing == 0.0 or not touched:
                assert planned is not None
            if planned is not None:  # a plan that holds is the front's own scoring now
                np.testing.assert_array_equal(planned, front._best_cells(fighters))
    finally:
        m.front_month = None


def test_with_sharing_a_groups_fronts_do_not_pile_up(make_model):
    def largest_pile(sharing: float) -> int:
        m = make_model("certified", seed=1, overrides={"armed.base_sharing": sharing})
        for _ in range(6):
            m.step()
        piles = Counter((f.group.index, f.cell.coordinate) for f in m.armed_units)
        return max(piles.values())

    assert largest_pile(1.0) <= largest_pile(0.0)
    assert largest_pile(1.0) <= 3
