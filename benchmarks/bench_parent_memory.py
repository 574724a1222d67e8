"""Parent peak memory of our runner as the number of runs grows: it should stay flat.

Usage: .venv/bin/python benchmarks/bench_parent_memory.py [--runs 20 80 320] [--months 6]
           [--resolution synthetic] [--workers 2] [--regimes certified full_cutoff]

For every run count N, a fresh Python subprocess (this script with ``--child``) builds the run
list (regimes x N/len(regimes) seeds), runs it with ``run_sweep`` and
``LocalExecutor(workers)`` into a temporary ``ResultStore`` and reports its own memory:
``VmRSS`` before the sweep, ``VmHWM`` (the kernel's high-water mark of resident memory since
the process started) after it, and ``VmRSS`` after it. The pool's worker processes are not
counted: this is the memory of the process that collects and writes results. The executor keeps
at most 2 x workers runs in flight and the sweep writes each result to Parquet and drops it,
so the peak should not grow with N (only the run list, a few hundred bytes per run, does).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    load_note,
    machine,
    make_experiment,
    prepare_store,
    proc_status_mib,
    run_child,
)

from runs.execute import LocalExecutor
from runs.sweep import run_sweep


def child(args: argparse.Namespace) -> dict[str, Any]:
    before = proc_status_mib("VmRSS")
    experiment, runs = make_experiment(
        "bench_parent_memory",
        args.regimes,
        args.seeds,
        args.months,
        args.resolution,
        snapshot_every=0,
    )
    with tempfile.TemporaryDirectory(prefix="bench_parent_memory_") as tmp:
        store = prepare_store(Path(tmp), experiment)
        started = time.perf_counter()
        report = run_sweep(runs, store, LocalExecutor(workers=args.workers))
        seconds = time.perf_counter() - started
        peak = proc_status_mib("VmHWM")
        after = proc_status_mib("VmRSS")
    return {
        "runs": report.finished,
        "failed": report.failed,
        "seconds": seconds,
        "before": before,
        "peak": peak,
        "after": after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, nargs="+", default=[20, 80, 320])
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--resolution", default="synthetic", choices=["0.25", "0.1", "synthetic"])
    parser.add_argument("--regimes", nargs="+", default=["certified", "full_cutoff"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return

    info = machine()
    print(
        f"our runner (run_sweep + LocalExecutor({args.workers})), {args.months} months on the "
        f"{args.resolution} grid, regimes {', '.join(args.regimes)}; {info['cpus']} CPUs "
        f"(load {info['load']:.2f}), Python {info['python']}"
    )
    rows = []
    for n in args.runs:
        seeds = max(1, n // len(args.regimes))
        row = run_child(__file__, [], seeds, args.months, args, f"{n} runs")
        rows.append(row)
        print(f"  done: {row['runs']} runs in {row['seconds']:.1f} s", flush=True)

    print()
    print(
        "| runs | wall s | parent RSS before MiB | parent peak MiB | peak - before MiB "
        "| RSS after MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['runs']} | {r['seconds']:.1f} | {r['before']:.0f} | {r['peak']:.0f} "
            f"| {r['peak'] - r['before']:.0f} | {r['after']:.0f} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        slope = (last["peak"] - first["peak"]) * 1024 / max(1, last["runs"] - first["runs"])
        print()
        print(
            f"peak growth from {first['runs']} to {last['runs']} runs: "
            f"{last['peak'] - first['peak']:+.1f} MiB ({slope:+.1f} KiB per run)"
        )
    failed = sum(r["failed"] for r in rows)
    if failed:
        print(f"warning: {failed} runs failed")
    print(load_note())


if __name__ == "__main__":
    main()
