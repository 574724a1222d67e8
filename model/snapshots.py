"""Map snapshots: the controller, zone, displaced and cocaine flow of one month (ODD 3, process 9).

Split from ``model/simulation.py`` (over 400 lines). ``ColombiaModel.snapshot`` keeps one every
``snapshot_every`` months and after the last step; the runner writes them to the map-snapshot
table (``runs/single.py``) and the maps read them (``runs/maps.py``, ``runs/corridors.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel


class Snapshot(NamedTuple):
    """The map of one month: controller, zone, displaced and cocaine flow (``[x, y]`` copies)."""

    month: int
    controller: np.ndarray
    zone: np.ndarray
    displaced: np.ndarray
    """People in displaced households per cell (``migration.displaced``)."""
    cocaine_t: np.ndarray
    """Cocaine passing through each cell that month (tonnes; ODD 7.10)."""


def snapshot_of(model: ColombiaModel, month: int, kept: list[Snapshot]) -> Snapshot | None:
    """The map of ``month`` as the model holds it now, or None if there is none to keep.

    None before the first month (``month < 0``) and when ``kept`` already ends with ``month``.
    """
    if month < 0 or (kept and kept[-1][0] == month):
        return None
    return Snapshot(
        month,
        model.control.controller.copy(),
        model.control.zone.copy(),
        model.migration.displaced.copy(),
        model.trafficking.month.through_kg / 1000.0,
    )
