// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// What a transaction wrote: for change notifications (watch streams), and the writes an API
/// call asked for, for the sync outbox ([WriteRecorder]).
library;

import 'schema.dart';
import 'storage.dart';

/// The models and implicit many-to-many join tables one transaction wrote.
///
/// The engine records a model (its Prisma name, e.g. `Post`) whenever it inserts, updates or
/// deletes one of its rows, including rows changed by referential actions (cascading deletes,
/// `SetNull`, `SetDefault`, cascading key updates), and a join table (its name, e.g.
/// `_PostToTag`) whenever it adds or removes a link. Prisma model names start with a letter and
/// join table names with `_`, so the two never collide in [touched].
///
/// After a transaction commits, the engine publishes [touched] on `Engine.changes`; a watch
/// stream re-runs its query when the set intersects the models and join tables the query read.
/// Nothing is published for a transaction that rolled back.
final class ChangeSet {
  final Set<String> _touched = <String>{};

  /// Records that rows of [name] (a Prisma model name) were written.
  void model(String name) {
    _touched.add(name);
  }

  /// Records that links of the join table [name] (e.g. `_PostToTag`) were written.
  void joinTable(String name) {
    _touched.add(name);
  }

  /// Records everything [other] recorded.
  void addAll(ChangeSet other) {
    _touched.addAll(other._touched);
  }

  /// Whether nothing was recorded.
  bool get isEmpty => _touched.isEmpty;

  /// The model and join table names recorded so far (an unmodifiable copy).
  Set<String> get touched => Set<String>.unmodifiable(_touched);

  @override
  String toString() => 'ChangeSet(${_touched.join(', ')})';
}

/// What the Writer reports of the writes an API call **asked for**, inside the call's storage
/// transaction: creates, updates (the changed fields and the atomic operations), deletes and
/// implicit many-to-many links, parents before children. Not reported: what the referential
/// actions do (cascading deletes, `SetNull`, `SetDefault`, cascading key updates, the links of
/// deleted rows), which the sync server applies itself.
///
/// The sync outbox implements it (sync/local.dart). IndexedDB: every method awaits a storage
/// operation of [StorageTransaction] on every path; the Writer calls one only when [records]
/// says there is something to record.
abstract interface class WriteRecorder {
  /// Whether writes of [name] (a Prisma model name or a join table name) are recorded.
  bool records(String name);

  /// Throws when a row of [model] may not be created on this device (sync: a key the server
  /// fills, autoincrement). Called before anything is written.
  void checkCreate(ModelInfo model);

  /// [row] (every field, defaults filled) was inserted into [model].
  Future<void> created(StorageTransaction txn, ModelInfo model, Row row);

  /// [before] was changed by [changes] (field -> new value, `@updatedAt` included); [ops] holds
  /// the fields changed by an atomic operation: field -> `{'increment': amount}` (Dart values).
  Future<void> updated(
    StorageTransaction txn,
    ModelInfo model,
    Row before,
    Row changes,
    Map<String, Map<String, Object?>> ops,
  );

  /// [row] of [model] was deleted (its referential effects are not reported).
  Future<void> deleted(StorageTransaction txn, ModelInfo model, Row row);

  /// The link ([a], [b]) of [joinTable] was added ([present]) or removed.
  Future<void> linked(StorageTransaction txn, String joinTable, Object a, Object b,
      {required bool present});
}
