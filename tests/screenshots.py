"""Screenshots of the browser app for the docs (docs/img/app_*.png), taken with Playwright.

Regenerate after a visible change of the page::

    .venv/bin/python -m tests.screenshots --results results --out docs/img

``--results`` should hold a finished ``decertsim compare`` folder (the Results tab shows the first
one). The script serves the app with ``decertsim app`` on a free port, steps the Explore tab six
months and the Compare tab six months, and saves the three tabs.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _step(page, months: int) -> None:
    for _ in range(months):
        page.get_by_role("button", name="Step").click()
        page.wait_for_timeout(1500)


def main() -> None:
    """Serve the app, drive it and save the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path("results"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--months", type=int, default=6)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    command = [sys.executable, "-m", "runs.cli", "app", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--results", str(args.results.resolve())],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1500, "height": 1150})
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.locator(".chart-members canvas").first.wait_for(timeout=120_000)
            _step(page, args.months)
            page.screenshot(path=str(args.out / "app_explore.png"))
            page.get_by_role("tab", name="Compare two regimes").click()
            page.locator("img.control-map-B").first.wait_for(timeout=120_000)
            _step(page, args.months)
            page.set_viewport_size({"width": 1500, "height": 1900})  # maps and first charts
            page.wait_for_timeout(2000)
            page.screenshot(path=str(args.out / "app_compare.png"))
            page.set_viewport_size({"width": 1500, "height": 1150})
            page.get_by_role("tab", name="Results of a comparison").click()
            page.locator(".findings").first.wait_for(timeout=120_000)
            page.wait_for_timeout(2000)
            page.screenshot(path=str(args.out / "app_results.png"))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    print(f"wrote {args.out}/app_explore.png, app_compare.png, app_results.png")


if __name__ == "__main__":
    main()
