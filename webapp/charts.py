"""The app's figures: charts over dates with units (ECharts options) and the control map (PNG).

Charts are drawn in the browser by ECharts (served offline by solara-assets), so a step sends
numbers, not images. They read outcomes by name from the registry (``model/outcomes.py``);
:func:`chart_specs` groups them (control share per group, members, coca, seizures, kidnappings,
displacement by kind, confinement and the displaced, emigration) and any other outcome can have a
chart of its own, each titled in words (``Outcome.title``). The x axis is the calendar month
(month 0 is the start month), up to the month the map shows; before the first step a chart says
so in words instead of drawing empty axes. In the compare view the first run's
lines are solid and the second's dashed.

The map is the reports' drawing (``runs/maps.py``): who controls each cell, department borders,
capitals, and a title with the same date as the charts' last point.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from model.calendar import month_label  # noqa: E402
from model.categories import CATEGORIES  # noqa: E402
from model.geo import Landscape  # noqa: E402
from model.groups import GROUP_KEYS, group_identity  # noqa: E402
from model.outcomes import outcome_registry  # noqa: E402
from runs.findings import outcome_label  # noqa: E402
from runs.maps import STATE_COLOR, Place, draw_control, finish_map, map_extent  # noqa: E402
from webapp.session import Run  # noqa: E402

#: Width in pixels of a chart in the page's grid (at least) and of the full-width chart; the
#: legends wrap to these (``webapp/page.py`` lays the charts out).
NARROW_PX, WIDE_PX = 280, 520
#: Line style of the first and the second run in the compare view.
RUN_STYLES: tuple[str, ...] = ("solid", "dashed")
EMPTY_TEXT = "No month simulated yet: press Step or Play"
CATEGORY_COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)


@dataclass(frozen=True)
class ChartSpec:
    """A chart: outcomes that share a unit, with their legend labels and colours."""

    key: str
    title: str
    outcomes: tuple[str, ...]
    labels: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()


def chart_specs(group_keys: tuple[str, ...]) -> list[ChartSpec]:
    """The charts of the page, in order (outcomes missing from the registry are left out)."""
    groups = [group_identity(k) for k in group_keys]
    specs = [
        ChartSpec(
            "control",
            "Who controls the land",
            ("state_control_share", "contested_share", *(f"control_share_{k}" for k in group_keys)),
            ("Colombian state", "Disputed", *(g.name for g in groups)),
            (STATE_COLOR, "#8c8c8c", *(g.color for g in groups)),
        ),
        ChartSpec("members", "Armed group members", ("armed_members",)),
        ChartSpec("coca", "Coca under cultivation", ("coca_ha",)),
        ChartSpec(
            "seizures",
            "Cocaine seized and exported",
            ("cocaine_seized_t", "cocaine_exported_t"),
            ("seized", "exported unseized"),
        ),
        ChartSpec("kidnappings", "Kidnappings", ("kidnappings",)),
        ChartSpec(
            "displacement",
            "People newly displaced",
            ("displaced_new", "displaced_mass", "displaced_individual"),
            ("all channels", "in mass events", "household by household"),
        ),
        ChartSpec(
            "confinement",
            "Confined and still displaced",
            ("confined", "idps"),
            ("confined by armed groups", "still displaced (since the start)"),
        ),
        ChartSpec("emigration", "Emigration toward the United States", ("emigrants_us",)),
    ]
    registry = outcome_registry(group_keys)
    kept = []
    for spec in specs:
        idx = [i for i, name in enumerate(spec.outcomes) if name in registry]
        if idx:
            kept.append(
                ChartSpec(
                    spec.key,
                    spec.title,
                    tuple(spec.outcomes[i] for i in idx),
                    tuple(spec.labels[i] for i in idx) if spec.labels else (),
                    tuple(spec.colors[i] for i in idx) if spec.colors else (),
                )
            )
    return kept


def single_outcome_spec(name: str) -> ChartSpec:
    """A chart of any one outcome of the registry (the page's "any outcome" chart)."""
    return ChartSpec(f"outcome-{name}", outcome_registry(GROUP_KEYS)[name].title, (name,))


def _dates(runs: Sequence[Run]) -> list[str]:
    horizon = max(run.horizon() for run in runs)
    return [month_label(m, runs[0].model.start_month) for m in range(horizon)]


def _base(title: str, unit: str, dates: list[str], empty: bool) -> dict[str, Any]:
    option: dict[str, Any] = {
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 76, "right": 18, "top": 58, "bottom": 30},
        "xAxis": {"type": "category", "data": dates, "boundaryGap": False},
        "yAxis": {
            "type": "value",
            "name": unit,
            "nameLocation": "middle",
            "nameGap": 62,
            "scale": True,
            "show": not empty,
        },
        "series": [],
    }
    if empty:
        option["graphic"] = [
            {
                "type": "text",
                "left": "center",
                "top": "middle",
                "style": {"text": EMPTY_TEXT, "fontSize": 13, "fill": "#555"},
            }
        ]
    return option


def _legend(option: dict[str, Any], width_px: int) -> None:
    """A legend that wraps onto as many rows as its entries need, the plot moved down to fit.

    A scrolling legend would hide groups behind arrows; ECharts wraps a plain one, so the rows
    are estimated from the labels' length (about 6 px a character, 30 px of symbol and gap).
    """
    labels = list(dict.fromkeys(series["name"] for series in option["series"]))
    needed = sum(30 + 6 * len(label) for label in labels)
    rows = max(1, -(-needed // max(width_px - 40, 1)))
    option["legend"] = {
        "top": 26,
        "type": "plain",
        "itemWidth": 16,
        "itemGap": 8,
        "textStyle": {"fontSize": 10},
    }
    option["grid"]["top"] = 44 + 18 * rows


def _values(values: np.ndarray) -> list[float | None]:
    return [None if v != v else round(float(v), 6) for v in values]


def outcome_chart(spec: ChartSpec, runs: Sequence[Run], names: Sequence[str] = ()) -> dict:
    """ECharts option of ``spec``'s outcomes over dates: a line per outcome, a style per run.

    Args:
        spec: What to draw.
        runs: One run, or the two runs of the compare view (solid, dashed).
        names: Display names of the runs (compare view: in the legend of one-outcome charts).
    """
    unit = outcome_registry(runs[0].model.group_keys)[spec.outcomes[0]].unit
    empty = all(run.months == 0 for run in runs)
    option = _base(spec.title, unit, _dates(runs), empty)
    for r, run in enumerate(runs):
        frame = run.outcomes()
        for i, name in enumerate(spec.outcomes):
            if name not in frame:
                continue
            color = spec.colors[i] if spec.colors else CATEGORY_COLORS[i % len(CATEGORY_COLORS)]
            if spec.labels:
                label = spec.labels[i]
            else:
                label = names[r] if len(runs) > 1 and r < len(names) else outcome_label(name)
            option["series"].append(
                {
                    "name": label,
                    "type": "line",
                    "data": _values(frame[name].to_numpy(float)),
                    "showSymbol": len(frame) <= 2,
                    "lineStyle": {"type": RUN_STYLES[r % 2], "color": color, "width": 2},
                    "itemStyle": {"color": color},
                }
            )
    if spec.labels or len(runs) > 1:
        _legend(option, NARROW_PX)
    return option


def assistance_chart(runs: Sequence[Run], names: Sequence[str] = ()) -> dict:
    """U.S. assistance, US$ million a month: as delivered, then as the regime plans it.

    One run: stacked per category. Two runs: the totals, solid and dashed. The months ahead
    are shaded: rules on outcomes are not foreseen there (``Run.planned_funding``).
    """
    dates = _dates(runs)
    option = _base("U.S. assistance: delivered, then planned", "US$ million / month", dates, False)
    for r, run in enumerate(runs):
        values = np.vstack([run.delivered_funding(), run.planned_funding()])
        if len(runs) == 1:
            for i, category in enumerate(CATEGORIES):
                color = CATEGORY_COLORS[i % len(CATEGORY_COLORS)]
                option["series"].append(
                    {
                        "name": category.value.replace("_", " "),
                        "type": "line",
                        "stack": "funding",
                        "areaStyle": {"opacity": 0.7},
                        "showSymbol": False,
                        "data": _values(values[:, i]),
                        "lineStyle": {"width": 0.5, "color": color},
                        "itemStyle": {"color": color},
                    }
                )
        else:
            name = names[r] if r < len(names) else f"run {r + 1}"
            option["series"].append(
                {
                    "name": name,
                    "type": "line",
                    "showSymbol": False,
                    "data": _values(values.sum(axis=1)),
                    "lineStyle": {"type": RUN_STYLES[r % 2], "color": "#222", "width": 2},
                    "itemStyle": {"color": "#222"},
                }
            )
    _legend(option, WIDE_PX)
    now = max(run.months for run in runs)
    if option["series"] and now < len(dates):
        option["series"][0]["markArea"] = {
            "silent": True,
            "itemStyle": {"color": "rgba(0, 0, 0, 0.06)"},
            "label": {"show": True, "position": "insideTop", "formatter": "planned"},
            "data": [[{"xAxis": dates[now]}, {"xAxis": dates[-1]}]],
        }
    return option


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (light compression: the image travels on this machine only)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def map_figure(
    run: Run, places: tuple[Place, ...], landscape: Landscape, label: str = ""
) -> Figure:
    """Who controls each cell now, with department borders and capitals; titled with the date.

    Args:
        run: The run to draw.
        places: Capitals and cities (``runs.maps.map_places``), computed once per run.
        landscape: The run's landscape.
        label: A prefix for the title ("A", "B" in the compare view).
    """
    west, east, south, north = map_extent(landscape)
    width = 5.6  # inches; the page scales the image to its column
    fig = Figure(figsize=(width, width * (north - south) / (east - west) + 0.6), dpi=100)
    ax = fig.add_subplot()
    draw_control(ax, run.controller(), landscape, run.model.group_keys)
    finish_map(ax, landscape, places)
    ax.set_xticks([])  # the cities place the map; degree ticks cost half the drawing time
    ax.set_yticks([])
    name = f"{label}: {run.regime.display_name}" if label else run.regime.display_name
    ax.set_title(f"{run.when()}\n{name}, seed {run.settings.seed}", fontsize=11)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
    return fig
