"""Helpers shared by the runner benchmarks: the benchmark experiment and the memory of a process.

Memory: ``/proc/self/status`` has ``VmRSS`` (resident memory now) and ``VmHWM`` (its
high-water mark since the process started, kept by the kernel, so no sampling thread can miss
a short peak). ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` is the same peak in KiB. Both
count this process only: worker processes (pool or cluster) are not included, which is what
"parent peak memory" means here. Linux only.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from model.assistance import Regime
from runs.catalog import load_regime
from runs.spec import Experiment, RunSpec, build_runs, experiment_digest
from runs.store import ResultStore


def proc_status_mib(field: str) -> float:
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def maxrss_mib() -> float:
    """Peak resident memory of this process (not its children) in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_experiment(
    name: str, regimes: list[str], seeds: int, months: int, resolution: str, snapshot_every: int
) -> tuple[Experiment, list[RunSpec]]:
    """The benchmark experiment (default parameters) and its run list."""
    experiment = Experiment(
        name=name,
        regimes=regimes,
        baseline=regimes[0],
        months=months,
        replications=seeds,
        resolution=resolution,
        horizons=[months],
        snapshot_every=snapshot_every,
    )
    regime_objs: list[Regime] = [load_regime(r) for r in regimes]
    return experiment, build_runs(experiment, regime_objs)


def prepare_store(out: Path, experiment: Experiment) -> ResultStore:
    """A fresh result store for ``experiment`` in ``out``."""
    store = ResultStore(out)
    store.prepare(
        {"spec": experiment.model_dump(mode="json")}, experiment_digest(experiment), fresh=True
    )
    return store


def stored_values(out: Path) -> list[tuple[str, int, int, str, float]]:
    """(regime, seed, month, outcome, value) of every stored series row, sorted."""
    con = ResultStore(out).connect()
    try:
        rows = con.execute(
            "SELECT regime, seed, month, outcome, value FROM runs "
            "ORDER BY regime, seed, month, outcome"
        ).fetchall()
    finally:
        con.close()
    return [(r, int(s), int(m), o, float(v)) for r, s, m, o, v in rows]


def values_digest(rows: list[tuple[str, int, int, str, float]]) -> str:
    """Hash of sorted (regime, seed, month, outcome, value) rows; floats compared exactly."""
    text = "\n".join(f"{r}|{s}|{m}|{o}|{float(v).hex()}" for r, s, m, o, v in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def file_hashes(out: Path) -> dict[str, str]:
    """sha256 of every Parquet file under ``out/runs`` and ``out/maps``, by relative path."""
    hashes = {}
    for folder in ("runs", "maps"):
        for path in sorted((out / folder).glob("regime=*/*.parquet")):
            hashes[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def run_child(
    script: str, child_args: list[str], seeds: int, months: int, args: Any, label: str
) -> dict[str, Any]:
    """Run ``script --child CHILD_ARGS`` in a fresh process; return the JSON it prints last.

    Each measurement runs in its own interpreter so that peak memory starts from the same
    imports. ``args`` carries ``resolution``, ``workers`` and ``regimes``.
    """
    command = [
        sys.executable,
        script,
        "--child",
        *child_args,
        "--seeds",
        str(seeds),
        "--months",
        str(months),
        "--resolution",
        args.resolution,
        "--workers",
        str(args.workers),
        "--regimes",
        *args.regimes,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{label} child failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    """CPU count, Python version and load average, for the printed header."""
    return {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load": os.getloadavg()[0]}


def load_note() -> str:
    """The 1-minute load average now (other processes on the machine skew the figures)."""
    return f"load average (1 min) now {os.getloadavg()[0]:.2f}"
