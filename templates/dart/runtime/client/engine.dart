// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The engine facade: Prisma's actions by name, transactions, and change notifications.
///
/// The generated client turns its typed calls into `execute(model, action, args)` with Prisma's
/// argument maps (docs/internals/dart-client.md, "Contracts"); reads go to [Reader], writes to
/// [Writer], each action in one storage transaction.
library;

import 'dart:async' show StreamController;

import 'args.dart' show checkArguments;
import 'changes.dart';
import 'errors.dart';
import 'ids.dart' show IdGenerator;
import 'read.dart' show Reader;
import 'schema.dart';
import 'storage.dart';
import 'write.dart' show Writer;

/// The Prisma actions [Engine.execute] runs.
const Set<String> engineActions = <String>{
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'count',
  'aggregate',
  'groupBy',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
};

/// Runs Prisma actions on a [Storage] (opened by [open], or by the caller before the first
/// action), one storage transaction per action or per [transaction].
///
/// Results: find actions return rows ([Row]: Prisma field name -> Dart value, with included
/// relations and `_count`) or null; `count` an int (or a map with `select`); `aggregate` a map;
/// `groupBy` a list of maps; `createMany`/`updateMany`/`deleteMany` `{'count': n}`; the other
/// writes the written record(s), shaped by their `select`/`include`/`omit`.
///
/// Errors: [PrismaClientValidationError] for an unknown model or action and for arguments Prisma
/// Client would reject; [PrismaClientKnownRequestError] with Prisma's code otherwise (the
/// `OrThrow` finds: P2025). A failing action changes nothing.
class Engine {
  /// [clock] is the time `now()` and `@updatedAt` get (default: the current time), [ids] the
  /// generator of client-side ids (default: one on the same clock and `Random.secure()`); both
  /// are for tests. [recorder] is told every write an action asks for, inside its transaction
  /// (sync: the outbox, sync/local.dart).
  factory Engine(
    SchemaInfo schema,
    Storage storage, {
    DateTime Function()? clock,
    IdGenerator? ids,
    WriteRecorder? recorder,
  }) {
    final reader = Reader(schema);
    final writer = Writer(schema, reader, clock: clock, ids: ids, recorder: recorder);
    return Engine._(schema, storage, reader, writer);
  }

  Engine._(this.schema, this.storage, this._reader, this._writer);

  final SchemaInfo schema;
  final Storage storage;
  final Reader _reader;
  final Writer _writer;
  final StreamController<Set<String>> _changes = StreamController<Set<String>>.broadcast();
  bool _closed = false;

  /// After each committed transaction that wrote something: the Prisma names of the models and
  /// the names of the join tables it wrote (see [ChangeSet]). Never for a transaction that
  /// rolled back. A broadcast stream: events are not buffered for late listeners.
  Stream<Set<String>> get changes => _changes.stream;

  /// Opens (creating or migrating) the local database for [schema].
  Future<void> open() => storage.open(schema);

  /// Runs [action] (one of [engineActions]) on [model] (a Prisma model name) with Prisma's
  /// [args], in a storage transaction of its own; publishes what it wrote on [changes] once it
  /// has committed.
  Future<Object?> execute(String model, String action, Map<String, Object?> args) async {
    _checkOpen();
    _checkAction(model, action);
    final changes = ChangeSet();
    final result = await storage.transaction<Object?>(
      (txn) => _run(txn, model, action, args, changes),
    );
    _publish(changes);
    return result;
  }

  /// Runs [action] in one storage transaction: every [EngineTransaction.execute] it makes is part
  /// of it, and all of them take effect, or none if [action] throws (the error is rethrown).
  /// What they wrote is published on [changes] once, after the commit.
  ///
  /// With IndexedDB, [action] must await nothing but the transaction's own `execute` calls (a
  /// transaction that waits for anything else commits early).
  Future<T> transaction<T>(Future<T> Function(EngineTransaction tx) action) async {
    _checkOpen();
    final changes = ChangeSet();
    final result = await storage.transaction<T>((txn) async {
      final tx = EngineTransaction._(this, txn, changes);
      try {
        return await action(tx);
      } finally {
        tx._active = false;
      }
    });
    _publish(changes);
    return result;
  }

  /// Closes [changes] and the storage. The engine cannot be used afterwards.
  Future<void> close() async {
    if (_closed) return;
    _closed = true;
    await _changes.close();
    await storage.close();
  }

  void _checkOpen() {
    if (_closed) throw StateError('The engine is closed.');
  }

  void _checkAction(String model, String action) {
    if (!schema.models.containsKey(model)) {
      throw PrismaClientValidationError('Unknown model `$model`.');
    }
    if (!engineActions.contains(action)) {
      throw PrismaClientValidationError('Unknown action `$action` on model `$model`.');
    }
  }

  /// Publishes [written] on [changes] as if an action had written it: for writes made beside
  /// the actions, once their transaction has committed (sync's pulls: watch streams re-emit).
  void publishChanges(ChangeSet written) => _publish(written);

  void _publish(ChangeSet changes) {
    if (changes.isEmpty || _changes.isClosed) return;
    _changes.add(changes.touched);
  }

  Future<Object?> _run(
    StorageTransaction txn,
    String model,
    String action,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    switch (action) {
      case 'findMany':
        return await _reader.findMany(txn, model, args);
      case 'findFirst':
        return await _reader.findFirst(txn, model, args);
      case 'findFirstOrThrow':
        return await _reader.findFirst(txn, model, args) ?? _queryNotFound(model);
      case 'findUnique':
        return await _reader.findUnique(txn, model, args);
      case 'findUniqueOrThrow':
        return await _reader.findUnique(txn, model, args) ?? _queryNotFound(model);
      case 'count':
        return await _reader.count(txn, model, args);
      case 'aggregate':
        return await _reader.aggregate(txn, model, args);
      case 'groupBy':
        return await _reader.groupBy(txn, model, args);
      case 'create':
        return await _writer.create(txn, model, args, changes);
      case 'createMany':
        return await _writer.createMany(txn, model, args, changes);
      case 'createManyAndReturn':
        return await _writer.createManyAndReturn(txn, model, args, changes);
      case 'update':
        return await _writer.update(txn, model, args, changes);
      case 'updateMany':
        return await _writer.updateMany(txn, model, args, changes);
      case 'updateManyAndReturn':
        return await _writer.updateManyAndReturn(txn, model, args, changes);
      case 'upsert':
        return await _writer.upsert(txn, model, args, changes);
      case 'delete':
        return await _writer.delete(txn, model, args, changes);
      case 'deleteMany':
        return await _writer.deleteMany(txn, model, args, changes);
    }
    throw PrismaClientValidationError('Unknown action `$action` on model `$model`.');
  }
}

/// The handle [Engine.transaction] gives its callback: runs actions inside that transaction.
///
/// Only valid while the callback runs; using it afterwards throws a [StateError].
final class EngineTransaction {
  EngineTransaction._(this._engine, this._txn, this._changes);

  final Engine _engine;
  final StorageTransaction _txn;
  final ChangeSet _changes;
  bool _active = true;

  /// As [Engine.execute], inside the transaction: its writes are visible to the actions that
  /// follow, and are published on [Engine.changes] only when the whole transaction commits.
  ///
  /// A validation error of the arguments ([checkArguments]) can be caught and the transaction
  /// used further: they are checked synchronously right after one storage request, so that the
  /// error, like any result, reaches the caller in the microtask of that request, not a
  /// microtask late as from an async step before its first request (the IndexedDB storage's
  /// keep-alive request would keep the transaction usable then too; docs/internals/
  /// dart-client.md, "Awaiting inside a storage transaction").
  Future<Object?> execute(String model, String action, Map<String, Object?> args) async {
    if (!_active) throw StateError('The transaction has ended.');
    await _txn.touch();
    _engine._checkAction(model, action);
    checkArguments(_engine.schema, model, action, args);
    return await _engine._run(_txn, model, action, args, _changes);
  }
}

/// The OrThrow finds' P2025, as Prisma Client 7.10 reports it (vectors
/// find-first-or-throw-missing, find-unique-or-throw-missing).
Never _queryNotFound(String model) => throw PrismaClientKnownRequestError(
      'P2025',
      'An operation failed because it depends on one or more records that were required but not '
          'found. No record was found for a query.',
      meta: <String, Object?>{'modelName': model, 'operation': 'a query'},
    );
