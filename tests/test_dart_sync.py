"""The Dart sync client's generated side: `syncPlan` from the IR's sync plan, the sync-aware
`PrismaClient.open`, the exported sync API, and the sync test suite (backends/dart/sync_suite.py)
with the embedded wire vectors. The runtime itself (templates/dart/runtime/sync/) is checked by
the syntax, symbol and await checks (test_dart_backend.py, test_dart_symbols.py) and exercised by
the generated suite under `dart test` (no Dart SDK here).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path, PurePosixPath

import pytest

from prisma_dart_gen.backends.dart import naming
from prisma_dart_gen.backends.dart.sync_suite import main as sync_suite_main
from prisma_dart_gen.backends.dart.sync_suite import render_sync_suite
from prisma_dart_gen.backends.dart.view import SYNC_EXPORTS
from prisma_dart_gen.generate import plan
from tests.support.dart_syntax import syntax_errors
from tests.support.params import REPO, load_params
from tests.test_dart_backend import dart_string_value

PROTOCOL = REPO / "fixtures" / "protocol"
CLIENT = PurePosixPath("lib/src/client.dart")


@cache
def _package(case: str, work: str) -> tuple[str, tuple[tuple[PurePosixPath, bytes], ...]]:
    result = plan(load_params(case, Path(work)))
    return result.config.package_name, tuple(result.outputs[result.config.output].items())


def package(case: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    work = tmp_path_factory.getbasetemp() / "dart-sync" / case
    work.mkdir(parents=True, exist_ok=True)
    name, files = _package(case, str(work))
    return name, dict(files)


def text(files: dict, path: PurePosixPath) -> str:
    return files[path].decode("utf-8")


def test_sync_plan_lists_synced_models_offline_create_and_join_tables(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    _, files = package("sync", tmp_path_factory)
    client = text(files, CLIENT)
    assert syntax_errors(files[CLIENT]) == []
    block = client[client.index("const $rt.SyncPlanInfo syncPlan") :]
    block = block[: block.index(");\n")]
    models = dict(re.findall(r"^    '(\w+)': (true|false),$", block, re.MULTILINE))
    # AuditEntry has an autoincrement key: synced, but created by the server only. Tag has no
    # required path to User: local-only. The server's bookkeeping models are not the client's.
    assert models == {
        "User": "true",
        "Profile": "true",
        "Post": "true",
        "Comment": "true",
        "Draft": "true",
        "AuditEntry": "false",
    }
    assert re.findall(r"^    '(_\w+)',$", block, re.MULTILINE) == ["_Bookmarks"]
    assert "schemaVersion: '26e9cc9f642fa8ba'," in block
    assert "/// Local-only (never leave the device): Tag." in client
    assert "SyncChangeDelegate" not in client


def test_sync_plan_version_is_the_wire_vectors_one(tmp_path_factory) -> None:
    """The vectors were recorded for this schema: a Dart client must send the same version."""
    _, files = package("sync", tmp_path_factory)
    for path in PROTOCOL.glob("*.json"):
        version = re.search(r'"schemaVersion": "(\w+)"', path.read_text(encoding="utf-8"))
        assert version is not None
        assert f"schemaVersion: '{version.group(1)}'," in text(files, CLIENT), path.name


def test_synced_client_opens_with_sync_and_exports_the_sync_api(tmp_path_factory) -> None:
    name, files = package("sync", tmp_path_factory)
    client = text(files, CLIENT)
    assert "{DateTime Function()? clock, $rt.SyncConfig? sync}) async {" in client
    assert "$rt.openSyncedEngine(schemaInfo, storage, syncPlan, sync," in client
    assert "$rt.SyncWorker get $sync =>" in client
    library = text(files, PurePosixPath(f"lib/{name}.dart"))
    for line in SYNC_EXPORTS:
        assert line in library
    exported = {
        name.strip()
        for line in SYNC_EXPORTS
        for name in line.split(" show ")[1].rstrip(";").split(",")
    }
    # A model cannot take an exported name.
    assert exported <= naming.CLIENT_TYPE_NAMES


def test_unsynced_client_has_no_sync(tmp_path_factory) -> None:
    name, files = package("relations", tmp_path_factory)
    client = text(files, CLIENT)
    assert "syncPlan" not in client
    assert "SyncConfig" not in client
    assert "$sync" not in client
    assert "runtime/sync/" not in text(files, PurePosixPath(f"lib/{name}.dart"))


def test_sync_suite_embeds_every_wire_vector_verbatim() -> None:
    files = render_sync_suite("app_db", PROTOCOL)
    vectors = files[PurePosixPath("test/sync/vectors.dart")]
    assert syntax_errors(vectors) == []
    literal = re.compile(r"^ +('(?:[^'\\]|\\.)*')[;,]?$")
    key = re.compile(r"^  '([a-z-]+\.json)':$")
    embedded: dict[str, list[str]] = {}
    current = None
    for line in vectors.decode().splitlines():
        if match := key.match(line):
            current = match.group(1)
        elif current and (match := literal.match(line)):
            embedded.setdefault(current, []).append(dart_string_value(match.group(1)))
    expected = {path.name: path for path in PROTOCOL.glob("*.json")}
    assert sorted(embedded) == sorted(expected)
    for name, path in expected.items():
        assert "".join(embedded[name]) == path.read_text(encoding="utf-8"), name


def test_sync_suite_runner_parses_and_covers_the_weaknesses() -> None:
    runner = render_sync_suite("sync_db", PROTOCOL)[PurePosixPath("test/sync_test.dart")]
    assert syntax_errors(runner) == []
    source = runner.decode()
    assert "import 'package:sync_db/sync_db.dart';" in source
    assert "import 'sync/vectors.dart';" in source
    # The client-side weaknesses of docs/sync-protocol.md each have a test.
    for weakness in (2, 3, 5, 6, 7, 10):
        assert f"weakness {weakness}" in source, weakness
    # Every vector is replayed by some test.
    for path in PROTOCOL.glob("*.json"):
        assert f"_Vector('{path.stem}')" in source, path.name


def test_sync_suite_cli_writes_into_a_package(tmp_path: Path) -> None:
    (tmp_path / "pubspec.yaml").write_text("name: sync_db\n", encoding="utf-8")
    assert sync_suite_main([str(tmp_path), "--vectors", str(PROTOCOL)]) == 0
    assert (tmp_path / "test" / "sync_test.dart").is_file()
    assert (tmp_path / "test" / "sync" / "vectors.dart").is_file()
