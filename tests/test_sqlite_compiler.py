"""Golden SQL of the Dart client's SQLite backend (templates/dart/runtime/sqlite/), run on SQLite.

No Dart SDK runs here, so the Dart SQL compiler cannot be run. Its output is pinned instead by
fixtures/dart/sqlite_sql_cases.json (format: its "description"): the DDL of two schemas, the
statements the compiler must produce for filters, orderings, pagination, writes and join-table
operations, and local migrations. The Dart test suite shipped with the parity vectors
(test/sqlite_sql_test.dart, backends/dart/sql_cases.py) asserts that the Dart code produces
exactly these strings and arguments; this module proves that the strings are valid SQL and do
what they claim, on a real SQLite database:

- the DDL builds the tables the layout describes (columns, types, NOT NULL, keys, indexes);
- every case runs on the seeded data and returns the expected rows (or count, or changes, or the
  expected UNIQUE error text, which the Dart code parses into a UniqueViolation);
- where a case mirrors a Prisma parity vector (fixtures/parity, recorded with the real Prisma
  Client 7 on SQLite), the rows are those Prisma returned;
- every value is bound (no literal values in the SQL), and no SQL newer than SQLite 3.8 is used;
- each migration turns the old tables into exactly the tables a fresh database gets, keeping the
  rows it documents.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from prisma_dart_gen.backends.dart.sql_cases import render_sql_cases_suite
from tests.support.dart_syntax import syntax_errors
from tests.test_dart_backend import dart_string_value

REPO = Path(__file__).resolve().parents[1]
CASES_FILE = REPO / "fixtures" / "dart" / "sqlite_sql_cases.json"
PARITY = REPO / "fixtures" / "parity"


@cache
def fixture() -> dict[str, Any]:
    return json.loads(CASES_FILE.read_text())


# --- values --------------------------------------------------------------------------------------


def sqlite_arg(value: Any) -> Any:
    """A case's expected argument: plain JSON, or `{"$type": "Bytes", "value": base64}`."""
    if isinstance(value, dict) and value.get("$type") == "Bytes":
        return base64.b64decode(value["value"])
    return value


def tagged(value: Any) -> Any:
    """A SQLite value as the fixture writes it (the inverse of `sqlite_arg`)."""
    if isinstance(value, bytes):
        return {"$type": "Bytes", "value": base64.b64encode(value).decode()}
    return value


def canonical_decimal(text: str) -> str:
    """Decimal.toString() of package:decimal: plain notation, no trailing zeros."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def compact_json(value: Any) -> str:
    """dart:convert jsonEncode: no spaces, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def from_wire(kind: str, value: Any) -> Any:
    """A wire-encoded seed value (fixtures/parity/README.md) as the Dart codec stores it."""
    if value is None:
        return None
    if kind == "dateTime":
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)
    if kind == "bigInt":
        return int(value)
    if kind == "decimal":
        return canonical_decimal(value)
    if kind == "boolean":
        return 1 if value else 0
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "json":
        return compact_json(value)
    if kind == "float":
        return float(value)
    return value


# --- databases -----------------------------------------------------------------------------------


def schema_info(name: str) -> dict[str, Any]:
    return fixture()["schemas"][name]


def seeded(name: str) -> sqlite3.Connection:
    """An in-memory database with the schema's DDL and seed."""
    db = sqlite3.connect(":memory:")
    for statement in fixture()["ddl"][name]:
        db.execute(statement)
    info = schema_info(name)
    if name == "parity":
        tables = json.loads((PARITY / "seed.json").read_text())["tables"]
        for model_name, rows in tables.items():
            if model_name.startswith("_"):
                insert_rows(db, model_name, [dict(row) for row in rows])
                continue
            model = info["models"][model_name]
            fields = {field["name"]: field for field in model["fields"]}
            encoded = [
                {
                    fields[key]["column"]: from_wire(fields[key]["kind"], value)
                    for key, value in row.items()
                }
                for row in rows
            ]
            insert_rows(db, model["table"], encoded)
    else:
        for table, rows in fixture()["seeds"][name].items():
            insert_rows(db, table, [{k: sqlite_arg(v) for k, v in row.items()} for row in rows])
    db.commit()
    return db


def insert_rows(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        columns = ", ".join(f'"{column}"' for column in row)
        marks = ", ".join("?" for _ in row)
        db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))


def identity_of(schema: str, model: str, row: sqlite3.Row) -> Any:
    info = schema_info(schema)["models"][model]
    columns = [
        next(f["column"] for f in info["fields"] if f["name"] == name) for name in info["identity"]
    ]
    values = [row[column] for column in columns]
    return values[0] if len(values) == 1 else values


# --- the cases -----------------------------------------------------------------------------------


def case_ids() -> list[str]:
    return [case["id"] for case in fixture()["cases"]]


def case_by_id(case_id: str) -> dict[str, Any]:
    return next(case for case in fixture()["cases"] if case["id"] == case_id)


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """What the case's statement does on a freshly seeded database."""
    schema = case.get("schema", "parity")
    db = seeded(schema)
    db.row_factory = sqlite3.Row
    args = [sqlite_arg(arg) for arg in case["args"]]
    operation = case["operation"]
    try:
        cursor = db.execute(case["sql"], args)
    except sqlite3.IntegrityError as error:
        return {"error": str(error)}
    if operation == "select":
        return {"rows": [identity_of(schema, case["model"], row) for row in cursor.fetchall()]}
    if operation == "count":
        (row,) = cursor.fetchall()
        assert row.keys() == ["n"]
        return {"count": row["n"]}
    if operation == "links":
        return {"rows": [[row["A"], row["B"]] for row in cursor.fetchall()]}
    result: dict[str, Any] = {"changes": cursor.rowcount}
    if operation == "insert":
        result["rowid"] = cursor.lastrowid
    if "table" in case:
        table = case["table"]
        order = ", ".join(f'"{column}"' for column in case["tableOrder"])
        rows = db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        result["tableAfter"] = [[tagged(row[key]) for key in row.keys()] for row in rows]
    return result


@pytest.mark.parametrize("case_id", case_ids())
def test_case_runs_and_returns_the_expected_rows(case_id: str) -> None:
    case = case_by_id(case_id)
    assert run_case(case) == case["expect"], case["sql"]


@pytest.mark.parametrize(
    "case_id", [case["id"] for case in fixture()["cases"] if "violation" in case]
)
def test_unique_violation_message_names_the_criterion(case_id: str) -> None:
    """SQLite names `table.column` per column of the criterion, which the Dart code maps back
    (uniqueViolationFields in sqflite_storage.dart) to the fields in `violation`."""
    case = case_by_id(case_id)
    model = schema_info(case.get("schema", "parity"))["models"][case["model"]]
    columns = {field["name"]: field["column"] for field in model["fields"]}
    assert case["violation"] in model["uniques"]
    table = model["table"]
    named = ", ".join(f"{table}.{columns[name]}" for name in case["violation"])
    assert case["expect"] == {"error": f"UNIQUE constraint failed: {named}"}


def parity_ids(parity_case: dict[str, Any], identity: list[str]) -> list[Any]:
    result = parity_case["expect"]["result"]
    values = [[row[name] for name in identity] for row in result]
    return [value[0] if len(value) == 1 else value for value in values]


@pytest.mark.parametrize("case_id", [case["id"] for case in fixture()["cases"] if "parity" in case])
def test_case_agrees_with_prisma(case_id: str) -> None:
    """The rows are those the real Prisma Client returned for the same query (parity vector)."""
    case = case_by_id(case_id)
    parity_cases = {
        item["id"]: item
        for path in sorted((PARITY / "cases").glob("*.json"))
        for item in json.loads(path.read_text())
    }
    parity_case = parity_cases[case["parity"]]
    assert parity_case["model"] == case["model"]
    if case["operation"] == "count":
        assert case["expect"]["count"] == parity_case["expect"]["result"]
        return
    identity = schema_info("parity")["models"][case["model"]]["identity"]
    assert case["expect"]["rows"] == parity_ids(parity_case, identity)


def test_every_value_is_bound() -> None:
    """One argument per `?`, and no literal in the SQL but the fixed ones the compiler writes."""
    allowed_literals = {r"'\'", "','", "'[]'"}
    for case in fixture()["cases"]:
        sql = case["sql"]
        assert sql.count("?") == len(case["args"]), case["id"]
        literals = set(re.findall(r"'[^']*'", sql))
        assert literals <= allowed_literals, (case["id"], literals - allowed_literals)


# SQL that SQLite 3.8 (Android API 21) does not have.
NEWER_SQL = [
    r"\bON\s+CONFLICT\b",  # UPSERT, 3.24
    r"\bRETURNING\b",  # 3.35
    r"\bOVER\s*\(",  # window functions, 3.25
    r"\bNULLS\s+(FIRST|LAST)\b",  # 3.30
    r"\bjson_\w+\s*\(|->>?",  # json1 (not on every old Android build)
    r"\bIIF\s*\(",  # 3.32
    r"\bFILTER\s*\(",  # 3.30
    r"\bDROP\s+COLUMN\b",  # 3.35
    r"\bRENAME\s+COLUMN\b",  # 3.25
    r"\bGENERATED\b",  # 3.31
]


def top_level(statement: str) -> str:
    """The statement with every parenthesized part removed."""
    previous = None
    while previous != statement:
        previous, statement = statement, re.sub(r"\([^()]*\)", "", statement)
    return statement


def all_sql() -> list[str]:
    data = fixture()
    statements = [case["sql"] for case in data["cases"]]
    statements += [s for ddl in data["ddl"].values() for s in ddl]
    for migration in data["migrations"]:
        statements += migration["statements"]
    return statements


def test_no_sql_newer_than_sqlite_3_8() -> None:
    for statement in all_sql():
        for pattern in NEWER_SQL:
            assert not re.search(pattern, statement, re.IGNORECASE), (pattern, statement)
        if statement.startswith("UPDATE"):  # UPDATE ... FROM: 3.33
            assert " FROM " not in top_level(statement), statement


# --- DDL and layout ------------------------------------------------------------------------------


def create_sql(table: dict[str, Any], name: str | None = None) -> str:
    """TableLayout.createSql of ddl.dart, to check that "ddl" is exactly "layout"'s statements."""
    parts = []
    pk = table["primaryKey"]
    for column in table["columns"]:
        part = f'"{column["name"]}" {column["type"]}' + (" NOT NULL" if column["notNull"] else "")
        if len(pk) == 1 and pk[0] == column["name"]:
            part += " PRIMARY KEY" + (" AUTOINCREMENT" if table["autoincrement"] else "")
        parts.append(part)
    if len(pk) > 1:
        parts.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
    return f'CREATE TABLE "{name or table["name"]}" ({", ".join(parts)})'


def index_sql(table: str, index: dict[str, Any]) -> str:
    unique = "UNIQUE " if index["unique"] else ""
    columns = ", ".join(f'"{c}"' for c in index["columns"])
    return f'CREATE {unique}INDEX "{index["name"]}" ON "{table}" ({columns})'


def layout_statements(layout: dict[str, Any]) -> list[str]:
    statements = []
    for table in layout["tables"]:
        statements.append(create_sql(table))
        statements += [index_sql(table["name"], index) for index in table["indexes"]]
    return statements


def describe(db: sqlite3.Connection) -> dict[str, Any]:
    """Tables (columns, types, NOT NULL, key positions), their indexes, and AUTOINCREMENT."""
    tables = {}
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in sorted(names):
        columns = {
            row[1]: (row[2], bool(row[3]), row[5])
            for row in db.execute(f'PRAGMA table_info("{name}")')
        }
        indexes = {}
        for row in db.execute(f'PRAGMA index_list("{name}")'):
            if row[1].startswith("sqlite_autoindex"):
                continue
            index_columns = [r[2] for r in db.execute(f'PRAGMA index_info("{row[1]}")')]
            indexes[row[1]] = (bool(row[2]), index_columns)
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
        tables[name] = {
            "columns": columns,
            "indexes": indexes,
            "autoincrement": "AUTOINCREMENT" in sql,
        }
    return tables


def layout_description(layout: dict[str, Any]) -> dict[str, Any]:
    tables = {}
    for table in layout["tables"]:
        pk = table["primaryKey"]
        tables[table["name"]] = {
            "columns": {
                c["name"]: (
                    c["type"],
                    c["notNull"],
                    pk.index(c["name"]) + 1 if c["name"] in pk else 0,
                )
                for c in table["columns"]
            },
            "indexes": {i["name"]: (i["unique"], i["columns"]) for i in table["indexes"]},
            "autoincrement": table["autoincrement"],
        }
    return tables


@pytest.mark.parametrize("name", ["parity", "shop"])
def test_ddl_builds_the_layout(name: str) -> None:
    layout = fixture()["layouts"][name]
    assert layout["format"] == 1
    assert fixture()["ddl"][name] == layout_statements(layout)
    db = seeded(name)
    assert describe(db) == layout_description(layout)


def test_autoincrement_ids_follow_the_largest_ever_used() -> None:
    """As in Prisma's SQLite tables: a deleted largest id is not reused."""
    db = seeded("parity")
    db.execute('DELETE FROM "Tag" WHERE "id" = 5')
    cursor = db.execute('INSERT INTO "Tag" ("name") VALUES (?)', ["fresh"])
    assert cursor.lastrowid == 6


def test_seed_reads_back() -> None:
    db = seeded("parity")
    tables = json.loads((PARITY / "seed.json").read_text())["tables"]
    for model, rows in tables.items():
        table = model if model.startswith("_") else schema_info("parity")["models"][model]["table"]
        assert db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == len(rows)


# --- migrations ----------------------------------------------------------------------------------


def migration_ids() -> list[str]:
    return [migration["id"] for migration in fixture()["migrations"]]


@pytest.mark.parametrize("migration_id", migration_ids())
def test_migration(migration_id: str) -> None:
    migration = next(m for m in fixture()["migrations"] if m["id"] == migration_id)
    db = sqlite3.connect(":memory:")
    for statement in layout_statements(migration["from"]):
        db.execute(statement)
    for table, rows in migration["seed"].items():
        insert_rows(db, table, rows)
    db.commit()
    db.execute("BEGIN")
    for statement in migration["statements"]:
        db.execute(statement)
    db.commit()
    # Exactly the tables and indexes a fresh database built for the new layout has.
    fresh = sqlite3.connect(":memory:")
    for statement in layout_statements(migration["to"]):
        fresh.execute(statement)
    assert describe(db) == describe(fresh) == layout_description(migration["to"])
    for table, rows in migration["expect"].items():
        got = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        assert [list(row) for row in got] == rows, table
    # AUTOINCREMENT bookkeeping followed the rebuilt table through its rename.
    for table, next_id in migration.get("nextIds", {}).items():
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
        assert row is not None and row[0] + 1 == next_id, (table, row)


# --- the Dart suite that asserts the same cases ------------------------------------------------


def dart_suite() -> dict[str, str]:
    files = render_sql_cases_suite("parity_db", CASES_FILE)
    return {str(path): content.decode("utf-8") for path, content in files.items()}


def test_dart_suite_embeds_the_cases_verbatim() -> None:
    """test/sqlite/sql_cases.dart holds this file's text byte for byte, and both files parse."""
    suite = dart_suite()
    assert all(syntax_errors(text.encode()) == [] for text in suite.values())
    literal = re.compile(r"^    ('(?:[^'\\]|\\.)*');?$")
    lines = [
        dart_string_value(match.group(1))
        for line in suite["test/sqlite/sql_cases.dart"].splitlines()
        if (match := literal.match(line))
    ]
    assert "".join(lines) == CASES_FILE.read_text(encoding="utf-8")


def test_dart_suite_reads_every_operation_and_tag_the_cases_use() -> None:
    """The runner decodes each operation and tagged value of the fixture (else its test throws)."""
    runner = dart_suite()["test/sqlite_sql_test.dart"]
    for operation in {case["operation"] for case in fixture()["cases"]}:
        assert f"operation == '{operation}'" in runner, operation
    tags: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "$type" in value:
                tags.add(value["$type"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(fixture()["cases"])
    walk(fixture()["schemas"])
    for tag in tags:
        assert f"type == '{tag}'" in runner, tag
