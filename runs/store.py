"""Parquet result store: one file per finished run, an index of finished runs, DuckDB reads.

Layout of an output folder ``OUT`` (docs/RELIABILITY.md says what each file guarantees)::

    OUT/experiment.json                         the experiment as run, its digest and the ids
                                                of every run it plans (the manifest)
    OUT/index.jsonl                             one line per finished run: run id, regime and
                                                the SHA-256 of its files (appended, fsynced)
    OUT/runs/regime=<name>/<run_id>.parquet     model-level series, tidy rows
    OUT/maps/regime=<name>/<run_id>.parquet     map snapshots (controller, zone, displaced,
                                                cocaine_t per cell)
    OUT/failures/<run_id>.parquet               one row per failed run (error and traceback)
    OUT/failures.parquet                        all failures of the last sweep, consolidated
    OUT/.lock                                   the writer's lock (runs/folder_lock.py)

Every file is written whole or not at all (:mod:`runs.files`). A run is finished exactly when
the index lists it, its run id is in the manifest, and its files have the digests the index
records: a truncated, emptied or replaced file is not finished, and is redone on resume. The
report reads only such runs, so runs of another experiment, or stray files, never mix in.
``query(OUT, sql)`` runs SQL over the views ``runs``, ``maps`` and ``failures`` with DuckDB
(files are handed to DuckDB as a list, never pasted into SQL).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.datafile import file_digest
from model.errors import ExperimentError
from runs.files import fsync_dir, remove_stale_temps, write_bytes_atomic, write_parquet_atomic
from runs.folder_lock import FolderLock

__all__ = ["FAILURE_SCHEMA", "ResultStore", "query", "write_parquet_atomic"]

FAILURE_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("experiment", pa.string()),
        ("regime", pa.string()),
        ("seed", pa.int64()),
        ("point", pa.int32()),
        ("varying", pa.string()),
        ("error", pa.string()),
        ("traceback", pa.string()),
    ]
)

INDEX = "index.jsonl"
REBUILD_HINT = "decertsim report --rebuild"


def parquet_bytes(table: pa.Table) -> bytes:
    """``table`` as zstd Parquet bytes (hashed, then written)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", write_statistics=False)
    return sink.getvalue()


class ResultStore:
    """The result folder of one experiment."""

    def __init__(self, out: Path) -> None:
        """Open (not create) the store at ``out``."""
        self.out = Path(out)
        self.runs_dir = self.out / "runs"
        self.maps_dir = self.out / "maps"
        self.failures_dir = self.out / "failures"
        self.index_path = self.out / INDEX
        self.lock = FolderLock(self.out)
        self._digests: dict[Path, tuple[tuple[int, int], str | None]] = {}

    # --- the manifest ---------------------------------------------------------------------------
    def read_manifest(self) -> dict[str, Any]:
        """``OUT/experiment.json`` as written by :meth:`prepare`.

        Raises:
            ExperimentError: it is missing, unreadable or damaged (with how to repair it).
        """
        path = self.out / "experiment.json"
        if not path.is_file():
            raise ExperimentError(
                f"{self.out}: no experiment.json here; is this a `decertsim compare` folder?"
            )
        repair = (
            "run the `decertsim compare` command that made this folder again with the same "
            "--out: it rewrites experiment.json and keeps every finished run"
        )
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ExperimentError(f"{path}: damaged ({exc}); {repair}") from None
        manifest = data.get("experiment") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("digest"), str):
            raise ExperimentError(f"{path}: damaged (no 'digest'); {repair}")
        if not isinstance(manifest, dict) or not isinstance(manifest.get("spec"), dict):
            raise ExperimentError(f"{path}: damaged (no 'experiment.spec'); {repair}")
        ids = manifest.get("run_ids")
        if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
            raise ExperimentError(f"{path}: damaged ('experiment.run_ids' is not a list); {repair}")
        return data

    def planned_ids(self) -> set[str] | None:
        """Run ids the manifest plans (None: a manifest without them, written by a script)."""
        try:
            ids = self.read_manifest()["experiment"].get("run_ids")
        except ExperimentError:
            return None
        return set(ids) if ids is not None else None

    # --- set-up and resume ------------------------------------------------------------------
    def prepare(self, manifest: dict[str, Any], digest: str, fresh: bool = False) -> None:
        """Lock the folder, then create it or check that it holds the same experiment (resume).

        Raises:
            ExperimentError: the folder holds results of a different experiment.
            FolderBusyError: another sweep is writing into it.
        """
        self.out.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        path = self.out / "experiment.json"
        if fresh:
            self._discard(self.runs_dir, self.maps_dir)
        elif path.exists():
            try:
                existing = self.read_manifest()
            except ExperimentError:
                existing = None  # damaged: rewritten below; runs are kept if planned
            if existing is not None and existing.get("digest") != digest:
                if self.finished_ids():
                    raise ExperimentError(
                        f"{self.out} holds results of another experiment "
                        f"('{_experiment_name(existing)}', digest {existing.get('digest')}); "
                        "use another --out, or --fresh to discard them"
                    )
                # Nothing finished there: only failures (and maybe maps) of another experiment,
                # which must not be reported as this one's. Nothing of value is lost.
                self._discard(self.maps_dir)
        planned = manifest.get("run_ids")
        if not fresh and planned is not None:
            foreign = self._indexed().keys() - set(planned)
            if foreign:
                raise ExperimentError(
                    f"{self.out} holds {len(foreign)} finished run(s) that this experiment does "
                    "not plan (its experiment.json is missing, damaged or another one's); use "
                    "another --out, or --fresh to discard them"
                )
        remove_stale_temps(self._own_folders())
        text = json.dumps({"digest": digest, "experiment": manifest}, indent=2, sort_keys=True)
        write_bytes_atomic(text.encode("utf-8"), path)

    def _discard(self, *folders: Path) -> None:
        """Remove earlier results (under the lock): the given folders, failures, the index."""
        for folder in (*folders, self.failures_dir):
            shutil.rmtree(folder, ignore_errors=True)
        (self.out / "failures.parquet").unlink(missing_ok=True)
        self.index_path.unlink(missing_ok=True)
        self._digests.clear()

    def _own_folders(self) -> list[Path]:
        """The folders this store writes files into (where its temporary files can be)."""
        folders = [self.out, self.failures_dir]
        for parent in (self.runs_dir, self.maps_dir):
            if parent.is_dir():
                folders += [p for p in parent.iterdir() if p.name.startswith("regime=")]
        return folders

    # --- the index of finished runs -------------------------------------------------------------
    def _indexed(self) -> dict[str, dict[str, Any]]:
        """Index entries by run id (the last entry of an id wins; torn lines are skipped)."""
        entries: dict[str, dict[str, Any]] = {}
        try:
            raw = self.index_path.read_bytes()
        except OSError:
            return entries
        for line in raw.split(b"\n"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if (
                isinstance(entry, dict)
                and isinstance(entry.get("run_id"), str)
                and isinstance(entry.get("regime"), str)
                and isinstance(entry.get("series"), str)
            ):
                entries[entry["run_id"]] = entry
        return entries

    def _digest(self, path: Path) -> str | None:
        """SHA-256 of ``path``, cached while its size and time stay the same."""
        try:
            info = path.stat()
        except OSError:
            return None
        key = (info.st_size, info.st_mtime_ns)
        cached = self._digests.get(path)
        if cached is None or cached[0] != key:
            cached = (key, file_digest(path))
            self._digests[path] = cached
        return cached[1]

    def finished(self) -> dict[str, str]:
        """Finished runs (run id -> regime): indexed, planned, with intact files."""
        planned = self.planned_ids()
        good: dict[str, str] = {}
        for rid, entry in self._indexed().items():
            if planned is not None and rid not in planned:
                continue
            regime = entry["regime"]
            if self._digest(self.series_path(regime, rid)) != entry["series"]:
                continue
            maps = entry.get("maps")
            if maps is not None and self._digest(self.maps_path(regime, rid)) != maps:
                continue
            good[rid] = regime
        return good

    def finished_ids(self) -> set[str]:
        """Run ids of :meth:`finished`."""
        return set(self.finished())

    def series_path(self, regime: str, run_id: str) -> Path:
        """Where a run's series file lives."""
        return self.runs_dir / f"regime={regime}" / f"{run_id}.parquet"

    def maps_path(self, regime: str, run_id: str) -> Path:
        """Where a run's map file lives."""
        return self.maps_dir / f"regime={regime}" / f"{run_id}.parquet"

    def rebuild_index(self) -> int:
        """Rewrite the index from the run files that are present (``report --rebuild``).

        A series file counts when it is a readable Parquet file whose ``run_id`` column holds
        its own run id only, and (with a manifest that lists run ids) that id is planned.

        Returns:
            How many runs the new index lists.
        """
        self.lock.acquire()
        planned = self.planned_ids()
        lines = []
        for series in sorted(self.runs_dir.glob("regime=*/*.parquet")):
            rid, regime = series.stem, series.parent.name.removeprefix("regime=")
            if planned is not None and rid not in planned:
                continue
            if not _holds_only(series, rid):
                continue
            maps = self.maps_path(regime, rid)
            entry = {"run_id": rid, "regime": regime, "series": file_digest(series)}
            entry["maps"] = file_digest(maps) if maps.exists() and _holds_only(maps, rid) else None
            lines.append(json.dumps(entry, sort_keys=True) + "\n")
        write_bytes_atomic("".join(lines).encode("utf-8"), self.index_path)
        self._digests.clear()
        return len(lines)

    # --- writing ------------------------------------------------------------------------------
    def write_run(self, regime: str, run_id: str, series: pa.Table, maps: pa.Table | None) -> None:
        """Store a finished run: maps, series, then its index line (which marks it finished)."""
        entry: dict[str, Any] = {"run_id": run_id, "regime": regime, "maps": None}
        if maps is not None and maps.num_rows:
            data = parquet_bytes(maps)
            write_bytes_atomic(data, self.maps_path(regime, run_id))
            entry["maps"] = hashlib.sha256(data).hexdigest()
        data = parquet_bytes(series)
        write_bytes_atomic(data, self.series_path(regime, run_id))
        entry["series"] = hashlib.sha256(data).hexdigest()
        self._append_index(json.dumps(entry, sort_keys=True) + "\n")
        (self.failures_dir / f"{run_id}.parquet").unlink(missing_ok=True)

    def _append_index(self, line: str) -> None:
        """Append one whole line to the index and fsync it (one writer: the lock holder)."""
        created = not self.index_path.exists()
        fd = os.open(self.index_path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            # A torn last line (a kill mid-write) is skipped by readers; start on a new line.
            size = os.fstat(fd).st_size
            data = line.encode("utf-8")
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(28, "No space left on device (short write)", str(self.index_path))
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.out)

    def write_failure(self, row: dict[str, Any]) -> None:
        """Record a failed run (one row of FAILURE_SCHEMA)."""
        table = pa.Table.from_pylist([row], schema=FAILURE_SCHEMA)
        write_parquet_atomic(table, self.failures_dir / f"{row['run_id']}.parquet")

    def failures_table(self) -> pa.Table:
        """The failure records of planned runs that are not finished (unreadable ones skipped)."""
        files = sorted(self.failures_dir.glob("*.parquet")) if self.failures_dir.exists() else []
        planned, done = self.planned_ids(), self.finished_ids()
        tables = []
        for path in files:
            if (planned is not None and path.stem not in planned) or path.stem in done:
                continue
            try:
                tables.append(pq.read_table(path).cast(FAILURE_SCHEMA))
            except (OSError, pa.ArrowException):
                continue  # a damaged record: the run is not finished, so it is retried anyway
        return pa.concat_tables(tables) if tables else FAILURE_SCHEMA.empty_table()

    def consolidate_failures(self) -> int:
        """Write OUT/failures.parquet from the per-run failure files; return the count."""
        table = self.failures_table()
        write_parquet_atomic(table, self.out / "failures.parquet")
        return table.num_rows

    # --- reading ------------------------------------------------------------------------------
    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views ``runs``, ``maps`` and ``failures`` over the files.

        Only finished runs (:meth:`finished`) are in ``runs`` and ``maps``, listed in a fixed
        order (regime, run id), so the same folder gives the same rows in the same order.
        """
        con = duckdb.connect()
        done = sorted((regime, rid) for rid, regime in self.finished().items())
        for view, path_of in (("runs", self.series_path), ("maps", self.maps_path)):
            files = [path_of(regime, rid).as_posix() for regime, rid in done]
            files = [f for f in files if os.path.exists(f)]
            if files:
                relation = con.read_parquet(files, union_by_name=True, hive_partitioning=False)
                relation.create_view(view)
        con.register("failures", self.failures_table())
        return con


def _holds_only(path: Path, run_id: str) -> bool:
    """``path`` is a readable Parquet file whose rows all belong to ``run_id``."""
    try:
        ids = pq.read_table(path, columns=["run_id"]).column("run_id").unique().to_pylist()
    except (OSError, pa.ArrowException, KeyError):
        return False
    return ids == [run_id]


def _experiment_name(manifest_file: dict[str, Any]) -> str:
    """The experiment's name in a stored experiment.json ('?' when absent)."""
    experiment = manifest_file.get("experiment", {})
    name = experiment.get("spec", {}).get("name") or experiment.get("name")
    return str(name) if name else "?"


def query(out: str | Path, sql: str) -> pd.DataFrame:
    """Run SQL over a result folder (views ``runs``, ``maps``, ``failures``); return a DataFrame.

    Example:
        ``query("results/compare", "SELECT regime, avg(value) FROM runs WHERE outcome =
        'armed_members' AND month = 59 GROUP BY regime")``
    """
    con = ResultStore(Path(out)).connect()
    try:
        return con.execute(sql).df()
    finally:
        con.close()
