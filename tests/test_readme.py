"""The README's lists agree with the code (outcome names, commands)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from model.categories import CATEGORIES
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from runs.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _readme_outcomes() -> set[str]:
    section = README.split("Outcome names", 1)[1].split("\n\n", 1)[0]
    names: set[str] = set()
    for name in re.findall(r"`([a-z_<>]+)`", section):
        if "<group>" in name:
            names |= {name.replace("<group>", k) for k in GROUP_KEYS}
        elif "<category>" in name:
            names |= {name.replace("<category>", c.value) for c in CATEGORIES}
        else:
            names.add(name)
    return names


def test_readme_lists_every_outcome_of_the_registry() -> None:
    registry = set(outcome_registry(GROUP_KEYS))
    listed = _readme_outcomes()
    assert registry - listed == set(), "outcomes missing from the README"
    assert listed - registry == set(), "the README lists outcomes the registry does not have"


def test_readme_command_table_lists_every_command() -> None:
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    table = {m for m in re.findall(r"^\| `decertsim (\w+)", README, flags=re.MULTILINE)}
    assert commands - table == set(), "commands missing from the README's table"
