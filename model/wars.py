"""Wars between armed groups: dated periods when two groups fought for a region (ODD 7.21; C3).

The model's rivals clash when their fronts happen to share a cell (``model/combat.py``): a
steady level of 180-300 deaths a year, with no trend. The record has escalations that level
cannot produce: the ELN's war on the FARC dissidents in Arauca from January 2022 (IDMC's new
conflict displacements rose from 106,000 in 2020 to about 339,000 in 2022) and in Catatumbo
from January 2025 (the Defensoría's mass displacement of January-November 2025, 101,500,
against 25,600 in 2024). Such a war is a decision of the groups' commands (ending a
non-aggression pact, an offensive for a corridor), not an outcome of the fighting the model
computes, so, like the ceasefires and the offensives against the state, the model reads
them from a table, ``model/data/group_wars.csv``: the two groups, the departments fought
over, the first and last month (inclusive), and the sources read for each row.

While a war is on, in its departments:

* **the two groups' fronts seek each other out** (:meth:`GroupWars.pursuit`): a front of one
  side standing in a war department moves to the cell of the nearest front of the other side
  it can reach this month (within ``armed.move_range`` of its cell and ``armed.front_roam`` of
  its base, in a war department), instead of the cell its rents and safety would choose; with
  no enemy front in reach it moves as usual;
* **their clashes are deadlier** (:meth:`GroupWars.lethality_factor`): losses per side are
  drawn with ``armed.war_lethality`` times ``armed.rival_lethality`` (``model/combat.py``).

Nothing else changes: the displacement, confinement and control changes that follow come out
of the existing channels of the people process (``model/displacement.py``: the violence
channel counts the combat deaths, contested cells under armed rule feed threats and
confinement, a cell that changes hands feeds ``control_change``). Wars between factions of
one modelled group (the EMC's split of 2024 in Guaviare) cannot be entered: the model has one
EMC. A pair allied in ``model/relations.py`` cannot be at war (an input error). Future months
have no war unless the table has one; with the table empty the model is the one without wars.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from model.calendar import MONTH_PATTERN
from model.datafile import parsed_once, read_rows
from model.errors import DecertsimInputError
from model.geo import Landscape
from model.geo.sources import department_names
from model.groups import GROUP_KEYS
from model.observed import ordinal
from model.params import Params
from model.relations import fight

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.armed import ArmedGroup
    from agents.front import ArmedUnit

#: the wars between armed groups (one row per pair, departments and period)
WARS_FILE = Path(__file__).resolve().parent / "data" / "group_wars.csv"
COLUMNS = (
    "group_a",
    "group_b",
    "departments",
    "first_month",
    "last_month",
    "source",
    "url",
    "status",
)
#: statuses a row may have (a recalled war is never an input)
STATUSES = ("verified", "derived")


class WarsDataError(DecertsimInputError, ValueError):
    """The wars file is malformed (a bad input: exit 2, no traceback)."""


@dataclass(frozen=True)
class War:
    """One documented war: two groups, the departments fought over, months inclusive."""

    group_a: str
    group_b: str
    departments: tuple[str, ...]
    first_month: str
    last_month: str


def known_departments() -> tuple[str, ...]:
    """The names a row may give: every department of ``departments.csv`` on the grid."""
    return department_names()


def read_wars(
    path: Path = WARS_FILE,
    groups: tuple[str, ...] = GROUP_KEYS,
    departments: Iterable[str] | None = None,
) -> tuple[War, ...]:
    """Read the wars, checking groups, departments, months and statuses.

    Parsed once per process and content of the file (:func:`model.datafile.parsed_once`;
    the wars are frozen).

    Args:
        path: The wars file.
        groups: The group keys a row may name.
        departments: The department names a row may give (``;``-separated in the file);
            default :func:`known_departments`.

    Raises:
        WarsDataError: naming the file, the line, the column and the allowed values.
    """
    allowed = tuple(departments) if departments is not None else known_departments()
    return _wars(path, tuple(groups), allowed)


@parsed_once
def _wars(path: Path, groups: tuple[str, ...], allowed: tuple[str, ...]) -> tuple[War, ...]:
    """:func:`read_wars`, parsed (the reader :func:`model.datafile.parsed_once` keeps)."""
    wars: list[War] = []
    for line, row in read_rows(path, COLUMNS, WarsDataError, "group wars"):
        where = f"{path}, line {line}"
        for column in ("group_a", "group_b"):
            if row[column] not in groups:
                raise WarsDataError(
                    f"{where}: {column} is {row[column]!r}; allowed: {', '.join(groups)}"
                )
        if row["group_a"] == row["group_b"]:
            raise WarsDataError(
                f"{where}: group_a and group_b are both {row['group_a']!r}; a war needs two "
                "groups (factions of one modelled group cannot be entered)"
            )
        names = tuple(n.strip() for n in row["departments"].split(";") if n.strip())
        if not names:
            raise WarsDataError(f"{where}: departments is empty; give one or more, ';'-separated")
        for name in names:
            if name not in allowed:
                raise WarsDataError(
                    f"{where}: departments has {name!r}; allowed: {', '.join(allowed)}"
                )
        for column in ("first_month", "last_month"):
            if not re.match(MONTH_PATTERN, row[column]):
                raise WarsDataError(f"{where}: {column} is {row[column]!r}; allowed: YYYY-MM")
        if ordinal(row["last_month"]) < ordinal(row["first_month"]):
            raise WarsDataError(
                f"{where}: last_month {row['last_month']} is before first_month "
                f"{row['first_month']}"
            )
        if row["status"] not in STATUSES:
            raise WarsDataError(
                f"{where}: status is {row['status']!r}; allowed: {', '.join(STATUSES)} (a "
                "recalled war is never an input)"
            )
        if not row["source"]:
            raise WarsDataError(f"{where}: source is empty; every war cites what was read")
        first, last = row["first_month"], row["last_month"]
        wars.append(War(row["group_a"], row["group_b"], names, first, last))
    return tuple(wars)


def in_departments(layer: np.ndarray, chosen: list[list[int]]) -> list[np.ndarray]:
    """``[np.isin(layer, ids) for ids in chosen]``: each list's cells of an integer layer.

    By look-up tables over the layer's values (one ``[x, y]`` index made once for all lists):
    a quarter of ``np.isin``'s time for a war (issue 15); ``tests/test_wars.py`` compares them.
    """
    if layer.size == 0 or not chosen:
        return [np.isin(layer, ids) for ids in chosen]
    low, high = int(layer.min()), int(layer.max())
    index = layer.astype(np.intp) - low
    masks = []
    for ids in chosen:
        table = np.zeros(high - low + 1, dtype=np.bool_)
        table[[i - low for i in ids if low <= i <= high]] = True
        masks.append(table[index])
    return masks


@dataclass(frozen=True)
class _Front:
    """A war on in this month, as the rule reads it: actor indices and the war's cells."""

    a: int
    b: int
    cells: np.ndarray


class GroupWars:
    """This month's wars, and the two rules they bring (module docstring)."""

    def __init__(
        self,
        params: Params,
        landscape: Landscape,
        relations: nx.Graph,
        groups: Iterable[ArmedGroup],
        path: Path | None = None,
    ) -> None:
        """Read the table; no war is on until :meth:`enter` (so none at set-up).

        Args:
            params: Parameters (``armed.war_lethality``, ``armed.move_range``,
                ``armed.front_roam``, ``simulation.start_month``).
            landscape: The world (its ``department`` layer and names).
            relations: The groups' relations (``model/relations.py``).
            groups: Every armed group (actor index ``group.index``).
            path: The wars file (default :data:`WARS_FILE`).

        Raises:
            WarsDataError: a malformed table, or a war between allied groups.
        """
        path = path if path is not None else WARS_FILE
        self.start = ordinal(params.simulation.start_month)
        self.lethality = params.armed.war_lethality
        self.move_range = params.armed.move_range
        self.roam = params.armed.front_roam
        self.groups = {g.index: g for g in groups}
        keys = tuple(g.key for g in self.groups.values())
        index = {g.key: g.index for g in self.groups.values()}
        names = landscape.department_names
        allowed = dict.fromkeys((*known_departments(), *names))
        self.wars = read_wars(path, keys, allowed)
        for war in self.wars:
            if not fight(relations, war.group_a, war.group_b):
                raise WarsDataError(
                    f"{path}: {war.group_a} and {war.group_b} are allied in the model "
                    "(model/relations.py); a war between them cannot be entered"
                )
        # a department not on this landscape (a synthetic world) has no cells
        cells = in_departments(
            landscape.layers["department"],
            [[names.index(d) for d in w.departments if d in names] for w in self.wars],
        )
        self._periods = [
            (
                ordinal(w.first_month),
                ordinal(w.last_month),
                _Front(index[w.group_a], index[w.group_b], where),
            )
            for w, where in zip(self.wars, cells, strict=True)
        ]
        #: the wars on this month
        self.active: tuple[_Front, ...] = ()
        #: the actor indices of the groups at war this month (a shortcut for :meth:`pursuit`)
        self._sides: frozenset[int] = frozenset()

    def enter(self, step: int) -> None:
        """Take up the month ``step`` (0 = the start month): which wars are on."""
        month = self.start + step
        self.active = tuple(f for first, last, f in self._periods if first <= month <= last)
        self._sides = frozenset(side for f in self.active for side in (f.a, f.b))

    def arrays(self, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """This month's wars for compiled code: ``[war, 2]`` actor pairs, ``[war, x, y]`` cells."""
        active = self.active
        pairs = np.array([(w.a, w.b) for w in active], dtype=np.int64).reshape(len(active), 2)
        cells = np.zeros((len(active), *shape), dtype=np.bool_)
        for w, war in enumerate(active):
            cells[w] = war.cells
        return pairs, cells

    def at_war(self, a: int, b: int, cell: tuple[int, int]) -> bool:
        """Whether actors ``a`` and ``b`` are at war this month on ``cell``."""
        return any({a, b} == {f.a, f.b} and f.cells[cell] for f in self.active)

    def lethality_factor(self, a: int, b: int, cell: tuple[int, int]) -> float:
        """``armed.war_lethality`` if ``a`` and ``b`` are at war on ``cell`` this month, else 1."""
        return self.lethality if self.active and self.at_war(a, b, cell) else 1.0

    def pursuit(
        self,
        front: ArmedUnit,
        standing: Mapping[tuple[int, int], Iterable[ArmedUnit]] | None = None,
    ) -> tuple[int, int] | None:
        """The cell of the nearest enemy front ``front`` can reach this month, or None.

        An enemy is a front with fighters of a group at war with ``front``'s group in a war
        that covers ``front``'s cell; it can be reached if its cell is in that war's
        departments, within ``move_range`` (Chebyshev) of ``front``'s cell and within
        ``front_roam`` of ``front``'s base. Ties go to the enemy with the lowest id (no draw:
        the order of a set of fronts does not matter).

        Args:
            front: The front that moves.
            standing: The fronts standing on each cell now, if the caller keeps them (the
                fronts' turn does, ``FrontMonth.standing``): only the cells within reach are
                then looked at, instead of every front of the enemy group (issue 15). The
                same rule picks among them, so the answer is the same.
        """
        me = front.group.index
        if me not in self._sides:  # also when no war is on
            return None
        x, y = front.cell.coordinate
        bx, by = front.base
        best: tuple[int, int, tuple[int, int]] | None = None
        for war in self.active:
            if me not in (war.a, war.b) or not war.cells[x, y]:
                continue
            enemy = self.groups[war.b if me == war.a else war.a]
            candidates = enemy.fronts if standing is None else self._within(x, y, bx, by, standing)
            for other in candidates:
                if other.group is not enemy or other.fighters <= 0:
                    continue
                ox, oy = other.cell.coordinate
                near = max(abs(ox - x), abs(oy - y))
                home = max(abs(ox - bx), abs(oy - by))
                if near > self.move_range or home > self.roam or not war.cells[ox, oy]:
                    continue
                key = (near, other.unique_id, (ox, oy))
                if best is None or key < best:
                    best = key
        return best[2] if best is not None else None

    def _within(
        self,
        x: int,
        y: int,
        bx: int,
        by: int,
        standing: Mapping[tuple[int, int], Iterable[ArmedUnit]],
    ) -> list[ArmedUnit]:
        """The fronts standing within reach of ``(x, y)`` and of the base ``(bx, by)``.

        The cells within ``move_range`` of the one and ``front_roam`` of the other: a superset
        of the enemies :meth:`pursuit` may chase.
        """
        r, roam = self.move_range, self.roam
        found: list[ArmedUnit] = []
        for i in range(max(x - r, bx - roam), min(x + r, bx + roam) + 1):
            for j in range(max(y - r, by - roam), min(y + r, by + roam) + 1):
                here = standing.get((i, j))
                if here:
                    found += here
        return found
