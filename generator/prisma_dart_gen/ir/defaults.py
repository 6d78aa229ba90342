"""Classify a DMMF default: which function, who fills it, and the typed literal value."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..dmmf import DmmfField
from ..errors import GeneratorError
from .model import Default, DefaultKind, FilledBy, ScalarType

_DATABASE_FUNCTIONS = {
    "autoincrement": DefaultKind.AUTOINCREMENT,
    "sequence": DefaultKind.SEQUENCE,
    "dbgenerated": DefaultKind.DBGENERATED,
}
_CLIENT_FUNCTIONS = {
    "now": DefaultKind.NOW,
    "uuid": DefaultKind.UUID,
    "cuid": DefaultKind.CUID,
    "nanoid": DefaultKind.NANOID,
    "ulid": DefaultKind.ULID,
}
# The version / length Prisma uses when the function is called without an argument.
_IMPLICIT_VERSION = {DefaultKind.UUID: 4, DefaultKind.CUID: 1, DefaultKind.NANOID: 21}


def _literal(scalar: ScalarType | None, raw: Any, where: tuple[str, str]) -> Any:
    """A literal default as a Python value of the field's type (enum values stay their name)."""
    if scalar is None or scalar in (ScalarType.STRING, ScalarType.DATETIME, ScalarType.BYTES):
        return raw
    try:
        if scalar is ScalarType.INT or scalar is ScalarType.BIGINT:
            return int(raw)
        if scalar is ScalarType.FLOAT:
            return float(raw)
        if scalar is ScalarType.DECIMAL:
            # DMMF sends Decimal defaults as JSON numbers: 1.50 arrives as 1.5.
            return Decimal(str(raw))
        if scalar is ScalarType.BOOLEAN:
            if isinstance(raw, bool):
                return raw
            return {"true": True, "false": False}[str(raw)]
        if scalar is ScalarType.JSON:
            return json.loads(raw) if isinstance(raw, str) else raw
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        raise GeneratorError(
            f"cannot read the default value {raw!r} as {scalar.value}",
            model=where[0],
            field=where[1],
        ) from exc
    return raw


def classify_default(field: DmmfField, scalar: ScalarType | None, model: str) -> Default | None:
    if not field.has_default_value and field.default is None:
        return None
    where = (model, field.name)
    function = field.default_function()
    if function is not None:
        name = function.name
        if name in _DATABASE_FUNCTIONS:
            kind = _DATABASE_FUNCTIONS[name]
            value = function.args[0] if kind is DefaultKind.DBGENERATED and function.args else None
            return Default(kind=kind, filled_by=FilledBy.DATABASE, value=value)
        if name in _CLIENT_FUNCTIONS:
            kind = _CLIENT_FUNCTIONS[name]
            version = None
            if kind in _IMPLICIT_VERSION:
                version = int(function.args[0]) if function.args else _IMPLICIT_VERSION[kind]
            return Default(kind=kind, filled_by=FilledBy.CLIENT, version=version)
        raise GeneratorError(f"unknown default function {name}()", model=model, field=field.name)
    raw = field.default
    if isinstance(raw, list):
        value = tuple(_literal(scalar, item, where) for item in raw)
        return Default(kind=DefaultKind.LITERAL, filled_by=FilledBy.CLIENT, value=value)
    json_text = raw if scalar is ScalarType.JSON and isinstance(raw, str) else None
    return Default(
        kind=DefaultKind.LITERAL,
        filled_by=FilledBy.CLIENT,
        value=_literal(scalar, raw, where),
        json_text=json_text,
    )
