"""IR -> the Dart backend's view: frozen dataclasses of final strings and flags for the templates.

Every Dart name, type and expression the templates print is decided here (names through
`naming`); templates only loop and test flags. Collisions the naming rules cannot prevent are
reported as `GeneratorError`s that name the model/enum and the field/value.

Generated code conventions the expressions rely on:
- inside model classes, fields are always read as `this.<name>` (parameters of `fromJson`,
  `copyWith` and `==` never shadow them);
- runtime helpers are reached through the import prefix `$rt` (no Prisma name contains `$`, so no
  member can shadow it); imported classes are imported with `show` and are reserved type names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ...config import GeneratorConfig
from ...errors import GeneratorError, GeneratorErrors
from ...ir.model import Enum_, Field, Model, Relation, ScalarType, Schema
from . import naming
from .client_view import ClientBuilder, ClientView, ModelClientView, derived_names
from .naming import DartIdentifier, DartLiteral
from .schema_view import SchemaView, build_schema_view
from .test_view import TestView, build_test_view

RUNTIME_PREFIX = "$rt"
MODELS_DIR = PurePosixPath("lib/src/models")
ENUMS_DIR = PurePosixPath("lib/src/enums")
RUNTIME_DIR = PurePosixPath("lib/src/runtime")
SCHEMA_PATH = PurePosixPath("lib/src/schema.dart")

# The runtime's public API, exported by the package library next to the generated code. Every
# name these make public is in naming.CLIENT_TYPE_NAMES (a model cannot take it).
RUNTIME_EXPORTS = (
    "export 'src/runtime/client/errors.dart' show PrismaClientKnownRequestError, "
    "PrismaClientUnknownRequestError, PrismaClientValidationError;",
    "export 'src/runtime/client/filter.dart' show NullsOrder;",
    "export 'src/runtime/client/inputs.dart' hide argValue, countArg, includeArg;",
    "export 'src/runtime/client/storage.dart' show Storage;",
    "export 'src/runtime/idb/idb_storage.dart' show IndexedDbStorage;",
    "export 'src/runtime/sqlite/sqflite_storage.dart' show SqfliteStorage;",
)

# The sync API, exported by the library of a package whose schema syncs (`syncScope`). Every
# name is in naming.CLIENT_TYPE_NAMES too.
SYNC_EXPORTS = (
    "export 'src/runtime/sync/local.dart'\n"
    "    show SyncConfig, SyncKeyChangeError, SyncOfflineCreateError;",
    "export 'src/runtime/sync/protocol.dart'\n"
    "    show SyncHttpException, SyncMutation, SyncProtocolError, SyncRejection, "
    "SyncTransientException;",
    "export 'src/runtime/sync/transport.dart'\n"
    "    show HttpSyncTransport, SyncHeaders, SyncResponse, SyncTransport;",
    "export 'src/runtime/sync/worker.dart' show SyncOptions, SyncStatus, SyncWorker;",
)

# Object.hash takes 2 to 20 values.
OBJECT_HASH_MIN = 2
OBJECT_HASH_MAX = 20


@dataclass(frozen=True)
class FieldView:
    name: DartIdentifier  # the Dart member name
    prisma_name: str
    key: DartLiteral  # the JSON key: the Prisma name
    label: DartLiteral  # the Dart name, for toString
    type: str  # the Dart type, e.g. `String?`, `List<Post>?`, `Object?`
    is_relation: bool
    is_required: bool  # a `required` constructor parameter
    copy_param: str  # the copyWith parameter declaration
    copy_value: str  # the copyWith argument expression
    from_json: str  # expression reading the field from `json`
    to_json: str  # expression writing the field's wire value
    omit_if_null: bool  # toJson leaves the key out when the field is null (relations)
    in_json: bool  # part of the wire encoding (`$count` is not)
    from_record: str  # expression reading the field from an engine `row` (Dart values)
    equals: str  # expression comparing `other` with `this`
    hash: str  # expression hashed by hashCode
    doc: tuple[str, ...]  # `///` lines


@dataclass(frozen=True)
class CountFieldView:
    name: DartIdentifier
    key: DartLiteral  # the relation's Prisma name
    label: DartLiteral


@dataclass(frozen=True)
class CountOutputView:
    """`<Model>CountOutput`: the `_count` of a result, one `int?` per to-many relation."""

    class_name: DartIdentifier
    name_literal: DartLiteral
    fields: tuple[CountFieldView, ...]


@dataclass(frozen=True)
class ModelView:
    prisma_name: str
    class_name: DartIdentifier
    name_literal: DartLiteral  # the class name, for toString
    path: PurePosixPath
    doc: tuple[str, ...]
    import_groups: tuple[tuple[str, ...], ...]  # import directives: dart:, package:, relative
    fields: tuple[FieldView, ...]  # scalar fields, then relation fields, in schema order
    uses_sentinel: bool  # some copyWith parameter defaults to `_undefined`
    use_hash_all: (
        bool  # Object.hashAll (fewer than 2 or more than 20 fields) instead of Object.hash
    )
    runtime_prefix: str  # the import prefix of the runtime library
    count_output: CountOutputView | None  # models with to-many relations


@dataclass(frozen=True)
class EnumValueView:
    name: DartIdentifier
    prisma_literal: DartLiteral
    db_literal: DartLiteral
    doc: tuple[str, ...]


@dataclass(frozen=True)
class EnumView:
    prisma_name: str
    class_name: DartIdentifier
    path: PurePosixPath
    doc: tuple[str, ...]
    values: tuple[EnumValueView, ...]
    unknown_prisma_message: DartLiteral
    unknown_db_message: DartLiteral


@dataclass(frozen=True)
class PackageView:
    package_name: str
    library_path: PurePosixPath
    exports: tuple[DartLiteral, ...]  # URIs relative to lib/
    runtime_exports: tuple[str, ...]  # export directives of the runtime's public API
    models: tuple[ModelView, ...]
    enums: tuple[EnumView, ...]
    schema: SchemaView
    client: ClientView
    tests: TestView
    example_getter: str | None  # README: the first model's delegate getter, if any


# --- wire codecs per scalar type (docs/dart-models.md, "Wire encoding") ---------------------------

_DART_TYPES = {
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

_DECODERS = {
    ScalarType.STRING: "decodeString",
    ScalarType.INT: "decodeInt",
    ScalarType.BIGINT: "decodeBigInt",
    ScalarType.FLOAT: "decodeDouble",
    ScalarType.DECIMAL: "decodeDecimal",
    ScalarType.BOOLEAN: "decodeBool",
    ScalarType.DATETIME: "decodeDateTime",
    ScalarType.JSON: "decodeJson",
    ScalarType.BYTES: "decodeBytes",
}

# None: the Dart value is already its JSON value.
_ENCODERS = {
    ScalarType.STRING: None,
    ScalarType.INT: None,
    ScalarType.BIGINT: "encodeBigInt",
    ScalarType.FLOAT: None,
    ScalarType.DECIMAL: "encodeDecimal",
    ScalarType.BOOLEAN: None,
    ScalarType.DATETIME: "encodeDateTime",
    ScalarType.JSON: None,
    ScalarType.BYTES: "encodeBytes",
}

# Dart's == on these is identity, not value: compare and hash them deeply.
_DEEP_SCALARS = frozenset({ScalarType.BYTES, ScalarType.JSON})

_IMPORTS = {
    ScalarType.DECIMAL: "import 'package:decimal/decimal.dart' show Decimal;",
    ScalarType.BYTES: "import 'dart:typed_data' show Uint8List;",
}
_META_IMPORT = "import 'package:meta/meta.dart' show immutable;"


def _rt(name: str) -> str:
    return f"{RUNTIME_PREFIX}.{name}"


def _import(uri: str, suffix: str = "") -> str:
    return f"import {naming.string_literal(uri)}{suffix};"


class _Problems:
    """Every naming problem of a schema, reported at once."""

    def __init__(self) -> None:
        self.errors: list[GeneratorError] = []

    def add(self, message: str, *, model: str, field: str | None = None) -> None:
        self.errors.append(GeneratorError(message, model=model, field=field))

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise GeneratorErrors(
                "the schema cannot be generated as Dart (rename the elements below; @map and "
                "@@map keep the database names):",
                [str(error).split(": ", 1)[1] for error in self.errors],
            )


def _collisions(names: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(source name, generated name) pairs -> generated name -> its source names, if several."""
    by_generated: dict[str, list[str]] = {}
    for source, generated in names:
        by_generated.setdefault(generated, []).append(source)
    return {generated: sources for generated, sources in by_generated.items() if len(sources) > 1}


def _all(sources: list[str]) -> str:
    return "both" if len(sources) == 2 else "all"


class _Builder:
    def __init__(self, schema: Schema, config: GeneratorConfig):
        self.schema = schema
        self.config = config
        self.problems = _Problems()
        self.type_names: dict[str, DartIdentifier] = {}
        self.file_names: dict[str, str] = {}
        kinds = [("model", model.name) for model in schema.client_models]
        kinds += [("enum", enum.name) for enum in schema.enums]
        for _, name in kinds:
            self.type_names[name] = naming.type_name(name)
            self.file_names[name] = naming.file_name(name)
        kind_of = {name: kind for kind, name in kinds}
        reported: set[str] = set()
        for generated, sources in _collisions(
            (name, self.type_names[name]) for _, name in kinds
        ).items():
            listed = " and ".join(f"{kind_of[s]} {s}" for s in sources)
            self.problems.add(
                f"{listed} {_all(sources)} become the Dart class {generated}", model=sources[0]
            )
            reported.update(sources)
        for kind in ("model", "enum"):
            for generated, sources in _collisions(
                (name, self.file_names[name])
                for k, name in kinds
                if k == kind and name not in reported
            ).items():
                self.problems.add(
                    f"{kind}s {' and '.join(sources)} {_all(sources)} become the Dart file "
                    f"{generated}",
                    model=sources[0],
                )
        self.derived = derived_names(schema.client_models, self.type_names)
        self.all_type_names = frozenset(self.type_names.values()) | frozenset(
            name for names in self.derived.values() for name in vars(names).values()
        )
        # (model, field or relation) -> the Dart member name, shared by models and inputs.
        self.member_names: dict[tuple[str, str], DartIdentifier] = {}

    # --- enums -----------------------------------------------------------------------------------

    def enum(self, enum: Enum_) -> EnumView:
        values = tuple(
            EnumValueView(
                name=naming.enum_member(value.name),
                prisma_literal=naming.string_literal(value.name),
                db_literal=naming.string_literal(value.db_value),
                doc=naming.doc_comment(value.documentation),
            )
            for value in enum.values
        )
        for generated, sources in _collisions(
            (value.name, view.name) for value, view in zip(enum.values, values, strict=True)
        ).items():
            self.problems.add(
                f"enum values {' and '.join(sources)} {_all(sources)} become the Dart enum "
                f"constant {generated}",
                model=enum.name,
                field=sources[0],
            )
        return EnumView(
            prisma_name=enum.name,
            class_name=self.type_names[enum.name],
            path=ENUMS_DIR / self.file_names[enum.name],
            doc=naming.doc_comment(enum.documentation),
            values=values,
            unknown_prisma_message=naming.string_literal(f"not a value of enum {enum.name}"),
            unknown_db_message=naming.string_literal(f"not a database value of enum {enum.name}"),
        )

    # --- fields ----------------------------------------------------------------------------------

    def scalar_field(self, model: Model, field: Field) -> FieldView:
        name = naming.member_name(field.name, self.all_type_names)
        key = naming.string_literal(field.name)
        context = naming.string_literal(f"{model.name}.{field.name}")
        read = f"json[{key}]"
        this = f"this.{name}"

        if field.enum is not None:
            enum_class = self.type_names[field.enum]
            item_type = str(enum_class)

            def decode_enum(value: str, where: str) -> str:
                lookup = f"{enum_class}.fromPrismaName"
                return f"{_rt('decodeEnum')}<{enum_class}>({value}, {where}, {lookup})"

            decoder = f"(item, field) => {decode_enum('item', 'field')}"

            def decode(value: str) -> str:
                return decode_enum(value, context)

            def encode(value: str) -> str:
                return f"{value}.prismaName"

            encoder: str | None = "(item) => item.prismaName"
            deep = False

            def cast(value: str) -> str:
                return f"{enum_class}.fromPrismaName({value} as String)"

        else:
            assert field.scalar is not None
            scalar = field.scalar
            item_type = _DART_TYPES[scalar]
            decoder = _rt(_DECODERS[scalar])
            encoder_name = _ENCODERS[scalar]
            encoder = _rt(encoder_name) if encoder_name else None
            deep = scalar in _DEEP_SCALARS

            def decode(value: str) -> str:
                if scalar is ScalarType.JSON:
                    return value
                return f"{decoder}({value}, {context})"

            def encode(value: str) -> str:
                return f"{encoder}({value})" if encoder else value

            def cast(value: str) -> str:
                if scalar is ScalarType.JSON:
                    return value
                if scalar is ScalarType.FLOAT:
                    return f"({value} as num).toDouble()"
                return f"{value} as {item_type}"

        record = f"row[{key}]"
        if field.is_list:
            # A list column never set (a create without it, no default) is NULL: an empty list.
            from_record = (
                f"List<{item_type}>.unmodifiable(<{item_type}>"
                f"[for (final item in {record} as List<Object?>? ?? const <Object?>[]) "
                f"{cast('item')}])"
            )
        elif not field.is_optional or item_type == "Object?":
            from_record = cast(record)
        elif field.enum is None and field.scalar is ScalarType.FLOAT:
            from_record = f"({record} as num?)?.toDouble()"
        elif field.enum is None:
            from_record = f"{record} as {item_type}?"
        else:
            from_record = f"{record} == null ? null : {cast(record)}"

        if field.is_list:
            dart_type = f"List<{item_type}>"
            from_json = f"{_rt('decodeList')}<{item_type}>({read}, {context}, {decoder})"
            to_json = f"{this}.map({encoder}).toList()" if encoder else f"List<Object?>.of({this})"
            deep = True
        elif field.is_optional:
            dart_type = item_type if item_type.endswith("?") else f"{item_type}?"
            if item_type == "Object?":
                from_json = read
            else:
                from_json = f"{read} == null ? null : {decode(read)}"
            if field.enum is not None:
                to_json = f"{this}?.prismaName"
            elif encoder:
                to_json = f"{this} == null ? null : {encode(this + '!')}"
            else:
                to_json = this
        else:
            dart_type = item_type
            from_json = decode(read)
            to_json = encode(this)

        return self._field_view(
            field.name,
            name,
            dart_type,
            is_relation=False,
            is_required=True,
            from_json=from_json,
            to_json=to_json,
            omit_if_null=False,
            deep=deep,
            documentation=field.documentation,
            from_record=from_record,
        )

    def relation_field(self, model: Model, relation: Relation) -> FieldView:
        name = naming.member_name(relation.name, self.all_type_names)
        key = naming.string_literal(relation.name)
        context = naming.string_literal(f"{model.name}.{relation.name}")
        read = f"json[{key}]"
        this = f"this.{name}"
        target = self.type_names[relation.target]
        record = f"row[{key}]"
        if relation.is_list:
            from_record = (
                f"{record} == null ? null : List<{target}>.unmodifiable(<{target}>"
                f"[for (final item in {record} as List<Object?>) "
                f"{target}.fromRecord(item as Map<String, Object?>)])"
            )
        else:
            from_record = (
                f"{record} == null ? null : {target}.fromRecord({record} as Map<String, Object?>)"
            )
        if relation.is_list:
            dart_type = f"List<{target}>?"
            decode_item = f"(item, field) => {target}.fromJson({_rt('decodeObject')}(item, field))"
            from_json = (
                f"{read} == null ? null : "
                f"{_rt('decodeList')}<{target}>({read}, {context}, {decode_item})"
            )
            to_json = f"{this}!.map((item) => item.toJson()).toList()"
        else:
            dart_type = f"{target}?"
            from_json = (
                f"{read} == null ? null : "
                f"{target}.fromJson({_rt('decodeObject')}({read}, {context}))"
            )
            to_json = f"{this}!.toJson()"
        return self._field_view(
            relation.name,
            name,
            dart_type,
            is_relation=True,
            is_required=False,
            from_json=from_json,
            to_json=to_json,
            omit_if_null=True,
            deep=relation.is_list,
            documentation=relation.documentation,
            from_record=from_record,
        )

    def count_field(self, model: Model) -> FieldView:
        """`$count`: the `_count` of a result (not part of the wire encoding)."""
        name = DartIdentifier("$count")
        output = self.derived[model.name].count_output
        record = "row['_count']"
        return self._field_view(
            "_count",
            name,
            f"{output}?",
            is_relation=True,
            is_required=False,
            from_json="null",
            to_json="null",
            omit_if_null=True,
            deep=False,
            documentation="The relation counts, when `_count` was included or selected.",
            from_record=(
                f"{record} == null ? null : {output}.fromRecord({record} as Map<String, Object?>)"
            ),
            in_json=False,
        )

    def count_output(self, model: Model) -> CountOutputView | None:
        to_many = [
            relation
            for relation in model.relations
            if relation.is_list and relation.target in self.type_names
        ]
        if not to_many:
            return None
        name = self.derived[model.name].count_output
        return CountOutputView(
            class_name=name,
            name_literal=naming.string_literal(name),
            fields=tuple(
                CountFieldView(
                    name=self.member_names[(model.name, relation.name)],
                    key=naming.string_literal(relation.name),
                    label=naming.string_literal(self.member_names[(model.name, relation.name)]),
                )
                for relation in to_many
            ),
        )

    def _field_view(
        self,
        prisma_name: str,
        name: DartIdentifier,
        dart_type: str,
        *,
        is_relation: bool,
        is_required: bool,
        from_json: str,
        to_json: str,
        omit_if_null: bool,
        deep: bool,
        documentation: str | None,
        from_record: str,
        in_json: bool = True,
    ) -> FieldView:
        this = f"this.{name}"
        if dart_type.endswith("?"):
            copy_param = f"Object? {name} = _undefined"
            cast = "" if dart_type == "Object?" else f" as {dart_type}"
            copy_value = f"identical({name}, _undefined) ? {this} : {name}{cast}"
        else:
            copy_param = f"{dart_type}? {name}"
            copy_value = f"{name} ?? {this}"
        if deep:
            equals = f"{_rt('deepEquals')}(other.{name}, {this})"
            hash_ = f"{_rt('deepHash')}({this})"
        else:
            equals = f"other.{name} == {this}"
            hash_ = this
        return FieldView(
            name=name,
            prisma_name=prisma_name,
            key=naming.string_literal(prisma_name),
            label=naming.string_literal(name),
            type=dart_type,
            is_relation=is_relation,
            is_required=is_required,
            copy_param=copy_param,
            copy_value=copy_value,
            from_json=from_json,
            to_json=to_json,
            omit_if_null=omit_if_null,
            in_json=in_json,
            from_record=from_record,
            equals=equals,
            hash=hash_,
            doc=naming.doc_comment(documentation),
        )

    # --- models ----------------------------------------------------------------------------------

    def model(self, model: Model) -> ModelView:
        fields = tuple(self.scalar_field(model, field) for field in model.fields) + tuple(
            self.relation_field(model, relation) for relation in model.relations
        )
        for field in fields:
            self.member_names[(model.name, field.prisma_name)] = field.name
        count_output = self.count_output(model)
        if count_output is not None:
            fields += (self.count_field(model),)
        dart_imports: set[str] = set()
        package_imports = {_META_IMPORT}
        relative_imports = {_import("../runtime/runtime.dart", f" as {RUNTIME_PREFIX}")}
        for field in model.fields:
            if field.scalar in _IMPORTS:
                line = _IMPORTS[field.scalar]
                (dart_imports if "'dart:" in line else package_imports).add(line)
            if field.enum is not None:
                relative_imports.add(_import(f"../enums/{self.file_names[field.enum]}"))
        for relation in model.relations:
            if relation.target != model.name:
                relative_imports.add(_import(self.file_names[relation.target]))
        groups = tuple(
            tuple(sorted(group))
            for group in (dart_imports, package_imports, relative_imports)
            if group
        )
        class_name = self.type_names[model.name]
        return ModelView(
            prisma_name=model.name,
            class_name=class_name,
            name_literal=naming.string_literal(class_name),
            path=MODELS_DIR / self.file_names[model.name],
            doc=naming.doc_comment(model.documentation),
            import_groups=groups,
            fields=fields,
            uses_sentinel=any(field.type.endswith("?") for field in fields),
            use_hash_all=not OBJECT_HASH_MIN <= len(fields) <= OBJECT_HASH_MAX,
            runtime_prefix=RUNTIME_PREFIX,
            count_output=count_output,
        )

    def package(self) -> PackageView:
        enums = tuple(self.enum(enum) for enum in self.schema.enums)
        models = tuple(self.model(model) for model in self.schema.client_models)
        clients = self.clients()
        self.problems.raise_if_any()
        client_builder = self.client_builder()
        client = client_builder.client(clients)
        lib = PurePosixPath("lib")
        paths = [item.path for item in (*enums, *models, *clients)]
        paths += [client.path, SCHEMA_PATH]
        exports = [
            naming.string_literal(path)
            for path in sorted(str(path.relative_to(lib)) for path in paths)
        ]
        return PackageView(
            package_name=self.config.package_name,
            library_path=lib / f"{self.config.package_name}.dart",
            exports=tuple(exports),
            runtime_exports=RUNTIME_EXPORTS + (SYNC_EXPORTS if client.sync else ()),
            models=models,
            enums=enums,
            schema=build_schema_view(self.schema),
            client=client,
            tests=build_test_view(self.schema, self.config.package_name, client_builder, clients),
            example_getter=clients[0].getter if clients else None,
        )

    def client_builder(self) -> ClientBuilder:
        return ClientBuilder(
            self.schema,
            self.type_names,
            self.file_names,
            self.member_names,
            self.derived,
            self.all_type_names,
        )

    def clients(self) -> tuple[ModelClientView, ...]:
        builder = self.client_builder()
        clients = tuple(builder.model(model) for model in self.schema.client_models)
        for generated, sources in _collisions(
            (client.prisma_name, client.getter) for client in clients
        ).items():
            self.problems.add(
                f"models {' and '.join(sources)} {_all(sources)} become the client getter "
                f"{generated}",
                model=sources[0],
            )
        return clients


def build_view(schema: Schema, config: GeneratorConfig) -> PackageView:
    """The whole package's view; raises GeneratorError(s) for names that cannot be generated."""
    return _Builder(schema, config).package()
