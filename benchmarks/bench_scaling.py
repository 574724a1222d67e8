"""How a run's time grows with land cells and with agents (issue 15: at most linearly).

Usage: .venv/bin/python benchmarks/bench_scaling.py [--months 24] [--repeat 2]
           [--factors 1 2 4 8 16] [--people 500 250 125]

* **Cells**: synthetic all-land worlds (``model.geo.synthetic``) whose cell count is the
  default test world's (24 x 18 = 432 cells) times each factor, the sides scaled by its square
  root. The synthetic world keeps its people (1,000,000), coca (10,000 ha) and armed members
  whatever its size, so this isolates the per-cell work; growers (one per cell with coca) and
  displaced households grow with the land.
* **Resolution**: the default run (``--resolution-months``, 60) at 0.25 and at 0.1 degree
  (9,262 land cells against 1,484), one run each after an untimed one that builds the landscape.
* **Agents**: the default 0.25-degree run with ``migration.people_per_agent`` at each value
  (500 is the default; halved, quartered): more displaced-household agents for the same people.

For each: set-up plus ``--months`` months under ``certified``, seed 0, the fastest of
``--repeat`` runs (CPU time of this process, less sensitive to other processes than wall time),
the agent-steps (agents alive at the start of each month, summed), and the time per unit
relative to the first row: a time that grows at most linearly keeps that ratio at or below 1.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.geo import synthetic  # noqa: E402
from model.params import Params  # noqa: E402
from model.simulation import ColombiaModel  # noqa: E402
from runs.catalog import load_regime  # noqa: E402

BASE = (24, 18)


def timed_run(months: int, repeat: int, **model_args) -> tuple[float, int, int]:
    """Fastest CPU seconds of ``repeat`` runs, their agent-steps and land cells."""
    best, steps, cells = math.inf, 0, 0
    for _ in range(repeat):
        started = time.process_time()
        model = ColombiaModel(rng=0, regime=load_regime("certified"), **model_args)
        steps = 0
        for _ in range(months):
            steps += len(model.agents)
            model.step()
        best = min(best, time.process_time() - started)
        cells = int(model.land.sum())
    return best, steps, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--people", type=int, nargs="+", default=[500, 250, 125])
    parser.add_argument("--resolution-months", type=int, default=60)
    args = parser.parse_args()
    print(f"# scaling, {args.months} months, certified, seed 0 (load {os.getloadavg()[0]:.2f})\n")
    timed_run(1, 1, landscape=synthetic(*BASE))  # warm-up: imports, compiled kernels
    print("| cells factor | world | land cells | agent-steps | CPU s | ms per cell | vs first |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    first = None
    for factor in args.factors:
        width, height = (round(side * math.sqrt(factor)) for side in BASE)
        cpu, steps, cells = timed_run(
            args.months, args.repeat, landscape=synthetic(width, height), params=Params()
        )
        per_cell = cpu / cells
        first = first or per_cell
        print(
            f"| {factor} | {width} x {height} | {cells:,} | {steps:,} | {cpu:.2f} "
            f"| {1000 * per_cell:.3f} | {per_cell / first:.2f} |",
            flush=True,
        )
    print()
    print("| people per agent | agent-steps | CPU s | us per agent-step | vs first |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for people in args.people:
        params = Params.from_overrides({"migration.people_per_agent": people})
        cpu, steps, _ = timed_run(args.months, args.repeat, params=params, resolution="0.25")
        per_step = cpu / steps
        first = first or per_step
        print(
            f"| {people} | {steps:,} | {cpu:.2f} | {1e6 * per_step:.1f} | {per_step / first:.2f} |",
            flush=True,
        )
    print()
    print(
        f"| resolution | land cells | agent-steps "
        f"| CPU s ({args.resolution_months} months) | vs 0.25 |"
    )
    print("|---|---:|---:|---:|---:|")
    first = None
    for resolution in ("0.25", "0.1"):
        timed_run(1, 1, resolution=resolution)  # the landscape's first build is not timed
        cpu, steps, cells = timed_run(args.resolution_months, 1, resolution=resolution)
        first = first or cpu
        print(
            f"| {resolution} | {cells:,} | {steps:,} | {cpu:.2f} | {cpu / first:.2f} |", flush=True
        )
    print(f"\nload {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
