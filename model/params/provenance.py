"""Where each parameter's default comes from, read from its ``source`` (issues 10, 17).

Every parameter's source (``model/params/<domain>.py``) is put in one of six kinds by the
first of these rules that matches (the rules are the documentation; ``docs/PARAMETERS.md``
quotes them):

1. ``calibrated``: the source starts with "calibrated" (an estimation routine chose it,
   ``make calibrate``).
2. ``hand``: the source says the value was "set by hand", "scaled by hand", "rescaled by
   hand" or "chosen by hand", against the scorecard or another target it names (a row of the
   targets file, a former model output). Its source must say against what.
3. ``assumed``: the source starts with "assumed" (no figure backs the value; a citation after
   it gives the form or the direction only).
4. ``design``: the source starts with "design" (a switch or a lever of the experiment, not a
   fact about Colombia).
5. ``model``: the source starts with one of :data:`PUBLISHED_MODELS` (a published model's
   value, possibly recast to a monthly step).
6. ``data``: the source cites a figure: a fact of the policy brief (F1..F18), a data file or a
   row of it, a dated figure (a year) or a recalled one ("recalled").

A source that matches none is ``unclassified``; a test fails on it, so a new parameter's source
must be written so that its kind is plain (fix the source text, not these rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

KINDS: dict[str, str] = {
    "data": "taken from data or a figure (a targets row, a fact of the brief, a dated source)",
    "model": "taken from a published model",
    "design": "a design choice (a switch or lever of the experiment)",
    "calibrated": "calibrated (ABC-SMC on the hindcast, `make calibrate`)",
    "hand": "set by hand against the scorecard or a named target",
    "assumed": "assumed (no figure behind the value)",
}
"""The kinds, in the order the documents list them, with the phrase that names each."""

PUBLISHED_MODELS: tuple[str, ...] = ("Epstein 2002", "Flee (Suleimenova", "Zipf 1946")
"""Published models whose values a source may start with (rule 5)."""

_HAND = re.compile(r"\b(?:set|scaled|rescaled|chosen) by hand\b", re.IGNORECASE)
_DATA = re.compile(
    r"\bF\d{1,2}\b|\.csv\b|\bthe file\b|\bthe file's\b|\brecalled\b|\b(?:18|19|20)\d{2}\b"
)


def source_kind(source: str) -> str:
    """The kind of a parameter's source, by the rules of this module's docstring.

    Args:
        source: The ``source`` text of a parameter.

    Returns:
        One key of :data:`KINDS`, or ``"unclassified"``.
    """
    text = source.strip()
    lower = text.lower()
    if lower.startswith("calibrated"):
        return "calibrated"
    if _HAND.search(text):
        return "hand"
    if lower.startswith("assumed"):
        return "assumed"
    if lower.startswith("design"):
        return "design"
    if text.startswith(PUBLISHED_MODELS):
        return "model"
    if _DATA.search(text):
        return "data"
    return "unclassified"


@dataclass(frozen=True)
class Provenance:
    """The parameters of each kind, in the registry's order."""

    names: dict[str, list[str]]

    @property
    def total(self) -> int:
        """How many parameters there are."""
        return sum(len(v) for v in self.names.values())

    def count(self, kind: str) -> int:
        """How many parameters are of ``kind``."""
        return len(self.names.get(kind, []))


def classify(fields: Iterable[tuple[str, str]]) -> Provenance:
    """Group ``(dotted name, source)`` pairs by kind.

    Args:
        fields: Each parameter's dotted name and source text.

    Returns:
        The names of each kind (every kind of :data:`KINDS` present, possibly empty, and
        ``unclassified`` only when a source matched no rule).
    """
    names: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for name, source in fields:
        names.setdefault(source_kind(source), []).append(name)
    return Provenance(names)


def registry_provenance() -> Provenance:
    """The provenance of every parameter of :class:`model.params.Params`."""
    from model.params import Params, iter_fields

    return classify((name, meta["source"]) for name, _, meta in iter_fields(Params()))
