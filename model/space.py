"""The model's Mesa grid, connected without Mesa's per-connection overhead (ODD 2; issue 15).

Mesa's ``OrthogonalMooreGrid`` connects each of its cells to its eight neighbours with
``Cell.connect``, which clears two ``functools`` caches of the cell at every connection: on the
0.25-degree grid (3,400 cells, 26,000 connections) that was most of the 0.08 CPU s the grid
took to build, about a quarter of a model's set-up. :class:`MooreGrid` is the same grid with the
same cells and the same connections, inserted in the same order (Mesa's offsets, row-major
cells), so every neighbourhood iterates in the same order; the neighbourhood caches (one per
class, ``functools.cache``) are cleared once, after the connections are in place.
``tests/test_space.py`` compares it with Mesa's grid.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from mesa.discrete_space import OrthogonalMooreGrid

#: Mesa property layers: the per-cell state that agents read or change during a month (one
#: copy each; the model's ``presence``, ``population``, ``coca_ha`` and ``violence`` are views of
#: their arrays). Static inputs stay in ``landscape.layers``; derived arrays live in the object
#: that computes them (``forces``, ``rents``, ``control``, ``migration``).
PROPERTY_LAYERS: tuple[str, ...] = ("state_presence", "residents", "coca_ha", "violence")

#: Mesa's Moore offsets, in the order ``OrthogonalMooreGrid`` connects them
_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


#: per cell (row-major), its connection keys and a getter of its neighbours from the cell list
Plan = tuple[tuple[tuple[tuple[int, int], ...], Callable[[Sequence[Any]], tuple[Any, ...]]], ...]


@functools.cache
def connection_plan(rows: int, cols: int) -> Plan:
    """Each cell's connections on a ``rows x cols`` grid (not a torus), worked out once per shape.

    Cell ``(i, j)`` is number ``i * cols + j`` of the grid's cell list (Mesa builds it row-major
    from ``itertools.product``); its keys are Mesa's offsets in Mesa's order, kept where the
    neighbour is on the grid, and the getter returns those neighbours from the cell list in the
    same order (``operator.itemgetter``: one C call per cell instead of eight Python steps).
    """
    plan = []
    for i in range(rows):
        for j in range(cols):
            keys, at = [], []
            for di, dj in _OFFSETS:
                ni, nj = i + di, j + dj
                if 0 <= ni < rows and 0 <= nj < cols:
                    keys.append((di, dj))
                    at.append(ni * cols + nj)
            plan.append((tuple(keys), _getter(at)))
    return tuple(plan)


def _getter(at: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """``lambda cells: tuple(cells[k] for k in at)``, as one ``itemgetter`` where it can be."""
    if len(at) > 1:
        return itemgetter(*at)
    if at:  # itemgetter of one index returns the item, not a 1-tuple
        return lambda cells, k=at[0]: (cells[k],)
    return lambda cells: ()


class MooreGrid(OrthogonalMooreGrid):
    """Mesa's ``OrthogonalMooreGrid`` (2-D), connected in one pass (module docstring)."""

    def _connect_cells_2d(self) -> None:
        if self.torus:  # not the model's grid: Mesa's own way
            super()._connect_cells_2d()
            return
        cells = self._celllist
        for cell, (keys, neighbours) in zip(cells, connection_plan(*self.dimensions), strict=True):
            cell.connections = dict(zip(keys, neighbours(cells), strict=True))
        # Mesa's neighbourhood caches are ``functools.cache`` on the class: one clear empties
        # them for every cell, as Mesa's clear after each connection left them
        if cells:
            cells[0]._clear_cache()
