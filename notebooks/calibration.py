# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Calibration: priors, the fit, the posterior, and the posterior predictive
#
# The model's uncertain parameters are fitted to the hindcast of 2018-2022 by ABC-SMC
# (`runs/abc.py`, docs/VALIDATION.md "Calibration"). This notebook shows the priors, runs the
# fit (`decertsim calibrate` does the same from the command line), plots the posterior and sets
# the fitted runs against the observed series.
#
# **Small mode** (`DECERTSIM_SMALL=1`, what `make test` runs): a fit of 4 particles on 2 seeds
# each on the synthetic world over 2018-2019 (seconds), then the shipped posterior. **Full
# mode**: the fit of `make calibrate` (`runs.calibrate.MAKE_CALIBRATE`: 32 particles on 2 seeds,
# a budget of 256 hindcast runs on the 0.25-degree grid; docs/VALIDATION.md gives its time); a
# finished `make calibrate` is read back from its cache in `results/calibrate` in seconds.

# %% tags=["parameters"]
import os
import tempfile
from pathlib import Path

SMALL = os.environ.get("DECERTSIM_SMALL") == "1"
ROOT = Path.cwd() if (Path.cwd() / "model").is_dir() else Path.cwd().parent
os.chdir(ROOT)

# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from runs.calibrate import MAKE_CALIBRATE, RECORD_FIELDS, CalibrateOptions, fit, point
from runs.posterior import SHIPPED_POSTERIOR, load_posterior
from runs.priors import load_priors
from runs.simcache import SimCache

# %% [markdown]
# ## Priors
#
# Uniform over each parameter's range (log-uniform where marked), narrowed from its documented
# range (docs/PARAMETERS.md) with the reason given in `runs/calibration/priors.toml`.

# %%
priors = load_priors()
pd.DataFrame(
    [
        {"parameter": p.name, "low": p.low, "high": p.high, "scale": p.scale,
         "default": p.default, "documented": p.documented, "unit": p.unit}
        for p in priors.priors
    ]
)

# %% [markdown]
# ## The fit
#
# Each proposal is one hindcast run (`history_2016_2025` from 2018-01), scored by the
# pattern-oriented distance of `runs/distance.py` (national series, turning points, places, each
# family counting a third). Every finished run is cached, so rerunning resumes.

# %%
if SMALL:
    options = CalibrateOptions(
        out=Path(tempfile.mkdtemp()) / "fit", budget=8, particles=4, seeds_per_particle=2,
        resolution="synthetic", fit_end="2019-12",
    )
else:  # make calibrate's settings, so its cache in results/calibrate answers every run
    options = CalibrateOptions(**MAKE_CALIBRATE, out=ROOT / "results" / "calibrate")
result, fitted, info = fit(options)
pd.DataFrame(
    [{"generation": g.t, "tolerance": g.epsilon, "simulations": g.simulations,
      "acceptance": g.acceptance, "ESS": g.ess()} for g in result.generations]
)

# %%
pd.Series(fitted.overrides(point(result, fitted)), name="weighted median of this fit")

# %% [markdown]
# ## The shipped posterior
#
# `model/data/posterior.parquet`, written by `make calibrate`: the particles of the last
# generation with their weights. Grey: the prior's range; red: the default.

# %%
post = load_posterior(SHIPPED_POSTERIOR)
print(post.describe())
fig, axes = plt.subplots(2, (len(post.names) + 1) // 2, figsize=(12, 5))
for ax, j in zip(axes.ravel(), range(len(post.names)), strict=False):
    name = post.names[j]
    prior = next((p for p in priors.priors if p.name == name), None)
    if prior is not None:  # a posterior fitted with other priors shows no prior range
        ax.axvspan(prior.low, prior.high, color="0.9")
        ax.axvline(prior.default, color="red")
    ax.hist(post.values[:, j], weights=post.weight, bins=12, color="#2b6cb0")
    ax.set_title(name, fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## Posterior predictive against the observed series
#
# The records of the fit's accepted runs (last generation), model against observed, for the
# national series in the fit window. Points on the diagonal fit.

# %%
cache = SimCache(options.out, "simulations")
entries = [e for e in cache.read().values() if e.get("records")]
final = result.final
best = sorted(entries, key=lambda e: e["distance"])[: max(1, int((final.weight > 0).sum()))]
rows = [
    dict(zip(RECORD_FIELDS, r, strict=True)) for e in best for r in e["records"]
]
rows = [
    {"series": r["series"], "period": r["period"], "observed": r["observed"],
     "model": r["model_mean"]}
    for r in rows if r["family"] == "national" and r["observed"]
]
frame = pd.DataFrame(rows)
fig, ax = plt.subplots(figsize=(5, 5))
for series, group in frame.groupby("series"):
    ax.scatter(group.observed, group.model, s=12, label=series)
lims = [max(1e-3, frame[["observed", "model"]].min().min()), frame[["observed", "model"]].max().max()]
ax.plot(lims, lims, color="0.5")
ax.set(xscale="log", yscale="log", xlabel="observed", ylabel="model")
ax.legend(fontsize=5)
frame.groupby("series")[["observed", "model"]].median()
