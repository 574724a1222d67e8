"""The calibration's distance (runs/distance.py) agrees with the scorecard's pass counts."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from runs.distance import E_CAP, SLOPE, cost, distance, mean_records, scaled_error
from runs.scoring import Record


def record(
    family, criterion, tolerance, observed, mean, series="coca_ha_unodc", label="2021", last=None
):
    """A scored record with the model's mean ``mean`` (low and high the same)."""
    return Record(
        family=family,
        series=series,
        period=label,
        label=label,
        measure="m",
        criterion=criterion,
        tolerance=tolerance,
        observed=observed,
        model_mean=mean,
        model_low=mean,
        model_high=mean,
        last_month=last or "2021-12",
    )


CASES = [
    # (criterion, tolerance, observed, model means to try)
    ("relative", 0.25, 100.0, np.linspace(0.0, 400.0, 161)),
    ("relative", 0.5, -40.0, np.linspace(-120.0, 40.0, 81)),
    ("direction", 0.05, 0.3, np.linspace(-0.4, 0.4, 161)),
    ("direction", 0.05, -0.2, np.linspace(-0.4, 0.4, 161)),
    ("direction", 0.05, 0.01, np.linspace(-0.4, 0.4, 161)),
    ("at_least", 0.67, None, np.linspace(0.0, 1.0, 101)),
    ("at_most", 0.25, None, np.linspace(0.0, 1.0, 101)),
]


@pytest.mark.parametrize(("criterion", "tolerance", "observed", "means"), CASES)
def test_scaled_error_is_at_most_one_exactly_when_the_scorecard_passes(
    criterion, tolerance, observed, means
):
    for m in means:
        r = record("national", criterion, tolerance, observed, float(m))
        e = scaled_error(r)
        assert 0.0 <= e <= E_CAP
        assert (e <= 1.0) == r.passed, (criterion, observed, m, e)


def test_a_pass_costs_little_a_failure_a_lot_and_failures_stay_ordered():
    assert cost(0.0) < 1e-6
    assert cost(0.5) < 0.001
    assert cost(1.0) == pytest.approx(0.5, abs=0.02)
    assert cost(1.2) > 0.95
    # beyond the edge the hinge orders failures, up to the cap
    costs = [cost(e) for e in (1.2, 1.5, 2.0, 3.0, E_CAP)]
    assert costs == sorted(costs) and len(set(costs)) == len(costs)
    assert cost(E_CAP + 10) == cost(E_CAP) == pytest.approx(1 + SLOPE * (E_CAP - 1), abs=0.01)
    # turning a failure into a pass is worth more than making any failure less bad
    assert cost(1.2) - cost(0.8) > cost(E_CAP) - cost(1.2)


def _set(errors_by_family):
    """Relative records whose scaled errors are the given ones (tolerance 0.25, observed 100)."""
    out = []
    for family, errors in errors_by_family.items():
        for i, e in enumerate(errors):
            out.append(record(family, "relative", 0.25, 100.0, 100.0 * (1 + 0.25 * e), f"s{i}"))
    return out


def test_a_set_passing_more_targets_has_the_lower_distance():
    # The case the old distance (capped log errors averaged per topic) got wrong: `fewer`
    # keeps two records deep inside and lets three fail just outside; `more` passes four
    # records near their edge and fails one badly. The scorecard prefers `more` (4 of 5 against
    # 2 of 5) and so must the distance.
    more = _set({"national": [0.8, 0.8, 0.8, 0.8, 4.0]})
    fewer = _set({"national": [0.0, 0.0, 1.2, 1.2, 1.5]})
    assert sum(r.passed for r in more) == 4 and sum(r.passed for r in fewer) == 2
    assert distance(more).total < distance(fewer).total
    assert distance(more).passed == 4

    # and in every family: each record moving from failed to passed lowers the distance
    rng = np.random.default_rng(5)
    families = ("national", "trends", "places")
    base = {f: list(rng.uniform(1.05, 4.0, 6)) for f in families}
    previous = distance(_set(base)).total
    for f, i in itertools.product(families, range(6)):
        base[f][i] = float(rng.uniform(0.0, 0.95))  # this one now passes
        now = distance(_set(base)).total
        assert now < previous
        previous = now


def test_families_weigh_equally_and_records_count_once_in_their_family():
    national = _set({"national": [0.0] * 9 + [E_CAP]})  # one failure in ten
    trends = _set({"trends": [E_CAP]})  # the only trend fails
    d = distance(national + trends)
    assert d.families["national"] == pytest.approx(cost(E_CAP) / 10, rel=1e-6)
    assert d.families["trends"] == pytest.approx(cost(E_CAP), rel=1e-6)
    assert d.total == pytest.approx((d.families["national"] + d.families["trends"]) / 2)
    assert d.records == 11 and d.passed == 9
    assert math.isinf(distance([]).total)
    # a family outside the fit does not count
    assert distance(national + [record("stability", "at_most", 0.1, None, 5.0)]) == distance(
        national
    )


def test_distance_is_reproducible_and_independent_of_record_order():
    rng = np.random.default_rng(11)
    records = [
        record(f, "relative", 0.3, 50.0, float(m), f"s{i}")
        for i, (f, m) in enumerate(
            zip(
                rng.choice(["national", "trends", "places"], 40),
                rng.uniform(0, 150, 40),
                strict=True,
            )
        )
    ]
    a = distance(records)
    b = distance(list(reversed(records)))
    assert a.total == b.total and a.families == b.families
    assert distance(records).total == a.total


def test_the_mean_of_seeds_is_judged_like_the_scorecard():
    # one seed far above, one just below: their mean passes, one seed alone would not
    seed_a = [record("national", "relative", 0.25, 100.0, 140.0)]
    seed_b = [record("national", "relative", 0.25, 100.0, 90.0)]
    (mean,) = mean_records([seed_a, seed_b])
    assert mean.model_mean == pytest.approx(115.0)
    assert mean.passed and not seed_a[0].passed
    assert (mean.model_low, mean.model_high) == (90.0, 140.0)
    assert distance([mean]).total < distance(seed_a).total
    # a seed whose value is not finite is left out of the mean
    (mean,) = mean_records([seed_b, [record("national", "relative", 0.25, 100.0, math.nan)]])
    assert mean.model_mean == pytest.approx(90.0)
    assert mean_records([]) == []
