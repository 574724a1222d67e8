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
# # Comparing regimes with parameter uncertainty: a walk-through
#
# 1. Run a comparison of regimes with `--posterior`: each replication draws one parameter set
#    from the calibration's posterior, the same for every regime, so the intervals include
#    parameter uncertainty.
# 2. Read the findings.
# 3. Change a regime and run again.
#
# **Small mode** (`DECERTSIM_SMALL=1`): three regimes on the synthetic world, 4 months, 2
# replications (about half a minute). **Full mode**: `compare_regimes` as shipped (6 regimes x
# 10 replications x 60 months on the 0.25-degree grid) and a changed three-regime comparison of
# the same size: 90 runs, about 3 minutes on two idle cores (estimated from a default run's
# 2.2-2.5 CPU seconds in `make bench`); measured end to end on 2026-12-02 (`make notebooks`,
# main 99aaaba): 11.7 minutes (703 s) on two cores shared with four other jobs (load 8-9).

# %% tags=["parameters"]
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SMALL = os.environ.get("DECERTSIM_SMALL") == "1"
ROOT = Path.cwd() if (Path.cwd() / "model").is_dir() else Path.cwd().parent
os.chdir(ROOT)
WORK = Path(tempfile.mkdtemp())

# %%
import json

import pandas as pd

# A small world for the small mode: fewer members and units, a short control warm-up.
SMALL_WORLD = """
[overrides]
"groups.egc.members" = 300
"groups.eln.members" = 300
"groups.emc.members" = 300
"groups.sm.members" = 300
"armed.front_size" = 60
"security.n_units" = 12
"security.n_vetted" = 3
"simulation.control_warmup_months" = 6
"migration.people_per_agent" = 50
"""
if SMALL:
    experiment = WORK / "walkthrough.toml"
    experiment.write_text(
        'name = "walkthrough"\nregimes = ["certified", "waivers", "full_cutoff"]\n'
        'baseline = "certified"\nmonths = 4\nreplications = 2\nseed = 3\n'
        'resolution = "synthetic"\nhorizons = [2, 4]\nsnapshot_every = 2\n' + SMALL_WORLD
    )
    name = str(experiment)
else:
    name = "compare_regimes"


def decertsim(*args):
    """Run the command line as a user would, and show what it printed."""
    done = subprocess.run([sys.executable, "-m", "runs.cli", *args], capture_output=True,
                          text=True, cwd=ROOT)
    print(done.stdout[-3000:])
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done


# %% [markdown]
# ## 1. A comparison with the posterior

# %%
out = WORK / "compare"
decertsim("compare", name, "--out", str(out), "--posterior", "--workers", "1" if SMALL else "2")
manifest = json.loads((out / "experiment.json").read_text())["experiment"]
print("parameter sets drawn per replication:", manifest["posterior"]["draws"])

# %% [markdown]
# ## 2. The findings
#
# `report.md` opens with the findings in words; "What produced it" says which parameters were
# used (here: the posterior).

# %%
report = (out / "report.md").read_text()
print(report[:2500])

# %%
differences = pd.read_csv(out / "differences.csv")
differences.head(12)

# %% [markdown]
# ## 3. Change a regime
#
# A regime is a TOML file (docs/REGIMES.md). Here: the waivers regime without the intelligence
# category (five categories waived instead of six), saved under a new name, checked, and
# compared with the shipped waivers and the status quo, again with the posterior.

# %%
text = (ROOT / "runs" / "regimes" / "waivers.toml").read_text()
mine = WORK / "waivers_no_intelligence.toml"
mine.write_text(
    text.replace('name = "waivers"', 'name = "waivers_no_intelligence"', 1)
    .replace('title = "Waivers (six categories kept)"', 'title = "Waivers without intelligence"')
    .replace('    "intelligence",\n', "", 1)
)
decertsim("validate", str(mine))
second = WORK / "changed.toml"
regimes = f'["certified", "waivers", "{mine}"]'
if SMALL:
    second.write_text(
        f'name = "changed"\nregimes = {regimes}\nbaseline = "certified"\nmonths = 4\n'
        'replications = 2\nseed = 3\nresolution = "synthetic"\nhorizons = [2, 4]\n'
        "snapshot_every = 2\n" + SMALL_WORLD
    )
else:
    second.write_text(
        f'name = "changed"\nregimes = {regimes}\nbaseline = "certified"\nmonths = 60\n'
        'replications = 10\nseed = 20250915\nresolution = "0.25"\nhorizons = [12, 24, 60]\n'
    )
out2 = WORK / "changed"
decertsim("compare", str(second), "--out", str(out2), "--posterior", "--workers",
          "1" if SMALL else "2")
changed = pd.read_csv(out2 / "differences.csv")
changed[changed.regime != "certified"].head(12)
