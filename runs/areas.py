"""Areas the scorecard measures places in: every department, and the armed groups' main regions.

A department is the landscape's ``department`` layer (an approximation of the real borders:
model/geo/departments.py). A *region* is a department, or a documented latitude/longitude box
(cells whose centres fall in it) where the region is part of a department: the landscape's
fitted departments misplace such sub-department regions (its Antioquia stops near 7.7 N, south
of Urabá), so a box of the municipalities is more faithful than a department's cells.

Main regions of each group (issue 10; docs/VALIDATION.md, "Places"): Clan del Golfo (EGC):
Urabá, Córdoba, Bajo Cauca, Chocó; ELN: Catatumbo, Arauca, southern Bolívar, Chocó; EMC: Cauca,
Nariño, Guaviare, Meta, Caquetá; Segunda Marquetalia: Nariño, Putumayo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Region:
    """A named latitude/longitude box over land cells.

    Attributes:
        name: Shown in tables.
        box: ``(lat_min, lat_max, lon_min, lon_max)`` of the cell centres, degrees.
        note: What the box covers (municipalities).
    """

    name: str
    box: tuple[float, float, float, float]
    note: str = ""


BOXES: tuple[Region, ...] = (
    Region(
        "Urabá",
        box=(7.2, 8.9, -77.4, -76.3),
        note="Gulf of Urabá: Turbo, Apartadó, Chigorodó, Necoclí, Arboletes, Mutatá "
        "(Antioquia); Acandí, Unguía, Riosucio (Chocó)",
    ),
    Region(
        "Bajo Cauca",
        box=(7.3, 8.2, -75.6, -74.6),
        note="Caucasia, Cáceres, Tarazá, Zaragoza, El Bagre, Nechí (Antioquia)",
    ),
    Region(
        "Catatumbo",
        box=(8.0, 9.2, -73.45, -72.4),
        note="Tibú, El Tarra, Teorama, Convención, Hacarí, Sardinata, Ábrego, Ocaña "
        "(Norte de Santander)",
    ),
    Region(
        "southern Bolívar",
        box=(7.2, 8.6, -74.6, -73.85),
        note="Santa Rosa del Sur, Simití, San Pablo, Morales, Arenal, Montecristo, Tiquisio",
    ),
)
"""Sub-department regions, as boxes."""

MAIN_REGIONS: dict[str, tuple[str, ...]] = {
    "egc": ("Urabá", "Córdoba", "Bajo Cauca", "Chocó"),
    "eln": ("Catatumbo", "Arauca", "southern Bolívar", "Chocó"),
    "emc": ("Cauca", "Nariño", "Guaviare", "Meta", "Caquetá"),
    "sm": ("Nariño", "Putumayo"),
}
"""Each group's main regions: a box of :data:`BOXES` or a department."""


@dataclass(frozen=True)
class Areas:
    """Departments and regions of one landscape as a membership matrix.

    Attributes:
        names: Area names: the departments first, then the regions of :data:`BOXES`.
        kinds: ``department`` or ``region`` per area.
        matrix: ``[area, x * height + y]`` 1.0 where the land cell belongs to the area.
    """

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    matrix: np.ndarray

    def index(self, name: str) -> int:
        """Index of an area by name (KeyError if absent)."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        """Whether an area of that name exists on this landscape."""
        return name in self.names

    def total(self, layer: np.ndarray) -> np.ndarray:
        """Sum of an ``[x, y]`` layer (or ``[k, x, y]`` stack) over each area: ``[area(, k)]``."""
        arr = np.asarray(layer, dtype=float)
        flat = arr.reshape(-1, self.matrix.shape[1]) if arr.ndim == 3 else arr.reshape(1, -1)
        out = self.matrix @ flat.T
        return out[:, 0] if arr.ndim == 2 else out


def build_areas(landscape: Any) -> Areas:
    """The areas of a landscape (read through its public attributes).

    Args:
        landscape: A ``Landscape`` (``layers['department']``, ``department_names``, ``lat``,
            ``lon``, ``land``).
    """
    land = np.asarray(landscape.land, dtype=bool)
    department = np.asarray(landscape.layers["department"])
    names = list(landscape.department_names)
    rows = [(department == i) & land for i in range(len(names))]
    kinds = ["department"] * len(names)
    for region in BOXES:
        lat0, lat1, lon0, lon1 = region.box
        lat, lon = np.asarray(landscape.lat), np.asarray(landscape.lon)
        mask = land & (lat >= lat0) & (lat <= lat1) & (lon >= lon0) & (lon <= lon1)
        if mask.any():
            rows.append(mask)
            names.append(region.name)
            kinds.append("region")
    matrix = np.stack([r.ravel() for r in rows]).astype(float)
    return Areas(tuple(names), tuple(kinds), matrix)
