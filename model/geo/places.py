"""Places and the distance layers to them: main cities (``remoteness``) and export points.

* ``remoteness_km`` (float): great-circle distance from the cell centre to the nearest main
  city (capitals of departments with ``pop_latest >= 1,500,000``, plus Bogotá, deduplicated by
  location; ``Landscape.cities``); ``remoteness`` is the same divided by its maximum over land
  (0..1).
* ``exit_distance_km`` (float): great-circle distance to the nearest of the 18 export points of
  ``trafficking_exits.csv`` (brief C6; coordinates are representative municipal points, not
  exact launch sites). Each point is snapped to its nearest land cell (``Landscape.exits``).
"""

from __future__ import annotations

import numpy as np

from model.geo.geometry import LandCells, normalise_max
from model.geo.landscape import City, ExitPoint
from model.geo.sources import DepartmentTable, ExitSite

MAIN_CITY_MIN_POP = 1_500_000
"""A department whose ``pop_latest`` reaches this has its capital counted as a main city."""
BOGOTA = "Bogotá D.C."
"""The department whose capital is always a main city (and comes first)."""


def main_cities(deps: DepartmentTable, cells: LandCells, dist: np.ndarray) -> tuple[City, ...]:
    """The main cities, each on the land cell nearest to it.

    Bogotá D.C. comes first; a capital at the same place as an earlier one (Cundinamarca's seat
    is Bogotá) is skipped.

    Args:
        deps: The departments.
        cells: The grid's land cells.
        dist: ``(n, D)`` distance of each land cell to each capital, km.

    Returns:
        The cities, with the population of their department as a size proxy.
    """
    candidates = [
        i for i, name in enumerate(deps.names) if deps.pop[i] >= MAIN_CITY_MIN_POP or name == BOGOTA
    ]
    candidates.sort(key=lambda i: deps.names[i] != BOGOTA)  # Bogotá D.C. first
    cities: list[City] = []
    for i in candidates:
        lat, lon = deps.cap_lat[i], deps.cap_lon[i]
        if any(abs(c.lat - lat) < 1e-6 and abs(c.lon - lon) < 1e-6 for c in cities):
            continue
        j = int(np.argmin(dist[:, i]))
        cities.append(
            City(
                name=deps.capitals[i],
                x=int(cells.xs[j]),
                y=int(cells.ys[j]),
                population=int(deps.pop[i]),
                lat=float(lat),
                lon=float(lon),
            )
        )
    return tuple(cities)


def remoteness(cells: LandCells, cities: tuple[City, ...]) -> tuple[np.ndarray, np.ndarray]:
    """``(remoteness_km, remoteness)`` of each land cell: the nearest city's distance, and over max.

    Args:
        cells: The grid's land cells.
        cities: The main cities.

    Returns:
        Two ``(n,)`` arrays: km, and 0..1.
    """
    city_lat = np.array([c.lat for c in cities])
    city_lon = np.array([c.lon for c in cities])
    remote_km = cells.distances_km(city_lat, city_lon).min(axis=1)
    return remote_km, normalise_max(remote_km)


def exit_points(
    sites: tuple[ExitSite, ...], cells: LandCells
) -> tuple[tuple[ExitPoint, ...], np.ndarray]:
    """The export points snapped to land, and each land cell's distance to the nearest one.

    Args:
        sites: The rows of ``trafficking_exits.csv``.
        cells: The grid's land cells.

    Returns:
        The exits (on their nearest land cell) and the ``(n,)`` ``exit_distance_km``.
    """
    ex_lat = np.array([e.lat for e in sites])
    ex_lon = np.array([e.lon for e in sites])
    ex_dist = cells.distances_km(ex_lat, ex_lon)
    exits = []
    for k, e in enumerate(sites):
        j = int(np.argmin(ex_dist[:, k]))
        exits.append(
            ExitPoint(
                id=e.id,
                name=e.name,
                x=int(cells.xs[j]),
                y=int(cells.ys[j]),
                lat=float(ex_lat[k]),
                lon=float(ex_lon[k]),
                confidence=e.confidence,
                department=e.department,
                kind=e.kind,
            )
        )
    return tuple(exits), ex_dist.min(axis=1)
