"""The world of the start month, built from data (model/initial.py; ODD 5; issue 10 point 1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.categories import Category
from model.initial import initial_state
from model.observed import ordinal, read_series
from model.params import Params
from model.policy import Policy
from model.simulation import ColombiaModel
from runs.catalog import load_regime
from runs.targets import SHIPPED_TARGETS, load_targets


def observed(series: str, year: str) -> float:
    """The verified value of one row of the shipped targets file (the scorecard's reader)."""
    rows = [
        t
        for t in load_targets(SHIPPED_TARGETS)
        if t.series == series and t.year == year and not t.recalled
    ]
    assert len(rows) == 1, (series, year)
    return rows[0].value


def test_world_of_2018_08_starts_at_that_dates_members_and_coca() -> None:
    params = Params.from_overrides({"simulation.start_month": "2018-08"})
    model = ColombiaModel(params, load_regime("history_2016_2025"), rng=1)
    members = sum(group.members for group in model.groups)
    assert members == pytest.approx(observed("armed_groups_members_total", "2018-08"), rel=0.05)
    coca = float(model.coca_ha.sum())
    assert coca == pytest.approx(observed("coca_ha_unodc", "2018"), rel=0.05)
    # the dissidents are observed in 2018 (1,200 in March, 1,749 in December): interpolated
    dissidents = sum(g.members for g in model.groups if g.key in ("emc", "sm"))
    assert 1200 < dissidents < 1749
    assert model.initial.members_how == {
        "egc": "total",
        "eln": "total",
        "emc": "observed",
        "sm": "founding",
    }


def test_a_lineage_founded_later_starts_as_its_leaders_core() -> None:
    # the Segunda Marquetalia was announced in August 2019 (model/data/rearming_calls.csv)
    core = Params().rearming.founding_core
    for start, founded in (("2019-07", False), ("2019-08", True), ("2021-01", True)):
        params = Params.from_overrides({"simulation.start_month": start})
        state = initial_state(params, Policy.from_params(load_regime("certified"), params))
        dissidents = read_series(("farc_dissidents_members",))["farc_dissidents_members"]
        total = state.members["emc"] + state.members["sm"]
        assert total == pytest.approx(dissidents.at(ordinal(start)), abs=1)
        assert (state.members["sm"] == core) is not founded, start
        assert (state.members_how["sm"] == "founding") is not founded
    # a members parameter wins over the founding
    params = Params.from_overrides({"simulation.start_month": "2018-01", "groups.sm.members": 300})
    state = initial_state(params, Policy.from_params(load_regime("certified"), params))
    assert state.members["sm"] == 300 and state.members_how["sm"] == "parameter"


def test_world_of_2025_09_starts_at_the_mid_2025_counts() -> None:
    model = ColombiaModel(Params(), rng=1, resolution="synthetic")
    by_key = {g.key: g.members for g in model.groups}
    assert by_key["egc"] == observed("clan_del_golfo_members", "2025-06")
    assert by_key["eln"] == observed("eln_members", "2025-06")
    dissidents = observed("farc_dissidents_members", "2025-06")
    assert by_key["emc"] + by_key["sm"] == pytest.approx(dissidents, abs=1)
    # the Segunda Marquetalia share is that of the 2023 counts of the two lineages
    sm_2023 = observed("segunda_marquetalia_members", "2023")
    share = sm_2023 / (sm_2023 + observed("emc_members", "2023"))
    assert by_key["sm"] / dissidents == pytest.approx(share, abs=1e-3)


def test_a_members_parameter_wins_over_the_data() -> None:
    params = Params.from_overrides({"groups.eln.members": 240, "simulation.start_month": "2018-08"})
    state = initial_state(params, Policy.from_params(load_regime("certified"), params))
    assert state.members["eln"] == 240
    assert state.members_how["eln"] == "parameter"
    # the Clan del Golfo alone takes what the total leaves after the observed groups
    total = observed("armed_groups_members_total", "2018-08")
    assert sum(state.members.values()) == pytest.approx(total, abs=2)


def test_members_total_fill_moves_uncounted_groups_between_their_count_and_the_total() -> None:
    """0 holds the Clan del Golfo and the ELN at their first counts; 1 meets the total."""
    regime = load_regime("certified")
    states = {}
    for fill in (0.0, 0.5, 1.0):
        params = Params.from_overrides(
            {"simulation.start_month": "2018-08", "simulation.members_total_fill": fill}
        )
        states[fill] = initial_state(params, Policy.from_params(regime, params))
    held = states[0.0]
    assert held.members["egc"] == observed("clan_del_golfo_members", "2022-08")
    assert held.members["eln"] == observed("eln_members", "2022-08")
    assert held.members_how["egc"] == held.members_how["eln"] == "nearest"
    total = observed("armed_groups_members_total", "2018-08")
    assert sum(held.members.values()) < 0.9 * total  # the rest is left to groups not modelled
    assert sum(states[1.0].members.values()) == pytest.approx(total, abs=2)
    for key in ("egc", "eln"):  # halfway between the two
        middle = (held.members[key] + states[1.0].members[key]) / 2
        assert states[0.5].members[key] == pytest.approx(middle, abs=1)
    # the dissidents, counted in 2018, do not move
    assert {k: held.members[k] for k in ("emc", "sm")} == {
        k: states[1.0].members[k] for k in ("emc", "sm")
    }


def test_capacity_starts_at_the_steady_state_of_the_preceding_years_funding() -> None:
    regime = load_regime("history_2016_2025")
    params = Params.from_overrides({"simulation.start_month": "2018-10"})
    model = ColombiaModel(params, regime, rng=1, resolution="synthetic")
    # FY2018 (October 2017 to September 2018): US$452.8M a year against a US$413M baseline
    funding = np.full(9, 452.8 / 413.0) * model.capacity.baseline_musd_per_month
    expected = model.capacity.targets(funding)
    assert np.allclose(model.capacity.funded, expected)
    assert model.capacity.funded[0] == pytest.approx(452.8 / 413.0)
    # the economy's aid term starts at its steady state with that capacity (Economy.settle)
    aid = model.capacity.of(Category.ECONOMIC_AID)
    weight = params.economy.economic_aid_weight
    assert model.economy.term("economic_aid") == pytest.approx(weight * (1.0 - aid))
    assert model.economy.index == pytest.approx(1.0 - weight * (1.0 - aid))
    status_quo = ColombiaModel(Params(), rng=1, resolution="synthetic")
    assert np.allclose(status_quo.capacity.funded, 1.0)
    assert status_quo.economy.index == 1.0


def test_coca_between_censuses_is_interpolated_and_held_after_the_last() -> None:
    series = read_series(("coca_ha_unodc",))["coca_ha_unodc"]
    assert series.at(ordinal("2019-12")) == 154000
    assert series.at(ordinal("2020-06")) == pytest.approx(154000 + 6 / 12 * (143000 - 154000))
    assert series.at(ordinal("2025-09")) == 253000


def test_recalled_rows_are_never_read(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(
        "series,year,value,unit,source,url,confidence,note\n"
        "x,2020,100,ha,s,u,verified,\n"
        "x,2021,900,ha,s,u,recalled,\n"
        "x,2022-06,200,ha,s,u,derived,\n"
        "x,2023-01 to 2023-06,999,ha,s,u,verified,a partial period is not a stock\n",
        encoding="utf-8",
    )
    series = read_series(("x",), path)["x"]
    assert [(p.month, p.value) for p in series.points] == [
        (ordinal("2020-12"), 100.0),
        (ordinal("2022-06"), 200.0),
    ]


def test_the_targets_file_is_parsed_again_when_it_changes(tmp_path):
    """read_series keeps the parsed file per process (issue 15), but never a stale one."""
    from model.observed import TARGETS_FILE

    copy = tmp_path / "targets.csv"
    text = TARGETS_FILE.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    names = ("coca_ha_unodc",)
    first = read_series(names, copy)
    assert read_series(names, copy) == first
    assert read_series(names, TARGETS_FILE) == first
    header, *rows = text.splitlines()
    kept = [r for r in rows if not r.startswith("coca_ha_unodc,")]
    assert len(kept) < len(rows)
    copy.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    assert "coca_ha_unodc" not in read_series(names, copy)
    copy.unlink()
    with pytest.raises(Exception, match="targets"):
        read_series(names, copy)
