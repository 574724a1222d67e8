"""Reading a user's TOML file, strictly and without a traceback: one loader for every input file.

Regime files (:meth:`model.assistance.Regime.from_file`) and experiment files
(:func:`runs.spec.load_experiment`) are read here. Whatever is wrong with the file, the caller's
input error (a subclass of :class:`~model.errors.DecertsimInputError`, so the command line prints
it and exits with 2) names the file and the problem:

- the path does not exist, is a directory or not a regular file, or cannot be read (permission);
- the file is larger than :data:`MAX_BYTES` (1 MiB: a regime or experiment file is a few
  kilobytes; the bound keeps a wrong path, such as a data file or a device, from being read
  whole);
- the bytes are not UTF-8 (a binary or a Latin-1 file): the message gives the offset and line of
  the first bad byte. A UTF-8 byte-order mark at the start is accepted;
- arrays and tables are nested deeper than :data:`MAX_DEPTH` (32) levels: checked by a scan of
  the text before parsing, so that a hostile file of thousands of nested arrays fails at once
  instead of exhausting the parser's recursion, and again on the parsed data (dotted keys nest
  tables without brackets);
- the text is not valid TOML: the parser's message with line and column.

Strict types (``true`` is not a number, ``"yes"`` is not a boolean) are the validating model's
part (:mod:`model.strict`).
"""

from __future__ import annotations

import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from model.errors import DecertsimInputError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "check_nesting", "parse_toml", "read_toml"]

MAX_BYTES = 1 << 20
"""Largest input file read, in bytes (1 MiB)."""

MAX_DEPTH = 32
"""Deepest nesting of arrays and tables allowed in an input file (the top-level table is 1)."""

# Strings (the four TOML kinds, multi-line first) and comments are skipped; brackets and braces
# outside them are counted. An unterminated string is left to the parser to report.
_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def check_nesting(text: str, source: str, error: type[DecertsimInputError]) -> None:
    """Refuse TOML text whose arrays and inline tables nest deeper than :data:`MAX_DEPTH`.

    Args:
        text: The TOML text.
        source: What to name in the message (a file path or a command-line flag).
        error: The input error to raise.

    Raises:
        error: naming ``source``, the line and the bound.
    """
    depth = 1
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise error(_too_deep(source, f" at line {line}"))
        elif token in "]}":
            depth = max(1, depth - 1)


def parse_toml(text: str, source: str, error: type[DecertsimInputError]) -> dict[str, Any]:
    """Parse TOML text with the nesting bound.

    Args:
        text: The TOML text.
        source: What to name in messages (a file path).
        error: The input error to raise.

    Returns:
        The parsed table.

    Raises:
        error: the text nests too deeply or is not valid TOML (with line and column).
    """
    check_nesting(text, source, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{source}: not valid TOML: {exc}") from None
    if _depth(data) > MAX_DEPTH:
        raise error(_too_deep(source, ""))
    return data


def read_toml(path: str | Path, kind: str, error: type[DecertsimInputError]) -> dict[str, Any]:
    """Read and parse a user's TOML file (see the module docstring for every check).

    Args:
        path: The file.
        kind: What the file should be, for messages ("regime", "experiment").
        error: The input error to raise.

    Returns:
        The parsed table.

    Raises:
        error: naming the file and the problem.
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{path}: is a directory, not {_article(kind)} file")
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"{path}: is not a regular file; give the path of {_article(kind)} .toml file"
            )
        if info.st_size > MAX_BYTES:
            raise error(_too_large(path, kind))
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise error(f"{path}: no such {kind} file") from None
    except PermissionError:
        raise error(f"{path}: cannot read this {kind} file: permission denied") from None
    except OSError as exc:
        raise error(f"{path}: cannot read this {kind} file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise error(_too_large(path, kind))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{path}: not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
            f"(line {line}) cannot be decoded; {_article(kind)} file is TOML text saved as UTF-8"
        ) from None
    return parse_toml(text.removeprefix("\ufeff"), str(path), error)


def _too_large(path: Path, kind: str) -> str:
    most = f"the most {_article(kind)} file may hold"
    return f"{path}: larger than {MAX_BYTES:,} bytes (1 MiB), {most}"


def _too_deep(source: str, where: str) -> str:
    return f"{source}: arrays or tables nested deeper than the {MAX_DEPTH} levels allowed{where}"


def _depth(data: Any) -> int:
    """Nesting depth of tables and arrays in parsed TOML data (the top table is 1), iteratively."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _article(kind: str) -> str:
    """``kind`` with its indefinite article ("a regime", "an experiment")."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
