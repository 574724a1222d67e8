"""The vocabulary of the static layers: layer names, border and coast codes, group keys.

These are the codes other modules compare layers against (``border_country == BORDER_CODES
["VEN"]``) and the order of the group axis of ``Landscape.group_presence``. Nothing here is
computed; the values are the contract between the landscape builders and their readers.
"""

from __future__ import annotations

GROUP_KEYS: tuple[str, ...] = ("egc", "eln", "emc", "sm")
"""Armed groups, in the order of the first axis of ``Landscape.group_presence``."""

GROUP_LABELS: dict[str, str] = {
    "AGC": "egc",
    "ELN": "eln",
    "EMC": "emc",
    "SM": "sm",
    "SM/Comandos de la Frontera": "sm",
}
"""Labels of ``armed_groups_long.csv`` -> group key; other labels ("other: ...", "none major")
name no modelled group. "AGC" is the Clan del Golfo, "EMC" the FARC-dissident lineage, "SM" the
Segunda Marquetalia lineage."""

BORDER_CODES: dict[str, int] = {"VEN": 1, "ECU": 2, "PER": 3, "BRA": 4, "PAN": 5}
"""Codes of the ``border_country`` layer (0 = no neighbouring country)."""

COAST_CODES: dict[str, int] = {"pacific": 1, "caribbean": 2}
"""Codes of the ``coast`` layer (0 = no coast)."""

LAYER_NAMES: tuple[str, ...] = (
    "land",
    "border_country",
    "coast",
    "department",
    "remoteness_km",
    "remoteness",
    "coca_suitability",
    "coca_ha_2023",
    "gold",
    "exit_distance_km",
    "population",
    "pop_density",
)
"""Names of the static layers in ``Landscape.layers``."""
