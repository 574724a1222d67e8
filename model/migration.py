"""People on the move: displacement, the way to safety, emigration and confinement (ODD 7.13).

The people process of the month (ODD 3, process 8), in this order:

1. **Displacement** (:meth:`Migration.displace`): in every land cell
   ``people = min(0.3 * residents, displaced_per_event * violence) + contested_displacement *
   disputed * residents`` leave; they become ``floor(people / people_per_agent)`` Migrant
   agents, plus one with probability equal to the fractional part (C4).
2. **Where safety is** (:meth:`Migration.prepare`): ``safety = presence - 0.2 * min(violence, 5)
   + 0.1 * log10(1 + pop_density) / 4`` on land; for every cell the safest cell within
   ``move_range`` (:func:`safest_nearby`); and each cell's chance that a displaced household
   there leaves the country this month (:func:`emigration_chance`).
3. Migrants act (``agents/migrant.py``): return, emigrate or move toward safety.
4. **Confinement** (:meth:`Migration.confine`, F9): residents barred from moving by armed
   groups where groups rule or fight over a cell with fronts nearby and the state absent.

The **emigration push** of a weaker economy, ``1 + economy_elasticity * max(0, 1 -
economy_index)`` (:func:`economic_push`, C4, C8), is written once here: it scales both the
baseline of emigrants to the United States (:func:`baseline_emigrants`) and the displaced
households' chance of leaving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from agents.migrant import Migrant
from model.control import ControlState
from model.forces import Forces
from model.params import MigrationParams

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: safety differences up to this size are ties (the cell itself, then scan order, wins)
SAFETY_TIE = 1e-12
#: at most this share of a cell's residents is displaced by violence in a month
MAX_DISPLACED_SHARE = 0.3


def economic_push(economy_index: float, params: MigrationParams) -> float:
    """How much a weaker economy pushes emigration: ``1 + elasticity * max(0, 1 - index)``."""
    return 1.0 + params.economy_elasticity * max(0.0, 1.0 - economy_index)


def baseline_emigrants(economy_index: float, params: MigrationParams) -> float:
    """Irregular emigrants to the U.S. this month who were not displaced by the conflict."""
    return params.baseline_emigrants_us * economic_push(economy_index, params)


def emigration_chance(
    economy_index: float, violence: np.ndarray, params: MigrationParams
) -> np.ndarray:
    """Per cell, the chance a displaced household there leaves for the U.S. this month.

    ``emigration_rate * economic_push * (1 + min(violence, 10))``: violence pushes too.
    """
    push = economic_push(economy_index, params) * (1.0 + np.minimum(violence, 10.0))
    return params.emigration_rate * push


def safest_nearby(safety: np.ndarray, radius: int) -> np.ndarray:
    """For every cell, the coordinates ``[2, x, y]`` of the safest cell within ``radius``.

    The window is the ``(2r+1) x (2r+1)`` square clipped at the grid's edges. Ties: a household
    stays unless some cell is safer by more than :data:`SAFETY_TIE`; it is the scan of the
    window by ``dx`` then ``dy`` (from ``-r`` to ``r``, clipped offsets included) that moves
    to a candidate only when it is safer than the current choice by more than the tie.

    Vectorized over windows: where no two cells of a window lie within twice the tie of its
    maximum without being equal to it, the scan's answer is the window's first maximum (or the
    cell itself); the few other cells replay the scan exactly.

    Args:
        safety: Safety per cell (``-inf`` off land).
        radius: Chebyshev radius in cells.
    """
    w, h = safety.shape
    k = 2 * radius + 1
    # edge padding repeats the clipped offsets of the scan, in the same order
    padded = np.pad(safety, radius, mode="edge")
    windows = sliding_window_view(padded, (k, k)).reshape(w, h, k * k)
    first = np.argmax(windows, axis=2)
    top = np.take_along_axis(windows, first[..., None], axis=2)[..., 0]
    pick = np.where(top > safety + SAFETY_TIE, first, -1)  # -1: stay
    near = (windows >= (top - 2 * SAFETY_TIE)[..., None]) & (windows < top[..., None])
    ambiguous = np.nonzero(near.any(axis=2) & np.isfinite(top))
    if ambiguous[0].size:
        pick[ambiguous] = _scan(windows[ambiguous], safety[ambiguous])
    xs, ys = np.meshgrid(np.arange(w), np.arange(h), indexing="ij")
    dx, dy = np.divmod(pick, k)
    move = pick >= 0
    tx = np.where(move, np.clip(xs + dx - radius, 0, w - 1), xs)
    ty = np.where(move, np.clip(ys + dy - radius, 0, h - 1), ys)
    return np.stack([tx, ty])


def _scan(windows: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The tie rule as a scan over each window's candidates (index, or -1 to stay)."""
    best = own.copy()
    pick = np.full(own.shape, -1)
    for i in range(windows.shape[1]):
        better = windows[:, i] > best + SAFETY_TIE
        best = np.where(better, windows[:, i], best)
        pick = np.where(better, i, pick)
    return pick


def confined_residents(
    residents: np.ndarray,
    presence: np.ndarray,
    control: ControlState,
    armed_presence: np.ndarray,
    share: float,
) -> float:
    """Residents confined where groups control or dispute a cell, fronts nearby, no state (F9).

    Confinement (OCHA: communities barred from moving by armed groups' orders, mines or
    fighting) happens where groups rule (zones 4-5) and where they fight over a cell (zone 3):
    ``share * (1 - presence)`` of the residents of such cells with projected armed force.
    """
    armed = control.is_armed() | control.is_disputed()
    fronts_near = armed_presence > 0
    return float((residents * (share * (1.0 - presence)) * armed * fronts_near).sum())


class Migration:
    """The people process: its parameters and the month's arrays migrants read."""

    def __init__(
        self,
        params: MigrationParams,
        land: np.ndarray,
        pop_density: np.ndarray,
        confinement_share: float,
    ) -> None:
        """Set up the static part of safety; households stay put until :meth:`prepare`.

        Args:
            params: The ``migration`` parameters.
            land: Land mask.
            pop_density: Population density (persons / km2).
            confinement_share: ``armed.confinement_share``.
        """
        self.params = params
        self.confinement_share = confinement_share
        self.land = land
        self.density = np.log10(1.0 + pop_density) / 4.0
        w, h = land.shape
        #: the safest cell within range of each cell, ``[2, x, y]`` (x then y coordinates)
        self.safest = np.stack(np.meshgrid(np.arange(w), np.arange(h), indexing="ij"))
        #: chance that a displaced household in the cell emigrates this month, ``[x, y]``
        self.emigration_chance = np.zeros(land.shape)
        #: residents confined at the end of the month (persons)
        self.confined = 0.0

    def displace(self, model: ColombiaModel) -> None:
        """Turn the residents displaced this month into Migrant agents (step 1 above)."""
        p = self.params
        residents = model.population
        people = np.minimum(MAX_DISPLACED_SHARE * residents, p.displaced_per_event * model.violence)
        people += p.contested_displacement * model.control.is_disputed() * residents
        people *= self.land
        expected_agents = people / p.people_per_agent
        n_agents = np.floor(expected_agents).astype(int)
        n_agents += model.rng.random(n_agents.shape) < (expected_agents - n_agents)
        for x, y in zip(*np.nonzero(n_agents), strict=True):
            count = int(n_agents[x, y])
            moved = min(count * p.people_per_agent, int(residents[x, y]))
            per_agent = moved // count
            if per_agent < 1:
                continue
            Migrant.create_agents(model, count, model.grid[(int(x), int(y))], per_agent)
            residents[x, y] -= per_agent * count
            model.events.add("displaced_new", per_agent * count)

    def prepare(self, presence: np.ndarray, violence: np.ndarray, economy_index: float) -> None:
        """Compute where safety is and each cell's chance of emigration (step 2 above)."""
        safety = presence - 0.2 * np.minimum(violence, 5.0) + 0.1 * self.density
        safety = np.where(self.land, safety, -np.inf)
        self.safest = safest_nearby(safety, self.params.move_range)
        self.emigration_chance = emigration_chance(economy_index, violence, self.params)

    def confine(
        self, residents: np.ndarray, presence: np.ndarray, control: ControlState, forces: Forces
    ) -> None:
        """Count the residents confined at the end of the month (step 4 above)."""
        self.confined = confined_residents(
            residents, presence, control, forces.armed_presence, self.confinement_share
        )
