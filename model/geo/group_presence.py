"""The a-priori presence of each armed group per cell, and how established it is there.

Both have shape ``(4, width, height)``, order :data:`~model.groups.GROUP_KEYS`, and read
``armed_groups_long.csv``; labels are mapped by :data:`~model.groups.GROUP_LABELS` ("other:
..." and "none major" are ignored, as are departments off the grid).

* ``Landscape.group_presence`` (:func:`group_presence`): 1.0 in the cells of departments where
  the group is ``verified``, 0.4 where it is only ``recalled``, 0 elsewhere (the largest weight
  when a group has several rows in a department). What the places scorecard compares with.
* ``Landscape.group_home`` (:func:`group_home`): how established the group is in each
  department, its home territories (issue 10): the number of distinct sources that place it
  there (a recalled row without sources counts as 0.4 of one), over the number in its
  best-documented department (0..1). Presence is not control (data README): a group reported
  by five or six independent sources in a department (the Clan del Golfo in Chocó, Antioquia
  and Córdoba; the EMC in Meta) or four (the ELN in Norte de Santander and Chocó; the EMC in
  Cauca and Guaviare) is read as more established there than where one source lists it among
  many groups (the Clan del Golfo in Cauca). A row lists every source whose summary in
  ``sources.csv`` names the group there (model/data/geo/README.md, Part 5). Fronts are placed
  (ODD 5) and drawn home (7.6) by it. The count is a proxy: sources were not gathered to
  measure strength.
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
    return on_cells(table, dep, cells)


def on_cells(table: np.ndarray, dep: np.ndarray, cells: LandCells) -> np.ndarray:
    """A ``[group, department]`` table spread over the grid: ``[group, x, y]``, 0 off land."""
    grid = np.zeros((len(GROUP_KEYS), *cells.shape))
    grid[:, cells.xs, cells.ys] = table[:, dep]
    return grid


def home_table(sightings: tuple[GroupSighting, ...], names: tuple[str, ...]) -> np.ndarray:
    """``(len(GROUP_KEYS), len(names))`` home strength per group and department (0..1).

    Distinct source ids of the group's verified rows in the department (a recalled row counts
    ``CONFIDENCE_WEIGHTS["recalled"]`` of a source), over the group's largest count.
    """
    sources: dict[tuple[int, int], set[str]] = {}
    recalled = np.zeros((len(GROUP_KEYS), len(names)))
    for row in sightings:
        key = GROUP_LABELS.get(row.group)
        if key is None or row.department not in names:
            continue
        g_i, d_i = GROUP_KEYS.index(key), names.index(row.department)
        conf = row.confidence.lower()
        if conf.startswith("verified"):
            sources.setdefault((g_i, d_i), set()).update(row.sources or (f"row {row.group}",))
        elif conf.startswith("recalled"):
            recalled[g_i, d_i] = CONFIDENCE_WEIGHTS["recalled"]
    table = recalled.copy()
    for (g_i, d_i), ids in sources.items():
        table[g_i, d_i] = len(ids)
    top = table.max(axis=1, keepdims=True)
    return np.divide(table, top, out=np.zeros_like(table), where=top > 0)


def group_home(
    sightings: tuple[GroupSighting, ...], names: tuple[str, ...], dep: np.ndarray, cells: LandCells
) -> np.ndarray:
    """``(len(GROUP_KEYS), width, height)`` home strength per cell (:func:`home_table`)."""
    return on_cells(home_table(sightings, names), dep, cells)
