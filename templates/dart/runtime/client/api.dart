// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// What the generated delegates (`client.post.findMany(...)`) are built on: the function that
/// runs one Prisma action, the argument maps of the actions, and the decoding of their results.
library;

import 'inputs.dart';
import 'watch.dart';

/// Where a delegate sends its queries: an engine (with watch streams) or a transaction (without).
final class QueryContext {
  const QueryContext(this.execute, [this.watcher]);

  /// Runs one Prisma action (`Engine.execute` or `EngineTransaction.execute`).
  final Future<Object?> Function(String model, String action, Map<String, Object?> args) execute;

  /// Null inside a transaction.
  final Watcher? watcher;

  /// Runs [action] and decodes its result.
  Future<T> run<T>(
    String model,
    String action,
    Map<String, Object?> args,
    T Function(Object? result) decode,
  ) async {
    return decode(await execute(model, action, args));
  }

  /// The results of [action], now and after every write that may change them.
  Stream<T> watch<T>(
    String model,
    String action,
    Map<String, Object?> args,
    T Function(Object? result) decode,
  ) {
    final watcher = this.watcher;
    if (watcher == null) {
      throw StateError('watch streams are not available inside a transaction');
    }
    return watcher.watch<T>(model, args, () => execute(model, action, args), decode);
  }
}

/// The aggregates of `aggregate` and `groupBy`: `_count`, `_avg`, `_sum`, `_min`, `_max`, each
/// a list of scalar fields; [countAll] adds `_count: {_all: true}`.
final class Aggregates {
  const Aggregates({
    this.countAll = false,
    this.count,
    this.avg,
    this.sum,
    this.min,
    this.max,
  });

  final bool countAll;
  final List<PrismaEnum>? count;
  final List<PrismaEnum>? avg;
  final List<PrismaEnum>? sum;
  final List<PrismaEnum>? min;
  final List<PrismaEnum>? max;

  Map<String, Object?> toArgs() => <String, Object?>{
        if (countAll || count != null)
          '_count': <String, Object?>{
            if (countAll) '_all': true,
            ..._fields(count),
          },
        if (avg != null) '_avg': _fields(avg),
        if (sum != null) '_sum': _fields(sum),
        if (min != null) '_min': _fields(min),
        if (max != null) '_max': _fields(max),
      };

  static Map<String, Object?> _fields(List<PrismaEnum>? fields) => <String, Object?>{
        for (final field in fields ?? const <PrismaEnum>[]) field.prismaName: true,
      };
}

/// The argument map of an action; only the given arguments are written.
Map<String, Object?> buildArgs({
  PrismaInput? where,
  List<PrismaInput>? orderBy,
  PrismaInput? cursor,
  int? take,
  int? skip,
  List<PrismaEnum>? distinct,
  List<PrismaEnum>? by,
  Map<String, Object?>? having,
  Object? data,
  PrismaInput? create,
  PrismaInput? update,
  bool? skipDuplicates,
  PrismaInput? select,
  PrismaInput? include,
  Aggregates? aggregates,
}) {
  return <String, Object?>{
    if (where != null) 'where': where.toArgs(),
    if (data != null) 'data': argValue(data),
    if (create != null) 'create': create.toArgs(),
    if (update != null) 'update': update.toArgs(),
    if (skipDuplicates != null) 'skipDuplicates': skipDuplicates,
    if (by != null) 'by': argValue(by),
    if (orderBy != null) 'orderBy': argValue(orderBy),
    if (cursor != null) 'cursor': cursor.toArgs(),
    if (take != null) 'take': take,
    if (skip != null) 'skip': skip,
    if (distinct != null) 'distinct': argValue(distinct),
    if (having != null) 'having': having,
    if (select != null) 'select': select.toArgs(),
    if (include != null) 'include': include.toArgs(),
    if (aggregates != null) ...aggregates.toArgs(),
  };
}

/// A row of a result (a map of Prisma field names to Dart values).
Map<String, Object?> row(Object? value) => value as Map<String, Object?>;

/// The rows of a `findMany` result, each decoded.
List<T> decodeRows<T>(Object? result, T Function(Map<String, Object?> row) decode) =>
    <T>[for (final item in result as List<Object?>) decode(row(item))];

/// A `findFirst`/`findUnique` result: null or one decoded row.
T? decodeOptionalRow<T>(Object? result, T Function(Map<String, Object?> row) decode) =>
    result == null ? null : decode(row(result));

/// The result of `count`.
int decodeCount(Object? result) => result as int;

/// The result of `aggregate`: `{'_count': {...}, '_avg': {...}, ...}`.
Map<String, Object?> decodeMap(Object? result) => row(result);

/// The result of `groupBy`: one map per group.
List<Map<String, Object?>> decodeMaps(Object? result) =>
    <Map<String, Object?>>[for (final item in result as List<Object?>) row(item)];
