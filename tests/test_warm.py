"""numba's cache warmed at install (runs/warm.py, `decertsim warm`; issue 15's first-run memory)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from runs.warm import KERNEL_MODULES, kernels, warm

ROOT = Path(__file__).resolve().parents[1]


def test_every_compiled_kernel_of_the_model_is_listed():
    """The kernel modules are read from the sources: those of every part of the model are found."""
    for module in (
        "agents.kernels_spot",
        "agents.kernels_security",
        "model.flee_kernels",
        "model.kernels_control",
        "model.trafficking.kernels_routes",
    ):
        assert module in KERNEL_MODULES
    assert "model.flee" not in KERNEL_MODULES  # imports kernels, defines none
    found = kernels()
    for module in KERNEL_MODULES:
        source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        decorated = len(re.findall(r"^@njit\(cache=True\)", source, flags=re.MULTILINE))
        assert sum(name.startswith(module + ".") for name in found) == decorated, module


def test_warm_compiles_what_a_run_calls():
    report = warm(months=1, resolution="synthetic")
    assert report.compiled, "a run calls compiled kernels"
    assert not set(report.compiled) & set(report.missed)
    assert sorted(report.compiled + report.missed) == sorted(kernels())
    # the fronts' turn (on_the_spot is compiled into it) and the growers' month run in every
    # month of every run
    assert "agents.kernels_turn.fronts_month" in report.compiled
    assert "agents.kernels_grower.grower_step" in report.compiled


@pytest.mark.slow
def test_warm_fills_an_empty_cache_that_a_run_then_loads(tmp_path: Path):
    """From an empty NUMBA_CACHE_DIR: `decertsim warm` writes the kernels; a run adds nothing."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "runs.cli", "warm"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "numba's cache warm" in done.stdout

    def cache_files() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in tmp_path.rglob("*.nb[ic]")}

    written = cache_files()
    assert written
    run = (
        "from model.params import Params; from model.simulation import ColombiaModel; "
        "from runs.catalog import load_regime; "
        "ColombiaModel(Params(), load_regime('certified'), rng=1, resolution='0.25').run(6)"
    )
    subprocess.run([sys.executable, "-c", run], check=True, cwd=ROOT, env=env, timeout=600)
    assert cache_files() == written  # nothing compiled, nothing rewritten: all loaded
