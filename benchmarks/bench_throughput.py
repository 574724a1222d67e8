"""Throughput of a large sweep: our runner (local pool, Dask) against mesa.batch_run, interleaved.

Usage: .venv/bin/python benchmarks/bench_throughput.py [--runs 1000] [--blocks 10] [--months 60]
           [--resolution 0.25] [--regimes certified full_cutoff] [--workers 2]
           [--out throughput.jsonl] [--modes local mesa dask dask_defaults] [--no-warmup]
           [--summary]

The issue's throughput check (issue 15): a 1,000-run sweep (0.25 degree, 60 months) on 2
workers, in runs per minute, against ``mesa.batch_run`` on the same runs, and the Dask executor
within 10% of the local pool. A sweep that long takes hours on a shared machine, so it is cut
into ``--blocks`` blocks (1,000 runs: 10 blocks of 100, each the same ``regimes x seeds``) and
each block runs under every executor in turn, before the next block starts. Load from other
processes therefore hits the three executors alike, and the figures of the finished blocks are
already comparable when the benchmark is stopped. The seeds are those of the whole sweep's
``Experiment.seeds()``, cut into consecutive slices: block ``b`` runs the same seeds and regimes
under every executor. The order of the executors turns with the block, so none always goes
first.

Executors (all with ``--workers`` processes):

* ``local``: ``run_sweep(block, ResultStore(tmp), LocalExecutor(workers))``: every run written
  to Parquet (series and a final map snapshot) and dropped;
* ``mesa``: ``mesa.batch_run(StampedBatchModel, parameters={"regime": ..., "resolution": ...},
  rng=block seeds, max_steps=months, number_processes=workers, data_collection_period=1)``: the
  rows are kept in the parent, nothing is written (``benchmarks/_batch_model.py``);
* ``dask``: ``run_sweep`` with ``DaskExecutor(workers=workers)``, a ``LocalCluster`` started for
  the block (one thread per worker process, ``runs/dask_cluster.py``'s settings);
* ``dask_defaults`` (not run unless named in ``--modes``): the same with a ``LocalCluster`` of
  Dask's defaults but for ``MALLOC_TRIM_THRESHOLD_`` (spawned workers, profiler on), as
  ``DaskExecutor`` started it before 2026-12-02, for an A/B of those settings.

Each (block, executor) runs in a fresh Python process (so ``batch_run``'s global
``set_start_method("spawn", force=True)`` never reaches our pool, and every executor starts its
workers as a new sweep would). It reports:

* *wall s*: from the executor's creation (Dask: the cluster's start) to the sweep's return;
* *start-up s*: from that moment to the start of the first run in a worker (the pool's or
  cluster's start, the workers' imports); *sweep s* = wall - start-up;
* *CPU s*: user + system time of every process of the measurement (the driver after its
  imports, the fork server, the workers, Dask's scheduler and nannies): this script makes itself
  a child subreaper (``PR_SET_CHILD_SUBREAPER``), so workers orphaned when their parent exits
  are reaped here and their CPU counted in ``RUSAGE_CHILDREN``; on a shared machine it is the
  figure that other processes disturb least;
* *digest*: a hash of every stored (regime, seed, month, outcome, value); the three executors
  must agree block by block.

Every finished measurement is appended at once, as one JSON line, to ``--out``. A second call
with the same ``--out`` and the same settings skips what is there and goes on (an interrupted
benchmark resumes without redoing blocks); different settings are refused (exit 2). The summary
(runs/min per executor with and without start-up, CPU s per run, ratios, digests) is printed
from the blocks that every executor finished; ``--summary`` prints it without running anything.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MODES = ("local", "mesa", "dask", "dask_defaults")
LABELS = {
    "local": "run_sweep + LocalExecutor",
    "mesa": "mesa.batch_run",
    "dask": "run_sweep + Dask LocalCluster",
    "dask_defaults": "run_sweep + Dask LocalCluster, Dask's defaults",
}
SETTINGS = ("runs", "blocks", "months", "resolution", "regimes", "workers")
PR_SET_CHILD_SUBREAPER = 36


def sweep_block(args: argparse.Namespace, block: int) -> tuple[Any, list[Any], list[int]]:
    """The whole sweep's experiment, the run specs of ``block`` and their seeds.

    A block's seeds are a consecutive slice of the sweep's ``Experiment.seeds()``, with every
    regime on each of them.
    """
    from _common import make_experiment

    experiment, runs = make_experiment(
        "bench_throughput",
        args.regimes,
        args.runs // len(args.regimes),
        args.months,
        args.resolution,
        snapshot_every=0,
    )
    seeds = experiment.seeds()
    size = -(-len(seeds) // args.blocks)
    seeds = seeds[block * size : (block + 1) * size]
    wanted = set(seeds)
    return experiment, [r for r in runs if r.seed in wanted], seeds


def dask_defaults_cluster(workers: int) -> Any:
    """A LocalCluster as ``DaskExecutor`` started it before 2026-12-02: Dask's defaults, but
    without ``MALLOC_TRIM_THRESHOLD_``."""
    import dask
    from distributed import LocalCluster

    environ = dask.config.get("distributed.nanny.pre-spawn-environ")
    environ = {k: v for k, v in environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )


def measure_ours(args: argparse.Namespace, mode: str) -> dict[str, Any]:
    """One block through ``run_sweep`` with the local pool or a Dask LocalCluster."""
    from _common import prepare_store, stored_values, values_digest

    from runs.execute import DaskExecutor, LocalExecutor
    from runs.single import RunOutcome
    from runs.sweep import run_sweep

    experiment, block, _ = sweep_block(args, args.block)
    starts: list[float] = []

    def record(outcome: RunOutcome) -> None:
        starts.append(time.perf_counter() - outcome.seconds)

    with tempfile.TemporaryDirectory(prefix="bench_throughput_") as tmp:
        store = prepare_store(Path(tmp), experiment)
        began = time.perf_counter()
        cluster = dask_defaults_cluster(args.workers) if mode == "dask_defaults" else None
        if cluster is not None:
            executor: Any = DaskExecutor(scheduler=cluster.scheduler_address)
        elif mode == "dask":
            executor = DaskExecutor(workers=args.workers)
        else:
            executor = LocalExecutor(args.workers)
        report = run_sweep(block, store, executor, on_result=record)
        if cluster is not None:
            cluster.close()
        ended = time.perf_counter()
        digest = values_digest(stored_values(Path(tmp)))
    return {
        "runs": report.finished,
        "failed": report.failed,
        "began": began,
        "first_start": min(starts, default=ended),
        "ended": ended,
        "digest": digest,
    }


def measure_mesa(args: argparse.Namespace, seeds: list[int]) -> dict[str, Any]:
    """One block through ``mesa.batch_run`` (rows kept in the parent, as batch_run does)."""
    import mesa
    from _batch_model import StampedBatchModel
    from _common import values_digest

    meta = {"RunId", "iteration", "Step", "regime", "resolution", "seed"}
    with tempfile.NamedTemporaryFile(prefix="bench_stamps_", suffix=".txt") as stamps:
        os.environ[StampedBatchModel.STAMPS] = stamps.name  # inherited by spawned workers
        began = time.perf_counter()
        results = mesa.batch_run(
            StampedBatchModel,
            parameters={"regime": args.regimes, "resolution": args.resolution},
            rng=seeds,
            max_steps=args.months,
            number_processes=args.workers,
            data_collection_period=1,
            display_progress=False,
        )
        ended = time.perf_counter()
        started = [float(x) for x in Path(stamps.name).read_text().split()]
    rows = [
        (r["regime"], int(r["seed"]), int(r["Step"]) - 1, key, float(value))
        for r in results
        for key, value in r.items()
        if key not in meta
    ]
    return {
        "runs": len({r["RunId"] for r in results}),
        "failed": 0,
        "began": began,
        "first_start": min(started, default=ended),
        "ended": ended,
        "digest": values_digest(rows),
    }


def child(args: argparse.Namespace) -> None:
    """Measure one (block, executor) in this fresh process; print its JSON."""
    import model.simulation  # noqa: F401  (imported before timing, as in any long-lived driver)

    imports_cpu = time.process_time()

    if args.child == "mesa":
        result = measure_mesa(args, sweep_block(args, args.block)[2])
    else:
        result = measure_ours(args, args.child)
    wall = result["ended"] - result["began"]
    startup = max(0.0, result["first_start"] - result["began"])
    print(
        json.dumps(
            {
                "wall": wall,
                "startup": startup,
                "sweep": wall - startup,
                "imports_cpu": imports_cpu,
                "finished": result["runs"],
                "failed": result["failed"],
                "digest": result["digest"],
            }
        )
    )


def children_cpu() -> float:
    """User + system CPU s of every reaped descendant of this process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_orphans(deadline: float = 30.0) -> int:
    """Wait (up to ``deadline`` s) for descendants re-parented to this subreaper; their count."""
    reaped, stop = 0, time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid:
            reaped += 1
        else:
            time.sleep(0.1)
    return reaped


def measure(
    args: argparse.Namespace, mode: str, block: int, warmup: bool = False
) -> dict[str, Any]:
    """Run ``mode`` on ``block`` in a fresh process; wall, start-up, CPU s of all its processes.

    ``warmup``: one seed per regime for one month instead (not recorded).
    """
    runs, blocks = (len(args.regimes), 1) if warmup else (args.runs, args.blocks)
    command = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--block",
        str(block),
        "--runs",
        str(runs),
        "--blocks",
        str(blocks),
        "--months",
        str(1 if warmup else args.months),
        "--resolution",
        args.resolution,
        "--workers",
        str(args.workers),
        "--regimes",
        *args.regimes,
    ]
    load, cpu = os.getloadavg()[0], children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    orphans = reap_orphans()
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{mode}, block {block}: the measurement failed ({done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(
        mode=mode,
        block=block,
        cpu=children_cpu() - cpu - result["imports_cpu"],
        orphans=orphans,
        load_start=load,
        load_end=os.getloadavg()[0],
        at=time.strftime("%FT%TZ", time.gmtime()),
    )
    return result


def read_done(out: Path, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The measurements already in ``out``; refuse a file written with other settings."""
    if not out.exists():
        return []
    rows = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    for row in rows:
        theirs = {k: row.get(k) for k in SETTINGS}
        if theirs != settings:
            sys.stderr.write(
                f"error: {out} holds measurements of other settings ({theirs}, these are "
                f"{settings}); use another --out or the same settings\n"
            )
            raise SystemExit(2)
    return rows


def summary(rows: list[dict[str, Any]], modes: list[str]) -> None:
    """Runs/min, CPU s per run, ratios and digests over the blocks every mode finished."""
    by = {(r["block"], r["mode"]): r for r in rows}
    blocks = sorted({b for b, _ in by if all((b, m) in by for m in modes)})
    partial = sorted({b for b, _ in by} - set(blocks))
    print(f"\n{len(blocks)} complete blocks {blocks}" + (f"; partial {partial}" if partial else ""))
    if not blocks:
        return
    print(
        "\n| executor | runs | wall s | start-up s | sweep s | runs/min | runs/min w/o start-up "
        "| CPU s | CPU s per run |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = {}
    for m in modes:
        picked = [by[b, m] for b in blocks]
        t = {k: sum(r[k] for r in picked) for k in ("finished", "wall", "startup", "sweep", "cpu")}
        totals[m] = t
        print(
            f"| {LABELS[m]} | {t['finished']} | {t['wall']:.0f} | {t['startup']:.1f} "
            f"| {t['sweep']:.0f} | {60 * t['finished'] / t['wall']:.1f} "
            f"| {60 * t['finished'] / t['sweep']:.1f} | {t['cpu']:.0f} "
            f"| {t['cpu'] / t['finished']:.2f} |"
        )
    print()
    for a, b in (("local", "mesa"), ("dask", "local"), ("dask_defaults", "local")):
        if a in totals and b in totals:
            ta, tb = totals[a], totals[b]
            print(
                f"{a} / {b}: runs/min {tb['wall'] / ta['wall']:.3f} (w/o start-up "
                f"{tb['sweep'] / ta['sweep']:.3f}), CPU s per run "
                f"{ta['cpu'] / tb['cpu']:.3f}"
            )
    same = all(len({by[b, m]["digest"] for m in modes}) == 1 for b in blocks)
    failed = sum(by[b, m]["failed"] for b in blocks for m in modes)
    print(
        f"{'OK' if same else 'MISMATCH'}: digests agree across executors in every complete "
        f"block: {same}; failed runs {failed}"
    )
    loads = [r["load_start"] for r in rows]
    print(f"1-minute load at the measurements' starts: {min(loads):.1f} to {max(loads):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--resolution", default="0.25", choices=["0.25", "0.1", "synthetic"])
    parser.add_argument("--regimes", nargs="+", default=["certified", "full_cutoff"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES[:3]))
    parser.add_argument("--out", type=Path, default=Path("throughput.jsonl"))
    parser.add_argument("--no-warmup", action="store_true", help="skip the 1-month warm-up")
    parser.add_argument("--summary", action="store_true", help="print the summary and stop")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--block", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.runs % len(args.regimes) or args.runs < len(args.regimes) * args.blocks:
        parser.error(
            f"--runs must be a multiple of the {len(args.regimes)} regimes and give "
            f"every one of the {args.blocks} blocks a seed"
        )
    settings = {k: getattr(args, k) for k in SETTINGS}
    rows = read_done(args.out, settings)
    if args.summary:
        summary(rows, args.modes)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("warning: not a child subreaper; orphaned workers' CPU is not counted")
    print(
        f"{args.runs} runs ({' x '.join(args.regimes)} x {args.runs // len(args.regimes)} "
        f"seeds) of {args.months} months on the {args.resolution} grid, {args.blocks} blocks, "
        f"{args.workers} workers; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
        f"{len(rows)} measurements already in {args.out}",
        flush=True,
    )
    done = {(r["block"], r["mode"]) for r in rows}
    if not args.no_warmup and len(done) < args.blocks * len(args.modes):
        for mode in args.modes:  # file cache, byte-code and numba's cache warm (not recorded)
            measure(args, mode, 0, warmup=True)
    for block in range(args.blocks):
        turn = block % len(args.modes)
        for mode in args.modes[turn:] + args.modes[:turn]:
            if (block, mode) in done:
                continue
            row = {**measure(args, mode, block), **settings}
            with args.out.open("a") as sink:  # appended at once: a kill loses one block at most
                sink.write(json.dumps(row) + "\n")
            rows.append(row)
            print(
                f"  block {block} {mode}: {row['finished']} runs, wall {row['wall']:.1f} s "
                f"(start-up {row['startup']:.1f}), CPU {row['cpu']:.1f} s, load "
                f"{row['load_start']:.1f}",
                flush=True,
            )
    summary(rows, args.modes)


if __name__ == "__main__":
    main()
