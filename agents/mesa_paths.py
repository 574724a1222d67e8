"""Faster paths through Mesa's own bookkeeping, each the same state as Mesa's path (issue 15).

Mesa 3.5 registers an agent in ``Agent.__init__``: ``model.register_agent`` adds it to the
model's agent set and to its kind's, gives it the next ``unique_id``, logs a debug line and
emits the model's ``agents`` / ``AGENT_ADDED`` signal (a wrapper that looks for subscribers).
About 7.5 us an agent, most of it the wrapper, the logging call and the method calls; the people
process creates some 3,500 displaced households a run (``agents/migrant.py``).

:func:`new_agents` creates many agents of one kind at once and leaves them exactly as
``Agent.__init__`` followed by nothing else would: the same attributes in the same order
(``model``, ``unique_id``, ``pos``), the same ``unique_id`` sequence, the same order in
``model.agents`` and ``model.agents_by_type``. It takes Mesa's own path, agent by agent, whenever
that path would do anything more: someone subscribed to the signal or a batch of signals is
open, Mesa's logger writes debug lines, the kind is tracked by a data registry, the kind has
no agent set yet, or the model or its sets are not Mesa's own classes.
:func:`deregister_agents` takes many agents of one kind out of Mesa's sets as ``Agent.remove``
does (Mesa's ``deregister_agent`` also emits ``AGENT_REMOVED`` and logs), on the same
conditions.

:func:`move_agents` moves many agents between the cells of a grid as Mesa's move (``HasCell.cell``'s
setter, :data:`mesa_move`) would one after another: each cell's list of agents in the same
order, each agent's cell, and the grid's ``empty`` layer. Mesa writes that layer at every add
and every removal (``Cell.add_agent`` / ``remove_agent`` through the property accessor Mesa
puts on the grid's cell class, about a third of a move's cost); each write is the cell's
emptiness at that moment, so a cell's last write is its emptiness once all moves are done:
:func:`move_agents` writes that once per touched cell, into the same array (the layer's
``data``, which Mesa's accessor holds: the layer's ``data`` setter copies in place). It takes
Mesa's path, agent by agent, when the grid's cells are not Mesa's (their ``add_agent`` or
``remove_agent`` overridden, a capacity set, another ``empty`` accessor) or the grid's lookup
of a cell is not Mesa's. ``tests/test_mesa_paths.py`` compares both paths.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa import model as mesa_model
from mesa.agentset import _HardKeyAgentSet
from mesa.discrete_space import Cell
from mesa.discrete_space.cell_agent import HasCell
from mesa.discrete_space.discrete_space import DiscreteSpace
from mesa.discrete_space.property_layer import create_property_accessors
from mesa.experimental.mesa_signals.signal_types import ModelSignals

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from collections.abc import Sequence

    from mesa import Model
    from mesa.discrete_space.cell_agent import CellAgent

#: the keys of the signals ``Model.register_agent`` and ``Model.deregister_agent`` emit
_ADDED = ("agents", ModelSignals.AGENT_ADDED)
_REMOVED = ("agents", ModelSignals.AGENT_REMOVED)
#: Mesa's own registration and removal (a class that overrides one takes its own path)
_REGISTER = mesa_model.Model.register_agent
_DEREGISTER = mesa_model.Model.deregister_agent
_REMOVE = Agent.remove
#: Mesa's own move of one agent (``HasCell.cell``'s setter, without a subclass's bookkeeping)
mesa_move = HasCell.cell.fset
#: the code of the accessors Mesa puts on a grid's cell class for each property layer
_LAYER_SETTER = create_property_accessors(np.zeros(1, dtype=bool)).fset.__code__


def _mesa_path_only(model: Model, kind: type[Agent], signal: tuple[str, object]) -> bool:
    """Whether Mesa's (de)registration would do more than write its sets and counter."""
    by_type = model._agents_by_type.get(kind)
    return (
        type(model).register_agent is not _REGISTER
        or type(model).deregister_agent is not _DEREGISTER
        or type(model._all_agents) is not _HardKeyAgentSet
        or type(by_type) is not _HardKeyAgentSet
        or model._batch_context is not None
        or signal in model.subscribers
        or bool(kind._datasets)
        or mesa_model._mesa_logger.isEnabledFor(logging.DEBUG)
    )


def new_agents[A: Agent](model: Model, kind: type[A], count: int) -> list[A]:
    """``count`` new agents of ``kind``, registered with ``model`` as ``Agent.__init__`` does.

    The caller then sets each agent's own attributes (what ``kind.__init__`` sets after
    ``super().__init__(model)``); ``kind.__init__`` itself is not called.
    """
    agents = [kind.__new__(kind) for _ in range(count)]
    if count == 0:
        return agents
    if _mesa_path_only(model, kind, _ADDED):
        for agent in agents:
            Agent.__init__(agent, model)
        return agents
    everyone = model._all_agents._agents
    of_kind = model._agents_by_type[kind]._agents
    uid = model.agent_id_counter
    for agent in agents:
        # Agent.__init__'s attributes in its order (its None for unique_id is overwritten at
        # once by register_agent), then register_agent's writes in its order
        agent.model = model
        agent.unique_id = uid
        agent.pos = None
        everyone[agent] = None
        of_kind[agent] = None
        uid += 1
    model.agent_id_counter = uid
    return agents


def deregister_agents[A: Agent](model: Model, kind: type[A], agents: list[A]) -> None:
    """Take ``agents`` (of ``kind``, of ``model``) out of Mesa's sets, as ``Agent.remove`` does.

    The caller does what ``kind.remove`` does before ``super().remove()`` (freeing a row);
    ``kind`` must not override ``Agent.remove`` otherwise. An agent not registered is left
    alone (Mesa suppresses that ``KeyError``).
    """
    if _mesa_path_only(model, kind, _REMOVED):
        for agent in agents:
            _REMOVE(agent)
        return
    everyone = model._all_agents._agents
    of_kind = model._agents_by_type[kind]._agents
    for agent in agents:
        if agent in of_kind:  # deregister_agent's order: the kind's set, then the model's
            del of_kind[agent]
            everyone.pop(agent, None)


def _moves_mesa_path_only(grid: DiscreteSpace) -> bool:
    """Whether a move on ``grid`` might do more than Mesa's lists, cell and ``empty`` layer."""
    klass = grid.cell_klass
    empty = klass.__dict__.get("empty")  # the accessor of the grid's "empty" layer
    return (
        type(grid).__getitem__ is not DiscreteSpace.__getitem__
        or klass.add_agent is not Cell.add_agent
        or klass.remove_agent is not Cell.remove_agent
        or grid.capacity is not None
        or not isinstance(empty, property)
        or getattr(empty.fset, "__code__", None) is not _LAYER_SETTER
        or "empty" not in grid._mesa_property_layers
    )


def move_agents(
    grid: DiscreteSpace, agents: Sequence[CellAgent], xs: Sequence[int], ys: Sequence[int]
) -> None:
    """Move ``agents[k]`` to the cell ``(xs[k], ys[k])`` of ``grid``, for each ``k`` in order.

    The same state as ``mesa_move(agents[k], grid[xs[k], ys[k]])`` one after another (module
    docstring); an agent may move more than once. A subclass's own ``cell`` setter is not
    called: the caller keeps its own books (the rosters).
    """
    if _moves_mesa_path_only(grid):
        for agent, x, y in zip(agents, xs, ys, strict=True):
            mesa_move(agent, grid[x, y])
        return
    cells = grid._cells  # what grid[x, y] reads (DiscreteSpace.__getitem__)
    touched: list[Cell] = []
    for agent, x, y in zip(agents, xs, ys, strict=True):
        cell = cells[x, y]
        old = agent._mesa_cell
        if cell is old:  # Mesa's no-op
            continue
        # HasCell.cell's setter: add to the new cell first, then leave the old one
        cell._agents.append(agent)
        touched.append(cell)
        if old is not None:
            old._agents.remove(agent)
            touched.append(old)
        agent._mesa_cell = cell
    # each touched cell's last write to the layer: its emptiness now (one item at a time:
    # converting the coordinates to index arrays costs more than these writes)
    layer = grid._mesa_property_layers["empty"].data
    for cell in touched:
        layer[cell.coordinate] = not cell._agents
