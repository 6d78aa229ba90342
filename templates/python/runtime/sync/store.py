"""Portable SQL for the sync engine (SQLAlchemy Core on the generated tables).

Every statement here runs on SQLite and PostgreSQL alike. Row locks (``FOR UPDATE`` /
``FOR SHARE``) are requested with ``with_for_update``, which SQLite ignores: there a writing
transaction starts with ``BEGIN IMMEDIATE`` and holds the database's write lock instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .codec import scope_text
from .spec import Hop, ModelSpec, SyncSpec

CHUNK = 500  # rows per IN (...) list


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_clause(
    columns: Sequence[sa.ColumnElement], values: Sequence[tuple], dialect: str | None = None
) -> sa.ColumnElement:
    """`columns IN values`; on PostgreSQL a plain text/integer column gets `= ANY(:array)`.

    One array parameter instead of up to CHUNK parameters: PostgreSQL parses and plans the
    statement several times faster (pull pages fetch 1,000 records by key).
    """
    if len(columns) == 1:
        column = columns[0]
        plain = isinstance(column.type, (sa.String, sa.Integer))
        if dialect == "postgresql" and plain and not isinstance(column.type, sa.Enum):
            array = postgresql.ARRAY(column.type)
            return column == sa.any_(sa.literal([value[0] for value in values], array))
        return column.in_([value[0] for value in values])
    return sa.tuple_(*columns).in_([tuple(value) for value in values])


def insert(table: sa.Table, dialect: str) -> Any:
    """`INSERT` that supports ON CONFLICT on this dialect."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"sync supports SQLite and PostgreSQL, not {dialect}")


def row_dict(columns: sa.ColumnCollection, fields: Iterable[str], row: sa.Row) -> dict:
    mapping = row._mapping
    return {name: mapping[columns[name]] for name in fields}


def hop_condition(hop: Hop, child: sa.FromClause, parent: sa.FromClause) -> sa.ColumnElement:
    """The join condition of one scope-path step: `child`'s foreign key equals `parent`'s key."""
    return sa.and_(
        *(child.c[f] == parent.c[r] for f, r in zip(hop.fields, hop.references, strict=True))
    )


class ScopePath:
    """`SELECT ... FROM <model> JOIN <parents along the scope path>` with the scope key column."""

    def __init__(self, spec: SyncSpec, model: ModelSpec) -> None:
        self.model = model
        self.root = model.table.alias("s0")
        joins: Any = self.root
        current = self.root
        scope: sa.ColumnElement | None = None if model.path else self.root.c[spec.scope_key]
        for index, hop in enumerate(model.path):
            last = index == len(model.path) - 1
            if last and hop.references == (spec.scope_key,):
                scope = current.c[hop.fields[0]]  # the foreign key holds the scope key itself
                break
            target = spec.models[hop.target].table.alias(f"s{index + 1}")
            joins = joins.join(target, hop_condition(hop, current, target))
            current = target
            if last:
                scope = target.c[spec.scope_key]
        assert scope is not None
        self.joins = joins
        self.scope = scope.label("__scope")


def scope_path(spec: SyncSpec, model: ModelSpec) -> ScopePath:
    """The model's ScopePath, built once per spec."""
    return spec.derived(("scope_path", model.name), lambda: ScopePath(spec, model))


def resolve_scopes(
    conn: sa.Connection,
    spec: SyncSpec,
    model: ModelSpec,
    fields: Sequence[str],
    values: Sequence[tuple],
    *,
    lock: bool = False,
) -> dict[tuple, str]:
    """The scope of each row of `model` whose `fields` equal one of `values` (found rows only).

    A row of the scope model is in its own scope; any other synced row in the scope its path
    reaches. `lock` takes FOR SHARE locks along the path (PostgreSQL), so the parents cannot
    move to another scope before this transaction ends.
    """
    if not model.synced:
        return {}
    path = scope_path(spec, model)
    columns = [path.root.c[name] for name in fields]
    result: dict[tuple, str] = {}
    wanted = [value for value in dict.fromkeys(values) if all(v is not None for v in value)]
    for chunk in chunks(wanted):
        query = (
            sa.select(*columns, path.scope)
            .select_from(path.joins)
            .where(in_clause(columns, chunk, conn.dialect.name))
        )
        if lock:
            query = query.with_for_update(read=True)
        for row in conn.execute(query):
            result[tuple(row[: len(fields)])] = scope_text(row[-1])
    return result


def fetch_rows(
    conn: sa.Connection,
    model: ModelSpec,
    fields: Sequence[str],
    values: Sequence[tuple],
    *,
    lock: bool = False,
) -> list[dict[str, Any]]:
    """Whole rows of `model` whose `fields` equal one of `values`; `lock`: FOR UPDATE."""
    table = model.table
    columns = [table.c[name] for name in fields]
    rows: list[dict[str, Any]] = []
    wanted = [value for value in dict.fromkeys(values) if all(v is not None for v in value)]
    for chunk in chunks(wanted):
        query = sa.select(table).where(in_clause(columns, chunk, conn.dialect.name))
        if lock:
            query = query.with_for_update()
        rows.extend(row_dict(table.c, model.fields, row) for row in conn.execute(query))
    return rows


def fetch_in_scope(
    conn: sa.Connection, spec: SyncSpec, model: ModelSpec, keys: Sequence[tuple], scope: str
) -> dict[tuple, dict[str, Any]]:
    """Current rows of `model` by key, only those in `scope` (pull's safety net)."""
    path = scope_path(spec, model)
    root = path.root
    key_columns = [root.c[name] for name in model.key]
    names = list(root.c.keys())  # the select's column order: the row's, then __scope
    positions = [(name, names.index(name)) for name in model.fields]
    key_positions = [names.index(name) for name in model.key]
    result: dict[tuple, dict[str, Any]] = {}
    for chunk in chunks(list(dict.fromkeys(keys))):
        query = sa.select(root, path.scope).select_from(path.joins)
        query = query.where(in_clause(key_columns, chunk, conn.dialect.name))
        for row in conn.execute(query):
            if scope_text(row[-1]) != scope:
                continue
            result[tuple(row[i] for i in key_positions)] = {name: row[i] for name, i in positions}
    return result


__all__ = [
    "CHUNK",
    "ScopePath",
    "chunks",
    "fetch_in_scope",
    "fetch_rows",
    "in_clause",
    "insert",
    "resolve_scopes",
    "row_dict",
    "scope_path",
]
