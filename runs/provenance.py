"""What a calibration or a sensitivity analysis was made from: the model's commit and digest.

``runs/calibrate.py`` and ``runs/sensitivity.py`` bind their caches to :func:`model_digest` and
record :func:`model_commit` in what they publish.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from runs.report import package_version
from runs.simcache import digest


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


PRODUCTS = (
    "model/data/posterior.parquet",
    "model/data/calibrated.toml",
    "model/data/sensitivity.json",
)
"""Files under model/ that the calibration and the sensitivity write; no run reads them."""


def _excluded() -> list[str]:
    return [f":(exclude){p}" for p in PRODUCTS]


def model_commit() -> str:
    """The checkout's git commit (``version`` outside git); ``+dirty`` if the model is edited.

    The calibration's own products (:data:`PRODUCTS`) do not count as edits: ``make calibrate
    --publish`` writes them before ``make sensitivity`` runs, and the model is the same.
    """
    try:
        head = _git("rev-parse", "--short=12", "HEAD")
        dirty = _git("status", "--porcelain", "--", "model", "agents", *_excluded())
    except (OSError, subprocess.SubprocessError):
        return f"version {package_version()}"
    return head + ("+dirty" if dirty else "")


def model_digest() -> str:
    """What the simulations depend on: the files of model/ and agents/ in git, and edits to them.

    A cache is bound to this, not to the commit, so a commit that changes only docs, runs/ or
    the calibration's own products (:data:`PRODUCTS`) does not throw finished simulations away.
    """
    try:
        files = _git("ls-tree", "-r", "HEAD", "--", "model", "agents", *_excluded())
        dirty = _git("diff", "HEAD", "--", "model", "agents", *_excluded())
    except (OSError, subprocess.SubprocessError):
        return f"version {package_version()}"
    return digest([files, dirty])
