"""User-facing input errors: one exception type per kind of mistake.

Every error names where the bad input came from (a file or a parameter path), the field, and
what is allowed, so that the command line can print it without a traceback (exit code 2).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ValidationError


class DecertsimInputError(Exception):
    """Base class of every mistake in user input; the CLI prints these and exits with 2."""


class ParamsError(DecertsimInputError):
    """A parameter value is out of range or of the wrong type."""


class RegimeError(DecertsimInputError):
    """A policy-regime name or file is unknown or malformed."""


class ExperimentError(DecertsimInputError):
    """An experiment file is unknown or malformed."""


def _location(loc: Iterable[object]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _allowed_fields(model: type[BaseModel] | None, loc: tuple[object, ...]) -> list[str] | None:
    """Field names allowed at the parent of `loc`, walking nested pydantic models."""
    current: object = model
    for item in loc[:-1]:
        if isinstance(item, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(item))
        if field is None:
            return None
        current = field.annotation
        args = getattr(current, "__args__", ())
        for arg in args:  # list[Sub] or Sub | None: take the model inside
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def describe_validation_error(
    source: str, exc: ValidationError, model: type[BaseModel] | None = None
) -> str:
    """Turn a pydantic ValidationError into lines naming source, field and what is allowed.

    Args:
        source: Where the input came from (a file path or "parameters").
        exc: The validation error.
        model: The model validated; used to list the allowed fields for an unknown field.

    Returns:
        A multi-line message, one line per problem.
    """
    lines = [f"{source}: {exc.error_count()} problem(s)"]
    for err in exc.errors(include_url=False):
        field = _location(err["loc"])
        msg = err["msg"]
        ctx = err.get("ctx") or {}
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = _allowed_fields(model, tuple(err["loc"]))
            msg = "unknown field" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
        if "expected" in ctx:
            msg = f"{msg} (allowed: {ctx['expected']})"
        given = err.get("input")
        shown = "" if kind in ("missing",) or isinstance(given, dict) else f" (got {given!r})"
        lines.append(f"  field '{field}': {msg}{shown}")
    return "\n".join(lines)
