"""Worker tasks for the fault tests (tests/test_faults.py): importable, so workers can run them.

Each kills its own worker process the way the out-of-memory killer does (SIGKILL), for one seed
or once, and otherwise runs the real ``execute_run``.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from runs.single import RunOutcome, execute_run
from runs.spec import RunSpec


def die_on_seed(bad_seed: int, spec: RunSpec) -> RunOutcome:
    """SIGKILL the worker whenever it runs ``bad_seed``; run the others."""
    if spec.seed == bad_seed:
        os.kill(os.getpid(), signal.SIGKILL)
    return execute_run(spec)


def die_once(marker: str, spec: RunSpec) -> RunOutcome:
    """SIGKILL the first worker that gets here (``marker`` records it); run every run else."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return execute_run(spec)
    os.close(fd)
    Path(marker).write_text(spec.run_id)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")
