"""CPU time of a default run's set-up alone (``ColombiaModel.__init__``), for A/B comparisons.

Usage: .venv/bin/python benchmarks/bench_setup.py [--models 20] [--first-seed 0] [--json]
           [--references] [--no-collector]

Builds one model first (numba's kernels load, the landscape's and the tables' caches fill, the
garbage collector freezes the imports as every real process does: ``runs/gcfreeze.py``), then
``--models`` default models ``ColombiaModel(Params(), certified, rng=seed)`` on successive seeds,
none of them stepped, and prints the median, mean and minimum CPU ms of one set-up. On a shared
machine run it from two checkouts alternately (``PYTHONPATH`` set to each) and compare medians.

``--references`` instead builds each seed's model twice in this process, alternating which goes
first: once as the code runs, once with the forms the set-up's faster code keeps as references
(issue 15): Mesa's own ``OrthogonalMooreGrid``, the Python settling round
(``settling.python_round``), ``rng.choice`` (``placement.sample_cells_choice``), the
departments' file parsed each time, one constructor per agent
(``made_at_once.*_one_by_one``), control warmed up by whole settles
(``ControlState.warm_up_by_month``), the fronts' cells drawn territory by territory
(``placement.sample_in_areas_one_by_one``) and the growers calibrated one by one
(``GrowerRows.calibrate_by_grower``). Pairs of neighbouring set-ups see the same load, so their
difference is the code's. ``--no-collector`` pauses the garbage collector during each set-up
(after a full collection), so that no collection of the previous model falls in it.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from mesa.discrete_space import OrthogonalMooreGrid

import model.made_at_once as made_at_once
import model.placement as placement
import model.settling as settling
import model.simulation as simulation
import model.wars as wars
from agents.grower import GrowerRows
from model.control import ControlState
from model.geo.sources import read_departments
from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime
from runs.gcfreeze import freeze_imports

#: the module attributes the set-up looks up at call time, and their reference forms
SWAPPED: dict[str, tuple[Any, str, Callable[[], Any]]] = {
    "grid": (simulation, "MooreGrid", lambda: OrthogonalMooreGrid),
    "settle": (settling, "settle_round", lambda: settling.python_round),
    "sample": (placement, "sample_cells", lambda: placement.sample_cells_choice),
    "names": (wars, "department_names", lambda: lambda: read_departments().names),
    "growers": (placement, "new_growers", lambda: made_at_once.growers_one_by_one),
    "fronts": (placement, "new_fronts", lambda: made_at_once.fronts_one_by_one),
    "units": (placement, "new_units", lambda: made_at_once.units_one_by_one),
    "areas": (placement, "sample_fronts", lambda: placement.sample_in_areas_one_by_one),
    "calibrate": (GrowerRows, "calibrate", lambda: GrowerRows.calibrate_by_grower),
    "warm-up": (ControlState, "warm_up", lambda: ControlState.warm_up_by_month),
}


def _forms(reference: bool) -> dict[str, Any]:
    return {
        key: (make() if reference else getattr(module, name))
        for key, (module, name, make) in SWAPPED.items()
    }


def _use(forms: dict[str, Any]) -> None:
    for key, (module, name, _) in SWAPPED.items():
        setattr(module, name, forms[key])


def _timed(regime: Any, seed: int, pause: bool) -> float:
    """CPU ms of one default model's constructor (its ``Params`` built before the clock)."""
    params = Params()
    if pause:
        gc.collect()
        gc.disable()
    started = time.process_time()
    ColombiaModel(params, regime, rng=seed)
    spent = 1000 * (time.process_time() - started)
    gc.enable()
    return spent


def _summary(label: str, spent: list[float]) -> str:
    return (
        f"{label}set-up CPU ms: median {statistics.median(spent):.1f} "
        f"mean {statistics.mean(spent):.1f} min {min(spent):.1f} ({len(spent)} models)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="one JSON line of every set-up")
    parser.add_argument("--references", action="store_true", help="against the kept forms")
    parser.add_argument("--no-collector", action="store_true")
    args = parser.parse_args()
    regime = load_regime("certified")
    seeds = range(args.first_seed, args.first_seed + args.models)
    if not args.references:
        ColombiaModel(Params(), regime, rng=10_000 + args.first_seed)  # warm-up: caches, kernels
        freeze_imports()
        spent = []
        for seed in seeds:
            spent.append(_timed(regime, seed, args.no_collector))
        print(json.dumps(spent) if args.json else _summary("", spent))
        return
    forms = {"code": _forms(False), "references": _forms(True)}
    for chosen in forms.values():
        _use(chosen)
        ColombiaModel(Params(), regime, rng=10_000 + args.first_seed)
    freeze_imports()
    spent: dict[str, list[float]] = {label: [] for label in forms}
    for k, seed in enumerate(seeds):
        for label in ("code", "references") if k % 2 == 0 else ("references", "code"):
            _use(forms[label])
            spent[label].append(_timed(regime, seed, args.no_collector))
    _use(forms["code"])
    if args.json:
        print(json.dumps(spent))
        return
    for label, values in spent.items():
        print(_summary(f"{label:10s} ", values))
    paired = [r - c for r, c in zip(spent["references"], spent["code"], strict=True)]
    print(f"references - code, paired by seed: median {statistics.median(paired):.1f} ms")


if __name__ == "__main__":
    main()
