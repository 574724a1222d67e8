"""Wars between armed groups (model/wars.py): the table, and what a war does to the fighting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model.simulation as simulation
import model.wars as wars_module
from agents.front_turn import python_turn
from model.calendar import month_label
from model.errors import DecertsimInputError
from model.simulation import ColombiaModel
from model.wars import COLUMNS, WARS_FILE, WarsDataError, read_wars

HEADER = ",".join(COLUMNS)
START = "2025-09"  # the small models' start month (simulation.start_month's default)


def war_row(
    a: str = "egc",
    b: str = "eln",
    departments: str = "Synthetic NW",
    first: str = "2025-11",
    last: str = "2026-02",
    status: str = "verified",
    source: str = "a test",
) -> str:
    return f"{a},{b},{departments},{first},{last},{source},https://example.org,{status}"


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_shipped_wars_are_sourced_and_dated():
    wars = read_wars()
    assert len(wars) >= 5
    pairs = {(w.group_a, w.group_b, w.departments, w.first_month) for w in wars}
    assert ("eln", "emc", ("Arauca",), "2022-01") in pairs
    assert ("eln", "emc", ("Norte de Santander",), "2025-01") in pairs
    for line in WARS_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        assert "http" in line  # every row cites what was read


def test_a_broken_wars_file_is_refused_with_its_line_and_column(tmp_path: Path):
    cases = [
        (war_row(a="farc"), "line 2: group_a is 'farc'; allowed: egc, eln, emc, sm"),
        (war_row(b="egc"), "line 2: group_a and group_b are both 'egc'"),
        (war_row(departments="Narnia"), "line 2: departments has 'Narnia'; allowed: "),
        (war_row(departments=" ; "), "line 2: departments is empty"),
        (war_row(first="2025-13"), "line 2: first_month is '2025-13'; allowed: YYYY-MM"),
        (war_row(first="2026-03"), "line 2: last_month 2026-02 is before first_month"),
        (war_row(status="recalled"), "line 2: status is 'recalled'; allowed: verified"),
        (war_row(source=""), "line 2: source is empty"),
    ]
    bad = tmp_path / "wars.csv"
    names = ("Synthetic NW", "Arauca")
    for row, message in cases:
        write(bad, row)
        with pytest.raises(WarsDataError, match=message):
            read_wars(bad, departments=names)
    write(bad, war_row(), war_row(a="farc"))
    with pytest.raises(WarsDataError, match="line 3: group_a"):
        read_wars(bad, departments=names)
    bad.write_text(HEADER.replace("departments,", "") + "\n", encoding="utf-8")
    with pytest.raises(WarsDataError, match="missing column.*departments"):
        read_wars(bad)
    assert issubclass(WarsDataError, DecertsimInputError)  # the CLI's exit 2, no traceback
    # a real department is allowed by default, a synthetic one only when the world has it
    write(bad, war_row(departments="Arauca;Norte de Santander"))
    assert read_wars(bad)[0].departments == ("Arauca", "Norte de Santander")


def with_wars(
    monkeypatch: pytest.MonkeyPatch, path: Path, build: Callable[[], ColombiaModel]
) -> ColombiaModel:
    monkeypatch.setattr(wars_module, "WARS_FILE", path)
    return build()


def test_a_war_between_allies_is_an_input_error(tmp_path, monkeypatch, make_model):
    path = write(tmp_path / "wars.csv", war_row(a="eln", b="sm"))
    with pytest.raises(WarsDataError, match="eln and sm are allied"):
        with_wars(monkeypatch, path, make_model)


def test_a_war_is_on_for_its_pair_its_departments_and_its_months_only(
    tmp_path, monkeypatch, make_model
):
    path = write(tmp_path / "wars.csv", war_row())
    m = with_wars(monkeypatch, path, make_model)
    wars = m.wars
    index = {g.key: g.index for g in m.groups}
    egc, eln, emc = index["egc"], index["eln"], index["emc"]
    dept = m.landscape.layers["department"]
    inside = tuple(int(v) for v in np.argwhere(dept == 0)[0])
    outside = tuple(int(v) for v in np.argwhere(dept == 1)[0])
    assert wars.active == ()  # none at set-up
    for step in range(8):
        wars.enter(step)
        on = "2025-11" <= month_label(step, START) <= "2026-02"
        assert wars.at_war(egc, eln, inside) is on
        assert wars.at_war(eln, egc, inside) is on
        assert not wars.at_war(egc, eln, outside)
        assert not wars.at_war(egc, emc, inside)
        expected = m.params.armed.war_lethality if on else 1.0
        assert wars.lethality_factor(egc, eln, inside) == expected
        assert wars.lethality_factor(emc, eln, inside) == 1.0


def test_a_front_at_war_seeks_the_nearest_enemy_front_it_can_reach(
    tmp_path, monkeypatch, make_model
):
    path = write(tmp_path / "wars.csv", war_row())
    m = with_wars(monkeypatch, path, make_model)
    egc = next(g for g in m.groups if g.key == "egc")
    eln = next(g for g in m.groups if g.key == "eln")
    hunter = next(iter(egc.fronts))
    prey = next(iter(eln.fronts))
    dept = m.landscape.layers["department"]
    land = m.land.astype(bool)
    nw = np.argwhere((dept == 0) & land)
    here, there = tuple(int(v) for v in nw[0]), None
    for cell in nw[1:]:
        far = max(abs(int(cell[0]) - here[0]), abs(int(cell[1]) - here[1]))
        if 0 < far <= m.params.armed.move_range:
            there = (int(cell[0]), int(cell[1]))
            break
    assert there is not None
    hunter.cell, hunter.base = m.grid[here], here
    away = tuple(int(v) for v in np.argwhere(dept == 3)[-1])
    for f in list(egc.fronts) + list(eln.fronts):  # only these two can meet
        if f is not hunter and f is not prey:
            f.cell = m.grid[away]
    prey.cell = m.grid[there]
    m.wars.enter(0)  # 2025-09: not yet at war
    assert m.wars.pursuit(hunter) is None
    m.wars.enter(2)  # 2025-11
    assert m.wars.pursuit(hunter) == there
    hunter.move()
    assert hunter.cell.coordinate == there
    # the base bounds the chase: with its base far away the enemy is out of its zone
    hunter.cell = m.grid[here]
    hunter.base = (here[0] + 15, here[1])
    assert m.wars.pursuit(hunter) is None


def clash_log(
    m: ColombiaModel, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, tuple[str, str], str]]:
    """Wrap the model's combat to log every clash fought as a war: (month, pair, department).

    The fronts then act by their Python ``step`` (``agents.front_turn.python_turn``), which
    calls ``combat.clash``; the compiled turn, the same numbers (``tests/test_front_turn.py``),
    clashes inside numba.
    """
    monkeypatch.setattr(simulation, "fronts_turn", python_turn)
    log: list[tuple[str, tuple[str, str], str]] = []
    clash = m.combat.clash
    names = m.landscape.department_names
    dept = m.landscape.layers["department"]

    def spy(front, other, bits=None) -> None:
        before = m.events.get("war_combat_deaths")
        clash(front, other, bits)
        if m.events.get("war_combat_deaths") > before:
            pair = tuple(sorted((front.group.key, other.group.key)))
            log.append((m.date, pair, names[int(dept[front.cell.coordinate])]))

    m.combat.clash = spy
    return log


def test_a_war_raises_the_pairs_clashes_there_and_then_and_nowhere_else(
    tmp_path, monkeypatch, make_model, run_events
):
    overrides = {"armed.war_lethality": 10.0}
    names = ["armed_combat_deaths", "war_combat_deaths", "displaced_new"]
    empty = write(tmp_path / "none.csv")
    calm = with_wars(monkeypatch, empty, lambda: make_model(seed=4, overrides=overrides))
    calm_events = run_events(calm, 8, names)
    war = with_wars(
        monkeypatch,
        # the small world's ELN and some EMC fronts share its north-east
        write(tmp_path / "war.csv", war_row(a="eln", b="emc", departments="Synthetic NE")),
        lambda: make_model(seed=4, overrides=overrides),
    )
    log = clash_log(war, monkeypatch)
    war_events = run_events(war, 8, names)
    months = [month_label(s, START) for s in range(8)]
    before = months.index("2025-11")
    # the same world until the war starts
    for name in names:
        assert war_events[name][:before] == calm_events[name][:before]
    assert log, "no clash fought as a war"
    assert {pair for _, pair, _ in log} == {("eln", "emc")}
    assert {where for _, _, where in log} == {"Synthetic NE"}
    assert all("2025-11" <= month <= "2026-02" for month, _, _ in log)
    during = slice(before, months.index("2026-02") + 1)
    assert sum(war_events["war_combat_deaths"][during]) > 0
    assert sum(calm_events["war_combat_deaths"]) == 0
    assert sum(war_events["armed_combat_deaths"][during]) > sum(
        calm_events["armed_combat_deaths"][during]
    )


def test_with_no_war_in_the_run_the_model_is_the_one_without_wars(
    tmp_path, monkeypatch, make_model, run_events
):
    names = ["armed_combat_deaths", "displaced_new", "kidnappings", "recruits", "deserters"]
    runs = []
    for rows in ((), (war_row(first="2019-01", last="2019-12"),)):
        path = write(tmp_path / f"w{len(runs)}.csv", *rows)
        m = with_wars(monkeypatch, path, lambda: make_model(seed=2))
        runs.append(run_events(m, 6, names))
    assert runs[0] == runs[1]
    assert sum(runs[0]["armed_combat_deaths"]) > 0  # the rivals still clash, as without wars


def test_where_a_war_was_fought_a_share_of_the_free_residents_flee_in_mass():
    from model.displacement import CHANNELS, displaced_by_channel
    from model.params import MigrationParams

    p = MigrationParams()
    zero = np.zeros((2, 2))
    args = {
        "free": np.array([[1000.0, 2000.0], [0.0, 500.0]]),
        "presence": np.full((2, 2), 0.5),
        "armed_rule": zero.astype(bool),
        "control_changed": zero.astype(bool),
        "killings": np.array([[3.0, 0.0], [0.0, 0.0]]),
        "predation": {k: zero for k in ("kidnappings", "child_recruits", "extorted_people")},
        "confined_before": zero,
        "params": p,
    }
    calm = displaced_by_channel(**args)
    fought = np.array([[True, False], [True, False]])
    war = displaced_by_channel(**args, war_fought=fought)
    violence = CHANNELS.index("violence")
    extra = war[violence] - calm[violence]
    assert extra == pytest.approx(p.war_flight_share * args["free"] * fought)
    assert np.array_equal(np.delete(war, violence, 0), np.delete(calm, violence, 0))
    # no war fought this month: the very same arrays as the model without wars
    assert np.array_equal(displaced_by_channel(**args, war_fought=None), calm)


def test_a_war_displaces_more_people_where_it_is_fought(
    tmp_path, monkeypatch, make_model, run_events
):
    names = ["displaced_violence", "war_combat_deaths"]
    runs = []
    for rows in ((), (war_row(a="eln", b="emc", departments="Synthetic NE"),)):
        path = write(tmp_path / f"d{len(runs)}.csv", *rows)
        m = with_wars(monkeypatch, path, lambda: make_model(seed=4))
        runs.append(run_events(m, 6, names))
    calm, war = runs
    during = slice(2, 6)  # 2025-11 .. 2026-02
    assert sum(war["war_combat_deaths"][during]) > 0
    assert sum(war["displaced_violence"][during]) > sum(calm["displaced_violence"][during])
