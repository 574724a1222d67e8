"""The report folder: findings, summary and paired tables, figures, one tidy table, report.md.

``write_report(OUT)`` reads only what it needs from the result store (DuckDB) and the experiment
recorded in ``OUT/experiment.json``, so ``decertsim report OUT`` can rebuild a report at any time,
including from a sweep that is only partly finished. ``report.md`` opens with the findings
(``runs/findings.py``); the figures are drawn by ``runs/report_figures.py``. The same results
give the same files: rows and findings are sorted with explicit keys, numbers formatted with
fixed rules, and nothing records the time.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from model.assistance import Regime
from model.calendar import month_label
from model.categories import Category
from model.errors import ExperimentError, describe_validation_error
from model.geo import build_landscape
from runs.catalog import load_regime, regime_names
from runs.compare import (
    armed_control_maps,
    load_horizon_rows,
    modal_controller_maps,
    over_time,
    paired_differences,
    snapshot_months,
    summarize,
)
from runs.corridors import corridor_flows, corridor_map
from runs.election import election_results, split_by_winner, win_probabilities
from runs.files import write_csv_atomic, write_text_atomic
from runs.findings import identical_groups, significant_findings
from runs.report_figures import armed_control_maps as draw_armed_maps
from runs.report_figures import capacity_chart, fan_chart, modal_control_maps
from runs.report_md import (
    ReportData,
    by_point_section,
    dependence_section,
    differences_section,
    election_section,
    findings_section,
    means_section,
    package_version,
    produced_section,
)
from runs.spec import Experiment
from runs.store import ResultStore
from runs.tidy import write_timeseries

__all__ = ["ReportData", "compute_report", "load_manifest", "package_version", "write_report"]


def load_manifest(out: Path) -> tuple[Experiment, dict]:
    """The experiment recorded in OUT/experiment.json.

    Raises:
        ExperimentError: no experiment.json, or a damaged one (with how to repair it).
    """
    manifest = ResultStore(out).read_manifest()["experiment"]
    try:
        return Experiment.model_validate(manifest["spec"]), manifest
    except ValidationError as exc:
        raise ExperimentError(
            describe_validation_error(f"{out / 'experiment.json'} (experiment.spec)", exc)
            + "\nrun the `decertsim compare` command that made this folder again with the same "
            "--out: it rewrites experiment.json and keeps every finished run"
        ) from None


def regime_titles(manifest: Mapping) -> dict[str, str]:
    """Display title of each regime of a sweep (its name when the regime file gives none).

    A folder written before regimes had titles gets the shipped regime's title when the
    recorded regime is the shipped one to the letter.
    """
    titles = {}
    shipped = set(regime_names())
    for name, recorded in (manifest.get("regimes") or {}).items():
        title = recorded.get("title")
        if not title and name in shipped:
            regime = load_regime(name)
            same = Regime.model_validate(recorded).canonical() == regime.canonical()
            title = regime.title if same else None
        titles[name] = title or name
    return titles


def compute_report(out: Path) -> ReportData:
    """Read the store of ``out`` and compute everything the report shows.

    Raises:
        ExperimentError: no experiment.json, or no finished run.
    """
    out = Path(out)
    experiment, manifest = load_manifest(out)
    store = ResultStore(out)
    if not store.finished_ids():
        present = len(list(store.runs_dir.glob("regime=*/*.parquet")))
        hint = (
            f"; {present} run file(s) are there but not in its index of finished runs: "
            f"`decertsim report --rebuild {out}` rebuilds the index from them"
            if present
            else ""
        )
        raise ExperimentError(f"{out}: no finished runs to report on{hint}")
    titles = {name: name for name in experiment.regimes} | regime_titles(manifest)
    con = store.connect()
    # One thread: rows arrive and sums add up in the same order every time, so the same folder
    # gives the same bytes (parallel float sums differ in their last digits).
    con.execute("SET threads = 1")
    try:
        horizons = experiment.horizons_within()
        rows = load_horizon_rows(con, experiment.outcomes, horizons)
        summary = summarize(rows, horizons, experiment.outcomes)
        present = set(rows["regime"])
        # the experiment's order; regimes given as file paths are known by name only here
        regimes = [r for r in experiment.regimes if r in present]
        regimes += sorted(present - set(regimes))
        differences = paired_differences(rows, horizons, experiment.outcomes, experiment.baseline)
        points = experiment.points()
        by_point = by_point_summary = pd.DataFrame()
        if len(points) > 1:  # an uncertainty sweep: also per parameter point
            by_point_summary = summarize(rows, horizons, experiment.outcomes, by_point=True)
            by_point = paired_differences(
                rows, horizons, experiment.outcomes, experiment.baseline, by_point=True
            )
        capacity_outcomes = [f"state_capacity_{c.value}" for c in Category]
        series = over_time(con, [*experiment.outcomes, *capacity_outcomes])
        snaps = snapshot_months(con)
        map_month = max((m for m in snaps if m <= max(horizons) - 1), default=None)
        shares = armed_control_maps(con, map_month) if map_month is not None else None
        modal = modal_controller_maps(con, map_month) if map_month is not None else None
        corridors = corridor_flows(con, map_month) if map_month is not None else None
        results = election_results(con)
        n_failed = con.execute("SELECT count(*) FROM failures").fetchone()[0]
    finally:
        con.close()
    groups = identical_groups(rows, horizons, experiment.outcomes, regimes)
    election = election_split = None
    if not results.empty:
        election = win_probabilities(results, regimes)
        election_split = split_by_winner(rows, results, horizons, experiment.outcomes)
    return ReportData(
        experiment=experiment,
        manifest=manifest,
        regimes=regimes,
        titles=titles,
        summary=summary,
        differences=differences,
        groups=groups,
        findings=significant_findings(
            differences, summary, experiment.baseline, regimes, experiment.outcomes, groups
        ),
        n_failed=n_failed,
        series=series,
        points=points,
        by_point_summary=by_point_summary,
        by_point=by_point,
        map_month=map_month,
        shares=shares,
        modal=modal,
        corridors=corridors,
        election=election,
        election_split=election_split,
    )


def write_report(out: Path, data: ReportData | None = None) -> Path:
    """Write the tables, figures, ``timeseries.parquet`` and ``report.md`` into ``out``.

    Tables: summary.csv, differences.csv, over_time.csv (and summary_by_point.csv,
    differences_by_point.csv for an uncertainty sweep with more than one parameter point;
    election.csv and election_by_winner.csv when runs reach the 2026 vote, ``runs/election.py``).
    Figures: fan_charts.png, capacity.png, control_maps.png (modal controller) and
    armed_control_maps.png (probability of armed control, and its difference to the baseline),
    corridors.png (mean tonnes of cocaine through each cell, per regime; ODD 7.10).

    Args:
        out: The result folder.
        data: What :func:`compute_report` gives for ``out`` (computed here if None).

    Returns:
        The path of report.md.
    """
    out = Path(out)
    data = data or compute_report(out)
    experiment, points = data.experiment, data.points
    write_csv_atomic(data.summary, out / "summary.csv")
    write_csv_atomic(data.differences, out / "differences.csv")
    by_point = data.by_point
    if len(points) > 1:
        values = pd.DataFrame(points).add_prefix("param:")
        values.insert(0, "point", range(len(points)))
        write_csv_atomic(
            data.by_point_summary.merge(values, on="point"), out / "summary_by_point.csv"
        )
        by_point = by_point.merge(values, on="point")
        write_csv_atomic(by_point, out / "differences_by_point.csv")
    write_csv_atomic(data.series, out / "over_time.csv")
    if data.election is not None and data.election_split is not None:
        write_csv_atomic(data.election, out / "election.csv")
        write_csv_atomic(data.election_split, out / "election_by_winner.csv")
    write_timeseries(out)
    figures = _figures(out, data)

    lines = [
        f"# decertsim report: {experiment.name}",
        "",
        experiment.description,
        "",
        "Results explore the model's mechanisms under its documented assumptions "
        "(docs/ODD.md, docs/PARAMETERS.md); they are not forecasts.",
        "",
        *findings_section(data),
        *produced_section(data),
        *election_section(data),
        *means_section(data),
        *differences_section(data),
        *(by_point_section(data, by_point, points) if len(points) > 1 else []),
        *dependence_section(),
        "## Figures",
        "",
    ]
    for caption, name in figures:
        lines += [f"![{caption}]({name})", ""]
    path = out / "report.md"
    write_text_atomic("\n".join(lines), path)
    return path


def _figures(out: Path, data: ReportData) -> list[tuple[str, str]]:
    """Draw the report's figures; return (caption, file name) of each, in report order."""
    exp, titles, start = data.experiment, data.titles, data.start
    fan_chart(data.series, exp.outcomes, data.regimes, titles, start, out / "fan_charts.png")
    capacity_chart(data.series, data.regimes, titles, start, out / "capacity.png")
    figures = [
        ("Fan charts: median and 5-95% band over seeds", "fan_charts.png"),
        ("State capacity per assistance category over time", "capacity.png"),
    ]
    month, shares, modal = data.map_month, data.shares, data.modal
    if month is None or shares is None or modal is None or shares.empty:
        return figures
    landscape = build_landscape(exp.resolution)
    when = f"end of {month_label(month, start)} (month {month})"
    modal_control_maps(modal, data.regimes, titles, landscape, when, out / "control_maps.png")
    draw_armed_maps(
        shares, data.regimes, exp.baseline, titles, landscape, when, out / "armed_control_maps.png"
    )
    figures += [
        (f"Who controls each cell in most seeds, {when}", "control_maps.png"),
        (f"Probability of armed control per cell, {when}", "armed_control_maps.png"),
    ]
    corridors = data.corridors
    if corridors is not None and not corridors.empty:
        path = out / "corridors.png"
        corridor_map(corridors, data.regimes, exp.resolution, when, path, titles)
        figures.append(
            (f"Main cocaine corridors: tonnes a month through each cell, {when}", "corridors.png")
        )
    return figures
