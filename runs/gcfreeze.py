"""Keep Python's garbage collector off the imported modules' objects (issue 15: CPU of a run).

The cyclic collector walks every tracked object at each full (oldest-generation) collection.
Once numpy, scipy, networkx, numba, Mesa and the model are imported, about 180,000 objects are
tracked, none of which ever becomes garbage, and a full collection costs about 0.13 CPU s on
the development machine. A default run creates tens of thousands of objects (Mesa's 3,400
cells and their dicts, the agents) and so triggers about one full collection: some 5% of its
CPU went to re-checking the imports. ``gc.freeze()`` moves every object tracked at that moment
into a permanent generation the collector skips (Python's documentation recommends it for
forked workers, where it also keeps the collector from writing to pages a worker shares with
its fork server). Objects created afterwards (models, agents, results) are collected as
before. No result depends on it: the golden digests are the same with the collector frozen or
off (``tests/test_gcfreeze.py``).

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
