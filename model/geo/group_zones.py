"""The armed groups' strongholds: where in a department the sources place a group's core.

``armed_groups_long.csv`` says in which departments a group is reported and how many sources
say so (``group_home``); it does not say where in a department. ``group_zones.csv`` names,
for some groups and departments, the zones that reports describe as the group's historic
presence, rearguard or territorial control (the ELN's Serranía de San Lucas and San Juan
river, the EMC's fronts of north Cauca and the Micay canyon, the Segunda Marquetalia's
Pacific Nariño; sources on each row, model/data/geo/README.md). A zone is a circle of
``radius_km`` around ``(lat, lon)`` (coordinates of the municipalities recalled, the zone's
existence read on the pages cited).

:func:`zone_layer` gives ``Landscape.group_zone``: for each group and land cell, the index
of the department whose stronghold covers the cell (the nearest zone centre if several do),
-1 elsewhere. The zone belongs to the department the sources name even where the fitted
department borders (``model/geo/departments.py``) give its cells to a neighbour: the
fitted Bolívar holds 4 of the 18 cells of southern Bolívar (issue 10). Placement (ODD 5)
and the home layer (:func:`zoned_home`) read it; how many fronts a group has in a department
still follows the sources' count there (``group_home``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.geo.geometry import LandCells
from model.geo.landscape import LandscapeError
from model.geo.sources import DATA_DIR, LAT_RANGE, LON_RANGE, number, read_csv
from model.groups import GROUP_KEYS, GROUP_LABELS

GROUP_ZONES_FILE = "group_zones.csv"
"""The strongholds' file, in the data folder."""

RADIUS_RANGE_KM: tuple[float, float] = (5.0, 300.0)
"""Allowed ``radius_km`` (a zone is a subregion: smaller than any department's extent)."""


@dataclass(frozen=True)
class Zone:
    """A row of ``group_zones.csv``."""

    group: str  # group key (``GROUP_KEYS``)
    department: str
    name: str
    lat: float
    lon: float
    radius_km: float


#: the ``zone_layer`` value of a cell under no stronghold of the group
NO_ZONE = -1


def read_group_zones(names: tuple[str, ...], data_dir: Path = DATA_DIR) -> tuple[Zone, ...]:
    """The zones of ``group_zones.csv`` (an absent file means no zones).

    Args:
        names: The departments on the grid; a row naming another is an error.
        data_dir: Folder of the data files.

    Raises:
        LandscapeError: If the file lacks a column, names an unknown group or department, or
            has a coordinate or radius that is not a number or out of range.
    """
    if not (Path(data_dir) / GROUP_ZONES_FILE).exists():
        return ()
    name = GROUP_ZONES_FILE
    required = ("department", "group", "zone", "lat", "lon", "radius_km")
    zones = []
    for row in read_csv(name, required, data_dir):
        where = f"{name}, {row['group']} in {row['department']} ({row['zone']})"
        key = GROUP_LABELS.get(row["group"])
        if key is None:
            known = ", ".join(sorted(GROUP_LABELS))
            raise LandscapeError(f"{where}: unknown group {row['group']!r}; known: {known}")
        if row["department"] not in names:
            raise LandscapeError(
                f"{where}: unknown department {row['department']!r}; known: {', '.join(names)}"
            )
        values = []
        for field, (low, high) in (
            ("lat", LAT_RANGE),
            ("lon", LON_RANGE),
            ("radius_km", RADIUS_RANGE_KM),
        ):
            value = number(row[field], f"{where}: {field}")
            if not low <= value <= high:
                raise LandscapeError(
                    f"{where}: {field} is {row[field]!r}; allowed: {low:g} to {high:g}"
                )
            values.append(value)
        zones.append(Zone(key, row["department"], row["zone"], *values))
    return tuple(zones)


def zone_layer(zones: tuple[Zone, ...], names: tuple[str, ...], cells: LandCells) -> np.ndarray:
    """``(len(GROUP_KEYS), width, height)`` department index of the stronghold over each cell.

    A land cell whose centre lies within ``radius_km`` of a zone's centre takes the index of
    the zone's department; where zones of one group overlap, the nearest centre (relative to
    its radius) wins. -1 elsewhere and off land.

    Args:
        zones: The zones (:func:`read_group_zones`).
        names: Department names, in the order of the ``department`` layer.
        cells: The grid's land cells.
    """
    out = np.full((len(GROUP_KEYS), *cells.shape), NO_ZONE, dtype=np.int16)
    for g, key in enumerate(GROUP_KEYS):
        mine = [z for z in zones if z.group == key]
        if not mine:
            continue
        lat = np.array([z.lat for z in mine])
        lon = np.array([z.lon for z in mine])
        reach = cells.distances_km(lat, lon) / np.array([z.radius_km for z in mine])
        nearest = np.argmin(reach, axis=1)
        inside = reach[np.arange(cells.n), nearest] <= 1.0
        dep = np.array([names.index(z.department) for z in mine], dtype=np.int16)
        out[g, cells.xs[inside], cells.ys[inside]] = dep[nearest[inside]]
    return out


def zoned_home(table: np.ndarray, zone: np.ndarray, home: np.ndarray) -> np.ndarray:
    """The home layer with each stronghold's cells at the home of the zone's department.

    A stronghold's cells are the group's in the department the sources name, wherever the
    fitted borders put them: its home there is that department's (the ELN's Serranía de San
    Lucas has the ELN's Bolívar home, not the Magdalena's 0 of the fitted cells).

    Args:
        table: ``[group, department]`` home strength (``group_presence.home_table``).
        zone: ``[group, x, y]`` :func:`zone_layer`.
        home: ``[group, x, y]`` home strength of each cell's fitted department.
    """
    groups = np.arange(zone.shape[0])[:, None, None]
    return np.where(zone != NO_ZONE, table[groups, np.maximum(zone, 0)], home)
