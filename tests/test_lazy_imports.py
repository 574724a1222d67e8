"""pandas is imported only when used (model/lazy_imports.py), and then works as usual.

Each check runs in a fresh interpreter: the test process has long imported pandas itself.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run_fresh(code: str) -> str:
    """Run ``code`` in a new interpreter from the project root; return its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
def test_a_model_run_never_imports_pandas():
    out = run_fresh(
        """
        import sys
        from model.params import Params
        from model.simulation import ColombiaModel
        m = ColombiaModel(Params(), rng=0, resolution="synthetic").run(3)
        print(type(sys.modules["pandas"]).__name__, "pyarrow" in sys.modules)
        frame = m.datacollector.get_model_vars_dataframe()  # now pandas is needed
        print(type(sys.modules["pandas"]).__name__, len(frame))
        """
    )
    assert out.splitlines() == ["_Deferred False", "module 3"]


def test_pandas_works_through_the_stand_in():
    """Attributes, ``from`` imports and submodules all reach the real pandas."""
    out = run_fresh(
        """
        import model, sys
        import pandas as pd
        assert type(sys.modules["pandas"]).__name__ == "_Deferred"
        from pandas import Series
        import pandas.api.types as types
        frame = pd.DataFrame({"a": [1, 2]})
        assert types.is_integer_dtype(frame["a"]) and isinstance(frame["a"], Series)
        assert pd.DataFrame is sys.modules["pandas"].DataFrame
        print(pd.__version__ == sys.modules["pandas"].__version__)
        """
    )
    assert out == "True"


def test_an_already_imported_module_is_left_alone():
    out = run_fresh(
        """
        import sys
        import pandas
        from model.lazy_imports import defer
        defer("pandas")
        defer("no_such_module_here")
        print(sys.modules["pandas"] is pandas, "no_such_module_here" in sys.modules)
        """
    )
    assert out == "True False"
