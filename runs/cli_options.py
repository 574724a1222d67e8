"""Option types shared by the ``decertsim`` commands (runs/cli.py, runs/cli_score.py)."""

from __future__ import annotations

import os
import tomllib
from enum import StrEnum
from typing import Annotated, Any

import typer

from model.errors import ParamsError
from model.tomlfile import check_nesting


class Resolution(StrEnum):
    """Grid resolutions."""

    quarter = "0.25"
    tenth = "0.1"
    synthetic = "synthetic"


SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override a parameter, e.g. --set armed.recruitment_rate=0.02 (repeatable; "
        "names in docs/PARAMETERS.md).",
    ),
]


class ExecutorKind(StrEnum):
    """Where runs execute."""

    local = "local"
    dask = "dask"


DEFAULT_WORKERS = max(1, os.cpu_count() or 1)
WorkersOption = Annotated[int, typer.Option(min=1, help="Worker processes (default: all cores).")]
ExecutorOption = Annotated[
    ExecutorKind, typer.Option(help="local: a process pool; dask: a Dask cluster.")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address tcp://HOST:PORT (with --executor dask); "
        "without it a local Dask cluster is started."
    ),
]

StartOption = Annotated[
    str | None,
    typer.Option(
        help="First simulated month YYYY-MM (sets simulation.start_month): the world is built "
        "as it was then, from data (model/initial.py). Default: simulation.start_month."
    ),
]


def with_start(overrides: dict[str, object], start: str | None) -> dict[str, object]:
    """``overrides`` plus ``simulation.start_month = start`` when ``--start`` was given."""
    return {**overrides, "simulation.start_month": start} if start else overrides


def parse_overrides(items: list[str] | None) -> dict[str, Any]:
    """Turn ``["armed.recruitment_rate=0.02", ...]`` into a dict of TOML-typed values."""
    overrides: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise ParamsError(f"--set '{item}': expected section.name=value")
        key, raw = item.split("=", 1)
        check_nesting(raw, f"--set '{key.strip()}'", ParamsError)
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word: treat as a string
        overrides[key.strip()] = value
    return overrides
