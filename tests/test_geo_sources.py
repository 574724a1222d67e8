"""Reading model/data/geo: codes decoded as the files say, and clear errors on bad files."""

import csv
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from model.geo import (
    BORDER_CODES,
    COAST_CODES,
    LandscapeError,
    build_colombia,
    load_colombia,
)
from model.geo.sources import DATA_DIR, GRID_FILES
from model.groups import GROUP_KEYS, GROUP_LABELS


def _rows(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("resolution", ["0.25", "0.1"])
def test_border_and_coast_layers_decode_the_grid_file(resolution):
    ls = load_colombia(resolution)
    border, coast = ls.layers["border_country"], ls.layers["coast"]
    seen = set()
    for d in _rows(GRID_FILES[resolution]):
        x, y = int(d["col"]), ls.height - 1 - int(d["row"])
        assert ls.lat[x, y] == float(d["lat"]) and ls.lon[x, y] == float(d["lon"])
        if d["land"] != "1":
            assert border[x, y] == 0 and coast[x, y] == 0
            continue
        first = re.split(r"[;/|, ]+", d["border_country"])[0].upper() if d["border_country"] else ""
        assert border[x, y] == BORDER_CODES.get(first, 0), d
        assert coast[x, y] == COAST_CODES.get(d["coast"].lower(), 0), d
        seen.update({first, d["coast"].lower()})
    # every code occurs on the grid, and 0 is free to mean "none"
    assert set(BORDER_CODES) | set(COAST_CODES) <= seen
    for codes in (BORDER_CODES, COAST_CODES):
        assert 0 not in codes.values() and len(set(codes.values())) == len(codes)


def test_every_group_label_of_the_data_is_a_modelled_group_or_an_other():
    labels = {d["group"] for d in _rows("armed_groups_long.csv")}
    unmodelled = {g for g in labels - set(GROUP_LABELS) if not g.startswith("other:")}
    assert unmodelled <= {"none major"}, unmodelled
    # every modelled group has a label, and every label in the table is in the data
    assert set(GROUP_LABELS.values()) == set(GROUP_KEYS)
    assert set(GROUP_LABELS) <= labels


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(data_dir: Path, name: str, line: int, field: str, value: str) -> None:
    rows = _rows(name, data_dir)
    rows[line - 2][field] = value
    _write(data_dir / name, rows)


def _first_land_line(data_dir: Path) -> int:
    rows = _rows(GRID_FILES["0.25"], data_dir)
    return next(i for i, d in enumerate(rows, start=2) if d["land"] == "1")


def test_the_copied_data_build_the_shipped_landscape(data_copy):
    ls = build_colombia("0.25", data_dir=data_copy)
    shipped = load_colombia("0.25")
    for name, arr in shipped.layers.items():
        np.testing.assert_array_equal(ls.layers[name], arr)


def test_missing_file_is_named(data_copy):
    (data_copy / "trafficking_exits.csv").unlink()
    with pytest.raises(LandscapeError, match="missing data file .*trafficking_exits.csv"):
        build_colombia("0.25", data_dir=data_copy)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("border_country", "XYZ", r"line {line}: unknown border_country 'XYZ'; allowed: VEN, "),
        ("coast", "arctic", r"line {line}: unknown coast 'arctic'; allowed: pacific, caribbean"),
        ("lat", "north", r"line {line}: cannot read lat from 'north'"),
    ],
)
def test_bad_grid_cell_names_file_line_field_and_allowed(data_copy, field, value, message):
    line = _first_land_line(data_copy)
    _edit(data_copy, GRID_FILES["0.25"], line, field, value)
    with pytest.raises(LandscapeError, match="colombia_grid_025.csv " + message.format(line=line)):
        build_colombia("0.25", data_dir=data_copy)


def test_incomplete_grid(data_copy):
    path = data_copy / GRID_FILES["0.25"]
    _write(path, _rows(path.name, data_copy)[:-1])
    with pytest.raises(LandscapeError, match="is not a full 68 x 50 grid"):
        build_colombia("0.25", data_dir=data_copy)


def test_bad_department_number_names_department_and_field(data_copy):
    line = next(i for i, d in enumerate(_rows("departments.csv"), 2) if d["name"] == "Meta")
    _edit(data_copy, "departments.csv", line, "area_km2", "large")
    with pytest.raises(LandscapeError, match="departments.csv, Meta: area_km2: cannot read a numb"):
        build_colombia("0.25", data_dir=data_copy)


def test_unknown_coca_band_lists_the_known_bands(data_copy):
    rows = _rows("departments.csv")
    line = next(i for i, d in enumerate(rows, 2) if not d["coca_ha_2023"] and d["name"] == "Meta")
    _edit(data_copy, "departments.csv", line, "coca_2023_band_ha", "lots")
    with pytest.raises(LandscapeError, match="Meta: unknown coca_2023_band_ha 'lots'; known: >30"):
        build_colombia("0.25", data_dir=data_copy)


def test_missing_column_is_named(data_copy):
    rows = [{k: v for k, v in d.items() if k != "pop_latest"} for d in _rows("departments.csv")]
    _write(data_copy / "departments.csv", rows)
    with pytest.raises(LandscapeError, match="departments.csv lacks column.s. pop_latest"):
        build_colombia("0.25", data_dir=data_copy)


def test_coca_and_gold_centre_on_the_enclaves_not_on_the_capitals():
    ls = load_colombia("0.25")
    coca, gold = ls.layers["coca_ha_2023"], ls.layers["gold"]

    def share(name: str, layer: np.ndarray, where: np.ndarray) -> float:
        mask = ls.department_mask(name)
        return float(layer[mask & where].sum() / layer[mask].sum())

    south = ls.lat < 9.0  # Cartagena, Bolívar's capital, is at 10.4 N
    assert share("Bolívar", coca, south) > 0.6 and share("Bolívar", gold, south) > 0.6
    pacific = ls.lon < -77.5  # Pasto, Nariño's capital, is at -77.3
    assert share("Nariño", coca, pacific) > 0.5
    catatumbo = ls.lat > 8.0  # Cúcuta is at 7.9 N
    assert share("Norte de Santander", coca, catatumbo) > 0.5


def test_illicit_centre_of_an_unknown_department_is_named(data_copy):
    rows = _rows("illicit_centres.csv")
    rows[0]["department"] = "Atlantis"
    _write(data_copy / "illicit_centres.csv", rows)
    with pytest.raises(LandscapeError, match="illicit_centres.csv: unknown department 'Atlantis'"):
        build_colombia("0.25", data_dir=data_copy)


def test_illicit_centre_off_colombia_is_an_error(data_copy):
    rows = _rows("illicit_centres.csv")
    rows[0]["lat"] = "45"
    _write(data_copy / "illicit_centres.csv", rows)
    with pytest.raises(LandscapeError, match=r"illicit_centres.csv, Nariño: lat is '45'; allowed"):
        build_colombia("0.25", data_dir=data_copy)


def test_department_names_are_read_once_per_version_of_the_file(tmp_path) -> None:
    """``department_names`` (the wars' check at set-up) follows the file it caches (issue 15)."""
    import shutil

    from model.geo.sources import DATA_DIR, department_names, read_departments

    assert department_names() == read_departments().names
    assert department_names() is department_names()
    shutil.copy(DATA_DIR / "departments.csv", tmp_path / "departments.csv")
    first = department_names(tmp_path)
    assert first == read_departments().names
    text = (tmp_path / "departments.csv").read_text(encoding="utf-8-sig")
    header, row, *rest = text.splitlines()
    (tmp_path / "departments.csv").write_text("\n".join([header, *rest]) + "\n")
    assert department_names(tmp_path) == read_departments(tmp_path).names != first
