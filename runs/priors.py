"""Priors of the calibration: uniform over each fitted parameter's documented range.

A priors file (``runs/calibration/priors.toml``; format in its header and docs/VALIDATION.md)
lists the fitted parameters by their dotted names. Each prior is uniform over ``[low, high]`` on
a ``linear`` or ``log`` scale; without ``low``/``high`` the range is the parameter's documented
bounds in ``model/params/`` (docs/PARAMETERS.md). Every name is checked against the parameters,
so a renamed or removed parameter is a :class:`PriorsError` naming the file and the entry, not a
silent miss; a range outside the documented bounds, a missing reason for a narrower range, a
log scale over zero or a whole-number parameter are errors too.

The calibration works in the prior's *unit space*: ``u = (t(x) - t(low)) / (t(high) - t(low))``
with ``t`` the identity or the logarithm, so every prior is uniform on ``[0, 1]^d`` and the
perturbation kernel (:mod:`runs.abc`) treats the parameters alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from agents import fpmath
from model.errors import DecertsimInputError
from model.params import Params, is_integer_parameter, iter_fields
from model.tomlfile import read_toml

SHIPPED_PRIORS = Path(__file__).resolve().parent / "calibration" / "priors.toml"
"""The project's priors (``decertsim calibrate --priors``' default)."""

SCALES: tuple[str, ...] = ("linear", "log")
KEYS: tuple[str, ...] = ("low", "high", "scale", "why")


class PriorsError(DecertsimInputError):
    """A priors file names an unknown parameter or a range the parameter does not allow."""


@dataclass(frozen=True)
class Prior:
    """A uniform prior of one parameter.

    Attributes:
        name: Dotted parameter name (``armed.recruitment_rate``).
        low, high: The range.
        scale: ``linear`` or ``log`` (uniform in the logarithm).
        documented: The parameter's documented bounds (``ge``/``gt``, ``le``).
        default: The parameter's default.
        unit: Its unit.
        why: Why the range is narrower than the documented one (empty if it is not).
    """

    name: str
    low: float
    high: float
    scale: str
    documented: tuple[float | None, float | None]
    default: float
    unit: str
    why: str = ""

    def _t(self, x: np.ndarray | float) -> np.ndarray:
        return fpmath.log(x) if self.scale == "log" else np.asarray(x, dtype=float)

    def to_unit(self, x: np.ndarray | float) -> np.ndarray:
        """Values -> unit space ``[0, 1]``."""
        lo, hi = self._t(self.low), self._t(self.high)
        return (self._t(x) - lo) / (hi - lo)

    def from_unit(self, u: np.ndarray | float) -> np.ndarray:
        """Unit space -> values."""
        lo, hi = self._t(self.low), self._t(self.high)
        t = lo + np.asarray(u, dtype=float) * (hi - lo)
        return fpmath.exp(t) if self.scale == "log" else t


@dataclass(frozen=True)
class Priors:
    """The fitted parameters' priors, in file order."""

    priors: tuple[Prior, ...]
    source: str

    @property
    def names(self) -> list[str]:
        """Dotted names of the fitted parameters."""
        return [p.name for p in self.priors]

    def __len__(self) -> int:
        return len(self.priors)

    def sample_unit(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws from the prior in unit space, ``[n, d]``."""
        return rng.random((n, len(self.priors)))

    def to_values(self, unit: np.ndarray) -> np.ndarray:
        """Unit space ``[n, d]`` -> parameter values ``[n, d]``."""
        unit = np.atleast_2d(unit)
        return np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(self.priors)])

    def to_unit(self, values: np.ndarray) -> np.ndarray:
        """Parameter values ``[n, d]`` -> unit space ``[n, d]``."""
        values = np.atleast_2d(values)
        return np.column_stack([p.to_unit(values[:, j]) for j, p in enumerate(self.priors)])

    def overrides(self, values: np.ndarray) -> dict[str, float]:
        """One parameter set (``[d]`` values) as dotted overrides for ``Params``."""
        return {p.name: float(v) for p, v in zip(self.priors, values, strict=True)}

    def defaults(self) -> np.ndarray:
        """The fitted parameters' defaults, ``[d]``."""
        return np.array([p.default for p in self.priors], dtype=float)


def documented_parameters() -> dict[str, tuple[Any, dict[str, Any]]]:
    """Every parameter of ``Params()``: dotted name -> (default, metadata with ``bounds``)."""
    return {name: (value, meta) for name, value, meta in iter_fields(Params())}


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PriorsError(f"{where}: {value!r} is not a finite number")
    return float(value)


def _prior(name: str, entry: Any, where: str, known: dict[str, tuple[Any, dict]]) -> Prior:
    if name not in known:
        close = sorted(k for k in known if k.split(".")[-1] == name.split(".")[-1])
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PriorsError(
            f"{where}: no parameter '{name}' in model/params (docs/PARAMETERS.md lists them){hint}"
        )
    if not isinstance(entry, dict):
        raise PriorsError(f"{where}: expected a table with keys {', '.join(KEYS)}")
    unknown = [k for k in entry if k not in KEYS]
    if unknown:
        raise PriorsError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(KEYS)}"
        )
    default, meta = known[name]
    if is_integer_parameter(name) or isinstance(default, bool) or not isinstance(default, float):
        raise PriorsError(f"{where}: '{name}' is not a real-valued parameter; it cannot be fitted")
    bounds = meta["bounds"]
    doc_low = bounds.get("ge", bounds.get("gt"))
    doc_high = bounds.get("le")
    low = _number(entry["low"], f"{where}, key 'low'") if "low" in entry else doc_low
    high = _number(entry["high"], f"{where}, key 'high'") if "high" in entry else doc_high
    if low is None or high is None:
        raise PriorsError(
            f"{where}: '{name}' has no documented bound on one side; give low and high"
        )
    documented = f"[{doc_low}, {doc_high}]"
    if (doc_low is not None and (low < doc_low or ("gt" in bounds and low <= doc_low))) or (
        doc_high is not None and high > doc_high
    ):
        raise PriorsError(f"{where}: [{low}, {high}] is outside the documented range {documented}")
    if not low < high:
        raise PriorsError(f"{where}: low {low} must be below high {high}")
    scale = entry.get("scale", "linear")
    if scale not in SCALES:
        raise PriorsError(f"{where}, key 'scale': {scale!r}; allowed: {', '.join(SCALES)}")
    if scale == "log" and low <= 0:
        raise PriorsError(f"{where}: a log scale needs low > 0 (got {low})")
    why = str(entry.get("why", "")).strip()
    if (low, high) != (doc_low, doc_high) and not why:
        raise PriorsError(f"{where}: a range narrower than {documented} needs a reason in 'why'")
    return Prior(
        name, float(low), float(high), scale, (doc_low, doc_high), default, meta["unit"], why
    )


def load_priors(path: Path | str = SHIPPED_PRIORS) -> Priors:
    """Read and check a priors file (see the module docstring).

    Raises:
        PriorsError: the file is unreadable or an entry is wrong (names the file and entry).
    """
    path = Path(path)
    data = read_toml(path, "priors", PriorsError)
    table = data.get("parameters")
    extra = [k for k in data if k != "parameters"]
    if extra:
        raise PriorsError(
            f"{path}: unknown top-level key(s) {', '.join(extra)}; expected [parameters]"
        )
    if not isinstance(table, dict) or not table:
        raise PriorsError(f'{path}: no [parameters."section.name"] table: nothing to fit')
    known = documented_parameters()
    priors = tuple(
        _prior(name, entry, f'{path}, parameters."{name}"', known) for name, entry in table.items()
    )
    return Priors(priors, str(path))
