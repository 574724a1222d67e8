"""Where shipped regimes and experiments live, and how a name or a file becomes one."""

from __future__ import annotations

from pathlib import Path

from model.assistance import Regime
from model.errors import ExperimentError, RegimeError

REGIMES_DIR = Path(__file__).parent / "regimes"
EXPERIMENTS_DIR = Path(__file__).parent / "experiments"


def regime_names() -> list[str]:
    """Names of the shipped regimes (files in ``runs/regimes``)."""
    return sorted(p.stem for p in REGIMES_DIR.glob("*.toml"))


def _looks_like_file(text: str) -> bool:
    return text.endswith(".toml") or "/" in text or "\\" in text


def load_regime(name_or_file: str) -> Regime:
    """A shipped regime by name, or a user's regime file by path.

    Raises:
        RegimeError: unknown name (lists the known ones) or a malformed file.
    """
    if _looks_like_file(name_or_file) or Path(name_or_file).is_file():
        return Regime.from_file(name_or_file)
    path = REGIMES_DIR / f"{name_or_file}.toml"
    if not path.is_file():
        known = ", ".join(regime_names())
        raise RegimeError(
            f"unknown regime '{name_or_file}'; known regimes: {known} "
            "(or give the path of a .toml regime file)"
        )
    return Regime.from_file(path)


def experiment_names() -> list[str]:
    """Names of the shipped experiments (files in ``runs/experiments``)."""
    return sorted(p.stem for p in EXPERIMENTS_DIR.glob("*.toml"))


def experiment_path(name_or_file: str) -> Path:
    """Path of a shipped experiment by name, or of a user's experiment file."""
    if _looks_like_file(name_or_file) or Path(name_or_file).is_file():
        return Path(name_or_file)
    path = EXPERIMENTS_DIR / f"{name_or_file}.toml"
    if not path.is_file():
        known = ", ".join(experiment_names())
        raise ExperimentError(
            f"unknown experiment '{name_or_file}'; known experiments: {known} "
            "(or give the path of a .toml experiment file)"
        )
    return path


def experiment_regimes(names: list[str], baseline: str, experiment_file: Path) -> list[Regime]:
    """Load the regimes an experiment names and check that its baseline is among them.

    A relative regime path is looked up from the working directory first, then next to the
    experiment file (so an experiment and its regimes can travel together).

    Raises:
        ExperimentError: a regime cannot be loaded (the experiment file, the field
            ``regimes`` and the regime's own error) or the baseline is not among them.
    """
    regimes: list[Regime] = []
    for name in names:
        candidate = name
        if _looks_like_file(name) and not Path(name).is_absolute() and not Path(name).exists():
            beside = experiment_file.parent / name
            if beside.exists():
                candidate = str(beside)
        try:
            regimes.append(load_regime(candidate))
        except RegimeError as exc:
            raise ExperimentError(f"{experiment_file}: field 'regimes': {exc}") from None
    loaded = [r.name for r in regimes]
    if len(set(loaded)) != len(loaded):
        raise ExperimentError(
            f"{experiment_file}: field 'regimes': two entries are the same regime "
            f"({', '.join(loaded)}); each regime runs once per seed"
        )
    if baseline not in loaded:
        raise ExperimentError(
            f"{experiment_file}: field 'baseline': '{baseline}' is not among the experiment's "
            f"regimes ({', '.join(loaded)})"
        )
    return regimes
