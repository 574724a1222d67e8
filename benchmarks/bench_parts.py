"""CPU time of a default run's agent turns and of the mobile force, for A/B comparisons of code.

Usage: .venv/bin/python benchmarks/bench_parts.py [--runs 3] [--months 60] [--regime certified]

Runs ``--runs`` default runs (seeds 0, 1, ...) after a short warm-up and prints one line: the
runs' total CPU seconds, then the CPU seconds spent in each agent kind's ``shuffle_do`` turn
(fronts, security units), in ``model.forces.mobile_force``, in the people process (``people``:
``Migration.month``), in the coca growers' month (``growers``: ``GrowerRows.step``, all of them
at once, not by ``shuffle_do``), in the trafficking process (``trafficking``:
``Trafficking.step``) and,
where the checkout has it, in preparing the security units' turn (``security_month``:
``SecurityMonth``, built before their ``shuffle_do``; add it to ``SecurityUnit`` to compare with
a checkout without it; where the units' turn runs at once (``agents/security_turn.py``),
``security_turn`` is the whole turn, ``SecurityMonth`` included: compare it with
``SecurityUnit`` + ``security_month`` of a checkout without it), and the fronts' month's terms
(``front_month``), books (``front_books``) and, where the checkout has it, their whole compiled
turn (``fronts_turn``, which includes its ``front_month``; compare it with ``ArmedUnit +
front_month + front_books`` of a checkout without it). On a shared machine the totals move with
the load; run this script from two checkouts alternately (each checkout's interpreter, or
``PYTHONPATH`` set to each) and compare the parts, which move less than the totals between
neighbouring processes.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Any

import mesa.agentset as agentset

import agents.grower as grower
import model.forces as forces
import model.migration as migration
import model.simulation as simulation
import model.trafficking.process as trafficking
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


def _timed(original: Any, label: str) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        out = original(*args, **kwargs)
        SPENT[label] += time.process_time() - started
        return out

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--regime", default="certified")
    args = parser.parse_args()
    # every agent set's turn and the force's sum are looked up at call time: wrap them here
    hard = agentset._HardKeyAgentSet
    hard.shuffle_do = _timed_turn(hard.shuffle_do)  # type: ignore[method-assign]
    forces.mobile_force = _timed(forces.mobile_force, "mobile_force")
    migration.Migration.month = _timed(migration.Migration.month, "people")  # type: ignore[method-assign]
    # the growers step as a whole (GrowerRows.step), not by shuffle_do: time them here
    rows = grower.GrowerRows
    rows.step = _timed(rows.step, "growers")  # type: ignore[method-assign]
    cocaine = trafficking.Trafficking
    cocaine.step = _timed(cocaine.step, "trafficking")  # type: ignore[method-assign]
    try:
        import agents.security_month as security_month
    except ImportError:  # a checkout from before the security units' month (issue 15)
        pass
    else:
        month = security_month.SecurityMonth
        month.__init__ = _timed(month.__init__, "security_month")  # type: ignore[method-assign]
    # the fronts' whole step 4: their month's terms, their turn, their books (checkouts before
    # the compiled turn of issue 15 have no agents.front_turn: add ArmedUnit to compare)
    import agents.front_books as front_books
    import agents.front_month as front_month

    month = front_month.FrontMonth
    month.__init__ = _timed(month.__init__, "front_month")  # type: ignore[method-assign]
    books = front_books.TurnBooks
    books.close = _timed(books.close, "front_books")  # type: ignore[method-assign]
    if hasattr(simulation, "fronts_turn"):
        simulation.fronts_turn = _timed(simulation.fronts_turn, "fronts_turn")
    if hasattr(simulation, "run_security_turn"):  # the units' turn at once (issue 15)
        simulation.run_security_turn = _timed(simulation.run_security_turn, "security_turn")
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
