"""Experiment files -> validated specs -> the list of runs (common random numbers).

An experiment (``runs/experiments/*.toml``) names the regimes to compare, the horizon, the
replications, the master seed, parameter overrides and named sizes (``smoke``, ``full``). Every
replication index gets one seed, spawned from ``numpy.random.SeedSequence(seed)``, and every
regime runs with the same seeds, so comparisons between regimes are paired.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from model.errors import ExperimentError, describe_validation_error
from model.landscape import GROUP_KEYS
from model.outcomes import KEY_OUTCOMES, outcome_registry

Resolution = Literal["0.25", "0.1", "synthetic"]


class Size(BaseModel):
    """A named size of an experiment: fewer seeds or months for a quick check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    replications: int | None = Field(None, ge=1, le=100000)
    months: int | None = Field(None, ge=1, le=600)
    resolution: Resolution | None = None


class Experiment(BaseModel):
    """A validated experiment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    regimes: list[str] = Field(min_length=1)
    baseline: str = "certified"
    months: int = Field(60, ge=1, le=600)
    replications: int = Field(10, ge=1, le=100000)
    seed: int = Field(20250915, ge=0)
    resolution: Resolution = "0.25"
    horizons: list[int] = Field(default_factory=lambda: [12, 24, 60])
    outcomes: list[str] = Field(default_factory=lambda: list(KEY_OUTCOMES))
    overrides: dict[str, Any] = Field(default_factory=dict)
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
        changes = {k: v for k, v in self.sizes[size].model_dump().items() if v is not None}
        return self.model_copy(update=changes)

    def seeds(self) -> list[int]:
        """One seed per replication, spawned from the master seed (common random numbers)."""
        children = np.random.SeedSequence(self.seed).spawn(self.replications)
        return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def load_experiment(path: str | Path) -> Experiment:
    """Load and validate an experiment file.

    Raises:
        ExperimentError: naming the file, the field and what is allowed.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExperimentError(f"{path}: no such experiment file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ExperimentError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Experiment.model_validate(data)
    except ValidationError as exc:
        raise ExperimentError(describe_validation_error(str(path), exc, Experiment)) from None
