"""The ``decertsim`` command line: regimes, run, compare, validate, params.

Every mistake in user input (unknown regime, malformed file, out-of-range parameter) is printed
as a plain message naming the file, the field and what is allowed, with exit code 2 and no
traceback.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from model.errors import DecertsimInputError, ParamsError
from model.landscape import GROUP_KEYS, LandscapeError
from model.outcomes import KEY_OUTCOMES, outcome_registry
from model.params import Params
from runs.catalog import experiment_path, load_regime, regime_names
from runs.compare import paired_differences, summarize
from runs.maps import plot_control
from runs.report import write_report
from runs.single import run_single, run_table, write_table
from runs.spec import load_experiment

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


class Resolution(StrEnum):
    """Grid resolutions."""

    quarter = "0.25"
    tenth = "0.1"
    synthetic = "synthetic"


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
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word: treat as a string
        overrides[key.strip()] = value
    return overrides


SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override a parameter, e.g. --set armed.recruitment_rate=0.02 (repeatable; "
        "names in docs/PARAMETERS.md).",
    ),
]


@app.command()
@user_errors
def regimes() -> None:
    """List the shipped policy regimes, one line each.

    Example: decertsim regimes
    """
    table = Table("regime", "description")
    for name in regime_names():
        table.add_row(name, load_regime(name).description)
    console.print(table)


def _summary_table(result_frame: pd.DataFrame, months: int) -> Table:
    frame = result_frame
    dates = frame.drop_duplicates("month").set_index("month")["date"]
    table = Table(
        "outcome", "unit", f"{dates[0]} (month 1)", f"{dates[months - 1]} (month {months})"
    )
    table.columns[0].no_wrap = True
    registry = outcome_registry(GROUP_KEYS)
    first = frame[frame["month"] == 0].set_index("outcome")["value"]
    last = frame[frame["month"] == months - 1].set_index("outcome")["value"]
    shown = [*KEY_OUTCOMES, "us_assistance_musd"] + [
        n for n in registry if n.startswith("state_capacity_")
    ]
    for name in shown:
        table.add_row(name, registry[name].unit, f"{first[name]:,.3f}", f"{last[name]:,.3f}")
    return table


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
    set_: SetOption = None,
) -> None:
    """Run one simulation; write timeseries.parquet and control_map.png to OUT.

    Example: decertsim run --regime full_cutoff --months 60 --seed 7 --out results/cutoff
    """
    params = Params.from_overrides(parse_overrides(set_))
    reg = load_regime(regime)
    started = time.perf_counter()
    result = run_single(params, reg, seed, months, resolution.value)
    elapsed = time.perf_counter() - started
    write_table(result.table, out / "timeseries.parquet")
    title = f"Control in {result.model.date} under '{reg.name}' (seed {seed})"
    plot_control(result.model.control.controller, result.model, title, out / "control_map.png")
    frame = result.table.to_pandas()
    console.print(_summary_table(frame, months))
    console.print(
        f"run {result.run_id}: regime {reg.name}, seed {seed}, {months} months on the "
        f"{resolution.value} grid in {elapsed:.1f} s"
    )
    console.print(f"wrote {out / 'timeseries.parquet'} and {out / 'control_map.png'}")


def _run_all(jobs: list[tuple[Params, Any, int, int, str]], workers: int) -> list[pa.Table]:
    """Run every job (serially with one worker) with a progress bar; keep submission order."""
    results: list[pa.Table | None] = [None] * len(jobs)
    columns = (
        TextColumn("runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task("runs", total=len(jobs))
        if workers <= 1:
            for i, job in enumerate(jobs):
                results[i] = run_table(*job)
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(run_table, *job): i for i, job in enumerate(jobs)}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    progress.advance(task)
    return [r for r in results if r is not None]


@app.command()
@user_errors
def compare(
    experiment: Annotated[
        str, typer.Argument(help="Experiment name (runs/experiments) or path to a .toml file.")
    ] = "compare_regimes",
    size: Annotated[
        str | None, typer.Option(help="Named size from the experiment file, e.g. smoke.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("results/compare"),
    workers: Annotated[
        int, typer.Option(min=1, help="Parallel worker processes (default: all cores).")
    ] = max(1, os.cpu_count() or 1),
    set_: SetOption = None,
) -> None:
    """Run every regime of an experiment over the same seeds; write summary.csv and report.md.

    Example: decertsim compare compare_regimes --size smoke --out results/smoke
    """
    spec = load_experiment(experiment_path(experiment)).sized(size)
    params = Params.from_overrides({**spec.overrides, **parse_overrides(set_)})
    regime_objs = [load_regime(name) for name in spec.regimes]
    if spec.baseline not in [r.name for r in regime_objs]:
        raise DecertsimInputError(
            f"baseline '{spec.baseline}' is not among the experiment's regimes "
            f"({', '.join(r.name for r in regime_objs)})"
        )
    seeds = spec.seeds()
    jobs = [(params, reg, s, spec.months, spec.resolution) for reg in regime_objs for s in seeds]
    console.print(
        f"experiment {spec.name}: {len(regime_objs)} regimes x {len(seeds)} seeds x "
        f"{spec.months} months on the {spec.resolution} grid ({workers} worker(s))"
    )
    started = time.perf_counter()
    tables = _run_all(jobs, workers)
    combined = pa.concat_tables(tables)
    write_table(combined, out / "timeseries.parquet")
    frame = combined.to_pandas()
    horizons = [h for h in spec.horizons if h <= spec.months] or [spec.months]
    summary = summarize(frame, horizons, spec.outcomes)
    differences = paired_differences(frame, horizons, spec.outcomes, spec.baseline)
    report = write_report(out, spec, params, seeds, frame, summary, differences)
    elapsed = time.perf_counter() - started

    last = summary[summary["horizon_months"] == max(horizons)]
    table = Table("outcome", *spec.regimes, title=f"mean [95% CI] at {max(horizons)} months")
    for outcome in spec.outcomes:
        cells = []
        for name in spec.regimes:
            row = last[(last["regime"] == name) & (last["outcome"] == outcome)].iloc[0]
            cells.append(f"{row['mean']:,.3g} [{row['ci95_low']:,.3g}, {row['ci95_high']:,.3g}]")
        table.add_row(outcome, *cells)
    console.print(table)
    console.print(f"{len(jobs)} runs in {elapsed:.1f} s")
    console.print(f"report: {report}  summary: {out / 'summary.csv'}")


@app.command()
@user_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="Regime or experiment .toml files.")],
) -> None:
    """Check regime or experiment files without running anything.

    Example: decertsim validate my_regime.toml runs/experiments/compare_regimes.toml
    """
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            data = {}  # let the regime loader report the missing file or the syntax error
        if "regimes" in data:
            load_experiment(path)
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
    from model.params import parameters_markdown

    sys.stdout.write(parameters_markdown())


def main() -> None:
    """Entry point for ``python -m runs.cli``."""
    app()


if __name__ == "__main__":
    main()
