"""The external Dart APIs the generated package may use: an explicit, reviewed allow-list.

The symbol check (tests/support/dart_symbols.py) resolves every name the generated package uses
either to a declaration of the package or to an entry below. A name missing here fails the check,
so the list is kept to what the generated code (templates/dart/*.jinja, the view's expressions in
generator/prisma_dart_gen/backends/dart/view.py and the runtime in templates/dart/runtime/) uses
today; tests/test_dart_symbols.py fails on an entry no generated package uses any more.

Each library URI maps to an `ExternalLibrary`:
- `types`: type name -> the `Type.x` the code may write: constructors (`new` for the unnamed one,
  as in Dart's tear-off syntax `Type.new`), named and factory constructors, static members;
- `values`: top-level functions, variables and constants.

Libraries listed with nothing in them are the package's other dependencies (pubspec.yaml): they
may be imported, but every name taken from them must first be added here. A library that is not
listed at all (`dart:io`, `dart:html`, `package:sqflite/sqflite.dart`, ...) cannot be imported.

To add a name: check it against the library's own documentation or source (names only; the
members used on instances are not checked) and add it with the citation of where it was checked.
`dart:core` is imported implicitly by every library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ExternalLibrary:
    """What one external library provides to the generated code."""

    types: Mapping[str, frozenset[str]]
    values: frozenset[str] = frozenset()

    def names(self) -> frozenset[str]:
        return frozenset(self.types) | self.values

    def entries(self) -> frozenset[str]:
        """Every entry, `Name` and `Type.member`: what the tightness test compares with use."""
        members = {f"{name}.{member}" for name, allowed in self.types.items() for member in allowed}
        return self.names() | members


def _library(
    types: Mapping[str, Iterable[str]] | None = None, values: Iterable[str] = ()
) -> ExternalLibrary:
    return ExternalLibrary(
        types={name: frozenset(members) for name, members in (types or {}).items()},
        values=frozenset(values),
    )


EXTERNAL_API: Mapping[str, ExternalLibrary] = {
    # Checked on api.dart.dev (dart:core library index: classes, constants, functions,
    # exceptions; https://api.dart.dev/stable/3.2.6/dart-core/dart-core-library-sidebar.html):
    # - Object: `const Object()` (Object-class.html, "Constructors: Object() ... const"),
    #   static `Object.hash` (up to 20 arguments) and `Object.hashAll` (dart-core/Object/hash.html,
    #   hashAll.html, since 2.14);
    # - BigInt.tryParse (dart-core/BigInt/tryParse.html);
    # - DateTime.tryParse (dart-core/DateTime/tryParse.html) and the constructor
    #   DateTime.fromMillisecondsSinceEpoch(int, {bool isUtc})
    #   (dart-core/DateTime/DateTime.fromMillisecondsSinceEpoch.html);
    # - const FormatException([String message, dynamic source, int? offset])
    #   (dart-core/FormatException/FormatException.html);
    # - ArgumentError.value(value, [name, message])
    #   (dart-core/ArgumentError/ArgumentError.value.html);
    # - List.of and List.unmodifiable factory constructors (dart-core/List/List.of.html,
    #   List.unmodifiable.html);
    # - Future is a dart:core class (re-exported there since Dart 2.1), Exception and Enum too;
    # - `identical` (function) and `override` (constant) are in the index's Functions/Constants.
    "dart:core": _library(
        types={
            "ArgumentError": {"value"},
            "BigInt": {"tryParse"},
            "DateTime": {"fromMillisecondsSinceEpoch", "tryParse"},
            "Enum": (),
            "Exception": (),
            "FormatException": {"new"},
            "Future": (),
            "List": {"of", "unmodifiable"},
            "Map": (),
            "Object": {"new", "hash", "hashAll"},
            "String": (),
            "bool": (),
            "double": (),
            "int": (),
            "num": (),
        },
        values={"identical", "override"},
    ),
    # Uint8List: dart:typed_data (api.dart.dev dart-typed_data/Uint8List-class.html).
    "dart:typed_data": _library(types={"Uint8List": ()}),
    # base64Decode(String) -> Uint8List and base64Encode(List<int>) -> String: top-level
    # functions of dart:convert (api.dart.dev dart-convert/base64Decode.html, base64Encode.html).
    "dart:convert": _library(values={"base64Decode", "base64Encode"}),
    # No name used yet (Future comes from dart:core).
    "dart:async": _library(),
    "dart:math": _library(),
    # `const Immutable immutable = Immutable();`: a top-level constant of package:meta
    # (pub.dev/documentation/meta/latest/meta/;
    # api.flutter.dev/flutter/meta/immutable-constant.html).
    "package:meta/meta.dart": _library(values={"immutable"}),
    # Decimal (a14n/dart-decimal lib/decimal.dart): `static Decimal? tryParse(String)`, added in
    # 0.3.3 (CHANGELOG.md), unchanged through 2.x and 3.x (`final class Decimal` in 3.x).
    "package:decimal/decimal.dart": _library(types={"Decimal": {"tryParse"}}),
    # dart-lang/collection lib/collection.dart exports src/equality.dart, which declares
    # `const DeepCollectionEquality([Equality base = const DefaultEquality()])`.
    "package:collection/collection.dart": _library(types={"DeepCollectionEquality": {"new"}}),
    # The storage and sync dependencies: importable, nothing used yet. Library files checked in
    # tekartik/sqflite (sqflite_common/lib/sqlite_api.dart), tekartik/idb_shim.dart
    # (idb_shim/lib/idb.dart, idb_shim/lib/idb_client_memory.dart) and dart-lang/http
    # (pkgs/http/lib/http.dart).
    "package:sqflite_common/sqlite_api.dart": _library(),
    "package:idb_shim/idb.dart": _library(),
    "package:idb_shim/idb_client_memory.dart": _library(),
    "package:http/http.dart": _library(),
}
