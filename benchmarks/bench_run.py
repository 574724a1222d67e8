"""Time a default run (0.25 degree, 60 months, certified) on one core, and its set-up.

Usage: .venv/bin/python benchmarks/bench_run.py [--months 60] [--repeat 3] [--resolution 0.25]
Prints one line per repeat (wall-clock set-up and months, the run's CPU seconds) and the
medians.
"""

from __future__ import annotations

import argparse
import statistics
import time

from model.assistance import Regime
from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime


def time_run(regime: Regime, months: int, seed: int, resolution: str) -> tuple[float, float, float]:
    """Set-up and months in wall-clock seconds, and the whole run's CPU seconds (this process)."""
    cpu = time.process_time()
    started = time.perf_counter()
    model = ColombiaModel(Params(), regime, rng=seed, resolution=resolution)
    built = time.perf_counter()
    model.run(months)
    return built - started, time.perf_counter() - built, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--resolution", default="0.25")
    parser.add_argument("--regime", default="certified")
    args = parser.parse_args()
    regime = load_regime(args.regime)
    time_run(regime, 1, 0, args.resolution)  # warm caches (landscape, imports)
    totals, cpus = [], []
    for i in range(args.repeat):
        setup, run, cpu = time_run(regime, args.months, i, args.resolution)
        totals.append(setup + run)
        cpus.append(cpu)
        print(
            f"repeat {i}: set-up {setup:.2f} s, {args.months} months {run:.2f} s, CPU {cpu:.2f} s"
        )
    # on a shared machine wall time measures the other processes too: compare the CPU seconds
    print(
        f"median total {statistics.median(totals):.2f} s (CPU {statistics.median(cpus):.2f} s, "
        f"min {min(cpus):.2f} s) for {args.months} months at "
        f"{args.resolution} degree under '{args.regime}' (one core)"
    )


if __name__ == "__main__":
    main()
