"""The report's figures: fan charts, capacity per category, and maps of control across seeds.

Every figure names regimes by their display titles, dates its x axis with calendar months and
gives each regime its own colour *and* line style (so that regimes stay apart in grey print and
where lines coincide, which a note then says). Maps show department borders and capitals
(``runs/maps.py``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

from model.calendar import month_label  # noqa: E402
from model.categories import Category  # noqa: E402
from model.control import OFF_GRID  # noqa: E402
from model.geo import Landscape  # noqa: E402
from model.groups import GROUP_KEYS  # noqa: E402
from model.outcomes import outcome_registry  # noqa: E402
from runs.files import write_figure_atomic  # noqa: E402
from runs.findings import outcome_label  # noqa: E402
from runs.maps import (  # noqa: E402
    draw_control,
    draw_share,
    finish_map,
    legend_handles,
    map_places,
)

#: Line styles cycled over regimes (with the colour cycle), so no two of the first six look alike.
LINE_STYLES: tuple = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 1)))
COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
)


def regime_style(index: int) -> dict:
    """Colour and line style of the ``index``-th regime."""
    return {
        "color": COLORS[index % len(COLORS)],
        "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
    }


def date_axis(ax: Axes, months: int, start_month: str) -> None:
    """Label an axis of month numbers with calendar months ("2026-09")."""
    step = 1 if months <= 6 else 3 if months <= 18 else 6 if months <= 48 else 12
    ax.set_xlim(0, max(1, months - 1))
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _: month_label(int(round(value)), start_month))
    )
    ax.tick_params(axis="x", labelsize=7, rotation=30)


def coinciding(lines: Mapping[str, np.ndarray]) -> list[tuple[str, ...]]:
    """Groups of two or more regimes whose lines are identical at every month."""
    groups: dict[bytes, list[str]] = {}
    for regime, values in lines.items():
        groups.setdefault(np.asarray(values, dtype=float).tobytes(), []).append(regime)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def _legend(fig: Figure, regimes: list[str], titles: Mapping[str, str]) -> None:
    handles = [Line2D([], [], lw=1.6, **regime_style(i)) for i in range(len(regimes))]
    labels = [titles.get(r, r) for r in regimes]
    fig.legend(handles, labels, loc="upper center", ncol=min(3, len(regimes)), fontsize=8)


def _coincide_note(
    ax: Axes, groups: list[tuple[str, ...]], titles: Mapping[str, str], width: int
) -> None:
    """Say inside the panel which regimes' lines lie on top of each other."""
    if not groups:
        return
    text = "; ".join(" = ".join(titles.get(r, r) for r in g) for g in groups)
    note = ax.text(
        0.01,
        0.02,
        textwrap.fill(f"lines coincide: {text}", width),
        transform=ax.transAxes,
        fontsize=6,
        style="italic",
        va="bottom",
        bbox={"fc": "white", "ec": "none", "alpha": 0.6, "pad": 1},
        zorder=1.5,  # under the lines (zorder 2): the note never hides what it describes
    )
    note.set_in_layout(False)


def _panel_grid(
    n: int,
    cols: int,
    width: float,
    height: float,
    top: float,
    bottom: float = 0.0,
    right: float = 0.0,
) -> tuple[Figure, np.ndarray]:
    """A figure of ``n`` panels in ``cols`` columns, each ``width`` x ``height`` inches.

    Margins are fixed in inches (``top`` for the title and legend, ``bottom`` for a legend
    below, ``right`` for colour bars) instead of measured by a layout engine: as readable, and
    several times faster to draw.
    """
    rows = max(1, math.ceil(n / cols))
    fig_w, fig_h = width * cols + right, height * rows + top + bottom
    fig = Figure(figsize=(fig_w, fig_h), dpi=100)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    fig.subplots_adjust(
        left=0.75 / fig_w,
        right=1 - (0.2 + right) / fig_w,
        bottom=(0.55 + bottom) / fig_h,
        top=1 - top / fig_h,
        wspace=0.75 / (width - 0.75),
        hspace=0.95 / (height - 0.95),
    )
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def fan_figure(
    series: pd.DataFrame,
    outcomes: list[str],
    regimes: list[str],
    titles: Mapping[str, str],
    start_month: str,
) -> Figure:
    """Median and 5-95% band over seeds, per regime, for each outcome over time."""
    registry = outcome_registry(GROUP_KEYS)
    fig, axes = _panel_grid(len(outcomes), 2, 5.5, 2.8, 0.9)
    months = int(series["month"].max()) + 1 if not series.empty else 1
    for ax, outcome in zip(axes, outcomes, strict=True):
        sub = series[series["outcome"] == outcome]
        medians = {}
        for i, regime in enumerate(regimes):
            group = sub[sub["regime"] == regime].sort_values("month")
            if group.empty:
                continue
            style = regime_style(i)
            ax.plot(group["month"], group["q50"], lw=1.5, label=titles.get(regime, regime), **style)
            ax.fill_between(
                group["month"], group["q05"], group["q95"], color=style["color"], alpha=0.12
            )
            medians[regime] = group["q50"].to_numpy()
        unit = registry[outcome].unit if outcome in registry else ""
        label = outcome_label(outcome)
        ax.set_title(f"{label[:1].upper()}{label[1:]}\n{outcome}, {unit}", fontsize=8)
        ax.tick_params(labelsize=7)
        date_axis(ax, months, start_month)
        _coincide_note(ax, coinciding(medians), titles, 95)
    _legend(fig, regimes, titles)
    return fig


def fan_chart(
    series: pd.DataFrame,
    outcomes: list[str],
    regimes: list[str],
    titles: Mapping[str, str],
    start_month: str,
    path: Path,
) -> Path:
    """Save :func:`fan_figure` to ``path``."""
    write_figure_atomic(fan_figure(series, outcomes, regimes, titles, start_month), path)
    return path


def capacity_chart(
    series: pd.DataFrame,
    regimes: list[str],
    titles: Mapping[str, str],
    start_month: str,
    path: Path,
) -> Path:
    """Mean state capacity over time: one panel per assistance category, a line per regime."""
    categories = list(Category)
    fig, axes = _panel_grid(len(categories), 3, 3.8, 2.5, 0.9)
    months = int(series["month"].max()) + 1 if not series.empty else 1
    for ax, category in zip(axes, categories, strict=True):
        sub = series[series["outcome"] == f"state_capacity_{category.value}"]
        means = {}
        for i, regime in enumerate(regimes):
            line = sub[sub["regime"] == regime].sort_values("month")
            if line.empty:
                continue
            ax.plot(line["month"], line["mean"], lw=1.4, **regime_style(i))
            means[regime] = line["mean"].to_numpy()
        ax.set_title(category.value.replace("_", " "), fontsize=8)
        ax.set_ylabel("capacity (1 = status quo)", fontsize=7)
        ax.tick_params(labelsize=7)
        date_axis(ax, months, start_month)
        _coincide_note(ax, coinciding(means), titles, 60)
    _legend(fig, regimes, titles)
    write_figure_atomic(fig, path)
    return path


def _grids(frame: pd.DataFrame, column: str, regimes: list[str], shape: tuple) -> dict:
    grids = {}
    for regime in regimes:
        grid = np.full(shape, np.nan)
        sub = frame[frame["regime"] == regime]
        grid[sub["x"].to_numpy(int), sub["y"].to_numpy(int)] = sub[column].to_numpy(float)
        grids[regime] = grid
    return grids


def _map_panels(n: int, bottom: float = 0.0, right: float = 0.0) -> tuple[Figure, np.ndarray]:
    cols = min(3 if n <= 6 else 4, n)
    return _panel_grid(n, cols, 3.1, 3.9, 0.7, bottom, right)


def modal_control_maps(
    modal: pd.DataFrame,
    regimes: list[str],
    titles: Mapping[str, str],
    landscape: Landscape,
    when: str,
    path: Path,
) -> Path:
    """Who holds each cell in most seeds, one map per regime, with a legend of controllers."""
    present = [r for r in regimes if r in set(modal["regime"])]
    fig, axes = _map_panels(len(present), bottom=0.6)
    places = map_places(landscape)
    for ax, regime in zip(axes, present, strict=True):
        sub = modal[modal["regime"] == regime]
        codes = np.full((landscape.width, landscape.height), OFF_GRID, dtype=np.int8)
        codes[sub["x"].to_numpy(int), sub["y"].to_numpy(int)] = sub["controller"].to_numpy()
        draw_control(ax, codes, landscape, GROUP_KEYS)
        finish_map(ax, landscape, places, fontsize=5)
        ax.set_title(titles.get(regime, regime), fontsize=8)
    fig.suptitle(f"Who controls each cell in most seeds, {when}", fontsize=10)
    fig.legend(handles=legend_handles(GROUP_KEYS), loc="lower center", ncol=3, fontsize=7)
    write_figure_atomic(fig, path)
    return path


def armed_control_maps(
    shares: pd.DataFrame,
    regimes: list[str],
    baseline: str,
    titles: Mapping[str, str],
    landscape: Landscape,
    when: str,
    path: Path,
) -> Path:
    """Probability of armed control per cell and regime, then each regime minus the baseline."""
    present = [r for r in regimes if r in set(shares["regime"])]
    grids = _grids(shares, "share", present, (landscape.width, landscape.height))
    others = [r for r in present if r != baseline] if baseline in grids else []
    panels = [(r, False) for r in present] + [(r, True) for r in others]
    fig, axes = _map_panels(len(panels), right=1.0)
    places = map_places(landscape)
    image = diff_image = None
    for ax, (regime, is_diff) in zip(axes, panels, strict=True):
        name = titles.get(regime, regime)
        if is_diff:
            diff_image = draw_share(
                ax, grids[regime] - grids[baseline], landscape, "RdBu_r", -1.0, 1.0
            )
            ax.set_title(f"{name}\nminus {titles.get(baseline, baseline)}", fontsize=8)
        else:
            image = draw_share(ax, grids[regime], landscape, "Reds", 0.0, 1.0)
            ax.set_title(name, fontsize=8)
        finish_map(ax, landscape, places, fontsize=5)
    fig.suptitle(f"Probability that an armed group controls the cell, {when}", fontsize=10)
    left = 1 - 0.85 / fig.get_figwidth()
    if image is not None:
        cax = fig.add_axes((left, 0.55, 0.12 / fig.get_figwidth(), 0.3))
        fig.colorbar(image, cax=cax, label="probability (share of seeds)")
    if diff_image is not None:
        cax = fig.add_axes((left, 0.12, 0.12 / fig.get_figwidth(), 0.3))
        fig.colorbar(diff_image, cax=cax, label="difference in probability")
    write_figure_atomic(fig, path)
    return path
