"""Emigration toward the U.S. (model/emigration.py): the border series and the hazard."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import model.emigration_series as emigration_series
from model.calendar import month_index
from model.emigration import (
    BORDER_FILE,
    OTHER_BORDERS_FILE,
    OTHER_COLUMN,
    ROUTE_FILE,
    BorderDataError,
    BorderOpenness,
    ColombianRoute,
    economic_push,
    hazard,
    other_borders,
    other_borders_reach,
    read_border_periods,
    read_route_periods,
)
from model.emigration_series import kept_series
from model.params import EmigrationParams, Params


def openness(label: str, start: str = "2018-01", **params: float) -> float:
    border = BorderOpenness(start, EmigrationParams(**params))
    return border.at(month_index(label, start))


def test_the_border_periods_cover_2017_10_to_2025_09_without_gaps():
    periods = read_border_periods()
    assert periods[0].first_month == "2017-10" and periods[-1].last_month == "2025-09"
    for before, after in zip(periods, periods[1:], strict=False):
        assert month_index(after.first_month, before.last_month) == 1
    assert {p.confidence for p in periods} <= {"verified", "derived"}  # never recalled


def test_openness_is_one_in_fy2023_and_follows_the_policy_periods():
    assert openness("2023-03") == 1.0
    assert openness("2022-05") > 1.0  # FY2022, Title 42 era
    assert openness("2024-03") > 0.9  # after Title 42, before June 2024
    assert openness("2024-08") < 0.4  # June 2024 proclamation
    assert openness("2025-07") < 0.05  # January 2025 proclamations
    assert openness("2023-12") > openness("2023-11")  # a month with its own figure
    assert openness("2020-05") < openness("2021-05")
    # the same calendar month gives the same openness whatever the start month
    assert openness("2024-08", start="2016-01") == openness("2024-08", start="2024-08")
    assert openness("2016-05", start="2016-01") == openness("2018-01")  # before: first period


def test_after_the_data_the_last_policys_mean_holds_times_the_scale():
    months = [f"2025-{m:02d}" for m in range(2, 10)]  # the January 2025 proclamations in force
    mean = np.mean([openness(m) for m in months])
    assert openness("2027-03") == pytest.approx(mean)
    assert openness("2025-10") == pytest.approx(mean)
    assert openness("2027-03", future_border_openness_scale=10.0) == pytest.approx(10 * mean)
    assert openness("2025-09", future_border_openness_scale=10.0) == openness("2025-09")


def test_a_broken_border_file_is_refused_with_its_line(tmp_path: Path):
    text = BORDER_FILE.read_text().splitlines()
    bad = tmp_path / "border.csv"
    bad.write_text("\n".join([text[0], text[1], text[3]]) + "\n")  # a period missing
    with pytest.raises(BorderDataError, match="line 3"):
        read_border_periods(bad)
    bad.write_text("\n".join([text[0], text[1].replace("33048", "many")]) + "\n")
    with pytest.raises(BorderDataError, match="line 2"):
        read_border_periods(bad)


def other(label: str, start: str = "2018-01", **params: float) -> float:
    return other_borders(start, EmigrationParams(**params)).at(month_index(label, start))


def test_the_other_borders_fall_to_a_third_of_fy2023_from_february_2025():
    periods = read_border_periods(OTHER_BORDERS_FILE, OTHER_COLUMN)
    assert periods[0].first_month == "2022-10" and periods[-1].last_month == "2025-09"
    assert {p.confidence for p in periods} <= {"verified", "derived"}
    # nothing changes before the January 2025 proclamations (FY2023's level, held)
    assert other("2019-06") == other("2023-03") == other("2025-01") == 1.0
    # July 2025: (24,628 nationwide - 4,601 Border Patrol at the southwest border) / FY2023's
    assert other("2025-07") == pytest.approx(20027 / ((3.2e6 - 2475669) / 12), rel=1e-4)
    assert 0.25 < other("2025-09") < other("2025-08") < other("2025-07") < 0.35
    months = [f"2025-{m:02d}" for m in range(2, 10)]
    mean = np.mean([other(m) for m in months])
    assert other("2025-02") == pytest.approx(mean, rel=1e-4)  # months not read: the mean
    # after the data the last policy's mean holds; the southwest border's scale does not apply
    assert other("2027-03") == pytest.approx(mean)
    assert other("2027-03", future_border_openness_scale=5.0) == pytest.approx(mean)
    assert other("2025-07", start="2025-07") == other("2025-07")  # by calendar month
    reach = other_borders_reach(1.0, EmigrationParams(), other("2025-07"))
    assert reach == pytest.approx(0.0363 * other("2025-07"))


def test_a_broken_other_borders_file_is_refused_with_its_line(tmp_path: Path):
    text = OTHER_BORDERS_FILE.read_text().splitlines()
    bad = tmp_path / "other.csv"
    bad.write_text("\n".join([text[0], text[1], text[3]]) + "\n")  # a period missing
    with pytest.raises(BorderDataError, match="line 3: does not follow"):
        read_border_periods(bad, OTHER_COLUMN)
    bad.write_text("\n".join([text[0], text[1].replace("60361", "-5")]) + "\n")
    with pytest.raises(BorderDataError, match="line 2: negative level"):
        read_border_periods(bad, OTHER_COLUMN)
    bad.write_text("\n".join([text[0], text[1].replace(",derived,", ",recalled,")]) + "\n")
    with pytest.raises(BorderDataError, match="line 2: confidence 'recalled'"):
        read_border_periods(bad, OTHER_COLUMN)
    bad.write_text("\n".join([text[0].replace(OTHER_COLUMN, "level"), text[1]]) + "\n")
    with pytest.raises(BorderDataError, match=OTHER_COLUMN):
        read_border_periods(bad, OTHER_COLUMN)


def route(label: str, start: str = "2018-01", **params: float) -> float:
    return ColombianRoute(start, EmigrationParams(**params)).at(month_index(label, start))


def test_the_route_file_covers_the_border_files_months_without_gaps():
    periods = read_route_periods(ROUTE_FILE)
    border = read_border_periods()
    assert periods[0].first_month == border[0].first_month
    assert periods[-1].last_month == border[-1].last_month
    assert {p.confidence for p in periods} <= {"verified", "derived"}


def test_the_route_is_small_before_shut_in_2020_spreads_to_full_use_and_shrinks_in_2025():
    before = route("2019-06")
    assert 0.01 < before < 0.05  # FY2020's share of the border, 0.2% against FY2023's 7.8%
    assert route("2020-05") == 0.0  # Colombia's international flights suspended
    resumed = route("2020-10")
    assert 0 < resumed < before and route("2021-02") == route("2021-03") == resumed
    ramp = [route(f"{y}-{m:02d}") for y, m in [(2021, 3), (2021, 4), (2021, 9), (2022, 1)]]
    assert ramp == sorted(ramp) and ramp[-1] == pytest.approx(0.302)
    # a constant monthly growth: equal ratios over equal spans of months
    assert route("2021-06") / route("2021-03") == pytest.approx(route("2021-09") / route("2021-06"))
    assert route("2022-01") < route("2022-02") < route("2022-03") == 1.0
    assert route("2023-03") == route("2025-01") == 1.0
    # the January 2025 proclamations: about a fifth of FY2023's share, held after the data
    assert route("2025-02") == route("2025-09") == route("2027-01") == pytest.approx(0.194)
    assert route("2016-05", start="2016-01") == before  # before the data the first level
    assert route("2021-04", start="2020-06") == route("2021-04")  # by calendar month
    assert route("2020-05", route_weight=0.0) == route("2019-06", route_weight=0.0) == 1.0
    assert route("2019-06", route_weight=0.5) == pytest.approx(before**0.5)


def test_flights_run_in_every_month_but_those_of_the_2020_suspension():
    trip = ColombianRoute("2018-01", EmigrationParams())
    months = [month_index(f"{y}-{m:02d}", "2018-01") for y in (2018, 2020, 2021) for m in (3, 6)]
    assert [trip.air_travel(k) for k in months] == [1, 1, 1, 0, 1, 1]
    assert trip.air_travel(-30) == 1 and trip.air_travel(200) == 1  # before and after the data
    assert other_borders_reach(0.0, EmigrationParams()) == 0.0
    assert other_borders_reach(1.0, EmigrationParams()) == pytest.approx(0.0363)


def test_a_broken_route_file_is_refused_with_its_line(tmp_path: Path):
    text = ROUTE_FILE.read_text().splitlines()
    bad = tmp_path / "route.csv"
    bad.write_text("\n".join([text[0], text[1], text[3]]) + "\n")  # a period missing
    with pytest.raises(BorderDataError, match="line 3: does not follow"):
        read_route_periods(bad)
    bad.write_text("\n".join([text[0], text[1].replace(",derived,", ",recalled,")]) + "\n")
    with pytest.raises(BorderDataError, match="line 2: confidence 'recalled'"):
        read_route_periods(bad)
    row = text[1].split(",")
    row[3] = "0.0"  # a geometric ramp from 0.0271 to 0
    bad.write_text("\n".join([text[0], ",".join(row)]) + "\n")
    with pytest.raises(BorderDataError, match="line 2: a geometric ramp"):
        read_route_periods(bad)
    row = text[1].split(",")
    row[4] = "2"  # air travel is a share of the month's flights
    bad.write_text("\n".join([text[0], ",".join(row)]) + "\n")
    with pytest.raises(BorderDataError, match="line 2: air_travel 2.0 outside 0-1"):
        read_route_periods(bad)
    header = text[0].replace("air_travel,", "")
    row = text[1].split(",")
    del row[4]  # a file of the old format, without the column
    bad.write_text("\n".join([header, ",".join(row)]) + "\n")
    with pytest.raises(BorderDataError, match="air_travel"):
        read_route_periods(bad)


def test_the_hazard_rises_with_a_weaker_economy_violence_and_an_open_border():
    p = EmigrationParams()
    events = np.array([[0.0, 3.0, 500.0]])
    base = hazard(1.0, events, 1.0, p)[0]
    assert base[0] == pytest.approx(p.resident_hazard)
    assert base[1] == pytest.approx(p.resident_hazard * (1 + 3 * p.violence_weight))
    assert base[2] == pytest.approx(p.resident_hazard * (1 + p.violence_cap * p.violence_weight))
    np.testing.assert_allclose(hazard(0.9, events, 1.0, p)[0], base * economic_push(0.9, p))
    assert economic_push(0.9, p) > 1.0 and economic_push(1.1, p) == 1.0
    np.testing.assert_allclose(hazard(1.0, events, 0.1, p)[0], base * 0.1)


def emigrants(make_model, overrides, months=8, regime="certified") -> float:
    m = make_model(regime, seed=21, overrides=overrides)
    m.run(months)
    return float(m.migration.emigrated)


def test_a_weaker_economy_raises_emigration_all_else_equal(make_model):
    # the same regime and seed; only the size of the lending shock differs
    weak = emigrants(make_model, {"economy.lending_shock": 0.3}, regime="full_cutoff")
    strong = emigrants(make_model, {"economy.lending_shock": 0.0}, regime="full_cutoff")
    assert weak > 1.05 * strong


def southwest(make_model, overrides, months=8) -> tuple[float, float]:
    m = make_model("certified", seed=21, overrides=overrides)
    swb = 0.0
    for _ in range(months):
        m.step()
        swb += m.events.get("emigrants_us_swb")
    return swb, float(m.migration.emigrated)


def test_a_more_open_border_raises_emigration_all_else_equal(make_model):
    # from 2025-10 on (after the data) the border is five times as open in the second run
    shut, shut_all = southwest(make_model, {})
    reopened, reopened_all = southwest(make_model, {"emigration.future_border_openness_scale": 5.0})
    assert reopened > 3.0 * shut  # the southwest border's departures follow its openness
    # the other U.S. borders' do not: the total rises by the southwest border's rise alone
    assert reopened_all - shut_all == pytest.approx(reopened - shut, rel=0.25)
    assert reopened_all > shut_all


def test_emigration_in_a_hindcast_follows_the_border(make_model):
    m = make_model(seed=2, overrides={"simulation.start_month": "2022-10"})
    flows = []
    for _ in range(36):  # October 2022 to September 2025
        m.step()
        flows.append(m.events.get("emigrants_us"))
    fy2023, last_months = np.mean(flows[:12]), np.mean(flows[-6:])
    assert last_months < 0.1 * fy2023
    assert m.outcomes["us_border_openness"].compute(m) == pytest.approx(openness("2025-09"))
    assert openness("2025-09") == pytest.approx(8400 / 170500)
    assert Params().emigration.idp_hazard_ratio >= 1.0


def test_a_run_reads_the_other_borders_openness_month_by_month(make_model):
    m = make_model(seed=2, overrides={"simulation.start_month": "2025-01"})
    ratio = m.params.emigration.other_borders_ratio
    assert m.migration.other_reach == pytest.approx(ratio)  # January 2025: FY2023's level
    reach = []
    for _ in range(3):
        m.step()
        reach.append(m.migration.other_reach)
    assert reach[0] == pytest.approx(ratio)
    assert reach[1:] == pytest.approx([ratio * other("2025-02"), ratio * other("2025-03")])


def test_nobody_reaches_the_border_while_colombias_flights_are_suspended(make_model):
    m = make_model(seed=2, overrides={"simulation.start_month": "2020-03"})
    flows = []
    for _ in range(8):  # March to October 2020
        m.step()
        flows.append(m.events.get("emigrants_us"))
    assert flows[0] > 0 and flows[-1] > 0  # March and October: the route's small level
    assert flows[1:7] == [0.0] * 6  # April to September 2020: no flight, no route


def _by_labels(border: BorderOpenness, route: ColombianRoute, month: int) -> tuple[float, ...]:
    """The series' look-ups as first written: every period's labels counted at every call."""
    first = border.periods[0]
    offset = month - month_index(first.first_month, border.start_month)
    level = border.future
    if offset < 0:
        level = first.per_month / border.reference
    else:
        for period in border.periods:
            if month_index(period.last_month, first.first_month) >= offset:
                level = period.per_month / border.reference
                break
    first = route.periods[0]
    offset = month - month_index(first.first_month, route.start_month)
    access, air = route.periods[-1].access_end, route.periods[-1].air_travel
    if offset < 0:
        access, air = first.access_start, first.air_travel
    else:
        for period in route.periods:
            if month_index(period.last_month, first.first_month) >= offset:
                span = month_index(period.last_month, period.first_month)
                k = offset - month_index(period.first_month, first.first_month)
                access, air = period.access_start, period.air_travel
                if span and period.access_start != period.access_end:
                    ratio = period.access_end / period.access_start
                    access = period.access_start * ratio ** (k / span)
                break
    return level, access, air


@pytest.mark.parametrize("start", ["2015-06", "2017-10", "2021-03", "2025-09", "2027-01"])
def test_the_series_counted_once_are_the_series_counted_at_every_month(start):
    """Each period's months are counted when a series is built (issue 15): the same floats."""
    params = EmigrationParams()
    border, route = BorderOpenness(start, params), ColombianRoute(start, params)
    for month in range(-3, 130):
        got = (border.at(month), route.access(month), route.air_travel(month))
        assert got == _by_labels(border, route, month)


def test_kept_series_are_shared_and_look_up_as_each_series_does(monkeypatch):
    """One :class:`EmigrationSeries` per start month, parameters and files (issue 15)."""
    params = EmigrationParams(route_weight=0.7, future_border_openness_scale=0.5)
    series = kept_series("2018-01", params)
    assert kept_series("2018-01", EmigrationParams(**params.model_dump())) is series
    assert kept_series("2019-01", params) is not series
    border, route = BorderOpenness("2018-01", params), ColombianRoute("2018-01", params)
    other = other_borders("2018-01", params)
    for step in (*range(-3, 130), 0, 5):  # again: remembered
        want = (border.at(step), route.at(step), route.air_travel(step), other.at(step))
        assert series.month(step) == want
    # another file's contents: read again
    monkeypatch.setattr(emigration_series, "file_digest", lambda path: f"edited {path.name}")
    assert kept_series("2018-01", params) is not series
