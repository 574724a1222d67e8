"""The ``decertsim`` command's entry point: Ctrl-C while the program loads ends quietly.

Loading the model (numpy, numba, Mesa) takes seconds on a busy machine; a Ctrl-C in that time
used to print the traceback of whatever import it interrupted. Nothing has been read or written
yet, so the command just stops with exit 130 (docs/RELIABILITY.md). Once loaded, ``runs.cli``
handles interruptions itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Load the command line, then run it."""
    try:
        from runs.cli import app
    except KeyboardInterrupt:
        sys.stderr.write("interrupted while starting: nothing was read or written\n")
        raise SystemExit(130) from None
    from runs.gcfreeze import freeze_imports

    freeze_imports()  # the collector skips the imports from now on (runs/gcfreeze.py)
    app()
