"""The normalized schema: every fact the backends need, derived once.

Language-neutral: physical names, relation shapes, key and index definitions with Prisma's
constraint names, default kinds and who fills them, wire encodings. Per-language identifiers are
settled by each backend's naming module while it builds its view of this IR.
All collections are tuples and every class is frozen, so nothing downstream can change a fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..sync_models import BOOKKEEPING_MODELS

if TYPE_CHECKING:
    from .sync import SyncPlan


class Provider(str, Enum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"
    MYSQL = "mysql"
    COCKROACHDB = "cockroachdb"
    SQLSERVER = "sqlserver"

    @property
    def max_identifier_length(self) -> int:
        # Prisma's connectors (psl builtin_connectors, `max_identifier_length`).
        return {"postgresql": 63, "cockroachdb": 63, "mysql": 64, "sqlserver": 128}.get(
            self.value, 10000
        )

    @property
    def has_scalar_lists(self) -> bool:
        return self in (Provider.POSTGRESQL, Provider.COCKROACHDB)

    @property
    def has_native_enums(self) -> bool:
        return self in (Provider.POSTGRESQL, Provider.COCKROACHDB)

    @property
    def join_table_key_is_primary(self) -> bool:
        """Implicit m-n tables: a primary key on (A, B) here, a unique index elsewhere."""
        return self in (Provider.POSTGRESQL, Provider.COCKROACHDB)


class ScalarType(str, Enum):
    STRING = "String"
    INT = "Int"
    BIGINT = "BigInt"
    FLOAT = "Float"
    DECIMAL = "Decimal"
    BOOLEAN = "Boolean"
    DATETIME = "DateTime"
    JSON = "Json"
    BYTES = "Bytes"


class WireEncoding(str, Enum):
    """How a value travels as JSON between the Dart client and the server (sync-protocol.md)."""

    STRING = "string"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"  # ISO-8601 UTC with milliseconds and `Z`
    BIGINT = "bigint"  # decimal string
    DECIMAL = "decimal"  # decimal string
    BYTES = "bytes"  # base64
    JSON = "json"  # the JSON value itself
    ENUM = "enum"  # the Prisma name of the value


WIRE_ENCODING = {
    ScalarType.STRING: WireEncoding.STRING,
    ScalarType.INT: WireEncoding.INT,
    ScalarType.BIGINT: WireEncoding.BIGINT,
    ScalarType.FLOAT: WireEncoding.FLOAT,
    ScalarType.DECIMAL: WireEncoding.DECIMAL,
    ScalarType.BOOLEAN: WireEncoding.BOOL,
    ScalarType.DATETIME: WireEncoding.DATETIME,
    ScalarType.JSON: WireEncoding.JSON,
    ScalarType.BYTES: WireEncoding.BYTES,
}


class DefaultKind(str, Enum):
    AUTOINCREMENT = "autoincrement"
    SEQUENCE = "sequence"  # CockroachDB
    DBGENERATED = "dbgenerated"
    NOW = "now"
    UUID = "uuid"
    CUID = "cuid"
    NANOID = "nanoid"
    ULID = "ulid"
    LITERAL = "literal"


class FilledBy(str, Enum):
    """Who computes a default: the database, or the client writing the row (like Prisma Client)."""

    DATABASE = "database"
    CLIENT = "client"


@dataclass(frozen=True)
class Default:
    kind: DefaultKind
    filled_by: FilledBy
    # uuid: 4 or 7; cuid: 1 or 2; nanoid: length (21 when not given).
    version: int | None = None
    # LITERAL: the Python value (str, int, float, bool, decimal.Decimal, enum value name, a Json
    # value parsed from its text, or a tuple of those for lists). DBGENERATED: the SQL expression.
    value: Any = None
    # LITERAL Json: the text exactly as written in the schema.
    json_text: str | None = None


class ReferentialAction(str, Enum):
    CASCADE = "Cascade"
    RESTRICT = "Restrict"
    NO_ACTION = "NoAction"
    SET_NULL = "SetNull"
    SET_DEFAULT = "SetDefault"

    @property
    def sql(self) -> str:
        return {
            "Cascade": "CASCADE",
            "Restrict": "RESTRICT",
            "NoAction": "NO ACTION",
            "SetNull": "SET NULL",
            "SetDefault": "SET DEFAULT",
        }[self.value]


@dataclass(frozen=True)
class NativeType:
    name: str  # e.g. "Timestamptz", "VarChar", "Uuid"
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """A scalar or enum field (relation fields are `Relation`s)."""

    name: str
    column: str
    type_name: str  # the scalar type's name or the enum's name
    scalar: ScalarType | None  # None for enum fields
    enum: str | None  # the enum's Prisma name for enum fields
    wire: WireEncoding
    is_list: bool
    is_optional: bool
    is_id: bool  # part of the primary key
    is_unique: bool  # alone in a unique constraint (@unique)
    is_updated_at: bool
    is_foreign_key: bool  # one of a relation's `fields:`
    default: Default | None
    native_type: NativeType | None
    documentation: str | None

    @property
    def has_default(self) -> bool:
        return self.default is not None or self.is_updated_at

    @property
    def is_required_on_create(self) -> bool:
        """A create must give it: not nullable, no default of any kind, no @updatedAt, no list."""
        return not (self.is_optional or self.has_default or self.is_list)


class RelationKind(str, Enum):
    """The relation's shape seen from the field's side."""

    ONE_TO_ONE = "one_to_one"
    MANY_TO_ONE = "many_to_one"  # this side holds the foreign key; the other side is a list
    ONE_TO_MANY = "one_to_many"  # this side is the list
    MANY_TO_MANY = "many_to_many"  # implicit m-n through a join table


@dataclass(frozen=True)
class Relation:
    """A relation field: `author User @relation(...)`, `posts Post[]`."""

    name: str  # the field's name
    relation_name: str  # Prisma's relation name (shared by both sides)
    target: str  # the other model's name
    kind: RelationKind
    is_list: bool
    is_optional: bool
    is_self: bool
    holds_foreign_key: bool
    fields: tuple[str, ...]  # this model's scalar fields holding the key (if holds_foreign_key)
    references: tuple[str, ...]  # the target's fields they reference
    on_delete: ReferentialAction | None  # effective action (Prisma's defaults applied), FK side
    on_update: ReferentialAction | None
    back_relation: str  # the field on `target` for the other side
    join_table: str | None  # implicit m-n: the join table's name
    join_column: str | None  # implicit m-n: "A" or "B", the column that references THIS model
    documentation: str | None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    referenced_table: str
    referenced_columns: tuple[str, ...]
    on_delete: ReferentialAction
    on_update: ReferentialAction
    constraint_name: str


class IndexKind(str, Enum):
    UNIQUE = "unique"
    NORMAL = "normal"
    FULLTEXT = "fulltext"


@dataclass(frozen=True)
class Index:
    kind: IndexKind
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    # Prisma's name for a compound unique input (`@@unique(name: ...)`, else fields joined by "_").
    api_name: str
    constraint_name: str  # `map:` or Prisma's default name
    sort_orders: tuple[str | None, ...] = ()
    # `type:` of @@index (PostgreSQL: "BTree", "Hash", "Gin", "Gist", "SpGist", "Brin"), if given.
    algorithm: str | None = None
    # Per field: `ops:` as Prisma sends it ("ArrayOps", or the text of `raw("...")`), else None.
    operator_classes: tuple[str | None, ...] = ()
    # Per field: `length:` (MySQL prefix length), else None.
    lengths: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class PrimaryKey:
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    api_name: str  # `@@id(name: ...)` or fields joined by "_"
    constraint_name: str

    @property
    def is_composite(self) -> bool:
        return len(self.fields) > 1


@dataclass(frozen=True)
class Model:
    name: str
    table: str
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...]
    primary_key: PrimaryKey | None  # None: Prisma allows a model identified by a unique instead
    # The fields that address one row: the primary key's, else (as Prisma Client does) those of the
    # first unique criterion whose fields are all required.
    identity: tuple[str, ...]
    unique_indexes: tuple[Index, ...]  # @unique and @@unique
    indexes: tuple[Index, ...]  # @@index and @@fulltext
    foreign_keys: tuple[ForeignKey, ...]
    documentation: str | None

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.name}.{name}")


@dataclass(frozen=True)
class EnumValue:
    name: str  # the Prisma name: used on the wire and in the APIs
    db_value: str  # what is stored (`@map`)
    documentation: str | None


@dataclass(frozen=True)
class Enum_:
    name: str
    db_name: str  # the PostgreSQL type name (`@@map`)
    values: tuple[EnumValue, ...]
    documentation: str | None


@dataclass(frozen=True)
class JoinColumn:
    name: str  # "A" or "B"
    model: str  # the model it references
    references_field: str  # that model's (single-field) primary key
    references_column: str
    constraint_name: str  # the foreign key's name


@dataclass(frozen=True)
class JoinTable:
    """An implicit many-to-many relation's table: `_CategoryToPost(A, B)`."""

    name: str
    relation_name: str
    a: JoinColumn
    b: JoinColumn
    # PostgreSQL/CockroachDB: primary key `_X_AB_pkey`; SQLite/MySQL: unique index `_X_AB_unique`.
    ab_key_name: str
    ab_key_is_primary: bool
    b_index_name: str


@dataclass(frozen=True)
class Skipped:
    """Something the generator leaves out, reported to the user (never silently)."""

    model: str
    field: str | None
    reason: str


@dataclass(frozen=True)
class Schema:
    provider: Provider
    models: tuple[Model, ...]
    enums: tuple[Enum_, ...]
    join_tables: tuple[JoinTable, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    sync: SyncPlan | None = None  # set when the generator block has `syncScope`

    @property
    def client_models(self) -> tuple[Model, ...]:
        """The models the Dart client exposes: all but the server's sync bookkeeping."""
        if self.sync is None:
            return self.models
        return tuple(model for model in self.models if model.name not in BOOKKEEPING_MODELS)

    def model(self, name: str) -> Model:
        for candidate in self.models:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def enum(self, name: str) -> Enum_:
        for candidate in self.enums:
            if candidate.name == name:
                return candidate
        raise KeyError(name)
