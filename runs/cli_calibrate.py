"""``decertsim calibrate``: the command (the work is in runs/calibrate.py and runs/outofsample.py).

Registered on the ``decertsim`` app by runs/cli.py, which supplies the consoles, the ``--set``
parser and the input-error handling (exit 2).
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from runs.calibrate import CalibrateOptions, fit, point, posterior_table, write_posterior
from runs.cli_options import (
    DEFAULT_WORKERS,
    ExecutorKind,
    ExecutorOption,
    Resolution,
    SchedulerOption,
    SetOption,
    WorkersOption,
)
from runs.files import write_text_atomic
from runs.outofsample import check
from runs.posterior import SHIPPED_CALIBRATED, SHIPPED_POSTERIOR, calibrated_toml, load_posterior
from runs.priors import SHIPPED_PRIORS
from runs.targets import SHIPPED_TARGETS


def calibrate_command(
    budget: Annotated[
        int,
        typer.Option(
            min=4, max=1_000_000, help="Most hindcast simulations (runs, all seeds) in all."
        ),
    ] = 240,
    particles: Annotated[int, typer.Option(min=4, max=100_000, help="ABC-SMC particles.")] = 40,
    out: Annotated[Path, typer.Option(help="Folder of the fit (cache, posterior, scorecards).")] = (
        Path("results/calibrate")
    ),
    seed: Annotated[int, typer.Option(min=0, help="Master seed: same seed, same posterior.")] = 1,
    priors: Annotated[Path, typer.Option(help="Priors file (TOML).")] = SHIPPED_PRIORS,
    targets: Annotated[Path, typer.Option(help="Targets CSV.")] = SHIPPED_TARGETS,
    resolution: Annotated[Resolution, typer.Option(help="Grid.")] = Resolution.quarter,
    fit_end: Annotated[
        str, typer.Option(help="Last month the fit sees (YYYY-MM); later is out of sample.")
    ] = "2022-12",
    check_seeds: Annotated[
        int, typer.Option(min=1, max=1000, help="Seeds of the out-of-sample scorecards.")
    ] = 5,
    seeds_per_particle: Annotated[
        int,
        typer.Option(
            min=1,
            max=100,
            help="Seeds each parameter set runs on; its distance is that of the seeds' mean.",
        ),
    ] = 2,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Copy posterior.parquet and calibrated.toml into model/data."
        ),
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Discard the simulations cached in OUT first.")
    ] = False,
    workers: WorkersOption = DEFAULT_WORKERS,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    set_: SetOption = None,
) -> None:
    """Fit the priors' parameters to the hindcast up to 2022 (ABC-SMC), then score out of sample.

    Every simulation is cached in OUT as it finishes: after a kill, the same command resumes
    without redoing one. Writes OUT/posterior.parquet (weighted parameter sets),
    OUT/calibrated.toml (the point and whether the defaults adopt it), OUT/calibration.json
    (generations, in- and out-of-sample scorecards) and the scorecards' JSON. See
    docs/VALIDATION.md, "Calibration".

    Example: decertsim calibrate --budget 240 --particles 40 --out results/calibrate --workers 2
    """
    from runs import cli  # the command line's consoles and helpers (it imports this module)

    options = CalibrateOptions(
        out=out,
        budget=budget,
        particles=particles,
        seed=seed,
        priors=priors,
        targets=targets,
        resolution=resolution.value,
        fit_end=fit_end,
        workers=workers,
        executor=executor.value,
        scheduler=scheduler,
        fresh=fresh,
        check_seeds=check_seeds,
        seeds_per_particle=seeds_per_particle,
        publish=publish,
        overrides=cli.parse_overrides(set_),
    )
    resume = shlex.join(
        [
            "decertsim",
            "calibrate",
            "--budget",
            str(budget),
            "--particles",
            str(particles),
            "--out",
            str(out),
            "--seed",
            str(seed),
            "--seeds-per-particle",
            str(seeds_per_particle),
            "--resolution",
            resolution.value,
        ]
    )
    try:
        result, prior_set, info = fit(options, console=cli.err_console)
    except KeyboardInterrupt:
        cli._stop(130, f"interrupted: finished simulations are kept in {out}; resume: {resume}")
    table = Table(
        "generation",
        "tolerance",
        "simulations",
        "accepted",
        "ESS",
        title=f"ABC-SMC: {result.stopped}",
    )
    for g in result.generations:
        table.add_row(
            str(g.t),
            f"{g.epsilon:.3f}",
            str(g.simulations),
            f"{g.acceptance:.0%}",
            f"{g.ess():.1f}",
        )
    cli.console.print(table)
    write_posterior(out / "posterior.parquet", posterior_table(result, prior_set, info))
    posterior = load_posterior(out / "posterior.parquet")
    best = prior_set.overrides(point(result, prior_set))
    defaults, calibrated, decision = check(best, options, cli.err_console, out)
    scores = {
        "defaults_in_sample": "{}/{}".format(*defaults.in_sample),
        "defaults_out_of_sample": "{}/{}".format(*defaults.out_of_sample),
        "calibrated_in_sample": "{}/{}".format(*calibrated.in_sample),
        "calibrated_out_of_sample": "{}/{}".format(*calibrated.out_of_sample),
        "check_seeds": options.check_seeds,
    }
    text = calibrated_toml(best, posterior, decision.adopted, decision.reason, scores)
    write_text_atomic(text, out / "calibrated.toml")
    summary = {
        "posterior": posterior.meta,
        "point": best,
        "decision": vars(decision),
        "defaults": defaults.to_json(),
        "calibrated": calibrated.to_json(),
    }
    write_text_atomic(json.dumps(summary, indent=2, default=str) + "\n", out / "calibration.json")
    points = Table("parameter", "default", "calibrated", "posterior 95%")
    for name, (lo, hi) in posterior.ranges().items():
        default = prior_set.priors[prior_set.names.index(name)].default
        points.add_row(name, f"{default:.4g}", f"{best[name]:.4g}", f"{lo:.4g} .. {hi:.4g}")
    cli.console.print(points)
    cli.console.print(f"decision: {decision.reason}", highlight=False)
    if publish:
        shutil.copyfile(out / "posterior.parquet", SHIPPED_POSTERIOR)
        shutil.copyfile(out / "calibrated.toml", SHIPPED_CALIBRATED)
        cli.console.print(f"published {SHIPPED_POSTERIOR} and {SHIPPED_CALIBRATED}")
    cli.console.print(
        f"{info['runs']} simulations ({result.simulations} parameter sets on "
        f"{options.seeds_per_particle} seeds) in {info['seconds']} s ({info['failed']} failed); "
        f"wrote {out}/posterior.parquet, calibrated.toml, calibration.json",
        highlight=False,
    )
