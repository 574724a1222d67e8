"""The browser app (webapp/): its sessions, runs and figures, and the page served by
`decertsim app`, driven in Debian's chromium with Playwright (marker ``browser``)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from model.calendar import month_label
from model.categories import CATEGORIES, Category
from model.outcomes import outcome_registry
from model.params import Params
from runs.cli_app import OFFLINE_ENV, RESULTS_ENV, app_server_command
from webapp.charts import EMPTY_TEXT, assistance_chart, chart_specs, map_figure, outcome_chart
from webapp.results import report_sections, result_folders
from webapp.session import CUSTOM, KEY_PARAMETERS, Run, Session, Settings, key_parameters

ROOT = Path(__file__).resolve().parents[1]
SMALL = Settings(grid="synthetic")


# --- sessions and runs (no browser) --------------------------------------------------------------
def test_two_sessions_never_share_a_run():
    one, two = Session(), Session()
    a, b = one.run("explore", SMALL), two.run("explore", SMALL)
    assert a is not b and a.model is not b.model
    a.step(2)
    assert (a.months, b.months) == (2, 0)


def test_new_settings_start_a_new_run_at_month_0_and_the_same_keep_it():
    session = Session()
    run = session.run("explore", SMALL)
    run.step(2)
    assert session.run("explore", Settings(grid="synthetic")) is run
    other = session.run("explore", Settings(grid="synthetic", seed=2))
    assert other is not run and other.months == 0 and other.settings.seed == 2
    session.reset("explore")
    assert session.run("explore", other.settings) is not other


def test_a_custom_regime_funds_each_category_at_its_share_from_the_start_month():
    shares = tuple(0.5 if c is Category.TRAINING_SALARIES else 1.0 for c in CATEGORIES)
    settings = Settings(regime=CUSTOM, shares=shares, lending=False, start_month="2026-01")
    run = Run(Settings(**{**settings.__dict__, "grid": "synthetic"}))
    baseline = np.array(
        [Params().capacity.category(c).baseline_musd_per_year / 12 for c in CATEGORIES]
    )
    np.testing.assert_allclose(run.planned_funding()[0], baseline * np.array(shares))
    assert run.model.policy.lending_support is False
    assert run.model.start_month == "2026-01"
    assert run.regime.display_name == "Custom regime"


def test_planned_funding_follows_the_regime_and_delivered_funding_is_recorded():
    run = Run(Settings(regime="late_waiver", grid="synthetic"))
    plan = run.planned_funding().sum(axis=1)
    assert len(plan) == run.horizon() == 24
    assert plan[0] == 0 and plan[11] == 0  # cut-off until the waiver of 2026-09 (month 12)
    assert plan[12] == pytest.approx(30.0 / 12)
    run.step(2)
    np.testing.assert_allclose(run.delivered_funding().sum(axis=1), [0.0, 0.0])
    assert len(run.planned_funding()) == 22


def test_the_key_parameters_exist_and_settings_drop_values_back_at_their_default():
    infos = key_parameters()
    assert [i.name for i in infos] == list(KEY_PARAMETERS)  # none silently missing
    for info in infos:
        assert info.low <= info.default <= info.high and info.unit
    moved = SMALL.with_parameter("capacity.fiscal_backfill_share", 0.3)
    assert moved.params().capacity.fiscal_backfill_share == 0.3
    assert moved.with_parameter("capacity.fiscal_backfill_share", 0.1).parameters == ()


# --- figures (no browser) ------------------------------------------------------------------------
def test_every_chart_names_registry_outcomes_and_says_when_nothing_is_simulated():
    run = Run(SMALL)
    registry = outcome_registry(run.model.group_keys)
    specs = chart_specs(run.model.group_keys)
    assert [s.key for s in specs] == [
        "control",
        "members",
        "coca",
        "seizures",
        "kidnappings",
        "displacement",
        "confinement",
        "emigration",
    ]
    for spec in specs:
        assert set(spec.outcomes) <= set(registry)
        option = outcome_chart(spec, [run])
        assert option["graphic"][0]["style"]["text"] == EMPTY_TEXT
        assert option["yAxis"]["show"] is False
        assert option["yAxis"]["name"] == registry[spec.outcomes[0]].unit
        assert len({registry[name].unit for name in spec.outcomes}) == 1  # one axis, one unit
    control = specs[0]
    assert len(control.outcomes) == 2 + len(run.model.group_keys)  # state, disputed, each group


def test_charts_and_map_title_show_the_same_months_and_two_runs_differ_by_line_style():
    a, b = Run(SMALL), Run(Settings(regime="full_cutoff", grid="synthetic"))
    a.step(3)
    b.step(3)
    option = outcome_chart(chart_specs(a.model.group_keys)[1], [a, b], ["A", "B"])
    assert "graphic" not in option
    dates = option["xAxis"]["data"]
    assert dates[:3] == ["2025-09", "2025-10", "2025-11"] and len(dates) == 24
    assert [len(s["data"]) for s in option["series"]] == [3, 3]
    assert [s["lineStyle"]["type"] for s in option["series"]] == ["solid", "dashed"]
    assert [s["name"] for s in option["series"]] == ["A", "B"]
    last = month_label(2, "2025-09")
    title = map_figure(a, (), a.model.landscape).axes[0].get_title()
    assert f"{last} (month 2)" in title and "Certified (status quo)" in title
    stacked = assistance_chart([a])
    assert len(stacked["series"]) == len(CATEGORIES)
    assert all(len(s["data"]) == 24 for s in stacked["series"])
    totals = assistance_chart([a, b], ["A", "B"])
    assert [s["lineStyle"]["type"] for s in totals["series"]] == ["solid", "dashed"]
    assert max(totals["series"][1]["data"]) == 0  # full cut-off


def test_results_page_finds_compare_folders_and_the_reports_findings(tiny_compare):
    assert result_folders(tiny_compare.parent) == [tiny_compare]
    title, findings = report_sections((tiny_compare / "report.md").read_text())
    assert title == "decertsim report: tiny_compare"
    assert "### At 4 months (to 2025-12)" in findings
    assert "## What produced it" not in findings and "\n## " not in findings


def test_decertsim_app_serves_offline_on_localhost():
    command = app_server_command("127.0.0.1", 8765)
    assert command[1:5] == ["-m", "solara", "run", "webapp.page"]
    assert "--no-check-version" in command and "--production" in command
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert OFFLINE_ENV == {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}


# --- the page in a browser -----------------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
SERVER_START_TIMEOUT_S = 120
# Waits check what the page shows, not how fast (speed is benchmarks/bench_app.py's): on a
# loaded two-core machine two months of Play took over a minute, so the bound is generous.
TIMEOUT_MS = 180_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's process group (started with start_new_session, so only ours)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tiny_compare, tmp_path_factory) -> Iterator[str]:
    """`decertsim app` on a free port, listing the tiny comparison; yields its URL."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (install Debian's chromium to run browser tests)")
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "server.log"
    env = {k: v for k, v in os.environ.items() if k not in (RESULTS_ENV, *OFFLINE_ENV)}
    cmd = [sys.executable, "-m", "runs.cli", "app", "--port", str(port)]
    cmd += ["--results", str(tiny_compare.parent)]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no answer on port {port}:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(proc)
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]


@pytest.fixture(scope="module")
def browser(server) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Visit:
    """One browser session on the page, recording failed requests, page errors and any request
    that leaves 127.0.0.1."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1300})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        host = url.rstrip("/")
        page = self.page
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((host, "ws://127.0.0.1", "data:", "blob:"))
                else self.problems.append(f"left the machine: {r.url}")
            ),
        )
        page.goto(url, timeout=TIMEOUT_MS)
        self.legend("Colombian state").wait_for(timeout=TIMEOUT_MS)
        self.chart("members").wait_for(timeout=TIMEOUT_MS)

    def legend(self, label: str):
        return self.page.locator(".control-legend").get_by_text(label, exact=True).first

    def chart(self, key: str):
        return self.page.locator(f".chart-{key} canvas").first

    def map_src(self, label: str = "x") -> str:
        image = self.page.locator(f"img.control-map-{label}").first
        image.wait_for(timeout=TIMEOUT_MS)
        return image.get_attribute("src") or ""

    def pixels(self, key: str) -> str:
        return self.chart(key).evaluate("c => c.toDataURL()")

    def status(self, text: str | re.Pattern[str]) -> None:
        self.page.locator(".status-line").filter(has_text=text).first.wait_for(timeout=TIMEOUT_MS)

    def changes(self, read, before: str) -> str:
        """Wait until ``read()`` differs from ``before``; return the new value."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while (now := read()) == before:
            assert time.monotonic() < deadline, "nothing changed"
            self.page.wait_for_timeout(200)
        return now

    def select(self, css: str, option: str) -> None:
        self.page.locator(css).first.click()
        self.page.get_by_role("option", name=option, exact=True).click()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server) -> Iterator[Visit]:
    """A new browser session on the page (closed after the test)."""
    one = Visit(browser, server)
    yield one
    one.close()


@pytest.mark.browser
def test_the_page_works_offline_step_and_play_move_map_and_charts(visit):
    page = visit.page
    for label in ("Disputed (no one in control)", "Clan del Golfo (EGC)", "ELN"):
        assert visit.legend(label).is_visible()
    assert page.locator(".chart canvas").count() >= 10  # assistance, 8 charts, any outcome
    map0, chart0 = visit.map_src(), visit.pixels("members")
    page.get_by_role("button", name="Step").click()
    visit.status("Simulated 2025-09 (month 0)")
    map1 = visit.changes(visit.map_src, map0)
    chart1 = visit.changes(lambda: visit.pixels("members"), chart0)
    page.get_by_role("button", name="Play").click()
    # Playing shows each month for a fraction of a second and Playwright polls the page every
    # 500 ms or so, so waiting for exactly "month 2" could miss it: wait for month 2 or later.
    visit.status(re.compile(r"Simulated \d{4}-\d{2} \(month ([2-9]|\d\d+)\)"))
    page.get_by_role("button", name="Pause").click()
    assert visit.changes(visit.map_src, map1) != map1
    assert visit.changes(lambda: visit.pixels("members"), chart1) != chart1
    page.wait_for_timeout(500)
    assert visit.problems == [], visit.problems


@pytest.mark.browser
def test_a_regime_change_starts_a_new_run_at_once(visit):
    page = visit.page
    page.get_by_role("button", name="Step").click()
    visit.status("Simulated 2025-09 (month 0)")
    funding = visit.pixels("assistance")
    visit.select(".regime-select-regime", "Full cut-off")
    visit.status("Settings changed: a new run starts at month 0")
    page.get_by_text("Decertified without waivers", exact=False).first.wait_for()
    visit.changes(lambda: visit.pixels("assistance"), funding)  # the money stops
    page.get_by_role("button", name="Step").click()
    visit.status("Simulated 2025-09 (month 0)")  # month 0 again: a new run
    assert visit.problems == [], visit.problems


@pytest.mark.browser
def test_a_category_slider_changes_the_funding_chart(visit):
    page = visit.page
    visit.select(".regime-select-regime", "Custom: each category's share, below")
    visit.status("Settings changed")
    funding = visit.pixels("assistance")
    slider = page.get_by_role("slider").first  # intelligence, share of its baseline
    slider.focus()
    slider.press("Home")  # share 0: intelligence is no longer funded
    visit.changes(lambda: visit.pixels("assistance"), funding)
    assert visit.problems == [], visit.problems


@pytest.mark.browser
def test_the_compare_view_shows_two_regimes_stepping_together(visit):
    page = visit.page
    page.get_by_role("tab", name="Compare two regimes").click()
    names = page.locator(".compare-names")
    names.get_by_text("A: Certified (status quo)", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert "B: Full cut-off" in names.inner_text()
    a0, b0 = visit.map_src("A"), visit.map_src("B")
    page.get_by_role("button", name="Step").click()
    visit.status("Simulated 2025-09 (month 0)")
    a1, b1 = (
        visit.changes(lambda: visit.map_src("A"), a0),
        visit.changes(lambda: visit.map_src("B"), b0),
    )
    assert a1 != b1
    assert visit.problems == [], visit.problems


@pytest.mark.browser
def test_two_sessions_do_not_share_a_model(visit, browser, server):
    for month in ("2025-09 (month 0)", "2025-10 (month 1)", "2025-11 (month 2)"):
        visit.page.get_by_role("button", name="Step").click()
        visit.status(f"Simulated {month}")
    second = Visit(browser, server)
    try:
        second.status("Month 0: press Step or Play.")
        second.page.get_by_role("button", name="Step").click()
        second.status("Simulated 2025-09 (month 0)")
    finally:
        second.close()
    visit.page.get_by_role("button", name="Step").click()
    visit.status("Simulated 2025-12 (month 3)")


@pytest.mark.browser
def test_the_results_page_shows_a_comparisons_findings_and_figures(visit):
    page = visit.page
    page.get_by_role("tab", name="Results of a comparison").click()
    findings = page.locator(".findings")
    findings.get_by_role("heading", name="At 4 months (to 2025-12)").wait_for(timeout=TIMEOUT_MS)
    assert "Full cut-off = Late waiver (1996-97 pattern)" in findings.inner_text()
    for figure in ("fan_charts", "control_maps", "armed_control_maps"):
        page.locator(f"img.figure-{figure}").wait_for(timeout=TIMEOUT_MS)
    assert visit.problems == [], visit.problems
