"""Calibration: priors, ABC-SMC on a toy simulator, cache, out-of-sample decision.

The distance has its own tests (tests/test_distance.py).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from runs.abc import (
    Proposal,
    SMCSettings,
    abc_smc,
    effective_sample_size,
    next_epsilon,
    reflect,
    systematic_resample,
    weighted_quantile,
)
from runs.outofsample import Split, decide, split
from runs.priors import SHIPPED_PRIORS, PriorsError, load_priors
from runs.simcache import CacheError, SimCache
from tests.test_distance import record


def write(tmp_path, text):
    path = tmp_path / "priors.toml"
    path.write_text(text)
    return path


def test_shipped_priors_name_real_parameters_inside_their_documented_ranges():
    priors = load_priors(SHIPPED_PRIORS)
    assert len(priors) >= 3
    for p in priors.priors:
        lo, hi = p.documented
        assert lo is None or p.low >= lo
        assert hi is None or p.high <= hi
        assert p.why, f"{p.name}: a narrowed range needs its reason"


def test_a_renamed_parameter_is_an_error_naming_file_and_entry(tmp_path):
    path = write(
        tmp_path, '[parameters."armed.recruitmant_rate"]\nlow = 0.01\nhigh = 0.1\nwhy = "x"\n'
    )
    with pytest.raises(PriorsError, match=r"priors.toml.*armed.recruitmant_rate.*no parameter"):
        load_priors(path)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('low = 0.0\nhigh = 0.5\nwhy = "x"', "outside the documented range"),
        ('low = 0.1\nhigh = 0.05\nwhy = "x"', "must be below"),
        ("low = 0.01\nhigh = 0.1", "needs a reason"),
        ('low = 0.0\nhigh = 0.1\nscale = "log"\nwhy = "x"', "log scale needs low > 0"),
        ('low = 0.01\nhigh = 0.1\nscale = "cubic"\nwhy = "x"', "allowed: linear, log"),
        ('low = 0.01\nhigh = 0.1\nwhy = "x"\nmean = 3', "unknown key"),
    ],
)
def test_bad_prior_entries_are_refused(tmp_path, entry, message):
    name = "armed.recruitment_rate" if "0.5" not in entry else "armed.desertion_rate"
    path = write(tmp_path, f'[parameters."{name}"]\n{entry}\n')
    with pytest.raises(PriorsError, match=message):
        load_priors(path)


def test_integer_parameters_cannot_be_fitted(tmp_path):
    path = write(tmp_path, '[parameters."armed.front_size"]\nlow = 50\nhigh = 200\nwhy = "x"\n')
    with pytest.raises(PriorsError, match="not a real-valued parameter"):
        load_priors(path)


def test_the_documented_range_is_the_default_prior(tmp_path):
    path = write(tmp_path, '[parameters."control.spillover"]\n')
    (prior,) = load_priors(path).priors
    assert (prior.low, prior.high) == (0.0, 1.0)


def test_unit_space_round_trips_on_both_scales():
    priors = load_priors()
    rng = np.random.default_rng(3)
    unit = priors.sample_unit(rng, 20)
    values = priors.to_values(unit)
    for j, p in enumerate(priors.priors):
        assert np.all((values[:, j] >= p.low) & (values[:, j] <= p.high))
    np.testing.assert_allclose(priors.to_unit(values), unit, atol=1e-12)


def toy(observed: float):
    """A simulator whose distance is |theta - observed| plus noise from the proposal's seed."""
    calls: list[Proposal] = []

    def simulate(batch: list[Proposal]) -> list[float]:
        calls.extend(batch)
        out = []
        for p in batch:
            noise = np.random.default_rng(p.seed).normal(0, 0.02)
            out.append(abs(p.unit[0] + noise - observed))
        return out

    return simulate, calls


def test_abc_smc_concentrates_on_the_true_value_and_keeps_to_its_budget():
    simulate, calls = toy(0.3)
    result = abc_smc(1, simulate, SMCSettings(particles=60, budget=400, seed=5))
    g = result.final
    assert result.simulations <= 400
    assert len(calls) == result.simulations
    mean = float(np.average(g.unit[:, 0], weights=g.weight))
    assert abs(mean - 0.3) < 0.05
    assert g.epsilon < 0.1
    epsilons = [x.epsilon for x in result.generations]
    assert all(a > b for a, b in zip(epsilons, epsilons[1:], strict=False))


def test_abc_smc_is_reproducible_from_its_seed_and_replays_proposals():
    a_sim, a_calls = toy(0.7)
    b_sim, b_calls = toy(0.7)
    a = abc_smc(2, a_sim, SMCSettings(particles=20, budget=100, seed=11))
    b = abc_smc(2, b_sim, SMCSettings(particles=20, budget=100, seed=11))
    assert [(p.unit, p.seed) for p in a_calls] == [(p.unit, p.seed) for p in b_calls]
    np.testing.assert_array_equal(a.final.unit, b.final.unit)
    c_sim, _ = toy(0.7)
    c = abc_smc(2, c_sim, SMCSettings(particles=20, budget=100, seed=12))
    assert not np.array_equal(a.final.unit, c.final.unit)


def test_failed_simulations_never_enter_the_posterior():
    def simulate(batch):
        return [math.nan if p.unit[0] > 0.5 else p.unit[0] for p in batch]

    result = abc_smc(1, simulate, SMCSettings(particles=20, budget=80, seed=1))
    g = result.final
    assert np.all(g.unit[g.weight > 0, 0] <= 0.5)


def test_smc_helpers():
    w = np.array([0.0, 1.0, 1.0, 2.0])
    assert effective_sample_size(w) == pytest.approx(16 / 6)
    assert next_epsilon(np.array([5.0, 1.0, 2.0, 3.0]), w, 0.5) == 2.0
    idx = systematic_resample(np.array([0.0, 0.0, 1.0]), np.random.default_rng(0))
    assert list(idx) == [2, 2, 2]
    assert weighted_quantile(np.array([1.0, 2.0, 3.0]), np.ones(3), 0.5) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="budget"):
        SMCSettings(particles=10, budget=5)


def test_cache_resumes_ignores_a_cut_line_and_refuses_another_job(tmp_path):
    cache = SimCache(tmp_path, "sims")
    assert cache.prepare({"job": 1}) == 0
    cache.put({"run_id": "a", "distance": 1.5})
    cache.put({"run_id": "b", "distance": math.inf})
    with cache.path.open("a") as fh:
        fh.write('{"run_id": "c", "dist')  # killed mid-write
    again = SimCache(tmp_path, "sims")
    assert again.prepare({"job": 1}) == 2
    assert math.isinf(again.get("b")["distance"])
    again.put({"run_id": "d", "distance": 0.5})
    assert SimCache(tmp_path, "sims").prepare({"job": 1}) == 3
    with pytest.raises(CacheError, match="another job"):
        SimCache(tmp_path, "sims").prepare({"job": 2})
    assert SimCache(tmp_path, "sims").prepare({"job": 2}, fresh=True) == 0
    assert json.loads((tmp_path / "sims.json").read_text())["manifest"] == {"job": 2}


def test_split_and_the_adoption_rule():
    records = [
        record("national", "relative", 0.2, 100.0, 100.0, last="2022-12"),
        record("national", "relative", 0.2, 100.0, 300.0, last="2023-12"),
        record("places", "at_least", 0.5, None, 0.6, last="2025-12"),
    ]
    s = split("x", records, "2022-12")
    assert s.in_sample == (1, 1)
    assert s.out_of_sample == (1, 2)
    better = Split("c", {"national": (1, 1)}, {"national": (2, 2)})
    worse = Split("c", {"national": (1, 1)}, {"national": (0, 2)})
    assert decide(s, better).adopted
    verdict = decide(s, worse)
    assert not verdict.adopted and "defaults stay" in verdict.reason
    assert not decide(s, s).adopted


def test_the_move_kernel_folds_proposals_back_into_the_unit_cube():
    u = np.array([-0.2, 0.0, 0.35, 1.0, 1.3, 2.6, -1.7])
    np.testing.assert_allclose(reflect(u), [0.2, 0.0, 0.35, 1.0, 0.7, 0.6, 0.3])
    inside = np.random.default_rng(4).random((50, 6))
    np.testing.assert_array_equal(reflect(inside), inside)  # the identity inside


def test_a_wide_posterior_keeps_moving_in_six_dimensions():
    """With particles spread over the cube, moves are simulated (none lost at the faces)."""

    def distance(proposals):
        return [float(np.sum(np.square(np.asarray(p.unit) - 0.5))) for p in proposals]

    result = abc_smc(6, distance, SMCSettings(particles=32, budget=400, seed=3))
    assert len(result.generations) >= 4
    assert all(g.proposed > 0 for g in result.generations[1:4])


def test_make_calibrate_passes_the_settings_the_notebook_reuses():
    from pathlib import Path

    from runs.calibrate import MAKE_CALIBRATE

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    recipe = makefile.split("\ncalibrate:")[1].split("\n\n")[0].replace("\\\n", " ")
    words = recipe.split()
    for name, value in MAKE_CALIBRATE.items():
        flag = "--" + name.replace("_", "-")
        assert flag in words, flag
        assert words[words.index(flag) + 1] == str(value), flag
