"""The election in a comparison's report: win chance per regime and outcomes by the winner
(runs/election.py; docs/ODD.md 7.14)."""

from __future__ import annotations

import pandas as pd
import pytest

from runs.catalog import experiment_names, experiment_path
from runs.election import split_by_winner, wilson_interval, win_probabilities
from runs.report import compute_report
from runs.spec import load_experiment
from tests.conftest import compare_small

#: two regimes, 3 seeds, 11 months: past the runoff (month 9, 2026-06)
ELECTION_TOML = """
name = "tiny_election"
description = "The 2026 vote on the synthetic world (tests)"
regimes = ["certified", "full_cutoff"]
baseline = "certified"
months = 11
replications = 3
seed = 5
resolution = "synthetic"
horizons = [11]
outcomes = ["governing_camp_wins", "cooperation", "coca_ha"]
"""


def test_wilson_interval_stays_within_zero_and_one():
    share, low, high = wilson_interval(3, 3)
    assert share == 1.0 and 0.0 < low < 1.0 and high == 1.0
    share, low, high = wilson_interval(0, 10)
    assert share == 0.0 and low == 0.0 and 0.0 < high < 0.5
    share, low, high = wilson_interval(5, 10)
    assert low < 0.5 < high and low == pytest.approx(1 - high)


def test_win_probabilities_and_the_split_by_winner_count_runs_per_camp():
    results = pd.DataFrame(
        {
            "regime": ["a", "a", "a", "b"],
            "point": [0, 0, 0, 0],
            "seed": [1, 2, 3, 1],
            "camp": ["governing", "opposition", "governing", "opposition"],
        }
    )
    table = win_probabilities(results, ["a", "b"])
    assert table["governing_wins"].tolist() == [2, 0]
    assert table["probability"].tolist() == pytest.approx([2 / 3, 0.0])
    frame = pd.DataFrame(
        {
            "regime": ["a", "a", "a", "b"],
            "point": [0, 0, 0, 0],
            "seed": [1, 2, 3, 1],
            "month": [0, 0, 0, 0],
            "outcome": ["coca_ha"] * 4,
            "value": [10.0, 20.0, 30.0, 5.0],
        }
    )
    split = split_by_winner(frame, results, [1], ["coca_ha", "governing_camp_wins"])
    means = {(r.regime, r.camp): (r.mean, r.n_runs) for r in split.itertuples()}
    assert means == {
        ("a", "governing"): (20.0, 2),
        ("a", "opposition"): (20.0, 1),
        ("b", "opposition"): (5.0, 1),
    }


@pytest.mark.slow
def test_a_comparison_past_the_vote_reports_the_win_chance_and_the_split(tmp_path):
    out = compare_small(tmp_path, ELECTION_TOML, "election")
    text = (out / "report.md").read_text()
    assert "## The 2026 election" in text
    assert "### Outcomes by the election's result" in text
    data = compute_report(out)
    assert data.election is not None and data.election["runs"].tolist() == [3, 3]
    assert (out / "election.csv").is_file() and (out / "election_by_winner.csv").is_file()
    split = data.election_split
    assert split is not None and "governing_camp_wins" not in set(split["outcome"])
    assert split.groupby("regime")["n_runs"].sum().div(2).tolist() == [3, 3]  # two outcomes


@pytest.mark.slow
def test_a_fixed_election_gives_a_win_chance_of_one(tmp_path):
    out = compare_small(tmp_path, ELECTION_TOML, "election", '"politics.election" = "governing"\n')
    data = compute_report(out)
    assert data.election is not None
    assert data.election["probability"].tolist() == [1.0, 1.0]


def test_a_comparison_that_ends_before_the_vote_has_no_election_section(tiny_compare):
    assert "## The 2026 election" not in (tiny_compare / "report.md").read_text()
    assert compute_report(tiny_compare).election is None


@pytest.mark.parametrize("name", experiment_names())
def test_every_shipped_experiment_loads(name):
    experiment = load_experiment(experiment_path(name))
    assert experiment.name == name


def test_the_election_experiment_reports_the_politics_outcomes():
    experiment = load_experiment(experiment_path("election_2026"))
    assert {"governing_camp_wins", "cooperation", "extraditions"} <= set(experiment.outcomes)
    assert {"partner_share_security", "us_influence_index"} <= set(experiment.outcomes)
    assert "conditional_recertification" in experiment.regimes
