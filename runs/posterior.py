"""The calibration's products, read and written: the posterior and the calibrated point.

The files: ``model/data/posterior.parquet`` and ``model/data/calibrated.toml``.

The posterior is a Parquet table, one row per particle: ``particle``, ``weight`` (summing to
1), ``distance`` and one column per fitted parameter (dotted names); its schema metadata
(``decertsim``) records how it was made (seed, budget, generations, fit window, the model's
commit). Reading it checks every parameter column against ``model/params``, so a parameter
renamed since the fit is an error naming the column, not a silently ignored override.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from model.errors import DecertsimInputError
from model.params import Params
from runs.abc import weighted_quantile
from runs.priors import documented_parameters

DATA = Path(__file__).resolve().parents[1] / "model" / "data"
SHIPPED_POSTERIOR = DATA / "posterior.parquet"
SHIPPED_CALIBRATED = DATA / "calibrated.toml"
FIXED_COLUMNS = ("particle", "weight", "distance")


class PosteriorError(DecertsimInputError):
    """A posterior file that cannot be read or names unknown parameters."""


@dataclass(frozen=True)
class Posterior:
    """Weighted parameter sets."""

    path: str
    names: tuple[str, ...]
    values: np.ndarray  # [set, parameter]
    weight: np.ndarray  # [set], sums to 1
    meta: dict[str, Any]

    def __len__(self) -> int:
        return len(self.weight)

    def overrides(self, i: int) -> dict[str, float]:
        """Parameter set ``i`` as dotted overrides."""
        return {n: float(v) for n, v in zip(self.names, self.values[i], strict=True)}

    def draw(self, seed: int, n: int) -> list[int]:
        """``n`` set indices drawn with replacement by weight, reproducibly from ``seed``."""
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0x505354,)))
        return [int(i) for i in rng.choice(len(self), size=n, replace=True, p=self.weight)]

    def ranges(self, low: float = 0.025, high: float = 0.975) -> dict[str, tuple[float, float]]:
        """Each parameter's weighted quantile range (the posterior's 95% range by default)."""
        out = {}
        for j, name in enumerate(self.names):
            lo, hi = weighted_quantile(self.values[:, j], self.weight, np.array([low, high]))
            if not lo < hi:  # a collapsed posterior: widen to keep a range SALib can sample
                lo, hi = lo * 0.99 - 1e-12, hi * 1.01 + 1e-12
            out[name] = (float(lo), float(hi))
        return out

    def median(self) -> dict[str, float]:
        """Each parameter's weighted median."""
        return {
            n: float(weighted_quantile(self.values[:, j], self.weight, 0.5))
            for j, n in enumerate(self.names)
        }

    def describe(self) -> str:
        """One line for reports: which posterior, how made.

        A file inside the repository is named from its root (``model/data/posterior.parquet``),
        so shipped reports and ``sensitivity.json`` do not carry one machine's folders.
        """
        m = self.meta
        return (
            f"{_shown(self.path)} ({len(self)} parameter sets of {', '.join(self.names)}; "
            f"fitted by ABC-SMC to {m.get('fit_window', '?')} on model {m.get('model', '?')}, seed "
            f"{m.get('seed', '?')}, {_evaluations(m)})"
        )


def _shown(path: Path | str) -> str:
    """``path`` relative to the repository root when it lies inside it, else as given."""
    try:
        return str(Path(path).resolve().relative_to(DATA.parents[1]))
    except ValueError:
        return str(path)


def load_posterior(path: Path | str = SHIPPED_POSTERIOR) -> Posterior:
    """Read and check a posterior file.

    Raises:
        PosteriorError: unreadable, missing columns, bad weights, or unknown parameters.
    """
    path = Path(path)
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise PosteriorError(
            f"cannot read the posterior {path}: {exc}; `make calibrate` writes one"
        ) from None
    missing = [c for c in ("weight",) if c not in table.column_names]
    if missing:
        raise PosteriorError(f"{path}: missing column(s) {', '.join(missing)}")
    names = tuple(c for c in table.column_names if c not in FIXED_COLUMNS)
    known = documented_parameters()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise PosteriorError(
            f"{path}: column(s) {', '.join(unknown)} name no parameter in model/params (renamed "
            "or removed since the fit?); refit with `make calibrate`"
        )
    if not names:
        raise PosteriorError(f"{path}: no parameter columns")
    try:
        values = np.column_stack([table.column(n).to_numpy().astype(float) for n in names])
        weight = table.column("weight").to_numpy().astype(float)
    except (ValueError, TypeError, pa.ArrowException) as exc:
        raise PosteriorError(f"{path}: a column is not numbers ({exc})") from None
    if (
        len(weight) == 0
        or not np.all(np.isfinite(weight))
        or np.any(weight < 0)
        or weight.sum() <= 0
    ):
        raise PosteriorError(f"{path}: weights must be finite, non-negative and not all zero")
    for i in range(len(weight)):
        try:
            Params.from_overrides(dict(zip(names, values[i].tolist(), strict=True)))
        except DecertsimInputError as exc:
            raise PosteriorError(f"{path}, row {i}: {exc}") from None
    raw = (table.schema.metadata or {}).get(b"decertsim", b"{}")
    try:
        meta = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise PosteriorError(f"{path}: damaged 'decertsim' metadata ({exc})") from None
    if not isinstance(meta, dict):
        raise PosteriorError(f"{path}: damaged 'decertsim' metadata (not a JSON object)")
    return Posterior(str(path), names, values, weight / weight.sum(), meta)


def posterior_draws(experiment: Any, path: Path) -> dict[str, Any]:
    """One parameter set per replication of ``experiment``, and what the manifest records.

    The draws come from the experiment's seed (:meth:`Posterior.draw`), so the same experiment
    draws the same sets in any process; every regime and point of a replication shares its set.
    Parameters the experiment fixes (its overrides, its uncertainties) keep the experiment's
    values, and the record says so.
    """
    post = load_posterior(path)
    draws = post.draw(experiment.seed, experiment.replications)
    fixed = set(experiment.overrides) | set(
        experiment.uncertainties.names() if experiment.uncertainties else []
    )
    return {
        "sets": [post.overrides(i) for i in draws],
        "record": {
            "path": str(path),
            "description": post.describe(),
            "parameters": list(post.names),
            "draws": draws,
            "fixed_by_experiment": sorted(fixed & set(post.names)),
            "meta": post.meta,
        },
    }


def _evaluations(meta: dict[str, Any]) -> str:
    """How much the fit ran: parameter sets evaluated, and the runs on all their seeds."""
    sets = f"{meta.get('simulations', '?')} parameter sets evaluated"
    if "runs" in meta:
        return f"{sets} ({meta['runs']} runs on {meta.get('seeds_per_particle', '?')} seeds each)"
    return sets


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)


def calibrated_toml(
    point: dict[str, float],
    posterior: Posterior,
    adopted: bool,
    reason: str,
    scorecards: dict[str, Any],
) -> str:
    """The text of ``calibrated.toml``: the point, the decision, and each parameter's source."""
    meta = posterior.meta
    ranges = posterior.ranges()
    known = documented_parameters()
    how = (
        f"calibrated: ABC-SMC (runs/abc.py) on the hindcast {meta.get('fit_window')} with the "
        f"scorecard's pattern-oriented distance (runs/distance.py), seed {meta.get('seed')}, "
        f"{_evaluations(meta)}, model {meta.get('model')}; the posterior's "
        "weighted median (model/data/posterior.parquet)"
    )
    lines = [
        "# Generated by `decertsim calibrate` (make calibrate); do not edit by hand.",
        "# The calibrated point: each fitted parameter's weighted posterior median. Whether the",
        "# model's defaults adopt it is decided from the out-of-sample scorecard (2023 on, which",
        "# the fit did not see): docs/VALIDATION.md, 'Calibration'.",
        f"adopted = {_toml_value(adopted)}",
        f"decision = {_toml_value(reason)}",
        f"model = {_toml_value(meta.get('model', '?'))}",
        f"fit_window = {_toml_value(meta.get('fit_window', '?'))}",
        "",
        "[scorecard]",
        *(f"{k} = {_toml_value(v)}" for k, v in scorecards.items()),
        "",
    ]
    for name, value in point.items():
        lo, hi = ranges[name]
        lines += [
            f'[parameters."{name}"]',
            f"value = {_toml_value(value)}",
            f"default = {_toml_value(known[name][0])}",
            f"posterior_95 = [{_toml_value(lo)}, {_toml_value(hi)}]",
            f"unit = {_toml_value(known[name][1]['unit'])}",
            f"source = {_toml_value(how)}",
            "",
        ]
    return "\n".join(lines)
