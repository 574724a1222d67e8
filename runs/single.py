"""One run: build the model from a RunSpec (or its parts), step it, return tidy tables.

Everything a worker needs comes in as arguments, so any run can be rebuilt anywhere from
``(params, regime, seed, months, resolution)``; the same arguments give the same numbers in any
process or on any machine.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from model.assistance import Regime
from model.calendar import month_label
from model.params import Params
from model.simulation import ColombiaModel
from runs.gcfreeze import freeze_imports
from runs.spec import RunSpec, make_run_id

TIMESERIES_COLUMNS = ("run_id", "regime", "seed", "month", "date", "outcome", "value")


def run_id(params: Params, regime: Regime, seed: int, months: int, resolution: str) -> str:
    """Deterministic id of a single run outside an experiment."""
    return make_run_id("single", regime, params, seed, months, resolution)


def tidy_table(
    model: ColombiaModel, rid: str, seed: int, extra: dict[str, Any] | None = None
) -> pa.Table:
    """Long-format rows (run_id, regime, seed, month, date, outcome, value, extra...) of a run.

    Args:
        model: A model that has run.
        rid: Its run id.
        seed: Its seed.
        extra: Constant columns to add (experiment, replication, point, varying parameters).
    """
    frame = model.datacollector.get_model_vars_dataframe()
    return tidy_from_frame(frame, model.start_month, rid, model.regime.name, seed, extra)


def tidy_from_frame(
    frame: pd.DataFrame,
    start_month: str,
    rid: str,
    regime: str,
    seed: int,
    extra: dict[str, Any] | None = None,
) -> pa.Table:
    """Long-format rows of a wide ``[month, outcome]`` frame whose first row is ``start_month``.

    Args:
        frame: One row per month, one column per outcome.
        start_month: Calendar month of the first row.
        rid: The run id.
        regime: The regime's name.
        seed: The run's seed.
        extra: Constant columns to add.
    """
    names = list(frame.columns)
    values = frame.to_numpy(dtype=float)  # [month, outcome]
    n_months, n_out = values.shape
    n = n_months * n_out
    dates = [month_label(m, start_month) for m in range(n_months)]
    return _with_run_columns(
        {
            "month": np.repeat(np.arange(n_months, dtype=np.int32), n_out),
            "date": pa.array(np.repeat(dates, n_out).tolist(), pa.string()),
            "outcome": pa.array(names * n_months, pa.string()),
            "value": values.ravel(),
        },
        n,
        rid,
        regime,
        seed,
        extra,
    )


def _with_run_columns(
    data: dict[str, Any], n: int, rid: str, regime: str, seed: int, extra: dict[str, Any] | None
) -> pa.Table:
    """A table of ``data`` led by run_id, regime and seed and followed by ``extra`` constants."""
    columns: dict[str, Any] = {
        "run_id": pa.array([rid] * n, pa.string()),
        "regime": pa.array([regime] * n, pa.string()),
        "seed": pa.array(np.full(n, seed, dtype=np.int64)),
        **{key: pa.array(value) for key, value in data.items()},
    }
    for key, value in (extra or {}).items():
        columns[key] = pa.array([value] * n)
    return pa.table(columns)


def maps_table(
    model: ColombiaModel, rid: str, seed: int, extra: dict[str, Any] | None = None
) -> pa.Table:
    """Map snapshots (controller, zone, displaced, cocaine flow of each land cell) as tidy rows.

    Args as :func:`tidy_table`; ``displaced`` is the people in displaced households living in the
    cell (``migration.displaced``); ``cocaine_t`` is the cocaine passing through the cell that
    month (tonnes, ODD 7.10).
    """
    land = model.land
    xs, ys = np.nonzero(land)
    parts = []
    for snap in model.snapshots:
        k = len(xs)
        parts.append(
            {
                "month": np.full(k, snap.month, dtype=np.int32),
                "x": xs.astype(np.int16),
                "y": ys.astype(np.int16),
                "controller": snap.controller[xs, ys].astype(np.int8),
                "zone": snap.zone[xs, ys].astype(np.int8),
                "displaced": snap.displaced[xs, ys].astype(np.float32),
                "cocaine_t": snap.cocaine_t[xs, ys].astype(np.float32),
            }
        )
    if not parts:
        return pa.table({})
    merged = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return _with_run_columns(merged, len(merged["month"]), rid, model.regime.name, seed, extra)


@dataclass
class RunResult:
    """A finished single run: its id, its model (for maps) and its tidy outcome table."""

    run_id: str
    model: ColombiaModel
    table: pa.Table


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


@dataclass
class RunOutcome:
    """What a worker sends back: tables of a finished run, or the error of a failed one."""

    spec: RunSpec
    series: pa.Table | None = None
    maps: pa.Table | None = None
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    #: per-month measures of places, ``[month, area, measure]`` (scorecard runs: runs/probe.py)
    places: np.ndarray | None = None

    @property
    def ok(self) -> bool:
        """Whether the run finished."""
        return self.error is None


def build_model(spec: RunSpec) -> ColombiaModel:
    """The model a spec describes, not yet stepped."""
    return ColombiaModel(
        spec.params,
        spec.regime,
        rng=spec.seed,
        resolution=spec.resolution,
        snapshot_every=spec.snapshot_every,
    )


def run_guarded(spec: RunSpec, work: Callable[[RunSpec], RunOutcome]) -> RunOutcome:
    """Run ``work(spec)`` and time it; never raises (a failure is returned, not thrown)."""
    freeze_imports()  # once per process: the collector skips the imports (runs/gcfreeze.py)
    started = time.perf_counter()
    try:
        outcome = work(spec)
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, the sweep goes on
        return RunOutcome(
            spec,
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - started,
        )
    outcome.seconds = time.perf_counter() - started
    return outcome


def _execute(spec: RunSpec) -> RunOutcome:
    model = build_model(spec)
    model.run(spec.months)
    model.snapshot()
    extra: dict[str, Any] = {
        "experiment": spec.experiment,
        "replication": spec.replication,
        "point": spec.point,
        **spec.varying,
    }
    series = tidy_table(model, spec.run_id, spec.seed, extra)
    maps = maps_table(model, spec.run_id, spec.seed, extra)
    return RunOutcome(spec, series, maps)


def execute_run(spec: RunSpec) -> RunOutcome:
    """Worker entry point: run one spec; never raises (a failure is returned, not thrown)."""
    return run_guarded(spec, _execute)
