"""State presence: where the Colombian state is, and how that changes (C1, C3).

Presence is a layer in [0, 1]. Its structural level at set-up falls with distance to the main
cities and rises with population density (``initial_presence``). Each month (``update_presence``):

* where the state controls a cell, presence moves at rate ``presence_growth`` toward its
  structural level scaled by rural-presence and peace-implementation capacity
  (``base * (0.5 + 0.5 * presence_growth_input)``): U.S.-funded programs keep the state in the
  countryside (C1);
* a security unit holding a cell adds ``unit_presence_boost * (1 - presence)``;
* under armed control presence erodes at ``presence_erosion``, half as fast where disputed (C3).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from agents import fpmath
from model.control import ControlState
from model.kernels_presence import advance_presence
from model.params import StateParams


def initial_presence(
    remoteness_km: np.ndarray,
    pop_density: np.ndarray,
    land: np.ndarray,
    coca_density: np.ndarray | None = None,
    params: StateParams | None = None,
) -> np.ndarray:
    """Structural presence: exp(-distance to the main cities / 150 km), plus a density term.

    It is lower where coca is dense (the illicit economy's legacy,
    ``state.coca_presence_penalty``, ODD 5 item 9) when a coca density and parameters are given.
    """
    density = fpmath.log10(1.0 + np.maximum(pop_density, 0.0)) / 3.0
    base = 0.05 + 0.75 * fpmath.exp(-remoteness_km / 150.0) + 0.2 * np.clip(density, 0.0, 1.0)
    if coca_density is not None and params is not None:
        half = params.coca_density_half
        dense = coca_density / (coca_density + half) if half > 0 else (coca_density > 0) * 1.0
        base = base * (1.0 - params.coca_presence_penalty * dense)
    return np.where(land, np.clip(base, 0.02, 1.0), 0.0)


def update_presence(
    presence: np.ndarray,
    base: np.ndarray,
    control: ControlState,
    unit_positions: np.ndarray | Iterable[tuple[int, int]],
    presence_input: float,
    params: StateParams,
) -> None:
    """Advance presence one month, in place (see module docstring).

    Args:
        presence: The presence layer, updated in place.
        base: Structural presence (:func:`initial_presence`).
        control: This month's control.
        unit_positions: The cells where security units stand: ``[n, 2]`` coordinates (the
            units' roster, ``model.security_roster.xy``) or ``(x, y)`` pairs.
        presence_input: The rural-presence input of the month (``StateInputs.presence_growth``).
        params: The ``state`` parameters.
    """
    state = control.is_state()
    armed = control.is_armed()
    disputed = control.is_disputed()
    level = 0.5 + 0.5 * presence_input
    if isinstance(unit_positions, np.ndarray) and presence.dtype == np.float64:
        # one compiled pass, the floats of the numpy form below (model/kernels_presence.py;
        # issue 15; tests/test_presence.py compares them)
        advance_presence(
            presence,
            np.ascontiguousarray(base, dtype=float),
            state,
            armed,
            disputed,
            np.ascontiguousarray(unit_positions, dtype=np.int64).reshape(-1, 2),
            float(level),
            float(params.presence_growth),
            float(params.unit_presence_boost),
            float(params.presence_erosion),
        )
        return
    unit_cells = np.zeros_like(presence)
    if isinstance(unit_positions, np.ndarray):
        unit_cells[unit_positions[:, 0], unit_positions[:, 1]] = 1.0
    else:
        for xy in unit_positions:
            unit_cells[xy] = 1.0
    target = base * level
    presence += params.presence_growth * (target - presence) * state
    presence += params.unit_presence_boost * unit_cells * (1.0 - presence)
    presence -= params.presence_erosion * presence * (armed + 0.5 * disputed)
    np.clip(presence, 0.0, 1.0, out=presence)
