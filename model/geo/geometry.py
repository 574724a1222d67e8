"""Geometry on the sphere and over a grid's land cells: distances, cell areas, kernels.

Everything here is plain numpy over arrays of cells; nothing reads a file or knows Colombia.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from agents import fpmath

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """Great-circle distance in km between points in degrees (numpy broadcasting).

    Args:
        lat1: Latitude(s) of the first point(s), degrees.
        lon1: Longitude(s) of the first point(s), degrees.
        lat2: Latitude(s) of the second point(s), degrees.
        lon2: Longitude(s) of the second point(s), degrees.

    Returns:
        The distances, broadcast over the inputs.
    """
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * fpmath.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def cell_area_km2(lat: np.ndarray, res_deg: float) -> np.ndarray:
    """Area in km2 of ``res_deg`` x ``res_deg`` cells centred at latitude ``lat`` (sphere).

    Args:
        lat: Latitudes of the cell centres, degrees.
        res_deg: Side of a cell, degrees.

    Returns:
        The areas, same shape as ``lat``.
    """
    half = math.radians(res_deg) / 2.0
    phi = np.radians(lat)
    band = np.abs(np.sin(phi + half) - np.sin(phi - half))
    return EARTH_RADIUS_KM**2 * math.radians(res_deg) * band


def normalise_max(values: np.ndarray) -> np.ndarray:
    """``values`` over their maximum (all zeros when the maximum is not positive)."""
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


@dataclass(frozen=True, slots=True)
class LandCells:
    """The land cells of a grid as flat vectors, the unit the Colombia builders work in.

    Attributes:
        xs: ``(n,)`` column of each land cell.
        ys: ``(n,)`` row of each land cell, counted from the south.
        lat: ``(n,)`` latitude of the cell centres, degrees.
        lon: ``(n,)`` longitude of the cell centres, degrees.
        km2: ``(n,)`` cell areas, km2.
        shape: ``(width, height)`` of the grid.
    """

    xs: np.ndarray
    ys: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    km2: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(cls, land: np.ndarray, lat: np.ndarray, lon: np.ndarray, res_deg: float) -> LandCells:
        """The land cells of a ``[x, y]`` grid.

        Args:
            land: ``[x, y]`` land mask (non-zero on land).
            lat: ``[x, y]`` latitude of the cell centres.
            lon: ``[x, y]`` longitude of the cell centres.
            res_deg: Side of a cell, degrees.

        Returns:
            The land cells, in ``np.nonzero`` order (by column, then row).
        """
        xs, ys = np.nonzero(land)
        lat_c, lon_c = lat[xs, ys], lon[xs, ys]
        return cls(xs, ys, lat_c, lon_c, cell_area_km2(lat_c, res_deg), tuple(land.shape))

    @property
    def n(self) -> int:
        """Number of land cells."""
        return int(self.xs.size)

    def distances_km(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """``(n, k)`` great-circle distance from every land cell to each of ``k`` points."""
        return haversine_km(self.lat[:, None], self.lon[:, None], lat[None, :], lon[None, :])

    def to_grid(self, values: Any, dtype: Any, fill: float = 0) -> np.ndarray:
        """Scatter per-cell ``values`` into a new ``[x, y]`` grid, ``fill`` off land."""
        out = np.full(self.shape, fill, dtype=dtype)
        out[self.xs, self.ys] = values
        return out


def spread(
    totals: np.ndarray,
    dep: np.ndarray,
    dist: np.ndarray,
    bandwidth_km: np.ndarray,
    modifier: np.ndarray,
    cell_km2: np.ndarray,
    anchors: np.ndarray | None = None,
) -> np.ndarray:
    """Distribute department totals over their cells with a Gaussian kernel.

    Args:
        totals: ``(D,)`` amount per department.
        dep: ``(n,)`` department index of each land cell.
        dist: ``(n,)`` distance of each cell to its own department's capital, km.
        bandwidth_km: ``(D,)`` kernel bandwidth per department.
        modifier: ``(n,)`` multiplicative weight per cell.
        cell_km2: ``(n,)`` cell areas (the kernel is a density).
        anchors: Optional cell indices that get full kernel weight (distance treated as 0).

    Returns:
        ``(n,)`` amount per cell; each department's cells sum to its total.
    """
    n_dep = totals.shape[0]
    kernel = fpmath.exp(-0.5 * (dist / bandwidth_km[dep]) ** 2)
    if anchors is not None:
        kernel[anchors] = 1.0
    w = kernel * modifier * cell_km2
    sums = np.bincount(dep, weights=w, minlength=n_dep)
    empty = sums[dep] <= 0.0
    if np.any(empty):  # kernel underflow: fall back to uniform density
        w = np.where(empty, cell_km2, w)
        sums = np.bincount(dep, weights=w, minlength=n_dep)
    safe = np.where(sums > 0.0, sums, 1.0)
    return totals[dep] * w / safe[dep]
