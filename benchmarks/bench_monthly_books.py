"""CPU time of a default run's monthly bookkeeping of forces, control, groups and outcomes.

Usage: .venv/bin/python benchmarks/bench_monthly_books.py [--runs 3] [--months 60]

A companion of ``bench_parts.py`` (which times the agents' turns and the mobile force): runs
``--runs`` default runs (seeds 0, 1, ...) after a short warm-up and prints the runs' total CPU
seconds, then the CPU seconds spent in the forces' and rents' refresh
(``ColombiaModel.refresh_forces``, twice a month, the mobile force included), control's monthly
``settle``, the groups' ``start_month``, ``reorganize`` and ``collect_revenue`` (``groups``),
``update_presence`` (``presence``) and the data collector's ``collect``. Run it from two
checkouts alternately (``PYTHONPATH`` set to each) and compare the parts.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Any

import mesa.datacollection as datacollection

import agents.armed as armed
import model.control as control
import model.outcomes as outcomes
import model.simulation as simulation
from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime

SPENT: defaultdict[str, float] = defaultdict(float)


def _timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        out = original(*args, **kwargs)
        SPENT[label] += time.process_time() - started
        return out

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    _timed(simulation.ColombiaModel, "refresh_forces", "refresh_forces")
    _timed(control.ControlState, "settle", "settle")
    for method in ("start_month", "reorganize", "collect_revenue"):
        _timed(armed.ArmedGroup, method, "groups")
    _timed(simulation, "update_presence", "presence")
    # the model's collector: its own collect where the checkout has one (issue 15)
    collector = getattr(outcomes, "OutcomeCollector", datacollection.DataCollector)
    _timed(collector, "collect", "collect")
    regime = load_regime("certified")
    ColombiaModel(Params(), regime, rng=99, resolution="0.25").run(2)  # kernels, caches
    SPENT.clear()
    started = time.process_time()
    for seed in range(args.runs):
        ColombiaModel(Params(), regime, rng=seed, resolution="0.25").run(args.months)
    total = time.process_time() - started
    parts = " ".join(f"{k} {v:.3f}" for k, v in sorted(SPENT.items()))
    print(f"{args.runs} runs of {args.months} months: CPU {total:.2f} s; {parts}")


if __name__ == "__main__":
    main()
