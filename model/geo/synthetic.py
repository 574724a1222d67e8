"""The synthetic landscape: a small all-land test world with the same layers as Colombia.

Its layers follow the Colombian rules where they can (remoteness to two cities, population
70 % urban around the cities, coca and gold shunning cities) on seeded smooth random fields,
so tests and quick runs exercise every rule in a fraction of a second.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from agents import fpmath
from model.geo.codes import BORDER_CODES, COAST_CODES
from model.geo.geometry import cell_area_km2, haversine_km, normalise_max
from model.geo.illicit import away_from_cities
from model.geo.landscape import City, ExitPoint, Landscape, LandscapeError
from model.geo.population import URBAN_BANDWIDTH_KM, URBAN_SHARE
from model.groups import GROUP_KEYS

SYNTHETIC_RES_DEG = 0.25
"""Made-up cell side, degrees (areas and distances as at 0.25 deg near the equator)."""
SYNTHETIC_POPULATION = 1_000_000
"""People in the synthetic world."""
SYNTHETIC_COCA_HA = 10_000.0
"""Coca hectares in the synthetic world."""


def _smooth_unit_field(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    sigma = max(1.0, min(shape) / 6.0)
    field = gaussian_filter(rng.standard_normal(shape), sigma=sigma, mode="reflect")
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / (hi - lo) if hi > lo else np.zeros(shape)


def synthetic(width: int = 24, height: int = 18, seed: int = 0) -> Landscape:
    """Build a small all-land test world with the same layers as Colombia.

    Four 2 x 2 block departments ("Synthetic NW", "Synthetic NE", "Synthetic SW",
    "Synthetic SE"); two cities; two exits (one on the Pacific west edge, one on the Venezuelan
    east edge); coast Pacific on the west column and Caribbean on the north row, border VEN on
    the east column; smooth seeded random coca suitability and gold; 1,000,000 people and
    10,000 ha of coca. Groups: EGC in NW, ELN in NE, EMC in SW and NE (overlap with ELN), SM
    in SE. Cell centres are a made-up 0.25 deg box starting at 0 N, 75 W.

    Args:
        width: Number of columns, at least 4.
        height: Number of rows, at least 4.
        seed: Seed of the ``numpy`` Generator (same seed -> identical arrays).

    Returns:
        A new read-only :class:`Landscape` with ``resolution == "synthetic"``.

    Raises:
        LandscapeError: If the world is smaller than 4 x 4.
    """
    width, height = int(width), int(height)
    if width < 4 or height < 4:
        raise LandscapeError(f"synthetic landscape must be at least 4 x 4, got {width} x {height}")
    rng = np.random.default_rng(seed)
    shape = (width, height)
    res = SYNTHETIC_RES_DEG
    gx, gy = np.meshgrid(np.arange(width), np.arange(height), indexing="ij")
    lat = 0.0 + (gy + 0.5) * res
    lon = -75.0 + (gx + 0.5) * res
    cell_km2 = cell_area_km2(lat, res)

    land = np.ones(shape, dtype=np.int8)
    border = np.zeros(shape, dtype=np.int8)
    border[-1, :] = BORDER_CODES["VEN"]
    coast = np.zeros(shape, dtype=np.int8)
    coast[0, :] = COAST_CODES["pacific"]
    coast[:, -1] = COAST_CODES["caribbean"]

    west = gx < width // 2
    north = gy >= height // 2
    names = ("Synthetic NW", "Synthetic NE", "Synthetic SW", "Synthetic SE")
    department = (np.where(north, 0, 2) + np.where(west, 0, 1)).astype(np.int16)

    def _point(x: int, y: int) -> tuple[float, float]:
        return float(lat[x, y]), float(lon[x, y])

    city_specs = (
        ("Synthetic Capital", width // 4, (3 * height) // 4, 600_000),
        ("Synthetic Port", (3 * width) // 4, height // 4, 400_000),
    )
    cities = tuple(
        City(name=nm, x=x, y=y, population=p, lat=_point(x, y)[0], lon=_point(x, y)[1])
        for nm, x, y, p in city_specs
    )
    exit_specs = (
        ("SX01", "Synthetic Pacific port", 0, height // 3, "sea port / Pacific coast"),
        (
            "SX02",
            "Synthetic border crossing",
            width - 1,
            (2 * height) // 3,
            "land border -> Venezuela",
        ),
    )
    exits = tuple(
        ExitPoint(
            id=i,
            name=nm,
            x=x,
            y=y,
            lat=_point(x, y)[0],
            lon=_point(x, y)[1],
            confidence="synthetic",
            department=names[int(department[x, y])],
            kind=kind,
        )
        for i, nm, x, y, kind in exit_specs
    )

    city_d = np.stack([haversine_km(lat, lon, c.lat, c.lon) for c in cities])
    remote_km = city_d.min(axis=0)
    remote = normalise_max(remote_km)

    coca_raw = _smooth_unit_field(rng, shape) * away_from_cities(remote)
    suitability = normalise_max(coca_raw)
    coca_ha = SYNTHETIC_COCA_HA * suitability * cell_km2 / float((suitability * cell_km2).sum())
    gold_field = _smooth_unit_field(rng, shape)
    gold = normalise_max(np.clip((gold_field - 0.5) / 0.5, 0.0, 1.0))

    urban_total = URBAN_SHARE * SYNTHETIC_POPULATION
    city_total = sum(c.population for c in cities)
    population = (1.0 - URBAN_SHARE) * SYNTHETIC_POPULATION * cell_km2 / cell_km2.sum()
    for c, d in zip(cities, city_d, strict=True):
        kernel = fpmath.exp(-0.5 * (d / URBAN_BANDWIDTH_KM) ** 2)
        kernel[c.x, c.y] = 1.0
        w = kernel * cell_km2
        population = population + urban_total * c.population / city_total * w / w.sum()

    presence = np.zeros((len(GROUP_KEYS), *shape))
    quadrant = {name: department == i for i, name in enumerate(names)}
    presence[GROUP_KEYS.index("egc")][quadrant["Synthetic NW"]] = 1.0
    presence[GROUP_KEYS.index("eln")][quadrant["Synthetic NE"]] = 1.0
    presence[GROUP_KEYS.index("emc")][quadrant["Synthetic SW"] | quadrant["Synthetic NE"]] = 1.0
    presence[GROUP_KEYS.index("sm")][quadrant["Synthetic SE"]] = 1.0

    exit_d = np.stack([haversine_km(lat, lon, e.lat, e.lon) for e in exits]).min(axis=0)
    layers = {
        "land": land,
        "border_country": border,
        "coast": coast,
        "department": department,
        "remoteness_km": remote_km,
        "remoteness": remote,
        "coca_suitability": suitability,
        "coca_ha_2023": coca_ha,
        "gold": gold,
        "exit_distance_km": exit_d,
        "population": population,
        "pop_density": population / cell_km2,
    }
    return Landscape(
        resolution="synthetic",
        width=width,
        height=height,
        cell_km2=cell_km2,
        layers={k: np.ascontiguousarray(v) for k, v in layers.items()},
        department_names=names,
        group_presence=presence,
        exits=exits,
        cities=cities,
        lat=np.ascontiguousarray(lat),
        lon=np.ascontiguousarray(lon),
    )
