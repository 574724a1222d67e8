import numpy as np
import pytest

from model.capacity import Capacity, StateInputs
from model.categories import CATEGORIES, Category
from model.params import Params

INTEL = CATEGORIES.index(Category.INTELLIGENCE)
AIR = CATEGORIES.index(Category.AIRCRAFT_FUEL_MAINTENANCE)
TRAIN = CATEGORIES.index(Category.TRAINING_SALARIES)


def baseline(cap: Capacity) -> np.ndarray:
    return cap.baseline_musd_per_month.copy()


def zero() -> np.ndarray:
    return np.zeros(len(CATEGORIES))


def trajectory(cap: Capacity, funding: np.ndarray, months: int) -> np.ndarray:
    """Capacity per month (after each step), shape [months, categories]."""
    out = []
    for _ in range(months):
        cap.step(funding)
        out.append(cap.capacity.copy())
    return np.array(out)


def test_status_quo_stays_at_one():
    cap = Capacity(Params())
    np.testing.assert_allclose(cap.capacity, 1.0)
    for _ in range(60):
        cap.step(baseline(cap))
    np.testing.assert_allclose(cap.capacity, 1.0)
    np.testing.assert_allclose(cap.funded, 1.0)
    assert cap.partner == pytest.approx(0.0)
    inputs = cap.inputs()
    for name in StateInputs.__dataclass_fields__:
        assert getattr(inputs, name) == pytest.approx(1.0), name


def test_cutoff_ends_at_the_floor_of_own_capacity():
    params = Params.from_overrides(
        {"capacity.fiscal_backfill_share": 0.0, "capacity.partner_share": 0.0}
    )
    cap = Capacity(params)
    for _ in range(600):
        cap.step(zero())
    np.testing.assert_allclose(cap.capacity, 1.0 - cap.us_dependence, atol=1e-9)
    assert np.all(cap.capacity < 1.0)


def test_cutoff_intelligence_falls_faster_than_air_and_air_faster_than_training():
    cap = Capacity(Params())
    traj = trajectory(cap, zero(), 12)
    for month in (3, 12):
        row = traj[month - 1]
        assert row[INTEL] < row[AIR] < row[TRAIN] < 1.0, (month, row)
    # the drop itself: the share of the eventual loss already lost is ordered the same way
    early = 1.0 - traj[2]
    assert early[INTEL] > early[AIR] > early[TRAIN] > 0.0
    # capacities only fall under a cut-off
    assert np.all(np.diff(traj[:, [INTEL, AIR, TRAIN]], axis=0) <= 1e-12)


def months_to_half(series: np.ndarray, start: float, end: float) -> int:
    """First month at which a series has covered half the way from start to end."""
    halfway = start + 0.5 * (end - start)
    if end > start:
        hits = np.nonzero(series >= halfway)[0]
    else:
        hits = np.nonzero(series <= halfway)[0]
    assert len(hits), "never got half way"
    return int(hits[0]) + 1


def test_restoring_funding_restores_with_the_same_ordering_of_delays():
    cap = Capacity(Params())
    before = trajectory(cap, zero(), 36)
    low = before[-1]
    after = trajectory(cap, baseline(cap), 120)
    assert np.all(after[-1] > low)
    np.testing.assert_allclose(after[-1][[INTEL, AIR, TRAIN]], 1.0, atol=0.01)
    recover = {i: months_to_half(after[:, i], low[i], 1.0) for i in (INTEL, AIR, TRAIN)}
    assert recover[INTEL] < recover[AIR] < recover[TRAIN], recover
    fall = {i: months_to_half(before[:, i], 1.0, low[i]) for i in (INTEL, AIR, TRAIN)}
    assert fall[INTEL] < fall[AIR] < fall[TRAIN], fall


def test_recovery_is_not_instant():
    cap = Capacity(Params())
    trajectory(cap, zero(), 24)
    cap.step(baseline(cap))
    assert cap.of(Category.TRAINING_SALARIES) < 0.95
    assert cap.of(Category.AIRCRAFT_FUEL_MAINTENANCE) < 0.95


@pytest.mark.parametrize("backfill", [0.1, 0.5, 1.0])
def test_higher_markup_gives_lower_aircraft_target(backfill):
    us = zero()
    targets = []
    for markup in (0.0, 0.5, 1.5, 3.0):
        params = Params.from_overrides(
            {"capacity.commercial_markup": markup, "capacity.fiscal_backfill_share": backfill}
        )
        targets.append(Capacity(params).targets(us)[AIR])
    assert all(a > b for a, b in zip(targets, targets[1:], strict=False)), targets
    # backfilled money buys 1 / (1 + markup) as much (F17)
    assert targets[0] == pytest.approx(backfill)
    assert targets[2] == pytest.approx(backfill / 2.5)


def test_markup_lowers_aircraft_capacity_only():
    caps = {}
    for markup in (0.0, 1.5):
        params = Params.from_overrides(
            {"capacity.commercial_markup": markup, "capacity.partner_share": 0.0}
        )
        cap = Capacity(params)
        trajectory(cap, zero(), 24)
        caps[markup] = cap.capacity.copy()
    assert caps[1.5][AIR] < caps[0.0][AIR]
    others = [i for i in range(len(CATEGORIES)) if i != AIR]
    np.testing.assert_allclose(caps[1.5][others], caps[0.0][others])


def test_markup_is_irrelevant_while_us_funding_flows():
    for markup in (0.0, 3.0):
        params = Params.from_overrides({"capacity.commercial_markup": markup})
        cap = Capacity(params)
        np.testing.assert_allclose(cap.targets(baseline(cap)), 1.0)


def test_partner_substitution_raises_aircraft_but_never_intelligence_or_training():
    runs = {}
    for share in (0.0, 0.3, 0.8):
        cap = Capacity(Params.from_overrides({"capacity.partner_share": share}))
        runs[share] = trajectory(cap, zero(), 36)
    for share in (0.3, 0.8):
        # partners need time: later months gain, never lose
        assert np.all(runs[share][:, AIR] >= runs[0.0][:, AIR])
        assert runs[share][-1, AIR] > runs[0.0][-1, AIR]
        np.testing.assert_array_equal(runs[share][:, INTEL], runs[0.0][:, INTEL])
        np.testing.assert_array_equal(runs[share][:, TRAIN], runs[0.0][:, TRAIN])
        others = [i for i in range(len(CATEGORIES)) if i != AIR]
        np.testing.assert_array_equal(runs[share][:, others], runs[0.0][:, others])
    assert runs[0.8][-1, AIR] > runs[0.3][-1, AIR]


def test_partners_do_not_step_in_while_us_funds_aircraft():
    cap = Capacity(Params.from_overrides({"capacity.partner_share": 1.0}))
    trajectory(cap, baseline(cap), 24)
    assert cap.partner == pytest.approx(0.0)
    assert cap.of(Category.AIRCRAFT_FUEL_MAINTENANCE) == pytest.approx(1.0)


def test_us_musd_records_this_months_funding():
    cap = Capacity(Params())
    assert cap.us_musd.sum() == pytest.approx(413.0 / 12.0)
    funding = baseline(cap) * 0.5
    cap.step(funding)
    np.testing.assert_allclose(cap.us_musd, funding)


def test_inputs_map_categories():
    params = Params.from_overrides({"capacity.partner_share": 0.0})
    cap = Capacity(params)
    trajectory(cap, zero(), 6)
    inputs = cap.inputs(0.97, 1.03)
    assert inputs.targeting == pytest.approx(cap.of(Category.INTELLIGENCE))
    assert inputs.air_mobility == pytest.approx(cap.of(Category.AIRCRAFT_FUEL_MAINTENANCE))
    assert inputs.effectiveness == pytest.approx(cap.of(Category.TRAINING_SALARIES))
    assert inputs.conviction == pytest.approx(cap.of(Category.JUSTICE))
    assert inputs.interdiction == pytest.approx(cap.of(Category.INTERDICTION_HUB))
    assert inputs.eradication == pytest.approx(cap.of(Category.ERADICATION_ALT_DEV))
    assert inputs.presence_growth == pytest.approx(
        0.5 * (cap.of(Category.RURAL_PRESENCE) + cap.of(Category.PEACE_IMPLEMENTATION))
    )
    assert 0.0 < inputs.vetted_support < 1.0
    assert inputs.economy == 0.97 and inputs.recruit_pool == 1.03  # passed through


def targets_by_numpy(cap: Capacity, us_musd_per_month: np.ndarray) -> np.ndarray:
    """``Capacity.targets`` as it was written with numpy (issue 15 wrote it in Python floats)."""
    base = cap.baseline_musd_per_month
    safe = np.where(base > 0, base, 1.0)
    us_fraction = np.where(base > 0, us_musd_per_month / safe, 1.0)
    gap = np.clip(1.0 - us_fraction, 0.0, None)
    buying_power = np.ones(len(CATEGORIES))
    buying_power[AIR] = 1.0 / (1.0 + cap.markup)
    target = us_fraction + cap.backfill_share * gap * buying_power
    remaining = np.clip(1.0 - target[AIR], 0.0, None)
    target[AIR] += min(cap.partner, remaining)
    return target


@pytest.mark.parametrize("seed", range(30))
def test_targets_are_the_numpy_forms_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    overrides = {
        "capacity.commercial_markup": float(rng.choice([0.0, 1.5, rng.random() * 4])),
        "capacity.fiscal_backfill_share": float(rng.choice([0.0, 1.0, rng.random()])),
    }
    cap = Capacity(Params.from_overrides(overrides))
    if seed % 3 == 0:  # categories without a baseline take the whole target
        cap.baseline_musd_per_month[rng.random(len(CATEGORIES)) < 0.3] = 0.0
    for _ in range(5):
        cap.partner = float(rng.choice([0.0, rng.random(), 2.0, np.nan]))
        us = baseline(cap) * rng.choice([0.0, 0.5, 1.0, 3.0, rng.random()], len(CATEGORIES))
        us[rng.random(len(CATEGORIES)) < 0.1] = np.nan
        us[rng.random(len(CATEGORIES)) < 0.1] = -1.0
        with np.errstate(all="ignore"):
            expected = targets_by_numpy(cap, us)
        got = cap.targets(us)
        assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_the_kept_capacity_follows_the_funded_fractions():
    """``capacity`` is kept per bytes of ``funded`` (issue 15): changed in place, it follows."""
    cap = Capacity(Params())
    for funding in (zero(), baseline(cap), 2.0 * baseline(cap)):
        for _ in range(3):
            cap.step(funding)
            first = cap.capacity
            first[:] = -1.0  # a copy: the kept one is not changed
            expected = (1.0 - cap.us_dependence) + cap.us_dependence * cap.funded
            assert cap.capacity.tobytes() == expected.tobytes()
    cap.funded[AIR] = 0.25
    expected = (1.0 - cap.us_dependence) + cap.us_dependence * cap.funded
    assert cap.capacity.tobytes() == expected.tobytes()
    assert cap.of(Category.AIRCRAFT_FUEL_MAINTENANCE) == float(expected[AIR])
