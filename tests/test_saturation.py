"""Membership saturates where money and the recruitment pool bind; control follows the state's
reach (issue 10 point 3; ODD 7.4, 7.6, 7.7, 7.11, 5 item 9)."""

from __future__ import annotations

import numpy as np
import pytest

from model.params import ArmedParams, Params, StateParams
from model.presence import initial_presence
from model.recruitment import RecruitmentPool
from model.simulation import ColombiaModel
from runs.catalog import load_regime


def test_the_recruitment_pool_empties_and_refills() -> None:
    params = ArmedParams(recruit_pool_share=0.05, recruit_pool_regeneration=0.1)
    residents = np.full((3, 3), 1000.0)
    pool = RecruitmentPool(params, residents)
    everywhere = (slice(0, 3), slice(0, 3))
    assert pool.available(everywhere) == pytest.approx(450.0)
    pool.draw(everywhere, 300)
    assert pool.available(everywhere) == pytest.approx(150.0)
    pool.regenerate(residents)
    assert pool.available(everywhere) == pytest.approx(150.0 + 0.1 * 300.0)
    pool.draw(everywhere, 10_000)  # never below empty
    assert pool.available(everywhere) == 0.0


def test_a_group_at_what_its_income_pays_stops_recruiting_and_unpaid_members_leave(make_model):
    m = make_model(seed=4)
    m.step()
    group = next(iter(m.groups))
    p = m.params.armed
    group.income_memory = group.members * p.upkeep_usd_per_member / (1 - p.overhead_share)
    assert group.affordable_members() == pytest.approx(group.members)
    assert group.money_factor() == 0.0
    group.income_memory *= 2.0
    assert group.money_factor() == 1.0
    # a group that cannot pay its members loses them
    members = group.members
    group.treasury_usd = 0.0
    group.collect_revenue(np.zeros_like(m.rents.layers))
    assert group.unpaid_share == pytest.approx(1.0)
    for front in list(group.fronts):
        front.recruit_and_desert()
    assert group.members < members * (1.0 - p.desertion_rate)


def test_the_state_reaches_territory_only_where_it_is_present(make_model):
    m = make_model(seed=5, overrides={"control.state_reach_floor": 0.2})
    forces = m.forces
    reach = forces.state_reach
    assert np.allclose(reach, 0.2 + 0.8 * m.presence)
    units = forces.effective[0] - forces.police * m.land
    assert np.allclose(forces.contest[0], forces.police * m.land + units * reach)
    assert np.allclose(forces.contest[1:], forces.effective[1:])


def test_structural_presence_is_lower_where_coca_is_dense() -> None:
    remote = np.full((2, 1), 100.0)
    density = np.full((2, 1), 10.0)
    land = np.ones((2, 1), dtype=bool)
    coca = np.array([[0.0], [2.0]])
    state = StateParams(coca_presence_penalty=0.8, coca_density_half=0.5)
    base = initial_presence(remote, density, land, coca, state)
    assert base[1, 0] == pytest.approx(base[0, 0] * (1 - 0.8 * 2.0 / 2.5))


@pytest.mark.slow
def test_membership_saturates_where_money_binds() -> None:
    # issue 10: the first version reached about four times its members in 60 months under
    # full_cutoff, still accelerating, and treasuries grew twenty-fold. With the default
    # overhead_share (0.6) the 2025 world's income pays about three times the members, so money
    # does not bind within five years (x3.3, a known misfit, docs/VALIDATION.md); where it
    # binds (0.84) growth is held to what income pays and slows year after year. The governing
    # camp wins the 2026 vote in this run (issue 16): one government throughout, so the check
    # reads the money limit, not a change of posture after the inauguration
    params = Params.from_overrides({"armed.overhead_share": 0.84, "politics.election": "governing"})
    model = ColombiaModel(params, load_regime("full_cutoff"), rng=1)
    start = sum(g.members for g in model.groups)
    reserves = {g.key: g.treasury_usd for g in model.groups}
    yearly = []
    for _ in range(5):
        model.run(12)
        yearly.append(sum(g.members for g in model.groups))
    assert yearly[-1] < 2.0 * start
    growth = np.diff([start, *yearly]) / np.array([start, *yearly[:-1]])
    assert growth[-1] < growth[1]  # slowing
    assert yearly[-1] <= sum(g.affordable_members() for g in model.groups)
    for group in model.groups:
        cap = model.params.armed.reserve_cap_months * group.upkeep_usd
        assert group.treasury_usd <= cap + 1e-6
        assert group.treasury_usd < 20 * max(reserves[group.key], 1.0)
