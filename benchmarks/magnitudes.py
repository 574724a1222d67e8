"""First simulated year under a regime vs observed magnitudes (issue 5's sanity check).

Usage: .venv/bin/python benchmarks/magnitudes.py [--seeds 5] [--regime certified]
       [--resolution 0.25]

Runs the default parameters from the start month for 12 months and prints, per outcome, the
mean over seeds (flows summed over the year, stocks averaged over it) next to the observed
figure it is compared with and the ratio. Observed figures are rows of
``model/data/colombia_targets.csv`` (annualized where the source covers part of a year). This is
a sanity check, not a calibration: no parameter is fitted here.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from model.params import Params
from model.simulation import ColombiaModel
from runs.catalog import load_regime

#: outcome -> (observed per year or stock, what the figure is)
OBSERVED: dict[str, tuple[float, str]] = {
    "armed_members": (21716, "members 2025-06: EGC 7,551 + ELN 6,245 + dissidents 7,920"),
    "kidnappings": (393, "kidnappings 2025-01..04: 131 cases, annualized"),
    "security_force_deaths": (195, "security_forces_killed 2025-01..09: 146, annualized"),
    "displaced_new": (388000, "idp_new_displacements_conflict_idmc 2024 (approx.)"),
    "confined": (110373, "confinement_defensoria 2025-01..11 (persons)"),
    "displaced_mass": (101474 * 12 / 11, "displacement_mass_defensoria 2025-01..11, annualized"),
    "emigrants_us": (12 * (300 + 419) / 2, "cbp_encounters_colombians_month 2025-07, 08, x12"),
    "coca_ha": (253000, "coca_ha_unodc 2023 (UNODC/SIMCI)"),
    "cocaine_potential_t": (2664, "cocaine_potential_t_unodc 2023"),
    "cocaine_seized_t": (848, "cocaine_seizures_t 2024 (to 26 Dec)"),
}
FLOWS = {
    "kidnappings",
    "security_force_deaths",
    "displaced_new",
    "cocaine_potential_t",
    "cocaine_seized_t",
    "child_recruits",
    "emigrants_us",
    "displaced_mass",
    "displaced_individual",
    "returns",
    "extortion_musd",
    "armed_revenue_musd",
}
EXTRA = (
    "child_recruits",
    "displaced_individual",
    "idps",
    "returns",
    "economy_index",
    "extortion_musd",
    "armed_revenue_musd",
    "armed_control_share",
    "state_control_share",
    "contested_share",
    "population_under_armed_control",
)


def first_year(regime: str, seed: int, resolution: str) -> pd.Series:
    model = ColombiaModel(Params(), load_regime(regime), rng=seed, resolution=resolution)
    frame = model.run(12).datacollector.get_model_vars_dataframe()
    return pd.Series(
        {k: frame[k].sum() if k in FLOWS else frame[k].mean() for k in [*OBSERVED, *EXTRA]}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--regime", default="certified")
    parser.add_argument("--resolution", default="0.25")
    args = parser.parse_args()
    years = pd.DataFrame([first_year(args.regime, s, args.resolution) for s in range(args.seeds)])
    rows = []
    for name in [*OBSERVED, *EXTRA]:
        mean, low, high = years[name].mean(), years[name].min(), years[name].max()
        observed, what = OBSERVED.get(name, (np.nan, ""))
        rows.append(
            {
                "outcome": name,
                "model (mean)": f"{mean:,.3g}",
                "seed range": f"{low:,.3g}..{high:,.3g}",
                "observed": f"{observed:,.0f}" if observed == observed else "",
                "ratio": f"{mean / observed:.2f}" if observed == observed else "",
                "observed figure": what,
            }
        )
    print(f"first 12 months under '{args.regime}', {args.seeds} seeds, {args.resolution} grid")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
