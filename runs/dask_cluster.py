"""The Dask ``LocalCluster`` that ``DaskExecutor`` starts: workers that cost what the pool's do.

Issue 15 asks the Dask executor to come within 10% of the local pool on a 1,000-run sweep. With
Dask's defaults it did not: per run, the workers and the parent spent about a tenth of a run's
CPU besides the runs themselves, and every worker imported everything again when it started
(``benchmarks/README.md``, "Dask's workers" and "Dask's LocalCluster settings"). A sweep's
cluster here has no dashboard and runs one long task per worker thread, so the settings below
turn off or slow down what only serves a dashboard or a many-small-tasks workload. None of them
touches what a run computes: the results are the same bytes as the local pool's
(``tests/test_runner.py``).

* ``distributed.worker.profile.enabled: False``. Each worker's statistical profiler walks the
  running task's stack every 10 ms from the event loop, and a second thread samples the event
  loop itself every 10 ms; both take the GIL from the run. It feeds the dashboard's profile
  page and ``Client.profile``, which nobody reads here. Measured with 8 runs of 60 months on 2
  workers (workers' and parent's CPU beyond the tasks' own thread CPU): 0.96-1.12 CPU s with
  Dask's defaults, 0.42-0.43 with the profiler off.
* ``distributed.admin.tick.interval: 1s`` (Dask: 20 ms). How often each worker, nanny and the
  scheduler check that their event loop is responsive; a warning still comes after
  ``tick.limit`` (3 s) of a blocked loop.
* ``distributed.worker.memory.monitor-interval: 1s`` (Dask: 100 ms). How often the worker and
  its nanny read the worker's memory to pause, spill or restart it near its limit; a run grows
  to about 230 MB over seconds, far below a worker's limit.
* ``distributed.admin.system-monitor.interval: 2s`` (Dask: 500 ms). CPU, memory and network
  samples for the dashboard and the heartbeats.
  With the three intervals slowed as well: 0.16-0.25 CPU s for the same 8 runs.
* ``distributed.nanny.pre-spawn-environ`` without ``MALLOC_TRIM_THRESHOLD_``: Dask's nannies
  set it to 65536, which made glibc hand memory back to the system at almost every array a run
  frees and takes again (a run's thread took about 1.5 times its CPU). Dask's other variables
  (one BLAS/OpenMP thread) stay.
* ``distributed.worker.multiprocessing-method: forkserver`` where the platform has it (Linux,
  macOS), with ``distributed`` and the model (``runs.single``) imported in the fork server:
  each worker is forked from a process that has imported both, as the local pool's are
  (``runs.execute._worker_context``), instead of being spawned and importing everything again
  (2 workers: about 3-4 CPU s to start and warm up instead of 9-10).

The settings are applied while the cluster starts: the nannies hand their configuration to the
workers they start (and restart), and the scheduler and nannies read theirs when created; the
process's own Dask configuration is left as it was. ``docs/CLUSTER.md`` gives the same settings
for workers started by hand.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

#: Dask configuration of the cluster ``DaskExecutor`` starts (reasons in the module docstring)
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}

#: modules the fork server imports before forking workers: Dask's worker and the model
WORKER_PRELOAD = ["distributed", "runs.single"]


def local_cluster_config() -> dict[str, Any]:
    """The Dask configuration to start the sweep's LocalCluster under (read when called)."""
    import dask
    import distributed  # noqa: F401  (registers distributed's configuration defaults)

    environ = {
        key: value
        for key, value in dask.config.get("distributed.nanny.pre-spawn-environ").items()
        if key != "MALLOC_TRIM_THRESHOLD_"
    }
    config = {**LOCAL_CLUSTER_CONFIG, "distributed.nanny.pre-spawn-environ": environ}
    if "forkserver" in multiprocessing.get_all_start_methods():
        config["distributed.worker.multiprocessing-method"] = "forkserver"
    return config


def start_local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes, no dashboard."""
    import dask
    from distributed import LocalCluster
    from distributed.utils import get_mp_context

    config = local_cluster_config()
    with dask.config.set(config):
        if config.get("distributed.worker.multiprocessing-method") == "forkserver":
            # Dask sets its own preload list on the first call (distributed and its
            # dependencies, not the model), once per process; ours replaces it. The fork server
            # is one per process, shared with the local pool: if it already runs, it keeps what
            # it imported (the model, for the local pool), and workers import the rest.
            get_mp_context().set_forkserver_preload(WORKER_PRELOAD)
        return LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )


def describe_worker() -> dict[str, Any]:
    """What a worker process runs with: the settings above, as it sees them.

    Run it on every worker of a cluster, ``client.run(describe_worker)``, to check workers
    started by hand (``docs/CLUSTER.md``) or the LocalCluster (``tests/test_runner.py``).
    Importing this module does not import the model, so ``model_imported`` says whether the
    worker had the model before its first run (forked from a fork server that imported it).

    Returns:
        ``config``: the values of :data:`LOCAL_CLUSTER_CONFIG`'s keys and the
        multiprocessing method; ``malloc_trim_threshold``: ``MALLOC_TRIM_THRESHOLD_`` in the
        environment the process started with (what glibc read; None if unset, or where
        ``/proc`` is missing, in the current environment); ``model_imported``: ``runs.single``
        was imported; ``parent``: the parent process's command line (Linux; "" elsewhere).
    """
    import os
    import sys
    from pathlib import Path

    import dask
    import distributed  # noqa: F401  (registers distributed's configuration defaults)

    keys = [*LOCAL_CLUSTER_CONFIG, "distributed.worker.multiprocessing-method"]
    environ: dict[str, str] = dict(os.environ)
    parent = ""
    try:
        start = Path("/proc/self/environ").read_bytes().split(b"\0")
        environ = dict(e.decode(errors="replace").partition("=")[::2] for e in start if e)
        parent = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().replace(b"\0", b" ")
        parent = parent.decode(errors="replace").strip()
    except OSError:
        pass
    return {
        "config": {key: dask.config.get(key) for key in keys},
        "malloc_trim_threshold": environ.get("MALLOC_TRIM_THRESHOLD_"),
        "model_imported": "runs.single" in sys.modules,
        "parent": parent,
    }


def dask_setup(service: Any) -> None:
    """Nanny preload for workers started by hand: the fork server imports the model too.

    ``dask worker ... --preload-nanny runs.dask_cluster`` runs this in the process holding the
    nannies before they start their workers; with ``distributed.worker.multiprocessing-method:
    forkserver`` in the Dask configuration (``docs/CLUSTER.md``), the workers are then forked
    from a server that has imported ``distributed`` and the model once for all of them. Without
    that setting it does nothing.
    """
    import dask
    from distributed.utils import get_mp_context

    if dask.config.get("distributed.worker.multiprocessing-method") == "forkserver":
        get_mp_context().set_forkserver_preload(WORKER_PRELOAD)
