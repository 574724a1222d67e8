"""The fronts' turn in one compiled call (agents/front_turn.py, kernels_turn.py), bit for bit.

``fronts_turn`` runs a war-free month's turn over arrays; :func:`agents.front_turn.python_turn`
keeps the form it replaced (each front's ``ArmedUnit.step`` in Mesa's shuffled order). Two
models of the same seed step month by month, one with each turn, and must agree on everything
the turn writes: every front's fighters and cell, the order of the agents on every cell, the
groups' members and accounts, the combat ledger, the month's events (counters in the order they
were first added, layers), the violence, the recruitment pool, the residents and both random
streams (``model.rng`` and ``model.random``).
"""

from __future__ import annotations

import numpy as np
import pytest

import agents.front_turn as front_turn
import model.simulation as simulation
from model.events import MonthEvents
from model.params import Params
from model.simulation import ColombiaModel


def turn_state(model) -> bytes:
    """Everything the fronts' turn writes, as bytes."""
    fronts = sorted((f.unique_id, f.fighters, f.cell.coordinate) for f in model.armed_units)
    cells = sorted(
        {f.cell.coordinate: [a.unique_id for a in f.cell.agents] for f in model.armed_units}.items()
    )
    parts = [
        repr(fronts).encode(),
        repr(cells).encode(),
        model.population.tobytes(),
        model.recruitment.pool.tobytes(),
        model.violence.tobytes(),
        model.combat.violence.tobytes(),
        repr(sorted(model.combat._fought)).encode(),
        repr(model.rng.bit_generator.state).encode(),
        repr(model.random.getstate()).encode(),
        repr(list(model.events._counts.items())).encode(),
        model.grid.empty.data.tobytes(),  # Mesa's layer, written by the moves
    ]
    for name, layer in model.events._layers.items():
        parts.append(name.encode() + layer.tobytes())
    for g in model.groups:
        accounts = (g.members, g.treasury_usd, g.spent_recruiting_usd, g.revenue_by_source)
        parts.append(repr(accounts).encode())
    return b"".join(parts)


def compare_months(fast, slow, months: int, monkeypatch) -> dict[str, int]:
    """Step both models ``months`` times (``slow`` with the Python turn); count what ran."""
    counts = {"compiled": 0, "clashes": 0}
    compiled = front_turn._compiled_turn

    def counted(*args):
        counts["compiled"] += 1
        return compiled(*args)

    for _ in range(months):
        monkeypatch.setattr(front_turn, "_compiled_turn", counted)
        fast.step()
        monkeypatch.undo()
        monkeypatch.setattr(simulation, "fronts_turn", front_turn.python_turn)
        slow.step()
        monkeypatch.undo()
        assert turn_state(fast) == turn_state(slow)
        counts["clashes"] += fast.events.get("armed_combat_deaths") > 0
    return counts


@pytest.mark.parametrize("regime", ["certified", "full_cutoff"])
def test_compiled_months_are_the_python_turns(load_regime, monkeypatch, regime):
    """The 0.25-degree default model: its fronts meet and clash, at war in months 1-4.

    Its fronts' scores do not tie (:func:`test_tied_cells_are_drawn_from_model_random` does).
    """
    fast, slow = (
        ColombiaModel(Params(), load_regime(regime), rng=11, resolution="0.25") for _ in "ab"
    )
    counts = compare_months(fast, slow, 10, monkeypatch)
    assert counts["compiled"] == 10
    assert counts["clashes"] > 0


def test_logs_that_fill_up_grow(load_regime, monkeypatch):
    """The clash and ledger logs start with one row (``LOG_ROWS_PER_FRONT`` 0) and grow."""
    fast, slow = (
        ColombiaModel(Params(), load_regime("certified"), rng=2, resolution="0.25") for _ in "ab"
    )
    rows = pytest.MonkeyPatch()  # compare_months undoes its own patches every month
    rows.setattr(front_turn, "LOG_ROWS_PER_FRONT", 0)
    try:
        counts = compare_months(fast, slow, 3, monkeypatch)
        assert front_turn.LOG_ROWS_PER_FRONT == 0
    finally:
        rows.undo()
    assert counts["clashes"] > 0


def test_compiled_months_without_base_sharing(load_regime, monkeypatch):
    """Without sharing a cell's base the fronts pile up: more fronts per cell, more ties."""
    params = Params.from_overrides({"armed.base_sharing": 0.0})
    fast, slow = (
        ColombiaModel(params, load_regime("certified"), rng=4, resolution="0.25") for _ in "ab"
    )
    assert compare_months(fast, slow, 7, monkeypatch)["compiled"] == 7


def test_small_world(make_model, monkeypatch):
    """The tests' small synthetic world (its own fronts' sizes and windows)."""
    fast, slow = make_model(seed=2), make_model(seed=2)
    assert compare_months(fast, slow, 8, monkeypatch)["compiled"] == 8


def test_war_months_chase_and_kill_more(load_regime, monkeypatch):
    """The wars of 2025 (months 1-4): fronts chase enemies and die in war clashes."""
    fast, slow = (
        ColombiaModel(Params(), load_regime("certified"), rng=5, resolution="0.25") for _ in "ab"
    )
    war_dead = 0.0
    for _ in range(4):
        assert compare_months(fast, slow, 1, monkeypatch)["compiled"] == 1
        assert fast.wars.active
        war_dead += fast.events.get("war_combat_deaths")
    assert war_dead > 0


def test_tied_cells_are_drawn_from_model_random(load_regime):
    """Fronts whose windows are worth nothing tie over every cell: ``model.random`` picks.

    The default model's scores rarely tie, so the two turns run on the state of a war-free
    month with the groups' values zeroed (all of them, then every other column).
    """
    fast, slow = (
        ColombiaModel(Params(), load_regime("certified"), rng=11, resolution="0.25") for _ in "ab"
    )
    for model in (fast, slow):
        model.run(5)
        assert not model.wars.active  # the wars are tested above
    ties = []
    draw = slow.random.randrange

    def tie(n):
        ties.append(n)
        return draw(n)

    slow.random.randrange = tie
    for zeroed in (slice(None), slice(None, None, 2)):
        for model in (fast, slow):
            model.rents.group_value[:, :, zeroed] = 0.0
        front_turn.fronts_turn(fast)
        front_turn.python_turn(slow)
        assert turn_state(fast) == turn_state(slow)
    assert len(ties) > 100
    assert len(set(ties)) > 5


def test_sums_set_after_adding_in_order_are_the_events_added_one_by_one():
    """``MonthEvents.set_sums``, how the compiled turn books: sums made from ``get``/``layer``."""
    source = np.random.default_rng(0)
    direct, summed = MonthEvents((4, 3)), MonthEvents((4, 3))
    for events in (direct, summed):  # an earlier turn counted some
        events.add("extortion_usd", 0.1, at=(1, 1))
    total, layer = summed.get("extortion_usd"), summed.layer("extortion_usd").copy()
    fresh, fresh_layer = summed.get("kidnappings"), summed.layer("kidnappings").copy()
    for _ in range(100):
        at = (int(source.integers(0, 4)), int(source.integers(0, 3)))
        amount = float(source.random() * 1e4 / 3)
        direct.add("extortion_usd", amount, at=at)
        total += amount
        layer[at] += amount
        direct.add("kidnappings", 2, at=at)
        fresh += 2
        fresh_layer[at] += 2
    kept = summed.layer("extortion_usd")
    summed.set_sums("extortion_usd", total, layer)
    summed.set_sums("kidnappings", fresh, fresh_layer)
    for name in ("extortion_usd", "kidnappings"):
        assert repr(summed.get(name)) == repr(direct.get(name))
        assert summed.layer(name).tobytes() == direct.layer(name).tobytes()
    assert summed.layer("extortion_usd") is kept  # written in place


def counted_turns(monkeypatch) -> dict[str, int]:
    """Count the months that take the Python turn and the compiled one (a dict it updates)."""
    calls = {"python": 0, "compiled": 0}

    def count(name, inner):
        def counted(*args):
            calls[name] += 1
            return inner(*args)

        return counted

    monkeypatch.setattr(front_turn, "python_turn", count("python", front_turn.python_turn))
    monkeypatch.setattr(front_turn, "_compiled_turn", count("compiled", front_turn._compiled_turn))
    return calls


def test_windows_too_large_for_the_compiled_sums_take_the_python_turn(make_model, monkeypatch):
    """``armed.move_range`` 6: a 13 x 13 pool window, beyond the compiled pairwise sums."""
    model = make_model(seed=1, overrides={"armed.move_range": 6})
    calls = counted_turns(monkeypatch)
    model.step()
    assert calls == {"python": 1, "compiled": 0}


@pytest.mark.parametrize("regime", ["certified", "full_cutoff", "history_2016_2025"])
def test_a_default_run_takes_the_compiled_turn_every_month(load_regime, monkeypatch, regime):
    """The default landscape's fronts never fall back to the Python turn (speed, issue 15).

    The fallback gives the same bytes, so the golden digests cannot see it: a layer made with
    an equal but not identical dtype (an array made inside numba) sent every month down the
    Python turn once, a run a third slower with every result unchanged.
    """
    model = ColombiaModel(Params(), load_regime(regime), rng=4, resolution="0.25")
    calls = counted_turns(monkeypatch)
    model.run(36)
    assert calls == {"python": 0, "compiled": 36}
