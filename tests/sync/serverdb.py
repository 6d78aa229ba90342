"""Direct reads of the server's database, for comparing what clients hold with the truth.

`scope_rows(pkg, engine, scope)` is every synced row in a scope, in the wire encoding and keyed
like the simulated client's store ((model, key_text(key)) -> record), computed independently of
the server: by following the scope path of each synced model (ir/sync.py) with plain joins.
"""

from __future__ import annotations

import decimal
from typing import Any

import sqlalchemy as sa

from tests.sync.client import key_text
from tests.sync.launcher import ServerPackage


def prisma_decimal(value: decimal.Decimal) -> str:
    """A Decimal as Prisma Client prints it (decimal.js toFixed()): no exponent, no trailing
    zeros. PostgreSQL's DECIMAL(65,30) reads back as 2.500000000000000000000000000000."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def wire_record(
    pkg: ServerPackage, model: str, row: Any, *, prisma_decimals: bool = True
) -> dict[str, Any]:
    """A table row -> the record in the wire encoding (through the generated pydantic model).
    prisma_decimals: Decimals as Prisma Client prints them, whatever the models print
    (test_interop checks the models' own rendering with prisma_decimals=False)."""
    module = pkg.module()
    table = module.tables.tables[model]
    values = {column.key: row._mapping[column] for column in table.columns}
    try:
        record = module.models.MODELS[model].model_validate(values)
    except ValueError as exc:  # pydantic's ValidationError
        raise AssertionError(
            f"the database holds a {model} row its own wire model refuses: {values}\n{exc}"
        ) from None
    wire = record.model_dump(mode="json")
    for name, value in record.model_dump().items():
        if prisma_decimals and isinstance(value, decimal.Decimal):
            wire[name] = prisma_decimal(value)
    return wire


def _in_scope(pkg: ServerPackage, model: str, scope: str):
    """(FROM clause, WHERE clause) selecting the rows of `model` in `scope`."""
    tables = pkg.module().tables.tables
    synced = pkg.sync.model(model)
    table = tables[model]
    source: Any = table
    current = table
    for hop in synced.path:
        target = tables[hop.target].alias()
        on = sa.and_(
            *(current.c[f] == target.c[r] for f, r in zip(hop.fields, hop.references, strict=True))
        )
        source = source.join(target, on)
        current = target
    return source, current.c[pkg.sync.scope_key] == scope


def scope_rows(pkg: ServerPackage, engine: sa.Engine, scope: str) -> dict[tuple[str, str], dict]:
    module = pkg.module()
    tables = module.tables.tables
    out: dict[tuple[str, str], dict] = {}
    with engine.connect() as conn:
        for synced in pkg.sync.models:
            source, where = _in_scope(pkg, synced.name, scope)
            table = tables[synced.name]
            for row in conn.execute(sa.select(table).select_from(source).where(where)):
                record = wire_record(pkg, synced.name, row)
                key = {name: record[name] for name in synced.key}
                out[(synced.name, key_text(key))] = record
        for join in pkg.sync.join_tables:
            table = module.tables.join_tables[join.name]
            a_src, a_where = _in_scope(pkg, join.a_model, scope)
            b_src, b_where = _in_scope(pkg, join.b_model, scope)
            a_key = pkg.sync.model(join.a_model).key[0]
            b_key = pkg.sync.model(join.b_model).key[0]
            a_ids = sa.select(tables[join.a_model].c[a_key]).select_from(a_src).where(a_where)
            b_ids = sa.select(tables[join.b_model].c[b_key]).select_from(b_src).where(b_where)
            query = sa.select(table).where(table.c.A.in_(a_ids), table.c.B.in_(b_ids))
            for row in conn.execute(query):
                record = {"A": row._mapping[table.c.A], "B": row._mapping[table.c.B]}
                out[(join.name, key_text(record))] = record
    return out


def count_rows(pkg: ServerPackage, engine: sa.Engine) -> dict[str, int]:
    """Rows per table (models, join tables and bookkeeping): a cheap 'nothing changed' check."""
    module = pkg.module()
    counts = {}
    with engine.connect() as conn:
        for name, table in {**module.tables.tables, **module.tables.join_tables}.items():
            counts[name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    return counts


def snapshot(pkg: ServerPackage, engine: sa.Engine) -> dict[str, list]:
    """Every row of every table, sorted: 'nothing changed at all' (bookkeeping included)."""
    module = pkg.module()
    out = {}
    with engine.connect() as conn:
        for name, table in {**module.tables.tables, **module.tables.join_tables}.items():
            rows = [tuple(map(repr, row)) for row in conn.execute(sa.select(table))]
            out[name] = sorted(rows)
    return out


def sync_changes(pkg: ServerPackage, engine: sa.Engine, scope: str) -> list[dict[str, Any]]:
    table = pkg.module().tables.tables["SyncChange"]
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(table).where(table.c.scope == scope).order_by(table.c.version)
        )
        return [{c.key: row._mapping[c] for c in table.columns} for row in rows]


def client_state(pkg: ServerPackage, engine: sa.Engine, client_id: str) -> dict[str, Any] | None:
    table = pkg.module().tables.tables["SyncClient"]
    with engine.connect() as conn:
        row = conn.execute(sa.select(table).where(table.c.clientId == client_id)).first()
        return None if row is None else {c.key: row._mapping[c] for c in table.columns}


def scope_state(pkg: ServerPackage, engine: sa.Engine, scope: str) -> dict[str, Any] | None:
    table = pkg.module().tables.tables["SyncScope"]
    with engine.connect() as conn:
        row = conn.execute(sa.select(table).where(table.c.scope == scope)).first()
        return None if row is None else {c.key: row._mapping[c] for c in table.columns}
