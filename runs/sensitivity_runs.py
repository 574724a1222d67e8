"""The runs of the sensitivity analysis: their seeds, the loop over the executors, the values read.

``runs/sensitivity.py`` samples the parameter sets and computes the indices; this module runs
every set under every regime on its seeds (common random numbers within a Saltelli block, extra
replications and the noise runs on streams of their own), caches each finished run at once
(:mod:`runs.simcache`: a killed job resumes without redoing it) and reads each outcome at each
horizon (stocks at the month, flows summed up to it).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import numpy as np
from rich.console import Console

from model.params import Params
from runs.catalog import load_regime
from runs.execute import make_executor
from runs.simcache import SimCache
from runs.single import execute_run
from runs.spec import RunSpec, make_run_id, spawn_seeds
from runs.sweep import runs_progress

REGIMES = ("certified", "waivers", "full_cutoff")
DIFFERENCES = (("waivers", "full_cutoff"), ("certified", "waivers"))
OUTCOMES: dict[str, tuple[str, int]] = {
    # outcome: (how, sign of "better": +1 higher is better, -1 lower is better)
    "state_control_share": ("stock", 1),
    "armed_members": ("stock", -1),
    "coca_ha": ("stock", -1),
    "cocaine_seized_t": ("flow", 1),
    "displaced_new": ("flow", -1),
    "emigrants_us": ("flow", -1),
}
HORIZONS = (24, 60)
NOISE_STREAM = 1
REPLICATE_STREAM = 2


def read_values(series: Any, horizons: tuple[int, ...] = HORIZONS) -> dict[str, float]:
    """Each outcome at each horizon (stocks at the month, flows summed up to it)."""
    frame = series.to_pandas().pivot(index="month", columns="outcome", values="value")
    out = {}
    for name, (how, _) in OUTCOMES.items():
        for h in horizons:
            column = frame[name].to_numpy(dtype=float)
            out[f"{name}@{h}"] = float(column[h - 1] if how == "stock" else column[:h].sum())
    return out


def block_seeds(seed: int, n_sets: int, d: int) -> list[int]:
    """The model seed of each of ``n_sets`` Saltelli rows: one per block of ``d + 2`` rows.

    SALib (no second order) writes each base sample as ``d + 2`` consecutive rows (``A``, the
    ``AB_i``, ``B``); they share a seed, so an index compares runs that differ in one parameter
    only. A larger ``N`` keeps the seeds of the smaller one (``SeedSequence.spawn``), so its
    cached runs are reused.
    """
    block = d + 2
    return [s for s in spawn_seeds(seed, -(-n_sets // block)) for _ in range(block)][:n_sets]


def replicate_seeds(seed: int, n_sets: int, d: int, replication: int) -> list[int]:
    """The seed of each Saltelli row in replication ``replication`` (``--seeds-per-set``).

    Replication 0 is :func:`block_seeds` (so a single-seed analysis and its cache stay as they
    were); replication ``r > 0`` draws one seed per block from a stream of its own (spawn key
    ``(REPLICATE_STREAM, r)``), shared by the block's rows like replication 0's, so more
    replications keep the runs of fewer.
    """
    if replication == 0:
        return block_seeds(seed, n_sets, d)
    block = d + 2
    root = np.random.SeedSequence(seed, spawn_key=(REPLICATE_STREAM, replication))
    children = root.spawn(-(-n_sets // block))
    per_block = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    return [s for s in per_block for _ in range(block)][:n_sets]


def noise_seeds(seed: int, k: int) -> list[int]:
    """The seeds of the noise runs: a stream of their own, apart from the blocks' seeds."""
    children = np.random.SeedSequence(seed, spawn_key=(NOISE_STREAM,)).spawn(k)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def run_all(
    sets: np.ndarray,
    names: list[str],
    args: argparse.Namespace,
    cache: SimCache,
    seeds: list[int] | list[list[int]] | None = None,
) -> dict[tuple[int, int, str], dict[str, float] | None]:
    """Every set under every regime on each of its seeds, through the cache.

    ``seeds``: one per set, or one list per set (its replications' seeds; default: one
    replication, :func:`block_seeds`). Returns the values per (set, replication, regime),
    ``None`` for a failed run.
    """
    regimes = {r: load_regime(r) for r in REGIMES}
    seeds = seeds if seeds is not None else block_seeds(args.seed, len(sets), len(names))
    per_set = [s if isinstance(s, list) else [s] for s in seeds]
    months = args.months
    horizons = tuple(h for h in HORIZONS if h <= months)
    specs = []
    for i, row in enumerate(sets):
        params = Params.from_overrides(dict(zip(names, map(float, row), strict=True)))
        for k, seed in enumerate(per_set[i]):
            for regime in regimes.values():
                rid = make_run_id("sensitivity", regime, params, seed, months, args.resolution)
                specs.append(
                    RunSpec(
                        experiment="sensitivity",
                        regime=regime,
                        params=params,
                        varying={},
                        point=i,
                        replication=k,
                        seed=seed,
                        months=months,
                        resolution=args.resolution,
                        snapshot_every=months,
                        run_id=rid,
                    )
                )
    todo = [s for s in specs if s.run_id not in cache]
    print(f"{len(specs) - len(todo)} of {len(specs)} runs already in {cache.path}", file=sys.stderr)
    console = Console(stderr=True)
    progress = runs_progress(console)
    task = progress.add_task("runs", total=len(specs), failed=0, completed=len(specs) - len(todo))
    failed = 0
    # outside a terminal (make ... > log) the bar is not drawn: a plain line every 5% instead
    step = 0 if console.is_terminal else max(1, len(todo) // 20)
    started = time.perf_counter()
    executor = make_executor(args.executor, args.workers, args.scheduler)
    try:
        with progress:
            for outcome in executor.run(todo, task=execute_run):
                s = outcome.spec
                entry = {"run_id": s.run_id, "set": s.point, "regime": s.regime_name}
                if outcome.ok:
                    entry["values"] = read_values(outcome.series, horizons)
                else:
                    entry["error"] = outcome.error
                    failed += 1
                cache.put(entry)
                progress.update(task, advance=1, failed=failed)
                done = int(progress.tasks[0].completed)
                if step and (done - len(specs) + len(todo)) % step == 0:
                    ran = done - len(specs) + len(todo)
                    rate = (time.perf_counter() - started) / ran
                    print(
                        f"runs {done}/{len(specs)} ({failed} failed), "
                        f"{rate * (len(specs) - done) / 60:.0f} min left",
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        executor.close()
    values = {}
    for s in specs:
        entry = cache.get(s.run_id)
        values[(s.point, s.replication, s.regime_name)] = entry.get("values") if entry else None
    return values


def mean_over_seeds(values: dict) -> dict[tuple[int, str], dict[str, float] | None]:
    """Each set's values per regime, averaged over the replications finished under every regime.

    A replication counts only if all of :data:`REGIMES` finished on its seed, so the regimes'
    means stay paired (their difference is the mean of the paired differences); a set with
    none is ``None`` (missing in :func:`differences`).
    """
    by_set: dict[int, dict[int, dict[str, Any]]] = {}
    for (i, k, regime), v in values.items():
        by_set.setdefault(i, {}).setdefault(k, {})[regime] = v
    out: dict[tuple[int, str], dict[str, float] | None] = {}
    for i, reps in by_set.items():
        complete = [r for r in reps.values() if all(r.get(g) for g in REGIMES)]
        for regime in REGIMES:
            if not complete:
                out[(i, regime)] = None
                continue
            keys = complete[0][regime].keys()
            out[(i, regime)] = {
                key: float(np.mean([r[regime][key] for r in complete])) for key in keys
            }
    return out
