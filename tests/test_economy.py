"""The economy index (model/economy.py): lags and sizes of its terms, and what it feeds."""

from __future__ import annotations

import numpy as np
import pytest

from model.economy import TERMS, Economy, coca_income_share
from model.params import CocaParams, EconomyParams, Params


def path(economy: Economy, lending: list[bool], aid=1.0, insecurity=None, coca=None):
    """The index after each month of a lending-support sequence (other terms at their start)."""
    out = []
    for support in lending:
        economy.step(
            support,
            aid,
            economy.insecurity_at_start if insecurity is None else insecurity,
            economy.coca_at_start if coca is None else coca,
        )
        out.append(economy.index)
    return np.array(out)


def test_status_quo_stays_at_one():
    e = Economy(EconomyParams(), 0.1, 0.5)
    np.testing.assert_array_equal(path(e, [True] * 60), 1.0)
    assert e.recruit_pool == 1.0


def test_the_lending_switch_moves_the_economy_after_its_documented_lag():
    p = EconomyParams()
    lost_from = 5  # support held for five months, then lost for good
    lending = [True] * lost_from + [False] * 55
    index = path(Economy(p, 0.0, 0.0), lending)
    first_move = lost_from + p.lending_lag_months  # the first month the lending term moves
    np.testing.assert_array_equal(index[:first_move], 1.0)
    assert index[first_move] < 1.0
    # until the downgrade comes, only the lending term moves: toward its size
    e = Economy(p, 0.0, 0.0)
    path(e, lending[: lost_from + p.downgrade_lag_months])
    assert e.term("downgrade") == 0.0 and e.term("investment") == 0.0
    assert 0.0 < e.term("lending") <= p.lending_shock
    # the downgrade starts after its lag, investment after the downgrade's plus its own
    path(e, [False])
    assert e.term("downgrade") > 0.0 and e.term("investment") == 0.0
    path(e, [False] * p.investment_lag_months)
    assert e.term("investment") > 0.0
    # in the long run the three lending terms reach their documented sizes
    path(e, [False] * 200)
    shocks = p.lending_shock + p.downgrade_shock + p.investment_shock
    assert e.index == pytest.approx(1.0 - shocks, abs=1e-6)
    assert np.all(np.diff(index[first_move:]) <= 0)


def test_support_restored_lifts_the_economy_back_with_the_same_lags():
    p = EconomyParams()
    e = Economy(p, 0.0, 0.0)
    path(e, [False] * 36)
    low = e.index
    back = path(e, [True] * 120)
    np.testing.assert_allclose(back[: p.lending_lag_months], low, rtol=0, atol=1e-3 * low)
    assert back[-1] == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    ("key", "value"),
    [("lending_lag_months", 4), ("lending_shock", 0.05), ("downgrade_lag_months", 2)],
)
def test_each_lag_and_size_is_the_parameters(key, value):
    p = EconomyParams(**{key: value})
    index = path(Economy(p, 0.0, 0.0), [False] * 120)
    first_move = int(np.argmax(index < 1.0))
    assert first_move == min(p.lending_lag_months, p.downgrade_lag_months)
    total = p.lending_shock + p.downgrade_shock + p.investment_shock
    assert index[-1] == pytest.approx(1.0 - total, abs=1e-4)


def test_violence_and_coca_move_the_index_both_ways():
    p = EconomyParams()
    worse = path(Economy(p, 0.1, 0.5), [True] * 80, insecurity=0.3, coca=0.6)
    assert worse[-1] == pytest.approx(1.0 - p.violence_weight * 0.2 - p.coca_weight * 0.1)
    better = path(Economy(p, 0.1, 0.5), [True] * 80, insecurity=0.0)
    assert better[-1] > 1.0


def test_lost_economic_aid_weighs_on_the_index():
    p = EconomyParams()
    index = path(Economy(p, 0.0, 0.0), [True] * 80, aid=0.8)
    assert index[-1] == pytest.approx(1.0 - p.economic_aid_weight * 0.2)


def test_a_weaker_economy_widens_the_recruitment_pool():
    p = EconomyParams(recruit_pool_elasticity=2.0)
    e = Economy(p, 0.0, 0.0)
    path(e, [False] * 120)
    assert e.recruit_pool == pytest.approx(1.0 + 2.0 * (1.0 - e.index))


def test_coca_share_of_growers_income():
    c = CocaParams()
    assert coca_income_share(0.0, 10.0, c) == 0.0
    assert coca_income_share(10.0, 10.0, c) == 1.0
    half = coca_income_share(5.0, 10.0, c)
    expected = c.coca_net_usd_per_ha / (c.coca_net_usd_per_ha + c.licit_net_usd_per_ha)
    assert half == pytest.approx(expected)


def test_terms_are_named():
    e = Economy(EconomyParams(), 0.0, 0.0)
    assert len(e.terms) == len(TERMS)


def test_the_model_feeds_the_economy_to_the_agents(make_model):
    m = make_model("full_cutoff", seed=4)
    m.run(14)
    assert m.economy.index < 1.0
    assert m.inputs.economy == m.economy.index
    assert (
        m.inputs.recruit_pool == pytest.approx(m.economy.recruit_pool) and m.inputs.recruit_pool > 1
    )
    assert m.outcomes["economy_index"].compute(m) == m.economy.index
    kept = make_model("certified", seed=4).run(14)
    assert kept.economy.term("lending") == 0.0 and m.economy.term("lending") > 0.0
    assert Params().economy == m.params.economy
