"""The words of ``make sensitivity``: what the ordering of the regimes depends on, if resolved.

report.md prints them ("What the ordering depends on"); docs/VALIDATION.md, "Sensitivity",
argues the rules. Only what the analysis resolves is claimed:

* a total index is named when its bootstrap 95% interval lies above the **noise floor**
  (:func:`noise_shares`), reaches a possible value (its lower end at most 1), is at most
  :data:`MAX_HALF_WIDTH` wide either side, and its estimate is at least :data:`MIN_INDEX`;
* "depends *most* on" only when that parameter's interval lies above every other's;
* no index at all below a base sample of :data:`MIN_N_FOR_WORDS`;
* a PRIM box only when it holds more failures than chance would and there are at least
  :data:`MIN_CASES` of them (:func:`box_is_resolved`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binomtest

MIN_N_FOR_WORDS = 8
"""Below this base sample, SALib's bootstrap intervals (resampling N blocks) mean little: the
words then name no index."""
MAX_HALF_WIDTH = 0.5
"""An interval wider than this either side says little of an index that lives in [0, 1]."""
MIN_CASES = 8
"""Fewest sets where waivers fail to beat the cut-off for PRIM to describe where they lie."""
MIN_INDEX = 0.05
"""A resolved total index below this is too small to name (the difference hardly depends on it)."""


def noise_shares(diffs: pd.DataFrame, repeats: pd.DataFrame, per_set: int = 1) -> dict[str, float]:
    """The seeds' share of each difference's variance across the parameter sets.

    ``repeats`` holds the same differences for one parameter set (the posterior's median) run
    on several seeds: their variance is what the runs' randomness alone gives. If a run's noise
    is independent between the runs an index compares, Jansen's total-index estimator gains
    exactly this share (``E[(f(A) - f(AB_i))^2] / 2V`` picks up ``2 var(noise) / 2V``), so it is
    the floor every total index stands on; with the block's shared seed it is an upper bound.
    ``per_set``: the seeds each set's difference is averaged over (``--seeds-per-set``); the
    mean of that many independent seeds has ``1 / per_set`` of one seed's noise variance.
    """
    out = {}
    for column in diffs.columns:
        if column == "set" or column not in repeats:
            continue
        total = np.nanvar(diffs[column].to_numpy(dtype=float), ddof=1)
        repeated = repeats[column].to_numpy(dtype=float)
        if np.isfinite(repeated).sum() < 2:
            continue  # one noise run has no variance to measure: no floor, not a floor of 0
        noise = np.nanvar(repeated, ddof=1) / per_set
        if np.isfinite(total) and total > 0 and np.isfinite(noise):
            out[column] = float(noise / total)
    return out


def resolved_drivers(top: pd.DataFrame, floor: float = 0.0) -> tuple[list[Any], bool]:
    """The parameters whose total index is resolved, and whether the first leads resolvedly.

    An index is resolved when its bootstrap 95% interval lies above the noise ``floor``
    (``ST - ST_conf > floor``; :func:`noise_shares`: the runs' own randomness adds its share
    of the variance to every total index), reaches a possible value (``ST - ST_conf <= 1``),
    and is no wider than :data:`MAX_HALF_WIDTH` either side (wider says little of an index
    that lives in [0, 1]); it is named only if at least :data:`MIN_INDEX`. The first resolved
    parameter *leads* when its interval lies wholly above every other
    parameter's (its ``ST - conf`` above their ``ST + conf``): only then may the words say
    "most".
    """
    rows = list(top.sort_values("ST", ascending=False).itertuples())
    resolved = [
        r
        for r in rows
        if floor < r.ST - r.ST_conf <= 1 and r.ST_conf <= MAX_HALF_WIDTH and r.ST >= MIN_INDEX
    ]
    if not resolved:
        return [], False
    first = resolved[0]
    leads = all(first.ST - first.ST_conf > r.ST + r.ST_conf for r in rows if r is not first)
    return resolved, leads


def box_is_resolved(box: dict, n: int, level: float = 0.05) -> bool:
    """Whether a PRIM box holds more failures than the base rate would by chance.

    One-sided binomial test of the failures inside the box against the base rate (the box
    is chosen on the same sets, so this is lenient: it rejects boxes that chance alone makes),
    and at least :data:`MIN_CASES` failures in all: a box drawn around three sets names six
    ranges that three points cannot tell apart.
    """
    inside = round(box["support"] * n)
    if not box["restricted"] or inside == 0 or not 0 < box["base_rate"] < 1:
        return False
    if round(box["base_rate"] * n) < MIN_CASES:
        return False
    failures = round(box["density"] * inside)
    test = binomtest(failures, inside, box["base_rate"], alternative="greater")
    return bool(test.pvalue < level)


def words(
    table: pd.DataFrame,
    boxes: list[dict],
    diffs: pd.DataFrame,
    noise: dict[str, float] | None = None,
) -> list[str]:
    """What the ordering of the regimes depends on, in sentences (for report.md).

    Only what is resolved is claimed (:func:`resolved_drivers`, :func:`box_is_resolved`); with
    a base sample below :data:`MIN_N_FOR_WORDS` no index is named at all.
    """
    n_params = table.parameter.nunique() if not table.empty else 0
    n_base = len(diffs) // (n_params + 2) if n_params else 0
    lines = []
    for box in boxes:
        h = box["horizon"]
        name = box["outcome"]
        share = box["base_rate"]
        top = table[
            (table.difference == "waivers-full_cutoff")
            & (table.outcome == name)
            & (table.horizon == h)
        ]
        share_noise = (noise or {}).get(f"waivers-full_cutoff:{name}@{h}", 0.0)
        floor = min(max(share_noise, 0.0), 1.0)
        enough = n_base >= MIN_N_FOR_WORDS
        resolved, leads = resolved_drivers(top, floor) if enough else ([], False)
        named = [f"`{r.parameter}` (total index {r.ST:.2f} ± {r.ST_conf:.2f})" for r in resolved]
        text = (
            f"{name} at {h} months: waivers fail to beat the full cut-off in {share:.0%} of "
            f"the parameter sets"
        )
        if leads and len(resolved) == 1:
            text += f"; the difference depends most on {named[0]}"
        elif leads:
            text += f"; the difference depends most on {named[0]}, also on " + ", ".join(named[1:])
        elif resolved:
            text += (
                "; the difference depends on "
                + ", ".join(named)
                + " (which parameter matters most is not resolved: the intervals overlap)"
            )
        elif not top.empty and n_base < MIN_N_FOR_WORDS:
            text += (
                f"; no total index is claimed: a base sample of N = {n_base} is below "
                f"{MIN_N_FOR_WORDS}, too few for the intervals"
            )
        elif not top.empty and floor > 0:
            text += f"; no total index is resolved above the seeds' noise ({floor:.0%})"
        elif not top.empty:
            text += "; no total index is resolved at this sample size"
        if noise and floor > 0:
            text += f"; the runs' randomness alone makes {floor:.0%} of the spread across sets"
        if 0 < share < 1 and box_is_resolved(box, len(diffs)):
            text += (
                f"; the sets where waivers do not beat it lie mostly in {box['words']} "
                f"(PRIM box: {box['density']:.0%} of the sets inside fail, covering "
                f"{box['coverage']:.0%} of all failures)"
            )
        elif 0 < share < 1:
            text += "; no region of the ranges holds them more than chance would (PRIM)"
        lines.append(text + ".")
    return lines
