"""The browser app (app.py): its model wrapper, and the page served by ``solara run``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
SERVER_START_TIMEOUT_S = 90
PAGE_TIMEOUT_MS = 60_000


def test_app_model_steps_with_a_named_regime() -> None:
    import app

    model = app.AppModel(regime="full_cutoff", seed=2, resolution="synthetic")
    assert model.regime.name == "full_cutoff"
    model.step()
    model.step()
    assert model.month == 2
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 2
    for outcome in app.OUTCOME_CHARTS:
        for name in [outcome] if isinstance(outcome, str) else outcome:
            assert name in frame.columns
    fig = app.control_figure(model)
    assert fig.axes and fig.axes[0].images


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"solara exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"solara did not answer on port {port} within {SERVER_START_TIMEOUT_S} s:\n"
        f"{log.read_text()[-3000:]}"
    )


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


@pytest.mark.browser
def test_app_page_shows_map_legend_charts_and_steps(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (install Debian's chromium to run browser tests)")
    from playwright.sync_api import expect, sync_playwright

    port = _free_port()
    log = tmp_path / "solara.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    cmd = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "app.py",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--production",
        "--no-check-version",  # no PyPI look-up at start
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_port(port, proc, log)
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1400, "height": 1400},
            )
            try:
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/", timeout=PAGE_TIMEOUT_MS)
                # The app bar title, the HTML legend of the map and the images (map + 4 charts).
                expect(page.get_by_text("decertsim: who controls Colombia").first).to_be_visible(
                    timeout=PAGE_TIMEOUT_MS
                )
                for label in ("State", "Segunda Marquetalia", "Clan del Golfo (EGC)"):
                    expect(page.get_by_text(label, exact=True).first).to_be_visible(
                        timeout=PAGE_TIMEOUT_MS
                    )
                images = page.locator("img")
                expect(images.nth(4)).to_be_visible(timeout=PAGE_TIMEOUT_MS)  # map + 4 charts
                assert images.first.evaluate("img => img.naturalWidth") > 100

                # One click on Step: the step counter and the map title both move on.
                expect(page.get_by_text("Time: 0.0")).to_be_visible()
                page.get_by_role("button", name="Step").click()
                expect(page.get_by_text("Time: 1.0")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
                page.wait_for_timeout(500)  # let the re-rendered figures arrive
                shot = tmp_path / "app.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
            finally:
                context.close()
    finally:
        _stop(proc)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
