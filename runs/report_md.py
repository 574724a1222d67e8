"""report.md's sections, rendered from what ``runs/report.py`` computes (:class:`ReportData`).

Findings first (``runs/findings.py``), then what produced the results, the means per horizon, the
paired differences grouped by outcome and, for an uncertainty sweep, per parameter point. Numbers
are human-readable (``runs/score_view.human``); regimes appear under their display titles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from model.calendar import month_label
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from runs.findings import (
    Finding,
    finding_text,
    horizon_label,
    identical_text,
    outcome_label,
    signed,
)
from runs.score_view import human
from runs.spec import Experiment
from runs.tidy import TIMESERIES

#: Findings listed per horizon in report.md (the rest are in the paired table and the CSV).
FINDINGS_PER_HORIZON = 12
DEFAULT_START = "2025-09"


def package_version() -> str:
    """Installed decertsim version (or "unknown" when run from a source tree)."""
    try:
        return version("decertsim")
    except PackageNotFoundError:
        return "unknown"


def _interval(mean: float, low: float, high: float, sign: bool = False) -> str:
    number = signed if sign else human
    return f"{number(mean)} [{number(low)}, {number(high)}]"


def _fmt_value(value: object) -> str:
    """A swept parameter value for a table cell."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


@dataclass
class ReportData:
    """Everything report.md says, computed once from the store."""

    experiment: Experiment
    manifest: dict
    regimes: list[str]  # regimes with results, in the experiment's order
    titles: dict[str, str]
    summary: pd.DataFrame
    differences: pd.DataFrame
    groups: dict[int, list[tuple[str, ...]]]
    findings: list[Finding]
    n_failed: int
    series: pd.DataFrame  # over time (over_time.csv)
    points: list[dict]  # parameter points (one for a plain comparison)
    by_point_summary: pd.DataFrame
    by_point: pd.DataFrame
    map_month: int | None
    shares: pd.DataFrame | None  # probability of armed control per cell
    modal: pd.DataFrame | None  # modal controller per cell
    corridors: pd.DataFrame | None = None  # mean cocaine through each cell (runs/corridors.py)
    election: pd.DataFrame | None = (
        None  # governing camp's win chance per regime (runs/election.py)
    )
    election_split: pd.DataFrame | None = None  # outcomes split by the election's winner

    @property
    def start(self) -> str:
        """Calendar month of month 0."""
        return self.manifest.get("start_month") or DEFAULT_START


def findings_section(data: ReportData, limit: int = FINDINGS_PER_HORIZON) -> list[str]:
    """The report's opening: findings per horizon (longest first), then identical regimes."""
    exp, titles = data.experiment, data.titles
    lines = [
        "## Findings",
        "",
        f"Paired differences against **{titles.get(exp.baseline, exp.baseline)}** (the same "
        "seeds under each regime) whose 95% interval excludes zero, largest first relative to "
        "the baseline's mean; flows are the mean of the 12 months up to the horizon. Month 0 "
        f"is {data.start}.",
        "",
    ]
    for horizon in sorted(exp.horizons_within(), reverse=True):
        found = [f for f in data.findings if f.horizon == horizon]
        lines += [f"### At {horizon_label(horizon, data.start)}", ""]
        if not found:
            lines += ["No paired difference has an interval that excludes zero.", ""]
            continue
        lines += [f"- {finding_text(f, titles, exp.baseline)}" for f in found[:limit]]
        if len(found) > limit:
            lines.append(
                f"- ... and {len(found) - limit} more (the paired differences below, "
                "`differences.csv`)."
            )
        lines.append("")
    lines += ["### Identical regimes", ""]
    same = identical_text(data.groups, titles, data.start)
    lines += [f"- {line}" for line in same] or [
        "None: at every horizon each regime differs from every other in some seed."
    ]
    return [*lines, ""]


def election_section(data: ReportData) -> list[str]:
    """The 2026 election: the governing camp's win chance per regime, outcomes by the winner."""
    if data.election is None or data.election_split is None:
        return []
    titles = data.titles
    lines = [
        "## The 2026 election",
        "",
        "Share of runs the governing camp's candidate won (decided in the runoff month, "
        "docs/ODD.md 7.14), with its Wilson 95% interval:",
        "",
        "| regime | runs | governing camp wins | probability (95% CI) |",
        "| --- | --- | --- | --- |",
    ]
    for row in data.election.itertuples():
        lines.append(
            f"| {titles.get(row.regime, row.regime)} | {row.runs} | {row.governing_wins} | "
            f"{_interval(row.probability, row.ci95_low, row.ci95_high)} |"
        )
    split = data.election_split
    if not split.empty:
        horizon = int(split["horizon_months"].max())
        lines += [
            "",
            f"### Outcomes by the election's result, at {horizon_label(horizon, data.start)}",
            "",
            "Mean (95% CI) over the runs each camp won, same seeds as above.",
            "",
            "| regime | outcome | governing camp won | opposition won |",
            "| --- | --- | --- | --- |",
        ]
        at = split[split["horizon_months"] == horizon]
        for regime in data.regimes:
            for outcome in data.experiment.outcomes:
                group = at[(at["regime"] == regime) & (at["outcome"] == outcome)]
                if group.empty:
                    continue
                cells = []
                for camp in ("governing", "opposition"):
                    row = group[group["camp"] == camp]
                    if row.empty:
                        cells.append("no run")
                        continue
                    r = row.iloc[0]
                    interval = _interval(r["mean"], r["ci95_low"], r["ci95_high"])
                    cells.append(f"{interval} (n={r['n_runs']})")
                title = titles.get(regime, regime)
                lines.append(f"| {title} | {outcome_label(outcome)} | {cells[0]} | {cells[1]} |")
    return [*lines, ""]


def means_section(data: ReportData) -> list[str]:
    """Mean and 95% interval per outcome and regime, one table per horizon."""
    registry = outcome_registry(GROUP_KEYS)
    names = [data.titles.get(r, r) for r in data.regimes]
    lines = ["## Means across seeds", ""]
    for horizon in data.experiment.horizons_within():
        lines += [
            f"### At {horizon_label(horizon, data.start)}",
            "",
            "| outcome | unit | " + " | ".join(names) + " |",
            "| --- | --- | " + " | ".join("---" for _ in names) + " |",
        ]
        sub = data.summary[data.summary["horizon_months"] == horizon].set_index(
            ["regime", "outcome"]
        )
        for outcome in data.experiment.outcomes:
            cells = []
            for regime in data.regimes:
                if (regime, outcome) not in sub.index:
                    cells.append("")
                    continue
                r = sub.loc[(regime, outcome)]
                cells.append(_interval(r["mean"], r["ci95_low"], r["ci95_high"]))
            unit = registry[outcome].unit if outcome in registry else ""
            title = registry[outcome].title if outcome in registry else outcome
            lines.append(f"| {title} (`{outcome}`) | {unit} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def differences_section(data: ReportData) -> list[str]:
    """Paired differences grouped by outcome: a table per outcome, regimes by horizons."""
    exp = data.experiment
    if data.differences.empty:
        return []
    registry = outcome_registry(GROUP_KEYS)
    horizons = exp.horizons_within()
    base = data.titles.get(exp.baseline, exp.baseline)
    lines = [
        f"## Paired differences against {base}, by outcome",
        "",
        "Mean of (regime - baseline) over the same seeds, with its 95% interval, and the seeds "
        "in which the regime is worse than the baseline (no direction: the outcome has no "
        "better side).",
        "",
    ]
    table = data.differences.set_index(["outcome", "regime", "horizon_months"])
    for outcome in exp.outcomes:
        unit = registry[outcome].unit if outcome in registry else ""
        lines += [
            f"### `{outcome}`: {outcome_label(outcome)} ({unit})",
            "",
            "| regime | " + " | ".join(f"at {h} months" for h in horizons) + " |",
            "| --- | " + " | ".join("---" for _ in horizons) + " |",
        ]
        for regime in data.regimes:
            if regime == exp.baseline:
                continue
            cells = []
            for horizon in horizons:
                if (outcome, regime, horizon) not in table.index:
                    cells.append("")
                    continue
                r = table.loc[(outcome, regime, horizon)]
                worse = (
                    "no direction"
                    if r["share_worse"] != r["share_worse"]
                    else f"worse in {round(r['share_worse'] * r['n_pairs'])}/{r['n_pairs']}"
                )
                text = _interval(r["mean_difference"], r["ci95_low"], r["ci95_high"], True)
                cells.append(f"{text}; {worse}")
            lines.append(f"| {data.titles.get(regime, regime)} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def posterior_line(manifest: dict) -> str:
    """Which parameters the runs used: the defaults, or draws from a posterior."""
    post = manifest.get("posterior")
    if not post:
        return (
            "- parameters: the defaults (docs/PARAMETERS.md) in every run: intervals are over "
            "seeds alone, not over parameter uncertainty (`decertsim compare --posterior` "
            "draws from the calibration's posterior)"
        )
    fixed = post.get("fixed_by_experiment") or []
    return (
        f"- parameters: one set per replication drawn from the posterior {post['description']}, "
        "the same set for every regime of a replication, so intervals and the seeds worse "
        f"include parameter uncertainty; sets drawn: {', '.join(map(str, post['draws']))}"
        + (f"; fixed by the experiment instead: {', '.join(fixed)}" if fixed else "")
    )


def dependence_section(path: Path | None = None) -> list[str]:
    """What the ordering of the regimes depends on, in words, from ``make sensitivity``.

    Reads ``model/data/sensitivity.json`` (runs/sensitivity.py); says nothing if it is absent.
    """
    path = path or Path(__file__).resolve().parents[1] / "model" / "data" / "sensitivity.json"
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = ", ".join(f"`{n}`" for n in data["problem"]["names"])
        words = [str(line) for line in data["words"]]
        fields = [data[key] for key in ("sets", "n", "regimes", "resolution", "model")]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A damaged shipped file costs this section, not the report of a finished sweep.
        return [
            "## What the ordering depends on",
            "",
            f"Not available: {path} cannot be read ({type(exc).__name__}: {exc}); restore it "
            "from the repository (git checkout) or rerun `make sensitivity`.",
            "",
        ]
    sets, n, regimes, resolution, model = fields
    return [
        "## What the ordering depends on",
        "",
        f"From `make sensitivity` (model/data/sensitivity.json), not from this experiment's runs: "
        f"{sets} parameter sets over the calibration posterior's 95% ranges of {names} "
        f"(Saltelli's scheme, N = {n}), each under {', '.join(map(str, regimes))} for "
        f"{data.get('months', 60)} months from September 2025 on the same seed, "
        f"{resolution} grid, model {model}. "
        "Total Sobol indices with their bootstrap 95% half-widths, and PRIM boxes of the sets "
        "where waivers do not beat the full cut-off. Only what is resolved is claimed: a "
        "parameter is named when its interval excludes zero, called the one the difference "
        "depends *most* on only when its interval lies above every other's, and a PRIM box is "
        "described only when it holds more failures than chance would (docs/VALIDATION.md, "
        "'Sensitivity'):",
        "",
        *(f"- {line}" for line in words),
        "",
    ]


def produced_section(data: ReportData) -> list[str]:
    """What produced the results: version, regimes, months, seeds, overrides, failures."""
    exp, manifest = data.experiment, data.manifest
    unc = exp.uncertainties.model_dump() if exp.uncertainties else "none"
    regimes = ", ".join(f"{data.titles.get(r, r)} (`{r}`)" for r in exp.regimes)
    last = month_label(exp.months - 1, data.start)
    return [
        "## What produced it",
        "",
        f"- decertsim version: {package_version()}",
        f"- regimes: {regimes}; baseline: {data.titles.get(exp.baseline, exp.baseline)}",
        f"- months: {exp.months}, month 0 = {data.start} to month {exp.months - 1} = {last}; "
        f"grid: {exp.resolution}",
        f"- replications: {exp.replications}; master seed {exp.seed}; seeds "
        f"(common to every regime): {', '.join(map(str, manifest.get('seeds', [])))}",
        f"- parameter overrides: {exp.overrides or 'none'}",
        posterior_line(manifest),
        f"- uncertainties: {unc}",
        f"- runs planned: {manifest.get('n_runs', '?')}; failed: {data.n_failed}",
        "",
        "Stocks are read at the horizon month; flows (units with '/ month') are the mean of the "
        "12 months up to the horizon. Intervals are 95% Student-t intervals across seeds "
        f"(and parameter points). Every run's series: `{TIMESERIES}` (one tidy table).",
        "",
    ]


def by_point_section(data: ReportData, by_point: pd.DataFrame, points: list[dict]) -> list[str]:
    """Paired differences per parameter point at the last horizon (uncertainty sweeps)."""
    if by_point.empty:
        return []
    exp = data.experiment
    horizon = max(exp.horizons_within())
    names = list(points[0])
    lines = [
        f"## Paired differences per parameter point, at {horizon} months",
        "",
        "The tables above pool the parameter points with the seeds; here each point "
        "(a combination of the swept values) has its own paired differences against "
        f"{data.titles.get(exp.baseline, exp.baseline)}. All horizons: "
        "`differences_by_point.csv`, `summary_by_point.csv`.",
        "",
        "| point | "
        + " | ".join(f"`{n}`" for n in names)
        + " | outcome | regime | difference [95% CI] | seeds worse |",
        "| --- | " + " | ".join("---" for _ in names) + " | --- | --- | --- | --- |",
    ]
    last = by_point[by_point["horizon_months"] == horizon]
    for _, r in last.sort_values(["outcome", "regime", "point"]).iterrows():
        swept = " | ".join(_fmt_value(r[f"param:{n}"]) for n in names)
        worse = (
            "no direction"
            if r["share_worse"] != r["share_worse"]
            else f"{round(r['share_worse'] * r['n_pairs'])}/{r['n_pairs']}"
        )
        lines.append(
            f"| {r['point']} | {swept} | `{r['outcome']}` | {data.titles.get(r['regime'])} | "
            f"{_interval(r['mean_difference'], r['ci95_low'], r['ci95_high'], True)} | {worse} |"
        )
    return [*lines, ""]
