"""The collector skips the imports (runs/gcfreeze.py): once per process, no result changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_freeze_once_per_process_and_at_the_first_run():
    out = python(
        "import gc\n"
        "from runs.gcfreeze import freeze_imports\n"
        "from runs.single import run_guarded, RunOutcome\n"
        "before = gc.get_freeze_count()\n"
        "run_guarded(None, lambda spec: RunOutcome(spec))\n"
        "after = gc.get_freeze_count()\n"
        "freeze_imports()\n"
        "print(after - before > 10000, gc.get_freeze_count() == after)\n"
    )
    assert out == "True True"


@pytest.mark.parametrize("how", ["freeze", "disable"])
def test_results_do_not_depend_on_the_collector(how: str):
    """Agents live in Mesa's weak agent sets: the collector's timing must not reach a result."""
    out = python(
        f"import gc\ngc.{how}()\n"
        "from tests.golden import load_digests, run_digest\n"
        "case = 'synthetic/full_cutoff/2'\n"
        "print(run_digest(case) == load_digests()[case])\n"
    )
    assert out == "True"
