"""What one browser session simulates: settings -> a model, stepped on demand (no Solara here).

:class:`Settings` is everything the page's controls set (regime, shipped or built in the page,
start month, seed, grid, the key uncertain parameters); it is frozen, so a change of any control
is a new ``Settings`` and the page builds a new :class:`Run` at once. A ``Run`` owns one
:class:`~model.simulation.ColombiaModel`, steps it under a lock (the Play loop runs in a thread
while the page draws), and keeps what the charts need: the outcomes per month (the model's
DataCollector) and U.S. funding per category as delivered, plus the funding the regime plans
for the months ahead.

Nothing here is shared between sessions: each page builds its own runs (``webapp/page.py``).
"""

from __future__ import annotations

import copy
import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.assistance import Decision, Regime, ScheduleEntry
from model.calendar import month_label
from model.categories import CATEGORIES
from model.params import Params, iter_fields
from model.simulation import ColombiaModel
from runs.catalog import load_regime, regime_names

#: The regime choice that builds a regime from the page's sliders.
CUSTOM = "custom"
#: Grids the app offers (the synthetic test world is for tests only).
GRIDS = ("0.25", "0.1")
#: Months the charts span from month 0 (two years: the 2026 election and the late waiver's
#: month are in view); they extend when a run goes further.
HORIZON_MONTHS = 24

#: The key uncertain parameters the page offers (docs/APP.md says why these): what U.S.
#: assistance does hangs on how much Colombia backfills (F10) and partners replace (C7), on how
#: fast groups recruit once pressure eases (C3), on what lost lending support costs the economy
#: (C8), on what vetted units add (C1), and on how far a cut-off rallies voters to the governing
#: camp in 2026 (C9), which decides the next government's cooperation and so whether conditional
#: recertification happens.
KEY_PARAMETERS: tuple[str, ...] = (
    "capacity.fiscal_backfill_share",
    "capacity.partner_share",
    "armed.recruitment_rate",
    "economy.lending_shock",
    "security.vetted_effectiveness",
    "politics.rally_full_cutoff",
)


@dataclass(frozen=True)
class ParameterInfo:
    """What a slider needs to know about a parameter."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    description: str


def key_parameters() -> list[ParameterInfo]:
    """The key parameters that exist in this model's ``Params``, with bounds and units."""
    fields = {name: (value, meta) for name, value, meta in iter_fields(Params())}
    found = []
    for name in KEY_PARAMETERS:
        if name not in fields:
            continue  # renamed or removed by a later mechanism: the page shows the rest
        value, meta = fields[name]
        bounds = meta.get("bounds", {})
        low = bounds.get("ge", bounds.get("gt", 0.0))
        high = bounds.get("le", bounds.get("lt", max(1.0, 2 * float(value))))
        found.append(
            ParameterInfo(
                name, float(value), float(low), float(high), meta["unit"], meta["description"]
            )
        )
    return found


def regime_choices() -> dict[str, str]:
    """Shipped regimes by display title (the page's select), then the custom one."""
    choices = {load_regime(name).display_name: name for name in regime_names()}
    return {**choices, "Custom: each category's share, below": CUSTOM}


def custom_regime(shares: tuple[float, ...], lending: bool, start_month: str) -> Regime:
    """A regime from the page: each category at a share of its baseline from the start month.

    Args:
        shares: Share of the certified baseline per category (``CATEGORIES`` order).
        lending: Whether U.S. support for multilateral lending holds.
        start_month: The run's first month ("YYYY-MM"), when the levels start.
    """
    schedule = [
        ScheduleEntry(categories=[c], start=start_month, share_of_baseline=float(s))
        for c, s in zip(CATEGORIES, shares, strict=True)
        if s != 1.0
    ]
    kept = ", ".join(
        f"{c.value} {s:.0%}" for c, s in zip(CATEGORIES, shares, strict=True) if s != 1.0
    )
    return Regime(
        name=CUSTOM,
        title="Custom regime",
        description=f"Built in the app: {kept or 'every category at baseline'}; lending "
        f"support {'holds' if lending else 'lost'}",
        decision=[Decision(month=start_month, certified=True, lending_support=lending)],
        schedule=schedule,
    )


@dataclass(frozen=True)
class Settings:
    """Everything the controls set; a new value means a new run."""

    regime: str = "certified"  # a shipped name or CUSTOM
    shares: tuple[float, ...] = (1.0,) * len(CATEGORIES)
    lending: bool = True
    start_month: str = "2025-09"
    seed: int = 1
    grid: str = "0.25"
    parameters: tuple[tuple[str, float], ...] = ()  # key parameters moved from their defaults

    def with_parameter(self, name: str, value: float) -> Settings:
        """These settings with one key parameter set (dropped when back at its default)."""
        default = {p.name: p.default for p in key_parameters()}.get(name)
        rest = tuple((k, v) for k, v in self.parameters if k != name)
        if default is not None and math.isclose(value, default):
            return _replace(self, parameters=rest)
        return _replace(self, parameters=tuple(sorted((*rest, (name, float(value))))))

    def params(self) -> Params:
        """The model's parameters (raises ParamsError for a bad start month)."""
        return Params.from_overrides(
            {**dict(self.parameters), "simulation.start_month": self.start_month}
        )

    def build_regime(self) -> Regime:
        """The regime these settings choose."""
        if self.regime == CUSTOM:
            return custom_regime(self.shares, self.lending, self.start_month)
        return load_regime(self.regime)


def _replace(settings: Settings, **changes: Any) -> Settings:
    return Settings(**{**settings.__dict__, **changes})


@dataclass(eq=False)  # a run is itself: two runs of the same settings are two runs
class Run:
    """One model in the app, stepped on demand, and the series its charts draw."""

    settings: Settings
    model: ColombiaModel = field(init=False)
    funding: list[np.ndarray] = field(init=False, default_factory=list)
    lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        s = self.settings
        self.model = ColombiaModel(s.params(), s.build_regime(), rng=s.seed, resolution=s.grid)

    @property
    def regime(self) -> Regime:
        """The regime being run."""
        return self.model.regime

    @property
    def months(self) -> int:
        """Months simulated so far."""
        return self.model.month

    def step(self, months: int = 1) -> None:
        """Simulate ``months`` more months."""
        with self.lock:
            for _ in range(months):
                self.model.step()
                self.funding.append(self.model.capacity.us_musd.copy())

    def when(self) -> str:
        """The date of the state shown: '2026-02 (month 5)', or the set-up before month 0."""
        if self.months == 0:
            return f"set-up (before {self.model.start_month})"
        last = self.months - 1
        return f"{month_label(last, self.model.start_month)} (month {last})"

    def outcomes(self) -> pd.DataFrame:
        """One row per simulated month (index: month number), one column per outcome."""
        with self.lock:
            frame = self.model.datacollector.get_model_vars_dataframe().copy()
        frame.index = pd.RangeIndex(len(frame), name="month")
        return frame

    def controller(self) -> np.ndarray:
        """A copy of who controls each cell now (codes of ``model.control``)."""
        with self.lock:
            return self.model.control.controller.copy()

    def horizon(self) -> int:
        """Months the charts span: the default horizon, or further once the run goes past it."""
        return max(HORIZON_MONTHS, self.months + 1)

    def delivered_funding(self) -> np.ndarray:
        """U.S. funding per category in each simulated month, ``[month, category]``, US$M."""
        with self.lock:
            if not self.funding:
                return np.zeros((0, len(CATEGORIES)))
            return np.stack(self.funding)

    def planned_funding(self) -> np.ndarray:
        """Funding the regime plans for the months ahead, ``[month, category]`` from now on.

        The policy in force is copied and advanced without the model: decisions and schedules
        apply; rules read outcomes (the government's cooperation among them, ``model/politics.py``)
        that cannot be foreseen, so they fire only when the run reaches them.
        """
        with self.lock:
            policy = copy.deepcopy(self.model.policy)
        ahead = []
        for _ in range(self.months, self.horizon()):
            ahead.append(policy.funding.copy())
            policy.end_month(lambda _name: math.nan)
        return np.stack(ahead) if ahead else np.zeros((0, len(CATEGORIES)))


class Session:
    """The runs of one browser session, by slot ("explore", "a", "b"), rebuilt on new settings."""

    def __init__(self) -> None:
        """Start with no run (a view builds its run when it is first shown)."""
        self._runs: dict[str, Run] = {}

    def run(self, slot: str, settings: Settings) -> Run:
        """The run in ``slot``; a new one (month 0) if the settings changed since it was built."""
        run = self._runs.get(slot)
        if run is None or run.settings != settings:
            run = Run(settings)
            self._runs[slot] = run
        return run

    def reset(self, slot: str) -> None:
        """Start the run in ``slot`` again at month 0 with the same settings."""
        if slot in self._runs:
            self._runs[slot] = Run(self._runs[slot].settings)
