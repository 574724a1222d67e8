"""The government's response to U.S. policy, conditional recertification, regime rules on the
politics outcomes, and partners (model/politics.py, model/partners.py; C7, C9, ODD 7.14)."""

from __future__ import annotations

import numpy as np
import pytest

from model.assistance import OPERATORS, Regime
from model.calendar import month_index, month_label
from model.capacity import Capacity
from model.categories import CATEGORIES, Category
from model.params import Params
from model.partners import Partners
from model.politics import GOVERNING, OPPOSITION
from tests.conftest import small_overrides
from tests.politics_support import (
    CERTIFIED,
    CUTOFF,
    INAUGURATION,
    RUNOFF,
    START,
    VIOLENCE,
    WAIVERS,
    politics,
    run_politics,
)


# --- the government's response --------------------------------------------------------------------
def test_a_cutoff_lowers_cooperation_and_extraditions_and_waivers_raise_them():
    months = INAUGURATION  # the sitting government only
    certified = run_politics(CERTIFIED, months)
    cutoff = run_politics(CUTOFF, months)
    waivers = run_politics(WAIVERS, months)
    current = Params().politics.current_cooperation
    assert certified == pytest.approx([current] * months)
    assert all(c < current for c in cutoff) and all(w > current for w in waivers)
    assert cutoff[-1] < cutoff[0]  # the retaliation builds with its lag
    pol = politics()
    for month in range(months):
        pol.step(month, CUTOFF, 0.1, 1.0, 0.0, violence=VIOLENCE)
    assert pol.extraditions < Params().politics.extraditions_per_month


def test_each_response_can_be_switched_off():
    off = {"politics.retaliation": 0.0, "politics.waiver_response": 0.0}
    current = Params().politics.current_cooperation
    assert run_politics(CUTOFF, INAUGURATION, **off) == pytest.approx([current] * INAUGURATION)
    assert run_politics(WAIVERS, INAUGURATION, **off) == pytest.approx([current] * INAUGURATION)


def test_the_response_follows_its_documented_lag():
    months = 6
    cutoff = run_politics(CUTOFF, months)
    p = Params().politics
    for month, value in enumerate(cutoff, start=1):
        expected = p.current_cooperation - p.retaliation * (
            1 - np.exp(-month / p.response_delay_months)
        )
        assert value == pytest.approx(expected)


def test_the_eradication_and_interdiction_inputs_follow_the_governments_effort(make_model):
    model = make_model("full_cutoff", seed=2)
    model.run(8)
    effort = model.politics.effort
    assert effort < 1.0  # retaliation under the cut-off
    p = model.params.politics
    plain = model.capacity.inputs(model.economy.index, model.economy.recruit_pool)
    assert model.inputs.eradication == pytest.approx(
        plain.eradication * effort**p.eradication_elasticity
    )
    assert model.inputs.interdiction == pytest.approx(
        plain.interdiction * effort**p.interdiction_elasticity
    )
    assert model.inputs.targeting == plain.targeting
    recorded = model.datacollector.get_model_vars_dataframe()["counternarcotics_effort"]
    assert recorded.iloc[-1] == effort
    assert (np.diff(recorded.to_numpy()) < 0).all()  # it falls month by month under the cut-off


def test_without_a_response_the_inputs_are_what_capacity_gives(make_model):
    zero = {"politics.eradication_elasticity": 0.0, "politics.interdiction_elasticity": 0.0}
    model = make_model("full_cutoff", seed=2, overrides=zero)
    model.run(4)
    assert model.inputs == model.capacity.inputs(model.economy.index, model.economy.recruit_pool)


def test_an_opposition_government_takes_its_own_offensive_posture(make_model):
    model = make_model("certified", seed=1, overrides={"politics.election": OPPOSITION})
    model.run(INAUGURATION + 1)
    assert model.government.offensive == model.params.government.offensive_opposition
    model = make_model("certified", seed=1, overrides={"politics.election": GOVERNING})
    model.run(INAUGURATION + 1)
    assert model.government.offensive == model.params.government.offensive_next


# --- conditional recertification through the endogenous cooperation -------------------------------
@pytest.mark.slow
def test_conditional_recertification_fires_exactly_where_cooperation_passes_its_threshold(
    make_model,
):
    months = INAUGURATION + 6
    fired_runs = 0
    for seed in range(12):
        model = make_model("conditional_recertification", seed=seed)
        model.run(months)
        frame = model.datacollector.get_model_vars_dataframe()
        cooperation = frame["cooperation"].to_numpy()
        aid = frame["us_assistance_musd"].to_numpy()
        above = np.flatnonzero(cooperation[INAUGURATION:] > 0.6)
        if above.size:
            first = INAUGURATION + int(above[0])
            fired_runs += 1
            assert len(model.policy.fired) == 1
            assert (aid[: first + 1] == 0).all()
            assert (aid[first + 1 :] > 0).all()  # funding returns the next month
        else:
            assert model.policy.fired == ()
            assert (aid == 0).all()
    assert fired_runs > 0  # it fires under default parameters


# --- regime rules read the politics outcomes -----------------------------------------------------
RULE_REGIME = """
name = "rule_on_politics"

[[decision]]
month = "2025-09"
certified = false
waived = []
lending_support = false

[[rule]]
start = "{start}"
when = "{when}"
then = {{ certified = true }}
"""


@pytest.mark.parametrize(
    ("when", "start", "election", "fires"),
    [
        ("governing_camp_wins < 0.5", "2026-06", OPPOSITION, True),
        ("governing_camp_wins < 0.5", "2026-06", GOVERNING, False),
        ("extraditions < 14", START, "simulated", True),
        ("counternarcotics_effort < 0.9", START, "simulated", True),
        ("partner_share_security > 0.5", START, "simulated", True),
        ("us_influence_index < 0.5", START, "simulated", True),
    ],
)
def test_a_regime_rule_reads_the_politics_outcomes(
    make_model, tmp_path, when, start, election, fires
):
    path = tmp_path / "rule.toml"
    path.write_text(RULE_REGIME.format(start=start, when=when), encoding="utf-8")
    model = make_model(Regime.from_file(path), seed=1, overrides={"politics.election": election})
    model.run(RUNOFF + 2)
    name, op, number = when.split()
    values = model.datacollector.get_model_vars_dataframe()[name].to_numpy()
    holds = OPERATORS[op](values, float(number))
    holds[: month_index(start, START)] = False
    # the rule fires at the end of the first month its condition holds on the recorded outcome
    expected = [month_label(int(np.argmax(holds)) + 1, START)] if holds.any() else []
    assert [d.month for d in model.policy.fired] == expected
    assert bool(expected) == fires


# --- partners -----------------------------------------------------------------------------------
def _cutoff_capacity(partner_share: float, months: int) -> list[Capacity]:
    params = Params.from_overrides({"capacity.partner_share": partner_share})
    capacity = Capacity(params)
    capacity.settle(capacity.baseline_musd_per_month)
    seen = []
    for _ in range(months):
        capacity.step(np.zeros(len(CATEGORIES)))
        seen.append(capacity.capacity.copy())
    return seen


def test_partners_never_add_intelligence_or_training():
    with_partners = _cutoff_capacity(0.6, 24)
    without = _cutoff_capacity(0.0, 24)
    for category in CATEGORIES:
        i = CATEGORIES.index(category)
        a = np.array([c[i] for c in with_partners])
        b = np.array([c[i] for c in without])
        if category == Category.AIRCRAFT_FUEL_MAINTENANCE:
            assert (a[1:] > b[1:]).all()
        else:
            assert a == pytest.approx(b)


def test_partners_share_rises_after_a_cutoff_with_the_documented_lag():
    params = Params()
    capacity = Capacity(params)
    capacity.settle(capacity.baseline_musd_per_month)
    partners = Partners(params, capacity)
    assert partners.share == 0.0 and partners.leverage == 0.0
    air = capacity.baseline_musd_per_month[CATEGORIES.index(Category.AIRCRAFT_FUEL_MAINTENANCE)]
    delay = params.capacity.partner_delay_months
    leverage = []
    for month in range(1, 25):
        capacity.step(np.zeros(len(CATEGORIES)))
        partners.step(capacity)
        expected = params.capacity.partner_share * (1 - np.exp(-month / delay)) * air
        assert partners.partner_musd == pytest.approx(expected)
        assert partners.share == pytest.approx(1.0)  # the only external supplier left
        leverage.append(partners.leverage)
    assert np.all(np.diff(leverage) > 0) and leverage[-1] < 1.0
    assert partners.us_influence == 0.0


def test_partners_leverage_lowers_cooperation():
    plain, levered = politics(), politics()
    for month in range(6):
        plain.step(month, CERTIFIED, 0.1, 1.0, 0.0, violence=VIOLENCE)
        levered.step(month, CERTIFIED, 0.1, 1.0, 0.5, violence=VIOLENCE)
    cost = Params().politics.leverage_cooperation_cost
    assert levered.cooperation == pytest.approx(plain.cooperation - cost * 0.5)


def test_status_quo_has_no_partners_and_full_us_influence(make_model):
    model = make_model("certified", seed=0, overrides=small_overrides())
    model.run(3)
    assert model.partners.share == 0.0
    assert model.partners.us_influence == pytest.approx(1.0)
