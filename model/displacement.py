"""Why people flee: displacement by channel, mass and individual, and confinement (C3, C4; F9).

Colombia's victims' registry (RUV) separates **mass** displacement (ten households or fifty
people or more leaving together, after clashes or a takeover) from **individual** displacement
(households leaving one by one after threats, extortion, a kidnapping or the recruitment of a
child), which is most of it (first half of 2024: 68,812 individual and about 28,600 in mass
events, ``displacement_ruv`` 2024-H1). Each month, on every land cell, with ``free`` the
residents who are not confined (ODD 7.13):

Mass channels:

* ``violence``: ``displaced_per_killing * killings``, killings the violent events of the month
  other than kidnappings (combat deaths, attacks on security forces); plus, where two groups at
  war fought this month (``model/wars.py``, ODD 7.21), ``war_flight_share * rural``: in a war
  each side takes the people of the cells it fights over for the other's collaborators and
  orders them out or kills them (Kalyvas 2006; Catatumbo 2025: the ELN's lists of the
  dissidents' supporters), so the flight is of the population, not in proportion to the dead;
* ``control_change``: ``control_change_share * rural`` where an armed group took the cell or
  lost it this month (reprisals against those taken for the other side's collaborators:
  Kalyvas 2006). A **takeover** (:class:`Takeovers`) changes the cell's *established*
  controller, the last one that held it ``takeover_months`` months in a row, and an armed group
  is the new or the old one; it is counted in the month the new controller has held that
  long. A contested cell whose controller flickers from month to month and back has no
  takeover (its fighting displaces through ``violence``); with ``takeover_months`` 1 every
  monthly change of controller counts;
* ``confinement``: ``confinement_flight_share * confined last month``: confinement that eases
  ends in flight (OCHA).

Individual channels:

* ``threats``: ``threat_rate * (1 - presence) * free`` where armed groups rule or fight with
  fronts near (threats, killings of social leaders);
* ``predation``: ``displaced_per_kidnapping * kidnappings + displaced_per_child_recruit * child
  recruits + extortion_flight_share * extorted people`` where the fronts preyed this month
  (extorted people = extortion taken / ``armed.extortion_usd_per_person``).

``rural`` is the cell's free residents up to its rural people (:func:`rural_residents`): the
mass channels of war and takeover empty veredas, not the town the cell may also hold. The
fronts fight and take territory in the countryside, and the towns and cities are where the
people they drive out go (Catatumbo 2025: from rural Tibú, Teorama and El Tarra to Cúcuta and
Ocaña; CNMH 2015, *Una nación desplazada*: expulsion is overwhelmingly rural). A 0.25 degree
cell around a capital holds hundreds of thousands of people; without this a war or takeover
fought in that cell took 2% of the city a month.

Together they are capped at ``max_displaced_share * free``; when the cap binds every channel is
scaled down alike.

A cell's month counts as a **mass event** (the outcome ``displaced_mass``, scored against the
Defensoría's mass displacement) only where its mass channels displaced at least
``mass_event_people`` people (:func:`mass_events`): the legal definition the Defensoría and
the victims' registry use, ten households or fifty people (Decree 2569 of 2000, art. 12).
Smaller mass-channel flight is counted with the individual displacement
(``displaced_individual``); the channels' own outcomes (``displaced_<channel>``) are unchanged.

Confinement (:func:`confined_people`) comes first: groups confine
``confinement_share * (1 - presence)`` of the residents of the cells they rule or fight over
with fronts near (F9), and those people cannot flee that month.
"""

from __future__ import annotations

import numpy as np

from model.displacement_kernels import round_households, update_takeovers
from model.geo.population import URBAN_SHARE
from model.params import MigrationParams

#: the channels of displacement, in the order of the first axis of :func:`displaced_by_channel`
CHANNELS: tuple[str, ...] = ("violence", "control_change", "confinement", "threats", "predation")
#: channels that displace in mass events; the others displace household by household
MASS: frozenset[str] = frozenset({"violence", "control_change", "confinement"})


def confined_people(
    residents: np.ndarray, presence: np.ndarray, armed_rule: np.ndarray, share: float
) -> np.ndarray:
    """Per cell, the residents confined this month (F9).

    Confinement (OCHA: communities barred from moving by armed groups' orders, mines or
    fighting) happens where groups rule (zones 4-5) or fight over a cell (zone 3) with fronts
    projecting force there (``armed_rule``): ``share * (1 - presence) * residents``.
    """
    return residents * (share * (1.0 - presence)) * armed_rule


def rural_residents(
    residents: np.ndarray, department: np.ndarray, cell_km2: np.ndarray
) -> np.ndarray:
    """Per cell, its rural people at set-up: the department's rural density times its area.

    The landscape spreads ``1 - URBAN_SHARE`` of each department's people uniformly over its
    area and the rest around its capital (``model/geo/population.py``), so the rural people
    of a cell are ``(1 - URBAN_SHARE) * residents(department) / km2(department) * km2``.
    Cells off any department (``department < 0``) have none.

    Args:
        residents: Residents per cell at set-up.
        department: The ``department`` layer (index, -1 off land).
        cell_km2: Area of each cell, km2.
    """
    on = department >= 0
    n = int(department.max()) + 1 if on.any() else 0
    idx = np.where(on, department, 0).astype(np.int64)
    people = np.bincount(idx[on], weights=residents[on], minlength=n)
    km2 = np.bincount(idx[on], weights=cell_km2[on], minlength=n)
    density = (1.0 - URBAN_SHARE) * np.divide(people, km2, out=np.zeros(n), where=km2 > 0)
    return np.where(on, density[idx] * cell_km2, 0.0)


def mass_events(by_channel: np.ndarray, threshold: float) -> np.ndarray:
    """Cells whose mass channels displaced at least ``threshold`` people this month.

    Args:
        by_channel: People displaced, ``[channel, x, y]`` in the order of :data:`CHANNELS`.
        threshold: ``mass_event_people`` (Decree 2569 of 2000, art. 12: fifty people).
    """
    mass = sum(by_channel[CHANNELS.index(name)] for name in sorted(MASS))
    return (mass >= threshold) & (mass > 0)


def displaced_by_channel(
    free: np.ndarray,
    presence: np.ndarray,
    armed_rule: np.ndarray,
    control_changed: np.ndarray,
    killings: np.ndarray,
    predation: dict[str, np.ndarray],
    confined_before: np.ndarray,
    params: MigrationParams,
    war_fought: np.ndarray | None = None,
    rural: np.ndarray | None = None,
) -> np.ndarray:
    """People displaced this month, ``[channel, x, y]`` (expected values, before rounding).

    Args:
        free: Residents not confined this month.
        presence: State presence.
        armed_rule: Cells armed groups rule or fight over with fronts near.
        control_changed: Cells whose controller changed since last month, a group involved.
        killings: Violent events this month other than kidnappings, per cell.
        predation: Per cell this month: ``kidnappings``, ``child_recruits`` and
            ``extorted_people``.
        confined_before: People confined last month, per cell.
        params: The ``migration`` parameters.
        war_fought: Cells where two groups at war fought this month (None: no war).
        rural: Rural people per cell (:func:`rural_residents`); the war and takeover flight
            take at most these (None: all free residents are exposed).
    """
    p = params
    exposed = free if rural is None else np.minimum(free, rural)
    violence = p.displaced_per_killing * killings
    if war_fought is not None:
        violence = violence + p.war_flight_share * exposed * war_fought
    by_channel = np.stack(
        [
            violence,
            p.control_change_share * exposed * control_changed,
            p.confinement_flight_share * confined_before,
            p.threat_rate * (1.0 - presence) * free * armed_rule,
            p.displaced_per_kidnapping * predation["kidnappings"]
            + p.displaced_per_child_recruit * predation["child_recruits"]
            + p.extortion_flight_share * predation["extorted_people"],
        ]
    )
    total = by_channel.sum(axis=0)
    cap = p.max_displaced_share * np.maximum(free, 0.0)
    scale = np.where(total > cap, cap / np.where(total > 0, total, 1.0), 1.0)
    return by_channel * scale


def kernel_rates(params: MigrationParams, extortion_per_person: float) -> np.ndarray:
    """The rates :func:`model.displacement_kernels.displace_cells` reads, in its order.

    The month's mobility (index 10) is 1 here: the people process writes each month's in.
    """
    p = params
    return np.array(
        [
            p.displaced_per_killing,
            p.war_flight_share,
            p.control_change_share,
            p.confinement_flight_share,
            p.threat_rate,
            p.displaced_per_kidnapping,
            p.displaced_per_child_recruit,
            p.extortion_flight_share,
            p.max_displaced_share,
            max(extortion_per_person, 1e-9),
            1.0,
            p.people_per_agent,
            p.mass_event_people,
        ],
        dtype=np.float64,
    )


def households_from(
    people: np.ndarray, free: np.ndarray, per_agent: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Round the people displaced per cell into households of ``per_agent`` people.

    ``n = floor(people / per_agent)`` households, plus one with probability equal to the
    fractional part (stochastic rounding: the expected number of people is kept). They cannot
    take more than the cell's free residents: the last household of a cell takes what is left
    (only in cells with fewer free residents than the households would hold).

    Args:
        people: Expected people displaced per cell.
        free: Residents not confined per cell.
        per_agent: ``migration.people_per_agent``.
        rng: The model's generator (one uniform draw per cell).

    Returns:
        ``(x, y, people)``, one entry per household.
    """
    # one pass over the cells, compiled (``model/displacement_kernels.py``; the numpy form is
    # kept in tests/test_displacement_kernels.py)
    return round_households(people, free, per_agent, rng.random(people.shape))


class Takeovers:
    """Cells whose established controller changed this month, an armed group involved.

    The established controller of a cell is the last controller that held it
    ``months`` months in a row (at set-up, the controller of the first month). Controllers are
    compared as the opaque codes of ``ControlState.controller``; whether one is an armed group
    comes from ``ControlState.is_armed``.
    """

    def __init__(self, controller: np.ndarray, armed: np.ndarray, months: int) -> None:
        """Start with every cell's present controller established.

        Args:
            controller: ``ControlState.controller`` of the first month.
            armed: Whether an armed group is that controller (``ControlState.is_armed()``).
            months: Months in a row that establish a controller (``takeover_months``).
        """
        self.months = months
        self.last = controller.copy()
        self.held = np.full(controller.shape, months, dtype=np.int64)
        self.established = controller.copy()
        self.established_armed = armed.copy()

    def update(self, controller: np.ndarray, armed: np.ndarray) -> np.ndarray:
        """Take this month's controllers; return where a takeover happened (bool ``[x, y]``)."""
        # one compiled pass, in place (update_takeovers; the numpy form in
        # tests/test_takeovers.py)
        return update_takeovers(
            controller.ravel(),
            armed.ravel(),
            self.months,
            self.last.reshape(-1),
            self.held.reshape(-1),
            self.established.reshape(-1),
            self.established_armed.reshape(-1),
        ).reshape(controller.shape)
