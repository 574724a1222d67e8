"""Scenario discovery (PRIM), the Sobol step and the words report.md prints."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from SALib.sample import sobol as sobol_sample

from runs.prim import prim_box
from runs.report_md import dependence_section
from runs.sensitivity import block_seeds, differences, indices, noise_seeds, scenario_discovery
from runs.sensitivity_words import box_is_resolved, noise_shares, words


def test_prim_finds_a_planted_box_and_names_only_its_parameters():
    rng = np.random.default_rng(1)
    x = rng.random((400, 3))
    y = ((x[:, 0] > 0.6) & (x[:, 2] < 0.5)).astype(float)
    box = prim_box(x, y, ["a", "b", "c"])
    assert set(box["restricted"]) == {"a", "c"}
    assert box["limits"]["a"][0] == pytest.approx(0.6, abs=0.1)
    assert box["limits"]["c"][1] == pytest.approx(0.5, abs=0.1)
    assert box["density"] > 0.8 and box["coverage"] > 0.7
    assert "`a` above" in box["words"] and "`c` below" in box["words"]


def test_prim_with_no_case_of_interest_restricts_nothing():
    x = np.random.default_rng(2).random((50, 2))
    box = prim_box(x, np.zeros(50), ["a", "b"])
    assert box["restricted"] == [] and box["base_rate"] == 0.0


def fake_values(sets: np.ndarray) -> dict:
    """Waivers beat the cut-off on members unless parameter a is high; b does nothing."""
    values = {}
    for i, (a, _b) in enumerate(sets):
        members = {"certified": 100.0, "waivers": 100.0 + 50 * a, "full_cutoff": 120.0}
        for regime, m in members.items():
            values[(i, regime)] = {"armed_members@60": m, "armed_members@24": m / 2}
    return values


def test_indices_rank_the_parameter_the_difference_depends_on():
    prob = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0], [0.0, 1.0]]}
    sets = sobol_sample.sample(prob, 64, calc_second_order=False, seed=3)
    diffs = differences(fake_values(sets), len(sets))
    table = indices(prob, diffs, 3)
    at60 = table[(table.difference == "waivers-full_cutoff") & (table.horizon == 60)]
    st = at60.set_index("parameter").ST
    assert st["a"] > 0.9 and st["b"] < 0.05
    # certified - waivers depends on a alone as well
    assert set(table.difference) == {"waivers-full_cutoff", "certified-waivers"}
    boxes = scenario_discovery(sets, prob["names"], diffs)
    (members,) = [b for b in boxes if b["outcome"] == "armed_members"]
    assert members["restricted"] == ["a"] and members["limits"]["a"][0] > 0.3
    text = " ".join(words(table, boxes, diffs))
    assert "armed_members at 60 months: waivers fail to beat the full cut-off in" in text
    assert "depends most on `a`" in text and "`a` above" in text


def test_report_section_says_where_the_words_come_from(tmp_path):
    path = tmp_path / "sensitivity.json"
    assert dependence_section(path) == []
    path.write_text(
        json.dumps(
            {
                "problem": {"names": ["armed.recruitment_rate"]},
                "sets": 16,
                "n": 4,
                "regimes": ["certified", "waivers", "full_cutoff"],
                "resolution": "0.25",
                "model": "abc123",
                "words": ["coca_ha at 60 months: waivers fail in 10%."],
            }
        )
    )
    lines = dependence_section(path)
    assert lines[0] == "## What the ordering depends on"
    assert "not from this experiment's runs" in lines[2] and "abc123" in lines[2]
    assert "- coca_ha at 60 months: waivers fail in 10%." in lines


def test_differences_leave_a_failed_run_as_missing():
    values = fake_values(np.array([[0.5, 0.5]]))
    values[(0, "waivers")] = None
    diffs = differences(values, 1)
    assert isinstance(diffs, pd.DataFrame)
    assert np.isnan(diffs["waivers-full_cutoff:armed_members@60"].iloc[0])


def test_each_saltelli_block_shares_one_seed_and_a_larger_n_keeps_them():
    prob = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0.0, 1.0]] * 3}
    sets = sobol_sample.sample(prob, 4, calc_second_order=False, seed=1)
    seeds = block_seeds(9, len(sets), 3)
    assert len(seeds) == len(sets) == 4 * 5
    for j in range(4):
        block = sets[j * 5 : (j + 1) * 5]
        assert len(set(seeds[j * 5 : (j + 1) * 5])) == 1
        # rows 1..3 of a block differ from its first row (A) in exactly one parameter
        for i in range(3):
            assert np.flatnonzero(block[1 + i] != block[0]).tolist() == [i]
    assert len(set(seeds)) == 4
    assert block_seeds(9, 8 * 5, 3)[:20] == seeds


def table_of(rows):
    """Indices of parameters a, b, c (unnamed ones at 0), as ``indices`` returns them."""
    names = {p for p, _, _ in rows}
    rows = rows + [(p, 0.0, 0.0) for p in ("a", "b", "c") if p not in names]
    return pd.DataFrame(
        [
            {
                "difference": "waivers-full_cutoff",
                "outcome": "coca_ha",
                "horizon": 60,
                "parameter": p,
                "S1": st,
                "S1_conf": conf,
                "ST": st,
                "ST_conf": conf,
            }
            for p, st, conf in rows
        ]
    )


def no_box(base_rate):
    return {
        "outcome": "coca_ha",
        "horizon": 60,
        "base_rate": base_rate,
        "density": base_rate,
        "coverage": 1.0,
        "support": 1.0,
        "restricted": [],
        "words": "",
        "limits": {},
    }


def test_words_claim_only_resolved_indices_and_a_leader_only_when_it_leads():
    diffs = pd.DataFrame({"set": range(8 * 5)})  # N = 8 blocks of 3 + 2 sets
    leads = words(
        table_of([("a", 0.8, 0.1), ("b", 0.3, 0.1), ("c", 0.05, 0.1)]), [no_box(0.0)], diffs
    )[0]
    assert "depends most on `a`" in leads and "also on `b`" in leads and "`c`" not in leads
    overlap = words(table_of([("a", 0.5, 0.3), ("b", 0.4, 0.3)]), [no_box(0.0)], diffs)[0]
    assert "most on" not in overlap and "is not resolved" in overlap
    assert "`a`" in overlap and "`b`" in overlap
    noise = words(table_of([("a", 1.9, 1.5), ("b", 0.1, 0.2)]), [no_box(0.0)], diffs)[0]
    assert "`a`" not in noise and "no total index is resolved" in noise
    tiny = words(table_of([("a", 0.5, 0.1), ("b", 0.01, 0.001)]), [no_box(0.0)], diffs)[0]
    assert "most on `a`" in tiny and "`b`" not in tiny
    # too small a base sample: nothing is named, whatever the intervals say
    few = words(table_of([("a", 0.8, 0.1)]), [no_box(0.0)], pd.DataFrame({"set": range(20)}))
    assert "`a`" not in few[0] and "N = 4 is below 8" in few[0]


def test_a_prim_box_is_named_only_when_it_beats_chance():
    diffs = pd.DataFrame({"set": range(40)})
    table = table_of([("a", 0.1, 0.2)])
    weak = {
        **no_box(0.3),
        "density": 0.4,
        "support": 0.5,
        "coverage": 0.67,
        "restricted": ["a"],
        "words": "`a` above 0.5",
    }
    assert box_is_resolved(weak, 40) is False
    assert "no region of the ranges" in words(table, [weak], diffs)[0]
    strong = {**weak, "density": 0.9, "support": 0.3, "coverage": 0.9}
    assert box_is_resolved(strong, 40) is True
    # three failures in all are too few to locate, however dense their box
    assert box_is_resolved({**strong, "base_rate": 3 / 40, "density": 1.0}, 40) is False
    assert "lie mostly in `a` above 0.5" in words(table, [strong], diffs)[0]


def test_the_seeds_noise_is_a_floor_no_index_is_claimed_under():
    # a difference that is mostly noise: the parameter a adds a little, the seed a lot
    rng = np.random.default_rng(4)
    prob = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0], [0.0, 1.0]]}
    sets = sobol_sample.sample(prob, 64, calc_second_order=False, seed=3)
    column = "waivers-full_cutoff:coca_ha@60"
    diffs = pd.DataFrame(
        {"set": range(len(sets)), column: sets[:, 0] + rng.normal(0, 1, len(sets))}
    )
    repeats = pd.DataFrame({column: 0.5 + rng.normal(0, 1, 40)})
    noise = noise_shares(diffs, repeats)
    assert 0.7 < noise[column] <= 1.2  # var(a) = 1/12 against var(noise) = 1
    table = indices(prob, diffs, 3)
    box = {**no_box(0.5), "outcome": "coca_ha"}
    with_floor = words(table, [box], diffs, noise)[0]
    assert "`a`" not in with_floor and "`b`" not in with_floor
    assert "randomness alone makes" in with_floor
    # a clean signal stands above its small floor
    clean = pd.DataFrame(
        {"set": range(len(sets)), column: sets[:, 0] + rng.normal(0, 0.01, len(sets))}
    )
    floor = noise_shares(clean, pd.DataFrame({column: rng.normal(0, 0.01, 40)}))
    assert floor[column] < 0.01
    text = words(indices(prob, clean, 3), [box], clean, floor)[0]
    assert "depends most on `a`" in text
    # the noise runs' seeds are their own stream
    assert not set(noise_seeds(9, 8)) & set(block_seeds(9, 64 * 4, 2))
    assert noise_seeds(9, 8)[:4] == noise_seeds(9, 4)


def test_replications_share_a_seed_per_block_keep_replication_zero_and_grow_without_change():
    from runs.sensitivity import replicate_seeds

    n_sets, d = 4 * 5, 3
    assert replicate_seeds(9, n_sets, d, 0) == block_seeds(9, n_sets, d)
    second = replicate_seeds(9, n_sets, d, 1)
    for j in range(4):
        assert len(set(second[j * 5 : (j + 1) * 5])) == 1
    # a stream of its own: no seed of replication 1 is one of replication 0's or the noise's
    assert not set(second) & set(block_seeds(9, n_sets, d))
    assert not set(second) & set(noise_seeds(9, 8))
    assert replicate_seeds(9, 8 * 5, d, 1)[:20] == second
    assert replicate_seeds(9, n_sets, d, 2) != second


def test_mean_over_seeds_keeps_the_regimes_paired_when_a_run_failed():
    from runs.sensitivity import mean_over_seeds

    values = {}
    for k, (w, f) in enumerate([(1.0, 3.0), (2.0, 5.0), (10.0, 0.0)]):
        for regime, v in {"certified": 0.0, "waivers": w, "full_cutoff": f}.items():
            values[(0, k, regime)] = {"coca_ha@60": v}
    values[(0, 2, "certified")] = None  # replication 2 failed under one regime: dropped whole
    values[(1, 0, "waivers")] = None  # set 1's only replication failed: the set is missing
    values[(1, 0, "certified")] = values[(1, 0, "full_cutoff")] = {"coca_ha@60": 1.0}
    means = mean_over_seeds(values)
    assert means[(0, "waivers")] == {"coca_ha@60": 1.5}
    assert means[(0, "full_cutoff")] == {"coca_ha@60": 4.0}
    assert means[(1, "waivers")] is None and means[(1, "certified")] is None
    diffs = differences(means, 2)
    assert diffs["waivers-full_cutoff:coca_ha@60"].iloc[0] == -2.5
    assert np.isnan(diffs["waivers-full_cutoff:coca_ha@60"].iloc[1])


def test_averaging_seeds_lowers_the_noise_floor_by_their_number():
    rng = np.random.default_rng(5)
    column = "waivers-full_cutoff:coca_ha@60"
    diffs = pd.DataFrame({column: rng.normal(0, 1, 200)})
    repeats = pd.DataFrame({column: rng.normal(0, 1, 200)})
    one = noise_shares(diffs, repeats)[column]
    assert noise_shares(diffs, repeats, per_set=4)[column] == pytest.approx(one / 4)


@pytest.mark.slow
def test_sensitivity_runs_on_several_seeds_per_set_and_reuses_the_runs_of_fewer(
    tmp_path, monkeypatch, capsys
):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from runs import sensitivity
    from runs.posterior import SHIPPED_POSTERIOR

    # a one-parameter posterior keeps the experiment small: N = 2 gives 2 x 3 sets
    table = pq.read_table(SHIPPED_POSTERIOR)
    keep = ["particle", "weight", "distance", "armed.recruitment_rate"]
    small = pa.Table.from_arrays(
        [table.column(c) for c in keep], names=keep
    ).replace_schema_metadata(table.schema.metadata)
    posterior = tmp_path / "posterior.parquet"
    pq.write_table(small, posterior)
    monkeypatch.setenv("DECERTSIM_SMALL", "1")
    out = tmp_path / "sens"
    common = ["--posterior", str(posterior), "--out", str(out), "--n", "2", "--months", "24"]
    common += ["--noise-seeds", "2", "--workers", "1"]
    assert sensitivity.main(common) == 0
    first = json.loads((out / "sensitivity.json").read_text())
    assert first["seeds_per_set"] == 1 and first["runs"] == (6 + 2) * 3
    capsys.readouterr()
    assert sensitivity.main(common + ["--seeds-per-set", "2"]) == 0
    assert f"24 of 42 runs already in {out}" in capsys.readouterr().err
    second = json.loads((out / "sensitivity.json").read_text())
    assert second["seeds_per_set"] == 2 and second["runs"] == (6 * 2 + 2) * 3
    column = "waivers-full_cutoff:armed_members@24"
    # each set's difference is now the mean over two seeds: not the first seed's alone
    assert second["differences"][column] != first["differences"][column]
    assert all(np.isfinite(second["differences"][column]))
    for bad in (["--seeds-per-set", "0"], ["--noise-seeds", "1"]):
        with pytest.raises(SystemExit) as stopped:
            sensitivity.main([*common, *bad])
        assert stopped.value.code == 2
    assert "--seeds-per-set 0: at least 1" in capsys.readouterr().err


def test_a_folder_of_another_job_is_a_clear_error_and_fresh_discards_it(
    tmp_path, capsys, monkeypatch
):
    from runs import sensitivity

    out = tmp_path / "sens"
    out.mkdir()
    # another job's manifest: the digest of other settings
    (out / "runs.json").write_text(json.dumps({"digest": "another job", "manifest": {}}))
    (out / "runs.jsonl").write_text('{"run_id": "x", "values": {}}\n')
    args = ["--out", str(out), "--n", "2", "--months", "24", "--noise-seeds", "0"]
    args += ["--resolution", "synthetic", "--workers", "1"]
    assert sensitivity.main(args) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "another job" in err and "--fresh" in err
    assert "Traceback" not in err
    assert (out / "runs.jsonl").exists()  # nothing discarded without --fresh

    class Bound(Exception):
        """Raised in place of the runs: the test stops once the cache is bound."""

    def stop(*args, **kwargs):
        raise Bound

    monkeypatch.setattr(sensitivity, "run_all", stop)
    with pytest.raises(Bound):
        sensitivity.main([*args, "--fresh"])
    assert not (out / "runs.jsonl").exists()
    assert json.loads((out / "runs.json").read_text())["digest"] != "another job"
