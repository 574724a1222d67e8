"""Shared fixtures: a small synthetic world, shrunken parameters and the shipped regimes."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import runs.cli as cli_module
import runs.cli_compare as cli_compare_module
from model.assistance import Regime
from model.geo import Landscape, synthetic
from model.params import Params
from model.simulation import ColombiaModel
from runs.targets import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
REGIMES_DIR = ROOT / "runs" / "regimes"

#: Overrides that make a model small and fast: ~300 members per group in fronts of 60,
#: 12 security units (3 vetted), a short control warm-up. One Migrant stands for 50 people so
#: that a small world produces displaced-household agents from its first months.
SMALL_OVERRIDES: dict[str, Any] = {
    "groups.egc.members": 300,
    "groups.eln.members": 300,
    "groups.emc.members": 300,
    "groups.sm.members": 300,
    "armed.front_size": 60,
    "security.n_units": 12,
    "security.n_vetted": 3,
    "simulation.control_warmup_months": 6,
    "migration.people_per_agent": 50,
}


@pytest.fixture(scope="session")
def lone_front() -> dict[str, Any]:
    """Overrides for one front of 60 (Clan del Golfo) and one non-vetted security unit."""
    return {
        "groups.egc.members": 60,
        "groups.eln.members": 0,
        "groups.emc.members": 0,
        "groups.sm.members": 0,
        "security.n_units": 1,
        "security.n_vetted": 0,
    }


@pytest.fixture(scope="session")
def small_landscape() -> Landscape:
    """A 16 x 12 synthetic world (read-only; models copy its layers)."""
    return synthetic(16, 12, seed=0)


@pytest.fixture(scope="session")
def regimes_dir() -> Path:
    """The shipped regime files."""
    return REGIMES_DIR


@pytest.fixture(scope="session")
def load_regime(regimes_dir: Path) -> Callable[[str], Regime]:
    """Load a shipped regime by name (``certified``, ``waivers``, ...)."""

    def _load(name: str) -> Regime:
        return Regime.from_file(regimes_dir / f"{name}.toml")

    return _load


def small_overrides(extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A fresh dict of the small-model overrides plus ``extra`` (dotted keys)."""
    return {**SMALL_OVERRIDES, **dict(extra or {})}


@pytest.fixture(scope="session")
def small_params() -> Params:
    """Parameters of a small, fast model."""
    return Params.from_overrides(small_overrides())


@pytest.fixture
def make_model(
    small_landscape: Landscape, load_regime: Callable[[str], Regime]
) -> Callable[..., ColombiaModel]:
    """Build a small model: ``make_model(regime="certified", seed=0, overrides=None)``.

    ``overrides`` (dotted keys) are applied on top of the small-model overrides.
    """

    def _make(
        regime: str | Regime = "certified",
        seed: int = 0,
        overrides: Mapping[str, Any] | None = None,
        landscape: Landscape | None = None,
    ) -> ColombiaModel:
        params = Params.from_overrides(small_overrides(overrides))
        reg = load_regime(regime) if isinstance(regime, str) else regime
        return ColombiaModel(params, reg, rng=seed, landscape=landscape or small_landscape)

    return _make


@pytest.fixture(scope="session")
def run_events() -> Callable[[ColombiaModel, int, Iterable[str]], dict[str, list[float]]]:
    """Step a model and record the monthly event counters: ``{name: [month 0, month 1, ...]}``.

    Event counters are reset at the start of every step, so they must be read after each one.
    """

    def _run(model: ColombiaModel, months: int, names: Iterable[str]) -> dict[str, list[float]]:
        names = list(names)
        out: dict[str, list[float]] = {n: [] for n in names}
        for _ in range(months):
            model.step()
            for n in names:
                out[n].append(model.events.get(n))
        return out

    return _run


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Invoke the `decertsim` app in this process (wide consoles: no wrapped messages)."""
    for module in (cli_module, cli_compare_module):
        monkeypatch.setattr(module, "console", Console(width=1000))
        monkeypatch.setattr(module, "err_console", Console(stderr=True, width=1000))
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli_module.app, [str(a) for a in args], catch_exceptions=False)

    return invoke


def write_targets(path: Path, rows: list[dict[str, str]], columns: Iterable[str] = COLUMNS) -> Path:
    """A targets CSV with ``rows`` (unit, source and confidence filled in unless given)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({"unit": "u", "source": "test", "confidence": "verified", **row})
    return path


#: A tiny comparison: three regimes on the synthetic world, 3 seeds x 4 months. Full cut-off and
#: the late waiver are the same regime until the waiver starts (2026-09), so they are identical.
TINY_COMPARE_TOML = """
name = "tiny_compare"
description = "Three regimes on the synthetic world (tests)"
regimes = ["certified", "full_cutoff", "late_waiver"]
baseline = "certified"
months = 4
replications = 3
seed = 11
resolution = "synthetic"
horizons = [2, 4]
outcomes = ["state_control_share", "armed_members", "kidnappings", "coca_ha", "economy_index",
            "us_assistance_musd"]
snapshot_every = 2
"""


def compare_small(root: Path, toml: str, name: str, extra_overrides: str = "") -> Path:
    """Run an experiment (TOML text) with the small-model overrides; return its result folder.

    ``extra_overrides``: more ``"section.name" = value`` lines for its ``[overrides]`` table.
    """
    experiment = root / f"{name}.toml"
    overrides = "\n".join(f'"{k}" = {v}' for k, v in SMALL_OVERRIDES.items())
    experiment.write_text(toml + "\n[overrides]\n" + overrides + "\n" + extra_overrides)
    out = root / "results" / name
    result = CliRunner().invoke(
        cli_module.app,
        ["compare", str(experiment), "--out", str(out), "--workers", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def tiny_compare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished `decertsim compare` folder (in-process, one worker); read it, do not change it."""
    return compare_small(tmp_path_factory.mktemp("tiny_compare"), TINY_COMPARE_TOML, "tiny")
