"""The posterior file and ``decertsim compare --posterior`` (one set per replication, paired)."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import runs.cli as cli_module
from model.assistance import Regime
from runs.posterior import PosteriorError, load_posterior
from runs.spec import Experiment, build_runs
from tests.conftest import REGIMES_DIR, SMALL_OVERRIDES, TINY_COMPARE_TOML


def posterior_file(path, names=("armed.recruitment_rate", "migration.threat_rate"), n=5):
    rng = np.random.default_rng(0)
    columns = {
        "particle": pa.array(np.arange(n, dtype=np.int32)),
        "weight": pa.array(np.full(n, 1.0 / n)),
        "distance": pa.array(rng.random(n)),
    }
    for j, name in enumerate(names):
        columns[name] = pa.array(0.04 + 0.01 * j + 0.005 * rng.random(n))
    table = pa.table(columns).replace_schema_metadata(
        {"decertsim": json.dumps({"seed": 3, "fit_window": "2018-01..2022-12", "model": "abc"})}
    )
    pq.write_table(table, path)
    return path


def test_load_checks_parameter_names_and_weights(tmp_path):
    post = load_posterior(posterior_file(tmp_path / "p.parquet"))
    assert post.names == ("armed.recruitment_rate", "migration.threat_rate")
    assert post.weight.sum() == pytest.approx(1.0)
    assert post.draw(5, 8) == post.draw(5, 8)
    lo, hi = post.ranges()["armed.recruitment_rate"]
    assert 0.04 <= lo < hi <= 0.045
    renamed = posterior_file(tmp_path / "r.parquet", names=("armed.recruit_rate",))
    with pytest.raises(PosteriorError, match="armed.recruit_rate.*renamed or removed"):
        load_posterior(renamed)
    with pytest.raises(PosteriorError, match="cannot read"):
        load_posterior(tmp_path / "missing.parquet")


def test_every_regime_of_a_replication_gets_the_same_drawn_set(tmp_path):
    post = load_posterior(posterior_file(tmp_path / "p.parquet"))
    spec = Experiment.model_validate(tomllib.loads(TINY_COMPARE_TOML))
    regimes = [Regime.from_file(REGIMES_DIR / f"{r}.toml") for r in spec.regimes]
    sets = [post.overrides(i) for i in post.draw(spec.seed, spec.replications)]
    runs = build_runs(spec, regimes, sets)
    for rep in range(spec.replications):
        digests = {r.params.digest() for r in runs if r.replication == rep}
        assert len(digests) == 1
        one = next(r for r in runs if r.replication == rep)
        assert one.params.armed.recruitment_rate == sets[rep]["armed.recruitment_rate"]
    assert len({r.run_id for r in runs}) == len(runs)


def test_compare_with_a_posterior_says_so_in_the_report(tmp_path):
    post = posterior_file(tmp_path / "p.parquet")
    experiment = tmp_path / "tiny.toml"
    overrides = "\n".join(f'"{k}" = {v}' for k, v in SMALL_OVERRIDES.items())
    experiment.write_text(TINY_COMPARE_TOML + "\n[overrides]\n" + overrides + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli_module.app,
        [
            "compare",
            str(experiment),
            "--out",
            str(out),
            "--workers",
            "1",
            "--posterior-file",
            str(post),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "experiment.json").read_text())["experiment"]
    assert len(manifest["posterior"]["draws"]) == 3
    report = (out / "report.md").read_text()
    assert "one set per replication drawn from the posterior" in report
    assert str(post) in report
