"""What set-ups share within a process (issue 15): the parsed tables, the outcome registry.

Models built one after another in one process are the models built each in a fresh one, and
what is shared cannot be changed through one model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model.ceasefires import read_ceasefires
from model.datafile import parsed_once
from model.emigration import BORDER_FILE, read_border_periods
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from model.params import Params
from model.simulation import ColombiaModel
from model.wars import in_departments, read_wars
from tests.test_placement import agents_state

ROOT = Path(__file__).resolve().parents[1]


def digest(seed: int, resolution: str = "0.25", months: int = 3) -> str:
    """A model's set-up (its agents, layers, both random streams) and its first months."""
    model = ColombiaModel(
        Params.from_overrides({"government.future_ceasefire_months": 6}),
        rng=seed,
        resolution=resolution,
    )
    h = hashlib.sha256(agents_state(model))
    for array in (
        model.presence,
        model.control.collaboration,
        model.forces.effective,
        model.rents.group_value,
        model.migration.confined_share,
    ):
        h.update(np.ascontiguousarray(array).tobytes())
    h.update(repr([(t.group, t.first, t.last, t.share) for t in model.ceasefires.truces]).encode())
    model.run(months)
    h.update(repr(model.datacollector.model_vars).encode())
    h.update(repr(model.rng.bit_generator.state).encode())
    return h.hexdigest()


def fresh(seed: int, resolution: str) -> str:
    """:func:`digest` in a new interpreter (nothing parsed or cached yet)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from tests.test_setup_shared import digest; print(digest({seed}, {resolution!r}))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("resolution", ["0.25", "synthetic"])
def test_models_built_in_one_process_are_those_of_fresh_processes(resolution: str) -> None:
    here = [digest(seed, resolution) for seed in (3, 4)]  # the second finds what the first kept
    assert here == [fresh(seed, resolution) for seed in (3, 4)]


def test_the_shared_tables_are_new_lists_or_frozen() -> None:
    first, second = read_ceasefires(GROUP_KEYS), read_ceasefires(GROUP_KEYS)
    assert first == second and first is not second
    first.append(first[0])  # a model's own list (Ceasefires adds its future truces to it)
    assert read_ceasefires(GROUP_KEYS) == second
    for table in (second, read_border_periods(), read_wars()):
        for row in table:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(row, dataclasses.fields(row)[0].name, None)
    registry = outcome_registry(GROUP_KEYS)
    registry.pop("coca_ha")
    assert "coca_ha" in outcome_registry(GROUP_KEYS)


def test_a_table_is_parsed_again_when_its_content_changes(tmp_path: Path) -> None:
    calls: list[str] = []

    @parsed_once
    def lines(path: Path, prefix: str = "") -> tuple[str, ...]:
        calls.append(prefix)
        text = path.read_text(encoding="utf-8")
        if "bad" in text:
            raise ValueError(f"{path}: bad")
        return tuple(prefix + line for line in text.splitlines())

    table = tmp_path / "t.csv"
    table.write_text("a\nb\n", encoding="utf-8")
    assert lines(table) == ("a", "b") and lines(table) is lines(table)
    assert lines(table, "x") == ("xa", "xb") and lines(table, prefix="x") == ("xa", "xb")
    assert len(calls) == 2  # one parse per content and arguments
    table.write_text("a\nc\n", encoding="utf-8")  # the same size, perhaps the same mtime
    assert lines(table) == ("a", "c")
    table.write_text("bad\n", encoding="utf-8")
    for _ in range(2):  # a refused table is not kept: it is read and refused again
        with pytest.raises(ValueError, match="bad"):
            lines(table)
    assert len(calls) == 5
    with pytest.raises(FileNotFoundError):
        lines(tmp_path / "missing.csv")
    table.write_text("a\nb\n", encoding="utf-8")
    assert lines.uncached(table) == lines(table) == ("a", "b")
    assert len(calls) == 7  # the missing file's and the uncached call; the first content kept
    assert read_border_periods(BORDER_FILE) == read_border_periods.uncached(BORDER_FILE)


@pytest.mark.parametrize("seed", range(6))
def test_war_cells_are_npisins(seed: int) -> None:
    make = np.random.default_rng(seed)
    low = int(make.integers(-5, 3))
    layer = make.integers(low, low + make.integers(1, 40), (30, 20)).astype(
        make.choice([np.int16, np.int64, np.int8])
    )
    chosen = [[], [low], [int(x) for x in make.integers(low - 3, low + 45, 5)], [-1, 0, 1]]
    for mine, theirs in zip(
        in_departments(layer, chosen), [np.isin(layer, ids) for ids in chosen], strict=True
    ):
        assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
        assert (mine == theirs).all()
    assert in_departments(np.zeros((0, 3), dtype=np.int16), [[1]])[0].shape == (0, 3)
