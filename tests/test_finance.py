"""Money binds and kidnapping answers need; talks restrain and their end escalates (issue 10
point 3; ODD 7.6, 7.7, 7.19)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.ceasefires import CeasefireError
from model.groups import GROUP_KEYS
from model.observed import ordinal
from model.params import Params
from model.talks import Talks


def _group(model, members: int):
    """The model's first group with its fronts' fighters set so that it has ``members``."""
    group = next(iter(model.groups))
    fronts = list(group.fronts)
    for front in fronts:
        front.fighters = 0
    fronts[0].fighters = members
    return group


def test_upkeep_per_member_grows_with_the_groups_size(make_model) -> None:
    m = make_model(seed=1, overrides={"finance.command_cost_members": 1000.0})
    group = next(iter(m.groups))
    base = m.params.armed.upkeep_usd_per_member
    assert group.upkeep_per_member(0) == pytest.approx(base)
    assert group.upkeep_per_member(1000) == pytest.approx(2.0 * base)  # doubled at the scale
    assert group.upkeep_per_member(3000) == pytest.approx(4.0 * base)
    off = make_model(seed=1, overrides={"finance.command_cost_members": 0.0})
    assert next(iter(off.groups)).upkeep_per_member(50_000) == pytest.approx(base)


def test_affordable_members_are_those_the_disposable_income_pays(make_model) -> None:
    m = make_model(seed=1, overrides={"finance.command_cost_members": 2000.0})
    group = next(iter(m.groups))
    p = m.params.armed
    assert group.affordable_members() == float("inf")  # before the first month closes
    for members in (10, 500, 4000, 30_000):
        group.income_memory = members * group.upkeep_per_member(members) / (1 - p.overhead_share)
        assert group.affordable_members() == pytest.approx(members, rel=1e-9)
    # twice the income pays fewer than twice the members: the cost per member rises
    group.income_memory = 4000 * group.upkeep_per_member(4000) / (1 - p.overhead_share)
    doubled = group.income_memory * 2.0
    group.income_memory = doubled
    assert 4000 < group.affordable_members() < 8000
    # without control costs the members follow the income one for one
    flat = make_model(seed=1, overrides={"finance.command_cost_members": 0.0})
    other = next(iter(flat.groups))
    other.income_memory = doubled
    assert other.affordable_members() == pytest.approx(
        (1 - p.overhead_share) * doubled / p.upkeep_usd_per_member
    )


def test_money_binds_a_large_group_before_a_small_one(make_model) -> None:
    """Same income per member: the large group is at its money limit, the small one is not."""
    m = make_model(seed=1, overrides={"finance.command_cost_members": 2000.0})
    p = m.params.armed
    income_per_member = 2.0 * p.upkeep_usd_per_member / (1 - p.overhead_share)
    factors = {}
    for members in (200, 4000):
        group = _group(m, members)
        group.income_memory = members * income_per_member
        factors[members] = group.money_factor()
    assert factors[200] == 1.0  # well below what its income pays: full pace
    assert factors[4000] == 0.0  # its members cost 3 times the base: at or past the limit


def test_financial_need_counts_income_and_the_treasury(make_model) -> None:
    m = make_model(seed=1)
    group = _group(m, 300)
    p = m.params.armed
    upkeep = 300 * group.upkeep_per_member()
    group.income_memory = upkeep / (1 - p.overhead_share)  # income that just pays them
    group.treasury_usd = 0.0
    assert group.financial_need() == pytest.approx(1.0)
    group.treasury_usd = p.reserve_cap_months * upkeep  # and a full treasury: half the need
    assert group.financial_need() == pytest.approx(0.5)
    group.income_memory = 0.0  # nothing coming in, the treasury alone
    assert group.financial_need() == pytest.approx(1.0)
    group.treasury_usd = 0.0
    assert group.financial_need() == float("inf")


def test_a_group_short_of_money_kidnaps_more(make_model, run_events) -> None:
    m = make_model(seed=1, overrides={"finance.kidnap_need_floor": 0.2})
    group = _group(m, 300)
    p = m.params.armed
    upkeep = 300 * group.upkeep_per_member()
    group.income_memory = 10 * upkeep / (1 - p.overhead_share)  # rich
    group.treasury_usd = p.reserve_cap_months * upkeep
    rich = group.kidnap_factor()
    assert rich == pytest.approx(0.2 + 0.8 * (1 / 11))
    group.income_memory = 0.0
    group.treasury_usd = 0.0
    assert group.kidnap_factor() == pytest.approx(1.0)  # broke: the whole rate
    # in a run: the same world kidnaps more when its groups' need is forced to full
    totals = {}
    for name, floor in (("need", 0.0), ("full", 1.0)):
        overrides = {"finance.kidnap_need_floor": floor, "armed.kidnap_rate": 0.05}
        model = make_model(seed=2, overrides=overrides)
        totals[name] = sum(run_events(model, 4, ("kidnappings",))["kidnappings"])
    assert 0 < totals["need"] < totals["full"]


def _talks(month: str, **overrides: object) -> Talks:
    return Talks(Params.from_overrides({"simulation.start_month": month, **overrides}), GROUP_KEYS)


def _index(key: str) -> int:
    return 1 + GROUP_KEYS.index(key)


def test_the_eln_is_at_the_table_from_november_2022_to_january_2025() -> None:
    eln = [t for t in _talks("2023-01").periods if t.group == "eln"]
    assert [(t.first, t.last) for t in eln] == [(ordinal("2022-11"), ordinal("2025-01"))]
    before, during = _talks("2022-10"), _talks("2024-03")
    assert before.recruitment[_index("eln")] == 1.0
    keep = Params().government.talks_recruitment
    assert during.recruitment[_index("eln")] == pytest.approx(keep)
    assert during.recruitment[_index("egc")] == 1.0  # only the group at the table
    assert during.attacks[_index("eln")] == 1.0 and during.kidnapping[_index("eln")] == 1.0


def test_talks_that_broke_down_escalate_for_rupture_months() -> None:
    g = Params().government
    talks = _talks("2025-01")
    assert talks.attacks[_index("eln")] == pytest.approx(g.rupture_attacks)
    assert talks.kidnapping[_index("eln")] == pytest.approx(g.rupture_kidnapping)
    talks.enter(g.rupture_months - 1)  # the last month of the escalation
    assert talks.attacks[_index("eln")] == pytest.approx(g.rupture_attacks)
    talks.enter(g.rupture_months)  # over
    assert talks.attacks[_index("eln")] == 1.0 and talks.kidnapping[_index("eln")] == 1.0
    assert np.all(_talks("2027-01").recruitment == 1.0)  # no talks in the future


def test_a_malformed_talks_table_is_named(tmp_path: Path) -> None:
    path = tmp_path / "talks.csv"
    path.write_text(
        "group,first_month,last_month,share,source,url,status,note\nfarc,2023-01,2023-02,1,s,,recalled,\n"
    )
    params = Params()
    with pytest.raises(CeasefireError, match="line 2.*farc"):
        Talks(params, GROUP_KEYS, path)
    with pytest.raises(CeasefireError, match="cannot read the talks file"):
        Talks(params, GROUP_KEYS, tmp_path / "missing.csv")


def test_a_group_at_the_table_recruits_less(make_model, run_events) -> None:
    names = ("recruits",)
    totals = {}
    for name, keep in (("usual", 1.0), ("restrained", 0.0)):
        base = {"simulation.start_month": "2023-06", "government.talks_recruitment": keep}
        model = make_model(seed=3, overrides=base)
        eln = next(g for g in model.groups if g.key == "eln")
        before = eln.members
        recruits = sum(run_events(model, 4, names)["recruits"])
        totals[name] = (recruits, eln.members - before)
    assert totals["usual"][0] > totals["restrained"][0]
    assert totals["restrained"][1] <= 0  # at full restraint the ELN only loses members


def test_kidnapping_is_deterred_where_the_state_pursues(make_model, run_events) -> None:
    """A government that pursues the groups hard sees fewer kidnappings than one that does not."""
    totals = {}
    for name, offensive in (("pursued", 2.0), ("left alone", 0.0)):
        overrides = {
            "simulation.start_month": "2019-01",
            "government.offensive_before": offensive,
            "armed.kidnap_rate": 0.05,
        }
        model = make_model(seed=4, overrides=overrides)
        front = next(iter(model.armed_units))
        if offensive == 0.0:
            assert front.arrest_risk() == 0.0  # a state that does not pursue deters nobody
        totals[name] = sum(run_events(model, 4, ("kidnappings",))["kidnappings"])
    assert totals["pursued"] < totals["left alone"]
