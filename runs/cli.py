"""The ``decertsim`` command line: regimes, run, compare, report, validate, score, params.

Every mistake in user input (unknown regime, malformed file, out-of-range parameter) is printed
as a plain message naming the file, the field and what is allowed, with exit code 2 and no
traceback.
"""

from __future__ import annotations

import shlex
import sys
import time
import tomllib
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from model.calendar import month_label
from model.errors import DecertsimInputError, ParamsError
from model.geo import LandscapeError
from model.params import Params
from model.tomlfile import check_nesting, read_toml
from runs.catalog import experiment_path, experiment_regimes, load_regime, regime_names
from runs.cli_app import app_command
from runs.cli_calibrate import calibrate_command
from runs.cli_options import (
    DEFAULT_WORKERS,
    ExecutorKind,
    ExecutorOption,
    Resolution,
    SchedulerOption,
    SetOption,
    StartOption,
    WorkersOption,
    with_start,
)
from runs.cli_score import score_command
from runs.cli_view import fit_width, print_compare, run_table
from runs.execute import make_executor
from runs.maps import plot_control
from runs.posterior import SHIPPED_POSTERIOR, posterior_draws
from runs.report import compute_report, write_report
from runs.single import run_single
from runs.spec import build_runs, load_experiment
from runs.store import ResultStore, write_parquet_atomic
from runs.sweep import run_sweep, sweep_manifest

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "decertsim: an agent-based simulation of what happens in Colombia when the United "
        "States changes its security assistance. Results explore mechanisms; they are not "
        "forecasts."
    ),
)
console = Console()
err_console = Console(stderr=True)


def user_errors[F: Callable[..., Any]](func: F) -> F:
    """Print input errors plainly and exit with 2 (no traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (DecertsimInputError, LandscapeError) as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]


def parse_overrides(items: list[str] | None) -> dict[str, Any]:
    """Turn ``["armed.recruitment_rate=0.02", ...]`` into a dict of TOML-typed values."""
    overrides: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise ParamsError(f"--set '{item}': expected section.name=value")
        key, raw = item.split("=", 1)
        check_nesting(raw, f"--set '{key.strip()}'", ParamsError)
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word: treat as a string
        overrides[key.strip()] = value
    return overrides


@app.command()
@user_errors
def regimes() -> None:
    """List the shipped policy regimes, one line each.

    Example: decertsim regimes
    """
    table = Table("regime", "title", "description")
    for name in regime_names():
        regime = load_regime(name)
        table.add_row(name, regime.display_name, regime.description)
    console.print(table)


@app.command()
@user_errors
def run(
    regime: Annotated[
        str, typer.Option(help="Regime name (see `decertsim regimes`) or path to a .toml file.")
    ] = "certified",
    months: Annotated[int, typer.Option(min=1, max=600, help="Months to simulate.")] = 60,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = 1,
    resolution: Annotated[Resolution, typer.Option(help="Grid.")] = Resolution.quarter,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("results/run"),
    start: StartOption = None,
    set_: SetOption = None,
) -> None:
    """Run one simulation; write timeseries.parquet and control_map.png to OUT.

    Example: decertsim run --regime full_cutoff --months 60 --seed 7 --out results/cutoff
    """
    params = Params.from_overrides(with_start(parse_overrides(set_), start))
    reg = load_regime(regime)
    started = time.perf_counter()
    result = run_single(params, reg, seed, months, resolution.value)
    elapsed = time.perf_counter() - started
    write_parquet_atomic(result.table, out / "timeseries.parquet")
    last = months - 1
    title = (
        f"Control at the end of {month_label(last, result.model.start_month)} (month {last})\n"
        f"{reg.display_name}, seed {seed}"
    )
    plot_control(result.model.control.controller, result.model, title, out / "control_map.png")
    frame = result.table.to_pandas()
    console.print(run_table(frame, months), width=fit_width(console))
    console.print(
        f"run {result.run_id}: regime {reg.name}, seed {seed}, {months} months on the "
        f"{resolution.value} grid in {elapsed:.1f} s"
    )
    console.print(f"wrote {out / 'timeseries.parquet'} and {out / 'control_map.png'}")


@app.command()
@user_errors
def compare(
    experiment: Annotated[
        str, typer.Argument(help="Experiment name (runs/experiments) or path to a .toml file.")
    ] = "compare_regimes",
    size: Annotated[
        str | None, typer.Option(help="Named size from the experiment file, e.g. smoke.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder (results and report).")] = Path(
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
    folder skips them; a failed run is recorded in OUT/failures.parquet and the sweep goes on;
    Ctrl-C keeps what finished. Exit code 1 if any run failed or the executor broke down (a
    lost Dask scheduler; finished runs are kept and the command says how to resume), 130 if
    interrupted.

    Example: decertsim compare compare_regimes --size smoke --out results/smoke --workers 2
    """
    path = experiment_path(experiment)
    spec = load_experiment(path).sized(size)
    if set_ or start:
        extra = with_start(parse_overrides(set_), start)
        spec = spec.model_copy(update={"overrides": {**spec.overrides, **extra}})
    regime_objs = experiment_regimes(spec.regimes, spec.baseline, path)
    if resume and fresh:
        raise DecertsimInputError("--resume and --fresh exclude each other")
    if resume and not (out / "experiment.json").exists():
        raise DecertsimInputError(f"--resume: {out} holds no earlier sweep to resume")
    if scheduler and executor != ExecutorKind.dask:
        raise DecertsimInputError("--scheduler needs --executor dask")
    drawn = (
        posterior_draws(spec, posterior_file or SHIPPED_POSTERIOR)
        if (posterior or posterior_file)
        else None
    )
    runs = build_runs(spec, regime_objs, drawn["sets"] if drawn else None)
    manifest, digest = sweep_manifest(spec, regime_objs, runs)
    if drawn:
        manifest["posterior"] = drawn["record"]
    store = ResultStore(out)
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
    started = time.perf_counter()
    pool = make_executor(executor.value, workers, scheduler)
    result = run_sweep(runs, store, pool, console=err_console)
    elapsed = time.perf_counter() - started
    # Everything that changes what the sweep computes must be in the command, or running it
    # would plan other runs and be refused the folder.
    words = ["decertsim", "compare", experiment, "--out", str(out)]
    words += ["--size", size] if size else []
    words += ["--start", start] if start else []
    words += ["--posterior-file", str(posterior_file)] if posterior_file else []
    words += ["--posterior"] if posterior and not posterior_file else []
    for item in set_ or []:
        words += ["--set", item]
    if executor != ExecutorKind.local:
        words += ["--executor", executor.value] + (["--scheduler", scheduler] if scheduler else [])
    resume_cmd = shlex.join(words)
    if result.aborted:
        _stop(
            1,
            f"the {executor.value} executor stopped: {result.aborted}. "
            f"{result.skipped + result.finished} of {result.planned} runs are saved in {out}. "
            f"Resume with: {resume_cmd}",
        )
    if result.interrupted:
        _stop(
            130,
            f"interrupted: {result.skipped + result.finished} of {result.planned} runs are "
            f"saved in {out}. Resume with: {resume_cmd}",
        )
    if result.failed and not store.finished_ids():
        _stop(
            1,
            f"all {result.failed} run(s) failed: see {out / 'failures.parquet'} (no report: "
            f"nothing finished); fix the cause and re-run `{resume_cmd}`",
        )
    data = compute_report(out)
    report = write_report(out, data)
    print_compare(data, console)
    console.print(
        f"{result.finished} runs in {elapsed:.1f} s ({result.skipped} skipped as already done, "
        f"{result.failed} failed)"
    )
    console.print(f"report: {report}  summary: {out / 'summary.csv'}")
    if result.failed:
        _stop(
            1,
            f"{result.failed} run(s) failed: see {out / 'failures.parquet'}; fix the cause and "
            f"re-run `{resume_cmd}` to retry only those",
        )


def _stop(code: int, message: str) -> NoReturn:
    """Print ``message`` verbatim on stderr (paths and commands stay as typed) and exit."""
    err_console.print(message, highlight=False, markup=False)
    raise typer.Exit(code=code)


@app.command()
@user_errors
def report(
    out: Annotated[Path, typer.Argument(help="A folder written by `decertsim compare`.")],
) -> None:
    """Rebuild the report of a (possibly unfinished) sweep from its stored results.

    Example: decertsim report results/compare
    """
    data = compute_report(out)
    path = write_report(out, data)
    print_compare(data, console)
    console.print(f"report: {path}")


@app.command()
@user_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="Regime or experiment .toml files.")],
) -> None:
    """Check regime or experiment files without running anything.

    Example: decertsim validate my_regime.toml runs/experiments/compare_regimes.toml
    """
    for path in files:
        data = read_toml(path, "regime or experiment", DecertsimInputError)
        if "regimes" in data:
            spec = load_experiment(path)
            experiment_regimes(spec.regimes, spec.baseline, path)
            for size in spec.sizes:
                spec.sized(size)  # every named size must apply cleanly too
            kind = "experiment"
        else:
            load_regime(str(path))
            kind = "regime"
        console.print(f"{path}: valid {kind}")


@app.command()
def params() -> None:
    """Print every parameter with unit, range, default and source (docs/PARAMETERS.md).

    Example: decertsim params > my_parameters.md
    """
    from model.params.markdown import parameters_markdown

    sys.stdout.write(parameters_markdown())


# `decertsim score` and `decertsim app` live in runs/cli_score.py and runs/cli_app.py (this
# module stays under ~400 lines).
app.command(name="score")(user_errors(score_command))
app.command(name="calibrate")(user_errors(calibrate_command))
app.command(name="app")(user_errors(app_command))


def main() -> None:
    """Entry point for ``python -m runs.cli``."""
    app()


if __name__ == "__main__":
    main()
