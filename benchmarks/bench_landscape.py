"""Time of building each landscape: in a fresh process, cold (uncached) and cached.

Usage: .venv/bin/python benchmarks/bench_landscape.py [--repeat 5]
                                                      [--resolutions 0.25 0.1 synthetic]

For each resolution:

* *fresh process*: a new interpreter imports the landscape code and builds the landscape once
  (what a worker process pays before its first run; the import is shown on its own);
* *cold*: the uncached build in this process (CSV files read, departments fitted and every
  layer computed again), min and median over ``--repeat`` builds;
* *cached*: ``build_landscape(resolution)`` once built, median over 1,000 calls, in
  microseconds (Colombia is
  cached per resolution; the synthetic world is built anew on every call, so its cached figure
  is its build time).

Prints a Markdown table, ready to paste into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

CACHED_CALLS = 1_000


def fresh_process(resolution: str) -> dict[str, float]:
    """Import and first build in a new interpreter: ``{"import_s", "build_s"}``."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", resolution], capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child for {resolution} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(resolution: str) -> None:
    """The fresh-process measurement (run by :func:`fresh_process`)."""
    started = time.perf_counter()
    from model.geo import build_landscape as build

    imported = time.perf_counter()
    build(resolution)
    built = time.perf_counter()
    print(json.dumps({"import_s": imported - started, "build_s": built - imported}))


def cold_build(resolution: str) -> float:
    """Seconds of one uncached build."""
    from model.geo import build_colombia, build_landscape

    started = time.perf_counter()
    if resolution == "synthetic":
        build_landscape("synthetic")
    else:
        build_colombia(resolution)
    return time.perf_counter() - started


def cached_call(resolution: str) -> float:
    """Median seconds of ``build_landscape(resolution)`` once the cache holds it."""
    from model.geo import build_landscape

    build_landscape(resolution)
    times = []
    for _ in range(CACHED_CALLS if resolution != "synthetic" else 20):
        started = time.perf_counter()
        build_landscape(resolution)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--resolutions", nargs="+", default=["0.25", "0.1", "synthetic"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # before any import of the model, which the child times
        child(args.child)
        return
    from _common import load_note, machine

    info = machine()
    print(
        f"landscape build times, {args.repeat} cold builds each; {info['cpus']} CPUs "
        f"(load {info['load']:.2f}), Python {info['python']}\n"
    )
    print(
        "| resolution | fresh process: import s | fresh process: first build s "
        "| cold min s | cold median s | cached us |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for resolution in args.resolutions:
        fresh = fresh_process(resolution)
        cold = [cold_build(resolution) for _ in range(args.repeat)]
        cached = cached_call(resolution)
        print(
            f"| {resolution} | {fresh['import_s']:.2f} | {fresh['build_s']:.2f} "
            f"| {min(cold):.3f} | {statistics.median(cold):.3f} | {cached * 1e6:.1f} |"
        )
    print(f"\n{load_note()}")


if __name__ == "__main__":
    main()
