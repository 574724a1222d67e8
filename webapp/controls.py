"""The page's controls: stepping, the regime (shipped or built here), the run's settings.

Every control writes a new :class:`~webapp.session.Settings`; the view then builds a new run at
month 0 at once, and the page says so. Bad input (a start month out of form or range) is
refused next to its field and changes nothing.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence

import solara

from model.calendar import MONTH_PATTERN
from model.categories import CATEGORIES
from model.errors import DecertsimInputError
from webapp.session import CUSTOM, GRIDS, Run, Settings, key_parameters, regime_choices
from webapp.text import Note

#: Pause between two months while playing (the step itself comes on top).
PLAY_PAUSE_S = 0.15


@solara.component
def Stepper(  # noqa: N802
    runs: Sequence[Run],
    version: solara.Reactive[int],
    status: solara.Reactive[str],
    on_reset: Callable[[], None],
):
    """Step, Play/Pause and Reset for one run or several stepping together.

    Args:
        runs: The runs to step (the compare view steps two together).
        version: Bumped after every month, so that the map and charts redraw.
        status: A line the page shows (what the last step did, how long it took).
        on_reset: Starts the runs again at month 0 with the same settings.
    """
    playing = solara.use_reactive(False)
    key = tuple(id(r) for r in runs)
    solara.use_effect(lambda: playing.set(False), [key])  # a new run does not play on
    # Set once a render pass that saw the latest month has finished (effects run after the
    # pass's widgets are updated). Play waits for it: see play() below.
    drawn = solara.use_memo(threading.Event, [])
    solara.use_effect(drawn.set, [version.value])

    def one_month() -> None:
        started = time.perf_counter()
        for run in runs:
            run.step()
        elapsed = time.perf_counter() - started
        status.set(f"Simulated {runs[0].when()} in {elapsed:.2f} s")
        version.set(version.value + 1)

    def play(cancel: threading.Event) -> None:
        while playing.value and not cancel.is_set():
            drawn.clear()
            one_month()
            # Step on only once the page has drawn this month. Reacton starts a render pass
            # again whenever state changes during it, and a thread handling a click may be the
            # one rendering: when drawing the page (the map above all) takes longer than a
            # month of Play, as on a loaded machine or the 0.1-degree grid, every pass would
            # start over and the page would freeze on its last month.
            while not drawn.wait(PLAY_PAUSE_S):
                if cancel.is_set() or not playing.value:
                    return
            time.sleep(PLAY_PAUSE_S)

    solara.use_thread(play, dependencies=[playing.value, key], intrusive_cancel=False)

    def reset() -> None:
        playing.set(False)
        on_reset()
        status.set("Reset: month 0 again, same settings")
        version.set(version.value + 1)

    with solara.Row(gap="8px"):
        solara.Button("Step", color="primary", on_click=one_month, disabled=playing.value)
        solara.Button(
            "Pause" if playing.value else "Play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            classes=["play-button"],
        )
        solara.Button("Reset", on_click=reset, outlined=True)


@solara.component
def RegimeSelect(label: str, value: str, on_value: Callable[[str], None], custom: bool = True):  # noqa: N802
    """A select over the shipped regimes by display title (and the custom one)."""
    choices = solara.use_memo(regime_choices, [])
    if not custom:
        choices = {t: n for t, n in choices.items() if n != CUSTOM}
    titles = list(choices)
    current = next((t for t, n in choices.items() if n == value), titles[0])
    solara.Select(
        label=label,
        values=titles,
        value=current,
        on_value=lambda title: on_value(choices[title]),
        classes=[f"regime-select-{label.split()[0].lower()}"],
    )


@solara.component
def CustomRegime(settings: Settings, apply: Callable[[Settings], None]):  # noqa: N802
    """Sliders for each category's share of its certified baseline, and lending support."""
    Note("**Custom regime**: each category's funding as a share of its baseline")
    for i, category in enumerate(CATEGORIES):

        def set_share(value: float, i: int = i) -> None:
            shares = list(settings.shares)
            shares[i] = round(float(value), 2)
            apply(Settings(**{**settings.__dict__, "shares": tuple(shares)}))

        solara.SliderFloat(
            label=category.value.replace("_", " "),
            value=settings.shares[i],
            min=0.0,
            max=2.0,
            step=0.05,
            on_value=set_share,
        )
    solara.Checkbox(
        label="U.S. supports multilateral lending",
        value=settings.lending,
        on_value=lambda v: apply(Settings(**{**settings.__dict__, "lending": bool(v)})),
    )


@solara.component
def RunSettings(settings: Settings, apply: Callable[[Settings], None]):  # noqa: N802
    """Start month, seed (a number) and grid."""
    error = solara.use_reactive("")

    def set_start(text: str) -> None:
        text = (text or "").strip()
        candidate = Settings(**{**settings.__dict__, "start_month": text})
        try:
            if not re.match(MONTH_PATTERN, text):
                raise DecertsimInputError("a calendar month YYYY-MM, e.g. 2025-09")
            candidate.params()
        except DecertsimInputError as exc:
            error.set(f"Not changed: {exc}")
            return
        error.set("")
        apply(candidate)

    solara.InputText(
        "Start month (month 0), YYYY-MM",
        value=settings.start_month,
        on_value=set_start,
        error=error.value or False,
        message=error.value or None,
    )
    solara.InputInt(
        "Seed",
        value=settings.seed,
        on_value=lambda v: apply(Settings(**{**settings.__dict__, "seed": int(v)})),
        classes=["seed-input"],
    )
    solara.Text("Grid (degrees)")
    solara.ToggleButtonsSingle(
        value=settings.grid,
        values=list(GRIDS),
        on_value=lambda v: apply(Settings(**{**settings.__dict__, "grid": v})),
    )


@solara.component
def KeyParameters(settings: Settings, apply: Callable[[Settings], None]):  # noqa: N802
    """Sliders for the key uncertain parameters (docs/APP.md says why these)."""
    values = dict(settings.parameters)
    infos = solara.use_memo(key_parameters, [])
    with solara.Details("Key uncertain parameters", expand=False):
        for info in infos:
            current = values.get(info.name, info.default)
            solara.SliderFloat(
                label=f"{info.name} ({info.unit})",
                value=current,
                min=info.low,
                max=info.high,
                step=round((info.high - info.low) / 100, 6),
                on_value=lambda v, name=info.name: apply(settings.with_parameter(name, v)),
            )
            solara.Text(
                f"{info.description} Default {info.default:g}.",
                style={"font-size": "0.8em", "color": "#555"},
            )
        solara.Button(
            "Parameters back to defaults",
            on_click=lambda: apply(Settings(**{**settings.__dict__, "parameters": ()})),
            text=True,
            disabled=not settings.parameters,
        )
