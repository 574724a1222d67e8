"""Server time of one step in the browser app: the month simulated, the map drawn, the charts built.

Usage: .venv/bin/python benchmarks/bench_app.py [--steps 24] [--grid 0.25] [--compare]

What the app does on the server after a click on Step (``webapp/``): ``Run.step`` (one month of
the model), the control map as a PNG (``map_figure`` + ``png``) and the ECharts options of every
chart (``assistance_chart`` and ``outcome_chart`` for the page's charts and the "any outcome"
one). The browser then draws the charts itself. With ``--compare`` two runs step together and
two maps are drawn (the compare view). Prints the median and the maximum over ``--steps``
months, and the parts' medians, as a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import time

from runs.maps import map_places
from webapp.charts import (
    assistance_chart,
    chart_specs,
    map_figure,
    outcome_chart,
    png,
    single_outcome_spec,
)
from webapp.session import Run, Settings


def one_step(runs: list[Run], places: tuple) -> dict[str, float]:
    """Seconds of each part of one step of ``runs``."""
    t0 = time.perf_counter()
    for run in runs:
        run.step()
    t1 = time.perf_counter()
    for i, run in enumerate(runs):
        png(map_figure(run, places, run.model.landscape, "AB"[i] if len(runs) > 1 else ""))
    t2 = time.perf_counter()
    names = [run.regime.display_name for run in runs]
    assistance_chart(runs, names)
    for spec in [*chart_specs(runs[0].model.group_keys), single_outcome_spec("idps")]:
        outcome_chart(spec, runs, names)
    t3 = time.perf_counter()
    return {"model": t1 - t0, "map": t2 - t1, "charts": t3 - t2, "total": t3 - t0}


def main() -> None:
    """Time ``--steps`` steps and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--grid", default="0.25")
    parser.add_argument("--compare", action="store_true", help="two runs, two maps")
    args = parser.parse_args()
    runs = [Run(Settings(grid=args.grid))]
    if args.compare:
        runs.append(Run(Settings(grid=args.grid, regime="full_cutoff")))
    places = map_places(runs[0].model.landscape)
    one_step(runs, places)  # warm-up: imports, fonts, caches
    runs = [Run(run.settings) for run in runs]  # back to month 0 for the timed months
    times = [one_step(runs, places) for _ in range(args.steps)]
    view = "compare (2 runs)" if args.compare else "explore (1 run)"
    print("| view | grid | steps | median s | max s | model | map | charts |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    parts = {k: statistics.median(t[k] for t in times) for k in ("model", "map", "charts")}
    print(
        f"| {view} | {args.grid} | {args.steps} | "
        f"{statistics.median(t['total'] for t in times):.3f} | "
        f"{max(t['total'] for t in times):.3f} | "
        + " | ".join(f"{parts[k]:.3f}" for k in ("model", "map", "charts"))
        + " |"
    )


if __name__ == "__main__":
    main()
