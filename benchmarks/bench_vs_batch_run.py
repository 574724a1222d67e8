"""Our runner vs ``mesa.batch_run``: same model, same sweep, same seeds; time and parent memory.

Usage: .venv/bin/python benchmarks/bench_vs_batch_run.py [--runs 100 400] [--months 6]
           [--resolution synthetic] [--regimes certified full_cutoff] [--workers 2] [--no-warmup]

For every run count N (regimes x N/len(regimes) seeds, the seeds of ``Experiment.seeds()``):

* ours: ``run_sweep(build_runs(...), ResultStore(tmp), LocalExecutor(workers))``; every
  finished run is written to Parquet (series and a final map snapshot) and dropped.
* mesa: ``mesa.batch_run(BatchModel, parameters={"regime": [...], "resolution": ...},
  rng=seeds, max_steps=months, number_processes=workers, data_collection_period=1)``; every
  row (one per run and month) is kept in a list in the parent and returned; nothing is written.
  ``BatchModel`` (benchmarks/_batch_model.py) is ColombiaModel with keyword parameters.

Steps: in Mesa 3.5.1 ``batch_run`` steps while ``model.steps < max_steps`` and ``model.steps``
starts at 0, so it runs exactly ``max_steps`` steps (not max_steps + 1 as in Mesa 2), and the
data collector (called inside ``ColombiaModel.step``) has ``max_steps`` rows, ``Step`` 1..months
= our months 0..months-1. The script checks that both give the same values (digest).

Seeds: with ``seed`` in the model's signature, batch_run passes each value of ``rng`` as
``seed=`` and overwrites any ``seed`` in ``parameters`` (``iterations=1`` would give every run
``seed=None``); so the seeds are passed as ``rng``.

Each measurement runs in its own Python subprocess (this script with ``--child``), so peaks do
not mix and batch_run's global ``set_start_method("spawn", force=True)`` does not leak into our
runner (whose pool forks). Parent memory = ``VmHWM`` of that subprocess (the kernel's
high-water mark of its resident memory; ``ru_maxrss`` of RUSAGE_SELF agrees): worker processes
are not included. Both children import the same modules before measuring, so the baselines
("RSS before") match. Times are wall-clock of the sweep call, including the start of the pool.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import mesa
from _batch_model import BatchModel
from _common import (
    load_note,
    machine,
    make_experiment,
    maxrss_mib,
    prepare_store,
    proc_status_mib,
    run_child,
    stored_values,
    values_digest,
)

from runs.execute import LocalExecutor
from runs.sweep import run_sweep

META_COLUMNS = {"RunId", "iteration", "Step", "regime", "resolution", "seed"}


def child(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    experiment, runs = make_experiment(
        "bench_vs_batch_run",
        args.regimes,
        args.seeds,
        args.months,
        args.resolution,
        snapshot_every=0,
    )
    before = proc_status_mib("VmRSS")
    with tempfile.TemporaryDirectory(prefix="bench_vs_batch_") as tmp:
        if mode == "ours":
            store = prepare_store(Path(tmp), experiment)
            started = time.perf_counter()
            report = run_sweep(runs, store, LocalExecutor(workers=args.workers))
            seconds = time.perf_counter() - started
            peak, maxrss = proc_status_mib("VmHWM"), maxrss_mib()
            rows = stored_values(Path(tmp))
            done = report.finished
        else:
            started = time.perf_counter()
            results = mesa.batch_run(
                BatchModel,
                parameters={"regime": args.regimes, "resolution": args.resolution},
                rng=experiment.seeds(),
                max_steps=args.months,
                number_processes=args.workers,
                data_collection_period=1,
                display_progress=False,
            )
            seconds = time.perf_counter() - started
            peak, maxrss = proc_status_mib("VmHWM"), maxrss_mib()
            rows = [
                (r["regime"], int(r["seed"]), int(r["Step"]) - 1, key, float(value))
                for r in results
                for key, value in r.items()
                if key not in META_COLUMNS
            ]
            done = len({r["RunId"] for r in results})
    return {
        "mode": mode,
        "runs": done,
        "seconds": seconds,
        "rss_before": before,
        "peak": peak,
        "maxrss": maxrss,
        "months": sorted({m for _, _, m, _, _ in rows}),
        "digest": values_digest(rows),
    }


def run_mode(mode: str, seeds: int, months: int, args: argparse.Namespace) -> dict[str, Any]:
    """One measurement of ``mode`` ("ours" or "mesa") in a fresh process."""
    return run_child(__file__, [mode], seeds, months, args, mode)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--resolution", default="synthetic", choices=["0.25", "0.1", "synthetic"])
    parser.add_argument("--regimes", nargs="+", default=["certified", "full_cutoff"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-warmup", action="store_true", help="skip the unreported 1-month warm-up of each"
    )
    parser.add_argument("--child", choices=["ours", "mesa"], help=argparse.SUPPRESS)
    parser.add_argument("--seeds", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args)))
        return

    info = machine()
    print(
        f"{args.months} months on the {args.resolution} grid, regimes {', '.join(args.regimes)}, "
        f"{args.workers} worker processes; {info['cpus']} CPUs (load {info['load']:.2f}), "
        f"Python {info['python']}, "
        f"mesa {mesa.__version__}"
    )
    if not args.no_warmup:  # file cache and byte-code warm for both (not reported)
        for mode in ("ours", "mesa"):
            run_mode(mode, 1, 1, args)
    table = []
    for n in args.runs:
        seeds = max(1, n // len(args.regimes))
        results = {}
        for mode in ("ours", "mesa"):
            results[mode] = r = run_mode(mode, seeds, args.months, args)
            print(f"  done: {mode}, {r['runs']} runs in {r['seconds']:.1f} s", flush=True)
        same = results["ours"]["digest"] == results["mesa"]["digest"]
        table.append((results, same))

    print()
    print(
        "| runs | runner | wall s | runs/min | parent RSS before MiB | parent peak MiB "
        "| peak - before MiB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for results, _ in table:
        for mode, label in (("ours", "run_sweep + LocalExecutor"), ("mesa", "mesa.batch_run")):
            r = results[mode]
            rate = 60 * r["runs"] / r["seconds"]
            grown = r["peak"] - r["rss_before"]
            print(
                f"| {r['runs']} | {label} | {r['seconds']:.1f} | {rate:.0f} "
                f"| {r['rss_before']:.0f} | {r['peak']:.0f} | {grown:.0f} |"
            )
    print()
    for results, same in table:
        months = results["mesa"]["months"]
        print(
            f"{'OK' if same else 'MISMATCH'}: {results['ours']['runs']} runs, same values from "
            f"both runners: {same}; batch_run stepped {len(months)} months "
            f"(max_steps={args.months}); ru_maxrss ours/mesa "
            f"{results['ours']['maxrss']:.0f}/{results['mesa']['maxrss']:.0f} MiB"
        )
    print(load_note())


if __name__ == "__main__":
    main()
