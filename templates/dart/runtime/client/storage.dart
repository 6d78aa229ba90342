// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The storage interface the engine runs on: SQLite (sqflite) and IndexedDB (idb_shim).
///
/// A backend stores rows of the models in [SchemaInfo] and the implicit many-to-many join tables,
/// and answers [Filter]/[OrderTerm] queries on one model at a time. Prisma's semantics (defaults,
/// nested writes, referential actions, unique checks, includes) live in the engine, above this
/// interface, so both backends behave the same.
library;

import 'dart:convert' show jsonDecode, jsonEncode;

import 'filter.dart';
import 'schema.dart';

/// A row of a model: Prisma field name -> Dart value. Values: String, int, double, bool,
/// BigInt, Decimal, DateTime (UTC), Uint8List, Json as a decoded JSON value, enums as the
/// Prisma value name (String), scalar lists as List, and null (a NULL column).
///
/// A Json field holding the JSON value `null` (Prisma's `JsonNull`, stored as the text `null`)
/// is [JsonNullValue.jsonNull], never `null`, which is a NULL column (Prisma's `DbNull`): the two
/// are different rows for filters (`equals: JsonNull` / `DbNull`) and for sync. JSON nulls nested
/// in a Json value (`{'a': null}`, `[null]`) and the elements of a Json list are plain `null`.
/// The engine's results (what the client returns) hold `null` for both, as Prisma Client's do.
typedef Row = Map<String, Object?>;

/// Prisma's null values of Json fields: [dbNull] a NULL column (`Prisma.DbNull`), [jsonNull] the
/// JSON value `null` (`Prisma.JsonNull`), [anyNull] either (`Prisma.AnyNull`, filters only).
///
/// In arguments they are what Prisma Client takes for Json fields; in a [Row], [jsonNull] is the
/// value of a Json field holding a JSON `null` (see [Row]).
enum JsonNullValue { dbNull, jsonNull, anyNull }

/// The stored text of a Json [value] (a [Row] value, not null): compact JSON (`jsonEncode`), the
/// text `null` for [JsonNullValue.jsonNull]. Both backends store Json as this text, which is
/// also what Json equality compares (as Prisma on SQLite compares the stored text).
String jsonText(Object value) {
  if (value == JsonNullValue.jsonNull) return 'null';
  if (value is JsonNullValue) {
    throw ArgumentError.value(value, 'value', 'only JsonNull is a stored Json value');
  }
  return jsonEncode(value);
}

/// The [Row] value of a stored Json [text] (the inverse of [jsonText]): the decoded JSON value,
/// [JsonNullValue.jsonNull] for the text `null`. Throws a [FormatException] for invalid JSON.
Object jsonFromText(String text) => jsonDecode(text) ?? JsonNullValue.jsonNull;

/// A Json [value] as the engine returns it: [JsonNullValue.jsonNull] becomes `null` (Prisma
/// Client returns `null` for a JSON null and for a NULL column alike).
Object? jsonResult(Object? value) => value == JsonNullValue.jsonNull ? null : value;

/// A link of an implicit many-to-many relation: the values of columns `A` and `B`.
final class Link {
  const Link(this.a, this.b);
  final Object a;
  final Object b;
}

/// Thrown by [StorageTransaction.insert]/[StorageTransaction.update] when a unique index refuses
/// the write; the engine turns it into Prisma's P2002.
final class UniqueViolation implements Exception {
  const UniqueViolation(this.model, this.fields);
  final String model;
  final List<String> fields;

  @override
  String toString() => 'UniqueViolation($model, $fields)';
}

abstract interface class Storage {
  /// Opens (creating or migrating) the local database for [schema].
  Future<void> open(SchemaInfo schema);

  /// Runs [action] in one storage transaction: all of it, or nothing if it throws.
  ///
  /// IndexedDB: [action] must await nothing but this transaction's operations, each right away
  /// (docs/internals/dart-client.md, "Awaiting inside a storage transaction"); every method of
  /// [StorageTransaction] completes in the microtask of its last storage request.
  Future<T> transaction<T>(Future<T> Function(StorageTransaction txn) action);

  Future<void> close();
}

abstract interface class StorageTransaction {
  Future<List<Row>> select(
    String model, {
    Filter where = const AllRows(),
    List<OrderTerm> orderBy = const <OrderTerm>[],
    int? limit,
    int offset = 0,
  });

  Future<int> count(String model, {Filter where = const AllRows()});

  Future<void> insert(String model, Row row);

  /// Sets [changes] (field -> new value) on every row matching [where]; returns how many.
  Future<int> update(String model, Filter where, Row changes);

  Future<int> delete(String model, Filter where);

  /// Adds a link; an existing identical link is kept (INSERT OR IGNORE).
  Future<void> link(String joinTable, Link link);

  /// Removes links matching the given column values (null: any); returns how many.
  Future<int> unlink(String joinTable, {Object? a, Object? b});

  /// Links whose `A` is in [a] (when given) and whose `B` is in [b] (when given).
  Future<List<Link>> links(String joinTable, {List<Object>? a, List<Object>? b});

  /// One storage round trip that reads and writes nothing: what an engine step with nothing
  /// to read or write awaits, so that it still completes in the microtask of a storage request
  /// (IndexedDB ends a transaction that waits for anything else). SQLite: completes at once.
  Future<void> touch();
}
