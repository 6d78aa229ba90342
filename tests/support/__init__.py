"""Test support: Prisma's own DDL, throwaway databases, and schema comparison.

- `prisma_ddl(schema, provider=None, url=None) -> str`: the SQL Prisma Migrate would run to create
  the schema from empty (runs tools/prisma_ddl.mjs, i.e. Prisma's wasm schema engine, offline).
- `apply_sqlite_ddl(path, sql)`, `apply_postgres_ddl(url, sql)`: run such a script.
- `sqlite_engine(path)`: a SQLAlchemy engine that turns `PRAGMA foreign_keys` on per connection.
- `postgres`: a throwaway PostgreSQL server (`postgres_server()`, `postgres_for_pytest()`).
- `schema_inspect`: `describe(engine)` and `diff(a, b)`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parents[2]
PRISMA_DDL_SCRIPT = REPO_ROOT / "tools" / "prisma_ddl.mjs"
# Real-world schemas used by the harness tests (epic-stack, hoppscotch, hatchet, trigger-dev).
SHARED_SCHEMAS = Path(
    os.environ.get("PRISMA_DART_GEN_SCHEMAS", REPO_ROOT.parent / "shared" / "schemas")
)


class PrismaDdlError(RuntimeError):
    """tools/prisma_ddl.mjs failed; the message holds its stderr."""


def node_tooling_missing() -> str | None:
    """Why tools/prisma_ddl.mjs cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (REPO_ROOT / "node_modules" / "@prisma" / "schema-engine-wasm").is_dir():
        return "node_modules missing (run `npm ci`)"
    return None


def prisma_ddl(
    schema: str | os.PathLike[str], provider: str | None = None, url: str | None = None
) -> str:
    """Prisma's DDL for creating `schema` from empty. PostgreSQL needs a reachable server `url`
    (postgres:// or postgresql+psycopg://); the engine connects but changes nothing there."""
    cmd = ["node", str(PRISMA_DDL_SCRIPT), "--schema", str(schema)]
    if provider:
        cmd += ["--provider", provider]
    if url:
        cmd += ["--url", libpq_url(url)]
    env = {**os.environ, "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/true", "CHECKPOINT_DISABLE": "1"}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if res.returncode != 0:
        raise PrismaDdlError(
            f"prisma_ddl.mjs exited {res.returncode} for {schema}:\n{res.stderr.strip()}"
        )
    return res.stdout


def libpq_url(url: str) -> str:
    """postgresql+psycopg://... -> postgresql://... (what psycopg and node-postgres accept)."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


def apply_sqlite_ddl(path: str | os.PathLike[str], sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(sql)
    finally:
        conn.close()


def apply_postgres_ddl(url: str, sql: str) -> None:
    """Run a whole script in one transaction (psycopg sends it as one simple query)."""
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute(sql)


def sqlite_engine(path: str | os.PathLike[str]) -> sa.Engine:
    """SQLAlchemy engine for a SQLite file with foreign keys enforced on every connection
    (Python's sqlite3 starts with them off, so ON DELETE CASCADE would silently not run)."""
    engine = sa.create_engine(f"sqlite:///{path}")

    @sa.event.listens_for(engine, "connect")
    def _fk_on(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    return engine
