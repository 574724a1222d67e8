"""Set-up placement (model/placement.py), its faster forms against the ones they replaced.

`sample_cells` draws as numpy's `choice`; growers, fronts and units made at once
(`model/made_at_once.py`) are the constructors' (issue 15).
"""

from __future__ import annotations

import numpy as np
import pytest
from mesa.agentset import AgentSet

import model.kernels_placement as kernels_placement
import model.made_at_once as made_at_once
import model.placement as placement
from model.params import Params
from model.simulation import ColombiaModel


@pytest.mark.parametrize("seed", range(8))
def test_sample_cells_draws_as_numpys_choice(seed: int) -> None:
    """``sample_cells`` gives ``rng.choice``'s cells and leaves the generator as it does."""
    make = np.random.default_rng(seed)
    shape = (int(make.integers(1, 60)), int(make.integers(1, 70)))
    land = make.random(shape) < make.random()
    weights = make.random(shape) ** make.uniform(0.1, 8.0)
    weights[make.random(shape) < 0.2] = 0.0
    for area in (land, land & (make.random(shape) < 0.05), np.zeros(shape, dtype=bool)):
        for n in (0, 1, 2, 7, 300):
            fast, slow = np.random.default_rng(seed + 100), np.random.default_rng(seed + 100)
            drawn = placement.sample_cells(fast, area, weights, n)
            assert drawn == placement.sample_cells_choice(slow, area, weights, n)
            assert fast.bit_generator.state == slow.bit_generator.state
            assert all(type(c) is int for cell in drawn for c in cell)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # choice's own division
@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_sample_cells_refuses_what_choice_refuses(bad: float) -> None:
    land = np.ones((3, 4), dtype=bool)
    weights = np.ones((3, 4))
    weights[1, 2] = bad
    with pytest.raises(ValueError):
        placement.sample_cells_choice(np.random.default_rng(0), land, weights, 2)
    with pytest.raises(ValueError):
        placement.sample_cells(np.random.default_rng(0), land, weights, 2)


def plain(value: object) -> object:
    """An attribute's value by content, not by address (objects by their id, cell or arrays)."""
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, AgentSet):
        return [a.unique_id for a in value]
    if hasattr(value, "unique_id"):
        return ("agent", value.unique_id)
    if hasattr(value, "coordinate"):
        return ("cell", value.coordinate)
    if isinstance(value, (int, float, str, bool, tuple, type(None))):
        return value
    if isinstance(value, dict):
        return [(k, plain(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    return type(value).__name__  # shared state (rows, rosters): compared through the model


def agents_state(model: ColombiaModel) -> bytes:
    """Every agent as Mesa and the model hold it: ids, kinds, attributes in order, cells, sets."""
    parts = []
    for agent in model.agents:
        attributes = [(key, plain(value)) for key, value in vars(agent).items() if key != "model"]
        parts.append((type(agent).__name__, agent.unique_id, repr(attributes)))
    by_type = {kind.__name__: [a.unique_id for a in s] for kind, s in model.agents_by_type.items()}
    cells = [[a.unique_id for a in cell._agents] for cell in model.grid._celllist]
    return b"".join(
        [
            repr(parts).encode(),
            repr(by_type).encode(),
            repr(cells).encode(),
            repr(model.agent_id_counter).encode(),
            model.grid.empty.data.tobytes(),
            repr(model.rng.bit_generator.state).encode(),
            repr(model.random.getstate()).encode(),
            model.grower_rows.premium.tobytes(),
        ]
    )


#: the set-up's makers of many agents at once and the one-by-one forms they replaced
ONE_BY_ONE = {
    "new_growers": made_at_once.growers_one_by_one,
    "new_fronts": made_at_once.fronts_one_by_one,
    "new_units": made_at_once.units_one_by_one,
    "sample_fronts": placement.sample_in_areas_one_by_one,  # the fronts' cells, area by area
}


@pytest.mark.parametrize("kinds", [tuple(ONE_BY_ONE), ("new_fronts",), ("new_units",)])
@pytest.mark.parametrize(("resolution", "seed"), [("0.25", 1), ("0.25", 5), ("synthetic", 2)])
def test_agents_made_at_once_are_the_constructors(
    resolution: str, seed: int, kinds: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Growers, fronts and units made at once leave what their constructors leave."""
    fast = ColombiaModel(Params(), rng=seed, resolution=resolution)
    for name in kinds:
        monkeypatch.setattr(placement, name, ONE_BY_ONE[name])
    slow = ColombiaModel(Params(), rng=seed, resolution=resolution)
    assert len(fast.growers) > 1 and len(fast.armed_units) > 1 and len(fast.security_units) > 1
    assert agents_state(fast) == agents_state(slow)
    for kind in (fast.growers, fast.armed_units, fast.security_units):
        assert [list(vars(a)) for a in kind] == [
            list(vars(b)) for b in slow.agents_by_type[type(next(iter(kind)))]
        ]
    assert fast.front_roster.table.tobytes() == slow.front_roster.table.tobytes()
    assert fast.front_roster.fronts == list(fast.armed_units)
    assert [f.unique_id for f in slow.front_roster.fronts] == [
        f.unique_id for f in fast.front_roster.fronts
    ]
    for name in ("xy", "base", "vetted"):
        mine, theirs = getattr(fast.security_roster, name), getattr(slow.security_roster, name)
        assert mine.dtype == theirs.dtype and mine.tobytes() == theirs.tobytes()
    assert [[a.unique_id for a in g.fronts] for g in fast.groups] == [
        [a.unique_id for a in g.fronts] for g in slow.groups
    ]
    assert [g._members for g in fast.groups] == [g._members for g in slow.groups]


@pytest.mark.parametrize("sharpness", [None, 2.0, 0.5, 3.7])
@pytest.mark.parametrize("seed", range(3))
def test_growers_calibrated_at_once_as_one_by_one(seed: int, sharpness: float | None) -> None:
    """``GrowerRows.calibrate`` gives ``calibrate_by_grower``'s premiums bit for bit.

    On random rows and eradication, with the cases the rule leaves out (no coca, no room, an
    eradication of 1 or more, NaN), the bound of the target, all rows, some, repeated ones.
    """
    overrides = {} if sharpness is None else {"coca.choice_sharpness": sharpness}
    model = ColombiaModel(
        Params.from_overrides(overrides), rng=seed, resolution=("synthetic", "0.25")[seed % 2]
    )
    rows, make = model.grower_rows, np.random.default_rng(seed)
    n = len(rows)
    rows.coca_ha[:] = make.uniform(-0.2, 1.0, n) * make.choice([0.0, 1.0, 50.0, 1e4], n)
    rows.potential_ha[:] = rows.coca_ha * make.choice([0.0, 0.9, 1.01, 1.3, 4.0, 1e3], n)
    rows.coca_ha[make.random(n) < 0.03] = np.nan
    era = model.government.eradication
    era[:] = make.uniform(0.0, 1.5, era.shape) * (make.random(era.shape) < 0.7)
    era[make.random(era.shape) < 0.02] = np.nan
    before = make.uniform(0.5, 2.0, n)
    for slots in (None, make.permutation(n)[: n // 3], make.integers(0, n, n // 2)):
        rows.premium[:] = before
        rows.calibrate(model, slots)
        fast = rows.premium.copy()
        rows.premium[:] = before
        rows.calibrate_by_grower(model, slots)
        assert fast.tobytes() == rows.premium.tobytes()
        assert (fast != before).any()


@pytest.mark.parametrize("seed", range(8))
def test_sample_in_areas_draws_as_sample_cells_per_area(seed: int) -> None:
    """``sample_in_areas`` gives each area's ``sample_cells`` in turn, the same generator."""
    make = np.random.default_rng(seed)
    shape = (int(make.integers(1, 60)), int(make.integers(1, 70)))
    weights = make.random(shape) ** make.uniform(0.1, 8.0)
    weights[make.random(shape) < 0.2] = 0.0
    labels = make.integers(-1, int(make.integers(1, 12)), shape)
    n_areas = int(labels.max()) + 2
    areas = labels == np.arange(-1, n_areas - 1)[:, None, None]
    areas[0] = False  # an empty area
    counts = [int(c) for c in make.integers(0, 6, n_areas) * (make.random(n_areas) < 0.8)]
    counts[-1] = 0
    for area_set in (areas, areas[1:2], areas[:0]):
        wanted = counts[: len(area_set)]
        fast, slow = np.random.default_rng(seed + 100), np.random.default_rng(seed + 100)
        drawn = placement.sample_in_areas(fast, area_set, weights, wanted)
        assert drawn == placement.sample_in_areas_one_by_one(slow, area_set, weights, wanted)
        assert fast.bit_generator.state == slow.bit_generator.state
        assert all(type(c) is int for cell in drawn for c in cell)
    k = max(a for a in range(n_areas) if areas[a].any())
    bad = weights + 1.0
    bad[tuple(np.argwhere(areas[k])[0])] = -0.5  # the last area refuses: the ones before drew
    for sample in (placement.sample_in_areas, placement.sample_in_areas_one_by_one):
        with pytest.raises(ValueError):
            sample(np.random.default_rng(0), areas, bad, [*counts[:k], 3, *counts[k + 1 :]])


def test_area_sums_are_numpys_pairwise_sums() -> None:
    """The compiled sums of ``sample_in_areas`` are numpy's ``where(area, w, 0).sum()``."""
    make = np.random.default_rng(11)
    sizes = [1, 7, 8, 9, 15, 16, 127, 128, 129, 135, 255, 256, 257, 1000, 3416, 9999]
    for n in sizes + [int(s) for s in make.integers(1, 20_000, 40)]:
        weights = make.random(n) ** make.uniform(0.1, 8.0) * 10.0 ** make.uniform(-3, 3, n)
        areas = make.random((4, n)) < np.array([1.0, 0.5, 0.05, 0.0])[:, None]
        sums, lasts = np.empty(4), np.empty(4)
        negative = kernels_placement.area_sums(areas, weights, sums, lasts)
        expected = np.array([np.where(a, weights, 0.0).sum() for a in areas])
        assert sums.tobytes() == expected.tobytes() and not negative.any()
