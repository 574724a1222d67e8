"""Statistics across seeds: means with 95% intervals, paired differences, time series, maps.

* **At a horizon** (months since start, 1-based): stocks are read at the horizon month; flows
  (units "/ month") are averaged over the 12 months up to the horizon, so that a flow is not one
  noisy month.
* **Intervals**: Student-t intervals of the mean across seeds (``t_interval``).
* **Paired differences**: each regime minus the baseline in the same seed and parameter point
  (common random numbers), then the mean and its t interval; ``share_worse`` is the share of
  pairs in which the regime is worse, by the outcome's direction (``worse_when`` in
  ``model/outcomes.py``).
* **Maps**: at a snapshot month, the share of seeds in which each cell is under armed control,
  and each cell's modal controller (the one holding it in most seeds; ties go to the lowest
  code, so the same runs give the same map).

Only the rows these statistics need are read from the store (DuckDB), never every row.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from model.control import STATE
from model.groups import GROUP_KEYS
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


def _flows() -> set[str]:
    return {n for n, o in outcome_registry(GROUP_KEYS).items() if o.kind == "flow"}


def horizon_values(frame: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """One value per (regime, point, seed, outcome) at a horizon, from tidy rows.

    Args:
        frame: Tidy rows with regime, seed, month, outcome, value (and optionally point).
        horizon: Month count; the horizon month has index ``horizon - 1``.
    """
    if "point" not in frame:
        frame = frame.assign(point=0)
    last = min(horizon, int(frame["month"].max()) + 1) - 1
    is_flow = frame["outcome"].isin(_flows())
    window = (frame["month"] <= last) & (frame["month"] > last - 12)
    picked = frame[(is_flow & window) | (~is_flow & (frame["month"] == last))]
    keys = ["regime", "point", "seed", "outcome"]
    out = picked.groupby(keys, as_index=False)["value"].mean()
    out["horizon"] = horizon
    return out


def load_horizon_rows(
    con: duckdb.DuckDBPyConnection, outcomes: list[str], horizons: list[int]
) -> pd.DataFrame:
    """The rows needed for horizon statistics (12-month windows before each horizon)."""
    months: set[int] = set()
    for h in horizons:
        months.update(range(max(0, h - 12), h))
    month_list = ", ".join(str(m) for m in sorted(months))
    outcome_list = ", ".join(f"'{o}'" for o in outcomes)
    return con.execute(
        f"SELECT regime, point, seed, month, outcome, value FROM runs "
        f"WHERE outcome IN ({outcome_list}) AND month IN ({month_list})"
    ).df()


def summarize(
    frame: pd.DataFrame, horizons: list[int], outcomes: list[str], by_point: bool = False
) -> pd.DataFrame:
    """Mean and 95% interval across seeds per regime, outcome, horizon.

    Args:
        frame: Tidy rows (``load_horizon_rows``).
        horizons: Horizons in months.
        outcomes: Outcomes to summarize.
        by_point: One row per parameter point too (column ``point``); otherwise the points of
            an uncertainty sweep are pooled with the seeds.
    """
    registry = outcome_registry(GROUP_KEYS)
    keys = ["point", "regime", "outcome"] if by_point else ["regime", "outcome"]
    rows = []
    for horizon in horizons:
        values = horizon_values(frame[frame["outcome"].isin(outcomes)], horizon)
        for key, group in values.groupby(keys, sort=False):
            *point, regime, outcome = key
            mean, low, high = t_interval(group["value"].to_numpy())
            rows.append(
                {
                    **({"point": point[0]} if by_point else {}),
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
    frame: pd.DataFrame,
    horizons: list[int],
    outcomes: list[str],
    baseline: str,
    by_point: bool = False,
) -> pd.DataFrame:
    """Regime minus baseline over matching (point, seed) pairs: mean, 95% CI, share worse.

    With ``by_point`` there is one row per parameter point too (column ``point``).
    """
    registry = outcome_registry(GROUP_KEYS)
    keys = ["point", "regime", "outcome"] if by_point else ["regime", "outcome"]
    rows = []
    for horizon in horizons:
        values = horizon_values(frame[frame["outcome"].isin(outcomes)], horizon)
        index = ["point", "seed", "outcome"]
        base = values[values["regime"] == baseline].set_index(index)["value"]
        for key, group in values.groupby(keys, sort=False):
            *point, regime, outcome = key
            if regime == baseline:
                continue
            joined = group.set_index(index)["value"]
            common = joined.index.intersection(base.index)
            if len(common) == 0:
                continue
            diff = (joined.loc[common] - base.loc[common]).to_numpy()
            mean, low, high = t_interval(diff)
            worse_when = registry[outcome].worse_when
            if worse_when == "higher":
                share_worse = float((diff > 0).mean())
            elif worse_when == "lower":
                share_worse = float((diff < 0).mean())
            else:
                share_worse = float("nan")
            rows.append(
                {
                    **({"point": point[0]} if by_point else {}),
                    "regime": regime,
                    "baseline": baseline,
                    "outcome": outcome,
                    "horizon_months": horizon,
                    "mean_difference": mean,
                    "ci95_low": low,
                    "ci95_high": high,
                    "share_worse": share_worse,
                    "n_pairs": len(common),
                }
            )
    return pd.DataFrame(rows)


def over_time(con: duckdb.DuckDBPyConnection, outcomes: list[str]) -> pd.DataFrame:
    """Per regime, outcome and month: mean, 95% interval, and the 5/50/95% quantiles."""
    outcome_list = ", ".join(f"'{o}'" for o in outcomes)
    frame = con.execute(
        f"""
        SELECT regime, outcome, month, count(*) AS n, avg(value) AS mean,
               stddev_samp(value) AS sd,
               quantile_cont(value, 0.05) AS q05, quantile_cont(value, 0.5) AS q50,
               quantile_cont(value, 0.95) AS q95
        FROM runs WHERE outcome IN ({outcome_list})
        GROUP BY regime, outcome, month ORDER BY regime, outcome, month
        """
    ).df()
    n = frame["n"].to_numpy()
    tcrit = np.where(n > 1, stats.t.ppf(0.975, np.maximum(n - 1, 1)), 0.0)
    half = tcrit * frame["sd"].fillna(0.0).to_numpy() / np.sqrt(n)
    frame["ci95_low"] = frame["mean"] - half
    frame["ci95_high"] = frame["mean"] + half
    return frame


def armed_control_maps(con: duckdb.DuckDBPyConnection, month: int) -> pd.DataFrame:
    """Share of runs in which each cell is under armed control at ``month``, per regime.

    The stored ``controller`` codes are those of ``model.control``: above ``STATE``, a group.
    """
    return con.execute(
        f"""
        SELECT regime, x, y, avg(CASE WHEN controller > {STATE} THEN 1.0 ELSE 0.0 END) AS share,
               count(*) AS n
        FROM maps WHERE month = {int(month)} GROUP BY regime, x, y
        """
    ).df()


def modal_controller_maps(con: duckdb.DuckDBPyConnection, month: int) -> pd.DataFrame:
    """The controller holding each cell in most runs at ``month``, per regime.

    Returns:
        Rows ``regime, x, y, controller, share`` (``share``: of runs in which it holds the
        cell); ties between controllers go to the lowest code.
    """
    counts = con.execute(
        f"""
        SELECT regime, x, y, controller, count(*) AS n,
               sum(count(*)) OVER (PARTITION BY regime, x, y) AS total
        FROM maps WHERE month = {int(month)} GROUP BY regime, x, y, controller
        """
    ).df()
    counts = counts.sort_values(
        ["regime", "x", "y", "n", "controller"], ascending=[True, True, True, False, True]
    )
    modal = counts.drop_duplicates(["regime", "x", "y"]).reset_index(drop=True)
    modal["share"] = modal["n"] / modal["total"]
    return modal[["regime", "x", "y", "controller", "share"]]


def snapshot_months(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Months for which map snapshots exist."""
    try:
        return [
            int(m) for m in con.execute("SELECT DISTINCT month FROM maps ORDER BY 1").df()["month"]
        ]
    except duckdb.CatalogException:
        return []
