"""The report folder: summary table, paired differences, figures and report.md."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from model.categories import Category  # noqa: E402
from model.landscape import GROUP_KEYS  # noqa: E402
from model.outcomes import outcome_registry  # noqa: E402
from model.params import Params  # noqa: E402
from runs.spec import Experiment  # noqa: E402


def package_version() -> str:
    """Installed decertsim version (or "unknown" when run from a source tree)."""
    try:
        return version("decertsim")
    except PackageNotFoundError:
        return "unknown"


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


def fan_chart(frame: pd.DataFrame, outcomes: list[str], path: Path) -> Path:
    """Median and 5-95% band over seeds, per regime, for each outcome over time."""
    registry = outcome_registry(GROUP_KEYS)
    cols = 2
    rows = (len(outcomes) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.6 * rows), dpi=100, squeeze=False)
    for ax, outcome in zip(axes.ravel(), outcomes, strict=False):
        sub = frame[frame["outcome"] == outcome]
        for regime, group in sub.groupby("regime", sort=False):
            q = group.groupby("month")["value"].quantile([0.05, 0.5, 0.95]).unstack()
            line = ax.plot(q.index, q[0.5], label=regime, lw=1.4)
            ax.fill_between(q.index, q[0.05], q[0.95], color=line[0].get_color(), alpha=0.15)
        ax.set_title(f"{outcome} ({registry[outcome].unit})", fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in axes.ravel()[len(outcomes) :]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=8)
    for ax in axes[-1]:
        ax.set_xlabel("month since start")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def capacity_chart(frame: pd.DataFrame, path: Path) -> Path:
    """Mean state capacity per category over time, one panel per regime."""
    regimes = list(dict.fromkeys(frame["regime"]))
    fig, axes = plt.subplots(
        1, len(regimes), figsize=(3.6 * len(regimes), 3.4), dpi=100, sharey=True, squeeze=False
    )
    for ax, regime in zip(axes[0], regimes, strict=True):
        sub = frame[frame["regime"] == regime]
        for category in Category:
            series = sub[sub["outcome"] == f"state_capacity_{category.value}"]
            mean = series.groupby("month")["value"].mean()
            ax.plot(mean.index, mean.values, lw=1.2, label=category.value)
        ax.set_title(regime, fontsize=9)
        ax.set_xlabel("month since start", fontsize=8)
        ax.tick_params(labelsize=8)
    axes[0][0].set_ylabel("capacity (1 = status quo)", fontsize=8)
    axes[0][-1].legend(fontsize=6, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_report(
    out: Path,
    experiment: Experiment,
    params: Params,
    seeds: list[int],
    frame: pd.DataFrame,
    summary: pd.DataFrame,
    differences: pd.DataFrame,
) -> Path:
    """Write summary.csv, differences.csv, figures and report.md into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    summary.to_csv(out / "summary.csv", index=False)
    differences.to_csv(out / "differences.csv", index=False)
    fan_chart(frame, experiment.outcomes, out / "fan_charts.png")
    capacity_chart(frame, out / "capacity.png")
    lines = [
        f"# decertsim report: {experiment.name}",
        "",
        experiment.description,
        "",
        "Results are explorations of the model's mechanisms under its documented assumptions "
        "(docs/ODD.md, docs/PARAMETERS.md), not forecasts.",
        "",
        "## What produced it",
        "",
        f"- decertsim version: {package_version()}",
        f"- regimes: {', '.join(experiment.regimes)} (baseline: {experiment.baseline})",
        f"- months: {experiment.months} from {params.simulation.start_month}; "
        f"grid: {experiment.resolution}",
        f"- replications: {experiment.replications}; master seed {experiment.seed}; "
        f"seeds (common to every regime): {', '.join(map(str, seeds))}",
        f"- parameter overrides: {experiment.overrides or 'none'}; "
        f"parameters digest {params.digest()}",
        "",
        "Stocks are read at the horizon month; flows (units with '/ month') are the mean of the "
        "12 months up to the horizon. Intervals are 95% Student-t intervals across seeds.",
        "",
    ]
    for horizon in sorted(summary["horizon_months"].unique()):
        lines += [
            f"## At {horizon} months",
            "",
            "| outcome | unit | " + " | ".join(experiment.regimes) + " |",
            "| --- | --- | " + " | ".join("---" for _ in experiment.regimes) + " |",
        ]
        sub = summary[summary["horizon_months"] == horizon]
        for outcome in experiment.outcomes:
            cells = []
            for regime in experiment.regimes:
                row = sub[(sub["regime"] == regime) & (sub["outcome"] == outcome)]
                if row.empty:
                    cells.append("")
                    continue
                r = row.iloc[0]
                cells.append(f"{_fmt(r['mean'])} [{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}]")
            unit = sub[sub["outcome"] == outcome]["unit"].iloc[0] if len(sub) else ""
            lines.append(f"| {outcome} | {unit} | " + " | ".join(cells) + " |")
        lines.append("")
    if not differences.empty:
        lines += [
            f"## Paired differences against {experiment.baseline}",
            "",
            "Mean of (regime - baseline) over matching seeds, with 95% intervals.",
            "",
            "| horizon | outcome | regime | difference [95% CI] |",
            "| --- | --- | --- | --- |",
        ]
        for _, r in differences.iterrows():
            lines.append(
                f"| {r['horizon_months']} | {r['outcome']} | {r['regime']} | "
                f"{_fmt(r['mean_difference'])} [{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}] |"
            )
        lines.append("")
    lines += [
        "## Figures",
        "",
        "![Fan charts: median and 5-95% band over seeds](fan_charts.png)",
        "",
        "![State capacity per assistance category over time](capacity.png)",
        "",
    ]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
