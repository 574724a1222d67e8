"""The Clan del Golfo sends a cadre of the fronts it splits off to where it has none (ODD 7.7)."""

from __future__ import annotations

import numpy as np
import pytest

from model.errors import ParamsError
from model.params import Params


def _split_setup(make_model, key: str = "egc", **overrides: object):
    model = make_model(seed=3, overrides={"simulation.start_month": "2018-01", **overrides})
    founding = model.founding
    group = next(g for g in model.groups if g.key == key)
    assert len(group.fronts), f"the small world gives the {key} fronts"
    return model, founding, group


def _only(founding, group, target: int) -> None:
    """Make ``target`` the group's one listed territory with room for a front."""
    size = founding.shares[group.index].size
    founding.shares[group.index] = np.where(np.arange(size) == target, 1.0, 0.0)
    where, on = founding.territory[group.index], founding.on[group.index]
    founding.weights[group.index] = np.where(where == target, 1.0, 0.0) * on


def _grow(model, group) -> tuple[object, int]:
    """Give the group's first front enough fighters to split once."""
    front = next(iter(group.fronts))
    front.fighters = 2 * model.params.armed.front_size + 2
    return front, front.fighters


def test_a_split_of_the_clan_del_golfo_founds_a_front_where_it_has_none(make_model) -> None:
    model, founding, group = _split_setup(make_model)
    covered = founding.covered(group)
    open_ = np.flatnonzero(~covered)
    assert open_.size, "the small world leaves a department without the Clan del Golfo's fronts"
    target = int(open_[0])
    _only(founding, group, target)
    front, fighters = _grow(model, group)
    members, n_fronts = group.members, len(group.fronts)
    before = set(group.fronts)
    group.reorganize()
    where = founding.territory[group.index]
    sent = [f for f in group.fronts if where[f.cell.coordinate] == target]
    # the split's cadre founds the front there; the rest of the split stays with its parent
    assert len(group.fronts) == n_fronts + 2
    assert len(sent) == 1 and sent[0].fighters == founding.viable
    assert front.fighters == fighters - fighters // 2
    twins = [f for f in group.fronts if f not in before and f.cell is front.cell]
    assert [f.fighters for f in twins] == [fighters // 2 - founding.viable]
    assert group.members == members  # conserved
    assert founding.covered(group)[target]
    assert sent[0].base == sent[0].cell.coordinate  # its base is where it was founded


def test_with_every_listed_department_covered_the_split_stays_in_place(make_model) -> None:
    model, founding, group = _split_setup(make_model)
    target = int(np.flatnonzero(founding.covered(group))[0])
    _only(founding, group, target)
    front, fighters = _grow(model, group)
    state = model.rng.bit_generator.state
    group.reorganize()
    twins = [f for f in group.fronts if f is not front and f.cell is front.cell]
    assert any(f.fighters == fighters // 2 for f in twins)
    assert model.rng.bit_generator.state == state  # nothing drawn


@pytest.mark.parametrize(
    ("key", "overrides"), [("egc", {"groups.egc.send_share": 0.0}), ("eln", {})]
)
def test_a_group_that_does_not_send_fronts_splits_in_place(make_model, key, overrides) -> None:
    model, founding, group = _split_setup(make_model, key, **overrides)
    open_ = np.flatnonzero(~founding.covered(group))
    if open_.size:
        _only(founding, group, int(open_[0]))
    front, fighters = _grow(model, group)
    n_fronts = len(group.fronts)
    group.reorganize()
    assert len(group.fronts) == n_fronts + 1
    new = [f for f in group.fronts if f is not front and f.fighters == fighters // 2]
    assert new and new[-1].cell is front.cell


def test_send_share_is_a_chance() -> None:
    assert Params().groups.egc.send_share == 1.0
    assert all(Params().groups.of(k).send_share == 0.0 for k in ("eln", "emc", "sm"))
    with pytest.raises(ParamsError, match="groups.egc.send_share"):
        Params.from_overrides({"groups.egc.send_share": 1.5})
