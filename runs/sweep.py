"""Run a list of runs into a result store: skip finished ones, record failures, survive Ctrl-C.

The parent process only ever holds the results in flight: each finished run is written to the
store at once (atomically) and dropped. A run that raises is recorded in ``failures`` and the
sweep goes on. Ctrl-C stops the executor, keeps every finished run and says how to resume.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from model.assistance import Regime
from runs.execute import Executor
from runs.files import describe_os_error
from runs.report import package_version
from runs.single import RunOutcome
from runs.spec import Experiment, RunSpec, experiment_digest
from runs.store import ResultStore


def run_id_digest(runs: list[RunSpec]) -> str:
    """Hash of the run ids of a sweep (what it would compute)."""
    return hashlib.sha256("".join(sorted(r.run_id for r in runs)).encode()).hexdigest()[:16]


def sweep_manifest(
    experiment: Experiment, regimes: list[Regime], runs: list[RunSpec]
) -> tuple[dict[str, Any], str]:
    """What ``OUT/experiment.json`` records about a sweep, and the digest that binds the folder.

    The digest covers the experiment as validated and the ids of every run it plans, so a
    folder is resumed only by the same sweep (``ResultStore.prepare`` checks it). Use it from
    scripts (docs/CLUSTER.md) so that ``decertsim report`` and ``compare --resume`` recognise
    their folders.
    """
    manifest = {
        "spec": experiment.model_dump(mode="json"),
        "seeds": experiment.seeds(),
        "n_runs": len(runs),
        "run_ids": sorted(r.run_id for r in runs),
        "start_month": runs[0].params.simulation.start_month if runs else None,
        "regimes": {r.name: r.model_dump(mode="json") for r in regimes},
        "version": package_version(),
    }
    return manifest, experiment_digest(experiment) + "-" + run_id_digest(runs)


@dataclass
class SweepReport:
    """What a sweep did."""

    planned: int
    skipped: int
    finished: int = 0
    failed: int = 0
    interrupted: bool = False
    failed_ids: list[str] = field(default_factory=list)
    #: why the executor stopped before the end (a lost cluster, say); None if it did not
    aborted: str | None = None
    #: why storing a result failed (a full disk: the sweep stops); None if it did not
    write_error: str | None = None
    #: the error of the first run that failed, so the command line can say why without the
    #: user opening failures.parquet (a bad data file fails every run the same way)
    first_error: str | None = None

    @property
    def complete(self) -> bool:
        """Every planned run is finished."""
        return not self.interrupted and self.failed == 0


def runs_progress(console: Console | None) -> Progress:
    """The runner's progress bar (runs done of total, failures, elapsed, eta); None: hidden.

    Add its task with ``progress.add_task("runs", total=N, failed=0)``.
    """
    return Progress(
        TextColumn("[bold]runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed: {task.fields[failed]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        disable=console is None,
        transient=False,
    )


def run_sweep(
    runs: list[RunSpec],
    store: ResultStore,
    executor: Executor,
    console: Console | None = None,
    on_result: Callable[[RunOutcome], None] | None = None,
) -> SweepReport:
    """Run every spec whose result is not in the store yet; write each result as it arrives.

    Args:
        runs: The run list (``runs.spec.build_runs``).
        store: Where results go (prepared by the caller).
        executor: Local pool or Dask.
        console: Where the progress bar goes (stderr console); None: no bar.
        on_result: Called with each outcome after it is stored (tests use it to interrupt).
    """
    finished = store.finished_ids()
    todo = [spec for spec in runs if spec.run_id not in finished]
    report = SweepReport(planned=len(runs), skipped=len(runs) - len(todo))
    progress = runs_progress(console)
    task = progress.add_task("runs", total=len(todo), failed=0)
    try:
        with progress:
            for outcome in executor.run(todo):
                with _storing():
                    _store(store, outcome, report)
                    progress.update(task, advance=1, failed=report.failed)
                if on_result is not None:
                    on_result(outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    except StoreFault as exc:  # storing a result failed: a full disk, a file-size limit
        report.interrupted = True
        report.write_error = describe_os_error(exc.error, "cannot store a result:")
    except Exception as exc:  # noqa: BLE001 - the executor itself broke: keep what finished
        # Runs that raise come back as failed outcomes; an exception here is the executor's
        # (a lost Dask scheduler, a broken process pool). Finished runs are already stored.
        report.interrupted = True
        report.aborted = f"{type(exc).__name__}: {exc}"
    finally:
        executor.close()
        try:
            store.consolidate_failures()
        except OSError as exc:  # the disk is still full: the per-run records are kept
            report.write_error = report.write_error or describe_os_error(exc, "cannot store:")
        finally:
            store.lock.release()
    return report


class StoreFault(Exception):
    """Writing into the result folder failed (the ``OSError`` is ``error``)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def _storing() -> Iterator[None]:
    """Store one outcome whole: tell a failed write apart from a failure of the executor.

    Ctrl-C and SIGTERM are held back while a result is written and counted, and delivered right
    after: otherwise a signal between the run's files and its count left the message saying one
    run fewer than the folder kept. Python runs signal handlers in the main thread only, so the
    handlers are swapped there (a signal mask would not do: the kernel hands a signal sent to
    the process group to any thread that does not block it, such as the progress bar's).
    """
    held: list[int] = []
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(signum) is not None:  # None: a handler installed outside Python
                previous[signum] = signal.signal(signum, lambda num, frame: held.append(num))
    try:
        yield
    except OSError as exc:
        raise StoreFault(exc) from exc
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])  # now handled as it would have been: the sweep stops


def _store(store: ResultStore, outcome: RunOutcome, report: SweepReport) -> None:
    """Write one outcome: the run's files, or its failure record."""
    spec = outcome.spec
    if outcome.ok:
        store.write_run(spec.regime_name, spec.run_id, outcome.series, outcome.maps)
        report.finished += 1
    else:
        store.write_failure(
            {
                "run_id": spec.run_id,
                "experiment": spec.experiment,
                "regime": spec.regime_name,
                "seed": spec.seed,
                "point": spec.point,
                "varying": json.dumps(spec.varying, sort_keys=True),
                "error": outcome.error,
                "traceback": outcome.traceback,
            }
        )
        report.failed += 1
        report.failed_ids.append(spec.run_id)
        if report.first_error is None:
            report.first_error = outcome.error
