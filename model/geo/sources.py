"""Reading the geographic data files of ``model/data/geo/`` (described in its README.md).

* ``colombia_grid_025.csv`` / ``colombia_grid_010.csv``: cell centres, land mask, neighbouring
  country and coast (Natural Earth 10m, public domain). 0.25 deg: 68 rows x 50 cols, 1,484 land
  cells; 0.1 deg: 169 x 123, 9,262 land cells. San Andrés/Providencia and Malpelo are off grid.
* ``departments.csv``: capitals, areas, populations, coca (UNODC/SIMCI) and illegal alluvial
  gold (UNODC EVOA 2022) per department.
* ``armed_groups_long.csv``: per department and group, a confidence flag.
* ``trafficking_exits.csv``: 18 cocaine export points / corridors.

Every reader checks the columns it needs and the numbers it parses; bad input raises a
:class:`~model.geo.landscape.LandscapeError` naming the file, the line or department, the field
and what is allowed. Text is NFC-normalised (department names carry accents). The readers
return the data as they are; what the model makes of them (coca bands, gold flags, confidence
weights) belongs to the layer builders.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.geo.codes import BORDER_CODES, COAST_CODES
from model.geo.landscape import LandscapeError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
"""The shipped data files (package data)."""

GRID_FILES: dict[str, str] = {"0.25": "colombia_grid_025.csv", "0.1": "colombia_grid_010.csv"}
"""Grid file of each Colombian resolution."""

OFF_GRID_DEPARTMENTS: tuple[str, ...] = ("San Andrés, Providencia y Santa Catalina",)
"""Departments whose territory is not on the grid (skipped; their population is dropped)."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_csv(
    name: str, required: tuple[str, ...] = (), data_dir: Path = DATA_DIR
) -> list[dict[str, str]]:
    """Rows of a data file as dicts of stripped, NFC-normalised text.

    Args:
        name: File name inside ``data_dir``.
        required: Columns the file must have.
        data_dir: Folder of the data files.

    Returns:
        One dict per row (line 2 of the file is row 0); empty cells are ``""``.

    Raises:
        LandscapeError: If the file is missing or lacks a required column.
    """
    path = Path(data_dir) / name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = []
            for row in reader:
                if None in row:  # more cells than the header names
                    raise LandscapeError(
                        f"{path} line {reader.line_num}: {len(row) - 1 + len(row[None])} cells "
                        f"where the header names {len(row) - 1}"
                    )
                rows.append({k: _nfc(v or "") for k, v in row.items()})
            columns = reader.fieldnames or []
    except FileNotFoundError:
        raise LandscapeError(f"missing data file {path}") from None
    except UnicodeDecodeError as exc:
        raise LandscapeError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "a data file is CSV saved as UTF-8; restore it from the repository (git checkout)"
        ) from None
    except (OSError, csv.Error) as exc:
        raise LandscapeError(f"{path}: cannot read this data file: {exc}") from None
    missing = [c for c in required if c not in columns]
    if missing:
        raise LandscapeError(
            f"{path} lacks column(s) {', '.join(missing)}; it has {', '.join(columns)}"
        )
    return rows


def number(text: str, where: str) -> float:
    """A number written with optional thousands separators (``"1,234"``, ``"1_234"``).

    Args:
        text: The cell's text.
        where: File, row and field, for the error message.

    Raises:
        LandscapeError: If the text is not a number.
    """
    try:
        return float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise LandscapeError(f"{where}: cannot read a number from {text!r}") from None


def _column(
    rows: list[dict[str, str]], field: str, parse: Callable[[str], float], name: str
) -> list[float]:
    """``parse`` applied to a column; on bad text, an error naming the line (fast path first)."""
    try:
        return [parse(d[field]) for d in rows]
    except ValueError:
        line = next(i for i, d in enumerate(rows, start=2) if not _parses(parse, d[field]))
        raise LandscapeError(
            f"{name} line {line}: cannot read {field} from {rows[line - 2][field]!r}"
        ) from None


def _parses(parse: Callable[[str], float], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


#: Plausible coordinates of the Colombian grid and its departments' capitals, degrees.
LAT_RANGE = (-6.0, 16.0)
LON_RANGE = (-83.0, -64.0)


def _checked(
    rows: list[dict[str, str]], field: str, bounds: tuple[float, float], name: str
) -> np.ndarray:
    """A numeric column, every value finite and within ``bounds`` (an error names the line)."""
    values = np.array(_column(rows, field, float, name))
    bad = ~np.isfinite(values) | (values < bounds[0]) | (values > bounds[1])
    if bad.any():
        line = int(np.argmax(bad)) + 2
        raise LandscapeError(
            f"{name} line {line}: {field} is {rows[line - 2][field]!r}; allowed: a number "
            f"from {bounds[0]:g} to {bounds[1]:g}"
        )
    return values


@dataclass(frozen=True, slots=True)
class Raster:
    """A grid file on the ``[x, y]`` convention (``y`` grows northward).

    Attributes:
        width: Number of columns.
        height: Number of rows.
        lat: ``[x, y]`` latitude of the cell centres.
        lon: ``[x, y]`` longitude of the cell centres.
        land: ``[x, y]`` int8, 1 on land.
        border: ``[x, y]`` int8 :data:`~model.geo.codes.BORDER_CODES` (0 none or off land).
        coast: ``[x, y]`` int8 :data:`~model.geo.codes.COAST_CODES` (0 none or off land).
    """

    width: int
    height: int
    lat: np.ndarray
    lon: np.ndarray
    land: np.ndarray
    border: np.ndarray
    coast: np.ndarray


def read_grid(resolution: str, data_dir: Path = DATA_DIR) -> Raster:
    """The grid of a Colombian resolution (file named in :data:`GRID_FILES`).

    A ``border_country`` cell may name two countries (``"VEN;BRA"``, tri-points): the first is
    kept. Borders and coasts off land are dropped.

    Args:
        resolution: ``"0.25"`` or ``"0.1"``.
        data_dir: Folder of the data files.

    Returns:
        The grid.

    Raises:
        LandscapeError: If the file is missing, not a full rectangle, or has an unknown code.
    """
    name = GRID_FILES[resolution]
    rows = read_csv(name, ("row", "col", "lat", "lon", "land", "border_country", "coast"), data_dir)
    if not rows:
        raise LandscapeError(f"{name} has no rows")
    r = np.array(_column(rows, "row", int, name), dtype=np.int64)
    c = np.array(_column(rows, "col", int, name), dtype=np.int64)
    height, width = int(r.max()) + 1, int(c.max()) + 1
    if r.min() < 0 or c.min() < 0:
        line = int(np.argmin(np.minimum(r, c))) + 2
        raise LandscapeError(f"{name} line {line}: row and col are counted from 0")
    cell = r * width + c
    if len(np.unique(cell)) != len(rows):
        order = np.argsort(cell, kind="stable")
        dup = order[1:][cell[order][1:] == cell[order][:-1]][0]
        raise LandscapeError(
            f"{name} line {dup + 2}: row {r[dup]}, col {c[dup]} appears twice; each cell once"
        )
    if height * width != len(rows):
        raise LandscapeError(f"{name} is not a full {height} x {width} grid")
    x, y = c, height - 1 - r
    shape = (width, height)
    lat = np.zeros(shape)
    lon = np.zeros(shape)
    lat[x, y] = _checked(rows, "lat", LAT_RANGE, name)
    lon[x, y] = _checked(rows, "lon", LON_RANGE, name)
    land_values = np.array(_column(rows, "land", lambda t: int(t or 0), name))
    if not np.isin(land_values, (0, 1)).all():
        line = int(np.argmax(~np.isin(land_values, (0, 1)))) + 2
        raise LandscapeError(
            f"{name} line {line}: land is {land_values[line - 2]}; allowed: 0 (sea or "
            "abroad) or 1 (land)"
        )
    land = np.zeros(shape, dtype=np.int8)
    land[x, y] = land_values
    border = np.zeros(shape, dtype=np.int8)
    coast = np.zeros(shape, dtype=np.int8)
    for line, (d, xi, yi) in enumerate(zip(rows, x, y, strict=True), start=2):
        if d["border_country"]:
            code = re.split(r"[;/|, ]+", d["border_country"])[0].upper()
            if code not in BORDER_CODES:
                raise LandscapeError(
                    f"{name} line {line}: unknown border_country {d['border_country']!r}; "
                    f"allowed: {', '.join(BORDER_CODES)} or empty"
                )
            border[xi, yi] = BORDER_CODES[code]
        if d["coast"]:
            if d["coast"].lower() not in COAST_CODES:
                raise LandscapeError(
                    f"{name} line {line}: unknown coast {d['coast']!r}; "
                    f"allowed: {', '.join(COAST_CODES)} or empty"
                )
            coast[xi, yi] = COAST_CODES[d["coast"].lower()]
    border[land == 0] = 0
    coast[land == 0] = 0
    return Raster(width, height, lat, lon, land, border, coast)


@dataclass(frozen=True, slots=True)
class DepartmentTable:
    """The on-grid rows of ``departments.csv`` (``OFF_GRID_DEPARTMENTS`` left out), as columns.

    Attributes:
        names: Department names.
        capitals: Capital (seat) of each department.
        cap_lat: ``(D,)`` capital latitudes, degrees.
        cap_lon: ``(D,)`` capital longitudes, degrees.
        area_km2: ``(D,)`` areas, km2.
        pop: ``(D,)`` ``pop_latest``, persons.
        coca_ha_2023: ``(D,)`` exact 2023 coca hectares, NaN where the data give only a band.
        coca_band: UNODC 2023 band label of each department (``">30000 (largest dept)"``).
        gold_flag: ``alluvial_gold_illegal`` text (``"yes"``, ``"minor (in-river)"``, ``"no"``).
    """

    names: tuple[str, ...]
    capitals: tuple[str, ...]
    cap_lat: np.ndarray
    cap_lon: np.ndarray
    area_km2: np.ndarray
    pop: np.ndarray
    coca_ha_2023: np.ndarray
    coca_band: tuple[str, ...]
    gold_flag: tuple[str, ...]


def read_departments(data_dir: Path = DATA_DIR) -> DepartmentTable:
    """The departments on the grid (``departments.csv``).

    Raises:
        LandscapeError: If the file is missing, lacks a column or has a malformed number.
    """
    name = "departments.csv"
    fields = ("capital_lat", "capital_lon", "area_km2", "pop_latest")
    required = ("name", "capital", *fields, "coca_ha_2023", "coca_2023_band_ha")
    rows = read_csv(name, (*required, "alluvial_gold_illegal"), data_dir)
    deps = [d for d in rows if d["name"] not in OFF_GRID_DEPARTMENTS]

    names = [d["name"] for d in deps]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise LandscapeError(f"{name}: department(s) {', '.join(twice)} appear twice; each once")
    bounds = {
        "capital_lat": LAT_RANGE,
        "capital_lon": LON_RANGE,
        "area_km2": (1.0, 500_000.0),
        "pop_latest": (0.0, 20_000_000.0),
        "coca_ha_2023": (0.0, 500_000.0),
    }

    def value(d: dict[str, str], field: str) -> float:
        where = f"{name}, {d['name']}: {field}"
        got = number(d[field], where)
        low, high = bounds[field]
        if not (math.isfinite(got) and low <= got <= high):
            raise LandscapeError(f"{where} is {d[field]!r}; allowed: {low:,g} to {high:,g}")
        return got

    def col(field: str) -> np.ndarray:
        return np.array([value(d, field) for d in deps])

    coca = [value(d, "coca_ha_2023") if d["coca_ha_2023"] else math.nan for d in deps]
    return DepartmentTable(
        names=tuple(d["name"] for d in deps),
        capitals=tuple(d["capital"] for d in deps),
        cap_lat=col("capital_lat"),
        cap_lon=col("capital_lon"),
        area_km2=col("area_km2"),
        pop=col("pop_latest"),
        coca_ha_2023=np.array(coca),
        coca_band=tuple(d["coca_2023_band_ha"] for d in deps),
        gold_flag=tuple(d["alluvial_gold_illegal"] for d in deps),
    )


def department_names(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """``read_departments(data_dir).names``, read once per process and version of the file.

    Every model's wars (``model/wars.py``) check their departments against these names at
    set-up; the names of one ``departments.csv`` (same path, modification time and size) are
    kept for the process (issue 15). A file that cannot be read is read (and reported) as
    :func:`read_departments` does.
    """
    try:
        stat = (data_dir / "departments.csv").stat()
    except OSError:
        return read_departments(data_dir).names
    return _department_names(data_dir, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _department_names(data_dir: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    """:func:`department_names` of one version of the file (the key's last two parts)."""
    return read_departments(data_dir).names


@dataclass(frozen=True, slots=True)
class ExitSite:
    """A row of ``trafficking_exits.csv`` (not yet snapped to the grid)."""

    id: str
    name: str
    lat: float
    lon: float
    confidence: str
    department: str
    kind: str


def read_exits(data_dir: Path = DATA_DIR) -> tuple[ExitSite, ...]:
    """The cocaine export points (``trafficking_exits.csv``).

    Raises:
        LandscapeError: If the file is missing, lacks a column or has a malformed coordinate.
    """
    name = "trafficking_exits.csv"
    rows = read_csv(
        name, ("id", "name", "department", "kind", "lat", "lon", "route_conf"), data_dir
    )
    return tuple(
        ExitSite(
            id=e["id"],
            name=e["name"],
            lat=number(e["lat"], f"{name}, {e['id']}: lat"),
            lon=number(e["lon"], f"{name}, {e['id']}: lon"),
            confidence=e["route_conf"],
            department=e["department"],
            kind=e["kind"],
        )
        for e in rows
    )


@dataclass(frozen=True, slots=True)
class GroupSighting:
    """A row of ``armed_groups_long.csv``: a group label in a department, with a confidence.

    ``sources`` are the row's ``source_ids`` (``;``-separated ids of ``sources.csv``; empty for
    a recalled row).
    """

    group: str
    department: str
    confidence: str
    sources: tuple[str, ...] = ()


def read_group_sightings(data_dir: Path = DATA_DIR) -> tuple[GroupSighting, ...]:
    """Every (group label, department, confidence, source ids) of ``armed_groups_long.csv``.

    Raises:
        LandscapeError: If the file is missing or lacks a column.
    """
    rows = read_csv(
        "armed_groups_long.csv", ("department", "group", "confidence", "source_ids"), data_dir
    )
    return tuple(
        GroupSighting(
            d["group"],
            d["department"],
            d["confidence"],
            tuple(s.strip() for s in d["source_ids"].split(";") if s.strip()),
        )
        for d in rows
    )
