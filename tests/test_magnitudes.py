"""Issue 5's sanity check as a test: the first simulated year under `certified`, with the
default parameters on the 0.25-degree grid, stays within a factor of two of the observed
magnitudes (members mid-2025, kidnappings and security-force deaths at the 2025 pace, new
displacement of IDMC's 2022-2024 years, confinement in 2025, CBP encounters of Colombians in
mid-2025).

The observed figures are read from model/data/colombia_targets.csv, not typed here. This is a
guard against regressions, not a calibration: nothing is fitted to it (benchmarks/magnitudes.py
prints the full comparison).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.params import Params
from model.simulation import ColombiaModel

TARGETS = Path(__file__).resolve().parents[1] / "model" / "data" / "colombia_targets.csv"


def _observed(series: str, period: str) -> float:
    table = pd.read_csv(TARGETS, dtype=str)
    row = table[(table["series"] == series) & (table["year"] == period)]
    assert len(row) == 1, (series, period)
    return float(row["value"].iloc[0])


@pytest.fixture(scope="module")
def first_years() -> pd.DataFrame:
    years = []
    for seed in range(3):
        frame = ColombiaModel(Params(), rng=seed).run(12).datacollector
        frame = frame.get_model_vars_dataframe()
        years.append(
            {
                "armed_members": frame["armed_members"].mean(),
                "kidnappings": frame["kidnappings"].sum(),
                "security_force_deaths": frame["security_force_deaths"].sum(),
                "displaced_new": frame["displaced_new"].sum(),
                "confined": frame["confined"].mean(),
                "emigrants_us": frame["emigrants_us"].mean(),
            }
        )
    return pd.DataFrame(years)


def test_first_year_is_within_a_factor_of_two_of_observed_magnitudes(first_years):
    members = sum(
        _observed(s, "2025-06")
        for s in ("clan_del_golfo_members", "eln_members", "farc_dissidents_members")
    )
    observed = {
        "armed_members": members,
        "kidnappings": _observed("kidnappings", "2025-01 to 2025-04") * 12 / 4,
        "security_force_deaths": _observed("security_forces_killed", "2025-01 to 2025-09") * 12 / 9,
        "displaced_new": sum(
            _observed("idp_new_displacements_conflict_idmc", y) for y in ("2022", "2023", "2024")
        )
        / 3,
        "confined": _observed("confinement_defensoria", "2025-01 to 2025-11"),
        "emigrants_us": (
            _observed("cbp_encounters_colombians_month", "2025-07")
            + _observed("cbp_encounters_colombians_month", "2025-08")
        )
        / 2,
    }
    for outcome, value in observed.items():
        ratio = first_years[outcome].mean() / value
        assert 0.5 <= ratio <= 2.0, (outcome, first_years[outcome].mean(), value)
