"""The golden SQL cases of the SQLite backend as a Dart test of a generated package.

fixtures/dart/sqlite_sql_cases.json pins what the SQLite backend's Dart code (runtime/sqlite/:
ddl.dart, sql.dart, sqflite_storage.dart) must produce; tests/test_sqlite_compiler.py runs every
statement on a real SQLite database. The package generated from fixtures/parity/schema.prisma
gets, with the parity vectors (parity.py):

- `test/sqlite/sql_cases.dart`: the JSON file embedded as one Dart string constant;
- `test/sqlite_sql_test.dart`: the runner. For each schema of the file ('parity' is the package's
  own generated `schemaInfo`, the others are decoded from their JSON), the layout and DDL; for
  each case, the statement and bound arguments the compiler produces, and the fields a UNIQUE
  error message maps back to; for each migration, the statements `migrationStatements` produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .naming import string_literal

CASES_PATH = PurePosixPath("test/sqlite/sql_cases.dart")
RUNNER_PATH = PurePosixPath("test/sqlite_sql_test.dart")
# Where the cases live, relative to the parity vectors' folder (fixtures/parity).
CASES_FROM_VECTORS = Path("..") / "dart" / "sqlite_sql_cases.json"


@dataclass(frozen=True)
class SqlCasesView:
    package_imports: tuple[str, ...]
    lines: tuple[str, ...]  # string literals, one per line of the JSON file (newline included)


def json_lines(text: str) -> tuple[str, ...]:
    """A file's text as Dart string literals, one per line (newline kept), concatenated in Dart."""
    return tuple(string_literal(line) for line in (text.splitlines(keepends=True) or [""]))


def _package_imports(package_name: str) -> tuple[str, ...]:
    def uri(path: str) -> str:
        return string_literal(f"package:{package_name}/{path}")

    return (
        f"import {uri('src/runtime/client/filter.dart')}\n"
        "    show AllRows, And, CompareOp, FieldCondition, Filter, Not, NoRows, NullsOrder, Or,\n"
        "        OrderTerm, RelationCondition, RelationExists, RelationQuantifier;",
        f"import {uri('src/runtime/client/schema.dart')};",
        f"import {uri('src/runtime/client/storage.dart')} show JsonNullValue, Link;",
        f"import {uri('src/runtime/runtime.dart')}\n"
        "    show decodeBigInt, decodeBytes, decodeDateTime, decodeDecimal;",
        f"import {uri('src/runtime/sqlite/ddl.dart')} show StorageLayout, migrationStatements;",
        f"import {uri('src/runtime/sqlite/sql.dart')} show SqlCompiler, SqlStatement;",
        f"import {uri('src/runtime/sqlite/sqflite_storage.dart')} show uniqueViolationFields;",
        f"import {uri('src/schema.dart')} show schemaInfo;",
    )


def render_sql_cases_suite(package_name: str, cases: Path) -> dict[PurePosixPath, bytes]:
    """The runner and the embedded cases, keyed by path relative to the package root."""
    from . import _environment  # the backend's environment (filters, StrictUndefined)

    view = SqlCasesView(
        package_imports=_package_imports(package_name),
        lines=json_lines(cases.read_text(encoding="utf-8")),
    )
    env = _environment()
    return {
        path: env.get_template(template).render(sql=view).encode("utf-8")
        for path, template in (
            (RUNNER_PATH, "test/sqlite_sql_test.dart.jinja"),
            (CASES_PATH, "test/sql_cases.dart.jinja"),
        )
    }
