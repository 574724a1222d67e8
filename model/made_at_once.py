"""The set-up's agents made many at once, as their constructors make them one by one (issue 15).

Mesa registers an agent in ``Agent.__init__`` (``model.register_agent``: its sets, the next
id, a debug line formatted and a signal wrapper), about 5-7 us an agent; the set-up makes some
1,400 (181 fronts, 120 security units, 1,098 growers at 0.25 degree). Here each kind's agents
of one call are registered at once (``agents/mesa_paths.py``: ``new_agents``, the same ids, the
same order in Mesa's sets), then each gets what its constructor gives it after Mesa's
registration, in order (``ArmedUnit.form``, ``SecurityUnit.station``; the growers all
together, ``CocaGrower.take_rows``, as ``CocaGrower.take_row`` each). The ``*_one_by_one``
forms keep the constructors; ``tests/test_placement.py`` compares both (every agent's
attributes in order, Mesa's sets, the cells' agents, the rosters, both random streams).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mesa import Agent

from agents.armed import ArmedGroup
from agents.front import ArmedUnit
from agents.grower import CocaGrower, GrowerRows
from agents.mesa_paths import new_agents
from agents.security import SecurityUnit

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


def _registered[A: Agent](
    model: ColombiaModel, kind: type[A], count: int, first: Callable[[], A]
) -> tuple[list[A], int]:
    """``count`` agents of ``kind`` registered as their constructors would, in order.

    ``first()`` builds the first by its constructor if Mesa has no set of the kind yet (it
    opens it); the others are registered at once (``agents/mesa_paths.py``: ``new_agents``,
    the same ids, order and sets) and the caller gives each what its constructor gives it after
    Mesa's registration, in order, from the second returned value on (1 if ``first`` was
    called, else 0).
    """
    if count <= 0:
        return [], 0
    if kind not in model.agents_by_type:
        return [first(), *new_agents(model, kind, count - 1)], 1
    return new_agents(model, kind, count), 0


def fronts_at_once(
    model: ColombiaModel, group: ArmedGroup, cells: list, sizes: list[int]
) -> list[ArmedUnit]:
    """Fronts of ``group`` of ``sizes[k]`` fighters on ``cells[k]``, as the constructors in turn."""
    made, built = _registered(
        model, ArmedUnit, len(cells), lambda: ArmedUnit(model, group, cells[0], sizes[0])
    )
    for front, cell, size in zip(made[built:], cells[built:], sizes[built:], strict=True):
        front.form(group, cell, size)
    return made


def fronts_one_by_one(
    model: ColombiaModel, group: ArmedGroup, cells: list, sizes: list[int]
) -> list[ArmedUnit]:
    """:func:`fronts_at_once` as one constructor per front (the reference)."""
    return [ArmedUnit(model, group, cell, size) for cell, size in zip(cells, sizes, strict=True)]


def units_at_once(model: ColombiaModel, cells: list, vetted: bool) -> list[SecurityUnit]:
    """Units (``vetted`` or not) based on ``cells``, as the constructors in turn."""
    made, built = _registered(
        model, SecurityUnit, len(cells), lambda: SecurityUnit(model, cells[0], vetted)
    )
    for unit, cell in zip(made[built:], cells[built:], strict=True):
        unit.station(cell, vetted)
    return made


def units_one_by_one(model: ColombiaModel, cells: list, vetted: bool) -> list[SecurityUnit]:
    """:func:`units_at_once` as one constructor per unit (the reference)."""
    return [SecurityUnit(model, cell, vetted) for cell in cells]


def growers_at_once(model: ColombiaModel, rows: GrowerRows) -> list[CocaGrower]:
    """Growers of ``rows``, each on its row's cell, as the constructors in turn.

    After the registration the growers take their rows and cells together
    (``CocaGrower.take_rows``: about 2 us a grower less than ``take_row`` each, issue 15).
    """
    made, built = _registered(
        model, CocaGrower, len(rows), lambda: CocaGrower(model, _cells(model, rows, 1)[0], rows, 0)
    )
    CocaGrower.take_rows(made[built:], model.grid, rows, built)
    return made


def growers_one_by_one(model: ColombiaModel, rows: GrowerRows) -> list[CocaGrower]:
    """:func:`growers_at_once` as one constructor per grower (the reference)."""
    return [CocaGrower(model, cell, rows, i) for i, cell in enumerate(_cells(model, rows))]


def _cells(model: ColombiaModel, rows: GrowerRows, count: int | None = None) -> list:
    """The grid's cell of each row of ``rows`` (of the first ``count`` rows if given)."""
    xs, ys = rows.x[:count].tolist(), rows.y[:count].tolist()
    return [model.grid[c] for c in zip(xs, ys, strict=True)]
