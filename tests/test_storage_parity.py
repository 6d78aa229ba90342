"""Storage parity: our `create_tables` builds the same database as Prisma's own schema engine.

For every fixture and every shared real-world schema, on the schema's own provider (and on
PostgreSQL too for SQLite fixtures that use nothing SQLite-specific), two fresh databases are made:
one by the generated server package's `create_tables`, one from the DDL Prisma Migrate would run
(`@prisma/schema-engine-wasm`, tools/prisma_ddl.mjs). Their SQLAlchemy inspections must be equal:
tables, columns, types, nullability, keys, unique and other indexes, foreign keys and actions,
enums.
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from pathlib import Path

import pytest

from prisma_dart_gen.generate import plan
from tests.support import apply_postgres_ddl, apply_sqlite_ddl, prisma_ddl, sqlite_engine
from tests.support.params import (
    FIXTURES,
    capture_params,
    fixture_cases,
    load_params,
    shared_schema_names,
    with_dart_generator,
)
from tests.support.schema_inspect import describe, diff

SHARED = Path(__file__).resolve().parents[2] / "shared" / "schemas"


def provider_of(schema_file: Path) -> str:
    text = schema_file.read_text()
    return re.search(r'datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"', text).group(1)


def own_provider(case: str) -> str:
    return provider_of(FIXTURES / case / "schema.prisma")


def portable(case: str) -> bool:
    """A SQLite fixture with no SQL expressions or native types means the same on PostgreSQL."""
    text = (FIXTURES / case / "schema.prisma").read_text()
    return own_provider(case) == "sqlite" and "dbgenerated(" not in text and "@db." not in text


CASES = [(case, own_provider(case)) for case in fixture_cases()] + [
    (case, "postgresql") for case in fixture_cases() if portable(case)
]


# Prisma's SQLite DDL writes Json defaults unquoted (`DEFAULT {"a": 1}`, `DEFAULT "text"`), which
# SQLite cannot parse or reads as something else (prisma/orm#26571, open). Literal defaults are
# filled by the client and not compared, so the clause is dropped from JSONB column lines.
def without_json_defaults(sql: str) -> str:
    return "\n".join(
        re.sub(r" DEFAULT .*?(,?)$", r"\1", line) if " JSONB " in line else line
        for line in sql.split("\n")
    )


def generated_server(params: dict, work: Path, provider: str, package: str):
    """Render the server package for `params` on `provider`, import it under a unique name."""
    params["generator"]["config"]["serverOutput"] = f"../generated/{package}"
    for source in params["datasources"]:
        source["provider"] = source["activeProvider"] = provider
    result = plan(params)
    root = result.config.server_output
    assert root is not None
    package_dir = work / "pkgs" / package
    for path, content in result.outputs[root].items():
        target = package_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    sys.path.insert(0, str(package_dir.parent))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(package_dir.parent))


def compare(schema_file: Path, params: dict, provider: str, work: Path, label: str, pg_server):
    package = re.sub(r"\W", "_", f"srv_{label}_{provider}")
    server = generated_server(params, work, provider, package)
    prisma_sql = prisma_ddl(
        schema_file,
        provider=provider,
        url=pg_server.create_database(f"probe_{package}".lower()) if provider != "sqlite" else None,
    )
    if provider == "sqlite":
        ours_path, theirs_path = work / "ours.db", work / "prisma.db"
        server.db.create_tables(f"sqlite:///{ours_path}")
        apply_sqlite_ddl(theirs_path, without_json_defaults(prisma_sql))
        ours, theirs = sqlite_engine(ours_path), sqlite_engine(theirs_path)
    else:
        import sqlalchemy as sa

        ours_url = pg_server.create_database(f"ours_{package}".lower())
        theirs_url = pg_server.create_database(f"prisma_{package}".lower())
        server.db.create_tables(ours_url)
        apply_postgres_ddl(theirs_url, prisma_sql)
        ours, theirs = sa.create_engine(ours_url), sa.create_engine(theirs_url)
    try:
        differences = diff(describe(ours), describe(theirs), "ours", "prisma")
    finally:
        ours.dispose()
        theirs.dispose()
    assert differences == [], "\n".join(differences)


@pytest.mark.parametrize(("case", "provider"), CASES, ids=lambda v: v)
def test_fixture_parity(case, provider, tmp_path, request):
    pg = request.getfixturevalue("pg_server") if provider == "postgresql" else None
    params = load_params(case, tmp_path)
    schema_file = tmp_path / "fixture" / "schema.prisma"
    compare(schema_file, params, provider, tmp_path, case, pg)


@pytest.mark.parametrize("name", shared_schema_names())
def test_shared_schema_parity(name, tmp_path, request):
    schema_dir = tmp_path / "fixture"
    schema_dir.mkdir()
    schema_file = schema_dir / "schema.prisma"
    schema_file.write_text(with_dart_generator((SHARED / f"{name}.prisma").read_text()))
    params = capture_params(schema_file)
    provider = provider_of(schema_file)
    pg = request.getfixturevalue("pg_server") if provider == "postgresql" else None
    compare(schema_file, params, provider, tmp_path, name.replace("-", "_"), pg)
    shutil.rmtree(tmp_path / "pkgs", ignore_errors=True)
