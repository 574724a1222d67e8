"""decertsim's default run against Mesa's Epstein civil-violence example, in one process.

Usage: .venv/bin/python benchmarks/bench_vs_mesa.py [--rounds 7] [--months 60]
           [--resolution 0.25] [--regime certified] [--epstein-steps 100] [--no-fresh]

The reference is the Epstein (2002) civil-violence model exactly as Mesa ships it:
``mesa.examples.advanced.epstein_civil_violence`` of the installed Mesa (3.5.1 here), with its
own defaults (40 x 40 torus, Von Neumann neighbourhood, vision 7, citizen density 0.7, cop
density 0.074, random activation, data collection every step), run for ``--epstein-steps``
steps. Nothing of it is reimplemented here. Its ``EpsteinScenario()`` is unseeded (the class
default ``rng=42`` is replaced by ``rng=None``: the number of agents changed from run to run), so
round i passes ``EpsteinScenario(rng=i)``, as decertsim runs seed i.

The two models run alternately in this process (decertsim, Epstein, decertsim, ...) for
``--rounds`` rounds (7 by default: on the 2-core development host the median of three rounds
moved the ratio between 0.085 and 0.107 within one hour, single rounds of either model ranging
by a fifth), after both models' imports are frozen for the garbage collector (as the
``decertsim`` command and a sweep's workers do: ``runs/gcfreeze.py``) and after one unreported
warm-up of each (imports, the landscape's cache, a
compiled kernel's load), so that a busy machine slows both alike. For each run:

* *time*: set-up (the model's constructor) plus every step, wall clock; *CPU s* the process's
  CPU time over the same span (less sensitive to other processes on a shared machine);
* *agent-steps*: for every step, the number of agents in ``model.agents`` when it starts,
  summed (Epstein: citizens, jailed ones included, and cops; decertsim: groups, fronts,
  security units, growers and displaced households);
* *agent-steps/s* = agent-steps / time.

Then the medians and the two ratios the speed issue asks for: decertsim's agent-steps/s over
Epstein's, and decertsim's run time over Epstein's. decertsim's displaced households are moved
by the people process as whole arrays (``model/migration.py``), not one ``step`` call each, so
the table also gives the ratio without them (the agents that act one by one, or in a kernel).

The timed rounds therefore count neither numba's compilation nor the loading of its cache:
the warm-up pays both. Unless ``--no-fresh``, two fresh interpreters then time a *cold* default
run each: imports, the first landscape build and the kernels' loading included (what a new
worker pays once), and report their peak resident memory (``VmHWM``); the first loads the
kernels from numba's cache, the second compiles them (an empty ``NUMBA_CACHE_DIR``, as on a
machine's very first run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@dataclass
class Timed:
    """One timed run: wall and CPU seconds, agent-steps, and agent-steps by agent kind."""

    seconds: float
    cpu_seconds: float
    agent_steps: int
    by_kind: Counter

    @property
    def rate(self) -> float:
        return self.agent_steps / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.agent_steps / self.cpu_seconds


def run_epstein(steps: int, seed: int) -> Timed:
    """Mesa's Epstein civil-violence example with its defaults and ``seed``, ``steps`` steps."""
    from mesa.examples.advanced.epstein_civil_violence.model import (
        EpsteinCivilViolence,
        EpsteinScenario,
    )

    started, cpu = time.perf_counter(), time.process_time()
    model = EpsteinCivilViolence(scenario=EpsteinScenario(rng=seed))
    counted = 0
    for _ in range(steps):
        counted += len(model.agents)
        model.step()
    return Timed(time.perf_counter() - started, time.process_time() - cpu, counted, Counter())


def run_decertsim(months: int, resolution: str, regime_name: str, seed: int) -> Timed:
    """A decertsim run: set-up plus ``months`` months."""
    from model.params import Params
    from model.simulation import ColombiaModel
    from runs.catalog import load_regime

    regime = load_regime(regime_name)
    started, cpu = time.perf_counter(), time.process_time()
    model = ColombiaModel(Params(), regime, rng=seed, resolution=resolution)
    counted = 0
    kinds: Counter = Counter()
    for _ in range(months):
        counted += len(model.agents)
        kinds.update({cls.__name__: len(agents) for cls, agents in model.agents_by_type.items()})
        model.step()
    return Timed(time.perf_counter() - started, time.process_time() - cpu, counted, kinds)


def fresh_run(args: argparse.Namespace, cold_cache: bool = False) -> dict[str, float]:
    """A default run in a new interpreter: imports, first build, kernels; peak memory.

    With ``cold_cache`` numba's cache is an empty temporary directory (``NUMBA_CACHE_DIR``), so
    the kernels compile as on a machine's very first run; otherwise they load from the cache
    that ``cache=True`` keeps next to the kernel modules (``agents/kernels*.py``).
    """
    command = [
        sys.executable,
        __file__,
        "--child",
        "--months",
        str(args.months),
        "--resolution",
        args.resolution,
        "--regime",
        args.regime,
    ]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as empty:
        if cold_cache:
            env["NUMBA_CACHE_DIR"] = empty
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"fresh-process run failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(args: argparse.Namespace) -> None:
    """The fresh-process measurement (see :func:`fresh_run`)."""
    started, cpu = time.perf_counter(), time.process_time()
    import model.simulation  # noqa: F401  (timed: the imports a worker pays)
    from runs.gcfreeze import freeze_imports

    freeze_imports()  # as a sweep's worker does after its imports (runs/gcfreeze.py)
    imported, imported_cpu = time.perf_counter(), time.process_time()
    timed = run_decertsim(args.months, args.resolution, args.regime, 0)
    peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "import_cpu_s": imported_cpu - cpu,
                "run_s": timed.seconds,
                "run_cpu_s": timed.cpu_seconds,
                "total_s": time.perf_counter() - started,
                "peak_mib": peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--resolution", default="0.25")
    parser.add_argument("--regime", default="certified")
    parser.add_argument("--epstein-steps", type=int, default=100)
    parser.add_argument("--no-fresh", action="store_true", help="skip the cold fresh-process run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    import mesa

    print(
        f"# decertsim vs Mesa {mesa.__version__} Epstein civil violence "
        f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f} at start)\n"
    )
    import mesa.examples.advanced.epstein_civil_violence.model  # noqa: F401

    import model.simulation  # noqa: F401
    from runs.gcfreeze import freeze_imports

    # the collector skips both models' imports from here, as in decertsim's command and its
    # sweep workers (runs/gcfreeze.py); Epstein, in the same process, gains alike
    freeze_imports()
    run_decertsim(1, args.resolution, args.regime, 0)  # warm-up: imports, landscape, kernels
    run_epstein(1, 0)
    ours: list[Timed] = []
    theirs: list[Timed] = []
    print("| round | model | time s | CPU s | agent-steps | agent-steps/s | per CPU s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for i in range(args.rounds):
        ours.append(run_decertsim(args.months, args.resolution, args.regime, i))
        theirs.append(run_epstein(args.epstein_steps, i))
        for label, t in (("decertsim", ours[-1]), ("Epstein", theirs[-1])):
            print(
                f"| {i} | {label} | {t.seconds:.2f} | {t.cpu_seconds:.2f} | {t.agent_steps:,} "
                f"| {t.rate:,.0f} | {t.cpu_rate:,.0f} |",
                flush=True,
            )

    def med(values: list[float]) -> float:
        return statistics.median(values)

    def households(t: Timed) -> int:
        return t.by_kind.get("Migrant", 0)

    lines = [
        ("median time s", [t.seconds for t in ours], [t.seconds for t in theirs], False),
        ("median CPU s", [t.cpu_seconds for t in ours], [t.cpu_seconds for t in theirs], False),
        ("median agent-steps/s", [t.rate for t in ours], [t.rate for t in theirs], True),
        (
            "median agent-steps per CPU s",
            [t.cpu_rate for t in ours],
            [t.cpu_rate for t in theirs],
            True,
        ),
        (
            "median agent-steps/s without displaced households",
            [(t.agent_steps - households(t)) / t.seconds for t in ours],
            [t.rate for t in theirs],
            True,
        ),
    ]
    print()
    print("| | decertsim | Epstein | decertsim / Epstein |")
    print("|---|---:|---:|---:|")
    for label, a, b, is_rate in lines:
        fmt = "{:,.0f}" if is_rate else "{:.2f}"
        ratio = med(a) / med(b)
        shown = f"{ratio:.1f}x" if is_rate else f"{ratio:.3f}"
        print(f"| {label} | {fmt.format(med(a))} | {fmt.format(med(b))} | {shown} |")
    print()
    kinds = ours[0].by_kind
    print(
        "decertsim agent-steps by kind (round 0): "
        + ", ".join(f"{k} {v:,}" for k, v in kinds.most_common())
        + f" (displaced households {households(ours[0]) / max(ours[0].agent_steps, 1):.0%})"
    )
    print(
        f"decertsim: {args.resolution} degree, '{args.regime}', set-up + {args.months} months; "
        f"Epstein: Mesa's example with its defaults, {args.epstein_steps} steps; "
        f"seeds 0..{args.rounds - 1} for both; load {os.getloadavg()[0]:.2f} at end"
    )
    if not args.no_fresh:
        fresh = ((False, "kernels from numba's cache"), (True, "kernels compiled"))
        for cold_cache, label in fresh:
            cold = fresh_run(args, cold_cache)
            print(
                f"\nFresh process, {label} (seed 0): imports {cold['import_s']:.2f} s "
                f"({cold['import_cpu_s']:.2f} CPU s), set-up + {args.months} months "
                f"{cold['run_s']:.2f} s ({cold['run_cpu_s']:.2f} CPU s; first landscape build "
                f"and the kernels' loading included), total {cold['total_s']:.2f} s; "
                f"peak resident memory {cold['peak_mib']:.0f} MiB"
            )


if __name__ == "__main__":
    main()
