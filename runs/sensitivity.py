"""What the conclusion hangs on: Sobol indices of the headline differences over the posterior.

``make sensitivity`` (``python -m runs.sensitivity``; docs/VALIDATION.md, "Sensitivity"):

1. The problem: every parameter of the posterior (``model/data/posterior.parquet``), each over
   its posterior's 95% range (weighted 2.5th to 97.5th percentile), uniform.
2. Saltelli's scheme (SALib ``sobol`` sampling, first-order and total indices, no second order):
   ``N (D + 2)`` parameter sets, in ``N`` blocks of ``D + 2`` (the base rows ``A`` and ``B`` and
   the ``D`` rows ``AB_i`` that differ from ``A`` in parameter ``i`` alone). Every set of a block
   runs under every regime of :data:`REGIMES` from September 2025 on the block's seed (common
   random numbers: the regimes' differences are paired, and an index compares sets that differ
   in one parameter, not also in their seed), on the batch runner's executors, each finished
   run cached at once (:mod:`runs.simcache`: a killed job resumes without redoing it). The seeds
   and the run loop are :mod:`runs.sensitivity_runs`'s.
3. For each headline difference (:data:`DIFFERENCES`: waivers minus full cut-off, certified
   minus waivers) of each :data:`OUTCOMES` at each of :data:`HORIZONS`: first-order (S1) and
   total (ST) indices with SALib's bootstrap confidence intervals (``sobol.csv``).
4. Scenario discovery (:mod:`runs.prim`) on the same sets: where waivers do *not* beat the full
   cut-off, per outcome at the last horizon; and the words of :func:`runs.sensitivity_words`.

Stocks are read at the horizon month; flows are summed over the months up to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from model.errors import DecertsimInputError
from runs.calibrate import SMALL_ENV
from runs.files import write_csv_atomic, write_text_atomic
from runs.posterior import DATA, SHIPPED_POSTERIOR, load_posterior
from runs.prim import prim_box
from runs.provenance import model_commit, model_digest
from runs.sensitivity_runs import (  # noqa: F401 (the analysis' names, re-exported for callers)
    DIFFERENCES,
    HORIZONS,
    OUTCOMES,
    REGIMES,
    block_seeds,
    mean_over_seeds,
    noise_seeds,
    read_values,
    replicate_seeds,
    run_all,
)
from runs.sensitivity_words import noise_shares, words
from runs.simcache import SimCache

DEFAULT_NOISE_SEEDS = 8
"""Seeds of the posterior median under every regime (24 runs): the noise floor of the indices
(:func:`runs.sensitivity_words.noise_shares`)."""
DEFAULT_N = 16
"""Base samples of ``make sensitivity``: 16 x 8 sets x 3 regimes = 384 runs of 60 months for the
six fitted parameters (docs/VALIDATION.md, "Sensitivity", says why and what it costs)."""
SHIPPED_SENSITIVITY = DATA / "sensitivity.json"


def problem(posterior: Any) -> dict[str, Any]:
    """SALib's problem: the posterior's parameters over their 95% ranges."""
    ranges = posterior.ranges()
    return {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [list(v) for v in ranges.values()],
    }


def differences(values: dict, n_sets: int) -> pd.DataFrame:
    """One row per set: each headline difference of each outcome at each horizon."""
    rows = []
    for i in range(n_sets):
        row: dict[str, float] = {"set": i}
        for a, b in DIFFERENCES:
            va, vb = values.get((i, a)), values.get((i, b))
            for key in (k for k in (va or vb or {})):
                row[f"{a}-{b}:{key}"] = (va[key] - vb[key]) if va and vb else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def indices(prob: dict, diffs: pd.DataFrame, seed: int) -> pd.DataFrame:
    """S1 and ST with confidence intervals for every difference column."""
    rows = []
    for column in (c for c in diffs.columns if c != "set"):
        y = diffs[column].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)) or np.std(y) == 0:
            continue
        res = sobol_analyze.analyze(
            prob, y, calc_second_order=False, seed=seed, print_to_console=False
        )
        pair, outcome = column.split(":")
        name, horizon = outcome.split("@")
        for j, p in enumerate(prob["names"]):
            rows.append(
                {
                    "difference": pair,
                    "outcome": name,
                    "horizon": int(horizon),
                    "parameter": p,
                    "S1": res["S1"][j],
                    "S1_conf": res["S1_conf"][j],
                    "ST": res["ST"][j],
                    "ST_conf": res["ST_conf"][j],
                }
            )
    return pd.DataFrame(rows)


def scenario_discovery(
    sets: np.ndarray, names: list[str], diffs: pd.DataFrame, h: int = max(HORIZONS)
) -> list[dict]:
    """PRIM boxes where waivers do not beat the full cut-off, per outcome at horizon ``h``."""
    boxes = []
    for name, (_, better) in OUTCOMES.items():
        column = f"waivers-full_cutoff:{name}@{h}"
        if column not in diffs:
            continue
        y = np.asarray(better * diffs[column].to_numpy(dtype=float) <= 0, dtype=float)
        box = prim_box(sets, y, names)
        boxes.append({"outcome": name, "horizon": h, **box})
    return boxes


def main(argv: list[str] | None = None) -> int:
    """Run the analysis; write OUT/sobol.csv, OUT/sensitivity.json (and publish it)."""
    small = os.environ.get(SMALL_ENV) == "1"
    parser = argparse.ArgumentParser(description="Sobol indices and PRIM over the posterior.")
    parser.add_argument("--posterior", type=Path, default=SHIPPED_POSTERIOR)
    parser.add_argument(
        "--n",
        type=int,
        default=2 if small else DEFAULT_N,
        help=f"SALib base samples N, a power of 2 (runs: 3 N (D + 2)); default {DEFAULT_N}",
    )
    parser.add_argument(
        "--months",
        type=int,
        default=max(HORIZONS),
        choices=sorted(HORIZONS),
        help="simulate this many months (a pilot: 24 reads the 24-month horizon only)",
    )
    parser.add_argument(
        "--noise-seeds",
        type=int,
        default=2 if small else DEFAULT_NOISE_SEEDS,
        help="seeds of the posterior median under every regime: the runs' own noise "
        f"(0: none); default {DEFAULT_NOISE_SEEDS}",
    )
    parser.add_argument(
        "--seeds-per-set",
        type=int,
        default=1,
        help="run every parameter set on this many seeds and average its paired differences "
        "(the seeds' share of the variance, the floor every total index stands on, falls by "
        "as much; runs and time grow by as much); default 1",
    )
    parser.add_argument("--seed", type=int, default=20250915)
    parser.add_argument("--resolution", default="synthetic" if small else "0.25")
    parser.add_argument("--out", type=Path, default=Path("results/sensitivity"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--executor", default="local")
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--publish", action="store_true", help="copy the JSON into model/data")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="discard the runs cached in --out by another job (other posterior, model or settings)",
    )
    args = parser.parse_args(argv)
    if args.n < 2 or args.n & (args.n - 1):
        parser.error(f"--n {args.n}: a power of 2 of at least 2 (Sobol sequences are balanced so)")
    if args.seeds_per_set < 1:
        parser.error(f"--seeds-per-set {args.seeds_per_set}: at least 1")
    if args.noise_seeds < 0 or args.noise_seeds == 1:
        parser.error(
            f"--noise-seeds {args.noise_seeds}: 0 (no noise floor) or at least 2 (a variance "
            "needs two runs)"
        )
    try:
        return analyse(args)
    except DecertsimInputError as exc:  # a bad posterior file, a folder of another job
        print(f"error: {exc}", file=sys.stderr)
        return 2


def analyse(args: argparse.Namespace) -> int:
    """The analysis of :func:`main`'s checked arguments; 0, or 130 if interrupted."""
    posterior = load_posterior(args.posterior)
    prob = problem(posterior)
    sets = sobol_sample.sample(prob, args.n, calc_second_order=False, seed=args.seed)
    cache = SimCache(args.out, "runs")
    cache.prepare(
        {
            # not N: run ids bind each run's parameters and seed, and a larger N keeps the sets
            # and seeds of a smaller one, so its runs are reused
            "problem": prob,
            "seed": args.seed,
            "resolution": args.resolution,
            "months": args.months,
            "model": model_digest(),
            "seeding": "one seed per Saltelli block",
        },
        fresh=args.fresh,
        command=f"python -m runs.sensitivity --out {args.out}",
    )
    median = posterior.median()
    repeats = np.array([[median[n] for n in prob["names"]]] * args.noise_seeds).reshape(
        args.noise_seeds, len(prob["names"])
    )
    everything = np.vstack([sets, repeats])
    d = len(prob["names"])
    replications = [replicate_seeds(args.seed, len(sets), d, k) for k in range(args.seeds_per_set)]
    seeds: list[list[int]] = [list(row) for row in zip(*replications, strict=True)]
    seeds += [[s] for s in noise_seeds(args.seed, args.noise_seeds)]
    total = (len(sets) * args.seeds_per_set + args.noise_seeds) * len(REGIMES)
    print(
        f"sensitivity: N = {args.n}, {len(sets)} parameter sets on {args.seeds_per_set} "
        f"seed(s) each and the posterior median on {args.noise_seeds} seeds, x {len(REGIMES)} "
        f"regimes = {total} runs of {args.months} months on the {args.resolution} grid, "
        f"{args.workers} workers",
        file=sys.stderr,
        flush=True,
    )
    try:
        values = run_all(everything, prob["names"], args, cache, seeds)
    except KeyboardInterrupt:
        print(
            f"interrupted: finished runs are kept in {args.out}; rerun the same command to resume",
            file=sys.stderr,
        )
        return 130
    n = len(sets)
    diffs = differences(mean_over_seeds({k: v for k, v in values.items() if k[0] < n}), n)
    noise_values = {(i - n, r): v for (i, _, r), v in values.items() if i >= n}
    noise = noise_shares(
        diffs, differences(noise_values, args.noise_seeds), per_set=args.seeds_per_set
    )
    table = indices(prob, diffs, args.seed)
    write_csv_atomic(table, args.out / "sobol.csv")
    boxes = scenario_discovery(sets, prob["names"], diffs, args.months)
    summary = {
        "posterior": posterior.describe(),
        "model": model_commit(),
        "n": args.n,
        "sets": len(sets),
        "runs": total,
        "seeds_per_set": args.seeds_per_set,
        "noise_seeds": args.noise_seeds,
        "noise": noise,
        "resolution": args.resolution,
        "seed": args.seed,
        "months": args.months,
        "regimes": list(REGIMES),
        "problem": prob,
        "indices": table.to_dict(orient="records"),
        "samples": sets.tolist(),
        "differences": diffs.drop(columns="set").to_dict(orient="list"),
        "prim": boxes,
        "words": words(table, boxes, diffs, noise),
    }
    path = args.out / "sensitivity.json"
    write_text_atomic(json.dumps(summary, indent=2, default=float) + "\n", path)
    for line in summary["words"]:
        print(line)
    if args.publish:
        shutil.copyfile(path, SHIPPED_SENSITIVITY)
        print(f"published {SHIPPED_SENSITIVITY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
