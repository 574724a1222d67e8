"""Seizures in Colombia: the hazard a shipment meets in each cell and exit (C1, C6; F5, F13).

A shipment crossing a cell is seized at a rate (per km) that rises with

* **interdiction-and-hub capacity** (``StateInputs.interdiction``: boats, aircraft, the
  coordination of operations);
* **intelligence** (``StateInputs.targeting``): a share ``known_share * targeting`` of shipments
  is known in advance, and a known shipment is ``known_multiplier`` times as likely to be
  stopped (F13); the factor is 1 at status-quo intelligence;
* **detection** in the cell: state presence plus the security units projected there,
  ``presence + unit_detection * U / (U + unit_half_force)``.

``hazard = hazard_per_100km / 100 * detection * interdiction * intelligence_factor * swamping``
(per km), ``swamping = (shipped / reference) ** -swamping_elasticity`` (:func:`swamping`,
Kleiman 1993's enforcement swamping: a fixed enforcement capacity spread over a larger flow).
At an exit the hazard is that of its kind (sea port, coast or river mouth, land or river border)
times ``interdiction * intelligence_factor``: the probability a kg is seized there is
``1 - exp(-hazard)``. Groups protect their own shipments in cells they or their allies hold
(``trafficking.protection``, applied in ``model/trafficking/costs.py``).
"""

from __future__ import annotations

import numpy as np

from model.capacity import StateInputs
from model.geo.landscape import ExitPoint
from model.params import InterdictionParams

#: kinds of exit, each with its own hazard parameter (``interdiction.exit_hazard_<kind>``)
EXIT_KINDS: tuple[str, ...] = ("port", "coast", "border")


def exit_kind(exit_point: ExitPoint) -> str:
    """The kind of an exit from its ``kind`` text in ``trafficking_exits.csv``.

    A sea port ("sea port", "Caribbean coast / port"...) is a port; a land or river border
    crossing is a border; the rest (coasts, river deltas, "sea / rivers") are coasts.
    """
    text = exit_point.kind.lower()
    if "port" in text:
        return "port"
    if "border" in text:
        return "border"
    return "coast"


def intelligence_factor(targeting: float, params: InterdictionParams) -> float:
    """How much more often shipments are stopped than at status-quo intelligence (1 there).

    ``(1 + (m - 1) * k * targeting) / (1 + (m - 1) * k)`` with ``k = known_share`` and
    ``m = known_multiplier``.
    """
    lift = (params.known_multiplier - 1.0) * params.known_share
    return (1.0 + lift * max(targeting, 0.0)) / (1.0 + lift)


def detection(
    presence: np.ndarray, unit_force: np.ndarray, params: InterdictionParams
) -> np.ndarray:
    """How visible a shipment is in each cell: presence plus nearby security units."""
    units = np.maximum(unit_force, 0.0)
    return presence + params.unit_detection * units / (units + params.unit_half_force)


def cell_hazard(
    presence: np.ndarray, unit_force: np.ndarray, inputs: StateInputs, params: InterdictionParams
) -> np.ndarray:
    """Seizure hazard per km in each cell (module docstring).

    Args:
        presence: State presence per cell (any shape).
        unit_force: Projected force of security units per cell (same shape).
        inputs: This month's state inputs (interdiction, targeting).
        params: Interdiction parameters.
    """
    scale = (
        params.hazard_per_100km
        / 100.0
        * max(inputs.interdiction, 0.0)
        * intelligence_factor(inputs.targeting, params)
    )
    return scale * detection(presence, unit_force, params)


def swamping(shipped_kg: float, reference_kg: float, params: InterdictionParams) -> float:
    """Enforcement swamping (Kleiman 1993): the factor on every hazard for this month's flow.

    The state's boats, aircraft, analysts and raids are a fixed capacity, so a larger flow
    meets a smaller hazard per kilogram: ``(shipped / reference) ** -swamping_elasticity``, 1
    at the reference flow (the world's 2023 production, the level the hazards were scaled
    at). An empty month or an elasticity of 0 gives 1.
    """
    e = params.swamping_elasticity
    if e == 0.0 or shipped_kg <= 0.0 or reference_kg <= 0.0:
        return 1.0
    return float((shipped_kg / reference_kg) ** -e)


def exit_hazards(
    kinds: tuple[str, ...], inputs: StateInputs, params: InterdictionParams
) -> np.ndarray:
    """Seizure hazard at each exit (``[exit]``; probability ``1 - exp(-hazard)``)."""
    base = np.array([getattr(params, f"exit_hazard_{kind}") for kind in kinds], dtype=float)
    return base * max(inputs.interdiction, 0.0) * intelligence_factor(inputs.targeting, params)
