"""The rival-combat rule and its ledger (model/combat.py), with stand-in fronts."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from model.combat import RivalCombat
from model.events import MonthEvents
from model.relations import build_relations

KEYS = ("egc", "eln", "emc", "sm")  # eln and sm are allied by default
GROUPS = {k: SimpleNamespace(key=k, index=i + 1) for i, k in enumerate(KEYS)}


def front(uid: int, key: str, fighters: int, at=(1, 1)) -> SimpleNamespace:
    return SimpleNamespace(
        unique_id=uid, group=GROUPS[key], fighters=fighters, cell=SimpleNamespace(coordinate=at)
    )


def combat(lethality: float = 0.2, seed: int = 0) -> RivalCombat:
    return RivalCombat(
        build_relations(KEYS),
        GROUPS.values(),
        lethality,
        np.random.default_rng(seed),
        MonthEvents(),
        np.zeros((3, 3)),
    )


def test_rivals_are_every_group_but_itself_and_its_allies():
    c = combat()
    assert c.rival_indices(GROUPS["egc"]) == [2, 3, 4]
    assert c.rival_indices(GROUPS["eln"]) == [1, 3]
    assert c.rival_indices(GROUPS["sm"]) == [1, 3]


def test_a_clash_kills_on_both_sides_and_records_deaths_and_violence():
    c = combat(lethality=0.5)
    a, b = front(1, "egc", 200), front(2, "emc", 100)
    c.clash(a, b)
    dead = (200 - a.fighters) + (100 - b.fighters)
    assert 0 < dead and a.fighters >= 0 and b.fighters >= 0
    assert c.events.get("armed_combat_deaths") == dead
    assert c.violence[1, 1] == dead


def test_each_pair_fights_once_a_month_whoever_acts():
    c = combat(lethality=0.5)
    a, b = front(1, "egc", 200), front(2, "emc", 100)
    c.clash(a, b)
    after = (a.fighters, b.fighters)
    c.clash(b, a)  # the other front acting later in the month
    c.clash(a, b)
    assert (a.fighters, b.fighters) == after
    c.new_month()
    c.clash(b, a)
    assert (a.fighters, b.fighters) != after


def test_allies_and_empty_fronts_do_not_fight():
    c = combat(lethality=1.0)
    eln, sm = front(1, "eln", 100), front(2, "sm", 100)
    c.clash(eln, sm)
    empty, egc = front(3, "emc", 0), front(4, "egc", 100)
    c.clash(empty, egc)
    assert (eln.fighters, sm.fighters, empty.fighters, egc.fighters) == (100, 100, 0, 100)
    assert c.events.get("armed_combat_deaths") == 0


@pytest.mark.parametrize("seed", range(5))
def test_the_larger_front_loses_a_smaller_share(seed):
    c = combat(lethality=0.6, seed=seed)
    big, small = front(1, "egc", 900), front(2, "emc", 100)
    c.clash(big, small)
    assert (900 - big.fighters) / 900 < (100 - small.fighters) / 100
