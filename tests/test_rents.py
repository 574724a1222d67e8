"""Rent layers and route rent (model/rents.py) on a tiny grid."""

from __future__ import annotations

import numpy as np
import pytest

from agents.armed import RENT_SOURCES, STRATEGY_SOURCES
from model.params import Params
from model.rents import Rents, route_rent, strategy_weights
from model.trafficking import TraffickingMonth

SHAPE = (4, 3)


def rents_on_tiny_grid(params: Params, strategy: np.ndarray | None = None) -> Rents:
    land = np.ones(SHAPE, dtype=bool)
    land[0, 0] = False
    layers = {
        "gold": np.full(SHAPE, 0.5),
        "exit_distance_km": np.arange(12.0).reshape(SHAPE) * 25.0,
    }
    if strategy is None:
        strategy = np.ones((2, len(STRATEGY_SOURCES)))
    return Rents(params, layers, land, strategy)


@pytest.mark.parametrize("distance_km", [25.0, 50.0, 200.0])
def test_route_rent_halves_at_the_route_rent_distance(distance_km):
    params = Params.from_overrides({"trafficking.route_rent_distance_km": distance_km})
    d = np.array([0.0, distance_km, 3 * distance_km])
    rent = route_rent(d, params)
    usd = params.trafficking.route_rent_usd
    np.testing.assert_allclose(rent, [usd, usd / 2, usd / 4])


def test_the_route_rent_distance_is_a_bounded_parameter():
    from model.errors import ParamsError

    assert Params().trafficking.route_rent_distance_km == 50.0
    with pytest.raises(ParamsError):
        Params.from_overrides({"trafficking.route_rent_distance_km": 0.0})


def test_rent_layers_follow_their_sources_on_land_only():
    params = Params()
    a = params.armed
    rents = rents_on_tiny_grid(params)
    coca = np.full(SHAPE, 2.0)
    residents = np.full(SHAPE, 1000.0)
    presence = np.full(SHAPE, 0.25)
    exported = np.zeros(SHAPE)
    exported[1, 1] = 10.0
    month = TraffickingMonth(1.0, 0.0, 1.0, exported)
    rents.refresh(coca, residents, presence, month)
    layer = dict(zip(RENT_SOURCES, rents.layers, strict=True))
    assert not rents.layers[:, 0, 0].any()  # off land
    assert layer["coca"][1, 0] == pytest.approx(2.0 * a.coca_tax_usd_per_ha)
    assert layer["gold"][1, 0] == pytest.approx(0.5 * a.gold_usd_per_cell)
    assert layer["extortion"][1, 0] == pytest.approx(1000.0 * a.extortion_usd_per_person * 0.75)
    price = params.trafficking.price_usd_per_kg
    assert layer["routes"][1, 1] == pytest.approx(rents.route_rent[1, 1] + 10.0 * price)
    assert layer["routes"][2, 1] == pytest.approx(rents.route_rent[2, 1])


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
