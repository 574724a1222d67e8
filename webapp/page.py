"""The browser app: explore a regime, compare two, open the results of a comparison.

Served by ``decertsim app`` (``solara run webapp.page``; ``app.py`` at the repository root is
the same page for ``solara run app.py``). Each browser session gets its own
:class:`~webapp.session.Session` (a Solara ``use_memo`` in :func:`Page`): visitors never share
a model. Any control change starts a new run at month 0 at once, and the page says so.

* **Explore**: one regime (shipped, or built here from each category's share of its baseline
  and lending support), a start month, a seed, the grid and the key uncertain parameters; Step,
  Play, Reset; the control map and the charts.
* **Compare**: two regimes on the same seed and settings, stepping together; their maps side by
  side and their lines overlaid (A solid, B dashed).
* **Results**: a finished ``compare`` folder's findings and figures (``webapp/results.py``).
"""

from __future__ import annotations

import os

# Solara would otherwise send usage statistics (`decertsim app` sets this before Solara starts).
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")

from collections.abc import Callable, Sequence  # noqa: E402

import solara  # noqa: E402
import solara.lab  # noqa: E402

from model.groups import GROUP_KEYS  # noqa: E402
from model.outcomes import outcome_registry  # noqa: E402
from runs.maps import control_legend, map_places  # noqa: E402
from webapp.charts import (  # noqa: E402
    assistance_chart,
    chart_specs,
    map_figure,
    outcome_chart,
    png,
    single_outcome_spec,
)
from webapp.controls import (  # noqa: E402
    CustomRegime,
    KeyParameters,
    RegimeSelect,
    RunSettings,
    Stepper,
)
from webapp.results import ResultsView  # noqa: E402
from webapp.session import CUSTOM, Run, Session, Settings  # noqa: E402
from webapp.text import Note  # noqa: E402

TITLE = "decertsim: who controls Colombia"
CHART_STYLE = {"style": "height: 280px; width: 100%;"}
GRID_STYLE = (
    "display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 6px;"
)


def _with(settings: Settings, **changes: object) -> Settings:
    return Settings(**{**settings.__dict__, **changes})


@solara.component
def Legend(group_keys: tuple[str, ...]):  # noqa: N802
    """Who the map's colours stand for, as text (searchable, readable by a screen reader)."""
    items = "".join(
        f'<span style="margin-right:14px;white-space:nowrap">'
        f'<span style="display:inline-block;width:12px;height:12px;'
        f'background:{color};margin-right:4px;vertical-align:middle"></span>{label}</span>'
        for label, color in control_legend(group_keys)
    )
    solara.HTML(tag="div", unsafe_innerHTML=items, classes=["control-legend"])


@solara.component
def MapPanel(run: Run, version: int, label: str = ""):  # noqa: N802
    """The control map, filling its column; redrawn after every month."""
    landscape = run.model.landscape
    places = solara.use_memo(lambda: map_places(landscape), [run.settings.grid])
    image = solara.use_memo(
        lambda: png(map_figure(run, places, landscape, label)), [id(run), version]
    )
    solara.Image(image, width="100%", classes=["control-map", f"control-map-{label or 'x'}"])


@solara.component
def ChartBox(key: str, option: dict):  # noqa: N802
    """One ECharts chart in a box the tests and the page can name."""
    with solara.Div(classes=["chart", f"chart-{key}"]):
        solara.FigureEcharts(option=option, attributes=CHART_STYLE, responsive=True)


@solara.component
def Charts(runs: Sequence[Run], version: int, names: Sequence[str] = ()):  # noqa: N802
    """Every chart of the runs over dates (A solid, B dashed), and one of any outcome."""
    del version  # the charts are recomputed on every render; the argument makes it re-render
    registry = outcome_registry(GROUP_KEYS)
    by_title = {outcome.title: name for name, outcome in registry.items()}
    first = registry["idps"].title if "idps" in registry else next(iter(by_title))
    other = solara.use_reactive(first)
    ChartBox("assistance", assistance_chart(runs, names))
    with solara.Div(style=GRID_STYLE):
        for spec in chart_specs(runs[0].model.group_keys):
            ChartBox(spec.key, outcome_chart(spec, runs, names))
    solara.Select("Chart of any outcome", values=list(by_title), value=other)
    name = by_title[other.value]
    ChartBox("any", outcome_chart(single_outcome_spec(name), runs, names))


@solara.component
def StatusLine(text: str):  # noqa: N802
    """What the last action did (a new run, a step and its time)."""
    solara.Text(text or "Month 0: press Step or Play.", classes=["status-line"])


@solara.component
def ExploreView(session: Session, settings: solara.Reactive[Settings]):  # noqa: N802
    """One regime: controls on the left, the map and the charts on the right."""
    version = solara.use_reactive(0)
    status = solara.use_reactive("")
    run = session.run("explore", settings.value)

    def apply(new: Settings) -> None:
        if new != settings.value:
            settings.set(new)
            status.set("Settings changed: a new run starts at month 0.")

    with solara.Columns([3, 5, 6]):
        with solara.Card("Controls"):
            Stepper([run], version, status, lambda: session.reset("explore"))
            StatusLine(status.value)
            RegimeSelect(
                "Regime",
                settings.value.regime,
                lambda name: apply(_with(settings.value, regime=name)),
            )
            if settings.value.regime == CUSTOM:
                CustomRegime(settings.value, apply)
            else:
                Note(run.regime.description, classes=["regime-description"])
            RunSettings(settings.value, apply)
            KeyParameters(settings.value, apply)
        with solara.Column():
            MapPanel(run, version.value)
            Legend(run.model.group_keys)
        with solara.Column():
            Charts([run], version.value)


@solara.component
def CompareView(session: Session, explore: solara.Reactive[Settings]):  # noqa: N802
    """Two regimes on the same seed and settings, stepping together."""
    version = solara.use_reactive(0)
    status = solara.use_reactive("")
    regimes = solara.use_reactive(("certified", "full_cutoff"))
    base = solara.use_reactive(Settings())
    shared = {
        "shares": explore.value.shares,
        "lending": explore.value.lending,
        "parameters": explore.value.parameters,
    }
    runs = [
        session.run(slot, _with(base.value, regime=name, **shared))
        for slot, name in zip(("a", "b"), regimes.value, strict=True)
    ]
    names = [f"{slot}: {run.regime.display_name}" for slot, run in zip("AB", runs, strict=True)]

    def change(note: str) -> Callable[[], None]:
        def done() -> None:
            status.set(f"{note}: both runs start again at month 0.")

        return done

    def set_regime(i: int) -> Callable[[str], None]:
        def on_value(name: str) -> None:
            chosen = list(regimes.value)
            chosen[i] = name
            regimes.set((chosen[0], chosen[1]))
            change("Regime changed")()

        return on_value

    def apply(new: Settings) -> None:
        if new != base.value:
            base.set(new)
            change("Settings changed")()

    def reset() -> None:
        session.reset("a")
        session.reset("b")

    with solara.Columns([3, 9]):
        with solara.Card("Compare two regimes"):
            Stepper(runs, version, status, reset)
            StatusLine(status.value)
            RegimeSelect("A (solid lines)", regimes.value[0], set_regime(0))
            RegimeSelect("B (dashed lines)", regimes.value[1], set_regime(1))
            RunSettings(base.value, apply)
            changed = len(explore.value.parameters)
            Note(
                "Both runs use this seed, start month and grid. Key parameters "
                f"({changed} changed from the defaults) and the custom regime are those set "
                "on the Explore tab."
            )
        with solara.Column():
            with solara.Columns([1, 1]):
                MapPanel(runs[0], version.value, "A")
                MapPanel(runs[1], version.value, "B")
            Legend(runs[0].model.group_keys)
            with solara.Div(classes=["compare-names"]):
                Note(f"Lines: **{names[0]}** solid, **{names[1]}** dashed.")
            Charts(runs, version.value, names)


@solara.component
def Page():  # noqa: N802
    """The app: three tabs over one session's runs."""
    session = solara.use_memo(Session, [])  # one per browser session, never shared
    explore = solara.use_reactive(Settings())
    solara.Title("decertsim")
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.lab.Tabs(lazy=True):
        with solara.lab.Tab("Explore a regime"):
            ExploreView(session, explore)
        with solara.lab.Tab("Compare two regimes"):
            CompareView(session, explore)
        with solara.lab.Tab("Results of a comparison"):
            ResultsView()
