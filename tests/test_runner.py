"""The batch runner: seeds and run lists, executors, the result store, resume, failures, the
statistics across seeds, and the `compare` / `report` commands (runs/*.py).

Everything runs on the synthetic grid with the small-model overrides of ``conftest.py``, a few
months and a few seeds. Subprocess tests that kill or interrupt a real sweep are marked slow.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import json
import multiprocessing
import os
import pickle
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SMALL_OVERRIDES

import runs.cli_compare as cli_compare_module
import runs.execute as execute_module
import runs.files as files_module
import runs.single as single_module
from model.errors import ExperimentError
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from model.params import Params
from runs.catalog import load_regime as catalog_regime
from runs.compare import horizon_values, paired_differences, summarize, t_interval
from runs.execute import DaskExecutor, LocalExecutor, _windowed, make_executor
from runs.report import write_report
from runs.single import RunOutcome, execute_run
from runs.spec import (
    Experiment,
    RunSpec,
    Uncertainties,
    build_runs,
    experiment_digest,
    load_experiment,
    make_run_id,
)
from runs.store import ResultStore, query, write_parquet_atomic
from runs.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]

#: A few outcomes keep reports small; both directions and both kinds are among them.
OUTCOMES = ["state_control_share", "armed_members", "kidnappings", "economy_index"]


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def tiny_experiment(**changes: Any) -> Experiment:
    """Two regimes x 3 seeds x 4 months on the synthetic grid, small model."""
    fields: dict[str, Any] = {
        "name": "runner_tiny",
        "regimes": ["certified", "full_cutoff"],
        "baseline": "certified",
        "months": 4,
        "replications": 3,
        "seed": 7,
        "resolution": "synthetic",
        "horizons": [2, 4],
        "outcomes": OUTCOMES,
        "overrides": dict(SMALL_OVERRIDES),
        "snapshot_every": 2,
    }
    fields.update(changes)
    return Experiment(**fields)


def regimes_of(experiment: Experiment) -> list:
    return [catalog_regime(name) for name in experiment.regimes]


def runs_of(experiment: Experiment) -> list[RunSpec]:
    return build_runs(experiment, regimes_of(experiment))


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)  # strings, numbers and booleans read the same in TOML


def write_experiment(path: Path, **fields: Any) -> Path:
    """Write an experiment file (top-level keys; dict values as inline tables)."""
    path.write_text(
        "\n".join(f"{key} = {_toml_value(value)}" for key, value in fields.items()) + "\n",
        encoding="utf-8",
    )
    return path


def tiny_experiment_file(path: Path, **changes: Any) -> Path:
    """The file form of :func:`tiny_experiment`."""
    fields: dict[str, Any] = {
        "name": "runner_tiny",
        "regimes": ["certified", "full_cutoff"],
        "months": 4,
        "replications": 2,
        "seed": 7,
        "resolution": "synthetic",
        "horizons": [2, 4],
        "outcomes": OUTCOMES,
        "snapshot_every": 2,
        "overrides": dict(SMALL_OVERRIDES),
    }
    fields.update(changes)
    return write_experiment(path, **fields)


def series(out: Path) -> pd.DataFrame:
    """Every stored series value, sorted (what must match between two result folders)."""
    return query(
        out,
        "SELECT run_id, regime, seed, replication, point, month, outcome, value FROM runs "
        "ORDER BY run_id, month, outcome",
    )


def maps_rows(out: Path) -> pd.DataFrame:
    return query(
        out,
        "SELECT run_id, month, x, y, controller, zone FROM maps ORDER BY run_id, month, x, y",
    )


def run_files(out: Path, kind: str = "runs") -> list[Path]:
    return sorted((out / kind).glob("regime=*/*.parquet"))


def tmp_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.tmp"))


def prepared_store(out: Path, experiment: Experiment) -> ResultStore:
    store = ResultStore(out)
    store.prepare({"spec": experiment.model_dump(mode="json")}, experiment_digest(experiment))
    return store


def flat(text: str) -> str:
    """Output with every run of whitespace made one space (Rich wraps long lines)."""
    return " ".join(text.split())


def failing_model(bad_seed: int, bad_regime: str) -> Callable[..., Any]:
    """A ColombiaModel stand-in that raises for one (seed, regime) and builds the real one else."""
    real = single_module.ColombiaModel

    def factory(params: Params, regime: Any, *args: Any, rng: Any = None, **kwargs: Any) -> Any:
        if rng == bad_seed and regime.name == bad_regime:
            raise RuntimeError(f"boom: seed {rng} cannot run")
        return real(params, regime, *args, rng=rng, **kwargs)

    return factory


# ----------------------------------------------------------------------------------------------
# 1. seeds, run ids, parameter points, experiment files
# ----------------------------------------------------------------------------------------------
def test_seeds_are_deterministic_distinct_and_spawned_from_the_master_seed():
    experiment = tiny_experiment(replications=8, seed=20250915)
    seeds = experiment.seeds()
    assert seeds == experiment.seeds() == tiny_experiment(replications=8, seed=20250915).seeds()
    assert len(seeds) == 8 and len(set(seeds)) == 8
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
    children = np.random.SeedSequence(20250915).spawn(8)
    assert seeds == [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    # more replications keep the earlier seeds; another master seed gives other seeds
    assert tiny_experiment(replications=3, seed=20250915).seeds() == seeds[:3]
    assert set(tiny_experiment(replications=8, seed=1).seeds()).isdisjoint(seeds)


def test_build_runs_pairs_every_regime_on_the_same_seeds():
    experiment = tiny_experiment(replications=4)
    runs = runs_of(experiment)
    assert len(runs) == 2 * 4
    by_regime: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for spec in runs:
        by_regime[spec.regime_name].append((spec.replication, spec.seed))
    expected = list(enumerate(experiment.seeds()))
    assert by_regime == {"certified": expected, "full_cutoff": expected}
    for spec in runs:
        assert spec.months == 4 and spec.resolution == "synthetic" and spec.snapshot_every == 2
        assert spec.params == Params.from_overrides(SMALL_OVERRIDES)
        assert spec.varying == {} and spec.point == 0


def test_run_ids_are_deterministic_unique_and_hash_the_run():
    experiment = tiny_experiment(replications=4)
    runs = runs_of(experiment)
    ids = [r.run_id for r in runs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert ids == [r.run_id for r in runs_of(tiny_experiment(replications=4))]
    for spec in runs:
        assert spec.run_id == make_run_id(
            "runner_tiny", spec.regime, spec.params, spec.seed, 4, "synthetic"
        )
    # what the run computes changes the id; how many seeds are run does not
    assert set(ids[:3]) <= {r.run_id for r in runs_of(tiny_experiment(replications=5))}
    for other in (
        tiny_experiment(replications=4, months=5),
        tiny_experiment(replications=4, seed=8),
        tiny_experiment(replications=4, name="other"),
        tiny_experiment(replications=4, overrides={**SMALL_OVERRIDES, "security.n_units": 13}),
    ):
        assert set(ids).isdisjoint(r.run_id for r in runs_of(other))
    # a spec is picklable (workers rebuild the run from it alone)
    clone = pickle.loads(pickle.dumps(runs[0]))
    assert clone.run_id == runs[0].run_id and clone.params == runs[0].params


def test_factorial_sweep_is_the_product_of_the_values():
    values = {"armed.recruitment_rate": [0.01, 0.02], "security.n_units": [10, 12, 14]}
    experiment = tiny_experiment(
        replications=2, uncertainties=Uncertainties(method="factorial", values=values)
    )
    points = experiment.points()
    assert len(points) == 6
    assert {(p["armed.recruitment_rate"], p["security.n_units"]) for p in points} == {
        (r, n) for r in (0.01, 0.02) for n in (10, 12, 14)
    }
    runs = runs_of(experiment)
    assert len(runs) == 6 * 2 * 2
    assert len({r.run_id for r in runs}) == len(runs)
    seeds = experiment.seeds()
    for spec in runs:
        assert spec.varying == points[spec.point]
        assert spec.params.armed.recruitment_rate == spec.varying["armed.recruitment_rate"]
        assert spec.params.security.n_units == spec.varying["security.n_units"]
        assert spec.params.groups.egc.members == SMALL_OVERRIDES["groups.egc.members"]
        assert spec.seed == seeds[spec.replication]


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_sampled_points_lie_in_their_ranges_and_are_reproducible(method):
    ranges = {"armed.recruitment_rate": (0.005, 0.03), "capacity.fiscal_backfill_share": (0.1, 0.5)}
    unc = Uncertainties(method=method, ranges=ranges, samples=8)
    points = unc.points(seed=11)
    assert len(points) == 8
    for point in points:
        assert set(point) == set(ranges)
        for name, (low, high) in ranges.items():
            assert low <= point[name] <= high
    assert unc.points(seed=11) == points
    assert unc.points(seed=12) != points
    assert len({tuple(p.values()) for p in points}) == 8
    if method == "lhs":  # one point in each of the 8 strata of every range
        for name, (low, high) in ranges.items():
            strata = sorted(int((p[name] - low) / (high - low) * 8) for p in points)
            assert strata == list(range(8))
    experiment = tiny_experiment(
        replications=2, uncertainties=unc, sizes={"quick": {"samples": 4, "replications": 1}}
    )
    assert experiment.points() == unc.points(experiment.seed)
    runs = runs_of(experiment)
    assert len(runs) == 8 * 2 * 2
    for spec in runs:
        assert spec.params.armed.recruitment_rate == spec.varying["armed.recruitment_rate"]
    quick = experiment.sized("quick")
    assert len(quick.points()) == 4 and quick.replications == 1


def test_out_of_bounds_range_in_an_experiment_file_names_file_and_parameter(tmp_path):
    path = tiny_experiment_file(
        tmp_path / "bounds.toml",
        uncertainties={"method": "lhs", "ranges": {"armed.recruitment_rate": [0.01, 5.0]}},
    )
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert str(path) in message and "armed.recruitment_rate" in message
    assert "0.2" in message  # the bound


def test_out_of_bounds_override_and_factorial_value_are_named(tmp_path):
    path = tiny_experiment_file(
        tmp_path / "override.toml", overrides={**SMALL_OVERRIDES, "security.n_units": 0}
    )
    with pytest.raises(ExperimentError, match=r"override\.toml[\s\S]*security\.n_units"):
        load_experiment(path)
    path = tiny_experiment_file(
        tmp_path / "factorial.toml",
        uncertainties={"method": "factorial", "values": {"armed.recruitment_rate": [0.01, 9.0]}},
    )
    with pytest.raises(ExperimentError, match=r"factorial\.toml[\s\S]*armed\.recruitment_rate"):
        load_experiment(path)
    path = tiny_experiment_file(tmp_path / "unknown_param.toml", overrides={"armed.nonsense": 1})
    with pytest.raises(ExperimentError, match=r"unknown_param\.toml[\s\S]*nonsense"):
        load_experiment(path)


def test_unknown_field_outcome_and_method_are_named_clearly(tmp_path):
    path = tiny_experiment_file(tmp_path / "field.toml", replicatons=3)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert str(path) in message and "'replicatons'" in message and "unknown field" in message
    assert "replications" in message.split("allowed:")[1]

    path = tiny_experiment_file(tmp_path / "outcome.toml", outcomes=["armed_member"])
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert str(path) in message and "unknown outcome(s) armed_member" in message
    assert "armed_members" in message.split("allowed:")[1]

    path = tiny_experiment_file(
        tmp_path / "method.toml",
        uncertainties={"method": "grid", "values": {"armed.recruitment_rate": [0.01]}},
    )
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert str(path) in message and "uncertainties.method" in message and "'grid'" in message
    for method in ("factorial", "lhs", "sobol"):
        assert method in message

    path = tiny_experiment_file(
        tmp_path / "mixed.toml",
        uncertainties={"method": "lhs", "values": {"armed.recruitment_rate": [0.01]}},
    )
    with pytest.raises(ExperimentError, match=r"mixed\.toml[\s\S]*takes `ranges`"):
        load_experiment(path)

    with pytest.raises(ExperimentError, match=r"no size 'huge'.*sizes: \(none defined\)"):
        tiny_experiment().sized("huge")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("replications", 2.0, "valid integer"),
        ("seed", True, "valid integer"),
        ("name", 5, "valid string"),
    ],
)
def test_experiment_types_are_strict(tmp_path, field, value, expected):
    path = tiny_experiment_file(tmp_path / "types.toml", **{field: value})
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert str(path) in message and f"'{field}'" in message and expected in message


def test_the_tiny_experiment_file_loads_to_the_same_runs(tmp_path):
    loaded = load_experiment(tiny_experiment_file(tmp_path / "tiny.toml", replications=3))
    assert [r.run_id for r in runs_of(loaded)] == [r.run_id for r in runs_of(tiny_experiment())]


def test_a_valid_experiment_file_with_a_range_over_an_integer_parameter_builds(tmp_path):
    path = tiny_experiment_file(
        tmp_path / "int_range.toml",
        uncertainties={"method": "lhs", "samples": 4, "ranges": {"security.n_units": [5, 20]}},
    )
    try:
        experiment = load_experiment(path)
    except ExperimentError as exc:  # acceptable: rejected up front, naming the parameter
        assert "security.n_units" in str(exc)
        return
    runs = runs_of(experiment)  # must not raise once the file was accepted
    assert all(isinstance(r.params.security.n_units, int) for r in runs)


# ----------------------------------------------------------------------------------------------
# 2. identical results whatever the executor
# ----------------------------------------------------------------------------------------------
def test_local_one_and_two_workers_and_dask_give_identical_results(tmp_path):
    experiment = tiny_experiment(months=5, horizons=[5])
    runs = runs_of(experiment)
    folders = {}
    for name, make in (
        ("local1", lambda: LocalExecutor(workers=1)),
        ("local2", lambda: LocalExecutor(workers=2)),
        ("dask2", lambda: DaskExecutor(workers=2)),
    ):
        out = tmp_path / name
        report = run_sweep(runs, prepared_store(out, experiment), make())
        assert report.complete and report.finished == len(runs), name
        folders[name] = out
    reference = series(folders["local1"])
    assert set(reference["run_id"]) == {r.run_id for r in runs}
    assert len(reference) == len(runs) * 5 * len(outcome_registry(GROUP_KEYS))
    reference_maps = maps_rows(folders["local1"])
    assert not reference_maps.empty
    for name in ("local2", "dask2"):
        pd.testing.assert_frame_equal(series(folders[name]), reference, check_exact=True)
        pd.testing.assert_frame_equal(maps_rows(folders[name]), reference_maps, check_exact=True)


def test_the_local_dask_clusters_workers_run_with_the_sweeps_settings():
    """The LocalCluster that DaskExecutor starts (runs/dask_cluster.py): its workers see the
    profiler off and the slower health checks, keep glibc's memory defaults (Dask's nannies set
    MALLOC_TRIM_THRESHOLD_, which slowed a run by about half) and Dask's other variables, and are
    forked from a fork server that imported the model; this process's configuration is left
    alone."""
    import dask

    from runs.dask_cluster import LOCAL_CLUSTER_CONFIG, describe_worker

    before = copy.deepcopy(dask.config.get("distributed"))
    executor = DaskExecutor(workers=2)
    try:
        seen = executor.client.run(describe_worker)
        threads = executor.client.run(lambda: os.environ.get("OMP_NUM_THREADS"))
    finally:
        executor.close()
    assert len(seen) == 2 and set(threads.values()) == {"1"}
    forkserver = "forkserver" in multiprocessing.get_all_start_methods()
    for worker in seen.values():
        for key, value in LOCAL_CLUSTER_CONFIG.items():
            assert worker["config"][key] == value, key
        assert worker["malloc_trim_threshold"] is None
        if forkserver:
            assert worker["config"]["distributed.worker.multiprocessing-method"] == "forkserver"
            assert worker["model_imported"], "the model was not imported before the first task"
            assert "multiprocessing.forkserver" in worker["parent"]
    assert dask.config.get("distributed") == before
    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")
    assert dask.config.get("distributed.worker.profile.enabled") is True


def test_make_executor_names_and_rejects_scheduler_without_dask():
    executor = make_executor("local", 3)
    assert isinstance(executor, LocalExecutor) and executor.workers == 3 and executor.window == 6
    with pytest.raises(ValueError, match="--executor dask"):
        make_executor("local", 1, scheduler="tcp://127.0.0.1:8786")


# ----------------------------------------------------------------------------------------------
# 3. resumed sweep equals the uninterrupted one; the store writes atomically
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_then_resumed_sweep_equals_uninterrupted(tmp_path, workers):
    experiment = tiny_experiment(replications=4)
    runs = runs_of(experiment)
    a, b = tmp_path / "A", tmp_path / "B"
    full = run_sweep(runs, prepared_store(a, experiment), LocalExecutor(workers=1))
    assert full.complete and full.finished == len(runs) == 8

    seen: list[str] = []

    def stop_after_three(outcome: RunOutcome) -> None:
        seen.append(outcome.spec.run_id)
        if len(seen) == 3:
            raise KeyboardInterrupt

    store_b = prepared_store(b, experiment)
    first = run_sweep(runs, store_b, LocalExecutor(workers=workers), on_result=stop_after_three)
    assert first.interrupted and not first.complete
    assert first.finished == 3 and first.failed == 0 and first.skipped == 0
    assert store_b.finished_ids() == set(seen)
    assert {p.stem for p in run_files(b, "maps")} == set(seen)
    assert tmp_files(b) == []

    resumed = run_sweep(runs, prepared_store(b, experiment), LocalExecutor(workers=workers))
    assert resumed.complete and resumed.skipped == 3 and resumed.finished == len(runs) - 3
    stems = collections.Counter(p.stem for p in run_files(b))
    assert set(stems) == {r.run_id for r in runs} == ResultStore(a).finished_ids()
    assert set(stems.values()) == {1}
    counts_sql = "SELECT run_id, count(*) AS n FROM runs GROUP BY run_id ORDER BY run_id"
    pd.testing.assert_frame_equal(query(b, counts_sql), query(a, counts_sql))
    pd.testing.assert_frame_equal(series(b), series(a), check_exact=True)
    pd.testing.assert_frame_equal(maps_rows(b), maps_rows(a), check_exact=True)
    assert tmp_files(b) == []
    again = run_sweep(runs, ResultStore(b), LocalExecutor(workers=1))
    assert again.skipped == len(runs) and again.finished == 0


def test_atomic_write_leaves_no_partial_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "runs" / "regime=x" / "abc.parquet"
    table = pa.table({"a": [1, 2, 3]})

    def half_written(tbl: pa.Table, where: Any, *args: Any, **kwargs: Any) -> None:
        where.write(b"PAR1 partial")
        raise OSError("disk full")

    monkeypatch.setattr(files_module.pq, "write_table", half_written)
    with pytest.raises(OSError, match="disk full"):
        write_parquet_atomic(table, target)
    assert not target.exists() and tmp_files(tmp_path) == []
    monkeypatch.undo()
    write_parquet_atomic(table, target)
    assert pq.read_table(target).equals(table) and tmp_files(tmp_path) == []


def test_prepare_removes_only_partials_of_dead_writers_in_its_own_folders(tmp_path):
    experiment = tiny_experiment()
    store = prepared_store(tmp_path, experiment)
    folder = tmp_path / "runs" / "regime=certified"
    folder.mkdir(parents=True)
    stale = folder / ".0123456789abcdef.parquet.999999999-0123456789abcdef.tmp"
    stale.write_bytes(b"PAR1 half")
    mine = folder / f".fedcba9876543210.parquet.{os.getpid()}-0123456789abcdef.tmp"
    mine.write_bytes(b"PAR1 being written")
    users = tmp_path / "notes" / "draft.tmp"  # not the store's: never touched
    users.parent.mkdir()
    users.write_text("keep me")
    assert store.finished_ids() == set()
    prepared_store(tmp_path, experiment)
    assert not stale.exists() and mine.exists() and users.read_text() == "keep me"
    assert store.finished_ids() == set()


# ----------------------------------------------------------------------------------------------
# 5. a run that raises is recorded; the others finish; a resume retries it
# ----------------------------------------------------------------------------------------------
def test_failed_run_is_recorded_and_the_others_finish_then_retried(tmp_path, monkeypatch):
    experiment = tiny_experiment()
    runs = runs_of(experiment)
    bad = next(r for r in runs if r.regime_name == "full_cutoff" and r.replication == 1)
    monkeypatch.setattr(single_module, "ColombiaModel", failing_model(bad.seed, "full_cutoff"))
    store = prepared_store(tmp_path, experiment)
    report = run_sweep(runs, store, LocalExecutor(workers=1))
    assert report.failed == 1 and report.failed_ids == [bad.run_id]
    assert report.finished == len(runs) - 1 and not report.interrupted and not report.complete
    assert store.finished_ids() == {r.run_id for r in runs} - {bad.run_id}
    failures = pq.read_table(tmp_path / "failures.parquet").to_pylist()
    assert len(failures) == 1
    row = failures[0]
    assert row["run_id"] == bad.run_id and row["regime"] == "full_cutoff"
    assert row["seed"] == bad.seed and row["experiment"] == "runner_tiny" and row["point"] == 0
    assert row["error"] == f"RuntimeError: boom: seed {bad.seed} cannot run"
    assert "boom" in row["traceback"] and "Traceback" in row["traceback"]
    assert json.loads(row["varying"]) == {}
    found = query(tmp_path, "SELECT run_id, error FROM failures")
    assert list(found["run_id"]) == [bad.run_id]

    monkeypatch.undo()  # the cause is fixed: resuming retries only the failed run
    retry = run_sweep(runs, prepared_store(tmp_path, experiment), LocalExecutor(workers=1))
    assert retry.complete and retry.skipped == len(runs) - 1 and retry.finished == 1
    assert store.finished_ids() == {r.run_id for r in runs}
    assert pq.read_table(tmp_path / "failures.parquet").num_rows == 0
    assert not any((tmp_path / "failures").glob("*.parquet"))


def test_a_run_that_cannot_build_fails_in_a_worker_process_and_is_recorded(tmp_path):
    experiment = tiny_experiment()
    runs = runs_of(experiment)
    runs[2] = dataclasses.replace(runs[2], resolution="bogus")
    report = run_sweep(runs, prepared_store(tmp_path, experiment), LocalExecutor(workers=2))
    assert report.failed == 1 and report.failed_ids == [runs[2].run_id]
    assert report.finished == len(runs) - 1
    assert ResultStore(tmp_path).finished_ids() == {r.run_id for r in runs} - {runs[2].run_id}
    failures = query(tmp_path, "SELECT run_id, error, traceback FROM failures")
    assert list(failures["run_id"]) == [runs[2].run_id]
    assert failures["error"][0].startswith("LandscapeError:") and "bogus" in failures["error"][0]


def test_execute_run_returns_the_error_instead_of_raising():
    spec = dataclasses.replace(runs_of(tiny_experiment())[0], resolution="bogus")
    outcome = execute_run(spec)
    assert not outcome.ok and outcome.series is None and outcome.spec is spec
    assert outcome.error.startswith("LandscapeError:") and "Traceback" in outcome.traceback


def test_cli_compare_with_a_failing_run_exits_1_and_says_where_failures_are(
    tmp_path, monkeypatch, cli
):
    # A run cannot be made to fail through a valid experiment file alone, so the model is
    # patched in this process (workers=1 runs in the calling process); the CLI code is real.
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    seeds = load_experiment(exp).seeds()
    real = single_module.ColombiaModel
    monkeypatch.setattr(single_module, "ColombiaModel", failing_model(seeds[0], "certified"))
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert result.exit_code == 1, result.output
    message = flat(result.stderr)
    assert "1 run(s) failed" in message and str(out / "failures.parquet") in message
    assert "the first: " in message
    assert f"decertsim compare {exp} --out {out}" in message
    assert (out / "report.md").exists()
    assert "failed: 1" in (out / "report.md").read_text()
    assert pq.read_table(out / "failures.parquet").num_rows == 1

    monkeypatch.setattr(single_module, "ColombiaModel", real)  # the cause is fixed
    retry = cli("compare", exp, "--out", out, "--workers", "1")
    assert retry.exit_code == 0, retry.output
    assert "1 runs in" in flat(retry.stdout) and "3 skipped" in flat(retry.stdout)
    assert pq.read_table(out / "failures.parquet").num_rows == 0


def test_cli_compare_where_every_run_fails_exits_1_and_points_to_failures(
    tmp_path, monkeypatch, cli
):
    exp = tiny_experiment_file(tmp_path / "tiny.toml", replications=1)
    out = tmp_path / "out"

    def every_run_fails(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("every run fails")

    monkeypatch.setattr(single_module, "ColombiaModel", every_run_fails)
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert pq.read_table(out / "failures.parquet").num_rows == 2
    assert result.exit_code == 1, result.output
    message = flat(result.stderr)
    assert "2 run(s) failed" in message and str(out / "failures.parquet") in message
    # the cause is on the terminal, not only in the parquet file (a bad data file fails every
    # run the same way, and the user should not have to open failures.parquet to learn it)
    assert "the first: RuntimeError: every run fails" in message


def test_failures_of_another_experiment_are_not_reported_as_this_ones(tmp_path, monkeypatch, cli):
    first = tiny_experiment_file(tmp_path / "first.toml", name="first")
    second = tiny_experiment_file(tmp_path / "second.toml", name="second")
    out = tmp_path / "out"
    real = single_module.ColombiaModel

    def every_run_fails(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("every run fails")

    monkeypatch.setattr(single_module, "ColombiaModel", every_run_fails)
    result = cli("compare", first, "--out", out, "--workers", "1")
    assert result.exit_code in (1, 2) and not run_files(out)  # see the test below
    assert pq.read_table(out / "failures.parquet").num_rows == 4
    monkeypatch.setattr(single_module, "ColombiaModel", real)
    result = cli("compare", second, "--out", out, "--workers", "1")
    if result.exit_code == 2:  # refusing the folder is fine too
        assert str(out) in flat(result.stderr)
        return
    assert result.exit_code == 0, result.output
    experiments = set(pq.read_table(out / "failures.parquet").column("experiment").to_pylist())
    assert experiments <= {"second"}
    assert "failed: 0" in (out / "report.md").read_text()


# ----------------------------------------------------------------------------------------------
# 6. paired differences over matching seeds; 7. intervals and horizon values
# ----------------------------------------------------------------------------------------------
def test_outcome_kinds_and_directions_assumed_below():
    registry = outcome_registry(GROUP_KEYS)
    assert registry["armed_members"].kind == "stock"
    assert registry["armed_members"].worse_when == "higher"
    assert registry["state_control_share"].kind == "stock"
    assert registry["state_control_share"].worse_when == "lower"
    assert registry["kidnappings"].kind == "flow"
    assert registry["us_assistance_musd"].kind == "flow"
    assert registry["us_assistance_musd"].worse_when is None


def _paired_frame() -> tuple[pd.DataFrame, dict[str, dict[tuple[int, int], float]]]:
    """Baseline and regime values over 2 points x 4 seeds, a known difference per pair.

    Stocks: the horizon month (index 2 of months 0..2) holds the values; earlier months hold
    noise that must not count. One extra seed (99) exists only in ``full_cutoff``.
    """
    diffs = {
        "armed_members": {
            (0, 11): 1.0,
            (0, 12): -2.0,
            (0, 13): 3.0,
            (0, 14): 4.0,
            (1, 11): 5.0,
            (1, 12): 0.0,
            (1, 13): -1.0,
            (1, 14): 6.0,
        },
        "state_control_share": {
            (0, 11): -0.1,
            (0, 12): -0.2,
            (0, 13): 0.05,
            (0, 14): -0.3,
            (1, 11): 0.1,
            (1, 12): 0.2,
            (1, 13): -0.05,
            (1, 14): 0.0,
        },
        "us_assistance_musd": {
            key: -30.0 for key in [(p, s) for p in (0, 1) for s in range(11, 15)]
        },
    }
    rows = []
    for outcome, per_pair in diffs.items():
        for (point, seed), diff in per_pair.items():
            base = 1000.0 * point + 10.0 * seed + (0.5 if outcome == "state_control_share" else 0)
            for month in range(3):
                noise = 0.0 if month == 2 or outcome == "us_assistance_musd" else 777.0 + month
                rows.append(("certified", point, seed, month, outcome, base + noise))
                rows.append(("full_cutoff", point, seed, month, outcome, base + diff - noise))
        for month in range(3):  # unmatched seed, far off: it must not count
            rows.append(("full_cutoff", 0, 99, month, outcome, 1e6))
    frame = pd.DataFrame(rows, columns=["regime", "point", "seed", "month", "outcome", "value"])
    frame = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)  # any row order
    return frame, diffs


def test_paired_differences_match_seeds_and_points_and_use_directions():
    frame, diffs = _paired_frame()
    outcomes = list(diffs)
    table = paired_differences(frame, [3], outcomes, "certified").set_index("outcome")
    assert set(table.index) == set(outcomes)
    assert (table["regime"] == "full_cutoff").all() and (table["baseline"] == "certified").all()
    assert (table["n_pairs"] == 8).all() and (table["horizon_months"] == 3).all()
    armed = table.loc["armed_members"]
    assert armed["mean_difference"] == pytest.approx(16.0 / 8)  # (1-2+3+4+5+0-1+6)/8
    assert armed["share_worse"] == pytest.approx(5 / 8)  # higher is worse: 1, 3, 4, 5, 6
    # 95% interval: t(0.975, 7) = 2.364624, sd of the differences = 2.9277002 (by hand)
    half = 2.364624 * 2.9277002 / np.sqrt(8)
    assert armed["ci95_low"] == pytest.approx(2.0 - half, abs=1e-5)
    assert armed["ci95_high"] == pytest.approx(2.0 + half, abs=1e-5)
    state = table.loc["state_control_share"]
    assert state["mean_difference"] == pytest.approx(-0.3 / 8)
    assert state["share_worse"] == pytest.approx(4 / 8)  # lower is worse: -0.1, -0.2, -0.3, -0.05
    aid = table.loc["us_assistance_musd"]  # a flow without a direction
    assert aid["mean_difference"] == pytest.approx(-30.0)
    assert aid["ci95_low"] == aid["ci95_high"] == pytest.approx(-30.0)
    assert np.isnan(aid["share_worse"])


def test_paired_differences_skip_the_baseline_and_regimes_without_pairs():
    frame, diffs = _paired_frame()
    lonely = frame[frame["regime"] == "full_cutoff"].assign(regime="waivers", seed=1234)
    table = paired_differences(pd.concat([frame, lonely]), [3], list(diffs), "certified")
    assert set(table["regime"]) == {"full_cutoff"}


def test_paired_differences_per_point_pair_seeds_within_each_point():
    frame, diffs = _paired_frame()
    table = paired_differences(frame, [3], ["armed_members"], "certified", by_point=True)
    table = table.set_index("point")
    assert set(table.index) == {0, 1} and (table["n_pairs"] == 4).all()
    assert table.loc[0, "mean_difference"] == pytest.approx((1 - 2 + 3 + 4) / 4)
    assert table.loc[1, "mean_difference"] == pytest.approx((5 + 0 - 1 + 6) / 4)
    assert table.loc[0, "share_worse"] == pytest.approx(3 / 4)
    summary = summarize(frame, [3], ["armed_members"], by_point=True)
    certified = summary[summary["regime"] == "certified"].set_index("point")
    assert certified.loc[1, "mean"] == pytest.approx(
        np.mean([1000.0 + 10.0 * s for s in range(11, 15)])
    )
    assert (certified["n_seeds"] == 4).all()


def test_report_of_a_sweep_has_differences_per_point(tmp_path):
    experiment = tiny_experiment(replications=2).model_copy(
        update={
            "uncertainties": Uncertainties(method="factorial", values={"security.n_units": [4, 16]})
        }
    )
    runs = runs_of(experiment)
    store = prepared_store(tmp_path, experiment)
    assert run_sweep(runs, store, LocalExecutor(workers=1)).complete
    report = write_report(tmp_path).read_text()
    assert "Paired differences per parameter point" in report and "`security.n_units`" in report
    table = pd.read_csv(tmp_path / "differences_by_point.csv")
    assert set(table["point"]) == {0, 1} and set(table["param:security.n_units"]) == {4, 16}
    assert (table["n_pairs"] == 2).all()
    assert set(pd.read_csv(tmp_path / "summary_by_point.csv")["point"]) == {0, 1}


def test_summarize_counts_seeds_and_points_per_regime():
    frame, diffs = _paired_frame()
    table = summarize(frame, [3], ["armed_members"]).set_index("regime")
    assert table.loc["certified", "n_seeds"] == 8 and table.loc["full_cutoff", "n_seeds"] == 9
    base = [1000.0 * p + 10.0 * s for p in (0, 1) for s in range(11, 15)]
    assert table.loc["certified", "mean"] == pytest.approx(np.mean(base))
    assert table.loc["certified", "unit"] == "persons"


def test_t_interval_matches_a_textbook_computation():
    mean, low, high = t_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    # t(0.975, 4) = 2.776445; sd = 1.5811388; half = 2.776445 * 1.5811388 / sqrt(5) = 1.963243
    assert mean == 3.0
    assert low == pytest.approx(3.0 - 1.963243, abs=1e-6)
    assert high == pytest.approx(3.0 + 1.963243, abs=1e-6)
    # level 0.90: t(0.95, 4) = 2.131847; half = 1.507443
    _, low90, high90 = t_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), level=0.90)
    assert (low90, high90) == (pytest.approx(1.492557, abs=1e-6), pytest.approx(4.507443, abs=1e-6))
    assert t_interval(np.array([4.25])) == (4.25, 4.25, 4.25)
    assert t_interval(np.array([2.0, 2.0, 2.0])) == (2.0, 2.0, 2.0)


def test_horizon_values_average_flows_over_twelve_months_and_read_stocks_at_the_horizon():
    rows = []
    for seed, offset in ((1, 0.0), (2, 1000.0)):
        for month in range(24):
            rows.append(("certified", seed, month, "kidnappings", offset + month))
            rows.append(("certified", seed, month, "armed_members", offset + 100.0 + month))
    frame = pd.DataFrame(rows, columns=["regime", "seed", "month", "outcome", "value"])
    frame = frame.sample(frac=1.0, random_state=0)

    def value(table: pd.DataFrame, seed: int, outcome: str) -> float:
        row = table[(table["seed"] == seed) & (table["outcome"] == outcome)]
        assert len(row) == 1
        return float(row["value"].iloc[0])

    expected = {  # horizon: (flow = mean of the 12 months up to it, stock = its last month)
        6: (2.5, 105.0),  # months 0..5 (fewer than 12 exist)
        12: (5.5, 111.0),  # months 0..11
        18: (11.5, 117.0),  # months 6..17
        24: (17.5, 123.0),  # months 12..23
    }
    for horizon, (flow, stock) in expected.items():
        table = horizon_values(frame, horizon)
        assert len(table) == 4 and (table["horizon"] == horizon).all()
        assert (table["point"] == 0).all()
        assert value(table, 1, "kidnappings") == pytest.approx(flow)
        assert value(table, 1, "armed_members") == pytest.approx(stock)
        assert value(table, 2, "kidnappings") == pytest.approx(1000.0 + flow)
        assert value(table, 2, "armed_members") == pytest.approx(1000.0 + stock)


# ----------------------------------------------------------------------------------------------
# 8. at most `window` runs in flight
# ----------------------------------------------------------------------------------------------
class _CountingSubmit:
    """A stand-in for ``pool.submit``: threads with random delays, counting runs in flight."""

    def __init__(self, fail_run: str | None = None) -> None:
        self.pool = ThreadPoolExecutor(max_workers=8)
        self.lock = threading.Lock()
        self.outstanding = 0  # submitted and not yet handed to the consumer
        self.max_outstanding = 0
        self.running = 0
        self.max_running = 0
        self.submitted: list[str] = []
        self.fail_run = fail_run
        self.rng = np.random.default_rng(0)

    def _work(self, spec: RunSpec, delay: float) -> RunOutcome:
        with self.lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        time.sleep(delay)
        with self.lock:
            self.running -= 1
        if spec.run_id == self.fail_run:
            raise RuntimeError("worker lost")
        return RunOutcome(spec)

    def __call__(self, fn: Any, spec: RunSpec) -> Future:
        assert fn is execute_run
        with self.lock:
            self.outstanding += 1
            self.max_outstanding = max(self.max_outstanding, self.outstanding)
            self.submitted.append(spec.run_id)
        return self.pool.submit(self._work, spec, float(self.rng.uniform(0, 0.01)))

    def consumed(self) -> None:
        with self.lock:
            self.outstanding -= 1


def _consume(outcomes: Iterator[RunOutcome], submit: _CountingSubmit) -> list[RunOutcome]:
    got = []
    for outcome in outcomes:
        submit.consumed()
        got.append(outcome)
    return got


@pytest.mark.parametrize("window", [1, 3, 5])
def test_windowed_keeps_at_most_window_runs_in_flight(window):
    specs = runs_of(tiny_experiment(replications=10))
    submit = _CountingSubmit()
    got = _consume(_windowed(submit, iter(specs), window), submit)
    submit.pool.shutdown()
    assert sorted(o.spec.run_id for o in got) == sorted(s.run_id for s in specs)
    assert all(o.ok for o in got)
    assert submit.max_outstanding == window  # the window is used, and never exceeded
    assert submit.max_running <= window


def test_windowed_turns_a_lost_future_into_a_failed_outcome():
    specs = runs_of(tiny_experiment(replications=3))
    submit = _CountingSubmit(fail_run=specs[1].run_id)
    got = {o.spec.run_id: o for o in _consume(_windowed(submit, specs, 2), submit)}
    submit.pool.shutdown()
    assert set(got) == {s.run_id for s in specs}
    lost = got[specs[1].run_id]
    assert (
        not lost.ok
        and lost.error == "RuntimeError: worker lost"
        and "worker lost" in (lost.traceback or "")
    )
    assert sum(o.ok for o in got.values()) == len(specs) - 1


def test_local_executor_submits_through_a_window_of_twice_the_workers(monkeypatch):
    submit = _CountingSubmit()

    class FakePool:
        def __init__(
            self, max_workers: int, mp_context: Any = None, initializer: Any = None
        ) -> None:
            assert max_workers == 3 and initializer is execute_module._worker_setup
            # workers come from a fork server, never from forking the threaded parent
            assert mp_context is not None and mp_context.get_start_method() == "forkserver"
            self.submit = submit
            self.shut = False
            pools.append(self)

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            self.shut = True

    pools: list[FakePool] = []

    monkeypatch.setattr(execute_module, "ProcessPoolExecutor", FakePool)
    executor = LocalExecutor(workers=3)
    assert executor.window == 6
    specs = runs_of(tiny_experiment(replications=12))
    got = _consume(executor.run(specs), submit)
    executor.close()
    submit.pool.shutdown()
    assert len(pools) == 1 and len(got) == len(specs) and pools[0].shut
    assert executor._pool is None
    assert submit.max_outstanding == 6
    assert LocalExecutor(workers=2, window=3).window == 3


# ----------------------------------------------------------------------------------------------
# 9. `decertsim report` and `compare` on existing folders (in-process CLI)
# ----------------------------------------------------------------------------------------------
def test_report_rebuilds_report_md_from_a_finished_folder(tmp_path, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    original = (out / "report.md").read_text()
    assert "# decertsim report: runner_tiny" in original and "failed: 0" in original
    for name in ("report.md", "summary.csv", "differences.csv", "fan_charts.png"):
        (out / name).unlink()
    rebuilt = cli("report", out)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (out / "report.md").read_text() == original
    assert (out / "summary.csv").exists() and (out / "fan_charts.png").exists()
    assert "mean across seeds at 4 months" in flat(rebuilt.stdout)


def test_report_on_a_folder_without_experiment_json_exits_2(tmp_path, cli):
    (tmp_path / "empty").mkdir()
    result = cli("report", tmp_path / "empty")
    assert result.exit_code == 2
    message = flat(result.stderr)
    assert "no experiment.json" in message and str(tmp_path / "empty") in message
    assert "Traceback" not in result.output


def test_report_on_a_folder_without_finished_runs_exits_2(tmp_path, cli):
    prepared_store(tmp_path, tiny_experiment())
    (tmp_path / "experiment.json").write_text(
        json.dumps(
            {"digest": "x", "experiment": {"spec": tiny_experiment().model_dump(mode="json")}}
        )
    )
    result = cli("report", tmp_path)
    assert result.exit_code == 2 and "no finished runs" in flat(result.stderr)


def test_compare_refuses_a_folder_of_another_experiment_and_fresh_discards_it(tmp_path, cli):
    first = tiny_experiment_file(tmp_path / "first.toml", name="first")
    second = tiny_experiment_file(tmp_path / "second.toml", name="second", months=3)
    out = tmp_path / "out"
    assert cli("compare", first, "--out", out, "--workers", "1").exit_code == 0
    first_ids = ResultStore(out).finished_ids()
    assert len(first_ids) == 4

    refused = cli("compare", second, "--out", out, "--workers", "1")
    assert refused.exit_code == 2
    message = flat(refused.stderr)
    assert str(out) in message and "another experiment" in message
    assert "--fresh" in message and "Traceback" not in refused.output
    assert ResultStore(out).finished_ids() == first_ids  # nothing was touched

    fresh = cli("compare", second, "--out", out, "--workers", "1", "--fresh")
    assert fresh.exit_code == 0, fresh.output
    expected = {r.run_id for r in runs_of(load_experiment(second))}
    assert ResultStore(out).finished_ids() == expected and expected.isdisjoint(first_ids)
    assert {p.stem for p in run_files(out, "maps")} == expected
    assert json.loads((out / "experiment.json").read_text())["experiment"]["spec"]["name"] == (
        "second"
    )
    assert set(query(out, "SELECT DISTINCT experiment FROM runs")["experiment"]) == {"second"}


def test_refusing_a_folder_names_the_experiment_it_holds(tmp_path, cli):
    first = tiny_experiment_file(tmp_path / "first.toml", name="first", replications=1)
    second = tiny_experiment_file(tmp_path / "second.toml", name="second", replications=1)
    out = tmp_path / "out"
    assert cli("compare", first, "--out", out, "--workers", "1").exit_code == 0
    refused = cli("compare", second, "--out", out, "--workers", "1")
    assert refused.exit_code == 2
    assert "'first'" in flat(refused.stderr)


def test_compare_resume_needs_an_earlier_sweep(tmp_path, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    for out in (tmp_path / "missing", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        result = cli("compare", exp, "--out", out, "--workers", "1", "--resume")
        assert result.exit_code == 2
        message = flat(result.stderr)
        assert "--resume" in message and str(out) in message and "no earlier sweep" in message
        assert not (out / "runs").exists()
    both = cli("compare", exp, "--out", tmp_path / "x", "--resume", "--fresh")
    assert both.exit_code == 2 and "exclude each other" in flat(both.stderr)


def _interrupt_after(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI's sweep stop as on Ctrl-C after ``n`` stored results."""
    real = cli_compare_module.run_sweep

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        count = 0

        def stop(outcome: RunOutcome) -> None:
            nonlocal count
            count += 1
            if count >= n:
                raise KeyboardInterrupt

        return real(*args, **{**kwargs, "on_result": stop})

    monkeypatch.setattr(cli_compare_module, "run_sweep", interrupted)


def test_interrupted_compare_exits_130_and_its_resume_command_resumes(tmp_path, monkeypatch, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    _interrupt_after(2, monkeypatch)
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert result.exit_code == 130
    message = flat(result.stderr)
    assert f"interrupted: 2 of 4 runs are saved in {out}" in message
    command = re.search(r"Resume with: (decertsim compare .*)$", message).group(1)
    assert len(ResultStore(out).finished_ids()) == 2 and not (out / "report.md").exists()
    monkeypatch.setattr(cli_compare_module, "run_sweep", run_sweep)
    assert command.endswith("--workers 1")
    resumed = cli(*shlex.split(command)[1:])
    assert resumed.exit_code == 0, resumed.output
    assert "(2 already done)" in flat(resumed.stdout) and "2 skipped" in flat(resumed.stdout)
    assert ResultStore(out).finished_ids() == {r.run_id for r in runs_of(load_experiment(exp))}


def test_resume_command_printed_after_an_interrupt_keeps_set_overrides(tmp_path, monkeypatch, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    _interrupt_after(2, monkeypatch)
    result = cli(
        "compare", exp, "--out", out, "--workers", "1", "--set", "armed.recruitment_rate=0.02"
    )
    assert result.exit_code == 130
    command = re.search(r"Resume with: (decertsim compare .*)$", flat(result.stderr)).group(1)
    monkeypatch.setattr(cli_compare_module, "run_sweep", run_sweep)
    resumed = cli(*shlex.split(command)[1:], "--workers", "1")
    assert resumed.exit_code == 0, resumed.output
    assert "(2 already done)" in flat(resumed.stdout)


# ----------------------------------------------------------------------------------------------
# 4. killing a real `decertsim compare` midway (subprocesses)
# ----------------------------------------------------------------------------------------------
#: 2 regimes x 6 seeds x 12 months with the default parameters (~0.5 s a run on the synthetic
#: grid), so that a sweep on 2 workers is still running when the test kills it.
KILL_EXPERIMENT = {
    "name": "runner_kill",
    "regimes": ["certified", "full_cutoff"],
    "months": 12,
    "replications": 6,
    "seed": 3,
    "resolution": "synthetic",
    "horizons": [6, 12],
    "outcomes": OUTCOMES,
    "snapshot_every": 6,
}


#: Runs the CLI as a foreground process would: Ctrl-C raises KeyboardInterrupt even when this
#: test itself was started with SIGINT ignored (a background job of a non-interactive shell,
#: as some CI runners do), which the child would otherwise inherit.
_AS_IN_A_TERMINAL = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'decertsim'; runpy.run_module('runs.cli', run_name='__main__')"
)


def _compare_command(exp: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", _AS_IN_A_TERMINAL, "compare", str(exp), "--out", str(out)]


def _environment() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "1000", "PYTHONUNBUFFERED": "1"}


def _compare_to_the_end(exp: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `decertsim compare` on 2 workers into ``out`` and wait for it."""
    return subprocess.run(
        [*_compare_command(exp, out), "--workers", "2", *extra],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _start_and_wait_for_runs(exp: Path, out: Path, at_least: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [*_compare_command(exp, out), "--workers", "2"],
        cwd=ROOT,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the pool workers go with it
    )
    deadline = time.monotonic() + 120
    while len(run_files(out)) < at_least:
        if proc.poll() is not None:
            raise AssertionError(f"compare ended before being stopped: {proc.communicate()}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError("no run files appeared")
        time.sleep(0.02)
    return proc


def _check_complete(out: Path, exp: Path) -> None:
    expected = {r.run_id for r in runs_of(load_experiment(exp))}
    stems = collections.Counter(p.stem for p in run_files(out))
    assert set(stems) == expected and set(stems.values()) == {1}
    assert {p.stem for p in run_files(out, "maps")} == expected  # no orphan maps
    assert tmp_files(out) == []
    counts = query(out, "SELECT run_id, count(*) AS n FROM runs GROUP BY run_id")
    assert set(counts["run_id"]) == expected
    assert set(counts["n"]) == {12 * len(outcome_registry(GROUP_KEYS))}
    assert (out / "report.md").exists() and (out / "summary.csv").exists()


@pytest.mark.slow
def test_killed_compare_resumes_to_exactly_the_planned_runs(tmp_path):
    exp = write_experiment(tmp_path / "kill.toml", **KILL_EXPERIMENT)
    out = tmp_path / "out"
    proc = _start_and_wait_for_runs(exp, out, at_least=2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    # finished = indexed: a run killed between its files' rename and its index line (one
    # fsync) has files but is redone on resume (docs/RELIABILITY.md), so count the index
    done = len(ResultStore(out).finished_ids())
    assert 1 <= done < 12, f"{done} runs: not killed midway"
    assert len(run_files(out)) - done <= 2  # at most one unindexed run per worker
    assert not (out / "report.md").exists()

    rerun = _compare_to_the_end(exp, out)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({done} already done)" in flat(rerun.stdout)
    assert f"{12 - done} runs in" in flat(rerun.stdout)
    assert f"({done} skipped as already done, 0 failed)" in flat(rerun.stdout)
    _check_complete(out, exp)


@pytest.mark.slow
def test_sigint_stops_compare_with_130_keeps_runs_and_says_how_to_resume(tmp_path):
    exp = write_experiment(tmp_path / "kill.toml", **KILL_EXPERIMENT)
    out = tmp_path / "out"
    proc = _start_and_wait_for_runs(exp, out, at_least=2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    message = flat(stderr)
    kept = len(run_files(out))
    assert 2 <= kept < 12, f"{kept} runs: not interrupted midway"
    assert f"interrupted: {kept} of 12 runs are saved in {out}" in message
    assert f"Resume with: decertsim compare {exp} --out {out} --workers 2" in message
    assert "Traceback" not in stderr
    assert tmp_files(out) == [] and not (out / "report.md").exists()
    assert ResultStore(out).finished_ids() <= {r.run_id for r in runs_of(load_experiment(exp))}

    resumed = _compare_to_the_end(exp, out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"({kept} already done)" in flat(resumed.stdout)
    _check_complete(out, exp)


def test_ranges_over_integer_parameters_draw_every_whole_number_evenly():
    unc = Uncertainties(method="lhs", samples=64, ranges={"security.n_units": [5, 8]})
    values = [p["security.n_units"] for p in unc.points(seed=3)]
    assert all(isinstance(v, int) for v in values)
    # a Latin hypercube cuts [0, 1) into 64 strata; each of the 4 integers gets 16 of them
    assert sorted(set(values)) == [5, 6, 7, 8] and all(values.count(v) == 16 for v in (5, 6, 7, 8))


def test_a_range_over_an_integer_parameter_without_a_whole_number_is_refused(tmp_path):
    path = tiny_experiment_file(
        tmp_path / "no_whole.toml",
        uncertainties={"method": "lhs", "samples": 4, "ranges": {"security.n_units": [5.2, 5.8]}},
    )
    with pytest.raises(ExperimentError) as exc:
        load_experiment(path)
    assert str(path) in str(exc.value) and "security.n_units" in str(exc.value)
    assert "whole numbers" in str(exc.value)


def test_points_with_the_same_values_are_separate_runs():
    experiment = tiny_experiment(replications=2).model_copy(
        update={
            "uncertainties": Uncertainties(
                method="factorial", values={"armed.recruitment_rate": [0.02, 0.02]}
            )
        }
    )
    runs = runs_of(experiment)
    assert len({r.run_id for r in runs}) == len(runs)
    assert {r.point for r in runs} == {0, 1}


def test_series_and_map_rows_carry_the_run_and_its_varying_parameters():
    experiment = tiny_experiment(replications=1).model_copy(
        update={
            "uncertainties": Uncertainties(
                method="factorial", values={"armed.recruitment_rate": [0.01, 0.03]}
            )
        }
    )
    spec = runs_of(experiment)[-1]
    outcome = execute_run(spec)
    assert outcome.ok, outcome.error
    for table in (outcome.series, outcome.maps):
        frame = table.to_pandas()
        assert set(frame["run_id"]) == {spec.run_id} and set(frame["regime"]) == {"full_cutoff"}
        assert set(frame["experiment"]) == {"runner_tiny"} and set(frame["seed"]) == {spec.seed}
        assert set(frame["point"]) == {1} and set(frame["replication"]) == {0}
        assert set(frame["armed.recruitment_rate"]) == {0.03}


# ----------------------------------------------------------------------------------------------
# an executor that breaks down (a lost Dask scheduler, a broken pool) keeps what finished
# ----------------------------------------------------------------------------------------------


class _BreaksAfter:
    """An executor that runs ``n`` specs in this process, then fails as a lost cluster does."""

    name = "local"

    def __init__(self, n: int) -> None:
        self.n = n
        self.closed = False

    def run(self, specs: Any) -> Iterator[RunOutcome]:
        for i, spec in enumerate(specs):
            if i == self.n:
                raise OSError("Timed out trying to connect to tcp://10.0.0.1:8786")
            yield execute_run(spec)

    def close(self) -> None:
        self.closed = True


def test_a_broken_executor_ends_the_sweep_and_keeps_finished_runs(tmp_path):
    experiment = tiny_experiment()
    runs = runs_of(experiment)
    executor = _BreaksAfter(2)
    report = run_sweep(runs, prepared_store(tmp_path, experiment), executor)
    assert report.interrupted and report.aborted.startswith("OSError: Timed out")
    assert report.finished == 2 and executor.closed
    assert ResultStore(tmp_path).finished_ids() == {r.run_id for r in runs[:2]}
    again = run_sweep(runs, ResultStore(tmp_path), LocalExecutor(workers=1))
    assert again.complete and again.skipped == 2 and again.finished == len(runs) - 2


def test_cli_compare_says_the_executor_broke_and_how_to_resume(tmp_path, monkeypatch, cli):
    exp = tiny_experiment_file(tmp_path / "tiny.toml")
    out = tmp_path / "out"
    monkeypatch.setattr(cli_compare_module, "make_executor", lambda *a, **k: _BreaksAfter(1))
    result = cli("compare", exp, "--out", out, "--workers", "1")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "executor stopped: OSError: Timed out" in message
    assert f"1 of 4 runs are saved in {out}" in message and "Resume with: decertsim" in message
    assert "Traceback" not in result.output


def test_an_unreachable_dask_scheduler_is_a_clear_error(tmp_path):
    with pytest.raises(execute_module.ExecutorError) as exc:
        DaskExecutor(scheduler="tcp://127.0.0.1:9", connect_timeout=1.0)
    message = str(exc.value)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in message
