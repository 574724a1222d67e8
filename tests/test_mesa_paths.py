"""``agents/mesa_paths.py`` leaves Mesa's bookkeeping as Mesa's own path does (issue 15)."""

from __future__ import annotations

import logging

import numpy as np
from mesa import Agent, Model
from mesa import model as mesa_model
from mesa.discrete_space import CellAgent, OrthogonalMooreGrid
from mesa.experimental.mesa_signals.signal_types import ModelSignals

from agents.mesa_paths import (
    _moves_mesa_path_only,
    deregister_agents,
    mesa_move,
    move_agents,
    new_agents,
)
from agents.migrant import Households, Migrant


class Other(Agent):
    """Another kind, created between the batches."""


class Plain(Agent):
    """A kind with one attribute of its own, set after ``Agent.__init__``."""

    def __init__(self, model: Model, tag: int) -> None:
        super().__init__(model)
        self.tag = tag


def _state(model: Model) -> tuple:
    """Everything registration writes: ids, order of every set, the counter, each agent's dict."""
    return (
        model.agent_id_counter,
        [(type(a).__name__, a.unique_id, list(vars(a).items())) for a in model.agents],
        {kind.__name__: [a.unique_id for a in s] for kind, s in model.agents_by_type.items()},
    )


def _build(fast: bool, batches: list[int]) -> Model:
    model = Model(rng=3)
    tag = 0
    for n in batches:
        Other(model)
        if fast:
            for agent in new_agents(model, Plain, n):
                agent.tag = tag
                tag += 1
        else:
            for _ in range(n):
                Plain(model, tag)
                tag += 1
    return model


def _clean(state: tuple) -> tuple:
    """The state with each agent's ``model`` replaced by a marker (two models differ by id)."""
    counter, agents, kinds = state
    cleaned = [
        (name, uid, [(k, "model" if k == "model" else v) for k, v in items])
        for name, uid, items in agents
    ]
    return counter, cleaned, kinds


def test_new_agents_as_agent_init():
    batches = [1, 5, 0, 7, 3]  # the first creates the kind's set through Mesa's path
    assert _clean(_state(_build(True, batches))) == _clean(_state(_build(False, batches)))


def test_new_agents_after_removals():
    models = []
    for fast in (True, False):
        model = _build(fast, [4, 4])
        for agent in list(model.agents_by_type[Plain])[1:6:2]:
            agent.remove()
        if fast:
            for agent in new_agents(model, Plain, 3):
                agent.tag = -1
        else:
            for _ in range(3):
                Plain(model, -1)
        models.append(_clean(_state(model)))
    assert models[0] == models[1]


def _observed(signal) -> tuple[Model, list[int]]:
    """A model with four ``Plain`` agents and a handler noting the ids ``signal`` reports."""
    seen: list[int] = []
    model = _build(True, [4])
    model._handler = lambda message: seen.append(message.additional_kwargs["args"][0].unique_id)
    model.observe("agents", signal, model._handler)
    return model, seen


def test_new_agents_emit_signals_when_observed():
    model, seen = _observed(ModelSignals.AGENT_ADDED)
    made = new_agents(model, Plain, 3)
    assert seen == [a.unique_id for a in made]


def test_new_agents_log_when_debugging(caplog):
    model = _build(True, [2])
    with caplog.at_level(logging.DEBUG, logger=mesa_model._mesa_logger.name):
        made = new_agents(model, Plain, 2)
    assert [f"registered Plain with agent_id {a.unique_id}" for a in made] == [
        r.getMessage() for r in caplog.records if "registered" in r.getMessage()
    ]


class _Model(Model):
    """A model holding displaced households' rows, as ``model.migration`` does."""

    def __init__(self) -> None:
        super().__init__(rng=5)
        self.migration = type("M", (), {})()
        self.migration.households = Households(capacity=4)


def test_households_add_as_migrant_init():
    rows = {
        name: np.arange(6, dtype=np.int64) + k
        for k, name in enumerate(("x", "y", "origin_x", "origin_y", "people", "since"))
    }
    fast = _Model()
    fast.migration.households.add(fast, rows)
    fast.migration.households.remove(np.array([1, 4]))
    fast.migration.households.add(fast, rows)
    slow = _Model()
    slow_rows = slow.migration.households
    for slot in range(6):  # the slots add() picks: the first free ones, in order
        slow_rows._grow(slot + 1)
        slow_rows.alive[slot] = True
        slow_rows.agents[slot] = Migrant(slow, slot)
    for slot in (1, 4):  # Migrant.remove one by one: the row freed, then Agent.remove
        slow_rows.agents[slot].remove()
    for slot in [1, 4, 6, 7, 8, 9]:
        slow_rows._grow(slot + 1)
        slow_rows.alive[slot] = True
        slow_rows.agents[slot] = Migrant(slow, slot)
    assert _clean(_state(fast)) == _clean(_state(slow))
    assert [a.slot for a in fast.migration.households.agents if a is not None] == [
        a.slot for a in slow_rows.agents if a is not None
    ]


def _removed(fast: bool, picks: slice) -> Model:
    model = _build(True, [3, 6])
    leaving = list(model.agents_by_type[Plain])[picks]
    if fast:
        deregister_agents(model, Plain, leaving)
    else:
        for agent in leaving:
            agent.remove()
    return model


def test_deregister_agents_as_agent_remove():
    for picks in (slice(0, 9, 2), slice(3, 4), slice(0, 0)):
        assert _clean(_state(_removed(True, picks))) == _clean(_state(_removed(False, picks)))
    model = _removed(True, slice(0, 2))
    strangers = list(_build(True, [3]).agents_by_type[Plain])  # registered in another model
    deregister_agents(model, Plain, strangers)
    assert _clean(_state(model)) == _clean(_state(_removed(False, slice(0, 2))))


def test_deregister_agents_emit_signals_when_observed():
    model, seen = _observed(ModelSignals.AGENT_REMOVED)
    leaving = list(model.agents_by_type[Plain])[1:3]
    deregister_agents(model, Plain, leaving)
    assert seen == [a.unique_id for a in leaving]
    assert not set(leaving) & set(model.agents)


def _grid_moves(fast: bool, capacity: int | None = None) -> tuple:
    """Agents on a small grid moved by a random sequence (repeats, no-ops), then its state."""
    model = Model(rng=7)
    grid = OrthogonalMooreGrid((5, 4), capacity=capacity, random=model.random)
    walkers = [CellAgent(model) for _ in range(12)]
    draw = np.random.default_rng(11)
    for agent in walkers:  # a few cells hold several agents, many none
        x, y = draw.integers(0, 3, size=2).tolist()
        mesa_move(agent, grid[x, y])
    assert _moves_mesa_path_only(grid) is (capacity is not None)
    for _ in range(6):
        k = draw.integers(0, len(walkers), size=9)  # some agents move twice, others not at all
        xs, ys = draw.integers(0, 5, size=9), draw.integers(0, 4, size=9)
        xs[0], ys[0] = walkers[k[0]].cell.coordinate  # a move to the cell it stands on
        movers = [walkers[j] for j in k.tolist()]
        if fast:
            move_agents(grid, movers, xs.tolist(), ys.tolist())
        else:
            for agent, x, y in zip(movers, xs.tolist(), ys.tolist(), strict=True):
                mesa_move(agent, grid[x, y])
    return (
        {c.coordinate: [a.unique_id for a in c.agents] for c in grid.all_cells},
        [a.cell.coordinate for a in walkers],
        grid.empty.data.tolist(),
        [c.empty for c in grid.all_cells],
    )


def test_move_agents_as_mesa_moves():
    fast, slow = _grid_moves(True), _grid_moves(False)
    assert fast == slow
    assert fast[2] == [[not fast[0][x, y] for y in range(4)] for x in range(5)]
    assert _grid_moves(True, capacity=20) == _grid_moves(False, capacity=20)
