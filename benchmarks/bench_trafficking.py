"""What cocaine's road costs in a run: the share of time in the trafficking process and its routes.

Usage: .venv/bin/python benchmarks/bench_trafficking.py [--months 60] [--resolution 0.25]
       [--regimes certified waivers full_cutoff] [--seed 0]

For each regime, one run on one core: total time of the months, time inside
``Trafficking.step`` (ODD 7.10) and, within it, in recomputing the least-cost routes
(``Trafficking._maybe_recompute`` when it recomputes), with the number of recomputations. The
timers wrap the two methods of the class for the length of the script; nothing else changes.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from model.params import Params
from model.simulation import ColombiaModel
from model.trafficking.process import Trafficking
from runs.catalog import load_regime

TIMES: dict[str, float] = {"step": 0.0, "routes": 0.0}


def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(self: Trafficking, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = method(self, *args, **kwargs)
        TIMES[name] += time.perf_counter() - started
        return result

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--resolution", default="0.25")
    parser.add_argument("--regimes", nargs="+", default=["certified", "waivers", "full_cutoff"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    Trafficking.step = timed("step", Trafficking.step)  # type: ignore[method-assign]
    Trafficking._maybe_recompute = timed(  # type: ignore[method-assign]
        "routes", Trafficking._maybe_recompute
    )
    ColombiaModel(Params(), rng=0, resolution=args.resolution)  # warm caches (landscape, imports)
    print(
        "| regime | months s | trafficking s | share | of which routes s | recomputations |"
        " ms per recomputation |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in args.regimes:
        model = ColombiaModel(
            Params(), load_regime(name), rng=args.seed, resolution=args.resolution
        )
        at_setup = model.trafficking.recomputations
        TIMES.update(step=0.0, routes=0.0)
        started = time.perf_counter()
        model.run(args.months)
        total = time.perf_counter() - started
        n = model.trafficking.recomputations - at_setup
        per = 1000 * TIMES["routes"] / n if n else float("nan")
        print(
            f"| {name} | {total:.2f} | {TIMES['step']:.2f} | {TIMES['step'] / total:.1%} | "
            f"{TIMES['routes']:.2f} | {n} | {per:.0f} |"
        )
    print(f"\n{args.months} months at {args.resolution} degree, seed {args.seed}, one core")


if __name__ == "__main__":
    main()
