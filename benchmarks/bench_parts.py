"""CPU time of a default run's agent turns and of the mobile force, for A/B comparisons of code.

Usage: .venv/bin/python benchmarks/bench_parts.py [--runs 3] [--months 60] [--regime certified]

Runs ``--runs`` default runs (seeds 0, 1, ...) after a short warm-up and prints one line: the
runs' total CPU seconds, then the CPU seconds spent in each agent kind's ``shuffle_do`` turn
(fronts, security units) and in ``model.forces.mobile_force``. On a shared machine the totals
move with the load; run this script from two checkouts alternately (``PYTHONPATH`` set to each)
and compare the parts, which move less than the totals between neighbouring processes.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Any

import mesa.agentset as agentset

import model.forces as forces
from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime

SPENT: defaultdict[str, float] = defaultdict(float)


def _timed_turn(original: Any) -> Any:
    def shuffle_do(self: Any, method: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        out = original(self, method, *args, **kwargs)
        kind = type(next(iter(self))).__name__ if len(self) else "-"
        SPENT[kind] += time.process_time() - started
        return out

    return shuffle_do


def _timed_force(original: Any) -> Any:
    def mobile_force(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        out = original(*args, **kwargs)
        SPENT["mobile_force"] += time.process_time() - started
        return out

    return mobile_force


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--regime", default="certified")
    args = parser.parse_args()
    # every agent set's turn and the force's sum are looked up at call time: wrap them here
    hard = agentset._HardKeyAgentSet
    hard.shuffle_do = _timed_turn(hard.shuffle_do)  # type: ignore[method-assign]
    forces.mobile_force = _timed_force(forces.mobile_force)
    regime = load_regime(args.regime)
    ColombiaModel(Params(), regime, rng=99, resolution="0.25").run(2)  # kernels, caches
    SPENT.clear()
    started = time.process_time()
    for seed in range(args.runs):
        ColombiaModel(Params(), regime, rng=seed, resolution="0.25").run(args.months)
    total = time.process_time() - started
    parts = " ".join(f"{k} {v:.2f}" for k, v in sorted(SPENT.items()))
    print(f"{args.runs} runs of {args.months} months: CPU {total:.2f} s; {parts}")


if __name__ == "__main__":
    main()
