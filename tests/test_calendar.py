import re

import numpy as np
import pytest

from model.calendar import MONTH_PATTERN, month_index, month_label, per_month

START = "2025-09"


def test_month_index_and_label_round_trip():
    for m in (-13, -1, 0, 1, 4, 11, 12, 40, 125):
        assert month_index(month_label(m, START), START) == m
    for start in ("2016-01", "2025-12"):
        for m in (-1, 0, 1, 11, 12, 13):
            assert month_index(month_label(m, start), start) == m


@pytest.mark.parametrize(
    ("index", "label"),
    [(0, "2025-09"), (3, "2025-12"), (4, "2026-01"), (12, "2026-09"), (-9, "2024-12")],
)
def test_month_label_crosses_year_ends(index, label):
    assert month_label(index, START) == label
    assert month_index(label, START) == index


def test_month_pattern_accepts_months_and_nothing_else():
    for good in ("2025-01", "2025-09", "2025-12", "0001-10"):
        assert re.match(MONTH_PATTERN, good)
    for bad in ("2025-00", "2025-13", "2025-9", "25-09", "2025-09-01", "2025/09"):
        assert not re.match(MONTH_PATTERN, bad)


def test_per_month_splits_a_year_evenly():
    assert per_month(413.0) == pytest.approx(413.0 / 12)
    yearly = np.array([45.0, 70.0, 0.0])
    np.testing.assert_allclose(per_month(yearly) * 12, yearly)
