"""Findings in words: the paired differences that matter, and the regimes that are identical.

A report opens with these (``runs/report.py``), and ``compare`` prints the first of them:

* **Findings**: paired differences against the baseline whose 95% interval excludes zero (with
  at least two seeds), largest first by their size relative to the baseline's mean, in words,
  with units and the number of seeds in which the regime is worse.
* **Identical regimes**: regimes that give the same value in every seed, parameter point and
  reported outcome at a horizon (full cut-off and the late waiver before the waiver starts,
  say). Their findings are listed once, under all their names.

Everything is sorted with explicit keys and formatted with fixed rules, so the same results give
the same text (reports are byte-reproducible).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.calendar import month_label
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from runs.compare import horizon_values
from runs.score_view import human


def outcome_label(name: str) -> str:
    """A short phrase for an outcome, from its registry title ("coca under cultivation")."""
    outcome = outcome_registry(GROUP_KEYS).get(name)
    if outcome is None:
        return name
    text = outcome.title or outcome.description.split(" (")[0].rstrip(".").strip()
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text or name


def horizon_label(horizon: int, start_month: str) -> str:
    """'12 months (to 2026-08)': a horizon and the calendar month it ends with."""
    return f"{horizon} months (to {month_label(horizon - 1, start_month)})"


def signed(value: float) -> str:
    """A human number with its sign: +13.7k, -0.03."""
    text = human(value)
    return text if text.startswith("-") or text == "-" else f"+{text}"


def identical_groups(
    rows: pd.DataFrame, horizons: list[int], outcomes: list[str], regimes: list[str]
) -> dict[int, list[tuple[str, ...]]]:
    """Per horizon, the groups of two or more regimes with identical values everywhere.

    Args:
        rows: Tidy horizon rows (``runs.compare.load_horizon_rows``).
        horizons: Horizons in months.
        outcomes: The outcomes compared (all must agree).
        regimes: Regimes in display order (groups keep this order).

    Returns:
        ``{horizon: [(regime, regime, ...), ...]}``; horizons without such a group map to ``[]``.
    """
    found: dict[int, list[tuple[str, ...]]] = {}
    for horizon in horizons:
        values = horizon_values(rows[rows["outcome"].isin(outcomes)], horizon)
        wide = values.pivot_table(
            index=["point", "seed", "outcome"], columns="regime", values="value", aggfunc="first"
        ).sort_index()
        signatures: dict[bytes, list[str]] = {}
        for regime in regimes:
            if regime not in wide.columns:
                continue
            column = wide[regime].to_numpy(dtype=float)
            if np.isnan(column).any():
                continue  # a regime missing some seeds is not called identical
            signatures.setdefault(column.tobytes(), []).append(regime)
        found[horizon] = [tuple(group) for group in signatures.values() if len(group) > 1]
    return found


@dataclass(frozen=True)
class Finding:
    """A paired difference whose 95% interval excludes zero."""

    horizon: int
    regimes: tuple[str, ...]  # the regime, then those identical to it at this horizon
    outcome: str
    difference: float
    low: float
    high: float
    baseline_mean: float
    worse: int | None  # seeds (pairs) in which the regime is worse; None: no direction
    pairs: int

    @property
    def relative(self) -> float:
        """The difference as a share of the baseline's mean (inf when that mean is 0)."""
        if self.baseline_mean == 0:
            return math.inf
        return self.difference / abs(self.baseline_mean)


def significant_findings(
    differences: pd.DataFrame,
    summary: pd.DataFrame,
    baseline: str,
    regimes: list[str],
    outcomes: list[str],
    groups: Mapping[int, list[tuple[str, ...]]],
) -> list[Finding]:
    """Differences whose interval excludes zero, per horizon, largest relative size first.

    Args:
        differences: ``runs.compare.paired_differences`` (pooled over parameter points).
        summary: ``runs.compare.summarize`` (the baseline's means).
        baseline: The baseline regime.
        regimes: Regimes in display order (ties sort in this order).
        outcomes: Outcomes in display order.
        groups: ``identical_groups``: a regime identical to an earlier one is merged into it.

    Returns:
        Findings ordered by horizon (longest first), then by decreasing relative size.
    """
    if differences.empty:
        return []
    base = summary[summary["regime"] == baseline].set_index(["horizon_months", "outcome"])["mean"]
    found = []
    for _, r in differences.iterrows():
        horizon, regime = int(r["horizon_months"]), r["regime"]
        group = next((g for g in groups.get(horizon, []) if regime in g), (regime,))
        if group[0] != regime or baseline in group:
            continue  # listed under the group's first regime; identical to the baseline: none
        if r["n_pairs"] < 2 or not (r["ci95_low"] > 0 or r["ci95_high"] < 0):
            continue
        share = r["share_worse"]
        found.append(
            Finding(
                horizon=horizon,
                regimes=group,
                outcome=r["outcome"],
                difference=float(r["mean_difference"]),
                low=float(r["ci95_low"]),
                high=float(r["ci95_high"]),
                baseline_mean=float(base.get((horizon, r["outcome"]), math.nan)),
                worse=None if share != share else round(share * r["n_pairs"]),
                pairs=int(r["n_pairs"]),
            )
        )

    def key(f: Finding) -> tuple:
        return (
            -f.horizon,
            -abs(f.relative) if f.relative == f.relative else 0.0,
            outcomes.index(f.outcome) if f.outcome in outcomes else len(outcomes),
            regimes.index(f.regimes[0]) if f.regimes[0] in regimes else len(regimes),
        )

    return sorted(found, key=key)


def finding_text(
    f: Finding, titles: Mapping[str, str], baseline: str, markdown: bool = True
) -> str:
    """One finding as a sentence with units, the interval and the seeds worse.

    Args:
        f: The finding.
        titles: Display title of each regime.
        baseline: The baseline regime.
        markdown: Bold regime names and code-quoted outcome ids (report.md); plain otherwise.
    """
    registry = outcome_registry(GROUP_KEYS)
    unit = registry[f.outcome].unit if f.outcome in registry else ""
    names = " = ".join(titles.get(r, r) for r in f.regimes)
    direction = "higher" if f.difference > 0 else "lower"
    size = human(abs(f.difference))
    relative = f" ({signed(f.relative * 100)}%)" if math.isfinite(f.relative) else ""
    if f.worse is None:
        seeds = f"no better side for this outcome; {f.pairs} seeds"
    else:
        seeds = f"worse in {f.worse} of {f.pairs} seeds"
    bold, code = ("**", "`") if markdown else ("", "")
    return (
        f"{bold}{names}{bold}: {outcome_label(f.outcome)} ({code}{f.outcome}{code}) "
        f"{size} {unit} {direction}"
        f"{relative} than under {titles.get(baseline, baseline)} "
        f"[95% CI {signed(f.low)} to {signed(f.high)}]; {seeds}."
    )


def identical_text(
    groups: Mapping[int, list[tuple[str, ...]]], titles: Mapping[str, str], start_month: str
) -> list[str]:
    """One line per horizon with identical regimes (empty when there are none)."""
    lines = []
    for horizon in sorted(groups):
        for group in groups[horizon]:
            names = ", ".join(titles.get(r, r) for r in group)
            lines.append(
                f"At {horizon_label(horizon, start_month)}: {names} give identical results "
                "(every seed, every reported outcome)."
            )
    return lines
