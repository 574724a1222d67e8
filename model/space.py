"""The model's Mesa grid, built without Mesa's per-cell overhead (ODD 2; issue 15).

Mesa's ``OrthogonalMooreGrid`` creates its cells one by one (``Cell.__init__``, a Python call
each) and connects each of them to its eight neighbours with ``Cell.connect``, which clears two
``functools`` caches of the cell at every connection: on the 0.25-degree grid (3,400 cells,
26,000 connections) that was about a fifth of a model's set-up. :class:`MooreGrid` is the same
grid: the same ``GridCell`` class made for it, the same attributes set in the same order, the
same cells (real Mesa ``Cell``s, every slot Mesa's constructor sets holding the same values) in
the same order, the same connections inserted in the same order (Mesa's offsets, row-major
cells), so every neighbourhood iterates in the same order; only the loops run in C (``map`` over
a plan worked out once per grid shape) and the neighbourhood caches (one per class,
``functools.cache``) are cleared once, after the connections are in place. Each cell's
``connections`` and ``properties`` dicts are made when first used (:func:`made_on_demand`: the
grid's cell class reads and writes Mesa's own slots, filling an empty one first): a default run
uses the connections of about a fifth of the cells and the properties of none, and making the
3,400 connection dicts was most of the grid's cost (6.6 -> 1.8 ms a grid). A torus, a capacity,
another cell class or more than two dimensions take Mesa's own constructor. Unlike Mesa's grid,
it takes its cell class out of ``copyreg`` when it goes (Mesa keeps each grid's class, and with
it the grid's property layers, for the life of the process: a worker's memory grew by about
115 KB a model).
``tests/test_space.py`` compares it with Mesa's grid.
"""

from __future__ import annotations

import copyreg
import functools
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import call
from random import Random
from typing import Any, NamedTuple

from mesa.discrete_space import Cell, DiscreteSpace, OrthogonalMooreGrid
from mesa.discrete_space.grid import pickle_gridcell

#: Mesa property layers: the per-cell state that agents read or change during a month (one
#: copy each; the model's ``presence``, ``population``, ``coca_ha`` and ``violence`` are views of
#: their arrays). Static inputs stay in ``landscape.layers``; derived arrays live in the object
#: that computes them (``forces``, ``rents``, ``control``, ``migration``).
PROPERTY_LAYERS: tuple[str, ...] = ("state_presence", "residents", "coca_ha", "violence")

#: Mesa's Moore offsets, in the order ``OrthogonalMooreGrid`` connects them
_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


class GridPlan(NamedTuple):
    """A ``rows x cols`` grid's cells (row-major, as Mesa builds them) and their connections."""

    #: each cell's coordinate ``(i, j)``, cell ``i * cols + j``
    coordinates: tuple[tuple[int, int], ...]
    #: each cell's connection keys: Mesa's offsets in Mesa's order, where the neighbour exists
    keys: tuple[tuple[tuple[int, int], ...], ...]
    #: each cell's builder of its connections, ``builder(cells, number)`` (:func:`_builder`)
    builders: tuple[Callable[[Sequence[Any], int], dict[tuple[int, int], Any]], ...]


@functools.cache
def grid_plan(rows: int, cols: int) -> GridPlan:
    """Each cell's coordinate and connections on a ``rows x cols`` grid (not a torus).

    Worked out once per shape and process: it depends on nothing else. Cell ``(i, j)`` is
    number ``i * cols + j`` of the grid's cell list (Mesa builds it row-major from
    ``itertools.product``).
    """
    coordinates, keys = [], []
    for i in range(rows):
        for j in range(cols):
            coordinates.append((i, j))
            keys.append(
                tuple((di, dj) for di, dj in _OFFSETS if 0 <= i + di < rows and 0 <= j + dj < cols)
            )
    builders = tuple(_builder(k, cols) for k in keys)
    return GridPlan(tuple(coordinates), tuple(keys), builders)


@functools.cache
def _builder(
    keys: tuple[tuple[int, int], ...], cols: int
) -> Callable[[Sequence[Any], int], dict[tuple[int, int], Any]]:
    """``lambda cells, x: {key: cells[x + di * cols + dj] for key in keys}``, unrolled.

    A dict display with constant keys is built presized in one bytecode, about three times
    faster than ``dict(zip(keys, neighbours))``; a grid has at most nine patterns of keys
    (inside, edges, corners), so at most nine of these per shape. The source holds only
    integers.
    """
    items = ", ".join(f"{key!r}: cells[x + {key[0] * cols + key[1]}]" for key in keys)
    return eval(f"lambda cells, x: {{{items}}}")  # the source holds integers only


def _set_all(cells: list[Any], name: str, values: Iterable[Any]) -> None:
    """``cell.<name> = value`` for each cell and value, looped in C."""
    deque(map(setattr, cells, repeat(name), values), maxlen=0)


def build_cells(
    klass: type[Cell], plan: GridPlan, random: Random | None, lazy: bool = False
) -> list[Cell]:
    """The grid's cells, connected, as Mesa's constructor leaves them.

    That is ``klass(coord, capacity=None, random=random)`` for each coordinate, then
    ``connect`` to each neighbour in Mesa's order.

    ``Cell.__init__`` sets seven slots (``_empty`` stays unset, as there); each is set here for
    every cell in one C loop, with a new list or dict per cell where Mesa makes one. With
    ``lazy`` the connections and properties are left to ``klass`` (:func:`made_on_demand`).
    """
    n = len(plan.coordinates)
    cells = list(map(object.__new__, repeat(klass, n)))
    _set_all(cells, "coordinate", plan.coordinates)
    _set_all(cells, "_position", repeat(None, n))
    if not lazy:
        _set_all(cells, "connections", map(call, plan.builders, repeat(cells), range(n)))
    _set_all(cells, "_agents", map(list, repeat((), n)))
    _set_all(cells, "capacity", repeat(None, n))
    if not lazy:
        _set_all(cells, "properties", map(dict, repeat((), n)))
    _set_all(cells, "random", repeat(random, n))
    # Mesa's neighbourhood caches are ``functools.cache`` on the class: one clear empties them
    # for every cell, as Mesa's clear at each connection left them
    if cells:
        cells[0]._clear_cache()
    return cells


def on_demand(name: str, make: Callable[[Cell], Any], doc: str) -> property:
    """A cell class's attribute ``name``: Mesa's slot, filled by ``make(cell)`` when first used.

    Reading, writing or deleting it works on Mesa's own slot; a read of a slot not filled yet
    fills it with ``make(cell)`` first, the value :func:`build_cells` would have set.
    """
    slot = Cell.__dict__[name]  # Mesa's slot (a member descriptor)

    def get(cell: Cell) -> Any:
        try:
            return slot.__get__(cell, Cell)
        except AttributeError:  # not made yet
            made = make(cell)
            slot.__set__(cell, made)
            return made

    def set_(cell: Cell, value: Any) -> None:
        slot.__set__(cell, value)

    def delete(cell: Cell) -> None:
        slot.__delete__(cell)

    return property(get, set_, delete, doc=doc)


def made_on_demand(klass: type[Cell], plan: GridPlan, cells: list[Cell], cols: int) -> None:
    """Give ``klass`` the cells' ``connections`` and ``properties`` made when first used.

    Each is what :func:`build_cells` would have set (the connections' keys in Mesa's order,
    the same neighbours; an empty dict), made at the first read, write or pickling of the
    cell's slot: a run reads the connections of the cells of the security units' patrol areas
    only (Mesa's neighbourhoods) and no cell's ``properties``, so most of the 3,400 dicts of
    each kind are never made (issue 15).
    """
    builders = plan.builders

    def connections(cell: Cell) -> dict[tuple[int, int], Cell]:
        i, j = cell.coordinate
        return builders[i * cols + j](cells, i * cols + j)

    klass.connections = on_demand("connections", connections, "Mesa's connections.")
    klass.properties = on_demand("properties", lambda cell: {}, "Mesa's cell properties.")


class MooreGrid(OrthogonalMooreGrid):
    """Mesa's ``OrthogonalMooreGrid`` (2-D), built in C loops (module docstring)."""

    def __init__(
        self,
        dimensions: Sequence[int],
        torus: bool = False,
        capacity: float | None = None,
        random: Random | None = None,
        cell_klass: type[Cell] = Cell,
    ) -> None:
        """Mesa's ``Grid.__init__``, step by step, with the cells from :func:`build_cells`."""
        if torus or capacity is not None or cell_klass is not Cell or len(dimensions) != 2:
            super().__init__(dimensions, torus, capacity, random, cell_klass)
            return
        DiscreteSpace.__init__(self, capacity=capacity, random=random, cell_klass=cell_klass)
        self.torus = torus
        self.dimensions = dimensions
        self._try_random = True
        self._ndims = len(dimensions)
        self._validate_parameters()
        self.cell_klass = type(
            "GridCell", (self.cell_klass,), {"_mesa_properties": set(), "__slots__": ()}
        )
        copyreg.pickle(self.cell_klass, pickle_gridcell)
        # Mesa's registration keeps every grid's cell class for the life of the process, and
        # with it (its property accessors) the grid's layers: about 115 KB a model, 55 MiB in a
        # worker of a 1,000-run sweep. It goes with the grid here.
        weakref.finalize(self, copyreg.dispatch_table.pop, self.cell_klass, None)
        plan = grid_plan(*dimensions)
        cells = build_cells(self.cell_klass, plan, self.random, lazy=True)
        made_on_demand(self.cell_klass, plan, cells, dimensions[1])
        self._cells = dict(zip(plan.coordinates, cells, strict=True))
        self._celllist = cells
        self.create_property_layer("empty", default_value=True, dtype=bool)
