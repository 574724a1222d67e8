"""The policy in motion (model/policy.py): funding and lending month by month, ramps, rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from model.assistance import RULE_VARIABLES, Regime
from model.calendar import month_index, month_label
from model.capacity import Capacity
from model.categories import CATEGORIES, SECURITY_CATEGORIES, WAIVER_LIST, Category
from model.groups import GROUP_KEYS
from model.outcomes import outcome_registry
from model.params import Params
from model.policy import Policy, status_quo
from model.simulation import ColombiaModel
from runs.catalog import regime_names

START = "2025-09"
MONTHS = 60
BASELINES = np.array(
    [Params().capacity.category(c).baseline_musd_per_year for c in CATEGORIES]
)  # US$ million a year, CATEGORIES order


def idx(categories: Sequence[Category]) -> list[int]:
    return [CATEGORIES.index(c) for c in categories]


def no_outcomes(name: str) -> float:
    raise AssertionError(f"no rule is due, yet the policy read the outcome {name!r}")


def make_policy(regime: Regime, start: str = START, **overrides: object) -> Policy:
    return Policy.from_params(
        regime, Params.from_overrides({"simulation.start_month": start, **overrides})
    )


def run(
    policy: Policy,
    months: int,
    outcomes: Callable[[int], Mapping[str, float]] | None = None,
) -> tuple[np.ndarray, list[bool]]:
    """Funding [month, category] (US$ million a month) and lending support over ``months``.

    ``outcomes(month)`` gives the end-of-month outcomes the rules may read (none if None).
    """
    funding, lending = [], []
    for month in range(months):
        funding.append(policy.funding)
        lending.append(policy.lending_support)
        policy.end_month(no_outcomes if outcomes is None else outcomes(month).__getitem__)
    return np.array(funding), lending


def write(tmp_path: Path, text: str) -> Regime:
    path = tmp_path / "custom.toml"
    path.write_text(text, encoding="utf-8")
    return Regime.from_file(path)


# --- the status quo and the shipped regimes ----------------------------------------------------


def test_certified_is_the_baseline_every_month(load_regime):
    funding, lending = run(make_policy(load_regime("certified")), MONTHS)
    np.testing.assert_allclose(funding, np.tile(BASELINES / 12.0, (MONTHS, 1)))
    assert all(lending)
    assert funding[0].sum() == pytest.approx(413.0 / 12.0)


@pytest.mark.parametrize("start", ["2016-01", "2025-03", START, "2027-01"])
def test_the_shipped_certified_file_is_the_models_default_regime(load_regime, start):
    """One home for the status quo: certified.toml adds nothing to the default."""
    shipped = load_regime("certified")
    default = status_quo()
    assert (shipped.name, shipped.title, shipped.description) == (
        default.name,
        default.title,
        default.description,
    )
    assert not (default.decision or default.schedule or default.rule)
    assert not (shipped.schedule or shipped.rule)
    a, lend_a = run(make_policy(shipped, start), 24)
    b, lend_b = run(make_policy(default, start), 24)
    np.testing.assert_array_equal(a, b)
    assert lend_a == lend_b == [True] * 24


def test_a_model_without_a_regime_runs_the_status_quo(small_params, small_landscape):
    model = ColombiaModel(small_params, rng=0, landscape=small_landscape)
    assert model.regime == status_quo()
    np.testing.assert_array_equal(model.policy.funding, model.capacity.baseline_musd_per_month)


def test_waivers_keep_exactly_the_waiver_list(load_regime):
    certified, _ = run(make_policy(load_regime("certified")), MONTHS)
    waivers, lending = run(make_policy(load_regime("waivers")), MONTHS)
    kept = idx(WAIVER_LIST)
    lost = [i for i in range(len(CATEGORIES)) if i not in kept]
    assert {CATEGORIES[i] for i in lost} == {
        Category.ERADICATION_ALT_DEV,
        Category.INTERDICTION_HUB,
        Category.ECONOMIC_AID,
    }
    np.testing.assert_array_equal(waivers[:, kept], certified[:, kept])
    assert np.all(waivers[:, kept] > 0)
    np.testing.assert_array_equal(waivers[:, lost], 0.0)
    assert not any(lending)


def test_full_cutoff_is_zero_from_the_decision(load_regime):
    regime = load_regime("full_cutoff")
    assert month_index(regime.decision[0].month, START) == 0
    funding, lending = run(make_policy(regime), MONTHS)
    np.testing.assert_array_equal(funding, 0.0)
    assert not any(lending)


def test_full_cutoff_starts_at_the_decision_month_when_the_run_starts_earlier(load_regime):
    funding, lending = run(make_policy(load_regime("full_cutoff"), "2025-01"), MONTHS)
    np.testing.assert_allclose(funding[:8], np.tile(BASELINES / 12.0, (8, 1)))  # to 2025-08
    np.testing.assert_array_equal(funding[8:], 0.0)
    assert lending == [True] * 8 + [False] * (MONTHS - 8)


def test_late_waiver_zero_for_a_year_then_30_musd_of_security_aid(load_regime):
    funding, lending = run(make_policy(load_regime("late_waiver")), MONTHS)
    security = idx(SECURITY_CATEGORIES)
    other = [i for i in range(len(CATEGORIES)) if i not in security]
    share = BASELINES[security] / BASELINES[security].sum()
    assert month_label(12, START) == "2026-09"
    np.testing.assert_array_equal(funding[:12], 0.0)
    np.testing.assert_allclose(funding[12:].sum(axis=1), 2.5)
    np.testing.assert_allclose(funding[12:, security], np.tile(2.5 * share, (MONTHS - 12, 1)))
    np.testing.assert_array_equal(funding[12:, other], 0.0)
    assert not any(lending)


@pytest.mark.parametrize("name", [n for n in regime_names() if n != "history_2016_2025"])
def test_before_the_first_decision_funding_is_the_certified_baseline(load_regime, name):
    funding, lending = run(make_policy(load_regime(name), "2024-09"), 12)  # 12 months before
    np.testing.assert_allclose(funding, np.tile(BASELINES / 12.0, (12, 1)))
    assert all(lending)


HISTORY_TOTALS = {  # US fiscal year -> US$ million (model/data/colombia_targets.csv)
    "2016-03": 310.0,
    "2017-03": 450.0,
    "2021-03": 461.3,
    "2022-03": 471.3,
    "2023-03": 453.1,
    "2024-03": 377.5,
    "2025-03": 413.0,
}


def test_history_regime_gives_observed_totals_and_interpolates_gaps(load_regime):
    start = "2016-01"
    funding, lending = run(make_policy(load_regime("history_2016_2025"), start), 120)
    yearly = funding.sum(axis=1) * 12
    for month, total in HISTORY_TOTALS.items():
        assert yearly[month_index(month, start)] == pytest.approx(total)
    fy = [yearly[month_index(f"{y}-03", start)] for y in range(2017, 2022)]
    steps = np.diff(fy)
    assert (steps > 0).all() and np.allclose(steps, steps[0], atol=0.1)  # linear FY2017->FY2021
    after = month_index("2025-10", start)
    assert funding[after, CATEGORIES.index(Category.ERADICATION_ALT_DEV)] == 0
    assert lending[after]


# --- units at the boundary ----------------------------------------------------------------------


@pytest.mark.parametrize("intelligence", [45.0, 45.1, 1.0 / 3.0])
def test_status_quo_funding_is_exactly_the_capacity_baseline(intelligence):
    """Policy and capacity meet in US$ million a month, each converting from the yearly input."""
    params = Params.from_overrides({"capacity.intelligence.baseline_musd_per_year": intelligence})
    policy = Policy.from_params(status_quo(), params)
    np.testing.assert_array_equal(policy.funding, Capacity(params).baseline_musd_per_month)
    assert policy.funding[0] == intelligence / 12


def test_funding_follows_the_baselines_given_and_cannot_be_changed_by_a_reader():
    custom = np.arange(1.0, len(CATEGORIES) + 1.0) * 12.0
    policy = Policy(Regime(name="x"), custom, START)  # no decisions: status quo throughout
    funding, _ = run(policy, 6)
    np.testing.assert_allclose(funding, np.tile(custom / 12.0, (6, 1)))
    with pytest.raises(ValueError):
        policy.funding[0] = 0.0
    with pytest.raises(ValueError, match="one baseline per category"):
        Policy(Regime(name="x"), custom[:3], START)


# --- schedules and ramps ------------------------------------------------------------------------


def test_linear_schedule_ramps_then_the_decision_applies_again(tmp_path):
    regime = write(
        tmp_path,
        """
name = "ramp"
[[decision]]
month = "2025-09"
certified = false
lending_support = false

[[schedule]]
categories = ["intelligence"]
start = "2026-01"
end = "2026-05"
share_of_baseline = 1.0
shape = "linear"
""",
    )
    funding, _ = run(make_policy(regime), 12)
    i = CATEGORIES.index(Category.INTELLIGENCE)
    levels = funding[:, i]
    # 2026-01 is month 4, 2026-05 month 8: from 0 (the decision's level) up to the baseline
    np.testing.assert_allclose(levels[:4], 0.0)
    np.testing.assert_allclose(levels[4:9], BASELINES[i] / 12.0 * np.array([0, 0.25, 0.5, 0.75, 1]))
    np.testing.assert_allclose(levels[9:], 0.0)
    assert np.all(np.diff(levels[4:9]) > 0)
    np.testing.assert_array_equal(np.delete(funding, i, axis=1), 0.0)


def test_linear_schedule_in_money_ramps_down_to_its_level(tmp_path):
    regime = write(
        tmp_path,
        """
name = "ramp_down"
[[schedule]]
categories = ["justice", "rural_presence"]
start = "2025-09"
end = "2026-09"
musd_per_year = 0.0
shape = "linear"
""",
    )
    funding, _ = run(make_policy(regime), 13)
    j = idx([Category.JUSTICE, Category.RURAL_PRESENCE])
    totals = funding[:, j].sum(axis=1)
    assert totals[0] == pytest.approx(BASELINES[j].sum() / 12.0)
    assert totals[6] == pytest.approx(BASELINES[j].sum() / 24.0)
    assert totals[12] == pytest.approx(0.0)
    assert np.all(np.diff(totals) < 0)


def test_linear_ramp_starts_from_the_level_at_its_start_month(tmp_path):
    regime = write(
        tmp_path,
        """
name = "phase_out"
[[decision]]
month = "2025-09"
certified = true
[[decision]]
month = "2026-03"
certified = false

[[schedule]]
categories = ["intelligence"]
start = "2025-09"
end = "2026-09"
share_of_baseline = 0.0
shape = "linear"
""",
    )
    funding, _ = run(make_policy(regime), 13)
    i = CATEGORIES.index(Category.INTELLIGENCE)
    # a phase-out over 12 months from the certified level, although decertified from month 6
    assert funding[6, i] == pytest.approx(0.5 * BASELINES[i] / 12.0)


def test_a_ramp_that_started_before_the_run_continues_from_its_own_start(tmp_path):
    regime = write(
        tmp_path,
        """
name = "started_earlier"
[[decision]]
month = "2025-07"
certified = false

[[schedule]]
categories = ["training_salaries"]
start = "2025-05"
end = "2026-01"
share_of_baseline = 0.0
shape = "linear"
""",
    )
    funding, _ = run(make_policy(regime), 6)  # the ramp began at the baseline in 2025-05
    t = CATEGORIES.index(Category.TRAINING_SALARIES)
    expected = BASELINES[t] / 12.0 * np.array([4, 3, 2, 1, 0, 0]) / 8.0
    np.testing.assert_allclose(funding[:, t], expected, atol=1e-12)


def test_step_schedule_share_of_baseline_overrides_the_decision(tmp_path):
    regime = write(
        tmp_path,
        """
name = "partial"
[[decision]]
month = "2025-09"
certified = false
waived = ["justice"]
[[schedule]]
categories = ["training_salaries"]
start = "2025-11"
end = "2026-01"
share_of_baseline = 0.5
""",
    )
    funding, lending = run(make_policy(regime), 6)
    t = CATEGORIES.index(Category.TRAINING_SALARIES)
    j = CATEGORIES.index(Category.JUSTICE)
    half = 0.5 * BASELINES[t] / 12.0
    assert list(funding[:, t]) == pytest.approx([0.0, 0.0, half, half, half, 0.0])
    np.testing.assert_allclose(funding[:, j], BASELINES[j] / 12.0)
    assert not any(lending)  # lending support follows certification unless given


# --- rules ---------------------------------------------------------------------------------------

CUT_THEN_RULE = """
name = "cut_then_rule"
[[decision]]
month = "2025-09"
certified = false
[[rule]]
start = "2025-10"
when = "coca_ha < 100"
then = {{ certified = true{lending} }}
{later}
"""


def coca(falls_at: int) -> Callable[[int], Mapping[str, float]]:
    """Outcomes with coca at 200 ha until month ``falls_at``, 50 ha from then on."""
    return lambda month: {"coca_ha": 200.0 if month < falls_at else 50.0}


def test_a_rule_fires_once_and_decides_from_the_next_month(tmp_path):
    later = '[[decision]]\nmonth = "2026-03"\ncertified = false\n'  # month 6
    regime = write(tmp_path, CUT_THEN_RULE.format(lending="", later=later))
    policy = make_policy(regime)
    funding, lending = run(policy, 10, coca(falls_at=3))
    baseline = BASELINES / 12.0
    np.testing.assert_array_equal(funding[:4], 0.0)  # holds at the end of month 3
    np.testing.assert_allclose(funding[4:6], np.tile(baseline, (2, 1)))
    assert lending == [False] * 4 + [True] * 2 + [False] * 4
    # the written decision of month 6 cuts again, and the rule, although it still holds, is spent
    np.testing.assert_array_equal(funding[6:], 0.0)
    assert [d.month for d in policy.fired] == [month_label(4, START)] == ["2026-01"]
    assert policy.fired[0].certified and policy.month == 10 and policy.date == "2026-07"


def test_a_fired_decision_wins_over_a_written_one_of_the_same_month(tmp_path):
    later = '[[decision]]\nmonth = "2026-01"\ncertified = false\nwaived = ["justice"]\n'
    regime = write(tmp_path, CUT_THEN_RULE.format(lending="", later=later))
    funding, _ = run(make_policy(regime), 6, coca(falls_at=3))  # fires for 2026-01 (month 4)
    np.testing.assert_allclose(funding[4:], np.tile(BASELINES / 12.0, (2, 1)))


def test_a_rule_can_keep_funding_and_drop_lending_support(tmp_path):
    regime = write(tmp_path, CUT_THEN_RULE.format(lending=", lending_support = false", later=""))
    # coca is low from the start; the rule is first checked at the end of month 1 (2025-10)
    funding, lending = run(make_policy(regime), 5, coca(falls_at=0))
    np.testing.assert_array_equal(funding[:2], 0.0)
    np.testing.assert_allclose(funding[2:], np.tile(BASELINES / 12.0, (3, 1)))
    assert not any(lending)


def test_rules_are_checked_only_in_their_window_and_read_only_what_they_name(tmp_path):
    regime = write(
        tmp_path,
        """
name = "short_window"
[[decision]]
month = "2025-09"
certified = false
[[rule]]
start = "2025-10"
end = "2025-11"
when = "coca_ha < 100 and cooperation > 0.1"
then = { certified = true }
""",
    )
    policy = make_policy(regime)
    read: list[tuple[int, str]] = []

    def outcome(name: str) -> float:
        read.append((policy.month, name))
        return 50.0 if policy.month >= 3 else 200.0  # holds only after the window

    for _ in range(6):
        policy.end_month(outcome)
    assert read == [(1, "coca_ha"), (2, "coca_ha")]  # the clauses stop at the first false one
    assert policy.fired == ()
    assert policy.lending_support is False and not policy.funding.any()


def test_every_rule_variable_is_a_model_outcome():
    assert set(RULE_VARIABLES) <= set(outcome_registry(GROUP_KEYS))


@pytest.mark.parametrize(("cooperation", "fires"), [(0.5, False), (0.8, True)])
def test_conditional_recertification_fires_only_when_cooperation_is_high(
    make_model, load_regime, cooperation, fires
):
    model = make_model(
        load_regime("conditional_recertification"),
        seed=3,
        overrides={"politics.next_cooperation": cooperation},
    )
    model.run(15)
    aid = model.datacollector.get_model_vars_dataframe()["us_assistance_musd"].to_numpy()
    inauguration = month_index("2026-08", START)  # month 11: the rule is checked at its end
    assert (aid[: inauguration + 1] == 0).all()
    if fires:
        assert [d.month for d in model.policy.fired] == ["2026-09"]
        assert aid[inauguration + 1 :] == pytest.approx(413.0 / 12.0)
    else:
        assert model.policy.fired == ()
        assert (aid == 0).all()
