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
