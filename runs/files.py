"""Every file decertsim writes goes through here: whole or not at all (docs/RELIABILITY.md).

A file is written to a temporary name in its own folder (``.<name>.<pid>-<random>.tmp``),
flushed and fsynced, renamed over the target, and the folder is fsynced, so that neither a
kill nor a crash of the machine nor a full disk leaves a half-written file under the final
name: a reader sees the old file, the new one, or none. On any error the temporary file is
removed and the error goes up (an ``OSError`` such as ``ENOSPC``); callers turn it into a
message (:func:`describe_os_error`).

Temporary files carry the writer's process id, so that :func:`remove_stale_temps` removes only
temporary files of this naming scheme whose writer is gone, and only in the folders it is
given (never a recursive sweep of a user's tree).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = [
    "atomic_write",
    "describe_os_error",
    "remove_stale_temps",
    "write_bytes_atomic",
    "write_csv_atomic",
    "write_figure_atomic",
    "write_parquet_atomic",
    "write_text_atomic",
]

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{16}\.tmp$")


def temp_path(path: Path) -> Path:
    """A fresh temporary name beside ``path``, tagged with this process's id."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(8)}.tmp")


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> Path:
    """Call ``write(handle)`` on a temporary file, fsync it and rename it to ``path``.

    Args:
        path: The final file; its folder is created if needed.
        write: Writes the content into a binary file handle.

    Returns:
        ``path``.

    Raises:
        OSError: the folder cannot be created or the file written (the target is unchanged).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        with open(tmp, "xb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.filename is None:  # a failed write() names no file: name the target
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
    return path


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically and durably."""
    return atomic_write(path, lambda handle: handle.write(data))


def write_text_atomic(text: str, path: Path) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically and durably."""
    return write_bytes_atomic(text.encode("utf-8"), path)


def write_parquet_atomic(table: pa.Table, path: Path) -> Path:
    """Write an Arrow table as zstd Parquet to ``path`` atomically and durably."""
    return atomic_write(
        path,
        lambda handle: pq.write_table(table, handle, compression="zstd", write_statistics=False),
    )


def write_csv_atomic(frame: Any, path: Path) -> Path:
    """Write a pandas DataFrame as CSV (no index) to ``path`` atomically and durably."""
    return write_text_atomic(frame.to_csv(index=False), path)


def write_figure_atomic(fig: Any, path: Path, **savefig: Any) -> Path:
    """Render a matplotlib figure (format from the suffix) and write it atomically."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=Path(path).suffix.lstrip(".") or "png", **savefig)
    return write_bytes_atomic(buffer.getvalue(), path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folders: Iterable[Path]) -> int:
    """Remove temporary files of :func:`atomic_write` whose writer process is gone.

    Only files named like this module's temporary files, directly in the given folders (not
    below them), are considered; the caller holds the folder's lock (``runs.store``).

    Returns:
        How many were removed.
    """
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _TEMP.match(entry.name)
            if match and entry.is_file(follow_symlinks=False):
                if not _alive(int(match["pid"])):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    return removed


def describe_os_error(exc: OSError, what: str = "") -> str:
    """A one-line message for a failed file operation: what, where, why, and what to do."""
    where = f"{exc.filename}" if exc.filename else "a file"
    reason = exc.strerror or str(exc)
    hint = ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "; free some space (or choose another --out) and run the same command again"
    elif exc.errno == errno.EFBIG:
        hint = "; a file-size limit (ulimit -f) stopped the write; raise it and run again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "; choose a folder you can write to with --out"
    return f"{what + ' ' if what else ''}{where}: {reason}{hint}"
