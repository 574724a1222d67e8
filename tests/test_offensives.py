"""Offensives against the state (model/offensives.py) and broken truces (model/talks.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.ceasefires import CeasefireError
from model.groups import GROUP_KEYS
from model.observed import ordinal
from model.offensives import Offensives
from model.params import Params
from model.talks import Talks


def _index(key: str) -> int:
    return 1 + GROUP_KEYS.index(key)


def _params(month: str, **overrides: object) -> Params:
    return Params.from_overrides({"simulation.start_month": month, **overrides})


def test_the_clan_del_golfo_plan_pistola_campaigns_are_dated() -> None:
    egc = [(o.first, o.last) for o in Offensives(_params("2025-01"), GROUP_KEYS).periods]
    assert (ordinal("2022-05"), ordinal("2022-06")) in egc
    # 15 April to about 7 May 2025 (Infobae, Publimetro): three weeks, April's month alone
    assert (ordinal("2025-04"), ordinal("2025-04")) in egc


def test_an_offensive_multiplies_its_group_attacks_in_its_months_only() -> None:
    intensity = Params().government.offensive_attacks
    offensives = Offensives(_params("2025-03"), GROUP_KEYS)
    assert np.all(offensives.attacks == 1.0)  # March 2025: none
    offensives.enter(1)  # April 2025
    assert offensives.attacks[_index("egc")] == pytest.approx(intensity)
    assert offensives.attacks[_index("eln")] == 1.0  # only the group on the offensive
    offensives.enter(2)  # May 2025: over (the stop order of about 7 May)
    assert np.all(offensives.attacks == 1.0)
    assert np.all(Offensives(_params("2027-01"), GROUP_KEYS).attacks == 1.0)  # none ahead


def test_a_shared_offensive_scales_with_the_share_taking_part(tmp_path: Path) -> None:
    path = tmp_path / "offensives.csv"
    path.write_text(
        "group,first_month,last_month,share,source,url,status,note\n"
        "emc,2024-01,2024-02,0.5,s,,recalled,\n"
    )
    params = _params("2024-01", **{"government.offensive_attacks": 5.0})
    assert Offensives(params, GROUP_KEYS, path).attacks[_index("emc")] == pytest.approx(3.0)


def test_a_malformed_offensives_table_is_named(tmp_path: Path) -> None:
    path = tmp_path / "offensives.csv"
    path.write_text(
        "group,first_month,last_month,share,source,url,status,note\n"
        "egc,2025-04,2025-13,1,s,,recalled,\n"
    )
    with pytest.raises(CeasefireError, match="line 2: last_month '2025-13'"):
        Offensives(Params(), GROUP_KEYS, path)
    with pytest.raises(CeasefireError, match="cannot read the offensives file"):
        Offensives(Params(), GROUP_KEYS, tmp_path / "missing.csv")


def test_an_offensive_kills_more_security_forces(make_model, run_events, tmp_path) -> None:
    path = tmp_path / "offensives.csv"
    rows = [f"{key},2025-09,2026-02,1,s,,recalled," for key in GROUP_KEYS]
    path.write_text("group,first_month,last_month,share,source,url,status,note\n" + "\n".join(rows))
    names = ("security_force_deaths",)
    totals = {}
    for name, intensity in (("usual", 1.0), ("offensive", 10.0)):
        # every group on a campaign over the six months run; attacks frequent enough to count
        overrides = {
            "simulation.start_month": "2025-09",
            "armed.attack_rate": 0.002,
            "government.offensive_attacks": intensity,
        }
        model = make_model(seed=3, overrides=overrides)
        model.offensives = Offensives(model.params, model.group_keys, path)
        totals[name] = sum(run_events(model, 6, names)["security_force_deaths"])
    assert totals["usual"] > 0
    assert totals["offensive"] > 3 * totals["usual"]


def test_the_emc_truce_broken_in_march_2024_escalates_the_faction_that_left() -> None:
    g = Params().government
    talks = Talks(_params("2024-02"), GROUP_KEYS)
    assert talks.attacks[_index("emc")] == 1.0  # still in the ceasefire
    broken = [r for r in talks.ruptures if r.group == "emc"]
    assert [(r.last, r.share) for r in broken] == [(ordinal("2024-03"), 0.6)]
    talks.enter(1)  # March 2024, the suspension
    assert talks.attacks[_index("emc")] == pytest.approx(1 + 0.6 * (g.rupture_attacks - 1))
    assert talks.kidnapping[_index("emc")] == pytest.approx(1 + 0.6 * (g.rupture_kidnapping - 1))
    assert talks.recruitment[_index("emc")] == 1.0  # a broken truce is not a table
    # documented to outlast rupture_months: the Mordisco faction's waves in Cauca through 2025
    assert broken[0].until == ordinal("2025-11")
    talks.enter(1 + g.rupture_months)  # March 2025: still escalated
    assert talks.attacks[_index("emc")] > 1.0
    talks.enter(ordinal("2025-12") - ordinal("2024-02"))  # December 2025: over
    assert talks.attacks[_index("emc")] == 1.0


def _ruptures(tmp_path: Path, until: str | None) -> Path:
    header = "group,first_month,last_month,share,source,url,status,note"
    row = "emc,2024-01,2024-03,1,s,,verified,"
    if until is not None:
        header, row = header + ",escalated_until", row + "," + until
    path = tmp_path / "ruptures.csv"
    path.write_text(f"{header}\n{row}\n")
    return path


def test_a_broken_truce_escalates_for_rupture_months_unless_a_later_end_is_documented(
    tmp_path: Path,
) -> None:
    g = Params().government
    ends = {}
    for until in (None, "", "2024-12"):
        talks = Talks(_params("2024-03"), GROUP_KEYS, ruptures=_ruptures(tmp_path, until))
        escalated = []
        for step in range(24):
            talks.enter(step)
            escalated.append(talks.attacks[_index("emc")] > 1.0)
        ends[until] = len(escalated) - escalated[::-1].index(True)  # months escalated
    assert ends[None] == ends[""] == g.rupture_months  # March 2024 on, rupture_months
    assert ends["2024-12"] == 10  # March to December 2024


def test_an_escalation_ending_before_its_truce_is_named(tmp_path: Path) -> None:
    with pytest.raises(CeasefireError, match="escalated_until '2024-02' must be YYYY-MM"):
        Talks(Params(), GROUP_KEYS, ruptures=_ruptures(tmp_path, "2024-02"))


def test_a_malformed_ruptures_table_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ruptures.csv"
    path.write_text(
        "group,first_month,last_month,share,source,url,status,note\nemc,2024-01,2024-02,2,s,,recalled,\n"
    )
    with pytest.raises(CeasefireError, match="ruptures.csv, line 2: share '2'"):
        Talks(Params(), GROUP_KEYS, ruptures=path)
