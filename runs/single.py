"""One run: build the model from (params, regime, seed), step it, return tidy outcome rows.

Everything a worker process needs comes in as arguments, so any run can be rebuilt anywhere
from ``(params, regime, seed, months, resolution)``; the same arguments give the same numbers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from model.assistance import Regime, month_label
from model.params import Params
from model.simulation import ColombiaModel

TIMESERIES_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("regime", pa.string()),
        ("seed", pa.int64()),
        ("month", pa.int32()),
        ("date", pa.string()),
        ("outcome", pa.string()),
        ("value", pa.float64()),
    ]
)


def run_id(params: Params, regime: Regime, seed: int, months: int, resolution: str) -> str:
    """Deterministic id of a run: a hash of everything that defines it."""
    text = "|".join([params.digest(), regime.canonical(), str(seed), str(months), resolution])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class RunResult:
    """A finished run: its id, its model (for maps) and its tidy outcome table."""

    run_id: str
    model: ColombiaModel
    table: pa.Table


def tidy_table(model: ColombiaModel, rid: str, seed: int) -> pa.Table:
    """Long-format rows (run_id, regime, seed, month, date, outcome, value) of a model's series."""
    frame = model.datacollector.get_model_vars_dataframe()
    names = list(frame.columns)
    values = frame.to_numpy(dtype=float)  # [month, outcome]
    n_months, n_out = values.shape
    months = np.repeat(np.arange(n_months, dtype=np.int32), n_out)
    start = model.start_month
    dates = [month_label(int(m), start) for m in range(n_months)]
    return pa.table(
        {
            "run_id": pa.array([rid] * (n_months * n_out), pa.string()),
            "regime": pa.array([model.regime.name] * (n_months * n_out), pa.string()),
            "seed": pa.array(np.full(n_months * n_out, seed, dtype=np.int64)),
            "month": pa.array(months),
            "date": pa.array(np.repeat(dates, n_out).tolist(), pa.string()),
            "outcome": pa.array(names * n_months, pa.string()),
            "value": pa.array(values.ravel()),
        },
        schema=TIMESERIES_SCHEMA,
    )


def run_single(
    params: Params,
    regime: Regime,
    seed: int,
    months: int,
    resolution: str = "0.25",
    snapshot_every: int = 0,
) -> RunResult:
    """Build and run one model; return its id, the model and its tidy table."""
    model = ColombiaModel(
        params, regime, rng=seed, resolution=resolution, snapshot_every=snapshot_every
    )
    model.run(months)
    rid = run_id(params, regime, seed, months, resolution)
    return RunResult(rid, model, tidy_table(model, rid, seed))


def run_table(params: Params, regime: Regime, seed: int, months: int, resolution: str) -> pa.Table:
    """Worker entry point: the tidy table only (what crosses process boundaries)."""
    return run_single(params, regime, seed, months, resolution).table


def write_table(table: pa.Table, path: Path) -> None:
    """Write a table as Parquet atomically (temp file + rename), with deterministic bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    pq.write_table(table, tmp, compression="zstd", write_statistics=False)
    tmp.replace(path)
