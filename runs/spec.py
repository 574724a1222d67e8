"""Experiment files -> validated specs -> the list of runs (common random numbers).

An experiment (``runs/experiments/*.toml``, format in ``docs/EXPERIMENTS.md``) names the regimes
to compare (the *levers*), the horizon, the replications, the master seed, fixed parameter
overrides, optional *uncertainties* (parameters swept as a full factorial over listed values, or
sampled over ranges by Latin hypercube or Sobol), the *outcomes* to report, how often to snapshot
maps, and named sizes (``smoke``, ``full``).

Every replication index gets one seed, spawned from ``numpy.random.SeedSequence(seed)``; every
regime and every parameter point runs with the same seeds, so comparisons are paired (common
random numbers). Each run has a deterministic ``run_id``: a hash of the experiment name, the
regime, the parameters, the seed, the horizon and the grid.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, ValidationError, field_validator, model_validator
from scipy.stats import qmc

from model.assistance import Regime
from model.errors import ExperimentError, ParamsError, describe_validation_error
from model.groups import GROUP_KEYS
from model.outcomes import KEY_OUTCOMES, outcome_registry
from model.params import Params, is_integer_parameter
from model.strict import FROM_TEXT, StrictModel
from model.tomlfile import read_toml

Resolution = Literal["0.25", "0.1", "synthetic"]

MAX_SEED = 2**63 - 1
"""Largest seed accepted (a signed 64-bit integer: stored in int64 columns)."""

MAX_RUNS = 1_000_000
"""Most runs one sweep may plan (regimes x parameter points x replications): a typo such as
``replications = 100000`` with a large sample is refused before planning, not after minutes."""


class Size(StrictModel):
    """A named size of an experiment: fewer seeds, months or samples for a quick check."""

    replications: int | None = Field(None, ge=1, le=100000)
    months: int | None = Field(None, ge=1, le=600)
    resolution: Resolution | None = None
    samples: int | None = Field(None, ge=1, le=100000)


class Uncertainties(StrictModel):
    """Parameters whose values are uncertain, swept over the runs (exploratory modelling).

    ``method = "factorial"``: every combination of the listed values (``values``).
    ``method = "lhs"`` or ``"sobol"``: ``samples`` points over ``[low, high]`` ranges
    (``ranges``), Latin hypercube or scrambled Sobol, seeded from the experiment's seed.
    """

    method: Literal["factorial", "lhs", "sobol"]
    values: dict[str, list[float | int | str | bool]] = Field(default_factory=dict)
    ranges: dict[str, Annotated[tuple[float, float], FROM_TEXT]] = Field(default_factory=dict)
    samples: int = Field(16, ge=1, le=100000)

    @model_validator(mode="after")
    def _consistent(self) -> Uncertainties:
        if self.method == "factorial":
            if not self.values or self.ranges:
                raise ValueError("method 'factorial' takes `values` (lists), not `ranges`")
            empty = [k for k, v in self.values.items() if not v]
            if empty:
                raise ValueError(f"empty value list for {', '.join(empty)}")
        else:
            if not self.ranges or self.values:
                raise ValueError(
                    f"method '{self.method}' takes `ranges` ([low, high]), not `values`"
                )
            bad = [k for k, (lo, hi) in self.ranges.items() if not lo < hi]
            if bad:
                raise ValueError(f"ranges need low < high: {', '.join(bad)}")
            no_whole = [
                k
                for k, (lo, hi) in self.ranges.items()
                if is_integer_parameter(k) and np.ceil(lo) > np.floor(hi)
            ]
            if no_whole:
                raise ValueError(f"{', '.join(no_whole)} take whole numbers; the range holds none")
        return self

    def names(self) -> list[str]:
        """Dotted parameter names swept."""
        return list(self.values or self.ranges)

    def points(self, seed: int) -> list[dict[str, Any]]:
        """The parameter points, each a dict of dotted name -> value."""
        if self.method == "factorial":
            names = list(self.values)
            return [
                dict(zip(names, combo, strict=True))
                for combo in itertools.product(*self.values.values())
            ]
        names = list(self.ranges)
        low = np.array([self.ranges[n][0] for n in names], dtype=float)
        high = np.array([self.ranges[n][1] for n in names], dtype=float)
        if self.method == "lhs":
            sampler = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(seed))
        else:
            sampler = qmc.Sobol(d=len(names), scramble=True, rng=np.random.default_rng(seed))
        unit = sampler.random(self.samples)
        points: list[dict[str, Any]] = []
        integer = [is_integer_parameter(n) for n in names]
        for row in unit:
            point: dict[str, Any] = {}
            for n, u, lo, hi, whole in zip(names, row, low, high, integer, strict=True):
                if whole:
                    # uniform over the whole numbers lo..hi: each gets an equal share of [0, 1)
                    lo_i, hi_i = int(np.ceil(lo)), int(np.floor(hi))
                    point[n] = min(hi_i, lo_i + int(np.floor(u * (hi_i - lo_i + 1))))
                else:
                    point[n] = float(lo + u * (hi - lo))
            points.append(point)
        return points


class Experiment(StrictModel):
    """A validated experiment."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    regimes: list[str] = Field(min_length=1)
    baseline: str = "certified"
    months: int = Field(60, ge=1, le=600)
    replications: int = Field(10, ge=1, le=100000)
    seed: int = Field(20250915, ge=0, le=MAX_SEED)
    resolution: Resolution = "0.25"
    horizons: list[int] = Field(default_factory=lambda: [12, 24, 60])
    outcomes: list[str] = Field(default_factory=lambda: list(KEY_OUTCOMES))
    overrides: dict[str, Any] = Field(default_factory=dict)
    uncertainties: Uncertainties | None = None
    snapshot_every: int = Field(
        12, ge=0, le=600, description="Months between map snapshots (0: the last month only)."
    )
    sizes: dict[str, Size] = Field(default_factory=dict)

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, value: list[str]) -> list[str]:
        known = outcome_registry(GROUP_KEYS)
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(
                f"unknown outcome(s) {', '.join(unknown)}; allowed: {', '.join(known)}"
            )
        return value

    @field_validator("horizons")
    @classmethod
    def _positive(cls, value: list[int]) -> list[int]:
        if any(h < 1 for h in value):
            raise ValueError("horizons are months >= 1")
        return sorted(set(value))

    def sized(self, size: str | None) -> Experiment:
        """The experiment with a named size applied (None: as written)."""
        if size is None:
            return self
        if size not in self.sizes:
            known = ", ".join(self.sizes) or "(none defined)"
            raise ExperimentError(f"experiment '{self.name}' has no size '{size}'; sizes: {known}")
        changes = {
            k: v
            for k, v in self.sizes[size].model_dump().items()
            if v is not None and k != "samples"
        }
        sized = self.model_copy(update=changes)
        samples = self.sizes[size].samples
        if samples is not None and self.uncertainties is not None:
            sized = sized.model_copy(
                update={"uncertainties": self.uncertainties.model_copy(update={"samples": samples})}
            )
        return sized

    def seeds(self) -> list[int]:
        """One seed per replication, spawned from the master seed (common random numbers)."""
        return spawn_seeds(self.seed, self.replications)

    def points(self) -> list[dict[str, Any]]:
        """Parameter points of the uncertainty sweep ([{}] without one)."""
        return self.uncertainties.points(self.seed) if self.uncertainties else [{}]

    def horizons_within(self) -> list[int]:
        """The horizons that fit in the experiment's months (or the last month)."""
        return [h for h in self.horizons if h <= self.months] or [self.months]


@dataclass(frozen=True)
class RunSpec:
    """Everything one run needs; picklable, so any worker can rebuild the run from it alone."""

    experiment: str
    regime: Regime
    params: Params
    varying: dict[str, Any]
    point: int
    replication: int
    seed: int
    months: int
    resolution: str
    snapshot_every: int
    run_id: str = field(default="")

    @property
    def regime_name(self) -> str:
        """The regime's name."""
        return self.regime.name


def spawn_seeds(master: int, n: int) -> list[int]:
    """``n`` run seeds spawned from a master seed (``numpy.random.SeedSequence``)."""
    children = np.random.SeedSequence(master).spawn(n)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def make_run_id(
    experiment: str,
    regime: Regime,
    params: Params,
    seed: int,
    months: int,
    resolution: str,
    point: int = 0,
) -> str:
    """Deterministic id: a hash of experiment, regime, parameters, seed, horizon and grid.

    The parameter point's index enters too (from point 1 on), so two points of a sweep that
    happen to hold the same values (a factorial list with a repeated value, integer draws of a
    Latin hypercube) stay two runs instead of one overwriting the other.
    """
    parts = [experiment, regime.canonical(), params.digest(), str(seed), str(months), resolution]
    if point:
        parts.append(f"point={point}")
    text = "|".join(parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_runs(
    experiment: Experiment,
    regimes: list[Regime],
    per_replication: list[dict[str, Any]] | None = None,
) -> list[RunSpec]:
    """The run list: points x regimes x replications, every regime on the same seeds.

    Args:
        experiment: The validated experiment.
        regimes: Its regimes.
        per_replication: Parameter overrides of each replication (``compare --posterior``: one
            parameter set drawn from the posterior per replication, the same for every regime
            and point, so the pairs stay paired). The experiment's own overrides and its
            parameter point win over them.

    Raises:
        ExperimentError: an override or a sampled value is out of a parameter's bounds.
    """
    seeds = experiment.seeds()
    if per_replication is not None and len(per_replication) != len(seeds):
        raise ValueError(f"{len(per_replication)} parameter sets for {len(seeds)} replications")
    sets = per_replication or [{}]
    runs: list[RunSpec] = []
    for p_index, point in enumerate(experiment.points()):
        try:
            built = [
                Params.from_overrides({**drawn, **experiment.overrides, **point}) for drawn in sets
            ]
            by_rep = built if per_replication else built * len(seeds)
        except ParamsError as exc:
            raise ExperimentError(
                f"experiment '{experiment.name}', parameter point {p_index} {point}: {exc}"
            ) from None
        for regime in regimes:
            for rep, seed in enumerate(seeds):
                params = by_rep[rep]
                rid = make_run_id(
                    experiment.name,
                    regime,
                    params,
                    seed,
                    experiment.months,
                    experiment.resolution,
                    point=p_index,
                )
                runs.append(
                    RunSpec(
                        experiment=experiment.name,
                        regime=regime,
                        params=params,
                        varying=dict(point),
                        point=p_index,
                        replication=rep,
                        seed=seed,
                        months=experiment.months,
                        resolution=experiment.resolution,
                        snapshot_every=experiment.snapshot_every,
                        run_id=rid,
                    )
                )
    return runs


def check_run_count(experiment: Experiment, n_regimes: int, source: str) -> int:
    """The number of runs an experiment plans, refused above :data:`MAX_RUNS` before planning.

    Raises:
        ExperimentError: naming the source, the product and the bound.
    """
    unc = experiment.uncertainties
    if unc is None:
        n_points = 1
    elif unc.method == "factorial":
        n_points = 1
        for values in unc.values.values():
            n_points *= len(values)
    else:
        n_points = unc.samples
    total = n_regimes * n_points * experiment.replications
    if total > MAX_RUNS:
        raise ExperimentError(
            f"{source}: {n_regimes} regime(s) x {n_points} parameter point(s) x "
            f"{experiment.replications} replication(s) = {total:,} runs, more than the "
            f"{MAX_RUNS:,} one sweep may plan; use fewer replications or samples, or a size"
        )
    return total


def looks_like_experiment(data: dict[str, Any]) -> bool:
    """Whether parsed TOML is meant as an experiment (it has a field only experiments have)."""
    only = set(Experiment.model_fields) - set(Regime.model_fields)
    return bool(only & set(data))


def experiment_digest(experiment: Experiment) -> str:
    """Hash of the experiment as validated (guards resuming into a folder of another one)."""
    text = json.dumps(experiment.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_experiment(path: str | Path) -> Experiment:
    """Load and validate an experiment file.

    Raises:
        ExperimentError: naming the file and the problem (unreadable, not UTF-8, too large or
            too deeply nested, not TOML: :mod:`model.tomlfile`) or the field and what is allowed.
    """
    path = Path(path)
    data = read_toml(path, "experiment", ExperimentError)
    try:
        experiment = Experiment.model_validate(data)
    except ValidationError as exc:
        raise ExperimentError(describe_validation_error(str(path), exc, Experiment)) from None
    try:  # parameter names and bounds are checked now, not when a worker starts
        Params.from_overrides(experiment.overrides)
        unc = experiment.uncertainties
        if unc is not None:
            for name in unc.names():
                candidates = unc.values.get(name) or list(unc.ranges[name])
                for value in candidates:
                    Params.from_overrides({**experiment.overrides, name: value})
    except ParamsError as exc:
        raise ExperimentError(f"{path}: {exc}") from None
    return experiment
