"""Compile the model's numba kernels into numba's on-disk cache once, at install (issue 15).

Every compiled loop of the model (``@njit(cache=True)``) is compiled by numba the first time a
process calls it, and the machine code is written to numba's cache (``__pycache__`` next to the
kernel's source, or ``NUMBA_CACHE_DIR``); later processes load it from there. Compiling costs
CPU (about 29 s for all of them) and memory: LLVM's modules stay resident, so a default run
that compiles peaks at about 345 MiB (362 MB, over the speed issue's 300 MB) where one that
loads the cache peaks at about 232 MiB. ``make`` therefore runs this module once after
installing (``decertsim warm`` does the same by hand), so that a machine's first real run
already loads the kernels. It does nothing else: no file of results, no change of any result.

The kernels are warmed by a short default run (set-up and a few months at 0.25 degree, under
the status quo and a full cut-off, so the routes are recomputed too), which calls each kernel
with the argument types a real run gives it; the numba cache is per type signature. The report
lists every kernel of the model and whether it is now compiled on its own, so a kernel that a
short run does not reach shows up instead of being missed silently (many are only called from
inside other kernels, which compile them in: those need no entry of their own).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

#: the model's package root (``model/`` and ``agents/`` hold its kernels)
ROOT = Path(__file__).resolve().parents[1]
_KERNEL = re.compile(r"^@njit\(cache=True\)", flags=re.MULTILINE)


def kernel_modules() -> tuple[str, ...]:
    """The modules holding the model's compiled kernels (``@njit(cache=True)``), by their source.

    Read from the files, not listed by hand: a kernel module added later is warmed without
    anyone remembering to name it here (a hand-kept list missed three this session).
    """
    paths = sorted([*ROOT.glob("model/**/*.py"), *ROOT.glob("agents/*.py")])
    return tuple(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in paths
        if _KERNEL.search(path.read_text())
    )


KERNEL_MODULES = kernel_modules()
WARM_REGIMES = ("certified", "full_cutoff")


@dataclass
class WarmReport:
    """What :func:`warm` did: the kernels compiled (or loaded) and those a short run missed."""

    compiled: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0
    cache_dir: str = ""


def kernels() -> dict[str, object]:
    """Every compiled kernel of the model, by ``module.name``."""
    from numba.core.registry import CPUDispatcher

    found: dict[str, object] = {}
    for name in KERNEL_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, CPUDispatcher) and value.py_func.__module__ == name:
                found[f"{name}.{attr}"] = value
    return found


def warm(months: int = 3, resolution: str = "0.25") -> WarmReport:
    """Run the model briefly so that numba compiles every kernel into its cache.

    Args:
        months: Months of each warming run (after the set-up).
        resolution: Grid of the warming runs ("0.25", "0.1" or "synthetic").

    Returns:
        The kernels now compiled in this process and those no warming run called.
    """
    from numba.core import config

    from model.params import Params
    from model.simulation import ColombiaModel
    from runs.catalog import load_regime

    started = time.process_time()
    for regime in WARM_REGIMES:
        ColombiaModel(Params(), load_regime(regime), rng=0, resolution=resolution).run(months)
    report = WarmReport(cpu_seconds=time.process_time() - started)
    for name, kernel in kernels().items():
        (report.compiled if kernel.signatures else report.missed).append(name)
    report.cache_dir = config.CACHE_DIR or "__pycache__ next to each kernel's source"
    return report


def main(argv: list[str] | None = None) -> int:
    """``python -m runs.warm``: warm numba's cache and say which kernels it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--resolution", default="0.25", choices=["0.25", "0.1", "synthetic"])
    args = parser.parse_args(argv)
    report = warm(args.months, args.resolution)
    print(
        f"numba's cache warm: {len(report.compiled)} kernels compiled or loaded in "
        f"{report.cpu_seconds:.1f} CPU s (cache: {report.cache_dir}; "
        f"NUMBA_CACHE_DIR={os.environ.get('NUMBA_CACHE_DIR', 'unset')})"
    )
    if report.missed:
        print(
            "not compiled on their own (called only from inside other kernels, which compile "
            "them in, or by paths a default run does not take): " + ", ".join(report.missed)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
