"""Every parameter of the model in one frozen, validated object (DESIGN.md section 4).

``Params`` has one section per mechanism, declared in the module of its domain
(``model/params/<domain>.py``). Every field carries a unit, bounds, a default and a source (a
row of ``model/data/colombia_targets.csv``, a fact or claim of the policy brief, or the word
"assumed"). ``docs/PARAMETERS.md`` is generated from these modules
(``python -m model.params > docs/PARAMETERS.md``, see :mod:`model.params.markdown`); a test
fails when it is stale.

Overrides come as nested dicts (``Params.from_overrides({"armed": {"recruitment_rate": 0.02}})``)
or dotted keys (``{"armed.recruitment_rate": 0.02}``); a value out of range raises
:class:`~model.errors.ParamsError` naming the field and the bound.
"""

from __future__ import annotations

import copy
import hashlib
import json
import types
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from model.errors import ParamsError, describe_validation_error
from model.params.armed import ArmedParams
from model.params.base import P, Section
from model.params.capacity import CapacityParams, CategoryCapacityParams
from model.params.coca import CocaParams
from model.params.control import ControlParams, StateParams
from model.params.economy import EconomyParams
from model.params.finance import FinanceParams
from model.params.government import GovernmentParams
from model.params.groups import GroupParams, GroupsParams
from model.params.migration import EmigrationParams, MigrationParams
from model.params.politics import PoliticsParams
from model.params.rearming import RearmingParams
from model.params.security import SecurityParams
from model.params.simulation import SimulationParams
from model.params.trafficking import InterdictionParams, PriceParams, TraffickingParams

__all__ = [
    "ArmedParams",
    "CapacityParams",
    "CategoryCapacityParams",
    "CocaParams",
    "ControlParams",
    "EconomyParams",
    "EmigrationParams",
    "FinanceParams",
    "GovernmentParams",
    "GroupParams",
    "GroupsParams",
    "InterdictionParams",
    "MigrationParams",
    "P",
    "Params",
    "PoliticsParams",
    "PriceParams",
    "RearmingParams",
    "Section",
    "SecurityParams",
    "SimulationParams",
    "StateParams",
    "TraffickingParams",
    "is_integer_parameter",
    "iter_fields",
]


class Params(Section):
    """All parameters of decertsim, one section per mechanism."""

    simulation: SimulationParams = Field(default_factory=SimulationParams)
    capacity: CapacityParams = Field(default_factory=CapacityParams)
    economy: EconomyParams = Field(default_factory=EconomyParams)
    control: ControlParams = Field(default_factory=ControlParams)
    state: StateParams = Field(default_factory=StateParams)
    armed: ArmedParams = Field(default_factory=ArmedParams)
    groups: GroupsParams = Field(default_factory=GroupsParams)
    finance: FinanceParams = Field(default_factory=FinanceParams)
    security: SecurityParams = Field(default_factory=SecurityParams)
    coca: CocaParams = Field(default_factory=CocaParams)
    trafficking: TraffickingParams = Field(default_factory=TraffickingParams)
    interdiction: InterdictionParams = Field(default_factory=InterdictionParams)
    prices: PriceParams = Field(default_factory=PriceParams)
    migration: MigrationParams = Field(default_factory=MigrationParams)
    emigration: EmigrationParams = Field(default_factory=EmigrationParams)
    politics: PoliticsParams = Field(default_factory=PoliticsParams)
    government: GovernmentParams = Field(default_factory=GovernmentParams)
    rearming: RearmingParams = Field(default_factory=RearmingParams)

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None = None) -> Params:
        """Build Params from defaults plus nested or dotted overrides.

        Args:
            overrides: ``{"armed": {"recruitment_rate": 0.02}}`` or
                ``{"armed.recruitment_rate": 0.02}``.

        Returns:
            The validated parameters.

        Raises:
            ParamsError: naming each bad field and its bound.
        """
        merged = Params().model_dump()
        for key, value in (overrides or {}).items():
            parts = key.split(".")
            patch: Any = copy.deepcopy(value)
            for part in reversed(parts):
                patch = {part: patch}
            _deep_merge(merged, patch)
        try:
            return cls.model_validate(merged)
        except ValidationError as exc:
            raise ParamsError(describe_validation_error("parameters", exc, cls)) from None

    def digest(self) -> str:
        """Return a short stable hash of every value (for run ids)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_integer_parameter(dotted: str) -> bool:
    """Whether the parameter ``section.name`` holds whole numbers.

    Declared ``int``, or ``int | None`` such as ``groups.<key>.members``.
    """
    section: Any = Params
    annotation: Any = None
    for part in dotted.split("."):
        fields = getattr(section, "model_fields", None)
        if fields is None or part not in fields:
            return False
        annotation = fields[part].annotation
        section = annotation
    return annotation is int or (
        isinstance(annotation, types.UnionType) and set(annotation.__args__) == {int, type(None)}
    )


def _deep_merge(target: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """Merge ``patch`` into ``target`` in place, recursing into dicts on both sides."""
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def iter_fields(section: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Yield (dotted name, value, metadata) for every leaf parameter of a section instance.

    Args:
        section: A Params section (e.g. ``Params()``).
        prefix: Dotted prefix of the section.

    Yields:
        Dotted name, value and a dict with unit, bounds, source and description.
    """
    for name, field in type(section).model_fields.items():
        value = getattr(section, name)
        dotted = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from iter_fields(value, dotted + ".")
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        bounds = {}
        for constraint in field.metadata:
            for attr in ("ge", "gt", "le", "lt", "pattern"):
                if getattr(constraint, attr, None) is not None:
                    bounds[attr] = getattr(constraint, attr)
        yield (
            dotted,
            value,
            {
                "unit": extra.get("unit", ""),
                "source": extra.get("source", "assumed"),
                "description": field.description or "",
                "bounds": bounds,
            },
        )
