"""Describe a database schema in a normalized, comparable form, and diff two descriptions.

    a = describe(prisma_engine)       # the database Prisma Migrate's DDL created
    b = describe(sqlalchemy_engine)   # the database metadata.create_all() created
    assert diff(a, b, "prisma", "sqlalchemy") == []

`describe()` returns plain dicts and lists (JSON-able, stable order), shaped as

    {"dialect": "postgresql",
     "enums": {"Role": ["USER", "ADMIN"]},                       # PostgreSQL only, values in order
     "tables": {"Post": {
        "columns": {"id": {"type": "TEXT", "nullable": False, "server_default": None}, ...},
        "primary_key": {"name": "Post_pkey", "columns": ["id"]},  # name: PostgreSQL only
        "unique": {"Post_slug_key": {"kind": "index", "columns": ["slug"]}},
        "indexes": {"Post_authorId_createdAt_idx": {"columns": ["authorId", "createdAt DESC"]}},
        "foreign_keys": {"(authorId) -> User(id)": {"name": "Post_authorId_fkey",
                                                     "on_delete": "RESTRICT",
                                                     "on_update": "CASCADE"}},
        "checks": []}}}

Column types:
- SQLite: `type` is the column's affinity by SQLite's rules (https://sqlite.org/datatype3.html
  section 3.1), which decides how values are stored; `declared` is the declared type text itself,
  upper-cased. Both are compared, because Prisma's SQLite adapter picks its value conversion from
  the declared type (adapter-libsql's mapDeclType: DATETIME -> DateTime, DECIMAL -> Decimal,
  JSONB -> Json, BOOLEAN -> Boolean, ...); a NUMERIC column where Prisma made DECIMAL has the same
  affinity but is read back as a float by Prisma Client. Pass `sqlite_declared_types=False` to
  compare affinity only.
- PostgreSQL: the type name with its parameters as PostgreSQL stores them: `TIMESTAMP(3)`,
  `TIMESTAMPTZ(6)`, `NUMERIC(65,30)` (DECIMAL is NUMERIC), `VARCHAR(255)`, `DOUBLE PRECISION`,
  `TEXT[]`, `ENUM Role`, `ENUM Role[]`. Types SQLAlchemy does not know come from format_type().

Defaults: most are NOT compared. Prisma Client fills `now()`, `@updatedAt`, `uuid()`, `cuid()`
and literal defaults itself on every create, and the Python side must do the same (see
prisma-storage.md), so a literal or CURRENT_TIMESTAMP default in the database is never used by
either writer; insisting that SQLAlchemy repeats them would only add noise. What IS compared (as
`server_default`) are the defaults a writer cannot supply and must leave to the database:
`autoincrement()` (PostgreSQL: a sequence, shown as "sequence", or an identity column; SQLite: the
table's AUTOINCREMENT keyword, shown as the table's `sqlite_autoincrement`, which stops rowid reuse)
and `dbgenerated("expr")` (any non-literal default expression, compared as text).

Foreign key actions are spelled in upper case; an action the database reports as absent is NO
ACTION (the SQL default on both databases; PostgreSQL reflection omits it, SQLite omits what the
CREATE TABLE did not spell out). RESTRICT stays distinct from NO ACTION. Foreign key names are
compared on PostgreSQL only: SQLite keeps them only as text inside CREATE TABLE.

Unique constraints and unique indexes are both listed under `unique`, with `kind` "constraint" or
"index": Prisma creates unique *indexes* (`CREATE UNIQUE INDEX "User_email_key"`), and a
`UniqueConstraint` in SQLAlchemy is a different object in the catalog (and a different migration
for Prisma), so the kind is compared too. Prisma's `_prisma_migrations` table is left out.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

EXCLUDED_TABLES = frozenset({"_prisma_migrations"})


# -- SQLite ------------------------------------------------------------------------------------
def sqlite_affinity(declared: str) -> str:
    """The type affinity SQLite gives a column declared with this type (datatype3.html, 3.1)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "TEXT"
    if "BLOB" in t or not t.strip():
        return "BLOB"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "REAL"
    return "NUMERIC"


def _squash(text: str) -> str:
    """Upper-case type text with single spaces and no space after commas."""
    text = re.sub(r"\s+", " ", text.strip().upper())
    return re.sub(r"\s*,\s*", ",", re.sub(r"\s*\(\s*", "(", re.sub(r"\s*\)", ")", text)))


# -- PostgreSQL types --------------------------------------------------------------------------
def _pg_type(coltype: Any, dialect: sa.engine.Dialect, fallback: str | None = None) -> str:
    if isinstance(coltype, postgresql.ARRAY):
        return _pg_type(coltype.item_type, dialect) + "[]" * (coltype.dimensions or 1)
    if isinstance(coltype, sa.Enum) and coltype.name:
        prefix = f"{coltype.schema}." if getattr(coltype, "schema", None) else ""
        return f"ENUM {prefix}{coltype.name}"
    if isinstance(coltype, sa.types.NullType):
        return _squash(fallback or "UNKNOWN")
    text = _squash(coltype.compile(dialect=dialect))
    # TIMESTAMP(3) WITHOUT TIME ZONE -> TIMESTAMP(3); TIMESTAMP WITH TIME ZONE -> TIMESTAMPTZ
    text = re.sub(r"^(TIMESTAMP|TIME)(\(\d+\))? WITH TIME ZONE$", r"\1TZ\2", text)
    return re.sub(r" WITHOUT TIME ZONE$", "", text)


_PG_FORMAT_TYPE = sa.text(
    "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relname = :table AND a.attnum > 0"
    " AND NOT a.attisdropped"
)

# Defaults a client can write itself (quoted literal with optional cast, number, boolean, NULL,
# array literal, and CURRENT_TIMESTAMP, which is how Prisma spells `now()`): not compared, see the
# module docstring. `now()` itself only comes from dbgenerated("now()"), which Prisma does NOT fill.
_LITERAL_DEFAULT = re.compile(
    r"""^(?:
        '(?:[^']|'')*'(?:::[\w" .\[\]()]+)?
      | \(?-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\)?(?:::[\w" .()]+)?
      | true | false | null
      | current_timestamp(?:\(\d\))?
      | ARRAY\[.*\](?:::[\w" .\[\]()]+)?
    )$""",
    re.X | re.I | re.S,
)


def _server_default(column: dict[str, Any]) -> str | None:
    identity = column.get("identity")
    if identity:
        return "identity always" if identity.get("always") else "identity by default"
    default = column.get("default")
    if default is None:
        return None
    text = str(default).strip()
    if text.lower().startswith("nextval("):
        return "sequence"
    if _LITERAL_DEFAULT.match(text):
        return None
    return "expression: " + re.sub(r"\s+", " ", text)


# -- shared ------------------------------------------------------------------------------------
def _action(value: str | None) -> str:
    return re.sub(r"\s+", " ", value.strip().upper()) if value else "NO ACTION"


def _index_columns(index: dict[str, Any], sqlite_desc: dict[str, bool] | None = None) -> list[str]:
    """Index entries with sort order and operator class: ["a", "b DESC", "c text_pattern_ops"]."""
    names = index.get("column_names") or []
    expressions = index.get("expressions") or []
    sorting = index.get("column_sorting") or {}
    ops = (index.get("dialect_options") or {}).get("postgresql_ops") or {}
    out = []
    for i, name in enumerate(names):
        if name is None:  # an expression index entry
            entry = re.sub(r"\s+", " ", str(expressions[i])) if i < len(expressions) else "?"
        else:
            entry = name
        if name in ops:
            entry += f" {ops[name]}"
        flags = [s.upper() for s in sorting.get(name, ())]
        if sqlite_desc and sqlite_desc.get(name):
            flags.append("DESC")
        if flags:
            entry += " " + " ".join(sorted(set(flags), key=flags.index))
        out.append(entry)
    return out


def _index_options(index: dict[str, Any]) -> dict[str, Any]:
    """Options that change what an index does: method (gin, brin, ...), partial WHERE, INCLUDE."""
    opts: dict[str, Any] = {}
    dialect_options = index.get("dialect_options") or {}
    using = dialect_options.get("postgresql_using")
    if using and using.lower() != "btree":
        opts["using"] = using.lower()
    where = dialect_options.get("postgresql_where") or dialect_options.get("sqlite_where")
    if where is not None:
        opts["where"] = re.sub(r"\s+", " ", str(where)).strip()
    include = dialect_options.get("postgresql_include")
    if include:
        opts["include"] = list(include)
    if dialect_options.get("postgresql_nulls_not_distinct"):
        opts["nulls_not_distinct"] = True
    return opts


def _sqlite_index_desc(conn: sa.Connection, index_name: str) -> dict[str, bool]:
    # SQLAlchemy does not reflect DESC on SQLite; index_xinfo's 4th column does.
    rows = conn.exec_driver_sql(f"PRAGMA index_xinfo({_sqlite_quote(index_name)})").fetchall()
    return {row[2]: bool(row[3]) for row in rows if row[5] and row[2] is not None}


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _describe_sqlite_table(
    conn: sa.Connection, insp: sa.Inspector, table: str, declared_types: bool
) -> dict[str, Any]:
    q = _sqlite_quote(table)
    info = conn.exec_driver_sql(f"PRAGMA table_xinfo({q})").fetchall()
    reflected = {c["name"]: c for c in insp.get_columns(table)}
    columns = {}
    for _cid, name, decl, notnull, _default, _pk, hidden in info:
        col: dict[str, Any] = {"type": sqlite_affinity(decl or "")}
        if declared_types:
            col["declared"] = _squash(decl or "")
        col["nullable"] = not notnull
        col["server_default"] = _server_default(reflected.get(name, {}))
        if hidden in (2, 3):  # table_xinfo: 2 = generated virtual, 3 = generated stored
            col["generated"] = "stored" if hidden == 3 else "virtual"
        columns[name] = col

    pk = insp.get_pk_constraint(table)
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    # Column order of a PRIMARY KEY matters (it is the index order); the name is not compared.
    primary_key = (
        {"columns": list(pk["constrained_columns"])} if pk["constrained_columns"] else None
    )

    unique: dict[str, Any] = {}
    # UNIQUE constraints: PRAGMA index_list knows all of them (origin "u"), including inline
    # `col TEXT UNIQUE` that SQLAlchemy's SQL parser misses; names come from the parser.
    parsed = {tuple(u["column_names"]): u.get("name") for u in insp.get_unique_constraints(table)}
    for row in conn.exec_driver_sql(f"PRAGMA index_list({q})").fetchall():
        _seq, idx_name, _is_unique, origin, _partial = row[:5]
        if origin != "u":
            continue
        cols = [r[2] for r in conn.exec_driver_sql(f"PRAGMA index_info({_sqlite_quote(idx_name)})")]
        name = parsed.get(tuple(cols))
        unique[name or f"({', '.join(cols)})"] = {"kind": "constraint", "columns": cols}

    indexes: dict[str, Any] = {}
    for index in insp.get_indexes(table):
        entry = {"columns": _index_columns(index, _sqlite_index_desc(conn, index["name"]))}
        entry.update(_index_options(index))
        if index["unique"]:
            unique[index["name"]] = {"kind": "index", **entry}
        else:
            indexes[index["name"]] = entry

    # Actions from PRAGMA foreign_key_list: SQLAlchemy's SQL parser misses them on column-level
    # `REFERENCES t (c) ON DELETE ...` clauses. Columns and names (parsed) from SQLAlchemy.
    actions: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    pragma_fks: dict[int, list[Any]] = {}
    for row in conn.exec_driver_sql(f"PRAGMA foreign_key_list({q})").fetchall():
        pragma_fks.setdefault(row[0], []).append(row)
    for rows in pragma_fks.values():
        rows.sort(key=lambda r: r[1])
        actions[(rows[0][2], tuple(r[3] for r in rows))] = (rows[0][6], rows[0][5])
    foreign_keys = {}
    for fk in insp.get_foreign_keys(table):
        key = _fk_key(fk)
        opts = fk.get("options") or {}
        on_delete, on_update = actions.get(
            (fk["referred_table"], tuple(fk["constrained_columns"])),
            (opts.get("ondelete"), opts.get("onupdate")),
        )
        foreign_keys[key] = {"on_delete": _action(on_delete), "on_update": _action(on_update)}
        if opts.get("deferrable") is not None or opts.get("initially"):
            foreign_keys[key]["deferrable"] = [opts.get("deferrable"), opts.get("initially")]

    return {
        "columns": columns,
        "primary_key": primary_key,
        "sqlite_autoincrement": bool(sql and re.search(r"\bAUTOINCREMENT\b", sql, re.I)),
        "unique": dict(sorted(unique.items())),
        "indexes": dict(sorted(indexes.items())),
        "foreign_keys": dict(sorted(foreign_keys.items())),
        "checks": sorted(_squash_sql(c["sqltext"]) for c in insp.get_check_constraints(table)),
    }


def _describe_pg_table(conn: sa.Connection, insp: sa.Inspector, table: str) -> dict[str, Any]:
    dialect = conn.dialect
    formatted = None
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Did not recognize type", sa.exc.SAWarning)
        reflected = insp.get_columns(table)
    columns = {}
    for c in reflected:
        fallback = None
        if isinstance(c["type"], sa.types.NullType):
            if formatted is None:
                formatted = dict(conn.execute(_PG_FORMAT_TYPE, {"table": table}).fetchall())
            fallback = formatted.get(c["name"])
        col: dict[str, Any] = {
            "type": _pg_type(c["type"], dialect, fallback),
            "nullable": bool(c["nullable"]),
            "server_default": _server_default(c),
        }
        if c.get("computed"):
            col["generated"] = _squash_sql(str(c["computed"].get("sqltext")))
        columns[c["name"]] = col

    pk = insp.get_pk_constraint(table)
    primary_key = (
        {"name": pk.get("name"), "columns": list(pk["constrained_columns"])}
        if pk["constrained_columns"]
        else None
    )

    unique: dict[str, Any] = {}
    for u in insp.get_unique_constraints(table):
        entry: dict[str, Any] = {"kind": "constraint", "columns": list(u["column_names"])}
        if (u.get("dialect_options") or {}).get("postgresql_nulls_not_distinct"):
            entry["nulls_not_distinct"] = True
        unique[u["name"]] = entry
    indexes: dict[str, Any] = {}
    for index in insp.get_indexes(table):
        if index.get("duplicates_constraint"):  # the index behind a UNIQUE constraint
            continue
        entry = {"columns": _index_columns(index)}
        entry.update(_index_options(index))
        if index["unique"]:
            unique[index["name"]] = {"kind": "index", **entry}
        else:
            indexes[index["name"]] = entry

    foreign_keys = {}
    for fk in insp.get_foreign_keys(table):
        opts = fk.get("options") or {}
        entry = {
            "name": fk.get("name"),
            "on_delete": _action(opts.get("ondelete")),
            "on_update": _action(opts.get("onupdate")),
        }
        if opts.get("deferrable") or opts.get("initially"):
            entry["deferrable"] = [bool(opts.get("deferrable")), opts.get("initially")]
        if opts.get("match"):
            entry["match"] = opts["match"]
        foreign_keys[_fk_key(fk)] = entry

    return {
        "columns": columns,
        "primary_key": primary_key,
        "unique": dict(sorted(unique.items())),
        "indexes": dict(sorted(indexes.items())),
        "foreign_keys": dict(sorted(foreign_keys.items())),
        "checks": sorted(_squash_sql(c["sqltext"]) for c in insp.get_check_constraints(table)),
    }


def _squash_sql(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _fk_key(fk: dict[str, Any]) -> str:
    schema = f"{fk['referred_schema']}." if fk.get("referred_schema") else ""
    return (
        f"({', '.join(fk['constrained_columns'])}) -> "
        f"{schema}{fk['referred_table']}({', '.join(fk['referred_columns'])})"
    )


def describe(engine: Engine, *, sqlite_declared_types: bool = True) -> dict[str, Any]:
    """Describe the tables (default schema), their keys and indexes, and PostgreSQL enums."""
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported dialect {dialect!r}")
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        tables = sorted(t for t in insp.get_table_names() if t not in EXCLUDED_TABLES)
        out: dict[str, Any] = {"dialect": dialect, "enums": {}, "tables": {}}
        if dialect == "postgresql":
            for enum in sorted(insp.get_enums(), key=lambda e: (e["schema"] or "", e["name"])):
                prefix = f"{enum['schema']}." if not enum.get("visible", True) else ""
                out["enums"][prefix + enum["name"]] = list(enum["labels"])
        for table in tables:
            if dialect == "sqlite":
                out["tables"][table] = _describe_sqlite_table(
                    conn, insp, table, sqlite_declared_types
                )
            else:
                out["tables"][table] = _describe_pg_table(conn, insp, table)
    return out


# -- diff --------------------------------------------------------------------------------------
_SECTION_LABELS = {
    "tables": "table",
    "enums": "enum",
    "columns": "column",
    "unique": "unique",
    "indexes": "index",
    "foreign_keys": "foreign key",
}


def diff(a: dict[str, Any], b: dict[str, Any], a_name: str = "a", b_name: str = "b") -> list[str]:
    """Every difference between two `describe()` results, one readable line each.

    Lines look like `table Post: column views: type INTEGER != BIGINT` (value in a, then in b),
    `table Post: index Post_x_idx: only in a`, `enum Role: values ['A', 'B'] != ['B', 'A']`.
    """
    lines: list[str] = []
    _diff(a, b, [], lines, a_name, b_name)
    return lines


def _diff(
    a: Any, b: Any, path: list[str], lines: list[str], a_name: str, b_name: str, section=None
) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if section in _SECTION_LABELS:
                label = f"{_SECTION_LABELS[section]} {key}"
                if key not in b:
                    lines.append(f"{': '.join([*path, label])}: only in {a_name}")
                    continue
                if key not in a:
                    lines.append(f"{': '.join([*path, label])}: only in {b_name}")
                    continue
                if section == "enums":
                    if a[key] != b[key]:
                        lines.append(f"{': '.join([*path, label])}: values {a[key]} != {b[key]}")
                    continue
                _diff(a[key], b[key], [*path, label], lines, a_name, b_name)
            elif key in _SECTION_LABELS:
                _diff(a.get(key, {}), b.get(key, {}), path, lines, a_name, b_name, section=key)
            else:
                _diff(a.get(key), b.get(key), [*path, key], lines, a_name, b_name)
        return
    if a != b:
        head = ": ".join(path[:-1])
        lines.append(f"{head + ': ' if head else ''}{path[-1]} {_show(a)} != {_show(b)}")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)
