"""Issue 13, defect 14 beyond the grid: every shipped data table read by a run is checked.

Each dated table (ceasefires, talks, offensives, ruptures, rearming calls, coca yields, U.S.
border openness, the Colombians' route, movement restrictions, observed targets) is copied,
damaged in one way, and read by its own loader: the error must be an input error (the command
line prints it and exits with 2, no traceback) naming the file and, for a bad cell, the line and
the column. docs/RELIABILITY.md, "Shipped data".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from model.ceasefires import CEASEFIRES_FILE, read_ceasefires
from model.emigration import (
    BORDER_FILE,
    OTHER_BORDERS_FILE,
    OTHER_COLUMN,
    ROUTE_FILE,
    read_border_periods,
    read_route_periods,
)
from model.errors import DecertsimInputError
from model.observed import TARGETS_FILE, read_series
from model.offensives import OFFENSIVES_FILE
from model.rearming import CALLS_FILE
from model.restrictions import RESTRICTIONS_FILE, read_restrictions
from model.talks import RUPTURES_FILE, TALKS_FILE
from model.trafficking.productivity import PRODUCTIVITY_FILE, read_yields
from runs.posterior import SHIPPED_POSTERIOR, PosteriorError, load_posterior
from runs.report_md import dependence_section

GROUPS = ("egc", "eln", "emc", "sm")

LOADERS: dict[str, tuple[Path, Callable[[Path], object], str]] = {
    "ceasefires": (CEASEFIRES_FILE, lambda p: read_ceasefires(GROUPS, p), "share"),
    "talks": (TALKS_FILE, lambda p: read_ceasefires(GROUPS, p, "talks"), "share"),
    "offensives": (OFFENSIVES_FILE, lambda p: read_ceasefires(GROUPS, p, "offensives"), "share"),
    "ruptures": (RUPTURES_FILE, lambda p: read_ceasefires(GROUPS, p, "ruptures"), "share"),
    "rearming calls": (
        CALLS_FILE,
        lambda p: read_ceasefires(GROUPS, p, "rearming calls"),
        "share",
    ),
    "yields": (PRODUCTIVITY_FILE, read_yields, "yield_kg_per_ha_year"),
    "border": (BORDER_FILE, read_border_periods, "usbp_swb_per_month"),
    "other borders": (
        OTHER_BORDERS_FILE,
        lambda p: read_border_periods(p, OTHER_COLUMN),
        OTHER_COLUMN,
    ),
    "route": (ROUTE_FILE, read_route_periods, "air_travel"),
    "restrictions": (RESTRICTIONS_FILE, read_restrictions, "flight_factor"),
    "targets": (TARGETS_FILE, lambda p: read_series(("coca_ha_unodc",), p), "value"),
}


def damaged(tmp_path: Path, source: Path, data: bytes) -> Path:
    path = tmp_path / source.name
    path.write_bytes(data)
    return path


def refused(load: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(DecertsimInputError) as caught:
        load(path)
    message = str(caught.value)
    assert path.name in message
    return message


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_the_shipped_table_reads(name):
    source, load, _ = LOADERS[name]
    assert load(source) is not None


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_binary_empty_and_headless_files_are_input_errors(tmp_path, name):
    source, load, _ = LOADERS[name]
    assert "not UTF-8" in refused(load, damaged(tmp_path, source, bytes(range(256)) * 8))
    assert "empty" in refused(load, damaged(tmp_path, source, b""))
    assert "no such" not in refused(load, damaged(tmp_path, source, b"a,b\n1,2\n"))


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_missing_column_is_named(tmp_path, name):
    source, load, column = LOADERS[name]
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].replace(column, column + "_renamed", 1)
    message = refused(load, damaged(tmp_path, source, "".join([header, *lines[1:]]).encode()))
    assert f"missing column(s) {column};" in message


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_row_with_an_extra_cell_is_named_by_line(tmp_path, name):
    source, load, _ = LOADERS[name]
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + ",extra\n"
    assert "line 2: more cells" in refused(load, damaged(tmp_path, source, "".join(lines).encode()))


@pytest.mark.parametrize(
    "name", ["border", "other borders", "targets", "ceasefires", "yields", "restrictions"]
)
def test_a_bad_number_names_line_and_column(tmp_path, name):
    source, load, column = LOADERS[name]
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    index = rows[0].index(column)
    target = 1
    if name == "targets":  # a row the reader uses
        target = next(
            i for i, r in enumerate(rows) if r[0] == "coca_ha_unodc" and r[6] != "recalled"
        )
    rows[target][index] = "abc"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    message = refused(load, damaged(tmp_path, source, out.getvalue().encode()))
    assert f"line {target + 1}" in message and "abc" in message
    if name not in ("border", "other borders"):  # the border reader names the value
        assert column in message


def test_the_shipped_tables_have_no_row_longer_than_their_header():
    # Two notes with an unquoted comma were accepted silently before the tables were checked.
    for source, _, _ in LOADERS.values():
        with open(source, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            width = len(next(reader))
            assert all(len(row) <= width for row in reader), source


def test_a_damaged_sensitivity_file_costs_its_section_not_the_report(tmp_path):
    for text in ("{not json", "[]", json.dumps({"problem": {}}), "\udcff"):
        path = tmp_path / "sensitivity.json"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        lines = dependence_section(path)
        assert lines[0] == "## What the ordering depends on"
        assert "Not available" in lines[2] and "sensitivity.json" in lines[2]


def test_a_damaged_posterior_is_an_input_error(tmp_path):
    data = SHIPPED_POSTERIOR.read_bytes()
    for name, content in (("half", data[: len(data) // 2]), ("binary", bytes(range(256)))):
        path = tmp_path / f"{name}.parquet"
        path.write_bytes(content)
        with pytest.raises(PosteriorError, match="cannot read the posterior"):
            load_posterior(path)
    table = pq.read_table(SHIPPED_POSTERIOR)
    meta = {**(table.schema.metadata or {}), b"decertsim": b"{broken"}
    path = tmp_path / "meta.parquet"
    pq.write_table(table.replace_schema_metadata(meta), path)
    with pytest.raises(PosteriorError, match="damaged 'decertsim' metadata"):
        load_posterior(path)
    words = table.set_column(
        table.column_names.index("weight"), "weight", pa.array(["x"] * table.num_rows)
    )
    pq.write_table(words, path)
    with pytest.raises(PosteriorError, match="not numbers"):
        load_posterior(path)
