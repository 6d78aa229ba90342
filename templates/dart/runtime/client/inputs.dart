// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The building blocks of the generated client's typed inputs (docs/dart-client.md).
///
/// Generated input classes (`PostWhereInput`, `PostCreateInput`, ...) only hold typed fields and
/// turn them into Prisma-shaped argument maps; the classes here are the parts every schema shares:
/// scalar filters, sort orders, update values (`Value`, atomic updates), relation filters and
/// nested writes. Everything ends up in a plain `Map<String, Object?>` through [argValue]: enums
/// as their Prisma name, inputs as their maps, other values unchanged (Dart values, not wire).
library;

import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

import 'filter.dart' show NullsOrder;

// Prisma's `DbNull`/`JsonNull`/`AnyNull` for Json fields: declared with the Row contract, part of
// the inputs' API.
export 'storage.dart' show JsonNullValue;

/// Implemented by every generated enum (and [SortOrder]): its value's name in the Prisma schema.
abstract interface class PrismaEnum {
  String get prismaName;
}

/// Implemented by the generated input classes: their Prisma argument object.
abstract interface class PrismaInput {
  Map<String, Object?> toArgs();
}

/// Implemented by the runtime's filters, sort orders and nested writes: their Prisma argument.
abstract interface class PrismaArg {
  Object? toArg();
}

/// [value] as the engine takes it in args: enums as their Prisma name, inputs and filters as their
/// argument, lists item by item (byte arrays unchanged), everything else as it is.
Object? argValue(Object? value) {
  if (value is PrismaEnum) return value.prismaName;
  if (value is PrismaInput) return value.toArgs();
  if (value is PrismaArg) return value.toArg();
  if (value is Uint8List) return value;
  if (value is List) return <Object?>[for (final item in value) argValue(item)];
  return value;
}

/// The argument of a relation in `include`/`select`: `true` for no options, else the options.
Object includeArg(PrismaInput input) {
  final args = input.toArgs();
  return args.isEmpty ? true : args;
}

/// The argument of `_count` in `include`/`select`: `true` (every to-many relation) when nothing
/// is selected, else `{'select': {...}}`.
Object countArg(PrismaInput input) {
  final args = input.toArgs();
  return args.isEmpty ? true : <String, Object?>{'select': args};
}

// --- update values ------------------------------------------------------------------------------

/// One field of an update (or of a create input whose field is nullable and has a default): either
/// absent ("not given": the field is left as it is) or a value, `null` included.
///
/// ```dart
/// PostUpdateInput(title: Value('New title'), content: Value(null))  // sets title, clears content
/// PostUpdateInput()                                                  // changes nothing
/// ```
///
/// The atomic updates ([IntFieldUpdate], [FloatFieldUpdate], ...) are [Value]s too.
class Value<T> {
  /// Sets the field to [value] (`null` clears a nullable field).
  const Value(T value) : this._(value, true);

  /// Leaves the field as it is; the default of every update field.
  const Value.absent() : this._(null, false);

  const Value._(this._value, this.present);

  final Object? _value;

  /// Whether the field is given.
  final bool present;

  /// The value to set; throws a [StateError] for [Value.absent].
  T get value {
    if (!present) throw StateError('Value.absent() holds no value');
    return _value as T;
  }

  /// The field's Prisma argument (call only when [present]).
  Object? toArg() => argValue(_value);

  @override
  String toString() => present ? 'Value($_value)' : 'Value.absent()';
}

/// Atomic updates of an `Int` field: `views: IntFieldUpdate.increment(1)`.
final class IntFieldUpdate extends Value<int> {
  const IntFieldUpdate.increment(int by) : this._('increment', by);
  const IntFieldUpdate.decrement(int by) : this._('decrement', by);
  const IntFieldUpdate.multiply(int by) : this._('multiply', by);

  /// Integer division, truncating toward zero.
  const IntFieldUpdate.divide(int by) : this._('divide', by);
  const IntFieldUpdate._(this.operation, int operand) : super._(operand, true);

  /// `increment`, `decrement`, `multiply` or `divide`.
  final String operation;

  @override
  Object? toArg() => <String, Object?>{operation: argValue(value)};
}

/// Atomic updates of a `BigInt` field.
final class BigIntFieldUpdate extends Value<BigInt> {
  const BigIntFieldUpdate.increment(BigInt by) : this._('increment', by);
  const BigIntFieldUpdate.decrement(BigInt by) : this._('decrement', by);
  const BigIntFieldUpdate.multiply(BigInt by) : this._('multiply', by);
  const BigIntFieldUpdate.divide(BigInt by) : this._('divide', by);
  const BigIntFieldUpdate._(this.operation, BigInt operand) : super._(operand, true);

  final String operation;

  @override
  Object? toArg() => <String, Object?>{operation: argValue(value)};
}

/// Atomic updates of a `Float` field.
final class FloatFieldUpdate extends Value<double> {
  const FloatFieldUpdate.increment(double by) : this._('increment', by);
  const FloatFieldUpdate.decrement(double by) : this._('decrement', by);
  const FloatFieldUpdate.multiply(double by) : this._('multiply', by);
  const FloatFieldUpdate.divide(double by) : this._('divide', by);
  const FloatFieldUpdate._(this.operation, double operand) : super._(operand, true);

  final String operation;

  @override
  Object? toArg() => <String, Object?>{operation: argValue(value)};
}

/// Atomic updates of a `Decimal` field.
final class DecimalFieldUpdate extends Value<Decimal> {
  const DecimalFieldUpdate.increment(Decimal by) : this._('increment', by);
  const DecimalFieldUpdate.decrement(Decimal by) : this._('decrement', by);
  const DecimalFieldUpdate.multiply(Decimal by) : this._('multiply', by);
  const DecimalFieldUpdate.divide(Decimal by) : this._('divide', by);
  const DecimalFieldUpdate._(this.operation, Decimal operand) : super._(operand, true);

  final String operation;

  @override
  Object? toArg() => <String, Object?>{operation: argValue(value)};
}

/// Appends to a scalar list field: `tags: ListFieldUpdate.push(['dart'])`.
final class ListFieldUpdate<T> extends Value<List<T>> {
  const ListFieldUpdate.push(List<T> values) : super._(values, true);

  @override
  Object? toArg() => <String, Object?>{'push': argValue(value)};
}

// --- filters ------------------------------------------------------------------------------------

/// `mode` of string filters (PostgreSQL and MongoDB only in Prisma; SQLite refuses it).
enum QueryMode implements PrismaEnum {
  default$('default'),
  insensitive('insensitive');

  const QueryMode(this.prismaName);

  @override
  final String prismaName;
}

/// The `isNull` shorthand: `true` is `{equals: null}`, `false` is `{not: null}`.
Map<String, Object?> _nullCheck(bool? isNull) => <String, Object?>{
      if (isNull == true) 'equals': null,
      if (isNull == false) 'not': null,
    };

/// Filters of a String field. `in$` is Prisma's `in` (a Dart reserved word).
final class StringFilter implements PrismaArg {
  const StringFilter({
    this.equals,
    this.in$,
    this.notIn,
    this.lt,
    this.lte,
    this.gt,
    this.gte,
    this.contains,
    this.startsWith,
    this.endsWith,
    this.mode,
    this.not,
    this.isNull,
  });

  final String? equals;
  final List<String>? in$;
  final List<String>? notIn;
  final String? lt;
  final String? lte;
  final String? gt;
  final String? gte;
  final String? contains;
  final String? startsWith;
  final String? endsWith;
  final QueryMode? mode;
  final StringFilter? not;

  /// `true`: the field is NULL; `false`: it is not NULL.
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': equals,
        if (in$ != null) 'in': argValue(in$),
        if (notIn != null) 'notIn': argValue(notIn),
        if (lt != null) 'lt': lt,
        if (lte != null) 'lte': lte,
        if (gt != null) 'gt': gt,
        if (gte != null) 'gte': gte,
        if (contains != null) 'contains': contains,
        if (startsWith != null) 'startsWith': startsWith,
        if (endsWith != null) 'endsWith': endsWith,
        if (mode != null) 'mode': argValue(mode),
        if (not != null) 'not': argValue(not),
        ..._nullCheck(isNull),
      };
}

/// The comparisons of orderable scalars: Int, BigInt, Float, Decimal, DateTime.
abstract base class ComparableFilter<T extends Object> implements PrismaArg {
  const ComparableFilter({
    this.equals,
    this.in$,
    this.notIn,
    this.lt,
    this.lte,
    this.gt,
    this.gte,
    this.not,
    this.isNull,
  });

  final T? equals;
  final List<T>? in$;
  final List<T>? notIn;
  final T? lt;
  final T? lte;
  final T? gt;
  final T? gte;
  final ComparableFilter<T>? not;

  /// `true`: the field is NULL; `false`: it is not NULL.
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': equals,
        if (in$ != null) 'in': argValue(in$),
        if (notIn != null) 'notIn': argValue(notIn),
        if (lt != null) 'lt': lt,
        if (lte != null) 'lte': lte,
        if (gt != null) 'gt': gt,
        if (gte != null) 'gte': gte,
        if (not != null) 'not': argValue(not),
        ..._nullCheck(isNull),
      };
}

final class IntFilter extends ComparableFilter<int> {
  const IntFilter({
    super.equals,
    super.in$,
    super.notIn,
    super.lt,
    super.lte,
    super.gt,
    super.gte,
    IntFilter? super.not,
    super.isNull,
  });
}

final class BigIntFilter extends ComparableFilter<BigInt> {
  const BigIntFilter({
    super.equals,
    super.in$,
    super.notIn,
    super.lt,
    super.lte,
    super.gt,
    super.gte,
    BigIntFilter? super.not,
    super.isNull,
  });
}

final class FloatFilter extends ComparableFilter<double> {
  const FloatFilter({
    super.equals,
    super.in$,
    super.notIn,
    super.lt,
    super.lte,
    super.gt,
    super.gte,
    FloatFilter? super.not,
    super.isNull,
  });
}

final class DecimalFilter extends ComparableFilter<Decimal> {
  const DecimalFilter({
    super.equals,
    super.in$,
    super.notIn,
    super.lt,
    super.lte,
    super.gt,
    super.gte,
    DecimalFilter? super.not,
    super.isNull,
  });
}

final class DateTimeFilter extends ComparableFilter<DateTime> {
  const DateTimeFilter({
    super.equals,
    super.in$,
    super.notIn,
    super.lt,
    super.lte,
    super.gt,
    super.gte,
    DateTimeFilter? super.not,
    super.isNull,
  });
}

final class BoolFilter implements PrismaArg {
  const BoolFilter({this.equals, this.not, this.isNull});

  final bool? equals;
  final BoolFilter? not;
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': equals,
        if (not != null) 'not': argValue(not),
        ..._nullCheck(isNull),
      };
}

final class BytesFilter implements PrismaArg {
  const BytesFilter({this.equals, this.in$, this.notIn, this.not, this.isNull});

  final Uint8List? equals;
  final List<Uint8List>? in$;
  final List<Uint8List>? notIn;
  final BytesFilter? not;
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': equals,
        if (in$ != null) 'in': argValue(in$),
        if (notIn != null) 'notIn': argValue(notIn),
        if (not != null) 'not': argValue(not),
        ..._nullCheck(isNull),
      };
}

/// Filters of an enum field: `EnumFilter<Role>(equals: Role.admin)`.
final class EnumFilter<T extends PrismaEnum> implements PrismaArg {
  const EnumFilter({this.equals, this.in$, this.notIn, this.not, this.isNull});

  final T? equals;
  final List<T>? in$;
  final List<T>? notIn;
  final EnumFilter<T>? not;
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': argValue(equals),
        if (in$ != null) 'in': argValue(in$),
        if (notIn != null) 'notIn': argValue(notIn),
        if (not != null) 'not': argValue(not),
        ..._nullCheck(isNull),
      };
}

/// Filters of a Json field, with Prisma's names. `equals`/`not` take a JSON value or a
/// [JsonNullValue]; `path` is a JSON path string on SQLite/MySQL (`'$.a'`), a list of keys on
/// PostgreSQL.
final class JsonFilter implements PrismaArg {
  const JsonFilter({
    this.equals,
    this.not,
    this.path,
    this.string_contains,
    this.string_starts_with,
    this.string_ends_with,
    this.array_contains,
    this.array_starts_with,
    this.array_ends_with,
  });

  final Object? equals;
  final Object? not;
  final Object? path;
  final String? string_contains;
  final String? string_starts_with;
  final String? string_ends_with;
  final Object? array_contains;
  final Object? array_starts_with;
  final Object? array_ends_with;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': equals,
        if (not != null) 'not': not,
        if (path != null) 'path': path,
        if (string_contains != null) 'string_contains': string_contains,
        if (string_starts_with != null) 'string_starts_with': string_starts_with,
        if (string_ends_with != null) 'string_ends_with': string_ends_with,
        if (array_contains != null) 'array_contains': array_contains,
        if (array_starts_with != null) 'array_starts_with': array_starts_with,
        if (array_ends_with != null) 'array_ends_with': array_ends_with,
      };
}

/// Filters of a scalar list field (PostgreSQL and CockroachDB).
final class ScalarListFilter<T extends Object> implements PrismaArg {
  const ScalarListFilter({this.equals, this.has, this.hasEvery, this.hasSome, this.isEmpty});

  final List<T>? equals;
  final T? has;
  final List<T>? hasEvery;
  final List<T>? hasSome;
  final bool? isEmpty;

  @override
  Object? toArg() => <String, Object?>{
        if (equals != null) 'equals': argValue(equals),
        if (has != null) 'has': argValue(has),
        if (hasEvery != null) 'hasEvery': argValue(hasEvery),
        if (hasSome != null) 'hasSome': argValue(hasSome),
        if (isEmpty != null) 'isEmpty': isEmpty,
      };
}

/// A condition on a to-one relation: `author: ToOneFilter(is$: UserWhereInput(...))`.
/// `is$` is Prisma's `is`; `isNull: true` is `{is: null}` (no related row), `false` `{isNot: null}`.
final class ToOneFilter<W extends PrismaInput> implements PrismaArg {
  const ToOneFilter({this.is$, this.isNot, this.isNull});

  final W? is$;
  final W? isNot;
  final bool? isNull;

  @override
  Object? toArg() => <String, Object?>{
        if (is$ != null) 'is': argValue(is$),
        if (isNot != null) 'isNot': argValue(isNot),
        if (isNull == true) 'is': null,
        if (isNull == false) 'isNot': null,
      };
}

/// A condition on a to-many relation: `posts: ToManyFilter(some: PostWhereInput(...))`.
final class ToManyFilter<W extends PrismaInput> implements PrismaArg {
  const ToManyFilter({this.some, this.every, this.none});

  final W? some;
  final W? every;
  final W? none;

  @override
  Object? toArg() => <String, Object?>{
        if (some != null) 'some': argValue(some),
        if (every != null) 'every': argValue(every),
        if (none != null) 'none': argValue(none),
      };
}

// --- ordering -----------------------------------------------------------------------------------

/// An order a nullable field accepts: a [SortOrder], or a [SortOrderInput] placing the NULLs.
abstract interface class SortSpec implements PrismaArg {}

enum SortOrder implements PrismaEnum, SortSpec {
  asc('asc'),
  desc('desc');

  const SortOrder(this.prismaName);

  @override
  final String prismaName;

  @override
  Object? toArg() => prismaName;
}

/// `{sort: 'asc', nulls: 'last'}`: the order of a nullable field and where its NULLs go.
final class SortOrderInput implements SortSpec {
  const SortOrderInput(this.sort, {this.nulls});

  final SortOrder sort;
  final NullsOrder? nulls;

  @override
  Object? toArg() => <String, Object?>{
        'sort': sort.prismaName,
        if (nulls != null) 'nulls': nulls!.name,
      };
}

/// Orders by the number of rows related through a to-many relation: `{_count: 'desc'}`.
final class OrderByRelationAggregateInput implements PrismaArg {
  const OrderByRelationAggregateInput(this.count);

  final SortOrder count;

  @override
  Object? toArg() => <String, Object?>{'_count': count.prismaName};
}

// --- nested writes ------------------------------------------------------------------------------

/// Connects the row [where] finds, or creates [create] when there is none.
final class ConnectOrCreate<W extends PrismaInput, C extends PrismaInput> implements PrismaArg {
  const ConnectOrCreate({required this.where, required this.create});

  final W where;
  final C create;

  @override
  Object? toArg() => <String, Object?>{'where': where.toArgs(), 'create': create.toArgs()};
}

/// A to-one relation in a create: create the related row, or connect an existing one.
final class NestedCreateOne<C extends PrismaInput, W extends PrismaInput> implements PrismaArg {
  const NestedCreateOne({this.create, this.connect, this.connectOrCreate});

  final C? create;
  final W? connect;
  final ConnectOrCreate<W, C>? connectOrCreate;

  @override
  Object? toArg() => <String, Object?>{
        if (create != null) 'create': argValue(create),
        if (connectOrCreate != null) 'connectOrCreate': argValue(connectOrCreate),
        if (connect != null) 'connect': argValue(connect),
      };
}

/// A to-many relation in a create. [createMany] rows are the related model's scalar-only input.
final class NestedCreateMany<C extends PrismaInput, W extends PrismaInput, M extends PrismaInput>
    implements PrismaArg {
  const NestedCreateMany({
    this.create,
    this.connect,
    this.connectOrCreate,
    this.createMany,
    this.skipDuplicates,
  });

  final List<C>? create;
  final List<W>? connect;
  final List<ConnectOrCreate<W, C>>? connectOrCreate;
  final List<M>? createMany;
  final bool? skipDuplicates;

  @override
  Object? toArg() => <String, Object?>{
        if (create != null) 'create': argValue(create),
        if (connectOrCreate != null) 'connectOrCreate': argValue(connectOrCreate),
        if (createMany != null)
          'createMany': <String, Object?>{
            'data': argValue(createMany),
            if (skipDuplicates != null) 'skipDuplicates': skipDuplicates,
          },
        if (connect != null) 'connect': argValue(connect),
      };
}

/// A to-one `upsert`: update the related row, or create it when there is none.
final class NestedUpsert<C extends PrismaInput, U extends PrismaInput> implements PrismaArg {
  const NestedUpsert({required this.create, required this.update});

  final C create;
  final U update;

  @override
  Object? toArg() => <String, Object?>{'create': create.toArgs(), 'update': update.toArgs()};
}

/// A to-one relation in an update. [disconnect] and [delete] apply to optional relations only.
final class NestedUpdateOne<C extends PrismaInput, W extends PrismaInput, U extends PrismaInput>
    implements PrismaArg {
  const NestedUpdateOne({
    this.create,
    this.connect,
    this.connectOrCreate,
    this.update,
    this.upsert,
    this.disconnect,
    this.delete,
  });

  final C? create;
  final W? connect;
  final ConnectOrCreate<W, C>? connectOrCreate;
  final U? update;
  final NestedUpsert<C, U>? upsert;
  final bool? disconnect;
  final bool? delete;

  @override
  Object? toArg() => <String, Object?>{
        if (create != null) 'create': argValue(create),
        if (connectOrCreate != null) 'connectOrCreate': argValue(connectOrCreate),
        if (upsert != null) 'upsert': argValue(upsert),
        if (connect != null) 'connect': argValue(connect),
        if (disconnect != null) 'disconnect': disconnect,
        if (delete != null) 'delete': delete,
        if (update != null) 'update': argValue(update),
      };
}

/// Updates the related row [where] finds with [data].
final class UpdateWhere<W extends PrismaInput, U extends PrismaInput> implements PrismaArg {
  const UpdateWhere({required this.where, required this.data});

  final W where;
  final U data;

  @override
  Object? toArg() => <String, Object?>{'where': where.toArgs(), 'data': data.toArgs()};
}

/// Updates every related row [where] matches with [data] (scalar fields only).
final class UpdateManyWhere<W extends PrismaInput, U extends PrismaInput> implements PrismaArg {
  const UpdateManyWhere({required this.where, required this.data});

  final W where;
  final U data;

  @override
  Object? toArg() => <String, Object?>{'where': where.toArgs(), 'data': data.toArgs()};
}

/// Updates the related row [where] finds, or creates [create] when there is none.
final class UpsertWhere<W extends PrismaInput, C extends PrismaInput, U extends PrismaInput>
    implements PrismaArg {
  const UpsertWhere({required this.where, required this.create, required this.update});

  final W where;
  final C create;
  final U update;

  @override
  Object? toArg() => <String, Object?>{
        'where': where.toArgs(),
        'create': create.toArgs(),
        'update': update.toArgs(),
      };
}

/// A to-many relation in an update. Type parameters: the related model's create input (C),
/// unique where (W), where (F), update input (U), update-many input (UM), create-many input (M).
final class NestedUpdateMany<
    C extends PrismaInput,
    W extends PrismaInput,
    F extends PrismaInput,
    U extends PrismaInput,
    UM extends PrismaInput,
    M extends PrismaInput> implements PrismaArg {
  const NestedUpdateMany({
    this.create,
    this.connect,
    this.connectOrCreate,
    this.createMany,
    this.skipDuplicates,
    this.set,
    this.disconnect,
    this.delete,
    this.update,
    this.updateMany,
    this.upsert,
    this.deleteMany,
  });

  final List<C>? create;
  final List<W>? connect;
  final List<ConnectOrCreate<W, C>>? connectOrCreate;
  final List<M>? createMany;
  final bool? skipDuplicates;

  /// Replaces every link with exactly these rows.
  final List<W>? set;
  final List<W>? disconnect;
  final List<W>? delete;
  final List<UpdateWhere<W, U>>? update;
  final List<UpdateManyWhere<F, UM>>? updateMany;
  final List<UpsertWhere<W, C, U>>? upsert;
  final List<F>? deleteMany;

  @override
  Object? toArg() => <String, Object?>{
        if (create != null) 'create': argValue(create),
        if (connectOrCreate != null) 'connectOrCreate': argValue(connectOrCreate),
        if (upsert != null) 'upsert': argValue(upsert),
        if (createMany != null)
          'createMany': <String, Object?>{
            'data': argValue(createMany),
            if (skipDuplicates != null) 'skipDuplicates': skipDuplicates,
          },
        if (set != null) 'set': argValue(set),
        if (disconnect != null) 'disconnect': argValue(disconnect),
        if (delete != null) 'delete': argValue(delete),
        if (connect != null) 'connect': argValue(connect),
        if (update != null) 'update': argValue(update),
        if (updateMany != null) 'updateMany': argValue(updateMany),
        if (deleteMany != null) 'deleteMany': argValue(deleteMany),
      };
}

// --- results ------------------------------------------------------------------------------------

/// What `createMany`, `updateMany` and `deleteMany` return: how many rows they wrote.
final class BatchPayload {
  const BatchPayload(this.count);

  /// Reads the engine's `{count: n}`.
  factory BatchPayload.fromResult(Object? result) =>
      BatchPayload((result as Map<Object?, Object?>)['count'] as int);

  final int count;

  @override
  bool operator ==(Object other) => other is BatchPayload && other.count == count;

  @override
  int get hashCode => count.hashCode;

  @override
  String toString() => 'BatchPayload(count: $count)';
}
