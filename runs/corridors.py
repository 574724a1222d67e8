"""The report's map of the main cocaine corridors (ODD 7.10), from the map snapshots.

Every map snapshot stores the cocaine passing through each land cell that month (``cocaine_t``,
tonnes). :func:`corridor_flows` averages it over the runs of each regime at one month;
:func:`corridor_map` draws one panel per regime on a logarithmic scale, with the export points,
so the corridors and how a regime moves them (the balloon effect) can be seen side by side.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

from model.geo import build_landscape  # noqa: E402
from runs.files import write_figure_atomic  # noqa: E402

#: cells carrying less than this share of the busiest cell are left blank: the main corridors
#: stand out from the cocaine that leaves every producing cell
MIN_SHARE_OF_TOP = 0.02


def corridor_flows(con: duckdb.DuckDBPyConnection, month: int) -> pd.DataFrame:
    """Mean cocaine through each cell at ``month``, per regime (``regime, x, y, tonnes, n``).

    Empty when the stored maps have no ``cocaine_t`` column (results of older versions).
    """
    try:
        return con.execute(
            f"""
            SELECT regime, x, y, avg(cocaine_t) AS tonnes, count(*) AS n
            FROM maps WHERE month = {int(month)} GROUP BY regime, x, y
            """
        ).df()
    except (duckdb.BinderException, duckdb.CatalogException):
        return pd.DataFrame(columns=["regime", "x", "y", "tonnes", "n"])


def corridor_map(
    flows: pd.DataFrame,
    regimes: list[str],
    resolution: str,
    when: str,
    path: Path,
    titles: dict[str, str] | None = None,
) -> Path:
    """One panel per regime: tonnes a month through each cell (log scale), and the exits.

    Cells carrying less than ``MIN_SHARE_OF_TOP`` of the busiest cell are left blank.

    Args:
        flows: :func:`corridor_flows` of the month.
        regimes: Regimes to draw, one panel each, in this order.
        resolution: Grid of the results ("0.25", "0.1", "synthetic").
        when: The month in words, as the report names it ("end of 2028-08 (month 35)").
        path: The PNG to write.
        titles: Display titles of the regimes (their names if missing).
    """
    titles = titles or {}
    landscape = build_landscape(resolution)
    lat, lon = landscape.lat, landscape.lon
    extent = (float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max()))
    land = np.where(landscape.land, 0.0, np.nan)
    top = max(float(flows["tonnes"].max()), 1e-6)
    floor = MIN_SHARE_OF_TOP * top
    norm = LogNorm(vmin=floor, vmax=top)
    fig, axes = plt.subplots(
        1, len(regimes), figsize=(3.2 * len(regimes), 4.4), dpi=100, squeeze=False
    )
    image = None
    for ax, regime in zip(axes[0], regimes, strict=True):
        sub = flows[(flows["regime"] == regime) & (flows["tonnes"] >= floor)]
        grid = np.full(land.shape, np.nan)
        grid[sub["x"].to_numpy(int), sub["y"].to_numpy(int)] = sub["tonnes"].to_numpy()
        ax.imshow(land.T, origin="lower", extent=extent, cmap="Greys", vmin=-1, vmax=6)
        image = ax.imshow(
            grid.T,
            origin="lower",
            extent=extent,
            norm=norm,
            cmap="inferno_r",
            interpolation="nearest",
        )
        ax.scatter(
            [e.lon for e in landscape.exits],
            [e.lat for e in landscape.exits],
            marker="^",
            s=14,
            color="tab:blue",
            label="exits",
        )
        ax.set_title(titles.get(regime, regime), fontsize=7)
        ax.tick_params(labelsize=6)
    if image is not None:
        fig.colorbar(
            image, ax=axes[0].tolist(), shrink=0.7, label="tonnes a month through the cell"
        )
    axes[0][0].legend(fontsize=6, loc="lower left")
    fig.suptitle(f"Cocaine corridors, {when} (mean over runs)", fontsize=10)
    write_figure_atomic(fig, path)
    plt.close(fig)
    return path
