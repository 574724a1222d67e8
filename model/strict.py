"""The one strict base of every validated input: parameters, regimes and experiments.

A :class:`StrictModel` is frozen (a worker cannot change what it was given), refuses unknown
fields (a misspelt name is an error, not a silent default) and validates types strictly (issue
13): a TOML ``true`` is not a number, ``1`` or ``"yes"`` is not a boolean, ``1.5`` or ``1.0`` is
not a whole number, and a number is not text. Whole numbers are accepted where a real number is
expected.

Two kinds of value can only be written as text or arrays in a TOML or JSON file; a field of such
a type is annotated with :data:`FROM_TEXT`: an enumeration member given by its value (an
assistance category, ``"intelligence"``) and a fixed-length tuple given as an array (a
``[low, high]`` range). The items inside such a tuple stay strict.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Strict

__all__ = ["FROM_TEXT", "StrictModel"]

FROM_TEXT = Strict(False)
"""Annotation (``Annotated[Category, FROM_TEXT]``) for an enum given by its value or a tuple
given as an array: the one relaxation of :class:`StrictModel`'s strict types."""


class StrictModel(BaseModel):
    """Base of every validated input: frozen, no unknown fields, strict types."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
