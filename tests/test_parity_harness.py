"""Tests of the DDL parity harness itself (no generated code involved).

The harness: tools/prisma_ddl.mjs prints Prisma's own DDL, tests/support/postgres.py runs a
throwaway PostgreSQL, and tests/support/schema_inspect.py describes and diffs databases. These
tests show that identical schemas compare equal and that real differences are reported.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support import (
    SHARED_SCHEMAS,
    PrismaDdlError,
    apply_postgres_ddl,
    apply_sqlite_ddl,
    libpq_url,
    node_tooling_missing,
    prisma_ddl,
    sqlite_engine,
)
from tests.support.postgres import PostgresServer, postgres_for_pytest, postgres_server
from tests.support.schema_inspect import describe, diff, sqlite_affinity

pytestmark = pytest.mark.skipif(
    node_tooling_missing() is not None, reason=str(node_tooling_missing())
)

needs_shared_schemas = pytest.mark.skipif(
    not SHARED_SCHEMAS.is_dir(), reason=f"{SHARED_SCHEMAS} not found ($PRISMA_DART_GEN_SCHEMAS)"
)
EPIC = SHARED_SCHEMAS / "epic-stack.prisma"
HOPPSCOTCH = SHARED_SCHEMAS / "hoppscotch.prisma"
SCHEMAS = {  # schema -> its own datasource provider
    "epic-stack": "sqlite",
    "hoppscotch": "postgresql",
    "hatchet": "postgresql",
    "trigger-dev": "postgresql",
}


@pytest.fixture(scope="module")
def pg(request: pytest.FixtureRequest):
    """The session server from tests/conftest.py (`pg_server`) if there is one, else our own."""
    try:
        server = request.getfixturevalue("pg_server")
    except pytest.FixtureLookupError:
        yield from postgres_for_pytest()
    else:
        yield server


@pytest.fixture(scope="module")
def epic_ddl() -> str:
    return prisma_ddl(EPIC)


@pytest.fixture(scope="module")
def hoppscotch_ddl(pg: PostgresServer) -> str:
    return prisma_ddl(HOPPSCOTCH, url=pg.url)


def _fresh_pg_database(pg: PostgresServer, name: str) -> sa.Engine:
    pg.drop_database(name)
    return sa.create_engine(pg.create_database(name))


def _create_table_count(sql: str) -> int:
    return len(re.findall(r"^CREATE TABLE ", sql, re.M))


# -- schema_inspect unit checks -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("declared", "affinity"),
    [
        ("INTEGER", "INTEGER"),
        ("BIGINT", "INTEGER"),
        ("TEXT", "TEXT"),
        ("VARCHAR(191)", "TEXT"),
        ("BLOB", "BLOB"),
        ("", "BLOB"),
        ("REAL", "REAL"),
        ("DOUBLE PRECISION", "REAL"),
        ("DATETIME", "NUMERIC"),
        ("BOOLEAN", "NUMERIC"),
        ("DECIMAL(65,30)", "NUMERIC"),
        ("JSONB", "NUMERIC"),
        ("FLOATING POINT", "INTEGER"),  # SQLite's own example: "INT" wins over "FLOA"
    ],
)
def test_sqlite_affinity(declared: str, affinity: str):
    assert sqlite_affinity(declared) == affinity


def test_sqlite_no_action_spelled_or_absent_compare_equal(tmp_path: Path):
    parent = 'CREATE TABLE "P" ("id" TEXT NOT NULL PRIMARY KEY);'
    child = 'CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY, "p" TEXT REFERENCES "P" ("id") {});'
    apply_sqlite_ddl(tmp_path / "a.db", parent + child.format(""))
    apply_sqlite_ddl(tmp_path / "b.db", parent + child.format("ON DELETE NO ACTION"))
    apply_sqlite_ddl(tmp_path / "c.db", parent + child.format("ON DELETE RESTRICT"))
    a, b, c = (describe(sqlite_engine(tmp_path / f"{n}.db")) for n in "abc")
    assert diff(a, b) == []
    assert diff(a, c) == ["table C: foreign key (p) -> P(id): on_delete NO ACTION != RESTRICT"]


def test_sqlite_declared_type_difference_with_same_affinity(tmp_path: Path):
    apply_sqlite_ddl(tmp_path / "a.db", 'CREATE TABLE "T" ("x" DECIMAL NOT NULL);')
    apply_sqlite_ddl(tmp_path / "b.db", 'CREATE TABLE "T" ("x" NUMERIC NOT NULL);')
    a, b = (sqlite_engine(tmp_path / f"{n}.db") for n in "ab")
    assert diff(describe(a), describe(b)) == ["table T: column x: declared DECIMAL != NUMERIC"]
    assert (
        diff(describe(a, sqlite_declared_types=False), describe(b, sqlite_declared_types=False))
        == []
    )


def test_unique_constraint_is_not_a_unique_index(tmp_path: Path):
    apply_sqlite_ddl(
        tmp_path / "a.db", 'CREATE TABLE "T" ("x" TEXT); CREATE UNIQUE INDEX "T_x_key" ON "T"("x");'
    )
    apply_sqlite_ddl(
        tmp_path / "b.db", 'CREATE TABLE "T" ("x" TEXT, CONSTRAINT "T_x_key" UNIQUE ("x"));'
    )
    a, b = (describe(sqlite_engine(tmp_path / f"{n}.db")) for n in "ab")
    assert diff(a, b, "prisma", "sqlalchemy") == [
        "table T: unique T_x_key: kind index != constraint"
    ]


# -- (a) + (b): SQLite, epic-stack ---------------------------------------------------------------
@needs_shared_schemas
def test_sqlite_same_ddl_twice_compares_equal(tmp_path: Path, epic_ddl: str):
    apply_sqlite_ddl(tmp_path / "one.db", epic_ddl)
    apply_sqlite_ddl(tmp_path / "two.db", epic_ddl)
    one = describe(sqlite_engine(tmp_path / "one.db"))
    two = describe(sqlite_engine(tmp_path / "two.db"))
    assert len(one["tables"]) == _create_table_count(epic_ddl)
    assert diff(one, two) == []
    # Spot checks that the description carries what Prisma made.
    join = one["tables"]["_RoleToUser"]
    assert join["primary_key"] is None
    assert join["unique"] == {"_RoleToUser_AB_unique": {"kind": "index", "columns": ["A", "B"]}}
    assert join["indexes"] == {"_RoleToUser_B_index": {"columns": ["B"]}}
    assert join["foreign_keys"]["(B) -> User(id)"] == {
        "on_delete": "CASCADE",
        "on_update": "CASCADE",
    }
    assert one["tables"]["Note"]["columns"]["createdAt"] == {
        "type": "NUMERIC",
        "declared": "DATETIME",
        "nullable": False,
        "server_default": None,  # CURRENT_TIMESTAMP: filled by the client, not compared
    }


@needs_shared_schemas
def test_sqlite_join_table_cascade_needs_foreign_keys_on(tmp_path: Path, epic_ddl: str):
    db = tmp_path / "fk.db"
    apply_sqlite_ddl(db, epic_ddl)
    rows = [
        """INSERT INTO "User" ("id", "email", "username", "updatedAt") VALUES ('u', 'e', 'n', 0)""",
        """INSERT INTO "Role" ("id", "name", "updatedAt") VALUES ('r', 'admin', 0)""",
        """INSERT INTO "_RoleToUser" ("A", "B") VALUES ('r', 'u')""",
    ]
    with sqlite_engine(db).begin() as conn:
        for row in rows:
            conn.exec_driver_sql(row)
        conn.exec_driver_sql('DELETE FROM "User"')
        assert conn.exec_driver_sql('SELECT count(*) FROM "_RoleToUser"').scalar() == 0
    # Plain sqlite3 (foreign_keys off by default) leaves the orphan behind.
    raw = sqlite3.connect(db)
    try:
        for row in (rows[0], rows[2]):  # the Role is still there
            raw.execute(row)
        raw.execute('DELETE FROM "User"')
        assert raw.execute('SELECT count(*) FROM "_RoleToUser"').fetchone()[0] == 1
    finally:
        raw.close()


def _rebuild_sqlite_table(conn: sqlite3.Connection, table: str, old: str, new: str) -> None:
    """SQLite's documented way to change a table: create the new one, copy, drop, rename,
    and re-create the indexes (they go with the dropped table)."""
    create, indexes = conn.execute(
        "SELECT (SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?),"
        " (SELECT group_concat(sql, ';') FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        "  AND sql IS NOT NULL)",
        (table, table),
    ).fetchone()
    assert old in create, f"{old!r} not in {create}"
    new_create = create.replace(old, new).replace(f'CREATE TABLE "{table}"', 'CREATE TABLE "new"')
    conn.executescript(
        "PRAGMA foreign_keys = OFF; BEGIN;"
        f'{new_create}; INSERT INTO "new" SELECT * FROM "{table}"; DROP TABLE "{table}";'
        f'ALTER TABLE "new" RENAME TO "{table}"; {indexes or ""}; COMMIT;'
    )


@needs_shared_schemas
def test_sqlite_altered_copy_is_reported(tmp_path: Path, epic_ddl: str):
    apply_sqlite_ddl(tmp_path / "prisma.db", epic_ddl)
    apply_sqlite_ddl(tmp_path / "other.db", epic_ddl)
    conn = sqlite3.connect(tmp_path / "other.db")
    try:
        conn.execute('DROP INDEX "Note_ownerId_idx"')
        _rebuild_sqlite_table(conn, "Verification", '"digits" INTEGER', '"digits" TEXT')
        _rebuild_sqlite_table(
            conn,
            "Session",
            'REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE',
            'REFERENCES "User" ("id") ON UPDATE CASCADE',
        )
        _rebuild_sqlite_table(conn, "Passkey", '"counter" BIGINT', '"counter" INTEGER')
    finally:
        conn.close()
    got = diff(
        describe(sqlite_engine(tmp_path / "prisma.db")),
        describe(sqlite_engine(tmp_path / "other.db")),
        "prisma",
        "other",
    )
    assert sorted(got) == [
        "table Note: index Note_ownerId_idx: only in prisma",
        "table Passkey: column counter: declared BIGINT != INTEGER",
        "table Session: foreign key (userId) -> User(id): on_delete CASCADE != NO ACTION",
        "table Verification: column digits: declared INTEGER != TEXT",
        "table Verification: column digits: type INTEGER != TEXT",
    ]


# -- (c): PostgreSQL, hoppscotch ---------------------------------------------------------------
@needs_shared_schemas
@pytest.mark.postgres
def test_postgres_prisma_ddl_vs_sqlalchemy_metadata(pg: PostgresServer, hoppscotch_ddl: str):
    prisma_engine = _fresh_pg_database(pg, "hopp_prisma")
    apply_postgres_ddl(pg.sqlalchemy_url("hopp_prisma"), hoppscotch_ddl)
    prisma = describe(prisma_engine)
    assert len(prisma["tables"]) == _create_table_count(hoppscotch_ddl)
    assert prisma["enums"]["TeamAccessRole"] == ["OWNER", "VIEWER", "EDITOR"]
    team_collection = prisma["tables"]["TeamCollection"]
    assert team_collection["primary_key"] == {"name": "TeamCollection_pkey", "columns": ["id"]}
    assert team_collection["columns"]["createdOn"]["type"] == "TIMESTAMPTZ(3)"
    assert prisma["tables"]["TeamMember"]["columns"]["role"]["type"] == "ENUM TeamAccessRole"

    # SQLAlchemy MetaData reflected from Prisma's database re-creates it exactly...
    metadata = sa.MetaData()
    metadata.reflect(prisma_engine)
    same_engine = _fresh_pg_database(pg, "hopp_same")
    metadata.create_all(same_engine)
    assert diff(prisma, describe(same_engine), "prisma", "sqlalchemy") == []

    # ...and a deliberately different one is caught.
    metadata.tables["TeamCollection"].c["orderIndex"].type = sa.BigInteger()
    metadata.tables["TeamRequest"].c["title"].nullable = True
    (fk,) = [fk for fk in metadata.tables["TeamRequest"].foreign_keys if fk.parent.name == "teamID"]
    fk.ondelete = None
    fk.constraint.ondelete = None
    metadata.tables["Team"].c["name"].type = sa.String(100)
    other_engine = _fresh_pg_database(pg, "hopp_other")
    metadata.create_all(other_engine)
    with other_engine.begin() as conn:
        conn.exec_driver_sql('DROP INDEX "TeamMember_teamID_userUid_key"')
        conn.exec_driver_sql("ALTER TYPE \"TeamAccessRole\" ADD VALUE 'ADMIN' BEFORE 'VIEWER'")
    assert sorted(diff(prisma, describe(other_engine), "prisma", "sqlalchemy")) == [
        "enum TeamAccessRole: values ['OWNER', 'VIEWER', 'EDITOR'] != "
        "['OWNER', 'ADMIN', 'VIEWER', 'EDITOR']",
        "table Team: column name: type TEXT != VARCHAR(100)",
        "table TeamCollection: column orderIndex: type INTEGER != BIGINT",
        "table TeamMember: unique TeamMember_teamID_userUid_key: only in prisma",
        "table TeamRequest: column title: nullable False != True",
        "table TeamRequest: foreign key (teamID) -> Team(id): on_delete CASCADE != NO ACTION",
    ]
    for engine in (prisma_engine, same_engine, other_engine):
        engine.dispose()


# -- (d): every shared schema on its own provider ----------------------------------------------
@needs_shared_schemas
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_prisma_ddl_applies_cleanly(name: str, tmp_path: Path, request: pytest.FixtureRequest):
    schema = SHARED_SCHEMAS / f"{name}.prisma"
    if SCHEMAS[name] == "sqlite":
        sql = prisma_ddl(schema)
        apply_sqlite_ddl(tmp_path / "db.sqlite", sql)
        engine = sqlite_engine(tmp_path / "db.sqlite")
    else:
        pg: PostgresServer = request.getfixturevalue("pg")
        sql = prisma_ddl(schema, url=pg.url)
        db = "ddl_" + name.replace("-", "_")
        engine = _fresh_pg_database(pg, db)
        apply_postgres_ddl(pg.sqlalchemy_url(db), sql)
    assert sql.startswith("-- Create"), sql[:200]
    described = describe(engine)
    engine.dispose()
    assert len(described["tables"]) == _create_table_count(sql) > 0


@needs_shared_schemas
@pytest.mark.postgres
def test_provider_override_runs_a_sqlite_schema_on_postgres(pg: PostgresServer):
    sql = prisma_ddl(EPIC, provider="postgresql", url=pg.url)
    assert 'CONSTRAINT "_RoleToUser_AB_pkey" PRIMARY KEY ("A","B")' in sql
    assert "TIMESTAMP(3)" in sql
    engine = _fresh_pg_database(pg, "epic_on_pg")
    apply_postgres_ddl(pg.sqlalchemy_url("epic_on_pg"), sql)
    described = describe(engine)
    engine.dispose()
    assert described["tables"]["_RoleToUser"]["primary_key"] == {
        "name": "_RoleToUser_AB_pkey",
        "columns": ["A", "B"],
    }


@needs_shared_schemas
def test_prisma_ddl_errors_are_reported(tmp_path: Path):
    with pytest.raises(PrismaDdlError, match="no such file"):
        prisma_ddl(tmp_path / "missing.prisma")
    bad = tmp_path / "bad.prisma"
    bad.write_text(
        'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n  b Nope\n}\n'
    )
    with pytest.raises(PrismaDdlError, match="Nope"):
        prisma_ddl(bad)
    mysql = tmp_path / "mysql.prisma"
    mysql.write_text('datasource db {\n  provider = "mysql"\n}\n')
    with pytest.raises(PrismaDdlError, match="unsupported datasource provider"):
        prisma_ddl(mysql)
    with pytest.raises(PrismaDdlError, match="needs a server"):
        prisma_ddl(EPIC, provider="postgresql")


# -- the PostgreSQL helper -----------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_helper_urls(pg: PostgresServer):
    url = pg.create_database("helper_check")
    assert url == f"postgresql+psycopg://postgres@127.0.0.1:{pg.port}/helper_check"
    assert libpq_url(url) == pg.node_url("helper_check")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT current_database()").scalar() == "helper_check"
        assert conn.exec_driver_sql("SHOW fsync").scalar() == "off"
    engine.dispose()
    pg.drop_database("helper_check")


@pytest.mark.postgres
def test_postgres_server_is_removed_even_on_error(pg: PostgresServer):
    # `pg` only makes this skip (or fail on CI) where PostgreSQL is not installed.
    with pytest.raises(RuntimeError, match="boom"), postgres_server() as server:
        root, pid = server.root, server._proc.pid
        assert root.is_dir()
        raise RuntimeError("boom")
    assert not root.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# -- server defaults: only the ones a writer must leave to the database are compared -----------
def test_sqlite_server_defaults(tmp_path: Path):
    apply_sqlite_ddl(
        tmp_path / "a.db",
        'CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,'
        ' "n" INTEGER NOT NULL DEFAULT 5, "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,'
        ' "r" TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)))));',
    )
    apply_sqlite_ddl(
        tmp_path / "b.db",
        'CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY,'
        ' "n" INTEGER NOT NULL, "at" DATETIME NOT NULL, "r" TEXT NOT NULL);',
    )
    a, b = (describe(sqlite_engine(tmp_path / f"{n}.db")) for n in "ab")
    assert diff(a, b) == [
        "table T: column r: server_default expression: lower(hex(randomblob(4))) != None",
        "table T: sqlite_autoincrement True != False",
    ]


@pytest.mark.postgres
def test_postgres_server_defaults(pg: PostgresServer):
    a = _fresh_pg_database(pg, "defaults_a")
    b = _fresh_pg_database(pg, "defaults_b")
    with a.begin() as conn:
        conn.exec_driver_sql(
            'CREATE TABLE "T" ("id" SERIAL PRIMARY KEY, "n" INTEGER NOT NULL DEFAULT 5,'
            ' "s" TEXT NOT NULL DEFAULT \'x\', "at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,'
            ' "u" UUID NOT NULL DEFAULT gen_random_uuid(), "now" TIMESTAMPTZ(6) DEFAULT now())'
        )
    with b.begin() as conn:
        conn.exec_driver_sql(
            'CREATE TABLE "T" ("id" INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,'
            ' "n" INTEGER NOT NULL, "s" TEXT NOT NULL, "at" TIMESTAMP(3),'
            ' "u" UUID NOT NULL, "now" TIMESTAMPTZ(6))'
        )
    assert diff(describe(a), describe(b)) == [
        "table T: column id: server_default sequence != identity by default",
        "table T: column u: server_default expression: gen_random_uuid() != None",
        "table T: column now: server_default expression: now() != None",
    ]
    a.dispose()
    b.dispose()
