"""The rent layers compiled (model/kernels_rents.py; issue 15).

Kept here: ``Rents.refresh``'s layers as they were written with numpy (a stack of the four
layers times the land mask). The compiled form must give the same bytes, on random grids with
zeros, negative zeros, NaN and infinities, and over months of the model in two regimes (the
groups' values, still numpy's ``einsum``, compared there too).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.armed import RENT_SOURCES
from model.kernels_rents import rent_layers
from model.rents import Rents, cocaine_taxes


def layers_by_numpy(coca_ha, tax, routes, gold, gold_usd, residents, ext, presence, land):
    """``Rents.refresh``'s layers as they were written."""
    rents = np.stack(
        [
            coca_ha * tax,
            np.broadcast_to(routes, land.shape),
            gold * gold_usd,
            residents * ext * (1.0 - presence),
        ]
    )
    return rents * land


def values_by_numpy(strategy, layers):
    """``Rents.set_layers``'s group values as they were written."""
    return np.einsum("gs,sxy->gxy", strategy[:, : len(RENT_SOURCES)], layers)


def odd(rng, shape, scale):
    a = (
        rng.random(shape)
        * scale
        * rng.choice([0.0, 1.0, 1e-300, 1e300], shape, p=[0.2, 0.7, 0.05, 0.05])
    )
    a[rng.random(shape) < 0.02] = -0.0
    a[rng.random(shape) < 0.01] = np.nan
    a[rng.random(shape) < 0.01] = np.inf
    return a


@pytest.mark.parametrize("seed", range(40))
def test_the_compiled_rents_with_the_cocaine_taxes_are_numpys(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 30)), int(rng.integers(1, 30)))
    land = rng.random(shape) < 0.7
    produced, kg_km = odd(rng, shape, 1e3), odd(rng, shape, 1e6)
    production_tax = float(rng.choice([0.0, 150.0, -2.5, rng.random() * 1e3]))
    transit_per_100km = float(rng.choice([0.0, 40.0, rng.random() * 1e2]))
    coca, tax = odd(rng, shape, 50.0), float(rng.choice([0.0, 120.0, -3.5]))
    rest = (odd(rng, shape, 1.0), float(rng.random() * 1e5), odd(rng, shape, 1e4))
    rest += (float(rng.random()), odd(rng, shape, 1.0), land)
    out = np.empty((len(RENT_SOURCES), *shape))
    transit = transit_per_100km / 100.0
    rent_layers(coca, tax, produced, production_tax, kg_km, transit, *rest, out)
    with np.errstate(all="ignore"):
        # model.rents.cocaine_taxes as written: production, then the kilometres carried
        routes = production_tax * produced + transit_per_100km / 100.0 * kg_km
        expected = layers_by_numpy(coca, tax, routes, *rest)
    assert out.tobytes() == expected.tobytes()


@pytest.mark.parametrize("regime", ["certified", "full_cutoff"])
def test_the_models_rents_are_numpys_month_by_month(make_model, regime):
    m = make_model(regime, seed=3)
    rents: Rents = m.rents
    p = m.params.armed
    for _ in range(6):
        m.step()
        month = m.trafficking.month
        expected = layers_by_numpy(
            m.coca_ha,
            p.coca_tax_usd_per_ha,
            cocaine_taxes(month, m.params),
            rents.gold,
            p.gold_usd_per_cell,
            m.population,
            p.extortion_usd_per_person,
            m.presence,
            rents.land,
        )
        rents.refresh(m.coca_ha, m.population, m.presence, month)
        assert rents.layers.tobytes() == expected.tobytes()
        assert rents.group_value.tobytes() == values_by_numpy(rents.strategy, expected).tobytes()
    # no trafficking month: no cocaine taxes (the 0.0 cocaine_taxes gives, broadcast)
    rents.refresh(m.coca_ha, m.population, m.presence, None)
    args = (m.coca_ha, p.coca_tax_usd_per_ha, cocaine_taxes(None, m.params), rents.gold)
    args += (p.gold_usd_per_cell, m.population, p.extortion_usd_per_person, m.presence)
    assert rents.layers.tobytes() == layers_by_numpy(*args, rents.land).tobytes()
