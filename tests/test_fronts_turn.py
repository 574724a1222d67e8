"""The fronts' turn's own bookkeeping (agents/front_month.py) against the forms it replaced.

Issue 15: what the turn keeps to save work (who stands where) must give the answers the rules
gave without it, in a real model whose fronts move, meet and fight wars.
"""

from __future__ import annotations

import pytest

from model.params import Params
from model.simulation import ColombiaModel
from model.wars import GroupWars

_PURSUIT = GroupWars.pursuit


@pytest.fixture(scope="module")
def months_at_war(load_regime) -> list[tuple[object, object]]:
    """Every pursuit of four war months (2025-09..12) of the 0.25-degree default model.

    Each call made with the turn's ``standing`` is made again over the enemy groups' fronts
    (the form before issue 15); both answers are kept.
    """
    answers: list[tuple[object, object]] = []

    def both(wars, front, standing=None):
        fast = _PURSUIT(wars, front, standing)
        if standing is not None:
            answers.append((fast, _PURSUIT(wars, front, None)))
        return fast

    model = ColombiaModel(Params(), load_regime("certified"), rng=5, resolution="0.25")
    mp = pytest.MonkeyPatch()
    mp.setattr(GroupWars, "pursuit", both)
    try:
        for _ in range(4):
            model.step()
    finally:
        mp.undo()
    return answers


def test_a_chase_on_the_cells_within_reach_is_the_chase_over_every_enemy(months_at_war):
    assert months_at_war
    assert all(fast == slow for fast, slow in months_at_war)
    # the months had fronts that found an enemy to chase, and many that did not
    chased = [fast for fast, _ in months_at_war if fast is not None]
    assert chased
    assert len(chased) < len(months_at_war)
