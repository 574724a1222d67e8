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
conditions. ``tests/test_mesa_paths.py`` compares both paths.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mesa import Agent
from mesa import model as mesa_model
from mesa.agentset import _HardKeyAgentSet
from mesa.experimental.mesa_signals.signal_types import ModelSignals

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from mesa import Model

#: the keys of the signals ``Model.register_agent`` and ``Model.deregister_agent`` emit
_ADDED = ("agents", ModelSignals.AGENT_ADDED)
_REMOVED = ("agents", ModelSignals.AGENT_REMOVED)
#: Mesa's own registration and removal (a class that overrides one takes its own path)
_REGISTER = mesa_model.Model.register_agent
_DEREGISTER = mesa_model.Model.deregister_agent
_REMOVE = Agent.remove


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
