"""Which landscape a resolution names, and the per-resolution cache of Colombia.

Colombian landscapes are cached per resolution (:func:`functools.lru_cache`) and shared by
every model of a process, which is safe because a landscape is read-only; the synthetic world
is built anew on every call (it is cheap and depends on its shape and seed).
"""

from __future__ import annotations

import functools
from typing import Any

from model.geo.colombia import build_colombia
from model.geo.landscape import Landscape, LandscapeError
from model.geo.sources import GRID_FILES
from model.geo.synthetic import synthetic

RESOLUTIONS: tuple[str, ...] = ("0.25", "0.1", "synthetic")
"""Allowed values of ``resolution``."""


def normalise_resolution(resolution: Any) -> str:
    """A resolution as one of :data:`RESOLUTIONS` (``0.25``, ``" 0.1 "`` and ``"SYNTHETIC"`` pass).

    Raises:
        LandscapeError: If it is not one of them (the message names the allowed values).
    """
    text = str(resolution).strip().lower()
    if text not in RESOLUTIONS:
        raise LandscapeError(
            f"unknown resolution {resolution!r}; allowed values: "
            + ", ".join(repr(r) for r in RESOLUTIONS)
        )
    return text


@functools.lru_cache(maxsize=len(GRID_FILES))
def _load_colombia_cached(resolution: str) -> Landscape:
    return build_colombia(resolution)


def load_colombia(resolution: str = "0.25") -> Landscape:
    """Load (cached) the Colombian landscape at a given resolution.

    Args:
        resolution: ``"0.25"`` (50 x 68 cells, 1,484 on land) or ``"0.1"`` (123 x 169, 9,262).

    Returns:
        The shared, read-only :class:`~model.geo.landscape.Landscape`.

    Raises:
        LandscapeError: If the resolution is not ``"0.25"`` or ``"0.1"``, or the data are
            malformed.
    """
    text = normalise_resolution(resolution)
    if text not in GRID_FILES:
        raise LandscapeError(
            f"load_colombia needs resolution '0.25' or '0.1', got {resolution!r} "
            "(use synthetic() or build_landscape('synthetic') for the test world)"
        )
    return _load_colombia_cached(text)


def build_landscape(
    resolution: str = "0.25", *, synthetic_shape: tuple[int, int] = (24, 18), seed: int = 0
) -> Landscape:
    """Build the landscape for a resolution.

    Args:
        resolution: One of :data:`RESOLUTIONS` (``"0.25"``, ``"0.1"``, ``"synthetic"``).
        synthetic_shape: ``(width, height)`` of the synthetic world.
        seed: Seed of the synthetic world (ignored for Colombia, whose data are fixed).

    Returns:
        The :class:`~model.geo.landscape.Landscape` (cached and shared for Colombia, new for
        synthetic).

    Raises:
        LandscapeError: If the resolution is unknown (the message names the allowed values).
    """
    text = normalise_resolution(resolution)
    if text == "synthetic":
        width, height = synthetic_shape
        return synthetic(width, height, seed=seed)
    return load_colombia(text)
