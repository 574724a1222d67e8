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
  as recruits from its treasury (``ArmedGroup.pay_recruits``), at most what the pool holds, and
  spread over its fronts in proportion to their fighters (multinomial). They are counted as
  ``rearmed`` (not as ``recruits``: they are not taken from the cells' residents). Before
  that, the month's rearmed of a group may found a front of their own in one of its home
  departments where it has none (``model.placement.FrontFounding``; counted as
  ``fronts_founded``): the dissidents spread as they grew.

Once the pool is drawn the dissidents grow like every other group; a run started in 2025 finds
it nearly empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from model.events import MonthEvents
from model.observed import ordinal
from model.params import Params

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.armed import ArmedGroup

Founder = Callable[["ArmedGroup", int, np.random.Generator], bool]
"""Founds a front of a group's rearmed ex-combatants, or says no (``FrontFounding.found``)."""

DISSIDENT_GROUPS: tuple[str, ...] = ("emc", "sm")
"""The groups of FARC lineage (``model/groups.py``): the EMC and the Segunda Marquetalia."""


def initial_pool(params: Params, dissident_members: int) -> float:
    """Ex-combatants within the dissidents' reach at the start month (module docstring)."""
    r = params.rearming
    months = max(0, ordinal(params.simulation.start_month) - ordinal(r.accord_month))
    return max(0.0, r.demobilised * float(np.exp(-r.reach_decay * months)) - dissident_members)


class Rearming:
    """The ex-combatants' pool (persons) and the monthly draw of the FARC dissidents."""

    def __init__(self, params: Params, groups: Iterable[ArmedGroup]) -> None:
        """The pool at set-up, after the groups' fronts are placed."""
        self.params = params.rearming
        self.groups = [g for g in groups if g.key in DISSIDENT_GROUPS]
        #: ex-combatants still within the dissidents' reach (persons)
        self.pool = initial_pool(params, sum(g.members for g in self.groups))

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
            found: Called with a group, its rearmed and ``rng``; True when they founded a
                front of their own in a department where the group had none
                (``model.placement.FrontFounding.found``); None: they always join its fronts.
        """
        p = self.params
        self.pool *= 1.0 - p.reach_decay
        if self.pool < 1.0 or p.demobilised <= 0:
            return
        for group in self.groups:
            members = group.members
            mean = p.rate * members * self.pool / p.demobilised
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
            if found is not None and found(group, rearmed, rng):
                events.add("fronts_founded", 1)
                continue
            fronts = [f for f in group.fronts if f.fighters > 0]
            weights = np.array([f.fighters for f in fronts], dtype=float)
            shares = rng.multinomial(rearmed, weights / weights.sum())
            for front, n in zip(fronts, shares, strict=True):
                front.fighters += int(n)
