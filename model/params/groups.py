"""Parameters of each armed group: its members at the start and strategy weights (ODD 5, 7.6, 7.7).

Split from ``model/params/armed.py`` (over 400 lines): the section ``groups.<key>`` of each
group (``model/groups.py``), where ``armed`` holds what all groups' fronts share.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from model.params.base import P, Section

_WEIGHT_MEANINGS: dict[str, str] = {
    "coca": "Weight of coca taxes (per ha of coca).",
    "routes": "Weight of cocaine routes (route rent and cocaine moving through).",
    "gold": "Weight of illegal gold rents.",
    "extortion": "Weight of extortion: rent sought and intensity of extortion by its fronts.",
    "kidnapping": "Intensity of kidnapping by its fronts (multiplies armed.kidnap_rate).",
}


def _weight(source: str, default: float) -> Any:
    """A strategy weight over one source of money (dimensionless, 0..5, assumed)."""
    return P(default, unit="1", ge=0, le=5, description=_WEIGHT_MEANINGS[source])


def _members(description: str) -> Any:
    """A group's members at the start: None takes them from the data (``model/initial.py``)."""
    return P(
        None,
        unit="persons",
        ge=0,
        le=100000,
        description=description + " None: from model/data/colombia_targets.csv at "
        "simulation.start_month (model/initial.py, ODD 5).",
        source="colombia_targets.csv (model/initial.py) unless set",
    )


class GroupParams(Section):
    """One armed group's members at the start and strategy weights (C3, C5; F7).

    ``members`` (None: from the data at the start month, ``model/initial.py``) are placed in
    fronts of ``armed.front_size`` at set-up (ODD 5). A strategy weight
    multiplies the rent the group's fronts expect from that source of money when they choose
    where to go, and, for extortion and kidnapping, how intensely its fronts prey on residents
    (ODD 7.6, 7.7). 1 is the average group. Per-group weights are assumptions from the groups'
    usual public profiles (no source in ../shared/data gives them); sweep them. Each group's
    section (below) declares its own defaults and sources.
    """

    members: int | None
    coca: float
    routes: float
    gold: float
    extortion: float
    kidnapping: float
    send_share: float = P(
        0.0,
        unit="1",
        ge=0,
        le=1,
        description="Chance that a cadre of a front the group splits off (armed.front_size // "
        "10 fighters, ODD 7.7) founds a front in a department where the group is listed but "
        "has no front standing, the rest staying on its parent's cell (model/founding.py: "
        "FrontFounding.send).",
        source="assumed: 0 for groups the sources do not describe expanding by sending fronts",
    )


class EgcParams(GroupParams):
    """Clan del Golfo (EGC): traffickers living off routes, mining and extortion; rarely kidnap."""

    members: int | None = _members("Clan del Golfo/EGC members (combatants + support networks).")
    coca: float = _weight("coca", 0.8)
    routes: float = _weight("routes", 1.5)
    gold: float = _weight("gold", 1.3)
    extortion: float = _weight("extortion", 1.2)
    kidnapping: float = _weight("kidnapping", 0.3)
    send_share: float = P(
        1.0,
        unit="1",
        ge=0,
        le=1,
        description="Chance that a cadre of a front the Clan del Golfo splits off founds a "
        "front in a department where it is listed but has no front standing "
        "(model/founding.py: FrontFounding.send, ODD 7.7).",
        source="assumed: 1, every split sends a cadre while a listed department lacks a front. The "
        "Clan del Golfo grew by spreading: from 179 municipalities of 10 departments and 22 "
        "fronts in 2018 to 238 of 16 and 34 structures (FIP via noticiasmedellin.co, 2023); "
        "253 -> 392 municipalities in 2022-2023, 24 departments (Defensoria del Pueblo's SAT "
        "via elespaciodigital.com); by subcontracting local gangs from its Uraba and Bajo "
        "Cauca core (Pares, Aug 2020, via El Espectador). These give the direction "
        "(expansion, not consolidation in place), not the value; not fitted; 0..1 to sweep",
    )


class ElnParams(GroupParams):
    """ELN: the group that kidnaps most, with border routes and extortion."""

    members: int | None = _members("ELN members (combatants + support networks).")
    coca: float = _weight("coca", 0.7)
    routes: float = _weight("routes", 1.0)
    gold: float = _weight("gold", 1.0)
    extortion: float = _weight("extortion", 1.2)
    kidnapping: float = _weight("kidnapping", 2.0)


class EmcParams(GroupParams):
    """FARC dissidents of the EMC lineage, rooted in coca regions."""

    members: int | None = _members("FARC dissidents of the EMC lineage.")
    coca: float = _weight("coca", 1.5)
    routes: float = _weight("routes", 0.8)
    gold: float = _weight("gold", 1.0)
    extortion: float = _weight("extortion", 1.0)
    kidnapping: float = _weight("kidnapping", 0.8)


class SmParams(GroupParams):
    """Segunda Marquetalia lineage, between coca and routes."""

    members: int | None = _members("Segunda Marquetalia lineage (incl. Comandos de la Frontera).")
    coca: float = _weight("coca", 1.2)
    routes: float = _weight("routes", 1.2)
    gold: float = _weight("gold", 0.8)
    extortion: float = _weight("extortion", 1.0)
    kidnapping: float = _weight("kidnapping", 0.5)


class GroupsParams(Section):
    """Each armed group's members at the start and strategy weights (C3, C5; F7).

    One section per group, named by its key (``model/groups.py``). Member-weighted, the
    kidnapping weights average about 1 (0.94 with the members of September 2025), so they move
    kidnappings between groups, not the national total.
    """

    egc: EgcParams = Field(default_factory=EgcParams)
    eln: ElnParams = Field(default_factory=ElnParams)
    emc: EmcParams = Field(default_factory=EmcParams)
    sm: SmParams = Field(default_factory=SmParams)

    def of(self, key: str) -> GroupParams:
        """The section of the group with key ``key`` (``egc``, ``eln``, ``emc``, ``sm``)."""
        return getattr(self, key)
