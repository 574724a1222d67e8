"""constraints.txt pins every dependency `make` installs, inside pyproject.toml's ranges.

`make` installs with ``pip install -c constraints.txt -e ".[dev]"`` so that a clean install
gets the versions the golden digests pass with (README, "Reproducibility"). A range changed in
pyproject.toml without re-pinning (``make lock``) would make that install fail or run
unpinned; these tests say which package and why first.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"constraints.txt line {number}: {line!r} is not name==version"
        key = canonicalize_name(name)
        assert key not in pins, f"constraints.txt line {number}: {name} pinned twice"
        pins[key] = Version(version)
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        wanted += [Requirement(r) for r in extra]
    own = canonicalize_name(project["name"])
    return [r for r in wanted if canonicalize_name(r.name) != own]  # decertsim[app] etc.


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_every_requirement_is_pinned_within_its_range(requirement: Requirement) -> None:
    pins = _pins()
    key = canonicalize_name(requirement.name)
    assert key in pins, f"{requirement.name} is not in constraints.txt: run `make lock`"
    assert requirement.specifier.contains(pins[key], prereleases=True), (
        f"constraints.txt pins {requirement.name}=={pins[key]}, outside pyproject.toml's "
        f"{requirement}: run `make lock`"
    )


def test_the_project_itself_is_not_pinned() -> None:
    assert "decertsim" not in _pins()  # the editable install must come from the checkout
