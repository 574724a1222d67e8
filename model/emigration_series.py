"""A run's emigration series kept per process (ODD 7.9; issue 15).

The southwest border's openness, the Colombians' route and the other U.S. borders' openness
(``model/emigration.py``) are the same for every model of a start month and parameters: one
:class:`EmigrationSeries` is built per process for them and the three files' contents (a hash of
their bytes, so an edited file is read again), and remembers each step's look-ups.
"""

from __future__ import annotations

import functools

from model.datafile import file_digest
from model.emigration import (
    BORDER_FILE,
    OTHER_BORDERS_FILE,
    ROUTE_FILE,
    BorderOpenness,
    ColombianRoute,
    other_borders,
)
from model.params import EmigrationParams


class EmigrationSeries:
    """A run's three series, the southwest border's openness, the route and the other borders'.

    Look-ups are remembered per step: :func:`kept_series` shares one per process for a start
    month, parameters and files (issue 15: the same floats as each series' own look-up).
    """

    def __init__(self, start_month: str, params: EmigrationParams) -> None:
        """Read the three series of ``start_month`` under ``params``."""
        self.border = BorderOpenness(start_month, params)
        self.route = ColombianRoute(start_month, params)
        self.other_borders = other_borders(start_month, params)
        self._months: dict[int, tuple[float, float, float, float]] = {}

    def month(self, step: int) -> tuple[float, float, float, float]:
        """``(openness, route factor, air travel, other borders' openness)`` in ``step``."""
        values = self._months.get(step)
        if values is None:
            values = self._months[step] = (
                self.border.at(step),
                self.route.at(step),
                self.route.air_travel(step),
                self.other_borders.at(step),
            )
        return values


def kept_series(start_month: str, params: EmigrationParams) -> EmigrationSeries:
    """The :class:`EmigrationSeries` of ``start_month`` and ``params``, built once and kept.

    Kept per process for the start month, the parameters and the three files' contents (a hash
    of their bytes: an edited file is read again), as ``model.observed`` keeps its series.
    """
    files = (BORDER_FILE, ROUTE_FILE, OTHER_BORDERS_FILE)
    return _kept_series(start_month, params, tuple(file_digest(path) for path in files))


@functools.lru_cache(maxsize=16)
def _kept_series(
    start_month: str, params: EmigrationParams, contents: tuple[str | None, ...]
) -> EmigrationSeries:
    """:func:`kept_series` for files holding ``contents`` (cached; errors are not)."""
    return EmigrationSeries(start_month, params)
