// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The read side of the engine: findMany/findFirst/findUnique, count, aggregate, groupBy, and
/// the shaping (select/include/omit) of the records that reads and writes return.
///
/// Everything here runs above [StorageTransaction], so that both backends give the same results:
/// the backend filters and orders ([Filter], [OrderTerm]); pagination with a cursor, `distinct`,
/// relation loading, `_count` and every aggregate are computed here, in Dart.
///
/// Prisma semantics reproduced (Prisma 7.10 on SQLite, its query compiler and its
/// client-engine-runtime `in-memory-processing.ts`; the parity vectors in fixtures/parity/cases
/// are the reference):
///
/// - No `orderBy`: the identity ascending (Prisma gives primary-key order on SQLite).
/// - Negative `take`: the ordering is reversed, `skip` and `|take|` apply from the end, and the
///   page is returned in the requested order again.
/// - `cursor`: the rows at or after the cursor row in the ordering, by Prisma's cursor condition
///   (prisma-engines `cursor_condition.rs`): with ordering terms t1..tn and the cursor row's
///   values c1..cn, `(t1 = c1 AND ... AND tn >= cn) OR ... OR (t1 > c1)` (`<` for descending
///   terms, flipped for a negative take); a comparison involving NULL counts as true on an
///   optional field, and a row whose optional foreign key on the last hop of a relation path is
///   NULL passes. A missing cursor row gives no rows. When the cursor cannot be trusted to sit
///   in that window (an ordering that is not unique, an optional ordering field, `distinct`,
///   or a to-many relation of several parent rows), Prisma also looks the cursor row up in the
///   window and starts there, giving nothing if it is not in it: so does [Reader].
/// - `distinct`: the first row of each combination of values in the (possibly reversed)
///   ordering, after the cursor condition and before skip/take.
/// - Relations are loaded in batches: one storage query per relation per level (the related
///   rows of every parent row at once), plus one for a cursor row; implicit many-to-many
///   relations read their join table once. take/skip/cursor/distinct of a to-many relation apply
///   per parent row.
/// - Aggregates: `_count` counts non-null values (`_all`: rows); `_sum` of Int is an int, of
///   BigInt a BigInt, of Float a double (Kahan-Babuska-Neumaier summation, as SQLite 3.43+), of
///   Decimal an exact Decimal; `_avg` is a double for Int/BigInt/Float and an exact Decimal for
///   Decimal (truncated to 20 decimal places when the quotient does not terminate); `_min`/`_max`
///   compare as [compareValues]. Over no row: 0 for counts, null otherwise.
///   Prisma stores Decimal as REAL on SQLite, so its sums show float artefacts
///   (`110.33999999999999`); the Dart client's are exact (`110.34`).
/// - Json: a stored JSON null ([JsonNullValue.jsonNull] in a [Row]) is returned as `null`, as
///   Prisma Client returns it.
///
/// Inside the storage transaction nothing but storage operations is awaited (IndexedDB; see
/// docs/internals/dart-client.md, "Awaiting inside a storage transaction"): every async method
/// here awaits at least one storage operation before it completes (`txn.touch()` on a path with
/// nothing to read), and shaping rows that need no relation is synchronous.
library;

import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal, RationalExt;

import 'args.dart';
import 'compare.dart';
import 'errors.dart';
import 'filter.dart';
import 'schema.dart';
import 'storage.dart';

/// Runs Prisma's read operations on one storage transaction.
///
/// Methods take the model's Prisma name and Prisma's argument map (docs/internals/dart-client.md)
/// and return rows: Prisma field name -> Dart value, with the keys in Prisma's order, included
/// relations as `List<Row>` or `Row?`, and `_count` as a map. Arguments Prisma would refuse throw
/// [PrismaClientValidationError] (or [PrismaClientKnownRequestError] `P2019`) before anything is
/// read. The `OrThrow` variants are the caller's: `P2025` when the result is null.
class Reader {
  Reader(this.schema);

  final SchemaInfo schema;

  /// `findMany`: `where`, `orderBy`, `cursor`, `take`, `skip`, `distinct`, `select`, `include`,
  /// `omit`.
  Future<List<Row>> findMany(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final FindArgs find = parseFindArgs(schema, model, args);
    final List<Row> rows = await _page(txn, info, find, findCursor: true);
    final List<Row> shaped = _layout(rows, find.selection);
    if (_loads(rows, find.selection)) {
      await _load(txn, info, rows, shaped, find.selection, uniqueParent: false);
    }
    return shaped;
  }

  /// `findFirst`: the first row [findMany] would return, or null.
  ///
  /// `take` may only be 1 or -1 (the last row): any other value is `P2019`, as in Prisma.
  Future<Row?> findFirst(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final FindArgs find = parseFindArgs(schema, model, args);
    final int? take = find.take;
    if (take != null && take != 1 && take != -1) {
      const String details =
          "The 'findFirst' operation cannot be used with a 'take' argument that isn't 1 or -1";
      throw PrismaClientKnownRequestError(
        'P2019',
        'Input error. $details',
        meta: <String, Object?>{'modelName': model, 'details': details},
      );
    }
    final List<Row> rows = await _page(txn, info, find.withTake(take ?? 1), findCursor: true);
    if (rows.isEmpty) return null;
    final List<Row> first = <Row>[rows.first];
    final List<Row> shaped = _layout(first, find.selection);
    if (_loads(first, find.selection)) {
      await _load(txn, info, first, shaped, find.selection, uniqueParent: false);
    }
    return shaped.single;
  }

  /// `findUnique`: the row `where` (a WhereUniqueInput, see [parseWhereUnique]) selects, or
  /// null. Takes `where`, `select`, `include`, `omit`.
  Future<Row?> findUnique(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final FindArgs find = parseFindArgs(schema, model, args, unique: true);
    final List<Row> rows = await txn.select(model, where: find.where, limit: 1);
    if (rows.isEmpty) return null;
    final List<Row> shaped = _layout(rows, find.selection);
    if (_loads(rows, find.selection)) {
      await _load(txn, info, rows, shaped, find.selection, uniqueParent: true);
    }
    return shaped.single;
  }

  /// `count`: the number of rows (an int), or with `select: {_all: true, field: true, ...}` a
  /// map of counts (non-null values per field), over the rows `where`, `orderBy`, `cursor`,
  /// `take` and `skip` select.
  Future<Object> count(StorageTransaction txn, String model, Map<String, Object?> args) async {
    final ModelInfo info = schema.model(model);
    final AggregateArgs parsed = parseCountArgs(schema, model, args);
    final FindArgs rowsArgs = parsed.rows;
    final List<String>? fields = parsed.aggregates.single.fields;
    if (fields == null &&
        rowsArgs.cursor == null &&
        rowsArgs.take == null &&
        rowsArgs.skip == 0) {
      return await txn.count(model, where: rowsArgs.where);
    }
    final List<Row> rows = await _page(txn, info, rowsArgs, findCursor: false);
    if (fields == null) return rows.length;
    return _aggregateMap(info, AggregateOp.count, fields, rows);
  }

  /// `aggregate`: `_count`, `_avg`, `_sum`, `_min`, `_max` (keys in argument order) over the rows
  /// `where`, `orderBy`, `cursor`, `take` and `skip` select.
  Future<Map<String, Object?>> aggregate(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final AggregateArgs parsed = parseAggregateArgs(schema, model, args);
    final List<Row> rows = await _page(txn, info, parsed.rows, findCursor: false);
    final Map<String, Object?> result = <String, Object?>{};
    for (final AggregateSelection selection in parsed.aggregates) {
      final List<String>? fields = selection.fields;
      result[selection.op.key] =
          fields == null ? rows.length : _aggregateMap(info, selection.op, fields, rows);
    }
    return result;
  }

  /// `groupBy`: one map per group of the rows `where` selects, grouped by the values of `by`
  /// (NULL is a group of its own), kept by `having`, ordered by `orderBy` (without it: by the
  /// `by` fields ascending), paged by `skip`/`take`. Each map holds the requested aggregates
  /// (in argument order), then the `by` fields.
  ///
  /// A negative `take` reverses the ordering and, as Prisma 7.10 does for groupBy, the result
  /// stays in that reversed order.
  Future<List<Map<String, Object?>>> groupBy(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final GroupByArgs parsed = parseGroupByArgs(schema, model, args);
    final List<Row> rows = await txn.select(model, where: parsed.where);
    final Map<String, List<Row>> members = <String, List<Row>>{};
    for (final Row row in rows) {
      final String key = _keyOfValues(<Object?>[for (final String field in parsed.by) row[field]]);
      (members[key] ??= <Row>[]).add(row);
    }
    final List<_Group> groups = <_Group>[];
    for (final List<Row> group in members.values) {
      final _Group candidate = _Group(info, group);
      if (_holds(parsed.having, candidate.value) == true) groups.add(candidate);
    }
    final List<GroupOrderTerm> terms = <GroupOrderTerm>[
      ...parsed.orderBy,
      for (final String field in parsed.by) GroupOrderTerm(field),
    ];
    final int? take = parsed.take;
    final bool reverse = take != null && take < 0;
    _sortStable(groups, (_Group a, _Group b) {
      for (final GroupOrderTerm term in terms) {
        final String name = term.aggregate?.of(term.field) ?? term.field;
        final int compared = _compareOrdered(
          a.value(name),
          b.value(name),
          term.descending != reverse,
          reverse ? _flipped(term.nulls) : term.nulls,
        );
        if (compared != 0) return compared;
      }
      return 0;
    });
    final List<_Group> page = _slice(groups, parsed.skip, take);
    return <Map<String, Object?>>[
      for (final _Group group in page) group.result(parsed),
    ];
  }

  /// The record a write returns: [row] (a stored row of [model]) shaped by the `select`,
  /// `include` and `omit` of [args] (the write's arguments; other keys are ignored), with its
  /// relations loaded as a findUnique would. (Completes after a storage operation, one that does
  /// nothing when there is no relation to load: the write's caller may go on in the transaction.)
  Future<Row> shape(
    StorageTransaction txn,
    String model,
    Row row,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final Selection selection = parseSelection(schema, model, args);
    final List<Row> rows = <Row>[row];
    final List<Row> shaped = _layout(rows, selection);
    if (_loads(rows, selection)) {
      await _load(txn, info, rows, shaped, selection, uniqueParent: true);
    } else {
      await txn.touch();
    }
    return shaped.single;
  }

  /// [rows] (stored rows of [model]) shaped by the `select`, `include` and `omit` of [args],
  /// relations loaded in one batch for all of them (createManyAndReturn, updateManyAndReturn).
  Future<List<Row>> shapeMany(
    StorageTransaction txn,
    String model,
    List<Row> rows,
    Map<String, Object?> args,
  ) async {
    final ModelInfo info = schema.model(model);
    final Selection selection = parseSelection(schema, model, args);
    final List<Row> shaped = _layout(rows, selection);
    if (_loads(rows, selection)) {
      await _load(txn, info, rows, shaped, selection, uniqueParent: false);
    } else {
      await txn.touch();
    }
    return shaped;
  }

  // --- pagination --------------------------------------------------------------------------------

  /// The rows of [model] that [args] selects, in order. [findCursor]: whether Prisma would look
  /// the cursor row up in memory when it must (findMany, findFirst; not count and aggregate,
  /// which Prisma runs as one SQL query).
  Future<List<Row>> _page(
    StorageTransaction txn,
    ModelInfo model,
    FindArgs args, {
    required bool findCursor,
  }) async {
    final int? take = args.take;
    if (take == 0) {
      await txn.touch();
      return <Row>[];
    }
    final List<OrderTerm> terms = _ordering(model, args.orderBy);
    final bool reverse = take != null && take < 0;
    final List<OrderTerm> order = reverse ? _reversed(terms) : terms;
    final Filter? cursor = args.cursor;
    if (cursor == null && args.distinct == null) {
      final List<Row> page = await txn.select(
        model.name,
        where: args.where,
        orderBy: order,
        limit: take?.abs(),
        offset: args.skip,
      );
      return reverse ? page.reversed.toList() : page;
    }
    Row? cursorRow;
    if (cursor != null) {
      cursorRow = await _cursorRow(txn, model, cursor);
      if (cursorRow == null) return <Row>[];
    }
    final List<Row> rows = await txn.select(model.name, where: args.where, orderBy: order);
    List<Row> after = rows;
    if (cursorRow != null) {
      final List<Row> all = <Row>[cursorRow, ...rows];
      final List<List<_Key>> keys = _orderKeys(model, all, order);
      if (_orderLoads(order)) await _loadOrderKeys(txn, model, all, order, keys);
      after = _afterCursor(model, <List<Row>>[rows], keys, order).single;
    }
    final bool lookUp = cursorRow != null &&
        findCursor &&
        (args.distinct != null || _cursorNeedsLookUp(model, terms));
    return _window(model, after, args, lookUp ? cursorRow : null);
  }

  /// The related rows of each of [parents] through the to-many [relation], paged per parent by
  /// [args]. [uniqueParent]: the parents are the one row of a findUnique or a write, for which
  /// Prisma pages in SQL (no cursor look-up unless the ordering needs one).
  Future<List<List<Row>>> _relatedPage(
    StorageTransaction txn,
    ModelInfo model,
    RelationInfo relation,
    List<Row> parents,
    FindArgs args, {
    required bool uniqueParent,
  }) async {
    final ModelInfo target = schema.model(relation.target);
    final int? take = args.take;
    final List<List<Row>> none = <List<Row>>[for (final Row _ in parents) <Row>[]];
    if (take == 0 || parents.isEmpty) {
      await txn.touch();
      return none;
    }
    final List<OrderTerm> terms = _ordering(target, args.orderBy);
    final bool reverse = take != null && take < 0;
    final List<OrderTerm> order = reverse ? _reversed(terms) : terms;
    final Filter? cursor = args.cursor;
    Row? cursorRow;
    if (cursor != null) {
      cursorRow = await _cursorRow(txn, target, cursor);
      if (cursorRow == null) return none;
    }
    final List<List<Row>> groups = await _relatedRows(
      txn,
      model,
      relation,
      parents,
      where: args.where,
      orderBy: order,
    );
    List<List<Row>> after = groups;
    if (cursorRow != null) {
      final List<Row> all = <Row>[
        cursorRow,
        for (final List<Row> group in groups) ...group,
      ];
      final List<List<_Key>> keys = _orderKeys(target, all, order);
      if (_orderLoads(order)) await _loadOrderKeys(txn, target, all, order, keys);
      after = _afterCursor(target, groups, keys, order);
    }
    final bool lookUp = cursorRow != null &&
        (!uniqueParent || args.distinct != null || _cursorNeedsLookUp(target, terms));
    return <List<Row>>[
      for (final List<Row> group in after) _window(target, group, args, lookUp ? cursorRow : null),
    ];
  }

  /// [rows] (in the effective order) after `distinct`, the cursor look-up (when [cursorRow] is
  /// given), `skip` and `take`, back in the requested order.
  List<Row> _window(ModelInfo model, List<Row> rows, FindArgs args, Row? cursorRow) {
    final List<String>? distinct = args.distinct;
    final List<Row> unique = distinct == null ? rows : _distinctRows(rows, distinct);
    int skip = args.skip;
    if (cursorRow != null) {
      final String identity = _identityKey(model, cursorRow);
      final int index = unique.indexWhere((Row row) => _identityKey(model, row) == identity);
      if (index < 0) return <Row>[];
      skip += index;
    }
    final int? take = args.take;
    final List<Row> page = _slice(unique, skip, take);
    return take != null && take < 0 ? page.reversed.toList() : page;
  }

  Future<Row?> _cursorRow(StorageTransaction txn, ModelInfo model, Filter cursor) async {
    final List<Row> rows = await txn.select(model.name, where: cursor, limit: 1);
    return rows.isEmpty ? null : rows.first;
  }

  /// Each of [groups] (rows of [model] in the effective [order]) without the rows before the
  /// cursor row by Prisma's cursor condition. [keys]: the ordering terms' values of the cursor
  /// row, then of every row of [groups] in order ([_orderKeys]).
  List<List<Row>> _afterCursor(
    ModelInfo model,
    List<List<Row>> groups,
    List<List<_Key>> keys,
    List<OrderTerm> order,
  ) {
    final List<_TermInfo> infos = <_TermInfo>[
      for (final OrderTerm term in order) _termInfo(model, term),
    ];
    final List<_Key> at = keys.first;
    int next = 1;
    final List<List<Row>> kept = <List<Row>>[];
    for (final List<Row> group in groups) {
      final List<Row> rows = <Row>[];
      for (final Row row in group) {
        if (_cursorHolds(keys[next], at, infos) == true) rows.add(row);
        next++;
      }
      kept.add(rows);
    }
    return kept;
  }

  /// Whether Prisma processes a cursor in memory for [terms] (its `contains_unstable_cursor` or
  /// `contains_null_cursor`).
  bool _cursorNeedsLookUp(ModelInfo model, List<OrderTerm> terms) {
    for (final OrderTerm term in terms) {
      if (term.countOf == null && _finalField(model, term.path).isOptional) return true;
    }
    return !_isStableOrdering(model, terms);
  }

  /// Prisma's `is_stable_ordering`: the ordering contains a unique field or unique index of the
  /// model itself, or a unique field reached over one-to-one relations only, and no optional
  /// relation hop. A compound primary key ([ModelInfo.primaryKey]) does not count: Prisma does
  /// not count it among the unique indexes.
  bool _isStableOrdering(ModelInfo model, List<OrderTerm> terms) {
    if (terms.isEmpty) return true;
    final List<String> onModel = <String>[
      for (final OrderTerm term in terms)
        if (term.countOf == null && term.path.length == 1) term.path.single,
    ];
    bool stable = false;
    for (final OrderTerm term in terms) {
      if (term.countOf != null || term.path.length < 2) continue;
      ModelInfo at = model;
      bool oneToOne = true;
      for (int hop = 0; hop < term.path.length - 1; hop++) {
        final RelationInfo relation = at.relation(term.path[hop]);
        if (relation.isOptional) return false;
        if (relation.kind != RelationKind.oneToOne) oneToOne = false;
        at = schema.model(relation.target);
      }
      if (oneToOne && _isSingleUnique(at, term.path.last)) stable = true;
    }
    if (onModel.any((String field) => _isSingleUnique(model, field))) return true;
    final List<String>? primaryKey = model.primaryKey;
    for (final List<String> criterion in model.uniques) {
      if (criterion.length < 2) continue;
      if (primaryKey != null && _sameFields(criterion, primaryKey)) continue;
      if (criterion.every(onModel.contains)) return true;
    }
    return stable;
  }

  FieldInfo _finalField(ModelInfo model, List<String> path) {
    ModelInfo at = model;
    for (int hop = 0; hop < path.length - 1; hop++) {
      at = schema.model(at.relation(path[hop]).target);
    }
    return at.field(path.last);
  }

  _TermInfo _termInfo(ModelInfo model, OrderTerm term) => _TermInfo(
        descending: term.descending,
        nullable: term.countOf == null && _finalField(model, term.path).isOptional,
      );

  /// The value of every ordering term for every row: plain fields as stored, and a placeholder
  /// for each term [_loadOrderKeys] fills (a to-one path, a count).
  List<List<_Key>> _orderKeys(ModelInfo model, List<Row> rows, List<OrderTerm> terms) =>
      <List<_Key>>[
        for (final Row row in rows)
          <_Key>[
            for (final OrderTerm term in terms)
              _termLoads(term) ? const _Key(null, false) : _Key(row[term.path.last], false),
          ],
      ];

  /// Fills in [keys] the values of the [terms] that need related rows ([_orderLoads] must hold):
  /// to-one paths through batch loads (one query per hop), counts through [_countRelated].
  Future<void> _loadOrderKeys(
    StorageTransaction txn,
    ModelInfo model,
    List<Row> rows,
    List<OrderTerm> terms,
    List<List<_Key>> keys,
  ) async {
    final List<int> loaded = <int>[
      for (int index = 0; index < terms.length; index++)
        if (_termLoads(terms[index])) index,
    ];
    await _loadOrderKey(txn, model, rows, terms[loaded.first], loaded.first, keys);
    for (final int index in loaded.skip(1)) {
      await _loadOrderKey(txn, model, rows, terms[index], index, keys);
    }
  }

  /// The values of [term] (a count, or a to-one path of at least one hop) into `keys[i][index]`.
  Future<void> _loadOrderKey(
    StorageTransaction txn,
    ModelInfo model,
    List<Row> rows,
    OrderTerm term,
    int index,
    List<List<_Key>> keys,
  ) async {
    final String? countOf = term.countOf;
    if (countOf != null) {
      final List<int> counts =
          await _countRelated(txn, model, model.relation(countOf), rows, const AllRows());
      for (int i = 0; i < rows.length; i++) {
        keys[i][index] = _Key(counts[i], false);
      }
      return;
    }
    List<Row?> current = <Row?>[...rows];
    final List<bool> foreignKeyNull = <bool>[for (final Row _ in rows) false];
    ModelInfo at = model;
    int hop = 0;
    do {
      final RelationInfo relation = at.relation(term.path[hop]);
      if (hop == term.path.length - 2) {
        final ModelInfo owner = at;
        final List<String> optional = <String>[
          for (final String field in relation.fields)
            if (owner.field(field).isOptional) field,
        ];
        if (optional.isNotEmpty) {
          for (int i = 0; i < current.length; i++) {
            final Row? row = current[i];
            foreignKeyNull[i] = row == null || optional.any((String field) => row[field] == null);
          }
        }
      }
      current = await _followToOne(txn, at, relation, current);
      at = schema.model(relation.target);
      hop++;
    } while (hop < term.path.length - 1);
    final String field = term.path.last;
    for (int i = 0; i < rows.length; i++) {
      keys[i][index] = _Key(current[i]?[field], foreignKeyNull[i]);
    }
  }

  // --- relations ---------------------------------------------------------------------------------

  /// For each of [parents] (rows of [model]), its rows related through [relation] that pass
  /// [where], in [orderBy] order: one storage query (and one join-table read for an implicit
  /// many-to-many relation) for all parents.
  Future<List<List<Row>>> _relatedRows(
    StorageTransaction txn,
    ModelInfo model,
    RelationInfo relation,
    List<Row> parents, {
    Filter where = const AllRows(),
    List<OrderTerm> orderBy = const <OrderTerm>[],
  }) async {
    final List<List<Row>> related = <List<Row>>[for (final Row _ in parents) <Row>[]];
    final ModelInfo target = schema.model(relation.target);
    if (relation.kind == RelationKind.manyToMany) {
      final List<List<Object>> linked = await _linkedIds(txn, model, relation, parents);
      final String id = target.identity.single;
      final _Keys<Object> targets = _Keys<Object>();
      for (int i = 0; i < parents.length; i++) {
        for (final Object other in linked[i]) {
          targets.add(_keyOf(other), other, i);
        }
      }
      if (targets.values.isEmpty) return related;
      final List<Row> rows = await txn.select(
        target.name,
        where: _both(FieldCondition(id, CompareOp.inList, targets.values), where),
        orderBy: orderBy,
      );
      for (final Row row in rows) {
        for (final int i in targets.parentsWith(_keyOf(row[id]))) {
          related[i].add(row);
        }
      }
      return related;
    }
    final ({List<String> own, List<String> target}) link = schema.linkFields(relation);
    final List<String> parentFields = link.own;
    final List<String> childFields = link.target;
    final _Keys<List<Object>> keys = _Keys<List<Object>>();
    for (int i = 0; i < parents.length; i++) {
      final List<Object> values = <Object>[];
      for (final String field in parentFields) {
        final Object? value = parents[i][field];
        if (value != null) values.add(value);
      }
      if (values.length == parentFields.length) keys.add(_keyOfValues(values), values, i);
    }
    if (keys.values.isEmpty) {
      await txn.touch();
      return related;
    }
    final Filter linked = childFields.length == 1
        ? FieldCondition(
            childFields.single,
            CompareOp.inList,
            <Object>[for (final List<Object> key in keys.values) key.single],
          )
        : Or(<Filter>[
            for (final List<Object> key in keys.values)
              And(<Filter>[
                for (int j = 0; j < childFields.length; j++)
                  FieldCondition(childFields[j], CompareOp.equals, key[j]),
              ]),
          ]);
    final List<Row> rows =
        await txn.select(target.name, where: _both(linked, where), orderBy: orderBy);
    for (final Row row in rows) {
      final String key =
          _keyOfValues(<Object?>[for (final String field in childFields) row[field]]);
      for (final int i in keys.parentsWith(key)) {
        related[i].add(row);
      }
    }
    return related;
  }

  /// For each of [parents], the identities its implicit many-to-many [relation] links it to, in
  /// join-table order: one read of the join table.
  Future<List<List<Object>>> _linkedIds(
    StorageTransaction txn,
    ModelInfo model,
    RelationInfo relation,
    List<Row> parents,
  ) async {
    final List<List<Object>> linked = <List<Object>>[for (final Row _ in parents) <Object>[]];
    final String? joinTable = relation.joinTable;
    if (joinTable == null) {
      throw ArgumentError.value(
        relation.name,
        'relation',
        'a many-to-many relation of ${model.name} without a join table',
      );
    }
    final bool ownColumnIsA = relation.joinColumn == 'A';
    final String id = model.identity.single;
    final _Keys<Object> ids = _Keys<Object>();
    for (int i = 0; i < parents.length; i++) {
      final Object? value = parents[i][id];
      if (value != null) ids.add(_keyOf(value), value, i);
    }
    if (ids.values.isEmpty) {
      await txn.touch();
      return linked;
    }
    final List<Link> links = ownColumnIsA
        ? await txn.links(joinTable, a: ids.values)
        : await txn.links(joinTable, b: ids.values);
    for (final Link link in links) {
      final Object own = ownColumnIsA ? link.a : link.b;
      final Object other = ownColumnIsA ? link.b : link.a;
      for (final int i in ids.parentsWith(_keyOf(own))) {
        linked[i].add(other);
      }
    }
    return linked;
  }

  /// For each of [parents], its related row through the to-one [relation] (null when there is
  /// none, or when the parent is null).
  Future<List<Row?>> _followToOne(
    StorageTransaction txn,
    ModelInfo model,
    RelationInfo relation,
    List<Row?> parents,
  ) async {
    final List<Row> present = <Row>[];
    final List<int> positions = <int>[];
    for (int i = 0; i < parents.length; i++) {
      final Row? parent = parents[i];
      if (parent != null) {
        present.add(parent);
        positions.add(i);
      }
    }
    final List<Row?> related = <Row?>[for (final Row? _ in parents) null];
    final List<List<Row>> found = await _relatedRows(txn, model, relation, present);
    for (int j = 0; j < present.length; j++) {
      if (found[j].isNotEmpty) related[positions[j]] = found[j].first;
    }
    return related;
  }

  /// For each of [parents], the number of its rows related through the to-many [relation] that
  /// pass [where].
  Future<List<int>> _countRelated(
    StorageTransaction txn,
    ModelInfo model,
    RelationInfo relation,
    List<Row> parents,
    Filter where,
  ) async {
    if (relation.kind == RelationKind.manyToMany && where is AllRows) {
      final List<List<Object>> linked = await _linkedIds(txn, model, relation, parents);
      return <int>[for (final List<Object> ids in linked) ids.length];
    }
    final List<List<Row>> related = await _relatedRows(txn, model, relation, parents, where: where);
    return <int>[for (final List<Row> rows in related) rows.length];
  }

  // --- shaping -----------------------------------------------------------------------------------

  /// Fills the relations and `_count`s of [selection] into [shaped] (the [_layout] of [rows],
  /// rows of [model]), one batch per entry for all rows. [_loads] must hold.
  Future<void> _load(
    StorageTransaction txn,
    ModelInfo model,
    List<Row> rows,
    List<Row> shaped,
    Selection selection, {
    required bool uniqueParent,
  }) async {
    final List<Selected> loaded = <Selected>[
      for (final Selected entry in selection.entries)
        if (entry is! SelectedScalar) entry,
    ];
    int index = 0;
    do {
      final Selected entry = loaded[index];
      if (entry is SelectedRelation) {
        final List<Object?> values =
            await _relationValues(txn, model, entry, rows, uniqueParent: uniqueParent);
        for (int i = 0; i < rows.length; i++) {
          shaped[i][entry.relation] = values[i];
        }
      } else if (entry is SelectedCount) {
        final List<Map<String, Object?>> counts = await _counts(txn, model, rows, entry.relations);
        for (int i = 0; i < rows.length; i++) {
          shaped[i]['_count'] = counts[i];
        }
      } else {
        throw StateError('not a relation nor a count: $entry');
      }
      index++;
    } while (index < loaded.length);
  }

  /// `_count` of each of [rows]: the number of related rows through each of [relations] (not
  /// empty, see parseSelection) that pass its filter.
  Future<List<Map<String, Object?>>> _counts(
    StorageTransaction txn,
    ModelInfo model,
    List<Row> rows,
    List<CountedRelation> relations,
  ) async {
    final List<Map<String, Object?>> counts = <Map<String, Object?>>[
      for (final Row _ in rows) <String, Object?>{},
    ];
    int index = 0;
    do {
      final CountedRelation counted = relations[index];
      final List<int> numbers = await _countRelated(
        txn,
        model,
        model.relation(counted.relation),
        rows,
        counted.where,
      );
      for (int i = 0; i < rows.length; i++) {
        counts[i][counted.relation] = numbers[i];
      }
      index++;
    } while (index < relations.length);
    return counts;
  }

  /// For each of [rows], the value of the selected relation: a shaped row or null (to-one), a
  /// list of shaped rows (to-many).
  Future<List<Object?>> _relationValues(
    StorageTransaction txn,
    ModelInfo model,
    SelectedRelation selected,
    List<Row> rows, {
    required bool uniqueParent,
  }) async {
    final RelationInfo relation = model.relation(selected.relation);
    final ModelInfo target = schema.model(relation.target);
    final Selection selection = selected.args.selection;
    if (!relation.isList) {
      final List<Row?> related = await _followToOne(txn, model, relation, <Row?>[...rows]);
      final List<Row> present = <Row>[
        for (final Row? row in related)
          if (row != null) row,
      ];
      final List<Row> shaped = _layout(present, selection);
      if (_loads(present, selection)) {
        await _load(txn, target, present, shaped, selection, uniqueParent: false);
      }
      final List<Object?> values = <Object?>[];
      int next = 0;
      for (final Row? row in related) {
        if (row == null) {
          values.add(null);
        } else {
          values.add(shaped[next]);
          next++;
        }
      }
      return values;
    }
    final List<List<Row>> groups = await _relatedPage(
      txn,
      model,
      relation,
      rows,
      selected.args,
      uniqueParent: uniqueParent,
    );
    final List<Row> flat = <Row>[for (final List<Row> group in groups) ...group];
    final List<Row> shaped = _layout(flat, selection);
    if (_loads(flat, selection)) {
      await _load(txn, target, flat, shaped, selection, uniqueParent: false);
    }
    final List<Object?> values = <Object?>[];
    int next = 0;
    for (final List<Row> group in groups) {
      values.add(shaped.sublist(next, next + group.length));
      next += group.length;
    }
    return values;
  }
}

// --- shaping -------------------------------------------------------------------------------------

/// [rows] as [selection] lays them out: the keys in Prisma's order, scalars copied (a stored JSON
/// null as `null`, [jsonResult]), and `null` in place of each relation and `_count` until
/// [Reader._load] fills them.
List<Row> _layout(List<Row> rows, Selection selection) {
  final List<Row> shaped = <Row>[];
  for (final Row row in rows) {
    final Row out = <String, Object?>{};
    for (final Selected entry in selection.entries) {
      switch (entry) {
        case SelectedScalar(:final String field):
          out[field] = jsonResult(row[field]);
        case SelectedRelation(:final String relation):
          out[relation] = null;
        case SelectedCount():
          out['_count'] = null;
      }
    }
    shaped.add(out);
  }
  return shaped;
}

/// Whether an ordering term needs related rows: a to-one path, or a count.
bool _termLoads(OrderTerm term) => term.countOf != null || term.path.length > 1;

/// Whether any of [terms] needs related rows ([_termLoads]).
bool _orderLoads(List<OrderTerm> terms) => terms.any(_termLoads);

/// Whether shaping [rows] by [selection] loads anything (a relation or `_count`).
bool _loads(List<Row> rows, Selection selection) =>
    rows.isNotEmpty && selection.entries.any((Selected entry) => entry is! SelectedScalar);

// --- ordering and the cursor condition -----------------------------------------------------------

/// The ordering a read runs with: [orderBy], or the identity ascending when it is empty.
List<OrderTerm> _ordering(ModelInfo model, List<OrderTerm> orderBy) => orderBy.isNotEmpty
    ? orderBy
    : <OrderTerm>[
        for (final String field in model.identity) OrderTerm(<String>[field]),
      ];

/// [terms] for a negative take: every direction and NULL placement flipped (Prisma's
/// `into_order` with `reverse`).
List<OrderTerm> _reversed(List<OrderTerm> terms) => <OrderTerm>[
      for (final OrderTerm term in terms)
        OrderTerm(
          term.path,
          descending: !term.descending,
          nulls: _flipped(term.nulls),
          countOf: term.countOf,
        ),
    ];

NullsOrder? _flipped(NullsOrder? nulls) => switch (nulls) {
      null => null,
      NullsOrder.first => NullsOrder.last,
      NullsOrder.last => NullsOrder.first,
    };

/// Distinct values (keys of several parent rows, ids of related rows), each with the parent rows
/// (by index) that have it; a value is identified by its text ([_keyOf], [_keyOfValues]).
final class _Keys<T> {
  final Map<String, List<int>> _parents = <String, List<int>>{};

  /// The distinct values, in the order they were first added.
  final List<T> values = <T>[];

  /// Records that the parent at [index] has [value], whose text is [key].
  void add(String key, T value, int index) {
    final List<int>? known = _parents[key];
    if (known == null) {
      _parents[key] = <int>[index];
      values.add(value);
    } else {
      known.add(index);
    }
  }

  /// The parents that have the value whose text is [key].
  List<int> parentsWith(String key) => _parents[key] ?? const <int>[];
}

/// One ordering term's value for one row; [foreignKeyNull]: the row's optional foreign key on
/// the path's last hop is NULL (or a row on the way is missing).
final class _Key {
  const _Key(this.value, this.foreignKeyNull);

  final Object? value;
  final bool foreignKeyNull;
}

final class _TermInfo {
  const _TermInfo({required this.descending, required this.nullable});

  /// In the effective (possibly reversed) ordering.
  final bool descending;

  /// The term's field is optional: comparisons with NULL count as true.
  final bool nullable;
}

/// Prisma's cursor condition for one row (see the library comment), three-valued: null is
/// unknown, and only `true` keeps the row.
bool? _cursorHolds(List<_Key> row, List<_Key> cursor, List<_TermInfo> terms) {
  bool? any = false;
  for (int k = 0; k < terms.length; k++) {
    final int last = terms.length - k - 1;
    bool? block = true;
    for (int j = 0; j < last; j++) {
      block = and3(block, _equalTerm(row[j], cursor[j], terms[j]));
    }
    block = and3(block, _orderedTerm(row[last], cursor[last], terms[last], k == 0));
    any = or3(any, block);
  }
  return any;
}

bool? _equalTerm(_Key row, _Key cursor, _TermInfo term) {
  final Object? a = row.value;
  final Object? b = cursor.value;
  final bool? equal = a == null || b == null ? null : compareValues(a, b) == 0;
  if (!term.nullable) return equal;
  return or3(or3(equal, b == null), a == null);
}

bool? _orderedTerm(_Key row, _Key cursor, _TermInfo term, bool orEqual) {
  final Object? a = row.value;
  final Object? b = cursor.value;
  bool? ordered;
  if (a != null && b != null) {
    final int compared = compareValues(a, b);
    ordered = term.descending
        ? (orEqual ? compared <= 0 : compared < 0)
        : (orEqual ? compared >= 0 : compared > 0);
  }
  if (term.nullable) ordered = or3(or3(ordered, a == null), b == null);
  if (row.foreignKeyNull) ordered = true;
  return ordered;
}

/// [rows] with only the first row of each combination of [fields]' values (NULL is one value).
List<Row> _distinctRows(List<Row> rows, List<String> fields) {
  final Map<String, bool> seen = <String, bool>{};
  final List<Row> unique = <Row>[];
  for (final Row row in rows) {
    final String key = _keyOfValues(<Object?>[for (final String field in fields) row[field]]);
    if (seen.containsKey(key)) continue;
    seen[key] = true;
    unique.add(row);
  }
  return unique;
}

/// `items[skip .. skip + |take|]`, clamped.
List<T> _slice<T>(List<T> items, int skip, int? take) {
  if (skip >= items.length) return <T>[];
  final int end =
      take == null || skip + take.abs() > items.length ? items.length : skip + take.abs();
  return items.sublist(skip, end);
}

String _identityKey(ModelInfo model, Row row) =>
    _keyOfValues(<Object?>[for (final String field in model.identity) row[field]]);

bool _isSingleUnique(ModelInfo model, String field) {
  for (final List<String> criterion in model.uniques) {
    if (criterion.length == 1 && criterion.single == field) return true;
  }
  return false;
}

bool _sameFields(List<String> a, List<String> b) =>
    a.length == b.length && a.every(b.contains);

Filter _both(Filter a, Filter b) {
  if (b is AllRows) return a;
  return And(<Filter>[a, b]);
}

/// Sorts [items] in place by [compare], keeping the given order of equal items.
void _sortStable<T>(List<T> items, int Function(T a, T b) compare) {
  final List<T> original = <T>[...items];
  final List<int> order = <int>[for (int i = 0; i < original.length; i++) i];
  order.sort((int a, int b) {
    final int compared = compare(original[a], original[b]);
    return compared != 0 ? compared : a - b;
  });
  for (int i = 0; i < order.length; i++) {
    items[i] = original[order[i]];
  }
}

/// Compares two possibly null values for an ordering term: NULLs first ascending and last
/// descending (SQLite's default) unless [nulls] says otherwise.
int _compareOrdered(Object? a, Object? b, bool descending, NullsOrder? nulls) {
  if (a == null || b == null) {
    if (a == null && b == null) return 0;
    final bool nullsFirst = nulls == null ? !descending : nulls == NullsOrder.first;
    return (a == null) == nullsFirst ? -1 : 1;
  }
  final int compared = compareValues(a, b);
  return descending ? -compared : compared;
}

// --- values --------------------------------------------------------------------------------------

/// Compares two non-null values of one scalar kind as Prisma's SQLite database orders them:
/// numbers (int, double, BigInt, Decimal) numerically, Strings and enum values by Unicode code
/// point (SQLite's BINARY collation on UTF-8), `false` before `true`, DateTimes by instant, byte
/// arrays byte by byte (a prefix first), lists element by element. Values of different kinds
/// compare by a canonical text, only to be deterministic.
int compareValues(Object a, Object b) {
  if (a is num && b is num) return a < b ? -1 : (a > b ? 1 : 0);
  if (a is BigInt && b is BigInt) return a.compareTo(b);
  if (a is BigInt && b is int) return a.compareTo(BigInt.from(b));
  if (a is int && b is BigInt) return BigInt.from(a).compareTo(b);
  if (a is Decimal && b is Decimal) return a.compareTo(b);
  if (a is String && b is String) return compareText(a, b);
  if (a is bool && b is bool) return a == b ? 0 : (a ? 1 : -1);
  if (a is DateTime && b is DateTime) return a.compareTo(b);
  if (a is Uint8List && b is Uint8List) return compareBytes(a, b);
  if (a is List && b is List) {
    for (int i = 0; i < a.length && i < b.length; i++) {
      final int compared = _compareOrdered(a[i], b[i], false, null);
      if (compared != 0) return compared;
    }
    return a.length.compareTo(b.length);
  }
  return compareText(_keyOf(a), _keyOf(b));
}

/// A text that two values share exactly when Prisma treats them as the same value (grouping,
/// `distinct`, row identities): numbers by value (an int and an integral double alike, a BigInt
/// like the int it equals), Decimals by value (`0.10` is `0.1`), Strings exactly, DateTimes by
/// instant, bytes, lists and JSON objects by content.
String _keyOf(Object? value) {
  if (value == null) return 'n';
  if (value is bool) return value ? 'b1' : 'b0';
  if (value is int) return 'i$value';
  if (value is double) {
    if (value.isFinite && value == value.truncateToDouble() && value.abs() < 9007199254740992) {
      return 'i${value.toInt()}';
    }
    return 'd$value';
  }
  if (value is BigInt) return 'i$value';
  // Decimal's toString is canonical: no trailing fractional zeros (decimal 2.x and 3.x).
  if (value is Decimal) return 'm$value';
  if (value is String) return 's$value';
  if (value is DateTime) return 't${value.microsecondsSinceEpoch}';
  if (value is Uint8List) return 'x${value.join(',')}';
  if (value is List) {
    return 'l${_keyOfValues(<Object?>[for (final Object? item in value) item])}';
  }
  if (value is Map) {
    final List<Object?> parts = <Object?>[];
    for (final Object? key in value.keys) {
      parts.add('$key');
      parts.add(value[key]);
    }
    return 'o${_keyOfValues(parts)}';
  }
  if (value is Enum) return 'e${value.name}';
  return 'z$value';
}

/// A key of several values: each value's [_keyOf], length-prefixed.
String _keyOfValues(List<Object?> values) => <String>[
      for (final Object? value in values) _lengthPrefixed(_keyOf(value)),
    ].join();

String _lengthPrefixed(String key) => '${key.length}:$key';

// --- aggregates ----------------------------------------------------------------------------------

Map<String, Object?> _aggregateMap(
  ModelInfo model,
  AggregateOp op,
  List<String> fields,
  List<Row> rows,
) =>
    <String, Object?>{
      for (final String field in fields)
        field: field == '_all'
            ? rows.length
            : _aggregate(op, model.field(field), <Object?>[for (final Row row in rows) row[field]]),
    };

/// [op] over the values of [field] (nulls are skipped): see the library comment for the types.
Object? _aggregate(AggregateOp op, FieldInfo field, List<Object?> values) {
  final List<Object> present = <Object>[
    for (final Object? value in values)
      if (value != null) value,
  ];
  if (op == AggregateOp.count) return present.length;
  if (present.isEmpty) return null;
  switch (op) {
    case AggregateOp.count:
      return present.length;
    case AggregateOp.min:
    case AggregateOp.max:
      Object best = present.first;
      for (final Object value in present) {
        final int compared = compareValues(value, best);
        if (op == AggregateOp.min ? compared < 0 : compared > 0) best = value;
      }
      return best;
    case AggregateOp.sum:
    case AggregateOp.avg:
      final bool average = op == AggregateOp.avg;
      switch (field.kind) {
        case ScalarKind.int:
          int intSum = 0;
          for (final Object value in present) {
            intSum += (value as num).toInt();
          }
          return average ? intSum / present.length : intSum;
        case ScalarKind.bigInt:
          BigInt? bigSum;
          for (final Object value in present) {
            final BigInt big = value is BigInt ? value : BigInt.from((value as num).toInt());
            bigSum = bigSum == null ? big : bigSum + big;
          }
          final BigInt bigTotal = bigSum!;
          return average ? bigTotal.toDouble() / present.length : bigTotal;
        case ScalarKind.decimal:
          Decimal? decimalSum;
          for (final Object value in present) {
            final Decimal decimal = value as Decimal;
            decimalSum = decimalSum == null ? decimal : decimalSum + decimal;
          }
          final Decimal decimalTotal = decimalSum!;
          if (!average) return decimalTotal;
          return (decimalTotal / Decimal.fromInt(present.length))
              .toDecimal(scaleOnInfinitePrecision: 20);
        case ScalarKind.float:
        case ScalarKind.string:
        case ScalarKind.boolean:
        case ScalarKind.dateTime:
        case ScalarKind.json:
        case ScalarKind.bytes:
        case ScalarKind.enumeration:
          final double floatTotal = _floatSum(present);
          return average ? floatTotal / present.length : floatTotal;
      }
  }
}

/// SQLite's `sum()` of REAL values (3.43+): Kahan-Babuska-Neumaier compensated summation.
double _floatSum(List<Object> values) {
  double sum = 0;
  double error = 0;
  for (final Object value in values) {
    final double x = (value as num).toDouble();
    final double t = sum + x;
    if (sum.abs() > x.abs()) {
      error += (sum - t) + x;
    } else {
      error += (x - t) + sum;
    }
    sum = t;
  }
  return sum + error;
}

// --- groups --------------------------------------------------------------------------------------

/// The rows of one `groupBy` group, with its aggregates computed on demand.
final class _Group {
  _Group(this.model, this.rows);

  final ModelInfo model;

  /// Never empty.
  final List<Row> rows;

  final Map<String, Object?> _aggregates = <String, Object?>{};

  /// A `by` field's value, or an aggregate named as [AggregateOp.of] writes it (`_sum.views`).
  Object? value(String name) {
    final int dot = name.indexOf('.');
    if (dot < 0) return rows.first[name];
    if (_aggregates.containsKey(name)) return _aggregates[name];
    final String key = name.substring(0, dot);
    final String field = name.substring(dot + 1);
    AggregateOp? op;
    for (final AggregateOp candidate in AggregateOp.values) {
      if (candidate.key == key) op = candidate;
    }
    if (op == null) {
      throw ArgumentError.value(name, 'name', 'not an aggregate of ${model.name}');
    }
    final Object? result =
        _aggregate(op, model.field(field), <Object?>[for (final Row row in rows) row[field]]);
    _aggregates[name] = result;
    return result;
  }

  /// The group's result map: the aggregates of [args] in argument order, then the `by` fields.
  Map<String, Object?> result(GroupByArgs args) {
    final Map<String, Object?> result = <String, Object?>{};
    for (final AggregateSelection selection in args.aggregates) {
      final List<String>? fields = selection.fields;
      result[selection.op.key] = fields == null
          ? rows.length
          : <String, Object?>{
              for (final String field in fields)
                field: field == '_all' ? rows.length : value(selection.op.of(field)),
            };
    }
    for (final String field in args.by) {
      result[field] = rows.first[field];
    }
    return result;
  }
}

// --- having --------------------------------------------------------------------------------------

/// [filter] (of [GroupByArgs.having]) for one group whose values [valueOf] gives, three-valued:
/// null is unknown.
bool? _holds(Filter filter, Object? Function(String name) valueOf) => switch (filter) {
      AllRows() => true,
      NoRows() => false,
      And(:final List<Filter> filters) => _all(filters, valueOf),
      Or(:final List<Filter> filters) => _any(filters, valueOf),
      Not(filter: final Filter inner) => not3(_holds(inner, valueOf)),
      final FieldCondition condition => _test(condition, valueOf(condition.field)),
      RelationCondition(:final String relation) =>
        throw ArgumentError.value(relation, 'filter', 'a relation condition in having'),
      RelationExists(:final String relation) =>
        throw ArgumentError.value(relation, 'filter', 'a relation condition in having'),
    };

bool? _all(List<Filter> filters, Object? Function(String name) valueOf) {
  bool? result = true;
  for (final Filter filter in filters) {
    result = and3(result, _holds(filter, valueOf));
    if (result == false) return false;
  }
  return result;
}

bool? _any(List<Filter> filters, Object? Function(String name) valueOf) {
  bool? result = false;
  for (final Filter filter in filters) {
    result = or3(result, _holds(filter, valueOf));
    if (result == true) return true;
  }
  return result;
}

/// One condition on one value, as SQL evaluates it (a comparison with NULL is unknown; text
/// matching folds ASCII case when [FieldCondition.insensitive], as the SQLite backend does).
bool? _test(FieldCondition condition, Object? value) {
  final Object? operand = condition.value;
  final bool fold = condition.insensitive;
  if (condition.op == CompareOp.isNull) return value == null;
  if (condition.op == CompareOp.isNotNull) return value != null;
  if (value == null) return null;
  return switch (condition.op) {
    CompareOp.equals => _sameValue(value, operand, fold),
    CompareOp.notEquals => !_sameValue(value, operand, fold),
    CompareOp.lt => _compareFolded(value, operand, fold) < 0,
    CompareOp.lte => _compareFolded(value, operand, fold) <= 0,
    CompareOp.gt => _compareFolded(value, operand, fold) > 0,
    CompareOp.gte => _compareFolded(value, operand, fold) >= 0,
    CompareOp.inList => _items(operand).any((Object? item) => _sameValue(value, item, fold)),
    CompareOp.notInList => !_items(operand).any((Object? item) => _sameValue(value, item, fold)),
    CompareOp.contains ||
    CompareOp.startsWith ||
    CompareOp.endsWith =>
      value is String && operand is String
          ? textMatch(condition.op, value, operand, insensitive: fold)
          : null,
    CompareOp.has => _items(value).any((Object? item) => _sameValue(item, operand, false)),
    CompareOp.hasSome => _items(operand).any((Object? wanted) => _contains(value, wanted)),
    CompareOp.hasEvery => _items(operand).every((Object? wanted) => _contains(value, wanted)),
    CompareOp.isEmpty => _items(value).isEmpty == (operand == true),
    CompareOp.isNull => false,
    CompareOp.isNotNull => true,
  };
}

List<Object?> _items(Object? value) => value is List ? <Object?>[...value] : const <Object?>[];

/// Whether the list [list] holds an element equal to [wanted].
bool _contains(Object? list, Object? wanted) =>
    _items(list).any((Object? item) => _sameValue(item, wanted, false));

bool _sameValue(Object? a, Object? b, bool fold) {
  if (a is String && b is String) return _compareFolded(a, b, fold) == 0;
  return _keyOf(a) == _keyOf(b);
}

int _compareFolded(Object a, Object? b, bool fold) {
  if (b == null) return 1;
  if (fold && a is String && b is String) return compareText(asciiLower(a), asciiLower(b));
  return compareValues(a, b);
}
