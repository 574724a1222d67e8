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
# # Validation: the scorecard, model against observed, maps against reported presence
#
# The scorecard (`decertsim score`, docs/VALIDATION.md) runs the historical hindcast and scores
# it target by target. Here: with the defaults and with the calibrated point
# (`model/data/calibrated.toml`), split in sample (to 2022) and out of sample (2023 on).
#
# **Small mode** (`DECERTSIM_SMALL=1`): one seed on the synthetic world over 2018-2019 (seconds;
# the synthetic world is not Colombia, so its scores mean nothing). **Full mode**: 10 seeds on
# the 0.25-degree grid over 2018-2025, twice (defaults, calibrated): about 3 minutes on two
# cores (one such scorecard took 86 s in `make validate` at a load of 4 on 2026-12-01);
# measured end to end on 2026-12-02 (`make notebooks`, main 99aaaba): 4.7 minutes (281 s) on two
# cores shared with four other jobs (load 6-9).

# %% tags=["parameters"]
import os
import tempfile
import tomllib
from pathlib import Path

SMALL = os.environ.get("DECERTSIM_SMALL") == "1"
ROOT = Path.cwd() if (Path.cwd() / "model").is_dir() else Path.cwd().parent
os.chdir(ROOT)

# %%
import matplotlib

matplotlib.use("Agg")
import pandas as pd
from IPython.display import Image, display

from runs.outofsample import split
from runs.posterior import SHIPPED_CALIBRATED
from runs.score import ScoreOptions, score
from runs.validation_figures import plot_national, plot_presence

# %%
calibrated = tomllib.loads(SHIPPED_CALIBRATED.read_text())
point = {name: entry["value"] for name, entry in calibrated["parameters"].items()}
print("adopted as defaults:", calibrated["adopted"], "-", calibrated["decision"])
base = dict(seeds=1, resolution="synthetic", end="2019-12", workers=1) if SMALL else dict(
    seeds=10, resolution="0.25", workers=2)
cards = {
    "defaults": score(ScoreOptions(**base, families=("national", "trends", "places"))),
    "calibrated": score(ScoreOptions(**base, overrides=point,
                                     families=("national", "trends", "places"))),
}

# %% [markdown]
# ## In and out of sample
#
# A record is in sample when the last month it reads is in the fit window (to 2022-12).

# %%
pd.DataFrame(
    [{"parameters": name, **split(name, card.records, "2022-12").to_json()}
     for name, card in cards.items()]
)[["parameters", "in_sample", "out_of_sample", "in_sample_families", "out_of_sample_families"]]

# %% [markdown]
# ## Model against observed, per series

# %%
records = pd.DataFrame([r.to_json() for r in cards["defaults"].records])
records[["family", "series", "label", "observed", "model_mean", "model_low", "model_high",
         "passed"]].head(40)

# %%
out = Path(tempfile.mkdtemp())
display(Image(filename=str(plot_national(cards["defaults"], out / "national.png"))))

# %% [markdown]
# ## Maps: where the model puts each group against where reports place it
#
# Read over 2024-2025 (the presence table's window); in small mode the span ends before it, so
# there is no map.

# %%
path = plot_presence(cards["defaults"], out / "presence.png")
if path is not None:
    display(Image(filename=str(path)))
else:
    print("no presence map: the simulated span does not reach the presence window")
