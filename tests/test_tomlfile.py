"""One TOML loader for regime and experiment files: every unreadable file is a clear input error.

Each case runs through both loaders (``Regime.from_file`` and ``load_experiment``): the error is
the loader's own (``RegimeError``, ``ExperimentError``), names the file and the problem, and is
never a raw ``OSError``, ``UnicodeDecodeError``, ``RecursionError`` or ``TOMLDecodeError``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from model.assistance import Regime
from model.errors import DecertsimInputError, ExperimentError, ParamsError, RegimeError
from model.tomlfile import MAX_BYTES, MAX_DEPTH, read_toml
from runs.cli import parse_overrides
from runs.spec import load_experiment
from tests.test_cli import decertsim

VALID_REGIME = 'name = "mine"\n[[decision]]\nmonth = "2025-09"\ncertified = false\n'
VALID_EXPERIMENT = 'name = "mine"\nregimes = ["certified"]\nmonths = 2\n'

LOADERS: dict[str, tuple[Callable[[Path], Any], type[DecertsimInputError], str]] = {
    "regime": (Regime.from_file, RegimeError, VALID_REGIME),
    "experiment": (load_experiment, ExperimentError, VALID_EXPERIMENT),
}


@pytest.fixture(params=sorted(LOADERS))
def loader(request) -> tuple[str, Callable[[Path], Any], type[DecertsimInputError], str]:
    load, error, valid = LOADERS[request.param]
    return request.param, load, error, valid


def refused(loader, path: Path) -> str:
    """Load ``path``, expect the loader's input error naming the file, return the message."""
    kind, load, error, _ = loader
    with pytest.raises(error) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message
    return message


def test_a_valid_file_loads(loader, tmp_path):
    kind, load, _, valid = loader
    path = tmp_path / "ok.toml"
    path.write_text(valid, encoding="utf-8")
    assert load(path).name == "mine"


def test_a_byte_order_mark_is_accepted(loader, tmp_path):
    _, load, _, valid = loader
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + valid.encode())
    assert load(path).name == "mine"


def test_missing_file(loader, tmp_path):
    kind = loader[0]
    assert f"no such {kind} file" in refused(loader, tmp_path / "nope.toml")


def test_directory(loader, tmp_path):
    kind = loader[0]
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    article = "an" if kind == "experiment" else "a"
    assert f"is a directory, not {article} {kind} file" in refused(loader, folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_refused_without_blocking(loader, tmp_path):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert "not a regular file" in refused(loader, pipe)


def test_permission_denied(loader, tmp_path, monkeypatch):
    # Root reads a mode-000 file, so the denial is simulated where the loader opens the file.
    path = tmp_path / "locked.toml"
    path.write_text(loader[3], encoding="utf-8")

    def deny(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert "permission denied" in refused(loader, path)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_mode_000_file(loader, tmp_path):
    path = tmp_path / "locked.toml"
    path.write_text(loader[3], encoding="utf-8")
    path.chmod(0)
    try:
        assert "permission denied" in refused(loader, path)
    finally:
        path.chmod(0o600)


def test_latin1_file_names_the_byte_and_its_offset(loader, tmp_path):
    path = tmp_path / "latin1.toml"
    text = loader[3] + 'description = "décertifié"\n'
    path.write_bytes(text.encode("latin-1"))
    offset = text.index("é")
    message = refused(loader, path)
    assert "not UTF-8" in message
    assert f"byte 0xe9 at offset {offset}" in message
    assert f"(line {text[:offset].count(chr(10)) + 1})" in message


def test_binary_file(loader, tmp_path):
    path = tmp_path / "image.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "not UTF-8 text: byte 0x89 at offset 0" in refused(loader, path)


def test_too_large(loader, tmp_path):
    path = tmp_path / "huge.toml"
    filler = ("# " + "x" * 77 + "\n") * (MAX_BYTES // 80 + 1)
    path.write_text(loader[3] + filler, encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    message = refused(loader, path)
    assert f"larger than {MAX_BYTES:,} bytes (1 MiB)" in message


def test_twenty_thousand_nested_arrays_are_refused_before_parsing(loader, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(loader[3] + "deep = " + "[" * 20_000 + "]" * 20_000 + "\n")
    message = refused(loader, path)
    # the bracket scan stops it (it names the line); the parser never sees the file
    assert (
        f"nested deeper than the {MAX_DEPTH} levels allowed at line {loader[3].count(chr(10)) + 1}"
        in (message)
    )


def test_nested_inline_tables_are_refused(loader, tmp_path):
    path = tmp_path / "tables.toml"
    path.write_text(loader[3] + "t = " + "{a = " * 40 + "1" + "}" * 40 + "\n")
    assert f"nested deeper than the {MAX_DEPTH} levels allowed" in refused(loader, path)


def test_deep_dotted_keys_are_refused(loader, tmp_path):
    # dotted keys nest tables without brackets: the parsed data are checked too
    path = tmp_path / "dotted.toml"
    path.write_text(loader[3] + "a" + ".a" * 5_000 + " = 1\n")
    assert f"nested deeper than the {MAX_DEPTH} levels allowed" in refused(loader, path)


def test_brackets_inside_strings_and_comments_do_not_count(loader, tmp_path):
    _, load, _, valid = loader
    path = tmp_path / "quoted.toml"
    brackets = "[{" * 100
    path.write_text(f'description = """{brackets}"""\n# {brackets}\n{valid}', encoding="utf-8")
    assert load(path).description == brackets


def test_malformed_toml_gives_line_and_column(loader, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(loader[3] + "months = = 3\n", encoding="utf-8")
    message = refused(loader, path)
    line = loader[3].count("\n") + 1
    assert "not valid TOML" in message
    assert f"line {line}, column" in message


def test_a_deeply_nested_set_value_is_refused():
    with pytest.raises(ParamsError, match=r"--set 'armed.front_size': arrays or tables nested"):
        parse_overrides(["armed.front_size=" + "[" * 20_000 + "]" * 20_000])


def test_read_toml_is_the_callers_error():
    with pytest.raises(RegimeError):
        read_toml(Path("/nonexistent/regime.toml"), "regime", RegimeError)


# --- the command line: exit 2, a message, no traceback ------------------------------------------

BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "binary": lambda d: _write(d / "binary.toml", b"\x00\xff\xfe" * 50),
    "deep": lambda d: _write(d / "deep.toml", b"v = " + b"[" * 20_000 + b"]" * 20_000),
    "directory": lambda d: _mkdir(d / "folder"),
    "malformed": lambda d: _write(d / "malformed.toml", b'name = "x\n'),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_cli_run_and_validate_refuse_a_bad_file_with_exit_2(tmp_path, case):
    bad = BAD_FILES[case](tmp_path)
    for args in (
        ("run", "--regime", str(bad), "--months", "1", "--resolution", "synthetic"),
        ("validate", str(bad)),
    ):
        result = decertsim(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        assert "error:" in result.stderr
        assert bad.name in result.stderr.replace("\n", "")
