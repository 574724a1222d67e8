"""Static landscape of the simulation: a raster of Colombia (or a synthetic test world).

A :class:`Landscape` holds every *static* layer the model needs (land mask, borders, coasts,
departments, remoteness, coca suitability, illegal gold, distance to export points, population)
plus the armed groups' a-priori presence, the export points and the main cities.

Coordinate convention:
    ``x`` is the column index (west -> east) and ``y = height - 1 - row`` of the source grid,
    so ``y`` grows NORTHWARD (``y == 0`` is the southern-most row). Every array is indexed
    ``[x, y]`` with shape ``(width, height)``, which is what ``mesa.discrete_space`` grids with
    ``dimensions == (width, height)`` expect.

Source files (all in ``model/data/geo/``, see its README.md):
    * ``colombia_grid_025.csv`` / ``colombia_grid_010.csv``: cell centres, land mask, neighbouring
      country and coast (Natural Earth 10m, public domain). 0.25 deg: 68 rows x 50 cols, 1,484 land
      cells; 0.1 deg: 169 x 123, 9,262 land cells. San Andrés/Providencia and Malpelo are off grid.
    * ``departments.csv``: capitals, areas, populations, coca (UNODC/SIMCI) and illegal alluvial
      gold (UNODC EVOA 2022) per department.
    * ``armed_groups_long.csv``: per department and group, a confidence flag.
    * ``trafficking_exits.csv``: 18 cocaine export points / corridors.

Layers (``Landscape.layers``; every layer is 0, or -1 for ``department``, off land):
    * ``land`` (int8): 1 on land, 0 at sea / abroad.
    * ``border_country`` (int8): neighbouring country code, see :data:`BORDER_CODES`
      (0 none, 1 VEN, 2 ECU, 3 PER, 4 BRA, 5 PAN).
    * ``coast`` (int8): see :data:`COAST_CODES` (0 none, 1 Pacific, 2 Caribbean).
    * ``department`` (int16): index into ``Landscape.department_names``. APPROXIMATION: the data has
      no department polygons, so cells go to a multiplicatively weighted Voronoi of the department
      capitals (the capital with the smallest great-circle distance divided by the department's
      weight), with weights FITTED so that each department's land area on the grid (sum of
      ``cell_km2``) approaches its ``area_km2`` (areas first rescaled to the grid's total land area,
      ~1.14 million km2). Fixed ``sqrt(area_km2)`` weights (the starting point) give badly wrong
      areas because capitals often sit at a department's edge (Puerto Carreño, Mitú, Mocoa). The fit
      repeats ``w *= (target / grid_area) ** 0.1`` 200 times and keeps the best iteration; then each
      department gets its capital's cell back, its detached pieces go to its neighbours and boundary
      cells are swapped between neighbours while that lowers the area mismatch without splitting a
      department (see ``_fit_regions``). Departments are thus 8-connected (except detached land: a
      2-cell piece of land off the main grid goes to Guainía at 0.25 deg), the fit is deterministic,
      and at both resolutions every department of 6 cells or more is within ~8 % of its area. The
      shapes are only a caricature: Voronoi boundaries between unequal weights are circles (e.g.
      Guaviare is a disc inside Meta). A department whose capital coincides with a larger one's
      (Bogotá D.C. inside Cundinamarca, whose seat is Bogotá) is an enclave: it takes the cells
      within the disc of its own area around the capital (at least the capital's cell) and is left
      out of the fit. A department left with no cell is forced onto its capital's cell. San Andrés,
      Providencia y Santa Catalina is off grid and skipped (its population is dropped too).
    * ``remoteness_km`` (float): great-circle distance from the cell centre to the nearest main
      city (capitals of departments with ``pop_latest >= 1,500,000``, plus Bogotá; see
      ``Landscape.cities``); ``remoteness`` is the same divided by its maximum over land (0..1).
    * ``coca_ha_2023`` (float): hectares of coca per cell in 2023 (briefs F6/C5). Department
      totals are the exact 2023 value where the data has one (Antioquia, Cauca, Córdoba,
      Putumayo and the zeros), else the midpoint of the UNODC band (see :data:`COCA_BAND_HA`);
      the band-derived values are then rescaled so that the national total is 253,000 ha
      (:data:`COCA_TOTAL_2023_HA`, UNODC 2023), the exact values are kept. APPROXIMATION: each
      department total is spread over its cells with a Gaussian kernel around its capital
      (bandwidth ``0.5 * sqrt(area_km2)`` km) times ``0.3 + 0.7 * remoteness`` (coca grows away
      from cities).
    * ``coca_suitability`` (float 0..1): the resulting coca density per km2 over its maximum.
    * ``gold`` (float 0..1): illegal alluvial gold (brief C5). Department weight 1.0 where
      ``alluvial_gold_illegal`` starts with "yes", 0.2 where it starts with "minor", else 0;
      Chocó, Antioquia and Bolívar x5 (UNODC EVOA 2022: 85 % of the area there). Spread with the
      same kernel-around-capital scheme as coca; density normalised to a maximum of 1.
      The weights are department totals, so the density is highest where a weighted
      department is small (Bolívar holds the maximum).
    * ``exit_distance_km`` (float): great-circle distance to the nearest of the 18 export points
      (brief C6; coordinates are representative municipal points, not exact launch sites).
    * ``population`` (float): persons per cell. Each department's ``pop_latest`` is spread as
      70 % urban (Gaussian around the capital, bandwidth 25 km, the department's cell nearest to
      the capital always gets full kernel weight) + 30 % rural (uniform density over the
      department's cells). The land total equals the sum of ``pop_latest`` over the on-grid
      departments (San Andrés' 63,692 people are dropped).
    * ``pop_density`` (float): persons per km2.

``Landscape.group_presence`` (shape ``(4, width, height)``, order :data:`GROUP_KEYS`) is the
a-priori presence of each armed group: 1.0 in the cells of departments where the group is
``verified``, 0.4 where it is only ``recalled``, 0 elsewhere. Data labels: "AGC" -> ``egc``
(Clan del Golfo), "ELN" -> ``eln``, "EMC" -> ``emc`` (FARC-dissident lineage), "SM" and
"SM/Comandos de la Frontera" -> ``sm`` (Segunda Marquetalia lineage); "other: ..." and
"none major" are ignored.

Colombian landscapes are cached per resolution (:func:`functools.lru_cache`) and shared, so all
their arrays are read-only; :meth:`Landscape.attach_to` copies them into Mesa property layers.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import gaussian_filter
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = [
    "BORDER_CODES",
    "COAST_CODES",
    "COCA_BAND_HA",
    "COCA_TOTAL_2023_HA",
    "GROUP_KEYS",
    "LAYER_NAMES",
    "OFF_GRID_DEPARTMENTS",
    "RESOLUTIONS",
    "City",
    "ExitPoint",
    "Landscape",
    "LandscapeError",
    "build_landscape",
    "load_colombia",
    "synthetic",
]

RESOLUTIONS: tuple[str, ...] = ("0.25", "0.1", "synthetic")
"""Allowed values of ``resolution``."""

GROUP_KEYS: tuple[str, ...] = ("egc", "eln", "emc", "sm")
"""Armed groups, in the order of the first axis of ``Landscape.group_presence``."""

BORDER_CODES: dict[str, int] = {"VEN": 1, "ECU": 2, "PER": 3, "BRA": 4, "PAN": 5}
"""Codes of the ``border_country`` layer (0 = no neighbouring country)."""

COAST_CODES: dict[str, int] = {"pacific": 1, "caribbean": 2}
"""Codes of the ``coast`` layer (0 = no coast)."""

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

OFF_GRID_DEPARTMENTS: tuple[str, ...] = ("San Andrés, Providencia y Santa Catalina",)
"""Departments whose territory is not on the grid (skipped; their population is dropped)."""

LAYER_NAMES: tuple[str, ...] = (
    "land",
    "border_country",
    "coast",
    "department",
    "remoteness_km",
    "remoteness",
    "coca_suitability",
    "coca_ha_2023",
    "gold",
    "exit_distance_km",
    "population",
    "pop_density",
)
"""Names of the static layers in ``Landscape.layers``."""

DATA_DIR = Path(__file__).parent / "data" / "geo"
EARTH_RADIUS_KM = 6371.0088
MAIN_CITY_MIN_POP = 1_500_000
URBAN_SHARE = 0.7
URBAN_BANDWIDTH_KM = 25.0
REMOTENESS_FLOOR = 0.3
GOLD_HOTSPOTS: tuple[str, ...] = ("Chocó", "Antioquia", "Bolívar")
GOLD_HOTSPOT_FACTOR = 5.0
CONFIDENCE_WEIGHTS: dict[str, float] = {"verified": 1.0, "recalled": 0.4}
GROUP_LABELS: dict[str, str] = {
    "AGC": "egc",
    "ELN": "eln",
    "EMC": "emc",
    "SM": "sm",
    "SM/Comandos de la Frontera": "sm",
}
WEIGHT_FIT_ITERATIONS = 200
"""Iterations of the department-weight fit (see :func:`_fit_regions`)."""
WEIGHT_FIT_EXPONENT = 0.1
"""Damped exponent of the weight update ``w *= (target / grid_area) ** WEIGHT_FIT_EXPONENT``."""
REBALANCE_MAX_PASSES = 500
"""Upper bound on the boundary-cell passes that follow the weight fit (see :func:`_rebalance`)."""
_BOGOTA = "Bogotá D.C."
_GRID_FILES = {"0.25": "colombia_grid_025.csv", "0.1": "colombia_grid_010.csv"}
_SYNTHETIC_RES_DEG = 0.25
_SYNTHETIC_POPULATION = 1_000_000
_SYNTHETIC_COCA_HA = 10_000.0


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
    """Static geography of a simulation world (see the module docstring for the layers).

    Attributes:
        resolution: ``"0.25"``, ``"0.1"`` or ``"synthetic"``.
        width: Number of columns (x, west -> east).
        height: Number of rows (y, south -> north).
        cell_km2: ``[x, y]`` area of each land cell in km2 (0 off land).
        layers: Static layers by name, each of shape ``(width, height)``, indexed ``[x, y]``.
        department_names: Department name of each index of the ``department`` layer.
        group_presence: ``(4, width, height)`` presence weight per group (order ``GROUP_KEYS``).
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

    def __post_init__(self) -> None:
        """Check array shapes.

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
        d = _haversine_km(self.lat[xs, ys], self.lon[xs, ys], lat, lon)
        i = int(np.argmin(d))
        return int(xs[i]), int(ys[i])

    def attach_to(self, grid: Any) -> None:
        """Add every static layer as a Mesa ``PropertyLayer`` on a discrete-space grid.

        The data are copied (``PropertyLayer.from_data``), so the grid's layers can be modified
        without touching this (possibly cached and shared) landscape.

        Args:
            grid: A ``mesa.discrete_space`` grid with ``dimensions == (width, height)``.

        Raises:
            LandscapeError: If the grid's dimensions do not match.
        """
        from mesa.discrete_space import PropertyLayer

        dims = tuple(grid.dimensions)
        if dims != (self.width, self.height):
            raise LandscapeError(
                f"grid dimensions {dims} != landscape (width, height) {(self.width, self.height)}"
            )
        for name, arr in self.layers.items():
            grid.add_property_layer(PropertyLayer.from_data(name, np.asarray(arr)))


# --------------------------------------------------------------------------------------------
# helpers


def _haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """Great-circle distance in km between points in degrees (numpy broadcasting)."""
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _cell_area_km2(lat: np.ndarray, res_deg: float) -> np.ndarray:
    """Area in km2 of ``res_deg`` x ``res_deg`` cells centred at latitude ``lat`` (sphere)."""
    half = math.radians(res_deg) / 2.0
    phi = np.radians(lat)
    band = np.abs(np.sin(phi + half) - np.sin(phi - half))
    return EARTH_RADIUS_KM**2 * math.radians(res_deg) * band


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _read_csv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [{k: _nfc(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]
    except FileNotFoundError:
        raise LandscapeError(f"missing data file {path}") from None


def _number(text: str, what: str) -> float:
    try:
        return float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise LandscapeError(f"cannot read {what} from {text!r}") from None


def _coca_band_ha(band: str, department: str) -> float:
    """Hectares for a UNODC band label such as ``">30000 (largest dept)"``."""
    key = re.sub(r"\s+", "", band.split("(")[0])
    if key not in COCA_BAND_HA:
        raise LandscapeError(
            f"{department}: unknown coca band {band!r}; known: {', '.join(COCA_BAND_HA)}"
        )
    return COCA_BAND_HA[key]


def _gold_weight(flag: str, department: str) -> float:
    flag = flag.lower()
    weight = 1.0 if flag.startswith("yes") else 0.2 if flag.startswith("minor") else 0.0
    if department in GOLD_HOTSPOTS:
        weight *= GOLD_HOTSPOT_FACTOR
    return weight


def _to_grid(
    xs: np.ndarray, ys: np.ndarray, values: Any, shape: tuple[int, int], dtype: Any, fill: float = 0
) -> np.ndarray:
    out = np.full(shape, fill, dtype=dtype)
    out[xs, ys] = values
    return out


def _freeze(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


def _normalise_max(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _spread(
    totals: np.ndarray,
    dep: np.ndarray,
    dist: np.ndarray,
    bandwidth_km: np.ndarray,
    modifier: np.ndarray,
    cell_km2: np.ndarray,
    anchors: np.ndarray | None = None,
) -> np.ndarray:
    """Distribute department totals over their cells with a Gaussian kernel.

    Args:
        totals: ``(D,)`` amount per department.
        dep: ``(n,)`` department index of each land cell.
        dist: ``(n,)`` distance of each cell to its own department's capital, km.
        bandwidth_km: ``(D,)`` kernel bandwidth per department.
        modifier: ``(n,)`` multiplicative weight per cell.
        cell_km2: ``(n,)`` cell areas (the kernel is a density).
        anchors: Optional cell indices that get full kernel weight (distance treated as 0).

    Returns:
        ``(n,)`` amount per cell; each department's cells sum to its total.
    """
    n_dep = totals.shape[0]
    kernel = np.exp(-0.5 * (dist / bandwidth_km[dep]) ** 2)
    if anchors is not None:
        kernel[anchors] = 1.0
    w = kernel * modifier * cell_km2
    sums = np.bincount(dep, weights=w, minlength=n_dep)
    empty = sums[dep] <= 0.0
    if np.any(empty):  # kernel underflow: fall back to uniform density
        w = np.where(empty, cell_km2, w)
        sums = np.bincount(dep, weights=w, minlength=n_dep)
    safe = np.where(sums > 0.0, sums, 1.0)
    return totals[dep] * w / safe[dep]


# --------------------------------------------------------------------------------------------
# Colombia


def _read_grid(resolution: str) -> dict[str, Any]:
    rows = _read_csv(_GRID_FILES[resolution])
    required = {"row", "col", "lat", "lon", "land", "border_country", "coast"}
    if not rows or not required <= rows[0].keys():
        raise LandscapeError(f"{_GRID_FILES[resolution]} lacks columns {sorted(required)}")
    r = np.fromiter((int(d["row"]) for d in rows), dtype=np.int64, count=len(rows))
    c = np.fromiter((int(d["col"]) for d in rows), dtype=np.int64, count=len(rows))
    height, width = int(r.max()) + 1, int(c.max()) + 1
    if height * width != len(rows):
        raise LandscapeError(f"{_GRID_FILES[resolution]} is not a full {height} x {width} grid")
    x, y = c, height - 1 - r
    shape = (width, height)
    lat = np.zeros(shape)
    lon = np.zeros(shape)
    lat[x, y] = [float(d["lat"]) for d in rows]
    lon[x, y] = [float(d["lon"]) for d in rows]
    land = np.zeros(shape, dtype=np.int8)
    land[x, y] = [int(d["land"] or 0) for d in rows]
    border = np.zeros(shape, dtype=np.int8)
    coast = np.zeros(shape, dtype=np.int8)
    for d, xi, yi in zip(rows, x, y, strict=True):
        if d["border_country"]:
            code = re.split(r"[;/|, ]+", d["border_country"])[0].upper()
            if code not in BORDER_CODES:
                raise LandscapeError(f"unknown border_country {d['border_country']!r}")
            border[xi, yi] = BORDER_CODES[code]
        if d["coast"]:
            if d["coast"].lower() not in COAST_CODES:
                raise LandscapeError(f"unknown coast {d['coast']!r}")
            coast[xi, yi] = COAST_CODES[d["coast"].lower()]
    border[land == 0] = 0
    coast[land == 0] = 0
    return {
        "width": width,
        "height": height,
        "lat": lat,
        "lon": lon,
        "land": land,
        "border": border,
        "coast": coast,
    }


_RING = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))
"""The 8 neighbours of a cell in ring order (E, NE, N, NW, W, SW, S, SE)."""


def _ring_neighbours(xs: np.ndarray, ys: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``(n, 8)`` index of each cell's neighbours in :data:`_RING` order (-1: not a cell)."""
    index = np.full((shape[0] + 2, shape[1] + 2), -1, dtype=np.int64)
    index[xs + 1, ys + 1] = np.arange(xs.size)
    return np.stack([index[xs + 1 + dx, ys + 1 + dy] for dx, dy in _RING], axis=1)


@functools.cache
def _removable_table() -> np.ndarray:
    """Whether a cell can leave its region without splitting it, by 8-neighbour bit pattern.

    Bit ``k`` of the index is set when neighbour ``k`` (:data:`_RING` order) is in the region.
    The cell is removable when those neighbours form exactly one 8-connected group: any path
    through the cell can then go round it.
    """
    table = np.zeros(256, dtype=bool)
    for code in range(256):
        members = [k for k in range(8) if code >> k & 1]
        groups = 0
        seen: set[int] = set()
        for start in members:
            if start in seen:
                continue
            groups += 1
            stack = [start]
            seen.add(start)
            while stack:
                k = stack.pop()
                near = [(k + 1) % 8, (k - 1) % 8]
                if k % 2 == 0:  # E, N, W, S also touch the next edge neighbour
                    near += [(k + 2) % 8, (k - 2) % 8]
                for j in near:
                    if code >> j & 1 and j not in seen:
                        seen.add(j)
                        stack.append(j)
        table[code] = groups == 1
    return table


def _make_contiguous(
    dep: np.ndarray, score: np.ndarray, ring: np.ndarray, anchors: np.ndarray, pos: np.ndarray
) -> np.ndarray:
    """Hand each region's detached pieces to the neighbouring regions.

    A multiplicatively weighted Voronoi region can be disconnected (a heavily weighted capital
    wins cells beyond the circle around a lightly weighted neighbour). Each region keeps the
    8-connected piece holding its anchor (its capital's cell), or its largest piece if it does
    not hold its anchor; the cells of its other pieces go, layer by layer from their edge, to
    the best-scoring region among their kept neighbours. A piece with no kept cell in reach
    (detached land) goes to the region of the nearest kept cell.

    Args:
        dep: ``(n,)`` region index per cell.
        score: ``(n, D)`` weighted score (lower wins).
        ring: ``(n, 8)`` neighbour indices (see :func:`_ring_neighbours`).
        anchors: ``(D,)`` anchor cell per region, -1 for none.
        pos: ``(n, 2)`` grid position ``(x, y)`` of each cell.

    Returns:
        A new ``(n,)`` region index per cell.
    """
    n = dep.shape[0]
    has = ring >= 0
    src = np.repeat(np.arange(n), 8)[has.ravel()]
    dst = ring[has]
    same = dep[src] == dep[dst]
    graph = coo_matrix((np.ones(int(same.sum())), (src[same], dst[same])), shape=(n, n))
    n_comp, comp = connected_components(graph, directed=False)
    size = np.bincount(comp, minlength=n_comp).astype(float)
    own = (anchors >= 0) & (dep[np.maximum(anchors, 0)] == np.arange(anchors.size))
    size[comp[anchors[own]]] = np.inf  # the anchor's piece always wins
    comp_dep = np.zeros(n_comp, dtype=np.int64)
    comp_dep[comp] = dep
    order = np.lexsort((-size, comp_dep))  # by region, kept piece first
    first = np.ones(n_comp, dtype=bool)
    first[1:] = comp_dep[order[1:]] != comp_dep[order[:-1]]
    kept_comp = np.zeros(n_comp, dtype=bool)
    kept_comp[order[first]] = True
    kept = kept_comp[comp]
    if kept.all():
        return dep
    dep = dep.copy()
    loose = ~kept[src]
    src, dst = src[loose], dst[loose]
    while True:
        edge = ~kept[src] & kept[dst]
        if not edge.any():
            break
        cell, via = src[edge], dst[edge]
        best = np.lexsort((via, score[cell, dep[via]], cell))  # per cell: lowest score
        cell, via = cell[best], via[best]
        first = np.ones(cell.size, dtype=bool)
        first[1:] = cell[1:] != cell[:-1]
        dep[cell[first]] = dep[via[first]]
        kept[cell[first]] = True
    if not kept.all():  # detached land: the region of the nearest kept cell
        orphan, held = np.flatnonzero(~kept), np.flatnonzero(kept)
        gap = ((pos[orphan, None, :] - pos[None, held, :]) ** 2).sum(axis=2)
        dep[orphan] = dep[held[np.argmin(gap, axis=1)]]
    return dep


def _rebalance(
    dep: np.ndarray,
    score: np.ndarray,
    ring: np.ndarray,
    anchors: np.ndarray,
    target: np.ndarray,
    cell_km2: np.ndarray,
) -> np.ndarray:
    """Move boundary cells between contiguous regions to bring their areas closer to targets.

    Each pass, every region over or under its target takes part in at most one move: a cell on
    the boundary between two regions changes sides when this lowers the total absolute area
    mismatch, the cell leaving is not an anchor and its region stays 8-connected (see
    :func:`_removable_table`). Pairs of regions with the largest gain move first and, within a
    pair, the cell with the best score for its new region. Stops when no move helps or after
    :data:`REBALANCE_MAX_PASSES` passes.

    Args:
        dep: ``(n,)`` region index per cell (contiguous regions).
        score: ``(n, D)`` weighted score (lower wins).
        ring: ``(n, 8)`` neighbour indices (see :func:`_ring_neighbours`).
        anchors: ``(D,)`` anchor cell per region, -1 for none (never moved).
        target: ``(D,)`` target area per region, km2.
        cell_km2: ``(n,)`` cell areas, km2.

    Returns:
        A new ``(n,)`` region index per cell.
    """
    n, n_dep = score.shape
    dep = dep.copy()
    table = _removable_table()
    bits = 1 << np.arange(8)
    fixed = np.zeros(n, dtype=bool)
    fixed[anchors[anchors >= 0]] = True
    rows = np.repeat(np.arange(n), 8)
    has = (ring >= 0).ravel()
    rows, cols = rows[has], ring.ravel()[has]
    got = np.bincount(dep, weights=cell_km2, minlength=n_dep)
    for _ in range(REBALANCE_MAX_PASSES):
        nd = np.where(ring >= 0, dep[np.maximum(ring, 0)], -1)
        removable = table[((nd == dep[:, None]) @ bits)] & ~fixed
        frm, to = dep[rows], dep[cols]
        cand = removable[rows] & (to != frm)
        cell, frm, to = rows[cand], frm[cand], to[cand]
        a = cell_km2[cell]
        gain = (
            np.abs(got[frm] - a - target[frm])
            - np.abs(got[frm] - target[frm])
            + np.abs(got[to] + a - target[to])
            - np.abs(got[to] - target[to])
        )
        ok = gain < -1e-9 * a
        if not ok.any():
            break
        cell, frm, to, gain = cell[ok], frm[ok], to[ok], gain[ok]
        pair_gain = np.full((n_dep, n_dep), np.inf)
        np.minimum.at(pair_gain, (frm, to), gain)
        order = np.lexsort((cell, score[cell, to] - score[cell, frm], pair_gain[frm, to]))
        used = np.zeros(n_dep, dtype=bool)
        for k in order:
            f, t, c = frm[k], to[k], cell[k]
            if used[f] or used[t]:
                continue
            used[f] = used[t] = True
            dep[c] = t
            got[f] -= cell_km2[c]
            got[t] += cell_km2[c]
            if used.all():
                break
    return dep


def _fit_regions(
    log_dist: np.ndarray,
    target: np.ndarray,
    cell_km2: np.ndarray,
    ring: np.ndarray,
    anchors: np.ndarray,
    pos: np.ndarray,
) -> np.ndarray:
    """Fitted multiplicatively weighted Voronoi: contiguous regions with areas near targets.

    Cells go to ``argmin(log_dist - log_w)``. The weights start from ``w = sqrt(target)`` and
    are updated :data:`WEIGHT_FIT_ITERATIONS` times with
    ``w *= (target / grid_area) ** WEIGHT_FIT_EXPONENT`` (a damped version of the square-root
    update: capitals often sit at a department's edge, where the area reacts strongly to the
    weight and the undamped update oscillates). A region with no cell counts as half the
    smallest cell. The assignment of the iteration with the smallest total absolute area
    mismatch is kept; anchors are put back in their regions, detached pieces handed to their
    neighbours (:func:`_make_contiguous`) and the remaining mismatch reduced by moving boundary
    cells (:func:`_rebalance`). Deterministic.

    Args:
        log_dist: ``(n, D)`` log distance of each cell to each capital.
        target: ``(D,)`` target area per region, km2 (summing to ``cell_km2.sum()``).
        cell_km2: ``(n,)`` cell areas, km2.
        ring: ``(n, 8)`` neighbour indices (see :func:`_ring_neighbours`).
        anchors: ``(D,)`` anchor cell (the capital's) per region, -1 for none.
        pos: ``(n, 2)`` grid position ``(x, y)`` of each cell.

    Returns:
        ``(n,)`` region index per cell.
    """
    n_dep = target.shape[0]
    floor = 0.5 * float(cell_km2.min())
    log_target = np.log(target)
    log_w = 0.5 * log_target
    best_w, best_err = log_w, math.inf
    for _ in range(WEIGHT_FIT_ITERATIONS + 1):
        dep = np.argmin(log_dist - log_w[None, :], axis=1)
        got = np.bincount(dep, weights=cell_km2, minlength=n_dep)
        err = float(np.abs(got - target).sum())
        if err < best_err:
            best_w, best_err = log_w, err
        log_w = log_w + WEIGHT_FIT_EXPONENT * (log_target - np.log(np.maximum(got, floor)))
    score = log_dist - best_w[None, :]
    dep = np.argmin(score, axis=1)
    own = anchors >= 0
    dep[anchors[own]] = np.flatnonzero(own)
    dep = _make_contiguous(dep, score, ring, anchors, pos)
    return _rebalance(dep, score, ring, anchors, target, cell_km2)


def _assign_departments(
    dist: np.ndarray,
    cap_lat: np.ndarray,
    cap_lon: np.ndarray,
    area: np.ndarray,
    cell_km2: np.ndarray,
    xy: tuple[np.ndarray, np.ndarray, tuple[int, int]],
) -> np.ndarray:
    """Fitted weighted-Voronoi department of each land cell (see module docstring).

    Args:
        dist: ``(n, D)`` distance of each land cell to each capital, km.
        cap_lat: ``(D,)`` capital latitudes.
        cap_lon: ``(D,)`` capital longitudes.
        area: ``(D,)`` department areas, km2.
        cell_km2: ``(n,)`` land-cell areas, km2.
        xy: ``(xs, ys, shape)``: grid position of each land cell and the grid shape.

    Returns:
        ``(n,)`` department index per land cell.
    """
    n_dep = area.shape[0]
    cap_d = _haversine_km(cap_lat[:, None], cap_lon[:, None], cap_lat[None, :], cap_lon[None, :])
    # enclave: capital within 1 km of a larger department's capital (Bogotá D.C. in Cundinamarca)
    enclave = np.array(
        [bool(np.any((cap_d[i] < 1.0) & (area > area[i]))) for i in range(n_dep)], dtype=bool
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
        log_dist = np.log(np.maximum(dist[np.ix_(free, fitted)], 1e-3))
        xs, ys, shape = xy
        ring = _ring_neighbours(xs[free], ys[free], shape)
        # anchor: the free cell nearest to the capital, unless two capitals share it
        near_free = np.argmin(dist[np.ix_(free, fitted)], axis=0)
        shared = np.bincount(near_free, minlength=ring.shape[0])[near_free] > 1
        anchors = np.where(shared, -1, near_free)
        pos = np.stack([xs[free], ys[free]], axis=1).astype(float)
        region = _fit_regions(log_dist, target, cell_km2[free], ring, anchors, pos)
        dep[free] = fitted[region]
    counts = np.bincount(dep, minlength=n_dep)
    for i in np.flatnonzero(counts == 0):  # tiny departments: force the capital's cell
        dep[nearest[i]] = i
    return dep


def _build_colombia(resolution: str) -> Landscape:
    res_deg = float(resolution)
    g = _read_grid(resolution)
    width, height = g["width"], g["height"]
    shape = (width, height)
    xs, ys = np.nonzero(g["land"])
    lat_c, lon_c = g["lat"][xs, ys], g["lon"][xs, ys]
    area_c = _cell_area_km2(lat_c, res_deg)

    deps = [d for d in _read_csv("departments.csv") if d["name"] not in OFF_GRID_DEPARTMENTS]
    names = tuple(d["name"] for d in deps)
    cap_lat = np.array([_number(d["capital_lat"], "capital_lat") for d in deps])
    cap_lon = np.array([_number(d["capital_lon"], "capital_lon") for d in deps])
    area = np.array([_number(d["area_km2"], "area_km2") for d in deps])
    pop = np.array([_number(d["pop_latest"], "pop_latest") for d in deps])

    dist = _haversine_km(lat_c[:, None], lon_c[:, None], cap_lat[None, :], cap_lon[None, :])
    dep = _assign_departments(dist, cap_lat, cap_lon, area, area_c, (xs, ys, shape))
    n = dep.shape[0]
    own_dist = dist[np.arange(n), dep]

    # main cities (deduplicated by location: Cundinamarca's seat is Bogotá)
    cities: list[City] = []
    candidates = [
        i for i, d in enumerate(deps) if pop[i] >= MAIN_CITY_MIN_POP or d["name"] == _BOGOTA
    ]
    candidates.sort(key=lambda i: deps[i]["name"] != _BOGOTA)  # Bogotá D.C. first
    for i in candidates:
        if any(abs(c.lat - cap_lat[i]) < 1e-6 and abs(c.lon - cap_lon[i]) < 1e-6 for c in cities):
            continue
        j = int(np.argmin(dist[:, i]))
        cities.append(
            City(
                name=deps[i]["capital"],
                x=int(xs[j]),
                y=int(ys[j]),
                population=int(pop[i]),
                lat=float(cap_lat[i]),
                lon=float(cap_lon[i]),
            )
        )
    city_lat = np.array([c.lat for c in cities])
    city_lon = np.array([c.lon for c in cities])
    remote_km = _haversine_km(
        lat_c[:, None], lon_c[:, None], city_lat[None, :], city_lon[None, :]
    ).min(axis=1)
    remote = _normalise_max(remote_km)
    modifier = REMOTENESS_FLOOR + (1.0 - REMOTENESS_FLOOR) * remote
    bandwidth = 0.5 * np.sqrt(area)

    # coca: exact 2023 values kept, band midpoints rescaled to the national total
    exact = np.zeros(len(deps), dtype=bool)
    coca = np.zeros(len(deps))
    for i, d in enumerate(deps):
        if d["coca_ha_2023"]:
            exact[i] = True
            coca[i] = _number(d["coca_ha_2023"], f"{d['name']} coca_ha_2023")
        else:
            coca[i] = _coca_band_ha(d["coca_2023_band_ha"], d["name"])
    band_total = coca[~exact].sum()
    remaining = COCA_TOTAL_2023_HA - coca[exact].sum()
    if band_total > 0 and remaining > 0:
        coca[~exact] *= remaining / band_total
    coca_c = _spread(coca, dep, own_dist, bandwidth, modifier, area_c)
    suit_c = _normalise_max(coca_c / area_c)

    gold_w = np.array([_gold_weight(d["alluvial_gold_illegal"], d["name"]) for d in deps])
    gold_c = _normalise_max(_spread(gold_w, dep, own_dist, bandwidth, modifier, area_c) / area_c)

    # population: 70 % urban around the capital + 30 % uniform density
    anchors = np.array(
        [
            np.flatnonzero(dep == i)[np.argmin(own_dist[dep == i])]
            for i in range(len(deps))
            if np.any(dep == i)
        ],
        dtype=np.int64,
    )
    urban = _spread(
        URBAN_SHARE * pop,
        dep,
        own_dist,
        np.full(len(deps), URBAN_BANDWIDTH_KM),
        np.ones(n),
        area_c,
        anchors=anchors,
    )
    rural = _spread(
        (1.0 - URBAN_SHARE) * pop, dep, own_dist, np.full(len(deps), np.inf), np.ones(n), area_c
    )
    pop_c = urban + rural

    exits_rows = _read_csv("trafficking_exits.csv")
    ex_lat = np.array([_number(e["lat"], "exit lat") for e in exits_rows])
    ex_lon = np.array([_number(e["lon"], "exit lon") for e in exits_rows])
    ex_dist = _haversine_km(lat_c[:, None], lon_c[:, None], ex_lat[None, :], ex_lon[None, :])
    exits = []
    for k, e in enumerate(exits_rows):
        j = int(np.argmin(ex_dist[:, k]))
        exits.append(
            ExitPoint(
                id=e["id"],
                name=e["name"],
                x=int(xs[j]),
                y=int(ys[j]),
                lat=float(ex_lat[k]),
                lon=float(ex_lon[k]),
                confidence=e["route_conf"],
                department=e["department"],
                kind=e["kind"],
            )
        )

    presence_table = np.zeros((len(GROUP_KEYS), len(deps)))
    for row in _read_csv("armed_groups_long.csv"):
        key = GROUP_LABELS.get(row["group"])
        if key is None or row["department"] not in names:
            continue
        conf = row["confidence"].lower()
        weight = next((w for c, w in CONFIDENCE_WEIGHTS.items() if conf.startswith(c)), 0.0)
        g_i, d_i = GROUP_KEYS.index(key), names.index(row["department"])
        presence_table[g_i, d_i] = max(presence_table[g_i, d_i], weight)
    presence = np.zeros((len(GROUP_KEYS), *shape))
    presence[:, xs, ys] = presence_table[:, dep]

    layers = {
        "land": g["land"],
        "border_country": g["border"],
        "coast": g["coast"],
        "department": _to_grid(xs, ys, dep, shape, np.int16, fill=-1),
        "remoteness_km": _to_grid(xs, ys, remote_km, shape, np.float64),
        "remoteness": _to_grid(xs, ys, remote, shape, np.float64),
        "coca_suitability": _to_grid(xs, ys, suit_c, shape, np.float64),
        "coca_ha_2023": _to_grid(xs, ys, coca_c, shape, np.float64),
        "gold": _to_grid(xs, ys, gold_c, shape, np.float64),
        "exit_distance_km": _to_grid(xs, ys, ex_dist.min(axis=1), shape, np.float64),
        "population": _to_grid(xs, ys, pop_c, shape, np.float64),
        "pop_density": _to_grid(xs, ys, pop_c / area_c, shape, np.float64),
    }
    return Landscape(
        resolution=resolution,
        width=width,
        height=height,
        cell_km2=_freeze(_to_grid(xs, ys, area_c, shape, np.float64)),
        layers={k: _freeze(v) for k, v in layers.items()},
        department_names=names,
        group_presence=_freeze(presence),
        exits=tuple(exits),
        cities=tuple(cities),
        lat=_freeze(g["lat"]),
        lon=_freeze(g["lon"]),
    )


@functools.lru_cache(maxsize=len(_GRID_FILES))
def _load_colombia_cached(resolution: str) -> Landscape:
    return _build_colombia(resolution)


def _normalise_resolution(resolution: Any) -> str:
    text = str(resolution).strip().lower()
    if text not in RESOLUTIONS:
        raise LandscapeError(
            f"unknown resolution {resolution!r}; allowed values: "
            + ", ".join(repr(r) for r in RESOLUTIONS)
        )
    return text


def load_colombia(resolution: str = "0.25") -> Landscape:
    """Load (cached) the Colombian landscape at a given resolution.

    Args:
        resolution: ``"0.25"`` (50 x 68 cells, 1,484 on land) or ``"0.1"`` (123 x 169, 9,262).

    Returns:
        The shared, read-only :class:`Landscape`.

    Raises:
        LandscapeError: If the resolution is not ``"0.25"`` or ``"0.1"``, or the data are
            malformed.
    """
    text = _normalise_resolution(resolution)
    if text not in _GRID_FILES:
        raise LandscapeError(
            f"load_colombia needs resolution '0.25' or '0.1', got {resolution!r} "
            "(use synthetic() or build_landscape('synthetic') for the test world)"
        )
    return _load_colombia_cached(text)


# --------------------------------------------------------------------------------------------
# synthetic world


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
    res = _SYNTHETIC_RES_DEG
    gx, gy = np.meshgrid(np.arange(width), np.arange(height), indexing="ij")
    lat = 0.0 + (gy + 0.5) * res
    lon = -75.0 + (gx + 0.5) * res
    cell_km2 = _cell_area_km2(lat, res)

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

    city_d = np.stack([_haversine_km(lat, lon, c.lat, c.lon) for c in cities])
    remote_km = city_d.min(axis=0)
    remote = _normalise_max(remote_km)

    coca_raw = _smooth_unit_field(rng, shape) * (
        REMOTENESS_FLOOR + (1.0 - REMOTENESS_FLOOR) * remote
    )
    suitability = _normalise_max(coca_raw)
    coca_ha = _SYNTHETIC_COCA_HA * suitability * cell_km2 / float((suitability * cell_km2).sum())
    gold_field = _smooth_unit_field(rng, shape)
    gold = _normalise_max(np.clip((gold_field - 0.5) / 0.5, 0.0, 1.0))

    urban_total = URBAN_SHARE * _SYNTHETIC_POPULATION
    city_total = sum(c.population for c in cities)
    population = (1.0 - URBAN_SHARE) * _SYNTHETIC_POPULATION * cell_km2 / cell_km2.sum()
    for c, d in zip(cities, city_d, strict=True):
        kernel = np.exp(-0.5 * (d / URBAN_BANDWIDTH_KM) ** 2)
        kernel[c.x, c.y] = 1.0
        w = kernel * cell_km2
        population = population + urban_total * c.population / city_total * w / w.sum()

    presence = np.zeros((len(GROUP_KEYS), *shape))
    quadrant = {name: department == i for i, name in enumerate(names)}
    presence[GROUP_KEYS.index("egc")][quadrant["Synthetic NW"]] = 1.0
    presence[GROUP_KEYS.index("eln")][quadrant["Synthetic NE"]] = 1.0
    presence[GROUP_KEYS.index("emc")][quadrant["Synthetic SW"] | quadrant["Synthetic NE"]] = 1.0
    presence[GROUP_KEYS.index("sm")][quadrant["Synthetic SE"]] = 1.0

    exit_d = np.stack([_haversine_km(lat, lon, e.lat, e.lon) for e in exits]).min(axis=0)
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
        cell_km2=_freeze(cell_km2),
        layers={k: _freeze(np.ascontiguousarray(v)) for k, v in layers.items()},
        department_names=names,
        group_presence=_freeze(presence),
        exits=exits,
        cities=cities,
        lat=_freeze(np.ascontiguousarray(lat)),
        lon=_freeze(np.ascontiguousarray(lon)),
    )


def build_landscape(
    resolution: str = "0.25", *, synthetic_shape: tuple[int, int] = (24, 18), seed: int = 0
) -> Landscape:
    """Build the landscape for a resolution.

    Args:
        resolution: One of :data:`RESOLUTIONS` (``"0.25"``, ``"0.1"``, ``"synthetic"``).
        synthetic_shape: ``(width, height)`` of the synthetic world.
        seed: Seed of the synthetic world (ignored for Colombia, whose data are fixed).

    Returns:
        The :class:`Landscape` (cached and shared for Colombia, new for synthetic).

    Raises:
        LandscapeError: If the resolution is unknown (the message names the allowed values).
    """
    text = _normalise_resolution(resolution)
    if text == "synthetic":
        width, height = synthetic_shape
        return synthetic(width, height, seed=seed)
    return load_colombia(text)
