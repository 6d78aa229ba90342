"""Column types and database defaults per provider, as Prisma Migrate creates them.

Two outputs per field: the SQLAlchemy type expression that ``tables.py`` prints (a final string),
and, for literal defaults, the SQL text of the DEFAULT clause exactly as Prisma's DDL writes it
(checked against @prisma/schema-engine-wasm 7.10 for SQLite and PostgreSQL; see
/work/shared/design/prisma-storage.md and docs/server.md). MySQL follows prisma-storage.md: the
wasm engine refuses MySQL, so it is not checked against Prisma's own DDL.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...errors import GeneratorError
from ...ir.model import DefaultKind, Enum_, Field, Provider, ScalarType
from .naming import py_str


@dataclass(frozen=True)
class SqlType:
    expr: str  # the SQLAlchemy type expression printed into tables.py
    ddl: str  # the type as Prisma's DDL spells it (used in `ARRAY[...]::TYPE[]` casts)
    imports: frozenset[str]  # modules `expr` uses: sa, postgresql, mysql, rt, enums
    integer: str | None = None  # "int" / "bigint" / "smallint" for integer types (autoincrement)


def _t(expr: str, ddl: str, *imports: str, integer: str | None = None) -> SqlType:
    return SqlType(expr, ddl, frozenset(imports), integer)


def _args(field: Field) -> tuple[str, ...]:
    return field.native_type.args if field.native_type else ()


def _int_arg(field: Field, model: str, index: int = 0) -> int | None:
    args = _args(field)
    if len(args) <= index:
        return None
    try:
        return int(args[index])
    except ValueError:
        raise GeneratorError(
            f"native type argument {args[index]!r} is not a number", model=model, field=field.name
        ) from None


def _paren(*values: int | None) -> str:
    present = [str(v) for v in values if v is not None]
    return f"({','.join(present)})" if present else ""


# --- SQLite -------------------------------------------------------------------------------------


def sqlite_type(
    field: Field, enum: Enum_ | None, enum_ident: str, model: str, datetime_storage: str
) -> SqlType:
    if field.native_type is not None:
        raise GeneratorError(
            f"native type @db.{field.native_type.name} is not supported on sqlite",
            model=model,
            field=field.name,
        )
    if enum is not None:
        return _t(f"rt.EnumText(enums.{enum_ident})", "TEXT", "rt", "enums")
    return {
        ScalarType.STRING: _t("sa.Text()", "TEXT", "sa"),
        ScalarType.INT: _t("sa.Integer()", "INTEGER", "sa", integer="int"),
        ScalarType.BIGINT: _t("sa.BigInteger()", "BIGINT", "sa", integer="bigint"),
        ScalarType.FLOAT: _t("sa.REAL()", "REAL", "sa"),
        ScalarType.DECIMAL: _t("rt.SqliteDecimal()", "DECIMAL", "rt"),
        ScalarType.BOOLEAN: _t("sa.Boolean()", "BOOLEAN", "sa"),
        ScalarType.DATETIME: _t(f"rt.SqliteDateTime({py_str(datetime_storage)})", "DATETIME", "rt"),
        ScalarType.JSON: _t("rt.SqliteJson()", "JSONB", "rt"),
        ScalarType.BYTES: _t("sa.LargeBinary()", "BLOB", "sa"),
    }[field.scalar]


# --- PostgreSQL ---------------------------------------------------------------------------------

_PG_DEFAULT = {
    ScalarType.STRING: _t("sa.Text()", "TEXT", "sa"),
    ScalarType.INT: _t("sa.Integer()", "INTEGER", "sa", integer="int"),
    ScalarType.BIGINT: _t("sa.BigInteger()", "BIGINT", "sa", integer="bigint"),
    ScalarType.FLOAT: _t("postgresql.DOUBLE_PRECISION()", "DOUBLE PRECISION", "postgresql"),
    ScalarType.DECIMAL: _t("sa.Numeric(65, 30)", "DECIMAL(65,30)", "sa"),
    ScalarType.BOOLEAN: _t("sa.Boolean()", "BOOLEAN", "sa"),
    ScalarType.DATETIME: _t("rt.PgDateTime(precision=3)", "TIMESTAMP(3)", "rt"),
    ScalarType.JSON: _t("postgresql.JSONB(none_as_null=True)", "JSONB", "postgresql"),
    ScalarType.BYTES: _t("postgresql.BYTEA()", "BYTEA", "postgresql"),
}


def _precision_kw(value: int | None) -> str:
    return "" if value is None else f"precision={value}"


def _join_kw(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _pg_native(field: Field, model: str) -> SqlType:
    assert field.native_type is not None
    name = field.native_type.name
    a = _int_arg(field, model)
    b = _int_arg(field, model, 1)
    if name == "Text":
        return _t("sa.Text()", "TEXT", "sa")
    if name == "VarChar":
        return _t(f"sa.VARCHAR({a if a is not None else ''})", f"VARCHAR{_paren(a)}", "sa")
    if name == "Char":
        return _t(f"sa.CHAR({a if a is not None else ''})", f"CHAR{_paren(a)}", "sa")
    if name == "Bit":
        return _t(f"postgresql.BIT({a if a is not None else ''})", f"BIT{_paren(a)}", "postgresql")
    if name == "VarBit":
        length = "" if a is None else f"{a}, "
        return _t(f"postgresql.BIT({length}varying=True)", f"VARBIT{_paren(a)}", "postgresql")
    if name == "Uuid":
        return _t("postgresql.UUID(as_uuid=False)", "UUID", "postgresql")
    if name == "Xml":
        return _t('rt.DeclaredType("XML")', "XML", "rt")
    if name == "Citext":
        return _t('rt.DeclaredType("CITEXT")', "CITEXT", "rt")
    if name == "Inet":
        return _t("postgresql.INET()", "INET", "postgresql")
    if name == "SmallInt":
        return _t("sa.SmallInteger()", "SMALLINT", "sa", integer="smallint")
    if name == "Integer":
        return _t("sa.Integer()", "INTEGER", "sa", integer="int")
    if name == "BigInt":
        return _t("sa.BigInteger()", "BIGINT", "sa", integer="bigint")
    if name == "Oid":
        return _t("postgresql.OID()", "OID", "postgresql")
    if name == "DoublePrecision":
        return _t("postgresql.DOUBLE_PRECISION()", "DOUBLE PRECISION", "postgresql")
    if name == "Real":
        return _t("sa.REAL()", "REAL", "sa")
    if name == "Decimal":
        args = "" if a is None else f"{a}, {b if b is not None else 0}"
        return _t(f"sa.Numeric({args})", f"DECIMAL{_paren(a, b)}", "sa")
    if name == "Money":
        return _t("postgresql.MONEY()", "MONEY", "postgresql")
    if name == "Boolean":
        return _t("sa.Boolean()", "BOOLEAN", "sa")
    if name in ("Timestamp", "Timestamptz"):
        tz = "timezone=True" if name == "Timestamptz" else ""
        return _t(
            f"rt.PgDateTime({_join_kw(_precision_kw(a), tz)})",
            f"{name.upper()}{_paren(a)}",
            "rt",
        )
    if name == "Date":
        return _t("rt.PgDate()", "DATE", "rt")
    if name in ("Time", "Timetz"):
        tz = "timezone=True" if name == "Timetz" else ""
        return _t(
            f"rt.PgTime({_join_kw(_precision_kw(a), tz)})", f"{name.upper()}{_paren(a)}", "rt"
        )
    if name == "Json":
        return _t("postgresql.JSON(none_as_null=True)", "JSON", "postgresql")
    if name == "JsonB":
        return _t("postgresql.JSONB(none_as_null=True)", "JSONB", "postgresql")
    if name == "ByteA":
        return _t("postgresql.BYTEA()", "BYTEA", "postgresql")
    raise GeneratorError(
        f"native type @db.{name} is not supported by the Python server package on postgresql",
        model=model,
        field=field.name,
    )


def postgresql_type(field: Field, enum: Enum_ | None, model: str) -> SqlType:
    if enum is not None:
        item = _t(f"enum_types[{py_str(enum.name)}]", _quote_ident(enum.db_name))
    elif field.native_type is not None:
        item = _pg_native(field, model)
    else:
        item = _PG_DEFAULT[field.scalar]
    if not field.is_list:
        return item
    return SqlType(f"postgresql.ARRAY({item.expr})", f"{item.ddl}[]", item.imports | {"postgresql"})


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- MySQL (from prisma-storage.md; not checked against Prisma's DDL) ----------------------------

_MYSQL_DEFAULT = {
    ScalarType.STRING: _t("sa.VARCHAR(191)", "VARCHAR(191)", "sa"),
    ScalarType.INT: _t("sa.Integer()", "INT", "sa", integer="int"),
    ScalarType.BIGINT: _t("sa.BigInteger()", "BIGINT", "sa", integer="bigint"),
    ScalarType.FLOAT: _t("mysql.DOUBLE()", "DOUBLE", "mysql"),
    ScalarType.DECIMAL: _t("sa.Numeric(65, 30)", "DECIMAL(65,30)", "sa"),
    ScalarType.BOOLEAN: _t("sa.Boolean()", "BOOLEAN", "sa"),
    ScalarType.DATETIME: _t("rt.MysqlDateTime(fsp=3)", "DATETIME(3)", "rt"),
    ScalarType.JSON: _t("mysql.JSON(none_as_null=True)", "JSON", "mysql"),
    ScalarType.BYTES: _t("mysql.LONGBLOB()", "LONGBLOB", "mysql"),
}

_MYSQL_SIMPLE_NATIVE = {
    "Text": ("mysql.TEXT()", "TEXT"),
    "TinyText": ("mysql.TINYTEXT()", "TINYTEXT"),
    "MediumText": ("mysql.MEDIUMTEXT()", "MEDIUMTEXT"),
    "LongText": ("mysql.LONGTEXT()", "LONGTEXT"),
    "TinyBlob": ("mysql.TINYBLOB()", "TINYBLOB"),
    "Blob": ("mysql.BLOB()", "BLOB"),
    "MediumBlob": ("mysql.MEDIUMBLOB()", "MEDIUMBLOB"),
    "LongBlob": ("mysql.LONGBLOB()", "LONGBLOB"),
    "Int": ("mysql.INTEGER()", "INT"),
    "SmallInt": ("mysql.SMALLINT()", "SMALLINT"),
    "MediumInt": ("mysql.MEDIUMINT()", "MEDIUMINT"),
    "BigInt": ("mysql.BIGINT()", "BIGINT"),
    "Double": ("mysql.DOUBLE()", "DOUBLE"),
    "Float": ("mysql.FLOAT()", "FLOAT"),
    "Json": ("mysql.JSON(none_as_null=True)", "JSON"),
}


def mysql_type(field: Field, enum: Enum_ | None, enum_ident: str, model: str) -> SqlType:
    if enum is not None:
        return _t(f"rt.mysql_enum(enums.{enum_ident})", "ENUM", "rt", "enums")
    if field.native_type is None:
        return _MYSQL_DEFAULT[field.scalar]
    name = field.native_type.name
    a = _int_arg(field, model)
    b = _int_arg(field, model, 1)
    if name in _MYSQL_SIMPLE_NATIVE:
        expr, ddl = _MYSQL_SIMPLE_NATIVE[name]
        integer = {"Int": "int", "SmallInt": "smallint", "MediumInt": "int", "BigInt": "bigint"}
        return _t(expr, ddl, "mysql", integer=integer.get(name))
    if name == "UnsignedInt":
        return _t("mysql.INTEGER(unsigned=True)", "INT UNSIGNED", "mysql", integer="int")
    if name == "UnsignedBigInt":
        return _t("mysql.BIGINT(unsigned=True)", "BIGINT UNSIGNED", "mysql", integer="bigint")
    if name == "TinyInt":
        return _t("mysql.TINYINT()", "TINYINT", "mysql", integer="smallint")
    if name in ("VarChar", "Char", "Binary", "VarBinary"):
        expr = {
            "VarChar": "mysql.VARCHAR",
            "Char": "mysql.CHAR",
            "Binary": "mysql.BINARY",
            "VarBinary": "mysql.VARBINARY",
        }[name]
        return _t(f"{expr}({a if a is not None else ''})", f"{name.upper()}{_paren(a)}", "mysql")
    if name == "Decimal":
        args = "" if a is None else f"{a}, {b if b is not None else 0}"
        return _t(f"mysql.DECIMAL({args})", f"DECIMAL{_paren(a, b)}", "mysql")
    if name in ("DateTime", "Timestamp"):
        ts = ", timestamp=True" if name == "Timestamp" else ""
        return _t(f"rt.MysqlDateTime(fsp={a}{ts})", f"{name.upper()}{_paren(a)}", "rt")
    raise GeneratorError(
        f"native type @db.{name} is not supported by the Python server package on mysql",
        model=model,
        field=field.name,
    )


# --- default literals, as Prisma's DDL writes them -----------------------------------------------


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rust_float(value: float) -> str:
    """f64 printed like Rust's Display (Prisma's DDL): shortest round-trip digits, no exponent."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value} has no SQL literal")
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def chrono_datetime(text: str) -> str:
    """A DateTime default as Prisma prints it: ``2020-01-02 03:04:05.678 +00:00``."""
    parsed = _parse_rfc3339(text)
    out = parsed.strftime("%Y-%m-%d %H:%M:%S")
    micro = parsed.microsecond
    if micro:
        out += f".{micro // 1000:03d}" if micro % 1000 == 0 else f".{micro:06d}"
    offset = parsed.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    out += f" {sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    if seconds % 60:
        out += f":{seconds % 60:02d}"
    return out


def _parse_rfc3339(text: str) -> dt.datetime:
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python 3.10's fromisoformat takes at most 6 fractional digits, exactly 3 or 6.
    head, sep, rest = value.partition(".")
    if sep:
        digits = re.match(r"[0-9]*", rest).group(0)
        tail = rest[len(digits) :]
        value = f"{head}.{digits[:6].ljust(6, '0')}{tail}"
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def _bytes_hex(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).hex()
    except (binascii.Error, ValueError):
        return text.encode().hex()


def _scalar_literal(
    provider: Provider,
    scalar: ScalarType | None,
    enum: Enum_ | None,
    value: Any,
    json_text: str | None,
) -> str | None:
    if enum is not None:
        stored = next((v.db_value for v in enum.values if v.name == value), str(value))
        return sql_string(stored)
    if scalar is ScalarType.STRING:
        if provider is Provider.MYSQL:
            return sql_string(str(value).replace("\\", "\\\\"))
        return sql_string(str(value))
    if scalar in (ScalarType.INT, ScalarType.BIGINT):
        return str(int(value))
    if scalar is ScalarType.FLOAT:
        return rust_float(float(value))
    if scalar is ScalarType.DECIMAL:
        return format(Decimal(str(value)), "f")
    if scalar is ScalarType.BOOLEAN:
        return "true" if value else "false"
    if scalar is ScalarType.DATETIME:
        return sql_string(chrono_datetime(str(value)))
    if scalar is ScalarType.JSON:
        if provider is Provider.MYSQL:
            return None  # MySQL JSON columns take no literal DEFAULT
        text = json_text if json_text is not None else json.dumps(value, ensure_ascii=False)
        # Prisma writes the JSON text unquoted on SQLite (`DEFAULT {"a": 1}`), which SQLite
        # rejects; a quoted string is the closest valid DDL.
        return sql_string(text)
    if scalar is ScalarType.BYTES:
        if provider is Provider.MYSQL:
            return None  # MySQL BLOB columns take no literal DEFAULT
        hex_digits = _bytes_hex(str(value))
        return sql_string(hex_digits if provider is Provider.SQLITE else "\\x" + hex_digits)
    return None


def default_sql(
    provider: Provider, field: Field, enum: Enum_ | None, sql_type: SqlType
) -> str | None:
    """The DEFAULT clause's SQL that Prisma's DDL gives this field, or None for no DEFAULT.

    autoincrement() is not a DEFAULT (it is SERIAL / AUTOINCREMENT / AUTO_INCREMENT); uuid(),
    cuid(), nanoid(), ulid() and @updatedAt exist only in Prisma Client.
    """
    default = field.default
    if default is None:
        return None
    if default.kind is DefaultKind.DBGENERATED:
        return str(default.value) if default.value else None
    if default.kind is DefaultKind.NOW:
        return "CURRENT_TIMESTAMP(3)" if provider is Provider.MYSQL else "CURRENT_TIMESTAMP"
    if default.kind is not DefaultKind.LITERAL:
        return None
    if field.is_list:
        if provider is not Provider.POSTGRESQL:
            return None
        if field.scalar is ScalarType.JSON:
            items = [sql_string(json.dumps(item, ensure_ascii=False)) for item in default.value]
        else:
            items = [
                _scalar_literal(provider, field.scalar, enum, item, None) or "NULL"
                for item in default.value
            ]
        return f"ARRAY[{', '.join(items)}]::{sql_type.ddl}"
    return _scalar_literal(provider, field.scalar, enum, default.value, default.json_text)
