"""The schema as the sync engine uses it, read from the generated ``sync_schema`` module.

``load_spec(sync_schema, tables, models)`` joins three generated modules: the plain data of
``sync_schema`` (models, fields, scope paths, relations, join tables), the SQLAlchemy tables of
``tables`` and the wire models of ``models`` (whose field types validate values). Everything the
engine asks about the schema is answered here, once, when the package is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Annotated, Any

import pydantic
import sqlalchemy as sa

NUMERIC_KINDS = frozenset({"Int", "BigInt", "Float", "Decimal"})
CLIENT_ID_KINDS = frozenset({"uuid", "cuid", "nanoid", "ulid"})


@dataclass(frozen=True)
class DefaultSpec:
    kind: str  # autoincrement, sequence, dbgenerated, now, uuid, cuid, nanoid, ulid, literal
    filled_by: str  # "client" (Prisma Client fills it, so we do) or "database"
    version: int | None = None  # uuid 4|7, cuid 1|2, nanoid length
    value: Any = None  # literal: the Python value


@dataclass(frozen=True)
class FieldSpec:
    name: str
    column: str
    kind: str  # Prisma scalar type name, or "Enum"
    enum: str | None
    nullable: bool
    is_list: bool
    updated_at: bool
    default: DefaultSpec | None
    annotation: Any  # the wire type (from the generated model): validates and converts

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS and not self.is_list

    @property
    def filled_by_server(self) -> bool:
        """The server may fill it when a create leaves it out."""
        return (
            self.nullable
            or self.is_list
            or self.updated_at
            or self.default is not None  # client-side or database default
        )


@dataclass(frozen=True)
class Hop:
    """One step of a scope path: this model's `fields` reference `target`'s `references`."""

    model: str
    relation: str
    fields: tuple[str, ...]
    target: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    table: sa.Table
    synced: bool
    key: tuple[str, ...]
    offline_create: bool
    path: tuple[Hop, ...]
    fields: dict[str, FieldSpec]
    wire_model: type[pydantic.BaseModel]

    @property
    def depth(self) -> int:
        return len(self.path)

    def field(self, name: str) -> FieldSpec:
        return self.fields[name]


@dataclass(frozen=True)
class RelationSpec:
    model: str  # holds the foreign key
    relation: str
    fields: tuple[str, ...]
    target: str
    references: tuple[str, ...]
    on_delete: str  # Cascade, Restrict, NoAction, SetNull, SetDefault
    on_update: str


@dataclass(frozen=True)
class JoinSide:
    column: str  # "A" or "B"
    model: str
    field: str  # the referenced (single-field) key


@dataclass(frozen=True)
class JoinSpec:
    name: str
    table: sa.Table
    synced: bool
    a: JoinSide
    b: JoinSide

    @property
    def sides(self) -> tuple[JoinSide, JoinSide]:
        return (self.a, self.b)


@dataclass
class SyncSpec:
    schema_version: str
    scope_model: str
    scope_key: str
    provider: str
    models: dict[str, ModelSpec]
    relations: tuple[RelationSpec, ...]
    joins: dict[str, JoinSpec]
    change_table: sa.Table  # SyncChange
    scope_table: sa.Table  # SyncScope
    client_table: sa.Table  # SyncClient
    _relations_to: dict[str, tuple[RelationSpec, ...]] = field(default_factory=dict)
    _relations_of: dict[str, tuple[RelationSpec, ...]] = field(default_factory=dict)
    _joins_of: dict[str, tuple[tuple[JoinSpec, JoinSide], ...]] = field(default_factory=dict)
    _descendants: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    _derived: dict[tuple, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.models:
            self._relations_to[name] = tuple(r for r in self.relations if r.target == name)
            self._relations_of[name] = tuple(r for r in self.relations if r.model == name)
            self._joins_of[name] = tuple(
                (join, side)
                for join in self.joins.values()
                for side in join.sides
                if side.model == name
            )
            self._descendants[name] = tuple(
                (model.name, index)
                for model in self.models.values()
                if model.synced
                for index, hop in enumerate(model.path)
                if hop.target == name
            )

    def derived(self, key: tuple, build: Callable[[], Any]) -> Any:
        """An object built once from this spec by another module (a query shape), by `key`.

        Thread-safe enough: two threads may both build it; one result wins, both are equal.
        """
        found = self._derived.get(key)
        if found is None:
            found = self._derived.setdefault(key, build())
        return found

    @property
    def scope(self) -> ModelSpec:
        return self.models[self.scope_model]

    def relations_to(self, model: str) -> tuple[RelationSpec, ...]:
        """Foreign keys that reference `model` (their actions run when its rows change)."""
        return self._relations_to[model]

    def relations_of(self, model: str) -> tuple[RelationSpec, ...]:
        """Foreign keys that `model` holds."""
        return self._relations_of[model]

    def joins_of(self, model: str) -> tuple[tuple[JoinSpec, JoinSide], ...]:
        """Implicit m-n tables with an end at `model` (self-relations give two entries)."""
        return self._joins_of[model]

    def descendants(self, model: str) -> tuple[tuple[str, int], ...]:
        """(synced model, hop index) whose scope path reaches `model` at that hop."""
        return self._descendants[model]

    def scope_fields(self, model: ModelSpec) -> tuple[str, ...]:
        """The fields whose change can move a row of `model` to another scope."""
        return model.path[0].fields if model.path else model.key


def _annotations(wire_model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """Prisma field name -> its full type in the generated wire model (with the constraints
    pydantic keeps apart in `metadata`: strictness, ranges, validators)."""
    result = {}
    for ident, info in wire_model.model_fields.items():
        annotation = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        result[info.alias or ident] = annotation
    return result


def _default(data: dict[str, Any] | None, annotation: Any) -> DefaultSpec | None:
    if data is None:
        return None
    value = None
    if data["kind"] == "literal":
        raw = data["value"]
        try:
            value = pydantic.TypeAdapter(annotation).validate_python(raw)
        except pydantic.ValidationError:
            value = raw  # e.g. a DateTime literal Prisma reads leniently: kept as written
    return DefaultSpec(data["kind"], data["filledBy"], data.get("version"), value)


def load_spec(
    sync_schema: ModuleType, tables: ModuleType, models: ModuleType, *, provider: str
) -> SyncSpec:
    """The spec of a generated package from its `sync_schema`, `tables` and `models` modules."""
    specs: dict[str, ModelSpec] = {}
    for name, data in sync_schema.MODELS.items():
        wire_model = models.MODELS[name]
        annotations = _annotations(wire_model)
        fields = {
            fname: FieldSpec(
                name=fname,
                column=fdata["column"],
                kind=fdata["kind"],
                enum=fdata["enum"],
                nullable=fdata["nullable"],
                is_list=fdata["list"],
                updated_at=fdata["updatedAt"],
                default=_default(fdata["default"], annotations[fname]),
                annotation=annotations[fname],
            )
            for fname, fdata in data["fields"].items()
        }
        path = []
        source = name
        for hop in data["path"]:
            path.append(
                Hop(
                    source,
                    hop["relation"],
                    tuple(hop["fields"]),
                    hop["target"],
                    tuple(hop["references"]),
                )
            )
            source = hop["target"]
        specs[name] = ModelSpec(
            name=name,
            table=tables.tables[name],
            synced=data["synced"],
            key=tuple(data["key"]),
            offline_create=data["offlineCreate"],
            path=tuple(path),
            fields=fields,
            wire_model=wire_model,
        )
    relations = tuple(
        RelationSpec(
            model=item["model"],
            relation=item["relation"],
            fields=tuple(item["fields"]),
            target=item["target"],
            references=tuple(item["references"]),
            on_delete=item["onDelete"],
            on_update=item["onUpdate"],
        )
        for item in sync_schema.RELATIONS
    )
    joins = {
        name: JoinSpec(
            name=name,
            table=tables.join_tables[name],
            synced=data["synced"],
            a=JoinSide("A", data["A"]["model"], data["A"]["field"]),
            b=JoinSide("B", data["B"]["model"], data["B"]["field"]),
        )
        for name, data in sync_schema.JOIN_TABLES.items()
    }
    return SyncSpec(
        schema_version=sync_schema.SCHEMA_VERSION,
        scope_model=sync_schema.SCOPE_MODEL,
        scope_key=sync_schema.SCOPE_KEY,
        provider=provider,
        models=specs,
        relations=relations,
        joins=joins,
        change_table=tables.tables["SyncChange"],
        scope_table=tables.tables["SyncScope"],
        client_table=tables.tables["SyncClient"],
    )


__all__ = [
    "DefaultSpec",
    "FieldSpec",
    "Hop",
    "JoinSide",
    "JoinSpec",
    "ModelSpec",
    "RelationSpec",
    "SyncSpec",
    "load_spec",
]
