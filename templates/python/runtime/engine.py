"""Engines with the connection settings a database shared with Prisma Client needs.

- SQLite: ``PRAGMA foreign_keys = ON`` on every connection (Python's sqlite3 starts with it off, so
  ON DELETE CASCADE of the implicit many-to-many tables would silently not run).
- PostgreSQL: the session time zone is UTC, so that ``timestamptz`` values and ``now()`` agree with
  what Prisma's adapter writes (prisma/orm#26786).
- MySQL: the session time zone is UTC (``+00:00``).

URLs may be given as SQLAlchemy URLs or as Prisma writes them: ``file:./dev.db``,
``postgresql://user@host/db?schema=app``, ``mysql://user@host/db``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

# Prisma connection-string parameters that are not libpq / driver parameters.
_PRISMA_ONLY_PARAMS = (
    "schema",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "sslaccept",
    "sslidentity",
    "sslpassword",
)
_DIALECTS = {"sqlite": "sqlite", "postgresql": "postgresql", "mysql": "mysql"}


def database_url(url: str | sa.URL) -> tuple[sa.URL, dict[str, Any]]:
    """A SQLAlchemy URL (and connect_args) for a SQLAlchemy or Prisma-style URL."""
    connect_args: dict[str, Any] = {}
    if isinstance(url, str):
        if url.startswith("file:"):
            path = url[len("file:") :]
            if path.startswith("//"):
                path = path[2:]
            url = f"sqlite:///{path.split('?', 1)[0]}"
        elif url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        elif url.startswith("mysql://"):
            url = "mysql+pymysql://" + url.split("://", 1)[1]
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        schema = parsed.query.get("schema")
        if isinstance(schema, str) and schema:
            connect_args["options"] = f"-c search_path={schema}"
    if any(key in parsed.query for key in _PRISMA_ONLY_PARAMS):
        parsed = parsed.difference_update_query(_PRISMA_ONLY_PARAMS)
    return parsed, connect_args


def _sqlite_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _session_utc(statement: str):
    def listener(dbapi_connection: Any, connection_record: Any) -> None:
        autocommit = getattr(dbapi_connection, "autocommit", None)
        if autocommit is not None:
            dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(statement)
        finally:
            cursor.close()
        if autocommit is not None:
            dbapi_connection.autocommit = autocommit

    return listener


def create_engine(url: str | sa.URL, *, provider: str, **kwargs: Any) -> sa.Engine:
    """A SQLAlchemy engine for ``url``; ValueError if it is not a ``provider`` database."""
    parsed, connect_args = database_url(url)
    backend = parsed.get_backend_name()
    if _DIALECTS.get(backend) != provider:
        raise ValueError(
            f"this package was generated for {provider}, but the URL is for {backend!r}"
        )
    if connect_args:
        kwargs["connect_args"] = {**connect_args, **kwargs.get("connect_args", {})}
    engine = sa.create_engine(parsed, **kwargs)
    if backend == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_foreign_keys)
    elif backend == "postgresql":
        sa.event.listen(engine, "connect", _session_utc("SET TIME ZONE 'UTC'"))
    elif backend == "mysql":
        sa.event.listen(engine, "connect", _session_utc("SET time_zone = '+00:00'"))
    return engine


def create_tables(
    metadata: sa.MetaData, target: str | sa.URL | sa.Engine, *, provider: str
) -> None:
    """Create the enum types, tables and indexes of ``metadata`` that do not exist yet.

    For development and tests. Production databases are created by Prisma Migrate.
    """
    if isinstance(target, sa.Engine):
        metadata.create_all(target)
        return
    engine = create_engine(target, provider=provider)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()


__all__ = ["create_engine", "create_tables", "database_url"]
