"""pydantic types for the wire encoding of values (sync-protocol.md, "Wire encoding of values").

JSON (``model_validate_json``, ``model_dump(mode="json")``, ``model_dump_json``) carries:
DateTime as ISO-8601 UTC with milliseconds and ``Z``; BigInt and Decimal as strings; Bytes as
base64; Json as the JSON value itself; enums by Prisma name. Python mode
(``model_validate(dict)``, ``model_dump()``) gives the Python values the tables take:
``datetime`` (UTC), ``int``, ``decimal.Decimal``, ``bytes``, enum members.

Validation is strict: no silent coercion between types (``"1"`` is not an Int, ``1`` is not a
Boolean, a DateTime needs an offset or ``Z``). A JSON document parsed beforehand and validated in
Python mode (as web frameworks do) is accepted too, so strings are accepted wherever the wire
uses strings.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import re
from typing import Annotated, Any

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic import JsonValue as _JsonValue

from .types import UTC, parse_datetime_text

# `validate_by_name` / `serialize_by_alias` (used by WireModel) appeared in pydantic 2.11; older
# versions would ignore them silently and put Python names instead of Prisma names on the wire.
if tuple(int(part) for part in PYDANTIC_VERSION.split(".")[:2]) < (2, 11):
    raise ImportError(f"this package needs pydantic >= 2.11 (installed: {PYDANTIC_VERSION})")

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1

_INTEGER_TEXT = re.compile(r"^-?[0-9]+$")
_DECIMAL_TEXT = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_OFFSET_AT_END = re.compile(r"(?:Z|z|[+-]\d{2}(?::?\d{2})?)$")


# --- validators and serializers -------------------------------------------------------------------


def _bigint(value: Any, info: ValidationInfo) -> int:
    if isinstance(value, str) and _INTEGER_TEXT.match(value):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool) and info.mode == "python":
        number = value
    else:
        raise ValueError("a BigInt is sent as a string of decimal digits")
    if not BIGINT_MIN <= number <= BIGINT_MAX:
        raise ValueError("out of range for BigInt (64-bit signed)")
    return number


def _decimal(value: Any, info: ValidationInfo) -> decimal.Decimal:
    if isinstance(value, str) and _DECIMAL_TEXT.match(value):
        return decimal.Decimal(value)
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return value
    if isinstance(value, int) and not isinstance(value, bool) and info.mode == "python":
        return decimal.Decimal(value)
    raise ValueError('a Decimal is sent as a string such as "12.50"')


def _decimal_text(value: decimal.Decimal) -> str:
    # Plain notation without trailing zeros, as decimal.js / Prisma print values: PostgreSQL's
    # DECIMAL(65,30) reads back as 3.750000000000000000000000000000, Prisma prints "3.75".
    # (Decimal.normalize would round to the context's 28 digits, so zeros are stripped as text.)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _datetime(value: Any, info: ValidationInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a DateTime needs a time zone (UTC)")
        return value.astimezone(UTC)
    if isinstance(value, str) and "T" in value and _OFFSET_AT_END.search(value):
        try:
            return parse_datetime_text(value)
        except ValueError:
            pass
    raise ValueError("a DateTime is sent as ISO-8601 with an offset, e.g. 2026-01-02T03:04:05.678Z")


def datetime_text(value: dt.datetime) -> str:
    """``2026-01-02T03:04:05.678Z``: UTC, milliseconds (truncated), ``Z``."""
    utc = value.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


def _bytes(value: Any, info: ValidationInfo) -> bytes:
    if isinstance(value, (bytes, bytearray)) and info.mode == "python":
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            pass
    raise ValueError("Bytes are sent as a base64 string")


def _base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


# --- the types ---------------------------------------------------------------------------------

String = Annotated[str, Strict()]
Int = Annotated[int, Strict(), Field(ge=INT_MIN, le=INT_MAX)]
Float = Annotated[float, Strict()]
Boolean = Annotated[bool, Strict()]
BigInt = Annotated[
    int,
    PlainValidator(_bigint),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+$"}),
]
Decimal = Annotated[
    decimal.Decimal,
    PlainValidator(_decimal),
    PlainSerializer(_decimal_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "decimal"}),
]
DateTime = Annotated[
    dt.datetime,
    PlainValidator(_datetime),
    PlainSerializer(datetime_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Bytes = Annotated[
    bytes,
    PlainValidator(_bytes),
    PlainSerializer(_base64, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]
Json = _JsonValue


class WireModel(BaseModel):
    """Base of the generated models: one record in the wire encoding.

    Field names are the Prisma names. Where a Prisma name is not usable as a Python attribute
    (``class``, ``json``, ...), the attribute gets a trailing underscore and the Prisma name
    stays the alias used on the wire, in validation and in ``model_dump``.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
    )


__all__ = [
    "BigInt",
    "Boolean",
    "Bytes",
    "DateTime",
    "Decimal",
    "Float",
    "Int",
    "Json",
    "String",
    "WireModel",
    "datetime_text",
]
