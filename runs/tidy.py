"""One tidy table of a result folder: ``OUT/timeseries.parquet``, every finished run's series.

``compare`` and ``report`` write it next to the report, so that an analyst opens one file::

    pd.read_parquet("results/compare/timeseries.parquet")
    duckdb.sql("SELECT * FROM 'results/compare/timeseries.parquet'")

Its columns are those of the per-run files (``run_id, regime, seed, month, date, outcome, value``,
then ``experiment, replication, point`` and one column per swept parameter); rows are sorted by
regime, parameter point, seed, month and outcome, and the file is written the same way every
time, so the same runs give the same bytes. It is read through the store's DuckDB view (only the
runs the store counts as finished), one regime at a time, so a large sweep never sits in memory
at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from runs.files import atomic_write
from runs.store import ResultStore

TIMESERIES = "timeseries.parquet"


def _arrow(relation) -> pa.Table:
    """A DuckDB relation as an Arrow table (``to_arrow_table`` since DuckDB 1.4)."""
    method = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return method()


def write_timeseries(out: Path) -> Path | None:
    """Write ``OUT/timeseries.parquet`` from the finished runs; None if there are none.

    Args:
        out: A result folder written by ``decertsim compare``.

    Returns:
        The path written, or None when the folder holds no finished run.
    """
    out = Path(out)
    store = ResultStore(out)
    if not store.finished_ids():
        return None
    path = out / TIMESERIES
    con = store.connect()
    try:
        query = "SELECT DISTINCT regime FROM runs ORDER BY 1"
        regimes = [r for (r,) in con.execute(query).fetchall()]
        order = "point, seed, month, outcome, run_id"

        def write(handle: IO[bytes]) -> None:
            writer = None
            try:
                for regime in regimes:
                    sql = f"SELECT * FROM runs WHERE regime = ? ORDER BY {order}"
                    table = _arrow(con.sql(sql, params=[regime]))
                    if writer is None:
                        writer = pq.ParquetWriter(
                            handle, table.schema, compression="zstd", write_statistics=False
                        )
                    writer.write_table(table.cast(writer.schema))
            finally:
                if writer is not None:
                    writer.close()

        atomic_write(path, write)
    finally:
        con.close()
    return path
