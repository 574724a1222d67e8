"""The browser app (Solara): ``decertsim app`` serves :mod:`webapp.page`."""
