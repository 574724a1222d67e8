"""The armed groups' identity: one home for each group's key, name, colour and data labels.

The model has four armed groups (ODD 2.1). Each is known by its ``key`` everywhere in the code
(outcome names such as ``control_share_egc``, the order of ``Landscape.group_presence``, the
parameter section ``groups.<key>``), shown under its ``name`` in maps, the app and reports, drawn
in its ``color``, and found in ``model/data/geo/armed_groups_long.csv`` under its ``labels``.
What a group starts with and how it earns its money are parameters
(``groups.<key>.members`` and its strategy weights, :mod:`model.params.armed`).

The order of :data:`GROUPS` is the order of every per-group axis (group index ``g`` is
``GROUP_KEYS[g]``; control codes are ``g + 1``, ``model/control.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["GROUPS", "GROUP_KEYS", "GROUP_LABELS", "GroupIdentity", "group_identity"]


@dataclass(frozen=True, slots=True)
class GroupIdentity:
    """Who an armed group is (not what it does: that is parameters and agents).

    Attributes:
        key: Short key used in names of outcomes, parameters and arrays.
        name: Display name in maps, the app and reports.
        color: Colour of its cells on control maps (hex).
        labels: The ``group`` values that mean this group in ``armed_groups_long.csv``.
    """

    key: str
    name: str
    color: str
    labels: tuple[str, ...]


GROUPS: tuple[GroupIdentity, ...] = (
    GroupIdentity("egc", "Clan del Golfo (EGC)", "#c53030", ("AGC",)),
    GroupIdentity("eln", "ELN", "#dd6b20", ("ELN",)),
    GroupIdentity("emc", "FARC dissidents (EMC)", "#2f855a", ("EMC",)),
    GroupIdentity("sm", "Segunda Marquetalia", "#6b46c1", ("SM", "SM/Comandos de la Frontera")),
)
"""Every armed group of the model, in the order of the per-group axes."""

GROUP_KEYS: tuple[str, ...] = tuple(g.key for g in GROUPS)
"""The groups' keys, in the order of :data:`GROUPS`."""

GROUP_LABELS: Mapping[str, str] = MappingProxyType(
    {label: g.key for g in GROUPS for label in g.labels}
)
"""``armed_groups_long.csv`` label -> group key (rows with other labels are not modelled)."""

_BY_KEY: Mapping[str, GroupIdentity] = MappingProxyType({g.key: g for g in GROUPS})


def group_identity(key: str) -> GroupIdentity:
    """The identity of the group with key ``key``.

    Raises:
        KeyError: naming the unknown key and the known ones.
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown armed group '{key}'; known: {', '.join(GROUP_KEYS)}") from None
