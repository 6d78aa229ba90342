// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The local side of sync, between the Engine and the worker:
///
/// * [SyncPlanInfo]: what syncs (the generated `syncPlan`, from the IR's sync plan);
/// * [OutboxRecorder]: the Writer's [WriteRecorder] that writes each API write of a synced model
///   to the outbox in the same storage transaction as the data change;
/// * [EngineSyncApplier]: the [SyncApplier] that applies pull pages, rebases the outbox and
///   resets on a scope change, then publishes what it wrote on the engine's change bus;
/// * [openSyncedEngine]: an [Engine] and its [SyncWorker] on one [Storage] (one worker per
///   database).
///
/// IndexedDB: inside a storage transaction nothing but storage operations is awaited
/// (docs/internals/dart-client.md): every async function here awaits a storage operation on
/// every path (tests/support/dart_awaits.py checks this file with the engine's).
library;

import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

import '../client/atomic.dart';
import '../client/changes.dart';
import '../client/engine.dart';
import '../client/filter.dart';
import '../client/ids.dart' show IdGenerator;
import '../client/schema.dart';
import '../client/storage.dart';
import '../values.dart' show deepEquals;
import '../wire.dart';
import 'outbox.dart';
import 'protocol.dart';
import 'transport.dart';
import 'worker.dart';

/// What syncs, from the generator's sync plan (ir/sync.py): the synced models (with whether
/// the client may create their rows offline), the synced implicit many-to-many join tables and
/// the `SCHEMA_VERSION` the requests carry. Models not listed are local-only.
final class SyncPlanInfo {
  const SyncPlanInfo({
    required this.schemaVersion,
    required this.models,
    required this.joinTables,
  });

  final String schemaVersion;

  /// Synced model (Prisma name) -> whether the client creates its rows offline (false: an
  /// autoincrement key, which only the server assigns).
  final Map<String, bool> models;

  /// The synced join tables (`_Bookmarks`).
  final Set<String> joinTables;
}

/// How a client syncs: the transport to the server and the worker's settings.
final class SyncConfig {
  const SyncConfig({required this.transport, this.options = const SyncOptions()});

  /// [HttpSyncTransport] in an app; a fake in tests.
  final SyncTransport transport;
  final SyncOptions options;
}

/// A create of a synced model whose key only the server assigns (an autoincrement id): such
/// rows come from the server (pull); the app cannot create them on the device.
final class SyncOfflineCreateError implements Exception {
  const SyncOfflineCreateError(this.model);
  final String model;

  @override
  String toString() => 'SyncOfflineCreateError: $model rows cannot be created on a synced '
      'client (its key is assigned by the server); create them on the server.';
}

/// An update that changes the key (an identity field) of a synced row: the server refuses key
/// changes (docs/sync-protocol.md: a key change is `VALIDATION`), so the device refuses it at
/// once instead of showing it and rolling it back after the next push. Create the row under
/// its new key and delete the old one instead.
final class SyncKeyChangeError implements Exception {
  const SyncKeyChangeError(this.model, this.field);
  final String model;
  final String field;

  @override
  String toString() => 'SyncKeyChangeError: $model.$field is part of the key of a synced row '
      'and cannot be changed; create a new row and delete the old one.';
}

/// An [Engine] with sync, and its worker.
final class SyncedEngine {
  const SyncedEngine(this.engine, this.worker);
  final Engine engine;
  final SyncWorker worker;
}

/// Opens [storage] for [schema] plus the bookkeeping models ([withSyncModels]) and returns an
/// [Engine] whose writes of synced models fill the outbox, with the [SyncWorker] of the
/// database. Throws a [StateError] when [storage] already has a worker that was not disposed.
Future<SyncedEngine> openSyncedEngine(
  SchemaInfo schema,
  Storage storage,
  SyncPlanInfo plan,
  SyncConfig config, {
  DateTime Function()? clock,
  IdGenerator? ids,
}) async {
  final synced = withSyncModels(schema);
  final recorder = OutboxRecorder(synced, plan);
  final engine = Engine(synced, storage, clock: clock, ids: ids, recorder: recorder);
  final worker = SyncWorker(
    store: StorageSyncStore(storage),
    transport: config.transport,
    applier: EngineSyncApplier(engine, plan),
    schemaVersion: plan.schemaVersion,
    options: config.options,
    ids: ids,
  );
  try {
    await engine.open();
  } catch (_) {
    await worker.dispose();
    rethrow;
  }
  recorder.onRecorded = worker.localChange;
  return SyncedEngine(engine, worker);
}

// --- wire values ----------------------------------------------------------------------------

/// The wire value (docs/sync-protocol.md, "Wire encoding of values") of [value], a [Row]
/// value of [field].
Object? wireValue(FieldInfo field, Object? value) {
  if (field.isList) {
    if (value == null) return const <Object?>[];
    return <Object?>[for (final Object? item in value as List) _wireScalar(field, item)];
  }
  return _wireScalar(field, value);
}

Object? _wireScalar(FieldInfo field, Object? value) {
  if (value == null || value == JsonNullValue.jsonNull) return null;
  return switch (field.kind) {
    ScalarKind.bigInt => encodeBigInt(value as BigInt),
    ScalarKind.decimal => encodeDecimal(value as Decimal),
    ScalarKind.dateTime => encodeDateTime(value as DateTime),
    ScalarKind.bytes => encodeBytes(value as Uint8List),
    _ => value,
  };
}

/// The [Row] value of the wire [value] of [field] (of [model]).
Object? rowValue(String model, FieldInfo field, Object? value) {
  final name = '$model.${field.name}';
  if (field.isList) {
    if (value == null) return field.isOptional ? null : const <Object?>[];
    return decodeList<Object?>(value, name, (item, at) => _rowScalar(field, item, at));
  }
  if (value == null) {
    // A required Json field holds JSON null; an optional one is NULL (the wire cannot tell).
    return field.kind == ScalarKind.json && !field.isOptional ? JsonNullValue.jsonNull : null;
  }
  return _rowScalar(field, value, name);
}

Object? _rowScalar(FieldInfo field, Object? value, String name) {
  if (value == null) return null;
  return switch (field.kind) {
    ScalarKind.string || ScalarKind.enumeration => decodeString(value, name),
    ScalarKind.int => decodeInt(value, name),
    ScalarKind.bigInt => decodeBigInt(value, name),
    ScalarKind.float => decodeDouble(value, name),
    ScalarKind.decimal => decodeDecimal(value, name),
    ScalarKind.boolean => decodeBool(value, name),
    ScalarKind.dateTime => decodeDateTime(value, name),
    ScalarKind.bytes => decodeBytes(value, name),
    ScalarKind.json => value,
  };
}

/// The wire key of [row]: every identity field of [model].
Map<String, Object?> wireKey(ModelInfo model, Row row) => <String, Object?>{
      for (final name in model.identity) name: wireValue(model.field(name), row[name]),
    };

/// The wire record of [row]: every scalar field of [model].
Map<String, Object?> wireRecord(ModelInfo model, Row row) => <String, Object?>{
      for (final field in model.fields)
        if (row.containsKey(field.name)) field.name: wireValue(field, row[field.name]),
    };

/// The [Row] of the wire [record]: the fields of [model] it has (unknown fields are ignored).
Row rowOf(ModelInfo model, Map<String, Object?> record) => <String, Object?>{
      for (final field in model.fields)
        if (record.containsKey(field.name))
          field.name: rowValue(model.name, field, record[field.name]),
    };

/// The identity filter of a wire [key] of [model].
Filter keyFilter(ModelInfo model, Map<String, Object?> key) {
  final conditions = <Filter>[
    for (final name in model.identity)
      FieldCondition(name, CompareOp.equals, rowValue(model.name, model.field(name), key[name])),
  ];
  return conditions.length == 1 ? conditions.single : And(conditions);
}

/// The link of a join table's wire key `{"A": ..., "B": ...}`.
Link linkOf(SchemaInfo schema, JoinTableInfo joinTable, Map<String, Object?> key) {
  final a = _idField(schema.model(joinTable.aModel));
  final b = _idField(schema.model(joinTable.bModel));
  return Link(
    rowValue(joinTable.aModel, a, key['A'])!,
    rowValue(joinTable.bModel, b, key['B'])!,
  );
}

FieldInfo _idField(ModelInfo model) => model.field(model.identity.single);

// --- the outbox side of writes ----------------------------------------------------------------

/// The [WriteRecorder] of a synced engine: one outbox mutation per write an API call asks for,
/// in the call's storage transaction ([enqueueMutation] over a [StorageSyncTransaction]).
///
/// create: key + the full record as written (client-filled defaults included); update: the
/// changed fields (`@updatedAt` included) in `data`, the atomic operations in `ops`; delete:
/// the key; implicit many-to-many links: `create`/`delete` of `{"A": ..., "B": ...}`.
final class OutboxRecorder implements WriteRecorder {
  OutboxRecorder(this.schema, this.plan);

  final SchemaInfo schema;
  final SyncPlanInfo plan;

  /// Called after each recorded mutation (the worker's `localChange`: sync shortly).
  void Function()? onRecorded;

  @override
  bool records(String name) => plan.models.containsKey(name) || plan.joinTables.contains(name);

  @override
  void checkCreate(ModelInfo model) {
    if (plan.models[model.name] == false) throw SyncOfflineCreateError(model.name);
  }

  @override
  Future<void> created(StorageTransaction txn, ModelInfo model, Row row) async {
    await enqueueMutation(
      StorageSyncTransaction(txn),
      model: model.name,
      op: SyncOp.create,
      key: wireKey(model, row),
      data: wireRecord(model, row),
    );
    _recorded();
  }

  @override
  Future<void> updated(
    StorageTransaction txn,
    ModelInfo model,
    Row before,
    Row changes,
    Map<String, Map<String, Object?>> ops,
  ) async {
    for (final name in model.identity) {
      if (changes.containsKey(name) && !deepEquals(changes[name], before[name])) {
        // Thrown inside the write's transaction: the update is rolled back with it.
        throw SyncKeyChangeError(model.name, name);
      }
    }
    await enqueueMutation(
      StorageSyncTransaction(txn),
      model: model.name,
      op: SyncOp.update,
      key: wireKey(model, before),
      data: <String, Object?>{
        for (final entry in changes.entries)
          if (!ops.containsKey(entry.key))
            entry.key: wireValue(model.field(entry.key), entry.value),
      },
      ops: <String, Map<String, Object?>>{
        for (final entry in ops.entries)
          entry.key: <String, Object?>{
            for (final operation in entry.value.entries)
              operation.key: _wireAmount(model.field(entry.key), operation.value),
          },
      },
    );
    _recorded();
  }

  @override
  Future<void> deleted(StorageTransaction txn, ModelInfo model, Row row) async {
    await enqueueMutation(
      StorageSyncTransaction(txn),
      model: model.name,
      op: SyncOp.delete,
      key: wireKey(model, row),
    );
    _recorded();
  }

  @override
  Future<void> linked(StorageTransaction txn, String joinTable, Object a, Object b,
      {required bool present}) async {
    final info = schema.joinTables[joinTable]!;
    await enqueueMutation(
      StorageSyncTransaction(txn),
      model: joinTable,
      op: present ? SyncOp.create : SyncOp.delete,
      key: <String, Object?>{
        'A': wireValue(_idField(schema.model(info.aModel)), a),
        'B': wireValue(_idField(schema.model(info.bModel)), b),
      },
    );
    _recorded();
  }

  void _recorded() {
    final callback = onRecorded;
    if (callback != null) callback();
  }
}

/// An atomic operation's amount in the wire encoding of [field] (an Int amount of a BigInt or
/// Decimal field is sent as that field's string).
Object? _wireAmount(FieldInfo field, Object? amount) {
  if (amount is BigInt) return encodeBigInt(amount);
  if (amount is Decimal) return encodeDecimal(amount);
  if (field.kind == ScalarKind.bigInt || field.kind == ScalarKind.decimal) return '$amount';
  return amount;
}

// --- the pull side ----------------------------------------------------------------------------

/// The [SyncApplier] over an [Engine]'s storage.
final class EngineSyncApplier implements SyncApplier {
  EngineSyncApplier(this.engine, this.plan);

  final Engine engine;
  final SyncPlanInfo plan;

  SchemaInfo get _schema => engine.schema;

  @override
  Future<void> applyPull(
    PullPage page, {
    required bool wipe,
    required Future<List<SyncMutation>> Function(SyncStoreTransaction txn) bookkeeping,
  }) async {
    final changes = ChangeSet();
    await engine.storage.transaction<void>(
      (txn) => _applyPullIn(txn, page, wipe, bookkeeping, changes),
    );
    engine.publishChanges(changes);
  }

  Future<void> _applyPullIn(
    StorageTransaction txn,
    PullPage page,
    bool wipe,
    Future<List<SyncMutation>> Function(SyncStoreTransaction txn) bookkeeping,
    ChangeSet changes,
  ) async {
    await txn.touch();
    if (wipe) await _wipe(txn, changes);
    // Rows and links this page (or the wipe) overwrote: only they need the rebase.
    final overwritten = <String>{};
    for (final change in page.changes) {
      overwritten.add(_rowText(change.model, change.key));
      await _applyChange(txn, change, changes);
    }
    final outbox = await bookkeeping(StorageSyncTransaction(txn));
    for (final mutation in outbox) {
      // The pulled state holds this client's mutations up to lastMutationId already.
      if (mutation.id <= page.lastMutationId) continue;
      if (!wipe && !overwritten.contains(_rowText(mutation.model, mutation.key))) continue;
      await _replay(txn, mutation, changes);
    }
  }

  @override
  Future<void> reset(Future<void> Function(SyncStoreTransaction txn) bookkeeping) async {
    final changes = ChangeSet();
    await engine.storage.transaction<void>((txn) => _resetIn(txn, bookkeeping, changes));
    engine.publishChanges(changes);
  }

  Future<void> _resetIn(
    StorageTransaction txn,
    Future<void> Function(SyncStoreTransaction txn) bookkeeping,
    ChangeSet changes,
  ) async {
    await _wipe(txn, changes);
    await bookkeeping(StorageSyncTransaction(txn));
  }

  static String _rowText(String model, Map<String, Object?> key) => '$model ${keyText(key)}';

  /// Deletes every row of the synced models and every link of the synced join tables.
  Future<void> _wipe(StorageTransaction txn, ChangeSet changes) async {
    await txn.touch();
    for (final model in plan.models.keys) {
      if (await txn.delete(model, const AllRows()) > 0) changes.model(model);
    }
    for (final joinTable in plan.joinTables) {
      if (await txn.unlink(joinTable) > 0) changes.joinTable(joinTable);
    }
  }

  /// One pulled change: `upsert` replaces the row, `delete` removes it; links are added
  /// (`create`) or removed (`delete`). Changes of models this client does not know (a newer
  /// schema the server accepts) are skipped.
  Future<void> _applyChange(StorageTransaction txn, PullChange change, ChangeSet changes) async {
    final joinTable = _schema.joinTables[change.model];
    if (joinTable != null) {
      await _applyLink(txn, joinTable, change.key, present: change.isPresent, changes: changes);
      return;
    }
    final model = _schema.models[change.model];
    if (model == null || !plan.models.containsKey(change.model)) {
      await txn.touch();
      return;
    }
    if (change.op == 'delete') {
      await txn.delete(model.name, keyFilter(model, change.key));
    } else {
      await _upsert(txn, model, change.key, rowOf(model, change.record!));
    }
    changes.model(model.name);
  }

  /// Replaces the row of [key] with [row] (inserted when absent).
  Future<void> _upsert(
    StorageTransaction txn,
    ModelInfo model,
    Map<String, Object?> key,
    Row row,
  ) async {
    final updated = await txn.update(model.name, keyFilter(model, key), row);
    if (updated == 0) await txn.insert(model.name, row);
  }

  Future<void> _applyLink(
    StorageTransaction txn,
    JoinTableInfo joinTable,
    Map<String, Object?> key, {
    required bool present,
    required ChangeSet changes,
  }) async {
    final link = linkOf(_schema, joinTable, key);
    if (present) {
      await txn.link(joinTable.name, link);
    } else {
      await txn.unlink(joinTable.name, a: link.a, b: link.b);
    }
    changes.joinTable(joinTable.name);
  }

  /// Re-applies a pending [mutation] to the local data (the rebase): `create` upserts key +
  /// data, `update` sets `data` and applies `ops` to the current values, `delete` removes.
  Future<void> _replay(StorageTransaction txn, SyncMutation mutation, ChangeSet changes) async {
    final joinTable = _schema.joinTables[mutation.model];
    if (joinTable != null) {
      await _applyLink(txn, joinTable, mutation.key,
          present: mutation.op == SyncOp.create, changes: changes);
      return;
    }
    final model = _schema.models[mutation.model];
    if (model == null) {
      await txn.touch();
      return;
    }
    final where = keyFilter(model, mutation.key);
    switch (mutation.op) {
      case SyncOp.create:
        await _upsert(txn, model, mutation.key, rowOf(model, <String, Object?>{
          ...?mutation.data,
          ...mutation.key,
        }));
      case SyncOp.delete:
        await txn.delete(model.name, where);
      default:
        final rows = await txn.select(model.name, where: where, limit: 1);
        // A row the server no longer has: the mutation will be rejected (NOT_FOUND).
        if (rows.isEmpty) return;
        final current = rows.first;
        final next = rowOf(model, mutation.data ?? const <String, Object?>{});
        for (final entry in (mutation.ops ?? const <String, Map<String, Object?>>{}).entries) {
          final field = model.field(entry.key);
          final operation = entry.value.entries.single;
          next[field.name] = applyAtomic(
              field, current[field.name], operation.key, rowValue(model.name, field, operation.value));
        }
        await txn.update(model.name, where, next);
    }
    changes.model(model.name);
  }
}

/// [current] changed by the atomic [operation] (`increment`, `decrement`, `multiply`,
/// `divide`) with [amount], as the Writer and the server compute it (client/atomic.dart): NULL
/// stays NULL, Int and BigInt division truncates, division by zero gives NULL.
Object? applyAtomic(FieldInfo field, Object? current, String operation, Object? amount) {
  if (current == null || amount == null) return null;
  if (!atomicNumberKinds.contains(field.kind)) return current;
  final Object operand = field.kind == ScalarKind.float ? (amount as num).toDouble() : amount;
  return applyAtomicNumber(field.kind, operation, current, operand);
}
