"""The report folder: summary and paired tables, fan charts, control maps, capacity, report.md.

``write_report(OUT)`` reads only what it needs from the result store (DuckDB) and the experiment
recorded in ``OUT/experiment.json``, so ``decertsim report OUT`` can rebuild a report at any time,
including from a sweep that is only partly finished.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from model.categories import Category  # noqa: E402
from model.errors import ExperimentError  # noqa: E402
from model.geo import build_landscape  # noqa: E402
from model.groups import GROUP_KEYS  # noqa: E402
from model.outcomes import outcome_registry  # noqa: E402
from runs.compare import (  # noqa: E402
    armed_control_maps,
    load_horizon_rows,
    over_time,
    paired_differences,
    snapshot_months,
    summarize,
)
from runs.corridors import corridor_flows, corridor_map  # noqa: E402
from runs.spec import Experiment  # noqa: E402
from runs.store import ResultStore  # noqa: E402


def package_version() -> str:
    """Installed decertsim version (or "unknown" when run from a source tree)."""
    try:
        return version("decertsim")
    except PackageNotFoundError:
        return "unknown"


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


def fan_chart(series: pd.DataFrame, outcomes: list[str], path: Path) -> Path:
    """Median and 5-95% band over seeds, per regime, for each outcome over time."""
    registry = outcome_registry(GROUP_KEYS)
    cols = 2
    rows = (len(outcomes) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.6 * rows), dpi=100, squeeze=False)
    for ax, outcome in zip(axes.ravel(), outcomes, strict=False):
        sub = series[series["outcome"] == outcome]
        for regime, group in sub.groupby("regime", sort=False):
            line = ax.plot(group["month"], group["q50"], label=regime, lw=1.4)
            ax.fill_between(
                group["month"], group["q05"], group["q95"], color=line[0].get_color(), alpha=0.15
            )
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


def capacity_chart(series: pd.DataFrame, regimes: list[str], path: Path) -> Path:
    """Mean state capacity per category over time, one panel per regime."""
    fig, axes = plt.subplots(
        1, len(regimes), figsize=(3.6 * len(regimes), 3.4), dpi=100, sharey=True, squeeze=False
    )
    for ax, regime in zip(axes[0], regimes, strict=True):
        sub = series[series["regime"] == regime]
        for category in Category:
            line = sub[sub["outcome"] == f"state_capacity_{category.value}"]
            ax.plot(line["month"], line["mean"], lw=1.2, label=category.value)
        ax.set_title(regime, fontsize=8)
        ax.set_xlabel("month since start", fontsize=8)
        ax.tick_params(labelsize=8)
    axes[0][0].set_ylabel("capacity (1 = status quo)", fontsize=8)
    axes[0][-1].legend(fontsize=6, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def control_share_maps(
    maps: pd.DataFrame, regimes: list[str], baseline: str, resolution: str, month: int, path: Path
) -> Path:
    """Share of seeds with armed control per cell, per regime, and the difference to baseline."""
    landscape = build_landscape(resolution)
    shape = (landscape.width, landscape.height)
    extent = (
        float(landscape.lon.min()),
        float(landscape.lon.max()),
        float(landscape.lat.min()),
        float(landscape.lat.max()),
    )
    grids: dict[str, np.ndarray] = {}
    for regime in regimes:
        grid = np.full(shape, np.nan)
        sub = maps[maps["regime"] == regime]
        grid[sub["x"].to_numpy(int), sub["y"].to_numpy(int)] = sub["share"].to_numpy()
        grids[regime] = grid
    others = [r for r in regimes if r != baseline]
    fig, axes = plt.subplots(
        2, len(regimes), figsize=(3.2 * len(regimes), 7.4), dpi=100, squeeze=False
    )
    for ax, regime in zip(axes[0], regimes, strict=True):
        image = ax.imshow(
            grids[regime].T,
            origin="lower",
            extent=extent,
            vmin=0,
            vmax=1,
            cmap="Reds",
            interpolation="nearest",
        )
        ax.set_title(f"{regime}\nshare of seeds under armed control", fontsize=7)
        ax.tick_params(labelsize=6)
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.7, label="share of seeds")
    diff_image = None
    for ax, regime in zip(axes[1], [baseline, *others], strict=True):
        if regime == baseline or baseline not in grids:
            ax.axis("off")
            continue
        diff_image = ax.imshow(
            (grids[regime] - grids[baseline]).T,
            origin="lower",
            extent=extent,
            vmin=-1,
            vmax=1,
            cmap="RdBu_r",
            interpolation="nearest",
        )
        ax.set_title(f"{regime}\nminus {baseline}", fontsize=7)
        ax.tick_params(labelsize=6)
    if diff_image is not None:
        fig.colorbar(diff_image, ax=axes[1].tolist(), shrink=0.7, label="difference in share")
    fig.suptitle(f"Armed control at month {month + 1}", fontsize=10)
    fig.savefig(path)
    plt.close(fig)
    return path


def _fmt_value(value: object) -> str:
    """A swept parameter value for a table cell."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def load_manifest(out: Path) -> tuple[Experiment, dict]:
    """The experiment recorded in OUT/experiment.json."""
    path = out / "experiment.json"
    if not path.is_file():
        raise ExperimentError(
            f"{out}: no experiment.json here; is this a `decertsim compare` folder?"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    manifest = data["experiment"]
    return Experiment.model_validate(manifest["spec"]), manifest


def write_report(out: Path) -> Path:
    """Write summary.csv, differences.csv, over_time.csv, figures and report.md into ``out``.

    An uncertainty sweep (more than one parameter point) also gets summary_by_point.csv,
    differences_by_point.csv and a per-point table in report.md.
    """
    out = Path(out)
    experiment, manifest = load_manifest(out)
    store = ResultStore(out)
    if not store.finished_ids():
        raise ExperimentError(f"{out}: no finished runs to report on")
    con = store.connect()
    try:
        horizons = experiment.horizons_within()
        rows = load_horizon_rows(con, experiment.outcomes, horizons)
        summary = summarize(rows, horizons, experiment.outcomes)
        regimes_present = list(
            dict.fromkeys(r for r in experiment.regimes if r in set(rows["regime"]))
        )
        differences = paired_differences(rows, horizons, experiment.outcomes, experiment.baseline)
        points = experiment.points()
        if len(points) > 1:  # an uncertainty sweep: also per parameter point
            by_point = summarize(rows, horizons, experiment.outcomes, by_point=True)
            differences_by_point = paired_differences(
                rows, horizons, experiment.outcomes, experiment.baseline, by_point=True
            )
        capacity_outcomes = [f"state_capacity_{c.value}" for c in Category]
        series = over_time(con, [*experiment.outcomes, *capacity_outcomes])
        snaps = snapshot_months(con)
        map_month = max((m for m in snaps if m <= max(horizons) - 1), default=None)
        maps = armed_control_maps(con, map_month) if map_month is not None else None
        corridors = corridor_flows(con, map_month) if map_month is not None else None
        n_failed = (
            con.execute("SELECT count(*) FROM failures").fetchone()[0]
            if (out / "failures.parquet").exists()
            else 0
        )
    finally:
        con.close()

    summary.to_csv(out / "summary.csv", index=False)
    differences.to_csv(out / "differences.csv", index=False)
    if len(points) > 1:
        values = pd.DataFrame(points).add_prefix("param:")
        values.insert(0, "point", range(len(points)))
        by_point.merge(values, on="point").to_csv(out / "summary_by_point.csv", index=False)
        differences_by_point = differences_by_point.merge(values, on="point")
        differences_by_point.to_csv(out / "differences_by_point.csv", index=False)
    series.to_csv(out / "over_time.csv", index=False)
    fan_chart(series, experiment.outcomes, out / "fan_charts.png")
    capacity_chart(series, regimes_present, out / "capacity.png")
    figures = [
        ("Fan charts: median and 5-95% band over seeds", "fan_charts.png"),
        ("State capacity per assistance category over time", "capacity.png"),
    ]
    if maps is not None and not maps.empty:
        control_share_maps(
            maps,
            regimes_present,
            experiment.baseline,
            experiment.resolution,
            map_month,
            out / "control_maps.png",
        )
        figures.append(
            ("Share of seeds in which each cell is under armed control", "control_maps.png")
        )
    if corridors is not None and not corridors.empty:
        corridor_map(
            corridors, regimes_present, experiment.resolution, map_month, out / "corridors.png"
        )
        figures.append(
            ("Main cocaine corridors: tonnes a month through each cell", "corridors.png")
        )

    unc = experiment.uncertainties
    uncertainties = unc.model_dump() if unc else "none"
    lines = [
        f"# decertsim report: {experiment.name}",
        "",
        experiment.description,
        "",
        "Results explore the model's mechanisms under its documented assumptions "
        "(docs/ODD.md, docs/PARAMETERS.md); they are not forecasts.",
        "",
        "## What produced it",
        "",
        f"- decertsim version: {package_version()}",
        f"- regimes: {', '.join(experiment.regimes)} (baseline: {experiment.baseline})",
        f"- months: {experiment.months} from {manifest.get('start_month', '2025-09')}; "
        f"grid: {experiment.resolution}",
        f"- replications: {experiment.replications}; master seed {experiment.seed}; seeds "
        f"(common to every regime): {', '.join(map(str, manifest.get('seeds', [])))}",
        f"- parameter overrides: {experiment.overrides or 'none'}",
        f"- uncertainties: {uncertainties}",
        f"- runs planned: {manifest.get('n_runs', '?')}; failed: {n_failed}",
        "",
        "Stocks are read at the horizon month; flows (units with '/ month') are the mean of the "
        "12 months up to the horizon. Intervals are 95% Student-t intervals across seeds "
        "(and parameter points).",
        "",
    ]
    for horizon in horizons:
        lines += [
            f"## At {horizon} months",
            "",
            "| outcome | unit | " + " | ".join(regimes_present) + " |",
            "| --- | --- | " + " | ".join("---" for _ in regimes_present) + " |",
        ]
        sub = summary[summary["horizon_months"] == horizon]
        for outcome in experiment.outcomes:
            cells = []
            for regime in regimes_present:
                row = sub[(sub["regime"] == regime) & (sub["outcome"] == outcome)]
                if row.empty:
                    cells.append("")
                    continue
                r = row.iloc[0]
                cells.append(f"{_fmt(r['mean'])} [{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}]")
            unit = outcome_registry(GROUP_KEYS)[outcome].unit
            lines.append(f"| {outcome} | {unit} | " + " | ".join(cells) + " |")
        lines.append("")
    if not differences.empty:
        lines += [
            f"## Paired differences against {experiment.baseline}",
            "",
            "Mean of (regime - baseline) over the same seeds, with 95% intervals, and the share "
            "of seeds in which the regime is worse than the baseline (n/a: no direction).",
            "",
            "| horizon | outcome | regime | difference [95% CI] | share of seeds worse |",
            "| --- | --- | --- | --- | --- |",
        ]
        for _, r in differences.iterrows():
            lines.append(
                f"| {r['horizon_months']} | {r['outcome']} | {r['regime']} | "
                f"{_fmt(r['mean_difference'])} [{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}] | "
                f"{_fmt(r['share_worse'])} |"
            )
        lines.append("")
    if len(points) > 1 and not differences_by_point.empty:
        horizon = max(horizons)
        names = list(points[0])
        lines += [
            f"## Paired differences per parameter point, at {horizon} months",
            "",
            "The tables above pool the parameter points with the seeds; here each point "
            "(a combination of the swept values) has its own paired differences against "
            f"{experiment.baseline}. All horizons: `differences_by_point.csv`, "
            "`summary_by_point.csv`.",
            "",
            "| point | "
            + " | ".join(f"`{n}`" for n in names)
            + " | outcome | regime | difference [95% CI] | share of seeds worse |",
            "| --- | " + " | ".join("---" for _ in names) + " | --- | --- | --- | --- |",
        ]
        last = differences_by_point[differences_by_point["horizon_months"] == horizon]
        for _, r in last.sort_values(["outcome", "regime", "point"]).iterrows():
            swept = " | ".join(_fmt_value(r[f"param:{n}"]) for n in names)
            lines.append(
                f"| {r['point']} | {swept} | {r['outcome']} | {r['regime']} | "
                f"{_fmt(r['mean_difference'])} [{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}] | "
                f"{_fmt(r['share_worse'])} |"
            )
        lines.append("")
    lines += ["## Figures", ""]
    for caption, name in figures:
        lines += [f"![{caption}]({name})", ""]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
