"""The recruitment pool: would-be recruits per cell, a stock that empties and refills (ODD 7.6).

Armed groups recruit from the people of the places they rule or contest, and the people who
could join (young, poor, out of school and work) are a finite stock: recruiting empties it, and
youth coming of age refill it slowly. Each month (``regenerate``, before fronts act) every
cell's pool moves toward its full level, ``armed.recruit_pool_share * widening * residents``,
at rate ``armed.recruit_pool_regeneration``; ``widening`` is the economy's factor
(``StateInputs.recruit_pool`` of ``model/economy.py``: a weaker economy leaves more young people
without school or work, C8 feeding C3; 1 at the status quo).

A front reaches the pools of the cells within its move range **in proportion to its group's
share of each cell it controls or that is disputed** (``territory``, ``ArmedGroup.territory``:
``ControlState.share_of``, the part of the cell where the group prevails; 0 where the state or
a rival controls the cell; issue 10): a group recruits among the people it rules or contests,
not among those the state or a rival holds. It recruits in proportion to how full the pools it
reaches are (``fullness``: its contacts with would-be recruits, mass action) and at most what
they hold (``available``); its recruits are taken from those pools in proportion to what each holds
there (``draw``). Where groups recruit hard for years, the pool of their territory empties and
recruitment slows with it; a group grows further only by taking more territory (issue 10:
membership saturates where the pool binds).
"""

from __future__ import annotations

import numpy as np

from agents.kernels_window import (
    PAIRWISE_BLOCK,
    window_dot,
    window_dots_around,
    window_scale,
    window_scale_around,
)
from agents.window import window
from model.params import ArmedParams

Window = tuple[slice, slice]
_FLOAT = np.dtype(np.float64)


def _bounds(
    values: np.ndarray, where: Window, weights: np.ndarray | float
) -> tuple[int, int, int, int] | None:
    """The window's bounds if the compiled kernels can take it, else None (numpy does it).

    They take float arrays, explicit bounds inside ``values`` with unit steps, weights of the
    window's shape and, for sums, at most ``PAIRWISE_BLOCK`` cells (a front's window: 25 cells
    at move range 2). Anything else goes to numpy, which also raises the errors.
    """
    if type(weights) is not np.ndarray or weights.dtype is not _FLOAT:
        return None
    if values.dtype is not _FLOAT:
        return None
    xs, ys = where
    x0, x1, y0, y1 = xs.start, xs.stop, ys.start, ys.stop
    if x0 is None or x1 is None or y0 is None or y1 is None or xs.step or ys.step:
        return None
    if x0 < 0 or y0 < 0 or x1 > values.shape[0] or y1 > values.shape[1]:
        return None
    if weights.shape != (x1 - x0, y1 - y0) or weights.size > PAIRWISE_BLOCK:
        return None
    return x0, x1, y0, y1


def weighted_sum(values: np.ndarray, where: Window, weights: np.ndarray | float) -> float:
    """``float((values[where] * weights).sum())``: compiled for a front's window (issue 15).

    A front sums its window a few times a month; numpy's overhead per call was most of the
    cost. :func:`agents.kernels_window.window_dot` gives the same float (tests/test_kernels.py).
    """
    bounds = _bounds(values, where, weights)
    if bounds is None:
        return float((values[where] * weights).sum())
    return window_dot(values, *bounds, weights)


class RecruitmentPool:
    """Would-be recruits per cell (persons)."""

    def __init__(self, params: ArmedParams, residents: np.ndarray, widening: float = 1.0) -> None:
        """A full pool: ``recruit_pool_share * widening`` of every cell's residents."""
        self.share = params.recruit_pool_share
        self.rate = params.recruit_pool_regeneration
        self.widening = widening
        #: would-be recruits per cell (persons), ``[x, y]``
        self.pool = self.share * widening * np.asarray(residents, dtype=float)

    def regenerate(self, residents: np.ndarray, widening: float = 1.0) -> None:
        """One month of youth coming of age: the pool moves toward its full level.

        Args:
            residents: Residents per cell now.
            widening: The economy's factor on the pool this month (``StateInputs.recruit_pool``).
        """
        self.widening = widening
        self.pool += self.rate * (self.share * widening * residents - self.pool)
        np.maximum(self.pool, 0.0, out=self.pool)

    def available(self, where: Window, territory: np.ndarray | float = 1.0) -> float:
        """Would-be recruits a group reaches in ``where``.

        Args:
            where: A window of slices.
            territory: The group's share of each cell of ``where`` (0..1; 1: all of them).
        """
        return weighted_sum(self.pool, where, territory)

    def fullness(
        self,
        where: Window,
        residents: np.ndarray,
        territory: np.ndarray | float = 1.0,
        held: float | None = None,
    ) -> float:
        """How full the pools a group reaches in ``where`` are: held over full level (0..1).

        Args:
            where: A window of slices.
            residents: Residents per cell now.
            territory: The group's share of each cell of ``where``.
            held: :meth:`available` for the same window and territory, if the caller has it
                (a front asks for both: the sum is taken once, issue 15).
        """
        if held is None:
            held = self.available(where, territory)
        return self._fullness(held, weighted_sum(residents, where, territory))

    def _fullness(self, held: float, residents: float) -> float:
        """Held over the full level of ``residents`` (their weighted sum), 0 with nobody."""
        full = self.share * self.widening * residents
        return min(1.0, held / full) if full > 0 else 0.0

    def compiled(self, radius: int, residents: np.ndarray, territory: np.ndarray) -> bool:
        """Whether the compiled window kernels take these arrays (else the numpy path)."""
        return (
            (2 * radius + 1) ** 2 <= PAIRWISE_BLOCK
            and residents.dtype is _FLOAT
            and territory.dtype is _FLOAT
            and residents.shape == territory.shape == self.pool.shape
        )

    def around(
        self, x: int, y: int, radius: int, residents: np.ndarray, territory: np.ndarray
    ) -> tuple[float, float]:
        """:meth:`available` and :meth:`fullness` of the window of ``radius`` around ``(x, y)``.

        The same floats as the two calls on ``agents.window.window(x, y, radius, shape)`` with
        ``territory`` read over that window, in one compiled call (a front asks for both every
        month; the slicing and the two sums cost more than their arithmetic, issue 15).

        Args:
            x: Column of the centre cell.
            y: Row of the centre cell.
            radius: Chebyshev radius of the window (cells).
            residents: Residents per cell now (the whole grid).
            territory: The group's share of every cell (the whole grid, 0..1).
        """
        if not self.compiled(radius, residents, territory):
            where = window(x, y, radius, self.pool.shape)
            held = self.available(where, territory[where])
            return held, self.fullness(where, residents, territory[where], held=held)
        held, people = window_dots_around(self.pool, residents, territory, x, y, radius)
        return held, self._fullness(held, people)

    def draw_around(
        self, x: int, y: int, radius: int, recruits: int, territory: np.ndarray, held: float
    ) -> None:
        """:meth:`draw` over the window of :meth:`around`, ``held`` what it returned."""
        if recruits <= 0 or held <= 0:
            return
        if not self.compiled(radius, self.pool, territory):
            where = window(x, y, radius, self.pool.shape)
            self.draw(where, recruits, territory[where], held=held)
            return
        # min of two positive floats: np.minimum's value without its overhead
        window_scale_around(self.pool, x, y, radius, min(1.0, recruits / held), territory)

    def draw(
        self,
        where: Window,
        recruits: int,
        territory: np.ndarray | float = 1.0,
        held: float | None = None,
    ) -> None:
        """Take ``recruits`` from what a group reaches in ``where``, in proportion to it.

        ``held`` is :meth:`available` for the same window and territory if the caller has it
        and the pool has not changed since.
        """
        if recruits <= 0:
            return
        if held is None:
            held = self.available(where, territory)
        if held > 0:
            share = np.minimum(1.0, recruits / held)
            bounds = _bounds(self.pool, where, territory)
            if bounds is None:
                self.pool[where] *= 1.0 - share * territory
            else:  # the same floats, compiled (agents.kernels_window.window_scale)
                window_scale(self.pool, *bounds, float(share), territory)
