"""Control maps: the one drawing of who controls each cell, for reports, ``run`` and the app.

:func:`draw_control` draws a controller layer (codes as in :mod:`model.control`) on a matplotlib
axes; :func:`control_legend` gives its colours and labels (group names and colours from
:mod:`model.groups`). The browser app (``app.py``) and :func:`plot_control` (the ``run``
command's ``control_map.png``) both draw with them; only sizes, titles and the legend's form
differ.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from model.control import DISPUTED, OFF_GRID  # noqa: E402
from model.geo import Landscape  # noqa: E402
from model.groups import group_identity  # noqa: E402
from model.simulation import ColombiaModel  # noqa: E402

STATE_COLOR = "#2b6cb0"
DISPUTED_COLOR = "#d9d9d9"


def control_legend(group_keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, colour) of every controller code in order: disputed, the state, each group."""
    groups = [group_identity(key) for key in group_keys]
    return [("Disputed (zone 3)", DISPUTED_COLOR), ("State", STATE_COLOR)] + [
        (g.name, g.color) for g in groups
    ]


def draw_control(
    ax: Axes, controller: np.ndarray, landscape: Landscape, group_keys: tuple[str, ...]
) -> None:
    """Draw who controls each cell on ``ax``, in longitude and latitude; off-grid cells blank.

    Args:
        ax: The axes to draw on.
        controller: Controller codes per cell (``model.control``), shape ``(width, height)``.
        landscape: The landscape the codes belong to (its cell coordinates).
        group_keys: The model's groups, in the order of their codes.
    """
    colors = [color for _, color in control_legend(group_keys)]
    codes = np.where(controller != OFF_GRID, controller, np.nan).astype(float)
    lat, lon = landscape.lat, landscape.lon
    extent = (float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max()))
    ax.imshow(
        codes.T,
        origin="lower",
        cmap=ListedColormap(colors),
        vmin=DISPUTED - 0.5,  # one colour per code, from DISPUTED up
        vmax=DISPUTED + len(colors) - 0.5,
        interpolation="nearest",
        extent=extent,
    )


def plot_control(
    controller: np.ndarray,
    model: ColombiaModel,
    title: str,
    path: Path,
) -> Path:
    """Save a map of ``controller`` (codes as in model.control) with a legend of group names."""
    fig = Figure(figsize=(6.5, 7.5), dpi=110)
    ax = fig.add_subplot()
    draw_control(ax, controller, model.landscape, model.group_keys)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    handles = [Patch(color=color, label=label) for label, color in control_legend(model.group_keys)]
    ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path
