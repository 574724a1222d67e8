"""The Colombian landscape: reads the data files and assembles every layer (uncached).

Order: the grid (``land``, ``border_country``, ``coast``; :mod:`model.geo.sources`), the
``department`` of each land cell (:mod:`model.geo.departments`), the main cities and
``remoteness`` (:mod:`model.geo.places`), coca and gold (:mod:`model.geo.illicit`),
``population`` (:mod:`model.geo.population`), export points and ``exit_distance_km``
(:mod:`model.geo.places`) and the groups' a-priori presence (:mod:`model.geo.group_presence`).
Each layer is 0 off land (``department`` -1). ``model.geo.build.load_colombia`` caches the
result per resolution.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model.geo.departments import assign_departments
from model.geo.geometry import LandCells
from model.geo.group_presence import group_home, group_presence, home_table
from model.geo.group_zones import read_group_zones, zone_layer, zoned_home
from model.geo.illicit import centre_distances, illicit_layers, read_illicit_centres
from model.geo.landscape import Landscape, LandscapeError
from model.geo.places import exit_points, main_cities, remoteness
from model.geo.population import population
from model.geo.sources import (
    DATA_DIR,
    GRID_FILES,
    read_departments,
    read_exits,
    read_grid,
    read_group_sightings,
)


def build_colombia(resolution: str, data_dir: Path = DATA_DIR) -> Landscape:
    """Build the Colombian landscape from the data files (not cached: see ``load_colombia``).

    Args:
        resolution: ``"0.25"`` or ``"0.1"``.
        data_dir: Folder of the data files (the shipped ones by default).

    Returns:
        A new read-only :class:`~model.geo.landscape.Landscape`.

    Raises:
        LandscapeError: If the resolution has no grid file or the data are malformed.
    """
    if resolution not in GRID_FILES:
        raise LandscapeError(
            f"no grid of Colombia at resolution {resolution!r}; known: {', '.join(GRID_FILES)}"
        )
    grid = read_grid(resolution, data_dir)
    cells = LandCells.of(grid.land, grid.lat, grid.lon, float(resolution))
    deps = read_departments(data_dir)

    dist = cells.distances_km(deps.cap_lat, deps.cap_lon)
    dep = assign_departments(dist, deps.cap_lat, deps.cap_lon, deps.area_km2, cells)
    own_dist = dist[np.arange(cells.n), dep]

    cities = main_cities(deps, cells, dist)
    remote_km, remote = remoteness(cells, cities)
    centres = read_illicit_centres(deps.names, data_dir)
    illicit_dist = centre_distances(deps, dep, cells, centres)
    coca_ha, suitability, gold = illicit_layers(deps, dep, illicit_dist, remote, cells)
    pop = population(deps.pop, dep, own_dist, cells)
    exits, exit_km = exit_points(read_exits(data_dir), cells)
    sightings = read_group_sightings(data_dir)
    presence = group_presence(sightings, deps.names, dep, cells)
    zone = zone_layer(read_group_zones(deps.names, data_dir), deps.names, cells)
    home = zoned_home(
        home_table(sightings, deps.names), zone, group_home(sightings, deps.names, dep, cells)
    )

    def to_grid(values: np.ndarray) -> np.ndarray:
        return cells.to_grid(values, np.float64)

    layers = {
        "land": grid.land,
        "border_country": grid.border,
        "coast": grid.coast,
        "department": cells.to_grid(dep, np.int16, fill=-1),
        "remoteness_km": to_grid(remote_km),
        "remoteness": to_grid(remote),
        "coca_suitability": to_grid(suitability),
        "coca_ha_2023": to_grid(coca_ha),
        "gold": to_grid(gold),
        "exit_distance_km": to_grid(exit_km),
        "population": to_grid(pop),
        "pop_density": to_grid(pop / cells.km2),
    }
    return Landscape(
        resolution=resolution,
        width=grid.width,
        height=grid.height,
        cell_km2=to_grid(cells.km2),
        layers=layers,
        department_names=deps.names,
        group_presence=presence,
        group_home=home,
        group_zone=zone,
        exits=exits,
        cities=cities,
        lat=grid.lat,
        lon=grid.lon,
    )
