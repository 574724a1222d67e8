"""Agents at set-up: the armed groups, and where fronts, units and growers start (ODD 5, 12-14).

Every draw comes from the model's ``rng`` in this order: each group's front cells (in group
order), the vetted units' cells, the other units' cells. Growers are not drawn: one per cell with
coca in 2023.

* **Fronts**: a group with ``members`` members at the start month has ``max(1, round(members /
  front_size))`` fronts. A department gets a share of them proportional to ``home **
  armed.home_concentration`` (``landscape.group_home``: how established the group is there,
  from the number of sources that place it there; issue 10), whatever its size, as a whole
  number of fronts by largest remainders (:func:`apportion`); within it, cells are drawn with
  replacement, a cell's chance proportional to ``0.2 + static_value`` (coca, gold,
  remoteness); ODD 5 says why not by drawing each front's department, or over the whole
  country, as before. Members are split equally (the remainder to the first fronts).
* **Security units**: vetted units where people live and armed groups are present
  (``sqrt(population) * (0.2 + max_g group_presence)``), the others where people live
  (``sqrt(population)``); a unit's base is its starting cell.
* **Growers**: one on each land cell with more than 0.5 ha of coca in 2023, with that area
  scaled to the start month's national figure and room for ``coca.max_expansion`` times the
  2023 area.

Fronts then settle (``model/settling.py``).

What the world holds at the start (members per group, the coca scale) is ``model/initial.py``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.agentset import AgentSet

from agents import fpmath
from agents.armed import ArmedGroup
from agents.grower import GrowerRows
from model.geo.group_zones import NO_ZONE
from model.groups import group_identity
from model.kernels_placement import area_picks, area_sums
from model.made_at_once import fronts_at_once, growers_at_once, units_at_once
from model.rents import strategy_weights

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.founding import FrontFounding
    from model.simulation import ColombiaModel


def create_groups(model: ColombiaModel, keys: tuple[str, ...]) -> AgentSet[ArmedGroup]:
    """The armed groups, in ``keys`` order (actor indices 1..G).

    Each gets its strategy weights (params) and its home territories (``landscape.group_home``).
    """
    groups = [
        ArmedGroup(
            model,
            key,
            group_identity(key).name,
            g + 1,
            strategy_weights(model.params, key),
            model.landscape.group_home[g],
        )
        for g, key in enumerate(keys)
    ]
    return AgentSet(groups, random=model.random)


def sample_cells(
    rng: np.random.Generator, land: np.ndarray, weights: np.ndarray, n: int
) -> list[tuple[int, int]]:
    """Draw ``n`` land cells with probability proportional to ``weights`` (with replacement).

    The draw is numpy's ``Generator.choice(size, n, p=p)`` with replacement, its own steps
    (the cumulative sum of ``p`` over its last value, ``n`` uniforms, ``searchsorted`` to the
    right) without its checks of ``p`` and call overhead: half the time (issue 15), the same
    cells and the same generator state; :func:`sample_cells_choice` keeps the call it replaced
    (``tests/test_placement.py`` compares them). ``p`` that ``choice`` would refuse (a negative
    or NaN weight, an infinite sum) raises ``ValueError`` as it does.
    """
    flat = np.where(land, weights, 0.0).ravel()
    total = flat.sum()
    if n <= 0 or total <= 0:
        return []
    if not np.isfinite(total) or (flat < 0).any():
        raise ValueError("probabilities are not non-negative and finite")
    p = flat / total
    cdf = p.cumsum()
    cdf /= cdf[-1]
    picks = cdf.searchsorted(rng.random(n), side="right")
    h = land.shape[1]
    return [(int(i // h), int(i % h)) for i in picks]


def sample_cells_choice(
    rng: np.random.Generator, land: np.ndarray, weights: np.ndarray, n: int
) -> list[tuple[int, int]]:
    """:func:`sample_cells` as ``rng.choice`` (the reference it is tested against)."""
    flat = np.where(land, weights, 0.0).ravel()
    if n <= 0 or flat.sum() <= 0:
        return []
    picks = rng.choice(flat.size, size=n, p=flat / flat.sum())
    h = land.shape[1]
    return [(int(i // h), int(i % h)) for i in picks]


def sample_in_areas(
    rng: np.random.Generator, areas: np.ndarray, weights: np.ndarray, counts: list[int]
) -> list[tuple[int, int]]:
    """:func:`sample_cells` in each area in turn: ``counts[k]`` cells of ``areas[k]``.

    The same cells and generator state as ``sample_cells(rng, areas[k], weights, counts[k])``
    for each ``k`` in order, the lists joined (:func:`sample_in_areas_one_by_one`, which
    ``tests/test_placement.py`` compares): every area's sum, cumulative sums and search in
    compiled loops with numpy's operations in numpy's order (``model/kernels_placement.py``),
    the uniforms of all areas in one draw (the same stream as a draw per area). An area of no
    weight draws nothing, as there; where ``sample_cells`` would refuse an area (a negative or
    infinite weight) or its cumulative sum would not end positive and finite, the areas are
    drawn one by one (and refused there). About a tenth of ``sample_cells``' time a group
    (issue 15).

    Args:
        rng: The generator.
        areas: ``[area, x, y]`` the cells each area allows (booleans).
        weights: ``[x, y]`` the cells' weights.
        counts: Cells to draw in each area.
    """
    counts = [int(c) for c in counts]
    drawn = [k for k, c in enumerate(counts) if c > 0]
    if not drawn:
        return []
    masks = np.ascontiguousarray(areas[drawn], dtype=np.bool_).reshape(len(drawn), -1)
    flat = np.ascontiguousarray(weights, dtype=np.float64).ravel()
    sums, lasts = np.empty(len(drawn)), np.empty(len(drawn))
    negative = area_sums(masks, flat, sums, lasts)
    valid = sums > 0  # sample_cells returns at once (no uniforms) otherwise
    odd = ~np.isfinite(sums) | negative | ~np.isfinite(lasts) | (lasts <= 0)
    if (valid & odd).any():
        return sample_in_areas_one_by_one(rng, areas, weights, counts)
    rows = np.flatnonzero(valid)
    taken = np.array([counts[drawn[r]] for r in rows.tolist()], dtype=np.int64)
    uniforms = rng.random(int(taken.sum()))
    picks = np.empty(len(uniforms), dtype=np.int64)
    area_picks(masks, flat, sums, rows, taken, uniforms, picks)
    h = areas.shape[2]
    return [divmod(i, h) for i in picks.tolist()]


def sample_in_areas_one_by_one(
    rng: np.random.Generator, areas: np.ndarray, weights: np.ndarray, counts: list[int]
) -> list[tuple[int, int]]:
    """:func:`sample_in_areas` as :func:`sample_cells` per area (the reference)."""
    cells: list[tuple[int, int]] = []
    for area, count in zip(areas, counts, strict=True):
        if count:
            cells += sample_cells(rng, area, weights, int(count))
    return cells


def static_value(layers: dict[str, np.ndarray]) -> np.ndarray:
    """Value of cells to armed groups at set-up, normalized to [0, 1] (placement only)."""
    raw = layers["coca_suitability"] + layers["gold"] + 0.5 * layers["remoteness"]
    return raw / raw.max() if raw.max() > 0 else raw


def territory(department: np.ndarray, zone: np.ndarray | None) -> np.ndarray:
    """A group's territories: the department of each cell, or that of its stronghold over it.

    Args:
        department: ``[x, y]`` fitted department index (-1 off land).
        zone: ``[x, y]`` ``landscape.group_zone[g]`` (-1 where no stronghold); None: none.
    """
    if zone is None:
        return department
    return np.where((zone != NO_ZONE) & (department >= 0), zone, department)


def front_weights(
    home: np.ndarray,
    department: np.ndarray,
    value: np.ndarray,
    concentration: float,
    zone: np.ndarray | None = None,
) -> np.ndarray:
    """A group's chance of placing a front on each cell (module docstring), summing to 1.

    Args:
        home: ``[x, y]`` the group's home strength (``landscape.group_home[g]``, 0..1).
        department: ``[x, y]`` department index (-1 off land).
        value: ``[x, y]`` static value of cells (:func:`static_value`).
        concentration: ``armed.home_concentration``.
        zone: ``[x, y]`` the department of the group's stronghold over each cell, -1 none
            (``landscape.group_zone[g]``); None: no strongholds.

    Returns:
        ``[x, y]`` weights: each territory's (:func:`territory`) share is ``home **
        concentration`` (its largest home: 1 where it has a stronghold) over the group's
        territories, split among its cells by ``0.2 + value``, among its stronghold's cells
        only where it has one; zeros if it has no home.
    """
    dep_map = territory(department, zone)
    on = (dep_map >= 0) & (home > 0)
    if not on.any():
        return np.zeros(home.shape)
    dep = np.where(on, dep_map, 0)
    n_dep = int(dep_map.max()) + 1
    cell = np.where(on, 0.2 + value, 0.0)
    if zone is not None:
        zoned = on & (zone != NO_ZONE)
        has_zone = np.zeros(n_dep, dtype=bool)
        has_zone[dep[zoned]] = True
        cell = np.where(has_zone[dep] & ~zoned, 0.0, cell)
    dep_value = np.bincount(dep[on], weights=cell[on], minlength=n_dep)
    dep_home = np.zeros(n_dep)
    np.maximum.at(dep_home, dep[on], home[on])
    share = fpmath.power(dep_home, concentration)
    share /= share.sum()
    weights = np.where(on, share[dep] * cell / np.maximum(dep_value[dep], 1e-12), 0.0)
    return weights / weights.sum()


def apportion(share: np.ndarray, n: int) -> np.ndarray:
    """``n`` fronts split over departments in proportion to ``share`` (largest remainders).

    Each department gets the integer part of ``n * share``; the fronts left over go one each
    to the departments with the largest fractional parts (ties: the lower index). Hamilton's
    method: every department gets its quota rounded down or up, never further from it.

    Args:
        share: ``[department]`` non-negative shares (any scale; all zero gives none).
        n: Fronts to split.

    Returns:
        ``[department]`` integer counts summing to ``n`` (zeros if ``share`` sums to 0).
    """
    share = np.asarray(share, dtype=float)
    total = share.sum()
    if n <= 0 or total <= 0:
        return np.zeros(share.shape, dtype=np.int64)
    exact = share / total * n
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - int(counts.sum())]] += 1
    return counts


def place_fronts(
    model: ColombiaModel,
    groups: list[ArmedGroup],
    initial: dict[str, int],
    founding: FrontFounding,
) -> None:
    """Fronts of about ``front_size`` members in each group's home territories, toward value.

    Args:
        model: The model.
        groups: Its groups.
        initial: Members of each group at the start (``model/initial.py``), by key.
        founding: The model's :class:`~model.founding.FrontFounding` of ``groups``, whose
            weights and territories are these.
    """
    p = model.params.armed
    for group in groups:
        members = initial[group.key]
        n_fronts = max(1, round(members / p.front_size)) if members > 0 else 0
        weights = founding.weights[group.index]
        department = founding.territory[group.index]
        on = founding.on[group.index]
        share = np.bincount(department[on], weights=weights[on], minlength=department.max() + 1)
        counts = apportion(share, n_fronts)
        # the territories that get fronts, in order (each a territory's cells where it is on)
        chosen = np.flatnonzero(counts)
        areas = on & (department == chosen[:, None, None])
        cells = sample_fronts(model.rng, areas, weights, counts[chosen].tolist())
        if not cells:
            continue
        sizes = np.full(len(cells), members // len(cells))
        sizes[: members - sizes.sum()] += 1
        new_fronts(model, group, [model.grid[c] for c in cells], sizes.tolist())


def place_security_units(model: ColombiaModel) -> None:
    """Bases weighted by sqrt(population); vetted units where armed groups are present."""
    p = model.params.security
    pop = np.sqrt(model.landscape.layers["population"])
    armed = model.landscape.group_presence.max(axis=0)
    n_vetted = min(p.n_vetted, p.n_units)
    kinds = ((pop * (0.2 + armed), n_vetted, True), (pop, p.n_units - n_vetted, False))
    for weights, n, vetted in kinds:
        cells = sample_cells(model.rng, model.land, weights, n)
        new_units(model, [model.grid[c] for c in cells], vetted)


def place_growers(model: ColombiaModel, coca_scale: float) -> GrowerRows:
    """One grower agent on each cell with coca in 2023, its area scaled to the start month.

    Args:
        model: The model.
        coca_scale: National coca of the start month over that of 2023 (``model/initial.py``).

    Returns:
        The growers' rows, which the agents view (``agents/grower.py``).
    """
    ha = model.landscape.layers["coca_ha_2023"]
    xs, ys = np.nonzero(model.land & (ha > 0.5))
    area = ha[xs, ys]
    rows = GrowerRows(xs, ys, coca_scale * area, model.params.coca.max_expansion * area)
    new_growers(model, rows)  # each on its row's cell
    return rows


#: how the set-up makes its agents: many at once (``model/made_at_once.py``; the tests and
#: ``benchmarks/bench_setup.py --references`` put the one-by-one forms here)
new_growers = growers_at_once
new_fronts = fronts_at_once
new_units = units_at_once
#: how the set-up draws a group's fronts' cells: every territory at once (the tests and
#: ``benchmarks/bench_setup.py --references`` put ``sample_in_areas_one_by_one`` here)
sample_fronts = sample_in_areas
