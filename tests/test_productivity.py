"""UNODC's yield per hectare by year (model/trafficking/productivity.py), a forcing from data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.calendar import month_index
from model.geo import synthetic
from model.groups import GROUP_KEYS
from model.observed import read_series
from model.params import Params
from model.relations import build_relations
from model.trafficking import Trafficking
from model.trafficking.productivity import (
    PRODUCTIVITY_FILE,
    REFERENCE_YEAR,
    ProductivityDataError,
    YieldIndex,
    read_yields,
)


def test_each_yield_is_unodc_potential_over_the_mean_of_the_bracketing_censuses():
    """The file stays in step with the targets it is derived from (its arithmetic, redone)."""
    series = read_series(("cocaine_potential_t_unodc", "coca_ha_unodc"))
    potential, area = series["cocaine_potential_t_unodc"], series["coca_ha_unodc"]
    yields = read_yields()
    assert [y.year for y in yields] == list(range(2017, REFERENCE_YEAR + 1))
    for y in yields:
        tonnes = 1058.0 if y.year == 2017 else potential.in_year(y.year)  # 2017: revised method
        mean_ha = (area.in_year(y.year - 1) + area.in_year(y.year)) / 2
        assert y.kg_per_ha_year == pytest.approx(tonnes * 1000 / mean_ha, abs=0.006)
        assert y.confidence == "derived"


def index(label: str, start: str = "2018-01") -> float:
    return YieldIndex(start).at(month_index(label, start))


def test_the_index_is_one_from_the_reference_year_and_follows_the_years_before():
    assert index("2023-01") == index("2025-09", start="2025-09") == index("2031-12") == 1.0
    assert index("2018-06") == pytest.approx(6.59 / 11.03)
    assert index("2020-12") == pytest.approx(8.27 / 11.03)
    # a year's index holds for its twelve months, whatever the start month
    assert index("2019-01") == index("2019-12") == index("2019-07", start="2016-05")
    assert index("2016-03", start="2016-01") == pytest.approx(6.68 / 11.03)  # before: first year
    # UNODC's productivity rose: 2018 < 2020 < 2023
    assert index("2018-01") < index("2020-01") < index("2023-01")


def test_production_follows_the_index_of_the_month_being_produced():
    landscape = synthetic(10, 8, seed=3)
    coca = landscape.layers["coca_ha_2023"]

    def produced(start: str, month: int, weight: float = 1.0) -> np.ndarray:
        params = Params.from_overrides(
            {"simulation.start_month": start, "trafficking.yield_by_year": weight}
        )
        process = Trafficking(params, landscape, build_relations(GROUP_KEYS), GROUP_KEYS)
        return process.production(coca, month)

    now = produced("2025-09", 0)
    np.testing.assert_allclose(now, coca * Params().trafficking.yield_kg_per_ha_year / 12)
    np.testing.assert_allclose(produced("2018-03", 0), now * index("2018-03"))
    np.testing.assert_allclose(produced("2018-03", 10), now * index("2019-01"))
    np.testing.assert_allclose(produced("2022-12", 1), now)  # January 2023: the reference
    np.testing.assert_allclose(produced("2018-03", 0, weight=0.0), now)  # off: 2023's yield
    assert Params().trafficking.yield_by_year == 1.0  # the default: the data


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "yields.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_broken_yield_file_is_refused_with_its_line_and_what_is_allowed(tmp_path: Path):
    text = PRODUCTIVITY_FILE.read_text(encoding="utf-8").splitlines()
    head, rows = text[0], text[1:]
    with pytest.raises(ProductivityDataError, match="line 3: year 2019 does not follow 2017"):
        read_yields(write(tmp_path, [head, rows[0], rows[2], *rows[3:]]))
    with pytest.raises(ProductivityDataError, match="line 2: .*yield_kg_per_ha_year"):
        read_yields(write(tmp_path, [head, rows[0].replace("6.68", "high"), *rows[1:]]))
    recalled = rows[1].replace(",derived,", ",recalled,")
    with pytest.raises(ProductivityDataError, match="line 3: confidence 'recalled'; allowed"):
        read_yields(write(tmp_path, [head, rows[0], recalled, *rows[2:]]))
    with pytest.raises(ProductivityDataError, match="no row for the reference year"):
        read_yields(write(tmp_path, [head, *rows[:-1]]))
    with pytest.raises(ProductivityDataError, match="cannot read the coca yields file"):
        read_yields(tmp_path / "missing.csv")


def test_each_step_produces_at_its_own_months_index():
    from tests.test_trafficking import NoGroups, StaticForces, status_quo_inputs

    landscape = synthetic(10, 8, seed=3)
    params = Params.from_overrides(
        {"simulation.start_month": "2022-11", "trafficking.yield_by_year": 1.0}
    )
    shape = (landscape.width, landscape.height)
    presence = np.full(shape, 0.4)
    forces = StaticForces(state=np.full(shape, 50.0), police=np.full(shape, 50.0))
    world = (presence, forces, NoGroups(shape), status_quo_inputs(params))
    coca = landscape.layers["coca_ha_2023"]
    process = Trafficking(params, landscape, build_relations(GROUP_KEYS), GROUP_KEYS)
    full = float(coca.sum()) * params.trafficking.yield_kg_per_ha_year / 12 / 1000  # t a month
    at_start = process.start(coca, *world).potential_t
    months = [process.step(coca, *world).potential_t for _ in range(3)]  # 2022-11, -12, 2023-01
    assert at_start == pytest.approx(full * index("2022-11"))
    assert months == pytest.approx([full * index("2022-11")] * 2 + [full])
