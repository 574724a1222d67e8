"""The scorecard's pure parts: periods, the targets file, the registry, aggregation, criteria,
trends and the terminal table (no model runs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import write_targets
from rich.console import Console

from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from runs.areas import Areas
from runs.periods import PeriodError, label, ordinal, parse_period
from runs.places import PresenceMap
from runs.probe import probe_measures
from runs.score import Scorecard, ScoreOptions, classify, plan_span
from runs.score_series import FLAT, trends
from runs.score_view import WIDTH, human, print_scorecard
from runs.scoring import ModelRuns, Record, judge
from runs.series import EXCLUDED, SERIES, check_registry
from runs.targets import COLUMNS, SHIPPED_TARGETS, TargetsError, load_targets

# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2023", "year", "2023-01", "2023-12"),
        ("FY2023", "fiscal_year", "2022-10", "2023-09"),
        ("2025-06", "month", "2025-06", "2025-06"),
        ("2023-H1", "span", "2023-01", "2023-06"),
        ("2024-H2", "span", "2024-07", "2024-12"),
        ("2003-2006", "span", "2003-01", "2006-12"),
        ("FY2022-FY2024", "span", "2021-10", "2024-09"),
        ("2025-01 to 2025-09", "span", "2025-01", "2025-09"),
        ("FY2024 (Oct 2023-Jul 2024)", "span", "2023-10", "2024-07"),
        ("FY2022-FY2024 (through Jul 2024)", "span", "2021-10", "2024-07"),
        ("2025 (request)", "year", "2025-01", "2025-12"),
    ],
)
def test_periods_are_read_as_months(text, kind, first, last):
    period = parse_period(text)
    assert (period.kind, label(period.first), label(period.last)) == (kind, first, last)


def test_a_day_in_a_period_weights_its_month_by_the_days_inside():
    period = parse_period("2024-01 to 2024-11-21")
    assert period.weights()[-1] == pytest.approx(21 / 30)
    assert period.weights()[:-1] == [1.0] * 10
    start = parse_period("2024-01-16 to 2024-02")
    assert start.weights()[0] == pytest.approx(16 / 31)


@pytest.mark.parametrize("text", ["soon", "2023-13", "2024-02-30 to 2024-03", "2025 to 2024"])
def test_malformed_periods_are_errors(text):
    with pytest.raises(PeriodError):
        parse_period(text)


# --- the targets file ------------------------------------------------------------------------


def test_the_shipped_targets_file_reads_and_its_scorable_periods_parse():
    targets = load_targets(SHIPPED_TARGETS)
    assert len(targets) > 300
    candidates, skipped = classify(targets)
    assert candidates and skipped


def test_a_missing_column_names_the_file_and_the_column(tmp_path):
    path = write_targets(tmp_path / "t.csv", [{"series": "kidnappings"}], COLUMNS[:-2])
    with pytest.raises(TargetsError, match=r"t\.csv, row 1.*'confidence', 'note'"):
        load_targets(path)


def test_a_non_numeric_value_names_file_row_and_column(tmp_path):
    rows = [
        {"series": "kidnappings", "year": "2020", "value": "162"},
        {"series": "kidnappings", "year": "2021", "value": "about 160"},
    ]
    path = write_targets(tmp_path / "t.csv", rows)
    with pytest.raises(TargetsError, match=r"t\.csv, row 3, column 'value': 'about 160'"):
        load_targets(path)


def test_an_unknown_confidence_lists_the_allowed_flags(tmp_path):
    rows = [{"series": "kidnappings", "year": "2020", "value": "162", "confidence": "likely"}]
    path = write_targets(tmp_path / "t.csv", rows)
    with pytest.raises(TargetsError, match="row 2, column 'confidence'.*verified, derived"):
        load_targets(path)


def test_an_unparseable_period_of_a_scorable_row_names_its_row(tmp_path):
    rows = [{"series": "kidnappings", "year": "last year", "value": "162"}]
    targets = load_targets(write_targets(tmp_path / "t.csv", rows))
    with pytest.raises(TargetsError, match="row 2, column 'year'"):
        classify(targets)


def test_recalled_unknown_excluded_and_unmeasured_rows_are_not_candidates(tmp_path):
    rows = [
        {"series": "kidnappings", "year": "2020", "value": "162"},
        {"series": "kidnappings", "year": "2021", "value": "160", "confidence": "recalled"},
        {"series": "no_such_series", "year": "2021", "value": "1"},
        {"series": "coca_ha_usg", "year": "2020", "value": "245000"},
        {"series": "homicides", "year": "2021", "value": "13000"},
    ]
    candidates, skipped = classify(load_targets(write_targets(tmp_path / "t.csv", rows)))
    assert [(c.target.series, c.target.year) for c in candidates] == [("kidnappings", "2020")]
    kinds = {n.series: n.kind for n in skipped}
    assert kinds == {
        "kidnappings": "recalled",
        "no_such_series": "unknown series",
        "coca_ha_usg": "excluded",
        "homicides": "no model outcome",
    }
    assert all(n.row for n in skipped)


def test_no_recalled_row_of_the_shipped_file_is_a_candidate():
    candidates, skipped = classify(load_targets(SHIPPED_TARGETS))
    assert not any(c.target.recalled for c in candidates)
    assert sum(n.kind == "recalled" for n in skipped) == sum(
        t.recalled for t in load_targets(SHIPPED_TARGETS)
    )


def test_the_registry_names_only_measures_the_model_or_the_probe_produces():
    check_registry(set(outcome_registry(GROUP_KEYS)) | set(probe_measures(GROUP_KEYS)))
    assert not set(SERIES) & set(EXCLUDED)


def test_the_default_span_starts_at_the_first_needed_month_not_before_2018(tmp_path):
    rows = [
        {"series": "kidnappings", "year": "2016", "value": "1"},
        {"series": "coca_ha_unodc", "year": "2023", "value": "253000"},
    ]
    candidates, _ = classify(load_targets(write_targets(tmp_path / "t.csv", rows)))
    start, months = plan_span(ScoreOptions(regime="history_2016_2025"), candidates)
    assert (label(start), label(start + months - 1)) == ("2018-01", "2023-12")
    start, months = plan_span(ScoreOptions(start="2016-01"), candidates)
    assert label(start) == "2016-01"
    start, months = plan_span(ScoreOptions(regime="certified", start="2025-09"), candidates)
    assert months == 24


# --- aggregation, criteria, trends -----------------------------------------------------------


def fake_runs(start: str, values: dict[str, np.ndarray]) -> ModelRuns:
    """ModelRuns over given ``[seed, month]`` arrays (no places)."""
    names = tuple(values)
    series = np.stack([values[n] for n in names], axis=2)
    y, m = (int(p) for p in start.split("-"))
    areas = Areas((), (), np.zeros((0, 1)))
    return ModelRuns(
        start=ordinal(y, m),
        months=series.shape[1],
        measures=names,
        series=series,
        areas=areas,
        place_names=(),
        places=np.zeros((series.shape[0], series.shape[1], 0, 0)),
        group_keys=(),
        seeds=list(range(series.shape[0])),
    )


def test_a_fiscal_year_sums_october_to_september_and_a_stock_is_read_at_the_end():
    months = np.arange(36, dtype=float)[None, :]  # 2021-10 .. 2024-09; value = month index
    runs = fake_runs("2021-10", {"flow": months, "stock": months})
    fy2023 = parse_period("FY2023")  # 2022-10 .. 2023-09: indices 12..23
    assert runs.aggregate("flow", "sum", fy2023)[0] == sum(range(12, 24))
    assert runs.aggregate("stock", "end", parse_period("2023"))[0] == 26  # 2023-12
    assert runs.aggregate("stock", "mean", parse_period("2023-H1"))[0] == np.mean(range(15, 21))
    partial = parse_period("2022-01 to 2022-02-14")  # indices 3, 4 (14/28 of February)
    assert runs.aggregate("flow", "sum", partial)[0] == pytest.approx(3 + 4 * 14 / 28)


def test_criteria():
    assert judge("relative", 0.25, 100.0, 120.0) == (True, pytest.approx(0.2))
    assert judge("relative", 0.25, 200.0, 120.0)[0] is False
    assert judge("direction", FLAT, 0.4, 0.1) == (True, None)
    assert judge("direction", FLAT, 0.4, 0.01) == (False, None)  # observed up, model flat
    assert judge("direction", FLAT, 0.01, -0.02) == (True, None)  # both flat
    assert judge("at_least", 0.67, None, 0.7)[0] and not judge("at_most", 0.25, None, 0.3)[0]
    assert judge("relative", 0.25, 100.0, float("nan")) == (False, None)


def test_trends_are_derived_from_observed_rows_with_legs_between_turning_points(tmp_path):
    observed = {"2018": 169, "2019": 154, "2020": 143, "2021": 204, "2022": 230, "2023": 253}
    rows = [
        {"series": "coca_ha_unodc", "year": y, "value": str(v * 1000)} for y, v in observed.items()
    ]
    candidates, _ = classify(load_targets(write_targets(tmp_path / "t.csv", rows)))
    # model: falls until December 2020, then rises (right turns); two seeds
    t = np.arange(72, dtype=float)
    model = np.where(t <= 35, 200_000 - 1_000 * t, 165_000 + 2_000 * (t - 35))
    runs = fake_runs("2018-01", {"coca_ha": np.stack([model, model])})
    records, skipped = trends(runs, candidates)
    got = {r.period: r.passed for r in records}
    assert got == {
        "2018 -> 2019": True,
        "2019 -> 2020": True,
        "2020 -> 2021": True,
        "2021 -> 2022": True,
        "2022 -> 2023": True,
        "2018 -> 2020": True,  # the falling leg
        "2020 -> 2023": True,  # the rising leg
    }
    assert not skipped
    flat = fake_runs("2018-01", {"coca_ha": np.full((2, 72), 200_000.0)})
    records, _ = trends(flat, candidates)
    assert not any(r.passed for r in records)


# --- terminal table --------------------------------------------------------------------------


def test_human_numbers():
    assert [human(x) for x in (226_500, 1_234_567, 0.671, 848.4, 12_833)] == [
        "226.5k",
        "1.2M",
        "0.67",
        "848",
        "12.8k",
    ]


def test_the_table_fits_100_columns():
    long = "a_very_long_series_name_that_goes_on_and_on_and_on"
    records = [
        Record(
            "national",
            long,
            "2024-01 to 2024-11-21",
            "2024-01..11*",
            "m",
            "relative",
            0.25,
            1_234_567.0,
            123_456_789.0,
            1.0,
            9.9e9,
        ),
        Record(
            "trends",
            long,
            "2018-08 -> 2022-06",
            "2018-08>2022-06",
            "m",
            "direction",
            0.05,
            0.43,
            -0.12,
            -0.5,
            1.5,
        ),
        Record("places", long, "w", "2024-01..2025-11", "m", "at_least", 0.67, None, 0.5, 0.1, 0.9),
    ]
    card = Scorecard(
        records,
        [],
        {
            "regime": "r",
            "start": "2018-01",
            "end": "2025-11",
            "months": 95,
            "seeds": [1],
            "seed": 1,
            "resolution": "0.25",
            "targets": "t.csv",
            "families": ["national"],
        },
        [PresenceMap("egc", (), (), np.zeros(0))],
    )
    console = Console(width=200, record=True, force_terminal=False)
    print_scorecard(card, console)
    lines = console.export_text().splitlines()
    table_lines = [line for line in lines if line.rstrip().endswith(("pass", "FAIL"))]
    assert len(table_lines) == 3
    assert max(len(line.rstrip()) for line in lines[1:]) <= WIDTH
    assert "2024-01..2025-11 " in table_lines[-1]  # the longest date fits


def test_validation_md_documents_the_tolerances_the_code_applies():
    from runs.score_docs import registry_section

    doc = Path(__file__).resolve().parents[1] / "docs" / "VALIDATION.md"
    assert registry_section() in doc.read_text(encoding="utf-8"), (
        "docs/VALIDATION.md is stale: make docs"
    )
