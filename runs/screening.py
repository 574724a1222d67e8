"""One-at-a-time screening of calibration candidates (``python -m runs.screening``).

Each candidate of ``runs/calibration/screening.toml`` is set to the 10th and the 90th percentile
of its range (on its scale) with every other parameter at its default; each setting is one
hindcast run of the calibration (:class:`runs.calibrate.Simulator`, same seed for all: common
random numbers), scored by the calibration's distance. The table ranks candidates by the sum of
the changes of the three family distances (the total can hide changes that cancel); the fitted
parameters (``priors.toml``) are picked from the top (docs/VALIDATION.md, "Calibration").
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from rich.console import Console

from runs.abc import Proposal
from runs.calibrate import CalibrateOptions, Simulator, fit_candidates, manifest
from runs.priors import load_priors
from runs.simcache import SimCache

SCREENING = Path(__file__).resolve().parent / "calibration" / "screening.toml"


def main(argv: list[str] | None = None) -> int:
    """Run the screening and print the ranking."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/screening"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resolution", default="0.25")
    args = parser.parse_args(argv)
    priors = load_priors(SCREENING)
    n = len(priors)
    options = CalibrateOptions(
        out=args.out,
        budget=2 * n + 1,
        particles=4,
        seed=args.seed,
        priors=SCREENING,
        resolution=args.resolution,
        workers=args.workers,
        seeds_per_particle=1,  # one run per setting, on the seed given (common random numbers)
    )
    candidates = fit_candidates(options)
    cache = SimCache(args.out, "screening")
    cache.prepare(manifest(options, priors, candidates))
    console = Console(stderr=True)
    sim = Simulator(priors, options, candidates, cache, console)
    base = priors.to_unit(priors.defaults()[None, :])[0]
    units = [base]
    for j in range(n):
        for u in (0.1, 0.9):
            point = base.copy()
            point[j] = u
            units.append(point)
    proposals = [Proposal(0, i, tuple(u), args.seed) for i, u in enumerate(units)]
    with sim.progress:
        sim(proposals)
    entries = [cache.get(sim.specs(p)[0].run_id) for p in proposals]
    d0 = entries[0]
    print(f"defaults: distance {d0['distance']:.3f} {d0['families']}")
    rows = []
    for j, name in enumerate(priors.names):
        lo, hi = entries[1 + 2 * j], entries[2 + 2 * j]
        fam = {
            f: abs(hi["families"].get(f, np.nan) - lo["families"].get(f, np.nan))
            for f in d0["families"]
        }
        # families can move in opposite directions and cancel in the total: rank by their sum
        rows.append((sum(fam.values()), name, lo["distance"], hi["distance"], fam))
    print(
        "| parameter | distance at p10 | at p90 | sum of family changes | national | trends |"
        " places |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for effect, name, lo, hi, fam in sorted(rows, reverse=True):
        print(
            f"| `{name}` | {lo:.3f} | {hi:.3f} | {effect:.3f} | "
            + " | ".join(f"{fam.get(f, np.nan):.3f}" for f in ("national", "trends", "places"))
            + " |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
