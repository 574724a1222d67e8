"""``decertsim calibrate``: fit the priors' parameters to the hindcast up to 2022 by ABC-SMC.

Steps (docs/VALIDATION.md, "Calibration"):

1. Read the priors (:mod:`runs.priors`) and the targets; the candidates are the scorecard's
   national series and trends whose periods end by :data:`FIT_END`, and the places read over
   :data:`FIT_PLACES_WINDOW` (the last two fitted years).
2. Run the ABC-SMC sampler (:mod:`runs.abc`). Each proposal is one hindcast run
   (``history_2016_2025`` from :data:`FIT_START` to :data:`FIT_END`, the scorecard's probe,
   :func:`runs.probe.probe_run`) on the batch runner's executors (local pool or Dask), scored by
   :mod:`runs.distance`; each finished simulation goes into the cache (:mod:`runs.simcache`) at
   once, so a killed fit resumes where it stopped, and the same seed gives the same posterior.
3. The posterior (the last generation's particles and weights) and the point (the weighted
   median of each parameter) are written; :mod:`runs.outofsample` then scores the point and the
   defaults on the whole hindcast, split into in-sample (up to 2022) and out-of-sample (2023 on).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from rich.console import Console

from model.errors import DecertsimInputError
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from model.params import Params
from runs.abc import Proposal, SMCResult, SMCSettings, abc_smc, weighted_quantile
from runs.catalog import load_regime
from runs.distance import VERSION as DISTANCE_VERSION
from runs.distance import distance, mean_records
from runs.execute import make_executor
from runs.files import write_parquet_atomic
from runs.periods import parse_month
from runs.priors import SHIPPED_PRIORS, Priors, load_priors
from runs.probe import probe_measures, probe_run
from runs.provenance import model_commit, model_digest
from runs.report import package_version
from runs.score import classify, collect_runs, evaluate
from runs.score_series import Candidate
from runs.scoring import Record
from runs.series import check_registry
from runs.simcache import SimCache, digest
from runs.spec import RunSpec, make_run_id, spawn_seeds
from runs.sweep import runs_progress
from runs.targets import SHIPPED_TARGETS, load_targets

FIT_START = "2018-01"
FIT_END = "2022-12"
"""The fit sees the hindcast up to here; 2023 on is out of sample."""
FIT_PLACES_WINDOW = ("2021-01", "2022-12")
"""Places in the fit: the presence table (sources 2023-2025) against the last fitted years."""
FIT_FAMILIES = ("national", "trends", "places")
REGIME = "history_2016_2025"
SMALL_ENV = "DECERTSIM_SMALL"
MAKE_CALIBRATE: dict[str, Any] = {
    "budget": 256,
    "particles": 32,
    "seeds_per_particle": 2,
    "workers": 2,
    "check_seeds": 4,
}
"""The settings of ``make calibrate`` (the Makefile passes the same; the calibration notebook's
full mode reuses them so that a finished ``make calibrate`` answers it from the cache)."""


@dataclass
class CalibrateOptions:
    """What ``decertsim calibrate`` was asked (see ``decertsim calibrate --help``)."""

    out: Path = Path("results/calibrate")
    budget: int = 240
    particles: int = 40
    seed: int = 1
    priors: Path = SHIPPED_PRIORS
    targets: Path = SHIPPED_TARGETS
    resolution: str = "0.25"
    fit_end: str = FIT_END
    workers: int = 1
    executor: str = "local"
    scheduler: str | None = None
    fresh: bool = False
    check_seeds: int = 5
    seeds_per_particle: int = 2
    publish: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)


RECORD_FIELDS = (
    "family",
    "series",
    "period",
    "label",
    "measure",
    "criterion",
    "tolerance",
    "observed",
    "model_mean",
    "model_low",
    "model_high",
    "last_month",
)
"""The fields of a record kept in the cache: enough to judge it again on the seeds' mean."""


def particle_seeds(seed: int, k: int) -> list[int]:
    """The ``k`` model seeds of a particle whose proposal carries ``seed``."""
    return [seed] if k == 1 else spawn_seeds(seed, k)


class Simulator:
    """Runs proposals as hindcast runs on an executor, through the cache; gives distances.

    Each proposal runs on :attr:`CalibrateOptions.seeds_per_particle` seeds; its distance is
    the distance of the records of the seeds' mean (:func:`runs.distance.mean_records`), as the
    scorecard judges, so one lucky seed does not carry a particle below the tolerance. Each run
    is cached on its own, with its records, as it finishes.
    """

    def __init__(
        self,
        priors: Priors,
        options: CalibrateOptions,
        candidates: list[Candidate],
        cache: SimCache,
        console: Console | None,
    ) -> None:
        """Prepare the runs' fixed parts (regime, span, grid)."""
        self.priors, self.options, self.candidates = priors, options, candidates
        self.cache, self.console = cache, console
        self.regime = load_regime(REGIME)
        self.start = parse_month(FIT_START)
        self.months = parse_month(options.fit_end) - self.start + 1
        if self.months < 24:
            raise DecertsimInputError(f"--fit-end {options.fit_end}: fit at least 24 months")
        self.progress = runs_progress(console)
        self.task = self.progress.add_task("runs", total=options.budget, failed=0)
        self.failed = 0

    def specs(self, p: Proposal) -> list[RunSpec]:
        """The runs of one proposal, one per seed."""
        values = self.priors.to_values(np.asarray(p.unit))[0]
        varying = self.priors.overrides(values)
        params = Params.from_overrides(
            {**self.options.overrides, **varying, "simulation.start_month": FIT_START}
        )
        k = self.options.seeds_per_particle
        out = []
        for j, seed in enumerate(particle_seeds(p.seed, k)):
            rid = make_run_id(
                "calibrate", self.regime, params, seed, self.months, self.options.resolution
            )
            out.append(
                RunSpec(
                    experiment="calibrate",
                    regime=self.regime,
                    params=params,
                    varying=varying,
                    point=p.index,
                    replication=p.index * k + j,
                    seed=seed,
                    months=self.months,
                    resolution=self.options.resolution,
                    snapshot_every=0,
                    run_id=rid,
                )
            )
        return out

    def entry(self, outcome: Any, p: Proposal) -> dict[str, Any]:
        """The cache line of a finished (or failed) run: its records and its own distance."""
        spec = outcome.spec
        base = {
            "run_id": spec.run_id,
            "generation": p.generation,
            "index": p.index,
            "seed": spec.seed,
            "params": spec.varying,
        }
        if not outcome.ok:
            return {**base, "distance": math.inf, "error": outcome.error}
        runs = collect_runs(
            [outcome], self.start, self.months, self.options.resolution, [spec.seed]
        )
        records, _, _ = evaluate(runs, self.candidates, [], REGIME, FIT_FAMILIES, FIT_PLACES_WINDOW)
        d = distance(records)
        return {
            **base,
            "distance": d.total,
            "families": d.families,
            "error": None,
            "records": [[getattr(r, f) for f in RECORD_FIELDS] for r in records],
        }

    def particle_distance(self, p: Proposal) -> float:
        """The distance of a proposal's seeds' mean (inf if a run failed)."""
        per_seed = []
        for spec in self.specs(p):
            entry = self.cache.get(spec.run_id)
            if entry is None or entry.get("error") or "records" not in entry:
                return math.inf
            per_seed.append(
                [Record(**dict(zip(RECORD_FIELDS, row, strict=True))) for row in entry["records"]]
            )
        return distance(mean_records(per_seed)).total

    def __call__(self, proposals: list[Proposal]) -> list[float]:
        """Distances of the proposals (cached runs read, the rest run)."""
        todo: dict[str, tuple[RunSpec, Proposal]] = {}
        cached = 0
        for p in proposals:
            for spec in self.specs(p):
                if spec.run_id in self.cache:
                    cached += 1
                else:
                    todo[spec.run_id] = (spec, p)
        self.progress.update(self.task, advance=cached)
        if todo:
            executor = make_executor(
                self.options.executor, self.options.workers, self.options.scheduler
            )
            try:
                for outcome in executor.run([s for s, _ in todo.values()], task=probe_run):
                    spec, p = todo[outcome.spec.run_id]
                    entry = self.entry(outcome, p)
                    self.cache.put(entry)
                    self.failed += entry["error"] is not None
                    self.progress.update(self.task, advance=1, failed=self.failed)
            finally:
                executor.close()
        return [self.particle_distance(p) for p in proposals]


def fit_candidates(options: CalibrateOptions) -> list[Candidate]:
    """National series and trend candidates whose periods end by ``options.fit_end``."""
    targets = load_targets(options.targets)
    check_registry(set(outcome_registry(GROUP_KEYS)) | set(probe_measures(GROUP_KEYS)))
    candidates, _ = classify(targets)
    end = parse_month(options.fit_end)
    start = parse_month(FIT_START)
    return [c for c in candidates if c.period.last <= end and c.period.first >= start]


def manifest(options: CalibrateOptions, priors: Priors, candidates: list[Candidate]) -> dict:
    """What the cache folder is bound to: everything that changes the simulations' results."""
    return {
        "priors": [vars(p) for p in priors.priors],
        "seed": options.seed,
        "particles": options.particles,
        "seeds_per_particle": options.seeds_per_particle,
        "distance": DISTANCE_VERSION,
        "resolution": options.resolution,
        "fit": [FIT_START, options.fit_end, list(FIT_PLACES_WINDOW)],
        "targets": digest([(c.target.series, c.target.year, c.target.value) for c in candidates]),
        "overrides": options.overrides,
        # the digest, not the commit: a commit of docs or of the fit's own products (or the
        # products written by --publish) must not throw the finished simulations away
        "model": model_digest(),
        "version": package_version(),
    }


def check_options(options: CalibrateOptions) -> None:
    """Reject settings that cannot run (exit 2)."""
    if options.particles < 4:
        raise DecertsimInputError("--particles must be at least 4")
    if options.seeds_per_particle < 1:
        raise DecertsimInputError("--seeds-per-particle must be at least 1")
    runs = options.particles * options.seeds_per_particle
    if options.budget < runs:
        raise DecertsimInputError(
            f"--budget {options.budget} is below --particles {options.particles} times "
            f"--seeds-per-particle {options.seeds_per_particle}: generation 0 alone runs every "
            f"particle on every seed ({runs} runs)"
        )
    if options.scheduler and options.executor != "dask":
        raise DecertsimInputError("--scheduler needs --executor dask")
    if options.check_seeds < 1:
        raise DecertsimInputError("--check-seeds must be at least 1")


def fit(
    options: CalibrateOptions, console: Console | None = None
) -> tuple[SMCResult, Priors, dict]:
    """Run (or resume) the sampler; the result, the priors and the manifest."""
    check_options(options)
    priors = load_priors(options.priors)
    Params.from_overrides(options.overrides)  # a bad --set fails before any run
    candidates = fit_candidates(options)
    cache = SimCache(options.out, "simulations")
    info = manifest(options, priors, candidates)
    found = cache.prepare(info, options.fresh, f"decertsim calibrate --out {options.out}")
    # what is published names the commit; the cache was bound to the digest above
    info = {**info, "model": model_commit(), "model_digest": info["model"]}
    if console is not None:
        console.print(
            f"calibrate: {len(priors)} parameters, {options.particles} particles on "
            f"{options.seeds_per_particle} seeds each, budget {options.budget} hindcast runs "
            f"{FIT_START}..{options.fit_end} on the {options.resolution} grid, seed "
            f"{options.seed}; {found} simulations already in "
            f"{cache.path}"
        )
    sim = Simulator(priors, options, candidates, cache, console)
    # the sampler counts particle evaluations; each costs seeds_per_particle runs
    evaluations = options.budget // options.seeds_per_particle
    settings = SMCSettings(options.particles, evaluations, options.seed)
    started = time.perf_counter()
    with sim.progress:
        result = abc_smc(len(priors), sim, settings)
    info["seconds"] = round(time.perf_counter() - started, 1)
    info["failed"] = sim.failed
    info["runs"] = result.simulations * options.seeds_per_particle
    return result, priors, info


def point(result: SMCResult, priors: Priors) -> np.ndarray:
    """The calibrated point: each parameter's weighted posterior median (in values)."""
    g = result.final
    unit = np.array([weighted_quantile(g.unit[:, j], g.weight, 0.5) for j in range(len(priors))])
    return priors.to_values(unit)[0]


def posterior_table(result: SMCResult, priors: Priors, info: dict) -> pa.Table:
    """The posterior: one row per living particle, its weight, distance and parameter values."""
    g = result.final
    alive = np.flatnonzero(g.weight > 0)
    values = priors.to_values(g.unit[alive])
    columns: dict[str, Any] = {
        "particle": pa.array(alive.astype(np.int32)),
        "weight": pa.array(g.weight[alive] / g.weight[alive].sum()),
        "distance": pa.array(g.distance[alive]),
    }
    for j, name in enumerate(priors.names):
        columns[name] = pa.array(values[:, j])
    meta = {
        **info,
        "generations": [
            {
                "t": x.t,
                "epsilon": x.epsilon,
                "simulations": x.simulations,
                "acceptance": x.acceptance,
                "ess": x.ess(),
            }
            for x in result.generations
        ],
        "stopped": result.stopped,
        "simulations": result.simulations,
        "fit_window": f"{FIT_START}..{info['fit'][1]}",
        "regime": REGIME,
    }
    table = pa.table(columns)
    return table.replace_schema_metadata({"decertsim": json.dumps(meta, default=str)})


def write_posterior(path: Path, table: pa.Table) -> None:
    """Write the posterior Parquet atomically."""
    write_parquet_atomic(table, path)


__all__ = ["CalibrateOptions", "fit", "point", "posterior_table", "write_posterior"]
