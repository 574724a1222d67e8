"""Movement restrictions (model/restrictions.py): the 2020 isolation holds back flight."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.calendar import month_index
from model.restrictions import (
    RESTRICTIONS_FILE,
    MovementRestrictions,
    RestrictionsDataError,
    read_restrictions,
)


def factor(label: str, start: str = "2018-01", weight: float = 1.0) -> float:
    return MovementRestrictions(start, weight).at(month_index(label, start))


def test_the_isolation_of_2020_holds_flight_back_from_april_to_august_only():
    (isolation,) = read_restrictions()
    assert (isolation.first_month, isolation.last_month) == ("2020-04", "2020-08")
    assert factor("2020-04") == factor("2020-08") == pytest.approx(0.43)
    assert factor("2020-03") == factor("2020-09") == factor("2024-01") == 1.0
    # IDMC: 139,000 in 2019, 106,000 in 2020, the whole fall put on the five months
    assert 1 - (1 - 106 / 139) * 12 / 5 == pytest.approx(isolation.flight_factor, abs=0.01)
    assert factor("2020-05", start="2020-05") == factor("2020-05")  # by calendar month
    assert factor("2020-05", start="2025-09") == factor("2020-05")  # before the run's start
    assert factor("2020-05", weight=0.0) == 1.0
    assert factor("2020-05", weight=0.5) == pytest.approx(1 - 0.5 * 0.57)


def at_by_labels(series: MovementRestrictions, month: int) -> float:
    """``MovementRestrictions.at`` as it was: each period's steps counted from its labels."""
    for period in series.periods:
        first = month_index(period.first_month, series.start_month)
        last = month_index(period.last_month, series.start_month)
        if first <= month <= last:
            return 1.0 - series.weight * (1.0 - period.flight_factor)
    return 1.0


@pytest.mark.parametrize("start", ["2018-01", "2020-04", "2020-08", "2025-09"])
@pytest.mark.parametrize("weight", [1.0, 0.5, 0.0, 0.37])
def test_the_steps_counted_once_give_what_the_labels_gave(start, weight):
    series = MovementRestrictions(start, weight)
    for month in range(-80, 200):
        assert series.at(month) == at_by_labels(series, month)


def test_a_broken_restrictions_file_is_refused_with_its_line(tmp_path: Path):
    header, row = RESTRICTIONS_FILE.read_text().splitlines()[:2]
    bad = tmp_path / "restrictions.csv"
    cases = [
        (row.replace(",0.43,", ",1.5,", 1), "line 2: flight_factor is '1.5'; allowed"),
        (row.replace("2020-04,", "2020-4,", 1), "line 2: first_month '2020-4' is not YYYY-MM"),
        (row.replace(",derived,", ",recalled,"), "line 2: confidence 'recalled'"),
        (row.replace("2020-04,2020-08", "2020-08,2020-04", 1), "line 2: empty period"),
    ]
    for text, message in cases:
        bad.write_text(f"{header}\n{text}\n")
        with pytest.raises(RestrictionsDataError, match=message):
            read_restrictions(bad)
    bad.write_text(f"{header}\n{row}\n{row}\n")
    with pytest.raises(RestrictionsDataError, match="line 3: overlaps"):
        read_restrictions(bad)
    bad.write_text(header.replace("flight_factor,", "") + "\n")
    with pytest.raises(RestrictionsDataError, match="missing column.*flight_factor"):
        read_restrictions(bad)


def test_fewer_flee_during_the_isolation_all_else_equal(make_model, run_events):
    def displaced(weight: float) -> list[float]:
        overrides = {"simulation.start_month": "2020-04", "migration.restriction_weight": weight}
        m = make_model(seed=3, overrides=overrides)
        return run_events(m, 6, ["displaced_new"])["displaced_new"]

    held, free = displaced(1.0), displaced(0.0)  # April to September 2020
    # April-August: about 0.43 of the flight (people are rounded into households)
    assert 0.2 * sum(free[:5]) < sum(held[:5]) < 0.7 * sum(free[:5])
    assert held[5] > 0  # September: flight resumes
