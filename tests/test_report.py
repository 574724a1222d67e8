"""What an analyst hands on: report.md's findings, its tables and figures, the tidy table, the
terminal's tables and the one month label (runs/report.py, findings.py, report_figures.py,
tidy.py, cli_view.py)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

import runs.cli as cli_module
from model.control import OFF_GRID
from runs.cli_view import print_compare
from runs.compare import modal_controller_maps, paired_differences, summarize
from runs.findings import identical_groups, significant_findings
from runs.report import compute_report, write_report
from runs.report_figures import coinciding, fan_figure
from runs.store import ResultStore, query

ROOT = Path(__file__).resolve().parents[1]
GENERATED = (
    "report.md",
    "summary.csv",
    "differences.csv",
    "over_time.csv",
    "timeseries.parquet",
    "fan_charts.png",
    "capacity.png",
    "control_maps.png",
    "armed_control_maps.png",
)


def sections(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


# --- findings ------------------------------------------------------------------------------------
def test_report_opens_with_findings_in_words_with_units_and_seeds_worse(tiny_compare):
    text = (tiny_compare / "report.md").read_text()
    assert sections(text)[0] == "## Findings"
    findings = text.split("## Findings", 1)[1].split("\n## ", 1)[0]
    assert "### At 4 months (to 2025-12)" in findings and "### At 2 months (to 2025-10)" in findings
    assert findings.index("At 4 months") < findings.index("At 2 months")  # longest first
    bullets = [line for line in findings.splitlines() if line.startswith("- **")]
    assert bullets, findings
    for bullet in bullets:
        assert re.search(r" (higher|lower)", bullet)
        assert "than under Certified (status quo) [95% CI " in bullet
        assert re.search(r"worse in \d of 3 seeds|no better side", bullet)
    # units from the registry, e.g. the economy's index and U.S. money
    assert "index (1 = status quo) lower" in findings
    assert "US$ million / month lower" in findings


def test_findings_are_the_differences_whose_interval_excludes_zero_largest_first(tiny_compare):
    data = compute_report(tiny_compare)
    assert data.findings
    for f in data.findings:
        assert f.low > 0 or f.high < 0
        assert f.pairs == 3 and f.regimes[0] != "certified"
    for horizon in (2, 4):
        sizes = [abs(f.relative) for f in data.findings if f.horizon == horizon]
        assert sizes == sorted(sizes, reverse=True)
    significant = data.differences[
        (data.differences["ci95_low"] > 0) | (data.differences["ci95_high"] < 0)
    ]
    listed = {(f.horizon, r, f.outcome) for f in data.findings for r in f.regimes}
    assert listed == {
        (int(r.horizon_months), r.regime, r.outcome) for r in significant.itertuples()
    }


def test_identical_regimes_are_named_once_with_their_horizon(tiny_compare):
    data = compute_report(tiny_compare)
    assert data.groups == {2: [("full_cutoff", "late_waiver")], 4: [("full_cutoff", "late_waiver")]}
    assert all(f.regimes in (("full_cutoff", "late_waiver"),) for f in data.findings)
    text = (tiny_compare / "report.md").read_text()
    assert (
        "At 4 months (to 2025-12): Full cut-off, Late waiver (1996-97 pattern) give identical "
        "results" in text
    )
    assert "**Full cut-off = Late waiver (1996-97 pattern)**:" in text


def test_regimes_that_differ_are_not_called_identical():
    rows = pd.DataFrame(
        {
            "regime": ["a", "b", "c"] * 2,
            "point": 0,
            "seed": [1, 1, 1, 2, 2, 2],
            "month": 0,
            "outcome": "armed_members",
            "value": [5.0, 5.0, 5.0, 7.0, 7.0, 7.5],
        }
    )
    assert identical_groups(rows, [1], ["armed_members"], ["a", "b", "c"]) == {1: [("a", "b")]}
    summary = summarize(rows, [1], ["armed_members"])
    differences = paired_differences(rows, [1], ["armed_members"], "a")
    groups = identical_groups(rows, [1], ["armed_members"], ["a", "b", "c"])
    # c differs from a by 0 and 0.5: its interval includes zero, so no finding
    assert significant_findings(differences, summary, "a", ["a", "b", "c"], [], groups) == []


# --- tables --------------------------------------------------------------------------------------
def test_paired_table_is_grouped_by_outcome_with_units_and_display_names(tiny_compare):
    text = (tiny_compare / "report.md").read_text()
    assert "## Paired differences against Certified (status quo), by outcome" in text
    block = text.split("### `armed_members`: armed group members (persons)", 1)[1]
    table = block.split("\n### ", 1)[0]
    assert "| regime | at 2 months | at 4 months |" in table
    assert "| Full cut-off |" in table and "| Late waiver (1996-97 pattern) |" in table
    assert re.search(r"\[[-+0-9.kM]+, [-+0-9.kM]+\]; worse in \d/3", table)
    assert "e+" not in text  # human numbers, never scientific notation
    means = text.split("## Means across seeds", 1)[1]
    assert "| Coca under cultivation (`coca_ha`) | hectares |" in means


# --- figures -------------------------------------------------------------------------------------
def test_figures_exist_with_display_names_distinct_styles_and_a_note_where_lines_coincide(
    tiny_compare,
):
    for name in GENERATED:
        assert (tiny_compare / name).stat().st_size > 0, name
    data = compute_report(tiny_compare)
    fig = fan_figure(data.series, ["economy_index"], data.regimes, data.titles, data.start)
    ax = fig.axes[0]
    styles = {(line.get_color(), str(line.get_linestyle())) for line in ax.get_lines()}
    assert len(styles) == len(data.regimes) == 3
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Certified (status quo)", "Full cut-off", "Late waiver (1996-97 pattern)"]
    notes = [t.get_text() for t in ax.texts]
    assert any("lines coincide" in n and "Full cut-off = Late waiver" in n for n in notes)
    low, high = ax.get_xlim()
    formatter = ax.xaxis.get_major_formatter()
    ticks = [formatter(t, 0) for t in ax.get_xticks() if low <= t <= high]
    assert ticks == ["2025-09", "2025-10", "2025-11", "2025-12"]  # dates, not month numbers


def test_coinciding_groups_only_identical_lines():
    lines = {"a": np.array([1.0, 2.0]), "b": np.array([1.0, 2.0]), "c": np.array([1.0, 2.1])}
    assert coinciding(lines) == [("a", "b")]


def test_modal_controller_is_the_most_frequent_with_ties_to_the_lowest_code(tiny_compare):
    con = ResultStore(tiny_compare).connect()
    try:
        month = int(con.execute("SELECT max(month) FROM maps").fetchone()[0])
        modal = modal_controller_maps(con, month)
        raw = con.execute(f"SELECT regime, x, y, controller FROM maps WHERE month = {month}").df()
    finally:
        con.close()
    assert not (modal["controller"] == OFF_GRID).any()
    for (regime, x, y), cell in raw.groupby(["regime", "x", "y"]):
        counts = cell["controller"].value_counts()
        best = min(c for c, n in counts.items() if n == counts.max())
        row = modal[(modal.regime == regime) & (modal.x == x) & (modal.y == y)].iloc[0]
        assert row.controller == best and row.share == pytest.approx(counts.max() / len(cell))


# --- one tidy table ------------------------------------------------------------------------------
def test_timeseries_parquet_holds_every_run_and_the_documented_recipes_agree(tiny_compare):
    top = pd.read_parquet(tiny_compare / "timeseries.parquet")
    n_rows = int(query(tiny_compare, "SELECT count(*) AS n FROM runs")["n"].iloc[0])
    assert len(top) == n_rows and top["run_id"].nunique() == 9
    columns = ["run_id", "regime", "seed", "month", "date", "outcome", "value"]
    assert list(top.columns[:7]) == columns
    keys = ["run_id", "month", "outcome"]
    # the recipes of docs/EXPERIMENTS.md: pandas over the run files, DuckDB over either
    by_pandas = pd.read_parquet(tiny_compare / "runs", partitioning=None)
    by_duckdb = duckdb.sql(
        f"SELECT * FROM read_parquet('{tiny_compare}/runs/*/*.parquet', hive_partitioning=false)"
    ).df()
    top_duckdb = duckdb.sql(f"SELECT * FROM '{tiny_compare}/timeseries.parquet'").df()
    for other in (by_pandas, by_duckdb, top_duckdb):
        left = top.sort_values(keys).reset_index(drop=True)[["run_id", "month", "outcome", "value"]]
        right = other.sort_values(keys).reset_index(drop=True)[left.columns]
        pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_the_notebooks_readme_example_runs(tiny_compare, tmp_path, monkeypatch):
    text = (ROOT / "notebooks" / "README.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "compare").symlink_to(tiny_compare)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    *body, last = code.strip().splitlines()
    exec("\n".join(body), namespace)  # noqa: S102 - the README's own example
    result = eval(last, namespace)  # noqa: S307
    assert len(result) > 0


def test_the_same_folder_gives_the_same_bytes(tiny_compare, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(tiny_compare, out)
    for name in GENERATED:
        (out / name).unlink()
    write_report(out)  # the same files `compare` wrote, written again
    for name in GENERATED:
        assert (out / name).read_bytes() == (tiny_compare / name).read_bytes(), name


# --- the terminal --------------------------------------------------------------------------------
@pytest.mark.parametrize("width,terminal", [(100, False), (80, True), (60, True)])
def test_compare_tables_fit_the_terminal_with_human_numbers(tiny_compare, width, terminal):
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=terminal, color_system=None)
    print_compare(compute_report(tiny_compare), console)
    text = buffer.getvalue()
    limit = min(width, 100) if terminal else 100
    assert max(len(line) for line in text.splitlines()) <= limit, text
    assert "e+" not in text and "…" not in text
    assert "mean across seeds at 4 months (to 2025-12)" in text
    assert "Findings at 4 months (to 2025-12)" in text
    flat = " ".join(text.split())
    assert "Full cut-off, Late waiver (1996-97 pattern) give identical results" in flat


def test_report_command_prints_the_summary_and_rebuilds_the_report(tiny_compare, tmp_path, cli):
    out = tmp_path / "copy"
    shutil.copytree(tiny_compare, out)
    (out / "report.md").unlink()
    result = cli("report", out)
    assert result.exit_code == 0, result.output
    assert (out / "report.md").read_bytes() == (tiny_compare / "report.md").read_bytes()
    assert "mean across seeds at 4 months" in " ".join(result.stdout.split())


def test_run_terminal_parquet_and_map_title_agree_on_the_month(tmp_path, monkeypatch):
    titles = []
    draw = cli_module.plot_control

    def plot(controller, model, title, path):
        titles.append(title)
        return draw(controller, model, title, path)

    monkeypatch.setattr(cli_module, "plot_control", plot)
    buffer = io.StringIO()
    monkeypatch.setattr(cli_module, "console", Console(file=buffer, width=100))
    out = tmp_path / "run"
    args = ["run", "--months", "5", "--resolution", "synthetic", "--out", str(out)]
    result = CliRunner().invoke(cli_module.app, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out / "timeseries.parquet")
    last = frame[frame["month"] == frame["month"].max()].iloc[0]
    assert (int(last["month"]), last["date"]) == (4, "2026-01")
    assert frame[frame["month"] == 0]["date"].iloc[0] == "2025-09"
    text = buffer.getvalue()
    assert "2025-09 (month 0)" in text and "2026-01 (month 4)" in text
    assert "2026-01 (month 4)" in titles[0] and "Certified (status quo)" in titles[0]
    assert "22,0" not in text and ".000" not in text  # human numbers
