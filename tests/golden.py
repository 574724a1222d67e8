"""Golden digests: a fingerprint of the stored results of a fixed set of runs.

A refactor leaves every digest unchanged; a change of behaviour updates them in its own commit
that says why (DEVELOPERS.md, "The house"). The cases are the three main regimes x 2 seeds x 24
months, on the 0.25-degree grid and on a small synthetic landscape (the tests' own world).

What is hashed, per run: the outcome names in order, every stored value (the tidy table's
``value`` column as little-endian float64 bytes) and the final controller and zone layers.

Regenerate after a deliberate change of behaviour (then commit with the reason)::

    .venv/bin/python -m tests.golden --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DIGESTS_FILE = Path(__file__).with_name("golden_digests.json")

REGIMES: tuple[str, ...] = ("certified", "waivers", "full_cutoff")
SEEDS: tuple[int, ...] = (1, 2)
MONTHS = 24
RESOLUTIONS: tuple[str, ...] = ("0.25", "synthetic")


def case_ids() -> list[str]:
    """Every case as ``resolution/regime/seed``."""
    return [f"{r}/{g}/{s}" for r in RESOLUTIONS for g in REGIMES for s in SEEDS]


def run_digest(case: str) -> str:
    """Run one case and return the sha256 of its stored values."""
    from model.params import Params
    from runs.catalog import load_regime
    from runs.single import run_single

    resolution, regime_name, seed = case.split("/")
    result = run_single(Params(), load_regime(regime_name), int(seed), MONTHS, resolution)
    table = result.table
    h = hashlib.sha256()
    h.update("\n".join(result.model.datacollector.model_vars).encode())
    values = np.ascontiguousarray(table.column("value").to_numpy(), dtype="<f8")
    h.update(values.tobytes())
    model = result.model
    h.update(np.ascontiguousarray(model.control.controller, dtype="<i1").tobytes())
    h.update(np.ascontiguousarray(model.control.zone, dtype="<i1").tobytes())
    return h.hexdigest()


def load_digests() -> dict[str, str]:
    """The committed digests (empty if the file is missing)."""
    if not DIGESTS_FILE.exists():
        return {}
    return json.loads(DIGESTS_FILE.read_text())


def main(argv: list[str] | None = None) -> int:
    """Print the digests, or write them with ``--write``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write tests/golden_digests.json")
    args = parser.parse_args(argv)
    digests = {case: run_digest(case) for case in case_ids()}
    old = load_digests()
    for case, digest in digests.items():
        mark = "" if old.get(case) == digest else "  (changed)"
        print(f"{case:28s} {digest}{mark}")
    if args.write:
        DIGESTS_FILE.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n")
        print(f"wrote {DIGESTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
