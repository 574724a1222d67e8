"""The 2026 election in a comparison: who wins under each regime, and outcomes split by the winner.

A decision-maker reading a comparison asks two things the per-regime means do not answer
(docs/ODD.md 7.14; C9):

* **the probability that the governing camp wins** under each regime: the share of runs in which
  ``governing_camp_wins`` is 1 at the run's last month, with a Wilson 95% score interval (a
  proportion near 0 or 1 over few runs needs it; the Student-t interval of ``runs/compare.py``
  would cross 0 or 1);
* **conditional means**: every outcome of the experiment at each horizon, split by the
  election's result in the same run (governing camp or opposition), with its Student-t interval.

A run whose last month comes before the runoff has no result (its ``governing_camp_wins`` is a
probability, not 0 or 1) and is left out of both; if no run has one, there is no election table.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from runs.compare import horizon_values, t_interval

#: the outcome that records the vote (model/outcomes.py)
WINS = "governing_camp_wins"
#: names of the two camps in the tables, by the value of ``governing_camp_wins``
CAMPS: dict[float, str] = {1.0: "governing", 0.0: "opposition"}


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float, float]:
    """Share and Wilson score interval (95% by default) of ``successes`` out of ``n``."""
    if n == 0:
        return math.nan, math.nan, math.nan
    share = successes / n
    denominator = 1.0 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return share, max(0.0, centre - half), min(1.0, centre + half)


def election_results(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The result of the vote in each run: ``regime, point, seed, camp`` (decided runs only)."""
    frame = con.execute(
        f"""
        SELECT r.regime, r.point, r.seed, r.value FROM runs r
        JOIN (SELECT run_id, max(month) AS last FROM runs WHERE outcome = '{WINS}'
              GROUP BY run_id) l ON r.run_id = l.run_id AND r.month = l.last
        WHERE r.outcome = '{WINS}'
        """
    ).df()
    frame = frame[frame["value"].isin(list(CAMPS))]
    frame = frame.assign(camp=frame["value"].map(CAMPS)).drop(columns="value")
    return frame.sort_values(["regime", "point", "seed"]).reset_index(drop=True)


def win_probabilities(results: pd.DataFrame, regimes: list[str]) -> pd.DataFrame:
    """Per regime: runs decided, governing-camp wins, their share and Wilson 95% interval."""
    rows = []
    for regime in regimes:
        camps = results.loc[results["regime"] == regime, "camp"]
        wins = int((camps == "governing").sum())
        share, low, high = wilson_interval(wins, len(camps))
        rows.append(
            {
                "regime": regime,
                "runs": len(camps),
                "governing_wins": wins,
                "probability": share,
                "ci95_low": low,
                "ci95_high": high,
            }
        )
    return pd.DataFrame(rows)


def split_by_winner(
    frame: pd.DataFrame, results: pd.DataFrame, horizons: list[int], outcomes: list[str]
) -> pd.DataFrame:
    """Mean and 95% interval of each outcome per regime, horizon and winning camp.

    Args:
        frame: Tidy horizon rows (``runs.compare.load_horizon_rows``).
        results: :func:`election_results`.
        horizons: Horizons in months.
        outcomes: Outcomes to split (``governing_camp_wins`` itself is left out).
    """
    rows = []
    keys = ["regime", "point", "seed"]
    wanted = [o for o in outcomes if o != WINS]
    for horizon in horizons:
        values = horizon_values(frame[frame["outcome"].isin(wanted)], horizon)
        joined = values.merge(results, on=keys, how="inner")
        for (regime, outcome, camp), group in joined.groupby(
            ["regime", "outcome", "camp"], sort=True
        ):
            mean, low, high = t_interval(group["value"].to_numpy(dtype=float))
            rows.append(
                {
                    "regime": regime,
                    "outcome": outcome,
                    "camp": camp,
                    "horizon_months": horizon,
                    "mean": mean,
                    "ci95_low": low,
                    "ci95_high": high,
                    "n_runs": len(group),
                }
            )
    columns = ["regime", "outcome", "camp", "horizon_months", "mean", "ci95_low", "ci95_high"]
    return pd.DataFrame(rows, columns=[*columns, "n_runs"])
