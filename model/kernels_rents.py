"""The month's rent layers, compiled (ODD 7.4; issue 15).

:meth:`model.rents.Rents.refresh` built the four rent layers with eight numpy operations on the
grid twice a month (the products, a stack, the land mask); here they are one pass over the cells
with the same IEEE operations in the same order, no ``fastmath``: each layer is its product
written left to right, times the land mask as a float (``1.0`` on land, ``0.0`` off it, as
numpy multiplies by a boolean array). The groups' values of a cell stay numpy's ``einsum``:
its order of summation depends on the arrays' shapes (a compiled sum in the sources' order
matched it on the model's grids but not on a 1 x 1 one), so it is not reproduced.
The routes' layer is formed in the same pass from the month's cocaine flows
(``model.rents.cocaine_taxes``: ``production_tax * produced + transit_tax * kg_km``, three numpy
passes over the grid and a broadcast before).

``tests/test_kernels_rents.py`` keeps the numpy form and compares bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def rent_layers(
    coca_ha: np.ndarray,
    coca_tax: float,
    produced: np.ndarray,
    production_tax: float,
    kg_km: np.ndarray,
    transit_tax: float,
    gold: np.ndarray,
    gold_usd: float,
    residents: np.ndarray,
    extortion_usd: float,
    presence: np.ndarray,
    land: np.ndarray,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled; guarded by tests/test_kernels_rents.py
    """The four rent layers ``[coca, routes, gold, extortion]`` into ``out`` (``Rents.refresh``).

    ``coca_ha * coca_tax``, ``routes = production_tax * produced + transit_tax * kg_km``,
    ``gold * gold_usd`` and ``residents * extortion_usd * (1 - presence)``, each times the land
    mask. ``transit_tax`` is the tax per kilogram and kilometre (``transit_tax_usd_per_kg_100km
    / 100``, as ``model.rents.cocaine_taxes`` divides it before multiplying).
    """
    width, height = land.shape
    for x in range(width):
        for y in range(height):
            on = 1.0 if land[x, y] else 0.0
            routes = production_tax * produced[x, y] + transit_tax * kg_km[x, y]
            out[0, x, y] = coca_ha[x, y] * coca_tax * on
            out[1, x, y] = routes * on
            out[2, x, y] = gold[x, y] * gold_usd * on
            out[3, x, y] = residents[x, y] * extortion_usd * (1.0 - presence[x, y]) * on
