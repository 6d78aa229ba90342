"""The Prisma parity vectors (fixtures/parity) as a Dart test suite of a generated package.

The vectors pin down what Prisma Client does on one schema (fixtures/parity/schema.prisma). A
package generated from that schema gets two more files:

- `test/parity/vectors.dart`: `seed.json`, every `cases/*.json` and `dart_gaps.json` (the cases
  the Dart client does not pass, with the reason), embedded as Dart string constants (no file
  access at test time, so the suite also runs in a browser);
- `test/parity_test.dart`: the runner. Each case runs on a fresh database of both backends
  (SqfliteStorage on sqflite_common_ffi in memory, IndexedDbStorage on idb_shim's in-memory
  factory): seed through the storage, one `Engine.execute` with the case's arguments (tagged
  values decoded to Dart values), then the result or error and every table are compared with
  what Prisma did (`$generated` placeholders match any value of their kind). A case listed in
  `dart_gaps.json` is reported as skipped, with its reason.

With them come the golden SQL cases of the SQLite backend (sql_cases.py:
`test/sqlite_sql_test.dart`, `test/sqlite/sql_cases.dart`), whose 'parity' schema is this one.

Every other generated package stays free of these files: the suite is added by

    python -m prisma_dart_gen.backends.dart.parity <package dir> [--vectors fixtures/parity]

after generating the package from fixtures/parity/schema.prisma (docs/dart-client.md, "Parity
vectors"). `render_parity_suite` is pure; `main` writes the files.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .naming import string_literal
from .sql_cases import CASES_FROM_VECTORS, json_lines, render_sql_cases_suite

VECTORS_PATH = PurePosixPath("test/parity/vectors.dart")
RUNNER_PATH = PurePosixPath("test/parity_test.dart")
# The cases the Dart client does not pass, with the reason (in the vectors' folder).
GAPS_NAME = "dart_gaps.json"


@dataclass(frozen=True)
class JsonTextView:
    key: str  # a string literal: the file name
    lines: tuple[str, ...]  # string literals, one per line of the file (newline included)


@dataclass(frozen=True)
class ParityView:
    package_imports: tuple[str, ...]
    gaps: JsonTextView
    seed: JsonTextView
    cases: tuple[JsonTextView, ...]


def _text(name: str, text: str) -> JsonTextView:
    return JsonTextView(string_literal(name), json_lines(text))


def _package_imports(package_name: str) -> tuple[str, ...]:
    def uri(path: str) -> str:
        return string_literal(f"package:{package_name}/{path}")

    return (
        f"import {uri('src/runtime/client/engine.dart')} show Engine;",
        f"import {uri('src/runtime/client/errors.dart')};",
        f"import {uri('src/runtime/client/filter.dart')} show OrderTerm;",
        f"import {uri('src/runtime/client/schema.dart')};",
        f"import {uri('src/runtime/client/storage.dart')};",
        f"import {uri('src/runtime/idb/idb_storage.dart')} show IndexedDbStorage;",
        f"import {uri('src/runtime/runtime.dart')}\n"
        "    show decodeBigInt, decodeBytes, decodeDateTime, decodeDecimal;",
        f"import {uri('src/runtime/sqlite/sqflite_storage.dart')} show SqfliteStorage;",
        f"import {uri('src/schema.dart')} show schemaInfo;",
    )


def build_parity_view(package_name: str, vectors: Path) -> ParityView:
    cases = sorted((vectors / "cases").glob("*.json"))
    return ParityView(
        package_imports=_package_imports(package_name),
        gaps=_text(GAPS_NAME, (vectors / GAPS_NAME).read_text(encoding="utf-8")),
        seed=_text("seed.json", (vectors / "seed.json").read_text(encoding="utf-8")),
        cases=tuple(_text(path.name, path.read_text(encoding="utf-8")) for path in cases),
    )


def render_parity_suite(
    package_name: str, vectors: Path, sql_cases: Path | None = None
) -> dict[PurePosixPath, bytes]:
    """The runner and the embedded vectors, and the SQL cases' suite (from [sql_cases], by
    default fixtures/dart/sqlite_sql_cases.json beside the vectors' folder), keyed by path
    relative to the package root."""
    from . import _environment  # the backend's environment (filters, StrictUndefined)

    view = build_parity_view(package_name, vectors)
    env = _environment()
    return {
        RUNNER_PATH: env.get_template("parity/parity_test.dart.jinja")
        .render(parity=view)
        .encode("utf-8"),
        VECTORS_PATH: env.get_template("parity/vectors.dart.jinja")
        .render(parity=view)
        .encode("utf-8"),
        **render_sql_cases_suite(package_name, sql_cases or vectors / CASES_FROM_VECTORS),
    }


def _package_name(package: Path) -> str:
    pubspec = (package / "pubspec.yaml").read_text(encoding="utf-8")
    match = re.search(r"^name:\s*(\S+)\s*$", pubspec, re.MULTILINE)
    if match is None:
        raise SystemExit(f"{package / 'pubspec.yaml'} has no `name:`")
    return match.group(1)


def add_to_package(package: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Writes a test suite's files into a generated package (printing each path)."""
    for path, content in files.items():
        target = package / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        print(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prisma_dart_gen.backends.dart.parity",
        description="Add the Prisma parity vectors, the SQLite backend's golden SQL cases and "
        "their runners to a Dart package generated from fixtures/parity/schema.prisma.",
    )
    parser.add_argument("package", type=Path, help="the generated package (holds pubspec.yaml)")
    parser.add_argument(
        "--vectors",
        type=Path,
        default=Path("fixtures/parity"),
        help="the folder holding seed.json and cases/ (default: fixtures/parity)",
    )
    parser.add_argument(
        "--sql-cases",
        type=Path,
        default=None,
        help="the SQLite backend's golden SQL cases "
        "(default: ../dart/sqlite_sql_cases.json from the vectors' folder)",
    )
    args = parser.parse_args(argv)
    files = render_parity_suite(_package_name(args.package), args.vectors, args.sql_cases)
    add_to_package(args.package, files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
