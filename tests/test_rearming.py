"""The ex-FARC combatants' pool: only the FARC dissidents draw from it, and it empties (7.18)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model.ceasefires import CeasefireError
from model.params import Params
from model.rearming import DISSIDENT_GROUPS, FOUNDED, JOINED, Rearming, initial_pool


def _params(start: str, **overrides: object) -> Params:
    return Params.from_overrides({"simulation.start_month": start, **overrides})


def test_the_pool_at_the_start_is_the_demobilised_left_in_reach_less_the_dissidents() -> None:
    p = _params("2018-01")
    expected = 13394 * math.exp(-0.01 * 5) - 1200  # five months after 2017-08
    assert initial_pool(p, 1200) == pytest.approx(expected)
    assert initial_pool(_params("2017-01"), 0) == pytest.approx(13394)  # before the accord
    assert initial_pool(_params("2025-09"), 7920) == 0.0  # drawn by the time of the status quo


def test_only_the_dissidents_draw_and_the_pool_shrinks(make_model) -> None:
    model = make_model(seed=2, overrides={"simulation.start_month": "2018-01"})
    groups = {g.key: g for g in model.groups}
    assert {g.key for g in model.rearming.groups} == set(DISSIDENT_GROUPS) & set(groups)
    pool = [model.rearming.pool]
    rearmed = 0.0
    for _ in range(12):
        model.step()
        pool.append(model.rearming.pool)
        rearmed += model.events.get("rearmed")
    assert rearmed > 0
    assert all(b <= a for a, b in zip(pool, pool[1:], strict=False))
    decayed = pool[0] * (1 - model.params.rearming.reach_decay) ** 12
    assert pool[-1] == pytest.approx(decayed - rearmed, abs=rearmed * 0.2)


def test_no_pool_no_rearming(make_model) -> None:
    # the small model's 600 dissidents outnumber the 500 * exp(-0.97) ex-combatants left
    overrides = {"simulation.start_month": "2025-09", "rearming.demobilised": 500}
    model = make_model(seed=2, overrides=overrides)
    assert model.rearming.pool == 0.0
    model.step()
    assert model.events.get("rearmed") == 0.0


def _founding_setup(make_model):
    model = make_model(seed=3, overrides={"simulation.start_month": "2018-01"})
    founding = model.founding
    group = next(g for g in model.groups if g.key in DISSIDENT_GROUPS and len(g.fronts))
    covered = founding.covered(group)
    home = founding.shares[group.index] > 0
    return model, founding, group, covered, home


def test_rearmed_found_a_front_where_their_group_has_none(make_model) -> None:
    model, founding, group, covered, home = _founding_setup(make_model)
    open_ = np.flatnonzero(~covered)
    assert open_.size, "the small world leaves a department without the group's fronts"
    target = int(open_[0])
    # only that department can be drawn (its share made the whole)
    founding.shares[group.index] = np.where(np.arange(covered.size) == target, 1.0, 0.0)
    where, on = founding.territory[group.index], founding.on[group.index]
    founding.weights[group.index] = np.where(where == target, 1.0, 0.0) * on
    members, n_fronts = group.members, len(group.fronts)
    assert founding.found(group, 3, model.rng) == FOUNDED
    assert len(group.fronts) == n_fronts + 1
    assert group.members == members + 3  # the cadre moves between fronts: conserved
    new = [f for f in group.fronts if where[f.cell.coordinate] == target]
    assert len(new) == 1 and new[0].fighters == founding.viable
    assert founding.covered(group)[target]
    # the department now has a front: the next rearmed there join it
    others = {f: f.fighters for f in group.fronts if f is not new[0]}
    assert founding.found(group, 3, model.rng) == JOINED
    assert len(group.fronts) == n_fronts + 1
    assert new[0].fighters == founding.viable + 3
    assert all(f.fighters == n for f, n in others.items())


def test_rearmed_join_the_fronts_of_the_department_where_they_rearm(make_model) -> None:
    model, founding, group, covered, home = _founding_setup(make_model)
    where = founding.territory[group.index]
    target = int(np.flatnonzero(covered)[0])
    founding.shares[group.index] = np.where(np.arange(covered.size) == target, 1.0, 0.0)
    there = [f for f in group.fronts if f.fighters > 0 and where[f.cell.coordinate] == target]
    before = {f: f.fighters for f in group.fronts}
    members = group.members
    for _ in range(5):
        assert founding.found(group, 40, model.rng) == JOINED
    assert group.members == members + 200
    assert sum(f.fighters - before[f] for f in there) == 200
    assert all(f.fighters == before[f] for f in group.fronts if f not in there)


def test_rearmed_never_found_fronts_outside_their_home(make_model) -> None:
    model, founding, group, covered, home = _founding_setup(make_model)
    for _ in range(200):
        founding.found(group, 20, model.rng)
    territory = founding.territory[group.index]
    where = {int(territory[f.cell.coordinate]) for f in group.fronts}
    placed = {int(d) for d in np.flatnonzero(covered)}
    assert where - placed <= {int(d) for d in np.flatnonzero(home)}
    assert founding.covered(group)[home].all()  # every home department founded by now


def test_the_dissidents_spread_over_their_home_departments_while_the_pool_lasts(
    make_model,
) -> None:
    model = make_model(seed=2, overrides={"simulation.start_month": "2018-01"})
    founding = model.founding
    for g in model.rearming.groups:  # the small world's homes are covered at set-up: widen them
        founding.shares[g.index] = np.ones_like(founding.shares[g.index])
        on = founding.on[g.index]
        founding.weights[g.index] = on / on.sum()
    before = {g.key: model.founding.covered(g).sum() for g in model.rearming.groups}
    founded = 0.0
    for _ in range(24):
        model.step()
        founded += model.events.get("fronts_founded")
    after = {g.key: model.founding.covered(g).sum() for g in model.rearming.groups}
    assert founded > 0
    assert sum(after.values()) > sum(before.values())


HEADER = "group,first_month,last_month,share,source,url,status,note\n"


def _calls(tmp_path, rows: str):
    path = tmp_path / "calls.csv"
    path.write_text(HEADER + rows)
    return path


def test_a_call_to_arms_draws_from_the_pool_whatever_the_groups_size(make_model, tmp_path) -> None:
    # rate 0: the mass-action draw is off, only a call draws
    overrides = {"simulation.start_month": "2018-01", "rearming.rate": 0.0}
    model = make_model(seed=4, overrides=overrides)
    sm = next(g for g in model.groups if g.key == "sm")
    calls = _calls(tmp_path, "sm,2018-01,2018-01,0.5,test,,verified,\n")
    rearming = Rearming(model.params, model.groups, calls=calls)
    assert rearming.calling[sm.index] == 0.5
    pool, members = rearming.pool, sm.members
    rearming.step(model.rng, model.events)
    drawn = pool * (1 - model.params.rearming.reach_decay) - rearming.pool
    expected = 0.5 * model.params.rearming.call_rate * pool
    assert drawn == pytest.approx(expected, abs=4 * math.sqrt(expected))
    assert sm.members == members + drawn
    rearming.enter(1)  # the call is over
    assert rearming.calling[sm.index] == 0.0
    pool = rearming.pool
    rearming.step(model.rng, model.events)
    assert rearming.pool == pytest.approx(pool * (1 - model.params.rearming.reach_decay))


def test_only_a_dissident_group_calls_ex_combatants(make_model, tmp_path) -> None:
    model = make_model(seed=4, overrides={"simulation.start_month": "2018-01"})
    with pytest.raises(CeasefireError, match="egc.*cannot call"):
        Rearming(
            model.params, model.groups, calls=_calls(tmp_path, "egc,2019-08,2020-05,1,x,,v,\n")
        )
    with pytest.raises(CeasefireError, match="first_month"):
        Rearming(model.params, model.groups, calls=_calls(tmp_path, "sm,2019,2020-05,1,x,,v,\n"))
