// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The client's sync bookkeeping: the outbox of mutations, the pull cursor, the clientId and the
/// signed-in scope, kept in the local database (docs/sync-protocol.md, "Client duties").
///
/// [SyncStore] is what the sync worker needs; [StorageSyncStore] keeps it in the app's
/// [Storage] in two reserved models ([syncStateModel], [syncOutboxModel]; [withSyncModels] adds
/// them to the schema the storage is opened with), so that an outbox entry is written **in the
/// same storage transaction** as the data change: the Writer wraps its own
/// [StorageTransaction] in a [StorageSyncTransaction] and calls [enqueueMutation].
/// [MemorySyncStore] keeps it in memory (tests).
///
/// Inside an IndexedDB transaction nothing but storage operations may be awaited
/// (docs/internals/dart-client.md): every method of [StorageSyncTransaction] awaits a storage
/// operation on every path, and [enqueueMutation] awaits only those methods.
library;

import 'dart:convert' show jsonDecode, jsonEncode;

import '../client/filter.dart';
import '../client/schema.dart';
import '../client/storage.dart';
import 'protocol.dart';

/// The operations of one bookkeeping transaction.
abstract interface class SyncStoreTransaction {
  /// The value stored under [name] (see [SyncStateKey]), or null.
  Future<String?> readValue(String name);

  /// Stores [value] under [name]; null removes it.
  Future<void> writeValue(String name, String? value);

  /// Adds [mutation] to the outbox.
  Future<void> appendMutation(SyncMutation mutation);

  /// The outbox in id order.
  Future<List<SyncMutation>> mutations();

  /// Removes the mutation [id] from the outbox.
  Future<void> removeMutation(int id);

  /// Removes every mutation whose id is at most [id].
  Future<void> removeMutationsThrough(int id);

  /// Empties the outbox.
  Future<void> clearMutations();
}

/// Where the bookkeeping lives.
abstract interface class SyncStore {
  /// Runs [action] in one transaction: all of it, or nothing if it throws.
  Future<T> transaction<T>(Future<T> Function(SyncStoreTransaction txn) action);
}

/// The names of the stored values.
abstract final class SyncStateKey {
  /// The clientId (a UUID made once per local database and scope).
  static const String clientId = 'clientId';

  /// The scope the local data belongs to (the signed-in user or tenant).
  static const String scope = 'scope';

  /// The pull cursor (stored with the pulled changes, in one transaction).
  static const String cursor = 'cursor';

  /// The id the next mutation gets (1 when absent).
  static const String nextMutationId = 'nextMutationId';

  /// The server's `lastMutationId` after the last push: mutations up to it are acknowledged
  /// (not pushed again) but stay in the outbox until a complete pull includes their effects.
  static const String pushedThrough = 'pushedThrough';

  /// `1` when the next pull must refetch everything from cursor 0 (after a rejection or a 410).
  static const String refetch = 'refetch';

  /// The schemaVersion the local synced data was pulled with. A new app version with another
  /// schema refetches from cursor 0: rows pulled before lack what the new schema adds (a new
  /// column holds its fill or NULL locally, not the server's values).
  static const String pulledSchemaVersion = 'pulledSchemaVersion';
}

/// Writes [mutation] (with the next mutation id) to the outbox of [txn] and returns it with
/// its id. The Engine's Writer calls it inside the storage transaction of the data change,
/// after that change, parents before children.
Future<SyncMutation> enqueueMutation(
  SyncStoreTransaction txn, {
  required String model,
  required String op,
  required Map<String, Object?> key,
  Map<String, Object?>? data,
  Map<String, Map<String, Object?>>? ops,
}) async {
  final stored = await txn.readValue(SyncStateKey.nextMutationId);
  final id = stored == null ? 1 : _storedInt(stored);
  final mutation = SyncMutation(id: id, model: model, op: op, key: key, data: data, ops: ops);
  await txn.appendMutation(mutation);
  await txn.writeValue(SyncStateKey.nextMutationId, '${id + 1}');
  return mutation;
}

/// The stored integer [name], or [fallback].
Future<int> readInt(SyncStoreTransaction txn, String name, int fallback) async {
  final stored = await txn.readValue(name);
  return stored == null ? fallback : _storedInt(stored);
}

int _storedInt(String text) {
  final value = int.tryParse(text);
  if (value == null) throw FormatException('a stored sync value is not an integer', text);
  return value;
}

// --- in memory ------------------------------------------------------------------------------

/// A [SyncStore] in memory: transactions run one at a time on a copy that replaces the state
/// when the action completes (nothing changes when it throws).
final class MemorySyncStore implements SyncStore {
  Map<String, String> _values = <String, String>{};
  List<SyncMutation> _outbox = <SyncMutation>[];
  Future<void>? _tail;

  @override
  Future<T> transaction<T>(Future<T> Function(SyncStoreTransaction txn) action) {
    final previous = _tail;
    final run = previous == null ? _run(action) : previous.then((_) => _run(action));
    _tail = run.then<void>((_) {}, onError: (Object _) {});
    return run;
  }

  Future<T> _run<T>(Future<T> Function(SyncStoreTransaction txn) action) async {
    final txn = _MemorySyncTransaction(
      <String, String>{..._values},
      <SyncMutation>[..._outbox],
    );
    final result = await action(txn);
    _values = txn.values;
    _outbox = txn.outbox;
    return result;
  }
}

final class _MemorySyncTransaction implements SyncStoreTransaction {
  _MemorySyncTransaction(this.values, this.outbox);
  final Map<String, String> values;
  final List<SyncMutation> outbox;

  @override
  Future<String?> readValue(String name) async => values[name];

  @override
  Future<void> writeValue(String name, String? value) async {
    if (value == null) {
      values.remove(name);
    } else {
      values[name] = value;
    }
  }

  @override
  Future<void> appendMutation(SyncMutation mutation) async {
    outbox.add(mutation);
  }

  @override
  Future<List<SyncMutation>> mutations() async => List<SyncMutation>.of(outbox);

  @override
  Future<void> removeMutation(int id) async {
    outbox.removeWhere((mutation) => mutation.id == id);
  }

  @override
  Future<void> removeMutationsThrough(int id) async {
    outbox.removeWhere((mutation) => mutation.id <= id);
  }

  @override
  Future<void> clearMutations() async {
    outbox.clear();
  }
}

// --- in the app's Storage -------------------------------------------------------------------

/// The reserved model of stored values: `name` (key) -> `value`.
const String syncStateModel = '_PrismaSyncState';

/// The reserved model of the outbox: `id` (key) -> `mutation` (the mutation's JSON).
const String syncOutboxModel = '_PrismaSyncOutbox';

const ModelInfo _syncStateInfo = ModelInfo(
  name: syncStateModel,
  table: syncStateModel,
  fields: <FieldInfo>[
    FieldInfo(name: 'name', column: 'name', kind: ScalarKind.string),
    FieldInfo(name: 'value', column: 'value', kind: ScalarKind.string, isOptional: true),
  ],
  relations: <RelationInfo>[],
  primaryKey: <String>['name'],
  identity: <String>['name'],
  uniques: <List<String>>[
    <String>['name'],
  ],
  compoundUniques: <String, List<String>>{},
);

const ModelInfo _syncOutboxInfo = ModelInfo(
  name: syncOutboxModel,
  table: syncOutboxModel,
  fields: <FieldInfo>[
    FieldInfo(name: 'id', column: 'id', kind: ScalarKind.int),
    FieldInfo(name: 'mutation', column: 'mutation', kind: ScalarKind.string),
  ],
  relations: <RelationInfo>[],
  primaryKey: <String>['id'],
  identity: <String>['id'],
  uniques: <List<String>>[
    <String>['id'],
  ],
  compoundUniques: <String, List<String>>{},
);

/// [schema] with the two reserved bookkeeping models added: what the app's [Storage] must be
/// opened with for a [StorageSyncStore]. Its version is [schema]'s with `+sync1` appended, so
/// that a database built without them is migrated.
SchemaInfo withSyncModels(SchemaInfo schema) => SchemaInfo(
      version: '${schema.version}+sync1',
      provider: schema.provider,
      models: <String, ModelInfo>{
        ...schema.models,
        syncStateModel: _syncStateInfo,
        syncOutboxModel: _syncOutboxInfo,
      },
      joinTables: schema.joinTables,
      enums: schema.enums,
    );

/// A [SyncStore] in the app's [Storage] (opened with [withSyncModels]).
///
/// Two stores of the same [storage] are equal: the worker's one-per-database lock keys on it.
final class StorageSyncStore implements SyncStore {
  const StorageSyncStore(this.storage);
  final Storage storage;

  @override
  bool operator ==(Object other) => other is StorageSyncStore && identical(other.storage, storage);

  @override
  int get hashCode => storage.hashCode;

  @override
  Future<T> transaction<T>(Future<T> Function(SyncStoreTransaction txn) action) =>
      storage.transaction((txn) => action(StorageSyncTransaction(txn)));
}

/// The bookkeeping operations on a [StorageTransaction]: also what the Writer wraps its own
/// transaction in to call [enqueueMutation].
final class StorageSyncTransaction implements SyncStoreTransaction {
  const StorageSyncTransaction(this.txn);
  final StorageTransaction txn;

  static Filter _name(String name) => FieldCondition('name', CompareOp.equals, name);

  @override
  Future<String?> readValue(String name) async {
    final rows = await txn.select(syncStateModel, where: _name(name), limit: 1);
    if (rows.isEmpty) return null;
    final value = rows.first['value'];
    return value is String ? value : null;
  }

  @override
  Future<void> writeValue(String name, String? value) async {
    if (value == null) {
      await txn.delete(syncStateModel, _name(name));
      return;
    }
    final updated = await txn.update(syncStateModel, _name(name), <String, Object?>{'value': value});
    if (updated == 0) {
      await txn.insert(syncStateModel, <String, Object?>{'name': name, 'value': value});
    }
  }

  @override
  Future<void> appendMutation(SyncMutation mutation) async {
    await txn.insert(syncOutboxModel, <String, Object?>{
      'id': mutation.id,
      'mutation': jsonEncode(mutation.toJson()),
    });
  }

  @override
  Future<List<SyncMutation>> mutations() async {
    final rows = await txn.select(
      syncOutboxModel,
      orderBy: const <OrderTerm>[
        OrderTerm(<String>['id']),
      ],
    );
    return <SyncMutation>[
      for (final row in rows)
        SyncMutation.fromJson(
          (jsonDecode(row['mutation'] as String) as Map).cast<String, Object?>(),
        ),
    ];
  }

  @override
  Future<void> removeMutation(int id) async {
    await txn.delete(syncOutboxModel, FieldCondition('id', CompareOp.equals, id));
  }

  @override
  Future<void> removeMutationsThrough(int id) async {
    await txn.delete(syncOutboxModel, FieldCondition('id', CompareOp.lte, id));
  }

  @override
  Future<void> clearMutations() async {
    await txn.delete(syncOutboxModel, const AllRows());
  }
}
