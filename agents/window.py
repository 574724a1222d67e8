"""Square windows of the grid around a cell, as numpy slices (vectorized neighbourhoods).

A Moore neighbourhood of radius r on a non-toroidal grid is the (2r+1) x (2r+1) square around a
cell, clipped at the edges. Agents that score every cell of such a neighbourhood read the layers
through these slices instead of looping over cells in Python.
"""

from __future__ import annotations


def window(x: int, y: int, radius: int, shape: tuple[int, ...]) -> tuple[slice, slice]:
    """Slices of the cells within Chebyshev distance ``radius`` of ``(x, y)``, clipped.

    Args:
        x: Column of the centre cell.
        y: Row of the centre cell.
        radius: Chebyshev radius in cells.
        shape: The grid's (width, height).
    """
    return (
        slice(max(0, x - radius), min(shape[0], x + radius + 1)),
        slice(max(0, y - radius), min(shape[1], y + radius + 1)),
    )
