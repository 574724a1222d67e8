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

from mesa.discrete_space import OrthogonalMooreGrid

#: Mesa property layers: the per-cell state that agents read or change during a month (one
#: copy each; the model's ``presence``, ``population``, ``coca_ha`` and ``violence`` are views of
#: their arrays). Static inputs stay in ``landscape.layers``; derived arrays live in the object
#: that computes them (``forces``, ``rents``, ``control``, ``migration``).
PROPERTY_LAYERS: tuple[str, ...] = ("state_presence", "residents", "coca_ha", "violence")

#: Mesa's Moore offsets, in the order ``OrthogonalMooreGrid`` connects them
_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


class MooreGrid(OrthogonalMooreGrid):
    """Mesa's ``OrthogonalMooreGrid`` (2-D), connected in one pass (module docstring)."""

    def _connect_cells_2d(self) -> None:
        if self.torus:  # not the model's grid: Mesa's own way
            super()._connect_cells_2d()
            return
        cells = self._cells
        rows, cols = self.dimensions
        for cell in self._celllist:
            i, j = cell.coordinate
            connections = cell.connections
            for di, dj in _OFFSETS:
                ni, nj = i + di, j + dj
                if 0 <= ni < rows and 0 <= nj < cols:
                    connections[(di, dj)] = cells[ni, nj]
        # Mesa's neighbourhood caches are ``functools.cache`` on the class: one clear empties
        # them for every cell, as Mesa's clear after each connection left them
        if self._celllist:
            self._celllist[0]._clear_cache()
