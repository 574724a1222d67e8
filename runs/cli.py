"""The ``decertsim`` command line: regimes, run, compare, report, validate, score, params.

Every mistake in user input (unknown regime, malformed file, out-of-range parameter) is printed
as a plain message naming the file, the field and what is allowed, with exit code 2 and no
traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from model.calendar import month_label
from model.errors import DecertsimInputError
from model.geo import LandscapeError
from model.params import Params
from model.tomlfile import read_toml
from runs.catalog import experiment_regimes, load_regime, regime_names
from runs.cli_app import app_command
from runs.cli_calibrate import calibrate_command
from runs.cli_compare import compare
from runs.cli_options import (
    Resolution,
    SetOption,
    StartOption,
    parse_overrides,
    with_start,
)
from runs.cli_score import score_command
from runs.cli_view import fit_width, print_compare, run_table
from runs.files import describe_os_error, write_parquet_atomic
from runs.maps import plot_control
from runs.outdir import check_out
from runs.report import compute_report, write_report
from runs.single import run_single
from runs.spec import MAX_SEED, check_run_count, load_experiment, looks_like_experiment
from runs.store import INDEX, ResultStore

__all__ = ["app", "main", "parse_overrides", "user_errors"]

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
    """Print input errors plainly and exit with 2; a failed write (a fault) exits with 1.

    Neither gives a traceback: the message names the file or flag, the problem and what is
    allowed (docs/RELIABILITY.md).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (DecertsimInputError, LandscapeError) as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            raise typer.Exit(code=2) from None
        except OSError as exc:  # a full disk, a file-size limit, a folder gone read-only
            message = describe_os_error(exc)
            err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
            raise typer.Exit(code=1) from None

    return wrapper  # type: ignore[return-value]


def _stop(code: int, message: str) -> NoReturn:
    """Print ``message`` verbatim on stderr (paths and commands stay as typed) and exit."""
    err_console.print(message, highlight=False, markup=False)
    raise typer.Exit(code=code)


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
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED, help=f"Random seed, 0 to {MAX_SEED}.")
    ] = 1,
    resolution: Annotated[Resolution, typer.Option(help="Grid.")] = Resolution.quarter,
    out: Annotated[str, typer.Option(help="Output folder.")] = "results/run",
    start: StartOption = None,
    set_: SetOption = None,
) -> None:
    """Run one simulation; write timeseries.parquet and control_map.png to OUT.

    Example: decertsim run --regime full_cutoff --months 60 --seed 7 --out results/cutoff
    """
    params = Params.from_overrides(with_start(parse_overrides(set_), start))
    reg = load_regime(regime)
    folder = check_out(out, files=("timeseries.parquet", "control_map.png"))
    started = time.perf_counter()
    result = run_single(params, reg, seed, months, resolution.value)
    elapsed = time.perf_counter() - started
    last = months - 1
    title = (
        f"Control at the end of {month_label(last, result.model.start_month)} (month {last})\n"
        f"{reg.display_name}, seed {seed}"
    )
    series, figure = folder / "timeseries.parquet", folder / "control_map.png"
    write_parquet_atomic(result.table, series)
    try:
        plot_control(result.model.control.controller, result.model, title, figure)
    except OSError:
        series.unlink(missing_ok=True)  # both files or neither: a series without its map
        raise
    frame = result.table.to_pandas()
    console.print(run_table(frame, months), width=fit_width(console))
    console.print(
        f"run {result.run_id}: regime {reg.name}, seed {seed}, {months} months on the "
        f"{resolution.value} grid in {elapsed:.1f} s"
    )
    console.print(f"wrote {series} and {figure}")


@app.command()
@user_errors
def report(
    out: Annotated[Path, typer.Argument(help="A folder written by `decertsim compare`.")],
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Rebuild the folder's index of finished runs from the run files present "
            "(after a damaged or lost index.jsonl), then report.",
        ),
    ] = False,
) -> None:
    """Rebuild the report of a (possibly unfinished) sweep from its stored results.

    Example: decertsim report results/compare
    """
    if not out.is_dir():
        raise DecertsimInputError(f"{out}: not a folder; give a folder written by `compare`")
    if rebuild:
        store = ResultStore(out)
        store.read_manifest()  # the manifest says which runs belong
        try:
            n = store.rebuild_index()
        finally:
            store.lock.release()
        console.print(f"{out / INDEX}: rebuilt, {n} finished run(s)")
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
        if looks_like_experiment(data):
            spec = load_experiment(path)
            experiment_regimes(spec.regimes, spec.baseline, path)
            for size in [None, *spec.sizes]:
                sized = spec.sized(size)  # every named size must apply cleanly too
                check_run_count(sized, len(sized.regimes), str(path))
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


@app.command()
def warm() -> None:
    """Compile the model's numba kernels into numba's cache (make does it after installing).

    Without it the first run on a machine compiles them: about 29 CPU s more and a peak of
    about 345 MiB instead of 233 (benchmarks/README.md). Changes no result.
    """
    from runs.warm import main as warm_main

    warm_main([])


# `decertsim compare`, `score` and `app` live in runs/cli_compare.py, runs/cli_score.py and
# runs/cli_app.py (this module stays under ~400 lines).
app.command(name="compare")(user_errors(compare))
app.command(name="score")(user_errors(score_command))
app.command(name="calibrate")(user_errors(calibrate_command))
app.command(name="app")(user_errors(app_command))


def main() -> None:
    """Entry point for ``python -m runs.cli``."""
    app()


if __name__ == "__main__":
    main()
