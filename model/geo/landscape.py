"""The :class:`Landscape` type: a world's static layers, its export points and cities.

Coordinate convention:
    ``x`` is the column index (west -> east) and ``y = height - 1 - row`` of the source grid,
    so ``y`` grows NORTHWARD (``y == 0`` is the southern-most row). Every array is indexed
    ``[x, y]`` with shape ``(width, height)``, which is what ``mesa.discrete_space`` grids with
    ``dimensions == (width, height)`` expect.

A landscape is read-only: its arrays are frozen when it is built (Colombian landscapes are
cached and shared by every model of a process). The model reads them as they are; what it
changes (residents, presence...) it copies into its own property layers (docs/ODD.md 2.3).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from model.geo.geometry import haversine_km
from model.groups import GROUP_KEYS


class LandscapeError(ValueError):
    """Invalid landscape request or malformed geographic input data."""


@dataclass(frozen=True, slots=True)
class ExitPoint:
    """A cocaine export point or corridor (``trafficking_exits.csv``).

    Attributes:
        id: Identifier such as ``"EX01"``.
        name: Human-readable name.
        x: Column of the nearest land cell (west -> east).
        y: Row of the nearest land cell counted from the south.
        lat: Latitude of the representative point, degrees.
        lon: Longitude of the representative point, degrees.
        confidence: ``route_conf`` of the data (``"verified"`` / ``"recalled"``; ``"synthetic"``).
        department: Department(s) named in the data.
        kind: Kind of exit (sea port, land border, ...).
    """

    id: str
    name: str
    x: int
    y: int
    lat: float
    lon: float
    confidence: str
    department: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class City:
    """A main city used for the remoteness layer.

    Attributes:
        name: City name.
        x: Column of the nearest land cell (west -> east).
        y: Row of the nearest land cell counted from the south.
        population: Size proxy: ``pop_latest`` of the department whose capital it is (Bogotá:
            Bogotá D.C.), not a count of the city proper.
        lat: Latitude, degrees.
        lon: Longitude, degrees.
    """

    name: str
    x: int
    y: int
    population: int
    lat: float = 0.0
    lon: float = 0.0


@dataclass(frozen=True, eq=False)
class Landscape:
    """Static geography of a simulation world (``model.geo`` says how each layer is built).

    Attributes:
        resolution: ``"0.25"``, ``"0.1"`` or ``"synthetic"``.
        width: Number of columns (x, west -> east).
        height: Number of rows (y, south -> north).
        cell_km2: ``[x, y]`` area of each land cell in km2 (0 off land).
        layers: Static layers by name (:data:`~model.geo.codes.LAYER_NAMES`), each of shape
            ``(width, height)``, indexed ``[x, y]``; 0 off land, -1 for ``department``.
        department_names: Department name of each index of the ``department`` layer.
        group_presence: ``(4, width, height)`` presence weight per group (order ``GROUP_KEYS``).
        group_home: ``(4, width, height)`` how established each group is there, its home
            territories (0..1, ``model.geo.group_presence``; 1 in its strongholds); None:
            ``group_presence``.
        group_zone: ``(4, width, height)`` int, the department index of the group's
            stronghold over each cell, -1 none (``model.geo.group_zones``); None: none.
        exits: Export points, snapped to the nearest land cell.
        cities: Main cities used for remoteness.
        lat: ``[x, y]`` latitude of the cell centres.
        lon: ``[x, y]`` longitude of the cell centres.
    """

    resolution: str
    width: int
    height: int
    cell_km2: np.ndarray
    layers: dict[str, np.ndarray]
    department_names: tuple[str, ...]
    group_presence: np.ndarray
    exits: tuple[ExitPoint, ...]
    cities: tuple[City, ...]
    lat: np.ndarray
    lon: np.ndarray
    group_home: np.ndarray | None = None
    group_zone: np.ndarray | None = None

    def __post_init__(self) -> None:
        """Check array shapes and make every array read-only.

        Raises:
            LandscapeError: If an array does not have shape ``(width, height)``.
        """
        shape = (self.width, self.height)
        arrays = {"cell_km2": self.cell_km2, "lat": self.lat, "lon": self.lon, **self.layers}
        for name, arr in arrays.items():
            if np.shape(arr) != shape:
                raise LandscapeError(f"{name} has shape {np.shape(arr)}, expected {shape}")
        if np.shape(self.group_presence) != (len(GROUP_KEYS), *shape):
            raise LandscapeError(
                f"group_presence has shape {np.shape(self.group_presence)}, "
                f"expected {(len(GROUP_KEYS), *shape)}"
            )
        if self.group_home is None:
            object.__setattr__(self, "group_home", self.group_presence)
        elif np.shape(self.group_home) != np.shape(self.group_presence):
            raise LandscapeError(
                f"group_home has shape {np.shape(self.group_home)}, "
                f"expected {np.shape(self.group_presence)}"
            )
        if self.group_zone is None:
            object.__setattr__(
                self, "group_zone", np.full(np.shape(self.group_presence), -1, dtype=np.int16)
            )
        elif np.shape(self.group_zone) != np.shape(self.group_presence):
            raise LandscapeError(
                f"group_zone has shape {np.shape(self.group_zone)}, "
                f"expected {np.shape(self.group_presence)}"
            )
        for arr in (*arrays.values(), self.group_presence, self.group_home, self.group_zone):
            arr.flags.writeable = False

    @property
    def land(self) -> np.ndarray:
        """Boolean ``[x, y]`` land mask (a fresh array)."""
        return self.layers["land"].astype(bool)

    @property
    def n_land(self) -> int:
        """Number of land cells."""
        return int(np.count_nonzero(self.layers["land"]))

    def department_index(self, name: str) -> int:
        """Index of a department in ``department_names``.

        Args:
            name: Department name as in ``departments.csv``.

        Returns:
            The value of the ``department`` layer on that department's cells.

        Raises:
            LandscapeError: If the department is not on this landscape.
        """
        key = unicodedata.normalize("NFC", name)
        try:
            return self.department_names.index(key)
        except ValueError:
            raise LandscapeError(
                f"unknown department {name!r}; known: {', '.join(self.department_names)}"
            ) from None

    def department_mask(self, name: str) -> np.ndarray:
        """Boolean ``[x, y]`` mask of a department's cells.

        Args:
            name: Department name as in ``departments.csv``.

        Returns:
            A fresh boolean array of shape ``(width, height)``.
        """
        return self.layers["department"] == self.department_index(name)

    def nearest_land_cell(self, lat: float, lon: float) -> tuple[int, int]:
        """Land cell whose centre is nearest (great circle) to a point.

        Args:
            lat: Latitude, degrees.
            lon: Longitude, degrees.

        Returns:
            ``(x, y)`` of that cell.
        """
        xs, ys = np.nonzero(self.layers["land"])
        d = haversine_km(self.lat[xs, ys], self.lon[xs, ys], lat, lon)
        i = int(np.argmin(d))
        return int(xs[i]), int(ys[i])
