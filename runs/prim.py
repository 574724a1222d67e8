"""PRIM scenario discovery (Friedman and Fisher 1999), as the EMA Workbench does it, in numpy.

Why our own: the EMA Workbench (3.0) pulls statsmodels, seaborn, Platypus and multiprocess for
what is here about eighty lines; docs/VALIDATION.md, "Sensitivity".

Given parameter sets ``X`` ``[n, d]`` and a 0/1 outcome ``y`` (1: the case of interest, e.g.
waivers do not beat the full cut-off), PRIM *peels*: at each step it tries to cut a share
:data:`ALPHA` of the points in the box off the low or the high end of one parameter, and keeps
the cut that leaves the highest share of cases of interest inside (the *density*); it stops when
fewer than :data:`MIN_POINTS` points or :data:`MIN_SUPPORT` of all points would remain. Of the
boxes along this peeling trajectory it returns the one with the largest *weighted relative
accuracy* ``coverage * (density - base rate)`` (Lavrač et al. 2004), a trade-off between
*coverage* (the share of all cases of interest inside the box) and density that needs no
threshold set by hand. Only the parameters the box restricts are named.
"""

from __future__ import annotations

from typing import Any

import numpy as np

ALPHA = 0.1
MIN_SUPPORT = 0.1
MIN_POINTS = 3


def _stats(inside: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    total = y.sum()
    n_in = inside.sum()
    density = float(y[inside].mean()) if n_in else 0.0
    coverage = float(y[inside].sum() / total) if total else 0.0
    return density, coverage


def prim_box(x: np.ndarray, y: np.ndarray, names: list[str]) -> dict[str, Any]:
    """The PRIM box of the cases ``y == 1`` among the points ``x`` (see the module docstring).

    Returns:
        ``base_rate``, ``density``, ``coverage``, ``support`` (share of points inside), the
        ``limits`` of each restricted parameter, ``restricted`` (their names) and ``words``
        (the box in a phrase).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = x.shape
    base = float(y.mean()) if n else 0.0
    low, high = x.min(axis=0), x.max(axis=0)
    box = np.column_stack([low, high])
    inside = np.ones(n, dtype=bool)
    trajectory = [(box.copy(), inside.copy())]
    floor = max(MIN_POINTS, int(np.ceil(MIN_SUPPORT * n)))
    while True:
        best = None
        for j in range(d):
            values = x[inside, j]
            for side, q in ((0, ALPHA), (1, 1 - ALPHA)):
                cut = np.quantile(values, q)
                keep = inside & ((x[:, j] >= cut) if side == 0 else (x[:, j] <= cut))
                if keep.sum() < floor or keep.sum() == inside.sum():
                    continue
                density = y[keep].mean()
                if best is None or density > best[0]:
                    best = (density, j, side, cut, keep)
        if best is None or best[0] <= y[inside].mean():
            break
        _, j, side, cut, keep = best
        box[j, side] = cut
        inside = keep
        trajectory.append((box.copy(), inside.copy()))
    scores = []
    for _box, ins in trajectory:
        density, coverage = _stats(ins, y)
        scores.append(coverage * (density - base))
    b, ins = trajectory[int(np.argmax(scores))]
    density, coverage = _stats(ins, y)
    restricted = [names[j] for j in range(d) if b[j, 0] > low[j] or b[j, 1] < high[j]]
    limits = {
        names[j]: [float(b[j, 0]), float(b[j, 1])] for j in range(d) if names[j] in restricted
    }
    parts = []
    for name, (lo, hi) in limits.items():
        j = names.index(name)
        if lo > low[j] and hi < high[j]:
            parts.append(f"`{name}` between {lo:.3g} and {hi:.3g}")
        elif lo > low[j]:
            parts.append(f"`{name}` above {lo:.3g}")
        else:
            parts.append(f"`{name}` below {hi:.3g}")
    return {
        "base_rate": base,
        "density": density,
        "coverage": coverage,
        "support": float(ins.mean()) if n else 0.0,
        "limits": limits,
        "restricted": restricted,
        "words": " and ".join(parts) if parts else "no part of the ranges in particular",
    }
