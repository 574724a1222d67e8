"""The ``population`` and ``pop_density`` layers: residents per cell at set-up.

Each department's ``pop_latest`` is spread as 70 % urban (Gaussian around the capital,
bandwidth 25 km; the department's cell nearest to the capital always gets full kernel weight)
+ 30 % rural (uniform density over the department's cells). The land total equals the sum of
``pop_latest`` over the on-grid departments (San Andrés' 63,692 people are dropped).
``pop_density`` is persons per km2.
"""

from __future__ import annotations

import numpy as np

from model.geo.geometry import LandCells, spread

URBAN_SHARE = 0.7
"""Share of a department's (or synthetic city's) people spread around its capital."""
URBAN_BANDWIDTH_KM = 25.0
"""Bandwidth of the Gaussian kernel of the urban share, km."""


def population(
    pop: np.ndarray, dep: np.ndarray, own_dist: np.ndarray, cells: LandCells
) -> np.ndarray:
    """Persons per land cell.

    Args:
        pop: ``(D,)`` persons per department.
        dep: ``(n,)`` department index of each land cell.
        own_dist: ``(n,)`` distance of each cell to its department's capital, km.
        cells: The grid's land cells.

    Returns:
        ``(n,)`` persons; each department's cells sum to its ``pop``.
    """
    n_dep = pop.shape[0]
    anchors = np.array(
        [
            np.flatnonzero(dep == i)[np.argmin(own_dist[dep == i])]
            for i in range(n_dep)
            if np.any(dep == i)
        ],
        dtype=np.int64,
    )
    flat = np.ones(cells.n)
    urban = spread(
        URBAN_SHARE * pop,
        dep,
        own_dist,
        np.full(n_dep, URBAN_BANDWIDTH_KM),
        flat,
        cells.km2,
        anchors=anchors,
    )
    rural = spread(
        (1.0 - URBAN_SHARE) * pop, dep, own_dist, np.full(n_dep, np.inf), flat, cells.km2
    )
    return urban + rural
