"""The Dart backend: naming rules, collisions, the models, the typed client and its test suites.

No Dart SDK is available: generated files are checked with tree-sitter-dart (tests/support/
dart_syntax.py) for syntax, with the symbol check (tests/support/dart_symbols.py) for names, and
with targeted assertions for the facts a parser cannot see.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from prisma_dart_gen.backends.dart import naming, render_package
from prisma_dart_gen.backends.dart.parity import main as parity_main
from prisma_dart_gen.backends.dart.parity import render_parity_suite
from prisma_dart_gen.config import GeneratorConfig
from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.model import (
    WIRE_ENCODING,
    Enum_,
    EnumValue,
    Field,
    Index,
    IndexKind,
    Model,
    PrimaryKey,
    Provider,
    Relation,
    RelationKind,
    ScalarType,
    Schema,
    WireEncoding,
)
from prisma_dart_gen.render import TEMPLATES
from tests.support.dart_awaits import STORAGE_METHODS, await_problems
from tests.support.dart_symbols import unresolved_references
from tests.support.dart_syntax import syntax_errors
from tests.support.params import (
    FIXTURES,
    REPO,
    SHARED_SCHEMAS,
    capture_params,
    concretize,
    fixture_cases,
)

HEADER = (
    b"// GENERATED CODE - DO NOT MODIFY BY HAND\n"
    b"// coverage:ignore-file\n"
    b"// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use\n"
)
CONFIG = GeneratorConfig(output=Path("/tmp/app/db"), package_name="app_db")
RUNTIME = TEMPLATES / "dart" / "runtime"
PRISMA = REPO / "node_modules" / ".bin" / "prisma"
CAPTURE = REPO / "tools" / "capture_params.py"


# --- IR builders for hand-made schemas ----------------------------------------------------------


def scalar(
    name: str,
    kind: ScalarType = ScalarType.STRING,
    *,
    optional: bool = False,
    is_list: bool = False,
    enum: str | None = None,
    doc: str | None = None,
) -> Field:
    return Field(
        name=name,
        column=name,
        type_name=enum or kind.value,
        scalar=None if enum else kind,
        enum=enum,
        wire=WireEncoding.ENUM if enum else WIRE_ENCODING[kind],
        is_list=is_list,
        is_optional=optional,
        is_id=name == "id",
        is_unique=False,
        is_updated_at=False,
        is_foreign_key=False,
        default=None,
        native_type=None,
        documentation=doc,
    )


def relation(name: str, target: str, *, is_list: bool = False, doc: str | None = None) -> Relation:
    return Relation(
        name=name,
        relation_name=f"{name}_{target}",
        target=target,
        kind=RelationKind.ONE_TO_MANY if is_list else RelationKind.MANY_TO_ONE,
        is_list=is_list,
        is_optional=not is_list,
        is_self=False,
        holds_foreign_key=False,
        fields=(),
        references=(),
        on_delete=None,
        on_update=None,
        back_relation="back",
        join_table=None,
        join_column=None,
        documentation=doc,
    )


def model(
    name: str, *fields: Field, relations: tuple[Relation, ...] = (), doc: str | None = None
) -> Model:
    return Model(
        name=name,
        table=name,
        fields=(scalar("id", ScalarType.INT), *fields),
        relations=relations,
        primary_key=PrimaryKey(("id",), ("id",), "id", f"{name}_pkey"),
        identity=("id",),
        unique_indexes=(),
        indexes=(),
        foreign_keys=(),
        documentation=doc,
    )


def enum(name: str, *values: str, doc: str | None = None) -> Enum_:
    return Enum_(
        name=name,
        db_name=name,
        values=tuple(EnumValue(value, value.lower(), None) for value in values),
        documentation=doc,
    )


def schema(*models: Model, enums: tuple[Enum_, ...] = ()) -> Schema:
    return Schema(provider=Provider.SQLITE, models=models, enums=enums, join_tables=())


# --- params: captured requests ------------------------------------------------------------------


def strip_keyless_models(params: dict[str, Any]) -> dict[str, Any]:
    """Drop models the IR refuses (no @id/@@id) and the relation fields that point at them."""
    datamodel = params["dmmf"]["datamodel"]
    with_id = {index["model"] for index in datamodel.get("indexes", []) if index["type"] == "id"}
    keyless = {
        m["name"]
        for m in datamodel["models"]
        if m["name"] not in with_id
        and not m.get("primaryKey")
        and not any(f.get("isId") for f in m["fields"])
    }
    datamodel["models"] = [m for m in datamodel["models"] if m["name"] not in keyless]
    for m in datamodel["models"]:
        m["fields"] = [
            f for f in m["fields"] if not (f["kind"] == "object" and f["type"] in keyless)
        ]
    datamodel["indexes"] = [i for i in datamodel.get("indexes", []) if i["model"] not in keyless]
    return params


def schema_from_params(raw: dict[str, Any], schema_dir: Path) -> Schema:
    raw = raw.get("params", raw) if raw.get("method") == "generate" else raw
    return build_schema(GenerateParams.model_validate(concretize(raw, schema_dir)))


def fixture_params(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / case / "params.json").read_text(encoding="utf-8"))


def assert_valid_package(files: dict[PurePosixPath, bytes]) -> None:
    """Every Dart file parses and starts with the header; the runtime is there, byte for byte."""
    problems = {
        str(path): errors
        for path, content in files.items()
        if path.suffix == ".dart" and (errors := syntax_errors(content))
    }
    assert problems == {}
    for path, content in files.items():
        if path.suffix == ".dart":
            assert content.startswith(HEADER), path
    for source in RUNTIME.glob("*.dart"):
        assert files[PurePosixPath("lib/src/runtime") / source.name] == source.read_bytes()
    assert list(files) == sorted(files)


# --- naming -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prisma", "dart"),
    [
        ("Post", "Post"),
        ("user_profile", "UserProfile"),
        ("snake_case", "SnakeCase"),
        ("HTTPLog", "HTTPLog"),
        ("userProfile", "UserProfile"),
        ("List", "List$"),
        ("Map", "Map$"),
        ("Type", "Type$"),
        ("Object", "Object$"),
        ("Function", "Function$"),
        ("Future", "Future$"),
        ("Record", "Record$"),
        ("Null", "Null$"),
        ("Decimal", "Decimal$"),
        ("Uint8List", "Uint8List$"),
        ("Match", "Match$"),
        ("Class", "Class"),
        ("Default", "Default"),
        ("None", "None"),
        ("café", "Caf$u00e9"),
        ("名前", "$u540d$u524d"),
        ("Emoji😀", "Emoji$U01f600"),
    ],
)
def test_type_name(prisma: str, dart: str) -> None:
    assert naming.type_name(prisma) == dart


@pytest.mark.parametrize(
    ("prisma", "dart"),
    [
        ("title", "title"),
        ("authorId", "authorId"),
        ("first_name", "first_name"),
        ("type", "type"),  # contextual keyword: a legal name
        ("name", "name"),
        ("index", "index"),
        ("values", "values"),
        ("json", "json"),
        ("on", "on"),
        ("class", "class$"),
        ("in", "in$"),
        ("default", "default$"),
        ("required", "required$"),
        ("get", "get$"),
        ("dynamic", "dynamic$"),
        ("await", "await$"),
        ("yield", "yield$"),
        ("Function", "Function$"),
        ("int", "int$"),
        ("double", "double$"),
        ("bool", "bool$"),
        ("String", "String$"),
        ("DateTime", "DateTime$"),
        ("Object", "Object$"),
        ("identical", "identical$"),
        ("override", "override$"),
        ("immutable", "immutable$"),
        ("hashCode", "hashCode$"),
        ("runtimeType", "runtimeType$"),
        ("toString", "toString$"),
        ("noSuchMethod", "noSuchMethod$"),
        ("toJson", "toJson$"),
        ("fromJson", "fromJson$"),
        ("copyWith", "copyWith$"),
        ("café", "caf$u00e9"),
    ],
)
def test_member_name(prisma: str, dart: str) -> None:
    assert naming.member_name(prisma) == dart


def test_member_named_like_a_generated_class_is_escaped() -> None:
    # `final User? User;` would not compile: inside the class, `User` is the getter.
    assert naming.member_name("User", {"User", "Post"}) == "User$"
    assert naming.member_name("user", {"User", "Post"}) == "user"


@pytest.mark.parametrize(
    ("prisma", "dart"),
    [
        ("ADMIN", "admin"),
        ("SUPER_ADMIN", "superAdmin"),
        ("IN_PROGRESS", "inProgress"),
        ("inProgress", "inProgress"),
        ("in_progress", "inProgress"),
        ("Medium", "medium"),
        ("low", "low"),
        ("HTTPError", "httpError"),
        ("V2_BETA", "v2Beta"),
        ("A", "a"),
        ("values", "values$"),  # an enum constant cannot be named `values`
        ("index", "index$"),
        ("name", "name$"),
        ("hashCode", "hashCode$"),
        ("toString", "toString$"),
        ("prismaName", "prismaName$"),
        ("dbValue", "dbValue$"),
        ("fromPrismaName", "fromPrismaName$"),
        ("DEFAULT", "default$"),
        ("NULL", "null$"),
        ("True", "true$"),
        ("CLASS", "class$"),
        ("INT", "int$"),
        ("None", "none"),
        ("value", "value"),
        ("Ünï", "$u00dcn$u00ef"),
    ],
)
def test_enum_member(prisma: str, dart: str) -> None:
    assert naming.enum_member(prisma) == dart


@pytest.mark.parametrize(
    ("prisma", "file"),
    [
        ("Post", "post.dart"),
        ("UserProfile", "user_profile.dart"),
        ("user_profile", "user_profile.dart"),
        ("HTTPLog", "http_log.dart"),
        ("Post2Tag", "post2_tag.dart"),
        ("List", "list.dart"),
        ("café", "caf_u00e9.dart"),
    ],
)
def test_file_name(prisma: str, file: str) -> None:
    assert naming.file_name(prisma) == file


def test_escaping_is_injective_on_prisma_names() -> None:
    # Prisma names never contain `$`, so `x$` can never meet another Prisma name `x$`.
    names = sorted(naming.RESERVED_MEMBER_NAMES) + ["class_", "in_", "int_", "x", "X"]
    escaped = [naming.member_name(name) for name in names]
    assert len(set(escaped)) == len(names)


def dart_string_value(literal: str) -> str:
    """The value of a single-quoted Dart literal as `string_literal` writes them."""
    assert literal[0] == literal[-1] == "'"
    simple = {"\\": "\\", "'": "'", "$": "$", "n": "\n", "r": "\r", "t": "\t", "b": "\b"}
    simple |= {"f": "\f", "v": "\v"}
    out, body, i = [], literal[1:-1], 0
    while i < len(body):
        char = body[i]
        assert char not in "'$\n\r", f"unescaped {char!r} in {literal!r}"
        if char != "\\":
            out.append(char)
            i += 1
        elif body[i + 1] == "u":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
        else:
            out.append(simple[body[i + 1]])
            i += 2
    return "".join(out)


NASTY_STRINGS = [
    "",
    "plain",
    "it's",
    'say "hi"',
    "back\\slash\\",
    "$dollar ${interpolation} $x.y",
    "line\nbreak\r\nand\rcarriage",
    "tab\there",
    "\x00\x07\x1b\x7f\x85",
    "bidi \u202e override \u2066 isolate",
    "sep \u2028 \u2029",
    "emoji 👩‍👩‍👧 🇫🇷 café 日本語",
    "*/ /* ''' \"\"\" {{ jinja }} {% tag %}",
]


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_string_literal_round_trips_and_parses(text: str) -> None:
    literal = naming.string_literal(text)
    assert dart_string_value(literal) == text
    assert "\n" not in literal and "\r" not in literal
    assert syntax_errors(f"const String x = {literal};\n".encode()) == []


def test_string_literal_escapes() -> None:
    assert naming.string_literal("it's $5 \\ ok\n") == "'it\\'s \\$5 \\\\ ok\\n'"
    assert naming.string_literal("\u202e") == "'\\u{202e}'"


def test_doc_comment() -> None:
    assert naming.doc_comment(None) == ()
    assert naming.doc_comment("") == ()
    assert naming.doc_comment("\n\nA user.\n\nSecond.  \n\n") == (
        "/// A user.",
        "///",
        "/// Second.",
    )
    # Dart ends a // comment at \r as well as \n: every line gets its own ///.
    assert naming.doc_comment("a\rb\r\nc */ d") == ("/// a", "/// b", "/// c */ d")
    assert naming.doc_comment("x\u202ey\tz\x00") == ("/// x\\u{202e}y\tz\\u{0}",)


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_doc_comment_stays_a_comment(text: str) -> None:
    lines = naming.doc_comment(text)
    source = "\n".join([*lines, "class A {}", ""]).encode()
    assert syntax_errors(source) == []
    assert all(line.startswith("///") for line in lines)


# --- collisions ---------------------------------------------------------------------------------


def test_enum_values_colliding_after_camel_case_are_an_error() -> None:
    with pytest.raises(GeneratorError) as error:
        render_package(schema(enums=(enum("Role", "USER", "ADMIN", "admin"),)), CONFIG)
    assert error.value.model == "Role"
    assert error.value.field == "ADMIN"
    assert "ADMIN and admin" in str(error.value)
    assert "admin" in str(error.value)


def test_model_names_colliding_after_upper_camel_case_are_an_error() -> None:
    with pytest.raises(GeneratorError) as error:
        render_package(schema(model("user_profile"), model("UserProfile")), CONFIG)
    assert error.value.model == "user_profile"
    assert "UserProfile" in str(error.value)


def test_model_and_enum_colliding_are_an_error() -> None:
    with pytest.raises(GeneratorError) as error:
        render_package(schema(model("user_role"), enums=(enum("UserRole", "A"),)), CONFIG)
    assert "model user_role and enum UserRole" in str(error.value)


def test_file_names_colliding_are_an_error() -> None:
    with pytest.raises(GeneratorError) as error:
        render_package(schema(model("HTTPLog"), model("HttpLog")), CONFIG)
    assert "http_log.dart" in str(error.value)


def test_several_problems_are_reported_at_once() -> None:
    broken = schema(
        model("a_b"), model("AB"), enums=(enum("Role", "X_Y", "xY"), enum("Kind", "A", "a"))
    )
    with pytest.raises(GeneratorError) as error:
        render_package(broken, CONFIG)
    message = str(error.value)
    assert "a_b" in message and "X_Y" in message and "Kind.A" in message


# --- syntax check -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("class A { final int x }\n", "missing ';'"),
        ("class A { const A({required this.x}) }\n", "missing ';'"),
        ("void f() { g(a: 1 b: 2); }\n", "cannot parse"),
        ("var s = 'unterminated;\n", "cannot parse"),
        ("class A { final int class; }\n", "reserved word 'class'"),
        ("class A { A({required this.default}); final int default; }\n", "reserved word"),
    ],
)
def test_syntax_errors_catches_broken_dart(source: str, expected: str) -> None:
    errors = syntax_errors(source.encode())
    assert errors and expected in errors[0]
    assert re.match(r"^\d+:\d+: ", errors[0])


def test_syntax_errors_accepts_dart_3() -> None:
    source = b"""
enum E { a('x'), b('y'); const E(this.v); final String v; }
sealed class S {}
int f(Object? o) => switch (o) { int i when i > 0 => i, _ => 0 };
final m = <String, Object?>{'a': 1, if (true) 'b': 2, for (final x in [1]) '$x': x};
class A { final int class$; const A({required this.class$}); }
"""
    assert syntax_errors(source) == []


@pytest.mark.parametrize(
    "name", sorted(str(path.relative_to(RUNTIME)) for path in RUNTIME.rglob("*.dart"))
)
def test_runtime_files_parse(name: str) -> None:
    source = (RUNTIME / name).read_bytes()
    assert source.startswith(HEADER)
    assert syntax_errors(source) == []


# --- the await rule inside a storage transaction ------------------------------------------------

# The engine's code that runs inside a storage transaction, and what it may await (IndexedDB ends
# a transaction on any other await: docs/internals/dart-client.md, "Awaiting inside a storage
# transaction"; tests/support/dart_awaits.py).
ENGINE_FILES = (
    "client/read.dart",
    "client/write.dart",
    "client/engine.dart",
    "client/changes.dart",
    "sync/local.dart",
    "sync/outbox.dart",
)
# Engine methods that run outside any storage transaction (they open one).
OUTSIDE_TRANSACTIONS = (
    "Engine.execute",
    "Engine.transaction",
    "Engine.close",
    "Engine.open",
    # sync/local.dart and sync/outbox.dart: what opens the transaction the rest runs in, and the
    # in-memory bookkeeping store (no storage transaction at all).
    "openSyncedEngine",
    "EngineSyncApplier.applyPull",
    "EngineSyncApplier.reset",
    "StorageSyncStore.transaction",
    "MemorySyncStore.transaction",
    "MemorySyncStore._run",
    *(
        f"_MemorySyncTransaction.{name}"
        for name in (
            "readValue",
            "writeValue",
            "appendMutation",
            "mutations",
            "removeMutation",
            "removeMutationsThrough",
            "clearMutations",
        )
    ),
)
# Functions that always throw (a call of one ends a path, as a `throw` does).
THROWING = ("_invalid", "_unknownArgument", "_invalidValue", "_inputError", "_queryNotFound")


def test_engine_awaits_only_storage_operations_inside_a_transaction() -> None:
    files = {name: (RUNTIME / name).read_bytes() for name in ENGINE_FILES}
    problems = await_problems(files, exempt=OUTSIDE_TRANSACTIONS, never=THROWING)
    assert problems == [], "\n".join(problems)


def test_indexeddb_relation_loader_awaits_only_its_reader() -> None:
    files = {"idb/evaluate.dart": (RUNTIME / "idb" / "evaluate.dart").read_bytes()}
    methods = STORAGE_METHODS | {"rowsWhere", "linked"}
    problems = await_problems(files, storage_methods=methods, receivers=("txn", "reader"))
    assert problems == [], "\n".join(problems)


AWAIT_RULE_CASES = {
    # An async helper that may return before it has awaited a storage operation.
    "early-return": (
        "Future<int> f(StorageTransaction txn, bool x) async {\n"
        "  if (x) return 0;\n"
        "  return (await txn.select('M')).length;\n"
        "}\n",
        ["m.dart:2: f: returns before awaiting a storage operation"],
    ),
    # A cached value returned from an async function (write.dart's old `_nextAutoincrement`).
    "cached": (
        "final Map<String, int> cache = <String, int>{};\n"
        "Future<int> next(StorageTransaction txn) async {\n"
        "  final known = cache['k'];\n"
        "  if (known != null) return known + 1;\n"
        "  return (await txn.count('M')) + 1;\n"
        "}\n",
        ["m.dart:4: next: returns before awaiting a storage operation"],
    ),
    # Awaiting something that is not a storage operation.
    "plain-await": (
        "Future<void> f(StorageTransaction txn) async {\n"
        "  await Future<void>.value();\n"
        "  await txn.touch();\n"
        "}\n",
        [
            "m.dart:2: f: awaits `await Future<void>.value()`, which is not a storage "
            "operation nor a storage-bound function"
        ],
    ),
    # A loop may not run: after it, nothing has been awaited for sure.
    "loop": (
        "Future<void> f(StorageTransaction txn, List<String> models) async {\n"
        "  for (final model in models) {\n"
        "    await txn.count(model);\n"
        "  }\n"
        "}\n",
        ["m.dart:1: f: completes before awaiting a storage operation"],
    ),
    # Both branches, a do-while body, a helper that awaits, a throwing call: all fine.
    "fine": (
        "Never _invalid(String m) => throw StateError(m);\n"
        "Future<int> g(StorageTransaction txn) async => (await txn.select('M')).length;\n"
        "Future<int> f(StorageTransaction txn, bool x, List<String> ms) async {\n"
        "  if (ms.isEmpty) _invalid('none');\n"
        "  if (x) {\n"
        "    await txn.touch();\n"
        "  } else {\n"
        "    await g(txn);\n"
        "  }\n"
        "  var i = 0;\n"
        "  do {\n"
        "    await txn.count(ms[i++]);\n"
        "  } while (i < ms.length);\n"
        "  return x ? 1 : await g(txn);\n"
        "}\n",
        [],
    ),
    # A closure passed to a storage-bound helper must be async (so that it is checked too).
    "closure": (
        "Future<void> each(StorageTransaction txn, List<int> xs, Future<void> Function(int) step)"
        " async {\n"
        "  await txn.touch();\n"
        "  for (final x in xs) {\n"
        "    await step(x);\n"
        "  }\n"
        "}\n"
        "Future<void> f(StorageTransaction txn) async {\n"
        "  await each(txn, <int>[1], (int x) => txn.touch());\n"
        "  await each(txn, <int>[1], (int x) async {\n"
        "    if (x > 0) return;\n"
        "    await txn.touch();\n"
        "  });\n"
        "}\n",
        [
            "m.dart:10: f.<closure>: returns before awaiting a storage operation",
            "m.dart:8: f: passes a closure that is not async to `each`",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(AWAIT_RULE_CASES))
def test_await_rule_check(case: str) -> None:
    """The check itself (tests/support/dart_awaits.py) on small sources."""
    source, expected = AWAIT_RULE_CASES[case]
    assert syntax_errors(source.encode()) == []
    assert await_problems({"m.dart": source.encode()}, never=("_invalid",)) == expected


# --- rendered package ---------------------------------------------------------------------------


def kitchen_sink() -> Schema:
    """Every scalar type (required, optional, list), enums, relations, and hostile names/docs."""
    every_scalar = [
        field
        for kind in ScalarType
        for field in (
            scalar(f"req{kind.value}", kind),
            scalar(f"opt{kind.value}", kind, optional=True),
            scalar(f"list{kind.value}", kind, is_list=True),
        )
    ]
    return schema(
        model(
            "Post",
            scalar("title", doc="The title. */ $x ${y} 'q' \"qq\" \\"),
            scalar("class"),
            scalar("int", ScalarType.INT, optional=True),
            scalar("hashCode", ScalarType.INT),
            scalar("toJson"),
            scalar("other"),
            scalar("json", ScalarType.JSON),
            scalar("User", optional=True),
            scalar("café"),
            scalar("role", enum="Role"),
            scalar("roles", enum="Role", is_list=True),
            scalar("maybeRole", enum="Role", optional=True),
            relations=(
                relation("author", "User"),
                relation("tags", "Tag", is_list=True, doc="Tags."),
                relation("List", "List"),
            ),
            doc="A post.\n*/ not the end",
        ),
        model("User", relations=(relation("posts", "Post", is_list=True),)),
        model("Tag", scalar("name")),
        model("List"),
        model("Everything", *every_scalar),
        model("Twenty", *(scalar(f"f{i}") for i in range(19))),
        enums=(
            enum("Role", "ADMIN", "SUPER_ADMIN", "values", "index", "DEFAULT", doc="Roles."),
            enum("Type", "A"),
        ),
    )


def test_kitchen_sink_renders_valid_dart() -> None:
    files = render_package(kitchen_sink(), CONFIG)
    assert_valid_package(files)
    models = ["everything", "list", "post", "tag", "twenty", "user"]
    assert sorted(str(path) for path in files if "runtime" not in str(path)) == sorted(
        [
            "README.md",
            "lib/app_db.dart",
            "lib/src/client.dart",
            *(f"lib/src/client/{name}.dart" for name in models),
            "lib/src/enums/role.dart",
            "lib/src/enums/type.dart",
            *(f"lib/src/models/{name}.dart" for name in models),
            "lib/src/schema.dart",
            "pubspec.yaml",
            "test/client_test.dart",
        ]
    )


def test_render_is_deterministic() -> None:
    assert render_package(kitchen_sink(), CONFIG) == render_package(kitchen_sink(), CONFIG)


def test_pubspec() -> None:
    text = render_package(schema(), CONFIG)[PurePosixPath("pubspec.yaml")].decode()
    assert "\nname: app_db\n" in text
    assert "\n  sdk: ^3.3.0\n" in text
    for package in ("sqflite_common", "idb_shim", "decimal", "collection", "meta", "http"):
        assert re.search(rf"\n  {package}: ", text.split("dev_dependencies:")[0]), package
    for package in ("sqflite_common_ffi", "test", "lints"):
        assert re.search(rf"\n  {package}: ", text.split("dev_dependencies:")[1]), package
    assert "publish_to: none" in text


def test_empty_schema_renders_a_valid_package() -> None:
    files = render_package(schema(), CONFIG)
    assert_valid_package(files)
    library = files[PurePosixPath("lib/app_db.dart")].decode()
    assert "export 'src/models/" not in library
    assert "export 'src/client.dart';\n" in library
    client = files[PurePosixPath("lib/src/client.dart")].decode()
    assert "class PrismaClient {" in client and "Delegate" not in client


def test_library_exports_every_model_and_enum() -> None:
    library = render_package(kitchen_sink(), CONFIG)[PurePosixPath("lib/app_db.dart")].decode()
    assert "export 'src/enums/role.dart';\n" in library
    assert "export 'src/models/post.dart';\n" in library
    assert "export 'src/client/post.dart';\n" in library
    assert "export 'src/schema.dart';\n" in library
    # The runtime's public API only: its helpers stay internal.
    assert "export 'src/runtime/client/inputs.dart' hide argValue, countArg, includeArg;" in library
    assert "export 'src/runtime/sqlite/sqflite_storage.dart' show SqfliteStorage;" in library
    assert "export 'src/runtime/idb/idb_storage.dart' show IndexedDbStorage;" in library
    assert "runtime/client/engine.dart" not in library


def test_model_shape() -> None:
    post = render_package(kitchen_sink(), CONFIG)[PurePosixPath("lib/src/models/post.dart")]
    text = post.decode()
    # Class and constructor: scalars required (nullable or not), relations optional.
    assert "@immutable\nclass Post {\n" in text
    assert "    required this.title,\n" in text
    assert "    required this.int$,\n" in text
    assert "    this.author,\n" in text and "required this.author" not in text
    # Types.
    assert "  final String title;\n" in text
    assert "  final int? int$;\n" in text
    assert "  final Object? json;\n" in text
    assert "  final List<Role> roles;\n" in text
    assert "  final User? author;\n" in text
    assert "  final List<Tag>? tags;\n" in text
    assert "  final List$? List$$;\n" in text  # the class is List$
    assert "  final String? User$;\n" in text
    assert "  final String caf$u00e9;\n" in text
    # JSON keys are the Prisma names; the escaped Dart names stay in Dart.
    assert "'class': this.class$," in text
    assert "'café': this.caf$u00e9," in text
    assert "class$: $rt.decodeString(json['class'], 'Post.class')," in text
    assert "if (this.author != null) 'author': this.author!.toJson()," in text
    # copyWith: sentinel for nullable fields, plain `??` for the others.
    assert "const Object _undefined = Object();" in text
    assert "    Object? int$ = _undefined,\n" in text
    assert "      int$: identical(int$, _undefined) ? this.int$ : int$ as int?,\n" in text
    assert "    String? title,\n" in text
    assert "      title: title ?? this.title,\n" in text
    # `other` as a field name does not break ==.
    assert "other.other == this.other" in text
    assert "$rt.deepEquals(other.json, this.json)" in text
    assert "$rt.deepEquals(other.roles, this.roles)" in text
    # Docs are /// lines; `*/` inside is harmless.
    assert "/// A post.\n/// */ not the end\n@immutable" in text
    assert "  /// The title. */ $x ${y} 'q' \"qq\" \\\n  final String title;" in text
    # toString labels are Dart names, escaped in the literal.
    assert "'class\\$': this.class$," in text


def test_hash_uses_object_hash_for_2_to_20_values() -> None:
    files = render_package(kitchen_sink(), CONFIG)
    twenty = files[PurePosixPath("lib/src/models/twenty.dart")].decode()  # id + 19 fields
    tag = files[PurePosixPath("lib/src/models/tag.dart")].decode()  # id, name
    one = files[PurePosixPath("lib/src/models/list.dart")].decode()  # id only
    everything = files[PurePosixPath("lib/src/models/everything.dart")].decode()
    assert "int get hashCode => Object.hash(\n" in twenty
    assert "int get hashCode => Object.hash(\n" in tag
    assert "int get hashCode => Object.hashAll(<Object?>[\n" in one
    assert "int get hashCode => Object.hashAll(<Object?>[\n" in everything


def test_wire_expressions() -> None:
    text = render_package(kitchen_sink(), CONFIG)[
        PurePosixPath("lib/src/models/everything.dart")
    ].decode()
    expected = [
        "reqDateTime: $rt.decodeDateTime(json['reqDateTime'], 'Everything.reqDateTime'),",
        "'reqDateTime': $rt.encodeDateTime(this.reqDateTime),",
        "'optDateTime': this.optDateTime == null ? null : "
        "$rt.encodeDateTime(this.optDateTime!),",
        "'listDateTime': this.listDateTime.map($rt.encodeDateTime).toList(),",
        "'reqBigInt': $rt.encodeBigInt(this.reqBigInt),",
        "'reqDecimal': $rt.encodeDecimal(this.reqDecimal),",
        "'reqBytes': $rt.encodeBytes(this.reqBytes),",
        "'listString': List<Object?>.of(this.listString),",
        "reqJson: json['reqJson'],",
        "listJson: $rt.decodeList<Object?>(json['listJson'], 'Everything.listJson', "
        "$rt.decodeJson),",
        "optInt: json['optInt'] == null ? null : "
        "$rt.decodeInt(json['optInt'], 'Everything.optInt'),",
        "  final Uint8List reqBytes;",
        "  final Decimal? optDecimal;",
        "  final List<BigInt> listBigInt;",
        "  final double reqFloat;",
        "  final bool? optBoolean;",
        "import 'dart:typed_data' show Uint8List;",
        "import 'package:decimal/decimal.dart' show Decimal;",
    ]
    for line in expected:
        assert line in text, line


def test_enum_shape() -> None:
    files = render_package(kitchen_sink(), CONFIG)
    text = files[PurePosixPath("lib/src/enums/role.dart")].decode()
    assert "/// Roles.\nenum Role implements PrismaEnum {\n" in text
    assert "import '../runtime/client/inputs.dart' show PrismaEnum;\n" in text
    assert "  admin('ADMIN', 'admin'),\n" in text
    assert "  superAdmin('SUPER_ADMIN', 'super_admin'),\n" in text
    assert "  values$('values', 'values'),\n" in text
    assert "  default$('DEFAULT', 'default');\n" in text
    assert "static Role fromPrismaName(String name)" in text
    assert "throw FormatException('not a value of enum Role', name);" in text
    assert (
        "enum Type$ implements PrismaEnum {"
        in files[PurePosixPath("lib/src/enums/type.dart")].decode()
    )


# --- real schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", fixture_cases())
def test_fixture_renders_valid_dart(case: str, tmp_path: Path) -> None:
    ir = schema_from_params(fixture_params(case), tmp_path)
    assert_valid_package(render_package(ir, CONFIG))


def test_reserved_names_are_escaped(tmp_path: Path) -> None:
    raw = fixture_params("reserved_names")
    files = render_package(schema_from_params(raw, tmp_path), CONFIG)
    assert_valid_package(files)
    text = files[PurePosixPath("lib/src/models/class.dart")].decode()
    for line in (
        "  final String class$;\n",
        "  final bool is$;\n",
        "  final String? await$;\n",
        "  final String? String$;\n",
        "  final DateTime? DateTime$;\n",
        "  final Type$? type;\n",
        "  final Object$? object;\n",
        "  final int? hashCode$;\n",
        "  final String? caf$u00e9;\n",
        "  final String? $u540d$u524d;\n",
        "  final int? user_id;\n",
        "  final int? X;\n",
    ):
        assert line in text, line
    assert (
        "enum Type$ implements PrismaEnum {"
        in files[PurePosixPath("lib/src/enums/type.dart")].decode()
    )
    assert "class List$ {" in files[PurePosixPath("lib/src/models/list.dart")].decode()
    assert "class SnakeCase {" in files[PurePosixPath("lib/src/models/snake_case.dart")].decode()


@pytest.mark.e2e
@pytest.mark.parametrize("name", sorted(path.stem for path in SHARED_SCHEMAS.glob("*.prisma")))
def test_shared_schema_renders_valid_dart(name: str, tmp_path: Path) -> None:
    """Real-world schemas, captured with the real CLI (models without an id are left out)."""
    if not PRISMA.exists():
        pytest.skip("node_modules is not installed")
    out = tmp_path / "params.json"
    subprocess.run(
        [sys.executable, str(CAPTURE), str(SHARED_SCHEMAS / f"{name}.prisma"), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    raw = strip_keyless_models(json.loads(out.read_text(encoding="utf-8")))
    files = render_package(schema_from_params(raw, tmp_path), CONFIG)
    assert_valid_package(files)


# --- the typed client ---------------------------------------------------------------------------


def own_unresolved(files: dict[PurePosixPath, bytes]) -> list[str]:
    """Every unresolved name of the package (runtime, generated code, test suites), against the
    reviewed allow-list (tests/support/dart_external_api.py)."""
    return [str(problem) for problem in unresolved_references(files)]


def client_file(files: dict[PurePosixPath, bytes], path: str) -> str:
    return files[PurePosixPath(path)].decode()


@pytest.mark.parametrize("case", fixture_cases())
def test_fixture_client_resolves(case: str, tmp_path: Path) -> None:
    files = render_package(schema_from_params(fixture_params(case), tmp_path), CONFIG)
    assert own_unresolved(files) == []


def test_kitchen_sink_client_resolves() -> None:
    assert own_unresolved(render_package(kitchen_sink(), CONFIG)) == []


def test_symbol_check_sees_the_client() -> None:
    """A renamed input class is reported: the check above is not vacuous."""
    files = render_package(kitchen_sink(), CONFIG)
    path = PurePosixPath("lib/src/client/post.dart")
    files[path] = files[path].replace(b"UserWhereInput>? author", b"UserWhereInputs>? author")
    assert any("UserWhereInputs" in problem for problem in own_unresolved(files))


def test_schema_info() -> None:
    text = client_file(render_package(kitchen_sink(), CONFIG), "lib/src/schema.dart")
    assert "final SchemaInfo schemaInfo = SchemaInfo(\n  version: '" in text
    assert "import 'runtime/client/schema.dart';" in text
    assert (
        "FieldInfo(name: 'roles', column: 'roles', kind: ScalarKind.enumeration, "
        "enumName: 'Role', isList: true)," in text
    )
    assert (
        "FieldInfo(name: 'optBytes', column: 'optBytes', kind: ScalarKind.bytes, isOptional: "
        in text
    )
    assert (
        "'Role': EnumInfo(name: 'Role', values: <String>['ADMIN', 'SUPER_ADMIN', 'values', " in text
    )
    assert "identity: <String>['id']," in text


def test_schema_info_defaults_and_relations(tmp_path: Path) -> None:
    files = render_package(schema_from_params(fixture_params("defaults"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/schema.dart")
    for expected in (
        "defaultKind: DefaultKind.autoincrement",
        "defaultKind: DefaultKind.uuid7",
        "defaultKind: DefaultKind.cuid2",
        "defaultKind: DefaultKind.nanoid, defaultLength: 21",
        "defaultKind: DefaultKind.now",
        "isUpdatedAt: true",
        "defaultKind: DefaultKind.literal, defaultValue: Decimal.parse('",
        "defaultKind: DefaultKind.literal, defaultValue: BigInt.parse('",
        "defaultValue: DateTime.fromMillisecondsSinceEpoch(",
    ):
        assert expected in text, expected
    files = render_package(schema_from_params(fixture_params("relations"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/schema.dart")
    assert "joinTable: '_PostToTag', joinColumn: 'A'" in text
    assert "'_PostToTag': JoinTableInfo(name: '_PostToTag', aModel: 'Post', bModel: 'Tag')," in text
    assert "onDelete: ReferentialAction.cascade" in text


def test_schema_info_provider_keys_and_relation_names(tmp_path: Path) -> None:
    """What Prisma's rules need: the provider (`mode`, text search case, skipDuplicates), the
    primary key, the WhereUniqueInput names of compound criteria, the relation names."""
    files = render_package(schema_from_params(fixture_params("mapped_names"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/schema.dart")
    assert "  provider: DatabaseProvider.sqlite,\n" in text
    # @@id([tenantId, userId], name: "tenantUser") and @@unique([tenantId, seat], name: ...).
    assert "      primaryKey: <String>['tenantId', 'userId'],\n" in text
    assert "        'tenantUser': <String>['tenantId', 'userId'],\n" in text
    assert "        'tenantSeat': <String>['tenantId', 'seat'],\n" in text
    # An unnamed compound unique keeps Prisma's default name.
    assert "        'role_joinedAt': <String>['role', 'joinedAt'],\n" in text
    # The generated constructor sends that key.
    membership = client_file(files, "lib/src/client/membership.dart")
    assert "{'tenantUser': <String, Object?>{'tenantId': $rt.argValue(tenantId)" in membership
    params = fixture_params("relations_postgres")
    files = render_package(schema_from_params(params, tmp_path), CONFIG)
    text = client_file(files, "lib/src/schema.dart")
    assert "  provider: DatabaseProvider.postgresql,\n" in text
    assert "RelationInfo(name: 'posts', relationName: 'PostToTag', target: 'Post'," in text
    # A model without a primary key (identified by a unique) says so.
    keyed = model("Plain", scalar("code", ScalarType.STRING))
    unique = Index(IndexKind.UNIQUE, ("code",), ("code",), "code", "Plain_code_key")
    no_key = replace(keyed, primary_key=None, identity=("code",), unique_indexes=(unique,))
    text = client_file(render_package(schema(no_key), CONFIG), "lib/src/schema.dart")
    assert "      primaryKey: null,\n      identity: <String>['code'],\n" in text


def test_schema_info_json_null_default(tmp_path: Path) -> None:
    """`@default("null")` on a Json field is the JSON value null: the Row marker, not NULL."""
    params = fixture_params("defaults_postgres")
    files = render_package(schema_from_params(params, tmp_path), CONFIG)
    text = client_file(files, "lib/src/schema.dart")
    assert "import 'runtime/client/storage.dart' show JsonNullValue;\n" in text
    assert (
        "FieldInfo(name: 'jsonNull', column: 'jsonNull', kind: ScalarKind.json, "
        "defaultKind: DefaultKind.literal, defaultValue: JsonNullValue.jsonNull)," in text
    )


def test_schema_version_follows_the_storage_shape_only() -> None:
    def version(ir: Schema) -> str:
        text = client_file(render_package(ir, CONFIG), "lib/src/schema.dart")
        return re.search(r"version: '([0-9a-f]{16})'", text).group(1)  # type: ignore[union-attr]

    base = version(schema(model("Post", scalar("title"))))
    assert version(schema(model("Post", scalar("title")))) == base
    assert version(schema(model("Post", scalar("title", doc="Docs do not matter.")))) == base
    assert version(schema(model("Post", scalar("title", optional=True)))) != base
    assert version(schema(model("Post", scalar("title"), scalar("body")))) != base


def test_derived_class_names_give_way_to_models(tmp_path: Path) -> None:
    """reserved_names has models `ClassWhereInput` and `ClassCreateInput` next to `Class`."""
    files = render_package(schema_from_params(fixture_params("reserved_names"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/client/class.dart")
    assert "class ClassWhereInput$ implements $rt.PrismaInput {" in text
    assert "class ClassCreateInput$ implements $rt.PrismaInput {" in text
    assert "class ClassUpdateInput implements $rt.PrismaInput {" in text
    model_file = client_file(files, "lib/src/client/class_where_input.dart")
    assert "class ClassWhereInputWhereInput implements" in model_file
    client = client_file(files, "lib/src/client.dart")
    assert "  ClassDelegate get class$ => ClassDelegate(_context);\n" in client
    assert "  SetDelegate get set$ => SetDelegate(_context);\n" in client
    assert "  DefaultDelegate get default$ => DefaultDelegate(_context);\n" in client
    assert "  Snake_caseDelegate" not in client and "SnakeCaseDelegate get snake_case" in client


def test_inputs_shape(tmp_path: Path) -> None:
    files = render_package(schema_from_params(fixture_params("relations"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/client/post.dart")
    # Unique where: one named constructor per criterion; compound keys take named parameters.
    assert "  PostWhereUniqueInput.id(int id)\n" in text
    # Where: typed filters, relation filters, AND/OR/NOT.
    assert "  final List<PostWhereInput>? AND;\n" in text
    assert "  final $rt.StringFilter? title;\n" in text
    assert "  final $rt.ToOneFilter<UserWhereInput>? author;\n" in text
    assert "  final $rt.ToManyFilter<TagWhereInput>? tags;\n" in text
    # Create: required scalars are required; foreign keys optional (the relation can be used).
    assert "    required this.title,\n" in text
    assert "  final $rt.NestedCreateOne<UserCreateInput, UserWhereUniqueInput>? author;\n" in text
    # Update: every scalar is a Value, absent by default.
    assert "    this.title = const $rt.Value<String>.absent(),\n" in text
    assert "        if (this.title.present) 'title': this.title.toArg(),\n" in text
    # Include: relation args and `_count`.
    assert "        if (this.$count != null) '_count': $rt.countArg(this.$count!),\n" in text
    assert "  final TagFindManyArgs? tags;\n" in text
    # Delegate.
    assert "class PostDelegate {" in text
    assert "  static const String _model = 'Post';\n" in text
    for method in (
        "findMany",
        "findFirst",
        "findFirstOrThrow",
        "findUnique",
        "findUniqueOrThrow",
        "create",
        "createMany",
        "update",
        "updateMany",
        "upsert",
        "delete",
        "deleteMany",
        "count",
        "aggregate",
        "groupBy",
        "watchMany",
        "watchFirst",
        "watchUnique",
        "watchCount",
    ):
        assert re.search(rf"^  (Future|Stream)<.+> {method}\(\{{", text, re.MULTILINE), method
    relations = client_file(files, "lib/src/client/post_category.dart")
    assert (
        "  PostCategoryWhereUniqueInput.postId_categoryId("
        "{required int postId, required int categoryId})\n" in relations
    )


def test_nullable_field_with_a_default_is_a_value_in_create(tmp_path: Path) -> None:
    files = render_package(schema_from_params(fixture_params("defaults"), tmp_path), CONFIG)
    text = client_file(files, "lib/src/client/functions.dart")
    create = text.split("class FunctionsCreateInput")[1].split("\n}\n")[0]
    assert "    this.optCreated = const $rt.Value<DateTime?>.absent(),\n" in create
    assert "    this.createdAt,\n" in create  # not nullable: null means "use the default"


def test_model_from_record_and_count(tmp_path: Path) -> None:
    files = render_package(kitchen_sink(), CONFIG)
    text = client_file(files, "lib/src/models/post.dart")
    for expected in (
        "  factory Post.fromRecord(Map<String, Object?> row) {\n",
        "      int$: row['int'] as int?,\n",
        "      role: Role.fromPrismaName(row['role'] as String),\n",
        "      maybeRole: row['maybeRole'] == null ? null : "
        "Role.fromPrismaName(row['maybeRole'] as String),\n",
        # A NULL list column (never set) reads as an empty list.
        "      roles: List<Role>.unmodifiable(<Role>[for (final item in row['roles'] as "
        "List<Object?>? ?? const <Object?>[]) Role.fromPrismaName(item as String)]),\n",
        "      json: row['json'],\n",
        "      author: row['author'] == null ? null : "
        "User.fromRecord(row['author'] as Map<String, Object?>),\n",
        "      $count: row['_count'] == null ? null : "
        "PostCountOutput.fromRecord(row['_count'] as Map<String, Object?>),\n",
        "  final PostCountOutput? $count;\n",
        "class PostCountOutput {\n",
        "      tags: row['tags'] as int?,\n",
    ):
        assert expected in text, expected
    # `$count` is not part of the wire encoding.
    assert "'_count'" not in text.split("Map<String, Object?> toJson()")[1].split("\n  }\n")[0]
    assert (
        "$count:" not in text.split("factory Post.fromJson")[1].split("factory Post.fromRecord")[0]
    )
    everything = client_file(files, "lib/src/models/everything.dart")
    assert "      reqFloat: (row['reqFloat'] as num).toDouble(),\n" in everything
    assert "      optFloat: (row['optFloat'] as num?)?.toDouble(),\n" in everything
    assert "class EverythingCountOutput" not in everything


def test_generated_test_suite(tmp_path: Path) -> None:
    files = render_package(schema_from_params(fixture_params("relations"), tmp_path), CONFIG)
    text = client_file(files, "test/client_test.dart")
    assert "import 'package:app_db/app_db.dart';\n" in text
    assert "'sqflite': () => SqfliteStorage(databaseFactoryFfi, inMemoryDatabasePath)," in text
    assert "IndexedDbStorage(newIdbFactoryMemory(), 'client_test_${++databases}')" in text
    assert "/// - Profile: it needs a related row (required foreign key).\n" in text
    assert "      group('User', () {\n" in text
    assert "client.user.create(data: UserCreateInput(email: 'email 1', name: 'name 1'))" in text


# --- parity vectors -----------------------------------------------------------------------------

PARITY = REPO / "fixtures" / "parity"


def test_parity_vectors_are_embedded_verbatim() -> None:
    """Reading the Dart literals back gives every vector file's text, byte for byte."""
    vectors = render_parity_suite("app_db", PARITY)[PurePosixPath("test/parity/vectors.dart")]
    assert syntax_errors(vectors) == []
    text = vectors.decode()
    literal = re.compile(r"^ +('(?:[^'\\]|\\.)*')[;,]?$")
    key = re.compile(r"^  '([a-z_]+\.json)':$")
    embedded: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line == "const String seedJson =":
            current = "seed.json"
        elif match := key.match(line):
            current = match.group(1)
        elif current and (match := literal.match(line)):
            embedded.setdefault(current, []).append(dart_string_value(match.group(1)))
    expected = {"seed.json": PARITY / "seed.json"} | {
        path.name: path for path in (PARITY / "cases").glob("*.json")
    }
    assert sorted(embedded) == sorted(expected)
    for name, path in expected.items():
        assert "".join(embedded[name]) == path.read_text(encoding="utf-8"), name


def test_parity_runner_parses_and_imports_the_package() -> None:
    files = render_parity_suite("parity_db", PARITY)
    runner = files[PurePosixPath("test/parity_test.dart")]
    assert syntax_errors(runner) == []
    text = runner.decode()
    assert "import 'package:parity_db/src/runtime/client/engine.dart' show Engine;" in text
    assert "import 'parity/vectors.dart';" in text


@pytest.mark.e2e
def test_parity_package_is_valid(tmp_path: Path) -> None:
    """The parity schema, captured with the real CLI, with the vectors: parses and resolves."""
    if not PRISMA.exists():
        pytest.skip("node_modules is not installed")
    schema_dir = tmp_path / "fixture"
    schema_dir.mkdir()
    (schema_dir / "schema.prisma").write_bytes((PARITY / "schema.prisma").read_bytes())
    params = capture_params(schema_dir / "schema.prisma")
    files = render_package(build_schema(GenerateParams.model_validate(params)), CONFIG)
    files = dict(sorted({**files, **render_parity_suite(CONFIG.package_name, PARITY)}.items()))
    assert_valid_package(files)
    assert own_unresolved(files) == []


def test_parity_cli_writes_into_a_package(tmp_path: Path) -> None:
    (tmp_path / "pubspec.yaml").write_text("name: parity_db\n", encoding="utf-8")
    assert parity_main([str(tmp_path), "--vectors", str(PARITY)]) == 0
    assert (tmp_path / "test" / "parity_test.dart").is_file()
    assert (tmp_path / "test" / "parity" / "vectors.dart").is_file()
