"""Ceasefires: dated truces between the state and one armed group, a forcing (ODD 7.17; issue 10).

Under Paz Total (from August 2022) the government agreed bilateral ceasefires with single groups
for months at a time: with the ELN from 3 August 2023 to early August 2024, with the EMC from
October 2023 until it was suspended in Cauca, Narino and Valle in March 2024 (then with one
faction only), with the EGC, the EMC and the Segunda Marquetalia in the first half of 2023. When
they ended, fighting with the state resumed: security-force deaths went from 64 (Jan-Sep 2024)
to 146 (Jan-Sep 2025, ``security_forces_killed`` in ``model/data/colombia_targets.csv``). Like
eradication (``model/government.py``) a ceasefire is a decision, not a mechanism, so the model
reads them from a table, ``model/data/ceasefires.csv`` (group, first and last month, the share
of the group covered, source, status; rows marked ``recalled`` were not read on any page).

While a group is in a ceasefire covering a share ``s`` of it:

* the state's offensive against it is ``1 - s * (1 - government.ceasefire_offensive)`` of the
  usual: security units target its concentrations with that weight (:attr:`Ceasefires.targets`)
  and engage its fronts they meet with that probability (``agents/security.py``);
* its fronts attack the security forces ``1 - s * (1 - government.ceasefire_attacks)`` as often.

Future months have no ceasefire in the table. A scenario may set one with every group:
``government.future_ceasefire_months`` months from ``government.future_ceasefire_start``
(0 months, the default: none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.calendar import MONTH_PATTERN
from model.datafile import parsed_once, read_rows
from model.errors import DecertsimInputError
from model.observed import ordinal
from model.params import Params

CEASEFIRES_FILE = Path(__file__).resolve().parent / "data" / "ceasefires.csv"
"""The documented ceasefires (one row per group and period)."""

COLUMNS = ("group", "first_month", "last_month", "share", "source", "url", "status", "note")
"""The columns ``ceasefires.csv`` must have."""

ESCALATED_UNTIL = "escalated_until"
"""Optional column of ``ruptures.csv``: the last month of a documented escalation after the
truce broke (``model/talks.py``); empty or absent, ``government.rupture_months`` decides."""


class CeasefireError(DecertsimInputError):
    """A malformed ceasefires file (the CLI prints it and exits with 2)."""


@dataclass(frozen=True)
class Ceasefire:
    """One truce: the group's key, first and last month (ordinals, inclusive), share covered."""

    group: str
    first: int
    last: int
    share: float
    #: last month (ordinal) of a documented escalation after it (``ruptures.csv`` only)
    until: int | None = None


def largest_share(
    periods: Iterable, index: dict[str, int], size: int, covers: Callable[..., bool]
) -> np.ndarray:
    """Per actor (index 0 unused), the largest ``share`` of its periods that ``covers`` holds for.

    The ceasefires, the talks and the offensives each ask which groups a table's rows reach
    this month; overlapping rows of one group count once, by their largest share.
    """
    out = np.zeros(size)
    for period in periods:
        if covers(period):
            i = index[period.group]
            out[i] = max(out[i], period.share)
    return out


def read_ceasefires(
    groups: tuple[str, ...], path: Path = CEASEFIRES_FILE, kind: str = "ceasefires"
) -> list[Ceasefire]:
    """The ceasefires of ``path`` with the groups of ``groups`` (a new list each call).

    Also reads any table of dated periods with the same columns (``kind`` names it in error
    messages: the talks of ``model/talks.py``). Parsed once per process and content of the
    file (:func:`model.datafile.parsed_once`; the periods are frozen).

    Raises:
        CeasefireError: naming the file, row and field of a missing column, an unknown group,
            a malformed month, a last month before the first or a share outside (0, 1].
    """
    return list(_ceasefires(path, tuple(groups), kind))


@parsed_once
def _ceasefires(path: Path, groups: tuple[str, ...], kind: str) -> tuple[Ceasefire, ...]:
    """:func:`read_ceasefires`, parsed (the reader :func:`parsed_once` keeps)."""
    pattern = re.compile(MONTH_PATTERN)
    rows = read_rows(path, COLUMNS, CeasefireError, kind)
    found = []
    for line, row in rows:
        where = f"{path}, line {line}"
        if row["group"] not in groups:
            raise CeasefireError(
                f"{where}: group '{row['group']}' is not modelled; allowed: {', '.join(groups)}"
            )
        for field in ("first_month", "last_month"):
            if not pattern.match(row[field] or ""):
                raise CeasefireError(f"{where}: {field} '{row[field]}' is not YYYY-MM")
        first, last = ordinal(row["first_month"]), ordinal(row["last_month"])
        if last < first:
            raise CeasefireError(f"{where}: last_month {row['last_month']} before first_month")
        try:
            share = float(row["share"])
        except ValueError:
            share = float("nan")
        if not 0.0 < share <= 1.0:
            raise CeasefireError(f"{where}: share '{row['share']}' must be in (0, 1]")
        until = (row.get(ESCALATED_UNTIL) or "").strip() or None
        if until is not None and (not pattern.match(until) or ordinal(until) < last):
            raise CeasefireError(
                f"{where}: {ESCALATED_UNTIL} '{until}' must be YYYY-MM, not before last_month"
            )
        found.append(Ceasefire(row["group"], first, last, share, ordinal(until) if until else None))
    return tuple(found)


class Ceasefires:
    """This month's truces: the state's offensive and the groups' attacks per actor."""

    def __init__(
        self, params: Params, groups: tuple[str, ...], path: Path = CEASEFIRES_FILE
    ) -> None:
        """Read the table (module docstring); no truce until :meth:`enter`.

        Args:
            params: Parameters (``government``, ``simulation.start_month``).
            groups: The modelled groups' keys, in actor order (actor ``1 + i``).
            path: The ceasefires file.
        """
        g = params.government
        self.start = ordinal(params.simulation.start_month)
        self.keep_offensive = g.ceasefire_offensive
        self.keep_attacks = g.ceasefire_attacks
        self.truces = read_ceasefires(groups, path)
        if g.future_ceasefire_months > 0:
            first = ordinal(g.future_ceasefire_start)
            last = first + g.future_ceasefire_months - 1
            self.truces += [Ceasefire(key, first, last, 1.0) for key in groups]
        self._index = {key: 1 + i for i, key in enumerate(groups)}
        n_actors = 1 + len(groups)
        #: share of the usual offensive the state wages on each actor (index 0 unused)
        self.offensive = np.ones(n_actors)
        #: share of their usual attacks on the state each actor's fronts make (index 0 unused)
        self.attacks = np.ones(n_actors)
        #: armed force the security units aim at, ``[x, y]`` (see :meth:`aim`)
        self.targets = np.zeros(0)
        # imported here: model.rearming reads this module's table reader
        from model.rearming import DISSIDENT_GROUPS

        #: weight of each actor's force in the units' choice of target (index 0 unused):
        #: ``security.dissident_priority`` for the FARC dissidents, 1 for the others (ODD 7.5)
        self.priority = np.ones(n_actors)
        for key in DISSIDENT_GROUPS:
            if key in self._index:
                self.priority[self._index[key]] = params.security.dissident_priority
        self.enter(0)

    @property
    def any(self) -> bool:
        """Whether some group is in a ceasefire this month."""
        return bool((self.offensive < 1.0).any())

    def enter(self, step: int) -> None:
        """Take up the month ``step`` (0 = the start month): who is in a ceasefire."""
        month = self.start + step
        covered = largest_share(
            self.truces, self._index, len(self.offensive), lambda t: t.first <= month <= t.last
        )
        self.offensive = 1.0 - covered * (1.0 - self.keep_offensive)
        self.attacks = 1.0 - covered * (1.0 - self.keep_attacks)

    def aim(self, effective: np.ndarray, armed_presence: np.ndarray) -> None:
        """The armed force security units aim at: each group's weighted by the offensive on it.

        A group's weight is the share of the usual offensive waged on it (less in a ceasefire)
        times its priority (:attr:`priority`: ``security.dissident_priority`` for the FARC
        dissidents).

        Args:
            effective: Projected force per actor, ``[actor, x, y]`` (``Forces.effective``).
            armed_presence: All groups' projected force, ``[x, y]`` (used as is when every
                weight is 1).
        """
        weights = self.offensive[1:] * self.priority[1:]
        if (weights != 1.0).any():
            # a sum in the groups' order, not np.tensordot: BLAS picks its kernel by the CPU
            # (Haswell's and Skylake-X's give other last bits), numpy's elementwise ops do not
            targets = weights[0] * effective[1]
            for k in range(1, weights.size):
                targets = targets + weights[k] * effective[k + 1]
            self.targets = targets
        else:
            self.targets = armed_presence
