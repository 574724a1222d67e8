"""The fronts' turn's own bookkeeping (agents/front_month.py) against the forms it replaced.

Issue 15: what the turn keeps to save work (who stands where) must give the answers the rules
gave without it, in a real model whose fronts move, meet and fight wars.
"""

from __future__ import annotations

import numpy as np
import pytest

import model.simulation as simulation
from agents.front_books import TurnBooks
from agents.front_turn import python_turn
from model.events import MonthEvents
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
    # each front's Python step asks GroupWars.pursuit (the compiled turn chases in numba)
    mp.setattr(simulation, "fronts_turn", python_turn)
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


def book_at_once(books, name, amount=1.0, at=None) -> None:
    """``TurnBooks.add`` as before issue 15: each booking added to the month's events at once."""
    books._events.add(name, amount, at)


@pytest.mark.parametrize("seed", range(10))
def test_books_closed_at_the_end_are_the_events_booked_at_once(seed):
    source = np.random.default_rng(seed)
    shape = (5, 4)
    names = ("recruits", "kidnappings", "extortion_usd", "child_recruits")
    direct, booked = MonthEvents(shape), MonthEvents(shape)
    for events in (direct, booked):  # an earlier turn (the security units') counted some
        events.add("kidnappings", 0.1, at=(1, 1))
        events.add("recruits", 3)
    books = TurnBooks(booked)
    for _ in range(200):
        name = names[int(source.integers(0, len(names)))]
        # counts as ints, money as awkward floats; few cells, so each is booked many times
        amount = (
            float(source.random() * 1e4 / 3)
            if name == "extortion_usd"
            else int(source.integers(1, 9))
        )
        at = None
        if name != "recruits":
            at = (int(source.integers(0, 5)), int(source.integers(0, 4)))
        direct.add(name, amount, at)
        books.add(name, amount, at)
    books.close()
    for name in names:
        assert repr(booked.get(name)) == repr(direct.get(name))
        assert booked.layer(name).tobytes() == direct.layer(name).tobytes()
    books.close()  # closing again adds nothing
    assert repr(booked.get("recruits")) == repr(direct.get("recruits"))


def test_model_months_with_the_books_are_those_booked_at_once(load_regime):
    fast, slow = (
        ColombiaModel(Params(), load_regime("certified"), rng=7, resolution="0.25") for _ in "ab"
    )
    names = (
        "recruits",
        "deserters",
        "child_recruits",
        "extortion_usd",
        "kidnappings",
        "security_force_deaths",
    )
    mp = pytest.MonkeyPatch()
    try:
        for _ in range(6):
            fast.step()
            mp.setattr(TurnBooks, "add", book_at_once)
            # each front's Python step books into TurnBooks (the compiled turn does not)
            mp.setattr(simulation, "fronts_turn", python_turn)
            slow.step()
            mp.undo()
            for name in names:
                assert repr(fast.events.get(name)) == repr(slow.events.get(name)), name
                assert fast.events.layer(name).tobytes() == slow.events.layer(name).tobytes()
            assert fast.violence.tobytes() == slow.violence.tobytes()
            assert fast.events.get("recruits") > 0
    finally:
        mp.undo()
