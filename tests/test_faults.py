"""Issue 13's faults with real processes: a killed worker, a killed or terminated parent, a full
disk (a small file-size limit), two writers on one folder (docs/RELIABILITY.md).

Tests that start ``decertsim`` in a subprocess are marked ``slow`` (``make test`` runs them).
They wait for conditions with a deadline, never for a fixed time.
"""

from __future__ import annotations

import functools
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from fault_tasks import die_on_seed, die_once
from test_runner import flat, prepared_store, runs_of, tiny_experiment, tiny_experiment_file

from runs.execute import LocalExecutor, Task
from runs.single import RunOutcome
from runs.spec import RunSpec, load_experiment
from runs.store import ResultStore
from runs.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 180.0


class TaskExecutor(LocalExecutor):
    """The local pool running a given task instead of ``execute_run``."""

    def __init__(self, task: Task, workers: int = 2) -> None:
        super().__init__(workers=workers)
        self.task = task

    def run(self, specs: Iterable[RunSpec], task: Task | None = None) -> Iterator[RunOutcome]:
        return super().run(specs, self.task)


def wait_for(condition: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up after {deadline:.0f} s waiting for {what}")
        time.sleep(0.2)


def children_of(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: Iterable[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def decertsim(*args: object, **kwargs: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "runs.cli", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "60"},
        **kwargs,
    )


# --- defect 8: a worker killed by the system costs only its run ----------------------------
def test_a_run_that_kills_its_worker_is_recorded_and_the_sweep_goes_on(tmp_path):
    experiment = tiny_experiment()
    runs = runs_of(experiment)
    bad = runs[1].seed
    store = prepared_store(tmp_path, experiment)
    report = run_sweep(runs, store, TaskExecutor(functools.partial(die_on_seed, bad)))
    failed = {r.run_id for r in runs if r.seed == bad}
    assert not report.interrupted and report.aborted is None
    assert set(report.failed_ids) == failed and report.finished == len(runs) - len(failed)
    assert store.finished_ids() == {r.run_id for r in runs} - failed
    errors = store.failures_table().column("error").to_pylist()
    assert len(errors) == len(failed) and all(e.startswith("WorkerDied:") for e in errors)


def test_a_worker_killed_once_costs_nothing(tmp_path):
    experiment = tiny_experiment()
    runs = runs_of(experiment)
    store = prepared_store(tmp_path, experiment)
    marker = tmp_path / "killed-once"
    report = run_sweep(runs, store, TaskExecutor(functools.partial(die_once, str(marker))))
    assert marker.exists()  # a worker was killed
    assert report.complete and report.finished == len(runs)
    assert store.finished_ids() == {r.run_id for r in runs}


# --- defect 9 and 10: a killed or terminated parent leaves nothing behind ------------------
def slow_experiment(tmp_path: Path) -> Path:
    """Runs long enough (tens of seconds in all) to be caught in the middle."""
    return tiny_experiment_file(tmp_path / "slow.toml", months=36, replications=4)


def start_sweep(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    exp = slow_experiment(tmp_path)
    out = tmp_path / "out"
    proc = decertsim("compare", exp, "--out", out, "--workers", "2")
    # the fork server, the resource tracker and two workers
    wait_for(lambda: len(children_of(proc.pid)) >= 3 or proc.poll() is not None, "workers")
    assert proc.poll() is None, proc.communicate()
    return proc, exp, out


@pytest.mark.slow
def test_sigkill_to_the_parent_leaves_no_process_behind(tmp_path):
    proc, _, _ = start_sweep(tmp_path)
    descendants = children_of(proc.pid)
    proc.kill()
    proc.communicate(timeout=DEADLINE)  # returns once no process holds its pipes
    wait_for(lambda: not alive(descendants), f"processes {alive(descendants)} to exit", 60)


@pytest.mark.slow
def test_sigterm_stops_with_143_a_pasteable_resume_command_and_no_process_left(tmp_path):
    proc, exp, out = start_sweep(tmp_path)
    wait_for(lambda: ResultStore(out).finished_ids() or proc.poll() is not None, "a finished run")
    descendants = children_of(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "terminated (SIGTERM)" in flat(stderr)
    commands = [line for line in stderr.splitlines() if line.startswith("Resume with: ")]
    assert commands == [f"Resume with: decertsim compare {exp} --out {out} --workers 2"]
    wait_for(lambda: not alive(descendants), f"processes {alive(descendants)} to exit", 60)
    kept = ResultStore(out).finished_ids()
    assert kept
    resumed = decertsim(*commands[0].removeprefix("Resume with: decertsim ").split())
    stdout, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr
    assert f"({len(kept)} already done)" in flat(stdout)
    planned = {r.run_id for r in runs_of_file(exp)}
    assert ResultStore(out).finished_ids() == planned


def runs_of_file(exp: Path) -> list[RunSpec]:
    from runs.catalog import experiment_regimes
    from runs.spec import build_runs

    spec = load_experiment(exp)
    return build_runs(spec, experiment_regimes(spec.regimes, spec.baseline, exp))


# --- defect 11: a full disk (a file-size limit) ---------------------------------------------
def limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
def test_run_on_a_full_disk_exits_1_without_a_traceback_or_a_half_result(tmp_path):
    out = tmp_path / "run"
    args = ("run", "--resolution", "synthetic", "--months", "3", "--out", out)
    proc = decertsim(*args, preexec_fn=limit_file_size(4096))
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 1, stderr
    message = flat(stderr)
    assert "Traceback" not in stderr and "File too large" in message and "ulimit" in message
    assert "executor" not in message
    assert not (out / "timeseries.parquet").exists() and not (out / "control_map.png").exists()
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_compare_on_a_full_disk_exits_1_keeps_what_finished_and_resumes(tmp_path):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    proc = decertsim(
        "compare", exp, "--out", out, "--workers", "1", preexec_fn=limit_file_size(3000)
    )
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 1, stderr
    message = flat(stderr)
    assert "Traceback" not in stderr and "cannot store a result" in message
    assert "File too large" in message and "executor" not in message
    commands = [line for line in stderr.splitlines() if line.startswith("Resume with: ")]
    assert commands == [f"Resume with: decertsim compare {exp} --out {out} --workers 1"]
    for tmp in out.rglob("*.tmp"):
        raise AssertionError(f"a partial file was left: {tmp}")
    resumed = decertsim("compare", exp, "--out", out, "--workers", "1")
    _, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr
    assert ResultStore(out).finished_ids() == {r.run_id for r in runs_of_file(exp)}


# --- defect 6: two writers on one folder -----------------------------------------------------
@pytest.mark.slow
def test_a_second_writer_is_refused_naming_the_first(tmp_path):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from runs.folder_lock import FolderLock; "
            f"FolderLock({str(out)!r}).acquire(); print('held', flush=True); time.sleep(600)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        second = decertsim("compare", exp, "--out", out, "--workers", "1")
        _, stderr = second.communicate(timeout=600)
        assert second.returncode == 2, stderr
        message = flat(stderr)
        assert "Traceback" not in stderr and "being written by another sweep" in message
        assert f"process {holder.pid}" in message
        assert not (out / "runs").exists()
    finally:
        holder.kill()
        holder.wait()
    after = decertsim("compare", exp, "--out", out, "--workers", "1")  # the lock died with it
    _, stderr = after.communicate(timeout=600)
    assert after.returncode == 0, stderr
