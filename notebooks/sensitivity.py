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
# # What the conclusion hangs on: Sobol indices and PRIM boxes
#
# For the headline differences (waivers minus full cut-off, certified minus waivers) of state
# control, members, coca, seizures, displacement and emigration at 24 and 60 months:
# first-order (S1) and total (ST) Sobol indices (SALib) over the posterior's 95% ranges, and
# PRIM boxes for where waivers do *not* beat the full cut-off (`runs/sensitivity.py`,
# `runs/prim.py`).
#
# **Small mode** (`DECERTSIM_SMALL=1`): reads the shipped analysis (`model/data/sensitivity.json`,
# written by `make sensitivity`), recomputes its indices from the stored differences and reruns
# PRIM on them (seconds). **Full mode**: runs `make sensitivity`'s analysis first (N = 16:
# 16 x 8 = 128 parameter sets x 3 regimes = 384 runs of 60 months on the 0.25-degree grid; its
# time is in docs/VALIDATION.md, "Refit and sensitivity"; a finished `make sensitivity` is read
# back from `results/sensitivity` in seconds, an interrupted one resumes).

# %% tags=["parameters"]
import os
from pathlib import Path

SMALL = os.environ.get("DECERTSIM_SMALL") == "1"
ROOT = Path.cwd() if (Path.cwd() / "model").is_dir() else Path.cwd().parent
os.chdir(ROOT)

# %%
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from SALib.analyze import sobol

from runs.prim import prim_box
from runs.sensitivity import OUTCOMES, SHIPPED_SENSITIVITY

if not SMALL:
    from runs import sensitivity

    sensitivity.main(["--out", "results/sensitivity", "--workers", "2"])
    path = ROOT / "results" / "sensitivity" / "sensitivity.json"
else:
    path = SHIPPED_SENSITIVITY
data = json.loads(path.read_text())
print(data["posterior"])
print(f"{data['sets']} parameter sets, {data['runs']} runs, model {data['model']}")
H = data.get("months", 60)  # the last horizon simulated (a pilot of 24 months reads only 24)

# %% [markdown]
# ## Indices
#
# The bootstrap intervals (`_conf`) shrink as 1/sqrt(N); an index above 1 or below 0 is the
# estimator's noise. The words below name only indices whose interval excludes zero.

# %%
table = pd.DataFrame(data["indices"])
table.pivot_table(index=["difference", "outcome", "horizon"], columns="parameter",
                  values="ST").round(2)

# %%
prob = data["problem"]
diffs = pd.DataFrame(data["differences"])
column = f"waivers-full_cutoff:armed_members@{H}"
y = diffs[column].to_numpy(dtype=float)
again = sobol.analyze(prob, y, calc_second_order=False, seed=data["seed"])
pd.DataFrame({"S1": again["S1"], "ST": again["ST"]}, index=prob["names"]).round(2)

# %%
sub = table[(table.difference == "waivers-full_cutoff") & (table.horizon == H)]
fig, ax = plt.subplots(figsize=(9, 4))
pivot = sub.pivot(index="parameter", columns="outcome", values="ST").clip(0, 1)
pivot.plot.bar(ax=ax)
ax.set(ylabel="total index (clipped to [0, 1])", title=f"waivers - full cut-off, {H} months")
fig.tight_layout()

# %% [markdown]
# ## The runs' own noise: the floor under every total index
#
# The posterior median run on several seeds: the share of each difference's spread across the
# sets that the seeds alone make. A total index is named in the words only above it (absent
# from analyses made before the noise runs).

# %%
pd.Series(data.get("noise", {}), name="noise share", dtype=float).round(2)

# %% [markdown]
# ## PRIM: where waivers do not beat the full cut-off (at the last horizon)

# %%
x = np.asarray(data["samples"])
rows = []
for name, (_, better) in OUTCOMES.items():
    values = diffs[f"waivers-full_cutoff:{name}@{H}"].to_numpy(dtype=float)
    fails = np.asarray(better * values <= 0, dtype=float)
    box = prim_box(x, fails, prob["names"])
    rows.append({"outcome": name, "waivers do not beat cut-off": box["base_rate"],
                 "box": box["words"], "density": box["density"], "coverage": box["coverage"]})
pd.DataFrame(rows)

# %% [markdown]
# ## In words (what `report.md` says)

# %%
for line in data["words"]:
    print("-", line)
