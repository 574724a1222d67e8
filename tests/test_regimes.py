from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from model.assistance import Regime, month_index, month_label
from model.categories import SECURITY_CATEGORIES, WAIVER_LIST, Category
from model.errors import DecertsimInputError, RegimeError
from model.params import Params
from runs.catalog import REGIMES_DIR, regime_names

CATEGORIES = tuple(Category)
START = "2025-09"
MONTHS = range(60)
SHIPPED = (
    "certified",
    "waivers",
    "full_cutoff",
    "late_waiver",
    "history_2016_2025",
    "conditional_recertification",
)


@pytest.fixture(scope="module")
def baselines() -> np.ndarray:
    """Certified funding per category, US$ million a year (CATEGORIES order)."""
    cap = Params().capacity
    return np.array([cap.category(c).baseline_musd_per_year for c in CATEGORIES])


def idx(categories) -> list[int]:
    return [CATEGORIES.index(c) for c in categories]


def write(tmp_path: Path, text: str, name: str = "custom.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- shipped regimes -------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REGIMES_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_regime_file_loads(path):
    regime = Regime.from_file(path)
    assert regime.name == path.stem
    assert regime.description
    assert regime.decision, "every shipped regime starts with a decision"


def test_shipped_regimes_are_all_the_files(regimes_dir):
    # SHIPPED (used by the tests below) must name every file, and the CLI must list them all
    assert {p.stem for p in regimes_dir.glob("*.toml")} == set(SHIPPED)
    assert regime_names() == sorted(SHIPPED)


def test_certified_is_the_baseline_every_month(load_regime, baselines):
    regime = load_regime("certified")
    for m in MONTHS:
        np.testing.assert_allclose(regime.funding(m, START, baselines), baselines / 12.0)
        assert regime.lending_support(m, START)
    assert regime.funding(0, START, baselines).sum() == pytest.approx(413.0 / 12.0)


def test_waivers_keep_exactly_the_waiver_list(load_regime, baselines):
    certified = load_regime("certified")
    waivers = load_regime("waivers")
    kept = idx(WAIVER_LIST)
    lost = [i for i in range(len(CATEGORIES)) if i not in kept]
    assert len(kept) == 6 and len(lost) == 3
    assert {CATEGORIES[i] for i in lost} == {
        Category.ERADICATION_ALT_DEV,
        Category.INTERDICTION_HUB,
        Category.ECONOMIC_AID,
    }
    for m in MONTHS:
        w = waivers.funding(m, START, baselines)
        c = certified.funding(m, START, baselines)
        np.testing.assert_allclose(w[kept], c[kept])
        assert np.all(w[kept] > 0)
        np.testing.assert_array_equal(w[lost], 0.0)
        assert not waivers.lending_support(m, START)


def test_full_cutoff_is_zero_from_the_decision(load_regime, baselines):
    regime = load_regime("full_cutoff")
    decision = month_index(regime.decision[0].month, START)
    assert decision == 0
    for m in MONTHS:
        np.testing.assert_array_equal(regime.funding(m, START, baselines), 0.0)
        assert not regime.lending_support(m, START)


def test_full_cutoff_starts_at_the_decision_month_when_simulation_starts_earlier(
    load_regime, baselines
):
    regime = load_regime("full_cutoff")
    start = "2025-01"  # decision 2025-09 is month 8
    for m in range(8):
        np.testing.assert_allclose(regime.funding(m, start, baselines), baselines / 12.0)
        assert regime.lending_support(m, start)
    for m in range(8, 60):
        np.testing.assert_array_equal(regime.funding(m, start, baselines), 0.0)
        assert not regime.lending_support(m, start)


def test_late_waiver_zero_for_a_year_then_30_musd_of_security_aid(load_regime, baselines):
    regime = load_regime("late_waiver")
    security = idx(SECURITY_CATEGORIES)
    other = [i for i in range(len(CATEGORIES)) if i not in security]
    share = baselines[security] / baselines[security].sum()
    for m in range(12):
        np.testing.assert_array_equal(regime.funding(m, START, baselines), 0.0)
    for m in range(12, 60):
        f = regime.funding(m, START, baselines)
        assert f.sum() == pytest.approx(2.5)
        np.testing.assert_allclose(f[security], 2.5 * share)
        np.testing.assert_array_equal(f[other], 0.0)
    assert month_label(12, START) == "2026-09"
    assert not any(regime.lending_support(m, START) for m in MONTHS)


@pytest.mark.parametrize("name", [n for n in SHIPPED if n != "history_2016_2025"])
def test_before_the_first_decision_funding_is_the_certified_baseline(load_regime, baselines, name):
    regime = load_regime(name)
    start = "2024-09"  # twelve months before the 2025-09 decision
    for m in range(12):
        np.testing.assert_allclose(regime.funding(m, start, baselines), baselines / 12.0)
        assert regime.lending_support(m, start)


def test_funding_follows_the_baselines_given():
    regime = Regime(name="x")  # no decisions: status quo throughout
    custom = np.arange(1.0, len(CATEGORIES) + 1.0) * 12.0
    np.testing.assert_allclose(regime.funding(5, START, custom), custom / 12.0)


def test_month_index_and_label_round_trip():
    for m in (-13, -1, 0, 1, 4, 11, 12, 40):
        assert month_index(month_label(m, START), START) == m
    assert month_label(4, START) == "2026-01"


# --- user-defined regimes ----------------------------------------------------------------------


def test_linear_schedule_ramps(tmp_path, baselines):
    path = write(
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
    regime = Regime.from_file(path)
    i = CATEGORIES.index(Category.INTELLIGENCE)
    monthly = baselines[i] / 12.0
    levels = [regime.funding(m, START, baselines)[i] for m in range(12)]
    # 2026-01 is month 4, 2026-05 month 8: from 0 (the decision's level) up to the baseline
    np.testing.assert_allclose(levels[:4], 0.0)
    np.testing.assert_allclose(levels[4:9], monthly * np.array([0.0, 0.25, 0.5, 0.75, 1.0]))
    np.testing.assert_allclose(levels[9:], 0.0)  # after `end` the decision applies again
    assert np.all(np.diff(levels[4:9]) > 0)
    others = [j for j in range(len(CATEGORIES)) if j != i]
    for m in range(12):
        np.testing.assert_array_equal(regime.funding(m, START, baselines)[others], 0.0)


def test_linear_schedule_in_money_ramps_down_to_its_level(tmp_path, baselines):
    path = write(
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
    regime = Regime.from_file(path)
    j = idx([Category.JUSTICE, Category.RURAL_PRESENCE])
    totals = [regime.funding(m, START, baselines)[j].sum() for m in range(13)]
    assert totals[0] == pytest.approx(baselines[j].sum() / 12.0)
    assert totals[12] == pytest.approx(0.0)
    assert totals[6] == pytest.approx(baselines[j].sum() / 24.0)
    assert np.all(np.diff(totals) < 0)


def test_linear_ramp_starts_from_the_level_at_its_start_month(tmp_path, baselines):
    path = write(
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
    regime = Regime.from_file(path)
    i = CATEGORIES.index(Category.INTELLIGENCE)
    monthly = baselines[i] / 12.0
    # a phase-out over 12 months from the certified level: half way in month 6
    assert regime.funding(6, START, baselines)[i] == pytest.approx(0.5 * monthly)


def test_step_schedule_share_of_baseline_overrides_decision(tmp_path, baselines):
    path = write(
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
    regime = Regime.from_file(path)
    t = CATEGORIES.index(Category.TRAINING_SALARIES)
    j = CATEGORIES.index(Category.JUSTICE)
    f = [regime.funding(m, START, baselines) for m in range(6)]
    assert [x[t] for x in f] == pytest.approx([0.0, 0.0, *([0.5 * baselines[t] / 12.0] * 3), 0.0])
    assert all(x[j] == pytest.approx(baselines[j] / 12.0) for x in f)
    # lending support follows certification unless given
    assert not regime.lending_support(0, START)


def test_regime_round_trips_through_canonical_json(load_regime):
    for name in SHIPPED:
        regime = load_regime(name)
        assert Regime.model_validate_json(regime.canonical()) == regime


# --- malformed regimes -------------------------------------------------------------------------

ALL_CATEGORY_NAMES = [c.value for c in Category]

MALFORMED = {
    "unknown_category": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = false
waived = ["intel"]
""",
        ["decision[0].waived[0]", "'intel'", *ALL_CATEGORY_NAMES],
    ),
    "negative_money": (
        """
name = "bad"
[[schedule]]
categories = ["intelligence"]
start = "2026-01"
musd_per_year = -5
""",
        ["schedule[0].musd_per_year", "greater than or equal to 0", "-5"],
    ),
    "overlapping_schedule": (
        """
name = "bad"
[[schedule]]
categories = ["intelligence", "justice"]
start = "2026-01"
end = "2026-12"
share_of_baseline = 1.0
[[schedule]]
categories = ["justice"]
start = "2026-06"
share_of_baseline = 0.5
""",
        ["schedule[0]", "schedule[1]", "overlap", "justice", "one schedule entry per month"],
    ),
    "unknown_top_level_field": (
        """
name = "bad"
colour = "red"
""",
        ["'colour'", "unknown field", "name", "description", "decision", "schedule"],
    ),
    "bad_month": (
        """
name = "bad"
[[decision]]
month = "2025-13"
certified = true
""",
        ["decision[0].month", "2025-13", "pattern", r"(0[1-9]|1[0-2])"],
    ),
    "decisions_out_of_order": (
        """
name = "bad"
[[decision]]
month = "2026-01"
certified = false
[[decision]]
month = "2025-09"
certified = true
""",
        ["decision[1].month", "decision[0].month", "date order"],
    ),
    "toml_syntax": (
        """
name = "bad
[[decision]]
""",
        ["not valid TOML", "line 2"],
    ),
    "missing_level": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
""",
        ["schedule[0]", "exactly one of share_of_baseline or musd_per_year"],
    ),
    "linear_without_end": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
share_of_baseline = 0.5
shape = "linear"
""",
        ["schedule[0]", "needs an end month"],
    ),
    "unknown_rule_variable": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation > 0.6 and popularity < 0.4"
then = { certified = true }
""",
        [
            "rule[0].when",
            "unknown rule variable 'popularity'",
            "cooperation",
            "armed_control_share",
        ],
    ),
    "unreadable_rule_condition": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation is high"
then = { certified = true }
""",
        ["rule[0].when", "VARIABLE OP NUMBER", ">="],
    ),
    "rule_decision_unknown_category": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation > 0.6"
then = { certified = false, waived = ["drones"] }
""",
        ["rule[0].then.waived[0]", "'drones'", "intelligence"],
    ),
    "certified_as_text": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = "yes"
""",
        ["decision[0].certified", "valid boolean", "'yes'"],
    ),
    "lending_support_as_number": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = false
lending_support = 1
""",
        ["decision[0].lending_support", "valid boolean", "got 1"],
    ),
    "share_as_boolean": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
share_of_baseline = true
""",
        ["schedule[0].share_of_baseline", "valid number", "got True"],
    ),
    "bad_shape": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
end = "2026-06"
share_of_baseline = 0.5
shape = "cubic"
""",
        ["schedule[0].shape", "'step'", "'linear'"],
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_regime_names_file_field_and_allowed_values(tmp_path, case):
    text, expected = MALFORMED[case]
    path = write(tmp_path, text, name=f"{case}.toml")
    with pytest.raises(RegimeError) as info:
        Regime.from_file(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert isinstance(info.value, DecertsimInputError)


def test_missing_regime_file_raises_regime_error(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(RegimeError, match="no such regime file"):
        Regime.from_file(path)


def test_regimes_are_frozen(load_regime):
    regime = load_regime("waivers")
    with pytest.raises(ValidationError):
        regime.name = "other"
    assert regime.name == "waivers"


# --- rules and history -------------------------------------------------------------------------


def test_rule_condition_clauses():
    from model.assistance import parse_condition

    assert parse_condition("cooperation > 0.6 and armed_control_share <= 0.25") == [
        ("cooperation", ">", 0.6),
        ("armed_control_share", "<=", 0.25),
    ]


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
        assert [d.month for d in model.fired_decisions] == ["2026-09"]
        assert aid[inauguration + 1 :] == pytest.approx(413.0 / 12.0)
    else:
        assert model.fired_decisions == []
        assert (aid == 0).all()


def test_rule_window_end_stops_checking(tmp_path, make_model):
    path = write(
        tmp_path,
        """
name = "short_window"
[[decision]]
month = "2025-09"
certified = false
[[rule]]
start = "2025-09"
end = "2025-10"
when = "cooperation > 0.9"
then = { certified = true }
""",
    )
    model = make_model(Regime.from_file(path), overrides={"politics.current_cooperation": 0.2})
    model.run(3)
    assert model.fired_decisions == []
    assert model.regime.due_rules(2, START, set()) == []


HISTORY_TOTALS = {  # US fiscal year -> US$ million (model/data/colombia_targets.csv)
    "2016-03": 310.0,
    "2017-03": 450.0,
    "2021-03": 461.3,
    "2022-03": 471.3,
    "2023-03": 453.1,
    "2024-03": 377.5,
    "2025-03": 413.0,
}


def test_history_regime_gives_observed_totals_and_interpolates_gaps(load_regime, baselines):
    regime = load_regime("history_2016_2025")
    start = "2016-01"
    for month, total in HISTORY_TOTALS.items():
        got = regime.funding(month_index(month, start), start, baselines).sum() * 12
        assert got == pytest.approx(total)
    fy = [
        regime.funding(month_index(f"{y}-03", start), start, baselines).sum() * 12
        for y in range(2017, 2022)
    ]
    steps = np.diff(fy)
    assert (steps > 0).all() and np.allclose(steps, steps[0], atol=0.1)  # linear FY2017->FY2021
    after = regime.funding(month_index("2025-10", start), start, baselines)
    assert after[CATEGORIES.index(Category.ERADICATION_ALT_DEV)] == 0
    assert regime.lending_support(month_index("2025-10", start), start)
