"""Maps of Colombia: who controls each cell (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from model.groups import group_identity  # noqa: E402
from model.simulation import ColombiaModel  # noqa: E402

STATE_COLOR = "#2b6cb0"
DISPUTED_COLOR = "#d9d9d9"


def control_palette(group_keys: tuple[str, ...]) -> tuple[ListedColormap, list[str]]:
    """Colours for codes -1 (disputed), 0 (state), 1..G (groups), and their labels."""
    groups = [group_identity(key) for key in group_keys]
    colors = [DISPUTED_COLOR, STATE_COLOR] + [g.color for g in groups]
    labels = ["Disputed (zone 3)", "State"] + [g.name for g in groups]
    return ListedColormap(colors), labels


def plot_control(
    controller: np.ndarray,
    model: ColombiaModel,
    title: str,
    path: Path,
) -> Path:
    """Save a map of ``controller`` (codes as in model.control) with a legend of group names."""
    cmap, labels = control_palette(model.group_keys)
    codes = np.where(controller >= -1, controller, np.nan).astype(float)
    lat, lon = model.landscape.lat, model.landscape.lon
    extent = (float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max()))
    fig, ax = plt.subplots(figsize=(6.5, 7.5), dpi=110)
    ax.imshow(
        codes.T,
        origin="lower",
        cmap=cmap,
        vmin=-1.5,
        vmax=len(labels) - 1.5,
        interpolation="nearest",
        extent=extent,
    )
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    handles = [Patch(color=cmap(i), label=label) for i, label in enumerate(labels)]
    ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
