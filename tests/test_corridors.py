"""Cocaine flows in the map snapshots and the report's corridor map (runs/corridors.py)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from runs.corridors import corridor_flows, corridor_map
from runs.single import maps_table


def test_map_rows_carry_the_cocaine_through_each_cell(make_model):
    m = make_model(seed=4)
    m.snapshot_every = 3
    m.run(6)
    table = maps_table(m, "run", 4).to_pandas()
    last = table[table["month"] == 5]
    through = m.trafficking.month.through_kg / 1000.0
    xs, ys = last["x"].to_numpy(int), last["y"].to_numpy(int)
    np.testing.assert_allclose(last["cocaine_t"], through[xs, ys], rtol=1e-6)
    assert last["cocaine_t"].sum() > 0


def test_corridor_map_averages_runs_per_regime(make_model, tmp_path):
    rows = []
    for regime in ("certified", "full_cutoff"):
        for seed in (1, 2):
            m = make_model(regime, seed=seed)
            m.run(3)
            m.snapshot()
            table = maps_table(m, f"{regime}-{seed}", seed).to_pandas()
            rows.append(table)
    maps = pd.concat(rows)
    con = duckdb.connect()
    con.register("maps", maps)
    flows = corridor_flows(con, 2)
    expected = maps[maps["regime"] == "certified"].groupby(["x", "y"])["cocaine_t"].mean()
    got = flows[flows["regime"] == "certified"].set_index(["x", "y"])["tonnes"]
    assert got.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())
    path = corridor_map(
        flows, ["certified", "full_cutoff"], "synthetic", "month 2", tmp_path / "c.png"
    )
    assert path.stat().st_size > 0


def test_maps_of_older_versions_have_no_corridors():
    con = duckdb.connect()
    con.execute("CREATE VIEW maps AS SELECT 0 AS month, 1 AS x, 1 AS y, 'a' AS regime")
    assert corridor_flows(con, 0).empty
