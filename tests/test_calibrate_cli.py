"""``decertsim calibrate`` end to end on the synthetic grid: outputs, resume, reproducibility."""

from __future__ import annotations

import json
import tomllib

import pytest

from runs.calibrate import CalibrateOptions, fit, posterior_table
from runs.posterior import load_posterior
from tests.test_cli import decertsim

FAST = [
    "--resolution",
    "synthetic",
    "--particles",
    "4",
    "--check-seeds",
    "1",
    "--workers",
    "1",
    "--fit-end",
    "2019-12",  # 24-month fit runs: the slow tests stay well inside the timeout
]


def lines(path):
    return path.read_text().splitlines()


@pytest.mark.slow
@pytest.mark.timeout(900)  # two fits and four scorecards: near 300 s on two overloaded cores
def test_calibrate_writes_posterior_and_point_and_resumes_without_rerunning(tmp_path):
    out = tmp_path / "fit"
    # 4 particles on 2 seeds each (the default): generation 0 is 8 runs
    first = decertsim("calibrate", "--budget", "8", "--out", str(out), *FAST)
    assert first.returncode == 0, first.stderr
    assert len(lines(out / "simulations.jsonl")) == 8
    assert len({json.loads(x)["seed"] for x in lines(out / "simulations.jsonl")}) == 8
    # a bigger budget into the same folder: generation 0 is read from the cache, not rerun
    second = decertsim("calibrate", "--budget", "16", "--out", str(out), *FAST)
    assert second.returncode == 0, second.stderr
    assert "8 simulations already" in second.stderr.replace("\n", " ")
    cached = lines(out / "simulations.jsonl")
    assert 8 < len(cached) <= 16
    assert len(cached) % 2 == 0  # every particle ran on both its seeds
    assert len({json.loads(x)["run_id"] for x in cached}) == len(cached)
    posterior = load_posterior(out / "posterior.parquet")
    assert posterior.weight.sum() == pytest.approx(1.0)
    assert posterior.meta["seed"] == 1 and posterior.meta["model"]
    point = tomllib.loads((out / "calibrated.toml").read_text())
    assert isinstance(point["adopted"], bool) and point["decision"]
    for name in posterior.names:
        assert point["parameters"][name]["source"].startswith("calibrated")
    summary = json.loads((out / "calibration.json").read_text())
    assert summary["defaults"]["out_of_sample"][1] > 0
    assert summary["defaults"]["in_sample"][1] > 0


@pytest.mark.slow
def test_calibrate_gives_the_same_posterior_from_the_same_seed(tmp_path):
    # in process and without the out-of-sample check (the command's other half): the sampler,
    # the runs, the cache and the distance alone decide the posterior
    tables = []
    for name in ("a", "b"):
        options = CalibrateOptions(
            out=tmp_path / name,
            budget=16,
            particles=4,
            seeds_per_particle=2,
            resolution="synthetic",
            fit_end="2019-12",
        )
        result, priors, info = fit(options)
        assert info["runs"] > 8  # generation 0 and at least one generation of moves
        tables.append(posterior_table(result, priors, info))
    assert tables[0].num_rows > 0
    assert tables[0].equals(tables[1])  # parameters, weights and distances


def test_calibrate_refuses_bad_priors_and_budgets(tmp_path):
    bad = tmp_path / "priors.toml"
    bad.write_text('[parameters."armed.no_such_rate"]\nlow = 0.1\nhigh = 0.2\nwhy = "x"\n')
    result = decertsim("calibrate", "--priors", str(bad), "--out", str(tmp_path / "o"), *FAST)
    assert result.returncode == 2
    assert "no parameter 'armed.no_such_rate'" in result.stderr
    assert "Traceback" not in result.stderr
    result = decertsim("calibrate", "--budget", "5", "--particles", "10", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "below --particles" in result.stderr
    result = decertsim(
        "calibrate", "--budget", "12", "--particles", "8", "--out", str(tmp_path / "p")
    )
    assert result.returncode == 2
    assert "times --seeds-per-particle 2" in result.stderr.replace("\n", " ")
