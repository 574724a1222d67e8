"""Peace talks: dated negotiations between the state and one armed group, a forcing (ODD 7.19).

Under Paz Total the government negotiated with single groups for years. While the ELN was at
the table (November 2022 to January 2025) its members stayed flat (``eln_members``: 5,885 in
2022-08, 6,245 in 2025-06) while the other groups grew by half (F7); when the president
suspended the talks in January 2025, after the ELN's offensive in Catatumbo against the FARC
dissidents' 33rd front, the fighting with the state rose (``security_forces_killed``: 64 in
Jan-Sep 2024, 146 in Jan-Sep 2025; F8). Like the ceasefires (``model/ceasefires.py``), talks are
a decision, not a mechanism: the model reads them from ``model/data/talks.csv`` (the columns of
``ceasefires.csv``: group, first and last month, the share of the group at the table, source,
status). The dissident factions that negotiated grew during their talks, so the table has no
row for them (its note says why). A truce or negotiation with a group that broke down without
talks of ``talks.csv`` is read from ``model/data/ruptures.csv`` (the same columns: the broken
truce's first and last month, the share of the group that broke off): the Mordisco faction of
the EMC, whose ceasefire was suspended in Cauca, Narino and Valle in March 2024 and which then
left the talks, while the Calarca faction stayed. A row of ``ruptures.csv`` may give, in an
optional ``escalated_until`` column, the last month of an escalation documented to outlast
``government.rupture_months``: the Mordisco faction's attacks on the police stations of
northern Cauca went on through 2025 (waves of 10 June, 14 September and 12-19 November 2025).

While a share ``s`` of a group is at the table:

* its fronts recruit ``1 - s * (1 - government.talks_recruitment)`` of their usual recruits
  (:attr:`Talks.recruitment`, read by ``ArmedUnit.recruit_and_desert`` and by the
  ex-combatants' draw of ``model/rearming.py``): its command restrains growth while
  negotiating.

From the last month of its talks, or of a broken truce of ``ruptures.csv``, for
``government.rupture_months`` months (a broken truce: to its ``escalated_until`` if given):

* its fronts attack the security forces ``1 + s * (government.rupture_attacks - 1)`` times as
  often (:attr:`Talks.attacks`) and kidnap ``1 + s * (government.rupture_kidnapping - 1)``
  times as often (:attr:`Talks.kidnapping`): talks that broke down are followed by escalation
  (F8: ransom kidnappings doubled and murders of security-force members tripled within about
  a year).

Future months have no talks unless the table has them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model.ceasefires import largest_share, read_ceasefires
from model.observed import ordinal
from model.params import Params

TALKS_FILE = Path(__file__).resolve().parent / "data" / "talks.csv"
"""The documented peace talks (one row per group and period)."""

RUPTURES_FILE = Path(__file__).resolve().parent / "data" / "ruptures.csv"
"""Documented truces or negotiations that broke down outside ``talks.csv`` (one row each)."""


class Talks:
    """This month's talks: each actor's recruitment restraint and post-talks escalation."""

    def __init__(
        self,
        params: Params,
        groups: tuple[str, ...],
        path: Path = TALKS_FILE,
        ruptures: Path = RUPTURES_FILE,
    ) -> None:
        """Read the tables (module docstring); no talks until :meth:`enter`.

        Args:
            params: Parameters (``government``, ``simulation.start_month``).
            groups: The modelled groups' keys, in actor order (actor ``1 + i``).
            path: The talks file (the columns of ``model/data/ceasefires.csv``).
            ruptures: The broken truces file (the same columns).

        Raises:
            CeasefireError: a malformed table (naming the file, line and field).
        """
        g = params.government
        self.start = ordinal(params.simulation.start_month)
        self.keep_recruitment = g.talks_recruitment
        self.escalation = g.rupture_attacks
        self.kidnap_escalation = g.rupture_kidnapping
        self.rupture_months = g.rupture_months
        self.periods = read_ceasefires(groups, path, kind="talks")
        #: truces or negotiations that broke down outside the talks table
        self.ruptures = read_ceasefires(groups, ruptures, kind="ruptures")
        self._index = {key: 1 + i for i, key in enumerate(groups)}
        n_actors = 1 + len(groups)
        #: share of their usual recruitment each actor's fronts make (index 0 unused)
        self.recruitment = np.ones(n_actors)
        #: times their usual attacks on the state each actor's fronts make (index 0 unused)
        self.attacks = np.ones(n_actors)
        #: times their usual kidnappings each actor's fronts make (index 0 unused)
        self.kidnapping = np.ones(n_actors)
        self.enter(0)

    def enter(self, step: int) -> None:
        """Take up the month ``step`` (0 = the start month): who is at the table, who broke off."""
        month = self.start + step
        size = len(self.recruitment)

        def after(t) -> bool:
            # a documented escalation (ruptures.csv: escalated_until) outlasts the usual one
            end = t.last + self.rupture_months - 1 if t.until is None else t.until
            return t.last <= month <= end

        at_table = largest_share(
            self.periods, self._index, size, lambda t: t.first <= month <= t.last
        )
        broke_off = np.maximum(
            largest_share(self.periods, self._index, size, after),
            largest_share(self.ruptures, self._index, size, after),
        )
        self.recruitment = 1.0 - at_table * (1.0 - self.keep_recruitment)
        self.attacks = 1.0 + broke_off * (self.escalation - 1.0)
        self.kidnapping = 1.0 + broke_off * (self.kidnap_escalation - 1.0)
