"""Keep Python's garbage collector off the imported modules' objects (issue 15: CPU of a run).

The cyclic collector walks every tracked object at each full (oldest-generation) collection.
Once numpy, scipy, networkx, numba, Mesa and the model are imported, about 130,000 of the
objects it tracks come from the imports, none of which ever becomes garbage. ``gc.freeze()``
moves every object tracked at that moment into a permanent generation the collector skips
(Python's documentation recommends it for forked workers, where it also keeps the collector
from writing to pages a worker shares with its fork server). Objects created afterwards
(models, agents, results) are collected as before. Measured with ``gc.callbacks`` over three
default runs in one process: one full collection, 0.18 CPU s without the freeze and 0.07 s
with it; young collections 0.03 s either way. So the gain is about 0.1 CPU s per full
collection (a few per cent of a run when one falls in it, more in a long-lived worker whose
heap holds more), not a change of the model's own speed. No result depends on it: the golden
digests are the same with the collector frozen or off (``tests/test_gcfreeze.py``).

Called where a process has finished importing and starts running models: the ``decertsim``
command (``runs/entry.py``), each worker of a sweep (``runs/execute.py``) and the first run of
any process through :func:`runs.single.run_guarded` (Dask workers, the scorecard's probes).
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_imports() -> None:
    """Freeze the objects tracked now (the imports), once per process; later calls do nothing."""
    global _frozen
    if _frozen:
        return
    gc.freeze()
    _frozen = True
