"""numba's cached kernels dropped when a kernel source changes (model/kernel_cache.py, issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from model.kernel_cache import (
    ROOT,
    STAMP,
    cache_dir,
    cached_files,
    ensure_fresh,
    kernel_sources,
    sources_digest,
)


def _tree(root: Path) -> None:
    (root / "model").mkdir()
    (root / "agents").mkdir()
    (root / "model" / "__init__.py").write_text("")
    (root / "model" / "inner.py").write_text("@njit(cache=True)\ndef g():\n    return 1\n")
    (root / "agents" / "plain.py").write_text("def h():\n    return 0\n")


def test_only_sources_with_compiled_functions_count(tmp_path: Path):
    _tree(tmp_path)
    assert kernel_sources(tmp_path) == [tmp_path / "model" / "inner.py"]
    real = {path.relative_to(ROOT).as_posix() for path in kernel_sources()}
    assert {"agents/kernels_twister.py", "agents/kernels_turn.py"} <= real
    assert "model/simulation.py" not in real


def test_a_changed_source_drops_only_the_model_kernels_cache_files(tmp_path: Path):
    _tree(tmp_path)
    cache = str(tmp_path / "cache")
    inner = tmp_path / "model" / "inner.py"
    directory = cache_dir(inner, cache)
    assert directory is not None and directory.is_relative_to(tmp_path / "cache")
    ours = [directory / "inner.g-1.py312.nbi", directory / "inner.g-1.py312.1.nbc"]
    others = [directory / "inner_other.g-1.py312.nbi", directory / "innerg.nbi"]
    for path in ours + others:
        path.write_bytes(b"x")
    assert cached_files(inner, directory) == sorted(ours)

    assert sorted(ensure_fresh(tmp_path, cache)) == sorted(ours)  # no stamp yet
    assert not any(path.exists() for path in ours)
    assert all(path.exists() for path in others)
    stamp = directory / STAMP  # model/__init__.py lives beside inner.py
    assert stamp.read_text().strip() == sources_digest(kernel_sources(tmp_path), tmp_path)

    for path in ours:
        path.write_bytes(b"x")
    assert ensure_fresh(tmp_path, cache) == []  # unchanged sources: the cache stays
    assert all(path.exists() for path in ours)

    inner.write_text(inner.read_text().replace("return 1", "return 2"))
    assert sorted(ensure_fresh(tmp_path, cache)) == sorted(ours)


def test_without_numba_cache_dir_the_cache_beside_the_sources_is_used(tmp_path: Path):
    _tree(tmp_path)
    inner = tmp_path / "model" / "inner.py"
    assert cache_dir(inner, "") == tmp_path / "model" / "__pycache__"
    (tmp_path / "model" / "__pycache__" / "inner.g-1.py312.nbi").write_bytes(b"x")
    assert [path.name for path in ensure_fresh(tmp_path, "")] == ["inner.g-1.py312.nbi"]
    assert (tmp_path / "model" / "__pycache__" / STAMP).is_file()


_OUTER = """
from numba import njit

from inner import g


@njit(cache=True)
def f():
    return g()
"""

_CALL = """
import sys
from pathlib import Path

sys.path.insert(0, {kernels!r})
if {guard}:
    from model.kernel_cache import ensure_fresh

    ensure_fresh(Path({root!r}))
from outer import f

print(f())
"""


def _call(root: Path, env: dict[str, str], guard: bool) -> str:
    code = _CALL.format(kernels=str(root / "model"), root=str(root), guard=guard)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_numba_alone_keeps_a_stale_kernel_and_the_guard_recompiles_it(tmp_path: Path):
    """The limitation this module exists for, shown on two tiny kernels in two files."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "model").mkdir()
    inner = root / "model" / "inner.py"
    inner.write_text("from numba import njit\n\n\n@njit(cache=True)\ndef g():\n    return 1\n")
    (root / "model" / "outer.py").write_text(textwrap.dedent(_OUTER))
    # the two kernels are imported as top-level modules; the guard comes from this checkout
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    assert _call(root, env, guard=False) == "1"
    inner.write_text(inner.read_text().replace("return 1", "return 2"))
    assert _call(root, env, guard=False) == "1"  # numba's cache: outer still has g's old code
    assert _call(root, env, guard=True) == "2"
    assert _call(root, env, guard=True) == "2"


def test_importing_the_model_leaves_a_stamp_of_its_kernel_sources(tmp_path: Path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", "import model"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    home = cache_dir(ROOT / "model" / "__init__.py", str(tmp_path))
    assert home is not None
    assert (home / STAMP).read_text().strip() == sources_digest(kernel_sources())
