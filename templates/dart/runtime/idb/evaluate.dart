// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// [Filter]s and [OrderTerm]s evaluated in Dart, with exactly the results of the SQLite backend
/// (sqlite/sql.dart compiles the same IR to SQL; its library comment is the reference).
///
/// Evaluation is split so that nothing but IndexedDB requests is awaited inside a transaction:
/// 1. [RelationLoader] (async) loads, through a [RowReader] bound to the transaction, the rows
///    every relation condition, relation path and `_count` needs, level by level, into
///    [RelatedRows];
/// 2. [Evaluator] (synchronous) then decides each row and compares rows for ordering.
///
/// ## Three-valued logic (as SQLite)
/// [Evaluator.test] answers true, false or null (unknown); a row matches when it is true.
/// `And`: false if any operand is false, else unknown if any is unknown (empty: true); `Or`:
/// true if any is true, else unknown if any is (empty: false); `Not`: unknown stays unknown.
///
/// ## Field conditions
/// - equals/notEquals: `x = v` / `x <> v`, unknown when x is NULL; with a null value
///   `x IS NULL` / `x IS NOT NULL`. isNull/isNotNull likewise.
/// - lt/lte/gt/gte: unknown when x is NULL (a null value is refused, as by the SQL compiler).
/// - inList: `x IN (...)`: false for an empty list (even when x is NULL), unknown when x is NULL,
///   true when an element equals x, else unknown if an element is null, else false; notInList is
///   its negation (`NOT IN`), true for an empty list.
/// - contains/startsWith/endsWith (String fields): case-sensitive and exact (`instr`/`substr`)
///   unless [FieldCondition.insensitive], then SQLite's LIKE, which folds ASCII letters only.
/// - [FieldCondition.insensitive] on the other comparisons of a String field compares
///   `lower(x)` with `lower(v)`: ASCII letters only ([asciiLower]); it is ignored for other
///   kinds (enums included), as by the SQL compiler.
/// - Values compare as SQLite compares the SQLite backend's stored values ([compareStored]):
///   Strings and enums by UTF-8 bytes (BINARY collation, [compareText]; Dart's
///   `String.compareTo` compares UTF-16 code units, which orders U+E000..U+FFFF after
///   supplementary characters), Int and Float numerically (mixed), BigInt numerically, DateTime
///   by milliseconds, Boolean as 0/1, Bytes as bytes (memcmp, then length), Json by its JSON text.
///   Decimal is stored as its canonical text: equality and `IN` compare the text (the exact
///   value), but lt/lte/gt/gte and ORDER BY compare `CAST(x AS REAL)` ([decimalAsReal]).
/// - Scalar lists (stored by SQLite as a canonical JSON array): equals/notEquals compare the
///   whole canonical text; `has v`: an element's canonical JSON equals v's (unknown when the list
///   or v is NULL; refused for Json lists); hasSome/hasEvery: OR/AND of `has` (empty: false/true,
///   unknown for a NULL list); isEmpty: the list is (or is not) `[]`.
///
/// ## Relation conditions
/// The related rows of a row: through the foreign key (either side) the rows whose key fields
/// equal the row's (a NULL key field links nothing), or through the join table of an implicit
/// many-to-many relation.
/// - some: a related row for which the condition is true; none: no such row; every: no related
///   row for which it is false (unknown does not count against it). Never unknown.
/// - is (to-one): false without a related row, else the condition on it (may be unknown);
///   isNot: true without a related row, else NOT the condition (may be unknown).
/// - [RelationExists]: whether a related row exists (looked up, on either side).
/// A to-many quantifier on a to-one relation (or the reverse) is refused.
///
/// ## Ordering
/// Each [OrderTerm] compares its value ([compareOrdered]: Decimal as REAL); a to-one path reads
/// the related row's field (none: NULL); `countOf` counts the related rows. NULLs come first
/// ascending and last descending unless [OrderTerm.nulls] says otherwise. The identity fields
/// follow, ascending, so that the order is total, as the SQL compiler appends them.
library;

import 'dart:convert' show base64Encode, jsonEncode;

import 'package:decimal/decimal.dart' show Decimal;

import '../client/compare.dart';
import '../client/filter.dart';
import '../client/schema.dart';
import '../client/storage.dart';
import 'codec.dart';

// --- reading related rows --------------------------------------------------------------------------

/// Reads rows for [RelationLoader] inside the current IndexedDB transaction.
///
/// Contract (see idb_storage.dart, "Awaiting inside a transaction"): every method issues at least
/// one IndexedDB request and its future completes right after the last one, never later.
abstract interface class RowReader {
  /// The rows of [model] whose [fields] hold the values of one of [tuples] (each in [fields]
  /// order, without null), grouped by [encodeKey] of the tuple with the kinds of [fields].
  Future<Map<Object, List<Row>>> rowsWhere(
    ModelInfo model,
    List<String> fields,
    List<List<Object>> tuples,
  );

  /// For each of [values] (identity values of the model that [column] of [joinTable] references,
  /// `A` or `B`), the values of the other column of the links holding it; keyed by
  /// [encodeKey] of the value (with the kind of that identity).
  Future<Map<Object, List<Object>>> linked(
    JoinTableInfo joinTable,
    String column,
    List<Object> values,
  );

  /// One cheap request, for a path that has nothing else to read.
  Future<void> touch();
}

/// The key identifying [row] of [model] among its rows: [encodeKey] of its identity.
Object rowKey(ModelInfo model, Row row) {
  final Object? key = encodeKey(
    <ScalarKind>[for (final String f in model.identity) model.field(f).kind],
    <Object?>[for (final String f in model.identity) row[f]],
  );
  if (key == null) {
    throw ArgumentError.value(row, 'row', '${model.name}: an identity field is null');
  }
  return key;
}

/// The rows related to rows through relations, loaded by [RelationLoader] for one query.
final class RelatedRows {
  final Map<String, Map<Object, List<Row>>> _rows = <String, Map<Object, List<Row>>>{};

  static String _name(ModelInfo model, RelationInfo relation) => '${model.name}.${relation.name}';

  /// Whether the rows related to the row of [model] with [key] through [relation] are loaded.
  bool has(ModelInfo model, RelationInfo relation, Object key) =>
      _rows[_name(model, relation)]?.containsKey(key) ?? false;

  void put(ModelInfo model, RelationInfo relation, Object key, List<Row> related) {
    (_rows[_name(model, relation)] ??= <Object, List<Row>>{})[key] = related;
  }

  /// The rows related to [row] (a row of [model]) through [relation].
  List<Row> of(ModelInfo model, RelationInfo relation, Row row) {
    final List<Row>? related = _rows[_name(model, relation)]?[rowKey(model, row)];
    if (related == null) {
      throw StateError('${model.name}.${relation.name}: related rows were not loaded');
    }
    return related;
  }
}

/// Loads into [related] what [Evaluator] needs about relations, through [reader].
///
/// Each method awaits at least one request of [reader] and nothing else (see [RowReader]).
final class RelationLoader {
  RelationLoader(this.schema, this.reader, this.related);

  final SchemaInfo schema;
  final RowReader reader;
  final RelatedRows related;

  /// The related rows every relation condition of [filter] needs for [rows] (rows of [model]),
  /// then, level by level, those of the nested conditions for the related rows.
  Future<void> forFilter(ModelInfo model, List<Row> rows, Filter filter) async {
    final List<RelationCondition> conditions = <RelationCondition>[];
    final List<RelationExists> exists = <RelationExists>[];
    collectRelationFilters(filter, conditions, exists);
    final List<Filter> nodes = <Filter>[...exists, ...conditions];
    if (nodes.isEmpty) {
      await reader.touch();
      return;
    }
    int index = 0;
    do {
      final Filter node = nodes[index++];
      if (node is RelationExists) {
        await ensure(model, model.relation(node.relation), rows);
      } else if (node is RelationCondition) {
        final RelationInfo relation = model.relation(node.relation);
        await ensure(model, relation, rows);
        if (needsRelations(node.filter)) {
          final ModelInfo target = schema.model(relation.target);
          await forFilter(target, relatedOf(model, relation, rows), node.filter);
        }
      } else {
        throw StateError('not a relation filter: $node');
      }
    } while (index < nodes.length);
  }

  /// The related rows the relation paths and `_count` terms of [terms] need for [rows].
  Future<void> forOrder(ModelInfo model, List<Row> rows, List<OrderTerm> terms) async {
    final List<OrderTerm> loaded = <OrderTerm>[
      for (final OrderTerm term in terms)
        if (term.countOf != null || term.path.length > 1) term,
    ];
    if (loaded.isEmpty) {
      await reader.touch();
      return;
    }
    int index = 0;
    do {
      final OrderTerm term = loaded[index++];
      final String? countOf = term.countOf;
      if (countOf != null) {
        await ensure(model, model.relation(countOf), rows);
      } else {
        ModelInfo current = model;
        List<Row> currentRows = rows;
        int hop = 0;
        do {
          final RelationInfo relation = current.relation(term.path[hop]);
          await ensure(current, relation, currentRows);
          currentRows = relatedOf(current, relation, currentRows);
          current = schema.model(relation.target);
          hop++;
        } while (hop < term.path.length - 1);
      }
    } while (index < loaded.length);
  }

  /// The distinct rows related to any of [rows] through [relation] (already loaded).
  List<Row> relatedOf(ModelInfo model, RelationInfo relation, List<Row> rows) {
    final ModelInfo target = schema.model(relation.target);
    final Map<Object, Row> distinct = <Object, Row>{};
    for (final Row row in rows) {
      for (final Row other in related.of(model, relation, row)) {
        distinct.putIfAbsent(rowKey(target, other), () => other);
      }
    }
    return distinct.values.toList();
  }

  /// Loads the rows related through [relation] to those of [rows] not loaded yet (at least one
  /// request, even when there is nothing to load).
  Future<void> ensure(ModelInfo model, RelationInfo relation, List<Row> rows) async {
    final List<Row> missing = <Row>[
      for (final Row row in rows)
        if (!related.has(model, relation, rowKey(model, row))) row,
    ];
    if (missing.isEmpty) {
      await reader.touch();
      return;
    }
    final String? joinTable = relation.joinTable;
    if (joinTable != null) {
      await _loadLinked(model, relation, joinTable, missing);
      return;
    }
    final ModelInfo target = schema.model(relation.target);
    final ({List<String> own, List<String> target}) link = schema.linkFields(relation);
    final List<String> ownFields = link.own;
    final List<String> targetFields = link.target;
    final List<ScalarKind> kinds = <ScalarKind>[
      for (final String f in targetFields) target.field(f).kind,
    ];
    final Map<Object, List<Object>> tuples = <Object, List<Object>>{};
    final Map<Object, Object?> keys = <Object, Object?>{};
    for (final Row row in missing) {
      final List<Object?> values = <Object?>[for (final String f in ownFields) row[f]];
      final Object? key = encodeKey(kinds, values);
      keys[rowKey(model, row)] = key;
      if (key != null) tuples[key] = <Object>[for (final Object? v in values) v!];
    }
    final Map<Object, List<Row>> found =
        await reader.rowsWhere(target, targetFields, tuples.values.toList());
    for (final Row row in missing) {
      final Object own = rowKey(model, row);
      final Object? key = keys[own];
      related.put(model, relation, own, key == null ? const <Row>[] : found[key] ?? const <Row>[]);
    }
  }

  Future<void> _loadLinked(
    ModelInfo model,
    RelationInfo relation,
    String joinTableName,
    List<Row> rows,
  ) async {
    final JoinTableInfo? joinTable = schema.joinTables[joinTableName];
    final String? column = relation.joinColumn;
    if (joinTable == null || column == null) {
      throw ArgumentError.value(relation.name, 'relation', 'no join table for ${model.name}');
    }
    final ModelInfo target = schema.model(relation.target);
    final String ownIdentity = _singleIdentity(model);
    final String targetIdentity = _singleIdentity(target);
    final List<ScalarKind> ownKinds = <ScalarKind>[model.field(ownIdentity).kind];
    final List<ScalarKind> targetKinds = <ScalarKind>[target.field(targetIdentity).kind];
    final Map<Object, Object> ids = <Object, Object>{
      for (final Row row in rows) rowKey(model, row): row[ownIdentity]!,
    };
    final Map<Object, List<Object>> links =
        await reader.linked(joinTable, column, ids.values.toList());
    final Map<Object, Object> others = <Object, Object>{};
    for (final List<Object> values in links.values) {
      for (final Object value in values) {
        others[encodeKey(targetKinds, <Object?>[value])!] = value;
      }
    }
    final Map<Object, List<Row>> found = await reader.rowsWhere(
      target,
      <String>[targetIdentity],
      <List<Object>>[for (final Object value in others.values) <Object>[value]],
    );
    for (final Row row in rows) {
      final Object own = rowKey(model, row);
      final Object id = encodeKey(ownKinds, <Object?>[row[ownIdentity]])!;
      related.put(model, relation, own, <Row>[
        for (final Object other in links[id] ?? const <Object>[])
          ...?found[encodeKey(targetKinds, <Object?>[other])!],
      ]);
    }
  }

  static String _singleIdentity(ModelInfo model) {
    if (model.identity.length != 1) {
      throw ArgumentError.value(model.name, 'model', 'an m-n relation needs a single-field identity');
    }
    return model.identity.single;
  }
}

/// Adds the relation conditions at the top level of [filter] (inside And/Or/Not, not inside
/// another relation condition) to [conditions] and [exists].
void collectRelationFilters(
  Filter filter,
  List<RelationCondition> conditions,
  List<RelationExists> exists,
) {
  switch (filter) {
    case AllRows():
    case NoRows():
    case FieldCondition():
      return;
    case And(:final List<Filter> filters):
    case Or(:final List<Filter> filters):
      for (final Filter operand in filters) {
        collectRelationFilters(operand, conditions, exists);
      }
    case Not(filter: final Filter operand):
      collectRelationFilters(operand, conditions, exists);
    case final RelationCondition condition:
      conditions.add(condition);
    case final RelationExists condition:
      exists.add(condition);
  }
}

/// Whether evaluating [filter] needs related rows.
bool needsRelations(Filter filter) {
  final List<RelationCondition> conditions = <RelationCondition>[];
  final List<RelationExists> exists = <RelationExists>[];
  collectRelationFilters(filter, conditions, exists);
  return conditions.isNotEmpty || exists.isNotEmpty;
}

/// Whether ordering by [terms] needs related rows (a relation path or a `_count`).
bool orderNeedsRelations(List<OrderTerm> terms) =>
    terms.any((OrderTerm term) => term.countOf != null || term.path.length > 1);

// --- using indexes ---------------------------------------------------------------------------------

/// The values [filter] pins fields to, field by field: from its top-level conjuncts (And
/// nested in And included) `field = v` (v not null) and `field IN (...)` (the non-null
/// elements; an empty list pins to nothing). Conditions with [FieldCondition.insensitive] on a
/// String field pin nothing. Every row that matches [filter] holds one of its field's values,
/// so a backend may read only the rows an index gives for them; the filter is still evaluated.
Map<String, List<Object>> pinnedValues(ModelInfo model, Filter filter) {
  final Map<String, List<Object>> pinned = <String, List<Object>>{};
  void visit(Filter node) {
    if (node is And) {
      for (final Filter operand in node.filters) {
        visit(operand);
      }
      return;
    }
    if (node is! FieldCondition || !model.hasField(node.field)) return;
    final FieldInfo field = model.field(node.field);
    if (field.isList || (node.insensitive && field.kind == ScalarKind.string)) return;
    final Object? value = node.value;
    final List<Object> values;
    if (node.op == CompareOp.equals && value != null) {
      values = <Object>[value];
    } else if (node.op == CompareOp.inList && value is List) {
      values = <Object>[for (final Object? element in value) if (element != null) element];
    } else {
      return;
    }
    final List<Object>? known = pinned[field.name];
    if (known == null || values.length < known.length) pinned[field.name] = values;
  }

  visit(filter);
  return pinned;
}

// --- checking the IR -------------------------------------------------------------------------------

/// Refuses what the SQL compiler refuses, before any row is read (so that both backends fail
/// alike, also when no row would be evaluated): unknown fields and relations, lt/lte/gt/gte
/// without a value, inList/notInList without a List, contains/startsWith/endsWith off a String
/// field or without a String, list operations on a scalar field and scalar comparisons on a
/// list, `has` on a Json list, isEmpty without a bool, a to-many quantifier on a to-one
/// relation and the reverse. Throws [ArgumentError] ([UnsupportedError] for a Json `has`).
void checkFilter(SchemaInfo schema, ModelInfo model, Filter filter) {
  switch (filter) {
    case AllRows():
    case NoRows():
      return;
    case And(:final List<Filter> filters):
    case Or(:final List<Filter> filters):
      for (final Filter operand in filters) {
        checkFilter(schema, model, operand);
      }
    case Not(filter: final Filter operand):
      checkFilter(schema, model, operand);
    case final FieldCondition condition:
      _checkField(model.field(condition.field), condition);
    case final RelationCondition condition:
      final RelationInfo relation = model.relation(condition.relation);
      _checkQuantifier(model, relation, condition.quantifier);
      checkFilter(schema, schema.model(relation.target), condition.filter);
    case final RelationExists condition:
      model.relation(condition.relation);
  }
}

void _checkField(FieldInfo field, FieldCondition condition) {
  final Object? value = condition.value;
  Never refuse(String why) =>
      throw ArgumentError.value(condition.op.name, 'op', '${field.name}: $why');
  // A value the SQLite backend could not bind (of another kind) is refused by encoding it.
  void encodable(Object? operand) => encodeValue(field, operand);
  void encodableElement(Object? element) {
    if (element != null) encodeScalar(field.kind, element, field.name);
  }

  switch (condition.op) {
    case CompareOp.isNull:
    case CompareOp.isNotNull:
      return;
    case CompareOp.equals:
    case CompareOp.notEquals:
      encodable(value);
    case CompareOp.lt:
    case CompareOp.lte:
    case CompareOp.gt:
    case CompareOp.gte:
      if (field.isList) refuse('a list cannot be compared');
      if (value == null) refuse('needs a value');
      encodable(value);
    case CompareOp.inList:
    case CompareOp.notInList:
      if (field.isList) refuse('a list cannot be compared');
      if (value is! List) refuse('needs a List');
      value.forEach(encodable);
    case CompareOp.contains:
    case CompareOp.startsWith:
    case CompareOp.endsWith:
      if (field.isList || field.kind != ScalarKind.string || value is! String) {
        refuse('needs a String field and a String value');
      }
    case CompareOp.has:
      if (!field.isList) refuse('applies to scalar lists');
      if (value != null && field.kind == ScalarKind.json) {
        throw UnsupportedError('${field.name}: has/hasSome/hasEvery on a Json list');
      }
      encodableElement(value);
    case CompareOp.hasSome:
    case CompareOp.hasEvery:
      if (!field.isList) refuse('applies to scalar lists');
      if (value is! List) refuse('needs a List');
      if (field.kind == ScalarKind.json && value.any((Object? e) => e != null)) {
        throw UnsupportedError('${field.name}: has/hasSome/hasEvery on a Json list');
      }
      value.forEach(encodableElement);
    case CompareOp.isEmpty:
      if (!field.isList) refuse('applies to scalar lists');
      if (value is! bool) refuse('needs a bool');
  }
}

void _checkQuantifier(ModelInfo model, RelationInfo relation, RelationQuantifier quantifier) {
  final bool toMany = switch (quantifier) {
    RelationQuantifier.some || RelationQuantifier.every || RelationQuantifier.none => true,
    RelationQuantifier.is_ || RelationQuantifier.isNot => false,
  };
  if (relation.isList != toMany) {
    throw ArgumentError.value(
      quantifier.name,
      'quantifier',
      '${model.name}.${relation.name} is a ${relation.isList ? 'to-many' : 'to-one'} relation',
    );
  }
}

/// Refuses the orderings the SQL compiler refuses: an empty path, a path through a to-many
/// relation or not ending at a scalar field, `countOf` a to-one relation.
void checkOrder(SchemaInfo schema, ModelInfo model, List<OrderTerm> terms) {
  for (final OrderTerm term in terms) {
    final String? countOf = term.countOf;
    if (countOf != null) {
      if (!model.relation(countOf).isList) {
        throw ArgumentError.value(countOf, 'countOf', 'not a to-many relation');
      }
      continue;
    }
    if (term.path.isEmpty) throw ArgumentError.value(term.path, 'path', 'empty');
    ModelInfo current = model;
    for (int i = 0; i < term.path.length - 1; i++) {
      final RelationInfo relation = current.relation(term.path[i]);
      if (relation.isList) {
        throw ArgumentError.value(term.path, 'path', '${relation.name} is not to-one');
      }
      current = schema.model(relation.target);
    }
    current.field(term.path.last);
  }
}

// --- evaluation ------------------------------------------------------------------------------------

/// Decides rows and orders them (see the library comment), reading relations from [related].
final class Evaluator {
  const Evaluator(this.schema, this.related);

  final SchemaInfo schema;
  final RelatedRows related;

  /// Whether [row] (a row of [model]) matches [filter]: true, false or null (unknown).
  bool? test(ModelInfo model, Filter filter, Row row) => switch (filter) {
        AllRows() => true,
        NoRows() => false,
        And(:final List<Filter> filters) => _and(model, filters, row),
        Or(:final List<Filter> filters) => _or(model, filters, row),
        Not(filter: final Filter operand) => not3(test(model, operand, row)),
        final FieldCondition condition => _field(model.field(condition.field), condition, row),
        final RelationCondition condition => _relation(model, condition, row),
        final RelationExists condition => _exists(model, condition, row),
      };

  /// `[NOT] EXISTS` of a related row (looked up on either side of the relation).
  bool _exists(ModelInfo model, RelationExists condition, Row row) {
    final List<Row> rows = related.of(model, model.relation(condition.relation), row);
    return rows.isNotEmpty == condition.exists;
  }

  bool? _and(ModelInfo model, List<Filter> filters, Row row) {
    bool unknown = false;
    for (final Filter filter in filters) {
      final bool? value = test(model, filter, row);
      if (value == false) return false;
      if (value == null) unknown = true;
    }
    return unknown ? null : true;
  }

  bool? _or(ModelInfo model, List<Filter> filters, Row row) {
    bool unknown = false;
    for (final Filter filter in filters) {
      final bool? value = test(model, filter, row);
      if (value == true) return true;
      if (value == null) unknown = true;
    }
    return unknown ? null : false;
  }

  bool? _relation(ModelInfo model, RelationCondition condition, Row row) {
    final RelationInfo relation = model.relation(condition.relation);
    _checkQuantifier(model, relation, condition.quantifier);
    final ModelInfo target = schema.model(relation.target);
    final List<Row> rows = related.of(model, relation, row);
    final Filter inner = condition.filter;
    bool? holds(Row other) => test(target, inner, other);
    return switch (condition.quantifier) {
      RelationQuantifier.some => rows.any((Row other) => holds(other) == true),
      RelationQuantifier.none => !rows.any((Row other) => holds(other) == true),
      RelationQuantifier.every => !rows.any((Row other) => holds(other) == false),
      RelationQuantifier.is_ => rows.isEmpty ? false : holds(rows.first),
      RelationQuantifier.isNot => rows.isEmpty ? true : not3(holds(rows.first)),
    };
  }

  bool? _field(FieldInfo field, FieldCondition condition, Row row) {
    final Object? x = row[field.name];
    final Object? value = condition.value;
    switch (condition.op) {
      case CompareOp.isNull:
        return x == null;
      case CompareOp.isNotNull:
        return x != null;
      default:
        break;
    }
    if (field.isList) return _listField(field, condition, x);
    final bool fold = condition.insensitive && field.kind == ScalarKind.string;
    switch (condition.op) {
      case CompareOp.equals:
        if (value == null) return x == null;
        if (x == null) return null;
        return equalStored(field.kind, x, value, fold: fold);
      case CompareOp.notEquals:
        if (value == null) return x != null;
        if (x == null) return null;
        return !equalStored(field.kind, x, value, fold: fold);
      case CompareOp.lt:
      case CompareOp.lte:
      case CompareOp.gt:
      case CompareOp.gte:
        if (value == null) {
          throw ArgumentError.value(value, field.name, '${condition.op.name} needs a value');
        }
        if (x == null) return null;
        final int order = compareCondition(field.kind, x, value, fold: fold);
        return switch (condition.op) {
          CompareOp.lt => order < 0,
          CompareOp.lte => order <= 0,
          CompareOp.gt => order > 0,
          _ => order >= 0,
        };
      case CompareOp.inList:
        return inList(field.kind, x, _list(field, condition), fold: fold);
      case CompareOp.notInList:
        final List<Object?> values = _list(field, condition);
        return values.isEmpty ? true : not3(inList(field.kind, x, values, fold: fold));
      case CompareOp.contains:
      case CompareOp.startsWith:
      case CompareOp.endsWith:
        if (field.kind != ScalarKind.string || value is! String) {
          throw ArgumentError.value(
            value,
            field.name,
            '${condition.op.name} needs a String field and a String value',
          );
        }
        if (x == null) return null;
        return textMatch(condition.op, _string(x), value, insensitive: condition.insensitive);
      case CompareOp.has:
      case CompareOp.hasSome:
      case CompareOp.hasEvery:
      case CompareOp.isEmpty:
        throw ArgumentError.value(
          condition.op.name,
          'op',
          '${field.name} is not a list: ${condition.op.name} applies to scalar lists',
        );
      case CompareOp.isNull:
      case CompareOp.isNotNull:
        throw StateError('unreachable: handled above');
    }
  }

  bool? _listField(FieldInfo field, FieldCondition condition, Object? x) {
    final Object? value = condition.value;
    switch (condition.op) {
      case CompareOp.equals:
        if (value == null) return x == null;
        if (x == null) return null;
        return listText(field.kind, _listValue(field, x)) ==
            listText(field.kind, _listValue(field, value));
      case CompareOp.notEquals:
        if (value == null) return x != null;
        if (x == null) return null;
        return listText(field.kind, _listValue(field, x)) !=
            listText(field.kind, _listValue(field, value));
      case CompareOp.isEmpty:
        if (value is! bool) throw ArgumentError.value(value, field.name, 'isEmpty needs a bool');
        if (x == null) return null;
        return _listValue(field, x).isEmpty == value;
      case CompareOp.has:
        return _has(field, x, value);
      case CompareOp.hasSome:
      case CompareOp.hasEvery:
        final List<Object?> elements = _list(field, condition);
        final bool every = condition.op == CompareOp.hasEvery;
        if (elements.isEmpty) return x == null ? null : every;
        bool unknown = false;
        for (final Object? element in elements) {
          final bool? has = _has(field, x, element);
          if (has == null) {
            unknown = true;
          } else if (has != every) {
            return has;
          }
        }
        return unknown ? null : every;
      case CompareOp.lt:
      case CompareOp.lte:
      case CompareOp.gt:
      case CompareOp.gte:
      case CompareOp.inList:
      case CompareOp.notInList:
      case CompareOp.contains:
      case CompareOp.startsWith:
      case CompareOp.endsWith:
      case CompareOp.isNull:
      case CompareOp.isNotNull:
        throw ArgumentError.value(
          condition.op.name,
          'op',
          '${field.name} is a list: ${condition.op.name} does not apply',
        );
    }
  }

  /// `has`: whether the list [x] holds [element] (see the library comment).
  bool? _has(FieldInfo field, Object? x, Object? element) {
    if (element == null) return null;
    if (field.kind == ScalarKind.json) {
      throw UnsupportedError('${field.name}: has/hasSome/hasEvery on a Json list');
    }
    if (x == null) return null;
    final String wanted = listElementText(field.kind, element);
    return _listValue(field, x)
        .any((Object? item) => item != null && listElementText(field.kind, item) == wanted);
  }

  List<Object?> _list(FieldInfo field, FieldCondition condition) {
    final Object? value = condition.value;
    if (value is List) return <Object?>[...value];
    throw ArgumentError.value(value, field.name, '${condition.op.name} needs a List');
  }

  List<Object?> _listValue(FieldInfo field, Object value) {
    if (value is List) return <Object?>[...value];
    throw ArgumentError.value(value, field.name, 'not a list');
  }

  /// Compares [a] and [b] (rows of [model]) by [terms], then by the identity ascending.
  int compareRows(ModelInfo model, List<OrderTerm> terms, Row a, Row b) {
    for (final OrderTerm term in terms) {
      final int order = _compareTerm(model, term, a, b);
      if (order != 0) return order;
    }
    for (final String name in model.identity) {
      final Object? x = a[name];
      final Object? y = b[name];
      if (x == null || y == null) {
        throw ArgumentError.value(name, 'identity', '${model.name}: an identity field is null');
      }
      final int order = compareStored(model.field(name).kind, x, y);
      if (order != 0) return order;
    }
    return 0;
  }

  int _compareTerm(ModelInfo model, OrderTerm term, Row a, Row b) {
    final String? countOf = term.countOf;
    final ScalarKind kind;
    final bool list;
    final Object? x;
    final Object? y;
    if (countOf != null) {
      final RelationInfo relation = model.relation(countOf);
      kind = ScalarKind.int;
      list = false;
      x = related.of(model, relation, a).length;
      y = related.of(model, relation, b).length;
    } else {
      ModelInfo current = model;
      Row? left = a;
      Row? right = b;
      for (int i = 0; i < term.path.length - 1; i++) {
        final RelationInfo relation = current.relation(term.path[i]);
        left = left == null ? null : _first(related.of(current, relation, left));
        right = right == null ? null : _first(related.of(current, relation, right));
        current = schema.model(relation.target);
      }
      final FieldInfo field = current.field(term.path.last);
      kind = field.kind;
      list = field.isList;
      x = left?[field.name];
      y = right?[field.name];
    }
    final NullsOrder nulls = term.nulls ?? (term.descending ? NullsOrder.last : NullsOrder.first);
    if (x == null || y == null) {
      if (x == null && y == null) return 0;
      final int nullFirst = nulls == NullsOrder.first ? -1 : 1;
      return x == null ? nullFirst : -nullFirst;
    }
    // A scalar list orders by its stored JSON text, as the SQL compiler's raw column does.
    final int order = list
        ? compareText(listText(kind, _listOf(x)), listText(kind, _listOf(y)))
        : compareOrdered(kind, x, y);
    return term.descending ? -order : order;
  }

  static Row? _first(List<Row> rows) => rows.isEmpty ? null : rows.first;
}

/// `x IN (values)` (see the library comment).
bool? inList(ScalarKind kind, Object? x, List<Object?> values, {bool fold = false}) {
  if (values.isEmpty) return false;
  if (x == null) return null;
  bool sawNull = false;
  for (final Object? value in values) {
    if (value == null) {
      sawNull = true;
    } else if (equalStored(kind, x, value, fold: fold)) {
      return true;
    }
  }
  return sawNull ? null : false;
}

// --- comparing values ------------------------------------------------------------------------------

/// Whether two non-null values of [kind] are equal for SQLite's `=` on what the SQLite backend
/// stores; [fold]: `lower(x) = lower(y)` (ASCII).
bool equalStored(ScalarKind kind, Object a, Object b, {bool fold = false}) => switch (kind) {
      ScalarKind.string || ScalarKind.enumeration => fold
          ? asciiLower(_string(a)) == asciiLower(_string(b))
          : _string(a) == _string(b),
      ScalarKind.json => jsonText(a) == jsonText(b),
      // The canonical texts of equal Decimals are the same text.
      ScalarKind.decimal => _decimal(a).toString() == _decimal(b).toString(),
      ScalarKind.int ||
      ScalarKind.float ||
      ScalarKind.bigInt ||
      ScalarKind.boolean ||
      ScalarKind.dateTime ||
      ScalarKind.bytes =>
        compareStored(kind, a, b) == 0,
    };

/// SQLite's comparison of two non-null values of [kind] as the SQLite backend stores them
/// (negative, zero or positive): the comparison of `=`/`<` and of ORDER BY on the raw column.
int compareStored(ScalarKind kind, Object a, Object b) => switch (kind) {
      ScalarKind.string || ScalarKind.enumeration => compareText(_string(a), _string(b)),
      ScalarKind.int || ScalarKind.float => _compareNum(_num(a), _num(b)),
      ScalarKind.bigInt => _bigInt(a).compareTo(_bigInt(b)),
      ScalarKind.decimal => compareText(_decimal(a).toString(), _decimal(b).toString()),
      ScalarKind.boolean => _compareNum(_bool(a) ? 1 : 0, _bool(b) ? 1 : 0),
      ScalarKind.dateTime =>
        _compareNum(_dateTime(a).millisecondsSinceEpoch, _dateTime(b).millisecondsSinceEpoch),
      ScalarKind.json => compareText(jsonText(a), jsonText(b)),
      ScalarKind.bytes => compareBytes(_bytes(a), _bytes(b)),
    };

/// The comparison of lt/lte/gt/gte: [compareStored], except Decimal as REAL and, with [fold],
/// Strings as `lower()`.
int compareCondition(ScalarKind kind, Object a, Object b, {bool fold = false}) {
  if (fold && kind == ScalarKind.string) {
    return compareText(asciiLower(_string(a)), asciiLower(_string(b)));
  }
  return compareOrdered(kind, a, b);
}

/// The comparison of an ORDER BY term: [compareStored], except Decimal as REAL.
int compareOrdered(ScalarKind kind, Object a, Object b) => kind == ScalarKind.decimal
    ? _compareNum(decimalAsReal(_decimal(a)), decimalAsReal(_decimal(b)))
    : compareStored(kind, a, b);

/// `CAST(x AS REAL)` of a Decimal stored as its text: the nearest double.
double decimalAsReal(Decimal value) => double.parse(value.toString());

/// The canonical JSON text of a list as the SQLite backend stores it (sqlite/codec.dart
/// `encodeList`): a JSON array of [listElementText] values.
String listText(ScalarKind kind, List<Object?> values) =>
    '[${values.map((Object? value) => value == null ? 'null' : listElementText(kind, value)).join(',')}]';

/// The canonical JSON text of one list element (sqlite/codec.dart `encodeListElement`):
/// Strings, enums, Decimals (text), BigInts (decimal text) and bytes (base64) as JSON strings;
/// Ints, Floats (as doubles) and DateTimes (ms) as JSON numbers; Booleans; Json as itself.
String listElementText(ScalarKind kind, Object value) {
  final Object? json = switch (kind) {
    ScalarKind.string || ScalarKind.enumeration => _string(value),
    ScalarKind.int => _num(value).toInt(),
    ScalarKind.bigInt => _bigInt(value).toString(),
    ScalarKind.float => _num(value).toDouble(),
    ScalarKind.decimal => _decimal(value).toString(),
    ScalarKind.boolean => _bool(value),
    ScalarKind.dateTime => _dateTime(value).millisecondsSinceEpoch,
    ScalarKind.json => value,
    ScalarKind.bytes => base64Encode(_bytes(value)),
  };
  return jsonEncode(json);
}

List<Object?> _listOf(Object value) {
  if (value is List) return <Object?>[...value];
  throw ArgumentError.value(value, 'value', 'not a list');
}

int _compareNum(num a, num b) => a < b ? -1 : (a > b ? 1 : 0);

String _string(Object value) {
  if (value is String) return value;
  throw ArgumentError.value(value, 'value', 'not a String');
}

num _num(Object value) {
  if (value is num) return value;
  throw ArgumentError.value(value, 'value', 'not a number');
}

BigInt _bigInt(Object value) {
  if (value is BigInt) return value;
  if (value is int) return BigInt.from(value);
  throw ArgumentError.value(value, 'value', 'not a BigInt');
}

Decimal _decimal(Object value) {
  if (value is Decimal) return value;
  throw ArgumentError.value(value, 'value', 'not a Decimal');
}

bool _bool(Object value) {
  if (value is bool) return value;
  throw ArgumentError.value(value, 'value', 'not a bool');
}

DateTime _dateTime(Object value) {
  if (value is DateTime) return value;
  throw ArgumentError.value(value, 'value', 'not a DateTime');
}

List<int> _bytes(Object value) {
  if (value is List<int>) return value;
  throw ArgumentError.value(value, 'value', 'not bytes');
}
