"""Play keeps the page drawing when drawing it takes longer than a month of Play.

Reacton starts a render pass again whenever state changes during it. Play steps in a thread; a
click handled in another thread may hold the render. Before Play waited for each month to be
drawn, a page slower to draw than a month of Play (a loaded machine, the 0.1-degree map) never
finished a pass: it froze on its last month, and after 100 passes reacton raised "Too many
renders triggered". CI met it once in the browser test (tests/test_app.py). These tests render
the real Stepper without a browser, beside a component slower to draw than a month of Play.
"""

from __future__ import annotations

import threading
import time

import ipyvuetify as v
import pytest
import solara

from webapp import controls

#: Drawing the slow part takes twice as long as Play's pause between months.
DRAW_S = 2 * controls.PLAY_PAUSE_S
#: Bound on waits: what is checked is that the page gets there, not how fast.
WAIT_S = 60


class CountingRun:
    """Stands in for webapp.session.Run: Stepper calls only step() and when().

    Each step records how many months the page had not drawn yet when it came.
    """

    def __init__(self, drawn: list[int]) -> None:
        self.months = 0
        self.drawn = drawn  # the versions (one per month) whose render pass finished
        self.undrawn_at_step: list[int] = []

    def step(self) -> None:
        self.undrawn_at_step.append(self.months - self.drawn[-1])
        self.months += 1

    def when(self) -> str:
        return f"2025-09 (month {self.months - 1})"


def _page(run: CountingRun, poke: solara.Reactive[int], drawn: list[int]):
    @solara.component
    def SlowMap(version: solara.Reactive[int]):  # noqa: N802
        shown = version.value
        poke.value  # noqa: B018 (read: a poke redraws it, as a click redraws the map)
        time.sleep(DRAW_S)
        solara.use_effect(lambda: drawn.append(shown), [shown])
        solara.Text(f"drawn {shown}")

    @solara.component
    def Page():  # noqa: N802
        version = solara.use_reactive(0)
        status = solara.use_reactive("")
        controls.Stepper([run], version, status, lambda: None)
        solara.Text(status.value, classes=["status-line"])
        SlowMap(version)

    return Page()


def _button(rc, label: str):
    return rc.find(v.Btn, children=[label]).widget


def _wait(predicate, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture
def playing_page():
    drawn: list[int] = []
    run, poke = CountingRun(drawn), solara.reactive(0)
    _box, rc = solara.render(_page(run, poke, drawn), handle_error=False)
    _button(rc, "Play").click()
    yield run, poke, drawn, rc
    if rc.find(v.Btn, children=["Pause"]).widgets:
        _button(rc, "Pause").click()
    rc.close()


def test_a_render_in_another_thread_finishes_while_playing(playing_page):
    run, poke, drawn, _rc = playing_page
    _wait(lambda: run.months >= 1, "Play never stepped")
    finished, failed = threading.Event(), []

    def click_elsewhere() -> None:  # as a click handled by the server's websocket thread
        try:
            poke.set(poke.value + 1)
        except Exception as error:  # noqa: BLE001 (the failure is what the test reports)
            failed.append(error)
        finished.set()

    threading.Thread(target=click_elsewhere, daemon=True).start()
    assert finished.wait(WAIT_S), "the other thread's render never finished: the page froze"
    assert failed == []


def test_play_steps_on_only_once_the_page_has_drawn_the_month(playing_page):
    run, poke, drawn, rc = playing_page

    def clicks_elsewhere() -> None:  # renders in another thread, again and again
        while run.months < 4:
            poke.set(poke.value + 1)

    clicker = threading.Thread(target=clicks_elsewhere, daemon=True)
    clicker.start()
    clicker.join(WAIT_S)
    assert not clicker.is_alive(), "Play did not reach month 4 while another thread rendered"
    _button(rc, "Pause").click()
    assert run.undrawn_at_step[:4] == [0, 0, 0, 0], run.undrawn_at_step
    assert drawn == sorted(drawn)
