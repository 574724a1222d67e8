"""The layers of the illicit economies: coca (``coca_ha_2023``, ``coca_suitability``) and gold.

Both spread department totals over the department's cells with a Gaussian kernel around the
department's illicit centre (bandwidth ``0.5 * sqrt(area_km2)`` km) times ``0.3 + 0.7 *
remoteness`` (coca and illegal mining grow away from cities). APPROXIMATION: the data give
department totals only. The centre is the capital, except in the departments of
``illicit_centres.csv`` (:func:`read_illicit_centres`), where the coca and gold enclaves named
in UNODC/SIMCI's censuses lie far from it: Tumaco, not Pasto; the Micay canyon, not Popayán;
Catatumbo, not Cúcuta; lower Putumayo, not Mocoa; Bajo Cauca, not Medellín; southern Bolívar,
not Cartagena; the Caguán, not Florencia; southern Meta, not Villavicencio (issue 10: with the
kernel on the capitals, Bolívar's coca and gold lay around Cartagena, so the ELN's fronts went
there and never to southern Bolívar). Department totals are unchanged.

* ``coca_ha_2023`` (float): hectares of coca per cell in 2023 (briefs F6/C5). Department totals
  are the exact 2023 value where the data have one (Antioquia, Cauca, Córdoba, Putumayo and the
  zeros), else the midpoint of the UNODC band (:data:`COCA_BAND_HA`); the band-derived values
  are then rescaled so that the national total is 253,000 ha (:data:`COCA_TOTAL_2023_HA`,
  UNODC 2023), the exact values are kept.
* ``coca_suitability`` (float 0..1): the resulting coca density per km2 over its maximum.
* ``gold`` (float 0..1): illegal alluvial gold (brief C5). Department weight 1.0 where
  ``alluvial_gold_illegal`` starts with "yes", 0.2 where it starts with "minor", else 0; Chocó,
  Antioquia and Bolívar x5 (UNODC EVOA 2022: 85 % of the area there). Density normalised to a
  maximum of 1. The weights are department totals, so the density is highest where a weighted
  department is small (Bolívar holds the maximum).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from model.geo.geometry import LandCells, normalise_max, spread
from model.geo.landscape import LandscapeError
from model.geo.sources import DATA_DIR, LAT_RANGE, LON_RANGE, DepartmentTable, number, read_csv

ILLICIT_CENTRES_FILE = "illicit_centres.csv"
"""Where the illicit economies of a department centre, if not on its capital."""

COCA_TOTAL_2023_HA: int = 253_000
"""National coca area in 2023 (UNODC/SIMCI), hectares."""

COCA_BAND_HA: dict[str, float] = {
    ">30000": 40_000.0,
    "5000-20000": 12_500.0,
    "2000-5000": 3_500.0,
    "<500": 250.0,
    "0": 0.0,
}
"""Hectares assumed for each UNODC 2023 band before rescaling to the national total."""

REMOTENESS_FLOOR = 0.3
"""Weight of the least remote cell (a main city) in ``0.3 + 0.7 * remoteness``."""
GOLD_HOTSPOTS: tuple[str, ...] = ("Chocó", "Antioquia", "Bolívar")
"""Departments with 85 % of the illegal alluvial gold area (UNODC EVOA 2022)."""
GOLD_HOTSPOT_FACTOR = 5.0
"""Multiplier of a hotspot's gold weight."""


def away_from_cities(remote: np.ndarray) -> np.ndarray:
    """Kernel modifier ``0.3 + 0.7 * remoteness``: illicit crops and mining shun cities."""
    return REMOTENESS_FLOOR + (1.0 - REMOTENESS_FLOOR) * remote


def coca_band_ha(band: str, department: str) -> float:
    """Hectares for a UNODC band label such as ``">30000 (largest dept)"``.

    Raises:
        LandscapeError: If the band is not one of :data:`COCA_BAND_HA`.
    """
    key = re.sub(r"\s+", "", band.split("(")[0])
    if key not in COCA_BAND_HA:
        raise LandscapeError(
            f"departments.csv, {department}: unknown coca_2023_band_ha {band!r}; "
            f"known: {', '.join(COCA_BAND_HA)}"
        )
    return COCA_BAND_HA[key]


def department_coca_ha(deps: DepartmentTable) -> np.ndarray:
    """``(D,)`` coca hectares per department in 2023: exact values kept, bands rescaled."""
    exact = ~np.isnan(deps.coca_ha_2023)
    coca = np.array(
        [
            deps.coca_ha_2023[i] if exact[i] else coca_band_ha(deps.coca_band[i], name)
            for i, name in enumerate(deps.names)
        ]
    )
    band_total = coca[~exact].sum()
    remaining = COCA_TOTAL_2023_HA - coca[exact].sum()
    if band_total > 0 and remaining > 0:
        coca[~exact] *= remaining / band_total
    return coca


def gold_weight(flag: str, department: str) -> float:
    """A department's gold weight from its ``alluvial_gold_illegal`` flag (see the docstring)."""
    flag = flag.lower()
    weight = 1.0 if flag.startswith("yes") else 0.2 if flag.startswith("minor") else 0.0
    if department in GOLD_HOTSPOTS:
        weight *= GOLD_HOTSPOT_FACTOR
    return weight


def read_illicit_centres(
    names: tuple[str, ...], data_dir: Path = DATA_DIR
) -> dict[str, tuple[float, float]]:
    """``{department: (lat, lon)}`` of ``illicit_centres.csv`` (read here, where it is used).

    Args:
        names: The departments on the grid; a row naming another is an error.
        data_dir: Folder of the data files.

    Raises:
        LandscapeError: If the file lacks a column, names an unknown department or a
            department twice, or has a coordinate that is not a number or off Colombia.
    """
    name = ILLICIT_CENTRES_FILE
    rows = read_csv(name, ("department", "place", "lat", "lon", "confidence"), data_dir)
    centres: dict[str, tuple[float, float]] = {}
    for row in rows:
        dep = row["department"]
        if dep not in names:
            raise LandscapeError(f"{name}: unknown department {dep!r}; known: {', '.join(names)}")
        if dep in centres:
            raise LandscapeError(f"{name}: department {dep} appears twice; each once")
        coords = []
        for field, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
            value = number(row[field], f"{name}, {dep}: {field}")
            if not low <= value <= high:
                raise LandscapeError(
                    f"{name}, {dep}: {field} is {row[field]!r}; allowed: {low:g} to {high:g}"
                )
            coords.append(value)
        centres[dep] = (coords[0], coords[1])
    return centres


def centre_distances(
    deps: DepartmentTable,
    dep: np.ndarray,
    cells: LandCells,
    centres: dict[str, tuple[float, float]],
) -> np.ndarray:
    """``(n,)`` distance of each cell to its department's illicit centre (else capital), km."""
    lat = np.array([centres.get(n, (la, lo))[0] for n, la, lo in _capitals(deps)])
    lon = np.array([centres.get(n, (la, lo))[1] for n, la, lo in _capitals(deps)])
    return cells.distances_km(lat, lon)[np.arange(cells.n), dep]


def _capitals(deps: DepartmentTable):
    return zip(deps.names, deps.cap_lat, deps.cap_lon, strict=True)


def illicit_layers(
    deps: DepartmentTable,
    dep: np.ndarray,
    own_dist: np.ndarray,
    remote: np.ndarray,
    cells: LandCells,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(coca_ha_2023, coca_suitability, gold)`` per land cell (see the module docstring).

    Args:
        deps: The departments.
        dep: ``(n,)`` department index of each land cell.
        own_dist: ``(n,)`` distance of each cell to its department's illicit centre
            (:func:`centre_distances`; the capital where none is given), km.
        remote: ``(n,)`` remoteness (0..1).
        cells: The grid's land cells.

    Returns:
        Three ``(n,)`` arrays: coca hectares; coca density over its maximum (0..1); gold
        density over its maximum (0..1).
    """
    modifier = away_from_cities(remote)
    bandwidth = 0.5 * np.sqrt(deps.area_km2)
    coca = spread(department_coca_ha(deps), dep, own_dist, bandwidth, modifier, cells.km2)
    flags = zip(deps.gold_flag, deps.names, strict=True)
    weights = np.array([gold_weight(flag, name) for flag, name in flags])
    gold = spread(weights, dep, own_dist, bandwidth, modifier, cells.km2)
    return coca, normalise_max(coca / cells.km2), normalise_max(gold / cells.km2)
