"""``decertsim app``: serve the browser app (``webapp/``) on this machine, offline.

It runs ``solara run webapp.page`` in production mode on 127.0.0.1 by default, with Solara's
version check and usage statistics off: nothing is fetched from or sent to the internet (the
front end comes from the pinned ``solara-assets`` package). The results page lists the
``compare`` folders under ``--results``.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import socket
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


def check_listen(host: str, port: int) -> None:
    """Fail early, as an input error, if the server could not listen on ``host:port``.

    The server would otherwise start, print its own traceback-like line and exit 3. The check
    binds the way the server does (``SO_REUSEADDR``, so a port in TIME_WAIT is free), then
    closes; another program could still take the port in between, which the server reports.

    Raises:
        DecertsimInputError: naming the option and what to do.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DecertsimInputError(
            f"--host {host}: not an address of this machine ({exc.strerror}); "
            "use 127.0.0.1 or 0.0.0.0"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                other = port + 1 if port < 65535 else 8765
                raise DecertsimInputError(
                    f"--port {port}: already in use on {host} (another app or server?); "
                    f"stop it or choose another port, e.g. --port {other}"
                ) from None
            if exc.errno == errno.EACCES:
                raise DecertsimInputError(
                    f"--port {port}: not allowed for this user (ports below 1024 need "
                    "privileges); choose a port from 1024 up, e.g. --port 8765"
                ) from None
            raise DecertsimInputError(
                f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})"
            ) from None


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
    check_listen(host, port)
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
