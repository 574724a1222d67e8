"""The ``department`` layer: which department each land cell belongs to.

APPROXIMATION: the data have no department polygons, so cells go to a multiplicatively
weighted Voronoi of the department capitals (the capital with the smallest great-circle
distance divided by the department's weight), with weights FITTED so that each department's
land area on the grid (sum of ``cell_km2``) approaches its ``area_km2`` (areas first rescaled
to the grid's total land area, ~1.14 million km2); see :func:`model.geo.regions.fit_regions`.
Fixed ``sqrt(area_km2)`` weights (the starting point) give badly wrong areas because capitals
often sit at a department's edge (Puerto Carreño, Mitú, Mocoa). After the fit each department
gets its capital's cell back, its detached pieces go to its neighbours and boundary cells are
swapped between neighbours while that lowers the area mismatch without splitting a department.
Departments are thus 8-connected (except detached land: a 2-cell piece of land off the main
grid goes to Guainía at 0.25 deg), the fit is deterministic, and at both resolutions every
department of 6 cells or more is within ~8 % of its area. The shapes are only a caricature:
Voronoi boundaries between unequal weights are circles (e.g. Guaviare is a disc inside Meta).

A department whose capital coincides with a larger one's (Bogotá D.C. inside Cundinamarca,
whose seat is Bogotá) is an enclave: it takes the cells within the disc of its own area around
the capital (at least the capital's cell) and is left out of the fit. A department left with
no cell is forced onto its capital's cell. San Andrés, Providencia y Santa Catalina is off grid
and skipped (``model.geo.sources.OFF_GRID_DEPARTMENTS``).
"""

from __future__ import annotations

import math

import numpy as np

from agents import fpmath
from model.geo.geometry import LandCells, haversine_km
from model.geo.regions import fit_regions, ring_neighbours

ENCLAVE_KM = 1.0
"""A capital this close to a larger department's capital makes its department an enclave."""


def assign_departments(
    dist: np.ndarray,
    cap_lat: np.ndarray,
    cap_lon: np.ndarray,
    area: np.ndarray,
    cells: LandCells,
) -> np.ndarray:
    """Fitted weighted-Voronoi department of each land cell (see the module docstring).

    Args:
        dist: ``(n, D)`` distance of each land cell to each capital, km.
        cap_lat: ``(D,)`` capital latitudes.
        cap_lon: ``(D,)`` capital longitudes.
        area: ``(D,)`` department areas, km2.
        cells: The grid's land cells.

    Returns:
        ``(n,)`` department index per land cell.
    """
    n_dep = area.shape[0]
    cell_km2 = cells.km2
    cap_d = haversine_km(cap_lat[:, None], cap_lon[:, None], cap_lat[None, :], cap_lon[None, :])
    enclave = np.array(
        [bool(np.any((cap_d[i] < ENCLAVE_KM) & (area > area[i]))) for i in range(n_dep)],
        dtype=bool,
    )
    nearest = np.argmin(dist, axis=0)  # land cell nearest to each capital
    dep = np.full(dist.shape[0], -1, dtype=np.int64)
    for i in np.flatnonzero(enclave):
        radius = math.sqrt(area[i] / math.pi)
        dep[dist[:, i] <= radius] = i
        dep[nearest[i]] = i
    free = dep < 0
    fitted = np.flatnonzero(~enclave)
    if np.any(free) and fitted.size:
        # targets: areas rescaled to the land left once the enclaves are cut out
        target = area[fitted] * (cell_km2[free].sum() / area[fitted].sum())
        log_dist = fpmath.log(np.maximum(dist[np.ix_(free, fitted)], 1e-3))
        xs, ys = cells.xs[free], cells.ys[free]
        ring = ring_neighbours(xs, ys, cells.shape)
        # anchor: the free cell nearest to the capital, unless two capitals share it
        near_free = np.argmin(dist[np.ix_(free, fitted)], axis=0)
        shared = np.bincount(near_free, minlength=ring.shape[0])[near_free] > 1
        anchors = np.where(shared, -1, near_free)
        pos = np.stack([xs, ys], axis=1).astype(float)
        region = fit_regions(log_dist, target, cell_km2[free], ring, anchors, pos)
        dep[free] = fitted[region]
    counts = np.bincount(dep, minlength=n_dep)
    for i in np.flatnonzero(counts == 0):  # tiny departments: force the capital's cell
        dep[nearest[i]] = i
    return dep
