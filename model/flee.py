"""Where displaced households go: Flee's movement rules on the grid, for all of them at once (C4).

After Flee (Suleimenova, Bell and Groen, Sci. Rep. 7, 13377, 2017; ``djgroen/flee``,
``flee/moving.py``): locations have a type; each step an agent leaves its location with a
probability set by the type (``calculateMoveChance``: conflict zones 1.0, towns 0.3, camps 0.001
a day in Flee); one that leaves picks a destination with probability proportional to a weight
(``calculateLinkWeight``): the destination's score (Flee: 0.25 for conflict zones, 1 for towns,
2 for camps, optionally times ``population**0.1``) over ``softening + distance`` to a power.

Here (ODD 7.13) a location is a land cell and a step a month:

* **Types** (:func:`place_types`, :func:`location_types`): a *city* is the cell of a main city
  (``landscape.cities``), a *department capital* the most populous cell of each other
  department, a *town* any other cell; any cell with ``conflict_events`` or more new violent
  events this month, or that armed groups rule or fight over with fronts near, is a *conflict
  zone* this month (this overrides the other types).
* **Move chance** (:func:`move_chance`): ``move_chance_<type>`` a month, times the share of the
  cell's people who are not confined (confined people do not move, F9).
* **Destinations** (:class:`Routes`): every land cell within ``move_range_km`` (great-circle
  distance between cell centres) other than the current one, with weight
  ``weight_<type> * presence * max(1, residents)**pop_power / (softening_km + distance_km)**
  distance_power``: safety (state presence), city size and distance. Cities and department
  capitals, safe and large, draw the displaced, and their low move chance keeps them there: IDPs
  concentrate in cities, as the victims' registry reports.

Everything is done for all movers at once: weights are computed once a month for the cells where
movers stand (over the window of offsets within range), and every mover draws its destination
from its source's cumulative weights, in compiled loops (``model/flee_kernels.py``, issue 15).
"""

from __future__ import annotations

import weakref

import numpy as np

from agents import fpmath
from model.flee_kernels import (
    cumulative_weights,
    move_households,
    pick_destinations,
    sources_of,
)
from model.geo import Landscape
from model.geo.geometry import haversine_km
from model.params import MigrationParams

#: location types, the codes of the ``types`` layer (-1 off land)
CONFLICT, TOWN, CAPITAL, CITY = 0, 1, 2, 3
TYPE_NAMES: tuple[str, ...] = ("conflict", "town", "capital", "city")
OFF_LAND = -1


#: what :func:`kept_place_types` and :func:`kept_routes` built for each landscape still in use
#: (a landscape is read-only and shared by the models of a process; issue 15: set-up time)
_KEPT: weakref.WeakKeyDictionary[Landscape, dict[tuple[object, ...], object]] = (
    weakref.WeakKeyDictionary()
)


#: the arrays a :class:`Routes` builds for itself
_ROUTES_OWN = ("dx", "dy", "row_km", "row_in_range", "row_factor", "row_counts", "row_offsets")


def kept_place_types(landscape: Landscape) -> np.ndarray:
    """:func:`place_types` of ``landscape``, built once per landscape and kept (read-only)."""
    kept = _KEPT.setdefault(landscape, {})
    types = kept.get(("types",))
    if types is None:
        types = kept[("types",)] = place_types(landscape)
        types.flags.writeable = False
    return types  # type: ignore[return-value]


def kept_routes(landscape: Landscape, params: MigrationParams) -> Routes:
    """:class:`Routes` of ``landscape`` for ``params``' range and distance terms, kept.

    Built once per landscape and set of the three parameters it reads (``move_range_km``,
    ``distance_softening_km``, ``distance_power``), its arrays read-only: every model of a
    process on that landscape shares it (the same numbers as its own, ``tests/test_flee.py``).
    """
    kept = _KEPT.setdefault(landscape, {})
    key = ("routes", params.move_range_km, params.distance_softening_km, params.distance_power)
    routes = kept.get(key)
    if routes is None:
        routes = kept[key] = Routes(landscape, params)
        for name in _ROUTES_OWN:  # its own arrays (lat and lon are the landscape's)
            value = getattr(routes, name, None)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
    return routes  # type: ignore[return-value]


def place_types(landscape: Landscape) -> np.ndarray:
    """The static type of every cell: city, department capital or town (``-1`` off land).

    A department capital is the most populous land cell of its department (the population layer
    puts 70% of a department's people around its capital, ``model/geo/population.py``); a
    department whose most populous cell is a main city's counts that cell as a city.
    """
    land = landscape.land
    types = np.where(land, TOWN, OFF_LAND).astype(np.int8)
    population = np.where(land, landscape.layers["population"], -1.0)
    departments = landscape.layers["department"]
    for d in np.unique(departments[land]):
        cells = np.flatnonzero((departments == d) & land)
        top = cells[np.argmax(population.ravel()[cells])]
        types.ravel()[top] = CAPITAL
    for city in landscape.cities:
        if land[city.x, city.y]:
            types[city.x, city.y] = CITY
    return types


def location_types(static: np.ndarray, conflict: np.ndarray) -> np.ndarray:
    """This month's types: the static ones, with conflict zones over them."""
    return np.where(conflict & (static != OFF_LAND), CONFLICT, static).astype(np.int8)


def move_chance(types: np.ndarray, free_share: np.ndarray, params: MigrationParams) -> np.ndarray:
    """Per cell, the chance that a household there moves this month.

    Args:
        types: This month's location types.
        free_share: Share of the cell's people not confined (1 where nobody is).
        params: The ``migration`` parameters.
    """
    by_type = np.array(
        [
            params.move_chance_conflict,
            params.move_chance_town,
            params.move_chance_capital,
            params.move_chance_city,
        ]
    )
    chance = by_type[np.clip(types, 0, None)] * free_share
    return np.where(types == OFF_LAND, 0.0, chance)


def destination_score(
    types: np.ndarray, presence: np.ndarray, residents: np.ndarray, params: MigrationParams
) -> np.ndarray:
    """Per cell, its attraction as a destination: type weight, safety and size (0 off land)."""
    weights = np.array(
        [params.weight_conflict, params.weight_town, params.weight_capital, params.weight_city]
    )
    size = fpmath.power(np.maximum(residents, 1.0), params.pop_power)
    score = weights[np.clip(types, 0, None)] * presence * size
    return np.where(types == OFF_LAND, 0.0, score)


class Routes:
    """The window of offsets within the monthly range, and the draw of destinations."""

    def __init__(self, landscape: Landscape, params: MigrationParams) -> None:
        """Precompute the offsets a household can reach in a month.

        The window's half-width is the range over the shortest distance between neighbouring
        cell centres anywhere on land (east-west spacing shrinks away from the equator).
        """
        self.params = params
        self.shape = landscape.land.shape
        self.lat, self.lon = landscape.lat, landscape.lon
        w, h = self.shape
        spacing = _min_spacing_km(self.lat, self.lon, landscape.land)
        radius = int(np.ceil(params.move_range_km / spacing)) if spacing > 0 else 0
        radius = min(radius, max(w, h))
        dx, dy = np.meshgrid(np.arange(-radius, radius + 1), np.arange(-radius, radius + 1))
        keep = (dx != 0) | (dy != 0)
        self.dx, self.dy = dx[keep].ravel(), dy[keep].ravel()
        #: distance (km) from a cell of row y to each offset, ``[y, offset]``: on a regular
        #: latitude-longitude grid it depends on the row only (computed once)
        self.row_km = self._row_distances() if _regular(self.lat, self.lon) else None
        if self.row_km is not None:
            #: ``[y, offset]``: the offset lies within the range, and the weight's distance term
            #: ``(softening_km + distance_km) ** distance_power`` (once, not every month)
            self.row_in_range = self.row_km <= params.move_range_km
            self.row_factor = fpmath.power(
                params.distance_softening_km + self.row_km, params.distance_power
            )
            #: ``[y, j]``: the offsets within range from row ``y`` in offset order (padded with
            #: -1), and ``[y]`` how many (the compiled move walks only those)
            self.row_counts = self.row_in_range.sum(axis=1)
            self.row_offsets = np.full(self.row_in_range.shape, -1, dtype=np.int64)
            for row, within in enumerate(self.row_in_range):
                ks = np.flatnonzero(within)
                self.row_offsets[row, : len(ks)] = ks

    def weights(self, sources: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, ...]:
        """Destination weights from each source cell: ``[source, offset]`` and their cells.

        Args:
            sources: ``[n, 2]`` source cells (x, y).
            score: :func:`destination_score` per cell.

        Returns:
            ``(weights, tx, ty)``, each ``[n, offsets]``: zero weight where the target is off
            the grid, off land, out of range or has no score.
        """
        p = self.params
        w, h = self.shape
        tx = sources[:, :1] + self.dx[None, :]
        ty = sources[:, 1:] + self.dy[None, :]
        inside = (tx >= 0) & (tx < w) & (ty >= 0) & (ty < h)
        tx, ty = np.clip(tx, 0, w - 1), np.clip(ty, 0, h - 1)
        sx, sy = sources[:, :1], sources[:, 1:]
        if self.row_km is not None:
            dist = self.row_km[sources[:, 1]]
        else:
            dist = haversine_km(
                self.lat[sx, sy], self.lon[sx, sy], self.lat[tx, ty], self.lon[tx, ty]
            )
        reach = inside & (dist <= p.move_range_km)
        weight = score[tx, ty] / fpmath.power(p.distance_softening_km + dist, p.distance_power)
        return np.where(reach, weight, 0.0), tx, ty

    def choose(
        self, positions: np.ndarray, score: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Draw a destination for each mover, in proportion to the weights from its cell.

        Args:
            positions: ``[n, 2]`` cells where the movers stand.
            score: :func:`destination_score` per cell.
            rng: The model's generator (one uniform draw per mover).

        Returns:
            ``[n, 2]`` destinations; a mover with no reachable destination stays.
        """
        if len(positions) == 0:
            return positions.copy()
        # compiled (``model/flee_kernels.py``): the distinct cells movers stand on, sorted by
        # (x, y), their cumulative weights and each mover's pick; tests/test_flee_kernels.py
        # keeps the numpy form
        sources, which = sources_of(positions, self.shape[1])
        if self.row_km is not None:
            cumulative = cumulative_weights(
                sources, self.dx, self.dy, self.row_in_range, self.row_factor, score
            )
        else:
            cumulative = np.cumsum(self.weights(sources, score)[0], axis=1)
        uniforms = rng.random(len(positions))
        out = positions.copy()
        pick_destinations(cumulative, sources, which, uniforms, self.dx, self.dy, *self.shape, out)
        return out

    def move(
        self,
        x: np.ndarray,
        y: np.ndarray,
        moving: np.ndarray,
        score: np.ndarray,
        rng: np.random.Generator,
    ) -> None:
        """Move the households at slots ``moving`` in place, as :meth:`choose` draws.

        ``x[moving], y[moving] = choose(stack of x[moving], y[moving])`` with the same draws, on a
        regular grid in one compiled call (``flee_kernels.move_households``; the
        :meth:`choose` form in tests/test_flee_kernels.py, compared cell for cell).

        Args:
            x: Every household's column (the movers' are written).
            y: Every household's row.
            moving: The movers' slots (distinct), in draw order.
            score: :func:`destination_score` per cell.
            rng: The model's generator (one uniform draw per mover).
        """
        if len(moving) == 0:
            return  # no draw, as choose
        if self.row_km is None:  # an irregular grid: numpy's weights (choose)
            targets = self.choose(np.stack([x[moving], y[moving]], axis=1), score, rng)
            x[moving], y[moving] = targets[:, 0], targets[:, 1]
            return
        move_households(
            x,
            y,
            moving,
            rng.random(len(moving)),
            score,
            self.dx,
            self.dy,
            self.row_offsets,
            self.row_counts,
            self.row_factor,
        )

    def _row_distances(self) -> np.ndarray:
        """Great-circle km from the first cell of each row to each offset (regular grid)."""
        lat_row = self.lat[0, :]
        lon_step = self.lon[1, 0] - self.lon[0, 0] if self.lon.shape[0] > 1 else 0.0
        lat_step = lat_row[1] - lat_row[0] if len(lat_row) > 1 else 0.0
        lat0 = lat_row[:, None]
        return haversine_km(
            lat0, 0.0, lat0 + self.dy[None, :] * lat_step, self.dx[None, :] * lon_step
        )


def _regular(lat: np.ndarray, lon: np.ndarray) -> bool:
    """Whether latitude depends on the row only and longitude on the column only, evenly."""
    if lat.shape[0] < 2 or lat.shape[1] < 2:
        return False
    same_rows = np.allclose(lat, lat[:1, :]) and np.allclose(lon, lon[:, :1])
    even = np.allclose(np.diff(lat[0]), lat[0, 1] - lat[0, 0]) and np.allclose(
        np.diff(lon[:, 0]), lon[1, 0] - lon[0, 0]
    )
    return bool(same_rows and even)


def _min_spacing_km(lat: np.ndarray, lon: np.ndarray, land: np.ndarray) -> float:
    """The shortest distance between the centres of two neighbouring cells on land."""
    spacings = []
    if lat.shape[0] > 1:
        both = land[1:, :] & land[:-1, :]
        d = haversine_km(lat[1:, :], lon[1:, :], lat[:-1, :], lon[:-1, :])[both]
        spacings.append(d.min() if d.size else np.inf)
    if lat.shape[1] > 1:
        both = land[:, 1:] & land[:, :-1]
        d = haversine_km(lat[:, 1:], lon[:, 1:], lat[:, :-1], lon[:, :-1])[both]
        spacings.append(d.min() if d.size else np.inf)
    spacing = float(min(spacings)) if spacings else 0.0
    return spacing if np.isfinite(spacing) else 0.0
