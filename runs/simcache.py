"""An append-only cache of finished simulations, keyed by run id (calibration, sensitivity).

One JSON object per line in ``OUT/<name>.jsonl``, written and flushed as each simulation
finishes, so a killed job loses at most the simulations in flight: rerunning it replays the same
run ids (they hash parameters, seed, horizon and grid, :func:`runs.spec.make_run_id`) and finds
the finished ones here. A line cut short by a kill is ignored on reading.

The folder is bound to the job that made it by a manifest (``OUT/<name>.json``) whose digest
covers everything that changes what the job computes; another job is refused the folder unless
it is started fresh (then the old cache is deleted).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from model.errors import DecertsimInputError
from runs.files import write_text_atomic


class CacheError(DecertsimInputError):
    """The folder holds another job's simulations."""


def digest(obj: Any) -> str:
    """A short, stable hash of a JSON-able object."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


class SimCache:
    """Finished simulations of one job in a folder."""

    def __init__(self, out: Path, name: str) -> None:
        """The cache ``OUT/<name>.jsonl`` and its manifest ``OUT/<name>.json``."""
        self.out = Path(out)
        self.path = self.out / f"{name}.jsonl"
        self.manifest_path = self.out / f"{name}.json"
        self._entries: dict[str, dict[str, Any]] = {}

    def prepare(self, manifest: dict[str, Any], fresh: bool = False, command: str = "") -> int:
        """Bind the folder to ``manifest`` and read what is finished; the number found.

        Raises:
            CacheError: the folder belongs to another job and ``fresh`` is not set.
        """
        self.out.mkdir(parents=True, exist_ok=True)
        key = digest(manifest)
        if self.manifest_path.exists() and not fresh:
            try:
                old = json.loads(self.manifest_path.read_text()).get("digest")
            except (OSError, json.JSONDecodeError):
                old = None
            if old != key:
                raise CacheError(
                    f"{self.out} holds the simulations of another job (other settings, priors, "
                    f"targets or model version); use another --out, or --fresh to discard them"
                    + (f" ({command})" if command else "")
                )
        if fresh:
            self.path.unlink(missing_ok=True)
        write_text_atomic(
            json.dumps({"digest": key, "manifest": manifest}, indent=2, default=str) + "\n",
            self.manifest_path,
        )
        self._entries = self.read()
        return len(self._entries)

    def read(self) -> dict[str, dict[str, Any]]:
        """Every finished simulation on disk, by run id (a line cut by a kill is dropped)."""
        entries: dict[str, dict[str, Any]] = {}
        if not self.path.exists():
            return entries
        text = self.path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            # a kill cut the last line: drop it, so the next line starts on its own
            text = text[: text.rfind("\n") + 1]
            write_text_atomic(text, self.path)
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill
            if isinstance(entry, dict) and "run_id" in entry:
                entries[entry["run_id"]] = entry
        return entries

    def get(self, run_id: str) -> dict[str, Any] | None:
        """The finished simulation ``run_id``, or None."""
        return self._entries.get(run_id)

    def __contains__(self, run_id: str) -> bool:
        return run_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[dict[str, Any]]:
        """Every finished simulation, in the order written."""
        return list(self._entries.values())

    def put(self, entry: dict[str, Any]) -> None:
        """Append one finished simulation (with a ``run_id``) and flush it to disk."""
        line = json.dumps(entry, sort_keys=True, allow_nan=True, default=float)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._entries[entry["run_id"]] = entry
