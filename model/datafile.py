"""Reading a shipped data table (``model/data/*.csv``) without a traceback (docs/RELIABILITY.md).

The geographic files have their own checks (:mod:`model.geo.sources`); the dated tables
(ceasefires, talks, offensives, ruptures, coca yields, U.S. border openness, the Colombians'
route, movement restrictions, wars between groups, observed targets) are read here first.
Whatever is wrong with the file itself, the caller's error (an input error, so the command line
prints it and exits with 2) names the file and the problem: missing or unreadable, not UTF-8
(offset and line of the first bad byte), not CSV, empty (no header), a missing column (only the
missing ones are named), or a row with more cells than the header. Each reader then checks its
own values (types, ranges, order), naming the line and the column.

Every model reads the same tables at set-up: a reader wrapped in :func:`parsed_once` parses a
file once per process and content (issue 15).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import inspect
import math
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.errors import DecertsimInputError

__all__ = ["parsed_once", "read_rows", "row_number"]

RESTORE = "restore it from the repository (git checkout)"

#: the parsed tables kept (every reader's together), the least recently used dropped first
PARSED_KEPT = 64
_PARSED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def read_rows(
    path: Path,
    columns: tuple[str, ...],
    error: type[Exception] = DecertsimInputError,
    kind: str = "data",
) -> list[tuple[int, dict[str, str]]]:
    """The rows of a data table with their line numbers (the header is line 1).

    Args:
        path: The CSV file (UTF-8, a byte-order mark allowed).
        columns: Columns the file must have.
        error: The exception to raise (an input error of the caller's module).
        kind: What the file holds, for messages ("talks", "ceasefires").

    Returns:
        ``(line, row)`` pairs; cells are stripped text, empty cells ``""``.

    Raises:
        error: naming the file and what is wrong with it.
    """
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            for row in reader:
                if None in row:
                    raise error(
                        f"{path}, line {reader.line_num}: more cells than the header's "
                        f"{len(header or ())}; {RESTORE}"
                    )
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except FileNotFoundError:
        raise error(f"cannot read the {kind} file {path}: it does not exist; {RESTORE}") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} near line {line}); a "
            f"data file is CSV saved as UTF-8; {RESTORE}"
        ) from None
    except (OSError, csv.Error) as exc:
        raise error(f"cannot read the {kind} file {path} ({exc}); {RESTORE}") from None
    if not header:
        raise error(f"{path}: empty (no header line); it needs columns {', '.join(columns)}")
    missing = [c for c in columns if c not in header]
    if missing:
        raise error(
            f"{path}: missing column(s) {', '.join(missing)}; it has {', '.join(header)}; {RESTORE}"
        )
    return rows


def row_number(
    path: Path,
    line: int,
    row: dict[str, str],
    column: str,
    error: type[Exception] = DecertsimInputError,
    low: float = -math.inf,
    high: float = math.inf,
) -> float:
    """A finite number in ``low..high`` from a cell, or ``error`` naming file, line and column."""
    text = row.get(column, "")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f"a number from {low:g} to {high:g}" if math.isfinite(low + high) else "a number"
        if math.isfinite(low) and not math.isfinite(high):
            bounds = f"a number >= {low:g}"
        raise error(f"{path}, line {line}: {column} is {text!r}; allowed: {bounds}")
    return value


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, None if it cannot be read (the key of content caches)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def parsed_once[R](read: Callable[..., R]) -> Callable[..., R]:
    """``read(path, *args)``, kept per process for each content of the file (issue 15).

    Each model's set-up reads the same dated tables (ceasefires, talks, offensives, rearming
    calls, wars, the U.S. borders' periods, the Colombians' route); parsing and checking them
    again took about 1 ms a model. The wrapped reader reads the file's bytes and returns what
    ``read`` returned for the same reader, path, bytes and other arguments (which must be
    hashable), so a file changed on disk is parsed again, whatever its modification time. What
    ``read`` returns is shared by every caller: it must be immutable (tuples of frozen
    dataclasses). A file that cannot be read, or a table ``read`` refuses, is not kept: every
    call reads it and raises again. ``read`` itself is the wrapper's ``uncached``.
    """
    signature = inspect.signature(read)
    defaults = tuple(p.default for p in signature.parameters.values())

    @functools.wraps(read)
    def once(*args: Any, **named: Any) -> R:
        if named or inspect.Parameter.empty in defaults[len(args) :]:
            bound = signature.bind(*args, **named)  # a missing argument raises here
            bound.apply_defaults()
            args = bound.args
        else:
            args = (*args, *defaults[len(args) :])
        path, *rest = args
        try:
            content = Path(path).read_bytes()
        except OSError:
            return read(path, *rest)  # it names the file and the problem
        key = (read, str(path), content, tuple(rest))
        try:
            found = _PARSED[key]
        except KeyError:
            found = _PARSED[key] = read(path, *rest)
            if len(_PARSED) > PARSED_KEPT:
                _PARSED.popitem(last=False)
        else:
            _PARSED.move_to_end(key)
        return found

    once.uncached = read  # type: ignore[attr-defined]
    return once
