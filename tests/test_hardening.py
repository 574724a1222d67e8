"""Issue 13: bad inputs, result folders and their damage, each defect reproduced (fast tests).

Each test names the defect it guards (``defect N``). Every command runs in this process through
the ``cli`` fixture with ``catch_exceptions=False``: a traceback would fail the test. Faults that
need real processes (kills, a file-size limit, two writers) are in tests/test_faults.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from test_runner import flat, tiny_experiment_file

import runs.cli as cli_module
import runs.cli_compare as cli_compare_module
from model.errors import ExperimentError
from model.geo import LandscapeError
from model.geo.sources import DATA_DIR, read_departments, read_grid
from runs.spec import MAX_RUNS, load_experiment
from runs.store import INDEX, ResultStore

ROOT = Path(__file__).resolve().parents[1]


class WouldSimulate(Exception):
    """Raised by a stand-in for the simulation: the command got past every input check."""


@pytest.fixture
def no_simulation(monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WouldSimulate

    monkeypatch.setattr(cli_module, "run_single", refuse)


def error_of(result: Any) -> str:
    assert result.exit_code == 2, result.output
    text = flat(result.stderr)
    assert text.startswith("error:") and "Traceback" not in text
    return text


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Path, Path]:
    """A finished tiny compare folder whose path holds an apostrophe and a space (defect 3)."""
    root = tmp_path_factory.mktemp("hardening")
    exp = tiny_experiment_file(root / "tiny.toml")
    out = root / "it's a folder"
    mp = pytest.MonkeyPatch()
    mp.setattr(cli_compare_module, "err_console", Console(stderr=True, width=1000))
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        cli_module.app,
        ["compare", str(exp), "--out", str(out), "--workers", "1"],
        catch_exceptions=False,
    )
    mp.undo()
    assert result.exit_code == 0, result.output
    return exp, out


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


# --- defect 2 and 11: --out is checked before anything runs --------------------------------
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda t: (t / "f.txt").write_text("x") and t / "f.txt", "is a file"),
        (lambda t: (t / "f.txt").write_text("x") and t / "f.txt" / "sub", "which is a file"),
        (lambda t: Path("/proc/decertsim"), "pseudo file system"),
        (lambda t: "", "empty"),
        (lambda t: "   ", "empty"),
    ],
    ids=["existing-file", "under-a-file", "proc", "empty", "blank"],
)
def test_run_refuses_a_bad_out_before_simulating(tmp_path, cli, no_simulation, make, expected):
    out = make(tmp_path)
    message = error_of(cli("run", "--resolution", "synthetic", "--out", str(out)))
    assert "--out" in message and expected in message


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no shared-memory tmpfs here")
def test_out_under_dev_shm_is_accepted_but_other_dev_paths_are_refused(tmp_path):
    from runs.outdir import OutError, check_out

    folder = Path("/dev/shm") / f"decertsim-test-{os.getpid()}-{tmp_path.name}"
    try:
        assert check_out(folder) == folder and folder.is_dir()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with pytest.raises(OutError, match="pseudo file system"):
        check_out("/dev/decertsim-out")


def test_compare_refuses_an_out_whose_runs_is_a_file_with_exit_2(tmp_path, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "runs").write_text("not a folder")
    message = error_of(cli("compare", exp, "--out", out, "--workers", "1"))
    assert "'runs'" in message and "is a file" in message


@pytest.mark.skipif(sys.platform != "linux", reason="a read-only bind is Linux's")
def test_compare_refuses_a_folder_it_cannot_write(tmp_path, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    message = error_of(cli("compare", exp, "--out", "/proc/self/decertsim", "--workers", "1"))
    assert "/proc" in message


# --- defect 3: a path with an apostrophe is data, never SQL --------------------------------
def test_a_folder_with_an_apostrophe_computes_and_reports(finished, cli, tmp_path):
    _, out = finished
    copy = copy_folder(out, tmp_path / "o'clock; DROP TABLE runs; --")
    result = cli("report", copy)
    assert result.exit_code == 0, result.output
    assert (copy / "report.md").is_file() and (copy / "summary.csv").is_file()


# --- defect 4: seeds are bounded when parsed ------------------------------------------------
def test_a_seed_beyond_int64_is_refused_at_parse_time(tmp_path, cli, no_simulation):
    result = cli("run", "--seed", str(2**63), "--out", tmp_path / "o")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--seed" in flat(result.output) and not (tmp_path / "o").exists()
    with pytest.raises(WouldSimulate):
        cli("run", "--seed", str(2**63 - 1), "--resolution", "synthetic", "--out", tmp_path / "o")


def test_an_experiment_seed_beyond_int64_is_refused(tmp_path, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml", seed=2**63)
    assert "field 'seed'" in error_of(cli("validate", exp))


# --- defect 5: damaged run files, manifests and failure records ---------------------------
def test_a_truncated_or_emptied_run_file_is_not_finished_and_is_redone(finished, cli, tmp_path):
    exp, out = finished
    folder = copy_folder(out, tmp_path / "f")
    files = sorted((folder / "runs").glob("regime=*/*.parquet"))
    original = files[0].read_bytes()
    files[0].write_bytes(original[: len(original) // 2])
    files[1].write_bytes(b"")
    store = ResultStore(folder)
    assert store.finished_ids() == {p.stem for p in files[2:]}
    report = cli("report", folder)  # the report reads only intact runs
    assert report.exit_code == 0, report.output
    resumed = cli("compare", exp, "--out", folder, "--workers", "1")
    assert resumed.exit_code == 0, resumed.output
    assert "2 runs in" in flat(resumed.stdout)
    assert files[0].read_bytes() == original  # the same run, the same bytes
    assert store.finished_ids() == {p.stem for p in files}


@pytest.mark.parametrize(
    "content",
    [b"\x00\xffgarbage", b'{"digest": "x"}', b"[1, 2]", b'{"digest": "x", "experiment": 3}'],
    ids=["garbage", "no-experiment", "a-list", "experiment-not-a-table"],
)
def test_a_damaged_experiment_json_is_a_clear_error_with_its_repair(
    finished, cli, tmp_path, content
):
    exp, out = finished
    folder = copy_folder(out, tmp_path / "f")
    (folder / "experiment.json").write_bytes(content)
    message = error_of(cli("report", folder))
    assert "experiment.json" in message and "damaged" in message
    assert "run the `decertsim compare` command" in message
    repaired = cli("compare", exp, "--out", folder, "--workers", "1")  # the repair it names
    assert repaired.exit_code == 0, repaired.output
    assert "0 runs in" in flat(repaired.stdout)  # every finished run was kept


def test_a_damaged_failure_record_does_not_stop_the_report(finished, cli, tmp_path):
    _, out = finished
    folder = copy_folder(out, tmp_path / "f")
    (folder / "failures").mkdir(exist_ok=True)
    (folder / "failures" / "0123456789abcdef.parquet").write_bytes(b"PAR1 not parquet")
    (folder / "failures.parquet").write_bytes(b"garbage")
    result = cli("report", folder)
    assert result.exit_code == 0, result.output


def test_a_lost_index_is_rebuilt_by_report_rebuild(finished, cli, tmp_path):
    _, out = finished
    folder = copy_folder(out, tmp_path / "f")
    expected = ResultStore(folder).finished_ids()
    (folder / INDEX).write_bytes(b"\x00 damaged\n")
    assert ResultStore(folder).finished_ids() == set()
    assert "no finished runs" in error_of(cli("report", folder))
    rebuilt = cli("report", "--rebuild", folder)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert ResultStore(folder).finished_ids() == expected


# --- defect 6: a folder never mixes two experiments ----------------------------------------
def test_a_folder_without_experiment_json_but_with_runs_of_another_is_refused(
    finished, cli, tmp_path
):
    _, out = finished
    folder = copy_folder(out, tmp_path / "f")
    (folder / "experiment.json").unlink()
    other = tiny_experiment_file(tmp_path / "other.toml", name="other")
    message = error_of(cli("compare", other, "--out", folder, "--workers", "1"))
    assert "does not plan" in message and "--fresh" in message


def test_the_report_reads_only_the_manifests_runs(finished, cli, tmp_path):
    _, out = finished
    folder = copy_folder(out, tmp_path / "f")
    before = (folder / "summary.csv").read_bytes()
    # a stray run of another experiment, with a valid index line, is not reported
    src = sorted((folder / "runs").glob("regime=certified/*.parquet"))[0]
    table = pq.read_table(src)
    stray_id = "f" * 16
    table = table.set_column(
        table.schema.get_field_index("run_id"), "run_id", pa.array([stray_id] * table.num_rows)
    )
    stray = folder / "runs" / "regime=certified" / f"{stray_id}.parquet"
    pq.write_table(table, stray)
    import hashlib

    line = {"run_id": stray_id, "regime": "certified", "maps": None}
    line["series"] = hashlib.sha256(stray.read_bytes()).hexdigest()
    with open(folder / INDEX, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    assert stray_id not in ResultStore(folder).finished_ids()
    result = cli("report", folder)
    assert result.exit_code == 0 and (folder / "summary.csv").read_bytes() == before


# --- defect 12: nonsense that was accepted --------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("politics.next_cooperation=true", "politics.next_cooperation"),
        ("simulation.start_month=0000-01", "outside 2000-2099"),
        ('simulation.start_month="2025-13"', "simulation.start_month"),
    ],
)
def test_nonsense_set_values_are_refused(tmp_path, cli, no_simulation, flag, expected):
    message = error_of(cli("run", "--set", flag, "--out", tmp_path / "o"))
    assert expected in message


def test_a_rule_that_ends_before_it_starts_is_refused(tmp_path, cli):
    regime = tmp_path / "r.toml"
    regime.write_text(
        'name = "r"\n[[rule]]\nstart = "2026-06"\nend = "2026-01"\n'
        'when = "cooperation > 0.6"\nthen = { certified = false }\n'
    )
    assert "could never fire" in error_of(cli("validate", regime))


def test_twenty_billion_runs_are_refused_by_validate_at_once(tmp_path, cli):
    exp = tiny_experiment_file(
        tmp_path / "huge.toml",
        replications=100000,
        uncertainties={
            "method": "factorial",
            "values": {"armed.recruitment_rate": [0.01 + i * 1e-5 for i in range(1000)]},
        },
    )
    message = error_of(cli("validate", exp))
    assert f"{MAX_RUNS:,}" in message and "200,000,000 runs" in message
    assert "200,000,000" in error_of(cli("compare", exp, "--out", tmp_path / "o"))
    assert not (tmp_path / "o").exists()


# --- defect 13: messages that misled ----------------------------------------------------------
def test_an_experiment_without_regimes_says_regimes_is_missing(tmp_path, cli):
    exp = tmp_path / "e.toml"
    exp.write_text('name = "e"\nmonths = 4\nreplications = 2\n')
    message = error_of(cli("validate", exp))
    assert "field 'regimes': Field required" in message and "unknown field" not in message


def grid_copy(tmp_path: Path, edit: Any) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    src = (DATA_DIR / "colombia_grid_025.csv").read_text(encoding="utf-8").splitlines()
    (data / "colombia_grid_025.csv").write_bytes(edit(src))
    return data


def _lines(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _set(lines: list[str], column: str, value: str, row: int = 1) -> list[str]:
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    return [*lines[:row], ",".join(cells), *lines[row + 1 :]]


def _land_row(lines: list[str]) -> int:
    land = lines[0].split(",").index("land")
    return next(i for i, line in enumerate(lines[1:], 1) if line.split(",")[land] == "1")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: _lines([s[0].replace("lat", "latitude", 1), *s[1:]]), "lacks column(s) lat;"),
        (lambda s: _lines(_set(s, "lat", "abc")), "line 2: cannot read lat from 'abc'"),
        (lambda s: _lines(_set(s, "lat", "nan", _land_row(s))), "lat is 'nan'"),
        (lambda s: _lines(_set(s, "land", "7")), "land is 7; allowed: 0"),
        (lambda s: _lines([*s, s[1]]), "appears twice"),
        (lambda s: bytes(range(256)) * 10, "not UTF-8"),
    ],
    ids=["renamed-column", "lat-abc", "nan-on-land", "land-7", "duplicate-row", "binary"],
)
def test_corrupted_grid_data_name_file_line_and_column(tmp_path, edit, expected):
    data = grid_copy(tmp_path, edit)
    with pytest.raises(LandscapeError) as caught:
        read_grid("0.25", data)
    assert expected in str(caught.value) and "colombia_grid_025.csv" in str(caught.value)


def test_corrupted_department_numbers_are_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    lines = (DATA_DIR / "departments.csv").read_text(encoding="utf-8").splitlines()
    (data / "departments.csv").write_text("\n".join(_set(lines, "area_km2", "-5")) + "\n")
    with pytest.raises(LandscapeError, match="area_km2 is '-5'; allowed: 1 to"):
        read_departments(data)
    (data / "departments.csv").write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(LandscapeError, match="appear twice"):
        read_departments(data)


# --- defect 15: the same folder gives the same bytes -------------------------------------
def test_report_twice_gives_the_same_bytes(finished, cli, tmp_path):
    _, out = finished
    folder = copy_folder(out, tmp_path / "f")
    names = ["summary.csv", "differences.csv", "over_time.csv", "report.md", "timeseries.parquet"]
    first = {n: (folder / n).read_bytes() for n in names}
    for _ in range(2):
        assert cli("report", folder).exit_code == 0
        assert {n: (folder / n).read_bytes() for n in names} == first


# --- defect 10: the resume command is one line, whatever the terminal's width --------------
def test_the_resume_command_is_never_wrapped(tmp_path, monkeypatch, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / ("a-long-folder-name-" * 4) / "out"
    monkeypatch.setattr(cli_compare_module, "err_console", Console(stderr=True, width=30))
    real = cli_compare_module.run_sweep

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        def stop(outcome: Any) -> None:
            raise KeyboardInterrupt

        return real(*args, **{**kwargs, "on_result": stop})

    monkeypatch.setattr(cli_compare_module, "run_sweep", interrupted)
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert result.exit_code == 130
    lines = [line for line in result.stderr.splitlines() if line.startswith("Resume with: ")]
    assert lines == [f"Resume with: decertsim compare {exp} --out {out} --workers 1"]


def test_experiment_file_loading_is_unchanged_for_shipped_files():
    for path in sorted((ROOT / "runs" / "experiments").glob("*.toml")):
        load_experiment(path)
    with pytest.raises(ExperimentError):
        load_experiment(ROOT / "runs" / "regimes" / "certified.toml")


def test_decertsim_app_listens_on_this_machine_only_by_default():
    from runs.cli_app import app_server_command

    command = app_server_command("127.0.0.1", 8765)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    text = subprocess.run(
        [sys.executable, "-m", "runs.cli", "app", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "127.0.0.1" in text


def test_decertsim_app_on_a_busy_port_is_an_input_error_naming_the_port(cli, monkeypatch):
    import socket

    import runs.cli_app as cli_app_module

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the server must not start on a busy port")

    monkeypatch.setattr(cli_app_module.subprocess, "run", never)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        message = error_of(cli("app", "--port", str(port)))
    assert f"--port {port}: already in use on 127.0.0.1" in message
    assert f"--port {port + 1}" in message
    message = error_of(cli("app", "--host", "no-such-host.invalid", "--port", "8765"))
    assert "--host no-such-host.invalid" in message


def test_ctrl_c_while_the_program_loads_gives_no_traceback():
    # A finder that raises KeyboardInterrupt when runs.cli is imported stands for a Ctrl-C
    # during the seconds the imports take on a busy machine.
    code = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'runs.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from runs.entry import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and "interrupted while starting" in proc.stderr


def test_the_console_script_is_the_quiet_entry_point():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'decertsim = "runs.entry:main"' in text
