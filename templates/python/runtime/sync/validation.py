"""Validation of mutations (pydantic), per model, built once from the spec.

- create: the record minus what the server may fill (nullable and list fields, fields with a
  default, ``@updatedAt``); key fields come from ``key`` and must agree with ``data``;
- update: a patch of known non-key fields, plus ``ops`` (``increment``, ``decrement``,
  ``multiply``, ``divide``) on numeric fields, at most one per field and not also in the patch;
- delete: the key only.
Anything else (an unknown or unsynced model or field, a wrong type, a key change, a bookkeeping
model) is a ``SyncError("VALIDATION", ...)``: the mutation is rejected and never retried.

Client mutations are validated in JSON mode (the wire encoding: BigInt and Decimal as strings,
Bytes base64, DateTime with an offset); the server-side write API and a resolver's rewritten
mutation in Python mode (Python values, or the wire encoding's strings).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pydantic

from .protocol import REJECT_CODES, MutationIn
from .spec import JoinSpec, ModelSpec, SyncSpec

OPS = ("increment", "decrement", "multiply", "divide")
Mode = Literal["json", "python"]


class SyncError(Exception):
    """A deterministic failure: the mutation (or server-side write) is rejected with `code`."""

    def __init__(self, code: str, message: str) -> None:
        if code not in REJECT_CODES:
            raise ValueError(f"reject code must be one of {REJECT_CODES}, not {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Mutation:
    """A validated mutation, in Python values (what a resolver receives and may return).

    `model` is a Prisma model name or an implicit m-n table name (`_LabelToTask`, whose key is
    ``{"A": ..., "B": ...}`` and op `create` / `delete`). `data` holds the given fields only;
    `ops` maps a field to ``(operation, operand)``.
    """

    id: int
    model: str
    op: str
    key: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)
    ops: dict[str, tuple[str, Any]] = field(default_factory=dict)


_CONFIG = pydantic.ConfigDict(
    extra="forbid",
    validate_by_alias=True,
    validate_by_name=False,
    protected_namespaces=(),
    arbitrary_types_allowed=True,
)


def _idents(model: ModelSpec) -> dict[str, str]:
    """Prisma field name -> the Python identifier the generated wire model uses."""
    return {info.alias or ident: ident for ident, info in model.wire_model.model_fields.items()}


def _pydantic_model(
    name: str, model: ModelSpec, fields: dict[str, bool]
) -> type[pydantic.BaseModel]:
    """A model with `fields` (Prisma name -> required); optional ones may be left out."""
    idents = _idents(model)
    definitions: dict[str, Any] = {}
    for fname, required in fields.items():
        spec = model.fields[fname]
        info = (
            pydantic.Field(alias=fname)
            if required
            else pydantic.Field(alias=fname, default=None, validate_default=False)
        )
        definitions[idents[fname]] = (spec.annotation, info)
    return pydantic.create_model(name, __config__=_CONFIG, **definitions)


def describe(error: pydantic.ValidationError, prefix: str, limit: int = 5) -> str:
    parts = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"])
        parts.append(f"{prefix}{'.' + where if where else ''}: {item['msg']}")
    more = error.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


class ModelValidators:
    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        non_key = [name for name in model.fields if name not in model.key]
        self.create = _pydantic_model(
            f"{model.name}Create",
            model,
            {
                name: (name not in model.key and not spec.filled_by_server)
                for name, spec in model.fields.items()
            },
        )
        self.patch = _pydantic_model(
            f"{model.name}Patch", model, {name: False for name in model.fields}
        )
        self.key = _pydantic_model(f"{model.name}Key", model, {name: True for name in model.key})
        self.operands = {
            name: pydantic.TypeAdapter(model.fields[name].annotation)
            for name in non_key
            if model.fields[name].numeric
        }

    def _run(self, cls: type[pydantic.BaseModel], value: Any, mode: Mode, what: str) -> dict:
        if not isinstance(value, dict):
            raise SyncError("VALIDATION", f"{self.model.name} {what} must be an object")
        try:
            if mode == "json":
                parsed = cls.model_validate_json(json.dumps(value))
            else:
                parsed = cls.model_validate(value)
        except pydantic.ValidationError as exc:
            raise SyncError("VALIDATION", describe(exc, f"{self.model.name}.{what}")) from None
        return parsed.model_dump(by_alias=True, exclude_unset=True)

    def validate_key(self, key: Any, mode: Mode) -> dict[str, Any]:
        return self._run(self.key, key, mode, "key")

    def stored_keys(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """Keys as ``sync_change.key`` stores them (JSON text), decoded in one call."""
        return _stored_keys(self.key, texts, self.model.name, by_alias=True, exclude_unset=True)

    def validate_create(self, key: Any, data: Any, mode: Mode) -> tuple[dict, dict]:
        data = {} if data is None else data
        values = self._run(self.create, data, mode, "data")
        key_values = self.validate_key(key, mode) if key is not None else {}
        for name, value in key_values.items():
            if name in values and values[name] != value:
                raise SyncError("VALIDATION", f"{self.model.name}.data.{name} differs from the key")
            values[name] = value
        return key_values, values

    def validate_patch(
        self, key: dict[str, Any], data: Any, mode: Mode, *, key_change: bool = False
    ) -> dict[str, Any]:
        values = self._run(self.patch, {} if data is None else data, mode, "data")
        for name in self.model.key:
            if name in values:
                if key_change:
                    continue  # trusted server code: the writer records delete + upsert
                if values[name] != key[name]:
                    raise SyncError(
                        "VALIDATION",
                        f"{self.model.name}.data.{name}: a key cannot change (delete the row "
                        "and create it again)",
                    )
                del values[name]
        return values

    def validate_ops(self, ops: Any, data: dict[str, Any], mode: Mode) -> dict:
        if ops is None:
            return {}
        if not isinstance(ops, dict):
            raise SyncError("VALIDATION", f"{self.model.name} ops must be an object")
        result: dict[str, tuple[str, Any]] = {}
        for name, spec in ops.items():
            where = f"{self.model.name}.ops.{name}"
            if name not in self.operands:
                kind = "unknown field" if name not in self.model.fields else "not a numeric field"
                if name in self.model.key:
                    kind = "a key field"
                raise SyncError("VALIDATION", f"{where}: {kind}")
            if name in data:
                raise SyncError("VALIDATION", f"{where}: also set in data")
            if isinstance(spec, tuple) and len(spec) == 2:
                spec = {spec[0]: spec[1]}
            if not isinstance(spec, dict) or len(spec) != 1:
                raise SyncError("VALIDATION", f"{where}: one of {', '.join(OPS)}")
            [(operation, operand)] = spec.items()
            if operation not in OPS:
                raise SyncError("VALIDATION", f"{where}: unknown operation {operation!r}")
            adapter = self.operands[name]
            try:
                if mode == "json":
                    value = adapter.validate_json(json.dumps(operand))
                else:
                    value = adapter.validate_python(operand)
            except pydantic.ValidationError as exc:
                raise SyncError("VALIDATION", describe(exc, f"{where}.{operation}")) from None
            if value is None:
                raise SyncError("VALIDATION", f"{where}.{operation}: a number is required")
            result[name] = (operation, value)
        return result


class JoinValidators:
    def __init__(self, join: JoinSpec, models: dict[str, ModelSpec]) -> None:
        self.join = join
        a = models[join.a.model].fields[join.a.field]
        b = models[join.b.model].fields[join.b.field]
        self.key = pydantic.create_model(
            f"{join.name}Key",
            __config__=_CONFIG,
            A=(a.annotation, pydantic.Field()),
            B=(b.annotation, pydantic.Field()),
        )

    def validate_key(self, key: Any, mode: Mode) -> dict[str, Any]:
        if not isinstance(key, dict):
            raise SyncError("VALIDATION", f"{self.join.name} key must be an object")
        try:
            if mode == "json":
                parsed = self.key.model_validate_json(json.dumps(key))
            else:
                parsed = self.key.model_validate(key)
        except pydantic.ValidationError as exc:
            raise SyncError("VALIDATION", describe(exc, f"{self.join.name}.key")) from None
        return parsed.model_dump()

    def stored_keys(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """Link keys as ``sync_change.key`` stores them (JSON text), decoded in one call."""
        return _stored_keys(self.key, texts, self.join.name)


def _stored_keys(
    key_model: type[pydantic.BaseModel], texts: Sequence[str], what: str, **dump: Any
) -> list[dict[str, Any]]:
    """Many JSON key texts through one pydantic call (a pull page decodes up to 1,000)."""
    adapter = _list_adapter(key_model)
    try:
        parsed = adapter.validate_json("[" + ",".join(texts) + "]")
    except pydantic.ValidationError as exc:
        raise SyncError("VALIDATION", describe(exc, f"{what}.key")) from None
    return adapter.dump_python(parsed, **dump)


@functools.cache
def _list_adapter(key_model: type[pydantic.BaseModel]) -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(list[key_model])  # type: ignore[valid-type]


class Validators:
    """All validators of a spec: `mutation(raw)` turns an outbox entry into a `Mutation`."""

    def __init__(self, spec: SyncSpec) -> None:
        self.spec = spec
        self.models = {name: ModelValidators(model) for name, model in spec.models.items()}
        self.joins = {name: JoinValidators(join, spec.models) for name, join in spec.joins.items()}

    def for_model(self, name: str, *, synced_only: bool) -> ModelValidators:
        validators = self.models.get(name)
        if validators is None:
            raise SyncError("VALIDATION", f"unknown model {name!r}")
        if synced_only and not validators.model.synced:
            raise SyncError("VALIDATION", f"{name} does not sync (it is local-only)")
        return validators

    def mutation(self, raw: MutationIn) -> Mutation:
        """A client's mutation, validated in the wire encoding (JSON mode)."""
        return self.check(
            Mutation(
                id=raw.id,
                model=raw.model if isinstance(raw.model, str) else repr(raw.model),
                op=raw.op if isinstance(raw.op, str) else repr(raw.op),
                key=raw.key,
                data=raw.data,
                ops=raw.ops,
            ),
            "json",
        )

    def check(self, mutation: Mutation, mode: Mode, *, synced_only: bool = True) -> Mutation:
        name, op = mutation.model, mutation.op
        if name in self.joins:
            join = self.joins[name]
            if synced_only and not join.join.synced:
                raise SyncError("VALIDATION", f"{name} does not sync (an end is local-only)")
            if op not in ("create", "delete"):
                raise SyncError("VALIDATION", f"{name}: op must be create or delete, not {op}")
            if mutation.data not in (None, {}) or mutation.ops not in (None, {}):
                raise SyncError("VALIDATION", f"{name}: a link has no data or ops")
            return Mutation(mutation.id, name, op, join.validate_key(mutation.key, mode))
        validators = self.for_model(name, synced_only=synced_only)
        if op == "create":
            if synced_only and not validators.model.offline_create:
                raise SyncError(
                    "VALIDATION",
                    f"{name} cannot be created by clients: its key is assigned by the database",
                )
            if mutation.ops not in (None, {}):
                raise SyncError("VALIDATION", f"{name}: ops are for updates")
            key, data = validators.validate_create(mutation.key, mutation.data, mode)
            if synced_only and set(key) != set(validators.model.key):
                raise SyncError("VALIDATION", f"{name}: the key is required")
            return Mutation(mutation.id, name, op, key, data)
        if op == "update":
            key = validators.validate_key(mutation.key, mode)
            data = validators.validate_patch(key, mutation.data, mode, key_change=not synced_only)
            ops = validators.validate_ops(mutation.ops, data, mode)
            return Mutation(mutation.id, name, op, key, data, ops)
        if op == "delete":
            if mutation.data not in (None, {}) or mutation.ops not in (None, {}):
                raise SyncError("VALIDATION", f"{name}: a delete carries the key only")
            return Mutation(mutation.id, name, op, validators.validate_key(mutation.key, mode))
        raise SyncError("VALIDATION", f"op must be create, update or delete, not {op}")


__all__ = ["OPS", "Mutation", "SyncError", "Validators"]
