"""The house rules that code review keeps forgetting, checked on the source.

* Agents import ``model`` only for type hints.
* Agents read the model through the documented boundary: every model attribute an agent reads is
  listed in docs/ARCHITECTURE.md ("The boundary between agents and the model").
* No raw control codes (``controller > 0``, ``zone in (1, 2)``...) outside ``model/control.py``:
  the rest of the code asks ``ControlState`` or uses its named codes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AGENT_FILES = sorted((ROOT / "agents").glob("*.py"))
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


@pytest.mark.parametrize("path", AGENT_FILES, ids=lambda p: p.name)
def test_agents_import_model_only_for_type_hints(path):
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if _is_type_checking_block(node):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.ImportFrom) and (sub.module or "").split(".")[0] == "model":
                pytest.fail(f"{path.name}:{sub.lineno} imports {sub.module} at run time")
            if isinstance(sub, ast.Import) and any(
                a.name.split(".")[0] == "model" for a in sub.names
            ):
                pytest.fail(f"{path.name}:{sub.lineno} imports model at run time")


def model_attributes_read_by(path: Path) -> set[str]:
    """Attributes read on the model: ``self.model.X``, ``model.X`` and ``m.X`` (m = self.model)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("m", "model"):
            found.add(node.attr)
        elif (
            isinstance(owner, ast.Attribute)
            and owner.attr == "model"
            and isinstance(owner.value, ast.Name)
            and owner.value.id == "self"
        ):
            found.add(node.attr)
    return found


def documented_boundary() -> set[str]:
    """Model attributes named in the first column of the boundary table of ARCHITECTURE.md."""
    text = ARCHITECTURE.read_text()
    section = text.split("## The boundary between agents and the model", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names.update(re.findall(r"`model\.([a-z_]+)", first))
    return names


def test_agents_read_only_the_documented_model_attributes():
    documented = documented_boundary()
    assert documented, "no boundary table in docs/ARCHITECTURE.md"
    read = set().union(*(model_attributes_read_by(p) for p in AGENT_FILES))
    read.discard("model")  # ``self.model`` itself
    assert read <= documented, f"agents read undocumented model attributes: {read - documented}"
    unused = documented - read
    assert not unused, f"the boundary lists attributes no agent reads: {unused}"


RAW_CODE = re.compile(
    r"(controller|zone)\w*(\[[^\]]*\])?\s*(==|!=|>=|<=|>|<)\s*-?\d"
    r"|(controller|zone)\w*(\[[^\]]*\])?\s+(not\s+)?in\s+\(\s*-?\d"
)


def source_files() -> list[Path]:
    files = [
        *(ROOT / "model").rglob("*.py"),
        *AGENT_FILES,
        *(ROOT / "runs").rglob("*.py"),
        *(ROOT / "webapp").rglob("*.py"),
        ROOT / "app.py",
        *(ROOT / "tests").glob("*.py"),
    ]
    exempt = {ROOT / "model" / "control.py", Path(__file__).resolve()}
    return sorted(p for p in files if p.resolve() not in exempt)


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_control_codes_outside_model_control(path):
    hits = [
        f"{path.relative_to(ROOT)}:{i}: {line.strip()}"
        for i, line in enumerate(path.read_text().splitlines(), start=1)
        if RAW_CODE.search(line)
    ]
    assert not hits, "\n".join(hits)
