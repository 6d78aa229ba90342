"""IR -> the view of the typed client: inputs, delegates, the client class (docs/dart-client.md).

Per model, `lib/src/client/<model>.dart` holds its input classes (where, unique where, orderBy,
create, update, include, select, nested args), its `<Model>ScalarField` enum and its delegate;
`lib/src/client.dart` holds `PrismaClient` and `PrismaTransaction`. Every input class has the
same shape (final fields, a const constructor, `toArgs()` building the Prisma argument map), so
the view describes each as fields with their declaration, constructor parameter and map entry,
all spelled here; templates only loop.

Derived class names (`PostWhereInput`, ...) are settled in `derived_names`: a name already taken
by a model, an enum or an earlier derived name gets one more trailing `$` (the schema may have a
model named `ClassWhereInput` next to a model `Class`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ...ir.model import Field, Model, Relation, ScalarType, Schema
from . import naming
from .naming import DartIdentifier, DartLiteral

RT = "$rt"
CLIENT_DIR = PurePosixPath("lib/src/client")

# Derived class kinds, in the order their names are settled.
SUFFIXES = {
    "where": "WhereInput",
    "where_unique": "WhereUniqueInput",
    "order_by": "OrderByInput",
    "create": "CreateInput",
    "create_many": "CreateManyInput",
    "update": "UpdateInput",
    "update_many": "UpdateManyMutationInput",
    "include": "Include",
    "select": "Select",
    "args": "Args",
    "find_many_args": "FindManyArgs",
    "count_select": "CountSelect",
    "count_output": "CountOutput",
    "scalar_field": "ScalarField",
    "delegate": "Delegate",
}

_ITEM_TYPES = {
    ScalarType.STRING: "String",
    ScalarType.INT: "int",
    ScalarType.BIGINT: "BigInt",
    ScalarType.FLOAT: "double",
    ScalarType.DECIMAL: "Decimal",
    ScalarType.BOOLEAN: "bool",
    ScalarType.DATETIME: "DateTime",
    ScalarType.JSON: "Object?",
    ScalarType.BYTES: "Uint8List",
}

_FILTERS = {
    ScalarType.STRING: "StringFilter",
    ScalarType.INT: "IntFilter",
    ScalarType.BIGINT: "BigIntFilter",
    ScalarType.FLOAT: "FloatFilter",
    ScalarType.DECIMAL: "DecimalFilter",
    ScalarType.BOOLEAN: "BoolFilter",
    ScalarType.DATETIME: "DateTimeFilter",
    ScalarType.JSON: "JsonFilter",
    ScalarType.BYTES: "BytesFilter",
}

_IMPORTS = {
    ScalarType.DECIMAL: "import 'package:decimal/decimal.dart' show Decimal;",
    ScalarType.BYTES: "import 'dart:typed_data' show Uint8List;",
}


def _rt(name: str) -> str:
    return f"{RT}.{name}"


@dataclass(frozen=True)
class InputFieldView:
    name: DartIdentifier
    type: str  # the declared type of the final field
    param: str  # the constructor parameter
    entry: str  # the element of the map literal `toArgs()` returns


@dataclass(frozen=True)
class InputClassView:
    name: DartIdentifier
    doc: str  # one `///` line
    fields: tuple[InputFieldView, ...]


@dataclass(frozen=True)
class UniqueConstructorView:
    name: DartIdentifier
    params: str  # the parameter list, parentheses included
    args: str  # the map literal of the argument
    fields: tuple[str, ...]  # the criterion's Prisma field names


@dataclass(frozen=True)
class ConstantView:
    name: DartIdentifier
    literal: DartLiteral


@dataclass(frozen=True)
class ModelNames:
    """The Dart names of a model's generated classes (keys of SUFFIXES, plus the model's)."""

    model: DartIdentifier
    where: DartIdentifier
    where_unique: DartIdentifier
    order_by: DartIdentifier
    create: DartIdentifier
    create_many: DartIdentifier
    update: DartIdentifier
    update_many: DartIdentifier
    include: DartIdentifier
    select: DartIdentifier
    args: DartIdentifier
    find_many_args: DartIdentifier
    count_select: DartIdentifier
    count_output: DartIdentifier
    scalar_field: DartIdentifier
    delegate: DartIdentifier


@dataclass(frozen=True)
class ModelClientView:
    prisma_name: str
    model_literal: DartLiteral  # the model's Prisma name: the engine's model argument
    names: ModelNames
    getter: DartIdentifier  # the client's delegate getter
    path: PurePosixPath
    import_groups: tuple[tuple[str, ...], ...]
    inputs: tuple[InputClassView, ...]  # where, orderBy, create, ..., in a fixed order
    unique_constructors: tuple[UniqueConstructorView, ...]
    scalar_fields: tuple[ConstantView, ...]
    runtime_prefix: str


@dataclass(frozen=True)
class SyncModelView:
    name: DartLiteral  # the Prisma model name
    offline_create: str  # `true` / `false`: the client may create rows (not autoincrement keys)


@dataclass(frozen=True)
class SyncClientView:
    """`syncPlan` of the generated client (sync/local.dart `SyncPlanInfo`), from the IR's plan."""

    schema_version: DartLiteral
    models: tuple[SyncModelView, ...]  # the synced models; the others stay local-only
    join_tables: tuple[DartLiteral, ...]  # the synced implicit many-to-many join tables
    local_only: tuple[str, ...]  # Prisma names, for the doc comment


@dataclass(frozen=True)
class ClientView:
    path: PurePosixPath
    import_groups: tuple[tuple[str, ...], ...]
    models: tuple[ModelClientView, ...]
    runtime_prefix: str
    sync: SyncClientView | None  # set when the generator block has `syncScope`


def derived_names(
    models: Iterable[Model], type_names: dict[str, DartIdentifier]
) -> dict[str, ModelNames]:
    """Every model's generated class names; a taken name gets one more trailing `$`."""
    taken = set(type_names.values())
    result: dict[str, ModelNames] = {}
    for model in models:
        names: dict[str, DartIdentifier] = {"model": type_names[model.name]}
        for key, suffix in SUFFIXES.items():
            name = naming.derived_type_name(model.name, suffix)
            while name in taken:
                name = DartIdentifier(name + naming.ESCAPE)
            taken.add(name)
            names[key] = name
        result[model.name] = ModelNames(**names)
    return result


def _param(name: str) -> str:
    return f"this.{name}"


def _optional(key: DartLiteral, name: DartIdentifier, type_: str) -> InputFieldView:
    return InputFieldView(
        name=name,
        type=type_ if type_.endswith("?") else f"{type_}?",
        param=_param(name),
        entry=f"if (this.{name} != null) {key}: {_rt('argValue')}(this.{name}),",
    )


def _required(key: DartLiteral, name: DartIdentifier, type_: str) -> InputFieldView:
    return InputFieldView(
        name=name,
        type=type_,
        param=f"required {_param(name)}",
        entry=f"{key}: {_rt('argValue')}(this.{name}),",
    )


def _value(key: DartLiteral, name: DartIdentifier, type_: str) -> InputFieldView:
    value_type = f"{_rt('Value')}<{type_}>"
    return InputFieldView(
        name=name,
        type=value_type,
        param=f"{_param(name)} = const {value_type}.absent()",
        entry=f"if (this.{name}.present) {key}: this.{name}.toArg(),",
    )


def _flag(key: DartLiteral, name: DartIdentifier) -> InputFieldView:
    return InputFieldView(
        name=name,
        type="bool",
        param=f"{_param(name)} = false",
        entry=f"if (this.{name}) {key}: true,",
    )


def _nested(key: DartLiteral, name: DartIdentifier, type_: str, helper: str) -> InputFieldView:
    return InputFieldView(
        name=name,
        type=f"{type_}?",
        param=_param(name),
        entry=f"if (this.{name} != null) {key}: {_rt(helper)}(this.{name}!),",
    )


class ClientBuilder:
    """Builds the client views; names come from the model view builder (view.py)."""

    def __init__(
        self,
        schema: Schema,
        type_names: dict[str, DartIdentifier],
        file_names: dict[str, str],
        member_names: dict[tuple[str, str], DartIdentifier],
        names: dict[str, ModelNames],
        all_type_names: frozenset[str],
    ) -> None:
        self.schema = schema
        self.type_names = type_names
        self.file_names = file_names
        self.member_names = member_names
        self.names = names
        self.all_type_names = all_type_names
        self.client_models = {model.name for model in schema.client_models}

    # --- types -----------------------------------------------------------------------------------

    def item_type(self, field: Field) -> str:
        if field.enum is not None:
            return self.type_names[field.enum]
        assert field.scalar is not None
        return _ITEM_TYPES[field.scalar]

    def value_type(self, field: Field) -> str:
        """The Dart type of the field's value (lists: List<item>), without the nullability."""
        item = self.item_type(field)
        if field.is_list:
            return f"List<{item}>"
        return item

    def nullable_type(self, field: Field) -> str:
        type_ = self.value_type(field)
        if field.is_optional and not field.is_list and not type_.endswith("?"):
            return f"{type_}?"
        return type_

    def relations(self, model: Model) -> tuple[Relation, ...]:
        return tuple(r for r in model.relations if r.target in self.client_models)

    # --- per model -------------------------------------------------------------------------------

    def key(self, name: str) -> DartLiteral:
        return naming.string_literal(name)

    def member(self, model: Model, name: str) -> DartIdentifier:
        return self.member_names[(model.name, name)]

    def where(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        fields = [
            _optional(self.key(op), DartIdentifier(op), f"List<{names.where}>")
            for op in ("AND", "OR", "NOT")
        ]
        for field in model.fields:
            if field.is_list:
                item = self.item_type(field)
                item = "Object" if item == "Object?" else item
                filter_type = _rt(f"ScalarListFilter<{item}>")
            elif field.enum is not None:
                filter_type = _rt(f"EnumFilter<{self.type_names[field.enum]}>")
            else:
                assert field.scalar is not None
                filter_type = _rt(_FILTERS[field.scalar])
            fields.append(
                _optional(self.key(field.name), self.member(model, field.name), filter_type)
            )
        for relation in self.relations(model):
            target = self.names[relation.target].where
            kind = "ToManyFilter" if relation.is_list else "ToOneFilter"
            fields.append(
                _optional(
                    self.key(relation.name),
                    self.member(model, relation.name),
                    f"{_rt(kind)}<{target}>",
                )
            )
        return InputClassView(
            names.where, f"/// Filters {model.name} rows: Prisma's `where`.", tuple(fields)
        )

    def order_by(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        fields = []
        for field in model.fields:
            if field.is_list or field.scalar is ScalarType.JSON:
                continue
            type_ = _rt("SortSpec") if field.is_optional else _rt("SortOrder")
            fields.append(_optional(self.key(field.name), self.member(model, field.name), type_))
        for relation in self.relations(model):
            type_ = (
                _rt("OrderByRelationAggregateInput")
                if relation.is_list
                else self.names[relation.target].order_by
            )
            fields.append(
                _optional(self.key(relation.name), self.member(model, relation.name), type_)
            )
        return InputClassView(
            names.order_by,
            f"/// One ordering term of {model.name} rows: Prisma's `orderBy` (give one field).",
            tuple(fields),
        )

    def _create_scalar(self, model: Model, field: Field, *, many: bool) -> InputFieldView:
        key, name = self.key(field.name), self.member(model, field.name)
        required = field.is_required_on_create and (many or not field.is_foreign_key)
        if required:
            return _required(key, name, self.value_type(field))
        if field.is_optional and field.has_default and not field.is_list:
            return _value(key, name, self.nullable_type(field))
        return _optional(key, name, self.nullable_type(field))

    def create(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        fields = [self._create_scalar(model, field, many=False) for field in model.fields]
        for relation in self.relations(model):
            target = self.names[relation.target]
            if relation.is_list:
                type_ = (
                    f"{_rt('NestedCreateMany')}<{target.create}, {target.where_unique}, "
                    f"{target.create_many}>"
                )
            else:
                type_ = f"{_rt('NestedCreateOne')}<{target.create}, {target.where_unique}>"
            fields.append(
                _optional(self.key(relation.name), self.member(model, relation.name), type_)
            )
        return InputClassView(
            names.create,
            f"/// The data of a new {model.name}: scalar fields and nested writes.",
            tuple(fields),
        )

    def create_many(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        return InputClassView(
            names.create_many,
            f"/// One row of `createMany` on {model.name}: scalar fields only.",
            tuple(self._create_scalar(model, field, many=True) for field in model.fields),
        )

    def _update_scalars(self, model: Model) -> list[InputFieldView]:
        return [
            _value(self.key(field.name), self.member(model, field.name), self.nullable_type(field))
            for field in model.fields
        ]

    def update(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        fields = self._update_scalars(model)
        for relation in self.relations(model):
            t = self.names[relation.target]
            if relation.is_list:
                type_ = (
                    f"{_rt('NestedUpdateMany')}<{t.create}, {t.where_unique}, {t.where}, "
                    f"{t.update}, {t.update_many}, {t.create_many}>"
                )
            else:
                type_ = f"{_rt('NestedUpdateOne')}<{t.create}, {t.where_unique}, {t.update}>"
            fields.append(
                _optional(self.key(relation.name), self.member(model, relation.name), type_)
            )
        return InputClassView(
            names.update,
            f"/// The changes of an update of {model.name}: every field is `Value.absent()` "
            "unless given.",
            tuple(fields),
        )

    def update_many(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        return InputClassView(
            names.update_many,
            f"/// The changes of `updateMany` on {model.name}: scalar fields only.",
            tuple(self._update_scalars(model)),
        )

    def _relation_args(self, model: Model) -> list[InputFieldView]:
        fields = []
        for relation in self.relations(model):
            target = self.names[relation.target]
            type_ = target.find_many_args if relation.is_list else target.args
            fields.append(
                _nested(
                    self.key(relation.name), self.member(model, relation.name), type_, "includeArg"
                )
            )
        if any(relation.is_list for relation in self.relations(model)):
            fields.append(
                _nested(
                    self.key("_count"),
                    DartIdentifier("$count"),
                    self.names[model.name].count_select,
                    "countArg",
                )
            )
        return fields

    def include(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        return InputClassView(
            names.include,
            f"/// The relations of {model.name} to load with it: Prisma's `include`.",
            tuple(self._relation_args(model)),
        )

    def select(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        fields = [_flag(self.key(f.name), self.member(model, f.name)) for f in model.fields]
        return InputClassView(
            names.select,
            f"/// The fields and relations of {model.name} to read: Prisma's `select`.",
            tuple(fields + self._relation_args(model)),
        )

    def args(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        return InputClassView(
            names.args,
            f"/// A to-one relation to {model.name} in `include`/`select`, with its own "
            "`select`/`include`.",
            (
                _optional(self.key("select"), DartIdentifier("select"), names.select),
                _optional(self.key("include"), DartIdentifier("include"), names.include),
            ),
        )

    def find_many_args(self, model: Model) -> InputClassView:
        names = self.names[model.name]
        specs = (
            ("where", names.where),
            ("orderBy", f"List<{names.order_by}>"),
            ("cursor", names.where_unique),
            ("take", "int"),
            ("skip", "int"),
            ("distinct", f"List<{names.scalar_field}>"),
            ("select", names.select),
            ("include", names.include),
        )
        return InputClassView(
            names.find_many_args,
            f"/// A to-many relation to {model.name} in `include`/`select`, with its own query.",
            tuple(_optional(self.key(key), DartIdentifier(key), type_) for key, type_ in specs),
        )

    def count_select(self, model: Model) -> InputClassView | None:
        to_many = [relation for relation in self.relations(model) if relation.is_list]
        if not to_many:
            return None
        return InputClassView(
            self.names[model.name].count_select,
            f"/// The relations of {model.name} to count in `_count` (none selected: all of them).",
            tuple(_flag(self.key(r.name), self.member(model, r.name)) for r in to_many),
        )

    def unique_constructors(self, model: Model) -> tuple[UniqueConstructorView, ...]:
        criteria: list[tuple[str, tuple[str, ...]]] = []
        if model.primary_key is not None:
            criteria.append((model.primary_key.api_name, model.primary_key.fields))
        for index in model.unique_indexes:
            criteria.append((index.api_name, index.fields))
        result: list[UniqueConstructorView] = []
        seen: set[tuple[str, ...]] = set()
        used: set[str] = set()

        def constructor_name(name: DartIdentifier) -> DartIdentifier:
            while name in used:
                name = DartIdentifier(name + naming.ESCAPE)
            used.add(name)
            return name

        for api_name, fields in criteria:
            if fields in seen:
                continue
            seen.add(fields)
            if len(fields) == 1:
                field = model.field(fields[0])
                name = self.member(model, field.name)
                params = f"({self.value_type(field)} {name})"
                args = f"<String, Object?>{{{self.key(field.name)}: {_rt('argValue')}({name})}}"
                result.append(UniqueConstructorView(constructor_name(name), params, args, fields))
                continue
            parts = [model.field(field) for field in fields]
            params = (
                "({"
                + ", ".join(
                    f"required {self.value_type(f)} {self.member(model, f.name)}" for f in parts
                )
                + "})"
            )
            inner = ", ".join(
                f"{self.key(f.name)}: {_rt('argValue')}({self.member(model, f.name)})"
                for f in parts
            )
            # Prisma's key (the `name:` of the @@id/@@unique, else the fields joined by `_`): the
            # runtime resolves it through ModelInfo.compoundUniques (schema_view.py).
            key = self.key(api_name)
            args = f"<String, Object?>{{{key}: <String, Object?>{{{inner}}}}}"
            result.append(
                UniqueConstructorView(
                    constructor_name(naming.member_name(api_name)), params, args, fields
                )
            )
        return tuple(result)

    def model(self, model: Model) -> ModelClientView:
        names = self.names[model.name]
        dart_imports: set[str] = set()
        package_imports: set[str] = set()
        relative = {
            f"import '../runtime/client/api.dart' as {RT};",
            f"import '../runtime/client/inputs.dart' as {RT};",
            f"import {naming.string_literal('../models/' + self.file_names[model.name])};",
        }
        for field in model.fields:
            if field.scalar in _IMPORTS:
                line = _IMPORTS[field.scalar]
                (dart_imports if "'dart:" in line else package_imports).add(line)
            if field.enum is not None:
                relative.add(
                    f"import {naming.string_literal('../enums/' + self.file_names[field.enum])};"
                )
        for relation in self.relations(model):
            if relation.target != model.name:
                relative.add(f"import {naming.string_literal(self.file_names[relation.target])};")
        groups = tuple(
            tuple(sorted(group)) for group in (dart_imports, package_imports, relative) if group
        )
        inputs = [
            self.where(model),
            self.order_by(model),
            self.create(model),
            self.create_many(model),
            self.update(model),
            self.update_many(model),
            self.include(model),
            self.select(model),
            self.args(model),
            self.find_many_args(model),
        ]
        count = self.count_select(model)
        if count is not None:
            inputs.append(count)
        return ModelClientView(
            prisma_name=model.name,
            model_literal=naming.string_literal(model.name),
            names=names,
            getter=naming.delegate_name(model.name, self.all_type_names),
            path=CLIENT_DIR / self.file_names[model.name],
            import_groups=groups,
            inputs=tuple(inputs),
            unique_constructors=self.unique_constructors(model),
            scalar_fields=tuple(
                ConstantView(naming.field_constant(field.name), naming.string_literal(field.name))
                for field in model.fields
            ),
            runtime_prefix=RT,
        )

    def client(self, models: tuple[ModelClientView, ...]) -> ClientView:
        relative = {
            f"import 'runtime/client/api.dart' as {RT};",
            f"import 'runtime/client/engine.dart' as {RT} show Engine;",
            f"import 'runtime/client/storage.dart' as {RT} show Storage;",
            f"import 'runtime/client/watch.dart' as {RT} show Watcher;",
            "import 'schema.dart' show schemaInfo;",
        }
        sync = self.sync_view()
        if sync is not None:
            relative.add(
                f"import 'runtime/sync/local.dart' as {RT} "
                "show SyncConfig, SyncPlanInfo, openSyncedEngine;"
            )
            relative.add(f"import 'runtime/sync/worker.dart' as {RT} show SyncWorker;")
        for model in models:
            uri = naming.string_literal(str(model.path.relative_to("lib/src")))
            relative.add(f"import {uri} show {model.names.delegate};")
        return ClientView(
            path=PurePosixPath("lib/src/client.dart"),
            import_groups=(tuple(sorted(relative)),),
            models=models,
            runtime_prefix=RT,
            sync=sync,
        )

    def sync_view(self) -> SyncClientView | None:
        plan = self.schema.sync
        if plan is None:
            return None
        return SyncClientView(
            schema_version=naming.string_literal(plan.schema_version),
            models=tuple(
                SyncModelView(
                    naming.string_literal(item.name), "true" if item.offline_create else "false"
                )
                for item in plan.models
            ),
            join_tables=tuple(naming.string_literal(item.name) for item in plan.join_tables),
            local_only=tuple(item.model for item in plan.local_only),
        )
