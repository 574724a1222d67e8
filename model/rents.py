"""Rents: what each cell is worth to an armed group, per source of money (ODD 7.4; C3, C5, C6).

Rent layers ``layers[source, x, y]`` in US$/month on land, for ``RENT_SOURCES = (coca, routes,
gold, extortion)``:

* ``coca = coca_ha * armed.coca_tax_usd_per_ha`` (taxes on growers);
* ``routes = production_tax_usd_per_kg * produced_kg + transit_tax_usd_per_kg_100km / 100 *
  kg_km`` (``trafficking.*``): a tax on the cocaine produced in the cell and on every kilogram
  carried across it, each kilogram taxed for the kilometres it travels from the cell toward its
  exit (``model/trafficking/``, the month's flows; C5, C6): corridors and production zones are
  worth holding, and their worth follows the routes as they move;
* ``gold = gold * armed.gold_usd_per_cell`` (illegal alluvial gold);
* ``extortion = residents * armed.extortion_usd_per_person * (1 - presence)``: extortion shrinks
  as the state is present (C3, F9).

The first three are territorial rents, collected by whoever controls a cell
(:meth:`agents.armed.ArmedGroup.collect_revenue`); extortion is taken on the spot by the fronts
standing in the cell. What a cell is worth to group ``g`` is its strategy weights over the rents,
``group_value[g] = sum over sources of strategy[g, source] * layers[source]``: its fronts move
toward value (ODD 7.6).
"""

from __future__ import annotations

import numpy as np

from agents.armed import RENT_SOURCES, STRATEGY_SOURCES
from model.kernels_rents import rent_layers
from model.params import Params
from model.trafficking import TraffickingMonth


def _floats(a: np.ndarray) -> np.ndarray:
    """``a`` as a C-ordered float64 array (a copy only if it is not one already)."""
    return np.ascontiguousarray(a, dtype=float)


def strategy_weights(params: Params, key: str) -> np.ndarray:
    """A group's strategy weights over ``STRATEGY_SOURCES`` (``params.groups.<key>``)."""
    section = params.groups.of(key)
    return np.array([getattr(section, source) for source in STRATEGY_SOURCES], dtype=float)


def cocaine_taxes(trafficking: TraffickingMonth | None, params: Params) -> np.ndarray | float:
    """Cocaine taxes of each cell (US$/month): production and transit (module docstring)."""
    if trafficking is None:
        return 0.0
    t = params.trafficking
    return (
        t.production_tax_usd_per_kg * trafficking.produced_kg
        + t.transit_tax_usd_per_kg_100km / 100.0 * trafficking.kg_km
    )


class Rents:
    """The month's rent layers and what they are worth to each group."""

    def __init__(
        self, params: Params, layers: dict[str, np.ndarray], land: np.ndarray, strategy: np.ndarray
    ) -> None:
        """Set up the static parts; every layer is zero until the first :meth:`refresh`.

        Args:
            params: Parameters (``armed`` and ``trafficking`` sections).
            layers: The landscape's static layers (``gold``).
            land: Land mask.
            strategy: Strategy weights, ``[group, STRATEGY_SOURCES]``.
        """
        self.params = params
        self.land = land
        self.gold = layers["gold"]
        self.strategy = strategy
        #: rent per source (US$/month), ``[RENT_SOURCES, x, y]``
        self.layers = np.zeros((len(RENT_SOURCES), *land.shape))
        # what a cell is worth to each group, made when first read (:attr:`group_value`)
        self._group_value: np.ndarray | None = np.zeros((len(strategy), *land.shape))
        self._no_cocaine = np.zeros(land.shape)  # the flows of no trafficking month

    def refresh(
        self,
        coca_ha: np.ndarray,
        residents: np.ndarray,
        presence: np.ndarray,
        trafficking: TraffickingMonth | None,
    ) -> None:
        """Recompute the rent layers from this month's world (module docstring)."""
        p = self.params.armed
        layers = np.empty((len(RENT_SOURCES), *self.land.shape))
        # one compiled pass, the floats of the numpy rule, the cocaine taxes formed in it
        # (cocaine_taxes' floats; model/kernels_rents.py; issue 15); no month: no taxes (0.0)
        produced, kg_km, production_tax, transit_tax = self._no_cocaine, self._no_cocaine, 0.0, 0.0
        if trafficking is not None:
            t = self.params.trafficking
            produced, kg_km = _floats(trafficking.produced_kg), _floats(trafficking.kg_km)
            production_tax = float(t.production_tax_usd_per_kg)
            transit_tax = float(t.transit_tax_usd_per_kg_100km / 100.0)
        rent_layers(
            _floats(coca_ha),
            p.coca_tax_usd_per_ha,
            produced,
            production_tax,
            kg_km,
            transit_tax,
            _floats(self.gold),
            p.gold_usd_per_cell,
            _floats(residents),
            p.extortion_usd_per_person,
            _floats(presence),
            np.ascontiguousarray(self.land, dtype=bool),
            layers,
        )
        self.set_layers(layers)

    def set_layers(self, layers: np.ndarray) -> None:
        """Take ``layers`` as the month's rents and value them for every group.

        Args:
            layers: Rent per source and cell, ``[RENT_SOURCES, x, y]`` (US$/month).
        """
        self.layers = layers
        # valued when first read: the month's second refresh is read by nobody before the
        # next month's first replaces it (half of the einsums a run; issue 15)
        self._group_value = None

    @property
    def group_value(self) -> np.ndarray:
        """What a cell is worth to each group (US$/month), ``[group, x, y]``.

        ``sum over sources of strategy[g, source] * layers[source]`` of the layers last set,
        computed on the first read after :meth:`set_layers` and kept (a reader's writes into
        it stay until the next refresh, as when it was computed there).
        """
        if self._group_value is None:
            # numpy's einsum stays: its order of summation depends on the shapes (issue 15)
            self._group_value = np.einsum(
                "gs,sxy->gxy", self.strategy[:, : len(RENT_SOURCES)], self.layers
            )
        return self._group_value
