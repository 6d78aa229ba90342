"""Python values <-> the wire encoding, and the canonical text of a row's key.

Wire encoding (sync-protocol.md): DateTime ISO-8601 UTC with milliseconds and ``Z``; BigInt and
Decimal strings; Bytes base64; Json the value itself; enums by Prisma name; lists as arrays.
A row's key is stored in ``sync_change.key`` as canonical JSON of its wire values: keys sorted,
no spaces, non-ASCII kept (``{"id":"c1"}``), so one row always has one text.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..wire import datetime_text
from .spec import FieldSpec, JoinSpec, ModelSpec


def encode(kind: str, value: Any) -> Any:
    """One scalar Python value (as the tables give it) in the wire encoding."""
    if value is None:
        return None
    if kind == "DateTime":
        return datetime_text(value)
    if kind == "BigInt":
        return str(int(value))
    if kind == "Decimal":
        return decimal_text(value)
    if kind == "Bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "Enum":
        return value.value if isinstance(value, enum.Enum) else value
    if kind == "Float":
        return float(value)
    return value  # String, Int, Boolean, Json


def decimal_text(value: Any) -> str:
    """Plain notation without trailing zeros, as Prisma Client prints a Decimal (decimal.js):
    PostgreSQL's DECIMAL(65,30) 1.500000... and SQLite's float 1.5 both give ``"1.5"``."""
    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(repr(value))
    if not number.is_finite():
        raise ValueError(f"{number} is not a finite Decimal")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def encode_field(spec: FieldSpec, value: Any) -> Any:
    if spec.is_list:
        # A list column Prisma left NULL reads as an empty list in Prisma Client.
        return [encode(spec.kind, item) for item in (value or ())]
    return encode(spec.kind, value)


def encode_record(model: ModelSpec, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row (Python values by field name) as a wire record (every scalar field)."""
    return {name: encode_field(spec, row[name]) for name, spec in model.fields.items()}


_AS_IS = ("String", "Int", "Boolean", "Json")  # kinds whose Python value is the wire value


def record_encoder(model: ModelSpec) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """`encode_record` for many rows of `model`: the per-field decisions are taken once."""
    steps = [
        (name, None if spec.kind in _AS_IS and not spec.is_list else spec)
        for name, spec in model.fields.items()
    ]

    def encode_row(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: row[name] if spec is None else encode_field(spec, row[name])
            for name, spec in steps
        }

    return encode_row


def key_values(model: ModelSpec, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in model.key)


def canonical(wire: Mapping[str, Any]) -> str:
    return json.dumps(dict(wire), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key_wire(model: ModelSpec, key: Iterable[Any]) -> dict[str, Any]:
    return {
        name: encode_field(model.fields[name], value)
        for name, value in zip(model.key, key, strict=True)
    }


def key_text(model: ModelSpec, key: Iterable[Any]) -> str:
    """The canonical text of a row's key (``sync_change.key``)."""
    return canonical(key_wire(model, key))


def link_wire(join: JoinSpec, models: Mapping[str, ModelSpec], a: Any, b: Any) -> dict[str, Any]:
    a_spec = models[join.a.model].fields[join.a.field]
    b_spec = models[join.b.model].fields[join.b.field]
    return {"A": encode_field(a_spec, a), "B": encode_field(b_spec, b)}


def scope_text(value: Any) -> str:
    """A scope key value as ``sync_*.scope`` stores it (and `authenticate` may return it)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError("a scope is a string or an integer")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return datetime_text(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON document (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            depth += 1
            stack.extend((child, depth) for child in item.values())
        elif isinstance(item, list):
            depth += 1
            stack.extend((child, depth) for child in item)
        deepest = max(deepest, depth)
    return deepest


__all__ = [
    "canonical",
    "decimal_text",
    "encode",
    "encode_field",
    "encode_record",
    "json_depth",
    "key_text",
    "key_values",
    "key_wire",
    "link_wire",
    "record_encoder",
    "scope_text",
]
