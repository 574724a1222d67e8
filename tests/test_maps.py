"""The one control-map drawing (runs/maps.py), used by the reports, ``run`` and the app."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from model.control import DISPUTED, OFF_GRID, STATE
from model.groups import group_identity
from runs.maps import (
    DISPUTED_COLOR,
    STATE_COLOR,
    border_segments,
    control_legend,
    draw_control,
    map_places,
    plot_control,
)


def drawn_colours(model, controller: np.ndarray) -> np.ndarray:
    """RGBA per cell, ``(width, height, 4)``, as draw_control paints ``controller``."""
    ax = Figure().add_subplot()
    draw_control(ax, controller, model.landscape, model.group_keys)
    (image,) = ax.images
    return np.asarray(image.to_rgba(image.get_array())).transpose(1, 0, 2)


def test_each_code_gets_its_colour_and_off_grid_cells_stay_blank(make_model):
    m = make_model(seed=1)
    controller = np.full(m.land.shape, OFF_GRID, dtype=np.int8)
    land = np.argwhere(m.land)
    codes = [DISPUTED, STATE] + [g.index for g in m.groups]
    for (x, y), code in zip(land, codes * (len(land) // len(codes) + 1), strict=False):
        controller[x, y] = code
    rgba = drawn_colours(m, controller)
    expected = {DISPUTED: DISPUTED_COLOR, STATE: STATE_COLOR}
    expected |= {g.index: group_identity(g.key).color for g in m.groups}
    for code, colour in expected.items():
        cells = controller == code
        assert cells.any()
        np.testing.assert_allclose(rgba[cells], np.tile(to_rgba(colour), (cells.sum(), 1)))
    assert np.all(rgba[controller == OFF_GRID][:, 3] == 0)


def test_the_legend_names_every_group_in_code_order(make_model):
    m = make_model(seed=1)
    labels = [label for label, _ in control_legend(m.group_keys)]
    assert labels[:2] == ["Disputed (no one in control)", "Colombian state"]
    assert not any("zone" in label for label in labels)
    assert labels[2:] == [g.name for g in m.groups]


def test_plot_control_writes_a_png(make_model, tmp_path):
    m = make_model(seed=1)
    path = plot_control(m.control.controller, m, "title", tmp_path / "maps" / "control.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_borders_run_between_departments_and_around_the_land(small_landscape):
    inner, outline = border_segments(small_landscape)
    dept = small_landscape.layers["department"]
    step = float(small_landscape.lon[1, 0] - small_landscape.lon[0, 0])
    # every inner segment is one cell edge long and lies between two cells of different
    # departments; the synthetic world is all land, so its outline is the grid's frame
    lengths = np.hypot(*(inner[:, 1] - inner[:, 0]).T)
    np.testing.assert_allclose(lengths, step)
    changes = (dept[1:, :] != dept[:-1, :]).sum() + (dept[:, 1:] != dept[:, :-1]).sum()
    assert len(inner) == changes
    w, h = dept.shape
    assert len(outline) == 2 * (w + h)


def test_colombia_has_capitals_and_named_main_cities():
    from model.geo import build_landscape

    landscape = build_landscape("0.25")
    places = map_places(landscape)
    named = {p.name for p in places if p.named}
    assert {"Bogotá D.C.", "Medellín", "Santiago de Cali"} <= named
    assert sum(not p.named for p in places) >= 15  # the other department capitals, as dots
    inner, outline = border_segments(landscape)
    assert len(inner) > 100 and len(outline) > 100
