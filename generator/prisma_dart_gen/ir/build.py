"""DMMF -> IR. The only place where facts about the schema are derived."""

from __future__ import annotations

from ..dmmf import DmmfDatamodel, DmmfField, DmmfIndex, DmmfModel, GenerateParams
from ..errors import GeneratorError, GeneratorErrors
from . import names
from .defaults import classify_default
from .model import (
    WIRE_ENCODING,
    Enum_,
    EnumValue,
    Field,
    ForeignKey,
    Index,
    IndexKind,
    JoinColumn,
    JoinTable,
    Model,
    NativeType,
    PrimaryKey,
    Provider,
    ReferentialAction,
    Relation,
    RelationKind,
    ScalarType,
    Schema,
    Skipped,
    WireEncoding,
)
from .schema_text import foreign_key_names, skipped_by_prisma

_SCALARS = {scalar.value: scalar for scalar in ScalarType}


def _provider(params: GenerateParams) -> Provider:
    if not params.datasources:
        raise GeneratorError("the schema has no datasource block")
    source = params.datasources[0]
    name = source.active_provider or source.provider
    if name == "mongodb":
        raise GeneratorError(
            "MongoDB is not supported: the Dart client stores data in SQLite/IndexedDB tables and "
            "the server in SQL tables. Use sqlite, postgresql or mysql."
        )
    try:
        return Provider(name)
    except ValueError:
        raise GeneratorError(f"unsupported datasource provider {name!r}") from None


def _table(model: DmmfModel) -> str:
    return model.db_name or model.name


def _column(field: DmmfField) -> str:
    return field.db_name or field.name


class _Builder:
    def __init__(
        self, datamodel: DmmfDatamodel, provider: Provider, fk_names: dict[tuple[str, str], str]
    ):
        self.datamodel = datamodel
        self.fk_names = fk_names
        self.provider = provider
        self.models = {model.name: model for model in datamodel.models}
        self.enum_names = {enum.name for enum in datamodel.enums}
        self.skipped: list[Skipped] = []
        self.indexes: dict[str, list[DmmfIndex]] = {}
        for index in datamodel.indexes:
            self.indexes.setdefault(index.model, []).append(index)

    # --- enums -------------------------------------------------------------------------------

    def enum(self, enum) -> Enum_:
        return Enum_(
            name=enum.name,
            db_name=enum.db_name or enum.name,
            values=tuple(
                EnumValue(
                    name=value.name,
                    db_value=value.db_name or value.name,
                    documentation=value.documentation,
                )
                for value in enum.values
            ),
            documentation=enum.documentation,
        )

    # --- models ------------------------------------------------------------------------------

    def _columns(self, model: DmmfModel, field_names: list[str]) -> tuple[str, ...]:
        by_name = {field.name: field for field in model.fields}
        return tuple(_column(by_name[name]) for name in field_names)

    def primary_key(self, model: DmmfModel) -> PrimaryKey | None:
        table = _table(model)
        id_index = next(
            (index for index in self.indexes.get(model.name, []) if index.type == "id"), None
        )
        if model.primary_key is not None:
            fields = list(model.primary_key.fields)
            api_name = model.primary_key.name or "_".join(fields)
        else:
            fields = [field.name for field in model.fields if field.is_id]
            api_name = "_".join(fields)
        if not fields:
            return None
        constraint = (id_index.db_name if id_index else None) or names.primary_key_name(
            table, self.provider.max_identifier_length
        )
        return PrimaryKey(
            fields=tuple(fields),
            columns=self._columns(model, fields),
            api_name=api_name,
            constraint_name=constraint,
        )

    def model_indexes(self, model: DmmfModel) -> tuple[tuple[Index, ...], tuple[Index, ...]]:
        table = _table(model)
        limit = self.provider.max_identifier_length
        unique: list[Index] = []
        other: list[Index] = []
        for index in self.indexes.get(model.name, []):
            if index.type == "id":
                continue
            fields = [item.name for item in index.fields]
            columns = self._columns(model, fields)
            if index.type == "unique":
                default_name = names.unique_index_name(table, columns, limit)
                kind = IndexKind.UNIQUE
            else:
                default_name = names.index_name(table, columns, limit)
                kind = IndexKind.FULLTEXT if index.type == "fulltext" else IndexKind.NORMAL
            built = Index(
                kind=kind,
                fields=tuple(fields),
                columns=columns,
                api_name=index.name or "_".join(fields),
                constraint_name=index.db_name or default_name,
                sort_orders=tuple(item.sort_order for item in index.fields),
                algorithm=index.algorithm,
                operator_classes=tuple(item.operator_class for item in index.fields),
                lengths=tuple(item.length for item in index.fields),
            )
            (unique if kind is IndexKind.UNIQUE else other).append(built)
        return tuple(unique), tuple(other)

    def scalar_field(
        self,
        model: DmmfModel,
        field: DmmfField,
        pk_fields: set[str],
        unique_fields: set[str],
        fk_fields: set[str],
    ) -> Field:
        scalar = _SCALARS.get(field.type) if field.kind == "scalar" else None
        if field.kind == "scalar" and scalar is None:
            raise GeneratorError(
                f"unknown scalar type {field.type!r}", model=model.name, field=field.name
            )
        if field.kind == "enum" and field.type not in self.enum_names:
            raise GeneratorError(f"unknown enum {field.type!r}", model=model.name, field=field.name)
        native = None
        if field.native_type:
            native = NativeType(
                name=str(field.native_type[0]),
                args=tuple(
                    str(arg) for arg in (field.native_type[1] if len(field.native_type) > 1 else [])
                ),
            )
        return Field(
            name=field.name,
            column=_column(field),
            type_name=field.type,
            scalar=scalar,
            enum=field.type if field.kind == "enum" else None,
            wire=WIRE_ENCODING[scalar] if scalar else WireEncoding.ENUM,
            is_list=field.is_list,
            is_optional=not field.is_required and not field.is_list,
            is_id=field.name in pk_fields,
            is_unique=field.name in unique_fields,
            is_updated_at=field.is_updated_at,
            is_foreign_key=field.name in fk_fields,
            default=classify_default(field, scalar, model.name),
            native_type=native,
            documentation=field.documentation,
        )

    def _other_side(self, model: DmmfModel, field: DmmfField) -> DmmfField:
        target = self.models[field.type]
        candidates = [
            other
            for other in target.fields
            if other.kind == "object"
            and other.relation_name == field.relation_name
            and not (target.name == model.name and other.name == field.name)
        ]
        if len(candidates) != 1:
            raise GeneratorError(
                f"cannot find the other side of relation {field.relation_name!r}",
                model=model.name,
                field=field.name,
            )
        return candidates[0]

    def _is_side_a(self, model: DmmfModel, field: DmmfField, other: DmmfField) -> bool:
        # Prisma: side A is the model whose name sorts first; in a self-relation, the field whose
        # name sorts first.
        if model.name != field.type:
            return model.name < field.type
        return field.name < other.name

    def relation(self, model: DmmfModel, field: DmmfField) -> Relation:
        other = self._other_side(model, field)
        holds_fk = bool(field.relation_from_fields)
        if field.is_list and other.is_list:
            kind = RelationKind.MANY_TO_MANY
        elif field.is_list:
            kind = RelationKind.ONE_TO_MANY
        elif other.is_list:
            kind = RelationKind.MANY_TO_ONE
        else:
            kind = RelationKind.ONE_TO_ONE
        on_delete = on_update = None
        if holds_fk:
            on_delete = ReferentialAction(
                field.relation_on_delete or ("Restrict" if field.is_required else "SetNull")
            )
            on_update = ReferentialAction(field.relation_on_update or "Cascade")
        join_table = join_column = None
        if kind is RelationKind.MANY_TO_MANY:
            join_table = names.join_table_name(field.relation_name or "")
            join_column = "A" if self._is_side_a(model, field, other) else "B"
        return Relation(
            name=field.name,
            relation_name=field.relation_name or "",
            target=field.type,
            kind=kind,
            is_list=field.is_list,
            is_optional=not field.is_required and not field.is_list,
            is_self=field.type == model.name,
            holds_foreign_key=holds_fk,
            fields=tuple(field.relation_from_fields or ()),
            references=tuple(field.relation_to_fields or ()),
            on_delete=on_delete,
            on_update=on_update,
            back_relation=other.name,
            join_table=join_table,
            join_column=join_column,
            documentation=field.documentation,
        )

    def foreign_key(self, model: DmmfModel, relation: Relation) -> ForeignKey:
        target = self.models[relation.target]
        columns = self._columns(model, list(relation.fields))
        assert relation.on_delete is not None and relation.on_update is not None
        return ForeignKey(
            columns=columns,
            referenced_table=_table(target),
            referenced_columns=self._columns(target, list(relation.references)),
            on_delete=relation.on_delete,
            on_update=relation.on_update,
            constraint_name=self.fk_names.get((model.name, relation.name))
            or names.foreign_key_name(_table(model), columns, self.provider.max_identifier_length),
        )

    def model(self, model: DmmfModel) -> Model:
        primary_key = self.primary_key(model)
        unique, other_indexes = self.model_indexes(model)
        pk_fields = set(primary_key.fields) if primary_key else set()
        unique_fields = {index.fields[0] for index in unique if len(index.fields) == 1}
        fk_fields = {
            name
            for field in model.fields
            if field.kind == "object"
            for name in (field.relation_from_fields or ())
        }
        fields: list[Field] = []
        relations: list[Relation] = []
        for field in model.fields:
            if field.kind == "object":
                relations.append(self.relation(model, field))
            elif field.kind in ("scalar", "enum"):
                fields.append(self.scalar_field(model, field, pk_fields, unique_fields, fk_fields))
            else:
                self.skipped.append(
                    Skipped(model.name, field.name, f"{field.kind} field of type {field.type}")
                )
        identity = self.identity(model, primary_key, unique)
        return Model(
            name=model.name,
            table=_table(model),
            fields=tuple(fields),
            relations=tuple(relations),
            primary_key=primary_key,
            identity=identity,
            unique_indexes=unique,
            indexes=other_indexes,
            foreign_keys=tuple(
                self.foreign_key(model, relation)
                for relation in relations
                if relation.holds_foreign_key
            ),
            documentation=model.documentation,
        )

    def identity(
        self, model: DmmfModel, primary_key: PrimaryKey | None, unique: tuple[Index, ...]
    ) -> tuple[str, ...]:
        if primary_key is not None:
            return primary_key.fields
        required = {field.name for field in model.fields if field.is_required}
        for index in unique:
            if set(index.fields) <= required:
                return index.fields
        raise GeneratorError(
            "has no @id, @@id, or @unique/@@unique over required fields: rows could not be "
            "addressed for updates, deletes or sync",
            model=model.name,
        )

    def join_tables(self, models: tuple[Model, ...]) -> tuple[JoinTable, ...]:
        by_name = {model.name: model for model in models}
        tables: dict[str, JoinTable] = {}
        primary = self.provider.join_table_key_is_primary
        for model in models:
            for relation in model.relations:
                if relation.join_table is None or relation.join_table in tables:
                    continue
                if relation.join_column != "A":
                    continue  # built from side A; every m-n relation has exactly one side A
                target = by_name[relation.target]
                name = relation.join_table
                tables[name] = JoinTable(
                    name=name,
                    relation_name=relation.relation_name,
                    a=self._join_column(name, "A", model),
                    b=self._join_column(name, "B", target),
                    ab_key_name=f"{name}_AB_{'pkey' if primary else 'unique'}",
                    ab_key_is_primary=primary,
                    b_index_name=f"{name}_B_index",
                )
        return tuple(tables[name] for name in sorted(tables))

    def _join_column(self, table: str, side: str, model: Model) -> JoinColumn:
        if model.primary_key is None or model.primary_key.is_composite:
            raise GeneratorError(
                "implicit many-to-many relations need a single-field id on both models",
                model=model.name,
            )
        field = model.primary_key.fields[0]
        return JoinColumn(
            name=side,
            model=model.name,
            references_field=field,
            references_column=model.primary_key.columns[0],
            constraint_name=f"{table}_{side}_fkey",
        )


def build_schema(params: GenerateParams) -> Schema:
    provider = _provider(params)
    datamodel = params.dmmf.datamodel
    if datamodel.types:
        raise GeneratorError(
            "composite types (`type` blocks) are not supported: "
            + ", ".join(sorted(t.name for t in datamodel.types))
        )
    builder = _Builder(datamodel, provider, foreign_key_names(params.datamodel))
    problems: list[str] = []
    models: list[Model] = []
    for model in datamodel.models:
        try:
            models.append(builder.model(model))
        except GeneratorError as exc:
            problems.append(str(exc).split(": ", 1)[1])
    if problems:
        raise GeneratorErrors("the schema cannot be generated:", problems)
    builder.skipped.extend(skipped_by_prisma(params.datamodel))
    model_tuple = tuple(models)
    return Schema(
        provider=provider,
        models=model_tuple,
        enums=tuple(builder.enum(enum) for enum in datamodel.enums),
        join_tables=builder.join_tables(model_tuple),
        skipped=tuple(builder.skipped),
    )
