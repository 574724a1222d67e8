import csv

import numpy as np
import pytest

from model.geo import (
    BORDER_CODES,
    COAST_CODES,
    COCA_TOTAL_2023_HA,
    LAYER_NAMES,
    OFF_GRID_DEPARTMENTS,
    RESOLUTIONS,
    LandscapeError,
    build_landscape,
    load_colombia,
    synthetic,
)
from model.geo.sources import DATA_DIR
from model.groups import GROUP_KEYS

DEPARTMENTS_CSV = DATA_DIR / "departments.csv"
LETICIA = (-4.19895, -69.941721)
BOGOTA = (4.649251, -74.106992)


def _departments() -> list[dict[str, str]]:
    with DEPARTMENTS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def col025():
    return load_colombia("0.25")


@pytest.fixture(scope="module")
def col010():
    return load_colombia("0.1")


@pytest.fixture(scope="module", params=["0.25", "0.1", "synthetic"])
def any_landscape(request):
    return build_landscape(request.param)


@pytest.mark.parametrize("written", ["0.25", 0.25, " 0.1 ", 0.1, "Synthetic"])
def test_resolutions_are_normalised(written):
    ls = build_landscape(written)
    assert ls.resolution == str(written).strip().lower()
    assert ls.resolution in RESOLUTIONS
    if ls.resolution != "synthetic":
        assert ls is load_colombia(ls.resolution)  # one cached landscape per resolution


def test_shapes_and_land_counts(col025, col010):
    assert (col025.width, col025.height) == (50, 68)
    assert col025.n_land == 1484
    assert col025.land.shape == (50, 68)
    assert (col010.width, col010.height) == (123, 169)
    assert col010.n_land == 9262
    # total land area ~ Colombia's 1.14 million km2
    for ls in (col025, col010):
        assert 1.10e6 < ls.cell_km2.sum() < 1.18e6


def test_layers_shape_and_zero_off_land(any_landscape):
    ls = any_landscape
    shape = (ls.width, ls.height)
    assert set(ls.layers) == set(LAYER_NAMES)
    off = ~ls.land
    for name, arr in ls.layers.items():
        assert arr.shape == shape, name
        assert np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.float64, name
        assert np.all(np.isfinite(arr)), name
        expected_off = -1 if name == "department" else 0
        assert np.all(arr[off] == expected_off), name
    for arr in (ls.cell_km2, ls.lat, ls.lon):
        assert arr.shape == shape
    assert np.all(ls.cell_km2[off] == 0)
    assert np.all(ls.cell_km2[ls.land] > 0)
    assert ls.group_presence.shape == (4, *shape)
    assert np.all(ls.group_presence[:, off] == 0)
    assert np.all((ls.group_presence >= 0) & (ls.group_presence <= 1))
    for name in ("remoteness", "coca_suitability", "gold"):
        vals = ls.layers[name][ls.land]
        assert vals.min() >= 0 and vals.max() == pytest.approx(1.0), name
    dep = ls.layers["department"][ls.land]
    assert dep.min() >= 0 and dep.max() < len(ls.department_names)
    assert set(np.unique(ls.layers["border_country"])) <= {0, *BORDER_CODES.values()}
    assert set(np.unique(ls.layers["coast"])) <= {0, *COAST_CODES.values()}
    assert np.allclose(
        ls.layers["pop_density"][ls.land], ls.layers["population"][ls.land] / ls.cell_km2[ls.land]
    )


def test_arrays_are_read_only(any_landscape):
    ls = any_landscape
    arrays = {"cell_km2": ls.cell_km2, "lat": ls.lat, "lon": ls.lon, **ls.layers}
    arrays["group_presence"] = ls.group_presence
    for name, arr in arrays.items():
        assert not arr.flags.writeable, name
    with pytest.raises(ValueError):
        ls.layers["population"][0, 0] = 1.0


@pytest.mark.parametrize("resolution", ["0.25", "0.1"])
def test_population_total(resolution):
    ls = load_colombia(resolution)
    expected = sum(
        float(d["pop_latest"]) for d in _departments() if d["name"] not in OFF_GRID_DEPARTMENTS
    )
    assert ls.layers["population"].sum() == pytest.approx(expected, rel=1e-3)
    # each department's cells carry its own population
    for d in _departments():
        if d["name"] in OFF_GRID_DEPARTMENTS:
            continue
        got = ls.layers["population"][ls.department_mask(d["name"])].sum()
        assert got == pytest.approx(float(d["pop_latest"]), rel=1e-6), d["name"]


@pytest.mark.parametrize("resolution", ["0.25", "0.1"])
def test_coca_total_and_exact_departments(resolution):
    ls = load_colombia(resolution)
    assert ls.layers["coca_ha_2023"].sum() == pytest.approx(COCA_TOTAL_2023_HA, rel=0.01)
    assert ls.layers["coca_ha_2023"][ls.department_mask("Putumayo")].sum() == pytest.approx(56933)
    assert ls.layers["coca_ha_2023"][ls.department_mask("Caldas")].sum() == 0


def test_coca_suitability_south_vs_cities(col025):
    suit = col025.layers["coca_suitability"]
    south = col025.department_mask("Putumayo") | col025.department_mask("Nariño")
    urban = col025.department_mask("Atlántico") | col025.department_mask("Bogotá D.C.")
    assert suit[south].mean() > suit[urban].mean()
    assert suit[col025.department_mask("Putumayo")].mean() > 0.1


def test_gold_hotspots(col025):
    gold = col025.layers["gold"]
    hotspots = (
        col025.department_mask("Chocó")
        | col025.department_mask("Antioquia")
        | col025.department_mask("Bolívar")
    )
    assert gold[hotspots].max() == pytest.approx(1.0)
    assert gold[col025.department_mask("Chocó")].max() > 0.2
    assert (
        gold[col025.department_mask("Chocó")].max() > gold[col025.department_mask("Guainía")].max()
    )
    assert gold[col025.department_mask("Cundinamarca")].max() == 0


def test_remoteness_and_orientation(col025):
    ls = col025
    bx, by = ls.nearest_land_cell(*BOGOTA)
    assert ls.layers["remoteness_km"][bx, by] < 25
    assert ls.layers["remoteness"][bx, by] < 0.03
    assert {c.name for c in ls.cities} >= {"Bogotá D.C.", "Medellín", "Santiago de Cali"}
    assert len({(c.lat, c.lon) for c in ls.cities}) == len(ls.cities)
    # y grows northward: the north-most land cell is in La Guajira and has the largest y
    xs, ys = np.nonzero(ls.land)
    top = int(np.argmax(ys))
    assert ls.department_names[ls.layers["department"][xs[top], ys[top]]] == "La Guajira"
    assert ls.lat[xs[top], ys[top]] == ls.lat[ls.land].max()
    lx, ly = ls.nearest_land_cell(*LETICIA)
    assert ly <= 2
    assert ls.department_names[ls.layers["department"][lx, ly]] == "Amazonas"
    # x grows eastward
    assert np.all(np.diff(ls.lon, axis=0) > 0)
    assert np.all(np.diff(ls.lat, axis=1) > 0)


def test_border_and_coast_codes(col025):
    ls = col025
    lx, ly = ls.nearest_land_cell(*LETICIA)
    border = ls.layers["border_country"]
    assert border[lx, ly] in (BORDER_CODES["BRA"], BORDER_CODES["PER"])
    assert np.any(border == BORDER_CODES["VEN"])
    tx, ty = ls.nearest_land_cell(1.807399, -78.764073)  # Tumaco
    assert ls.layers["coast"][tx, ty] == COAST_CODES["pacific"]
    cx, cy = ls.nearest_land_cell(10.385126, -75.496269)  # Cartagena
    assert ls.layers["coast"][cx, cy] == COAST_CODES["caribbean"]


def test_groups(col025, col010):
    for ls in (col025, col010):
        for g in range(len(GROUP_KEYS)):
            assert ls.group_presence[g].max() == 1.0, GROUP_KEYS[g]
        arauca = ls.department_mask("Arauca")
        assert np.all(ls.group_presence[GROUP_KEYS.index("eln"), arauca] == 1.0)
        vals = set(np.unique(ls.group_presence))
        assert vals <= {0.0, 0.4, 1.0}
    # Amazonas: EMC only recalled
    amazonas = col025.department_mask("Amazonas")
    assert np.all(col025.group_presence[GROUP_KEYS.index("emc"), amazonas] == 0.4)


def test_exits(col025, col010):
    for ls in (col025, col010):
        assert len(ls.exits) == 18
        land = ls.land
        for e in ls.exits:
            assert land[e.x, e.y], e.id
            assert e.confidence in ("verified", "recalled")
        dist = ls.layers["exit_distance_km"]
        assert dist[ls.land].max() > 300
        for e in ls.exits:
            assert dist[e.x, e.y] < 30


def test_unknown_resolution():
    with pytest.raises(LandscapeError) as err:
        build_landscape("0.5")
    for allowed in RESOLUTIONS:
        assert allowed in str(err.value)
    with pytest.raises(LandscapeError):
        load_colombia("synthetic")
    assert issubclass(LandscapeError, ValueError)


def test_synthetic_deterministic_and_seeded():
    a = synthetic(24, 18, seed=3)
    b = synthetic(24, 18, seed=3)
    c = synthetic(24, 18, seed=4)
    for name in LAYER_NAMES:
        np.testing.assert_array_equal(a.layers[name], b.layers[name])
    np.testing.assert_array_equal(a.group_presence, b.group_presence)
    assert not np.array_equal(a.layers["coca_suitability"], c.layers["coca_suitability"])
    assert not np.array_equal(a.layers["gold"], c.layers["gold"])


def test_synthetic_content():
    ls = build_landscape("synthetic", synthetic_shape=(10, 8), seed=1)
    assert ls.resolution == "synthetic"
    assert (ls.width, ls.height) == (10, 8)
    assert ls.n_land == 80
    assert ls.layers["population"].sum() == pytest.approx(1_000_000)
    assert ls.layers["coca_ha_2023"].sum() == pytest.approx(10_000)
    assert len(ls.cities) == 2 and len(ls.exits) == 2
    assert len(ls.department_names) == 4
    assert np.all(ls.layers["coast"][0, :-1] == COAST_CODES["pacific"])
    assert np.all(ls.layers["coast"][:, -1] == COAST_CODES["caribbean"])
    assert np.all(ls.layers["border_country"][-1, :] == BORDER_CODES["VEN"])
    for g in range(4):
        assert ls.group_presence[g].max() == 1.0
    # each group has its own quadrant; exactly one quadrant is shared
    shared = (ls.group_presence.sum(axis=0) > 1).sum()
    assert 0 < shared <= ls.n_land // 4 + ls.width + ls.height
    for city in ls.cities:
        assert ls.layers["remoteness_km"][city.x, city.y] == 0
    small = synthetic(4, 4, seed=0)
    assert small.n_land == 16
    with pytest.raises(LandscapeError):
        synthetic(3, 10)
