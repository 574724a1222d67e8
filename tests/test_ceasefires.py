"""Ceasefires: the documented table, its errors, and what a truce changes (ODD 7.17)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.ceasefires import COLUMNS, CeasefireError, Ceasefires, read_ceasefires
from model.groups import GROUP_KEYS
from model.observed import ordinal
from model.params import Params


def _at(month: str, **overrides: object) -> Ceasefires:
    params = Params.from_overrides({"simulation.start_month": month, **overrides})
    return Ceasefires(params, GROUP_KEYS)


def _index(key: str) -> int:
    return 1 + GROUP_KEYS.index(key)


def test_the_table_dates_the_eln_ceasefire_and_it_ends_in_august_2024() -> None:
    eln = [t for t in read_ceasefires(GROUP_KEYS) if t.group == "eln"]
    assert [(t.first, t.last) for t in eln] == [(ordinal("2023-08"), ordinal("2024-07"))]
    during, after = _at("2024-03"), _at("2024-08")
    assert during.offensive[_index("eln")] == pytest.approx(0.1)
    assert during.attacks[_index("eln")] == pytest.approx(0.2)
    assert after.offensive[_index("eln")] == 1.0 and after.attacks[_index("eln")] == 1.0
    # a truce is with one group: the EGC is fought as usual in 2024
    assert during.offensive[_index("egc")] == 1.0


def test_a_partial_ceasefire_covers_its_share_of_the_group() -> None:
    cf = _at("2024-06")  # only the Calarca faction of the dissidents (share 0.4)
    assert cf.offensive[_index("emc")] == pytest.approx(1.0 - 0.4 * 0.9)


def test_the_months_step_through_the_table() -> None:
    cf = _at("2023-07")
    assert not cf.any  # between the first-half truces and the ELN's
    cf.enter(1)  # 2023-08
    assert cf.any and cf.offensive[_index("eln")] < 1.0


def test_no_ceasefire_in_the_future_unless_a_parameter_sets_one() -> None:
    assert not _at("2025-09").any
    cf = _at(
        "2025-09",
        **{
            "government.future_ceasefire_start": "2026-08",
            "government.future_ceasefire_months": 6,
        },
    )
    assert not cf.any
    cf.enter(11)  # 2026-08
    assert np.allclose(cf.offensive[1:], 0.1)
    cf.enter(17)  # 2027-02: six months later, over
    assert not cf.any


def test_aim_weighs_each_group_by_the_offensive_on_it() -> None:
    cf = _at("2024-03")
    effective = np.ones((1 + len(GROUP_KEYS), 2, 2))
    presence = effective[1:].sum(axis=0)
    cf.aim(effective, presence)
    # March 2024: the ELN and the EMC both in a ceasefire, each weighs 0.1
    assert cf.targets[0, 0] == pytest.approx(len(GROUP_KEYS) - 2 * 0.9)
    calm = _at("2025-09")
    calm.aim(effective, presence)
    assert calm.targets is presence


def test_the_dissident_priority_weighs_the_emc_and_the_segunda_marquetalia() -> None:
    effective = np.zeros((1 + len(GROUP_KEYS), 1, 2))
    effective[_index("eln"), 0, 0] = 300.0  # a pile of ELN fronts
    effective[_index("emc"), 0, 1] = 200.0  # one EMC front
    presence = effective[1:].sum(axis=0)
    plain = _at("2025-09")
    plain.aim(effective, presence)
    assert plain.targets is presence  # weight 1 for all: the largest concentration
    cf = _at("2025-09", **{"security.dissident_priority": 2.0})
    assert cf.priority[_index("emc")] == cf.priority[_index("sm")] == 2.0
    assert cf.priority[_index("eln")] == cf.priority[_index("egc")] == 1.0
    cf.aim(effective, presence)
    np.testing.assert_allclose(cf.targets, [[300.0, 400.0]])
    # in a ceasefire (March 2024: the ELN and the EMC) both weights multiply
    truce = _at("2024-03", **{"security.dissident_priority": 2.0})
    truce.aim(effective, presence)
    kept = Params().government.ceasefire_offensive
    np.testing.assert_allclose(truce.targets, [[300.0 * kept, 400.0 * kept]])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("group", "farc", "allowed: egc"),
        ("first_month", "2023-13", "first_month '2023-13' is not YYYY-MM"),
        ("last_month", "2022-01", "before first_month"),
        ("share", "1.5", "share '1.5' must be in (0, 1]"),
        ("share", "", "must be in (0, 1]"),
    ],
)
def test_a_malformed_table_is_a_clear_error(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    row = {c: "" for c in COLUMNS} | {
        "group": "eln",
        "first_month": "2023-08",
        "last_month": "2024-07",
        "share": "1",
    }
    row[field] = value
    path = tmp_path / "ceasefires.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n")
    with pytest.raises(CeasefireError, match="line 2") as err:
        read_ceasefires(GROUP_KEYS, path)
    assert message in str(err.value)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ceasefires.csv"
    path.write_text("group,first_month\neln,2023-08\n")
    with pytest.raises(CeasefireError, match="missing column"):
        read_ceasefires(GROUP_KEYS, path)


def test_a_full_truce_stops_the_fighting_with_the_state(make_model, run_events) -> None:
    """A ceasefire with every group that keeps nothing: no state kills, no attacks on it."""
    names = ("armed_killed_by_state", "captures", "security_force_deaths")
    truce = {
        "government.future_ceasefire_start": "2025-09",
        "government.future_ceasefire_months": 12,
        "government.ceasefire_offensive": 0.0,
        "government.ceasefire_attacks": 0.0,
    }
    totals = {}
    for name, overrides in (("usual", {}), ("truce", truce)):
        # attacks frequent enough to be seen in a small model
        base = {"simulation.start_month": "2025-09", "armed.attack_rate": 0.01}
        model = make_model(seed=3, overrides={**base, **overrides})
        months = run_events(model, 6, names)
        totals[name] = {n: sum(v) for n, v in months.items()}
    assert totals["usual"]["armed_killed_by_state"] > 0
    assert totals["usual"]["security_force_deaths"] > 0
    assert totals["truce"] == dict.fromkeys(names, 0)
