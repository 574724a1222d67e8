"""``decertsim score``: the scorecard command (docs/VALIDATION.md; the work is runs/score.py).

Registered on the ``decertsim`` app by runs/cli.py, which also supplies the consoles, the
``--set`` parser and the input-error handling (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runs.cli_options import (
    DEFAULT_WORKERS,
    ExecutorKind,
    ExecutorOption,
    Resolution,
    SchedulerOption,
    SetOption,
    WorkersOption,
)
from runs.score import ScoreFault, ScoreOptions
from runs.score import score as run_scorecard
from runs.score_view import print_scorecard
from runs.targets import SHIPPED_TARGETS


def score_command(
    targets: Annotated[
        Path, typer.Option(help="Targets CSV (columns series,year,value,unit,source,url,...).")
    ] = SHIPPED_TARGETS,
    start: Annotated[
        str | None,
        typer.Option(
            help="First simulated month YYYY-MM (sets simulation.start_month). Default: the "
            "first month the targets need, not before 2018-01."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(help="Last simulated month YYYY-MM. Default: the last month needed."),
    ] = None,
    regime: Annotated[
        str, typer.Option(help="Regime name or .toml file (default: the historical hindcast).")
    ] = "history_2016_2025",
    seeds: Annotated[int, typer.Option(min=1, max=1000, help="Seeds (runs).")] = 10,
    seed: Annotated[int, typer.Option(min=0, help="Master seed the run seeds come from.")] = 1,
    resolution: Annotated[Resolution, typer.Option(help="Grid.")] = Resolution.quarter,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every record and the summary here.")
    ] = None,
    family: Annotated[
        list[str] | None,
        typer.Option(
            help="Score only this family (repeatable): national, trends, places, stability."
        ),
    ] = None,
    series: Annotated[
        list[str] | None, typer.Option(help="Score only this target series (repeatable).")
    ] = None,
    workers: WorkersOption = DEFAULT_WORKERS,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    set_: SetOption = None,
) -> None:
    """Score the model against observed targets: national series, trends, places, stability.

    Prints, per target, the observed value, the model's mean and 95% interval over seeds, the
    relative error, the tolerance and pass or fail; then the share passed per family. Rows that
    are not scored (recalled, unknown series, outside the span, no model outcome yet) are
    counted, and listed with --json. Exit 0 whatever passes; 2 on bad input; 1 if a run fails.
    See docs/VALIDATION.md.

    Example: decertsim score --regime certified --start 2025-09 --seeds 10 --json score.json
    """
    from runs import cli  # the command line's consoles and helpers (it imports this module)

    options = ScoreOptions(
        targets=targets,
        start=start,
        end=end,
        regime=regime,
        seeds=seeds,
        seed=seed,
        resolution=resolution.value,
        overrides=cli.parse_overrides(set_),
        families=tuple(family) if family else ScoreOptions().families,
        series=tuple(series or ()),
        workers=workers,
        executor=executor.value,
        scheduler=scheduler,
    )
    try:
        card = run_scorecard(options, console=cli.err_console)
    except ScoreFault as exc:
        cli._stop(1, f"scorecard aborted: {exc}")
    print_scorecard(card, cli.console)
    if json_out is not None:
        card.write_json(json_out)
        cli.console.print(f"wrote {json_out}", highlight=False)
