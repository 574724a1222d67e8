"""End-to-end tests of the command line (subprocesses, as a user runs it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]


def decertsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runs.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=600,
    )


def test_help_lists_commands_with_examples():
    result = decertsim("--help")
    assert result.returncode == 0
    for command in ("regimes", "run", "compare", "validate", "params"):
        assert command in result.stdout
    run_help = decertsim("run", "--help")
    assert "Example: decertsim run" in run_help.stdout


def test_regimes_lists_the_shipped_ones():
    result = decertsim("regimes")
    assert result.returncode == 0
    for name in ("certified", "waivers", "full_cutoff", "late_waiver"):
        assert name in result.stdout


def test_run_synthetic_writes_tidy_parquet_and_map(tmp_path):
    out = tmp_path / "run"
    result = decertsim(
        "run",
        "--regime",
        "waivers",
        "--months",
        "6",
        "--seed",
        "3",
        "--resolution",
        "synthetic",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out / "timeseries.parquet")
    assert table.column_names == ["run_id", "regime", "seed", "month", "date", "outcome", "value"]
    frame = table.to_pandas()
    assert set(frame["month"]) == set(range(6))
    assert set(frame["regime"]) == {"waivers"}
    assert set(frame["seed"]) == {3}
    assert frame["date"].iloc[0] == "2025-09"
    assert {"state_control_share", "us_assistance_musd", "coca_ha"} <= set(frame["outcome"])
    png = (out / "control_map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "us_assistance_musd" in result.stdout
    assert "state_capacity_intelligence" in result.stdout


@pytest.mark.slow
def test_run_on_colombia_grid(tmp_path):
    out = tmp_path / "col"
    result = decertsim("run", "--regime", "full_cutoff", "--months", "12", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = pq.read_table(out / "timeseries.parquet").to_pandas()
    assid = frame[frame["outcome"] == "us_assistance_musd"]["value"]
    assert (assid == 0).all()
    assert (out / "control_map.png").stat().st_size > 10_000


def test_same_seed_same_bytes_in_fresh_processes(tmp_path):
    args = ["run", "--months", "5", "--seed", "11", "--resolution", "synthetic"]
    a = decertsim(*args, "--out", str(tmp_path / "a"))
    b = decertsim(*args, "--out", str(tmp_path / "b"))
    c = decertsim(
        "run",
        "--months",
        "5",
        "--seed",
        "12",
        "--resolution",
        "synthetic",
        "--out",
        str(tmp_path / "c"),
    )
    assert a.returncode == b.returncode == c.returncode == 0
    bytes_a = (tmp_path / "a" / "timeseries.parquet").read_bytes()
    assert bytes_a == (tmp_path / "b" / "timeseries.parquet").read_bytes()
    va = pq.read_table(tmp_path / "a" / "timeseries.parquet").column("value").to_numpy()
    vc = pq.read_table(tmp_path / "c" / "timeseries.parquet").column("value").to_numpy()
    assert not (va == vc).all()


def test_unknown_regime_lists_known_ones_exit_2():
    result = decertsim(
        "run", "--regime", "decertified_maybe", "--months", "1", "--resolution", "synthetic"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown regime 'decertified_maybe'" in result.stderr
    for name in ("certified", "full_cutoff", "late_waiver", "waivers"):
        assert name in result.stderr


def test_bad_regime_file_names_file_field_and_allowed(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text(
        'name = "mine"\n[[decision]]\nmonth = "2025-09"\ncertified = false\nwaived = ["intel"]\n'
    )
    result = decertsim("run", "--regime", str(bad), "--months", "1", "--resolution", "synthetic")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "mine.toml" in result.stderr
    assert "decision[0].waived[0]" in result.stderr.replace("\n", "")
    assert "intelligence" in result.stderr


def test_out_of_range_parameter_names_the_bound():
    result = decertsim(
        "run", "--months", "1", "--resolution", "synthetic", "--set", "armed.recruitment_rate=3"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "armed.recruitment_rate" in result.stderr
    assert "0.2" in result.stderr


def test_unknown_resolution_is_a_usage_error():
    result = decertsim("run", "--resolution", "0.5")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_accepts_shipped_files_and_rejects_bad(tmp_path):
    ok = decertsim(
        "validate", "runs/regimes/late_waiver.toml", "runs/experiments/compare_regimes.toml"
    )
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "exp.toml"
    bad.write_text('name = "x"\nregimes = ["certified"]\nreplications = 0\n')
    result = decertsim("validate", str(bad))
    assert result.returncode == 2
    assert "replications" in result.stderr and "exp.toml" in result.stderr


def test_validate_checks_an_experiments_regimes_and_baseline(tmp_path):
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('name = "x"\nregimes = ["certified", "no_such_regime"]\n')
    result = decertsim("validate", str(unknown))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "unknown.toml" in message and "'regimes'" in message and "no_such_regime" in message
    assert "full_cutoff" in message  # the known regimes are listed
    baseline = tmp_path / "baseline.toml"
    baseline.write_text('name = "x"\nregimes = ["full_cutoff", "waivers"]\n')
    result = decertsim("validate", str(baseline))
    message = " ".join(result.stderr.split())
    assert result.returncode == 2 and "'baseline'" in message and "'certified'" in message


def test_a_regime_file_next_to_the_experiment_is_found(tmp_path):
    (tmp_path / "mine.toml").write_text(
        (ROOT / "runs/regimes/full_cutoff.toml")
        .read_text()
        .replace('name = "full_cutoff"', 'name = "mine"')
    )
    exp = tmp_path / "exp.toml"
    exp.write_text('name = "x"\nregimes = ["certified", "./mine.toml"]\n')
    result = decertsim("validate", str(exp))  # run from the repository, not tmp_path
    assert result.returncode == 0, result.stderr


def test_compare_smoke_on_synthetic_grid(tmp_path):
    exp = tmp_path / "tiny.toml"
    exp.write_text(
        'name = "tiny"\nregimes = ["certified", "full_cutoff"]\nmonths = 6\n'
        'replications = 3\nresolution = "synthetic"\nhorizons = [3, 6]\n'
    )
    out = tmp_path / "cmp"
    result = decertsim("compare", str(exp), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    import pandas as pd

    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["regime"]) == {"certified", "full_cutoff"}
    assert set(summary["horizon_months"]) == {3, 6}
    assert (summary["ci95_low"] <= summary["mean"]).all()
    assert (summary["mean"] <= summary["ci95_high"]).all()
    assert (summary["n_seeds"] == 3).all()
    report = (out / "report.md").read_text()
    assert "Paired differences against Certified (status quo)" in report
    assert (out / "capacity.png").exists() and (out / "fan_charts.png").exists()
    from runs.store import query

    seeds = query(out, "SELECT regime, list(DISTINCT seed ORDER BY seed) AS s FROM runs GROUP BY 1")
    by_regime = {row.regime: list(row.s) for row in seeds.itertuples()}
    assert len(by_regime["certified"]) == 3
    assert by_regime["certified"] == by_regime["full_cutoff"]  # common random numbers
    rerun = decertsim("compare", str(exp), "--out", str(out), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert "0 runs in" in rerun.stdout and "6 skipped" in rerun.stdout


@pytest.mark.slow
def test_compare_default_experiment_smoke_size_on_colombia(tmp_path):
    out = tmp_path / "smoke"
    result = decertsim("compare", "--size", "smoke", "--out", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert "mean across seeds at 12 months" in result.stdout
    assert (out / "summary.csv").exists() and (out / "report.md").exists()


def test_every_shipped_experiment_and_regime_validates():
    # runs/calibration holds the calibration's priors and screening, not experiments or regimes
    folders = ("experiments", "regimes")
    files = sorted(
        str(p.relative_to(ROOT)) for d in folders for p in (ROOT / "runs" / d).glob("*.toml")
    )
    assert any("experiments/" in f for f in files) and any("regimes/" in f for f in files)
    result = decertsim("validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid ") == len(files)
