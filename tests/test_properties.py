"""Property tests (issue 13): whatever a user writes, the program runs it or exits 2 with a message.

Hypothesis writes regime and experiment files (valid fields with random values, random fields,
random TOML values, random bytes) and `run` flags; the commands are invoked in this process
with ``catch_exceptions=False``, so a traceback fails the test. The simulation itself is replaced
by a stand-in: these tests are about the checks that come before it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

import runs.cli as cli_module
import runs.cli_compare as cli_compare_module

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class WouldSimulate(Exception):
    """The command passed every check and would now simulate."""


@pytest.fixture
def quiet_cli(monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WouldSimulate

    monkeypatch.setattr(cli_module, "run_single", refuse)
    monkeypatch.setattr(cli_compare_module, "run_sweep", refuse)
    for module in (cli_module, cli_compare_module):
        monkeypatch.setattr(module, "console", Console(width=200))
        monkeypatch.setattr(module, "err_console", Console(stderr=True, width=200))
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        try:
            return runner.invoke(cli_module.app, list(args), catch_exceptions=False)
        except WouldSimulate:
            return None

    return invoke


def assert_accepted_or_refused(result: Any) -> None:
    if result is None:  # got as far as simulating
        return
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.strip(), "an error must say what is wrong"


# --- TOML values -----------------------------------------------------------------------------
keys = st.sampled_from(
    [
        "name",
        "title",
        "description",
        "regimes",
        "baseline",
        "months",
        "replications",
        "seed",
        "resolution",
        "horizons",
        "outcomes",
        "overrides",
        "snapshot_every",
        "sizes",
        "uncertainties",
        "decision",
        "schedule",
        "rule",
        "month",
        "certified",
        "waived",
        "lending_support",
        "start",
        "end",
        "when",
        "then",
        "method",
        "values",
        "ranges",
        "samples",
        "armed.recruitment_rate",
        "simulation.start_month",
        "x",
    ]
)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["certified", "full_cutoff", "2025-09", "0000-01", "9999-12", "factorial"]),
)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(keys, values, max_size=8)


def write(text: str | bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="decertsim-prop-"))
    path = folder / "input.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@SETTINGS
@given(documents)
def test_any_document_is_validated_or_refused(quiet_cli, doc):
    text = "\n".join(f'"{k}" = {toml_value(v)}' for k, v in doc.items())
    path = write(text)
    try:
        assert_accepted_or_refused(quiet_cli("validate", str(path)))
        out = str(path.parent / "o")
        assert_accepted_or_refused(quiet_cli("run", "--regime", str(path), "--out", out))
    finally:
        shutil.rmtree(path.parent)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_are_validated_or_refused(quiet_cli, data):
    path = write(data)
    try:
        assert_accepted_or_refused(quiet_cli("validate", str(path)))
        assert_accepted_or_refused(
            quiet_cli("compare", str(path), "--out", str(path.parent / "o"), "--workers", "1")
        )
    finally:
        shutil.rmtree(path.parent)


@SETTINGS
@given(
    seed=st.integers(min_value=-(2**70), max_value=2**70),
    months=st.integers(min_value=-5, max_value=10**6),
    out=st.text(max_size=30),
    sets=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "armed.recruitment_rate",
                    "simulation.start_month",
                    "politics.next_cooperation",
                    "nope.x",
                    "security.n_units",
                ]
            ),
            scalars.map(toml_value),
        ),
        max_size=3,
    ),
)
def test_any_run_flags_are_accepted_or_refused(quiet_cli, seed, months, out, sets):
    if "\x00" in out:
        out = out.replace("\x00", "")
    with tempfile.TemporaryDirectory() as folder:
        target = str(Path(folder) / out) if out.strip() else out
        args = ["run", "--seed", str(seed), "--months", str(months), "--out", target]
        for key, value in sets:
            args += ["--set", f"{key}={value}"]
        args += ["--resolution", "synthetic"]
        assert_accepted_or_refused(quiet_cli(*args))
