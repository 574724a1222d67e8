import numpy as np
import pytest

from model.categories import Category
from model.displacement import CHANNELS
from model.groups import GROUP_KEYS
from model.outcomes import KEY_OUTCOMES, outcome_registry

REQUIRED = [
    "state_control_share",
    "armed_control_share",
    "contested_share",
    *[f"control_share_{k}" for k in ("egc", "eln", "emc", "sm")],
    "population_under_armed_control",
    "coca_ha",
    "cocaine_potential_t",
    "cocaine_seized_t",
    "cocaine_seized_partners_t",
    "cocaine_exported_t",
    "cocaine_in_transit_t",
    "regional_coordination",
    "coca_base_price_usd_kg",
    *[f"armed_revenue_{s}_musd" for s in ("coca", "routes", "gold", "extortion", "ransoms")],
    "armed_members",
    "kidnappings",
    "security_force_deaths",
    "child_recruits",
    "displaced_new",
    *[f"displaced_{c}" for c in CHANNELS],
    "displaced_mass",
    "displaced_individual",
    "idps",
    "confined",
    "returns",
    "emigrants_us",
    "emigrants_us_swb",
    "emigrants_us_cum",
    "us_assistance_musd",
    *[f"state_capacity_{c.value}" for c in Category],
    "economy_index",
]

FLOWS = {
    "cocaine_potential_t",
    "cocaine_seized_t",
    "cocaine_seized_partners_t",
    "cocaine_exported_t",
    "kidnappings",
    "security_force_deaths",
    "child_recruits",
    "displaced_new",
    *[f"displaced_{c}" for c in CHANNELS],
    "displaced_mass",
    "displaced_individual",
    "returns",
    "emigrants_us",
    "emigrants_us_swb",
    "us_assistance_musd",
}

REGISTRY = outcome_registry(GROUP_KEYS)


@pytest.mark.parametrize("name", REQUIRED)
def test_registry_contains(name):
    assert name in REGISTRY
    assert REGISTRY[name].name == name


def test_key_outcomes_are_registered():
    assert set(KEY_OUTCOMES) <= set(REGISTRY)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_outcome_has_unit_and_description(name):
    outcome = REGISTRY[name]
    assert outcome.unit.strip()
    assert outcome.description.strip()
    assert outcome.kind in ("stock", "flow")
    # a title a reader understands: words, not the id
    assert outcome.title.strip() and outcome.title != name and "_" not in outcome.title


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_flows_and_only_flows_are_per_month(name):
    outcome = REGISTRY[name]
    per_month = "/ month" in outcome.unit
    assert per_month == (outcome.kind == "flow"), (name, outcome.unit, outcome.kind)
    if name in FLOWS:
        assert outcome.kind == "flow"
        assert per_month


@pytest.fixture(scope="module")
def certified_frame(small_landscape, load_regime, small_params):
    from model.simulation import ColombiaModel

    m = ColombiaModel(small_params, load_regime("certified"), rng=5, landscape=small_landscape)
    m.run(12)
    return m, m.datacollector.get_model_vars_dataframe()


def test_collector_records_every_outcome(certified_frame):
    _, df = certified_frame
    assert set(df.columns) == set(REGISTRY)
    assert len(df) == 12
    assert np.isfinite(df.to_numpy(dtype=float)).all()


def test_control_shares_sum_to_one(certified_frame):
    _, df = certified_frame
    total = df["state_control_share"] + df["armed_control_share"] + df["contested_share"]
    np.testing.assert_allclose(total, 1.0)
    groups = sum(df[f"control_share_{k}"] for k in GROUP_KEYS)
    np.testing.assert_allclose(groups, df["armed_control_share"])
    for col in ("state_control_share", "armed_control_share", "contested_share"):
        assert df[col].between(0.0, 1.0).all()


def test_stocks_follow_their_flows(make_model, run_events):
    m = make_model(seed=5)
    members = sum(g.members for g in m.groups)
    names = [
        "displaced_new",
        "returns",
        "emigrants_displaced",
        "recruits",
        "rearmed",
        "deserters",
        "armed_combat_deaths",
        "armed_killed_by_state",
        "convictions",
    ]
    flows = run_events(m, 12, names)
    df = m.datacollector.get_model_vars_dataframe()
    total = {name: np.cumsum(values) for name, values in flows.items()}
    # displaced people still displaced: in minus home minus abroad, month by month
    idps = total["displaced_new"] - total["returns"] - total["emigrants_displaced"]
    np.testing.assert_array_equal(df["idps"], idps)
    assert df["idps"].iloc[-1] > 0
    # members: recruits and rearmed ex-combatants in; deserters, the dead and the convicted out
    out = (
        total["deserters"]
        + total["armed_combat_deaths"]
        + total["armed_killed_by_state"]
        + total["convictions"]
    )
    joined = total["recruits"] + total["rearmed"]
    np.testing.assert_array_equal(df["armed_members"], members + joined - out)
    np.testing.assert_array_equal(df["displaced_new"], flows["displaced_new"])


def test_stocks_read_from_layers_agree_with_the_agents_and_the_groups(make_model):
    m = make_model("full_cutoff", seed=5, overrides={"groups.egc.members": 1200})
    m.run(12)
    last = m.datacollector.get_model_vars_dataframe().iloc[-1]
    assert last["coca_ha"] == pytest.approx(sum(g.coca_ha for g in m.growers))
    by_group = sum(float(m.population[m.control.held_by(g.index)].sum()) for g in m.groups)
    assert last["population_under_armed_control"] == pytest.approx(by_group)
    assert 0 < by_group < m.population.sum()


def test_cocaine_flows_add_up(certified_frame):
    _, df = certified_frame
    # a month's production waits a month in transit: last month's stock is what ships
    stock_before = df["cocaine_in_transit_t"].shift(1)
    left = (
        df["cocaine_seized_t"]
        + df["cocaine_seized_partners_t"]
        + df["cocaine_exported_t"]
        + df["cocaine_in_transit_t"]
    )
    right = stock_before + df["cocaine_potential_t"]
    np.testing.assert_allclose(left.iloc[1:], right.iloc[1:], rtol=1e-9)
    assert (df["cocaine_potential_t"] > 0).all()
    assert (df["cocaine_seized_t"] > 0).all()
    assert (df["cocaine_seized_partners_t"] > 0).all()
    assert (df["cocaine_seized_t"] < df["cocaine_potential_t"]).all()


def test_flows_are_non_negative(certified_frame):
    _, df = certified_frame
    for name in FLOWS:
        assert (df[name] >= 0).all(), name
    assert (df["child_recruits"] >= 0).all()
    assert (df["confined"] >= 0).all()


def test_emigrants_add_up_to_their_cumulative_count(certified_frame):
    _, df = certified_frame
    np.testing.assert_allclose(np.cumsum(df["emigrants_us"]), df["emigrants_us_cum"])
    assert (df["emigrants_us"] > 0).all()


def test_displacement_by_channel_adds_up(certified_frame):
    _, df = certified_frame
    channels = [f"displaced_{c}" for c in CHANNELS]
    np.testing.assert_allclose(df[channels].sum(axis=1), df["displaced_new"])
    np.testing.assert_allclose(
        df["displaced_mass"] + df["displaced_individual"], df["displaced_new"]
    )


@pytest.mark.parametrize(
    ("regime", "expected"), [("certified", 413.0 / 12.0), ("full_cutoff", 0.0)]
)
def test_us_assistance_in_month_zero(small_landscape, load_regime, small_params, regime, expected):
    from model.simulation import ColombiaModel

    m = ColombiaModel(small_params, load_regime(regime), rng=0, landscape=small_landscape)
    m.step()
    df = m.datacollector.get_model_vars_dataframe()
    assert df["us_assistance_musd"].iloc[0] == pytest.approx(expected)


def test_state_capacity_outcomes_track_the_regime(small_landscape, load_regime, small_params):
    from model.simulation import ColombiaModel

    m = ColombiaModel(small_params, load_regime("waivers"), rng=0, landscape=small_landscape)
    m.run(6)
    last = m.datacollector.get_model_vars_dataframe().iloc[-1]
    # waived categories stay at the status quo; the rest fall; the economy falls
    for c in Category:
        value = last[f"state_capacity_{c.value}"]
        if c in (Category.ERADICATION_ALT_DEV, Category.INTERDICTION_HUB, Category.ECONOMIC_AID):
            assert value < 1.0, c
        else:
            assert value == pytest.approx(1.0), c
    assert last["economy_index"] < 1.0


def test_the_outcome_collector_stores_what_mesas_collector_stores(make_model):
    """``OutcomeCollector`` skips the deep copies of floats only: the same values and types."""
    from mesa import DataCollector

    from model.outcomes import OutcomeCollector

    m = make_model("certified", seed=2)
    reporters = {name: o.compute for name, o in m.outcomes.items()}
    reporters["a list"] = lambda model: [model.steps]  # copied, as Mesa copies it
    ours, mesas = OutcomeCollector(model_reporters=reporters), DataCollector(reporters)
    for _ in range(3):
        m.step()
        ours.collect(m)
        mesas.collect(m)
    assert list(ours.model_vars) == list(mesas.model_vars)
    for name, values in mesas.model_vars.items():
        got = ours.model_vars[name]
        assert [type(v) for v in got] == [type(v) for v in values]
        assert repr(got) == repr(values), name
    assert ours._collection_steps == mesas._collection_steps
    assert ours.model_vars["a list"][0] is not ours.model_vars["a list"][1]
