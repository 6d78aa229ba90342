"""The symbol check on the generated Dart package (tests/support/dart_symbols.py).

(1) Every fixture's package, and the packages of the shared real-world schemas, resolve: each type,
constructor, static member and top-level function or variable they name is declared in the package
or on the reviewed allow-list (tests/support/dart_external_api.py), which holds nothing unused.
(2) Mutations of a generated package prove the check is real: each must be reported, by name.
(3) Hand-written snippets pin the resolution rules: show/hide, prefixes, exports, local scopes.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path, PurePosixPath

import pytest

from prisma_dart_gen.backends.dart import render_package
from prisma_dart_gen.backends.dart.parity import render_parity_suite
from prisma_dart_gen.backends.dart.sync_suite import render_sync_suite
from prisma_dart_gen.config import GeneratorConfig
from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.generate import plan
from prisma_dart_gen.ir.build import build_schema
from tests.support.dart_external_api import EXTERNAL_API
from tests.support.dart_symbols import Package, Unresolved, unresolved_references
from tests.support.params import (
    REPO,
    SHARED_SCHEMAS,
    capture_params,
    fixture_cases,
    load_params,
    shared_schema_names,
)

CONFIG = GeneratorConfig(output=Path("/tmp/app/db"), package_name="app_db")
PARITY = REPO / "fixtures" / "parity"
PROTOCOL = REPO / "fixtures" / "protocol"
PRISMA = REPO / "node_modules" / ".bin" / "prisma"

Files = dict[PurePosixPath, bytes]


@cache
def _fixture_package(case: str, work: str) -> tuple[tuple[PurePosixPath, bytes], ...]:
    params = load_params(case, Path(work))
    files = render_package(build_schema(GenerateParams.model_validate(params)), CONFIG)
    return tuple(files.items())


def fixture_package(case: str, tmp_path_factory: pytest.TempPathFactory) -> Files:
    """The rendered package of fixtures/<case> (rendered once per test session)."""
    work = tmp_path_factory.getbasetemp() / "symbols" / case
    work.mkdir(parents=True, exist_ok=True)
    return dict(_fixture_package(case, str(work)))


@cache
def _synced_package(work: str) -> tuple[tuple[PurePosixPath, bytes], ...]:
    result = plan(load_params("sync", Path(work)))
    files = dict(result.outputs[result.config.output])
    files.update(render_sync_suite(result.config.package_name, PROTOCOL))
    return tuple(files.items())


def synced_package(tmp_path_factory: pytest.TempPathFactory) -> Files:
    """fixtures/sync rendered as `generate` does (with its sync plan), with the sync suite."""
    work = tmp_path_factory.getbasetemp() / "symbols" / "synced"
    work.mkdir(parents=True, exist_ok=True)
    return dict(_synced_package(str(work)))


def report(problems: list[Unresolved]) -> str:
    return "\n".join(str(problem) for problem in problems)


# --- (1) the generated packages resolve ---------------------------------------------------------


@pytest.mark.parametrize("case", fixture_cases())
def test_fixture_package_resolves(case: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    problems = unresolved_references(fixture_package(case, tmp_path_factory))
    assert problems == [], report(problems)


def test_synced_package_with_the_sync_suite_resolves(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    problems = unresolved_references(synced_package(tmp_path_factory))
    assert problems == [], report(problems)


def test_allow_list_holds_only_what_the_packages_use(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A reviewed entry nothing uses any more is dropped: the allow-list stays tight.

    What counts: every fixture's package, one with the Prisma parity suite added (its test
    files use names no other file does; the parity schema itself needs the real CLI), and the
    synced package of fixtures/sync with the sync suite.
    """
    used: set[tuple[str, str]] = set()
    for case in fixture_cases():
        files = fixture_package(case, tmp_path_factory)
        if case == "relations":
            files = {**files, **render_parity_suite(CONFIG.package_name, PARITY)}
        package = Package(files)
        assert package.check() == []
        used |= package.used_external
    synced = Package(synced_package(tmp_path_factory))
    assert synced.check() == []
    used |= synced.used_external
    listed = {(uri, entry) for uri, api in EXTERNAL_API.items() for entry in api.entries()}
    assert listed - used == set()


@pytest.mark.e2e
@pytest.mark.parametrize("name", shared_schema_names())
def test_shared_schema_package_resolves(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real-world schemas, captured with the real CLI (which needs no schema engine here)."""
    if not PRISMA.exists():
        pytest.skip("node_modules is not installed")
    monkeypatch.setenv(
        "PRISMA_SCHEMA_ENGINE_BINARY", os.environ.get("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/true")
    )
    params = capture_params(SHARED_SCHEMAS / f"{name}.prisma")
    files = render_package(build_schema(GenerateParams.model_validate(params)), CONFIG)
    problems = unresolved_references(files)
    assert problems == [], report(problems)


# --- (2) mutations must be caught ---------------------------------------------------------------


def mutate(files: Files, path: str, old: str, new: str, *, count: int = 1) -> Files:
    """A copy of the package with `old` replaced by `new` in one file (`count` times, 0: all)."""
    key = PurePosixPath(path)
    text = files[key].decode("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    mutated = dict(files)
    mutated[key] = text.replace(old, new, count if count else -1).encode("utf-8")
    return mutated


def names(problems: list[Unresolved]) -> set[str]:
    return {problem.name for problem in problems}


@pytest.fixture
def relations(tmp_path_factory: pytest.TempPathFactory) -> Files:
    files = fixture_package("relations", tmp_path_factory)
    assert unresolved_references(files) == []
    return files


@pytest.fixture
def scalars(tmp_path_factory: pytest.TempPathFactory) -> Files:
    files = fixture_package("scalars_sqlite", tmp_path_factory)
    assert unresolved_references(files) == []
    return files


def model_file(files: Files, class_name: str) -> str:
    """The path of the model file declaring `class <class_name> {`."""
    for path, content in files.items():
        if path.parts[:3] == ("lib", "src", "models") and f"class {class_name} {{" in (
            content.decode("utf-8")
        ):
            return str(path)
    raise AssertionError(f"no model file declares {class_name}")


def referring_files(files: Files, name: str) -> set[str]:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    return {
        str(path)
        for path, content in files.items()
        if path.suffix == ".dart" and pattern.search(content.decode("utf-8"))
    }


def test_renamed_class_is_caught(relations: Files) -> None:
    path = model_file(relations, "Post")
    problems = unresolved_references(mutate(relations, path, "class Post {", "class Posting {"))
    assert "Post" in names(problems)
    # Its own constructors and body, and other models' `Post?`/`List<Post>` fields, all notice.
    located = {problem.path for problem in problems if problem.name == "Post"}
    assert path in located
    assert len(located) >= 2, report(problems)
    assert any("constructor not named after its class" in p.reason for p in problems)


def test_misspelled_runtime_function_is_caught(scalars: Files) -> None:
    path = model_file(scalars, "AllScalars")
    mutated = mutate(scalars, path, "$rt.decodeString(", "$rt.decodeStrin(")
    problems = unresolved_references(mutated)
    assert names(problems) == {"$rt.decodeStrin"}, report(problems)
    assert problems[0].path == path
    line = mutated[PurePosixPath(path)].decode().splitlines()[problems[0].line - 1]
    assert line[problems[0].column - 1 :].startswith("$rt.decodeStrin(")


def test_type_from_a_library_not_imported_is_caught(relations: Files) -> None:
    path = model_file(relations, "Post")
    mutated = mutate(relations, path, "  final String title;", "  final Decimal title;")
    problems = unresolved_references(mutated)
    assert names(problems) == {"Decimal"}, report(problems)
    assert "nor imported" in problems[0].reason


def test_type_from_a_package_not_imported_is_caught(relations: Files) -> None:
    path = model_file(relations, "Post")
    old = "  final String title;"
    problems = unresolved_references(mutate(relations, path, old, "  final ListEquality title;"))
    assert names(problems) == {"ListEquality"}, report(problems)


def test_external_name_not_on_the_allow_list_is_caught(scalars: Files) -> None:
    wire = "lib/src/runtime/wire.dart"
    problems = unresolved_references(
        mutate(scalars, wire, "DateTime.tryParse(value)", "DateTime.parseStrict(value)")
    )
    assert names(problems) == {"DateTime.parseStrict"}, report(problems)
    assert "not on the external allow-list for dart:core" in problems[0].reason


def test_shown_name_not_on_the_allow_list_is_caught(scalars: Files) -> None:
    wire = "lib/src/runtime/wire.dart"
    mutated = mutate(scalars, wire, "show base64Decode,", "show base64Decode, latin1,")
    assert names(unresolved_references(mutated)) == {"latin1"}


def test_library_not_on_the_allow_list_is_caught(scalars: Files) -> None:
    wire = "lib/src/runtime/wire.dart"
    mutated = mutate(scalars, wire, "import 'dart:convert'", "import 'dart:io'")
    problems = unresolved_references(mutated)
    assert {"dart:io", "base64Decode", "base64Encode"} <= names(problems), report(problems)


def test_removed_import_is_caught(scalars: Files) -> None:
    path = model_file(scalars, "AllScalars")
    old = "import 'package:decimal/decimal.dart' show Decimal;\n"
    problems = unresolved_references(mutate(scalars, path, old, ""))
    assert names(problems) == {"Decimal"}, report(problems)
    assert {problem.path for problem in problems} == {path}


def test_removed_enum_import_is_caught(tmp_path_factory: pytest.TempPathFactory) -> None:
    files = fixture_package("enums_sqlite", tmp_path_factory)
    path, import_line = next(
        (str(path), line)
        for path, content in files.items()
        if path.parts[:3] == ("lib", "src", "models")
        for line in content.decode().splitlines()
        if line.startswith("import '../enums/")
    )
    enum_file = import_line.split("/")[-1].split(".")[0]
    enum_name = "".join(word.capitalize() for word in enum_file.split("_"))
    problems = unresolved_references(mutate(files, path, import_line + "\n", ""))
    assert enum_name in names(problems), report(problems)
    assert {problem.path for problem in problems} == {path}


def test_removed_runtime_import_is_caught(scalars: Files) -> None:
    path = model_file(scalars, "AllScalars")
    old = "import '../runtime/runtime.dart' as $rt;\n"
    problems = unresolved_references(mutate(scalars, path, old, ""))
    assert names(problems) == {"$rt"}, report(problems)


def test_broken_import_uri_is_caught(scalars: Files) -> None:
    path = model_file(scalars, "AllScalars")
    mutated = mutate(scalars, path, "'../runtime/runtime.dart'", "'../runtime/runtim.dart'")
    problems = unresolved_references(mutated)
    assert "../runtime/runtim.dart" in names(problems), report(problems)
    assert "$rt" in {problem.name.split(".")[0] for problem in problems}


def test_removed_runtime_export_is_caught(scalars: Files) -> None:
    """`$rt` reaches wire.dart through runtime.dart's `export`: the check follows it."""
    problems = unresolved_references(
        mutate(scalars, "lib/src/runtime/runtime.dart", "export 'wire.dart';\n", "")
    )
    assert "$rt.decodeInt" in names(problems), report(problems)


def test_misspelled_static_member_is_caught(relations: Files) -> None:
    path = model_file(relations, "Post")
    user = next(p for p in relations if "User.fromJson" in relations[p].decode())
    mutated = mutate(relations, str(user), "User.fromJson(", "User.fromJsn(")
    problems = unresolved_references(mutated)
    assert names(problems) == {"User.fromJsn"}, report(problems)
    assert "has no such constructor or static member" in problems[0].reason
    assert path  # the Post model exists too: the relation goes both ways


def test_misspelled_enum_lookup_is_caught(tmp_path_factory: pytest.TempPathFactory) -> None:
    files = fixture_package("enums_sqlite", tmp_path_factory)
    path = next(
        str(path)
        for path, content in files.items()
        if path.parts[:3] == ("lib", "src", "models") and b".fromPrismaName)" in content
    )
    problems = unresolved_references(mutate(files, path, ".fromPrismaName)", ".fromPrismaNam)"))
    assert len(problems) == 1 and problems[0].name.endswith(".fromPrismaNam"), report(problems)


def test_missing_annotation_import_is_caught(relations: Files) -> None:
    path = model_file(relations, "Post")
    old = "import 'package:meta/meta.dart' show immutable;\n"
    assert names(unresolved_references(mutate(relations, path, old, ""))) == {"immutable"}


def test_field_shadowing_a_type_is_caught(relations: Files) -> None:
    """A field named like a type hides the type inside the class body (naming.py escapes it)."""
    path = model_file(relations, "Post")
    mutated = mutate(relations, path, "  final String title;", "  final String String;")
    problems = unresolved_references(mutated)
    assert "String" in names(problems), report(problems)
    assert any("not a type" in problem.reason for problem in problems)


# --- (3) resolution rules on hand-written libraries ---------------------------------------------


def check(**sources: str) -> list[str]:
    """`path: name` of every problem in a package made of the given files (`__` is `/`)."""
    files = {
        PurePosixPath(path.replace("__", "/") + ".dart"): text.encode("utf-8")
        for path, text in sources.items()
    }
    files[PurePosixPath("pubspec.yaml")] = b"name: app\n"
    return sorted(f"{p.path}:{p.name}" for p in unresolved_references(files))


LIB_A = """
class A { A(); A.named(); static const int k = 1; static A make() => A(); }
class B {}
enum Color { red, green; const Color(); static Color parse(String s) => red; }
int topFn(int x) => x;
const topConst = 1;
"""


def test_show_brings_only_the_shown_names() -> None:
    user = "import 'a.dart' show A;\nA? a;\nB? b;\nfinal x = topFn(1);\n"
    assert check(lib__a=LIB_A, lib__user=user) == ["lib/user.dart:B", "lib/user.dart:topFn"]


def test_hide_removes_the_hidden_names() -> None:
    user = "import 'a.dart' hide B;\nA? a;\nB? b;\nfinal x = topFn(topConst);\n"
    assert check(lib__a=LIB_A, lib__user=user) == ["lib/user.dart:B"]


def test_show_of_an_unknown_name_is_reported() -> None:
    assert check(lib__a=LIB_A, lib__user="import 'a.dart' show A, Z;\n") == ["lib/user.dart:Z"]


def test_prefix_scopes_the_imported_names() -> None:
    user = """
import 'a.dart' as p;
p.A? a;
final x = p.A.named();
final y = p.topFn(p.topConst);
final z = p.Color.red;
final k = p.A.k;
const c = p.Missing();
final w = p.A.missing;
A? bare;
"""
    assert check(lib__a=LIB_A, lib__user=user) == [
        "lib/user.dart:A",
        "lib/user.dart:p.A.missing",
        "lib/user.dart:p.Missing",
    ]


def test_unknown_prefix_and_bare_prefix_are_reported() -> None:
    user = "import 'a.dart' as p;\nq.A? a;\nfinal x = p;\n"
    assert check(lib__a=LIB_A, lib__user=user) == ["lib/user.dart:p", "lib/user.dart:q.A"]


def test_exports_are_followed_transitively_with_combinators() -> None:
    sources = {
        "lib__a": LIB_A,
        "lib__mid": "export 'a.dart' show A, Color, topFn;\n",
        "lib__top": "export 'mid.dart' hide topFn;\nclass Own {}\n",
        "lib__user": (
            "import 'package:app/top.dart';\n"
            "A? a;\nColor? c;\nOwn? o;\nB? b;\nfinal x = topFn(1);\n"
        ),
    }
    assert check(**sources) == ["lib/user.dart:B", "lib/user.dart:topFn"]


def test_export_cycles_terminate() -> None:
    sources = {
        "lib__x": "export 'y.dart';\nclass X {}\n",
        "lib__y": "export 'x.dart';\nclass Y {}\n",
        "lib__user": "import 'x.dart';\nX? x;\nY? y;\nZ? z;\n",
    }
    assert check(**sources) == ["lib/user.dart:Z"]


def test_private_names_are_not_exported() -> None:
    sources = {
        "lib__a": "class _Hidden {}\nint _helper() => 1;\nclass Shown {}\n",
        "lib__user": "import 'a.dart';\n_Hidden? h;\nfinal x = _helper();\nShown? s;\n",
    }
    assert check(**sources) == ["lib/user.dart:_Hidden", "lib/user.dart:_helper"]


def test_ambiguous_imports_are_reported() -> None:
    sources = {
        "lib__a": "class Same {}\n",
        "lib__b": "class Same {}\n",
        "lib__user": "import 'a.dart';\nimport 'b.dart';\nSame? s;\n",
    }
    assert check(**sources) == ["lib/user.dart:Same"]


def test_package_names_win_over_dart_core_and_own_declarations_win_over_imports() -> None:
    sources = {
        "lib__a": "class Duration {}\nclass Local {}\n",
        "lib__user": "import 'a.dart';\nDuration? d;\nclass Local {}\nLocal? l;\n",
    }
    assert check(**sources) == []


def test_dart_core_is_implicit_unless_imported_explicitly() -> None:
    assert check(lib__user="String? s;\nfinal o = Object();\nRegExp? r;\n") == [
        "lib/user.dart:RegExp"  # a dart:core name, but not on the allow-list
    ]
    hidden = "import 'dart:core' hide String;\nString? s;\nint? i;\n"
    assert check(lib__user=hidden) == ["lib/user.dart:String"]


def test_conditional_import_needs_the_name_in_every_alternative() -> None:
    sources = {
        "lib__io": "class Store {}\nclass OnlyIo {}\n",
        "lib__web": "class Store {}\n",
        "lib__user": (
            "import 'io.dart' if (dart.library.js_interop) 'web.dart';\n" "Store? s;\nOnlyIo? o;\n"
        ),
    }
    assert check(**sources) == ["lib/user.dart:OnlyIo"]


def test_missing_files_and_foreign_libraries_are_reported() -> None:
    user = (
        "import 'nope.dart';\nimport 'package:other/other.dart';\n"
        "import 'package:app/nope.dart';\n"
    )
    assert check(lib__user=user) == [
        "lib/user.dart:nope.dart",
        "lib/user.dart:package:app/nope.dart",
        "lib/user.dart:package:other/other.dart",
    ]


def test_constructors_and_static_members() -> None:
    user = """
import 'a.dart';
final a1 = A();
final a2 = A.named();
final a3 = const A.nope();
final a4 = new A.other();
final k = A.k;
final m = A.make();
final r = Color.red;
final v = Color.values;
final p = Color.parse('red');
final bad = Color.purple;
final e = Color();
class NoCtor {}
final n = NoCtor();
class Named { Named.only(); }
final u = Named();
final t = A.make().whatever; // instance access after a call is not checked
"""
    assert check(lib__a=LIB_A, lib__user=user) == [
        "lib/user.dart:A.nope",
        "lib/user.dart:A.other",
        "lib/user.dart:Color",
        "lib/user.dart:Color.purple",
        "lib/user.dart:Named",
    ]


def test_enum_constants_in_constant_patterns() -> None:
    user = """
import 'a.dart';
int f(Color c) {
  switch (c) {
    case Color.red:
      return 1;
    case Color.purple:
      return 2;
  }
}
int g(Color c) => switch (c) { Color.red => 1, Color.mauve => 2 };
"""
    assert check(lib__a=LIB_A, lib__user=user) == [
        "lib/user.dart:Color.mauve",
        "lib/user.dart:Color.purple",
    ]


def test_external_statics_need_an_allow_list_entry() -> None:
    user = """
final a = DateTime.tryParse('x');
final b = DateTime.parse('x');
final c = DateTime.utc(2024);
final d = DateTime(2024);
final e = List<int>.of(<int>[]);
final f = List<int>.generate(1, (int i) => i);
final g = int.parse('1');
"""
    assert check(lib__user=user) == [
        "lib/user.dart:DateTime",
        "lib/user.dart:DateTime.parse",
        "lib/user.dart:DateTime.utc",
        "lib/user.dart:List.generate",
        "lib/user.dart:int.parse",
    ]


def test_a_shown_external_name_counts_as_used() -> None:
    """An extension is used through its members only: the `show` that brings it (and needs its
    allow-list entry) is its use, for the allow-list's tightness test."""
    user = """
import 'package:decimal/decimal.dart' show Decimal, RationalExt;
final Decimal? half = Decimal.tryParse('0.5');
"""
    files = {
        PurePosixPath("lib/user.dart"): user.encode("utf-8"),
        PurePosixPath("pubspec.yaml"): b"name: app\n",
    }
    package = Package(files)
    assert package.check() == []
    assert ("package:decimal/decimal.dart", "RationalExt") in package.used_external
    assert ("package:decimal/decimal.dart", "Decimal.tryParse") in package.used_external


def test_locals_parameters_members_and_type_parameters_are_not_top_level() -> None:
    user = """
typedef Decoder<T> = T Function(Object? value);
T first<T extends Object>(List<T> items, T Function(T) pick, {Object? X = _undefined}) {
  final Object? Y = X;
  for (final item in items) {
    if (Y == null) return pick(item);
  }
  try {
    return items[0];
  } on FormatException catch (error, trace) {
    throw FormatException('$error $trace ${items.length}');
  }
}
const Object _undefined = Object();
class Box<E> {
  const Box(this.value, {this.Label});
  final E value;
  final String? Label;
  E get current => value;
  Box<E> copy() => Box<E>(current, Label: Label);
  String describe() => '$value ${toString()} $hashCode';
  bool same(Object other) => other is Box<E> && identical(other.value, value);
}
enum Level { low, high; bool get isHigh => this == high || index > 0 || name == ''; }
final closure = (Object? item, String field) => item ?? field;
"""
    assert check(lib__user=user) == []


def test_unbound_bare_names_are_reported() -> None:
    user = """
int f(int a) => a + missing + g(a);
class C { int m() => helper(); String s() => '$nowhere'; }
"""
    assert check(lib__user=user) == [
        "lib/user.dart:g",
        "lib/user.dart:helper",
        "lib/user.dart:missing",
        "lib/user.dart:nowhere",
    ]


def test_members_inherited_from_package_classes_resolve() -> None:
    user = """
abstract class Base { int get id; int helper() => 1; }
mixin Extra on Base { int twice() => helper() * 2; }
class Impl extends Base with Extra { @override int get id => helper() + twice(); }
"""
    assert check(lib__user=user) == []


def test_members_shadowing_top_level_names_are_reported() -> None:
    user = """
import 'package:meta/meta.dart' show immutable;
@immutable
class C {
  const C(this.identical, this.immutable);
  final int identical;
  final int immutable;
  bool same(Object a, Object b) => identical(a, b);
}
@immutable
class D {
  const D(this.immutable);
  @immutable
  final int immutable;
}
"""
    assert check(lib__user=user) == ["lib/user.dart:identical", "lib/user.dart:immutable"]


def test_part_files_are_reported() -> None:
    assert check(lib__user="part 'other.dart';\n") == ["lib/user.dart:part 'other.dart';"]
