"""SQLAlchemy column types that read and write values exactly as Prisma Client does.

The generated ``tables.py`` uses these where SQLAlchemy's own types would store something else
(another text format, another declared type). Each type keeps the column's declared SQL type as
Prisma Migrate creates it, so ``metadata.create_all`` builds the same physical layout.

Python values: ``datetime`` (timezone-aware; stored in UTC), ``decimal.Decimal``, ``int``,
``float``, ``bool``, ``bytes``, ``str``, any JSON value, and the generated enums' members.
Naive datetimes are refused: Prisma stores UTC, and guessing a time zone corrupts data silently.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, DefaultClause
from sqlalchemy.types import TypeDecorator, UserDefinedType

from .enums import PrismaEnum, db_values

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)

# Store JSON `null` (not SQL NULL) in a Json column: `table.insert().values(data=JSON_NULL)`.
# Python `None` is SQL NULL, as for every other type.
JSON_NULL = sa.JSON.NULL

SQLITE_DATETIME_FORMATS = ("iso8601", "unixepoch-ms")


# --- server defaults ----------------------------------------------------------------------------


class SQL(sa.sql.elements.TextClause):
    """A server default written verbatim, as Prisma Migrate writes it (no bind parameters).

    Unlike ``sa.text``, a ``:name`` inside is not a bind parameter, and on SQLite and MySQL the
    text is not wrapped in parentheses: ``DEFAULT -7``, exactly like Prisma's DDL.
    """

    inherit_cache = True

    def __init__(self, sql: str) -> None:
        super().__init__(sql)
        self._bindparams = {}


@compiles(SQL)
def _compile_sql(element: SQL, compiler: Any, **kw: Any) -> str:
    return compiler.post_process_text(element.text)


@compiles(CreateColumn, "sqlite")
@compiles(CreateColumn, "mysql")
@compiles(CreateColumn, "mariadb")
def _verbatim_default(element: CreateColumn, compiler: Any, **kw: Any) -> str | None:
    # SQLAlchemy's SQLite and MySQL DDL wrap a default that contains a non-word character in
    # parentheses (`DEFAULT (-7)`); Prisma writes `DEFAULT -7`. Undo that for our defaults only.
    text = compiler.visit_create_column(element, **kw)
    column = element.element
    default = column.server_default
    if text is None or not (isinstance(default, DefaultClause) and isinstance(default.arg, SQL)):
        return text
    rendered = compiler.get_column_default_string(column)
    return text.replace(f" DEFAULT ({rendered})", f" DEFAULT {rendered}", 1)


# --- declared types -----------------------------------------------------------------------------


class DeclaredType(UserDefinedType):
    """A column type known only by its declared SQL (``DATETIME``, ``JSONB`` on SQLite, ...).

    No value processing: the driver's values pass through unchanged.
    """

    cache_ok = True

    def __init__(self, sql: str) -> None:
        self.sql = sql

    def get_col_spec(self, **kw: Any) -> str:
        return self.sql


class Serial(sa.Integer):
    """INTEGER filled by a sequence: ``SERIAL`` on PostgreSQL (``@default(autoincrement())``)."""


class BigSerial(sa.BigInteger):
    """BIGINT filled by a sequence: ``BIGSERIAL`` on PostgreSQL."""


class SmallSerial(sa.SmallInteger):
    """SMALLINT filled by a sequence: ``SMALLSERIAL`` on PostgreSQL."""


@compiles(Serial, "postgresql")
def _serial(type_: Serial, compiler: Any, **kw: Any) -> str:
    return "SERIAL"


@compiles(BigSerial, "postgresql")
def _bigserial(type_: BigSerial, compiler: Any, **kw: Any) -> str:
    return "BIGSERIAL"


@compiles(SmallSerial, "postgresql")
def _smallserial(type_: SmallSerial, compiler: Any, **kw: Any) -> str:
    return "SMALLSERIAL"


# --- DateTime -----------------------------------------------------------------------------------

_DATETIME_TEXT = re.compile(
    r"^(\d{4,})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$"
)


def parse_datetime_text(text: str) -> dt.datetime:
    """Read a stored or sent date-time text; without an offset it is UTC.

    Accepts what Prisma writes and reads on SQLite: ``2026-11-23T03:39:06.080+00:00``,
    ``...Z``, ``2020-01-02 03:04:05.678 +00:00`` (Prisma's DDL default format),
    ``2026-11-23 03:39:06`` (``CURRENT_TIMESTAMP``) and a bare ``2026-11-23``.
    """
    match = _DATETIME_TEXT.match(text.strip())
    if match is None:
        raise ValueError(f"not a date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = UTC
    if offset and offset not in ("Z", "z"):
        digits = offset[1:].replace(":", "")
        delta = dt.timedelta(
            hours=int(digits[0:2]), minutes=int(digits[2:4] or 0), seconds=int(digits[4:6] or 0)
        )
        tz = dt.timezone(-delta if offset[0] == "-" else delta)
    value = dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
        tzinfo=tz,
    )
    return value.astimezone(UTC)


def to_utc(value: Any) -> dt.datetime:
    """An aware datetime converted to UTC; TypeError for anything else (naive included)."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a timezone-aware datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: give it a time zone (UTC)")
    return value.astimezone(UTC)


def iso8601_ms(value: dt.datetime) -> str:
    """What Prisma writes on SQLite: ``2026-11-23T03:39:06.080+00:00``."""
    return to_utc(value).isoformat(timespec="milliseconds")


def unix_ms(value: dt.datetime) -> int:
    return (to_utc(value) - EPOCH) // dt.timedelta(milliseconds=1)


def from_unix_ms(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(milliseconds=value)


class _DateTimeColumn(TypeDecorator):
    """A Prisma DateTime column: Python values are aware UTC ``datetime``s, whatever is stored.

    Each concrete subclass still sets ``cache_ok = True`` itself: SQLAlchemy reads it from the
    class's own ``__dict__``, not from its bases.
    """

    @property
    def python_type(self) -> type:
        return dt.datetime


class _PgClockColumn(_DateTimeColumn):
    """PostgreSQL ``TIMESTAMP``/``TIME``: a precision, with or without a time zone."""

    def __init__(self, precision: int | None = None, timezone: bool = False) -> None:
        super().__init__(timezone=timezone, precision=precision)
        self.precision = precision
        self.timezone = timezone


class SqliteDateTime(_DateTimeColumn):
    """SQLite ``DATETIME`` written as Prisma's libSQL adapter writes it.

    ``iso8601`` (Prisma's default): TEXT ``2026-11-23T03:39:06.080+00:00``. ``unixepoch-ms``: the
    integer milliseconds since 1970 (adapter option ``timestampFormat: 'unixepoch-ms'``). Reading
    accepts both, whatever the setting, and every text format in ``parse_datetime_text``.
    Prisma compares the raw stored values in WHERE / ORDER BY, so writing one exact format matters.
    """

    impl = DeclaredType
    cache_ok = True

    def __init__(self, storage: str = "iso8601") -> None:
        if storage not in SQLITE_DATETIME_FORMATS:
            raise ValueError(f"storage must be one of {SQLITE_DATETIME_FORMATS}, not {storage!r}")
        super().__init__("DATETIME")
        self.storage = storage

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return unix_ms(value) if self.storage == "unixepoch-ms" else iso8601_ms(value)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return from_unix_ms(int(value))
        if isinstance(value, bytes):
            value = value.decode()
        return parse_datetime_text(str(value))


class PgDateTime(_PgClockColumn):
    """PostgreSQL ``TIMESTAMP(p)`` holding the UTC wall clock, or ``TIMESTAMPTZ(p)``."""

    impl = postgresql.TIMESTAMP
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        utc = to_utc(value)
        return utc if self.timezone else utc.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class PgDate(_DateTimeColumn):
    """PostgreSQL ``DATE`` (``@db.Date``): a DateTime at midnight UTC, as Prisma reads it."""

    impl = sa.Date
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        return to_utc(value).date()

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)


class PgTime(_PgClockColumn):
    """PostgreSQL ``TIME(p)`` / ``TIMETZ(p)`` (``@db.Time``): a DateTime on 1970-01-01 UTC."""

    impl = postgresql.TIME
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        utc = to_utc(value)
        return utc.timetz() if self.timezone else utc.time()

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        moment = dt.datetime.combine(dt.date(1970, 1, 1), value.replace(tzinfo=None))
        offset = value.utcoffset() if value.tzinfo is not None else None
        return (moment - offset).replace(tzinfo=UTC) if offset else moment.replace(tzinfo=UTC)


class MysqlDateTime(_DateTimeColumn):
    """MySQL ``DATETIME(fsp)`` / ``TIMESTAMP(fsp)`` holding the UTC wall clock."""

    impl = mysql.DATETIME
    cache_ok = True

    def __init__(self, fsp: int | None = 3, timestamp: bool = False) -> None:
        super().__init__(fsp=fsp)
        if timestamp:
            self.impl = mysql.TIMESTAMP(fsp=fsp)
        self.fsp = fsp
        self.timestamp = timestamp

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return to_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- Decimal, Json, enums on SQLite ---------------------------------------------------------------


def _as_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise TypeError("expected a Decimal, got bool")
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        return decimal.Decimal(repr(value))
    if isinstance(value, str):
        return decimal.Decimal(value)
    raise TypeError(f"expected a Decimal, got {type(value).__name__}")


class SqliteDecimal(TypeDecorator):
    """SQLite ``DECIMAL``. Prisma stores Decimal there as a floating-point number.

    So does this type: precision beyond a double's ~15-17 significant digits is lost on SQLite,
    exactly as with Prisma Client. Reading gives the shortest Decimal that round-trips the double
    (a stored 0.1 reads as ``Decimal("0.1")``).
    """

    impl = DeclaredType
    cache_ok = True

    def __init__(self) -> None:
        super().__init__("DECIMAL")

    @property
    def python_type(self) -> type:
        return decimal.Decimal

    def process_bind_param(self, value: Any, dialect: Any) -> float | None:
        if value is None:
            return None
        number = _as_decimal(value)
        if not number.is_finite():
            raise ValueError(f"cannot store {number} in a Decimal column")
        return float(number)

    def process_result_value(self, value: Any, dialect: Any) -> decimal.Decimal | None:
        if value is None:
            return None
        if isinstance(value, bytes):
            value = value.decode()
        return _as_decimal(value)


def dumps_json(value: Any) -> str:
    """Compact JSON text, as Prisma (``JSON.stringify``) writes it: no spaces, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class SqliteJson(TypeDecorator):
    """SQLite ``JSONB`` column holding compact JSON text (Prisma writes text, not binary JSONB).

    ``None`` is SQL NULL; ``JSON_NULL`` stores the JSON value ``null`` (read back as ``None``).
    """

    impl = DeclaredType
    cache_ok = True

    def __init__(self) -> None:
        super().__init__("JSONB")

    @property
    def python_type(self) -> type:
        return object

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if value is JSON_NULL:
            return "null"
        return dumps_json(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # A JSONB column has NUMERIC affinity: SQLite stores the text `42` / `1.5` as a number.
            return value
        if isinstance(value, bytes):
            value = value.decode()
        return json.loads(value)


class EnumText(TypeDecorator):
    """An enum stored as TEXT (SQLite): the member's ``db_value`` (``@map``), not its name."""

    impl = sa.Text
    cache_ok = True

    def __init__(self, enum_class: type[PrismaEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    @property
    def python_type(self) -> type:
        return self.enum_class

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, self.enum_class):
            raise TypeError(f"expected a {self.enum_class.__name__} member, got {value!r}")
        return value.db_value

    def process_result_value(self, value: Any, dialect: Any) -> PrismaEnum | None:
        if value is None:
            return None
        return self.enum_class.from_db(value)


def pg_enum(enum_class: type[PrismaEnum], name: str, metadata: sa.MetaData) -> postgresql.ENUM:
    """A PostgreSQL enum type (``CREATE TYPE "name" AS ENUM (...)``, ``name`` from ``@@map``).

    Members are stored as their ``db_value``. Bound to ``metadata``: ``create_all`` creates the
    type (also when no column uses it, as Prisma Migrate does) before the tables.
    """
    return postgresql.ENUM(
        enum_class, name=name, values_callable=db_values, metadata=metadata, validate_strings=True
    )


def mysql_enum(enum_class: type[PrismaEnum]) -> mysql.ENUM:
    """A MySQL inline ``ENUM('a', 'b')`` column type; members are stored as their ``db_value``."""
    return mysql.ENUM(enum_class, values_callable=db_values, validate_strings=True)


__all__ = [
    "JSON_NULL",
    "SQL",
    "BigSerial",
    "DeclaredType",
    "EnumText",
    "MysqlDateTime",
    "PgDate",
    "PgDateTime",
    "PgTime",
    "Serial",
    "SmallSerial",
    "SqliteDateTime",
    "SqliteDecimal",
    "SqliteJson",
    "mysql_enum",
    "pg_enum",
    "dumps_json",
    "iso8601_ms",
    "parse_datetime_text",
    "unix_ms",
]
