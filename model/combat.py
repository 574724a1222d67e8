"""Combat between rival fronts, and the month's ledger of who has fought whom (ODD 7.6; C3).

When a front acts (``ArmedUnit.fight_rivals``) it clashes with every front of another group on
its cell. :class:`RivalCombat` owns the rule and its bookkeeping:

* each pair of fronts fights at most once a month (the ledger, cleared when a month starts);
* only groups whose relation is ``rival`` fight (``model/relations.py``; allies share cells);
* a front with no fighters left does not fight;
* losses per side ~ Binomial(own, min(1, rival_lethality * other / (own + other))), the ratio
  form of a contest (Hirshleifer 1989), drawn for the acting front first; the dead are counted
  as ``armed_combat_deaths`` and as violent events of the cell;
* while the two groups are at war on the cell (``model/wars.py``, ODD 7.21) the lethality is
  ``armed.war_lethality`` times higher, and the dead are also counted as ``war_combat_deaths``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from agents.kernels_draws import binomials
from model.events import MonthEvents
from model.relations import fight

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from agents.armed import ArmedGroup
    from agents.front import ArmedUnit
    from model.wars import GroupWars


class RivalCombat:
    """The rival-combat rule with its monthly ledger of pairs that have fought."""

    def __init__(
        self,
        relations: nx.Graph,
        groups: Iterable[ArmedGroup],
        lethality: float,
        rng: np.random.Generator,
        events: MonthEvents,
        violence: np.ndarray,
    ) -> None:
        """Set up the rule for ``groups`` (their rivals are fixed by ``relations``).

        Args:
            relations: Graph of rival and allied groups (``model/relations.py``).
            groups: Every armed group.
            lethality: ``armed.rival_lethality``.
            rng: The model's generator (every loss is drawn from it).
            events: The month's counters.
            violence: The violence layer, updated in place.
        """
        self.relations = relations
        self.lethality = lethality
        self.rng = rng
        self.events = events
        self.violence = violence
        groups = list(groups)
        self._rivals = {
            g.key: [h.index for h in groups if fight(relations, g.key, h.key)] for g in groups
        }
        #: the same as arrays, for the compiled move kernel (built once: rivals are fixed)
        self._rival_arrays = {k: np.asarray(v, dtype=np.int64) for k, v in self._rivals.items()}
        #: the same as sets, for a clash's test of ``fight`` (one lookup, not the graph's)
        self._rival_sets = {k: frozenset(v) for k, v in self._rivals.items()}
        self._fought: set[tuple[int, int]] = set()
        #: the wars between groups (``model/wars.py``), set by the model once built
        self.wars: GroupWars | None = None

    def new_month(self) -> None:
        """Clear the ledger: every pair may fight again."""
        self._fought.clear()

    def rival_indices(self, group: ArmedGroup) -> list[int]:
        """Actor indices of the groups whose fronts ``group``'s fronts fight."""
        return self._rivals[group.key]

    def rival_array(self, group: ArmedGroup) -> np.ndarray:
        """:meth:`rival_indices` as an int64 array (read-only use: it is shared)."""
        return self._rival_arrays[group.key]

    def clash(self, front: ArmedUnit, other: ArmedUnit, bits: np.ndarray | None = None) -> None:
        """``front`` meets ``other`` of another group on its cell (module docstring).

        Args:
            front: The acting front.
            other: The front it meets.
            bits: The model generator's addresses (``FrontMonth.bits``) during the fronts' turn:
                the two losses are then drawn compiled (``agents.kernels_draws.binomials``,
                numpy's numbers from the same generator); None draws them with numpy.
        """
        pair = (min(front.unique_id, other.unique_id), max(front.unique_id, other.unique_id))
        if pair in self._fought:
            return
        self._fought.add(pair)
        if front.fighters <= 0 or other.fighters <= 0:
            return
        if other.group.index not in self._rival_sets[front.group.key]:  # relations.fight
            return
        total = front.fighters + other.fighters
        rate = self.lethality
        at_war = self.wars is not None and self.wars.at_war(
            front.group.index, other.group.index, front.cell.coordinate
        )
        if at_war:  # a war between the two groups here (model/wars.py)
            rate *= self.wars.lethality
        mine, theirs = front.fighters, other.fighters
        p_front = min(1.0, rate * theirs / total)
        p_other = min(1.0, rate * mine / total)
        if bits is None:
            lose_front = int(self.rng.binomial(mine, p_front))
            lose_other = int(self.rng.binomial(theirs, p_other))
        else:
            lose_front, lose_other = binomials(bits, mine, p_front, theirs, p_other)
        front.fighters = mine - lose_front
        other.fighters = theirs - lose_other
        self.events.add("armed_combat_deaths", lose_front + lose_other)
        if at_war:
            self.events.add("war_combat_deaths", lose_front + lose_other, at=front.cell.coordinate)
        self.violence[front.cell.coordinate] += lose_front + lose_other
