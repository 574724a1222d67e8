"""The world as it was in the start month: initial conditions from data (ODD 5; issue 10).

A run may start in any month (``simulation.start_month``, ``--start``): a hindcast from 2018, the
status quo from September 2025. :func:`initial_state` says what the world held then; the model
builds its agents from it (``model/placement.py``) and sets its capacity stocks with it
(``model/capacity.py``). Everything comes from ``model/data/colombia_targets.csv`` (verified and
derived rows only, read by ``model/observed.py``) or from the regime:

* **Members per group.** Clan del Golfo (``egc``): ``clan_del_golfo_members``; ELN (``eln``):
  ``eln_members``; the FARC dissidents (``farc_dissidents_members``, all factions) split into
  ``emc`` and ``sm`` by the one date both lineages were counted apart (``emc_members`` and
  ``segunda_marquetalia_members`` of 2023: 3,859 and 1,751, a Segunda Marquetalia share of 0.31,
  held at every date: assumed). A lineage founded by a call to arms of
  ``model/data/rearming_calls.csv`` after the start month (the Segunda Marquetalia, announced
  in August 2019, ``model/rearming.py``) is not yet a group of that size: it starts as its
  leaders' core, ``rearming.founding_core`` members, and the rest of the dissidents counted
  then belong to the other lineage (:func:`before_founding`). A series is interpolated
  linearly between its estimates and held up to :data:`HOLD_MONTHS` beyond its first or last
  one. A group whose series does not reach the
  start month (the Clan del Golfo and the ELN before 2021-08) takes, with the others in that
  case, what the intelligence total (``armed_groups_members_total``, held beyond its ends) leaves
  after the groups that are observed, split in proportion to their nearest estimates: the
  model's four groups then stand for every member that total counts (gangs included), as the
  scorecard compares them with it. ``simulation.members_total_fill`` (1) says how far they move
  from their nearest estimate toward that share: 0 holds them at it (the total is then not met
  by construction; ODD 5 says what each gives). A ``groups.<key>.members`` parameter set by the
  user wins over the data.
* **Coca.** The 2023 department pattern of the landscape (``coca_ha_2023``) scaled by the UNODC
  national figure of the start month over that of 2023: ``coca_ha_unodc`` is the census on 31
  December, interpolated linearly between censuses and held after the last (2023).
* **Capacity.** The capacity stocks start at the steady state of the U.S. funding of the twelve
  months before the start month, as the regime's written decisions and schedules give it (for
  ``history_2016_2025``, the observed aid of those months); the economy's aid term at what that
  capacity gives (``Economy.settle``; lending support before the start counts as held).

Population and the state's structural presence are those of the landscape at every start month
(latest census projections; no back-casting: Colombia's population grew about 1% a year, so a
2018 start holds about 8% too many residents; assumed). Starts before 2018 (2016-01, 2017) hold
the earliest member estimates and lack FARC-EP, not a model group (ODD 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.ceasefires import read_ceasefires
from model.groups import GROUP_KEYS
from model.observed import TARGETS_FILE, Series, ordinal, read_series
from model.params import Params
from model.policy import Policy
from model.rearming import CALLS_FILE

HOLD_MONTHS = 12
"""Months beyond its first or last estimate that a group's members series still counts as
observed (held at that estimate); further away the group shares the total's remainder."""

TOTAL_SERIES = "armed_groups_members_total"
"""Intelligence count of all armed groups' members (combatants and support networks)."""

GROUP_SERIES: dict[str, str] = {
    "egc": "clan_del_golfo_members",
    "eln": "eln_members",
    "emc": "farc_dissidents_members",
    "sm": "farc_dissidents_members",
}
"""The members series of each group (``emc`` and ``sm`` share the dissidents' series)."""

SPLIT_SERIES: dict[str, str] = {"emc": "emc_members", "sm": "segunda_marquetalia_members"}
"""The series that split the dissidents into their two lineages (one common date: 2023)."""

COCA_SERIES = "coca_ha_unodc"
"""UNODC/SIMCI net coca area on 31 December."""

PATTERN_YEAR = 2023
"""The year of the landscape's coca pattern (``coca_ha_2023``)."""


@dataclass(frozen=True)
class InitialState:
    """What the world held in the start month.

    Attributes:
        start_month: "YYYY-MM".
        members: Members of each group (``GROUP_KEYS`` order of keys).
        members_how: How each group's members were set: ``observed`` (its series),
            ``total`` (its share of the total's remainder), ``nearest`` (its nearest count,
            ``simulation.members_total_fill`` 0), ``founding`` (its leaders' core before its
            founding call) or ``parameter``.
        coca_scale: National coca of the start month over that of 2023 (multiplies the
            landscape's ``coca_ha_2023``).
        coca_national_ha: The national coca area of the start month (hectares).
        funding_musd_per_month: Mean U.S. funding per category over the twelve months before
            the start (US$ million a month).
    """

    start_month: str
    members: dict[str, int]
    members_how: dict[str, str]
    coca_scale: float
    coca_national_ha: float
    funding_musd_per_month: np.ndarray = field(repr=False)


def dissident_shares(observed: dict[str, Series]) -> dict[str, float]:
    """Share of the FARC dissidents in each lineage, from the dates both were counted."""
    emc, sm = (observed[SPLIT_SERIES[k]] for k in ("emc", "sm"))
    common = sorted({p.month for p in emc.points} & {p.month for p in sm.points})
    if not common:
        raise ValueError("no date on which emc_members and segunda_marquetalia_members agree")
    month = common[-1]
    sm_share = sm.at(month) / (emc.at(month) + sm.at(month))
    return {"emc": 1.0 - sm_share, "sm": sm_share}


def founding_months(path: Path | None = None) -> dict[str, int]:
    """Each dissident lineage's founding: the first month of its first call to arms (ordinal).

    Args:
        path: The calls table (default: ``model/rearming.py``'s ``CALLS_FILE``).
    """
    first: dict[str, int] = {}
    for call in read_ceasefires(GROUP_KEYS, path or CALLS_FILE, kind="rearming calls"):
        if call.group in SPLIT_SERIES:
            first[call.group] = min(first.get(call.group, call.first), call.first)
    return first


def before_founding(
    members: dict[str, int], how: dict[str, str], start: int, founded: dict[str, int], core: int
) -> None:
    """A lineage not yet founded at ``start`` holds its leaders' core; the other the rest.

    Changes ``members`` and ``how`` in place (``how``: ``founding``). Only the dissidents'
    lineages set from their common series move; a ``groups.<key>.members`` parameter wins.
    """
    data = [k for k in SPLIT_SERIES if how.get(k) != "parameter"]
    late = [k for k in data if founded.get(k, start) > start]
    others = [k for k in data if k not in late]
    if not late or not others:
        return
    for key in late:
        kept = min(core, members[key])
        members[others[0]] += members[key] - kept
        members[key] = kept
        how[key] = "founding"


def initial_members(
    start: int,
    overrides: dict[str, int | None],
    observed: dict[str, Series],
    fill: float = 1.0,
) -> tuple[dict[str, int], dict[str, str]]:
    """Members per group at month ordinal ``start`` (module docstring says how).

    Args:
        start: Month ordinal of the start.
        overrides: ``groups.<key>.members`` per group (None: from the data).
        observed: The series of :data:`TOTAL_SERIES`, :data:`GROUP_SERIES` and
            :data:`SPLIT_SERIES`.
        fill: ``simulation.members_total_fill``: how far a group not counted at the start
            moves from its nearest count toward its share of the total's remainder (1: the
            whole way, the total is met; 0: it holds its nearest count).

    Returns:
        Members and how each was set.
    """
    shares = {**dict.fromkeys(GROUP_KEYS, 1.0), **dissident_shares(observed)}
    nearest: dict[str, float] = {}
    value: dict[str, float] = {}
    how: dict[str, str] = {}
    for key in GROUP_KEYS:
        series = observed[GROUP_SERIES[key]]
        nearest[key] = series.at(start) * shares[key]
        if overrides.get(key) is not None:
            value[key], how[key] = float(overrides[key] or 0), "parameter"
        elif series.covers(start, HOLD_MONTHS):
            value[key], how[key] = nearest[key], "observed"
    unknown = [k for k in GROUP_KEYS if k not in value]
    if unknown:
        remainder = observed[TOTAL_SERIES].at(start) - sum(value.values())
        weight = sum(nearest[k] for k in unknown)
        for key in unknown:
            if remainder > 0 and weight > 0:
                share = remainder * nearest[key] / weight
                value[key] = nearest[key] + fill * (share - nearest[key])
            else:  # the observed groups already fill the total: keep the nearest estimate
                value[key] = nearest[key]
            how[key] = "total" if fill > 0 else "nearest"
    return {k: round(value[k]) for k in GROUP_KEYS}, how


def coca_national(start: int, observed: dict[str, Series]) -> float:
    """UNODC national coca (ha) at month ordinal ``start``, between censuses of 31 December."""
    return observed[COCA_SERIES].at(start)


def preceding_funding(policy: Policy, months: int = 12) -> np.ndarray:
    """Mean U.S. funding per category (US$ million a month) over the ``months`` before month 0."""
    return np.mean([policy.written_funding(-k) for k in range(1, months + 1)], axis=0)


def initial_state(params: Params, policy: Policy, path: Path = TARGETS_FILE) -> InitialState:
    """The initial conditions of a run starting in ``params.simulation.start_month``.

    Args:
        params: Parameters (start month, ``groups.<key>.members`` overrides).
        policy: The run's policy (its written funding before the start).
        path: The targets file.
    """
    start_label = params.simulation.start_month
    start = ordinal(start_label)
    names = (TOTAL_SERIES, *set(GROUP_SERIES.values()), *SPLIT_SERIES.values(), COCA_SERIES)
    observed = read_series(tuple(dict.fromkeys(names)), path)
    overrides = {k: params.groups.of(k).members for k in GROUP_KEYS}
    fill = params.simulation.members_total_fill
    members, how = initial_members(start, overrides, observed, fill)
    before_founding(members, how, start, founding_months(), params.rearming.founding_core)
    national = coca_national(start, observed)
    pattern = observed[COCA_SERIES].in_year(PATTERN_YEAR)
    return InitialState(
        start_month=start_label,
        members=members,
        members_how=how,
        coca_scale=national / pattern if pattern else 1.0,
        coca_national_ha=national,
        funding_musd_per_month=preceding_funding(policy),
    )
