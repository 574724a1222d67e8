"""Offensives against the security forces: dated campaigns of one armed group, a forcing (ODD 7.20).

Twice in the record the Clan del Golfo answered a blow to its leadership with a "plan
pistola", a campaign of killings of police and soldiers with a bounty on each: after the
extradition of its leader alias Otoniel (May 2022: 37 police in a month and a half, Semana)
and after the death of alias Chirimoya (April 2025: 18 police and 13 soldiers, Blu Radio,
until alias Chiquito Malo ordered it stopped). Such a campaign is a decision of the group's
command, not an outcome of the fighting the model computes, so, like the ceasefires
(``model/ceasefires.py``), the model reads them from a table, ``model/data/offensives.csv``
(the ceasefires' columns: group, first and last month inclusive, the share of the group that
takes part, source, url, status).

While a share ``s`` of a group is on an offensive its fronts attack the security forces
``1 + s * (government.offensive_attacks - 1)`` times as often (:attr:`Offensives.attacks`,
read by ``ArmedUnit.attack_security_forces``). Future months have no offensive unless the
table has one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model.ceasefires import largest_share, read_ceasefires
from model.observed import ordinal
from model.params import Params

OFFENSIVES_FILE = Path(__file__).resolve().parent / "data" / "offensives.csv"
"""The documented offensives against the security forces (one row per group and period)."""


class Offensives:
    """This month's offensives: how many times its usual attacks each actor makes."""

    def __init__(
        self, params: Params, groups: tuple[str, ...], path: Path = OFFENSIVES_FILE
    ) -> None:
        """Read the table (module docstring); no offensive until :meth:`enter`.

        Args:
            params: Parameters (``government.offensive_attacks``, ``simulation.start_month``).
            groups: The modelled groups' keys, in actor order (actor ``1 + i``).
            path: The offensives file (the columns of ``model/data/ceasefires.csv``).

        Raises:
            CeasefireError: a malformed table (naming the file, line and field).
        """
        self.start = ordinal(params.simulation.start_month)
        self.intensity = params.government.offensive_attacks
        self.periods = read_ceasefires(groups, path, kind="offensives")
        self._index = {key: 1 + i for i, key in enumerate(groups)}
        #: times their usual attacks on the state each actor's fronts make (index 0 unused)
        self.attacks = np.ones(1 + len(groups))
        self.enter(0)

    def enter(self, step: int) -> None:
        """Take up the month ``step`` (0 = the start month): who is on an offensive."""
        month = self.start + step
        taking_part = largest_share(
            self.periods, self._index, len(self.attacks), lambda o: o.first <= month <= o.last
        )
        self.attacks = 1.0 + taking_part * (self.intensity - 1.0)
