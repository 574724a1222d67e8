"""The scorecard end to end on the synthetic grid: pass and fail, exit codes, JSON, the probe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import write_targets

from model.params import Params
from runs.catalog import load_regime
from runs.probe import ERADICATED, probe_run
from runs.score import ScoreOptions, score
from runs.spec import RunSpec

ROOT = Path(__file__).resolve().parents[1]

#: a short, small status-quo run on the synthetic landscape
FAST = {
    "regime": "certified",
    "start": "2025-09",
    "end": "2026-12",
    "seeds": 2,
    "resolution": "synthetic",
    "workers": 1,
}


def decertsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runs.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def scored(path: Path, **kw) -> dict[str, object]:
    card = score(ScoreOptions(targets=path, families=("national",), **{**FAST, **kw}))
    return {(r.series, r.period): r for r in card.records}


@pytest.fixture(scope="module")
def model_coca(tmp_path_factory) -> float:
    """The model's coca at the end of 2026 (synthetic, the FAST runs)."""
    path = tmp_path_factory.mktemp("t") / "probe.csv"
    write_targets(path, [{"series": "coca_ha_unodc", "year": "2026", "value": "1"}])
    return scored(path)[("coca_ha_unodc", "2026")].model_mean


def test_a_target_the_model_meets_passes_and_the_same_target_doubled_fails(tmp_path, model_coca):
    met = write_targets(
        tmp_path / "met.csv",
        [{"series": "coca_ha_unodc", "year": "2026", "value": repr(model_coca)}],
    )
    doubled = write_targets(
        tmp_path / "doubled.csv",
        [{"series": "coca_ha_unodc", "year": "2026", "value": repr(2 * model_coca)}],
    )
    record = scored(met)[("coca_ha_unodc", "2026")]
    assert record.passed and abs(record.relative_error) < 1e-6  # same seeds, same numbers
    record = scored(doubled)[("coca_ha_unodc", "2026")]
    assert not record.passed and record.relative_error == pytest.approx(-0.5, abs=1e-6)


def test_json_records_have_boolean_passed_and_recalled_rows_are_never_scored(tmp_path):
    rows = [
        {"series": "kidnappings", "year": "2026", "value": "100"},
        {"series": "kidnappings", "year": "FY2026", "value": "100", "confidence": "recalled"},
        {"series": "armed_groups_members_total", "year": "2026-06", "value": "1200"},
        {"series": "ice_removals_colombians", "year": "FY2026", "value": "1"},
        {"series": "kidnappings", "year": "2030", "value": "100"},
    ]
    targets = write_targets(tmp_path / "t.csv", rows)
    out = tmp_path / "score.json"
    result = decertsim(
        "score",
        "--targets",
        str(targets),
        "--regime",
        "certified",
        "--start",
        "2025-09",
        "--end",
        "2026-12",
        "--seeds",
        "2",
        "--resolution",
        "synthetic",
        "--workers",
        "1",
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr  # exit 0 whatever passes
    data = json.loads(out.read_text())
    records = data["records"]
    assert records and all(isinstance(r["passed"], bool) for r in records)
    national = {(r["series"], r["period"]) for r in records if r["family"] == "national"}
    assert national == {("kidnappings", "2026"), ("armed_groups_members_total", "2026-06")}
    reasons = {(n["series"], n["period"]): n["kind"] for n in data["not_scored"]}
    assert reasons[("kidnappings", "FY2026")] == "recalled"
    assert reasons[("ice_removals_colombians", "FY2026")] == "no model outcome"
    assert reasons[("kidnappings", "2030")] == "outside span"
    assert data["summary"]["scored"] == len(records)
    assert {"national", "places", "stability"} <= set(data["summary"]["families"])
    assert "no model outcome yet" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


MALFORMED = [
    (
        [{"series": "kidnappings", "year": "2026", "value": "1"}],
        ("series", "year", "value"),
        "row 1 (header): missing column(s) 'unit'",
    ),
    ([{"series": "kidnappings", "year": "2026", "value": "many"}], None, "row 2, column 'value'"),
    (
        [{"series": "kidnappings", "year": "2026", "value": "1", "confidence": "sure"}],
        None,
        "row 2, column 'confidence'",
    ),
    ([{"series": "kidnappings", "year": "soon", "value": "1"}], None, "row 2, column 'year'"),
]


@pytest.mark.parametrize(("rows", "columns", "expected"), MALFORMED)
def test_a_malformed_targets_file_is_a_clear_error_with_exit_2(
    cli, tmp_path, rows, columns, expected
):
    kw = {"columns": columns} if columns else {}
    path = write_targets(tmp_path / "bad.csv", rows, **kw)
    result = cli("score", "--targets", path, "--resolution", "synthetic", "--seeds", "1")
    assert result.exit_code == 2
    assert f"{path}, {expected}" in " ".join(result.stderr.split())


def test_a_malformed_targets_file_exits_2_without_a_traceback_from_the_shell(tmp_path):
    rows, _, expected = MALFORMED[1]
    path = write_targets(tmp_path / "bad.csv", rows)
    result = decertsim("score", "--targets", str(path), "--seeds", "1", "--workers", "1")
    assert result.returncode == 2
    assert expected in " ".join(result.stderr.split()) and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--series", "no_such_series"), "--series no_such_series: not a series of"),
        (("--family", "weather"), "--family weather: unknown; allowed: national, trends"),
        (("--start", "2025-13"), "--start: '2025-13' is not a month YYYY-MM"),
        (("--end", "2017-01"), "--end 2017-01 is before the start"),
        (("--targets", "no/such/file.csv"), "cannot read targets file no/such/file.csv"),
        (("--regime", "no_such_regime"), "no_such_regime"),
        (("--set", "armed.front_size=-3"), "armed.front_size"),
    ],
)
def test_bad_flags_exit_2_with_a_message(cli, args, expected):
    result = cli("score", "--resolution", "synthetic", "--seeds", "1", "--workers", "1", *args)
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.stderr.split())


def test_a_failed_run_exits_1(cli, monkeypatch, tmp_path):
    def broken(spec):
        raise RuntimeError("boom")

    monkeypatch.setattr("runs.probe.build_model", broken)
    path = write_targets(
        tmp_path / "t.csv", [{"series": "kidnappings", "year": "2026", "value": "1"}]
    )
    result = cli(
        "score",
        "--targets",
        path,
        "--resolution",
        "synthetic",
        "--seeds",
        "1",
        "--workers",
        "1",
        "--regime",
        "certified",
        "--start",
        "2025-09",
    )
    assert result.exit_code == 1
    assert "scorecard aborted" in result.stderr and "RuntimeError: boom" in result.stderr


def test_the_probe_measures_add_up_to_the_model_outcomes():
    params = Params.from_overrides({"simulation.start_month": "2025-09"})
    spec = RunSpec("score", load_regime("certified"), params, {}, 0, 0, 3, 4, "synthetic", 0, "x")
    outcome = probe_run(spec)
    assert outcome.ok, outcome.traceback
    frame = outcome.series.to_pandas().pivot(index="month", columns="outcome", values="value")
    places = outcome.places  # [month, area, measure]
    from runs.probe import place_measures

    names = place_measures(("egc", "eln", "emc", "sm"))
    deps = slice(0, 4)  # the synthetic landscape's four departments, no regions
    cells = places[:, deps, [i for i, n in enumerate(names) if n.startswith("cells_")]]
    assert np.allclose(cells.sum(axis=(1, 2)), cells.sum(axis=(1, 2))[0])  # every land cell
    coca = places[:, deps, names.index("coca_ha")].sum(axis=1)
    assert np.allclose(coca, frame["coca_ha"].to_numpy())
    members = frame[[f"members_{k}" for k in ("egc", "eln", "emc", "sm")]].sum(axis=1)
    assert np.allclose(members, frame["armed_members"])
    assert (frame[ERADICATED] >= 0).all() and frame[ERADICATED].sum() > 0
    state_share = places[:, deps, names.index("cells_state")].sum(axis=1) / cells.sum(axis=(1, 2))
    assert np.allclose(state_share, frame["state_control_share"])


@pytest.mark.slow
def test_make_validate_writes_the_document_and_figures_and_keeps_the_hand_written_text(
    tmp_path,
):
    doc = tmp_path / "VALIDATION.md"
    doc.write_text("# Validation\n\nHand-written text.\n\n## Results\n\nMore text after.\n")
    args = [
        sys.executable,
        "-m",
        "runs.validation_doc",
        "--seeds",
        "1",
        "--workers",
        "1",
        "--resolution",
        "synthetic",
        "--doc",
        str(doc),
        "--figures",
        str(tmp_path / "validation"),
        "--json-dir",
        str(tmp_path / "json"),
    ]
    for _ in range(2):  # the second run replaces the generated section, nothing else
        result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=900)
        assert result.returncode == 0, result.stderr
    text = doc.read_text()
    assert text.startswith("# Validation\n\nHand-written text.")
    assert text.count("BEGIN GENERATED") == 1 and "More text after." in text
    assert "decertsim score --regime history_2016_2025 --seeds 1" in text
    assert "Status quo (certified from 2025-09)" in text
    for name in ("national_hindcast", "presence_hindcast", "stability_status_quo"):
        assert (tmp_path / "validation" / f"{name}.png").stat().st_size > 1000
        assert f"validation/{name}.png" in text
    hindcast = json.loads((tmp_path / "json" / "hindcast.json").read_text())
    assert hindcast["run"]["start"] == "2018-01"


def test_the_scorecard_is_the_same_in_a_process_pool_as_in_process(tmp_path, model_coca):
    path = write_targets(
        tmp_path / "t.csv", [{"series": "coca_ha_unodc", "year": "2026", "value": "1"}]
    )
    pooled = scored(path, workers=2)[("coca_ha_unodc", "2026")]
    assert pooled.model_mean == model_coca
