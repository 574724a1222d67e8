"""Maps: the one drawing of who controls each cell, with department borders and capitals.

Used by ``run``'s ``control_map.png``, the report's maps (``runs/report_figures.py``) and the
browser app (``webapp/``); only sizes, titles and the legend's form differ.

* :func:`draw_control` paints a controller layer (codes as in :mod:`model.control`) in
  longitude and latitude; :func:`control_legend` gives its colours and labels in plain words
  (group names and colours from :mod:`model.groups`).
* :func:`draw_share` paints a number per cell (a probability, a difference) the same way.
* :func:`draw_borders` draws the department borders (where the landscape's ``department``
  layer changes between neighbouring cells) and the outline of the land; :func:`draw_places`
  marks the department capitals and names the main cities.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from model.control import DISPUTED, OFF_GRID  # noqa: E402
from model.geo import Landscape  # noqa: E402
from model.geo.sources import read_departments  # noqa: E402
from model.groups import group_identity  # noqa: E402
from model.simulation import ColombiaModel  # noqa: E402
from runs.files import write_figure_atomic  # noqa: E402

STATE_COLOR = "#2b6cb0"
DISPUTED_COLOR = "#d9d9d9"
BORDER_COLOR = "#4a4a4a"

#: Plain words for the codes that are not a group (readers do not know Kalyvas' zone numbers).
DISPUTED_LABEL = "Disputed (no one in control)"
STATE_LABEL = "Colombian state"


def control_legend(group_keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, colour) of every controller code in order: disputed, the state, each group."""
    groups = [group_identity(key) for key in group_keys]
    return [(DISPUTED_LABEL, DISPUTED_COLOR), (STATE_LABEL, STATE_COLOR)] + [
        (g.name, g.color) for g in groups
    ]


def legend_handles(group_keys: tuple[str, ...]) -> list[Patch]:
    """Legend patches of :func:`control_legend`, for a matplotlib legend."""
    return [Patch(color=color, label=label) for label, color in control_legend(group_keys)]


def map_extent(landscape: Landscape) -> tuple[float, float, float, float]:
    """(west, east, south, north) of the grid's cell edges, degrees."""
    lon, lat = landscape.lon, landscape.lat
    half_x = _cell_step(lon[:, 0]) / 2
    half_y = _cell_step(lat[0, :]) / 2
    return (
        float(lon.min() - half_x),
        float(lon.max() + half_x),
        float(lat.min() - half_y),
        float(lat.max() + half_y),
    )


def _cell_step(values: np.ndarray) -> float:
    """Spacing of a regular axis (1 if it has a single value)."""
    return float(values[1] - values[0]) if len(values) > 1 else 1.0


def draw_control(
    ax: Axes, controller: np.ndarray, landscape: Landscape, group_keys: tuple[str, ...]
) -> AxesImage:
    """Draw who controls each cell on ``ax``, in longitude and latitude; off-grid cells blank.

    Args:
        ax: The axes to draw on.
        controller: Controller codes per cell (``model.control``), shape ``(width, height)``.
        landscape: The landscape the codes belong to (its cell coordinates).
        group_keys: The model's groups, in the order of their codes.

    Returns:
        The image drawn.
    """
    colors = [color for _, color in control_legend(group_keys)]
    codes = np.where(controller != OFF_GRID, controller, np.nan).astype(float)
    return ax.imshow(
        codes.T,
        origin="lower",
        cmap=ListedColormap(colors),
        vmin=DISPUTED - 0.5,  # one colour per code, from DISPUTED up
        vmax=DISPUTED + len(colors) - 0.5,
        interpolation="nearest",
        extent=map_extent(landscape),
    )


def draw_share(
    ax: Axes,
    values: np.ndarray,
    landscape: Landscape,
    cmap: str = "Reds",
    vmin: float = 0.0,
    vmax: float = 1.0,
) -> AxesImage:
    """Draw a number per cell (NaN: blank), e.g. the probability that a cell is armed-held.

    Args:
        ax: The axes to draw on.
        values: ``(width, height)`` values; NaN where nothing is drawn (off land).
        landscape: The landscape the values belong to.
        cmap: Matplotlib colour map.
        vmin: Value at the bottom of the colour map.
        vmax: Value at the top.

    Returns:
        The image (for a colour bar).
    """
    return ax.imshow(
        values.T,
        origin="lower",
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        interpolation="nearest",
        extent=map_extent(landscape),
    )


def border_segments(landscape: Landscape) -> tuple[np.ndarray, np.ndarray]:
    """Line segments between cells of different departments, and of the land's outline.

    Returns:
        ``(inner, outline)``: arrays of shape ``(n, 2, 2)`` of ``[(lon, lat), (lon, lat)]``
        segments: edges between two land cells of different departments, and edges between a
        land cell and a cell off land (or the grid's edge).
    """
    dept = np.where(landscape.land, landscape.layers["department"], -1)
    padded = np.pad(dept, 1, constant_values=-1)
    lon, lat = landscape.lon[:, 0], landscape.lat[0, :]
    dx, dy = _cell_step(lon), _cell_step(lat)
    # cell edges: x_edges[i] is the western edge of column i (i = 0..width)
    x_edges = np.concatenate([lon - dx / 2, [lon[-1] + dx / 2]])
    y_edges = np.concatenate([lat - dy / 2, [lat[-1] + dy / 2]])
    inner, outline = [], []
    # vertical edges: between padded columns i and i+1 (grid edge i), for every row
    left, right = padded[:-1, 1:-1], padded[1:, 1:-1]
    i, j = np.nonzero(left != right)
    seg = np.stack(
        [np.stack([x_edges[i], y_edges[j]], -1), np.stack([x_edges[i], y_edges[j + 1]], -1)], 1
    )
    coast = (left[i, j] < 0) | (right[i, j] < 0)
    inner.append(seg[~coast])
    outline.append(seg[coast])
    # horizontal edges: between padded rows j and j+1 (grid edge j), for every column
    below, above = padded[1:-1, :-1], padded[1:-1, 1:]
    i, j = np.nonzero(below != above)
    seg = np.stack(
        [np.stack([x_edges[i], y_edges[j]], -1), np.stack([x_edges[i + 1], y_edges[j]], -1)], 1
    )
    coast = (below[i, j] < 0) | (above[i, j] < 0)
    inner.append(seg[~coast])
    outline.append(seg[coast])
    return np.concatenate(inner), np.concatenate(outline)


def draw_borders(ax: Axes, landscape: Landscape, width: float = 0.6) -> None:
    """Draw department borders (thin) and the land's outline (thicker) on ``ax``."""
    inner, outline = border_segments(landscape)
    ax.add_collection(LineCollection(inner, colors=BORDER_COLOR, linewidths=width * 0.6))
    ax.add_collection(LineCollection(outline, colors=BORDER_COLOR, linewidths=width * 1.3))


@dataclass(frozen=True)
class Place:
    """A point on the map: a department capital (``named``: a main city, labelled)."""

    name: str
    lon: float
    lat: float
    named: bool


def map_places(landscape: Landscape) -> tuple[Place, ...]:
    """Department capitals on the grid (Colombia) and the landscape's main cities.

    The main cities (``landscape.cities``) are labelled; other capitals are dots. A synthetic
    landscape has only its cities.
    """
    west, east, south, north = map_extent(landscape)
    places = [Place(c.name, c.lon, c.lat, True) for c in landscape.cities]
    table = read_departments()
    if not set(landscape.department_names) & set(table.names):
        return tuple(places)  # a synthetic world: no real capitals
    for capital, lat, lon in zip(table.capitals, table.cap_lat, table.cap_lon, strict=True):
        inside = west <= lon <= east and south <= lat <= north
        # a capital that is a main city (Bogotá for Cundinamarca too) is already there
        near = any(abs(p.lon - lon) < 0.05 and abs(p.lat - lat) < 0.05 for p in places)
        if inside and not near:
            places.append(Place(capital, float(lon), float(lat), False))
    return tuple(places)


def draw_places(ax: Axes, places: tuple[Place, ...], fontsize: float = 7) -> None:
    """Mark capitals as dots and write the names of the main cities."""
    for named, size in ((False, 2.0), (True, 3.2)):
        points = [p for p in places if p.named == named]
        if points:
            ax.plot(
                [p.lon for p in points],
                [p.lat for p in points],
                "o",
                ms=size,
                mfc="white",
                mec="black",
                mew=0.7,
                ls="none",
            )
    for place in places:
        if place.named:
            ax.annotate(
                place.name,
                (place.lon, place.lat),
                xytext=(3, 2),
                textcoords="offset points",
                fontsize=fontsize,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            )


def finish_map(
    ax: Axes,
    landscape: Landscape,
    places: tuple[Place, ...] | None = None,
    fontsize: float = 7,
) -> None:
    """Borders, places, equal-looking degrees and small lon/lat ticks: every map's frame.

    Args:
        ax: The map's axes.
        landscape: Its landscape.
        places: Capitals and cities (``map_places(landscape)`` if None).
        fontsize: Size of the cities' names.
    """
    draw_borders(ax, landscape)
    draw_places(ax, map_places(landscape) if places is None else places, fontsize)
    west, east, south, north = map_extent(landscape)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.tick_params(labelsize=6)


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
    finish_map(ax, model.landscape)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.legend(handles=legend_handles(model.group_keys), loc="lower left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_figure_atomic(fig, path)
    return path
