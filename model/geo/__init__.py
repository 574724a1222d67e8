"""Static landscape of the simulation: a raster of Colombia (or a synthetic test world).

A :class:`Landscape` holds every *static* layer the model needs (land mask, borders, coasts,
departments, remoteness, coca, illegal gold, distance to export points, population) plus the
armed groups' a-priori presence, the export points and the main cities. Build one with
:func:`build_landscape` (``"0.25"``, ``"0.1"`` or ``"synthetic"``); Colombian landscapes are
cached per resolution and read-only.

One concept per module (each module's docstring says how its layers are made, and ODD
section 5 repeats it):

======================  ==========================================================================
``codes``               layer names, border and coast codes (group keys: ``model.groups``)
``landscape``           the ``Landscape`` type (``[x, y]`` convention, read-only arrays),
                        ``ExitPoint``, ``City``, ``LandscapeError``
``geometry``            great-circle distance, cell areas, land cells as vectors, kernel spreading
``sources``             reading ``model/data/geo/*.csv`` with clear errors
``regions``             fitting contiguous regions of given areas (weighted Voronoi, repaired)
``departments``         the ``department`` layer (enclaves, the fit applied to the capitals)
``places``              main cities and ``remoteness``; export points and ``exit_distance_km``
``illicit``             ``coca_ha_2023``, ``coca_suitability`` and ``gold``
``population``          ``population`` and ``pop_density``
``group_presence``      ``Landscape.group_presence`` from ``armed_groups_long.csv``
``group_zones``         ``Landscape.group_zone``: the groups' strongholds (``group_zones.csv``)
``colombia``            the Colombian builder: reads the data and assembles the layers
``synthetic``           the synthetic builder
``build``               resolutions, ``build_landscape`` and the cached ``load_colombia``
======================  ==========================================================================
"""

from model.geo.build import RESOLUTIONS, build_landscape, load_colombia
from model.geo.codes import BORDER_CODES, COAST_CODES, LAYER_NAMES
from model.geo.colombia import build_colombia
from model.geo.illicit import COCA_BAND_HA, COCA_TOTAL_2023_HA
from model.geo.landscape import City, ExitPoint, Landscape, LandscapeError
from model.geo.sources import OFF_GRID_DEPARTMENTS
from model.geo.synthetic import synthetic

__all__ = [
    "BORDER_CODES",
    "COAST_CODES",
    "COCA_BAND_HA",
    "COCA_TOTAL_2023_HA",
    "LAYER_NAMES",
    "OFF_GRID_DEPARTMENTS",
    "RESOLUTIONS",
    "City",
    "ExitPoint",
    "Landscape",
    "LandscapeError",
    "build_colombia",
    "build_landscape",
    "load_colombia",
    "synthetic",
]
