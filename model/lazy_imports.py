"""Defer importing pandas until something uses it (issue 15: the memory of a plain run).

Mesa imports pandas (and with it pyarrow) when it is imported, for its data frames
(``DataCollector.get_model_vars_dataframe``, ``Agent.from_dataframe``), which a model run never
calls: about 75 MiB of resident memory in every process, a quarter of a default run's peak.
:func:`defer` puts a stand-in module in ``sys.modules`` that imports the real one on first
use of any of its attributes, so ``import pandas as pd`` costs nothing until ``pd.DataFrame``
(or any other name) is read; from then on the stand-in holds the real module's names.
Everything that uses pandas (the result tables of ``runs/``, notebooks) gets it unchanged.

``importlib.util.LazyLoader`` would not do: a second ``import pandas`` reads the module's
``__spec__``, which makes a lazy module load at once (Mesa imports it from two modules).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


class _Deferred(types.ModuleType):
    """A module that imports the one it stands for when one of its names is read."""

    def __getattr__(self, name: str) -> object:
        # only called for names the stand-in does not hold: any real use of the module
        return getattr(_load(self), name)


def _load(stand_in: _Deferred) -> types.ModuleType:
    """Import the real module in place of ``stand_in`` and copy its names onto it."""
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    module = importlib.import_module(name)
    # references taken while deferred (``pd`` in Mesa's modules) now read plain attributes
    stand_in.__dict__.update(module.__dict__)
    return module


def defer(name: str) -> None:
    """Stand in for top-level module ``name`` until it is used (no-op if already imported).

    Args:
        name: A top-level module, e.g. ``"pandas"``; nothing happens if it is not installed.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _Deferred(name)
    # the real spec (not initializing) lets ``import name`` return the stand-in as it is;
    # no ``__path__``: importing a submodule reads it, which loads the real package first
    stand_in.__spec__ = spec
    # what tools read from every module in ``sys.modules`` (``inspect.getmodule``, which
    # Mesa's logging calls at import) without using it
    stand_in.__file__ = spec.origin
    stand_in.__loader__ = spec.loader
    stand_in.__package__ = name
    sys.modules[name] = stand_in
