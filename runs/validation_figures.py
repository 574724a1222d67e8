"""Figures of docs/VALIDATION.md: model against observed, stability, armed presence maps.

* :func:`plot_national`: one panel per national measure; the model's mean and 95% band over
  seeds (stocks month by month; flows as 12-month running sums), the observed rows as points
  (flows over a partial period annualised), several series of one measure in one panel.
* :func:`plot_stability`: the status quo's stability measures over the window, relative to
  their start, with the tolerance band around the observed trend.
* :func:`plot_presence`: per group, the reported presence by department (verified, recalled
  only, absent) and the share of seeds in which the model has the group present.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402

from runs.files import write_figure_atomic  # noqa: E402
from runs.periods import parse_month  # noqa: E402
from runs.series import SERIES, TOPICS  # noqa: E402

DPI = 80
MARKERS = ("o", "s", "^", "D", "v", "P")


def _years(ordinals: np.ndarray) -> np.ndarray:
    """Decimal years of month ordinals (mid-month)."""
    return (np.asarray(ordinals) + 0.5) / 12.0


def _band(ax: Any, x: np.ndarray, values: np.ndarray, color: str = "#2b6cb0") -> None:
    finite = np.isfinite(values).all(axis=0)
    x, values = x[finite], values[:, finite]
    if values.size == 0:
        return
    low, high = np.percentile(values, [2.5, 97.5], axis=0)
    ax.fill_between(x, low, high, color=color, alpha=0.2, linewidth=0)
    ax.plot(x, values.mean(axis=0), color=color, linewidth=1.5, label="model")


def _national_panels(card: Any) -> dict[tuple[str, ...], list[Any]]:
    """Candidates grouped by the measures they compare with (one panel each)."""
    panels: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for c in card.candidates:
        panels[c.mapping.measures].append(c)
    return panels


def plot_national(card: Any, path: Path, no_outcome: list[Any] | None = None) -> Path:
    """Model against observed, one panel per national measure (hindcast)."""
    runs = card.runs
    panels = _national_panels(card)
    extra = sorted({n.series for n in no_outcome or []})
    n = len(panels) + (1 if extra else 0)
    cols = 4
    rows = max(1, -(-n // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.5 * rows), dpi=DPI, squeeze=False)
    x = _years(runs.start + np.arange(runs.months))
    for ax, (measures, candidates) in zip(axes.flat, panels.items(), strict=False):
        values = runs.measure(measures)
        how = candidates[0].mapping.how
        if how == "sum":  # a flow: 12-month running sum, from month 12 on
            kernel = np.ones(12)
            rolled = np.array([np.convolve(v, kernel, mode="valid") for v in values])
            _band(ax, x[11:], rolled)
        else:
            _band(ax, x, values)
        by_series: dict[str, list[Any]] = defaultdict(list)
        for c in candidates:
            if runs.covers(c.period):
                by_series[c.target.series].append(c)
        for k, (series, rows_) in enumerate(sorted(by_series.items())):
            xs, ys = [], []
            for c in rows_:
                value = c.target.value * c.mapping.scale
                if how == "sum":
                    value *= 12.0 / sum(c.period.weights())
                    xs.append(_years(np.array([(c.period.first + c.period.last) / 2.0]))[0])
                else:
                    xs.append(_years(np.array([c.period.last]))[0])
                ys.append(value)
            ax.plot(xs, ys, MARKERS[k % len(MARKERS)], color="#c53030", markersize=4, label=series)
        topic = TOPICS[SERIES[candidates[0].target.series].topic]
        ax.set_title(
            f"{'+'.join(measures)}" + (" (12-month sum)" if how == "sum" else ""), fontsize=8
        )
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=5, loc="best")
        ax.set_ylim(bottom=0)
        ax.text(0.01, 0.01, topic.title, transform=ax.transAxes, fontsize=6, color="#555555")
    if extra:
        ax = axes.flat[len(panels)]
        ax.text(
            0.5,
            0.5,
            "no model outcome yet:\n" + "\n".join(extra),
            ha="center",
            va="center",
            fontsize=7,
            transform=ax.transAxes,
        )
        ax.set_axis_off()
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    fig.suptitle(
        f"{card.meta['regime']}: model (mean, 95% over {len(runs.seeds)} seeds) and "
        "observed rows (annualised for flows over partial periods)",
        fontsize=9,
    )
    fig.tight_layout()
    return _save(fig, path)


def plot_stability(card: Any, path: Path) -> Path | None:
    """Stability measures relative to their start, with the tolerance around the trend."""
    records = [r for r in card.records if r.family == "stability"]
    if not records:
        return None
    runs = card.runs
    fig, axes = plt.subplots(
        1, len(records), figsize=(3.2 * len(records), 2.6), dpi=DPI, squeeze=False
    )
    months = np.arange(runs.months)
    for ax, r in zip(axes.flat, records, strict=True):
        values = runs.measure(r.series)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = values / values[:, :1]
        _band(ax, months + 1, ratio)
        horizon = parse_month(r.last_month) - runs.start + 1
        ax.errorbar(
            [horizon],
            [r.observed],
            yerr=[[r.observed * r.tolerance], [r.observed * r.tolerance]],
            fmt="o",
            color="#c53030",
            capsize=3,
            label="observed trend ± tol.",
        )
        ax.axhline(1.0, color="#888888", linewidth=0.8, linestyle=":")
        ax.set_title(r.series, fontsize=8)
        ax.set_xlabel("month", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=6)
    fig.suptitle(
        f"{card.meta['regime']} from {card.meta['start']}: ratio to the first month", fontsize=9
    )
    fig.tight_layout()
    return _save(fig, path)


def plot_presence(card: Any, path: Path) -> Path | None:
    """Reported and modelled armed presence by department, one row per group."""
    if not card.presence:
        return None
    runs = card.runs
    ls = runs.landscape
    deps = [i for i, k in enumerate(runs.areas.kinds) if k == "department"]
    member = runs.areas.matrix[deps].reshape(len(deps), ls.width, ls.height) > 0
    land = np.asarray(ls.land, dtype=bool)
    lat, lon = np.asarray(ls.lat), np.asarray(ls.lon)
    extent = (float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max()))
    reported_cmap = ListedColormap(["#f7f7f7", "#fbb4ae", "#c53030"])
    fig, axes = plt.subplots(
        2,
        len(card.presence),
        figsize=(2.4 * len(card.presence) + 1.0, 6.4),
        dpi=DPI,
        squeeze=False,
        layout="constrained",
    )
    code = {"absent": 0, "recalled": 1, "verified": 2}
    for col, pm in enumerate(card.presence):
        reported = np.full(land.shape, np.nan)
        model = np.full(land.shape, np.nan)
        for j, status in enumerate(pm.reported):
            reported[member[j]] = code[status]
            model[member[j]] = pm.model_share[j]
        top, bottom = axes[0, col], axes[1, col]
        top.imshow(
            reported.T,
            origin="lower",
            cmap=reported_cmap,
            vmin=-0.5,
            vmax=2.5,
            interpolation="nearest",
            extent=extent,
        )
        image = bottom.imshow(
            model.T,
            origin="lower",
            cmap="Reds",
            vmin=0,
            vmax=1,
            interpolation="nearest",
            extent=extent,
        )
        top.set_title(f"{pm.group.upper()} reported", fontsize=8)
        bottom.set_title(f"{pm.group.upper()} model", fontsize=8)
        for ax in (top, bottom):
            ax.tick_params(labelsize=6)
    fig.colorbar(
        image,
        ax=axes.ravel().tolist(),
        shrink=0.6,
        label="share of seeds present",
    )
    fig.suptitle(
        "Armed presence by department: reported (dark: verified, light: recalled "
        f"only) and model, {card.presence[0].window}",
        fontsize=9,
    )
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_figure_atomic(fig, path)
    plt.close(fig)
    return path
