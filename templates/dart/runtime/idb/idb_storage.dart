// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// [IndexedDbStorage]: the [Storage] of the generated client on IndexedDB, through idb_shim.
///
/// The app injects the `IdbFactory`; this package stays pure Dart (no dart:html, no
/// dart:indexed_db):
/// - web: `idbFactoryBrowser` of `package:idb_shim/idb_browser.dart`, or `idbFactoryWeb` of
///   `package:idb_shim/idb_client_native_interop.dart` (js_interop, Wasm-compatible);
/// - VM tests: `newIdbFactoryMemory()` of `package:idb_shim/idb_client_memory.dart` (a fresh,
///   empty in-memory factory per call).
///
/// ```dart
/// final Storage storage = IndexedDbStorage(newIdbFactoryMemory(), 'app.db');
/// await storage.open(schema);
/// ```
///
/// Layout, values and keys: codec.dart. Filters and ordering: evaluate.dart.
///
/// ## Object stores
/// - one per model, named [ModelInfo.table], key path `_k` (the identity's key), a unique index
///   per other unique criterion and a non-unique index per foreign key (codec.dart);
/// - one per implicit many-to-many join table `_X`, records `{_k, A, B}` keyed by (A, B), with
///   indexes `A` and `B`;
/// - `_prisma_dart_meta` (out-of-line String keys): `schemaVersion` ([SchemaInfo.version]),
///   `layout` (the JSON description of every store, [DatabaseLayout.toJson]) and one
///   `sequence:<Model>.<field>` per `autoincrement()` identity.
///
/// ## Opening and local migrations
/// [open] opens the database at its current version and reads the stored layout. Equal to the
/// current one: nothing changes (a new [SchemaInfo.version] alone is just recorded). Otherwise
/// it reopens at version + 1 (the IndexedDB version is only a counter: object stores and
/// indexes can change only in `onUpgradeNeeded`) and, in that one upgrade transaction:
/// - deletes the stores the layout no longer has (a removed model: its rows are gone);
/// - creates the new stores with their indexes;
/// - rebuilds every store whose description changed: reads all its records, clears it, sets its
///   indexes and writes back every row that still fits, by the SQLite backend's rules
///   (sqlite/ddl.dart `migrationStatements`): a column keeps its value when a column of the
///   same name had the same kind (a column that became required takes the fill where the value
///   is NULL); any other column gets its fill (the field's literal default, or the migration
///   time for `now()`/`@updatedAt`), else NULL; a row is dropped when a required column is then
///   NULL, or when its key or a unique index value repeats one kept before it (records are read
///   in key order); when no column has a counterpart, no row is kept. Enum values are not
///   checked. A changed join store is emptied (its description only changes with the kind of
///   A or B). A rebuilt model's autoincrement sequence restarts after the largest id kept.
/// Nothing else is awaited in the upgrade: it is all-or-nothing (an error aborts it).
/// Another tab holding the database open at the old version blocks the upgrade until it closes
/// its connection (IndexedDB's `blocked`); this storage does not close itself on `versionchange`.
///
/// ## Awaiting inside a transaction
/// [transaction] runs the action in ONE IndexedDB readwrite transaction over every store.
/// IndexedDB commits a transaction as soon as no request is pending once the code that reacted
/// to the last request has run, so the action must await nothing but this transaction's
/// operations: a timer, I/O, an HTTP call or `Future.delayed` ends the transaction. idb_shim's
/// in-memory implementation (the one VM tests use) is stricter than browsers: there the
/// transaction ends as soon as one microtask passes without a pending request
/// (tekartik/idb_shim.dart idb_test/lib/transaction_test.dart, 'get_then_get': `await get;
/// await Future.value(); await get` fails with TransactionInactiveError on sembast). So:
/// - await a storage operation right away, with nothing in between that yields: no `await` of
///   a plain value or of an already-completed future, no async helper that returns without
///   awaiting a storage operation (an async function completes a microtask after it returns if
///   it has not awaited anything yet);
/// - every [StorageTransaction] method here awaits at least one IndexedDB request and completes
///   in the same microtask as its last one (methods with nothing to read make one cheap
///   request), so `await txn.select(..); await txn.insert(..)` keeps the transaction alive;
/// - a violation of this surfaces as a [StateError] naming the cause.
/// The keep-alive of the next section tolerates a few microtasks without a request of the
/// action (an error on its way, an `await` of a plain value), not a timer or I/O; the rule
/// stays. If the action throws, the transaction is aborted and the error rethrown.
///
/// ## Keeping the transaction alive
/// An error can reach [transaction] some microtasks after the action's last request: an async
/// function that throws before its first `await` completes its future a microtask later (Dart
/// VM, sdk/lib/_internal/vm/lib/async_patch.dart, `_completeOnAsyncError`: `_asyncCompleteError`
/// unless the function has suspended), and so does every `await` of a completed future. By then
/// idb_shim's in-memory implementation has found no pending request, marked the transaction
/// inactive and let sembast commit it; `abort()` only sets a flag that nothing reads any more
/// (src/sembast/sembast_transaction.dart, `_next`, `abort`), so the writes would stay. So
/// [transaction] keeps one cheap request pending at all times while the action runs
/// ([_KeepAlive]: a key lookup in `_prisma_dart_meta`, re-issued from the completion of the
/// previous one, where the transaction is active in idb_shim and in browsers alike): the
/// transaction can then neither commit nor go inactive before the action's outcome is known.
/// On a value, the keep-alive stops and its last request is the transaction's last; on an
/// error, the next keep-alive completion aborts the transaction (it is active there; nothing is
/// left queued behind it, which idb_shim's in-memory `completed` would wait for forever).
/// Cost: about one extra key lookup per request of the action (idb_shim and browsers run a
/// transaction's requests in order, so the keep-alive requests interleave with the action's).
/// An action that awaits something else than storage (a timer, I/O) breaks the rule above: the
/// keep-alive runs on meanwhile (on idb_shim's in-memory implementation, as microtasks that
/// hold back timers) but stops after [_maxIdleKeepAlives] completions in a row during which the
/// action ran no storage operation; the transaction then ends as before, and an error after
/// that point cannot undo what was written. A failed keep-alive request means the transaction
/// has ended under the action (a browser aborts it after a refused request): [transaction]
/// then throws, even if the action returned a value.
///
/// ## Unique constraints
/// [StorageTransaction.insert] and [StorageTransaction.update] look every unique key up (the
/// identity in the store, each unique criterion in its index) before writing, and throw
/// [UniqueViolation] with the criterion's fields instead of issuing a write that IndexedDB
/// would refuse: in a browser a refused request aborts the whole transaction (idb_shim's
/// in-memory implementation records the failure and may end the transaction with it), while
/// after a [UniqueViolation] the transaction stays usable, as SQLite's does after a failed
/// statement. An update is checked as a whole before
/// anything is written (the final state must be unique), so a failed update writes nothing.
/// Should a write still be refused, an error naming a unique index becomes [UniqueViolation].
///
/// ## What uses an index, what scans
/// - select/count/update/delete: when the filter's top-level conjuncts pin every field of the
///   identity, of a unique criterion or of a foreign key to values (`field = v`, `field IN
///   (...)`, at most 64 combinations; not with `insensitive`), only those keys are read (the
///   store for the identity, else the index); otherwise the store is read whole (`getAll`).
///   The filter is then evaluated in Dart on what was read. `count`/`delete` without a filter
///   use the store's `count`/`clear`.
/// - relation conditions, relation paths and `_count` in orderings: the related rows of all the
///   candidate rows at once, per relation and level, through the store (identity), a unique
///   index or a foreign-key index, one request per distinct key (more than 64 keys: one scan);
///   implicit many-to-many through the join store's `A`/`B` index.
/// - link/unlink/links: the join store's key, or its `A`/`B` index.
library;

import 'dart:async' show Completer;
import 'dart:convert' show jsonDecode, jsonEncode;

import 'package:idb_shim/idb.dart'
    show
        Database,
        DatabaseError,
        IdbFactory,
        KeyRange,
        ObjectStore,
        Transaction,
        VersionChangeEvent,
        idbModeReadOnly,
        idbModeReadWrite;

import '../client/filter.dart';
import '../client/ids.dart' show AutoincrementSequences;
import '../client/schema.dart';
import '../client/storage.dart';
import 'codec.dart';
import 'evaluate.dart';

/// The most keys read one by one (through the store or an index); beyond, one scan.
const int _maxLookups = 64;

/// [Storage] on the IndexedDB database [name] of [factory] (see the library comment).
final class IndexedDbStorage implements Storage {
  IndexedDbStorage(IdbFactory factory, String name)
      : _factory = factory,
        _name = name;

  final IdbFactory _factory;
  final String _name;
  _Opened? _opened;

  /// Opens the database, creating or migrating its stores for [schema] (library comment).
  @override
  Future<void> open(SchemaInfo schema) async {
    if (_opened != null) throw StateError('the IndexedDB storage $_name is already open');
    final DatabaseLayout layout = DatabaseLayout.of(schema);
    final String layoutJson = layout.toJson();
    final Database current = await _factory.open(_name);
    final _Meta stored;
    try {
      stored = await _readMeta(current);
      if (stored.layout == layoutJson && stored.schemaVersion != schema.version) {
        await _writeSchemaVersion(current, schema.version);
      }
    } catch (_) {
      current.close();
      rethrow;
    }
    if (stored.layout == layoutJson) {
      _opened = _Opened(current, schema, layout);
      return;
    }
    final int version = current.version + 1;
    current.close();
    // On an error in the upgrade, idb_shim closes the database and rethrows.
    final Database upgraded = await _factory.open(
      _name,
      version: version,
      onUpgradeNeeded: (VersionChangeEvent event) =>
          _upgrade(event, schema, layout, stored.layout),
    );
    _opened = _Opened(upgraded, schema, layout);
  }

  /// Runs [action] in one readwrite transaction over every store (library comment, "Awaiting
  /// inside a transaction"), kept alive by a [_KeepAlive] until [action]'s outcome is known;
  /// aborts it if [action] throws.
  @override
  Future<T> transaction<T>(Future<T> Function(StorageTransaction txn) action) async {
    final _Opened opened = _require();
    final Transaction txn =
        opened.database.transactionList(opened.layout.storeNames, idbModeReadWrite);
    final _IdbTransaction storage = _IdbTransaction(opened, txn);
    final _KeepAlive keepAlive = _KeepAlive(txn, storage)..start();
    final T result;
    try {
      result = await action(storage);
    } catch (error, stackTrace) {
      storage._ended = true;
      if (keepAlive.pending && await keepAlive.abort()) {
        try {
          await txn.completed;
        } catch (_) {
          // An aborted transaction's completion fails: expected.
        }
      } else {
        // No keep-alive request pending: the transaction has ended (its request failed, or the
        // action awaited something else for too long); abort in case it has not finished. Its
        // completion is not awaited (read this late, idb_shim's web implementation may never
        // complete it) but handled: idb_shim's in-memory one fails it after an abort.
        _abort(txn);
        txn.completed.ignore();
      }
      Error.throwWithStackTrace(error, stackTrace);
    }
    storage._ended = true;
    keepAlive.finish();
    final Object? failure = keepAlive.failure;
    if (failure != null) {
      // The transaction ended under the action (a browser aborts it after a refused request):
      // what the action wrote may be gone, which must not pass for a commit.
      txn.completed.ignore();
      throw StateError('the IndexedDB transaction ended before its action completed: $failure');
    }
    // Read while the keep-alive's last request is pending (see [_readMeta] on when `completed`
    // may be read): fails if the transaction was aborted.
    await txn.completed;
    return result;
  }

  @override
  Future<void> close() async {
    final _Opened? opened = _opened;
    _opened = null;
    opened?.database.close();
  }

  _Opened _require() {
    final _Opened? opened = _opened;
    if (opened == null) throw StateError('the IndexedDB storage $_name is not open');
    return opened;
  }
}

final class _Opened {
  const _Opened(this.database, this.schema, this.layout);

  final Database database;
  final SchemaInfo schema;
  final DatabaseLayout layout;
}

/// What `_prisma_dart_meta` holds about the stores.
final class _Meta {
  const _Meta(this.schemaVersion, this.layout);

  final String? schemaVersion;
  final String? layout;
}

/// Aborts [txn] unless it has already ended (then abort throws, which is ignored).
void _abort(Transaction txn) {
  try {
    txn.abort();
  } catch (_) {
    // Already committed or aborted.
  }
}

/// The most keep-alive requests in a row during which the action starts no storage operation;
/// then [_KeepAlive] stops, and the transaction ends as it would without it.
const int _maxIdleKeepAlives = 64;

/// Keeps one cheap request (a key lookup in `_prisma_dart_meta`) pending on the transaction of
/// [IndexedDbStorage.transaction] while its action runs, each issued from the completion of the
/// previous one (where the transaction is active), so that IndexedDB can neither commit nor
/// deactivate the transaction before the action's value or error is known, however many
/// microtasks the error takes to arrive; on an error, [abort] aborts the transaction from such
/// a completion (library comment, "Keeping the transaction alive").
final class _KeepAlive {
  _KeepAlive(this._txn, this._storage);

  final Transaction _txn;
  final _IdbTransaction _storage;

  /// A keep-alive request is pending.
  bool pending = false;

  /// No request is issued any more: the action has completed, or a request failed.
  bool _stopped = false;

  /// Why a keep-alive request failed (the transaction had ended), if one did.
  Object? failure;

  /// Set by [abort]: the next completion aborts the transaction.
  Completer<bool>? _aborting;

  /// Completions in a row without a storage operation of the action in between.
  int _idle = 0;
  int _seenOperations = -1;

  /// Issues the first request (right after the transaction is created).
  void start() => _issue();

  /// The action completed with a value: the pending request is the transaction's last.
  void finish() => _stopped = true;

  /// The action failed while a request is [pending]: aborts the transaction once that request
  /// completes. True once aborted; false if the request failed (the transaction had ended).
  Future<bool> abort() {
    _stopped = true;
    return (_aborting ??= Completer<bool>()).future;
  }

  void _issue() {
    pending = true;
    try {
      _txn.objectStore(metaStoreName).getKey(schemaVersionKey).then(
            (Object? _) => _completed(),
            onError: (Object error) => _failed(error),
          );
    } catch (error) {
      _failed(error);
    }
  }

  void _completed() {
    pending = false;
    final Completer<bool>? aborting = _aborting;
    if (aborting != null) {
      _abort(_txn);
      aborting.complete(true);
      return;
    }
    if (_stopped) return;
    final int operations = _storage._operations;
    if (_storage._running > 0 || operations != _seenOperations) {
      _seenOperations = operations;
      _idle = 0;
    } else if (++_idle >= _maxIdleKeepAlives) {
      _stopped = true;
      return;
    }
    _issue();
  }

  void _failed(Object error) {
    pending = false;
    _stopped = true;
    failure = error;
    _aborting?.complete(false);
  }
}

/// What `_prisma_dart_meta` records, if the store exists.
///
/// When `Transaction.completed` may be read: right after the transaction's last request, as
/// here and in [IndexedDbStorage.transaction]. Not earlier: idb_shim's in-memory
/// implementation (src/sembast/sembast_transaction.dart, `completed` and `_completed`) marks a
/// transaction that has made no request yet inactive once `completed` has been read and a
/// microtask has passed. Not later: its web implementation (src/native_web/
/// native_transaction.dart) attaches the completion listeners when `completed` is first read,
/// and a transaction that already completed never completes that future.
Future<_Meta> _readMeta(Database database) async {
  if (!database.objectStoreNames.contains(metaStoreName)) return const _Meta(null, null);
  final Transaction txn = database.transaction(metaStoreName, idbModeReadOnly);
  final ObjectStore meta = txn.objectStore(metaStoreName);
  final Object? version = await meta.getObject(schemaVersionKey);
  final Object? layout = await meta.getObject(layoutKey);
  await txn.completed;
  return _Meta(version is String ? version : null, layout is String ? layout : null);
}

Future<void> _writeSchemaVersion(Database database, String version) async {
  final Transaction txn = database.transaction(metaStoreName, idbModeReadWrite);
  await txn.objectStore(metaStoreName).put(version, schemaVersionKey);
  await txn.completed;
}

// --- local migration -------------------------------------------------------------------------------

/// The upgrade transaction of [IndexedDbStorage.open] (library comment, "Opening and local
/// migrations"). Awaits nothing but requests of the upgrade transaction.
Future<void> _upgrade(
  VersionChangeEvent event,
  SchemaInfo schema,
  DatabaseLayout layout,
  String? storedLayout,
) async {
  final Database database = event.database;
  final Transaction txn = event.transaction;
  try {
    final Map<String, Object?> oldStores = _storedStores(storedLayout);
    final List<String> existing = database.objectStoreNames.toList();
    if (!existing.contains(metaStoreName)) database.createObjectStore(metaStoreName);
    final ObjectStore meta = txn.objectStore(metaStoreName);
    final Set<String> wanted = layout.storeNames.toSet();
    for (final String name in existing) {
      if (wanted.contains(name)) continue;
      database.deleteObjectStore(name);
      final String? sequence = _sequenceOf(oldStores[name]);
      if (sequence != null) await meta.delete(sequence);
    }
    final DateTime now = DateTime.now().toUtc();
    for (final ModelLayout model in layout.models.values) {
      if (!existing.contains(model.store)) {
        final ObjectStore store = database.createObjectStore(model.store, keyPath: keyProperty);
        for (final IndexLayout index in model.indexes) {
          store.createIndex(index.name, index.name, unique: index.unique);
        }
        continue;
      }
      final Object? old = oldStores[model.store];
      if (old != null && jsonEncode(old) == jsonEncode(model.describe())) continue;
      final ObjectStore store = txn.objectStore(model.store);
      final List<Object> records = await store.getAll();
      await store.clear();
      _setIndexes(store, <String, bool>{
        for (final IndexLayout index in model.indexes) index.name: index.unique,
      });
      final _Rebuilt rebuilt = _rebuild(model, old, records, now);
      for (final Map<String, Object?> record in rebuilt.records) {
        await store.put(record);
      }
      final FieldInfo? autoincrement = model.autoincrementField;
      if (autoincrement != null) {
        final String key = sequenceKey(model.model.name, autoincrement.name);
        final int? largest = rebuilt.largestId;
        if (largest == null) {
          await meta.delete(key);
        } else {
          await meta.put(largest, key);
        }
      }
    }
    for (final JoinLayout join in layout.joins.values) {
      if (!existing.contains(join.store)) {
        final ObjectStore store = database.createObjectStore(join.store, keyPath: keyProperty);
        store.createIndex('A', 'A', unique: false);
        store.createIndex('B', 'B', unique: false);
        continue;
      }
      final Object? old = oldStores[join.store];
      if (old != null && jsonEncode(old) == jsonEncode(join.describe())) continue;
      final ObjectStore store = txn.objectStore(join.store);
      await store.clear();
      _setIndexes(store, const <String, bool>{'A': false, 'B': false});
    }
    await meta.put(schema.version, schemaVersionKey);
    await meta.put(layout.toJson(), layoutKey);
  } catch (error, stackTrace) {
    _abort(txn);
    Error.throwWithStackTrace(error, stackTrace);
  }
}

/// The store descriptions of a stored layout (empty when there is none, or it is not ours).
Map<String, Object?> _storedStores(String? storedLayout) {
  if (storedLayout == null) return const <String, Object?>{};
  final Object? json;
  try {
    json = jsonDecode(storedLayout);
  } on FormatException {
    return const <String, Object?>{};
  }
  if (json is! Map || json['format'] != layoutFormat) return const <String, Object?>{};
  final Object? stores = json['stores'];
  if (stores is! Map) return const <String, Object?>{};
  return <String, Object?>{
    for (final MapEntry<Object?, Object?> entry in stores.entries)
      if (entry.key is String) entry.key as String: entry.value,
  };
}

/// The meta key of the autoincrement sequence of a model store's old description, if any.
String? _sequenceOf(Object? description) {
  if (description is! Map) return null;
  final Object? model = description['model'];
  final Object? key = description['key'];
  if (model is! String || key is! List || key.length != 1) return null;
  final Object? field = key.single;
  return field is String ? sequenceKey(model, field) : null;
}

/// Makes [store]'s indexes exactly [indexes] (name, which is also the key path -> unique). An
/// index name determines its definition (codec.dart), so indexes already there are kept.
void _setIndexes(ObjectStore store, Map<String, bool> indexes) {
  for (final String name in store.indexNames.toList()) {
    if (!indexes.containsKey(name)) store.deleteIndex(name);
  }
  final List<String> present = store.indexNames.toList();
  for (final MapEntry<String, bool> index in indexes.entries) {
    if (!present.contains(index.key)) {
      store.createIndex(index.key, index.key, unique: index.value);
    }
  }
}

final class _Rebuilt {
  const _Rebuilt(this.records, this.largestId);

  final List<Map<String, Object?>> records;

  /// The largest value of the model's `autoincrement()` identity among the kept rows.
  final int? largestId;
}

/// The records of [model]'s store rebuilt from its [records] stored under the description [old]
/// (library comment: what is kept).
_Rebuilt _rebuild(ModelLayout model, Object? old, List<Object> records, DateTime now) {
  final Map<String, String> oldKinds = <String, String>{};
  if (old is Map) {
    final Object? columns = old['columns'];
    if (columns is List) {
      for (final Object? column in columns) {
        if (column is! Map) continue;
        final Object? name = column['column'];
        final Object? kind = column['kind'];
        if (name is String && kind is String) oldKinds[name] = kind;
      }
    }
  }
  final List<FieldInfo> fields = model.model.fields;
  final Set<String> carried = <String>{
    for (final FieldInfo field in fields)
      if (oldKinds[field.column] == kindName(field)) field.column,
  };
  if (carried.isEmpty) return const _Rebuilt(<Map<String, Object?>>[], null);
  final FieldInfo? autoincrement = model.autoincrementField;
  final List<Map<String, Object?>> kept = <Map<String, Object?>>[];
  final Set<Object> keys = <Object>{};
  final Map<String, Set<Object>> uniques = <String, Set<Object>>{};
  int? largestId;
  for (final Object record in records) {
    final Map<Object?, Object?> values;
    try {
      values = storedValues(record, model.model.name);
    } on FormatException {
      continue;
    }
    final Row? row = _fit(fields, carried, values, now);
    if (row == null) continue;
    final Map<String, Object?> encoded = model.encode(row);
    final Object key = encoded[keyProperty]!;
    if (keys.contains(key)) continue;
    bool repeats = false;
    for (final IndexLayout index in model.uniqueIndexes) {
      final Object? value = encoded[index.name];
      if (value != null && (uniques[index.name]?.contains(value) ?? false)) repeats = true;
    }
    if (repeats) continue;
    keys.add(key);
    for (final IndexLayout index in model.uniqueIndexes) {
      final Object? value = encoded[index.name];
      if (value != null) (uniques[index.name] ??= <Object>{}).add(value);
    }
    kept.add(encoded);
    if (autoincrement != null) {
      final int? id = _asSequence(row[autoincrement.name]);
      if (id != null && (largestId == null || id > largestId)) largestId = id;
    }
  }
  return _Rebuilt(kept, largestId);
}

/// The row of stored [values] under the current fields, or null when it does not fit.
Row? _fit(List<FieldInfo> fields, Set<String> carried, Map<Object?, Object?> values, DateTime now) {
  final Row row = <String, Object?>{};
  for (final FieldInfo field in fields) {
    Object? value;
    if (carried.contains(field.column)) {
      try {
        value = decodeValue(field, values[field.column]);
      } on FormatException {
        value = null;
      }
      if (value == null && isNotNull(field)) value = _fill(field, now);
    } else {
      value = _fill(field, now);
    }
    if (value == null && isNotNull(field)) return null;
    row[field.name] = value;
  }
  return row;
}

/// What rows older than [field] get: its literal default, the migration time for `now()` and
/// `@updatedAt`, else null (as the SQLite layout's fill).
Object? _fill(FieldInfo field, DateTime now) {
  if (field.defaultKind == DefaultKind.literal && field.defaultValue != null) {
    return field.defaultValue;
  }
  if ((field.defaultKind == DefaultKind.now || field.isUpdatedAt) &&
      field.kind == ScalarKind.dateTime &&
      !field.isList) {
    return now;
  }
  return null;
}

/// An autoincrement id (int or BigInt) or a stored sequence as an int, if it is one. A stored
/// number may come back as a double (js_interop under Wasm).
int? _asSequence(Object? id) {
  if (id is int) return id;
  if (id is double && id.isFinite && id == id.truncateToDouble()) return id.toInt();
  if (id is BigInt && id.isValidInt) return id.toInt();
  return null;
}

// --- transactions ----------------------------------------------------------------------------------

/// A row read from a model store: its key (as stored) and its [Row].
final class _Stored {
  const _Stored(this.key, this.row);

  final Object key;
  final Row row;
}

/// The rows a filter matched, and the loader holding the related rows read to decide them.
final class _Matched {
  const _Matched(this.rows, this.loader);

  final List<_Stored> rows;
  final RelationLoader loader;
}

/// How rows of a model are found by the values of some fields.
sealed class _Access {
  const _Access(this.fields, this.kinds);

  /// The fields, in the order of the key.
  final List<String> fields;
  final List<ScalarKind> kinds;
}

/// Through the store's key (the identity).
final class _PrimaryAccess extends _Access {
  const _PrimaryAccess(super.fields, super.kinds);
}

/// Through an index (unique criterion or foreign key).
final class _IndexAccess extends _Access {
  _IndexAccess(this.index) : super(index.fields, index.kinds);

  final IndexLayout index;
}

/// Keys to read through [access]: each tuple holds values in `access.fields` order.
final class _Plan {
  const _Plan(this.access, this.tuples);

  final _Access access;
  final List<List<Object>> tuples;
}

/// A row of an update: the stored key it had, its old [Row] and its new record.
final class _Write {
  const _Write(this.oldKey, this.oldRow, this.record);

  final Object oldKey;
  final Row oldRow;
  final Map<String, Object?> record;
}

/// The [StorageTransaction] of [IndexedDbStorage.transaction], bound to one IndexedDB
/// transaction. Every method awaits nothing but requests of [_txn], at least one, and
/// completes right after the last (library comment).
final class _IdbTransaction implements StorageTransaction, AutoincrementSequences, RowReader {
  _IdbTransaction(this._opened, this._txn);

  final _Opened _opened;
  final Transaction _txn;
  bool _ended = false;

  /// How many storage operations (methods of this class) have started, and how many are
  /// running: [_KeepAlive]'s signs that the action is still working on the storage.
  int _operations = 0;
  int _running = 0;

  SchemaInfo get _schema => _opened.schema;
  DatabaseLayout get _layout => _opened.layout;

  ObjectStore _store(String name) => _txn.objectStore(name);

  ObjectStore get _meta => _store(metaStoreName);

  /// Runs [body] after checking that the transaction has not ended, counts it as a storage
  /// operation ([_operations], [_running]), and explains an inactive IndexedDB transaction.
  Future<R> _guard<R>(Future<R> Function() body) async {
    if (_ended) throw StateError('the storage transaction has ended');
    _operations++;
    _running++;
    try {
      return await body();
    } on DatabaseError catch (error) {
      final String message = error.toString();
      if (message.contains('TransactionInactiveError') ||
          message.contains('InvalidStateError')) {
        throw StateError(
          'the IndexedDB transaction ended before this storage operation ($message): '
          'inside Storage.transaction, await nothing but storage operations, each right away '
          '(see idb_storage.dart, "Awaiting inside a transaction")',
        );
      }
      rethrow;
    } finally {
      _running--;
    }
  }

  // --- reads ---------------------------------------------------------------------------------------

  @override
  Future<List<Row>> select(
    String model, {
    Filter where = const AllRows(),
    List<OrderTerm> orderBy = const <OrderTerm>[],
    int? limit,
    int offset = 0,
  }) =>
      _guard(() async {
        if (limit != null && limit < 0) throw ArgumentError.value(limit, 'limit', 'negative');
        if (offset < 0) throw ArgumentError.value(offset, 'offset', 'negative');
        final ModelLayout layout = _layout.model(model);
        final ModelInfo info = layout.model;
        checkOrder(_schema, info, orderBy);
        final _Matched matched = await _matching(layout, where);
        final List<Row> rows = <Row>[for (final _Stored stored in matched.rows) stored.row];
        if (orderNeedsRelations(orderBy)) {
          await matched.loader.forOrder(info, rows, orderBy);
        }
        final Evaluator evaluator = Evaluator(_schema, matched.loader.related);
        rows.sort((Row a, Row b) => evaluator.compareRows(info, orderBy, a, b));
        final Iterable<Row> window = rows.skip(offset);
        return (limit == null ? window : window.take(limit)).toList();
      });

  @override
  Future<int> count(String model, {Filter where = const AllRows()}) => _guard(() async {
        final ModelLayout layout = _layout.model(model);
        if (where is AllRows) return await _store(layout.store).count();
        return (await _matching(layout, where)).rows.length;
      });

  /// The rows of [layout]'s model matching [where] (unordered).
  Future<_Matched> _matching(ModelLayout layout, Filter where) async {
    final ModelInfo info = layout.model;
    checkFilter(_schema, info, where);
    final List<_Stored> candidates = await _candidates(layout, where);
    final RelationLoader loader = RelationLoader(_schema, this, RelatedRows());
    if (needsRelations(where)) {
      await loader.forFilter(
        info,
        <Row>[for (final _Stored stored in candidates) stored.row],
        where,
      );
    }
    final Evaluator evaluator = Evaluator(_schema, loader.related);
    return _Matched(
      <_Stored>[
        for (final _Stored stored in candidates)
          if (evaluator.test(info, where, stored.row) == true) stored,
      ],
      loader,
    );
  }

  /// The rows that may match [where]: those of the keys it pins (library comment), else all.
  Future<List<_Stored>> _candidates(ModelLayout layout, Filter where) async {
    final ObjectStore store = _store(layout.store);
    if (where is NoRows) {
      await touch();
      return <_Stored>[];
    }
    final _Plan? plan = _plan(layout, pinnedValues(layout.model, where));
    if (plan == null) {
      final List<Object> records = await store.getAll();
      return <_Stored>[for (final Object record in records) _decode(layout, record)];
    }
    if (plan.tuples.isEmpty) {
      await touch();
      return <_Stored>[];
    }
    final Map<Object, _Stored> found = <Object, _Stored>{};
    for (final List<Object> tuple in plan.tuples) {
      final List<Object> records = await _lookup(store, plan.access, tuple);
      for (final Object record in records) {
        final _Stored stored = _decode(layout, record);
        found[stored.key] = stored;
      }
    }
    return found.values.toList();
  }

  /// The cheapest way to read only the rows [pinned] allows, if any is cheap enough.
  _Plan? _plan(ModelLayout layout, Map<String, List<Object>> pinned) {
    final List<_Access> accesses = <_Access>[
      _PrimaryAccess(layout.model.identity, layout.keyKinds),
      for (final IndexLayout index in layout.indexes) _IndexAccess(index),
    ];
    _Access? best;
    int bestCount = _maxLookups + 1;
    for (final _Access access in accesses) {
      if (!access.fields.every(pinned.containsKey)) continue;
      int count = 1;
      for (final String field in access.fields) {
        count *= pinned[field]!.length;
      }
      if (count < bestCount) {
        best = access;
        bestCount = count;
      }
    }
    if (best == null) return null;
    return _Plan(best, _product(<List<Object>>[
      for (final String field in best.fields) pinned[field]!,
    ]));
  }

  /// The raw records of [store] whose [access] fields hold [tuple] (in the access's order).
  Future<List<Object>> _lookup(ObjectStore store, _Access access, List<Object> tuple) async {
    final Object? key = encodeKey(access.kinds, tuple);
    if (key == null) throw ArgumentError.value(tuple, 'tuple', 'a key has no NULL component');
    return switch (access) {
      _PrimaryAccess() => _single(await store.getObject(key)),
      _IndexAccess(:final IndexLayout index) =>
        await store.index(index.name).getAll(KeyRange.only(key)),
    };
  }

  static List<Object> _single(Object? record) => record == null ? <Object>[] : <Object>[record];

  _Stored _decode(ModelLayout layout, Object record) =>
      _Stored(_storedKey(record, layout.store), layout.decode(record));

  // --- RowReader -------------------------------------------------------------------------------------

  @override
  Future<Map<Object, List<Row>>> rowsWhere(
    ModelInfo model,
    List<String> fields,
    List<List<Object>> tuples,
  ) async {
    final ModelLayout layout = _layout.model(model.name);
    final ObjectStore store = _store(layout.store);
    final List<ScalarKind> kinds = <ScalarKind>[for (final String f in fields) model.field(f).kind];
    final Map<Object, List<Row>> result = <Object, List<Row>>{};
    if (tuples.isEmpty) {
      await touch();
      return result;
    }
    final _Access? access = _accessFor(layout, fields);
    if (access == null || tuples.length > _maxLookups) {
      final Set<Object> wanted = <Object>{
        for (final List<Object> tuple in tuples) encodeKey(kinds, tuple)!,
      };
      final List<Object> records = await store.getAll();
      for (final Object record in records) {
        final Row row = layout.decode(record);
        final Object? key = encodeKey(kinds, <Object?>[for (final String f in fields) row[f]]);
        if (key != null && wanted.contains(key)) (result[key] ??= <Row>[]).add(row);
      }
      return result;
    }
    for (final List<Object> tuple in tuples) {
      final Object key = encodeKey(kinds, tuple)!;
      if (result.containsKey(key)) continue;
      final Map<String, Object> byField = <String, Object>{
        for (int i = 0; i < fields.length; i++) fields[i]: tuple[i],
      };
      final List<Object> records = await _lookup(
        store,
        access,
        <Object>[for (final String f in access.fields) byField[f]!],
      );
      result[key] = <Row>[for (final Object record in records) layout.decode(record)];
    }
    return result;
  }

  /// The access by exactly [fields] (in any order): the identity or an index; else null.
  _Access? _accessFor(ModelLayout layout, List<String> fields) {
    if (sameFields(layout.model.identity, fields)) {
      return _PrimaryAccess(layout.model.identity, layout.keyKinds);
    }
    for (final IndexLayout index in layout.indexes) {
      if (sameFields(index.fields, fields)) return _IndexAccess(index);
    }
    return null;
  }

  @override
  Future<Map<Object, List<Object>>> linked(
    JoinTableInfo joinTable,
    String column,
    List<Object> values,
  ) async {
    final JoinLayout layout = _layout.join(joinTable.name);
    final String other = column == 'A' ? 'B' : 'A';
    final List<ScalarKind> kinds = <ScalarKind>[layout.kindOf(column)];
    final List<Object> records = await _joinRecords(
      layout,
      a: column == 'A' ? values : null,
      b: column == 'B' ? values : null,
    );
    final Map<Object, List<Object>> result = <Object, List<Object>>{};
    for (final Object record in records) {
      final Object key = encodeKey(kinds, <Object?>[layout.column(record, column)])!;
      (result[key] ??= <Object>[]).add(layout.column(record, other));
    }
    return result;
  }

  @override
  Future<void> touch() => _guard(() async {
        await _meta.getKey(schemaVersionKey);
      });

  // --- writes --------------------------------------------------------------------------------------

  /// Inserts [row]. When the model's identity is one `autoincrement()` field that [row] leaves
  /// out (or null), it gets the next value of the model's sequence (one more than the largest
  /// value ever inserted, as SQLite's AUTOINCREMENT), written into [row] (an int, or a BigInt
  /// for a BigInt field) so that the caller learns it.
  ///
  /// Throws [UniqueViolation] naming the criterion the row breaks, and [ArgumentError] for a
  /// key that is not a scalar field or a required field left NULL (SQLite's NOT NULL).
  @override
  Future<void> insert(String model, Row row) => _guard(() async {
        final ModelLayout layout = _layout.model(model);
        final ModelInfo info = layout.model;
        _checkFields(info, row);
        final ObjectStore store = _store(layout.store);
        final FieldInfo? autoincrement = layout.autoincrementField;
        int? sequence;
        if (autoincrement != null) {
          sequence = _asSequence(await _meta.getObject(sequenceKey(model, autoincrement.name)));
          if (row[autoincrement.name] == null) {
            final int next = (sequence ?? 0) + 1;
            row[autoincrement.name] =
                autoincrement.kind == ScalarKind.bigInt ? BigInt.from(next) : next;
          }
        }
        _checkNotNull(info, row);
        final Map<String, Object?> record = layout.encode(row);
        final Object? owner = await store.getKey(record[keyProperty]!);
        if (owner != null) throw UniqueViolation(model, info.identity);
        for (final IndexLayout index in layout.uniqueIndexes) {
          final Object? value = record[index.name];
          if (value == null) continue;
          final Object? other = await store.index(index.name).getKey(value);
          if (other != null) throw UniqueViolation(model, index.fields);
        }
        await _put(layout, store, record);
        if (autoincrement != null) {
          final int? id = _asSequence(row[autoincrement.name]);
          if (id != null && (sequence == null || id > sequence)) {
            await _meta.put(id, sequenceKey(model, autoincrement.name));
          }
        }
      });

  /// Sets [changes] on the rows matching [where]; returns how many. The new rows are checked as
  /// a whole first (their keys and unique values must differ from each other and from the rows
  /// not updated): on a [UniqueViolation] nothing is written. Empty [changes]: the count.
  @override
  Future<int> update(String model, Filter where, Row changes) => _guard(() async {
        final ModelLayout layout = _layout.model(model);
        final ModelInfo info = layout.model;
        _checkFields(info, changes);
        if (changes.isEmpty) {
          if (where is AllRows) return await _store(layout.store).count();
          return (await _matching(layout, where)).rows.length;
        }
        final ObjectStore store = _store(layout.store);
        final List<_Stored> rows = (await _matching(layout, where)).rows;
        final Set<Object> ownKeys = <Object>{for (final _Stored stored in rows) stored.key};
        final Set<Object> newKeys = <Object>{};
        final Map<String, Set<Object>> newValues = <String, Set<Object>>{};
        final List<_Write> writes = <_Write>[];
        for (final _Stored stored in rows) {
          final Row next = <String, Object?>{...stored.row, ...changes};
          _checkNotNull(info, next);
          final Map<String, Object?> record = layout.encode(next);
          if (!newKeys.add(record[keyProperty]!)) throw UniqueViolation(model, info.identity);
          for (final IndexLayout index in layout.uniqueIndexes) {
            final Object? value = record[index.name];
            if (value == null) continue;
            if (!(newValues[index.name] ??= <Object>{}).add(value)) {
              throw UniqueViolation(model, index.fields);
            }
          }
          writes.add(_Write(stored.key, stored.row, record));
        }
        for (final _Write write in writes) {
          final Object key = write.record[keyProperty]!;
          if (key != write.oldKey && !ownKeys.contains(key)) {
            final Object? owner = await store.getKey(key);
            if (owner != null) throw UniqueViolation(model, info.identity);
          }
          for (final IndexLayout index in layout.uniqueIndexes) {
            final Object? value = write.record[index.name];
            if (value == null || value == index.keyOf(write.oldRow)) continue;
            final Object? owner = await store.index(index.name).getKey(value);
            if (owner != null && !ownKeys.contains(owner)) {
              throw UniqueViolation(model, index.fields);
            }
          }
        }
        for (final _Write write in writes) {
          if (write.record[keyProperty] != write.oldKey) await store.delete(write.oldKey);
        }
        for (final _Write write in writes) {
          await _put(layout, store, write.record);
        }
        final FieldInfo? autoincrement = layout.autoincrementField;
        if (autoincrement != null && changes.containsKey(autoincrement.name) && writes.isNotEmpty) {
          final String key = sequenceKey(model, autoincrement.name);
          final int? sequence = _asSequence(await _meta.getObject(key));
          final int? id = _asSequence(changes[autoincrement.name]);
          if (id != null && (sequence == null || id > sequence)) await _meta.put(id, key);
        }
        return writes.length;
      });

  @override
  Future<int> delete(String model, Filter where) => _guard(() async {
        final ModelLayout layout = _layout.model(model);
        final ObjectStore store = _store(layout.store);
        if (where is AllRows) {
          final int count = await store.count();
          await store.clear();
          return count;
        }
        final List<_Stored> rows = (await _matching(layout, where)).rows;
        for (final _Stored stored in rows) {
          await store.delete(stored.key);
        }
        return rows.length;
      });

  /// Puts [record]; a write refused by a unique index (which the checks before should have
  /// prevented) becomes [UniqueViolation] when the error names one of the model's indexes.
  Future<void> _put(ModelLayout layout, ObjectStore store, Map<String, Object?> record) async {
    try {
      await store.put(record);
    } on DatabaseError catch (error) {
      final String message = error.toString();
      for (final IndexLayout index in layout.uniqueIndexes) {
        if (message.contains(index.name)) throw UniqueViolation(layout.model.name, index.fields);
      }
      rethrow;
    }
  }

  void _checkFields(ModelInfo model, Row row) {
    for (final String key in row.keys) {
      if (!model.hasField(key)) {
        throw ArgumentError.value(key, 'row', 'not a scalar field of ${model.name}');
      }
    }
  }

  void _checkNotNull(ModelInfo model, Row row) {
    for (final FieldInfo field in model.fields) {
      if (isNotNull(field) && row[field.name] == null) {
        throw ArgumentError.value(
          row,
          'row',
          'NOT NULL constraint failed: ${model.name}.${field.name} is required',
        );
      }
    }
  }

  // --- implicit many-to-many ---------------------------------------------------------------------------

  @override
  Future<void> link(String joinTable, Link link) => _guard(() async {
        final JoinLayout layout = _layout.join(joinTable);
        final ObjectStore store = _store(layout.store);
        final Map<String, Object?> record = layout.encode(link);
        final Object? existing = await store.getKey(record[keyProperty]!);
        if (existing != null) return;
        await store.put(record);
      });

  @override
  Future<int> unlink(String joinTable, {Object? a, Object? b}) => _guard(() async {
        final JoinLayout layout = _layout.join(joinTable);
        final ObjectStore store = _store(layout.store);
        final List<Object> records = await _joinRecords(
          layout,
          a: a == null ? null : <Object>[a],
          b: b == null ? null : <Object>[b],
        );
        for (final Object record in records) {
          await store.delete(_storedKey(record, layout.store));
        }
        return records.length;
      });

  /// The links, ordered by A, then B.
  @override
  Future<List<Link>> links(String joinTable, {List<Object>? a, List<Object>? b}) =>
      _guard(() async {
        final JoinLayout layout = _layout.join(joinTable);
        final List<Object> records = await _joinRecords(layout, a: a, b: b);
        final List<Link> links = <Link>[for (final Object record in records) layout.decode(record)];
        links.sort((Link x, Link y) {
          final int byA = compareStored(layout.aKind, x.a, y.a);
          return byA != 0 ? byA : compareStored(layout.bKind, x.b, y.b);
        });
        return links;
      });

  /// The raw records of [layout]'s store whose `A` is in [a] (when given) and `B` in [b] (when
  /// given), through the `A` (else `B`) index for up to [_maxLookups] values, else a scan.
  Future<List<Object>> _joinRecords(JoinLayout layout, {List<Object>? a, List<Object>? b}) async {
    final ObjectStore store = _store(layout.store);
    final Set<Object>? aValues = a == null
        ? null
        : <Object>{for (final Object v in a) encodeScalar(layout.aKind, v, '${layout.store}.A')};
    final Set<Object>? bValues = b == null
        ? null
        : <Object>{for (final Object v in b) encodeScalar(layout.bKind, v, '${layout.store}.B')};
    if ((aValues != null && aValues.isEmpty) || (bValues != null && bValues.isEmpty)) {
      await touch();
      return <Object>[];
    }
    final String? column = aValues != null ? 'A' : (bValues != null ? 'B' : null);
    final Set<Object>? values = aValues ?? bValues;
    final List<Object> records;
    if (column == null || values == null || values.length > _maxLookups) {
      records = await store.getAll();
    } else {
      records = <Object>[];
      for (final Object value in values) {
        records.addAll(await store.index(column).getAll(KeyRange.only(value)));
      }
    }
    bool among(Object record, String name, Set<Object>? wanted) {
      if (wanted == null) return true;
      final Object? value = record is Map ? record[name] : null;
      return value != null && wanted.contains(value);
    }

    return <Object>[
      for (final Object record in records)
        if (among(record, 'A', aValues) && among(record, 'B', bValues)) record,
    ];
  }

  // --- AutoincrementSequences ------------------------------------------------------------------------

  @override
  Future<int?> lastSequence(String model, String field) => _guard(() async {
        return _asSequence(await _meta.getObject(sequenceKey(model, field)));
      });

  /// Records [value] unless a larger value is already recorded (a sequence never goes down).
  @override
  Future<void> setSequence(String model, String field, int value) => _guard(() async {
        final String key = sequenceKey(model, field);
        final int? current = _asSequence(await _meta.getObject(key));
        if (current != null && current >= value) return;
        await _meta.put(value, key);
      });
}

/// The key ([keyProperty]) of a record read from [store].
Object _storedKey(Object record, String store) {
  final Object? key = record is Map ? record[keyProperty] : null;
  if (key == null) throw FormatException('$store: a stored record has no key', record);
  return key;
}

/// Every combination of one value from each of [lists], in order.
List<List<Object>> _product(List<List<Object>> lists) {
  List<List<Object>> result = <List<Object>>[<Object>[]];
  for (final List<Object> options in lists) {
    result = <List<Object>>[
      for (final List<Object> prefix in result)
        for (final Object option in options) <Object>[...prefix, option],
    ];
  }
  return result;
}
