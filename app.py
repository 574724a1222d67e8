"""Browser app: a live map of who controls Colombia, with policy controls and outcome charts.

Run it with ``solara run app.py`` (Mesa SolaraViz). The app is thin: it builds a
:class:`model.simulation.ColombiaModel` from a regime name, a seed and a resolution, and
draws ``model.control.controller`` with the control-map drawing of :mod:`runs.maps` (the one the
reports use).
"""

from __future__ import annotations

import os

# Solara would otherwise try to send usage statistics (no network here, and none wanted).
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")

import solara  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mesa.visualization import SolaraViz, make_plot_component  # noqa: E402

from model.calendar import month_label  # noqa: E402
from model.simulation import ColombiaModel  # noqa: E402
from runs.catalog import load_regime, regime_names  # noqa: E402
from runs.maps import control_legend, draw_control  # noqa: E402

__all__ = ["AppModel", "ControlMap", "control_figure", "model_params", "page"]

RESOLUTIONS = ["0.25", "synthetic"]
OUTCOME_CHARTS = (
    ["state_control_share", "armed_control_share"],
    "armed_members",
    "kidnappings",
    "us_assistance_musd",
)


class AppModel(ColombiaModel):
    """ColombiaModel whose keyword arguments are the app's controls (SolaraViz needs that)."""

    def __init__(self, regime: str = "certified", seed: int = 1, resolution: str = "0.25") -> None:
        """Build the model.

        Args:
            regime: Name of a shipped regime (see ``runs.catalog.regime_names()``).
            seed: Seed of the model's random number generator.
            resolution: "0.25" (the grid of Colombia) or "synthetic" (a small test landscape).
        """
        super().__init__(regime=load_regime(regime), rng=int(seed), resolution=str(resolution))
        self.regime_name = regime
        self.seed_value = int(seed)


def control_figure(model: ColombiaModel) -> Figure:
    """A matplotlib figure of who controls each cell (off-land cells left blank).

    Args:
        model: The model to draw.

    Returns:
        The figure (not attached to pyplot, so nothing leaks between sessions).
    """
    fig = Figure(figsize=(4.0, 4.4), dpi=80)
    ax = fig.add_subplot()
    draw_control(ax, model.control.controller, model.landscape, model.group_keys)
    month = month_label(model.month, model.start_month)
    seed = getattr(model, "seed_value", "?")
    ax.set_title(f"{month}: {model.regime.name}, seed {seed}, step {model.month}", fontsize=9)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


def ControlMap(model: ColombiaModel):  # noqa: N802 (a Solara component by convention)
    """The control map and an HTML legend (names as text, so the page is searchable).

    Args:
        model: The model to draw; SolaraViz re-renders this after every step.

    Returns:
        A Solara element.
    """
    with solara.Column(gap="4px") as main:
        items = "".join(
            f'<span style="margin-right:12px;white-space:nowrap">'
            f'<span style="display:inline-block;width:12px;height:12px;'
            f'background:{color};margin-right:4px"></span>{label}</span>'
            for label, color in control_legend(model.group_keys)
        )
        solara.HTML(tag="div", unsafe_innerHTML=items, classes=["control-legend"])
        solara.FigureMatplotlib(control_figure(model), format="png")
    return main


model_params = {
    "regime": {
        "type": "Select",
        "value": "certified",
        "values": regime_names(),
        "label": "U.S. policy regime",
    },
    "seed": {"type": "SliderInt", "value": 1, "min": 1, "max": 100, "step": 1, "label": "Seed"},
    "resolution": {
        "type": "Select",
        "value": "0.25",
        "values": RESOLUTIONS,
        "label": "Resolution",
    },
}


def _show_points(ax) -> None:
    """Mark each month on the charts, so the first months are visible as dots."""
    for line in ax.get_lines():
        line.set_marker("o")
        line.set_markersize(3)


components = [ControlMap] + [
    make_plot_component(measure, post_process=_show_points) for measure in OUTCOME_CHARTS
]

page = SolaraViz(
    AppModel(),
    components=components,
    model_params=model_params,
    name="decertsim: who controls Colombia",
)
