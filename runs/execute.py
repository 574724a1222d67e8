"""Executors: one interface, a local process pool (default) and Dask distributed (clusters).

An executor takes run specs and yields :class:`~runs.single.RunOutcome` objects as runs finish,
in any order. It keeps at most ``window`` runs in flight, so that the parent holds only a few
results at a time whatever the size of the sweep; the caller writes each result and lets it go.

* :class:`LocalExecutor`: ``concurrent.futures.ProcessPoolExecutor`` with ``workers`` processes;
  ``workers == 1`` runs in the calling process (no pickling, easiest to debug).
* :class:`DaskExecutor`: a ``distributed.Client`` on an existing scheduler
  (``tcp://HOST:PORT``), or a ``LocalCluster`` started for the sweep when no address is given.
  Worker code is importable (``runs.single.execute_run``), never defined in ``__main__``.

Both run the same function on the same specs, so both give identical results.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from model.errors import DecertsimInputError
from runs.gcfreeze import freeze_imports
from runs.single import RunOutcome, execute_run
from runs.spec import RunSpec


class ExecutorError(DecertsimInputError):
    """The executor cannot start (for example an unreachable Dask scheduler)."""


Task = Callable[[RunSpec], RunOutcome]
"""What a worker runs on each spec: ``execute_run`` for sweeps, ``probe_run`` for the scorecard.
It must be importable (a module-level function), never raise, and return a ``RunOutcome``."""


class Executor(Protocol):
    """Runs specs and yields outcomes as they finish."""

    name: str

    def run(self, specs: Iterable[RunSpec], task: Task = execute_run) -> Iterator[RunOutcome]:
        """Yield one outcome per spec (``task(spec)``), in completion order."""
        ...

    def close(self) -> None:
        """Stop workers; cancel what has not started."""
        ...


class LocalExecutor:
    """A process pool on this machine (or the calling process with one worker).

    A worker that dies (the out-of-memory killer, a signal) breaks a ``ProcessPoolExecutor``
    and every run in flight with it. The executor then starts a new pool and runs each run that
    was in flight alone, in a pool of its own: a run that kills its worker again is returned as
    that run's failure ("the worker process died"), the innocent ones finish, and the sweep goes
    on (docs/RELIABILITY.md). Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux), and
    :meth:`close` terminates them, so an interrupted or killed sweep leaves no process behind.
    """

    name = "local"

    def __init__(self, workers: int = 1, window: int | None = None) -> None:
        """Create a pool of ``workers`` processes; ``window`` runs in flight (2 x workers)."""
        self.workers = max(1, workers)
        self.window = window or 2 * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        self.close()
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_worker_context(), initializer=_worker_setup
        )
        return self._pool

    def run(self, specs: Iterable[RunSpec], task: Task = execute_run) -> Iterator[RunOutcome]:
        """Yield outcomes (``task(spec)``) as runs finish."""
        if self.workers == 1:
            for spec in specs:
                yield task(spec)
            return
        iterator = iter(specs)
        while True:
            suspects: list[RunSpec] = []
            pool = self._new_pool(self.workers)
            yield from _windowed(pool.submit, iterator, self.window, task, suspects)
            if not suspects:
                self.close()
                return
            for spec in suspects:  # the pool broke: each run that was in flight, alone
                yield self._alone(spec, task)

    def _alone(self, spec: RunSpec, task: Task) -> RunOutcome:
        """Run ``spec`` in a pool of its own; a dead worker is this run's failure."""
        pool = self._new_pool(1)
        try:
            return pool.submit(task, spec).result()
        except BrokenProcessPool:
            return RunOutcome(
                spec,
                error=(
                    "WorkerDied: the worker process running this run died (killed by a "
                    "signal, for example by the system's out-of-memory killer); it died again "
                    "when the run was retried alone"
                ),
                traceback="",
            )
        except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
            return RunOutcome(
                spec, error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()
            )
        finally:
            self.close()

    def close(self) -> None:
        """Stop the pool now: cancel queued runs and terminate the worker processes."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # Private, but the only handle on the processes before Python 3.14's
        # terminate_workers(): without it an interrupted sweep waits for runs in flight.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(timeout=5)
        # A worker terminated while it was writing a result leaves half a message in the
        # result pipe: the pool's manager thread then waits for the rest for ever, and the
        # interpreter, which joins that thread at exit, never exits (seen once in four
        # SIGTERM tests). With the workers gone, the parent's own write end is the last one
        # open (the fork server closes its copies); closing it turns the wait into end-of-file,
        # which the manager thread handles as a broken pool and exits.
        writer = getattr(results, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()


def _worker_context() -> multiprocessing.context.BaseContext:
    """Start workers from a fork server that has imported the model once.

    Forking the parent itself is unsafe once it runs threads (the progress bar refreshes from
    one; Python warns of deadlocks), and spawning re-imports everything in every worker. The
    fork server is a clean single-threaded process that preloads ``runs.single`` and forks
    workers from it: safe, and workers start without importing the model again. Platforms
    without it (Windows) spawn.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["runs.single"])
    return context


def _worker_setup() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent and die when the parent dies.

    The parent stops the sweep cleanly on Ctrl-C or SIGTERM and terminates its workers (see
    :meth:`LocalExecutor.close`). If it is killed outright (SIGKILL), nothing of it runs: each
    worker then notices on its own and exits (:func:`exit_with_parent`), the fork server exits
    when its last worker has, and the resource tracker when its last client has, so no process
    is left behind holding the parent's terminal or pipes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    freeze_imports()  # the fork server's imports, inherited: the collector skips them


def exit_with_parent() -> None:
    """Start a daemon thread that ends this worker process as soon as its parent is gone.

    A worker's operating-system parent is the fork server, so ``PR_SET_PDEATHSIG`` would not
    see the sweep's process die; ``multiprocessing`` gives each worker a sentinel of the process
    that asked for it, which becomes ready when that process exits, however it exits.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)  # the parent is gone: nobody will read this run's result

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _windowed(
    submit: Any,
    specs: Iterable[RunSpec] | Iterator[RunSpec],
    window: int,
    task: Task = execute_run,
    suspects: list[RunSpec] | None = None,
) -> Iterator[RunOutcome]:
    """Keep ``window`` futures in flight; yield results as they complete.

    A future that fails outside ``task`` (a lost cluster node) is turned into a failed outcome
    for its spec, so the sweep records it and goes on. With ``suspects`` (the local pool), a
    broken process pool instead stops the window: every spec in flight is appended to
    ``suspects`` for the caller to run again, and the specs not yet taken stay in ``specs``.
    """
    pending: dict[Future[RunOutcome], RunSpec] = {}
    iterator = iter(specs)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                spec = next(iterator)
            except StopIteration:
                exhausted = True
                break
            pending[submit(task, spec)] = spec
        if not pending:
            return
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        broken = False
        for future in sorted(done, key=lambda f: pending[f].run_id):
            spec = pending.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:
                if suspects is None:
                    raise
                suspects.append(spec)
                broken = True
                continue
            except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
                outcome = RunOutcome(
                    spec, error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()
                )
            yield outcome
        if broken and suspects is not None:
            suspects.extend(pending.values())
            return


class DaskExecutor:
    """A Dask distributed cluster: an existing scheduler, or a LocalCluster for the sweep."""

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int = 1,
        window: int | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        """Connect to ``scheduler`` (``tcp://HOST:PORT``) or start a local cluster.

        Raises:
            ExecutorError: the scheduler cannot be reached within ``connect_timeout`` seconds.
        """
        from distributed import Client

        from runs.dask_cluster import start_local_cluster

        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=f"{connect_timeout}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {scheduler} within "
                    f"{connect_timeout:g} s ({type(exc).__name__}: {exc}); is it running, and is "
                    "the address tcp://HOST:PORT as the scheduler printed it?"
                ) from None
        else:
            # Dask's defaults cost about a tenth more CPU per run than the local pool (the
            # workers' profiler, frequent health checks, glibc's memory setting, spawned
            # workers importing everything): runs/dask_cluster.py says what it changes and why.
            self._cluster = start_local_cluster(workers)
            self.client = Client(self._cluster)
        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        self.window = window or 2 * n_workers
        self._executor = self.client.get_executor(pure=False)

    def run(self, specs: Iterable[RunSpec], task: Task = execute_run) -> Iterator[RunOutcome]:
        """Yield outcomes (``task(spec)``) as runs finish on the cluster."""
        yield from _windowed(self._executor.submit, specs, self.window, task)

    def close(self) -> None:
        """Disconnect; stop the local cluster if this executor started it."""
        with contextlib.suppress(Exception):
            self._executor.shutdown(wait=False)
        with contextlib.suppress(Exception):
            self.client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


def make_executor(kind: str, workers: int, scheduler: str | None = None) -> Executor:
    """The executor named ``kind`` ("local" or "dask")."""
    if kind == "dask":
        return DaskExecutor(scheduler=scheduler, workers=workers)
    if scheduler:
        raise ValueError("--scheduler needs --executor dask")
    return LocalExecutor(workers=workers)
