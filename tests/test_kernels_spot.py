"""A front's month on its cell in one compiled call (agents/kernels_spot.py), bit for bit.

``on_the_spot`` replaced three Python rules (``ArmedUnit.recruit_and_desert``,
``prey_on_civilians``, ``attack_security_forces``) that drew from numpy's ``Generator``. These
tests keep those rules as they were written and compare: the kernel alone on random inputs
(every number it returns, the pool, the residents and the generator's state), and whole model
months with the old rules swapped in (every front's fighters, the treasuries, the month's
events and layers, the pool, the residents, the violence and the generator).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import model.simulation as simulation
from agents.armed import EXTORTION, KIDNAPPING
from agents.front import ArmedUnit
from agents.front_turn import python_turn
from agents.kernels_draws import generator_bits
from agents.kernels_front import money_share, recruit
from agents.kernels_spot import (
    ALL,
    ATTACK,
    CELLS,
    GROUP_CELLS,
    GROUP_TERMS,
    PREY,
    RATES,
    RECRUIT,
    on_the_spot,
)
from agents.window import window
from model.combat import RivalCombat
from model.params import Params
from model.simulation import ColombiaModel


def spot_by_rules(rng, pool, residents, cells, group_cells, terms, rates, x, y, radius, *rest):
    """The Python rules the kernel replaced, with numpy's draws (one front, ``acts``)."""
    fighters, others, members, treasury, acts = rest
    willingness, absent, extortion, state = (cells[k] for k in range(len(CELLS)))
    territory, kidnap_arrest, holds = (group_cells[k] for k in range(len(GROUP_CELLS)))
    t = dict(zip(GROUP_TERMS, terms.tolist(), strict=True))
    r = dict(zip(RATES, rates.tolist(), strict=True))
    wanted = recruits = children = deserters = kidnappings = deaths = 0
    extorted = 0.0
    if acts & RECRUIT:
        where = window(x, y, radius, pool.shape)
        held = float((pool[where] * territory[where]).sum())
        people = float((residents[where] * territory[where]).sum())
        full = r["pool_full"] * people
        fullness = min(1.0, held / full) if full > 0 else 0.0
        effort = min(fighters * r["recruitment_rate"] * fullness, held)
        affordable = t["affordable"]
        if affordable == math.inf:
            money = 1.0
        elif affordable <= 0:
            money = 0.0
        else:
            headroom = max(r["money_headroom"], 1e-9)
            money = float(min(1.0, max(0.0, (1.0 - members / affordable) / headroom)))
        mean = effort * float(willingness[x, y]) * money
        mean *= t["talks_recruitment"]
        if mean > 0:
            wanted = min(int(rng.poisson(mean)), int(residents[x, y]))
            if wanted:
                cost = r["recruit_cost"]
                recruits = wanted if cost <= 0 else min(wanted, int(treasury // cost))
        if recruits:
            pool[where] *= 1.0 - np.minimum(1.0, recruits / held) * territory[where]
            residents[x, y] -= recruits
            coercion = 1.0 if holds[x, y] else 0.5
            chance = r["child_share"] * coercion * float(absent[x, y])
            if chance > 0:
                children = int(rng.binomial(recruits, chance))
        leaving = t["leaving"]
        deserters = int(rng.binomial(fighters, leaving)) if leaving > 0 else 0
        fighters = fighters + recruits - deserters
    if acts & PREY:
        on_cell = others + fighters
        share = fighters / on_cell if on_cell > 0 else 0.0
        extorted = float(t["extortion_weight"] * extortion[x, y] * share)
        mean = r["kidnap_rate"] * fighters * absent[x, y] * t["kidnapping_weight"]
        mean *= t["kidnapping_need"]
        mean *= t["talks_kidnapping"]
        mean *= 1.0 - r["risk_aversion"] * kidnap_arrest[x, y]
        kidnappings = int(rng.poisson(float(mean))) if mean > 0 else 0
    if acts & ATTACK:
        force = state[x, y]
        if force != 0:
            mean = r["attack_rate"] * fighters * (force / (force + 100.0))
            mean *= t["ceasefire_attacks"]
            mean *= t["talks_attacks"]
            mean *= t["offensive_attacks"]
            deaths = int(rng.poisson(float(mean))) if mean > 0 else 0
    return wanted, recruits, children, deserters, extorted, kidnappings, deaths


def test_the_terms_name_every_column():
    assert (len(CELLS), len(GROUP_CELLS), len(GROUP_TERMS), len(RATES)) == (4, 3, 10, 8)
    assert ALL == RECRUIT | PREY | ATTACK


def random_case(seed: int):
    """A random front on a 9 x 8 grid: the kernel's arguments after the generator's bits."""
    source = np.random.default_rng(seed)
    shape = (9, 8)
    pool = source.random(shape) * 400.0
    residents = np.floor(source.random(shape) * 5_000.0)
    cells = np.stack(
        [
            source.random(shape),  # willingness
            source.random(shape) * (source.random(shape) < 0.8),  # absent
            source.random(shape) * 3e4,  # extortion rent
            source.random(shape) * 300.0 * (source.random(shape) < 0.6),  # the state's force
        ]
    )
    group_cells = np.stack(
        [
            source.random(shape) * (source.random(shape) < 0.7),  # territory
            source.random(shape),  # kidnappers' arrest risk
            (source.random(shape) < 0.5).astype(float),  # held
        ]
    )
    terms = np.array(
        [
            source.choice([0.5, 1.0]),  # talks' restraint on recruitment
            source.choice([0.0, 0.01, 0.3]),  # leaving
            source.choice([math.inf, 0.0, 900.0, 3_000.0]),  # affordable members
            source.random(),  # kidnapping need
            source.choice([1.0, 2.5]),  # talks' kidnapping
            source.random(),  # extortion weight
            source.random() * (source.random() < 0.8),  # kidnapping weight
            source.choice([0.3, 1.0]),  # ceasefire's attacks
            source.choice([1.0, 3.0]),  # talks' attacks
            source.choice([1.0, 2.0]),  # offensive's attacks
        ]
    )
    rates = np.array(
        [
            source.choice([0.005, 0.05, 0.5]),  # recruitment rate
            source.choice([0.0, 800.0]),  # recruit cost
            source.choice([0.0, 0.1]),  # child share
            source.choice([0.01, 0.2]),  # the pool's full level per resident
            source.choice([0.0, 0.3]),  # money headroom
            source.choice([0.0, 0.002, 0.05]),  # kidnap rate
            source.random(),  # risk aversion
            source.choice([0.001, 0.02]),  # attack rate
        ]
    )
    x, y = int(source.integers(0, shape[0])), int(source.integers(0, shape[1]))
    rest = (
        int(source.integers(0, 4)),  # radius
        int(source.integers(0, 2_000)),  # fighters
        int(source.integers(0, 500)) * int(source.integers(0, 2)),  # others on the cell
        int(source.integers(0, 4_000)),  # members
        float(source.choice([0.0, 5_000.0, 1e9])),  # treasury
    )
    acts = int(source.integers(1, 8))
    return pool, residents, cells, group_cells, terms, rates, x, y, rest, acts


@pytest.mark.parametrize("seed", range(40))
def test_on_the_spot_is_the_rules_bit_for_bit(seed):
    pool, residents, cells, group_cells, terms, rates, x, y, rest, acts = random_case(seed)
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    pool_b, residents_b = pool.copy(), residents.copy()
    want = spot_by_rules(
        theirs, pool_b, residents_b, cells, group_cells, terms, rates, x, y, *rest, acts
    )
    got = on_the_spot(
        generator_bits(ours), pool, residents, cells, group_cells, terms, rates, x, y, *rest,
        math.nan, math.nan, acts,
    )  # fmt: skip
    assert tuple(got) == want
    assert pool.tobytes() == pool_b.tobytes()
    assert residents.tobytes() == residents_b.tobytes()
    assert ours.random() == theirs.random()


def test_sums_given_by_the_caller_are_used():
    """Windows too large for the compiled sums: the caller's ``held`` and ``fullness`` count."""
    pool, residents, cells, group_cells, terms, rates, x, y, rest, _ = random_case(1)
    rng = np.random.default_rng(0)
    bits = generator_bits(rng)  # keep the generator: the addresses point into it
    args = (pool, residents, cells, group_cells, terms, rates, x, y, *rest)
    got = on_the_spot(bits, *args, 0.0, 1.0, RECRUIT)
    assert got[0] == got[1] == 0  # nothing held: no Poisson mean, nobody recruited


def test_money_share_is_one_formula_for_python_and_numba():
    from agents.armed import money_share as used_by_groups

    assert used_by_groups is money_share
    assert money_share(10, math.inf, 0.3) == 1.0
    assert money_share(10, 0.0, 0.3) == 0.0
    assert money_share(500, 1_000.0, 0.25) == 1.0
    assert money_share(900, 1_000.0, 0.25) == pytest.approx(0.4)
    assert money_share(1_200, 1_000.0, 0.25) == 0.0


def act_by_rules(front: ArmedUnit, acts: int, here=None) -> None:
    """``ArmedUnit`` before the kernel: the three rules in Python with numpy's draws."""
    m = front.model
    p = m.params.armed
    group = front.group
    terms = front._month()
    x, y = front.cell.coordinate
    rng = m.rng
    if acts & RECRUIT:
        territory = group.territory
        held, fullness = m.recruitment.around(x, y, p.move_range, m.population, territory)
        fighters = front._fighters
        leaving = min(1.0, p.desertion_rate + p.unpaid_desertion * group.unpaid_share)
        wanted, recruits, children, deserters = recruit(
            generator_bits(rng), m.recruitment.pool, m.population, territory, x, y,
            p.move_range, held, fullness, fighters, p.recruitment_rate,
            float(terms.willingness[x, y]), terms.money_factor(group),
            float(m.talks.recruitment[group.index]), group.treasury_usd, p.recruit_cost_usd,
            1.0 if m.control.held_by(group.index, (x, y)) else 0.5, p.child_share,
            float(terms.absent[x, y]), leaving,
        )  # fmt: skip
        if wanted:
            group.pay_recruits(wanted)
        if recruits:
            if children:
                m.events.add("child_recruits", children, at=(x, y))
            m.events.add("recruits", recruits)
        if recruits or deserters:
            front.fighters = fighters + recruits - deserters
        if deserters:
            m.events.add("deserters", deserters)
    if acts & PREY:
        weights = group.strategy
        fighters = front._fighters
        on_cell = sum(a._fighters for a in front.cell.agents if isinstance(a, ArmedUnit))
        share = fighters / on_cell if on_cell > 0 else 0.0
        extorted = float(weights[EXTORTION] * m.rents.layers[EXTORTION, x, y] * share)
        if extorted > 0:
            group.receive("extortion", extorted)
            m.events.add("extortion_usd", extorted, at=(x, y))
        index = group.index
        mean = p.kidnap_rate * fighters * terms.absent[x, y] * weights[KIDNAPPING]
        mean *= group.kidnapping
        mean *= m.talks.kidnapping[index]
        mean *= 1.0 - p.risk_aversion * terms.kidnap_arrest[index][x, y]
        kidnappings = int(rng.poisson(float(mean))) if mean > 0 else 0
        if kidnappings:
            group.receive("ransoms", kidnappings * p.ransom_usd)
            m.events.add("kidnappings", kidnappings, at=(x, y))
            m.add_violence((x, y), kidnappings)
    if acts & ATTACK:
        state = m.forces.state[x, y]
        if state == 0:
            return
        index = group.index
        mean = p.attack_rate * front._fighters * (state / (state + 100.0))
        mean *= m.ceasefires.attacks[index]
        mean *= m.talks.attacks[index]
        mean *= m.offensives.attacks[index]
        deaths = int(rng.poisson(float(mean))) if mean > 0 else 0
        if deaths:
            m.events.add("security_force_deaths", deaths)
            m.add_violence((x, y), deaths)


#: the events the fronts' turn counts
EVENTS = (
    "recruits",
    "child_recruits",
    "deserters",
    "extortion_usd",
    "kidnappings",
    "security_force_deaths",
    "armed_combat_deaths",
)


def fronts_state(model) -> bytes:
    """Everything the fronts' turn writes, as bytes."""
    fronts = sorted((f.unique_id, f.fighters, f.cell.coordinate) for f in model.armed_units)
    parts = [
        repr(fronts).encode(),
        model.population.tobytes(),
        model.recruitment.pool.tobytes(),
        model.violence.tobytes(),
        repr(model.rng.bit_generator.state).encode(),
    ]
    for g in model.groups:
        parts.append(repr((g.treasury_usd, g.spent_recruiting_usd, g.revenue_by_source)).encode())
    for name in EVENTS:
        parts.append(repr(model.events.get(name)).encode() + model.events.layer(name).tobytes())
    return b"".join(parts)


_NUMPY_CLASH = RivalCombat.clash


def clash_by_numpy(combat, front, other, bits=None) -> None:
    """``RivalCombat.clash`` drawing its losses with numpy, as before the compiled draws."""
    _NUMPY_CLASH(combat, front, other, None)


@pytest.mark.parametrize("regime", ["certified", "full_cutoff"])
def test_model_months_with_the_kernel_are_those_of_the_rules(load_regime, monkeypatch, regime):
    """Whole months of a model: the fronts' turn compiled and by the rules with numpy's draws.

    The 0.25-degree grid with the default parameters: its fronts meet and clash.
    """
    fast, slow = (
        ColombiaModel(Params(), load_regime(regime), rng=3, resolution="0.25") for _ in "ab"
    )
    seen = dict.fromkeys(EVENTS, 0.0)
    for _ in range(8):
        fast.step()
        monkeypatch.setattr(ArmedUnit, "_act", act_by_rules)
        monkeypatch.setattr(RivalCombat, "clash", clash_by_numpy)
        # each front's Python step (the compiled turn, tests/test_front_turn.py, calls neither)
        monkeypatch.setattr(simulation, "fronts_turn", python_turn)
        slow.step()
        monkeypatch.undo()
        assert fronts_state(fast) == fronts_state(slow)
        for name in EVENTS:
            seen[name] += fast.events.get(name)
    # the months exercised every rule
    exercised = ("recruits", "deserters", "extortion_usd", "kidnappings", "armed_combat_deaths")
    assert all(seen[k] > 0 for k in exercised), seen
