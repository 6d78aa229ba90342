"""The external Dart APIs the generated package may use: an explicit, reviewed allow-list.

The symbol check (tests/support/dart_symbols.py) resolves every name the generated package uses
either to a declaration of the package or to an entry below. A name missing here fails the check,
so the list is kept to what the generated code (templates/dart/*.jinja, the views' expressions in
generator/prisma_dart_gen/backends/dart/, the runtime in templates/dart/runtime/, and the test
suites the package ships: test/client_test.dart and the parity suite) uses today;
tests/test_dart_symbols.py fails on an entry no generated package uses any more (a name a `show`
combinator brings counts as used: it must be listed for the import to check).

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
    # dart:core, checked on api.dart.dev (dart:core library index: classes, constants, functions,
    # exceptions; https://api.dart.dev/stable/3.3.0/dart-core/dart-core-library.html; the
    # package's SDK floor is 3.3, pubspec.yaml):
    # - Object: `const Object()` (Object-class.html, "Constructors: Object() ... const"),
    #   static `Object.hash` (up to 20 arguments) and `Object.hashAll` (dart-core/Object/hash.html,
    #   hashAll.html, since 2.14);
    # - BigInt: static `BigInt.zero`, factory `BigInt.from(num)`, static `BigInt.parse(String,
    #   {int? radix})` and `BigInt.tryParse` (dart-core/BigInt-class.html, "Constructors",
    #   "Static Properties", "Static Methods");
    # - DateTime.now() (dart-core/DateTime/DateTime.now.html), DateTime.tryParse
    #   (dart-core/DateTime/tryParse.html) and DateTime.fromMillisecondsSinceEpoch(int,
    #   {bool isUtc}) (dart-core/DateTime/DateTime.fromMillisecondsSinceEpoch.html);
    # - double.parse(String) (dart-core/double/parse.html);
    # - String.fromCharCode(int) and String.fromCharCodes(Iterable<int>) factories
    #   (dart-core/String/String.fromCharCode.html, String.fromCharCodes.html);
    # - StringBuffer([Object content = '']) (dart-core/StringBuffer/StringBuffer.html);
    # - List.filled(int, E), List.of and List.unmodifiable factories (dart-core/List/
    #   List.filled.html, List.of.html, List.unmodifiable.html);
    # - Set (a type), Set.unmodifiable(Iterable) (dart-core/Set/Set.unmodifiable.html, since
    #   2.12); Iterable, MapEntry, Map, Comparable (types: dart-core/Iterable-class.html,
    #   MapEntry-class.html, Comparable-class.html);
    # - Duration({int days, ..., int milliseconds, ...}) (dart-core/Duration/Duration.html);
    # - Future and Stream: dart:async classes that dart:core exports since Dart 2.1
    #   (dart.dev/tools/diagnostics/sdk_version_async_exported_from_core); Future.delayed
    #   (dart-async/Future/Future.delayed.html) and the factory `Future.value([FutureOr<T>?
    #   value])` (dart-async/Future/Future.value.html: the client test suite's late errors);
    # - Never, the bottom type, declared by dart:core (language spec "Type Never"; api.dart.dev
    #   lists it in the dart:core index);
    # - Error.throwWithStackTrace(Object, StackTrace) (dart-core/Error/throwWithStackTrace.html,
    #   static, since 2.16);
    # - StateError(String) (dart-core/StateError/StateError.html), UnsupportedError(String?)
    #   (dart-core/UnsupportedError/UnsupportedError.html), const FormatException([String message,
    #   dynamic source, int? offset]) (dart-core/FormatException/FormatException.html),
    #   ArgumentError.value(value, [name, message]) (dart-core/ArgumentError/
    #   ArgumentError.value.html); Exception and Enum are dart:core types;
    # - `identical` (function) and `override` (constant) are in the index's Functions/Constants;
    # - int.tryParse(String, {int? radix}), static (dart-core/int/tryParse.html);
    # - Uri, the dart:core class package:http's Client.post takes (dart-core/Uri-class.html).
    "dart:core": _library(
        types={
            "ArgumentError": {"value"},
            "BigInt": {"from", "parse", "tryParse", "zero"},
            "Comparable": (),
            "DateTime": {"fromMillisecondsSinceEpoch", "now", "tryParse"},
            "Duration": {"new"},
            "Enum": (),
            "Error": {"throwWithStackTrace"},
            "Exception": (),
            "FormatException": {"new"},
            "Future": {"delayed", "value"},
            "Iterable": (),
            "List": {"filled", "of", "unmodifiable"},
            "Map": (),
            "MapEntry": (),
            "Never": (),
            "Object": {"new", "hash", "hashAll"},
            "Set": {"unmodifiable"},
            "StateError": {"new"},
            "Stream": (),
            "String": {"fromCharCode", "fromCharCodes"},
            "StringBuffer": {"new"},
            "UnsupportedError": {"new"},
            "Uri": (),
            "bool": (),
            "double": {"parse"},
            "int": {"tryParse"},
            "num": (),
        },
        values={"identical", "override"},
    ),
    # dart:typed_data (api.dart.dev dart-typed_data library): Uint8List(int) and
    # Uint8List.fromList(List<int>) (Uint8List/Uint8List.html, Uint8List.fromList.html),
    # Uint32List(int) (Uint32List/Uint32List.html), ByteData(int) (ByteData/ByteData.html).
    "dart:typed_data": _library(
        types={
            "ByteData": {"new"},
            "Uint32List": {"new"},
            "Uint8List": {"new", "fromList"},
        }
    ),
    # dart:convert top-level functions and constants (api.dart.dev dart-convert library):
    # base64Decode(String) -> Uint8List, base64Encode(List<int>) -> String (base64Decode.html,
    # base64Encode.html), jsonDecode(String) and jsonEncode(Object?) (jsonDecode.html,
    # jsonEncode.html), `const Utf8Codec utf8` (utf8-constant.html).
    "dart:convert": _library(
        values={"base64Decode", "base64Encode", "jsonDecode", "jsonEncode", "utf8"}
    ),
    # dart:async (api.dart.dev dart-async library): StreamController({onListen, onCancel, ...})
    # and StreamController.broadcast(...) factories (StreamController-class.html,
    # "Constructors"); StreamSubscription (a type, StreamSubscription-class.html); Timer(Duration,
    # void Function()) and the factory Timer.periodic(Duration, void Function(Timer))
    # (dart-async/Timer/Timer.html, Timer.periodic.html); TimeoutException, what
    # `Future.timeout` throws without `onTimeout` (dart-async/TimeoutException-class.html,
    # dart-async/Future/timeout.html); Completer (`factory Completer()`,
    # dart-async/Completer/Completer.html: the sync test suite).
    "dart:async": _library(
        types={
            "Completer": {"new"},
            "StreamController": {"new", "broadcast"},
            "StreamSubscription": (),
            "TimeoutException": (),
            "Timer": {"new", "periodic"},
        }
    ),
    # dart:math (api.dart.dev dart-math library): Random (a type) and the factory
    # Random.secure() (Random/Random.secure.html).
    "dart:math": _library(types={"Random": {"secure"}}),
    # `const Immutable immutable = Immutable();`: a top-level constant of package:meta
    # (pub.dev/documentation/meta/latest/meta/;
    # api.flutter.dev/flutter/meta/immutable-constant.html).
    "package:meta/meta.dart": _library(values={"immutable"}),
    # package:decimal (a14n/dart-decimal lib/decimal.dart, 2.x and 3.x; the pubspec allows
    # >=2.3.0 <4.0.0): `static Decimal? tryParse(String)` (since 0.3.3), `Decimal.parse(String)`
    # (a factory in 2.x, a static method in 3.x: both called as `Decimal.parse(...)`),
    # `factory Decimal.fromInt(int)`, and `extension RationalExt on Rational` with
    # `toDecimal({int? scaleOnInfinitePrecision, ...})`, what `Decimal / Decimal` (a Rational since
    # 2.0.0, CHANGELOG.md) is turned back into a Decimal with.
    "package:decimal/decimal.dart": _library(
        types={"Decimal": {"fromInt", "parse", "tryParse"}, "RationalExt": ()}
    ),
    # dart-lang/collection lib/collection.dart exports src/equality.dart, which declares
    # `const DeepCollectionEquality([Equality base = const DefaultEquality()])`.
    "package:collection/collection.dart": _library(types={"DeepCollectionEquality": {"new"}}),
    # tekartik/sqflite sqflite_common/lib/sqlite_api.dart: abstract classes DatabaseFactory,
    # Database (`transaction<T>(Future<T> Function(Transaction) action, {bool? exclusive})`,
    # `close()`), Transaction (a DatabaseExecutor: rawQuery, rawInsert, rawUpdate, rawDelete,
    # execute), and `export 'src/exception.dart' show DatabaseException`
    # (`isUniqueConstraintError([String? field])`).
    "package:sqflite_common/sqlite_api.dart": _library(
        types={"Database": (), "DatabaseException": (), "DatabaseFactory": (), "Transaction": ()}
    ),
    # tekartik/idb_shim.dart idb_shim/lib/idb.dart: abstract classes Database, IdbFactory,
    # ObjectStore, Transaction, VersionChangeEvent, `class DatabaseError extends Error`,
    # `abstract class KeyRange` with `factory KeyRange.only(Object value)`, and
    # `export 'src/constant.dart' show idbModeReadOnly, idbModeReadWrite` (String constants:
    # pub.dev/documentation/idb_shim/latest/idb/idbModeReadWrite-constant.html).
    "package:idb_shim/idb.dart": _library(
        types={
            "Database": (),
            "DatabaseError": (),
            "IdbFactory": (),
            "KeyRange": {"only"},
            "ObjectStore": (),
            "Transaction": (),
            "VersionChangeEvent": (),
        },
        values={"idbModeReadOnly", "idbModeReadWrite"},
    ),
    # idb_shim/lib/idb_client_memory.dart: `IdbFactory newIdbFactoryMemory()` ("An empty
    # in-memory factory, good for unit test"): the generated test suites' IndexedDB.
    "package:idb_shim/idb_client_memory.dart": _library(values={"newIdbFactoryMemory"}),
    # dev dependencies, for the generated test suites (test/*.dart):
    # - tekartik/sqflite sqflite_common_ffi/lib/sqflite_ffi.dart exports `sqfliteFfiInit` and
    #   `databaseFactoryFfi` (src/sqflite_ffi.dart) and `package:sqflite_common/sqflite.dart`,
    #   which exports sqlite_api.dart and with it `inMemoryDatabasePath` (src/constant.dart);
    # - dart-lang/test pkgs/test/lib/test.dart exports package:matcher (expect, expectLater,
    #   fail, and the matchers isA, isNull, isTrue, throwsA, hasLength, unorderedEquals; the
    #   sync suite's isEmpty and isNot (matcher lib/src/core_matchers.dart: `const Matcher
    #   isEmpty = _Empty();`, `Matcher isNot(Object? valueOrMatcher)`) and startsWith
    #   (lib/src/string_matchers.dart: `Matcher startsWith(String prefixString)`)) and
    #   test_core's `test`, `group`, `setUp` (lib/src/scaffolding.dart: `void setUp(dynamic
    #   Function() callback)`) and `addTearDown` (pub.dev/documentation/test/latest/).
    "package:sqflite_common_ffi/sqflite_ffi.dart": _library(
        values={"databaseFactoryFfi", "inMemoryDatabasePath", "sqfliteFfiInit"}
    ),
    "package:test/test.dart": _library(
        values={
            "addTearDown",
            "expect",
            "expectLater",
            "fail",
            "group",
            "hasLength",
            "isA",
            "isEmpty",
            "isNot",
            "isNull",
            "isTrue",
            "setUp",
            "startsWith",
            "test",
            "throwsA",
            "unorderedEquals",
        }
    ),
    # dart-lang/http pkgs/http/lib/http.dart (exports src/client.dart, src/exception.dart,
    # src/response.dart): `abstract interface class Client` with `factory Client()` and
    # `Future<Response> post(Uri url, {Map<String, String>? headers, Object? body, Encoding?
    # encoding})` ("All methods will emit a [ClientException] if there is a transport-level
    # failure"), `void close()` (pkgs/http/lib/src/client.dart); `class ClientException implements
    # Exception` with `final String message` (pkgs/http/lib/src/exception.dart); `Response`
    # (statusCode, bodyBytes, headers with lower-case names: src/response.dart,
    # src/base_response.dart). Used by the sync transport (runtime/sync/transport.dart).
    "package:http/http.dart": _library(
        types={"Client": {"new"}, "ClientException": (), "Response": ()}
    ),
}
