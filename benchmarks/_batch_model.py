"""ColombiaModel with keyword parameters, for `mesa.batch_run` (bench_vs_batch_run.py).

`mesa.batch_run` builds models as ``model_cls(**kwargs)`` in worker processes started with
``spawn`` (mesa 3.5.1 calls ``multiprocessing.set_start_method("spawn", force=True)``), so the
class must live in an importable module, not in ``__main__``. Workers import it as
``_batch_model``: they inherit the parent's ``sys.path``, whose first entry is ``benchmarks/``
when a script of this folder is run.

Seeding: because ``seed`` is in the signature, batch_run passes each value of its ``rng``
argument as ``seed=`` (and overwrites a ``seed`` given in ``parameters``: with
``iterations=1`` every run would get ``seed=None``, i.e. fresh OS entropy). So pass the seeds
as ``rng=[...]``, not as a parameter.
"""

from __future__ import annotations

import os
import time

from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime


class BatchModel(ColombiaModel):
    """The decertsim model built from keyword arguments (default parameters)."""

    def __init__(
        self, regime: str = "certified", seed: int | None = 0, resolution: str = "synthetic"
    ) -> None:
        super().__init__(Params(), load_regime(regime), rng=seed, resolution=resolution)


class StampedBatchModel(BatchModel):
    """``BatchModel`` that notes when each run starts (bench_throughput.py's start-up figure).

    The worker appends ``time.perf_counter()`` (``CLOCK_MONOTONIC`` on Linux: one clock for
    every process of the machine) to the file named by the environment variable ``STAMPS``,
    which spawned workers inherit. Nothing else changes: same parameters, same values.
    """

    STAMPS = "DECERTSIM_BENCH_STAMPS"

    def __init__(
        self, regime: str = "certified", seed: int | None = 0, resolution: str = "synthetic"
    ) -> None:
        path = os.environ.get(self.STAMPS)
        if path:
            with open(path, "a") as sink:
                sink.write(f"{time.perf_counter()!r}\n")
        super().__init__(regime=regime, seed=seed, resolution=resolution)
