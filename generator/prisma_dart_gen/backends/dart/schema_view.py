"""IR -> lib/src/schema.dart: the `SchemaInfo` the Dart runtime reads (internals: dart-client.md).

Every fact is a Dart expression built here from the IR, so the template only prints lines. The
version is a hash of what shapes local storage (tables, columns, kinds, keys, indexes, join
tables, enum values), computed here so that it is stable across runs and machines.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ...ir.model import (
    Default,
    DefaultKind,
    Field,
    JoinTable,
    Model,
    Provider,
    ReferentialAction,
    Relation,
    RelationKind,
    ScalarType,
    Schema,
)
from .naming import string_literal

# Version hashes are this many hex digits of a SHA-256.
VERSION_LENGTH = 16
# The runtime's descriptor library, relative to lib/src/schema.dart.
RUNTIME_SCHEMA = "runtime/client/schema.dart"
# The Row contract (JsonNullValue), relative to lib/src/schema.dart.
RUNTIME_STORAGE = "runtime/client/storage.dart"

_SCALAR_KINDS = {
    ScalarType.STRING: "string",
    ScalarType.INT: "int",
    ScalarType.BIGINT: "bigInt",
    ScalarType.FLOAT: "float",
    ScalarType.DECIMAL: "decimal",
    ScalarType.BOOLEAN: "boolean",
    ScalarType.DATETIME: "dateTime",
    ScalarType.JSON: "json",
    ScalarType.BYTES: "bytes",
}

_RELATION_KINDS = {
    RelationKind.ONE_TO_ONE: "oneToOne",
    RelationKind.MANY_TO_ONE: "manyToOne",
    RelationKind.ONE_TO_MANY: "oneToMany",
    RelationKind.MANY_TO_MANY: "manyToMany",
}

# The runtime's DatabaseProvider (client/schema.dart), by the datasource's provider.
_PROVIDERS = {
    Provider.SQLITE: "sqlite",
    Provider.POSTGRESQL: "postgresql",
    Provider.MYSQL: "mysql",
    Provider.SQLSERVER: "sqlserver",
    Provider.COCKROACHDB: "cockroachdb",
}

_ACTIONS = {
    ReferentialAction.CASCADE: "cascade",
    ReferentialAction.RESTRICT: "restrict",
    ReferentialAction.NO_ACTION: "noAction",
    ReferentialAction.SET_NULL: "setNull",
    ReferentialAction.SET_DEFAULT: "setDefault",
}


@dataclass(frozen=True)
class EntryView:
    key: str  # a string literal
    value: str  # a Dart expression


@dataclass(frozen=True)
class ModelInfoView:
    key: str  # the Prisma name, as a literal
    name: str
    table: str
    fields: tuple[str, ...]  # `FieldInfo(...)` expressions
    relations: tuple[str, ...]  # `RelationInfo(...)` expressions
    primary_key: str  # a `<String>[...]` literal, or `null`
    identity: str  # a `<String>[...]` literal
    uniques: tuple[str, ...]  # `<String>[...]` literals
    compound_uniques: tuple[EntryView, ...]  # WhereUniqueInput key -> `<String>[...]`


@dataclass(frozen=True)
class SchemaView:
    version: str  # a string literal
    provider: str  # a `DatabaseProvider.x` expression
    models: tuple[ModelInfoView, ...]
    join_tables: tuple[EntryView, ...]
    enums: tuple[EntryView, ...]
    import_groups: tuple[tuple[str, ...], ...]  # import directives: dart:, package:, relative


def _strings(values: tuple[str, ...] | list[str]) -> str:
    return "<String>[" + ", ".join(string_literal(value) for value in values) + "]"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _json_literal(value: Any) -> str:
    """A JSON value as a Dart expression of the same (decoded) value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list):
        return "<Object?>[" + ", ".join(_json_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        entries = ", ".join(
            f"{string_literal(key)}: {_json_literal(item)}" for key, item in value.items()
        )
        return "<String, Object?>{" + entries + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def _literal(field: Field, value: Any) -> str:
    """A literal default as a Dart value of the field's type (enum values: their Prisma name)."""
    if isinstance(value, tuple):
        return "<Object?>[" + ", ".join(_literal(field, item) for item in value) + "]"
    scalar = field.scalar
    if scalar is None or scalar is ScalarType.STRING:
        return string_literal(str(value))
    if scalar is ScalarType.INT:
        return str(int(value))
    if scalar is ScalarType.BIGINT:
        return f"BigInt.parse({string_literal(str(int(value)))})"
    if scalar is ScalarType.FLOAT:
        return repr(float(value))
    if scalar is ScalarType.DECIMAL:
        return f"Decimal.parse({string_literal(format(Decimal(value), 'f'))})"
    if scalar is ScalarType.BOOLEAN:
        return _bool(bool(value))
    if scalar is ScalarType.DATETIME:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        millis = round(moment.timestamp() * 1000)
        return f"DateTime.fromMillisecondsSinceEpoch({millis}, isUtc: true)"
    if scalar is ScalarType.BYTES:
        return f"base64Decode({string_literal(str(value))})"
    return _json_literal(value)


def _default(field: Field) -> list[str]:
    """The `defaultKind:`, `defaultValue:` and `defaultLength:` arguments of a field."""
    default: Default | None = field.default
    if default is None:
        return []
    kind = default.kind
    if kind in (DefaultKind.AUTOINCREMENT, DefaultKind.SEQUENCE):
        return ["defaultKind: DefaultKind.autoincrement"]
    if kind is DefaultKind.DBGENERATED:
        return ["defaultKind: DefaultKind.dbgenerated"]
    if kind is DefaultKind.NOW:
        return ["defaultKind: DefaultKind.now"]
    if kind is DefaultKind.UUID:
        return [f"defaultKind: DefaultKind.uuid{default.version or 4}"]
    if kind is DefaultKind.CUID:
        return [f"defaultKind: DefaultKind.{'cuid2' if default.version == 2 else 'cuid'}"]
    if kind is DefaultKind.NANOID:
        return ["defaultKind: DefaultKind.nanoid", f"defaultLength: {default.version or 21}"]
    if kind is DefaultKind.ULID:
        return ["defaultKind: DefaultKind.ulid"]
    if field.scalar is ScalarType.JSON and not field.is_list and default.value is None:
        # `@default("null")`: the JSON value null, which a Row holds as JsonNullValue.jsonNull.
        return ["defaultKind: DefaultKind.literal", "defaultValue: JsonNullValue.jsonNull"]
    return ["defaultKind: DefaultKind.literal", f"defaultValue: {_literal(field, default.value)}"]


def _field(field: Field) -> str:
    if field.enum is not None:
        kind = "enumeration"
    else:
        assert field.scalar is not None
        kind = _SCALAR_KINDS[field.scalar]
    args = [
        f"name: {string_literal(field.name)}",
        f"column: {string_literal(field.column)}",
        f"kind: ScalarKind.{kind}",
    ]
    if field.enum is not None:
        args.append(f"enumName: {string_literal(field.enum)}")
    if field.is_list:
        args.append("isList: true")
    if field.is_optional:
        args.append("isOptional: true")
    args += _default(field)
    if field.is_updated_at:
        args.append("isUpdatedAt: true")
    return "FieldInfo(" + ", ".join(args) + ")"


def _relation(relation: Relation) -> str:
    args = [
        f"name: {string_literal(relation.name)}",
        f"relationName: {string_literal(relation.relation_name)}",
        f"target: {string_literal(relation.target)}",
        f"kind: RelationKind.{_RELATION_KINDS[relation.kind]}",
        f"isList: {_bool(relation.is_list)}",
        f"isOptional: {_bool(relation.is_optional)}",
        f"holdsForeignKey: {_bool(relation.holds_foreign_key)}",
        f"backRelation: {string_literal(relation.back_relation)}",
    ]
    if relation.fields:
        args.append(f"fields: {_strings(relation.fields)}")
    if relation.references:
        args.append(f"references: {_strings(relation.references)}")
    if relation.on_delete is not None:
        args.append(f"onDelete: ReferentialAction.{_ACTIONS[relation.on_delete]}")
    if relation.on_update is not None:
        args.append(f"onUpdate: ReferentialAction.{_ACTIONS[relation.on_update]}")
    if relation.join_table is not None:
        args.append(f"joinTable: {string_literal(relation.join_table)}")
    if relation.join_column is not None:
        args.append(f"joinColumn: {string_literal(relation.join_column)}")
    return "RelationInfo(" + ", ".join(args) + ")"


def unique_criteria(model: Model) -> list[tuple[str, ...]]:
    """Every unique criterion: the primary key, then each @unique/@@unique, without repeats."""
    criteria: list[tuple[str, ...]] = []
    if model.primary_key is not None:
        criteria.append(model.primary_key.fields)
    for index in model.unique_indexes:
        if index.fields not in criteria:
            criteria.append(index.fields)
    if model.identity not in criteria:
        criteria.insert(0, model.identity)
    return criteria


def compound_unique_names(model: Model) -> list[tuple[str, tuple[str, ...]]]:
    """The WhereUniqueInput key of each unique criterion of several fields (Prisma's
    `@@id`/`@@unique` `name:`, else the fields joined by `_`), with its fields; primary key first,
    without repeated criteria."""
    named: list[tuple[str, tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    candidates: list[tuple[str, tuple[str, ...]]] = []
    if model.primary_key is not None:
        candidates.append((model.primary_key.api_name, model.primary_key.fields))
    candidates += [(index.api_name, index.fields) for index in model.unique_indexes]
    for name, fields in candidates:
        if len(fields) < 2 or fields in seen:
            continue
        seen.add(fields)
        named.append((name, fields))
    return named


def _storage_shape(models: tuple[Model, ...], joins: tuple[JoinTable, ...], schema: Schema) -> Any:
    """What a local database is built from: a change needs a local migration."""
    return {
        "models": [
            {
                "name": model.name,
                "table": model.table,
                "fields": [
                    [f.name, f.column, f.type_name, f.is_list, f.is_optional] for f in model.fields
                ],
                "autoincrement": [
                    f.name
                    for f in model.fields
                    if f.default is not None and f.default.kind is DefaultKind.AUTOINCREMENT
                ],
                "identity": list(model.identity),
                "uniques": [list(criterion) for criterion in unique_criteria(model)],
                "foreignKeys": [list(r.fields) for r in model.relations if r.holds_foreign_key],
            }
            for model in models
        ],
        "joinTables": [[join.name, join.a.model, join.b.model] for join in joins],
        "enums": [[enum.name, [value.name for value in enum.values]] for enum in schema.enums],
    }


def build_schema_view(schema: Schema) -> SchemaView:
    models = schema.client_models
    names = {model.name for model in models}
    joins = tuple(
        join for join in schema.join_tables if join.a.model in names and join.b.model in names
    )
    canonical = json.dumps(_storage_shape(models, joins, schema), sort_keys=True)
    version = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:VERSION_LENGTH]
    literal_types = {
        field.scalar
        for model in models
        for field in model.fields
        if field.default is not None and field.default.kind is DefaultKind.LITERAL
    }
    json_null_default = any(
        field.scalar is ScalarType.JSON
        and not field.is_list
        and field.default is not None
        and field.default.kind is DefaultKind.LITERAL
        and field.default.value is None
        for model in models
        for field in model.fields
    )
    groups: list[tuple[str, ...]] = []
    if ScalarType.BYTES in literal_types:
        groups.append(("import 'dart:convert' show base64Decode;",))
    if ScalarType.DECIMAL in literal_types:
        groups.append(("import 'package:decimal/decimal.dart' show Decimal;",))
    relative = [f"import {string_literal(RUNTIME_SCHEMA)};"]
    if json_null_default:
        relative.append(f"import {string_literal(RUNTIME_STORAGE)} show JsonNullValue;")
    groups.append(tuple(relative))
    return SchemaView(
        version=string_literal(version),
        provider=f"DatabaseProvider.{_PROVIDERS[schema.provider]}",
        models=tuple(
            ModelInfoView(
                key=string_literal(model.name),
                name=string_literal(model.name),
                table=string_literal(model.table),
                fields=tuple(_field(field) for field in model.fields),
                relations=tuple(
                    _relation(relation) for relation in model.relations if relation.target in names
                ),
                primary_key=(
                    _strings(model.primary_key.fields) if model.primary_key is not None else "null"
                ),
                identity=_strings(model.identity),
                uniques=tuple(_strings(criterion) for criterion in unique_criteria(model)),
                compound_uniques=tuple(
                    EntryView(key=string_literal(name), value=_strings(fields))
                    for name, fields in compound_unique_names(model)
                ),
            )
            for model in models
        ),
        join_tables=tuple(
            EntryView(
                key=string_literal(join.name),
                value=(
                    f"JoinTableInfo(name: {string_literal(join.name)}, "
                    f"aModel: {string_literal(join.a.model)}, "
                    f"bModel: {string_literal(join.b.model)})"
                ),
            )
            for join in joins
        ),
        enums=tuple(
            EntryView(
                key=string_literal(enum.name),
                value=(
                    f"EnumInfo(name: {string_literal(enum.name)}, "
                    f"values: {_strings([value.name for value in enum.values])})"
                ),
            )
            for enum in schema.enums
        ),
        import_groups=tuple(groups),
    )
