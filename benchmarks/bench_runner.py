"""Runs per minute of the batch runner: local pool at 1 and 2 workers, and Dask (2 workers).

Usage: .venv/bin/python benchmarks/bench_runner.py [--months 24] [--seeds 8] [--resolution 0.25]
                                                   [--regimes certified full_cutoff] [--no-dask]

Every executor runs the same sweep (regimes x seeds, default parameters, map snapshots every
12 months) through ``runs.sweep.run_sweep`` into its own temporary ``ResultStore``. Times are
wall-clock from the executor's creation to the return of ``run_sweep`` (which shuts the
executor down); for Dask the start of the LocalCluster is also shown on its own, and the rate
without it, the wait for the first result (worker start, imports) and the time from the last
result to the return (shut-down). Parallel efficiency = rate(2 workers) / (2 x rate(1 worker)).
Finally the stored Parquet files of the three executors are compared byte for byte and value
for value (OK or MISMATCH): the executor must not change the results. Dask may log a heartbeat
error while its LocalCluster shuts down; it is harmless.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import (
    file_hashes,
    load_note,
    machine,
    make_experiment,
    prepare_store,
    stored_values,
    values_digest,
)

from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime
from runs.execute import DaskExecutor, Executor, LocalExecutor
from runs.single import RunOutcome
from runs.spec import Experiment, RunSpec
from runs.sweep import run_sweep


@dataclass
class Timing:
    label: str
    runs: int
    startup: float  # executor creation (Dask: LocalCluster start)
    sweep: float  # run_sweep, including the executor's shut-down
    first: float  # from the call of run_sweep to the first stored result
    tail: float  # from the last stored result to the return of run_sweep (shut-down)
    per_run: float  # mean seconds of one run inside its worker (RunOutcome.seconds)
    out: Path

    @property
    def total(self) -> float:
        return self.startup + self.sweep

    def rate(self, with_startup: bool = True) -> float:
        return 60.0 * self.runs / (self.total if with_startup else self.sweep)


def time_executor(
    label: str,
    make: Callable[[], Executor],
    experiment: Experiment,
    runs: list[RunSpec],
    out: Path,
) -> Timing:
    store = prepare_store(out, experiment)
    started = time.perf_counter()
    executor = make()
    stamps: list[float] = []
    seconds: list[float] = []

    def record(outcome: RunOutcome) -> None:
        stamps.append(time.perf_counter())
        seconds.append(outcome.seconds)

    created = time.perf_counter()
    report = run_sweep(runs, store, executor, on_result=record)
    done = time.perf_counter()
    if report.finished != len(runs):
        raise SystemExit(f"{label}: {report.finished} of {len(runs)} runs finished")
    return Timing(
        label,
        len(runs),
        startup=created - started,
        sweep=done - created,
        first=stamps[0] - created,
        tail=done - stamps[-1],
        per_run=statistics.fmean(seconds),
        out=out,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seeds", type=int, default=8, help="seeds per regime")
    parser.add_argument("--resolution", default="0.25", choices=["0.25", "0.1", "synthetic"])
    parser.add_argument("--regimes", nargs="+", default=["certified", "full_cutoff"])
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    args = parser.parse_args()

    experiment, runs = make_experiment(
        "bench_runner", args.regimes, args.seeds, args.months, args.resolution, snapshot_every=12
    )
    info = machine()
    print(
        f"{len(args.regimes)} regimes x {args.seeds} seeds = {len(runs)} runs of {args.months} "
        f"months on the {args.resolution} grid; {info['cpus']} CPUs (load {info['load']:.2f}), "
        f"Python {info['python']}"
    )
    # Warm the landscape cache and imports once, as any long-lived process would have them.
    ColombiaModel(Params(), load_regime(args.regimes[0]), rng=0, resolution=args.resolution).run(1)

    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="bench_runner_") as tmp:
        root = Path(tmp)
        candidates: list[tuple[str, Callable[[], Executor]]] = [
            ("local, 1 worker", lambda: LocalExecutor(workers=1)),
            ("local, 2 workers", lambda: LocalExecutor(workers=2)),
        ]
        if not args.no_dask:
            candidates.append(("dask LocalCluster, 2 workers", lambda: DaskExecutor(workers=2)))
        for i, (label, make) in enumerate(candidates):
            timing = time_executor(label, make, experiment, runs, root / f"out{i}")
            timings.append(timing)
            print(f"  done: {label} in {timing.total:.1f} s", flush=True)

        one = timings[0].rate()
        print()
        print(
            "| executor | start-up s | sweep s | first result s | shut-down s "
            "| s per run in worker | runs/min | runs/min w/o start-up | efficiency "
            "| efficiency w/o start-up |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for t in timings:
            workers = 1 if "1 worker" in t.label else 2
            eff = t.rate() / (workers * one)
            eff_run = t.rate(with_startup=False) / (workers * one)
            print(
                f"| {t.label} | {t.startup:.2f} | {t.sweep:.2f} | {t.first:.2f} | {t.tail:.2f} "
                f"| {t.per_run:.2f} "
                f"| {t.rate():.1f} | "
                f"{t.rate(with_startup=False):.1f} | {eff:.0%} | {eff_run:.0%} |"
            )
        print()
        print(
            "efficiency = runs/min / (workers x runs/min of 1 worker); the 1-worker pool runs "
            "in this process, so it has no start-up; sweep = run_sweep call (includes first "
            "result latency and shut-down)"
        )

        reference = timings[0]
        ref_files = file_hashes(reference.out)
        ref_values = values_digest(stored_values(reference.out))
        for t in timings[1:]:
            same_bytes = file_hashes(t.out) == ref_files
            same_values = values_digest(stored_values(t.out)) == ref_values
            verdict = "OK" if same_values else "MISMATCH"
            print(
                f"{verdict}: {t.label} vs {reference.label}: values "
                f"{'identical' if same_values else 'DIFFER'}, {len(ref_files)} Parquet files "
                f"{'byte-identical' if same_bytes else 'differ in bytes'}"
            )
    print(load_note())


if __name__ == "__main__":
    main()
