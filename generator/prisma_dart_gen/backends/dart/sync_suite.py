"""The sync protocol wire vectors (fixtures/protocol) and the sync scenarios as a Dart test suite.

The vectors were recorded from the real Python server on one schema (fixtures/sync/schema.prisma,
`syncScope = "User"`), and the scenarios use its models (User, Post, Comment, AuditEntry, Tag,
`_Bookmarks`). A package generated from that schema gets two more files, as the parity suite
does (parity.py):

- `test/sync/vectors.dart`: every `fixtures/protocol/*.json`, embedded as Dart string constants
  (no file access at test time, so the suite also runs in a browser);
- `test/sync_test.dart`: the runner, on both backends (SqfliteStorage on sqflite_common_ffi in
  memory, IndexedDbStorage on idb_shim's in-memory factory), against an in-process fake server
  that replays the vectors (docs/dart-client.md, "Sync").

Added by

    python -m prisma_dart_gen.backends.dart.sync_suite <package dir> [--vectors fixtures/protocol]

after generating the package from fixtures/sync/schema.prisma. `render_sync_suite` is pure;
`main` writes the files.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .naming import string_literal
from .parity import JsonTextView, _package_name, _text, add_to_package

VECTORS_PATH = PurePosixPath("test/sync/vectors.dart")
RUNNER_PATH = PurePosixPath("test/sync_test.dart")


@dataclass(frozen=True)
class SyncSuiteView:
    package_imports: tuple[str, ...]
    vectors: tuple[JsonTextView, ...]


def _package_imports(package_name: str) -> tuple[str, ...]:
    def uri(path: str) -> str:
        return string_literal(f"package:{package_name}/{path}")

    return (
        f"import {uri(f'{package_name}.dart')};",
        f"import {uri('src/runtime/client/filter.dart')} show OrderTerm;",
        f"import {uri('src/runtime/sync/local.dart')}\n"
        "    show EngineSyncApplier, SyncedEngine, linkOf, openSyncedEngine, rowOf, wireRecord;",
        f"import {uri('src/runtime/sync/outbox.dart')} show SyncStateKey;",
        f"import {uri('src/runtime/sync/protocol.dart')} show PullPage;",
    )


def build_sync_suite_view(package_name: str, vectors: Path) -> SyncSuiteView:
    files = sorted(vectors.glob("*.json"))
    return SyncSuiteView(
        package_imports=_package_imports(package_name),
        vectors=tuple(_text(path.name, path.read_text(encoding="utf-8")) for path in files),
    )


def render_sync_suite(package_name: str, vectors: Path) -> dict[PurePosixPath, bytes]:
    """The runner and the embedded vectors, keyed by path relative to the package root."""
    from . import _environment  # the backend's environment (filters, StrictUndefined)

    view = build_sync_suite_view(package_name, vectors)
    env = _environment()
    return {
        RUNNER_PATH: env.get_template("sync/sync_test.dart.jinja").render(suite=view).encode(),
        VECTORS_PATH: env.get_template("sync/vectors.dart.jinja").render(suite=view).encode(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prisma_dart_gen.backends.dart.sync_suite",
        description="Add the sync protocol vectors and the sync scenarios to a Dart package "
        "generated from fixtures/sync/schema.prisma.",
    )
    parser.add_argument("package", type=Path, help="the generated package (holds pubspec.yaml)")
    parser.add_argument(
        "--vectors",
        type=Path,
        default=Path("fixtures/protocol"),
        help="the folder holding the wire vectors (default: fixtures/protocol)",
    )
    args = parser.parse_args(argv)
    files = render_sync_suite(_package_name(args.package), args.vectors)
    add_to_package(args.package, files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
