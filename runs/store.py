"""Parquet result store: one file per finished run, written atomically; resume; DuckDB reads.

Layout of an output folder ``OUT``::

    OUT/experiment.json                         the experiment as run (and its digest)
    OUT/runs/regime=<name>/<run_id>.parquet     model-level series, tidy rows
    OUT/maps/regime=<name>/<run_id>.parquet     map snapshots (controller, zone, displaced,
                                                cocaine_t per cell)
    OUT/failures/<run_id>.parquet               one row per failed run (error and traceback)
    OUT/failures.parquet                        all failures of the last sweep, consolidated

Every file is written to a temporary name and renamed into place, so a killed sweep leaves no
partial result: a run is finished exactly when its series file exists. Resuming (re-running
into the same folder) skips finished runs and retries failed ones. Every row carries run_id,
experiment, regime, seed and the parameters that vary. ``query(OUT, sql)`` runs SQL over the
views ``runs``, ``maps`` and ``failures`` with DuckDB, so nothing has to fit in memory.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.errors import ExperimentError

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


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` via a unique temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=False)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class ResultStore:
    """The result folder of one experiment."""

    def __init__(self, out: Path) -> None:
        """Open (not create) the store at ``out``."""
        self.out = Path(out)
        self.runs_dir = self.out / "runs"
        self.maps_dir = self.out / "maps"
        self.failures_dir = self.out / "failures"

    # --- set-up and resume ------------------------------------------------------------------
    def prepare(self, manifest: dict[str, Any], digest: str, fresh: bool = False) -> None:
        """Create the folder, or check that it holds the same experiment (resume).

        Raises:
            ExperimentError: the folder holds results of a different experiment.
        """
        if fresh:
            for folder in (self.runs_dir, self.maps_dir, self.failures_dir):
                shutil.rmtree(folder, ignore_errors=True)
            (self.out / "failures.parquet").unlink(missing_ok=True)
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / "experiment.json"
        if path.exists() and not fresh:
            existing = json.loads(path.read_text(encoding="utf-8"))
            if existing.get("digest") != digest:
                if self.finished_ids():
                    raise ExperimentError(
                        f"{self.out} holds results of another experiment "
                        f"('{_experiment_name(existing)}', digest {existing.get('digest')}); "
                        "use another --out, or --fresh to discard them"
                    )
                # Nothing finished there: only failures (and maybe maps) of another experiment,
                # which must not be reported as this one's. Nothing of value is lost.
                for folder in (self.maps_dir, self.failures_dir):
                    shutil.rmtree(folder, ignore_errors=True)
                (self.out / "failures.parquet").unlink(missing_ok=True)
        self.clean_partials()
        text = json.dumps({"digest": digest, "experiment": manifest}, indent=2, sort_keys=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    def clean_partials(self) -> int:
        """Remove temporary files a killed sweep may have left; return how many."""
        removed = 0
        if self.out.exists():
            for tmp in self.out.rglob("*.tmp"):
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed

    def finished_ids(self) -> set[str]:
        """Run ids whose series file exists."""
        if not self.runs_dir.exists():
            return set()
        return {p.stem for p in self.runs_dir.glob("regime=*/*.parquet")}

    # --- writing ------------------------------------------------------------------------------
    def write_run(self, regime: str, run_id: str, series: pa.Table, maps: pa.Table | None) -> None:
        """Store a finished run: maps first, then the series (whose presence marks it finished)."""
        if maps is not None and maps.num_rows:
            write_parquet_atomic(maps, self.maps_dir / f"regime={regime}" / f"{run_id}.parquet")
        write_parquet_atomic(series, self.runs_dir / f"regime={regime}" / f"{run_id}.parquet")
        (self.failures_dir / f"{run_id}.parquet").unlink(missing_ok=True)

    def write_failure(self, row: dict[str, Any]) -> None:
        """Record a failed run (one row of FAILURE_SCHEMA)."""
        table = pa.Table.from_pylist([row], schema=FAILURE_SCHEMA)
        write_parquet_atomic(table, self.failures_dir / f"{row['run_id']}.parquet")

    def consolidate_failures(self) -> int:
        """Write OUT/failures.parquet from the per-run failure files; return the count."""
        files = sorted(self.failures_dir.glob("*.parquet")) if self.failures_dir.exists() else []
        tables = [pq.read_table(f) for f in files]
        table = pa.concat_tables(tables) if tables else FAILURE_SCHEMA.empty_table()
        write_parquet_atomic(table, self.out / "failures.parquet")
        return table.num_rows

    # --- reading ------------------------------------------------------------------------------
    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views ``runs``, ``maps`` and ``failures`` over the files."""
        con = duckdb.connect()
        for view, folder in (("runs", self.runs_dir), ("maps", self.maps_dir)):
            pattern = (folder / "regime=*" / "*.parquet").as_posix()
            if folder.exists() and any(folder.glob("regime=*/*.parquet")):
                con.execute(
                    f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{pattern}', "
                    "union_by_name = true, hive_partitioning = false)"
                )
        failures = self.out / "failures.parquet"
        if failures.exists():
            con.execute(
                f"CREATE VIEW failures AS SELECT * FROM read_parquet('{failures.as_posix()}')"
            )
        return con


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
