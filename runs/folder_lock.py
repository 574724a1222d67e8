"""One writer per result folder: an advisory lock on ``OUT/.lock`` (docs/RELIABILITY.md).

``decertsim compare`` (and ``report --rebuild``) hold the lock for as long as they write runs
into a folder; a second writer is refused at once with a message naming the holder (its process
id, host, start time and command). The lock is the kernel's (``fcntl.flock``): it goes away
with the process however it ends, so a killed sweep never leaves a stale lock behind. The file
itself stays; only the lock on it counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from pathlib import Path

from model.errors import DecertsimInputError

try:  # POSIX; on other systems folders are not locked (documented in docs/RELIABILITY.md)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"

#: Locks this process holds, by folder: a second store on the same folder in the same process
#: shares the lock (``flock`` would refuse a second open of the file, even by its holder).
_HELD: dict[str, int] = {}


class FolderBusyError(DecertsimInputError):
    """Another process is writing into the result folder."""


class FolderLock:
    """The exclusive lock of one result folder, held until :meth:`release` or process exit."""

    def __init__(self, out: Path) -> None:
        """Refer to the lock of ``out`` (not taken yet)."""
        self.path = Path(out) / LOCK_NAME
        self._key = os.path.realpath(self.path)

    @property
    def held(self) -> bool:
        """This process holds the lock."""
        return self._key in _HELD

    def acquire(self) -> FolderLock:
        """Take the lock without waiting.

        Raises:
            FolderBusyError: another process holds it (the message names that process).
        """
        if self.held or fcntl is None:
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise FolderBusyError(
                f"{self.path.parent} is being written by another sweep ({holder}); wait for it "
                "to finish (then run your command again: finished runs are kept) or choose "
                "another --out"
            ) from None
        except OSError:
            os.close(fd)
            raise
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "command": " ".join(
                os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv)
            ),
        }
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        _HELD[self._key] = fd
        return self

    def release(self) -> None:
        """Let the lock go (closing the descriptor releases it)."""
        fd = _HELD.pop(self._key, None)
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(fd: int) -> str:
    """Who holds the lock, from what the holder wrote into the lock file."""
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return f"process {info['pid']} on {info['host']} since {info['since']}: `{info['command']}`"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that did not say who it is"
