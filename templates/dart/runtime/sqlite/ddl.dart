// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The local SQLite layout: tables, indexes, and the local migration between two layouts.
///
/// A [StorageLayout] describes every table the backend owns, as plain data that is stored (as
/// JSON) in `_prisma_dart_meta` under the key `layout`. Opening a database built for another
/// layout diffs the stored layout with the one computed from the current [SchemaInfo]
/// ([migrationStatements]): no old [SchemaInfo] is needed.
///
/// Tables ([StorageLayout.fromSchema]):
/// - one table per model, named [ModelInfo.table], one column per scalar field, named
///   [FieldInfo.column], typed per codec.dart (`INTEGER`, `REAL`, `TEXT`, `BLOB`), `NOT NULL`
///   for required non-list fields (scalar lists are nullable TEXT, as on the server);
/// - the identity ([ModelInfo.identity]: the `@id`, else the first required unique) is the
///   table's `PRIMARY KEY`: inline for one column (an `INTEGER` one is SQLite's rowid; with an
///   `autoincrement()` default it is `AUTOINCREMENT`, so ids are never reused, as in Prisma's
///   SQLite tables), a table constraint for several;
/// - a unique index per other unique criterion, named `<table>_<columns joined by _>_key`;
/// - an index per foreign key (a relation that holds one), named `<table>_<columns>_idx`,
///   unless its columns already start the primary key or a unique index;
/// - no foreign keys: the engine enforces relations and referential actions;
/// - per implicit many-to-many join table `_X`: columns `A` and `B` (typed like the identity
///   they reference), a unique index `_X_AB_unique` on (A, B) and an index `_X_B_index` on B.
///
/// A column named `rowid` (any case) is refused: the compiler addresses rows by rowid
/// (sql.dart, update and delete).
library;

import 'dart:convert' show jsonEncode;
import 'dart:typed_data' show Uint8List;

import '../client/schema.dart';
import 'codec.dart';

/// The version of the layout JSON written by this code.
const int layoutFormat = 1;

/// The key/value table the backend keeps its own state in: `schemaVersion` ([SchemaInfo.version]
/// the tables were built for) and `layout` (the JSON of their [StorageLayout]).
const String metaTable = '_prisma_dart_meta';

/// The temporary name of a table being rebuilt by a migration. Table names starting with
/// `_prisma_dart_` are reserved.
const String rebuildTable = '_prisma_dart_rebuild';

/// [name] as an SQL identifier: double-quoted, embedded double quotes doubled.
String quoteIdentifier(String name) => '"${name.replaceAll('"', '""')}"';

/// [value] (a SQLite value: null, int, double, String or Uint8List) as an SQL literal.
///
/// Used only in DDL (`DEFAULT`) and in migration copies, where SQLite accepts no bound values;
/// strings are quoted with embedded single quotes doubled, bytes written as `X'..'` hex.
String sqlLiteral(Object? value) {
  if (value == null) return 'NULL';
  if (value is int) return '$value';
  if (value is double) return value.isFinite ? '$value' : 'NULL';
  if (value is String) return "'${value.replaceAll("'", "''")}'";
  if (value is Uint8List) {
    final StringBuffer hex = StringBuffer("X'");
    for (final int byte in value) {
      hex.write(byte.toRadixString(16).padLeft(2, '0'));
    }
    hex.write("'");
    return hex.toString();
  }
  throw ArgumentError.value(value, 'value', 'not a SQLite value');
}

/// One column of a [TableLayout].
final class ColumnLayout {
  const ColumnLayout({
    required this.name,
    required this.type,
    required this.kind,
    required this.notNull,
    this.fill,
    this.fillNow = false,
  });

  /// Reads what [toJson] wrote; throws [FormatException] on anything else.
  factory ColumnLayout.fromJson(Object? json) {
    final Map<String, Object?> map = _object(json, 'column');
    return ColumnLayout(
      name: _string(map, 'name'),
      type: _string(map, 'type'),
      kind: _string(map, 'kind'),
      notNull: _bool(map, 'notNull'),
      fill: map['fill'] == null ? null : _string(map, 'fill'),
      fillNow: map['fillNow'] == null ? false : _bool(map, 'fillNow'),
    );
  }

  /// The column's name ([FieldInfo.column]).
  final String name;

  /// The declared type: `INTEGER`, `REAL`, `TEXT` or `BLOB`.
  final String type;

  /// The field's kind (codec.dart [layoutKind]): a column is copied by a rebuild only into a
  /// column of the same kind.
  final String kind;
  final bool notNull;

  /// The SQL literal that rows older than the column get (the field's literal `@default`).
  final String? fill;

  /// Rows older than the column get the time of the migration (`@default(now())`, `@updatedAt`).
  final bool fillNow;

  Map<String, Object?> toJson() => <String, Object?>{
        'name': name,
        'type': type,
        'kind': kind,
        'notNull': notNull,
        if (fill != null) 'fill': fill,
        if (fillNow) 'fillNow': true,
      };

  /// What rows older than the column get: [fill], the migration time, or null (none).
  String? fillSql(int nowMillis) => fill ?? (fillNow ? '$nowMillis' : null);

  /// The column definition in CREATE TABLE: `"name" TYPE[ NOT NULL]`.
  String get definition => '${quoteIdentifier(name)} $type${notNull ? ' NOT NULL' : ''}';
}

/// One index of a [TableLayout].
final class IndexLayout {
  const IndexLayout({required this.name, required this.columns, required this.unique});

  factory IndexLayout.fromJson(Object? json) {
    final Map<String, Object?> map = _object(json, 'index');
    return IndexLayout(
      name: _string(map, 'name'),
      columns: _strings(map, 'columns'),
      unique: _bool(map, 'unique'),
    );
  }

  final String name;
  final List<String> columns;
  final bool unique;

  Map<String, Object?> toJson() =>
      <String, Object?>{'name': name, 'columns': columns, 'unique': unique};

  /// `CREATE [UNIQUE ]INDEX "name" ON "table" ("c1", "c2")`.
  String createSql(String table) => 'CREATE ${unique ? 'UNIQUE ' : ''}INDEX '
      '${quoteIdentifier(name)} ON ${quoteIdentifier(table)} (${_columnList(columns)})';
}

/// One table: a model's or a join table's.
final class TableLayout {
  const TableLayout({
    required this.name,
    required this.columns,
    required this.primaryKey,
    required this.autoincrement,
    required this.indexes,
  });

  factory TableLayout.fromJson(Object? json) {
    final Map<String, Object?> map = _object(json, 'table');
    return TableLayout(
      name: _string(map, 'name'),
      columns: <ColumnLayout>[
        for (final Object? column in _list(map, 'columns')) ColumnLayout.fromJson(column),
      ],
      primaryKey: _strings(map, 'primaryKey'),
      autoincrement: _bool(map, 'autoincrement'),
      indexes: <IndexLayout>[
        for (final Object? index in _list(map, 'indexes')) IndexLayout.fromJson(index),
      ],
    );
  }

  final String name;
  final List<ColumnLayout> columns;

  /// The primary key's columns; empty for a join table (a rowid table with a unique index).
  final List<String> primaryKey;

  /// Whether the single-column INTEGER primary key is `AUTOINCREMENT`.
  final bool autoincrement;
  final List<IndexLayout> indexes;

  ColumnLayout? column(String name) {
    for (final ColumnLayout column in columns) {
      if (column.name == name) return column;
    }
    return null;
  }

  Map<String, Object?> toJson() => <String, Object?>{
        'name': name,
        'columns': <Object?>[for (final ColumnLayout column in columns) column.toJson()],
        'primaryKey': primaryKey,
        'autoincrement': autoincrement,
        'indexes': <Object?>[for (final IndexLayout index in indexes) index.toJson()],
      };

  /// `CREATE TABLE "name" (...)`, or under [named] instead (a rebuild's temporary table).
  String createSql({String? named}) {
    final List<String> parts = <String>[];
    for (final ColumnLayout column in columns) {
      if (primaryKey.length == 1 && primaryKey.first == column.name) {
        parts.add('${column.definition} PRIMARY KEY${autoincrement ? ' AUTOINCREMENT' : ''}');
      } else {
        parts.add(column.definition);
      }
    }
    if (primaryKey.length > 1) parts.add('PRIMARY KEY (${_columnList(primaryKey)})');
    return 'CREATE TABLE ${quoteIdentifier(named ?? name)} (${parts.join(', ')})';
  }
}

/// Every table the backend owns, in creation order: the models' (in [SchemaInfo.models]
/// order), then the join tables' (in [SchemaInfo.joinTables] order).
final class StorageLayout {
  const StorageLayout(this.tables);

  /// The layout for [schema] (see the library comment).
  factory StorageLayout.fromSchema(SchemaInfo schema) {
    final List<TableLayout> tables = <TableLayout>[];
    for (final ModelInfo model in schema.models.values) {
      tables.add(_modelTable(model));
    }
    for (final JoinTableInfo join in schema.joinTables.values) {
      tables.add(_joinTable(schema, join));
    }
    return StorageLayout(tables);
  }

  /// Reads what [toJson] wrote; throws [FormatException] on anything else (another format).
  factory StorageLayout.fromJson(Object? json) {
    final Map<String, Object?> map = _object(json, 'layout');
    final Object? format = map['format'];
    if (format != layoutFormat) {
      throw FormatException('unknown local layout format $format (expected $layoutFormat)');
    }
    return StorageLayout(<TableLayout>[
      for (final Object? table in _list(map, 'tables')) TableLayout.fromJson(table),
    ]);
  }

  final List<TableLayout> tables;

  TableLayout? table(String name) {
    for (final TableLayout table in tables) {
      if (table.name == name) return table;
    }
    return null;
  }

  Map<String, Object?> toJson() => <String, Object?>{
        'format': layoutFormat,
        'tables': <Object?>[for (final TableLayout table in tables) table.toJson()],
      };

  /// The statements that build this layout in an empty database: per table, CREATE TABLE and
  /// then its indexes.
  List<String> createStatements() => <String>[
        for (final TableLayout table in tables) ..._createTable(table),
      ];
}

/// The statements that turn a database holding [from] into one holding [to], to run in one
/// transaction. [nowMillis] (ms since the epoch) fills new `now()`/`@updatedAt` columns.
///
/// Tables are matched by name, columns by name (their order does not matter: rows are read by
/// column name):
/// - a table of [from] that [to] lacks is dropped (a removed model: its rows are gone);
/// - a table of [to] that [from] lacks is created with its indexes;
/// - a table whose primary key, AUTOINCREMENT and existing columns (type, kind, NOT NULL) are
///   unchanged, whose new columns are nullable or have a fill (a literal default, `now()`,
///   `@updatedAt`) and that gains no unique index, is changed in place: `ALTER TABLE ... ADD
///   COLUMN` per new column (existing rows get the fill, else NULL), then the indexes that
///   differ are dropped and created;
/// - any other change rebuilds the table: its old indexes are dropped, the new table is created
///   under [rebuildTable] with its indexes, rows are copied with `INSERT OR IGNORE ... SELECT`,
///   the old table is dropped and the new one renamed (its indexes follow it).
///
/// What a rebuild keeps: every row whose values still fit. A new column takes the old column of
/// the same name when its kind is unchanged (a column that became required takes the fill where
/// the old value is NULL); any other new column gets its fill, else NULL. A row is skipped when
/// it then breaks a NOT NULL column, the primary key or a unique index (`OR IGNORE`); when no
/// new column has an old counterpart, no row is kept. Columns that are gone, or whose kind
/// changed (an Int that became a String), lose their values. A renamed table or column (a
/// changed `@@map`/`@map`) is a removal plus an addition: its values are not carried over.
/// Rows of a table that is rebuilt get new AUTOINCREMENT bookkeeping: the next id follows the
/// largest id kept. Stored enum values are not checked against the enum's current values.
List<String> migrationStatements(StorageLayout from, StorageLayout to, {required int nowMillis}) {
  final List<String> statements = <String>[];
  for (final TableLayout old in from.tables) {
    if (to.table(old.name) == null) statements.add('DROP TABLE ${quoteIdentifier(old.name)}');
  }
  for (final TableLayout table in to.tables) {
    final TableLayout? old = from.table(table.name);
    if (old == null) {
      statements.addAll(_createTable(table));
    } else if (_same(old.toJson(), table.toJson())) {
      continue;
    } else if (_canChangeInPlace(old, table)) {
      statements.addAll(_changeInPlace(old, table, nowMillis));
    } else {
      statements.addAll(_rebuild(old, table, nowMillis));
    }
  }
  return statements;
}

// --- layout of a schema --------------------------------------------------------------------------

/// The `INTEGER PRIMARY KEY AUTOINCREMENT` column's field of [model]'s table, if it has one: a
/// single-field identity with an `autoincrement()` default stored as INTEGER.
FieldInfo? autoincrementKey(ModelInfo model) {
  if (model.identity.length != 1) return null;
  final FieldInfo field = model.field(model.identity.single);
  final bool autoincrement = field.defaultKind == DefaultKind.autoincrement;
  return autoincrement && columnType(field) == 'INTEGER' ? field : null;
}

TableLayout _modelTable(ModelInfo model) {
  final List<ColumnLayout> columns = <ColumnLayout>[];
  for (final FieldInfo field in model.fields) {
    if (field.column.toLowerCase() == 'rowid') {
      throw UnsupportedError(
        '${model.name}.${field.name}: a column named "${field.column}" shadows SQLite\'s rowid, '
        'which the local SQLite storage uses to address rows',
      );
    }
    columns.add(ColumnLayout(
      name: field.column,
      type: columnType(field),
      kind: layoutKind(field),
      notNull: !field.isOptional && !field.isList,
      fill: field.defaultKind == DefaultKind.literal && field.defaultValue != null
          ? sqlLiteral(encodeValue(field, field.defaultValue))
          : null,
      fillNow: field.defaultKind == DefaultKind.now || field.isUpdatedAt,
    ));
  }
  final List<String> primaryKey = _columns(model, model.identity);
  final bool autoincrement = autoincrementKey(model) != null;
  final List<IndexLayout> indexes = <IndexLayout>[];
  for (final List<String> unique in model.uniques) {
    final List<String> columns = _columns(model, unique);
    if (_sameList(columns, primaryKey)) continue;
    if (indexes.any((IndexLayout index) => index.unique && _sameList(index.columns, columns))) {
      continue;
    }
    indexes.add(IndexLayout(
      name: '${model.table}_${columns.join('_')}_key',
      columns: columns,
      unique: true,
    ));
  }
  for (final RelationInfo relation in model.relations) {
    if (!relation.holdsForeignKey || relation.fields.isEmpty) continue;
    final List<String> columns = _columns(model, relation.fields);
    final bool covered = _startsWith(primaryKey, columns) ||
        indexes.any((IndexLayout index) => _startsWith(index.columns, columns));
    if (covered) continue;
    indexes.add(IndexLayout(
      name: '${model.table}_${columns.join('_')}_idx',
      columns: columns,
      unique: false,
    ));
  }
  return TableLayout(
    name: model.table,
    columns: columns,
    primaryKey: primaryKey,
    autoincrement: autoincrement,
    indexes: indexes,
  );
}

TableLayout _joinTable(SchemaInfo schema, JoinTableInfo join) {
  final FieldInfo a = _singleIdentity(schema.model(join.aModel), join.name);
  final FieldInfo b = _singleIdentity(schema.model(join.bModel), join.name);
  return TableLayout(
    name: join.name,
    columns: <ColumnLayout>[
      ColumnLayout(name: 'A', type: kindColumnType(a.kind), kind: a.kind.name, notNull: true),
      ColumnLayout(name: 'B', type: kindColumnType(b.kind), kind: b.kind.name, notNull: true),
    ],
    primaryKey: const <String>[],
    autoincrement: false,
    indexes: <IndexLayout>[
      IndexLayout(name: '${join.name}_AB_unique', columns: const <String>['A', 'B'], unique: true),
      IndexLayout(name: '${join.name}_B_index', columns: const <String>['B'], unique: false),
    ],
  );
}

/// The single identity field of [model], which a join table column references.
FieldInfo _singleIdentity(ModelInfo model, String joinTable) {
  if (model.identity.length != 1) {
    throw ArgumentError.value(
      model.name,
      'model',
      'the join table $joinTable needs a single-field identity',
    );
  }
  return model.field(model.identity.single);
}

List<String> _columns(ModelInfo model, List<String> fields) => <String>[
      for (final String field in fields) model.field(field).column,
    ];

// --- migration -----------------------------------------------------------------------------------

List<String> _createTable(TableLayout table) => <String>[
      table.createSql(),
      for (final IndexLayout index in table.indexes) index.createSql(table.name),
    ];

bool _canChangeInPlace(TableLayout old, TableLayout table) {
  if (!_sameList(old.primaryKey, table.primaryKey)) return false;
  if (old.autoincrement != table.autoincrement) return false;
  for (final ColumnLayout column in old.columns) {
    final ColumnLayout? next = table.column(column.name);
    if (next == null) return false;
    if (next.type != column.type || next.kind != column.kind || next.notNull != column.notNull) {
      return false;
    }
  }
  for (final ColumnLayout column in table.columns) {
    if (old.column(column.name) != null) continue;
    if (column.notNull && column.fill == null && !column.fillNow) return false;
  }
  // A new unique index could meet duplicates: a rebuild skips them, CREATE UNIQUE INDEX fails.
  for (final IndexLayout index in table.indexes) {
    if (!index.unique) continue;
    if (!old.indexes.any((IndexLayout previous) => _same(previous.toJson(), index.toJson()))) {
      return false;
    }
  }
  return true;
}

List<String> _changeInPlace(TableLayout old, TableLayout table, int nowMillis) {
  final String name = quoteIdentifier(table.name);
  final List<String> statements = <String>[];
  for (final ColumnLayout column in table.columns) {
    if (old.column(column.name) != null) continue;
    final String? fill = column.fillSql(nowMillis);
    statements.add(
      'ALTER TABLE $name ADD COLUMN ${column.definition}${fill == null ? '' : ' DEFAULT $fill'}',
    );
  }
  for (final IndexLayout index in old.indexes) {
    if (!table.indexes.any((IndexLayout next) => _same(next.toJson(), index.toJson()))) {
      statements.add('DROP INDEX ${quoteIdentifier(index.name)}');
    }
  }
  for (final IndexLayout index in table.indexes) {
    if (!old.indexes.any((IndexLayout previous) => _same(previous.toJson(), index.toJson()))) {
      statements.add(index.createSql(table.name));
    }
  }
  return statements;
}

List<String> _rebuild(TableLayout old, TableLayout table, int nowMillis) {
  final List<String> columns = <String>[];
  final List<String> values = <String>[];
  bool kept = false;
  for (final ColumnLayout column in table.columns) {
    final ColumnLayout? previous = old.column(column.name);
    final String? fill = column.fillSql(nowMillis);
    columns.add(quoteIdentifier(column.name));
    if (previous != null && previous.kind == column.kind) {
      kept = true;
      final String source = quoteIdentifier(column.name);
      values.add(column.notNull && !previous.notNull && fill != null
          ? 'COALESCE($source, $fill)'
          : source);
    } else {
      values.add(fill ?? 'NULL');
    }
  }
  // The old indexes go first, so that the new ones (which may reuse their names) are built on
  // the new table before the copy: a unique index then makes OR IGNORE skip duplicates. Indexes
  // follow their table through the rename.
  return <String>[
    for (final IndexLayout index in old.indexes) 'DROP INDEX ${quoteIdentifier(index.name)}',
    table.createSql(named: rebuildTable),
    for (final IndexLayout index in table.indexes) index.createSql(rebuildTable),
    if (kept)
      'INSERT OR IGNORE INTO ${quoteIdentifier(rebuildTable)} (${columns.join(', ')}) '
          'SELECT ${values.join(', ')} FROM ${quoteIdentifier(old.name)}',
    'DROP TABLE ${quoteIdentifier(old.name)}',
    'ALTER TABLE ${quoteIdentifier(rebuildTable)} RENAME TO ${quoteIdentifier(table.name)}',
  ];
}

// --- helpers -------------------------------------------------------------------------------------

String _columnList(List<String> columns) => columns.map(quoteIdentifier).join(', ');

bool _same(Map<String, Object?> a, Map<String, Object?> b) => jsonEncode(a) == jsonEncode(b);

bool _sameList(List<String> a, List<String> b) {
  if (a.length != b.length) return false;
  for (int i = 0; i < a.length; i++) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

/// Whether [list] starts with every element of [prefix], in order.
bool _startsWith(List<String> list, List<String> prefix) {
  if (prefix.length > list.length) return false;
  for (int i = 0; i < prefix.length; i++) {
    if (list[i] != prefix[i]) return false;
  }
  return true;
}

Map<String, Object?> _object(Object? json, String what) {
  if (json is Map<String, Object?>) return json;
  throw FormatException('local layout: a $what is not a JSON object', json);
}

List<Object?> _list(Map<String, Object?> map, String key) {
  final Object? value = map[key];
  if (value is List<Object?>) return value;
  throw FormatException('local layout: "$key" is not a list', value);
}

String _string(Map<String, Object?> map, String key) {
  final Object? value = map[key];
  if (value is String) return value;
  throw FormatException('local layout: "$key" is not a string', value);
}

bool _bool(Map<String, Object?> map, String key) {
  final Object? value = map[key];
  if (value is bool) return value;
  throw FormatException('local layout: "$key" is not a boolean', value);
}

List<String> _strings(Map<String, Object?> map, String key) {
  final List<String> strings = <String>[];
  for (final Object? value in _list(map, key)) {
    if (value is! String) {
      throw FormatException('local layout: "$key" holds a value that is not a string', value);
    }
    strings.add(value);
  }
  return strings;
}
