"""The ex-FARC combatants' pool: only the FARC dissidents draw from it, and it empties (7.18)."""

from __future__ import annotations

import math

import pytest

from model.params import Params
from model.rearming import DISSIDENT_GROUPS, initial_pool


def _params(start: str, **overrides: object) -> Params:
    return Params.from_overrides({"simulation.start_month": start, **overrides})


def test_the_pool_at_the_start_is_the_demobilised_left_in_reach_less_the_dissidents() -> None:
    p = _params("2018-01")
    expected = 13394 * math.exp(-0.01 * 5) - 1200  # five months after 2017-08
    assert initial_pool(p, 1200) == pytest.approx(expected)
    assert initial_pool(_params("2017-01"), 0) == pytest.approx(13394)  # before the accord
    assert initial_pool(_params("2025-09"), 7920) == 0.0  # drawn by the time of the status quo


def test_only_the_dissidents_draw_and_the_pool_shrinks(make_model) -> None:
    model = make_model(seed=2, overrides={"simulation.start_month": "2018-01"})
    groups = {g.key: g for g in model.groups}
    assert {g.key for g in model.rearming.groups} == set(DISSIDENT_GROUPS) & set(groups)
    pool = [model.rearming.pool]
    rearmed = 0.0
    for _ in range(12):
        model.step()
        pool.append(model.rearming.pool)
        rearmed += model.events.get("rearmed")
    assert rearmed > 0
    assert all(b <= a for a, b in zip(pool, pool[1:], strict=False))
    decayed = pool[0] * (1 - model.params.rearming.reach_decay) ** 12
    assert pool[-1] == pytest.approx(decayed - rearmed, abs=rearmed * 0.2)


def test_no_pool_no_rearming(make_model) -> None:
    # the small model's 600 dissidents outnumber the 500 * exp(-0.97) ex-combatants left
    overrides = {"simulation.start_month": "2025-09", "rearming.demobilised": 500}
    model = make_model(seed=2, overrides=overrides)
    assert model.rearming.pool == 0.0
    model.step()
    assert model.events.get("rearmed") == 0.0
