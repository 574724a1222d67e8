"""The coca layer's sums by cell, compiled (model/coca.py; issue 15).

``CocaFields._sum`` summed the growers' values onto their cells with ``np.add.at``; it now adds
them one by one in the growers' order with ``model.spread.add_at``. The same bytes, on a
model's growers (many share a cell) with random values, and on the model's own months.
"""

from __future__ import annotations

import copy

import numpy as np


def sum_by_numpy(coca, values):
    """``CocaFields._sum`` as it was written."""
    layer = np.zeros(coca.shape)
    if len(coca.xy):
        np.add.at(layer, (coca.xy[:, 0], coca.xy[:, 1]), values)
    return layer


def test_the_coca_sums_are_np_add_at_bit_for_bit(make_model):
    m = make_model("certified", seed=2)
    coca = m.coca
    rng = np.random.default_rng(5)
    crowded = copy.copy(coca)  # few cells, many growers each: the order shows in the floats
    crowded.xy = np.column_stack([rng.integers(0, 3, 500), rng.integers(0, 4, 500)])
    for fields in (coca, crowded):
        for _ in range(20):
            values = rng.lognormal(1.0, 3.0, len(fields.xy)) * rng.choice([1.0, -1.0, 1e-9])
            values[rng.random(len(values)) < 0.05] = -0.0
            assert fields._sum(values).tobytes() == sum_by_numpy(fields, values).tobytes()
    for _ in range(4):
        m.step()
        rows = m.grower_rows
        assert coca.layer(rows.coca_ha).tobytes() == sum_by_numpy(coca, rows.coca_ha).tobytes()
        assert m.coca_ha.tobytes() == sum_by_numpy(coca, rows.coca_ha).tobytes()


def grievance_by_numpy(coca, eradicated_ha, coca_ha, replant_share):
    """``CocaFields.record_eradication``'s new grievance as it was written with numpy."""
    eradicated = sum_by_numpy(coca, eradicated_ha)
    before = coca_ha + eradicated * (1.0 - replant_share)
    share = np.divide(eradicated, before, out=np.zeros(coca.shape), where=before > 0)
    return coca.grievance * coca.fade + share


def test_the_grievance_is_the_numpy_forms_bit_for_bit(make_model):
    m = make_model("certified", seed=4)
    coca = m.coca
    rng = np.random.default_rng(9)
    n = len(coca.xy)
    for month in range(12):
        erad = rng.lognormal(0.0, 2.0, n) * rng.choice([0.0, 1.0, -1.0], n, p=[0.5, 0.45, 0.05])
        erad[rng.random(n) < 0.05] = -0.0
        erad[rng.random(n) < 0.02] = np.nan
        layer = rng.lognormal(0.0, 2.0, coca.shape) * (rng.random(coca.shape) < 0.5)
        layer[rng.random(coca.shape) < 0.05] = -layer[rng.random(coca.shape) < 0.05].sum()
        replant = float(rng.choice([0.0, 0.3, 1.0, 1.5]))
        with np.errstate(all="ignore"):
            expected = grievance_by_numpy(coca, erad, layer, replant)
            coca.record_eradication(erad, layer, replant)
        assert coca.grievance.tobytes() == expected.tobytes(), month
    for _ in range(4):  # and over the model's own months
        kept = coca.grievance.copy()
        m.step()
        rows = m.grower_rows
        coca.grievance = kept
        expected = grievance_by_numpy(
            coca, rows.eradicated_ha, m.coca_ha, m.params.coca.replant_share
        )
        coca.record_eradication(rows.eradicated_ha, m.coca_ha, m.params.coca.replant_share)
        assert coca.grievance.tobytes() == expected.tobytes()
