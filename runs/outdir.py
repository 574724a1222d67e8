"""Checking an output folder (``--out``) before anything is computed (docs/RELIABILITY.md).

``decertsim run`` and ``compare`` call :func:`check_out` first, so that a folder they cannot
write into is an input error (exit 2) naming the flag and what is wrong, not a traceback after
the whole simulation: an empty name, a path inside the system's pseudo file systems (``/proc``,
``/sys``, ``/dev`` except the ``/dev/shm`` tmpfs), an existing file, a path under a file, a
folder that cannot be written (tried with a real temporary file, which is what counts), or a
folder whose own entries
(``runs``, ``experiment.json``...) are of the wrong kind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from model.errors import DecertsimInputError

__all__ = ["OutError", "check_out"]

PSEUDO = (Path("/proc"), Path("/sys"), Path("/dev"))
# Under /dev only the shared-memory tmpfs is an ordinary writable file system (a fast scratch
# folder on Linux); everything else there is device nodes.
WRITABLE_UNDER_PSEUDO = (Path("/dev/shm"),)


class OutError(DecertsimInputError):
    """The output folder cannot be used."""


def check_out(
    raw: str | Path,
    folders: Iterable[str] = (),
    files: Iterable[str] = (),
    flag: str = "--out",
) -> Path:
    """Check (and create) the output folder ``raw``; return it as a Path.

    Args:
        raw: The folder as typed.
        folders: Entries of the folder that, if present, must be folders (``runs``).
        files: Entries that, if present, must be regular files (``experiment.json``).
        flag: The option to name in messages.

    Raises:
        OutError: naming the flag, the path and what is wrong.
    """
    text = str(raw)
    if not text.strip():
        raise OutError(f"{flag} '{text}': empty; give the folder to write into, e.g. results/run")
    if "\x00" in text:
        raise OutError(f"{flag}: the path contains a NUL character")
    out = Path(text).expanduser()
    absolute = Path(os.path.abspath(out))
    allowed = any(absolute == ok or ok in absolute.parents for ok in WRITABLE_UNDER_PSEUDO)
    for pseudo in () if allowed else PSEUDO:
        if absolute == pseudo or pseudo in absolute.parents:
            raise OutError(
                f"{flag} {out}: inside {pseudo}, a system pseudo file system; choose a folder "
                "on disk, e.g. results/run"
            )
    ancestor = absolute
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        what = "is a file" if ancestor == absolute else f"is under {ancestor}, which is a file"
        raise OutError(f"{flag} {out}: {what}, not a folder; give a folder name")
    probe = out / f".decertsim-write-test.{os.getpid()}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        raise OutError(
            f"{flag} {out}: cannot write into this folder ({exc.strerror or exc}); choose a "
            "folder you can write to"
        ) from None
    for name in folders:
        entry = out / name
        if entry.exists() and not entry.is_dir():
            raise OutError(
                f"{flag} {out}: '{name}' in it is a file where a folder of results belongs; "
                "choose another --out or move that file away"
            )
    for name in files:
        entry = out / name
        if entry.exists() and not entry.is_file():
            raise OutError(
                f"{flag} {out}: '{name}' in it is not a regular file; choose another --out "
                "or move it away"
            )
    return out
