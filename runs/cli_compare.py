"""``decertsim compare``: run every regime of an experiment over the same seeds; report.

Everything that can be checked before a simulation is checked first (the experiment, its
regimes, ``--set``, the output folder and its lock). During the sweep, Ctrl-C and SIGTERM stop it
cleanly (workers terminated, finished runs kept) and print a resume command on a line of its own,
never wrapped, so that it can be pasted; a write that fails (a full disk) stops it the same way
with exit 1. docs/RELIABILITY.md lists every promise and its test.
"""

from __future__ import annotations

import shlex
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from model.errors import DecertsimInputError
from runs.catalog import experiment_path, experiment_regimes
from runs.cli_options import (
    DEFAULT_WORKERS,
    ExecutorKind,
    ExecutorOption,
    SchedulerOption,
    SetOption,
    StartOption,
    WorkersOption,
    parse_overrides,
    with_start,
)
from runs.cli_view import print_compare
from runs.execute import make_executor
from runs.outdir import check_out
from runs.posterior import SHIPPED_POSTERIOR, posterior_draws
from runs.report import compute_report, write_report
from runs.spec import build_runs, check_run_count, load_experiment
from runs.store import INDEX, ResultStore
from runs.sweep import run_sweep, sweep_manifest

console = Console()
err_console = Console(stderr=True)

#: What a folder written by ``compare`` holds: entries that must be folders, and files.
STORE_FOLDERS = ("runs", "maps", "failures")
STORE_FILES = ("experiment.json", INDEX, "failures.parquet", ".lock")


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


@contextmanager
def sigterm_stops() -> Iterator[list[int]]:
    """While inside, SIGTERM raises :class:`Terminated` (the yielded list records it)."""
    seen: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        seen.append(signum)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop(code: int, message: str, command: str | None = None) -> NoReturn:
    """Print ``message`` on stderr, then ``command`` raw on a line of its own, and exit.

    The command bypasses Rich: Rich wraps long lines at the terminal's width, and a wrapped
    command fails when pasted.
    """
    err_console.print(message, highlight=False, markup=False)
    if command:
        err_console.file.flush()
        sys.stderr.write(f"Resume with: {command}\n")
        sys.stderr.flush()
    raise typer.Exit(code=code)


def compare(
    experiment: Annotated[
        str, typer.Argument(help="Experiment name (runs/experiments) or path to a .toml file.")
    ] = "compare_regimes",
    size: Annotated[
        str | None, typer.Option(help="Named size from the experiment file, e.g. smoke.")
    ] = None,
    out: Annotated[str, typer.Option(help="Output folder (results and report).")] = (
        "results/compare"
    ),
    workers: WorkersOption = DEFAULT_WORKERS,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an earlier sweep in OUT (it must exist). "
            "Re-running into the same folder resumes anyway.",
        ),
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Discard earlier results in OUT first.")
    ] = False,
    start: StartOption = None,
    set_: SetOption = None,
    posterior: Annotated[
        bool,
        typer.Option(
            "--posterior",
            help="Draw one parameter set per replication from the calibration's posterior "
            "(model/data/posterior.parquet), the same for every regime: intervals include "
            "parameter uncertainty.",
        ),
    ] = False,
    posterior_file: Annotated[
        Path | None, typer.Option(help="Another posterior file (implies --posterior).")
    ] = None,
) -> None:
    """Run every regime of an experiment over the same seeds; write results and a report.

    Finished runs are stored one file each as they arrive (OUT/runs); re-running into the same
    folder skips them; a failed run (even a worker killed by the system) is recorded in
    OUT/failures.parquet and the sweep goes on; Ctrl-C or SIGTERM keeps what finished and
    prints the command that resumes. Exit code 1 if any run failed, a write failed (a full
    disk) or the executor broke down, 130 if interrupted (143 on SIGTERM), 2 on bad input.

    Example: decertsim compare compare_regimes --size smoke --out results/smoke --workers 2
    """
    if resume and fresh:
        raise DecertsimInputError("--resume and --fresh exclude each other")
    if scheduler and executor != ExecutorKind.dask:
        raise DecertsimInputError("--scheduler needs --executor dask")
    path = experiment_path(experiment)
    spec = load_experiment(path).sized(size)
    if set_ or start:
        extra = with_start(parse_overrides(set_), start)
        spec = spec.model_copy(update={"overrides": {**spec.overrides, **extra}})
    check_run_count(spec, len(spec.regimes), str(path))
    regime_objs = experiment_regimes(spec.regimes, spec.baseline, path)
    folder = check_out(out, folders=STORE_FOLDERS, files=STORE_FILES)
    if resume and not (folder / "experiment.json").exists():
        raise DecertsimInputError(f"--resume: {folder} holds no earlier sweep to resume")
    drawn = (
        posterior_draws(spec, posterior_file or SHIPPED_POSTERIOR)
        if (posterior or posterior_file)
        else None
    )
    runs = build_runs(spec, regime_objs, drawn["sets"] if drawn else None)
    manifest, digest = sweep_manifest(spec, regime_objs, runs)
    if drawn:
        manifest["posterior"] = drawn["record"]
    store = ResultStore(folder)
    store.prepare(manifest, digest, fresh=fresh)
    where = (
        f"the Dask cluster at {scheduler}"
        if scheduler
        else f"{executor.value} ({workers} worker(s))"
    )
    done_before = len(store.finished_ids() & {r.run_id for r in runs})
    console.print(
        f"experiment {spec.name}: {len(regime_objs)} regimes x {len(spec.points())} parameter "
        f"point(s) x {spec.replications} seeds x {spec.months} months on the {spec.resolution} "
        f"grid = {len(runs)} runs ({done_before} already done) on {where}"
    )
    # Everything that changes what the sweep computes must be in the command, or running it
    # would plan other runs and be refused the folder.
    words = ["decertsim", "compare", experiment, "--out", str(folder)]
    words += ["--size", size] if size else []
    words += ["--start", start] if start else []
    words += ["--posterior-file", str(posterior_file)] if posterior_file else []
    words += ["--posterior"] if posterior and not posterior_file else []
    for item in set_ or []:
        words += ["--set", item]
    if executor != ExecutorKind.local:
        words += ["--executor", executor.value] + (["--scheduler", scheduler] if scheduler else [])
    # Workers do not change what is computed, but a resume should run as wide as the original.
    words += ["--workers", str(workers)]
    resume_cmd = shlex.join(words)
    started = time.perf_counter()
    with sigterm_stops() as terminated:
        try:
            pool = make_executor(executor.value, workers, scheduler)
            result = run_sweep(runs, store, pool, console=err_console)
        except KeyboardInterrupt:  # before the sweep took over (while the executor started)
            store.lock.release()
            stop(143 if terminated else 130, "interrupted before any run started", resume_cmd)
    elapsed = time.perf_counter() - started
    saved = f"{result.skipped + result.finished} of {result.planned} runs are saved in {folder}"
    if result.write_error:
        stop(1, f"{result.write_error}. {saved}.", resume_cmd)
    if result.aborted:
        stop(1, f"the {executor.value} executor stopped: {result.aborted}. {saved}.", resume_cmd)
    if result.interrupted:
        why = "terminated (SIGTERM)" if terminated else "interrupted"
        stop(143 if terminated else 130, f"{why}: {saved}.", resume_cmd)
    if result.failed and not store.finished_ids():
        stop(
            1,
            f"all {result.failed} run(s) failed: see {folder / 'failures.parquet'} (no report: "
            f"nothing finished); the first: {result.first_error}. Fix the cause and run the "
            "command again.",
            resume_cmd,
        )
    data = compute_report(folder)
    report = write_report(folder, data)
    print_compare(data, console)
    console.print(
        f"{result.finished} runs in {elapsed:.1f} s ({result.skipped} skipped as already done, "
        f"{result.failed} failed)"
    )
    console.print(f"report: {report}  summary: {folder / 'summary.csv'}")
    if result.failed:
        stop(
            1,
            f"{result.failed} run(s) failed: see {folder / 'failures.parquet'}; the first: "
            f"{result.first_error}. Fix the cause and run the command again to retry only those.",
            resume_cmd,
        )
