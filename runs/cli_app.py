"""``decertsim app``: serve the browser app (``webapp/``) on this machine, offline.

It runs ``solara run webapp.page`` in production mode on 127.0.0.1 by default, with Solara's
version check and usage statistics off: nothing is fetched from or sent to the internet (the
front end comes from the pinned ``solara-assets`` package). The results page lists the
``compare`` folders under ``--results``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from model.errors import DecertsimInputError

#: Where the app's results page looks for `compare` folders (set by ``decertsim app``).
RESULTS_ENV = "DECERTSIM_RESULTS"

#: Solara settings that keep the server from calling home.
OFFLINE_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}


def app_server_command(host: str, port: int) -> list[str]:
    """The command that serves the app (what ``decertsim app`` runs)."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "webapp.page",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",  # no look-up of the latest version on PyPI
        "--no-open",  # the URL is printed; a headless machine has no browser to open
    ]


def app_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    results: Annotated[
        Path, typer.Option(help="Folder whose `compare` result folders the results page lists.")
    ] = Path("results"),
) -> None:
    """Serve the browser app: explore a regime, compare two, open a finished `compare` folder.

    Stops with Ctrl-C. Nothing is downloaded or sent: Solara's version check and usage
    statistics are off and its front end is served from the installed solara-assets.

    Example: decertsim app --port 8765
    """
    if importlib.util.find_spec("solara") is None or importlib.util.find_spec("webapp") is None:
        raise DecertsimInputError(
            "the app needs the optional dependencies: pip install 'decertsim[app]' "
            "(make test and make app install them)"
        )
    console = Console(stderr=True)
    env = {**os.environ, **OFFLINE_ENV, RESULTS_ENV: str(results.resolve())}
    console.print(
        f"decertsim app on http://{host}:{port}/ (results from {results}); Ctrl-C stops",
        highlight=False,
        markup=False,
    )
    try:
        code = subprocess.run(app_server_command(host, port), env=env, check=False).returncode
    except KeyboardInterrupt:
        code = 130
    if code:
        raise typer.Exit(code=code)
