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


_SLOTS = ("coordinate", "_position", "capacity", "properties", "random", "_empty")


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (5, 1), (2, 2), (4, 3), (7, 9), (50, 68)])
def test_every_cell_holds_what_mesas_constructor_leaves(shape: tuple[int, int]) -> None:
    """Cells built in C loops (``build_cells``) equal Mesa's, slot by slot (issue 15)."""
    rng = random.Random(0)
    mesa_grid = OrthogonalMooreGrid(shape, torus=False, random=rng)
    ours = MooreGrid(shape, torus=False, random=rng)
    # the grid's own attributes: the same names, set in the same order
    assert [k for k in vars(ours) if k != "all_cells"] == [
        k for k in vars(mesa_grid) if k != "all_cells"
    ]
    assert ours.dimensions == mesa_grid.dimensions and ours._ndims == mesa_grid._ndims
    assert ours._empties == mesa_grid._empties == {}
    assert list(ours._mesa_property_layers) == list(mesa_grid._mesa_property_layers)
    klass, theirs = ours.cell_klass, mesa_grid.cell_klass
    assert klass is not theirs and klass.__name__ == theirs.__name__ == "GridCell"
    assert klass.__bases__ == theirs.__bases__ and klass.__slots__ == theirs.__slots__ == ()
    assert klass._mesa_properties == theirs._mesa_properties == {"empty"}
    assert ours._celllist == list(ours._cells.values())
    assert [c.coordinate for c in ours._celllist] == [c.coordinate for c in mesa_grid._celllist]
    for mine, cell in zip(ours._celllist, mesa_grid._celllist, strict=True):
        assert type(mine) is klass
        for slot in _SLOTS:
            assert hasattr(mine, slot) == hasattr(cell, slot), slot
            if hasattr(cell, slot):
                assert getattr(mine, slot) == getattr(cell, slot), slot
        assert type(mine.coordinate) is tuple and mine.random is rng
        assert mine._agents == [] and mine._agents is not cell._agents
        assert mine.empty and mine.is_empty
        assert [(k, c.coordinate) for k, c in mine.connections.items()] == [
            (k, c.coordinate) for k, c in cell.connections.items()
        ]
    # no two cells share a list or a dict
    for slot in ("_agents", "properties", "connections"):
        assert len({id(getattr(c, slot)) for c in ours._celllist}) == len(ours._celllist)


def test_a_built_grid_pickles_as_mesas() -> None:
    """Mesa's pickling of grid cells (``copyreg``) holds for the grid built in C loops."""
    import pickle

    ours = MooreGrid((4, 3), random=random.Random(0))
    again = pickle.loads(pickle.dumps(ours))
    assert [c.coordinate for c in again._celllist] == [c.coordinate for c in ours._celllist]
    assert [list(c.connections) for c in again._celllist] == [
        list(c.connections) for c in ours._celllist
    ]


def test_a_grid_takes_its_cell_class_out_of_copyreg_when_it_goes() -> None:
    """Mesa registers each grid's cell class with ``copyreg`` forever; ours only while it lives."""
    import copyreg
    import gc

    grid = MooreGrid((3, 4), random=random.Random(0))
    klass = grid.cell_klass
    assert klass in copyreg.dispatch_table
    del grid
    gc.collect()
    assert klass not in copyreg.dispatch_table


def test_connections_and_properties_are_made_once_when_first_used() -> None:
    """The slots left to be made on demand (``made_on_demand``) behave as Mesa's filled ones."""
    ours = MooreGrid((4, 5), random=random.Random(0))
    mesa_grid = OrthogonalMooreGrid((4, 5), random=random.Random(0))
    cell, theirs = ours._cells[(1, 2)], mesa_grid._cells[(1, 2)]
    made = cell.connections
    assert cell.connections is made and cell.properties is cell.properties
    assert cell.properties == {} and cell.properties is not ours._cells[(0, 0)].properties
    # Mesa's own writes go through the slot: connect, disconnect, a new properties dict
    corner = ours._cells[(3, 4)]
    cell.connect(corner, (9, 9))
    theirs.connect(mesa_grid._cells[(3, 4)], (9, 9))
    assert [(k, c.coordinate) for k, c in cell.connections.items()] == [
        (k, c.coordinate) for k, c in theirs.connections.items()
    ]
    cell.disconnect(corner)
    assert (9, 9) not in cell.connections and len(cell.connections) == 8
    cell.properties = {"area": 1.0}
    assert cell.properties == {"area": 1.0}
    del cell.properties
    assert cell.properties == {}


def test_a_grid_pickles_whichever_cells_were_connected() -> None:
    """Pickling reads each cell's connections: made or not, the copy is Mesa's grid."""
    import pickle

    ours = MooreGrid((5, 6), random=random.Random(0))
    _ = ours._cells[(2, 3)].get_neighborhood(radius=2)  # some made, most not
    again = pickle.loads(pickle.dumps(ours))
    mesa_grid = OrthogonalMooreGrid((5, 6), random=random.Random(0))
    for mine, cell in zip(again._celllist, mesa_grid._celllist, strict=True):
        assert [(k, c.coordinate) for k, c in mine.connections.items()] == [
            (k, c.coordinate) for k, c in cell.connections.items()
        ]
        assert mine.properties == cell.properties == {}
