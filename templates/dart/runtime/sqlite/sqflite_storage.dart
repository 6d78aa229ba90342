// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// [SqfliteStorage]: the [Storage] of the generated client on SQLite, through sqflite_common.
///
/// The app injects the [DatabaseFactory]: `databaseFactory` of package:sqflite (Android, iOS,
/// macOS), `databaseFactoryFfi` of package:sqflite_common_ffi (desktop, and VM tests with
/// `inMemoryDatabasePath`), or `databaseFactoryFfiWeb` of sqflite_common_ffi_web.
///
/// ```dart
/// sqfliteFfiInit();
/// final Storage storage = SqfliteStorage(databaseFactoryFfi, inMemoryDatabasePath);
/// await storage.open(schema);
/// ```
///
/// Layout, codec and SQL: ddl.dart, codec.dart, sql.dart.
library;

import 'dart:convert' show jsonDecode, jsonEncode;

import 'package:sqflite_common/sqlite_api.dart'
    show Database, DatabaseException, DatabaseFactory, Transaction;

import '../client/filter.dart';
import '../client/ids.dart' show AutoincrementSequences;
import '../client/schema.dart';
import '../client/storage.dart';
import 'codec.dart';
import 'ddl.dart';
import 'sql.dart';

/// The most values a statement of [SqfliteStorage.links] binds: SQLite before 3.32 (Android
/// before 11) refuses more than 999 `?`s in one statement.
const int _linkChunk = 400;

/// [Storage] on a SQLite database at [path], opened with [factory].
///
/// [open] creates the tables of the [SchemaInfo] (ddl.dart), or migrates the tables of an
/// earlier layout to it, in one transaction: it records [SchemaInfo.version] and the layout in
/// `_prisma_dart_meta (key TEXT PRIMARY KEY, value TEXT)`, keys `schemaVersion` and `layout`.
/// A database whose stored layout equals the current one is left as it is (a new version with
/// the same layout only updates `schemaVersion`).
///
/// sqflite hands out one [Database] per path by default (`singleInstance`): two storages on the
/// same path share it, and [close] closes it for both.
final class SqfliteStorage implements Storage {
  SqfliteStorage(DatabaseFactory factory, String path)
      : _factory = factory,
        _path = path;

  final DatabaseFactory _factory;
  final String _path;
  _Opened? _opened;

  @override
  Future<void> open(SchemaInfo schema) async {
    if (_opened != null) throw StateError('the SQLite storage at $_path is already open');
    // Foreign keys play no part: the local tables declare none (the engine enforces relations).
    final Database database = await _factory.openDatabase(_path);
    try {
      await database.transaction((Transaction txn) => _prepare(txn, schema));
    } catch (_) {
      await database.close();
      rethrow;
    }
    _opened = _Opened(database, schema, SqlCompiler(schema));
  }

  @override
  Future<T> transaction<T>(Future<T> Function(StorageTransaction txn) action) {
    final _Opened opened = _require();
    return opened.database.transaction<T>((Transaction txn) async {
      final _SqfliteTransaction storage = _SqfliteTransaction(txn, opened.schema, opened.compiler);
      try {
        return await action(storage);
      } finally {
        storage._ended = true;
      }
    });
  }

  @override
  Future<void> close() async {
    final _Opened? opened = _opened;
    _opened = null;
    if (opened != null) await opened.database.close();
  }

  _Opened _require() {
    final _Opened? opened = _opened;
    if (opened == null) throw StateError('the SQLite storage at $_path is not open');
    return opened;
  }
}

/// Creates or migrates the tables for [schema] and records what was built (see [SqfliteStorage]).
Future<void> _prepare(Transaction txn, SchemaInfo schema) async {
  final String meta = quoteIdentifier(metaTable);
  await txn.execute('CREATE TABLE IF NOT EXISTS $meta ("key" TEXT PRIMARY KEY, "value" TEXT)');
  String? storedVersion;
  String? storedLayout;
  for (final Map<String, Object?> row in await txn.rawQuery('SELECT "key", "value" FROM $meta')) {
    final Object? key = row['key'];
    final Object? value = row['value'];
    if (key == 'schemaVersion' && value is String) storedVersion = value;
    if (key == 'layout' && value is String) storedLayout = value;
  }
  final StorageLayout layout = StorageLayout.fromSchema(schema);
  final String layoutJson = jsonEncode(layout.toJson());
  final List<String> statements;
  if (storedLayout == null) {
    statements = layout.createStatements();
  } else if (storedLayout != layoutJson) {
    statements = migrationStatements(
      StorageLayout.fromJson(jsonDecode(storedLayout)),
      layout,
      nowMillis: DateTime.now().millisecondsSinceEpoch,
    );
  } else if (storedVersion == schema.version) {
    return;
  } else {
    statements = const <String>[];
  }
  for (final String statement in statements) {
    await txn.execute(statement);
  }
  const String write = 'INSERT OR REPLACE INTO "$metaTable" ("key", "value") VALUES (?, ?)';
  await txn.rawInsert(write, <Object?>['schemaVersion', schema.version]);
  await txn.rawInsert(write, <Object?>['layout', layoutJson]);
}

final class _Opened {
  const _Opened(this.database, this.schema, this.compiler);

  final Database database;
  final SchemaInfo schema;
  final SqlCompiler compiler;
}

/// A [StorageTransaction] bound to one sqflite [Transaction]: every statement runs on [_txn]
/// (never on the [Database], which would deadlock), and nothing after the transaction ended.
///
/// Its [AutoincrementSequences] are SQLite's own: an `autoincrement()` identity is an INTEGER
/// PRIMARY KEY AUTOINCREMENT column (ddl.dart), whose largest value ever inserted (explicit ones
/// included) SQLite keeps in `sqlite_sequence`.
final class _SqfliteTransaction implements StorageTransaction, AutoincrementSequences {
  _SqfliteTransaction(this._txn, this._schema, this._compiler);

  final Transaction _txn;
  final SchemaInfo _schema;
  final SqlCompiler _compiler;
  bool _ended = false;

  void _check() {
    if (_ended) throw StateError('the storage transaction has ended');
  }

  @override
  Future<List<Row>> select(
    String model, {
    Filter where = const AllRows(),
    List<OrderTerm> orderBy = const <OrderTerm>[],
    int? limit,
    int offset = 0,
  }) async {
    _check();
    final ModelInfo info = _schema.model(model);
    final SqlStatement statement =
        _compiler.select(model, where: where, orderBy: orderBy, limit: limit, offset: offset);
    final List<Map<String, Object?>> rows = await _txn.rawQuery(statement.sql, statement.args);
    return <Row>[for (final Map<String, Object?> row in rows) decodeRow(info, row)];
  }

  @override
  Future<int> count(String model, {Filter where = const AllRows()}) async {
    _check();
    final SqlStatement statement = _compiler.count(model, where: where);
    final List<Map<String, Object?>> rows = await _txn.rawQuery(statement.sql, statement.args);
    final Object? n = rows.isEmpty ? null : rows.first['n'];
    if (n is int) return n;
    throw StateError('COUNT(*) returned $n');
  }

  /// Inserts [row]. When the model's identity is one `autoincrement()` field that [row] leaves
  /// out (or null), SQLite assigns it, and the assigned value is written into [row] under the
  /// field's name (an int, or a BigInt for a BigInt field) so that the caller learns it.
  ///
  /// Throws [UniqueViolation] naming the unique criterion the row breaks.
  @override
  Future<void> insert(String model, Row row) async {
    _check();
    final ModelInfo info = _schema.model(model);
    final SqlStatement statement = _compiler.insert(model, row);
    try {
      final int rowid = await _txn.rawInsert(statement.sql, statement.args);
      _assignAutoincrement(info, row, rowid);
    } on DatabaseException catch (error) {
      if (!error.isUniqueConstraintError()) rethrow;
      throw await _violation(info, error, row, inserting: true);
    }
  }

  /// Writes the id SQLite assigned ([rowid]) into [row] when [row] left out the model's single
  /// `autoincrement()` identity.
  void _assignAutoincrement(ModelInfo model, Row row, int rowid) {
    if (model.identity.length != 1) return;
    final FieldInfo identity = model.field(model.identity.single);
    if (identity.defaultKind != DefaultKind.autoincrement || row[identity.name] != null) return;
    row[identity.name] = identity.kind == ScalarKind.bigInt ? BigInt.from(rowid) : rowid;
  }

  /// Throws [UniqueViolation] naming the unique criterion the change breaks.
  @override
  Future<int> update(String model, Filter where, Row changes) async {
    _check();
    if (changes.isEmpty) return count(model, where: where);
    final ModelInfo info = _schema.model(model);
    final SqlStatement statement = _compiler.update(model, where, changes);
    try {
      return await _txn.rawUpdate(statement.sql, statement.args);
    } on DatabaseException catch (error) {
      if (!error.isUniqueConstraintError()) rethrow;
      throw await _violation(info, error, changes, inserting: false);
    }
  }

  @override
  Future<int> delete(String model, Filter where) async {
    _check();
    final SqlStatement statement = _compiler.delete(model, where);
    return _txn.rawDelete(statement.sql, statement.args);
  }

  @override
  Future<void> link(String joinTable, Link link) async {
    _check();
    final SqlStatement statement = _compiler.link(joinTable, link);
    await _txn.rawInsert(statement.sql, statement.args);
  }

  @override
  Future<int> unlink(String joinTable, {Object? a, Object? b}) async {
    _check();
    final SqlStatement statement = _compiler.unlink(joinTable, a: a, b: b);
    return _txn.rawDelete(statement.sql, statement.args);
  }

  /// The links, ordered by A then B within each statement; lists longer than 400 values are
  /// queried in chunks (old SQLite binds at most 999 values per statement) and the chunks'
  /// results concatenated.
  @override
  Future<List<Link>> links(String joinTable, {List<Object>? a, List<Object>? b}) async {
    _check();
    final JoinTableInfo? join = _schema.joinTables[joinTable];
    if (join == null) throw ArgumentError.value(joinTable, 'joinTable', 'no such join table');
    final FieldInfo aField = _compiler.linkField(join, 'A');
    final FieldInfo bField = _compiler.linkField(join, 'B');
    final List<Link> links = <Link>[];
    for (final List<Object>? aChunk in _chunks(a)) {
      for (final List<Object>? bChunk in _chunks(b)) {
        final SqlStatement statement = _compiler.links(joinTable, a: aChunk, b: bChunk);
        for (final Map<String, Object?> row in await _txn.rawQuery(statement.sql, statement.args)) {
          links.add(Link(_linkEnd(aField, row['A']), _linkEnd(bField, row['B'])));
        }
      }
    }
    return links;
  }

  /// Nothing to wait for: a sqflite transaction stays open until its action completes.
  @override
  Future<void> touch() async => _check();

  /// The `sqlite_sequence` value of [model]'s table when [field] is its AUTOINCREMENT primary key
  /// (null when no row was ever inserted); null for any other field.
  @override
  Future<int?> lastSequence(String model, String field) async {
    _check();
    final ModelInfo info = _schema.model(model);
    if (autoincrementKey(info)?.name != field) return null;
    final List<Map<String, Object?>> rows = await _txn.rawQuery(
      'SELECT "seq" FROM "sqlite_sequence" WHERE "name" = ?',
      <Object?>[info.table],
    );
    final Object? seq = rows.isEmpty ? null : rows.first['seq'];
    return seq is int ? seq : null;
  }

  /// Nothing to record: SQLite updates `sqlite_sequence` on every insert.
  @override
  Future<void> setSequence(String model, String field, int value) async => _check();

  /// The UniqueViolation for [error], raised by writing [row] (an insert's row or an update's
  /// changes): the criterion named by SQLite's message ([uniqueViolationFields]); failing that,
  /// for an insert, the first criterion for which a stored row holds the same values; else the
  /// first criterion the written fields touch; else the identity.
  Future<UniqueViolation> _violation(
    ModelInfo model,
    DatabaseException error,
    Row row, {
    required bool inserting,
  }) async {
    final List<String>? named = uniqueViolationFields(model, error.toString());
    if (named != null) return UniqueViolation(model.name, named);
    if (inserting) {
      for (final List<String> unique in model.uniques) {
        if (unique.any((String field) => row[field] == null)) continue;
        final Filter same = And(<Filter>[
          for (final String field in unique) FieldCondition(field, CompareOp.equals, row[field]),
        ]);
        if (await count(model.name, where: same) > 0) return UniqueViolation(model.name, unique);
      }
    }
    for (final List<String> unique in model.uniques) {
      if (unique.any(row.containsKey)) return UniqueViolation(model.name, unique);
    }
    return UniqueViolation(model.name, model.identity);
  }
}

/// The fields of the unique criterion of [model] that SQLite's error [message] names, or null
/// when the message names none of them.
///
/// SQLite says `UNIQUE constraint failed: <table>.<column>[, <table>.<column>]...`; sqflite
/// wraps it differently per platform: Android `... (code 2067)`, iOS
/// `Error Domain=FMDatabase Code=19 "UNIQUE constraint failed: Test.name" ...`, ffi
/// `SqliteException(2067): while executing statement, UNIQUE constraint failed: Test.name,
/// constraint failed (code 2067)`. The columns are matched against the table's own columns
/// (the longest that fits), so names holding spaces or dots are read correctly.
List<String>? uniqueViolationFields(ModelInfo model, String message) {
  const String marker = 'UNIQUE constraint failed: ';
  final int start = message.indexOf(marker);
  if (start < 0) return null;
  String rest = message.substring(start + marker.length);
  final String prefix = '${model.table}.';
  final Set<String> columns = <String>{};
  while (rest.startsWith(prefix)) {
    rest = rest.substring(prefix.length);
    String? column;
    for (final FieldInfo field in model.fields) {
      final String name = field.column;
      if (!rest.startsWith(name) || !_endsName(rest, name.length)) continue;
      if (column == null || name.length > column.length) column = name;
    }
    if (column == null) return null;
    columns.add(column);
    rest = rest.substring(column.length);
    if (!rest.startsWith(', ')) break;
    rest = rest.substring(2);
  }
  if (columns.isEmpty) return null;
  for (final List<String> unique in model.uniques) {
    final Set<String> uniqueColumns = <String>{
      for (final String field in unique) model.field(field).column,
    };
    if (uniqueColumns.length == columns.length && uniqueColumns.containsAll(columns)) {
      return unique;
    }
  }
  return null;
}

/// Whether a column name ending at [end] of [text] ends there (end of text or a delimiter).
bool _endsName(String text, int end) {
  if (end == text.length) return true;
  const String delimiters = ',)"\' }';
  return delimiters.contains(text[end]);
}

/// [values] in chunks of at most [_linkChunk]; `[null]` when [values] is null (no condition).
List<List<Object>?> _chunks(List<Object>? values) {
  if (values == null) return const <List<Object>?>[null];
  if (values.isEmpty) return <List<Object>?>[values];
  return <List<Object>?>[
    for (int start = 0; start < values.length; start += _linkChunk)
      values.sublist(
        start,
        start + _linkChunk < values.length ? start + _linkChunk : values.length,
      ),
  ];
}

Object _linkEnd(FieldInfo field, Object? stored) {
  final Object? value = decodeValue(field, stored);
  if (value == null) throw FormatException('a join table row holds NULL', stored);
  return value;
}
