"""The armed groups' strongholds (model/geo/group_zones.py) and where fronts start in them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from model.geo import LandscapeError, build_colombia, load_colombia
from model.geo.geometry import LandCells
from model.geo.group_zones import (
    GROUP_ZONES_FILE,
    Zone,
    read_group_zones,
    zone_layer,
    zoned_home,
)
from model.geo.sources import DATA_DIR
from model.groups import GROUP_KEYS
from model.params import Params
from model.placement import front_weights, territory
from model.simulation import ColombiaModel
from runs.areas import build_areas


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _rewrite(data_dir: Path, field: str, value: str) -> None:
    path = data_dir / GROUP_ZONES_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][field] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("group", "Pelusos", r"group_zones.csv, Pelusos in .*: unknown group 'Pelusos'"),
        ("department", "Atlantis", r"unknown department 'Atlantis'; known: "),
        ("lat", "45", r"lat is '45'; allowed: "),
        ("radius_km", "2000", r"radius_km is '2000'; allowed: 5 to 300"),
        ("lon", "west", r"cannot read .*lon.* from 'west'|lon"),
    ],
)
def test_a_bad_zone_names_the_file_row_and_field(data_copy, field, value, message):
    _rewrite(data_copy, field, value)
    with pytest.raises(LandscapeError, match=message):
        build_colombia("0.25", data_dir=data_copy)


def test_without_the_file_no_group_has_a_stronghold(data_copy):
    (data_copy / GROUP_ZONES_FILE).unlink()
    names = load_colombia("0.25").department_names
    assert read_group_zones(names, data_copy) == ()


def test_a_zone_covers_the_cells_within_its_radius_whatever_their_fitted_department():
    land = np.ones((4, 1), dtype=bool)
    lat = np.array([[0.0], [0.25], [0.5], [1.0]])
    lon = np.zeros((4, 1))
    cells = LandCells.of(land, lat, lon, 0.25)
    names = ("A", "B")
    zone = Zone("eln", "B", "test", 0.0, 0.0, 40.0)  # 0.25 degree is about 28 km
    layer = zone_layer((zone,), names, cells)
    eln = GROUP_KEYS.index("eln")
    assert layer[eln, :, 0].tolist() == [1, 1, -1, -1]
    assert (layer[[g for g in range(len(GROUP_KEYS)) if g != eln]] == -1).all()
    table = np.zeros((len(GROUP_KEYS), 2))
    table[eln] = [0.25, 0.5]  # the ELN's home in A and B
    home = np.zeros(layer.shape)
    home[eln] = 0.25  # every cell is A's on the fitted borders
    # the stronghold's cells have B's home, the others keep A's
    assert zoned_home(table, layer, home)[eln, :, 0].tolist() == [0.5, 0.5, 0.25, 0.25]


def test_a_stronghold_takes_its_departments_fronts_wherever_the_fitted_borders_put_it():
    department = np.array([[0, 0, 0, 1, 1, 1]])
    zone = np.full(department.shape, -1)
    zone[0, 2] = 1  # a stronghold of department 1 on a cell the fitted borders give to 0
    home = np.where(territory(department, zone) == 0, 1.0, 0.5)
    value = np.zeros(department.shape)
    weights = front_weights(home, department, value, 2.0, zone)
    assert weights.sum() == pytest.approx(1.0)
    # department 1 keeps its share (0.5**2 against 1), all of it in the stronghold
    assert weights[0, 2] == pytest.approx(0.25 / 1.25)
    assert weights[0, 3:].sum() == 0.0
    assert weights[0, :2].sum() == pytest.approx(1.0 / 1.25)
    assert territory(department, zone)[0].tolist() == [0, 0, 1, 1, 1, 1]
    plain = front_weights(np.where(department == 0, 1.0, 0.5), department, value, 2.0)
    assert plain[0, 3:].sum() == pytest.approx(0.25 / 1.25)


def test_the_shipped_strongholds_lie_where_their_regions_are():
    ls = load_colombia("0.25")
    areas = build_areas(ls)
    zone = ls.group_zone
    names = ls.department_names

    def covered(key: str, region: str) -> float:
        mask = areas.matrix[areas.index(region)].reshape(ls.land.shape) > 0
        return float((zone[GROUP_KEYS.index(key)][mask] >= 0).mean())

    # the ELN's Serranía de San Lucas covers most of southern Bolívar, whose fitted
    # departments are mostly Santander, Magdalena and Antioquia, and counts as Bolívar
    assert covered("eln", "southern Bolívar") > 0.5
    in_box = areas.matrix[areas.index("southern Bolívar")].reshape(ls.land.shape) > 0
    eln = zone[GROUP_KEYS.index("eln")]
    assert {names[d] for d in eln[in_box & (eln >= 0)]} == {"Bolívar"}
    assert covered("eln", "Catatumbo") > 0.5
    assert covered("sm", "Nariño") > 0.1 and covered("emc", "Cauca") > 0.2
    # and carries the ELN's home in Bolívar, not that of the fitted departments
    bolivar = ls.department_mask("Bolívar") & (eln < 0)
    home = ls.group_home[GROUP_KEYS.index("eln")]
    assert np.all(home[in_box & (eln >= 0)] == home[bolivar].max())


def test_the_groups_of_narino_hold_separate_zones():
    """The sources place the ELN and the EMC in Nariño's cordillera, the SM on its coast."""
    ls = load_colombia("0.25")
    nariño = ls.department_names.index("Nariño")

    def cells(key: str) -> np.ndarray:
        return ls.group_zone[GROUP_KEYS.index(key)] == nariño

    eln, emc, sm = cells("eln"), cells("emc"), cells("sm")
    assert eln.any() and emc.any() and sm.any()
    assert not (eln & sm).any() and not (emc & sm).any()
    # the cordillera lies east of the Pacific lowlands
    assert ls.lon[eln].min() > ls.lon[sm].max() and ls.lon[emc].min() > ls.lon[sm].max()
    # the ELN's Comuneros del Sur south of the EMC's Franco Benavides column
    assert ls.lat[eln].mean() < ls.lat[emc].mean()


def test_fronts_start_in_their_strongholds():
    overrides = {"simulation.start_month": "2025-09", "simulation.front_settling_rounds": 0}
    model = ColombiaModel(Params.from_overrides(overrides), rng=1)
    ls = model.landscape
    bolivar = ls.department_names.index("Bolívar")
    eln = next(g for g in model.groups if g.key == "eln")
    zone = ls.group_zone[eln.index - 1]
    where = territory(ls.layers["department"], zone)
    in_bolivar = [f for f in eln.fronts if where[f.cell.coordinate] == bolivar]
    assert in_bolivar  # as many as its sources give Bolívar, all in the Serranía
    assert all(zone[f.cell.coordinate] == bolivar for f in in_bolivar)
