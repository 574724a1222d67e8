"""CPU time of a default run's set-up alone (``ColombiaModel.__init__``), for A/B comparisons.

Usage: .venv/bin/python benchmarks/bench_setup.py [--models 20] [--first-seed 0] [--json]

Builds one model first (numba's kernels load, the landscape's and the tables' caches fill, the
garbage collector freezes the imports as every real process does: ``runs/gcfreeze.py``), then
``--models`` default models ``ColombiaModel(Params(), certified, rng=seed)`` on successive seeds,
none of them stepped, and prints the median, mean and minimum CPU ms of one set-up. On a shared
machine run it from two checkouts alternately (``PYTHONPATH`` set to each) and compare medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime
from runs.gcfreeze import freeze_imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="one JSON line of every set-up")
    args = parser.parse_args()
    regime = load_regime("certified")
    ColombiaModel(Params(), regime, rng=10_000 + args.first_seed)  # warm-up: caches, kernels
    freeze_imports()
    spent = []
    for seed in range(args.first_seed, args.first_seed + args.models):
        params = Params()
        started = time.process_time()
        ColombiaModel(params, regime, rng=seed)
        spent.append(1000 * (time.process_time() - started))
    if args.json:
        print(json.dumps(spent))
        return
    print(
        f"set-up CPU ms: median {statistics.median(spent):.1f} "
        f"mean {statistics.mean(spent):.1f} min {min(spent):.1f} ({args.models} models)"
    )


if __name__ == "__main__":
    main()
