// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The SQL compiler of the SQLite backend: [Filter]s, [OrderTerm]s and row writes to
/// parameterized SQL that runs on SQLite 3.8 and later (no UPSERT, no RETURNING, no window
/// functions, no json1, no row values, no NULLS FIRST/LAST).
///
/// Every value is bound with `?` (in the order of the `?`s); identifiers are double-quoted
/// (ddl.dart [quoteIdentifier]); values are encoded by codec.dart. The statements are pinned by
/// golden cases in fixtures/dart/sqlite_sql_cases.json, which the project's Python tests run on a
/// real SQLite database and the package's Dart tests compare with this compiler's output.
///
/// ## Shapes
/// - select: `SELECT "t0".* FROM "T" AS "t0"[ LEFT JOIN ...][ WHERE c] ORDER BY o`, then
///   `[ LIMIT ?[ OFFSET ?]]`
///   (`LIMIT -1 OFFSET ?` when only an offset is given);
/// - count: `SELECT COUNT(*) AS "n" FROM "T" AS "t0"[ WHERE c]`;
/// - update/delete: `UPDATE "T" SET "a" = ?, ...` / `DELETE FROM "T"`, with
///   ` WHERE rowid IN (SELECT "t0".rowid FROM "T" AS "t0" WHERE c)` unless every row is meant
///   (SQLite 3.8 has no alias in UPDATE/DELETE, and the condition's correlated subqueries need
///   one);
/// - the filtered model is always aliased `"t0"`; a relation condition nested n levels deep
///   reads the related model as `"t<n>"` (and an implicit m-n join table as `"j<n>"`); to-one
///   relations in an ordering are LEFT JOINed as `"o1"`, `"o2"`, ... (one join per path).
///
/// ## Conditions (three-valued, as SQL)
/// - `AllRows` `1`, `NoRows` `0`; `And`/`Or` join their operands (`1`/`0` when empty, the operand
///   itself when single; an operand that is itself a junction is parenthesized); `Not` is
///   `NOT (c)`: NULL stays NULL, so `NOT (x = ?)` excludes rows where x is NULL, as Prisma does.
/// - equals/notEquals `x = ?` / `x <> ?` (null: `x IS NULL` / `x IS NOT NULL`); lt/lte/gt/gte;
///   inList/notInList `x IN (?, ?)` / `x NOT IN (?, ?)`, empty: `0` / `1` (Prisma: `in: []`
///   matches nothing, `notIn: []` everything, NULLs included).
/// - Decimal is stored as TEXT (its exact canonical text): equality and IN compare the text
///   (exact); ordering comparisons and ORDER BY compare `CAST(x AS REAL)` (double precision, as
///   Prisma's own SQLite storage of Decimal does).
/// - contains/startsWith/endsWith, case-sensitive (`insensitive: false`): `instr(x, ?) > 0`,
///   `instr(x, ?) = 1`, `substr(x, length(x) - length(?) + 1) = ?` (exact, byte-wise, `%`/`_`
///   are plain characters); `insensitive: true`: `x LIKE ? ESCAPE '\'` with `%`, `_` and `\`
///   escaped in the needle: SQLite's LIKE folds ASCII letters only. The other comparisons with
///   `insensitive: true` compare `lower(x)` with `lower(?)` (ASCII folding too). Prisma on a
///   SQLite database runs contains/startsWith/endsWith as LIKE (ASCII-insensitive) and has no
///   `mode`; on PostgreSQL they are case-sensitive and `mode: 'insensitive'` is ILIKE (which
///   folds all of Unicode). The engine picks the flag; this backend folds ASCII only.
/// - Relations (correlated subqueries; "related rows" are the rows the relation links to):
///   `some` `EXISTS (SELECT 1 FROM .. WHERE link AND c)`; `none` `NOT EXISTS (..)`;
///   `every` `NOT EXISTS (SELECT 1 FROM .. WHERE link AND NOT (c))` (a related row for which c
///   is unknown does not count against it, as in Prisma); these three are never unknown.
///   To-one `is` `(EXISTS (SELECT 1 FROM .. WHERE link) AND (SELECT c FROM .. WHERE link))` and
///   `isNot` `(NOT EXISTS (..) OR (SELECT NOT (c) FROM .. WHERE link))`: unknown when c is
///   unknown for the related row, exactly as Prisma 7 on SQLite behaves (`NOT {author: {is: ..}}`
///   excludes a post whose author's compared field is NULL). `RelationExists` is
///   `[NOT ]EXISTS (SELECT 1 FROM .. WHERE link)`.
///   The link: the foreign-key side `"t1"."id" = "t0"."authorId"` (one equality per column of a
///   composite key); the other side `"t1"."authorId" = "t0"."id"`; an implicit m-n relation
///   `FROM "_X" AS "j1", "T" AS "t1" WHERE "j1"."<own column>" = "t0"."<identity>" AND
///   "t1"."<identity>" = "j1"."<other column>"`.
/// - Scalar lists (PostgreSQL schemas only; stored as a compact JSON array, codec.dart), without
///   json1, which old Android SQLite lacks: `has v` is
///   `instr(',' || substr(x, 2, length(x) - 2) || ',', ?) > 0` with `,<JSON of v>,` bound: the
///   array's text without its brackets, between commas, contains the element's canonical JSON
///   between commas. This is exact for string, number, boolean, enum, DateTime, BigInt, Decimal
///   and Bytes elements: a `,` followed by `"` can only be a separator followed by a string's
///   opening quote or a string's last character followed by its closing quote, and the latter
///   cannot continue like an escaped JSON string. Json lists (whose elements may hold commas)
///   are refused. `hasSome`/`hasEvery` are ORs/ANDs of `has` (empty: false/true, NULL for a
///   NULL list); `isEmpty` compares with `'[]'`; `equals` compares the whole text.
///
/// ## Ordering
/// `expr ASC|DESC` per term; a Decimal is ordered by `CAST(expr AS REAL)`; a to-one path by the
/// LEFT JOINed column (no related row: NULL); `countOf` by
/// `(SELECT COUNT(*) FROM .. WHERE link)`. NULLs: SQLite's default (first ascending, last
/// descending); `nulls` that differs from it adds `(expr IS NULL) ASC` (last) or
/// `(expr IS NULL) DESC` (first) before the term. The identity fields not already ordered by
/// are appended ascending, so that the order is total and both backends agree on ties.
library;

import '../client/filter.dart';
import '../client/schema.dart';
import '../client/storage.dart';
import 'codec.dart';
import 'ddl.dart' show quoteIdentifier;

/// One SQL statement and the values bound to its `?`s, in order.
final class SqlStatement {
  const SqlStatement(this.sql, this.args);

  final String sql;
  final List<Object?> args;

  @override
  String toString() => '$sql $args';
}

/// Compiles queries and writes on the models of [schema] (see the library comment).
final class SqlCompiler {
  const SqlCompiler(this.schema);

  final SchemaInfo schema;

  /// The condition alone (what follows `WHERE`), on [model] aliased `"t0"`.
  SqlStatement where(String model, Filter filter) {
    final _Builder builder = _Builder(schema);
    final String sql = builder.compile(schema.model(model), 't0', 0, filter).sql;
    return SqlStatement(sql, builder.args);
  }

  /// The rows of [model] matching [where], ordered, then [offset] skipped and [limit] kept.
  SqlStatement select(
    String model, {
    Filter where = const AllRows(),
    List<OrderTerm> orderBy = const <OrderTerm>[],
    int? limit,
    int offset = 0,
  }) {
    if (limit != null && limit < 0) throw ArgumentError.value(limit, 'limit', 'negative');
    if (offset < 0) throw ArgumentError.value(offset, 'offset', 'negative');
    final ModelInfo info = schema.model(model);
    final _Builder builder = _Builder(schema);
    final String? condition = where is AllRows ? null : builder.compile(info, 't0', 0, where).sql;
    final List<String> order = builder.orderBy(info, orderBy);
    final StringBuffer sql =
        StringBuffer('SELECT "t0".* FROM ${quoteIdentifier(info.table)} AS "t0"');
    for (final String join in builder.joins) {
      sql.write(' $join');
    }
    if (condition != null) sql.write(' WHERE $condition');
    sql.write(' ORDER BY ${order.join(', ')}');
    if (limit != null) {
      sql.write(' LIMIT ?');
      builder.args.add(limit);
      if (offset > 0) {
        sql.write(' OFFSET ?');
        builder.args.add(offset);
      }
    } else if (offset > 0) {
      sql.write(' LIMIT -1 OFFSET ?');
      builder.args.add(offset);
    }
    return SqlStatement(sql.toString(), builder.args);
  }

  /// The number of rows of [model] matching [where], read from the column `n`.
  SqlStatement count(String model, {Filter where = const AllRows()}) {
    final ModelInfo info = schema.model(model);
    final _Builder builder = _Builder(schema);
    final StringBuffer sql =
        StringBuffer('SELECT COUNT(*) AS "n" FROM ${quoteIdentifier(info.table)} AS "t0"');
    if (where is! AllRows) sql.write(' WHERE ${builder.compile(info, 't0', 0, where).sql}');
    return SqlStatement(sql.toString(), builder.args);
  }

  /// Inserts [row]: the fields it holds, in the model's field order (an empty row inserts
  /// `DEFAULT VALUES`). Throws [ArgumentError] for a key that is not a scalar field.
  SqlStatement insert(String model, Row row) {
    final ModelInfo info = schema.model(model);
    _checkFields(info, row);
    final List<String> columns = <String>[];
    final List<Object?> args = <Object?>[];
    for (final FieldInfo field in info.fields) {
      if (!row.containsKey(field.name)) continue;
      columns.add(quoteIdentifier(field.column));
      args.add(encodeValue(field, row[field.name]));
    }
    final String table = quoteIdentifier(info.table);
    if (columns.isEmpty) return SqlStatement('INSERT INTO $table DEFAULT VALUES', args);
    final String marks = List<String>.filled(columns.length, '?').join(', ');
    return SqlStatement('INSERT INTO $table (${columns.join(', ')}) VALUES ($marks)', args);
  }

  /// Sets [changes] (in the model's field order) on the rows of [model] matching [where].
  /// Throws [ArgumentError] when [changes] is empty or names a key that is not a scalar field.
  SqlStatement update(String model, Filter where, Row changes) {
    final ModelInfo info = schema.model(model);
    _checkFields(info, changes);
    if (changes.isEmpty) throw ArgumentError.value(changes, 'changes', 'nothing to set');
    final _Builder builder = _Builder(schema);
    final List<String> sets = <String>[];
    for (final FieldInfo field in info.fields) {
      if (!changes.containsKey(field.name)) continue;
      sets.add('${quoteIdentifier(field.column)} = ?');
      builder.args.add(encodeValue(field, changes[field.name]));
    }
    final String sql = 'UPDATE ${quoteIdentifier(info.table)} SET ${sets.join(', ')}'
        '${_rowsMatching(builder, info, where)}';
    return SqlStatement(sql, builder.args);
  }

  /// Deletes the rows of [model] matching [where].
  SqlStatement delete(String model, Filter where) {
    final ModelInfo info = schema.model(model);
    final _Builder builder = _Builder(schema);
    final String sql =
        'DELETE FROM ${quoteIdentifier(info.table)}${_rowsMatching(builder, info, where)}';
    return SqlStatement(sql, builder.args);
  }

  /// Adds [link] to [joinTable], keeping an identical existing link (`INSERT OR IGNORE`).
  SqlStatement link(String joinTable, Link link) {
    final JoinTableInfo join = _join(joinTable);
    return SqlStatement(
      'INSERT OR IGNORE INTO ${quoteIdentifier(join.name)} ("A", "B") VALUES (?, ?)',
      <Object?>[_linkValue(join, 'A', link.a), _linkValue(join, 'B', link.b)],
    );
  }

  /// Removes the links of [joinTable] whose `A` is [a] (when given) and `B` is [b] (when given).
  SqlStatement unlink(String joinTable, {Object? a, Object? b}) {
    final JoinTableInfo join = _join(joinTable);
    final List<String> conditions = <String>[];
    final List<Object?> args = <Object?>[];
    if (a != null) {
      conditions.add('"A" = ?');
      args.add(_linkValue(join, 'A', a));
    }
    if (b != null) {
      conditions.add('"B" = ?');
      args.add(_linkValue(join, 'B', b));
    }
    final String where = conditions.isEmpty ? '' : ' WHERE ${conditions.join(' AND ')}';
    return SqlStatement('DELETE FROM ${quoteIdentifier(join.name)}$where', args);
  }

  /// The links of [joinTable] whose `A` is in [a] (when given) and `B` in [b] (when given),
  /// ordered by A, then B; an empty list matches nothing.
  SqlStatement links(String joinTable, {List<Object>? a, List<Object>? b}) {
    final JoinTableInfo join = _join(joinTable);
    final List<String> conditions = <String>[];
    final List<Object?> args = <Object?>[];
    void among(String column, List<Object>? values) {
      if (values == null) return;
      if (values.isEmpty) {
        conditions.add('0');
        return;
      }
      conditions.add('"$column" IN (${List<String>.filled(values.length, '?').join(', ')})');
      for (final Object value in values) {
        args.add(_linkValue(join, column, value));
      }
    }

    among('A', a);
    among('B', b);
    final String where = conditions.isEmpty ? '' : ' WHERE ${conditions.join(' AND ')}';
    return SqlStatement(
      'SELECT "A", "B" FROM ${quoteIdentifier(join.name)}$where ORDER BY "A", "B"',
      args,
    );
  }

  /// The identity field that column `A` or `B` of [join] references.
  FieldInfo linkField(JoinTableInfo join, String column) {
    final ModelInfo model = schema.model(column == 'A' ? join.aModel : join.bModel);
    if (model.identity.length != 1) {
      throw ArgumentError.value(join.name, 'joinTable', 'needs single-field identities');
    }
    return model.field(model.identity.single);
  }

  JoinTableInfo _join(String name) {
    final JoinTableInfo? join = schema.joinTables[name];
    if (join == null) throw ArgumentError.value(name, 'joinTable', 'no such join table');
    return join;
  }

  Object? _linkValue(JoinTableInfo join, String column, Object value) =>
      encodeValue(linkField(join, column), value);

  String _rowsMatching(_Builder builder, ModelInfo info, Filter where) {
    if (where is AllRows) return '';
    final String table = quoteIdentifier(info.table);
    final String condition = builder.compile(info, 't0', 0, where).sql;
    return ' WHERE rowid IN (SELECT "t0".rowid FROM $table AS "t0" WHERE $condition)';
  }

  void _checkFields(ModelInfo model, Row row) {
    for (final String key in row.keys) {
      if (!model.hasField(key)) {
        throw ArgumentError.value(key, 'row', 'not a scalar field of ${model.name}');
      }
    }
  }
}

/// A compiled condition; [junction]: an AND/OR of several operands (parenthesized when it is
/// itself an operand).
final class _Fragment {
  const _Fragment(this.sql, {this.junction = false});

  final String sql;
  final bool junction;
}

/// The rows a relation leads to: the FROM list and the condition linking them to the parent.
final class _Source {
  const _Source(this.from, this.link);

  final String from;
  final String link;
}

/// The LIKE escape clause: `\` escapes `%`, `_` and itself in a needle.
const String _likeEscape = r"ESCAPE '\'";

/// Compiles the parts of one statement, collecting its bound values in order.
final class _Builder {
  _Builder(this.schema);

  final SchemaInfo schema;

  /// The values bound so far, in the order of their `?`s.
  final List<Object?> args = <Object?>[];

  /// The LEFT JOINs an ordering needs, in order.
  final List<String> joins = <String>[];

  /// The alias of each joined to-one path (relation names joined by `.`).
  final Map<String, String> _joinAliases = <String, String>{};

  /// [filter] on [model] aliased [alias], [depth] subqueries deep.
  _Fragment compile(ModelInfo model, String alias, int depth, Filter filter) => switch (filter) {
        AllRows() => const _Fragment('1'),
        NoRows() => const _Fragment('0'),
        And conjunction => _junction(model, alias, depth, conjunction.filters, 'AND', '1'),
        Or disjunction => _junction(model, alias, depth, disjunction.filters, 'OR', '0'),
        Not negation => _Fragment('NOT (${compile(model, alias, depth, negation.filter).sql})'),
        FieldCondition field => _Fragment(_field(model, alias, field)),
        RelationCondition relation => _Fragment(_relation(model, alias, depth, relation)),
        RelationExists exists => _Fragment(_exists(model, alias, depth, exists)),
      };

  _Fragment _junction(
    ModelInfo model,
    String alias,
    int depth,
    List<Filter> filters,
    String operator,
    String empty,
  ) {
    if (filters.isEmpty) return _Fragment(empty);
    if (filters.length == 1) return compile(model, alias, depth, filters.single);
    final List<String> operands = <String>[
      for (final Filter filter in filters) _operand(compile(model, alias, depth, filter)),
    ];
    return _Fragment(operands.join(' $operator '), junction: true);
  }

  String _operand(_Fragment fragment) => fragment.junction ? '(${fragment.sql})' : fragment.sql;

  String _bind(Object? value) {
    args.add(value);
    return '?';
  }

  // --- scalar fields -----------------------------------------------------------------------------

  String _field(ModelInfo model, String alias, FieldCondition condition) {
    final FieldInfo field = model.field(condition.field);
    final String column = '${quoteIdentifier(alias)}.${quoteIdentifier(field.column)}';
    if (condition.op == CompareOp.isNull) return '$column IS NULL';
    if (condition.op == CompareOp.isNotNull) return '$column IS NOT NULL';
    if (field.isList) return _listField(field, column, condition);
    final bool fold = condition.insensitive && field.kind == ScalarKind.string;
    final bool decimal = field.kind == ScalarKind.decimal;
    // An operand of an equality (exact) or of an ordering comparison (numeric for Decimal).
    String equal(String sql) => fold ? 'lower($sql)' : sql;
    String ordered(String sql) => fold ? 'lower($sql)' : (decimal ? 'CAST($sql AS REAL)' : sql);
    String bind(Object? value) => _bind(encodeValue(field, value));
    final Object? operand = condition.value;
    switch (condition.op) {
      case CompareOp.equals:
        if (operand == null) return '$column IS NULL';
        return '${equal(column)} = ${equal(bind(operand))}';
      case CompareOp.notEquals:
        if (operand == null) return '$column IS NOT NULL';
        return '${equal(column)} <> ${equal(bind(operand))}';
      case CompareOp.lt:
        return '${ordered(column)} < ${ordered(bind(_required(field, condition)))}';
      case CompareOp.lte:
        return '${ordered(column)} <= ${ordered(bind(_required(field, condition)))}';
      case CompareOp.gt:
        return '${ordered(column)} > ${ordered(bind(_required(field, condition)))}';
      case CompareOp.gte:
        return '${ordered(column)} >= ${ordered(bind(_required(field, condition)))}';
      case CompareOp.inList:
      case CompareOp.notInList:
        final List<Object?> values = _list(field, condition);
        final bool negated = condition.op == CompareOp.notInList;
        if (values.isEmpty) return negated ? '1' : '0';
        final String marks = <String>[
          for (final Object? element in values) equal(bind(element)),
        ].join(', ');
        return '${equal(column)} ${negated ? 'NOT IN' : 'IN'} ($marks)';
      case CompareOp.contains:
      case CompareOp.startsWith:
      case CompareOp.endsWith:
        return _text(field, column, condition);
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

  /// contains/startsWith/endsWith on a String field.
  String _text(FieldInfo field, String column, FieldCondition condition) {
    final Object? needle = condition.value;
    if (field.kind != ScalarKind.string || needle is! String) {
      throw ArgumentError.value(
        needle,
        field.name,
        '${condition.op.name} needs a String field and a String value',
      );
    }
    if (condition.insensitive) {
      final String escaped = _escapeLike(needle);
      final String pattern = switch (condition.op) {
        CompareOp.startsWith => '$escaped%',
        CompareOp.endsWith => '%$escaped',
        _ => '%$escaped%',
      };
      return '$column LIKE ${_bind(pattern)} $_likeEscape';
    }
    switch (condition.op) {
      case CompareOp.startsWith:
        return 'instr($column, ${_bind(needle)}) = 1';
      case CompareOp.endsWith:
        final String length = _bind(needle);
        return 'substr($column, length($column) - length($length) + 1) = ${_bind(needle)}';
      default:
        return 'instr($column, ${_bind(needle)}) > 0';
    }
  }

  Object _required(FieldInfo field, FieldCondition condition) {
    final Object? value = condition.value;
    if (value == null) {
      throw ArgumentError.value(value, field.name, '${condition.op.name} needs a value');
    }
    return value;
  }

  List<Object?> _list(FieldInfo field, FieldCondition condition) {
    final Object? value = condition.value;
    if (value is List<Object?>) return value;
    throw ArgumentError.value(value, field.name, '${condition.op.name} needs a List');
  }

  // --- scalar lists ------------------------------------------------------------------------------

  String _listField(FieldInfo field, String column, FieldCondition condition) {
    final Object? operand = condition.value;
    switch (condition.op) {
      case CompareOp.equals:
        if (operand == null) return '$column IS NULL';
        return '$column = ${_bind(encodeValue(field, operand))}';
      case CompareOp.notEquals:
        if (operand == null) return '$column IS NOT NULL';
        return '$column <> ${_bind(encodeValue(field, operand))}';
      case CompareOp.isEmpty:
        if (operand is! bool) {
          throw ArgumentError.value(operand, field.name, 'isEmpty needs a bool');
        }
        return '$column ${operand ? '=' : '<>'} ${_bind('[]')}';
      case CompareOp.has:
        return _has(field, column, operand);
      case CompareOp.hasSome:
      case CompareOp.hasEvery:
        final List<Object?> elements = _list(field, condition);
        final bool every = condition.op == CompareOp.hasEvery;
        if (elements.isEmpty) {
          return 'CASE WHEN $column IS NULL THEN NULL ELSE ${every ? 1 : 0} END';
        }
        final List<String> tests = <String>[
          for (final Object? element in elements) _has(field, column, element),
        ];
        if (tests.length == 1) return tests.single;
        return '(${tests.join(every ? ' AND ' : ' OR ')})';
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

  /// Whether the stored list [column] holds [element] (see the library comment).
  String _has(FieldInfo field, String column, Object? element) {
    if (element == null) return 'NULL';
    if (field.kind == ScalarKind.json) {
      throw UnsupportedError('${field.name}: has/hasSome/hasEvery on a Json list');
    }
    final String bound = _bind(',${encodeListElement(field.kind, element, field.name)},');
    return "instr(',' || substr($column, 2, length($column) - 2) || ',', $bound) > 0";
  }

  // --- relations ---------------------------------------------------------------------------------

  String _relation(ModelInfo model, String alias, int depth, RelationCondition condition) {
    final RelationInfo relation = model.relation(condition.relation);
    final bool toMany = relation.isList;
    final bool wantsToMany = switch (condition.quantifier) {
      RelationQuantifier.some || RelationQuantifier.every || RelationQuantifier.none => true,
      RelationQuantifier.is_ || RelationQuantifier.isNot => false,
    };
    if (toMany != wantsToMany) {
      throw ArgumentError.value(
        condition.quantifier.name,
        'quantifier',
        '${model.name}.${relation.name} is a ${toMany ? 'to-many' : 'to-one'} relation',
      );
    }
    final int inner = depth + 1;
    final _Source source = _source(model, relation, alias, inner);
    final ModelInfo target = schema.model(relation.target);
    final String related = 't$inner';
    final Filter filter = condition.filter;
    final String rows = 'SELECT 1 FROM ${source.from} WHERE ${source.link}';
    if (filter is AllRows) {
      return switch (condition.quantifier) {
        RelationQuantifier.some || RelationQuantifier.is_ => 'EXISTS ($rows)',
        RelationQuantifier.none || RelationQuantifier.isNot => 'NOT EXISTS ($rows)',
        RelationQuantifier.every => '1',
      };
    }
    final _Fragment inside = compile(target, related, inner, filter);
    switch (condition.quantifier) {
      case RelationQuantifier.some:
        return 'EXISTS ($rows AND ${_operand(inside)})';
      case RelationQuantifier.none:
        return 'NOT EXISTS ($rows AND ${_operand(inside)})';
      case RelationQuantifier.every:
        return 'NOT EXISTS ($rows AND NOT (${inside.sql}))';
      case RelationQuantifier.is_:
        return '(EXISTS ($rows) AND (SELECT ${inside.sql} FROM ${source.from} '
            'WHERE ${source.link}))';
      case RelationQuantifier.isNot:
        return '(NOT EXISTS ($rows) OR (SELECT NOT (${inside.sql}) FROM ${source.from} '
            'WHERE ${source.link}))';
    }
  }

  String _exists(ModelInfo model, String alias, int depth, RelationExists condition) {
    final _Source source = _source(model, model.relation(condition.relation), alias, depth + 1);
    return '${condition.exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${source.from} '
        'WHERE ${source.link})';
  }

  /// The rows [relation] of [model] (aliased [parent]) leads to, aliased `t<depth>`.
  _Source _source(ModelInfo model, RelationInfo relation, String parent, int depth) {
    final ModelInfo target = schema.model(relation.target);
    final String alias = 't$depth';
    final String? joinTable = relation.joinTable;
    if (joinTable == null) {
      return _Source(
        '${quoteIdentifier(target.table)} AS ${quoteIdentifier(alias)}',
        _link(model, relation, parent, alias),
      );
    }
    final String own = relation.joinColumn ?? 'A';
    final String other = own == 'A' ? 'B' : 'A';
    final String join = quoteIdentifier('j$depth');
    final String related = quoteIdentifier(alias);
    return _Source(
      '${quoteIdentifier(joinTable)} AS $join, ${quoteIdentifier(target.table)} AS $related',
      '$join.${quoteIdentifier(own)} = ${quoteIdentifier(parent)}.${_identityColumn(model)} '
          'AND $related.${_identityColumn(target)} = $join.${quoteIdentifier(other)}',
    );
  }

  /// The equalities linking [parent] (a row of [model]) to [alias] (a row of the target of
  /// [relation], which must not be an implicit m-n relation).
  String _link(ModelInfo model, RelationInfo relation, String parent, String alias) {
    final ModelInfo target = schema.model(relation.target);
    final String p = quoteIdentifier(parent);
    final String a = quoteIdentifier(alias);
    final ({List<String> own, List<String> target}) link = schema.linkFields(relation);
    final List<String> equalities = <String>[
      for (int i = 0; i < link.own.length; i++)
        '$a.${quoteIdentifier(target.field(link.target[i]).column)} = '
            '$p.${quoteIdentifier(model.field(link.own[i]).column)}',
    ];
    if (equalities.isEmpty) {
      throw ArgumentError.value(relation.name, 'relation', 'has no key fields on either side');
    }
    return equalities.join(' AND ');
  }

  String _identityColumn(ModelInfo model) {
    if (model.identity.length != 1) {
      throw ArgumentError.value(
        model.name,
        'model',
        'an m-n relation needs a single-field identity',
      );
    }
    return quoteIdentifier(model.field(model.identity.single).column);
  }

  // --- ordering ----------------------------------------------------------------------------------

  /// The ORDER BY terms for [terms] on [model] (aliased `"t0"`), identity tie-breakers included;
  /// adds the LEFT JOINs they need to [joins].
  List<String> orderBy(ModelInfo model, List<OrderTerm> terms) {
    final List<String> parts = <String>[];
    final Set<String> ordered = <String>{};
    for (final OrderTerm term in terms) {
      final String expression;
      final String? countOf = term.countOf;
      if (countOf != null) {
        final RelationInfo relation = model.relation(countOf);
        if (!relation.isList) {
          throw ArgumentError.value(countOf, 'countOf', 'not a to-many relation');
        }
        final _Source source = _source(model, relation, 't0', 1);
        expression = '(SELECT COUNT(*) FROM ${source.from} WHERE ${source.link})';
      } else {
        if (term.path.isEmpty) throw ArgumentError.value(term.path, 'path', 'empty');
        String alias = 't0';
        ModelInfo current = model;
        for (int i = 0; i < term.path.length - 1; i++) {
          final RelationInfo relation = current.relation(term.path[i]);
          if (relation.isList) {
            throw ArgumentError.value(term.path, 'path', '${relation.name} is not to-one');
          }
          alias = _joinAlias(term.path.sublist(0, i + 1).join('.'), current, relation, alias);
          current = schema.model(relation.target);
        }
        final FieldInfo field = current.field(term.path.last);
        final String column = '${quoteIdentifier(alias)}.${quoteIdentifier(field.column)}';
        expression =
            field.kind == ScalarKind.decimal && !field.isList ? 'CAST($column AS REAL)' : column;
        if (term.path.length == 1) ordered.add(field.name);
      }
      // Only a `nulls` that differs from SQLite's default adds a term.
      if (term.nulls == NullsOrder.last && !term.descending) {
        parts.add('($expression IS NULL) ASC');
      }
      if (term.nulls == NullsOrder.first && term.descending) {
        parts.add('($expression IS NULL) DESC');
      }
      parts.add('$expression ${term.descending ? 'DESC' : 'ASC'}');
    }
    for (final String name in model.identity) {
      if (ordered.contains(name)) continue;
      parts.add('"t0".${quoteIdentifier(model.field(name).column)} ASC');
    }
    return parts;
  }

  String _joinAlias(String path, ModelInfo model, RelationInfo relation, String parent) {
    final String? known = _joinAliases[path];
    if (known != null) return known;
    final String alias = 'o${joins.length + 1}';
    final ModelInfo target = schema.model(relation.target);
    joins.add('LEFT JOIN ${quoteIdentifier(target.table)} AS ${quoteIdentifier(alias)} '
        'ON ${_link(model, relation, parent, alias)}');
    _joinAliases[path] = alias;
    return alias;
  }
}

/// [needle] with the LIKE wildcards `%`, `_` and the escape character `\` escaped by `\`.
String _escapeLike(String needle) => needle
    .replaceAll(r'\', r'\\')
    .replaceAll('%', r'\%')
    .replaceAll('_', r'\_');
