"""``Landscape.group_presence``: the a-priori presence of each armed group, per cell.

Shape ``(4, width, height)``, order :data:`~model.groups.GROUP_KEYS`: 1.0 in the cells of
departments where the group is ``verified`` in ``armed_groups_long.csv``, 0.4 where it is only
``recalled``, 0 elsewhere (the largest weight when a group has several rows in a department).
Labels are mapped by :data:`~model.groups.GROUP_LABELS`; "other: ..." and "none major" are
ignored, as are departments off the grid.
"""

from __future__ import annotations

import numpy as np

from model.geo.geometry import LandCells
from model.geo.sources import GroupSighting
from model.groups import GROUP_KEYS, GROUP_LABELS

CONFIDENCE_WEIGHTS: dict[str, float] = {"verified": 1.0, "recalled": 0.4}
"""Presence weight of a group in a department, by the start of the row's confidence flag."""


def group_presence(
    sightings: tuple[GroupSighting, ...],
    names: tuple[str, ...],
    dep: np.ndarray,
    cells: LandCells,
) -> np.ndarray:
    """``(len(GROUP_KEYS), width, height)`` presence weights (0 off land).

    Args:
        sightings: The rows of ``armed_groups_long.csv``.
        names: Department names, in the order of the ``department`` layer.
        dep: ``(n,)`` department index of each land cell.
        cells: The grid's land cells.

    Returns:
        The presence array.
    """
    table = np.zeros((len(GROUP_KEYS), len(names)))
    for row in sightings:
        key = GROUP_LABELS.get(row.group)
        if key is None or row.department not in names:
            continue
        conf = row.confidence.lower()
        weight = next((w for c, w in CONFIDENCE_WEIGHTS.items() if conf.startswith(c)), 0.0)
        g_i, d_i = GROUP_KEYS.index(key), names.index(row.department)
        table[g_i, d_i] = max(table[g_i, d_i], weight)
    presence = np.zeros((len(GROUP_KEYS), *cells.shape))
    presence[:, cells.xs, cells.ys] = table[:, dep]
    return presence
