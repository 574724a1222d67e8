"""Rent layers and cocaine taxes (model/rents.py) on a tiny grid."""

from __future__ import annotations

import numpy as np
import pytest

from agents.armed import RENT_SOURCES, STRATEGY_SOURCES
from model.params import Params
from model.rents import Rents, cocaine_taxes, strategy_weights
from model.trafficking import TraffickingMonth

SHAPE = (4, 3)


def rents_on_tiny_grid(params: Params, strategy: np.ndarray | None = None) -> Rents:
    land = np.ones(SHAPE, dtype=bool)
    land[0, 0] = False
    layers = {"gold": np.full(SHAPE, 0.5)}
    if strategy is None:
        strategy = np.ones((2, len(STRATEGY_SOURCES)))
    return Rents(params, layers, land, strategy)


def cocaine_month(produced: np.ndarray, kg_km: np.ndarray) -> TraffickingMonth:
    zero = np.zeros(SHAPE)
    return TraffickingMonth(
        potential_t=produced.sum() / 1000.0,
        shipped_t=0.0,
        seized_t=0.0,
        seized_partners_t=0.0,
        exported_t=0.0,
        in_transit_t=0.0,
        produced_kg=produced,
        through_kg=zero,
        kg_km=kg_km,
        seized_kg=zero,
        exit_arrivals_t=np.zeros(1),
        exit_seized_t=np.zeros(1),
    )


def test_cocaine_taxes_are_on_production_and_on_kilometres_carried():
    params = Params()
    t = params.trafficking
    produced = np.zeros(SHAPE)
    produced[1, 1] = 10.0
    kg_km = np.zeros(SHAPE)
    kg_km[2, 1] = 500.0
    taxes = cocaine_taxes(cocaine_month(produced, kg_km), params)
    assert taxes[1, 1] == pytest.approx(10.0 * t.production_tax_usd_per_kg)
    assert taxes[2, 1] == pytest.approx(5.0 * t.transit_tax_usd_per_kg_100km)
    assert cocaine_taxes(None, params) == 0.0


def test_rent_layers_follow_their_sources_on_land_only():
    params = Params()
    a = params.armed
    rents = rents_on_tiny_grid(params)
    coca = np.full(SHAPE, 2.0)
    residents = np.full(SHAPE, 1000.0)
    presence = np.full(SHAPE, 0.25)
    produced = np.zeros(SHAPE)
    produced[1, 1] = 10.0
    month = cocaine_month(produced, np.zeros(SHAPE))
    rents.refresh(coca, residents, presence, month)
    layer = dict(zip(RENT_SOURCES, rents.layers, strict=True))
    assert not rents.layers[:, 0, 0].any()  # off land
    assert layer["coca"][1, 0] == pytest.approx(2.0 * a.coca_tax_usd_per_ha)
    assert layer["gold"][1, 0] == pytest.approx(0.5 * a.gold_usd_per_cell)
    assert layer["extortion"][1, 0] == pytest.approx(1000.0 * a.extortion_usd_per_person * 0.75)
    tax = params.trafficking.production_tax_usd_per_kg
    assert layer["routes"][1, 1] == pytest.approx(10.0 * tax)
    assert layer["routes"][2, 1] == 0.0


def test_group_value_is_the_groups_weights_over_the_rents():
    params = Params.from_overrides({"groups.egc.gold": 4.0, "groups.egc.coca": 0.0})
    strategy = np.stack([strategy_weights(params, "egc"), strategy_weights(params, "eln")])
    rents = rents_on_tiny_grid(params, strategy)
    layers = np.zeros((len(RENT_SOURCES), *SHAPE))
    layers[RENT_SOURCES.index("coca"), 1, 1] = 100.0
    layers[RENT_SOURCES.index("gold"), 2, 2] = 100.0
    rents.set_layers(layers)
    eln = params.groups.of("eln")
    assert rents.group_value[0][2, 2] == pytest.approx(400.0)
    assert rents.group_value[0][1, 1] == 0.0
    assert rents.group_value[1][1, 1] == pytest.approx(100.0 * eln.coca)
    assert rents.group_value[1][2, 2] == pytest.approx(100.0 * eln.gold)


def test_group_value_is_made_when_read_and_kept_until_the_next_layers():
    """Valued on the first read after set_layers (issue 15): the einsum of those layers, kept."""
    params = Params()
    strategy = np.stack([strategy_weights(params, key) for key in ("egc", "eln", "emc")])
    rents = rents_on_tiny_grid(params, strategy)
    assert not rents.group_value.any()  # before any refresh: nothing is worth anything
    rng = np.random.default_rng(4)
    layers = rng.lognormal(5.0, 2.0, (len(RENT_SOURCES), *SHAPE))
    rents.set_layers(layers)
    eager = np.einsum("gs,sxy->gxy", strategy[:, : len(RENT_SOURCES)], layers)
    first = rents.group_value
    assert first.tobytes() == eager.tobytes()
    assert rents.group_value is first  # computed once per layers
    first[0, 0, 0] = -1.0  # a reader's write stays until the next layers, as before
    assert rents.group_value[0, 0, 0] == -1.0
    doubled = layers * 2.0
    rents.set_layers(doubled)
    want = np.einsum("gs,sxy->gxy", strategy[:, : len(RENT_SOURCES)], doubled)
    assert rents.group_value.tobytes() == want.tobytes()
