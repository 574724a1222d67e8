"""The vocabulary of the static layers: layer names, border and coast codes.

These are the codes other modules compare layers against (``border_country == BORDER_CODES
["VEN"]``). Nothing here is computed; the values are the contract between the landscape
builders and their readers. The groups' keys (the order of ``Landscape.group_presence``) and
their labels in the data live with the rest of a group's identity in ``model/groups.py``.
"""

from __future__ import annotations

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
