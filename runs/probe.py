"""The scorecard's worker: one run with a probe that reads places and extra measures every month.

:func:`probe_run` is a task for the batch runner's executors (``runs/execute.py``): it builds the
model from a ``RunSpec`` alone, steps it month by month and, after each month, reads the
model's public state (nothing here changes the model, and no scoring code lives in the model):

* the outcomes of ``model/outcomes.py`` (the data collector, as every run);
* :data:`PROBE_MEASURES`-style extras the registry does not hold yet: coca eradicated this month
  (the growers' ``eradicated_ha`` events) and members per group (``group.members``);
* per area (:mod:`runs.areas`: departments and regions), the land cells each actor controls
  (``model.control.controller``), the fronts of each group standing there, the coca there and the
  coca in cells an armed group controls or disputes.

The place measures come back as an array ``[month, area, measure]`` (names:
:func:`place_measures`), the rest as the usual tidy series table.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.control import DISPUTED, STATE
from runs.areas import Areas, build_areas
from runs.single import RunOutcome, build_model, run_guarded, tidy_from_frame
from runs.spec import RunSpec

ERADICATED = "eradicated_ha"
"""Probe measure: coca eradicated in the month (hectares / month, a flow)."""


def members_measure(group_key: str) -> str:
    """Probe measure: members of one group's fronts at the end of the month (persons)."""
    return f"members_{group_key}"


def probe_measures(group_keys: tuple[str, ...]) -> dict[str, str]:
    """Extra national measures of the probe and their kind (``stock`` or ``flow``)."""
    return {ERADICATED: "flow", **{members_measure(k): "stock" for k in group_keys}}


def place_measures(group_keys: tuple[str, ...]) -> tuple[str, ...]:
    """Names of the per-area measures, in the order of the last axis of the places array.

    ``cells_state``, ``cells_<group>``, ``cells_disputed``: land cells by controller;
    ``fronts_<group>``: fronts standing in the area; ``coca_ha``: coca; ``coca_armed_ha``: coca in
    cells an armed group controls or disputes.
    """
    return (
        "cells_state",
        *(f"cells_{k}" for k in group_keys),
        "cells_disputed",
        *(f"fronts_{k}" for k in group_keys),
        "coca_ha",
        "coca_armed_ha",
    )


class Probe:
    """Reads one model after each month; keeps per-area and extra measures."""

    def __init__(self, model: Any, areas: Areas) -> None:
        """Probe ``model`` over ``areas`` (built from the same landscape)."""
        self.model = model
        self.areas = areas
        self.group_keys: tuple[str, ...] = tuple(model.group_keys)
        self.months: list[np.ndarray] = []
        self.extra: dict[str, list[float]] = {name: [] for name in probe_measures(self.group_keys)}

    def record(self) -> None:
        """Read the month just simulated."""
        m = self.model
        controller = m.control.controller
        codes = [STATE, *(g.index for g in m.groups), DISPUTED]
        layers = [controller == code for code in codes]
        fronts = np.zeros((len(m.groups), *controller.shape))
        slot = {g.index: i for i, g in enumerate(m.groups)}
        for unit in m.armed_units:
            x, y = unit.cell.coordinate
            fronts[slot[unit.group.index], x, y] += 1.0
        armed = (controller > STATE) | (controller == DISPUTED)
        stack = np.concatenate(
            [np.stack(layers).astype(float), fronts, np.stack([m.coca_ha, m.coca_ha * armed])]
        )
        self.months.append(self.areas.total(stack))
        self.extra[ERADICATED].append(m.events.get(ERADICATED))
        for group in m.groups:
            self.extra[members_measure(group.key)].append(float(group.members))

    def places(self) -> np.ndarray:
        """Per-area measures ``[month, area, measure]``."""
        return np.stack(self.months)


def _probe(spec: RunSpec) -> RunOutcome:
    model = build_model(spec)
    probe = Probe(model, build_areas(model.landscape))
    for _ in range(spec.months):
        model.step()
        probe.record()
    frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    for name, values in probe.extra.items():
        frame[name] = values
    series = tidy_from_frame(frame, model.start_month, spec.run_id, spec.regime_name, spec.seed)
    return RunOutcome(spec, series=series, places=probe.places())


def probe_run(spec: RunSpec) -> RunOutcome:
    """Executor task: run ``spec`` with the probe; never raises (a failure is returned)."""
    return run_guarded(spec, _probe)
