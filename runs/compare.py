"""Statistics across seeds: means with 95% intervals, and paired differences against a baseline.

Stocks are read at the horizon month; flows are averaged over the 12 months up to the horizon
(or fewer if the horizon is shorter), so that a per-month flow is not one noisy month. Intervals
are Student-t intervals of the mean across seeds; paired differences subtract the baseline
regime's value in the same seed (common random numbers) before averaging.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from model.landscape import GROUP_KEYS
from model.outcomes import outcome_registry


def t_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided Student-t interval of the mean; (mean, mean, mean) for one value."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    n = values.size
    if n < 2:
        return mean, mean, mean
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def horizon_values(frame: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """One value per (regime, seed, outcome) at a horizon (months since start, 1-based).

    Args:
        frame: Tidy rows with regime, seed, month, outcome, value.
        horizon: Month count; the horizon month has index ``horizon - 1``.
    """
    registry = outcome_registry(GROUP_KEYS)
    last = min(horizon, int(frame["month"].max()) + 1) - 1
    flows = {n for n, o in registry.items() if o.kind == "flow"}
    is_flow = frame["outcome"].isin(flows)
    window = (frame["month"] <= last) & (frame["month"] > last - 12)
    picked = frame[(is_flow & window) | (~is_flow & (frame["month"] == last))]
    out = picked.groupby(["regime", "seed", "outcome"], as_index=False)["value"].mean()
    out["horizon"] = horizon
    return out


def summarize(frame: pd.DataFrame, horizons: list[int], outcomes: list[str]) -> pd.DataFrame:
    """Mean and 95% interval per regime, outcome and horizon."""
    registry = outcome_registry(GROUP_KEYS)
    rows = []
    for horizon in horizons:
        values = horizon_values(frame[frame["outcome"].isin(outcomes)], horizon)
        for (regime, outcome), group in values.groupby(["regime", "outcome"], sort=False):
            mean, low, high = t_interval(group["value"].to_numpy())
            rows.append(
                {
                    "regime": regime,
                    "outcome": outcome,
                    "unit": registry[outcome].unit,
                    "horizon_months": horizon,
                    "mean": mean,
                    "ci95_low": low,
                    "ci95_high": high,
                    "n_seeds": len(group),
                }
            )
    return pd.DataFrame(rows)


def paired_differences(
    frame: pd.DataFrame, horizons: list[int], outcomes: list[str], baseline: str
) -> pd.DataFrame:
    """Mean and 95% interval of (regime - baseline) over matching seeds, per outcome and horizon."""
    rows = []
    for horizon in horizons:
        values = horizon_values(frame[frame["outcome"].isin(outcomes)], horizon)
        base = values[values["regime"] == baseline].set_index(["seed", "outcome"])["value"]
        for (regime, outcome), group in values.groupby(["regime", "outcome"], sort=False):
            if regime == baseline:
                continue
            joined = group.set_index(["seed", "outcome"])["value"]
            common = joined.index.intersection(base.index)
            if len(common) == 0:
                continue
            diff = (joined.loc[common] - base.loc[common]).to_numpy()
            mean, low, high = t_interval(diff)
            rows.append(
                {
                    "regime": regime,
                    "baseline": baseline,
                    "outcome": outcome,
                    "horizon_months": horizon,
                    "mean_difference": mean,
                    "ci95_low": low,
                    "ci95_high": high,
                    "n_pairs": len(common),
                }
            )
    return pd.DataFrame(rows)
