"""The Dart backend (schema layer): naming rules, collisions, and the rendered package.

No Dart SDK is available: generated files are checked with tree-sitter-dart (tests/support/
dart_syntax.py) for syntax, and with targeted assertions for the facts a parser cannot see.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from prisma_dart_gen.backends.dart import naming, render_package
from prisma_dart_gen.config import GeneratorConfig
from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.model import (
    WIRE_ENCODING,
    Enum_,
    EnumValue,
    Field,
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
from tests.support.dart_syntax import syntax_errors
from tests.support.params import FIXTURES, REPO, SHARED_SCHEMAS, concretize, fixture_cases

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


@pytest.mark.parametrize("name", sorted(path.name for path in RUNTIME.glob("*.dart")))
def test_runtime_files_parse(name: str) -> None:
    source = (RUNTIME / name).read_bytes()
    assert source.startswith(HEADER)
    assert syntax_errors(source) == []


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
    assert sorted(str(path) for path in files if "runtime" not in str(path)) == [
        "lib/app_db.dart",
        "lib/src/enums/role.dart",
        "lib/src/enums/type.dart",
        "lib/src/models/everything.dart",
        "lib/src/models/list.dart",
        "lib/src/models/post.dart",
        "lib/src/models/tag.dart",
        "lib/src/models/twenty.dart",
        "lib/src/models/user.dart",
        "pubspec.yaml",
    ]


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
    assert "export" not in library


def test_library_exports_every_model_and_enum() -> None:
    library = render_package(kitchen_sink(), CONFIG)[PurePosixPath("lib/app_db.dart")].decode()
    assert "export 'src/enums/role.dart';\n" in library
    assert "export 'src/models/post.dart';\n" in library
    assert "runtime" not in library


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
    assert "  final List$? List$;\n" in text
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
    assert "/// Roles.\nenum Role {\n" in text
    assert "  admin('ADMIN', 'admin'),\n" in text
    assert "  superAdmin('SUPER_ADMIN', 'super_admin'),\n" in text
    assert "  values$('values', 'values'),\n" in text
    assert "  default$('DEFAULT', 'default');\n" in text
    assert "static Role fromPrismaName(String name)" in text
    assert "throw FormatException('not a value of enum Role', name);" in text
    assert "enum Type$ {" in files[PurePosixPath("lib/src/enums/type.dart")].decode()


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
    assert "enum Type$ {" in files[PurePosixPath("lib/src/enums/type.dart")].decode()
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
