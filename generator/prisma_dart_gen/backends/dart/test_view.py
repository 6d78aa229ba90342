"""IR -> the generated package's own Dart test suite (test/client_test.dart).

For every model whose rows can be created from scalar values alone (no required foreign key, no
unique criterion over a Boolean or enum field, which three distinct rows could not satisfy), the
suite calls every delegate method on both storage backends; for such a model with a one-to-many
relation to a model that needs only scalars and it, nested writes that fail after the row was
written (nothing may stay written). The sample values (row 1, 2, 3) and every expression the
template prints are spelled here.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ...ir.model import Field, Model, RelationKind, ScalarType, Schema
from . import naming
from .client_view import ClientBuilder, ModelClientView
from .schema_view import unique_criteria

# Row numbers of the samples: rows 1 and 2 are created, 3 is the upsert that creates.
ROWS = (1, 2, 3)
# 2024-01-01T00:00:00Z, plus one day per row.
_EPOCH_MS = 1704067200000
_DAY_MS = 86400000


@dataclass(frozen=True)
class TestModelView:
    name: str  # the Prisma name, for group names
    label: str  # a string literal of it
    getter: str  # the client's delegate getter
    create: tuple[str, ...]  # `<Model>CreateInput(...)` for rows 1, 2, 3
    create_many: tuple[str, ...]  # `<Model>CreateManyInput(...)` for rows 1, 2
    unique_first: str  # unique where of the row held in `first`
    unique_second: str  # ... in `second`
    unique_missing: str  # unique where of row 3 (not created yet)
    where_first: str  # `<Model>WhereInput(...)` matching `first` only
    update_data: str  # `<Model>UpdateInput(...)`
    update_nothing: str  # `<Model>UpdateInput()`: changes nothing (not even @updatedAt)
    update_check: str | None  # an expression that must be true of `updated`, if any
    update_many_data: str  # `<Model>UpdateManyMutationInput()`
    group_by_field: str  # `<Model>ScalarField.x`
    nested: NestedTestView | None  # nested writes through a one-to-many relation, if any


@dataclass(frozen=True)
class NestedTestView:
    """Row 1 of a model with nested writes through one of its one-to-many relations that fail
    once the row itself is written (docs/internals/dart-client.md, "The fix: a keep-alive
    request")."""

    child: str  # the related model's Prisma name
    invalid_create: str  # a nested create whose child names its foreign key: refused
    missing_connect: str  # a nested connect of a child that does not exist: P2025


@dataclass(frozen=True)
class TestView:
    package_import: str  # `import 'package:<name>/<name>.dart';`
    import_groups: tuple[tuple[str, ...], ...]  # besides the package's own
    models: tuple[TestModelView, ...]
    skipped: tuple[str, ...]  # `/// Model: reason` lines


class _Samples:
    def __init__(self, schema: Schema, builder: ClientBuilder) -> None:
        self.schema = schema
        self.builder = builder
        self.uses_decimal = False
        self.uses_base64 = False

    def item(self, field: Field, row: int) -> str:
        if field.enum is not None:
            values = self.schema.enum(field.enum).values
            value = values[row % len(values)]
            return f"{self.builder.type_names[field.enum]}.{naming.enum_member(value.name)}"
        scalar = field.scalar
        if scalar is ScalarType.STRING:
            return naming.string_literal(f"{field.name} {row}")
        if scalar is ScalarType.INT:
            return str(row)
        if scalar is ScalarType.BIGINT:
            return f"BigInt.from({row})"
        if scalar is ScalarType.FLOAT:
            return f"{row}.5"
        if scalar is ScalarType.DECIMAL:
            self.uses_decimal = True
            return f"Decimal.parse({naming.string_literal(f'{row}.25')})"
        if scalar is ScalarType.BOOLEAN:
            return "true" if row % 2 else "false"
        if scalar is ScalarType.DATETIME:
            return f"DateTime.fromMillisecondsSinceEpoch({_EPOCH_MS + row * _DAY_MS}, isUtc: true)"
        if scalar is ScalarType.BYTES:
            self.uses_base64 = True
            encoded = base64.b64encode(bytes([row])).decode("ascii")
            return f"base64Decode({naming.string_literal(encoded)})"
        return f"<String, Object?>{{'n': {row}}}"

    def value(self, field: Field, row: int) -> str:
        if field.is_list:
            return f"<{self.builder.item_type(field)}>[{self.item(field, row)}]"
        return self.item(field, row)


def _testable(model: Model, schema: Schema, client_models: set[str]) -> str | None:
    """Why the generic tests leave a model out, or None."""
    for field in model.fields:
        if field.is_foreign_key and field.is_required_on_create:
            return "it needs a related row (required foreign key)"
        if field.is_foreign_key and field.default is not None:
            return "a foreign key has a default, which needs a related row"
    for relation in model.relations:
        if relation.target not in client_models and not relation.is_optional:
            return "it relates to a model the client does not have"
    for criterion in unique_criteria(model):
        for name in criterion:
            field = model.field(name)
            if field.scalar is ScalarType.BOOLEAN or field.enum is not None:
                return "a unique criterion holds a Boolean or enum field"
            if field.scalar is ScalarType.JSON or field.is_list:
                return "a unique criterion holds a Json or list field"
    return None


def _nested(
    schema: Schema,
    builder: ClientBuilder,
    samples: _Samples,
    model: Model,
    clients: dict[str, ModelClientView],
) -> NestedTestView | None:
    """Nested writes through the first one-to-many relation of [model] whose child needs only
    scalar values and the parent (its foreign key without a default, no other required key)."""
    names = clients[model.name].names
    required = [
        f"{builder.member(model, f.name)}: {samples.value(f, ROWS[0])}"
        for f in model.fields
        if f.is_required_on_create
    ]
    for relation in builder.relations(model):
        if relation.kind is not RelationKind.ONE_TO_MANY or relation.target not in clients:
            continue
        child = schema.model(relation.target)
        back = next((r for r in child.relations if r.name == relation.back_relation), None)
        if back is None or not back.holds_foreign_key:
            continue
        keys = [child.field(name) for name in back.fields]
        other_keys = [
            f
            for f in child.fields
            if f.is_foreign_key and f.is_required_on_create and f.name not in back.fields
        ]
        if any(f.default is not None for f in keys) or other_keys:
            continue
        if any(child.field(name).scalar is None for name in child.identity):
            continue
        child_names = clients[child.name].names
        scalars = [
            f"{builder.member(child, f.name)}: {samples.value(f, ROWS[0])}"
            for f in child.fields
            if f.is_required_on_create and not f.is_foreign_key
        ]
        named_keys = [f"{builder.member(child, f.name)}: {samples.value(f, ROWS[0])}" for f in keys]
        invalid_child = _call(child_names.create, scalars + named_keys)
        missing = _unique(
            builder,
            clients[child.name],
            child,
            {name: samples.value(child.field(name), ROWS[2]) for name in child.identity},
        )
        member = builder.member(model, relation.name)
        return NestedTestView(
            child=child.name,
            invalid_create=_call(
                names.create, [*required, f"{member}: NestedCreateMany(create: [{invalid_child}])"]
            ),
            missing_connect=_call(
                names.create, [*required, f"{member}: NestedCreateMany(connect: [{missing}])"]
            ),
        )
    return None


def _call(name: str, args: list[str]) -> str:
    return f"{name}({', '.join(args)})"


def _unique(builder: ClientBuilder, client: ModelClientView, model: Model, values: dict) -> str:
    """The identity's unique where, with each identity field's value expression."""
    fields = model.identity
    for constructor in client.unique_constructors:
        if constructor.fields != fields:
            continue
        name = f"{client.names.where_unique}.{constructor.name}"
        if len(fields) == 1:
            return f"{name}({values[fields[0]]})"
        return _call(name, [f"{builder.member(model, field)}: {values[field]}" for field in fields])
    raise AssertionError(f"no unique constructor for the identity of {model.name}")


_FILTERS = {
    ScalarType.STRING: "StringFilter",
    ScalarType.INT: "IntFilter",
    ScalarType.BIGINT: "BigIntFilter",
    ScalarType.FLOAT: "FloatFilter",
    ScalarType.DECIMAL: "DecimalFilter",
    ScalarType.DATETIME: "DateTimeFilter",
    ScalarType.BYTES: "BytesFilter",
}


def _test_model(
    schema: Schema,
    builder: ClientBuilder,
    samples: _Samples,
    model: Model,
    clients: dict[str, ModelClientView],
) -> TestModelView:
    client = clients[model.name]
    names = client.names

    def member(name: str) -> str:
        return builder.member(model, name)

    def create(row: int, *, many: bool) -> str:
        args = [
            f"{member(field.name)}: {samples.value(field, row)}"
            for field in model.fields
            if field.is_required_on_create
        ]
        return _call(names.create_many if many else names.create, args)

    identity = [model.field(name) for name in model.identity]
    first = model.identity[0]
    first_field = model.field(first)
    assert first_field.scalar is not None  # build_test_view leaves other identities out
    filter_name = _FILTERS[first_field.scalar]
    where_first = _call(
        names.where, [f"{member(first)}: {filter_name}(equals: first.{member(first)})"]
    )
    uniques = {name for criterion in unique_criteria(model) for name in criterion}
    target = next(
        (
            field
            for field in model.fields
            if field.scalar is ScalarType.STRING
            and not field.is_list
            and not field.is_foreign_key
            and field.name not in uniques
        ),
        None,
    )
    if target is None:
        update_data = _call(names.update, [])
        update_check = None
    else:
        literal = naming.string_literal("updated")
        update_data = _call(names.update, [f"{member(target.name)}: Value({literal})"])
        update_check = f"updated.{member(target.name)} == {literal}"
    return TestModelView(
        name=model.name,
        label=naming.string_literal(model.name),
        getter=client.getter,
        create=tuple(create(row, many=False) for row in ROWS),
        create_many=tuple(create(row, many=True) for row in ROWS[:2]),
        unique_first=_unique(
            builder, client, model, {f.name: f"first.{member(f.name)}" for f in identity}
        ),
        unique_second=_unique(
            builder, client, model, {f.name: f"second.{member(f.name)}" for f in identity}
        ),
        unique_missing=_unique(
            builder, client, model, {f.name: samples.value(f, ROWS[2]) for f in identity}
        ),
        where_first=where_first,
        update_data=update_data,
        update_nothing=_call(names.update, []),
        update_check=update_check,
        update_many_data=_call(names.update_many, []),
        group_by_field=f"{names.scalar_field}.{naming.field_constant(first)}",
        nested=_nested(schema, builder, samples, model, clients),
    )


def build_test_view(
    schema: Schema,
    package_name: str,
    builder: ClientBuilder,
    clients: tuple[ModelClientView, ...],
) -> TestView:
    samples = _Samples(schema, builder)
    client_models = {model.name for model in schema.client_models}
    models: list[TestModelView] = []
    skipped: list[str] = []
    by_name = dict(zip((model.name for model in schema.client_models), clients, strict=True))
    for model in schema.client_models:
        reason = _testable(model, schema, client_models)
        first = model.field(model.identity[0])
        if reason is None and first.scalar not in _FILTERS:
            reason = "its identity is not a String, number, DateTime or Bytes field"
        if reason is not None:
            skipped.append(f"/// - {model.name}: {reason}.")
            continue
        models.append(_test_model(schema, builder, samples, model, by_name))
    dart = []
    if samples.uses_base64:
        dart.append("import 'dart:convert' show base64Decode;")
    package = [
        "import 'package:idb_shim/idb_client_memory.dart' show newIdbFactoryMemory;",
        "import 'package:sqflite_common_ffi/sqflite_ffi.dart'\n"
        "    show databaseFactoryFfi, inMemoryDatabasePath, sqfliteFfiInit;",
        "import 'package:test/test.dart';",
    ]
    if samples.uses_decimal:
        package.append("import 'package:decimal/decimal.dart' show Decimal;")
    uri = naming.string_literal(f"package:{package_name}/{package_name}.dart")
    return TestView(
        package_import=f"import {uri};",
        import_groups=tuple(tuple(sorted(group)) for group in (dart, package) if group),
        models=tuple(models),
        skipped=tuple(skipped),
    )
