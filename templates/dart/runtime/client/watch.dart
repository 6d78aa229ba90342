// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Watch streams: a query's result now, and again whenever a committed write touched a model or
/// join table the query reads.
///
/// The engine reports, after each commit, the set of models and join tables the transaction
/// wrote (`Engine.changes`). A watch stream knows the set its query reads ([readSet]: the model,
/// and the relations its `where`, `orderBy`, `include`, `select` and `_count` go through), re-runs
/// the query when the two meet, and emits the new result only when it differs from the last one
/// (deep equality of the engine's rows).
library;

import 'dart:async' show StreamController, StreamSubscription;

import '../values.dart' show deepEquals;
import 'schema.dart';

/// Turns the engine's change notifications into watch streams.
final class Watcher {
  /// Listens to [changes] (the engine's) until [close].
  Watcher(this.schema, Stream<Set<String>> changes) {
    _subscription = changes.listen(_changes.add, onError: _changes.addError);
  }

  final SchemaInfo schema;
  final StreamController<Set<String>> _changes = StreamController<Set<String>>.broadcast();
  late final StreamSubscription<Set<String>> _subscription;

  /// The models and join tables each committed transaction wrote.
  Stream<Set<String>> get changes => _changes.stream;

  /// A stream of `decode(await query())`: once when listened to, then after every change that
  /// touches what the query on [model] with [args] reads, skipping results equal to the last one.
  ///
  /// Errors of the query are emitted as errors; the stream goes on. Cancelling the subscription
  /// stops it (a query already running finishes, its result is dropped).
  Stream<T> watch<T>(
    String model,
    Map<String, Object?> args,
    Future<Object?> Function() query,
    T Function(Object? result) decode,
  ) {
    final reads = readSet(schema, model, args);
    late final StreamController<T> controller;
    StreamSubscription<Set<String>>? subscription;
    var cancelled = false;
    var running = false;
    var dirty = false;
    var hasLast = false;
    Object? last;

    Future<void> refresh() async {
      if (running) {
        dirty = true;
        return;
      }
      running = true;
      do {
        dirty = false;
        try {
          final result = await query();
          if (cancelled) break;
          if (!hasLast || !deepEquals(last, result)) {
            hasLast = true;
            last = result;
            controller.add(decode(result));
          }
        } catch (error, stackTrace) {
          if (cancelled) break;
          controller.addError(error, stackTrace);
        }
      } while (dirty && !cancelled);
      running = false;
    }

    controller = StreamController<T>(
      onListen: () {
        subscription = changes.listen((touched) {
          if (touched.any(reads.contains)) refresh();
        });
        refresh();
      },
      onCancel: () async {
        cancelled = true;
        final current = subscription;
        subscription = null;
        await current?.cancel();
      },
    );
    return controller.stream;
  }

  /// Stops forwarding changes; streams already listened to emit nothing more.
  Future<void> close() async {
    await _subscription.cancel();
    await _changes.close();
  }
}

/// The models and join tables a query on [model] with Prisma [args] reads.
Set<String> readSet(SchemaInfo schema, String model, Map<String, Object?> args) {
  final reads = <String>{};
  _readArgs(schema, model, args, reads);
  return reads;
}

void _readArgs(SchemaInfo schema, String model, Object? args, Set<String> reads) {
  reads.add(model);
  if (args is! Map) return;
  _readWhere(schema, model, args['where'], reads);
  _readWhere(schema, model, args['having'], reads);
  _readOrderBy(schema, model, args['orderBy'], reads);
  _readSelection(schema, model, args['include'], reads);
  _readSelection(schema, model, args['select'], reads);
}

/// Adds the target of [relation] (and its join table), or nothing for a non-relation name.
RelationInfo? _readRelation(SchemaInfo schema, String model, Object? relation, Set<String> reads) {
  final info = schema.models[model];
  if (info == null || relation is! String || !info.hasRelation(relation)) return null;
  final found = info.relation(relation);
  reads.add(found.target);
  final joinTable = found.joinTable;
  if (joinTable != null) reads.add(joinTable);
  return found;
}

void _readToMany(SchemaInfo schema, String model, Set<String> reads) {
  final info = schema.models[model];
  if (info == null) return;
  for (final relation in info.relations) {
    if (relation.isList) _readRelation(schema, model, relation.name, reads);
  }
}

void _readWhere(SchemaInfo schema, String model, Object? where, Set<String> reads) {
  if (where is List) {
    for (final item in where) {
      _readWhere(schema, model, item, reads);
    }
    return;
  }
  if (where is! Map) return;
  for (final entry in where.entries) {
    final key = entry.key;
    if (key == 'AND' || key == 'OR' || key == 'NOT') {
      _readWhere(schema, model, entry.value, reads);
      continue;
    }
    final relation = _readRelation(schema, model, key, reads);
    if (relation == null) continue;
    final condition = entry.value;
    if (condition is! Map) continue;
    const quantifiers = <String>{'some', 'every', 'none', 'is', 'isNot'};
    if (condition.keys.any(quantifiers.contains)) {
      for (final quantifier in quantifiers) {
        _readWhere(schema, relation.target, condition[quantifier], reads);
      }
    } else {
      _readWhere(schema, relation.target, condition, reads);
    }
  }
}

void _readOrderBy(SchemaInfo schema, String model, Object? orderBy, Set<String> reads) {
  if (orderBy is List) {
    for (final item in orderBy) {
      _readOrderBy(schema, model, item, reads);
    }
    return;
  }
  if (orderBy is! Map) return;
  for (final entry in orderBy.entries) {
    final relation = _readRelation(schema, model, entry.key, reads);
    if (relation != null) _readOrderBy(schema, relation.target, entry.value, reads);
  }
}

void _readSelection(SchemaInfo schema, String model, Object? selection, Set<String> reads) {
  if (selection is! Map) return;
  for (final entry in selection.entries) {
    if (entry.key == '_count') {
      final count = entry.value;
      final selected = count is Map ? count['select'] : null;
      if (selected is Map) {
        for (final counted in selected.entries) {
          final relation = _readRelation(schema, model, counted.key, reads);
          final options = counted.value;
          if (relation != null && options is Map) {
            _readWhere(schema, relation.target, options['where'], reads);
          }
        }
      } else if (count == true || count is Map) {
        _readToMany(schema, model, reads);
      }
      continue;
    }
    final relation = _readRelation(schema, model, entry.key, reads);
    if (relation != null) _readArgs(schema, relation.target, entry.value, reads);
  }
}
