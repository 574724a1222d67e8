"""The model's grid (``model/space.py``) is Mesa's Moore grid, connected faster (issue 15)."""

from __future__ import annotations

import random

import pytest
from mesa.discrete_space import OrthogonalMooreGrid

from model.space import MooreGrid


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (5, 1), (2, 2), (4, 3), (7, 9)])
@pytest.mark.parametrize("torus", [False, True])
def test_same_cells_same_connections_same_order(shape: tuple[int, int], torus: bool) -> None:
    mesa_grid = OrthogonalMooreGrid(shape, torus=torus, random=random.Random(0))
    ours = MooreGrid(shape, torus=torus, random=random.Random(0))
    assert list(ours._cells) == list(mesa_grid._cells)
    for coord, cell in mesa_grid._cells.items():
        mine = ours._cells[coord]
        # same keys in the same order, each pointing at the cell of the same coordinate
        assert [(k, c.coordinate) for k, c in mine.connections.items()] == [
            (k, c.coordinate) for k, c in cell.connections.items()
        ]
        assert all(c is ours._cells[c.coordinate] for c in mine.connections.values())
        assert [c.coordinate for c in mine.neighborhood] == [
            c.coordinate for c in cell.neighborhood
        ]
        assert sorted(c.coordinate for c in mine.get_neighborhood(radius=2)) == sorted(
            c.coordinate for c in cell.get_neighborhood(radius=2)
        )


def test_neighbourhoods_are_not_stale_after_a_new_grid() -> None:
    """Mesa caches neighbourhoods per class: a new grid must not leave any cached (issue 15)."""
    first = MooreGrid((3, 3), random=random.Random(0))
    assert len(first._cells[(1, 1)].get_neighborhood(radius=1)) == 8
    second = MooreGrid((3, 3), random=random.Random(0))
    assert len(second._cells[(1, 1)].get_neighborhood(radius=1)) == 8
    assert first._cells[(1, 1)].get_neighborhood.cache_info().currsize == 1
