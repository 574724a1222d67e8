"""The same bits on every CPU: agents/fpmath.py's ufuncs, and no numpy loop that depends on it.

numpy's ``exp``, ``log``, ``power``... take other (AVX-512) loops on some CPUs, whose last bits
differ; the model calls ``agents.fpmath`` instead (the C library's routines, like ``math``).
"""

from __future__ import annotations

import ast
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from agents import fpmath
from tests.golden import load_digests

ROOT = Path(__file__).resolve().parents[1]
#: numpy's functions whose loops differ with the CPU (measured: see agents/fpmath.py)
CPU_DEPENDENT = {
    "exp",
    "expm1",
    "exp2",
    "log",
    "log1p",
    "log2",
    "log10",
    "power",
    "float_power",
    "sinh",
    "cosh",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "arctan2",
    "arcsinh",
    "arccosh",
    "arctanh",
    "cbrt",
    "logaddexp",
    "logaddexp2",
}
#: numpy's products that call BLAS, whose kernel (and last bits) OpenBLAS picks by the CPU
BLAS = {"dot", "vdot", "inner", "matmul", "tensordot", "einsum_path", "linalg"}
SOURCES = sorted(
    [*ROOT.glob("model/**/*.py"), *ROOT.glob("agents/*.py"), ROOT / "runs" / "priors.py"]
)


def _values() -> np.ndarray:
    rng = np.random.default_rng(7)
    return np.concatenate([rng.uniform(-30, 30, 4000), rng.uniform(-1, 1, 4000), [0.0, -0.0]])


@pytest.mark.parametrize(
    ("ufunc", "reference"),
    [
        (fpmath.exp, math.exp),
        (fpmath.expm1, math.expm1),
        (fpmath.log, math.log),
        (fpmath.log10, math.log10),
        (fpmath.arcsin, math.asin),
    ],
    ids=["exp", "expm1", "log", "log10", "arcsin"],
)
def test_each_function_gives_the_c_librarys_bits(ufunc, reference):
    x = _values()
    if reference in (math.log, math.log10):
        x = np.abs(x[x != 0.0]) * 7.0
    if reference is math.asin:
        x = x[np.abs(x) <= 1.0]
    got = ufunc(x)
    want = np.array([reference(v) for v in x])
    assert got.dtype == np.float64
    assert np.array_equal(got.view(np.int64), want.view(np.int64))


def test_power_gives_the_c_librarys_bits():
    x = np.abs(_values()) + 1e-9
    y = _values()[::-1] / 7.0
    got = fpmath.power(x, y)
    assert np.array_equal(
        got.view(np.int64),
        np.array([math.pow(a, b) for a, b in zip(x, y, strict=True)]).view(np.int64),
    )


def test_they_take_shapes_and_scalars_as_numpys_do():
    grid = np.arange(6.0).reshape(2, 3)
    assert fpmath.power(grid, 2.0).shape == (2, 3)
    assert fpmath.power(grid, np.array([1.0, 2.0, 3.0])).shape == (2, 3)  # broadcasting
    assert fpmath.power(grid, np.array([1.0, 2.0, 3.0])).tolist() == [[0, 1, 8], [3, 16, 125]]
    assert fpmath.power(np.array(2.0), np.array([[3.0], [1.0]])).shape == (2, 1)
    assert isinstance(fpmath.exp(1.0), np.floating) and fpmath.exp(1.0) == math.exp(1.0)
    assert isinstance(fpmath.power(2.0, 0.5), np.floating)
    assert fpmath.exp(np.arange(3)).dtype == np.float64  # integers are taken as float64
    strided = np.arange(12.0).reshape(3, 4)[:, ::2]  # not contiguous
    assert np.array_equal(fpmath.exp(strided), [[math.exp(v) for v in row] for row in strided])
    assert fpmath.exp(np.empty((0, 3))).shape == (0, 3)
    with np.errstate(divide="ignore", invalid="ignore"):
        numpy_specials = np.log(np.array([0.0, -1.0, np.inf, np.nan]))
    ours = fpmath.log(np.array([0.0, -1.0, np.inf, np.nan]))
    assert np.array_equal(ours, numpy_specials, equal_nan=True)
    assert np.isnan(fpmath.arcsin(2.0)) and np.isinf(fpmath.log10(0.0))


def _compiled(function: ast.FunctionDef) -> bool:
    return any(
        word in ast.unparse(d) for d in function.decorator_list for word in ("njit", "vectorize")
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_model_calls_no_cpu_dependent_numpy_loop(path: Path):
    """``np.exp`` & co. only inside compiled kernels (which call the C library); else fpmath's.

    Nor BLAS (``np.dot``, ``@``, ``np.tensordot``...) on floats: OpenBLAS's kernels for Haswell
    and Skylake-X give other last bits (``OPENBLAS_CORETYPE``); an ``@`` of integers, exact, is
    marked ``integer @`` on its line.
    """
    text = path.read_text()
    lines = text.splitlines()
    tree = ast.parse(text)
    inside = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and _compiled(node)
        for sub in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if (
            isinstance(node, ast.Attribute)
            and node.attr in CPU_DEPENDENT | BLAS
            and isinstance(node.value, ast.Name)
            and node.value.id in ("np", "numpy")
        ):
            found.append(f"{where}: np.{node.attr}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            if "integer @" not in lines[node.lineno - 1]:
                found.append(f"{where}: @")
    assert not found, "same bits on every CPU: use agents.fpmath or plain sums: " + "; ".join(found)


def _has_avx512() -> bool:
    from numpy._core._multiarray_umath import __cpu_features__

    return bool(__cpu_features__.get("AVX512F"))


_DIGESTS = """
from tests.golden import run_digest
for case in {cases!r}:
    print(case, run_digest(case))
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not _has_avx512(), reason="the CPU has no AVX-512: numpy's loops are the C library's"
)
def test_golden_runs_give_the_same_bits_with_and_without_avx512():
    """On a CPU with AVX-512, runs with numpy's AVX-512 loops switched off give the same digests.

    test_golden.py checks this machine's own loops against the committed digests; this checks the
    loops of a machine without AVX-512 (``NPY_DISABLE_CPU_FEATURES``), in one process.
    """
    cases = ["synthetic/waivers/2", "0.25/full_cutoff/1"]
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": "AVX512_ICL AVX512_SKX X86_V4"}
    done = subprocess.run(
        [sys.executable, "-c", _DIGESTS.format(cases=cases)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    got = dict(line.split() for line in done.stdout.splitlines())
    digests = load_digests()
    assert got == {case: digests[case] for case in cases}
