"""Running decertsim: regimes and experiments, single runs, comparisons, reports and the CLI."""
