"""The FARC ex-combatants who rearm: a pool only the FARC dissidents recruit from (ODD 7.18).

The FARC dissidents grew six-fold after the 2016 accord (``farc_dissidents_members``: 1,200
in March 2018, 2,300 in May 2019, 7,920 in June 2025) while the other groups grew by half: they
drew on what no other group could, the FARC's own ex-combatants (13,394 accredited under the
accord, ARN; 6,804 handed in weapons in 2017), their commanders' old comrades, who knew the
trade and the terrain. The recruitment pool of ``model/recruitment.py`` holds the young people
of a territory; this is a second, national stock, with its own rule:

* **At set-up** the pool is ``rearming.demobilised * exp(-reach_decay * m)``, ``m`` the months
  from ``rearming.accord_month`` to the start month (ex-combatants drift out of reach: settled
  lives, deaths, moves), less the FARC dissident groups' members at the start (counted as drawn
  from it: an upper bound, as some of them are new recruits); never below 0.
* **Each month** (after fronts act, process 4) the pool loses ``reach_decay`` of itself, then
  each FARC dissident group (:data:`DISSIDENT_GROUPS`) draws ``Poisson(rate * members * pool /
  demobilised)`` ex-combatants (mass action: fewer are left to find as the pool empties), paid
  as recruits from its treasury (``ArmedGroup.pay_recruits``), at most what the pool holds.
  They are counted as ``rearmed`` (not as ``recruits``: they are not taken from the cells'
  residents). They rearm where they live: one of the group's home departments is drawn
  (``model.founding.FrontFounding``); where the group has no front there they found one of
  their own (counted as ``fronts_founded``: the dissidents spread as they grew), where it has
  they join its fronts there in proportion to their fighters (multinomial). Only a group with
  no home departments spreads them over all its fronts.
* **Calls to arms** (``model/data/rearming_calls.csv``, the columns of ``ceasefires.csv``):
  while a share ``s`` of a group's leaders call their former comrades back to arms, the group
  draws ``Poisson(s * call_rate * pool)`` more ex-combatants a month, whatever its size. The
  mass-action draw above grows with a group's members; a new group founded by the accord's
  own negotiators did not: the Segunda Marquetalia, announced by Ivan Marquez on 29 August
  2019, recruited about 800 guerrillas in its first ten months (Telam / Europa Press, May
  2020), as many as the model's dissidents rearmed in a year. Like the ceasefires, a call is a
  dated decision read from a table, not an outcome the model computes; future months have
  none unless the table has them.

Once the pool is drawn the dissidents grow like every other group; a run started in 2025 finds
it nearly empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from agents import fpmath
from model.ceasefires import CeasefireError, largest_share, read_ceasefires
from model.events import MonthEvents
from model.observed import ordinal
from model.params import Params

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.armed import ArmedGroup

FOUNDED = "founded"
"""The rearmed founded a front of their own (a :data:`Founder`'s answer)."""

JOINED = "joined"
"""The rearmed joined their group's fronts where they rearmed (a :data:`Founder`'s answer)."""

Founder = Callable[["ArmedGroup", int, np.random.Generator], str | None]
"""Places a group's rearmed ex-combatants where they rearm (``FrontFounding.found``):
:data:`FOUNDED`, :data:`JOINED`, or None (the caller spreads them over all its fronts)."""

DISSIDENT_GROUPS: tuple[str, ...] = ("emc", "sm")
"""The groups of FARC lineage (``model/groups.py``): the EMC and the Segunda Marquetalia."""

CALLS_FILE = Path(__file__).resolve().parent / "data" / "rearming_calls.csv"
"""The documented calls to arms of the ex-combatants (one row per group and period)."""


def initial_pool(params: Params, dissident_members: int) -> float:
    """Ex-combatants within the dissidents' reach at the start month (module docstring)."""
    r = params.rearming
    months = max(0, ordinal(params.simulation.start_month) - ordinal(r.accord_month))
    return max(0.0, r.demobilised * float(fpmath.exp(-r.reach_decay * months)) - dissident_members)


class Rearming:
    """The ex-combatants' pool (persons) and the monthly draw of the FARC dissidents."""

    def __init__(
        self, params: Params, groups: Iterable[ArmedGroup], calls: Path = CALLS_FILE
    ) -> None:
        """The pool at set-up, after the groups' fronts are placed; no call until :meth:`enter`.

        Args:
            params: Parameters (``rearming``, ``simulation.start_month``).
            groups: All the modelled groups, in actor order (only the dissidents draw).
            calls: The calls to arms (the columns of ``model/data/ceasefires.csv``).

        Raises:
            CeasefireError: a malformed calls table (naming the file, line and field), or a
                call by a group that is not a FARC dissident group.
        """
        groups = list(groups)
        self.params = params.rearming
        self.groups = [g for g in groups if g.key in DISSIDENT_GROUPS]
        #: ex-combatants still within the dissidents' reach (persons)
        self.pool = initial_pool(params, sum(g.members for g in self.groups))
        self.start = ordinal(params.simulation.start_month)
        keys = tuple(g.key for g in groups)
        self.calls = read_ceasefires(keys, calls, kind="rearming calls")
        for call in self.calls:
            if call.group not in DISSIDENT_GROUPS:
                raise CeasefireError(
                    f"{calls}: group '{call.group}' cannot call ex-combatants to arms; "
                    f"allowed: {', '.join(k for k in keys if k in DISSIDENT_GROUPS)}"
                )
        self._index = {g.key: g.index for g in groups}
        #: share of each actor's leaders calling ex-combatants this month (index 0 unused)
        self.calling = np.zeros(1 + max((g.index for g in groups), default=0))
        self.enter(0)

    def enter(self, step: int) -> None:
        """Take up the month ``step`` (0 = the start month): who calls ex-combatants to arms."""
        month = self.start + step
        self.calling = largest_share(
            self.calls, self._index, len(self.calling), lambda c: c.first <= month <= c.last
        )

    def step(
        self,
        rng: np.random.Generator,
        events: MonthEvents,
        restraint: np.ndarray | None = None,
        found: Founder | None = None,
    ) -> None:
        """One month: the pool drifts out of reach, the dissident groups draw from it.

        Args:
            rng: The model's generator.
            events: The month's counters.
            restraint: Share of its usual recruitment each actor makes (``Talks.recruitment``,
                by actor index; None: all 1).
            found: Called with a group, its rearmed and ``rng``: :data:`FOUNDED` when they
                founded a front of their own, :data:`JOINED` when they joined the group's
                fronts where they rearmed, None when the caller is to spread them over all its
                fronts (``model.founding.FrontFounding.found``); None: always spread.
        """
        p = self.params
        self.pool *= 1.0 - p.reach_decay
        if self.pool < 1.0 or p.demobilised <= 0:
            return
        for group in self.groups:
            if not any(f.fighters > 0 for f in group.fronts):
                continue  # a group without fronts has nowhere to take them in
            members = group.members
            mean = p.rate * members * self.pool / p.demobilised
            mean += self.calling[group.index] * p.call_rate * self.pool
            if restraint is not None:
                mean *= restraint[group.index]
            if mean <= 0:
                continue
            wanted = min(int(rng.poisson(mean)), int(self.pool))
            rearmed = group.pay_recruits(wanted) if wanted else 0
            if not rearmed:
                continue
            self.pool -= rearmed
            events.add("rearmed", rearmed)
            placed = found(group, rearmed, rng) if found is not None else None
            if placed == FOUNDED:
                events.add("fronts_founded", 1)
            if placed is not None:
                continue
            fronts = [f for f in group.fronts if f.fighters > 0]
            weights = np.array([f.fighters for f in fronts], dtype=float)
            shares = rng.multinomial(rearmed, weights / weights.sum())
            for front, n in zip(fronts, shares, strict=True):
                front.fighters += int(n)
