// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Prisma-shaped read arguments (plain Dart maps) -> the query IR ([Filter], [OrderTerm]) and
/// the read plans of read.dart ([FindArgs], [Selection], [AggregateArgs], [GroupByArgs]).
///
/// Arguments are Prisma Client's argument objects with Dart values (see
/// docs/internals/dart-client.md): `{'where': {'email': {'endsWith': '@x.org'}}, 'take': 5}`.
/// Everything Prisma Client's types or its query validation would refuse is refused here with a
/// [PrismaClientValidationError] naming the model and field, before anything is read; the input
/// errors the engine reports at run time (`P2019`) are [PrismaClientKnownRequestError]s.
///
/// The rules follow Prisma 7's query compiler (prisma-engines `query-compiler/core`, filter and
/// argument extractors) and the parity vectors in fixtures/parity/cases: see the notes on each
/// function.
library;

import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

import 'errors.dart';
import 'filter.dart';
import 'schema.dart';
import 'storage.dart' show JsonNullValue;

// --- values --------------------------------------------------------------------------------------

/// The aggregate functions of `aggregate`, `count` and `groupBy`, with their argument and result
/// key (`_count`, ...).
enum AggregateOp {
  count('_count'),
  avg('_avg'),
  sum('_sum'),
  min('_min'),
  max('_max');

  const AggregateOp(this.key);

  /// The argument and result key: `_count`, `_avg`, `_sum`, `_min`, `_max`.
  final String key;

  /// The name under which a `having` filter ([GroupByArgs.having]) refers to this aggregate of
  /// [field]: `_sum.views`. Prisma field names never contain a dot.
  String of(String field) => '$key.$field';
}

// --- read plans ----------------------------------------------------------------------------------

/// Which fields, relations and counts a read returns, in the order of the result's keys.
///
/// Prisma's key order: with `select`, the order of the select map; without it, every scalar field
/// in schema order (less `omit`), then the `include` map's entries in its order (`_count`
/// included: it is not moved to the end).
final class Selection {
  const Selection(this.entries);

  final List<Selected> entries;
}

/// One key of a read's result.
sealed class Selected {
  const Selected();
}

/// A scalar field, returned as stored.
final class SelectedScalar extends Selected {
  const SelectedScalar(this.field);

  final String field;
}

/// A relation, returned as a list (to-many) or a row or null (to-one).
final class SelectedRelation extends Selected {
  const SelectedRelation(this.relation, this.args);

  /// The relation field's name.
  final String relation;

  /// To-many: the rows to return per parent row (where, orderBy, cursor, take, skip, distinct)
  /// and their selection. To-one: only [FindArgs.selection] is meaningful.
  final FindArgs args;
}

/// `_count`: the number of related rows through each of [relations].
final class SelectedCount extends Selected {
  const SelectedCount(this.relations);

  final List<CountedRelation> relations;
}

/// One entry of `_count`: a to-many relation and the filter its related rows must pass.
final class CountedRelation {
  const CountedRelation(this.relation, this.where);

  final String relation;
  final Filter where;
}

/// The parsed arguments of `findMany`/`findFirst`/`findUnique`, or of a to-many relation in a
/// selection.
final class FindArgs {
  const FindArgs({
    required this.where,
    this.orderBy = const <OrderTerm>[],
    this.cursor,
    this.take,
    this.skip = 0,
    this.distinct,
    required this.selection,
  });

  final Filter where;

  /// As given: the reader adds the implicit ordering (the identity ascending) when it is empty.
  final List<OrderTerm> orderBy;

  /// The cursor's WhereUniqueInput as a filter (the row the page starts at), or null.
  final Filter? cursor;

  /// Null: all rows. Negative: the last `-take` rows before the cursor or the end, returned in
  /// the requested order.
  final int? take;

  /// Never negative.
  final int skip;

  /// The fields rows must be distinct on (Prisma applies `distinct` in memory on SQLite), or null.
  final List<String>? distinct;

  final Selection selection;

  /// A copy with [take] replaced (findFirst).
  FindArgs withTake(int? take) => FindArgs(
        where: where,
        orderBy: orderBy,
        cursor: cursor,
        take: take,
        skip: skip,
        distinct: distinct,
        selection: selection,
      );
}

/// One key of an aggregate result: `_count: true` ([fields] null), or `_avg: {rating: true}`...
final class AggregateSelection {
  const AggregateSelection(this.op, this.fields);

  final AggregateOp op;

  /// Field names in argument order (`_all` for `_count: {_all: true}`), or null for
  /// `_count: true` (and for `count()` without a select map): the plain number of rows.
  final List<String>? fields;
}

/// The parsed arguments of `count` and `aggregate`: the rows (as a findMany without selection)
/// and the aggregates to compute over them, in argument order.
final class AggregateArgs {
  const AggregateArgs({required this.rows, required this.aggregates});

  final FindArgs rows;
  final List<AggregateSelection> aggregates;
}

/// One `groupBy` ordering term: a `by` field, or an aggregate of any field.
final class GroupOrderTerm {
  const GroupOrderTerm(this.field, {this.aggregate, this.descending = false, this.nulls});

  final String field;

  /// Null: order by the group's value of [field] (a `by` field).
  final AggregateOp? aggregate;
  final bool descending;
  final NullsOrder? nulls;
}

/// The parsed arguments of `groupBy`.
final class GroupByArgs {
  const GroupByArgs({
    required this.where,
    required this.by,
    required this.having,
    required this.orderBy,
    this.take,
    this.skip = 0,
    required this.aggregates,
  });

  final Filter where;
  final List<String> by;

  /// A filter over groups: a [FieldCondition] names a `by` field, or an aggregate as
  /// [AggregateOp.of] writes it (`_sum.views`). Only [And], [Or], [Not], [AllRows], [NoRows] and
  /// [FieldCondition] occur.
  final Filter having;

  /// With the implicit ordering already added (the identity, when take or skip is given).
  final List<GroupOrderTerm> orderBy;

  /// Negative: Prisma reverses the ordering and does not restore it (as Prisma 7.10 does).
  final int? take;
  final int skip;

  /// In argument order; the result lists them before the `by` fields.
  final List<AggregateSelection> aggregates;
}

// --- entry points --------------------------------------------------------------------------------

/// Parses Prisma's `WhereInput` for [model] into a [Filter].
///
/// - Scalar fields: a bare value means `equals`, `null` means IS NULL (optional fields only).
///   Filter objects take `equals`, `not` (a value, or a nested filter object whose conditions are
///   each inverted, as Prisma's `ScalarFilterParser` does), `in`, `notIn`, `lt`, `lte`, `gt`,
///   `gte`, and on String fields `contains`, `startsWith`, `endsWith` and `mode`.
///   Case, by the schema's provider as Prisma does: on SQLite (MySQL, SQL Server) `mode` is an
///   unknown argument, and `contains`, `startsWith` and `endsWith` are
///   [FieldCondition.insensitive] (SQL LIKE folds ASCII case) while the other comparisons are
///   exact (parity vectors filter-string-*); on PostgreSQL (CockroachDB) every comparison is
///   exact unless `mode: 'insensitive'`, which makes every condition of the field insensitive
///   (ASCII folding only, where PostgreSQL's ILIKE folds all of Unicode); `mode: 'default'` is
///   exact ([SchemaInfo.hasQueryMode], [SchemaInfo.foldsTextSearch]).
///   Which operations a field takes depends on its kind, as in Prisma's filter input types.
///   `in: []` is [NoRows], `notIn: []` [AllRows].
/// - Json: `equals`/`not` with a JSON value or a [JsonNullValue] marker (a plain `null` is
///   [JsonNullValue.jsonNull]); `path` and the `string_*`/`array_*` filters are not supported.
/// - Scalar lists: `equals`, `has`, `hasSome`, `hasEvery`, `isEmpty`.
/// - Relations: to-many `some`/`every`/`none`; to-one `is`/`isNot` (a filter or null), a bare
///   filter object (= `is`), or null (= `is: null`).
/// - `AND`/`NOT` take an object or a list, `OR` a list. Empty filter objects are dropped, as
///   Prisma drops `Filter::Empty`: `OR: []` and `OR: [{}]` match nothing at the top of a where
///   and are dropped inside another group; `AND: []`, `NOT: []` and `NOT: {}` match everything.
///   `NOT` of several filters matches rows that match none of them.
///
/// Unknown fields, operations and values of the wrong kind throw a
/// [PrismaClientValidationError] naming `Model.field`.
Filter parseWhere(SchemaInfo schema, String model, Object? where) {
  if (where == null) return const AllRows();
  final ModelInfo info = schema.model(model);
  final Map<String, Object?> map = _expectMap(where, 'Argument `where` of ${info.name}');
  return _WhereParser(schema).parse(info, map, 0) ?? const AllRows();
}

/// Parses Prisma's `WhereUniqueInput` for [model].
///
/// At least one unique criterion is required: a single-field `@id`/`@unique` with a plain value
/// (not null, not a filter object), or a compound one under its Prisma name
/// ([ModelInfo.compoundUniques]: the `name:` of its `@@id`/`@@unique`, else the fields joined by
/// `_`: `{'authorId_slug': {'authorId': 1, 'slug': 'a'}}`), with every field present. Fields of
/// a compound criterion given flat do not count. Any other key is an extra filter, as in a
/// [parseWhere] (Prisma 5+). The result is the AND of all of them.
Filter parseWhereUnique(SchemaInfo schema, String model, Object? where) =>
    _whereUnique(schema, schema.model(model), where, 'where');

/// Parses Prisma's `orderBy` for [model]: one object or a list of objects, each with exactly one
/// key (an empty object is skipped):
///
/// - `{'field': 'asc' | 'desc'}`, or `{'field': {'sort': 'asc', 'nulls': 'first' | 'last'}}`
///   (`nulls` only on optional fields);
/// - a to-one relation with a nested object: `{'author': {'name': 'asc'}}` (any depth);
/// - a to-many relation's count: `{'posts': {'_count': 'desc'}}` (on [model] itself only: the IR
///   has no count through a to-one path).
///
/// Json and list fields cannot be ordered by; `_relevance` is not supported.
List<OrderTerm> parseOrderBy(SchemaInfo schema, String model, Object? orderBy) =>
    _orderBy(schema, schema.model(model), orderBy);

/// Parses Prisma's `distinct` (a field name or a list of them) for [model]; null when absent.
///
/// `distinct: []` is accepted and, as in Prisma, keeps only the first row.
List<String>? parseDistinct(SchemaInfo schema, String model, Object? distinct) =>
    _distinct(schema.model(model), distinct);

/// Parses the arguments of `findMany`/`findFirst` ([unique] false: `where`, `orderBy`, `cursor`,
/// `take`, `skip`, `distinct`, `select`, `include`, `omit`, `relationLoadStrategy` (ignored)) or
/// of `findUnique` ([unique] true: `where` (a WhereUniqueInput, required), `select`, `include`,
/// `omit`). Any other key is an unknown argument.
///
/// `cursor` is a WhereUniqueInput; `take` an int (`findFirst`'s own rule is the reader's);
/// `skip` a non-negative int (a negative one is a [PrismaClientUnknownRequestError], as Prisma
/// reports it at run time: parity vector pagination-skip-negative).
FindArgs parseFindArgs(
  SchemaInfo schema,
  String model,
  Map<String, Object?> args, {
  bool unique = false,
}) {
  final ModelInfo info = schema.model(model);
  if (unique) {
    _checkKeys(args, _findUniqueKeys, info.name);
    return FindArgs(
      where: _whereUnique(schema, info, args['where'], 'where'),
      selection: _selection(schema, info, args),
    );
  }
  return _findArgs(schema, info, args, _findManyKeys);
}

/// Parses `select`/`include`/`omit` of [args] for [model]; the other keys are ignored (a write's
/// `data`, `where`...). Used to shape the record a write returns.
///
/// - `select` and `include` together, or `select` and `omit` together, are refused.
/// - `select`: scalar fields `true`/`false`, relations `true`/`false`/nested args, `_count`;
///   it must name at least one field with a truthy value.
/// - `include`: relations and `_count` only.
/// - Nested to-many args: `where`, `orderBy`, `cursor`, `take`, `skip`, `distinct`, `select`,
///   `include`, `omit`; nested to-one args: `select`, `include`, `omit`.
/// - `_count`: `true` (every to-many relation, in schema order), or
///   `{'select': {'posts': true, 'comments': {'where': {...}}}}`.
Selection parseSelection(SchemaInfo schema, String model, Map<String, Object?> args) =>
    _selection(schema, schema.model(model), args);

/// Parses the arguments of `count`: `where`, `orderBy`, `cursor`, `take`, `skip` and `select`.
///
/// The result has one [AggregateSelection] of [AggregateOp.count]: fields null when `select` is
/// absent or `true` (the result is a number), else the selected `_all`/scalar fields in order
/// (the result is a map). `distinct` is not an argument of count (as in Prisma).
AggregateArgs parseCountArgs(SchemaInfo schema, String model, Map<String, Object?> args) {
  final ModelInfo info = schema.model(model);
  _checkKeys(args, _countKeys, info.name);
  final Object? select = args['select'];
  final List<String>? fields;
  if (select == null || select == true || select == false) {
    fields = null;
  } else {
    final String type = '${info.name}CountAggregateOutputType';
    fields = _aggregateFields(info, AggregateOp.count, select, type);
  }
  return AggregateArgs(
    rows: _findArgs(schema, info, _withoutKeys(args, const <String>['select']), _countKeys),
    aggregates: <AggregateSelection>[AggregateSelection(AggregateOp.count, fields)],
  );
}

/// Parses the arguments of `aggregate`: `where`, `orderBy`, `cursor`, `take`, `skip`, and at
/// least one of `_count` (`true` or fields, `_all` included), `_avg`, `_sum` (numeric fields),
/// `_min`, `_max` (any scalar field but Json and lists), kept in argument order.
AggregateArgs parseAggregateArgs(SchemaInfo schema, String model, Map<String, Object?> args) {
  final ModelInfo info = schema.model(model);
  _checkKeys(args, _aggregateKeys, info.name);
  final List<AggregateSelection> aggregates = _aggregateSelections(info, args);
  if (aggregates.isEmpty) {
    _invalid('The `select` statement for type Aggregate${info.name} must not be empty: give at '
        'least one of `_count`, `_avg`, `_sum`, `_min`, `_max`.');
  }
  return AggregateArgs(
    rows: _findArgs(schema, info, _onlyKeys(args, _pageKeys), _pageKeys),
    aggregates: aggregates,
  );
}

/// Parses the arguments of `groupBy`: `by` (required, a field name or a non-empty list),
/// `where`, `having`, `orderBy`, `take`, `skip` and the aggregates of [parseAggregateArgs]
/// (optional here).
///
/// As Prisma's query compiler does: `orderBy` terms are `by` fields (`'asc'`/`'desc'` or
/// `{sort, nulls}`) or one aggregate of one field (`{'_count': {'id': 'desc'}}`); without
/// `orderBy`, `take` or a positive `skip` orders by the identity; a `by`-field ordering or a
/// plain `having` condition on a field that is not in `by` is `P2019`, and so is an empty `by`.
GroupByArgs parseGroupByArgs(SchemaInfo schema, String model, Map<String, Object?> args) {
  final ModelInfo info = schema.model(model);
  _checkKeys(args, _groupByKeys, info.name);
  final List<String> by = _groupBy(info, args['by']);
  final int? take = _int(args['take'], 'take');
  final int skip = _skip(args['skip']);
  final List<GroupOrderTerm> orderBy = <GroupOrderTerm>[
    ..._groupOrderBy(info, args['orderBy']),
  ];
  if (orderBy.isEmpty && (take != null || skip > 0)) {
    for (final String field in info.identity) {
      orderBy.add(GroupOrderTerm(field));
    }
  }
  final List<String> unordered = <String>[
    for (final GroupOrderTerm term in orderBy)
      if (term.aggregate == null && !by.contains(term.field)) term.field,
  ];
  if (unordered.isNotEmpty) {
    _inputError(
      info.name,
      'Every field used for orderBy must be included in the by-arguments of the query. '
      'Missing fields: ${unordered.join(', ')}',
    );
  }
  final List<String> plainHavingFields = <String>[];
  final Filter having = _HavingParser(schema, info, plainHavingFields).parse(args['having']);
  final List<String> ungrouped = <String>[
    for (final String field in plainHavingFields)
      if (!by.contains(field)) field,
  ];
  if (ungrouped.isNotEmpty) {
    _inputError(
      info.name,
      'Every field used in `having` filters must either be an aggregation filter or be '
      'included in the selection of the query. Missing fields: ${ungrouped.join(', ')}',
    );
  }
  return GroupByArgs(
    where: args['where'] == null
        ? const AllRows()
        : (_WhereParser(schema).parse(info, _expectMap(args['where'], 'Argument `where`'), 0) ??
            const AllRows()),
    by: by,
    having: having,
    orderBy: orderBy,
    take: take,
    skip: skip,
    aggregates: _aggregateSelections(info, args),
  );
}

/// Checks the arguments of [action] on [model] as far as that needs no storage, throwing what
/// the action itself would throw for them: all of a read's arguments; a write's `where` and
/// `select`/`include`/`omit` (its `data` and its other keys are the writer's to check, as it
/// goes). Pure: the parsed values are dropped, and the action parses them again.
///
/// Why: inside an IndexedDB transaction, an error must reach the caller in the microtask of a
/// storage request, as results do, or idb_shim ends the transaction before a caller that caught
/// it can go on (docs/internals/dart-client.md, "Awaiting inside a storage transaction"). An
/// async step that throws before its first request delivers its error a microtask late; this
/// check runs synchronously right after one (`EngineTransaction.execute`).
void checkArguments(SchemaInfo schema, String model, String action, Map<String, Object?> args) {
  switch (action) {
    case 'findMany':
    case 'findFirst':
    case 'findFirstOrThrow':
      parseFindArgs(schema, model, args);
    case 'findUnique':
    case 'findUniqueOrThrow':
      parseFindArgs(schema, model, args, unique: true);
    case 'count':
      parseCountArgs(schema, model, args);
    case 'aggregate':
      parseAggregateArgs(schema, model, args);
    case 'groupBy':
      parseGroupByArgs(schema, model, args);
    case 'create':
    case 'createManyAndReturn':
      parseSelection(schema, model, args);
    case 'update':
    case 'upsert':
    case 'delete':
      parseWhereUnique(schema, model, args['where']);
      parseSelection(schema, model, args);
    case 'updateManyAndReturn':
      if (args['where'] != null) parseWhere(schema, model, args['where']);
      parseSelection(schema, model, args);
    case 'updateMany':
    case 'deleteMany':
      if (args['where'] != null) parseWhere(schema, model, args['where']);
  }
}

// --- argument keys -------------------------------------------------------------------------------

const List<String> _pageKeys = <String>['where', 'orderBy', 'cursor', 'take', 'skip'];
const List<String> _findManyKeys = <String>[
  'where',
  'orderBy',
  'cursor',
  'take',
  'skip',
  'distinct',
  'select',
  'include',
  'omit',
  'relationLoadStrategy',
];
const List<String> _findUniqueKeys = <String>['where', 'select', 'include', 'omit'];
const List<String> _countKeys = <String>['where', 'orderBy', 'cursor', 'take', 'skip', 'select'];
const List<String> _aggregateKeys = <String>[
  'where',
  'orderBy',
  'cursor',
  'take',
  'skip',
  '_count',
  '_avg',
  '_sum',
  '_min',
  '_max',
];
const List<String> _groupByKeys = <String>[
  'where',
  'by',
  'having',
  'orderBy',
  'take',
  'skip',
  '_count',
  '_avg',
  '_sum',
  '_min',
  '_max',
];
const List<String> _toManyKeys = <String>[
  'where',
  'orderBy',
  'cursor',
  'take',
  'skip',
  'distinct',
  'select',
  'include',
  'omit',
];
const List<String> _toOneKeys = <String>['select', 'include', 'omit'];

void _checkKeys(Map<String, Object?> args, List<String> allowed, String model) {
  for (final String key in args.keys) {
    if (!allowed.contains(key)) {
      _invalid('Unknown argument `$key` (reading $model). Available arguments: '
          '${allowed.map((String name) => '`$name`').join(', ')}.');
    }
  }
}

Map<String, Object?> _withoutKeys(Map<String, Object?> args, List<String> keys) =>
    <String, Object?>{
      for (final String key in args.keys)
        if (!keys.contains(key)) key: args[key],
    };

Map<String, Object?> _onlyKeys(Map<String, Object?> args, List<String> keys) => <String, Object?>{
      for (final String key in args.keys)
        if (keys.contains(key)) key: args[key],
    };

// --- find args, selection ------------------------------------------------------------------------

FindArgs _findArgs(
  SchemaInfo schema,
  ModelInfo model,
  Map<String, Object?> args,
  List<String> allowed,
) {
  _checkKeys(args, allowed, model.name);
  final Object? where = args['where'];
  final Object? cursor = args['cursor'];
  final Object? strategy = args['relationLoadStrategy'];
  if (strategy != null && strategy != 'query' && strategy != 'join') {
    _invalid('Argument `relationLoadStrategy` of ${model.name}: expected "query" or "join".');
  }
  return FindArgs(
    where: where == null
        ? const AllRows()
        : (_WhereParser(schema).parse(model, _expectMap(where, 'Argument `where`'), 0) ??
            const AllRows()),
    orderBy: _orderBy(schema, model, args['orderBy']),
    cursor: cursor == null ? null : _whereUnique(schema, model, cursor, 'cursor'),
    take: _int(args['take'], 'take'),
    skip: _skip(args['skip']),
    distinct: _distinct(model, args['distinct']),
    selection: _selection(schema, model, args),
  );
}

int? _int(Object? value, String argument) {
  if (value == null) return null;
  if (value is int) return value;
  if (value is double && value.isFinite && value == value.truncateToDouble()) return value.toInt();
  _invalid('Argument `$argument`: expected an Int, got ${_describe(value)}.');
}

int _skip(Object? value) {
  final int? skip = _int(value, 'skip');
  if (skip == null) return 0;
  if (skip < 0) {
    throw PrismaClientUnknownRequestError(
      'Invalid value for skip argument: Value can only be positive, found: $skip',
    );
  }
  return skip;
}

List<String>? _distinct(ModelInfo model, Object? value) {
  if (value == null) return null;
  final List<Object?> items = value is List ? <Object?>[...value] : <Object?>[value];
  return <String>[
    for (final Object? item in items) _scalarFieldName(model, item, 'distinct'),
  ];
}

String _scalarFieldName(ModelInfo model, Object? name, String argument) {
  if (name is String && model.hasField(name)) return name;
  _invalid('Argument `$argument`: ${_describe(name)} is not a scalar field of ${model.name}.');
}

Selection _selection(SchemaInfo schema, ModelInfo model, Map<String, Object?> args) {
  final Object? select = args['select'];
  final Object? include = args['include'];
  final Object? omit = args['omit'];
  if (select != null && include != null) {
    _invalid('Please either use `include` or `select`, but not both at the same time.');
  }
  if (select != null && omit != null) {
    _invalid('Please either use `omit` or `select`, but not both at the same time.');
  }
  if (select != null) {
    return _select(schema, model, _expectMap(select, 'Argument `select` of ${model.name}'));
  }
  final List<String> omitted = omit == null ? const <String>[] : _omit(model, omit);
  final List<Selected> entries = <Selected>[
    for (final FieldInfo field in model.fields)
      if (!omitted.contains(field.name)) SelectedScalar(field.name),
  ];
  if (omitted.isNotEmpty && entries.isEmpty && include == null) {
    // Prisma 7 (parity vectors omit-every-field, omit-every-field-with-include): refused unless
    // an include leaves something in the result.
    _invalid('The omit statement includes every field of the model ${model.name}. At least one '
        'field must be included in the result');
  }
  if (include != null) {
    final Map<String, Object?> map = _expectMap(include, 'Argument `include` of ${model.name}');
    for (final String key in map.keys) {
      final Object? value = map[key];
      if (key == '_count') {
        final SelectedCount? count = _count(schema, model, value);
        if (count != null) entries.add(count);
      } else if (model.hasRelation(key)) {
        final SelectedRelation? relation = _relationSelection(schema, model, key, value);
        if (relation != null) entries.add(relation);
      } else if (model.hasField(key)) {
        _invalid('Invalid scalar field `$key` for include statement on model `${model.name}`. '
            'Note that include statements only accept relation fields.');
      } else {
        _invalid('Unknown field `$key` for include statement on model `${model.name}`.');
      }
    }
  }
  return Selection(entries);
}

Selection _select(SchemaInfo schema, ModelInfo model, Map<String, Object?> map) {
  if (map.isEmpty) {
    _invalid('The `select` statement for type ${model.name} must not be empty.');
  }
  final List<Selected> entries = <Selected>[];
  for (final String key in map.keys) {
    final Object? value = map[key];
    if (model.hasField(key)) {
      if (value == true) {
        entries.add(SelectedScalar(key));
      } else if (value != false) {
        _invalid('Invalid value for `select.$key` of ${model.name}: expected a Boolean, got '
            '${_describe(value)}.');
      }
    } else if (model.hasRelation(key)) {
      final SelectedRelation? relation = _relationSelection(schema, model, key, value);
      if (relation != null) entries.add(relation);
    } else if (key == '_count') {
      final SelectedCount? count = _count(schema, model, value);
      if (count != null) entries.add(count);
    } else {
      _invalid('Unknown field `$key` for select statement on model `${model.name}`.');
    }
  }
  if (entries.isEmpty) {
    _invalid('The `select` statement for type ${model.name} needs at least one truthy value.');
  }
  return Selection(entries);
}

/// The scalar fields `omit` leaves out. As Prisma 7 (parity vectors omit-*): a relation field
/// is accepted and ignored, whatever its value; a scalar field is left out when its value is
/// truthy in JavaScript's sense (`true`, `1`, a non-empty string, an object), not only `true`.
List<String> _omit(ModelInfo model, Object? omit) {
  final Map<String, Object?> map = _expectMap(omit, 'Argument `omit` of ${model.name}');
  final List<String> omitted = <String>[];
  for (final String key in map.keys) {
    if (model.hasRelation(key)) continue;
    if (!model.hasField(key)) {
      _invalid('Unknown field `$key` for omit statement on model `${model.name}`.');
    }
    if (_truthy(map[key])) omitted.add(key);
  }
  return omitted;
}

/// JavaScript's truthiness, for the plain values an argument map holds.
bool _truthy(Object? value) {
  if (value == null || value == false || value == '') return false;
  if (value is num) return value != 0 && !value.isNaN;
  return true;
}

SelectedRelation? _relationSelection(
  SchemaInfo schema,
  ModelInfo model,
  String name,
  Object? value,
) {
  if (value == false) return null;
  final RelationInfo relation = model.relation(name);
  final ModelInfo target = schema.model(relation.target);
  final Map<String, Object?> args;
  if (value == true) {
    args = const <String, Object?>{};
  } else if (value is Map) {
    args = _expectMap(value, 'Selection of ${model.name}.$name');
  } else {
    _invalid('Invalid value for the selection of ${model.name}.$name: expected a Boolean or an '
        'object, got ${_describe(value)}.');
  }
  if (relation.isList) {
    return SelectedRelation(name, _findArgs(schema, target, args, _toManyKeys));
  }
  _checkKeys(args, _toOneKeys, '${model.name}.$name');
  return SelectedRelation(
    name,
    FindArgs(where: const AllRows(), selection: _selection(schema, target, args)),
  );
}

SelectedCount? _count(SchemaInfo schema, ModelInfo model, Object? value) {
  final List<RelationInfo> toMany = <RelationInfo>[
    for (final RelationInfo relation in model.relations)
      if (relation.isList) relation,
  ];
  if (toMany.isEmpty) {
    _invalid('Unknown field `_count` on model `${model.name}`: it has no to-many relation.');
  }
  if (value == false) return null;
  if (value == true) {
    return SelectedCount(<CountedRelation>[
      for (final RelationInfo relation in toMany)
        CountedRelation(relation.name, const AllRows()),
    ]);
  }
  final Map<String, Object?> map = _expectMap(value, '`_count` of ${model.name}');
  if (map.length != 1 || !map.containsKey('select')) {
    _invalid('Unknown field at "_count selection" of ${model.name}: expected `true` or '
        '`{select: {...}}`.');
  }
  final Map<String, Object?> select =
      _expectMap(map['select'], '`_count.select` of ${model.name}');
  if (select.isEmpty) {
    _invalid('The `select` statement for type ${model.name}CountOutputType must not be empty.');
  }
  final List<CountedRelation> counted = <CountedRelation>[];
  for (final String key in select.keys) {
    final Object? entry = select[key];
    if (!model.hasRelation(key) || !model.relation(key).isList) {
      _invalid('Unknown field `$key` for select statement on model '
          '`${model.name}CountOutputType`.');
    }
    if (entry == true) {
      counted.add(CountedRelation(key, const AllRows()));
    } else if (entry is Map) {
      final Map<String, Object?> args = _expectMap(entry, '`_count.select.$key`');
      _checkKeys(args, const <String>['where'], '${model.name}._count.$key');
      counted.add(
        CountedRelation(key, parseWhere(schema, model.relation(key).target, args['where'])),
      );
    } else if (entry != false) {
      _invalid('Invalid value for `_count.select.$key` of ${model.name}: expected a Boolean or '
          '`{where: ...}`.');
    }
  }
  if (counted.isEmpty) {
    _invalid('The `select` statement for type ${model.name}CountOutputType needs at least one '
        'truthy value.');
  }
  return SelectedCount(counted);
}

// --- unique where --------------------------------------------------------------------------------

Filter _whereUnique(SchemaInfo schema, ModelInfo model, Object? where, String argument) {
  if (where == null) _invalid('Argument `$argument` is missing.');
  final Map<String, Object?> map = _expectMap(where, 'Argument `$argument` of ${model.name}');
  final List<Filter> unique = <Filter>[];
  final Map<String, Object?> rest = <String, Object?>{};
  for (final String key in map.keys) {
    final Object? value = map[key];
    final List<String>? compound = model.compoundUniques[key];
    if (_isSingleUnique(model, key)) {
      final FieldInfo field = model.field(key);
      if (value == null) _invalid('Argument `$key` must not be null.');
      if (value is Map) {
        _invalid('Argument `$key` (${model.name}.$key): Invalid value provided. Expected '
            '${prismaTypeName(field)}, provided Object.');
      }
      unique.add(FieldCondition(key, CompareOp.equals, _coerce(schema, model, field, value, key)));
    } else if (compound != null) {
      final Map<String, Object?> values = _expectMap(value, 'Argument `$key` of ${model.name}');
      for (final String name in values.keys) {
        if (!compound.contains(name)) {
          _invalid('Unknown argument `$name` in `$key` of ${model.name}.');
        }
      }
      final List<Filter> parts = <Filter>[];
      for (final String name in compound) {
        if (!values.containsKey(name)) _invalid('Argument `$name` is missing.');
        final Object? part = values[name];
        if (part == null) _invalid('Argument `$name` must not be null.');
        final FieldInfo field = model.field(name);
        parts.add(
          FieldCondition(name, CompareOp.equals, _coerce(schema, model, field, part, name)),
        );
      }
      unique.add(And(parts));
    } else {
      rest[key] = value;
    }
  }
  if (unique.isEmpty) {
    final List<String> names = <String>[
      for (final List<String> criterion in model.uniques)
        if (criterion.length == 1) '`${criterion.single}`',
      for (final String name in model.compoundUniques.keys) '`$name`',
    ];
    _invalid('Argument `$argument` of type ${model.name}WhereUniqueInput needs at least one of '
        '${_orList(names)} arguments.');
  }
  final Filter? extra = _WhereParser(schema).parse(model, rest, 0);
  final List<Filter> all = <Filter>[...unique, if (extra != null) extra];
  return all.length == 1 ? all.single : And(all);
}

bool _isSingleUnique(ModelInfo model, String field) {
  for (final List<String> criterion in model.uniques) {
    if (criterion.length == 1 && criterion.single == field) return true;
  }
  return false;
}

String _orList(List<String> names) {
  if (names.length <= 1) return names.join();
  return '${names.sublist(0, names.length - 1).join(', ')} or ${names.last}';
}

// --- where ---------------------------------------------------------------------------------------

/// Prisma's `extract_filter`: `null` results stand for `Filter::Empty` (dropped by the caller).
final class _WhereParser {
  const _WhereParser(this.schema);

  final SchemaInfo schema;

  /// [depth] is the nesting depth of [map] inside AND/OR/NOT lists; relation filters start again
  /// at 0, as in Prisma.
  Filter? parse(ModelInfo model, Map<String, Object?> map, int depth) {
    final List<Filter> filters = <Filter>[];
    for (final String key in map.keys) {
      final Filter? filter = _entry(model, key, map[key], depth);
      if (filter != null) filters.add(filter);
    }
    return _and(filters);
  }

  Filter? _entry(ModelInfo model, String key, Object? value, int depth) {
    if (key == 'AND' || key == 'OR' || key == 'NOT') return _group(model, key, value, depth);
    if (model.hasField(key)) return _field(model, model.field(key), value);
    if (model.hasRelation(key)) return _relation(model, model.relation(key), value);
    _invalid('Unknown argument `$key` in the where filter of model ${model.name}.');
  }

  Filter? _group(ModelInfo model, String kind, Object? value, int depth) => _parseGroup(
        kind,
        value,
        depth,
        '${model.name}WhereInput',
        (Map<String, Object?> item) => parse(model, item, depth + 1),
      );

  Filter? _relation(ModelInfo model, RelationInfo relation, Object? value) {
    final String where = '${model.name}.${relation.name}';
    final ModelInfo target = schema.model(relation.target);
    if (relation.isList) {
      final Map<String, Object?> map = _expectMap(value, 'Argument `${relation.name}` ($where)');
      final List<Filter> filters = <Filter>[];
      for (final String key in map.keys) {
        final RelationQuantifier quantifier = switch (key) {
          'some' => RelationQuantifier.some,
          'every' => RelationQuantifier.every,
          'none' => RelationQuantifier.none,
          _ => _invalid('Unknown argument `$key` for the relation filter of $where: expected '
              '`some`, `every` or `none`.'),
        };
        final Map<String, Object?> inner = _expectMap(map[key], 'Argument `$key` ($where)');
        filters.add(RelationCondition(
          relation.name,
          quantifier,
          parse(target, inner, 0) ?? const AllRows(),
        ));
      }
      return _and(filters);
    }
    if (value == null) return _isNull(relation, where, exists: false);
    final Map<String, Object?> map = _expectMap(value, 'Argument `${relation.name}` ($where)');
    if (!map.containsKey('is') && !map.containsKey('isNot')) {
      return RelationCondition(
        relation.name,
        RelationQuantifier.is_,
        parse(target, map, 0) ?? const AllRows(),
      );
    }
    final List<Filter> filters = <Filter>[];
    for (final String key in map.keys) {
      final Object? inner = map[key];
      if (key != 'is' && key != 'isNot') {
        _invalid('Unknown argument `$key` for the relation filter of $where: expected `is` or '
            '`isNot`.');
      }
      if (inner == null) {
        filters.add(_isNull(relation, where, exists: key == 'isNot'));
      } else {
        filters.add(RelationCondition(
          relation.name,
          key == 'is' ? RelationQuantifier.is_ : RelationQuantifier.isNot,
          parse(target, _expectMap(inner, 'Argument `$key` ($where)'), 0) ?? const AllRows(),
        ));
      }
    }
    return _and(filters);
  }

  Filter _isNull(RelationInfo relation, String where, {required bool exists}) {
    if (!relation.isOptional) {
      _invalid('Argument `${relation.name}` must not be null ($where is a required relation).');
    }
    return RelationExists(relation.name, exists);
  }

  Filter? _field(ModelInfo model, FieldInfo field, Object? value) {
    final String where = '${model.name}.${field.name}';
    if (field.isList) return _listFilter(model, field, value, where);
    if (field.kind == ScalarKind.json) return _jsonFilter(field, value, where);
    if (value is! Map) return _equals(model, field, value, where, field.name, false);
    final Map<String, Object?> map = _expectMap(value, 'Argument `${field.name}` ($where)');
    // Null: no `mode`, the provider's default ([_ops]). `mode` (PostgreSQL, CockroachDB) makes
    // every comparison case-sensitive ('default') or case-insensitive ('insensitive').
    bool? insensitive;
    if (map.containsKey('mode')) {
      if (field.kind != ScalarKind.string || !schema.hasQueryMode) {
        _invalid('Unknown argument `mode` for the filter of $where. Available options are '
            'marked with ?.');
      }
      final Object? mode = map['mode'];
      if (mode != 'default' && mode != 'insensitive') {
        _invalid('Invalid value for argument `mode` ($where): expected "default" or '
            '"insensitive", got ${_describe(mode)}.');
      }
      insensitive = mode == 'insensitive';
    }
    return _and(_ops(model, field, map, false, insensitive, where));
  }

  /// Prisma's `ScalarFilterParser.parse_scalar`, with [reverse] set inside `not: {...}`.
  /// [insensitive]: the field's `mode` (null: none given, then contains/startsWith/endsWith
  /// fold case on the providers whose text search does, [SchemaInfo.foldsTextSearch]).
  List<Filter> _ops(
    ModelInfo model,
    FieldInfo field,
    Map<String, Object?> map,
    bool reverse,
    bool? insensitive,
    String where,
  ) {
    final List<Filter> filters = <Filter>[];
    final bool fold = insensitive ?? false;
    for (final String op in map.keys) {
      if (op == 'mode') continue;
      if (!_allowedOps(field.kind).contains(op)) {
        _invalid('Unknown argument `$op` for the filter of $where (${prismaTypeName(field)}).');
      }
      final Object? value = map[op];
      switch (op) {
        case 'not':
          if (value is Map) {
            final Map<String, Object?> inner = _expectMap(value, 'Argument `not` ($where)');
            filters.addAll(_ops(model, field, inner, !reverse, insensitive, where));
          } else {
            // A plain value under `not` is a not-equals whatever the nesting (Prisma does so).
            filters.add(_equals(model, field, value, where, 'not', fold, negate: true));
          }
        case 'equals':
          filters.add(_equals(model, field, value, where, op, fold, negate: reverse));
        case 'in':
        case 'notIn':
          final List<Object> values = _values(model, field, value, where, op);
          final bool positive = (op == 'in') != reverse;
          if (values.isEmpty) {
            filters.add(positive ? const NoRows() : const AllRows());
          } else {
            filters.add(FieldCondition(
              field.name,
              positive ? CompareOp.inList : CompareOp.notInList,
              values,
              fold,
            ));
          }
        case 'lt':
        case 'lte':
        case 'gt':
        case 'gte':
          final CompareOp compare = switch (op) {
            'lt' => reverse ? CompareOp.gte : CompareOp.lt,
            'lte' => reverse ? CompareOp.gt : CompareOp.lte,
            'gt' => reverse ? CompareOp.lte : CompareOp.gt,
            _ => reverse ? CompareOp.lt : CompareOp.gte,
          };
          filters.add(FieldCondition(
            field.name,
            compare,
            _value(model, field, value, where, op),
            fold,
          ));
        default:
          final CompareOp text = switch (op) {
            'contains' => CompareOp.contains,
            'startsWith' => CompareOp.startsWith,
            _ => CompareOp.endsWith,
          };
          final Filter condition = FieldCondition(
            field.name,
            text,
            _value(model, field, value, where, op),
            insensitive ?? schema.foldsTextSearch,
          );
          filters.add(reverse ? Not(condition) : condition);
      }
    }
    return filters;
  }

  Filter _equals(
    ModelInfo model,
    FieldInfo field,
    Object? value,
    String where,
    String argument,
    bool insensitive, {
    bool negate = false,
  }) {
    if (value == null) {
      if (!field.isOptional) _invalid('Argument `$argument` must not be null.');
      return FieldCondition(field.name, negate ? CompareOp.isNotNull : CompareOp.isNull);
    }
    return FieldCondition(
      field.name,
      negate ? CompareOp.notEquals : CompareOp.equals,
      _coerce(schema, model, field, value, argument),
      insensitive,
    );
  }

  Object _value(ModelInfo model, FieldInfo field, Object? value, String where, String argument) {
    if (value == null) _invalid('Argument `$argument` must not be null.');
    return _coerce(schema, model, field, value, argument);
  }

  List<Object> _values(
    ModelInfo model,
    FieldInfo field,
    Object? value,
    String where,
    String argument,
  ) {
    if (value == null) _invalid('Argument `$argument` must not be null.');
    if (value is! List) {
      _invalid('Argument `$argument` ($where): Invalid value provided. Expected '
          '${prismaTypeName(field)}[], provided ${_describe(value)}.');
    }
    return <Object>[
      for (final Object? item in value) _value(model, field, item, where, argument),
    ];
  }

  Filter? _jsonFilter(FieldInfo field, Object? value, String where) {
    if (value == null) _invalid('Argument `${field.name}` must not be null.');
    if (value is! Map) {
      _invalid('Argument `${field.name}` ($where): expected a Json filter object (`equals`, '
          '`not`), got ${_describe(value)}.');
    }
    final Map<String, Object?> map = _expectMap(value, 'Argument `${field.name}` ($where)');
    final List<Filter> filters = <Filter>[];
    for (final String op in map.keys) {
      final Object? operand = map[op];
      switch (op) {
        case 'equals':
          filters.add(_jsonEquals(field.name, operand, negate: false));
        case 'not':
          // Json values are values here, maps included: `not` never nests a filter on Json.
          filters.add(_jsonEquals(field.name, operand, negate: true));
        // Prisma runs these with json1 and `->` on SQLite (3.38), beyond the local SQLite
        // floor (3.8): refused on both storages alike (docs/dart-client.md, "Not supported yet";
        // the parity vectors listed in fixtures/parity/dart_gaps.json).
        case 'path':
        case 'string_contains':
        case 'string_starts_with':
        case 'string_ends_with':
        case 'array_contains':
        case 'array_starts_with':
        case 'array_ends_with':
        case 'lt':
        case 'lte':
        case 'gt':
        case 'gte':
          _invalid('The Json filter `$op` ($where) is not supported by the Dart client.');
        default:
          _invalid('Unknown argument `$op` for the Json filter of $where.');
      }
    }
    return _and(filters);
  }

  Filter _jsonEquals(String field, Object? value, {required bool negate}) {
    final Object marker = value ?? JsonNullValue.jsonNull;
    if (marker == JsonNullValue.dbNull) {
      return FieldCondition(field, negate ? CompareOp.isNotNull : CompareOp.isNull);
    }
    if (marker == JsonNullValue.anyNull) {
      return negate
          ? And(<Filter>[
              FieldCondition(field, CompareOp.isNotNull),
              FieldCondition(field, CompareOp.notEquals, JsonNullValue.jsonNull),
            ])
          : Or(<Filter>[
              FieldCondition(field, CompareOp.isNull),
              FieldCondition(field, CompareOp.equals, JsonNullValue.jsonNull),
            ]);
    }
    return FieldCondition(field, negate ? CompareOp.notEquals : CompareOp.equals, marker);
  }

  Filter? _listFilter(ModelInfo model, FieldInfo field, Object? value, String where) {
    final FieldInfo element = _elementOf(field);
    if (value is! Map) {
      _invalid('Argument `${field.name}` ($where): expected a scalar list filter object '
          '(`equals`, `has`, `hasSome`, `hasEvery`, `isEmpty`), got ${_describe(value)}.');
    }
    final Map<String, Object?> map = _expectMap(value, 'Argument `${field.name}` ($where)');
    final List<Filter> filters = <Filter>[];
    for (final String op in map.keys) {
      final Object? operand = map[op];
      switch (op) {
        case 'equals':
          if (operand == null) {
            if (!field.isOptional) _invalid('Argument `equals` must not be null.');
            filters.add(FieldCondition(field.name, CompareOp.isNull));
          } else {
            filters.add(FieldCondition(
              field.name,
              CompareOp.equals,
              _values(model, element, operand, where, op),
            ));
          }
        case 'has':
          filters.add(
            FieldCondition(field.name, CompareOp.has, _value(model, element, operand, where, op)),
          );
        case 'hasSome':
        case 'hasEvery':
          filters.add(FieldCondition(
            field.name,
            op == 'hasSome' ? CompareOp.hasSome : CompareOp.hasEvery,
            _values(model, element, operand, where, op),
          ));
        case 'isEmpty':
          if (operand is! bool) {
            _invalid('Argument `isEmpty` ($where): expected a Boolean, got ${_describe(operand)}.');
          }
          filters.add(FieldCondition(field.name, CompareOp.isEmpty, operand));
        default:
          _invalid('Unknown argument `$op` for the list filter of $where.');
      }
    }
    return _and(filters);
  }
}

/// `AND`/`OR`/`NOT` of a where or a `having` ([kind]; [parse] parses one item, null for an empty
/// one). `AND` and `NOT` take an object or a list, `OR` a list of [type]. Empty items are
/// dropped (Prisma's `Filter::Empty`); with none left, a group at the top of its filter ([depth]
/// 0) is [NoRows] for `OR` and [AllRows] otherwise, and a nested one is dropped too (null).
/// `NOT` of several items matches rows that match none of them.
Filter? _parseGroup(
  String kind,
  Object? value,
  int depth,
  String type,
  Filter? Function(Map<String, Object?> item) parse,
) {
  final List<Object?> items;
  if (value is List) {
    items = <Object?>[...value];
  } else if (value is Map && kind != 'OR') {
    items = <Object?>[value];
  } else {
    _invalid('Argument `$kind`: expected ${kind == 'OR' ? 'a list' : 'an object or a list'} '
        'of $type, provided ${_describe(value)}.');
  }
  final List<Filter> filters = <Filter>[];
  for (final Object? item in items) {
    final Filter? filter = parse(_expectMap(item, 'An item of `$kind`'));
    if (filter != null) filters.add(filter);
  }
  if (filters.isEmpty) {
    if (depth > 0) return null;
    return kind == 'OR' ? const NoRows() : const AllRows();
  }
  if (kind == 'NOT') {
    return filters.length == 1
        ? Not(filters.single)
        : And(<Filter>[for (final Filter filter in filters) Not(filter)]);
  }
  if (filters.length == 1) return filters.single;
  return kind == 'AND' ? And(filters) : Or(filters);
}

/// Prisma's filter operations per scalar kind (its `*Filter` input types, SQLite and PostgreSQL).
List<String> _allowedOps(ScalarKind kind) => switch (kind) {
      ScalarKind.string => const <String>[
          'equals',
          'in',
          'notIn',
          'lt',
          'lte',
          'gt',
          'gte',
          'contains',
          'startsWith',
          'endsWith',
          'not',
        ],
      ScalarKind.int ||
      ScalarKind.bigInt ||
      ScalarKind.float ||
      ScalarKind.decimal ||
      ScalarKind.dateTime =>
        const <String>['equals', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'not'],
      ScalarKind.boolean => const <String>['equals', 'not'],
      ScalarKind.enumeration || ScalarKind.bytes => const <String>['equals', 'in', 'notIn', 'not'],
      ScalarKind.json => const <String>['equals', 'not'],
    };

/// The element of a scalar list field, as a single required field of the same kind.
FieldInfo _elementOf(FieldInfo field) => FieldInfo(
      name: field.name,
      column: field.column,
      kind: field.kind,
      enumName: field.enumName,
    );

Filter? _and(List<Filter> filters) {
  if (filters.isEmpty) return null;
  if (filters.length == 1) return filters.single;
  return And(filters);
}

// --- orderBy -------------------------------------------------------------------------------------

List<OrderTerm> _orderBy(SchemaInfo schema, ModelInfo model, Object? orderBy) {
  if (orderBy == null) return const <OrderTerm>[];
  final List<Object?> items = orderBy is List ? <Object?>[...orderBy] : <Object?>[orderBy];
  final List<OrderTerm> terms = <OrderTerm>[];
  for (final Object? item in items) {
    final Map<String, Object?> map = _expectMap(item, 'Argument `orderBy` of ${model.name}');
    final OrderTerm? term = _orderTerm(schema, model, map, const <String>[]);
    if (term != null) terms.add(term);
  }
  return terms;
}

OrderTerm? _orderTerm(
  SchemaInfo schema,
  ModelInfo model,
  Map<String, Object?> map,
  List<String> path,
) {
  if (map.isEmpty) return null;
  if (map.length > 1) {
    _invalid('Argument `orderBy` of ${model.name}: an ordering object takes exactly one field, '
        'got ${map.keys.join(', ')} (use a list of objects to order by several).');
  }
  final String key = map.keys.single;
  final Object? value = map[key];
  final String where = '${model.name}.$key';
  if (model.hasField(key)) {
    final FieldInfo field = model.field(key);
    if (field.isList || field.kind == ScalarKind.json) {
      _invalid('Argument `orderBy`: $where cannot be ordered by.');
    }
    if (value is Map) {
      final Map<String, Object?> sort = _expectMap(value, 'Argument `$key`');
      for (final String name in sort.keys) {
        if (name != 'sort' && name != 'nulls') {
          _invalid('Unknown argument `$name` in the ordering of $where.');
        }
      }
      if (!field.isOptional && sort.containsKey('nulls')) {
        _invalid('Argument `$key`: Invalid value provided. Expected SortOrder, provided Object '
            '(`nulls` applies to optional fields only; $where is required).');
      }
      final Object? nulls = sort['nulls'];
      return OrderTerm(
        <String>[...path, key],
        descending: _descending(sort['sort'], where),
        nulls: switch (nulls) {
          null => null,
          'first' => NullsOrder.first,
          'last' => NullsOrder.last,
          _ => _invalid('Invalid value for `nulls` of $where: expected "first" or "last".'),
        },
      );
    }
    return OrderTerm(<String>[...path, key], descending: _descending(value, where));
  }
  if (model.hasRelation(key)) {
    final RelationInfo relation = model.relation(key);
    final Map<String, Object?> inner = _expectMap(value, 'Argument `$key` of `orderBy`');
    if (!relation.isList) {
      return _orderTerm(schema, schema.model(relation.target), inner, <String>[...path, key]);
    }
    if (inner.isEmpty) return null;
    if (inner.length != 1 || !inner.containsKey('_count')) {
      _invalid('Argument `orderBy`: the to-many relation $where orders by `_count` only.');
    }
    if (path.isNotEmpty) {
      _invalid('Ordering by the `_count` of $where through a to-one relation is not supported '
          'by the Dart client.');
    }
    return OrderTerm(
      const <String>[],
      descending: _descending(inner['_count'], where),
      countOf: key,
    );
  }
  if (key == '_relevance') {
    _invalid('Ordering by `_relevance` is not supported by the Dart client.');
  }
  _invalid('Unknown argument `$key` in `orderBy` of model ${model.name}.');
}

bool _descending(Object? value, String where) => switch (value) {
      'asc' => false,
      'desc' => true,
      _ => _invalid('Invalid value for the ordering of $where: expected "asc" or "desc", got '
          '${_describe(value)}.'),
    };

// --- aggregates ----------------------------------------------------------------------------------

List<AggregateSelection> _aggregateSelections(ModelInfo model, Map<String, Object?> args) {
  final List<AggregateSelection> selections = <AggregateSelection>[];
  for (final String key in args.keys) {
    final Object? value = args[key];
    final AggregateOp? op = _aggregateOp(key);
    if (op == null || value == null || value == false) continue;
    if (op == AggregateOp.count && value == true) {
      selections.add(const AggregateSelection(AggregateOp.count, null));
      continue;
    }
    final String type = '${model.name}${_capitalized(op.key.substring(1))}AggregateOutputType';
    selections.add(AggregateSelection(op, _aggregateFields(model, op, value, type)));
  }
  return selections;
}

AggregateOp? _aggregateOp(String key) {
  for (final AggregateOp op in AggregateOp.values) {
    if (op.key == key) return op;
  }
  return null;
}

String _capitalized(String text) =>
    text.isEmpty ? text : '${text.substring(0, 1).toUpperCase()}${text.substring(1)}';

List<String> _aggregateFields(ModelInfo model, AggregateOp op, Object? value, String type) {
  final Map<String, Object?> map = _expectMap(value, 'Argument `${op.key}` of ${model.name}');
  final List<String> fields = <String>[];
  for (final String key in map.keys) {
    final Object? selected = map[key];
    final bool known = (op == AggregateOp.count && key == '_all') ||
        (model.hasField(key) && _aggregates(op, model.field(key)));
    if (!known) {
      _invalid('Unknown field `$key` for select statement on model `$type`.');
    }
    if (selected == true) {
      fields.add(key);
    } else if (selected != false) {
      _invalid('Invalid value for `${op.key}.$key` of ${model.name}: expected a Boolean, got '
          '${_describe(selected)}.');
    }
  }
  if (fields.isEmpty) {
    _invalid('The `select` statement for type $type must not be empty.');
  }
  return fields;
}

/// Whether Prisma offers [op] on [field]: `_count` on every scalar field, `_avg`/`_sum` on
/// numbers, `_min`/`_max` on everything but Json and lists.
bool _aggregates(AggregateOp op, FieldInfo field) => switch (op) {
      AggregateOp.count => true,
      AggregateOp.avg || AggregateOp.sum => !field.isList &&
          (field.kind == ScalarKind.int ||
              field.kind == ScalarKind.bigInt ||
              field.kind == ScalarKind.float ||
              field.kind == ScalarKind.decimal),
      AggregateOp.min || AggregateOp.max => !field.isList && field.kind != ScalarKind.json,
    };

List<String> _groupBy(ModelInfo model, Object? by) {
  if (by == null) _invalid('Argument `by` is missing.');
  final List<Object?> items = by is List ? <Object?>[...by] : <Object?>[by];
  final List<String> fields = <String>[];
  for (final Object? item in items) {
    final String name = _scalarFieldName(model, item, 'by');
    if (model.field(name).isList || model.field(name).kind == ScalarKind.json) {
      _invalid('Argument `by`: ${model.name}.$name cannot be grouped by.');
    }
    fields.add(name);
  }
  if (fields.isEmpty) {
    _inputError(model.name, 'At least one selection is required for the `by` argument.');
  }
  return fields;
}

List<GroupOrderTerm> _groupOrderBy(ModelInfo model, Object? orderBy) {
  if (orderBy == null) return const <GroupOrderTerm>[];
  final List<Object?> items = orderBy is List ? <Object?>[...orderBy] : <Object?>[orderBy];
  final List<GroupOrderTerm> terms = <GroupOrderTerm>[];
  for (final Object? item in items) {
    final Map<String, Object?> map = _expectMap(item, 'Argument `orderBy` of ${model.name}');
    if (map.isEmpty) continue;
    if (map.length > 1) {
      _invalid('Argument `orderBy` of ${model.name}: an ordering object takes exactly one field, '
          'got ${map.keys.join(', ')}.');
    }
    final String key = map.keys.single;
    final Object? value = map[key];
    final AggregateOp? op = _aggregateOp(key);
    if (op != null) {
      final Map<String, Object?> inner = _expectMap(value, 'Argument `$key` of `orderBy`');
      if (inner.length != 1) {
        _invalid('Argument `$key` of `orderBy` (${model.name}) needs exactly one argument, got '
            '${inner.keys.join(', ')}.');
      }
      final String field = inner.keys.single;
      if (!model.hasField(field) || !_aggregates(op, model.field(field))) {
        _invalid('Unknown argument `$field` in `orderBy.$key` of model ${model.name}.');
      }
      terms.add(GroupOrderTerm(
        field,
        aggregate: op,
        descending: _descending(inner[field], '${model.name}.$field'),
      ));
      continue;
    }
    if (!model.hasField(key)) {
      _invalid('Unknown argument `$key` in `orderBy` of model ${model.name}.');
    }
    final FieldInfo field = model.field(key);
    if (value is Map) {
      final Map<String, Object?> sort = _expectMap(value, 'Argument `$key`');
      if (!field.isOptional && sort.containsKey('nulls')) {
        _invalid('Argument `$key`: Invalid value provided. Expected SortOrder, provided Object '
            '(`nulls` applies to optional fields only).');
      }
      final Object? nulls = sort['nulls'];
      terms.add(GroupOrderTerm(
        key,
        descending: _descending(sort['sort'], '${model.name}.$key'),
        nulls: switch (nulls) {
          null => null,
          'first' => NullsOrder.first,
          'last' => NullsOrder.last,
          _ => _invalid('Invalid value for `nulls` of ${model.name}.$key.'),
        },
      ));
    } else {
      terms.add(GroupOrderTerm(key, descending: _descending(value, '${model.name}.$key')));
    }
  }
  return terms;
}

/// `having`: a where over groups. A field's filter object may mix conditions on the field itself
/// (a `by` field) with `_count`/`_avg`/`_sum`/`_min`/`_max` filters on its aggregates.
final class _HavingParser {
  _HavingParser(this.schema, this.model, this.plainFields);

  final SchemaInfo schema;
  final ModelInfo model;

  /// Collects the fields conditions apply to directly (they must be `by` fields).
  final List<String> plainFields;

  Filter parse(Object? having) {
    if (having == null) return const AllRows();
    return _map(_expectMap(having, 'Argument `having` of ${model.name}'), 0) ?? const AllRows();
  }

  Filter? _map(Map<String, Object?> map, int depth) {
    final List<Filter> filters = <Filter>[];
    for (final String key in map.keys) {
      final Object? value = map[key];
      final Filter? filter;
      if (key == 'AND' || key == 'OR' || key == 'NOT') {
        filter = _group(key, value, depth);
      } else if (model.hasField(key)) {
        filter = _field(model.field(key), value);
      } else {
        _invalid('Unknown argument `$key` in `having` of model ${model.name}.');
      }
      if (filter != null) filters.add(filter);
    }
    return _and(filters);
  }

  Filter? _group(String kind, Object? value, int depth) => _parseGroup(
        kind,
        value,
        depth,
        '${model.name}ScalarWhereWithAggregatesInput',
        (Map<String, Object?> item) => _map(item, depth + 1),
      );

  Filter? _field(FieldInfo field, Object? value) {
    final _WhereParser parser = _WhereParser(schema);
    if (value is! Map) {
      plainFields.add(field.name);
      return parser._field(model, field, value);
    }
    final Map<String, Object?> map = _expectMap(value, 'Argument `${field.name}` of `having`');
    final Map<String, Object?> plain = <String, Object?>{};
    final List<Filter> filters = <Filter>[];
    for (final String key in map.keys) {
      final AggregateOp? op = _aggregateOp(key);
      if (op == null) {
        plain[key] = map[key];
        continue;
      }
      if (!_aggregates(op, field)) {
        _invalid('Unknown argument `$key` in `having.${field.name}` of model ${model.name}.');
      }
      final Filter? filter = parser._field(model, _aggregateField(field, op), map[key]);
      if (filter != null) filters.add(filter);
    }
    if (plain.isNotEmpty) {
      plainFields.add(field.name);
      final Filter? filter = parser._field(model, field, plain);
      if (filter != null) filters.add(filter);
    }
    return _and(filters);
  }
}

/// The value an aggregate of [field] filters on, as a field named [AggregateOp.of]: `_count` is
/// an Int, `_avg` a Float (a Decimal for Decimal fields), the others have [field]'s kind.
FieldInfo _aggregateField(FieldInfo field, AggregateOp op) {
  final ScalarKind kind = switch (op) {
    AggregateOp.count => ScalarKind.int,
    AggregateOp.avg => field.kind == ScalarKind.decimal ? ScalarKind.decimal : ScalarKind.float,
    AggregateOp.sum || AggregateOp.min || AggregateOp.max => field.kind,
  };
  return FieldInfo(
    name: op.of(field.name),
    column: field.column,
    kind: kind,
    enumName: kind == ScalarKind.enumeration ? field.enumName : null,
    isOptional: op != AggregateOp.count,
  );
}

// --- values --------------------------------------------------------------------------------------

/// [value] (not null) as a [Row] value of [field]'s kind (one element of a list field), or null
/// when it is not one. Shared by the filters (here) and the writes (write.dart):
///
/// - String: a String; enums: a String naming one of the enum's values (Prisma name);
/// - Int: an int, or an integral double (the web does not tell them apart);
/// - BigInt: a BigInt or an int; Float: any num, as a double;
/// - Decimal: a Decimal, an int, or a String or double holding a decimal number;
/// - Boolean: a bool; Bytes: a Uint8List (or a List<int>, copied);
/// - DateTime: a DateTime, or an ISO-8601 String with a time zone, in UTC and truncated to whole
///   milliseconds (what both storages keep: a filter value compares as the stored value does);
/// - Json: any value but a [JsonNullValue] (the callers handle Prisma's null markers).
Object? coerceScalar(SchemaInfo schema, FieldInfo field, Object value) {
  switch (field.kind) {
    case ScalarKind.string:
      if (value is String) return value;
    case ScalarKind.int:
      if (value is int) return value;
      if (value is double && value.isFinite && value == value.truncateToDouble()) {
        return value.toInt();
      }
    case ScalarKind.bigInt:
      if (value is BigInt) return value;
      if (value is int) return BigInt.from(value);
    case ScalarKind.float:
      if (value is num) return value.toDouble();
    case ScalarKind.decimal:
      if (value is Decimal) return value;
      if (value is int) return Decimal.fromInt(value);
      if (value is String || (value is double && value.isFinite)) {
        return Decimal.tryParse('$value');
      }
    case ScalarKind.boolean:
      if (value is bool) return value;
    case ScalarKind.dateTime:
      final DateTime? time = value is DateTime
          ? value
          : value is String
              ? DateTime.tryParse(value)
              : null;
      // A parsed String without a time zone is local time: refused, as Prisma refuses it.
      if (time != null && (value is DateTime || time.isUtc)) {
        return DateTime.fromMillisecondsSinceEpoch(time.millisecondsSinceEpoch, isUtc: true);
      }
    case ScalarKind.json:
      // The JsonNullValue markers are not values (an element of a Json list, say).
      if (value is! JsonNullValue) return value;
    case ScalarKind.bytes:
      if (value is Uint8List) return value;
      if (value is List<int>) return Uint8List.fromList(value);
    case ScalarKind.enumeration:
      final EnumInfo? info = schema.enums[field.enumName];
      if (value is String && info != null && info.values.contains(value)) return value;
  }
  return null;
}

/// [coerceScalar] of a filter's [value] for [argument], or the validation error naming it.
Object _coerce(
  SchemaInfo schema,
  ModelInfo model,
  FieldInfo field,
  Object value,
  String argument,
) {
  final Object? coerced = coerceScalar(schema, field, value);
  if (coerced != null) return coerced;
  final String where = '${model.name}.${field.name}';
  if (field.kind == ScalarKind.dateTime && value is String) {
    _invalid('Invalid value for argument `$argument` ($where): ${_describe(value)} is not an '
        'ISO-8601 DateTime with a time zone. Expected ISO-8601 DateTime.');
  }
  if (field.kind == ScalarKind.enumeration) {
    _invalid('Invalid value for argument `$argument` ($where). Expected ${field.enumName}, got '
        '${_describe(value)}.');
  }
  _invalid('Argument `$argument` ($where): Invalid value provided. Expected '
      '${prismaTypeName(field)}, provided ${_describe(value)}.');
}

/// [field]'s type as Prisma names it in messages: `Int`, `DateTime`, the enum's name, `String[]`.
String prismaTypeName(FieldInfo field) {
  final String name = switch (field.kind) {
    ScalarKind.string => 'String',
    ScalarKind.int => 'Int',
    ScalarKind.bigInt => 'BigInt',
    ScalarKind.float => 'Float',
    ScalarKind.decimal => 'Decimal',
    ScalarKind.boolean => 'Boolean',
    ScalarKind.dateTime => 'DateTime',
    ScalarKind.json => 'Json',
    ScalarKind.bytes => 'Bytes',
    ScalarKind.enumeration => field.enumName ?? 'enum',
  };
  return field.isList ? '$name[]' : name;
}

/// The Prisma type of a Dart argument value, for messages: `Int`, `String`, `Object`, ...
String prismaValueType(Object? value) {
  if (value == null) return 'null';
  if (value is String) return 'String';
  if (value is bool) return 'Boolean';
  if (value is int) return 'Int';
  if (value is double) return 'Float';
  if (value is BigInt) return 'BigInt';
  if (value is Decimal) return 'Decimal';
  if (value is DateTime) return 'DateTime';
  if (value is Uint8List) return 'Bytes';
  if (value is List) return 'List';
  if (value is JsonNullValue) return value.name;
  return 'Object';
}

/// [prismaValueType], with a String's text.
String _describe(Object? value) {
  if (value is String) {
    final String text = value.length > 40 ? '${value.substring(0, 37)}...' : value;
    return 'String "$text"';
  }
  return prismaValueType(value);
}

/// A map with String keys, keeping [value]'s key order.
Map<String, Object?> _expectMap(Object? value, String what) {
  if (value is! Map) _invalid('$what: expected an object, got ${_describe(value)}.');
  final Map<String, Object?> map = <String, Object?>{};
  for (final Object? key in value.keys) {
    if (key is! String) _invalid('$what: object keys must be strings, got ${_describe(key)}.');
    map[key] = value[key];
  }
  return map;
}

Never _invalid(String message) => throw PrismaClientValidationError(message);

Never _inputError(String model, String details) => throw PrismaClientKnownRequestError(
      'P2019',
      'Input error. $details',
      meta: <String, Object?>{'modelName': model, 'details': details},
    );
