"""Membership saturates where money and the recruitment pool bind; control follows the state's
reach (issue 10 point 3; ODD 7.4, 7.6, 7.7, 7.11, 5 item 9)."""

from __future__ import annotations

import numpy as np
import pytest

from model.geo.group_presence import home_table
from model.geo.sources import GroupSighting
from model.groups import GROUP_KEYS
from model.params import ArmedParams, Params, StateParams
from model.placement import apportion, front_weights, territory
from model.presence import initial_presence
from model.recruitment import RecruitmentPool, weighted_sum
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


def test_a_group_recruits_only_from_the_part_of_the_pool_it_rules_or_contests() -> None:
    params = ArmedParams(recruit_pool_share=0.05, recruit_pool_regeneration=0.1)
    residents = np.full((2, 2), 1000.0)
    pool = RecruitmentPool(params, residents)
    everywhere = (slice(0, 2), slice(0, 2))
    territory = np.array([[1.0, 0.5], [0.0, 0.0]])  # all of one cell, half of another
    assert pool.available(everywhere, territory) == pytest.approx(50.0 + 25.0)
    assert pool.fullness(everywhere, residents, territory) == pytest.approx(1.0)
    pool.draw(everywhere, 30, territory)
    # taken in proportion to what the group reaches: 20 from its cell, 10 from the shared one
    assert pool.pool[0, 0] == pytest.approx(30.0)
    assert pool.pool[0, 1] == pytest.approx(40.0)
    assert pool.pool[1].tolist() == [50.0, 50.0]  # the state's and rivals' people untouched
    left = 30.0 + 0.5 * 40.0
    assert pool.fullness(everywhere, residents, territory) == pytest.approx(left / 75.0)
    assert pool.available(everywhere, np.zeros((2, 2))) == 0.0  # no territory, no recruits


def test_a_pool_sum_passed_in_gives_what_the_pool_computes_itself() -> None:
    """A front sums its pool once and passes it on (``held``): the same floats either way."""
    rng = np.random.default_rng(3)
    residents = rng.random((5, 5)) * 1000.0
    where = (slice(1, 4), slice(0, 3))
    territory = rng.random((3, 3))
    pools = [RecruitmentPool(ArmedParams(), residents) for _ in range(2)]
    for pool in pools:
        pool.pool *= rng.random((5, 5))
    pools[1].pool[:] = pools[0].pool
    held = pools[1].available(where, territory)
    assert pools[1].fullness(where, residents, territory, held=held) == pools[0].fullness(
        where, residents, territory
    )
    pools[0].draw(where, 7, territory)
    pools[1].draw(where, 7, territory, held=held)
    assert pools[1].pool.tobytes() == pools[0].pool.tobytes()


def test_windows_the_kernel_cannot_take_go_to_numpy() -> None:
    """Open slices, scalar or integer weights give numpy's sum; a window off the grid its error."""
    values = np.arange(20.0).reshape(4, 5)
    weights = np.full((4, 5), 0.5)
    everywhere = (slice(None), slice(None))
    assert weighted_sum(values, everywhere, weights) == float((values * weights).sum())
    assert weighted_sum(values, (slice(1, 3), slice(0, 2)), 2.0) == float(values[1:3, :2].sum() * 2)
    ints = np.ones((2, 2), dtype=np.int64)
    assert weighted_sum(values, (slice(0, 2), slice(0, 2)), ints) == 0.0 + 1.0 + 5.0 + 6.0
    with pytest.raises(ValueError):  # numpy cannot broadcast a clipped window: nor can we
        weighted_sum(values, (slice(2, 6), slice(0, 2)), np.ones((4, 2)))


def test_a_front_draws_on_its_groups_territory(make_model):
    m = make_model(seed=3)
    m.step()
    group = next(g for g in m.groups if len(g.fronts) > 0)
    group.start_month()
    ruled = m.control.held_by(group.index) | m.control.is_disputed()
    assert np.allclose(group.territory[ruled], m.control.share_of(group.index)[ruled])
    assert np.all(group.territory[~ruled] == 0.0)  # not where the state or a rival rules
    group.territory = np.zeros_like(group.territory)  # a group that holds nothing
    held = m.recruitment.pool.copy()
    for front in list(group.fronts):
        front.recruit_and_desert()
    assert np.array_equal(m.recruitment.pool, held)


def test_a_group_at_what_its_income_pays_stops_recruiting_and_unpaid_members_leave(make_model):
    m = make_model(seed=4)
    m.step()
    group = next(iter(m.groups))
    p = m.params.armed
    group.income_memory = group.members * group.upkeep_per_member() / (1 - p.overhead_share)
    assert group.affordable_members() == pytest.approx(group.members)
    # income set from members and overhead in floats: zero up to rounding (exactly 0.0 held for
    # some overhead shares only; 0.5132, the calibrated default of 2026-12-02, leaves 9e-16)
    assert group.money_factor() == pytest.approx(0.0, abs=1e-12)
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
    # groups: their projected force, with their edge in their home territories (ODD 7.4)
    edge = 1.0 + m.params.control.home_advantage * m.landscape.group_home * (1.0 - m.presence)
    assert np.allclose(forces.contest[1:], forces.effective[1:] * edge)


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
    # full_cutoff, still accelerating, and treasuries grew twenty-fold. With the upkeep per
    # member rising with a group's size (finance.command_cost_members, ODD 7.7) money binds at
    # the default parameters: members stay within what income pays, growth slows and most
    # groups recruit below full pace by the fifth year (seed 1: x1.43, growth 5.6%, 8.1%,
    # 9.9%, 8.6%, 5.0% a year; money factors 0.67-0.74 for three of the four groups). The
    # governing camp wins the 2026 vote here (issue 16): one government throughout, so the
    # check reads the money limit, not a change of posture after the inauguration
    params = Params.from_overrides({"politics.election": "governing"})
    model = ColombiaModel(params, load_regime("full_cutoff"), rng=1)
    start = sum(g.members for g in model.groups)
    reserves = {g.key: g.treasury_usd for g in model.groups}
    yearly = []
    for _ in range(5):
        model.run(12)
        yearly.append(sum(g.members for g in model.groups))
    assert yearly[-1] < 2.0 * start
    growth = np.diff([start, *yearly]) / np.array([start, *yearly[:-1]])
    assert growth[-1] < growth.max()  # slowing after its peak
    assert yearly[-1] <= sum(g.affordable_members() for g in model.groups)
    assert sum(g.money_factor() < 1.0 for g in model.groups) >= 2  # money binds
    for group in model.groups:
        cap = model.params.armed.reserve_cap_months * group.upkeep_usd
        assert group.treasury_usd <= cap + 1e-6
        assert group.treasury_usd < 20 * max(reserves[group.key], 1.0)


def test_home_strength_counts_the_sources_that_place_a_group_in_a_department() -> None:
    sightings = (
        GroupSighting("AGC", "A", "verified", ("s1", "s2", "s3")),
        GroupSighting("AGC", "B", "verified", ("s1",)),
        GroupSighting("AGC", "C", "recalled", ()),
        GroupSighting("EMC", "B", "verified", ("s4", "s5")),
        GroupSighting("other: gang", "A", "verified", ("s6",)),
    )
    table = home_table(sightings, ("A", "B", "C"))
    egc, emc = GROUP_KEYS.index("egc"), GROUP_KEYS.index("emc")
    assert table[egc].tolist() == pytest.approx([1.0, 1 / 3, 0.4 / 3])
    assert table[emc].tolist() == [0.0, 1.0, 0.0]
    assert table[GROUP_KEYS.index("eln")].tolist() == [0.0, 0.0, 0.0]


def test_fronts_start_by_department_in_proportion_to_home_strength() -> None:
    department = np.array([[0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]])  # B has twice A's cells
    home = np.where(department == 0, 1.0, 0.5)
    value = np.zeros(department.shape)
    weights = front_weights(home, department, value, concentration=2.0)
    assert weights.sum() == pytest.approx(1.0)
    assert weights[department == 0].sum() == pytest.approx(1.0 / 1.25)  # 1 against 0.5**2
    value[0, 2] = 0.8  # within a department, toward value
    weights = front_weights(home, department, value, concentration=2.0)
    assert weights[department == 0].sum() == pytest.approx(1.0 / 1.25)
    assert weights[0, 2] == pytest.approx(0.2 * 1.0 / (0.2 * 7 + 1.0))


def test_fronts_are_apportioned_to_departments_by_largest_remainders() -> None:
    # quotas 3.5, 2.5 and 1.0 of 7: the two halves go one up, one down, the lower index first
    assert apportion(np.array([3.5, 2.5, 1.0]), 7).tolist() == [4, 2, 1]
    # a department's count is its quota rounded down or up, never further, and they add up
    share = np.array([0.5, 0.25, 0.125, 0.0625, 0.0625])
    for n in range(0, 40):
        counts = apportion(share, n)
        assert counts.sum() == n
        assert np.all(np.abs(counts - share * n) < 1.0)
    assert apportion(np.zeros(3), 5).tolist() == [0, 0, 0]
    assert apportion(share, 0).sum() == 0


def test_a_groups_fronts_per_department_follow_its_home_whatever_the_seed() -> None:
    overrides = {"simulation.start_month": "2025-09", "simulation.front_settling_rounds": 0}
    counts = []
    for seed in (1, 2):
        model = ColombiaModel(Params.from_overrides(overrides), rng=seed)
        names = model.landscape.department_names
        emc = next(g for g in model.groups if g.key == "emc")
        # a stronghold counts as the department the sources name (model/geo/group_zones.py)
        department = territory(
            model.landscape.layers["department"], model.landscape.group_zone[emc.index - 1]
        )
        per = [names[department[f.cell.coordinate]] for f in emc.fronts]
        counts.append({name: per.count(name) for name in set(per)})
    assert counts[0] == counts[1]  # the cells differ between seeds, not the departments
    # its three best-documented departments get the most fronts (5 and 4 sources against 3
    # or fewer elsewhere: 1 and 0.8 against 0.6 or less, squared)
    top = sorted(counts[0], key=counts[0].get, reverse=True)[:3]
    assert set(top) == {"Meta", "Cauca", "Guaviare"}


def test_colombian_fronts_start_in_their_groups_home_territories() -> None:
    overrides = {"simulation.start_month": "2025-09", "simulation.front_settling_rounds": 0}
    model = ColombiaModel(Params.from_overrides(overrides), rng=1)  # as placed, before settling
    names = model.landscape.department_names
    department = model.landscape.layers["department"]

    def members_in(key: str, place: str) -> float:
        group = next(g for g in model.groups if g.key == key)
        inside = sum(
            f.fighters for f in group.fronts if names[department[f.cell.coordinate]] == place
        )
        return inside / group.members

    assert members_in("eln", "Arauca") > 0.15
    assert members_in("eln", "Vichada") < 0.05
    assert members_in("emc", "Amazonas") < 0.05
    assert members_in("sm", "Putumayo") > 0.3
    assert members_in("egc", "Nariño") + members_in("egc", "Cauca") < 0.1


def test_a_front_moves_only_within_its_zone(make_model):
    m = make_model(seed=2, overrides={"armed.front_roam": 1, "armed.move_range": 3})
    for _ in range(6):
        m.step()
        for front in m.armed_units:
            x, y = front.cell.coordinate
            assert max(abs(x - front.base[0]), abs(y - front.base[1])) <= 1


def test_fronts_settle_in_their_zones_at_set_up(make_model):
    settled = make_model(seed=6, overrides={"simulation.front_settling_rounds": 4})
    unsettled = make_model(seed=6, overrides={"simulation.front_settling_rounds": 0})
    moved = 0
    for a, b in zip(settled.armed_units, unsettled.armed_units, strict=True):
        assert a.base == b.base  # same draws of starting cells
        moved += a.cell.coordinate != b.cell.coordinate
        x, y = a.cell.coordinate
        assert max(abs(x - a.base[0]), abs(y - a.base[1])) <= settled.params.armed.front_roam
    assert moved > 0
    assert settled.month == 0 and settled.events.get("recruits") == 0


@pytest.mark.slow
def test_membership_saturates_at_the_defaults_where_the_pool_binds() -> None:
    # issue 10 point 3: from 2025-09 members grew x2.1 in 60 months under certified and x3.3
    # under full_cutoff while the pool was every resident within reach; counted over the
    # groups' own territory it binds (seed 1: x1.19 and x1.58) and treasuries stay capped
    for regime, most in (("certified", 1.4), ("full_cutoff", 1.9)):
        params = Params.from_overrides({"simulation.start_month": "2025-09"})
        model = ColombiaModel(params, load_regime(regime), rng=1)
        start = sum(g.members for g in model.groups)
        reserves = {g.key: g.treasury_usd for g in model.groups}
        model.run(60)
        assert sum(g.members for g in model.groups) < most * start, regime
        cap_months = params.armed.reserve_cap_months
        for group in model.groups:
            # the treasury is capped at reserve_cap_months of upkeep, which grows with the
            # group (seed 1, full_cutoff: Segunda Marquetalia x2.1 members, x5.4 treasury);
            # issue 10: no group 20-fold richer in five years
            assert group.treasury_usd <= cap_months * group.upkeep_usd + 1e-6, (regime, group.key)
            assert group.treasury_usd < 10 * max(reserves[group.key], 1.0), (regime, group.key)
