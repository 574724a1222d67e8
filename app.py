"""The browser app for ``solara run app.py``; ``decertsim app`` (or ``make app``) is the way in.

The page lives in :mod:`webapp.page`. Prefer ``decertsim app``: it turns Solara's version check
and usage statistics off before the server starts, so nothing calls home.
"""

from __future__ import annotations

from webapp.page import Page

__all__ = ["Page"]
