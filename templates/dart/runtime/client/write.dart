// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The write side of the engine: create, createMany, update, updateMany, upsert, delete,
/// deleteMany (and the `AndReturn` variants), with Prisma Client 7's semantics.
///
/// Everything Prisma does above the database is done here, so that the SQLite and IndexedDB
/// backends behave the same: client-side defaults, `@updatedAt`, autoincrement, the `data` input
/// forms, atomic number operations, unique checks (P2002), foreign-key checks (P2003), nested
/// writes with their relation checks (P2014, P2017, P2025), and the referential actions of every
/// relation (local tables carry no foreign-key constraints).
///
/// ## The specification
/// Prisma Client 7.10 on SQLite (the parity vectors in fixtures/parity/cases/, recorded from the
/// real client: `writes.json`, `nested_writes.json`, `referential.json`, `errors.json`), and for
/// what they leave open, prisma-engines' query graph builder
/// (query-engine/core/src/query_graph_builder/write/: nested/*.rs, utils.rs).
///
/// * One `now()` per operation, in whole milliseconds: `createdAt == updatedAt` on create, and
///   every row an operation writes gets the same time (vectors create-post-updatedat,
///   create-many-and-return).
/// * `@updatedAt` is set on every update whose `data` sets at least one scalar, unless `data`
///   gives it; `data: {}` does not touch it (update-empty-data, upsert-empty-update). A row whose
///   foreign key a nested `connect`/`create`/`set` sets gets it too; a `disconnect` and the
///   referential actions (SetNull, SetDefault, cascading key updates) do not
///   (nested-connect-1-n-to-many-side, nested-set-1-n, nested-disconnect-1-n-to-one,
///   ref-setnull-category).
/// * Referential actions follow what Prisma Client shows on SQLite, whose foreign keys do the
///   work there: `Cascade` deletes (recursively) or moves the foreign key with a changed key;
///   `SetNull` and `SetDefault` rewrite the foreign key; `Restrict` fails (P2003) as soon as a
///   referencing row exists; `NoAction` fails (P2003) only if a referencing row survives the
///   whole operation, so deleting a comment together with its replies works
///   (ref-noaction-delete-all); a `SetDefault` whose default points at a missing row fails (P2003,
///   ref-setdefault-missing-default). Implicit many-to-many links go with their rows (the join
///   table's foreign keys cascade on delete and on update).
///
/// ## Values in `data`
/// * Absent key: not written (create: the default). Present with `null`: written as NULL (a
///   validation error for a required field). `{'set': v}` is the same as `v` (scalars; lists).
/// * Int, BigInt, Float, Decimal: `{'increment' | 'decrement' | 'multiply' | 'divide': n}`,
///   exactly one per field. NULL stays NULL. Int and BigInt division truncates toward zero;
///   division by zero gives NULL (P2011 on a required field), as SQLite does.
/// * Scalar lists: a list, `{'set': [...]}` or `{'push': v | [...]}`.
/// * Json: any JSON value (a Map is a JSON object, never an operation). [JsonNullValue.dbNull]
///   writes a NULL column (optional fields only); [JsonNullValue.jsonNull] and a plain `null`
///   write the JSON value `null` (the [Row] value [JsonNullValue.jsonNull]; Prisma on SQLite stores
///   a plain `null` as JSON null: vectors create-json-plain-null, create-sample-json-null);
///   [JsonNullValue.anyNull] is refused.
///
/// ## Awaiting
/// Inside the storage transaction nothing but storage operations is awaited (IndexedDB; see
/// docs/internals/dart-client.md, "Awaiting inside a storage transaction"): defaults, cached
/// autoincrement values and the checks' filters are computed synchronously; every async method
/// awaits at least one storage operation before it completes, `txn.touch()` on a path with
/// nothing to read or write (an empty nested list, a write that changes nothing); a helper with
/// possibly nothing to do is called only when it has something to do.
library;

import 'dart:convert' show base64Encode;
import 'dart:typed_data' show Uint8List;

import '../values.dart' show deepEquals;
import 'args.dart'
    show coerceScalar, parseWhere, parseWhereUnique, prismaTypeName, prismaValueType;
import 'atomic.dart';
import 'changes.dart';
import 'errors.dart';
import 'filter.dart';
import 'ids.dart';
import 'read.dart' show Reader;
import 'schema.dart';
import 'storage.dart';

/// Runs Prisma's write operations on one [StorageTransaction].
///
/// Every method takes the storage transaction the whole operation runs in (all of it, or
/// nothing: any error thrown rolls it back), the model's Prisma name, the operation's arguments
/// as Prisma Client takes them (Dart values for non-JSON scalars, see storage.dart [Row]) and the
/// [ChangeSet] that records what was written. Returned records are shaped by [Reader.shape] with
/// the operation's `select`/`include`/`omit`.
///
/// Errors: [PrismaClientValidationError] for arguments Prisma Client would reject before running
/// (unknown argument, missing required argument, wrong value kind, null for a required field);
/// [PrismaClientKnownRequestError] with Prisma's code otherwise (P2002 unique, P2003 foreign key,
/// P2011 null constraint, P2014 required relation, P2017 records not connected, P2025 record not
/// found).
class Writer {
  /// [clock] gives `now()` and `@updatedAt` values (default: the current time); [ids] the
  /// generated ids (default: a generator on the same clock and `Random.secure()`); [recorder]
  /// is told the writes each call asks for (the sync outbox), in the call's transaction.
  Writer(this.schema, this.reader, {DateTime Function()? clock, IdGenerator? ids, this.recorder})
      : _clock = clock ?? _systemClock,
        ids = ids ?? IdGenerator(clock: clock);

  final SchemaInfo schema;
  final Reader reader;

  /// The generator of `uuid()`, `cuid()`, `nanoid()`, `ulid()` defaults.
  final IdGenerator ids;

  final DateTime Function() _clock;

  /// Null without sync.
  final WriteRecorder? recorder;

  static DateTime _systemClock() => DateTime.now();

  // --- operations --------------------------------------------------------------------------------

  /// `create`: inserts one record (with its nested writes) and returns it, shaped.
  Future<Row> create(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, const <String>{'data', 'select', 'include', 'omit'}, const <String>['data']);
    final op = _Op(txn, changes, _now(), recorder);
    final row = await _create(op, info, _asMap(args['data'], 'data'));
    return reader.shape(txn, model, row, _shapeArgs(args));
  }

  /// `createMany`: inserts records given by scalars only; returns `{'count': n}`.
  ///
  /// `data` is a list of records or one record. `skipDuplicates` (not on SQLite and SQL Server:
  /// an unknown argument there, as in Prisma Client, vector create-many-skip-duplicates) leaves
  /// out the records that would break a unique constraint. Otherwise a failing row fails the
  /// whole call (nothing is written).
  Future<Map<String, Object?>> createMany(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, _createManyKeys(const <String>{}), const <String>['data']);
    final op = _Op(txn, changes, _now(), recorder);
    final rows = await _createMany(op, info, args['data'], null, _skipDuplicates(args));
    return <String, Object?>{'count': rows.length};
  }

  /// `createManyAndReturn`: as [createMany], returning the created records, shaped.
  Future<List<Row>> createManyAndReturn(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, _createManyKeys(const <String>{'select', 'include', 'omit'}),
        const <String>['data']);
    final op = _Op(txn, changes, _now(), recorder);
    final rows = await _createMany(op, info, args['data'], null, _skipDuplicates(args));
    return reader.shapeMany(txn, model, rows, _shapeArgs(args));
  }

  /// `update`: updates the record `where` (a unique criterion, plus optional filters) selects;
  /// P2025 when there is none.
  Future<Row> update(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, const <String>{'where', 'data', 'select', 'include', 'omit'},
        const <String>['where', 'data']);
    final where = parseWhereUnique(schema, model, args['where']);
    final data = _asMap(args['data'], 'data');
    _precheckUpdateData(info, data);
    final op = _Op(txn, changes, _now(), recorder);
    final found = await _first(op, info, where);
    if (found == null) throw _recordNotFound(model, 'an update');
    final row = await _update(op, info, found, data, null);
    return reader.shape(txn, model, row, _shapeArgs(args));
  }

  /// `updateMany`: updates every record `where` selects (at most `limit`, in identity order)
  /// with scalar `data`; returns `{'count': n}`.
  Future<Map<String, Object?>> updateMany(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final rows = await _updateManyTop(txn, model, args, changes, const <String>{});
    return <String, Object?>{'count': rows.length};
  }

  /// `updateManyAndReturn`: as [updateMany], returning the updated records, shaped.
  Future<List<Row>> updateManyAndReturn(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final rows = await _updateManyTop(
        txn, model, args, changes, const <String>{'select', 'include', 'omit'});
    return reader.shapeMany(txn, model, rows, _shapeArgs(args));
  }

  /// `upsert`: updates the record `where` selects with `update`, or creates one from `create`
  /// when there is none (not an atomic database upsert: an extra filter in `where` that does not
  /// match leads to the create, which may then hit a unique constraint, as in Prisma on SQLite:
  /// vector upsert-extra-filter-miss).
  Future<Row> upsert(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, const <String>{'where', 'create', 'update', 'select', 'include', 'omit'},
        const <String>['where', 'create', 'update']);
    final where = parseWhereUnique(schema, model, args['where']);
    final createData = _asMap(args['create'], 'create');
    final updateData = _asMap(args['update'], 'update');
    _precheckUpdateData(info, updateData);
    final op = _Op(txn, changes, _now(), recorder);
    final found = await _first(op, info, where);
    final row = found == null
        ? await _create(op, info, createData)
        : await _update(op, info, found, updateData, null);
    return reader.shape(txn, model, row, _shapeArgs(args));
  }

  /// `delete`: deletes the record `where` selects (P2025 when there is none) with the
  /// referential actions of the relations that reference it; returns it as it was before the
  /// delete, shaped (included relations as they were: vector delete-with-include).
  Future<Row> delete(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(
        args, const <String>{'where', 'select', 'include', 'omit'}, const <String>['where']);
    final where = parseWhereUnique(schema, model, args['where']);
    final op = _Op(txn, changes, _now(), recorder);
    final found = await _first(op, info, where);
    if (found == null) throw _recordNotFound(model, 'a delete');
    final result = await reader.shape(txn, model, found, _shapeArgs(args));
    await _deleteRows(op, info, <Row>[found]);
    return result;
  }

  /// `deleteMany`: deletes every record `where` selects (at most `limit`, in identity order);
  /// returns `{'count': n}`. A referential action that fails fails the whole call.
  Future<Map<String, Object?>> deleteMany(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
  ) async {
    final info = _model(model);
    _checkArgs(args, const <String>{'where', 'limit'}, const <String>[]);
    final where = args['where'] == null ? const AllRows() : parseWhere(schema, model, args['where']);
    final limit = _limit(args['limit']);
    final op = _Op(txn, changes, _now(), recorder);
    final rows = await txn.select(model,
        where: where, orderBy: _identityOrder(info), limit: limit);
    await _deleteRows(op, info, rows);
    return <String, Object?>{'count': rows.length};
  }

  Future<List<Row>> _updateManyTop(
    StorageTransaction txn,
    String model,
    Map<String, Object?> args,
    ChangeSet changes,
    Set<String> shapeKeys,
  ) async {
    final info = _model(model);
    _checkArgs(args, <String>{'where', 'data', 'limit', ...shapeKeys}, const <String>['data']);
    final where = args['where'] == null ? const AllRows() : parseWhere(schema, model, args['where']);
    final data = _asMap(args['data'], 'data');
    _parseData(info, data, back: null, scalarsOnly: true);
    _precheckUpdateData(info, data);
    final limit = _limit(args['limit']);
    final op = _Op(txn, changes, _now(), recorder);
    final rows = await txn.select(model,
        where: where, orderBy: _identityOrder(info), limit: limit);
    return _updateRows(op, info, rows, data, null);
  }

  // --- create ------------------------------------------------------------------------------------

  /// Creates one record of [model] from [data] and runs its nested writes.
  ///
  /// [parent]: the record is created through a relation of another record (a nested create); it
  /// is then connected to it, and `data` may not name the back relation nor its foreign key.
  /// [scalarsOnly]: createMany (`data` has no relation fields).
  Future<Row> _create(
    _Op op,
    ModelInfo model,
    Map<String, Object?> data, {
    _Parent? parent,
    bool scalarsOnly = false,
  }) async {
    op.recording(model.name)?.checkCreate(model);
    final back = parent?.back(schema);
    final input = _parseData(model, data, back: back, scalarsOnly: scalarsOnly);
    final row = <String, Object?>{};
    for (final entry in input.scalars.entries) {
      final field = model.field(entry.key);
      row[field.name] = _createValue(model, field, entry.value);
    }

    // Foreign keys filled by the parent or by a relation written below: not missing.
    final filled = <String>{};
    if (back != null && back.holdsForeignKey) {
      final parentRow = parent!.row!;
      for (var i = 0; i < back.fields.length; i++) {
        row[back.fields[i]] = parentRow[back.references[i]];
        filled.add(back.fields[i]);
      }
    }
    for (final relationInput in input.relations) {
      if (relationInput.relation.holdsForeignKey) filled.addAll(relationInput.relation.fields);
    }
    _checkMissing(model, input, filled);

    // Relations whose foreign key this record holds: their rows first (parents before children).
    for (final relationInput in input.relations) {
      final relation = relationInput.relation;
      if (!relation.holdsForeignKey) continue;
      final target = await _toOneForNewRecord(op, model, relation, relationInput.operations);
      if (target == null) {
        if (_isRequired(relation)) {
          _invalid('Argument `${relation.name}` needs at least one argument.');
        }
        continue;
      }
      for (var i = 0; i < relation.fields.length; i++) {
        row[relation.fields[i]] = target[relation.references[i]];
      }
    }

    for (final field in model.fields) {
      if (row.containsKey(field.name)) continue;
      if (field.defaultKind == DefaultKind.autoincrement) {
        final key = _sequenceKey(model, field);
        if (!op.sequences.containsKey(key)) {
          op.sequences[key] = await _loadSequence(op, model, field);
        }
        row[field.name] = _nextAutoincrement(op, key, field);
      } else {
        row[field.name] = _defaultValue(op, field);
      }
    }

    for (final check in _uniqueChecks(model, row, null, null)) {
      if (await op.txn.count(model.name, where: check.where) > 0) {
        throw _uniqueViolation(model.name, check.fields);
      }
    }
    for (final check in _foreignKeyChecks(model, row, input.scalars.keys.toSet())) {
      if (await op.txn.count(check.model, where: check.where) == 0) {
        throw _foreignKeyViolation(model.name, check.fields);
      }
    }
    try {
      await op.txn.insert(model.name, row);
    } on UniqueViolation catch (violation) {
      throw _uniqueViolation(model.name, violation.fields);
    }
    op.changes.model(model.name);
    // Recorded before the nested writes below: parents before children.
    final recorder = op.recording(model.name);
    if (recorder != null) await recorder.created(op.txn, model, row);

    // The autoincrement values it used (given or generated): the next ones follow them.
    // (Declared Object: `is AutoincrementSequences` then promotes it, which a StorageTransaction,
    // not a supertype of AutoincrementSequences, would not be.)
    final Object txn = op.txn;
    for (final field in model.fields) {
      if (field.defaultKind != DefaultKind.autoincrement) continue;
      final value = _asInt(row[field.name]);
      if (value == null) continue;
      final key = _sequenceKey(model, field);
      final known = op.sequences[key];
      if (known != null && value > known) op.sequences[key] = value;
      if (txn is AutoincrementSequences && value > (op.persistedSequences[key] ?? 0)) {
        await txn.setSequence(model.name, field.name, value);
        op.persistedSequences[key] = value;
      }
    }

    for (final relationInput in input.relations) {
      final relation = relationInput.relation;
      if (relation.holdsForeignKey) continue;
      await _nested(op, _Side.of(schema, model, relation), row, relationInput.operations,
          parentIsNew: true);
    }
    return row;
  }

  /// createMany's rows (top level, or nested through a one-to-many relation of [parent]).
  /// [skipDuplicates]: a row that would break a unique constraint (P2002) is left out.
  Future<List<Row>> _createMany(
    _Op op,
    ModelInfo model,
    Object? data,
    _Parent? parent,
    bool skipDuplicates,
  ) async {
    final created = <Row>[];
    await _each(op.txn, _asList(data), (Object? item) async {
      try {
        created.add(await _create(op, model, _asMap(item, 'data'),
            parent: parent, scalarsOnly: true));
      } on PrismaClientKnownRequestError catch (error) {
        if (!skipDuplicates || error.code != 'P2002') rethrow;
        await op.txn.touch();
      }
    });
    return created;
  }

  /// The arguments of createMany (and [extra] ones): `data`, and `skipDuplicates` where the
  /// provider has it.
  Set<String> _createManyKeys(Set<String> extra) => <String>{
        'data',
        if (schema.hasSkipDuplicates) 'skipDuplicates',
        ...extra,
      };

  bool _skipDuplicates(Map<String, Object?> args) {
    final value = args['skipDuplicates'];
    if (value == null || value is bool) return value == true;
    _invalidValue('skipDuplicates', 'Boolean', value);
  }

  /// A required scalar without value, default or relation filling it: Prisma's "Argument `x` is
  /// missing." (for a foreign key of a required relation given neither way, the relation's name).
  void _checkMissing(ModelInfo model, _Input input, Set<String> filled) {
    final uncheckedInput = input.scalars.keys.any(_foreignKeyFields(model).contains);
    for (final field in model.fields) {
      if (input.scalars.containsKey(field.name) || filled.contains(field.name)) continue;
      if (field.isOptional || field.isList || field.isUpdatedAt) continue;
      if (field.defaultKind != DefaultKind.none) continue;
      if (!uncheckedInput) {
        for (final relation in model.relations) {
          if (relation.holdsForeignKey && relation.fields.contains(field.name)) {
            _invalid('Argument `${relation.name}` is missing.');
          }
        }
      }
      _invalid('Argument `${field.name}` is missing.');
    }
  }

  /// The value of a field not given in a create (other than `autoincrement()`, see
  /// [_nextAutoincrement]): Prisma Client's client-side default. `dbgenerated(...)` cannot be
  /// evaluated here: the field is left NULL (until a sync brings the server's value).
  Object? _defaultValue(_Op op, FieldInfo field) {
    switch (field.defaultKind) {
      case DefaultKind.none:
      case DefaultKind.autoincrement:
        return field.isUpdatedAt ? op.now : null;
      case DefaultKind.dbgenerated:
        return null;
      case DefaultKind.now:
        return op.now;
      case DefaultKind.uuid4:
        return ids.uuid4();
      case DefaultKind.uuid7:
        return ids.uuid7();
      case DefaultKind.cuid:
        return ids.cuid();
      case DefaultKind.cuid2:
        return ids.cuid2();
      case DefaultKind.nanoid:
        return ids.nanoid(field.defaultLength ?? 21);
      case DefaultKind.ulid:
        return ids.ulid();
      case DefaultKind.literal:
        return field.defaultValue;
    }
  }

  /// The next `autoincrement()` value of [field] (its sequence [key] already in
  /// `op.sequences`, from [_loadSequence]): one more than the largest value the field has had,
  /// as SQLite's `AUTOINCREMENT` (vector create-user-defaults: id 7 after the seeded 6). Values
  /// handed out within one operation are remembered (createMany, nested creates).
  Object _nextAutoincrement(_Op op, String key, FieldInfo field) {
    final next = op.sequences[key]! + 1;
    op.sequences[key] = next;
    return field.kind == ScalarKind.bigInt ? BigInt.from(next) : next;
  }

  /// The largest value [field] has had: the largest in the table and, when the storage keeps
  /// one ([AutoincrementSequences]), the largest ever recorded, so that a deleted largest id is
  /// not given again.
  Future<int> _loadSequence(_Op op, ModelInfo model, FieldInfo field) async {
    final rows = await op.txn.select(model.name,
        orderBy: <OrderTerm>[OrderTerm(<String>[field.name], descending: true)], limit: 1);
    var last = rows.isEmpty ? 0 : (_asInt(rows.first[field.name]) ?? 0);
    final Object txn = op.txn; // Object: `is` promotes it (see _create)
    if (txn is AutoincrementSequences) {
      final stored = await txn.lastSequence(model.name, field.name);
      op.persistedSequences[_sequenceKey(model, field)] = stored ?? 0;
      if (stored != null && stored > last) last = stored;
    }
    return last;
  }

  // --- update ------------------------------------------------------------------------------------

  /// Updates [row] of [model] with [data] (scalars, then nested writes in `data`'s order) and
  /// returns the row as it is afterwards.
  Future<Row> _update(
    _Op op,
    ModelInfo model,
    Row row,
    Map<String, Object?> data,
    _Parent? parent,
  ) async {
    final input = _parseData(model, data, back: parent?.back(schema), scalarsOnly: false);
    final changes = <String, Object?>{};
    for (final entry in input.scalars.entries) {
      final field = model.field(entry.key);
      changes[field.name] = _updateValue(model, field, entry.value, row[field.name]);
    }
    var current = await _writeRow(op, model, row, changes,
        bump: true, ops: _atomicOperations(model, input.scalars));
    for (final relationInput in input.relations) {
      final relation = relationInput.relation;
      if (relation.holdsForeignKey) {
        current = await _nestedHeld(op, model, current, relation, relationInput.operations);
      } else {
        await _nested(op, _Side.of(schema, model, relation), current, relationInput.operations,
            parentIsNew: false);
      }
    }
    if (input.relations.isNotEmpty) current = await _reload(op, model, current) ?? current;
    return current;
  }

  /// updateMany's rows: the same scalar [data] applied to each row (atomic operations on each
  /// row's own values).
  Future<List<Row>> _updateRows(
    _Op op,
    ModelInfo model,
    List<Row> rows,
    Map<String, Object?> data,
    RelationInfo? back,
  ) async {
    final input = _parseData(model, data, back: back, scalarsOnly: true);
    final ops = _atomicOperations(model, input.scalars);
    final updated = <Row>[];
    await _each(op.txn, rows, (Row row) async {
      final changes = <String, Object?>{};
      for (final entry in input.scalars.entries) {
        final field = model.field(entry.key);
        changes[field.name] = _updateValue(model, field, entry.value, row[field.name]);
      }
      updated.add(await _writeRow(op, model, row, changes, bump: true, ops: ops));
    });
    return updated;
  }

  /// Validates an update's top-level `data` before anything is read, as Prisma validates the
  /// whole query first (a validation error wins over P2025). Nested writes are validated when
  /// they run.
  void _precheckUpdateData(ModelInfo model, Map<String, Object?> data) {
    final input = _parseData(model, data, back: null, scalarsOnly: false);
    for (final entry in input.scalars.entries) {
      _updateValue(model, model.field(entry.key), entry.value, null);
    }
  }

  /// Writes [changes] to [row]: `@updatedAt` (when [bump] and [changes] is not empty), the null,
  /// foreign-key and unique checks, the write itself, and the referential actions of a changed
  /// key. Returns the row as written. [ops]: the fields of [changes] an atomic operation computed
  /// (for the [WriteRecorder]); [referential]: a referential action's write, not recorded.
  Future<Row> _writeRow(
    _Op op,
    ModelInfo model,
    Row row,
    Map<String, Object?> changes, {
    required bool bump,
    Map<String, Map<String, Object?>> ops = const <String, Map<String, Object?>>{},
    bool referential = false,
  }) async {
    if (changes.isEmpty) {
      await op.txn.touch();
      return row;
    }
    final effective = <String, Object?>{...changes};
    if (bump) {
      for (final field in model.fields) {
        if (field.isUpdatedAt && !effective.containsKey(field.name)) {
          effective[field.name] = op.now;
        }
      }
    }
    final next = <String, Object?>{...row, ...effective};
    for (final name in effective.keys) {
      final field = model.field(name);
      // A Json field's JSON null is JsonNullValue.jsonNull, not null: null is a NULL column.
      if (next[name] == null && !field.isOptional && !field.isList) {
        throw _nullViolation(model.name, name);
      }
    }
    final changed = effective.keys.toSet();
    for (final check in _uniqueChecks(model, next, changed, row)) {
      if (await op.txn.count(model.name, where: check.where) > 0) {
        throw _uniqueViolation(model.name, check.fields);
      }
    }
    for (final check in _foreignKeyChecks(model, next, changed)) {
      if (await op.txn.count(check.model, where: check.where) == 0) {
        throw _foreignKeyViolation(model.name, check.fields);
      }
    }
    try {
      await op.txn.update(model.name, _identityFilter(model, row), effective);
    } on UniqueViolation catch (violation) {
      throw _uniqueViolation(model.name, violation.fields);
    }
    op.changes.model(model.name);
    final recorder = referential ? null : op.recording(model.name);
    if (recorder != null) await recorder.updated(op.txn, model, row, effective, ops);
    final keyChanges = _keyChanges(model, row, next);
    if (keyChanges.isNotEmpty) {
      await _each(op.txn, keyChanges, (_KeyChange change) async {
        await _applyKeyChange(op, change);
      });
    }
    return next;
  }

  /// What a change of [oldRow] into [newRow] (rows of [model]) must carry on (ON UPDATE): every
  /// relation whose foreign key references values that changed, and every implicit many-to-many
  /// join table referencing a changed id. Empty when no referenced value changed.
  List<_KeyChange> _keyChanges(ModelInfo model, Row oldRow, Row newRow) {
    final changes = <_KeyChange>[];
    for (final other in schema.models.values) {
      for (final relation in other.relations) {
        if (!relation.holdsForeignKey || relation.target != model.name) continue;
        final oldValues = _values(oldRow, relation.references);
        final newValues = _values(newRow, relation.references);
        if (_sameValues(oldValues, newValues) || oldValues.any(_isNull)) continue;
        changes.add(_ReferencingRows(other, relation, oldValues, newValues));
      }
    }
    if (model.identity.length != 1) return changes;
    final idField = model.identity.first;
    final oldId = oldRow[idField];
    final newId = newRow[idField];
    if (oldId == null || newId == null || deepEquals(oldId, newId)) return changes;
    for (final joinTable in schema.joinTables.values) {
      if (joinTable.aModel == model.name) {
        changes.add(_MovedLinks(joinTable.name, 'A', oldId, newId));
      }
      if (joinTable.bModel == model.name) {
        changes.add(_MovedLinks(joinTable.name, 'B', oldId, newId));
      }
    }
    return changes;
  }

  /// Carries out one of [_keyChanges]: for the rows referencing changed values, Cascade moves
  /// the foreign key (recursively), SetNull and SetDefault rewrite it, Restrict and NoAction fail
  /// with P2003 (ref-cascade-on-update, ref-noaction-on-update); implicit many-to-many links
  /// follow a changed id (update-change-pk).
  Future<void> _applyKeyChange(_Op op, _KeyChange change) async {
    if (change is _ReferencingRows) {
      final other = change.model;
      final relation = change.relation;
      final children = await op.txn.select(other.name,
          where: _equalsAll(relation.fields, change.oldValues));
      if (children.isEmpty) return;
      switch (relation.onUpdate ?? ReferentialAction.cascade) {
        case ReferentialAction.cascade:
          for (final child in children) {
            await _writeRow(op, other, child, _assign(relation.fields, change.newValues),
                bump: false, referential: true);
          }
        case ReferentialAction.setNull:
          for (final child in children) {
            await _writeRow(op, other, child, _assign(relation.fields, null),
                bump: false, referential: true);
          }
        case ReferentialAction.setDefault:
          final defaults = _defaultsOf(other, relation.fields);
          final target = _defaultTarget(relation, defaults);
          if (target != null) {
            await _checkDefaultTarget(op, other, relation, target, const <String, Set<String>>{});
          }
          for (final child in children) {
            await _writeRow(op, other, child, defaults, bump: false, referential: true);
          }
        case ReferentialAction.restrict:
        case ReferentialAction.noAction:
          throw _foreignKeyViolation(other.name, relation.fields);
      }
    } else if (change is _MovedLinks) {
      final joinTable = change.joinTable;
      final isA = change.column == 'A';
      final links = isA
          ? await op.txn.links(joinTable, a: <Object>[change.oldId])
          : await op.txn.links(joinTable, b: <Object>[change.oldId]);
      if (links.isEmpty) return;
      if (isA) {
        await op.txn.unlink(joinTable, a: change.oldId);
      } else {
        await op.txn.unlink(joinTable, b: change.oldId);
      }
      for (final link in links) {
        await op.txn.link(
            joinTable, isA ? Link(change.newId, link.b) : Link(link.a, change.newId));
      }
      op.changes.joinTable(joinTable);
    } else {
      throw StateError('unknown key change $change');
    }
  }

  // --- nested writes on relations whose foreign key the other side holds -----------------------

  /// Nested writes through [side] (a relation of the parent that does not hold the foreign key:
  /// a to-many relation, the virtual side of a one-to-one, or a many-to-many) for [parent].
  ///
  /// [parentIsNew]: the parent is being created (only create, createMany, connect,
  /// connectOrCreate exist then). Operations run in the order of [operations]' keys (vector
  /// nested-mixed-order: `set` then `create` keeps the created link).
  Future<void> _nested(
    _Op op,
    _Side side,
    Row parent,
    Map<String, Object?> operations, {
    required bool parentIsNew,
  }) async {
    final toMany = side.relation.isList;
    final allowed = parentIsNew
        ? <String>{'create', 'connect', 'connectOrCreate', if (side.isOneToMany) 'createMany'}
        : toMany
            ? <String>{
                'create',
                'connect',
                'connectOrCreate',
                'set',
                'disconnect',
                'delete',
                'update',
                'updateMany',
                'upsert',
                'deleteMany',
                if (side.isOneToMany) 'createMany',
              }
            : <String>{
                'create',
                'connect',
                'connectOrCreate',
                'disconnect',
                'delete',
                'update',
                'upsert',
              };
    for (final key in operations.keys) {
      if (!allowed.contains(key)) _unknownArgument(key);
    }
    await _each(op.txn, operations.entries.toList(), (MapEntry<String, Object?> entry) async {
      await _nestedOperation(op, side, parent, entry.key, entry.value, parentIsNew);
    });
  }

  /// One nested write [key] (with its argument [value]) through [side] for [parent].
  Future<void> _nestedOperation(
    _Op op,
    _Side side,
    Row parent,
    String key,
    Object? value,
    bool parentIsNew,
  ) async {
    final toMany = side.relation.isList;
    switch (key) {
      case 'create':
        await _each(op.txn, _items(value, toMany, 'create'), (Object? data) async {
          await _nestedCreate(op, side, parent, _asMap(data, 'create'), parentIsNew);
        });
      case 'createMany':
        final args = _asMap(value, 'createMany');
        _checkArgs(args, _createManyKeys(const <String>{}), const <String>['data']);
        await _createMany(op, side.child, args['data'],
            _Parent(side.parentModel, side.relation, parent), _skipDuplicates(args));
      case 'connect':
        if (toMany) {
          await _connectMany(op, side, parent, _uniqueWheres(value));
        } else {
          await _connectOne(op, side, parent, _asMap(value, 'connect'), parentIsNew);
        }
      case 'connectOrCreate':
        await _each(op.txn, _items(value, toMany, 'connectOrCreate'), (Object? item) async {
          final args = _asMap(item, 'connectOrCreate');
          _checkArgs(args, const <String>{'where', 'create'}, const <String>['where', 'create']);
          final found = await _findUnique(op, side.child, args['where']);
          if (found == null) {
            await _nestedCreate(op, side, parent, _asMap(args['create'], 'create'), parentIsNew);
          } else if (side.isManyToMany) {
            await _link(op, side, parent, found);
          } else if (toMany) {
            await _writeRow(op, side.child, found, side.childForeignKey(parent), bump: true);
          } else {
            await _claimChild(op, side, parent, found, parentIsNew);
          }
        });
      case 'set':
        await _set(op, side, parent, _uniqueWheres(value));
      case 'disconnect':
        await _disconnect(op, side, parent, value);
      case 'delete':
        await _nestedDelete(op, side, parent, value);
      case 'update':
        await _each(op.txn, _items(value, toMany, 'update'), (Object? item) async {
          await _nestedUpdate(op, side, parent, _asMap(item, 'update'));
        });
      case 'updateMany':
        await _each(op.txn, _asList(value), (Object? item) async {
          final args = _asMap(item, 'updateMany');
          _checkArgs(args, const <String>{'where', 'data'}, const <String>['where', 'data']);
          final rows = await op.txn.select(side.child.name,
              where: _and(<Filter>[
                side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent),
                parseWhere(schema, side.child.name, args['where']),
              ]),
              orderBy: _identityOrder(side.child));
          await _updateRows(op, side.child, rows, _asMap(args['data'], 'data'), side.back);
        });
      case 'upsert':
        await _each(op.txn, _items(value, toMany, 'upsert'), (Object? item) async {
          await _nestedUpsert(op, side, parent, _asMap(item, 'upsert'));
        });
      case 'deleteMany':
        await _each(op.txn, _asList(value), (Object? item) async {
          final rows = await op.txn.select(side.child.name,
              where: _and(<Filter>[
                side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent),
                parseWhere(schema, side.child.name, _asMap(item, 'deleteMany')),
              ]),
              orderBy: _identityOrder(side.child));
          await _deleteRows(op, side.child, rows);
        });
      default:
        _unknownArgument(key);
    }
  }

  /// A nested create: the child is created connected to [parent]. On the virtual side of a
  /// one-to-one whose parent is not new, an existing child is first disconnected, or the write
  /// fails with P2014 when the child's relation is required (error-p2014-create-second-profile).
  Future<Row> _nestedCreate(
    _Op op,
    _Side side,
    Row parent,
    Map<String, Object?> data,
    bool parentIsNew,
  ) async {
    if (!side.relation.isList && !side.isManyToMany && !parentIsNew) {
      await _releaseChild(op, side, parent, null);
    }
    final child = await _create(op, side.child, data,
        parent: _Parent(side.parentModel, side.relation, parent));
    if (side.isManyToMany) await _link(op, side, parent, child);
    return child;
  }

  /// `connect` on a to-many relation: every `where` must select a record (P2025 otherwise, the
  /// count of distinct selectors against the count of records found); many-to-many adds the
  /// links (an existing link is kept once), one-to-many sets the children's foreign key (moving
  /// them from another parent; `@updatedAt` set).
  Future<void> _connectMany(_Op op, _Side side, Row parent, List<Map<String, Object?>> wheres) async {
    if (wheres.isEmpty) {
      await op.txn.touch();
      return;
    }
    final children = await op.txn.select(side.child.name,
        where: _or(<Filter>[
          for (final where in wheres) parseWhereUnique(schema, side.child.name, where),
        ]),
        orderBy: _identityOrder(side.child));
    if (children.length != wheres.length) {
      throw side.isManyToMany
          ? PrismaClientKnownRequestError(
              'P2025',
              'An operation failed because it depends on one or more records that were '
                  'required but not found. Expected ${wheres.length} records to be connected, '
                  'found only ${children.length}.',
              meta: <String, Object?>{
                'modelName': side.parentModel.name,
                'expectedRows': wheres.length,
              },
            )
          : PrismaClientKnownRequestError(
              'P2025',
              'An operation failed because it depends on one or more records that were '
                  'required but not found. Expected ${wheres.length} records to be connected '
                  'after connect operation on one-to-many relation '
                  "'${side.relationName}', found ${children.length}.",
              meta: <String, Object?>{
                'modelName': side.parentModel.name,
                'relation': side.relationName,
              },
            );
    }
    for (final child in children) {
      if (side.isManyToMany) {
        await _link(op, side, parent, child);
      } else {
        await _writeRow(op, side.child, child, side.childForeignKey(parent), bump: true);
      }
    }
  }

  /// `connect` on the virtual side of a one-to-one (the child holds the foreign key).
  Future<void> _connectOne(
    _Op op,
    _Side side,
    Row parent,
    Map<String, Object?> where,
    bool parentIsNew,
  ) async {
    final child = await _findUnique(op, side.child, where);
    if (child == null) {
      throw _nestedNotFound(side, 'a nested connect',
          "No '${side.child.name}' record to connect was found for a nested connect on "
          "one-to-one relation '${side.relationName}'.");
    }
    await _claimChild(op, side, parent, child, parentIsNew);
  }

  /// Connects [child] to [parent] on the virtual side of a one-to-one: nothing when it already
  /// is; otherwise the parent's current child is disconnected (P2014 when its relation is
  /// required: nested-connect-1-1-move moves a profile to a user that has none) and [child]'s
  /// foreign key is set (`@updatedAt` set).
  Future<void> _claimChild(_Op op, _Side side, Row parent, Row child, bool parentIsNew) async {
    if (!parentIsNew) {
      if (_sameValues(_values(child, side.back.fields), side.childForeignKeyValues(parent))) {
        await op.txn.touch();
        return;
      }
      await _releaseChild(op, side, parent, child);
    }
    await _writeRow(op, side.child, child, side.childForeignKey(parent), bump: true);
  }

  /// Before [parent] gets another child on the virtual side of a one-to-one: its current child
  /// (other than [except]) is disconnected, or P2014 when the child's relation is required.
  Future<void> _releaseChild(_Op op, _Side side, Row parent, Row? except) async {
    final current = await op.txn.select(side.child.name,
        where: side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent));
    for (final child in current) {
      if (except != null && _sameRow(side.child, child, except)) continue;
      if (_isRequired(side.back)) throw _relationViolation(side.child, side.back);
      await _writeRow(op, side.child, child, _assign(side.back.fields, null), bump: true);
    }
  }

  /// `set` (to-many only). Many-to-many: every link of [parent] is removed, then [wheres] are
  /// connected (P2025 for a missing one). One-to-many: children no longer listed are
  /// disconnected (P2014 when their relation is required: nested-set-1-n-required), newly listed
  /// ones connected, the others left alone (their `@updatedAt` too: nested-set-1-n).
  Future<void> _set(_Op op, _Side side, Row parent, List<Map<String, Object?>> wheres) async {
    if (side.isManyToMany) {
      final removed = await _unlinkAll(op, side, parent);
      if (removed > 0) op.changes.joinTable(side.joinTable);
      await _connectMany(op, side, parent, wheres);
      return;
    }
    final old = await op.txn.select(side.child.name,
        where: side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent),
        orderBy: _identityOrder(side.child));
    final wanted = wheres.isEmpty
        ? const <Row>[]
        : await op.txn.select(side.child.name,
            where: _or(<Filter>[
              for (final where in wheres) parseWhereUnique(schema, side.child.name, where),
            ]),
            orderBy: _identityOrder(side.child));
    final oldKeys = <String>{for (final row in old) _rowKey(side.child, row)};
    final wantedKeys = <String>{for (final row in wanted) _rowKey(side.child, row)};
    final toDisconnect = <Row>[
      for (final row in old)
        if (!wantedKeys.contains(_rowKey(side.child, row))) row,
    ];
    final toConnect = <Row>[
      for (final row in wanted)
        if (!oldKeys.contains(_rowKey(side.child, row))) row,
    ];
    if (toDisconnect.isNotEmpty && _isRequired(side.back)) {
      throw _relationViolation(side.child, side.back);
    }
    for (final row in toDisconnect) {
      await _writeRow(op, side.child, row, _assign(side.back.fields, null), bump: false);
    }
    for (final row in toConnect) {
      await _writeRow(op, side.child, row, side.childForeignKey(parent), bump: true);
    }
  }

  /// `disconnect`. Many-to-many: removes the links to the listed records (those not linked are
  /// ignored). Otherwise P2014 when the child's relation is required (the relation would be
  /// violated: nested-disconnect-1-1-required, nested-disconnect-1-n-required), else the
  /// children's foreign key is set to NULL (`@updatedAt` untouched). A to-one `disconnect` takes
  /// `true` (or a filter, which Prisma 7 does not apply: nested-disconnect-1-n-where); `false`
  /// does nothing.
  Future<void> _disconnect(_Op op, _Side side, Row parent, Object? value) async {
    if (side.isManyToMany) {
      final wheres = _uniqueWheres(value);
      if (wheres.isEmpty) {
        await op.txn.touch();
        return;
      }
      final children = await op.txn.select(side.child.name,
          where: _and(<Filter>[
            await _linkedFilter(op, side, parent),
            _or(<Filter>[
              for (final where in wheres) parseWhereUnique(schema, side.child.name, where),
            ]),
          ]));
      var removed = 0;
      for (final child in children) {
        removed += await _unlink(op, side, parent, child);
      }
      if (removed > 0) op.changes.joinTable(side.joinTable);
      return;
    }
    if (!side.relation.isList && value == false) {
      await op.txn.touch();
      return;
    }
    if (_isRequired(side.back)) throw _relationViolation(side.child, side.back);
    Filter filter = side.foreignKeyFilter(parent)!;
    if (side.relation.isList) {
      final wheres = _uniqueWheres(value);
      if (wheres.isEmpty) {
        await op.txn.touch();
        return;
      }
      filter = _and(<Filter>[
        filter,
        _or(<Filter>[
          for (final where in wheres) parseWhereUnique(schema, side.child.name, where),
        ]),
      ]);
    } else if (value != true && value is! Map) {
      _invalidValue('disconnect', 'Boolean or a filter', value);
    }
    for (final child in await op.txn.select(side.child.name, where: filter)) {
      await _writeRow(op, side.child, child, _assign(side.back.fields, null), bump: false);
    }
  }

  /// `delete` through a relation. To-many: every listed record must be connected, or P2017
  /// (nested-delete-1-n-not-related). To-one: `true` or a filter on the connected record; P2025
  /// when there is none (nested-delete-1-1-missing). The deleted records' own referential
  /// actions run (nested-delete-1-n cascades to comments and links).
  Future<void> _nestedDelete(_Op op, _Side side, Row parent, Object? value) async {
    final connected = side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent);
    if (side.relation.isList) {
      final wheres = <Map<String, Object?>>[
        for (final item in _asList(value)) _asMap(item, 'delete'),
      ];
      if (wheres.isEmpty) {
        await op.txn.touch();
        return;
      }
      final children = await op.txn.select(side.child.name,
          where: _and(<Filter>[
            connected,
            _or(<Filter>[
              for (final where in wheres) parseWhereUnique(schema, side.child.name, where),
            ]),
          ]),
          orderBy: _identityOrder(side.child));
      if (children.length != wheres.length) {
        throw PrismaClientKnownRequestError(
          'P2017',
          'The records for relation `${side.relationName}` between the `${side.parentModel.name}` '
              'and `${side.child.name}` models are not connected.',
          meta: <String, Object?>{
            'modelName': side.parentModel.name,
            'relation': side.relationName,
            'parent': side.parentModel.name,
            'child': side.child.name,
          },
        );
      }
      await _deleteRows(op, side.child, children);
      return;
    }
    if (value == false) {
      await op.txn.touch();
      return;
    }
    final filter = value is Map
        ? _and(<Filter>[connected, parseWhere(schema, side.child.name, value)])
        : connected;
    final children = await op.txn.select(side.child.name, where: filter, limit: 1);
    if (children.isEmpty) {
      throw _nestedNotFound(side, 'a nested delete',
          "No '${side.child.name}' record was found for a nested delete on "
          "${side.relationType} relation '${side.relationName}'.");
    }
    await _deleteRows(op, side.child, children);
  }

  /// `update` through a relation: to-many `{where, data}` (the record must be connected: P2025,
  /// nested-update-1-n-not-related); to-one the data itself or `{where?, data}`.
  Future<void> _nestedUpdate(_Op op, _Side side, Row parent, Map<String, Object?> value) async {
    final connected = side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent);
    final Filter filter;
    final Map<String, Object?> data;
    if (side.relation.isList) {
      _checkArgs(value, const <String>{'where', 'data'}, const <String>['where', 'data']);
      filter = _and(<Filter>[connected, parseWhereUnique(schema, side.child.name, value['where'])]);
      data = _asMap(value['data'], 'data');
    } else if (_isWhereDataWrapper(side.child, value)) {
      filter = value['where'] == null
          ? connected
          : _and(<Filter>[connected, parseWhere(schema, side.child.name, value['where'])]);
      data = _asMap(value['data'], 'data');
    } else {
      filter = connected;
      data = value;
    }
    final children = await op.txn.select(side.child.name, where: filter, limit: 1);
    if (children.isEmpty) {
      throw _nestedNotFound(side, 'a nested update',
          "No '${side.child.name}' record was found for a nested update on "
          "${side.relationType} relation '${side.relationName}'.");
    }
    await _update(op, side.child, children.first, data,
        _Parent(side.parentModel, side.relation, parent));
  }

  /// `upsert` through a relation: to-many `{where, create, update}` updates the connected record
  /// `where` selects or creates a connected one (nested-upsert-m-n: a record that exists but is
  /// not linked is not the one updated); to-one `{create, update, where?}`.
  Future<void> _nestedUpsert(_Op op, _Side side, Row parent, Map<String, Object?> value) async {
    final connected = side.foreignKeyFilter(parent) ?? await _linkedFilter(op, side, parent);
    final Filter filter;
    if (side.relation.isList) {
      _checkArgs(value, const <String>{'where', 'create', 'update'},
          const <String>['where', 'create', 'update']);
      filter = _and(<Filter>[connected, parseWhereUnique(schema, side.child.name, value['where'])]);
    } else {
      _checkArgs(value, const <String>{'where', 'create', 'update'},
          const <String>['create', 'update']);
      filter = value['where'] == null
          ? connected
          : _and(<Filter>[connected, parseWhere(schema, side.child.name, value['where'])]);
    }
    final children = await op.txn.select(side.child.name, where: filter, limit: 1);
    if (children.isEmpty) {
      await _nestedCreate(op, side, parent, _asMap(value['create'], 'create'), false);
    } else {
      await _update(op, side.child, children.first, _asMap(value['update'], 'update'),
          _Parent(side.parentModel, side.relation, parent));
    }
  }

  // --- nested writes on relations whose foreign key the record itself holds ---------------------

  /// The record a new record of [model] points to through [relation] (which it holds the
  /// foreign key of): created, connected or connected-or-created before the record itself.
  ///
  /// On a one-to-one, a connected record that already has a record of [model] takes it away
  /// from it (its foreign key set to NULL), or fails with P2014 when [relation] is required
  /// (nested-connect-1-1-taken).
  Future<Row?> _toOneForNewRecord(
    _Op op,
    ModelInfo model,
    RelationInfo relation,
    Map<String, Object?> operations,
  ) async {
    final target = schema.model(relation.target);
    Row? result;
    await _each(op.txn, operations.entries.toList(), (MapEntry<String, Object?> entry) async {
      switch (entry.key) {
        case 'create':
          result = await _create(op, target, _asMap(entry.value, 'create'),
              parent: _Parent(model, relation, null));
        case 'connect':
          final found = await _findUnique(op, target, entry.value);
          if (found == null) throw _inlineConnectNotFound(model, relation, target);
          if (_takesOver(relation, found)) await _takeOver(op, model, relation, found, null);
          result = found;
        case 'connectOrCreate':
          final args = _asMap(entry.value, 'connectOrCreate');
          _checkArgs(args, const <String>{'where', 'create'}, const <String>['where', 'create']);
          final found = await _findUnique(op, target, args['where']);
          if (found == null) {
            result = await _create(op, target, _asMap(args['create'], 'create'),
                parent: _Parent(model, relation, null));
          } else {
            if (_takesOver(relation, found)) await _takeOver(op, model, relation, found, null);
            result = found;
          }
        default:
          _unknownArgument(entry.key);
      }
    });
    return result;
  }

  /// Nested writes in an update through [relation], whose foreign key [row] holds (the to-one
  /// side of a one-to-many, or the foreign-key side of a one-to-one). Returns the row as it is
  /// afterwards.
  Future<Row> _nestedHeld(
    _Op op,
    ModelInfo model,
    Row row,
    RelationInfo relation,
    Map<String, Object?> operations,
  ) async {
    final target = schema.model(relation.target);
    final required = _isRequired(relation);
    final allowed = <String>{
      'create',
      'connect',
      'connectOrCreate',
      'update',
      'upsert',
      if (!required) 'disconnect',
      if (!required) 'delete',
    };
    for (final key in operations.keys) {
      if (!allowed.contains(key)) _unknownArgument(key);
    }
    var current = row;
    await _each(op.txn, operations.entries.toList(), (MapEntry<String, Object?> entry) async {
      final value = entry.value;
      switch (entry.key) {
        case 'create':
          final created = await _create(op, target, _asMap(value, 'create'),
              parent: _Parent(model, relation, null));
          current = await _pointTo(op, model, current, relation, created);
        case 'connect':
          final found = await _findUnique(op, target, value);
          if (found == null) throw _inlineConnectNotFound(model, relation, target);
          current = await _connectHeld(op, model, current, relation, found);
        case 'connectOrCreate':
          final args = _asMap(value, 'connectOrCreate');
          _checkArgs(args, const <String>{'where', 'create'}, const <String>['where', 'create']);
          final found = await _findUnique(op, target, args['where']);
          if (found == null) {
            final created = await _create(op, target, _asMap(args['create'], 'create'),
                parent: _Parent(model, relation, null));
            current = await _pointTo(op, model, current, relation, created);
          } else {
            current = await _connectHeld(op, model, current, relation, found);
          }
        case 'disconnect':
          if (value != true && value != false && value is! Map) {
            _invalidValue('disconnect', 'Boolean or a filter', value);
          }
          if (value != false && !_values(current, relation.fields).every(_isNull)) {
            current = await _writeRow(op, model, current, _assign(relation.fields, null),
                bump: false);
          } else {
            await op.txn.touch();
          }
        case 'delete':
          if (value == false) {
            await op.txn.touch();
            break;
          }
          final targetRow = await _heldTarget(op, current, relation, target, value is Map ? value : null);
          if (targetRow == null) {
            throw _heldNotFound(model, relation, target, 'a nested delete');
          }
          await _deleteRows(op, target, <Row>[targetRow]);
          current = await _reload(op, model, current) ?? current;
        case 'update':
          final args = _asMap(value, 'update');
          final wrapped = _isWhereDataWrapper(target, args);
          final where = wrapped ? args['where'] : null;
          final data = wrapped ? _asMap(args['data'], 'data') : args;
          final targetRow = await _heldTarget(op, current, relation, target, where);
          if (targetRow == null) {
            throw _heldNotFound(model, relation, target, 'a nested update');
          }
          await _update(op, target, targetRow, data, _Parent(model, relation, current));
          current = await _reload(op, model, current) ?? current;
        case 'upsert':
          final args = _asMap(value, 'upsert');
          _checkArgs(args, const <String>{'where', 'create', 'update'},
              const <String>['create', 'update']);
          final targetRow = await _heldTarget(op, current, relation, target, args['where']);
          if (targetRow == null) {
            final created = await _create(op, target, _asMap(args['create'], 'create'),
                parent: _Parent(model, relation, null));
            current = await _pointTo(op, model, current, relation, created);
          } else {
            await _update(op, target, targetRow, _asMap(args['update'], 'update'),
                _Parent(model, relation, current));
            current = await _reload(op, model, current) ?? current;
          }
        default:
          _unknownArgument(entry.key);
      }
    });
    return current;
  }

  /// `connect` of an existing [target] through a relation [row] holds. One-to-one: nothing when
  /// already connected; otherwise another record holding [target] loses it, or P2014 when
  /// [relation] is required (error-p2014-connect-profile). Then [row]'s foreign key is set
  /// (`@updatedAt` set).
  Future<Row> _connectHeld(
    _Op op,
    ModelInfo model,
    Row row,
    RelationInfo relation,
    Row target,
  ) async {
    if (relation.kind == RelationKind.oneToOne) {
      if (_sameValues(_values(row, relation.fields), _values(target, relation.references))) {
        await op.txn.touch();
        return row;
      }
      if (_takesOver(relation, target)) await _takeOver(op, model, relation, target, row);
    }
    return await _pointTo(op, model, row, relation, target);
  }

  /// Whether connecting [target] through [relation] may take it from another record: a
  /// one-to-one whose referenced values are all set ([_takeOver]).
  bool _takesOver(RelationInfo relation, Row target) =>
      relation.kind == RelationKind.oneToOne &&
      !_values(target, relation.references).any(_isNull);

  /// One-to-one ([_takesOver]): the records of [model] other than [except] holding [target]
  /// through [relation] lose it (foreign key NULL, `@updatedAt` set), or P2014 when [relation]
  /// is required.
  Future<void> _takeOver(
    _Op op,
    ModelInfo model,
    RelationInfo relation,
    Row target,
    Row? except,
  ) async {
    final values = _values(target, relation.references);
    final holders = await op.txn.select(model.name, where: _equalsAll(relation.fields, values));
    for (final holder in holders) {
      if (except != null && _sameRow(model, holder, except)) continue;
      if (_isRequired(relation)) throw _relationViolation(model, relation);
      await _writeRow(op, model, holder, _assign(relation.fields, null), bump: true);
    }
  }

  /// Sets [row]'s foreign key of [relation] to [target]'s referenced values.
  Future<Row> _pointTo(_Op op, ModelInfo model, Row row, RelationInfo relation, Row target) {
    return _writeRow(op, model, row, _assign(relation.fields, _values(target, relation.references)),
        bump: true);
  }

  /// The record [row] points to through [relation] (restricted by the [where] filter if given),
  /// or null.
  Future<Row?> _heldTarget(
    _Op op,
    Row row,
    RelationInfo relation,
    ModelInfo target,
    Object? where,
  ) async {
    final values = _values(row, relation.fields);
    if (values.any(_isNull)) {
      await op.txn.touch();
      return null;
    }
    final rows = await op.txn.select(target.name,
        where: _and(<Filter>[
          _equalsAll(relation.references, values),
          if (where != null) parseWhere(schema, target.name, where),
        ]),
        limit: 1);
    return rows.isEmpty ? null : rows.first;
  }

  // --- delete and referential actions ------------------------------------------------------------

  /// Deletes [rows] of [model] with the referential actions of every relation referencing them,
  /// emulating SQLite's foreign keys as Prisma Client on SQLite shows them:
  ///
  /// * Cascade: the referencing rows are deleted too, recursively (ref-cascade-user).
  /// * SetNull / SetDefault: their foreign key becomes NULL / its default (P2011 when that is
  ///   NULL on a required field; P2003 when the default references no surviving row).
  /// * Restrict: P2003 as soon as a referencing row exists, even one this delete would also
  ///   remove (SQLite checks RESTRICT row by row, before later rows are deleted).
  /// * NoAction: P2003 when a referencing row survives the whole delete (SQLite checks at the end
  ///   of the statement: ref-noaction-delete-all deletes a comment with its replies).
  ///
  /// Links of implicit many-to-many relations are removed with their rows. All checks run before
  /// anything is written.
  Future<void> _deleteRows(_Op op, ModelInfo model, List<Row> rows) async {
    if (rows.isEmpty) {
      await op.txn.touch();
      return;
    }
    final plan = _DeletePlan();
    await _planDelete(op, plan, model, rows);

    for (final check in plan.noAction) {
      for (final child in check.rows) {
        if (!plan.deletes(check.model, child)) {
          throw _foreignKeyViolation(check.model.name, check.relation.fields);
        }
      }
    }
    for (final check in plan.setDefault) {
      if (check.rows.every((child) => plan.deletes(check.model, child))) continue;
      final target =
          _defaultTarget(check.relation, _defaultsOf(check.model, check.relation.fields));
      if (target == null) continue;
      await _checkDefaultTarget(op, check.model, check.relation, target, plan.keys);
    }

    for (final entry in plan.updates.entries) {
      final other = schema.model(entry.key);
      for (final pending in entry.value.values) {
        if (plan.deletes(other, pending.row)) continue;
        final fresh = await _reload(op, other, pending.row) ?? pending.row;
        await _writeRow(op, other, fresh, pending.changes, bump: false, referential: true);
      }
    }

    for (final entry in plan.rows.entries) {
      final other = schema.model(entry.key);
      final deleted = entry.value.values.toList();
      for (final chunk in _chunks(deleted, _chunkSize)) {
        await op.txn.delete(other.name,
            _keysIn(other.identity, <List<Object?>>[
              for (final row in chunk) _values(row, other.identity),
            ]));
      }
      op.changes.model(other.name);
      // The implicit many-to-many links of deleted rows go with them (the join tables' foreign
      // keys are ON DELETE CASCADE).
      for (final link in _linksOf(other, deleted)) {
        final removed = link.column == 'A'
            ? await op.txn.unlink(link.joinTable, a: link.id)
            : await op.txn.unlink(link.joinTable, b: link.id);
        if (removed > 0) op.changes.joinTable(link.joinTable);
      }
    }
    // The rows asked for; what cascades from them the sync server deletes itself.
    final recorder = op.recording(model.name);
    if (recorder != null) {
      for (final row in rows) {
        await recorder.deleted(op.txn, model, row);
      }
    }
  }

  /// Adds [rows] (of [model]) to [plan], with what the relations referencing them do.
  Future<void> _planDelete(_Op op, _DeletePlan plan, ModelInfo model, List<Row> rows) async {
    final added = plan.add(model, rows);
    await _each(op.txn, _referencing(model, added), (_References references) async {
      final other = references.model;
      final relation = references.relation;
      final children = await _selectByKeys(op, other, relation.fields, references.keys);
      if (children.isEmpty) return;
      final action = relation.onDelete ??
          (_isRequired(relation) ? ReferentialAction.restrict : ReferentialAction.setNull);
      switch (action) {
        case ReferentialAction.cascade:
          await _planDelete(op, plan, other, children);
        case ReferentialAction.setNull:
          for (final child in children) {
            plan.change(other, child, _assign(relation.fields, null));
          }
        case ReferentialAction.setDefault:
          final defaults = _defaultsOf(other, relation.fields);
          for (final child in children) {
            plan.change(other, child, defaults);
          }
          plan.setDefault.add(_PendingCheck(other, relation, children));
        case ReferentialAction.restrict:
          throw _foreignKeyViolation(other.name, relation.fields);
        case ReferentialAction.noAction:
          plan.noAction.add(_PendingCheck(other, relation, children));
      }
    });
  }

  /// The relations whose foreign key references [rows] (rows of [model]), each with the
  /// referenced values of those rows (rows with a NULL referenced value are left out).
  List<_References> _referencing(ModelInfo model, List<Row> rows) {
    final references = <_References>[];
    if (rows.isEmpty) return references;
    for (final other in schema.models.values) {
      for (final relation in other.relations) {
        if (!relation.holdsForeignKey || relation.target != model.name) continue;
        final keys = <List<Object?>>[
          for (final row in rows)
            if (!_values(row, relation.references).any(_isNull)) _values(row, relation.references),
        ];
        if (keys.isNotEmpty) references.add(_References(other, relation, keys));
      }
    }
    return references;
  }

  /// The implicit many-to-many links of [rows] (deleted rows of [model]) to remove: per join
  /// table referencing [model], its column and each row's id.
  List<({String joinTable, String column, Object id})> _linksOf(ModelInfo model, List<Row> rows) {
    final links = <({String joinTable, String column, Object id})>[];
    if (model.identity.length != 1) return links;
    final idField = model.identity.first;
    for (final joinTable in schema.joinTables.values) {
      for (final column in <String>[
        if (joinTable.aModel == model.name) 'A',
        if (joinTable.bModel == model.name) 'B',
      ]) {
        for (final row in rows) {
          final id = row[idField];
          if (id != null) links.add((joinTable: joinTable.name, column: column, id: id));
        }
      }
    }
    return links;
  }

  /// The values the SetDefault [defaults] of [relation]'s foreign key reference, or null when one
  /// is NULL (it then references nothing and needs no row).
  List<Object>? _defaultTarget(RelationInfo relation, Map<String, Object?> defaults) {
    final values = <Object>[];
    for (final field in relation.fields) {
      final value = defaults[field];
      if (value == null) return null;
      values.add(value);
    }
    return values;
  }

  /// SetDefault: the row the default foreign key [values] ([_defaultTarget]) reference must exist
  /// and not be deleted by this operation ([deleted]: model -> row keys), or P2003
  /// (ref-setdefault-missing-default).
  Future<void> _checkDefaultTarget(
    _Op op,
    ModelInfo model,
    RelationInfo relation,
    List<Object> values,
    Map<String, Set<String>> deleted,
  ) async {
    final target = schema.model(relation.target);
    final rows = await op.txn.select(target.name, where: _equalsAll(relation.references, values));
    final deletedKeys = deleted[target.name] ?? const <String>{};
    final survives = rows.any((row) => !deletedKeys.contains(_rowKey(target, row)));
    if (!survives) throw _foreignKeyViolation(model.name, relation.fields);
  }

  /// The values SetDefault writes: literal defaults; NULL for anything else (Prisma's DDL gives
  /// client-generated defaults no database default).
  Map<String, Object?> _defaultsOf(ModelInfo model, List<String> fields) {
    return <String, Object?>{
      for (final name in fields)
        name: model.field(name).defaultKind == DefaultKind.literal
            ? model.field(name).defaultValue
            : null,
    };
  }

  // --- checks -----------------------------------------------------------------------------------

  /// The foreign keys among [changed] fields of [row] to check (P2003 when the row they
  /// reference does not exist): those with all values non-NULL (a NULL in a composite key
  /// disables the check, as SQL's MATCH SIMPLE), except a row referencing itself.
  List<_Check> _foreignKeyChecks(ModelInfo model, Row row, Set<String> changed) {
    final checks = <_Check>[];
    for (final relation in model.relations) {
      if (!relation.holdsForeignKey || !relation.fields.any(changed.contains)) continue;
      final values = _values(row, relation.fields);
      if (values.any(_isNull)) continue;
      if (relation.target == model.name &&
          _sameValues(values, _values(row, relation.references))) {
        continue; // the row references itself
      }
      checks.add(_Check(relation.target, relation.fields, _equalsAll(relation.references, values)));
    }
    return checks;
  }

  /// The unique criteria of [model] to check for [row] (P2002 when another row has its values):
  /// those with all values non-NULL; for an update of [existing], only those with a [changed]
  /// field, and the row itself does not count. The storage's unique indexes are the backstop.
  List<_Check> _uniqueChecks(
    ModelInfo model,
    Row row,
    Set<String>? changed,
    Row? existing,
  ) {
    final checks = <_Check>[];
    for (final criterion in model.uniques) {
      if (changed != null && !criterion.any(changed.contains)) continue;
      final values = _values(row, criterion);
      if (values.any(_isNull)) continue;
      final filter = existing == null
          ? _equalsAll(criterion, values)
          : _and(<Filter>[
              _equalsAll(criterion, values),
              Not(_identityFilter(model, existing)),
            ]);
      checks.add(_Check(model.name, criterion, filter));
    }
    return checks;
  }

  // --- values ------------------------------------------------------------------------------------

  /// A value given in a create's `data`.
  Object? _createValue(ModelInfo model, FieldInfo field, Object? raw) {
    if (field.kind == ScalarKind.json && !field.isList) return _jsonValue(field, raw);
    if (raw is Map) {
      if (field.isList && raw.length == 1 && raw.containsKey('set')) {
        return _coerce(model, field, raw['set']);
      }
      _invalidValue(field.name, prismaTypeName(field), raw);
    }
    return _coerce(model, field, raw);
  }

  /// The new value of [field] from an update's `data` entry [raw], [current] being the value
  /// before (null in the validation dry run).
  Object? _updateValue(ModelInfo model, FieldInfo field, Object? raw, Object? current) {
    if (field.kind == ScalarKind.json && !field.isList) return _jsonValue(field, raw);
    if (raw is! Map) return _coerce(model, field, raw);
    if (raw.length != 1) _invalidValue(field.name, prismaTypeName(field), raw);
    final Object? operation = raw.keys.first;
    final Object? operand = raw.values.first;
    if (operation == 'set') return _coerce(model, field, operand);
    if (field.isList) {
      if (operation != 'push') _invalidValue(field.name, prismaTypeName(field), raw);
      final List<Object?> additions = operand is List ? operand : <Object?>[operand];
      final coerced = _coerce(model, field, additions) as List<Object?>;
      final before = current is List ? current : const <Object?>[];
      return <Object?>[...before, ...coerced];
    }
    switch (operation) {
      case 'increment':
      case 'decrement':
      case 'multiply':
      case 'divide':
        return _arithmetic(model, field, operation as String, operand, current);
    }
    _invalidValue(field.name, prismaTypeName(field), raw);
  }

  /// An atomic number operation (atomic.dart). NULL stays NULL; division by zero gives NULL,
  /// which a required field refuses with P2011. Decimal is computed exactly (Prisma on SQLite
  /// stores Decimal as REAL, so it shows float artefacts such as 0.1 + 0.2 =
  /// 0.30000000000000004; the local storage keeps Decimal as text, exactly, as PostgreSQL and
  /// MySQL do).
  Object? _arithmetic(
    ModelInfo model,
    FieldInfo field,
    String operation,
    Object? operand,
    Object? current,
  ) {
    if (operand == null) _invalidValue(field.name, prismaTypeName(field), operand);
    if (!atomicNumberKinds.contains(field.kind)) {
      _invalidValue(field.name, prismaTypeName(field), <String, Object?>{operation: operand});
    }
    final value = _coerce(model, field, operand);
    if (current == null || value == null) return null;
    final Object a = switch (field.kind) {
      ScalarKind.int => _asInt(current)!,
      ScalarKind.bigInt => current is BigInt ? current : BigInt.from(current as int),
      ScalarKind.float => (current as num).toDouble(),
      _ => current,
    };
    return applyAtomicNumber(field.kind, operation, a, value);
  }

  /// A Json field's value from `data` (create and update alike): any JSON value;
  /// [JsonNullValue.jsonNull] and a plain `null` store the JSON value `null` (the [Row] value
  /// [JsonNullValue.jsonNull]; a plain `null` only on an optional field, vector
  /// create-json-plain-null); [JsonNullValue.dbNull] a NULL column (optional fields only, vector
  /// update-null-every-type); [JsonNullValue.anyNull] is refused.
  Object? _jsonValue(FieldInfo field, Object? raw) {
    if (raw == JsonNullValue.anyNull) _invalidValue(field.name, 'Json', raw);
    if (raw == JsonNullValue.dbNull || raw == null) {
      if (!field.isOptional) _invalid('Argument `${field.name}` must not be null.');
    }
    if (raw == JsonNullValue.dbNull) return null;
    return raw ?? JsonNullValue.jsonNull;
  }

  /// [value] as a value of [field] (a list for list fields), or a validation error.
  Object? _coerce(ModelInfo model, FieldInfo field, Object? value) {
    if (value == null) {
      if (field.isOptional) return null;
      _invalid('Argument `${field.name}` must not be null.');
    }
    if (field.isList) {
      if (value is! List) _invalidValue(field.name, prismaTypeName(field), value);
      return <Object?>[
        for (final Object? element in value)
          element == null
              ? _invalidValue(field.name, prismaTypeName(field), value)
              : _coerceScalar(field, element),
      ];
    }
    return _coerceScalar(field, value);
  }

  /// [coerceScalar] (shared with the filters, args.dart), or a validation error.
  Object _coerceScalar(FieldInfo field, Object value) =>
      coerceScalar(schema, field, value) ?? _invalidValue(field.name, prismaTypeName(field), value);

  // --- data parsing --------------------------------------------------------------------------------

  /// Splits [data] into scalar fields and relation fields (each with its nested operations),
  /// keeping their order, and validates the names.
  ///
  /// Prisma's inputs are either "checked" (relations, no foreign-key scalars) or "unchecked"
  /// (foreign-key scalars, no relation holding them): when a foreign-key scalar is given, a
  /// relation holding a foreign key is an unknown argument (vector
  /// error-validation-unchecked-and-checked). [back]: in a nested write, the relation back to
  /// the parent, which (with its foreign key) `data` may not name.
  _Input _parseData(
    ModelInfo model,
    Map<String, Object?> data, {
    required RelationInfo? back,
    required bool scalarsOnly,
  }) {
    final excluded = <String>{
      if (back != null) back.name,
      if (back != null && back.holdsForeignKey) ...back.fields,
    };
    final foreignKeys = _foreignKeyFields(model);
    final input = _Input();
    var unchecked = false;
    for (final entry in data.entries) {
      final key = entry.key;
      if (excluded.contains(key)) _unknownArgument(key);
      if (model.hasField(key)) {
        input.scalars[key] = entry.value;
        if (foreignKeys.contains(key)) unchecked = true;
      } else if (!scalarsOnly && model.hasRelation(key)) {
        input.relations.add(_RelationInput(model.relation(key), _asMap(entry.value, key)));
      } else {
        _unknownArgument(key);
      }
    }
    if (unchecked) {
      for (final relationInput in input.relations) {
        final relation = relationInput.relation;
        if (relation.holdsForeignKey) {
          _invalid('Unknown argument `${relation.name}`. Did you mean `${relation.fields.first}`? '
              'Available options are marked with ?.');
        }
      }
    }
    return input;
  }

  Set<String> _foreignKeyFields(ModelInfo model) => <String>{
        for (final relation in model.relations)
          if (relation.holdsForeignKey) ...relation.fields,
      };

  /// Whether a to-one `update` value is `{where?, data}` rather than the data itself.
  bool _isWhereDataWrapper(ModelInfo model, Map<String, Object?> value) {
    if (!value.containsKey('data') || value['data'] is! Map) return false;
    if (model.hasField('data') || model.hasRelation('data')) return false;
    return value.keys.every((key) => key == 'data' || key == 'where');
  }

  // --- storage helpers -------------------------------------------------------------------------

  ModelInfo _model(String name) {
    final model = schema.models[name];
    if (model == null) _invalid('Unknown model `$name`.');
    return model;
  }

  DateTime _now() => DateTime.fromMillisecondsSinceEpoch(
        _clock().millisecondsSinceEpoch,
        isUtc: true,
      );

  Future<Row?> _first(_Op op, ModelInfo model, Filter where) async {
    final rows = await op.txn.select(model.name, where: where, limit: 1);
    return rows.isEmpty ? null : rows.first;
  }

  Future<Row?> _findUnique(_Op op, ModelInfo model, Object? where) {
    return _first(op, model, parseWhereUnique(schema, model.name, where));
  }

  Future<Row?> _reload(_Op op, ModelInfo model, Row row) {
    return _first(op, model, _identityFilter(model, row));
  }

  /// Rows of [model] whose [fields] equal one of [keys], in chunks (SQLite before 3.32 binds at
  /// most 999 values per statement).
  Future<List<Row>> _selectByKeys(
    _Op op,
    ModelInfo model,
    List<String> fields,
    List<List<Object?>> keys,
  ) async {
    final rows = <Row>[];
    final seen = <String>{};
    await _each(op.txn, _chunks(keys, _chunkSize).toList(), (List<List<Object?>> chunk) async {
      for (final row in await op.txn.select(model.name,
          where: _keysIn(fields, chunk), orderBy: _identityOrder(model))) {
        if (seen.add(_rowKey(model, row))) rows.add(row);
      }
    });
    return rows;
  }

  /// The rows of [side]'s child model linked to [parent] through the join table of a
  /// many-to-many [side] (others: [_Side.foreignKeyFilter]).
  Future<Filter> _linkedFilter(_Op op, _Side side, Row parent) async {
    final ids = await _linkedIds(op, side, parent);
    return ids.isEmpty
        ? const NoRows()
        : FieldCondition(side.child.identity.first, CompareOp.inList, ids);
  }

  Future<List<Object>> _linkedIds(_Op op, _Side side, Row parent) async {
    final parentId = side.parentId(parent);
    if (side.parentIsA) {
      final links = await op.txn.links(side.joinTable, a: <Object>[parentId]);
      return <Object>[for (final link in links) link.b];
    }
    final links = await op.txn.links(side.joinTable, b: <Object>[parentId]);
    return <Object>[for (final link in links) link.a];
  }

  Future<void> _link(_Op op, _Side side, Row parent, Row child) async {
    final parentId = side.parentId(parent);
    final childId = side.childId(child);
    final link = side.parentIsA ? Link(parentId, childId) : Link(childId, parentId);
    await op.txn.link(side.joinTable, link);
    op.changes.joinTable(side.joinTable);
    final recorder = op.recording(side.joinTable);
    if (recorder != null) {
      await recorder.linked(op.txn, side.joinTable, link.a, link.b, present: true);
    }
  }

  Future<int> _unlink(_Op op, _Side side, Row parent, Row child) async {
    final parentId = side.parentId(parent);
    final childId = side.childId(child);
    final link = side.parentIsA ? Link(parentId, childId) : Link(childId, parentId);
    final removed = await op.txn.unlink(side.joinTable, a: link.a, b: link.b);
    final recorder = op.recording(side.joinTable);
    if (recorder != null && removed > 0) {
      await recorder.linked(op.txn, side.joinTable, link.a, link.b, present: false);
    }
    return removed;
  }

  Future<int> _unlinkAll(_Op op, _Side side, Row parent) async {
    final parentId = side.parentId(parent);
    final recorder = op.recording(side.joinTable);
    if (recorder == null) {
      return side.parentIsA
          ? await op.txn.unlink(side.joinTable, a: parentId)
          : await op.txn.unlink(side.joinTable, b: parentId);
    }
    // Read first: each removed link is one outbox entry.
    final links = side.parentIsA
        ? await op.txn.links(side.joinTable, a: <Object>[parentId])
        : await op.txn.links(side.joinTable, b: <Object>[parentId]);
    final removed = side.parentIsA
        ? await op.txn.unlink(side.joinTable, a: parentId)
        : await op.txn.unlink(side.joinTable, b: parentId);
    for (final link in links) {
      await recorder.linked(op.txn, side.joinTable, link.a, link.b, present: false);
    }
    return removed;
  }

  /// The atomic number operations of an update's [scalars] (field -> `{'increment': n}`): what
  /// the [WriteRecorder] sends as `ops` rather than as a value, so that concurrent increments
  /// on two devices both count.
  Map<String, Map<String, Object?>> _atomicOperations(
    ModelInfo model,
    Map<String, Object?> scalars,
  ) {
    final ops = <String, Map<String, Object?>>{};
    for (final entry in scalars.entries) {
      final raw = entry.value;
      if (raw is! Map || raw.length != 1) continue;
      final field = model.field(entry.key);
      if (field.isList || !atomicNumberKinds.contains(field.kind)) continue;
      final Object? operation = raw.keys.first;
      if (operation is String && atomicNumberOperations.contains(operation)) {
        ops[field.name] = <String, Object?>{operation: raw[operation]};
      }
    }
    return ops;
  }


  // --- errors ------------------------------------------------------------------------------------

  PrismaClientKnownRequestError _inlineConnectNotFound(
    ModelInfo model,
    RelationInfo relation,
    ModelInfo target,
  ) {
    final relationName = _relationName(model, relation);
    final relationType = _relationType(relation);
    return PrismaClientKnownRequestError(
      'P2025',
      'An operation failed because it depends on one or more records that were required but '
          "not found. No '${target.name}' record (needed to inline the relation on "
          "'${model.name}' record(s)) was found for a nested connect on $relationType relation "
          "'$relationName'.",
      meta: <String, Object?>{
        'modelName': model.name,
        'model': target.name,
        'relation': relationName,
        'relationType': relationType,
        'operation': 'a nested connect',
        'neededFor': "inline the relation on '${model.name}' record(s)",
      },
    );
  }

  PrismaClientKnownRequestError _heldNotFound(
    ModelInfo model,
    RelationInfo relation,
    ModelInfo target,
    String operation,
  ) {
    final relationName = _relationName(model, relation);
    final relationType = _relationType(relation);
    return PrismaClientKnownRequestError(
      'P2025',
      'An operation failed because it depends on one or more records that were required but '
          "not found. No '${target.name}' record was found for $operation on "
          "$relationType relation '$relationName'.",
      meta: <String, Object?>{
        'modelName': model.name,
        'model': target.name,
        'relation': relationName,
        'relationType': relationType,
        'operation': operation,
        'neededFor': null,
      },
    );
  }

  PrismaClientKnownRequestError _nestedNotFound(_Side side, String operation, String detail) {
    return PrismaClientKnownRequestError(
      'P2025',
      'An operation failed because it depends on one or more records that were required but '
          'not found. $detail',
      meta: <String, Object?>{
        'modelName': side.parentModel.name,
        'model': side.child.name,
        'relation': side.relationName,
        'relationType': side.relationType,
        'operation': operation,
        'neededFor': null,
      },
    );
  }

  PrismaClientKnownRequestError _relationViolation(ModelInfo model, RelationInfo relation) {
    final relationName = _relationName(model, relation);
    final names = _sortedPair(model.name, relation.target);
    return PrismaClientKnownRequestError(
      'P2014',
      "The change you are trying to make would violate the required relation '$relationName' "
          'between the `${names[0]}` and `${names[1]}` models.',
      meta: <String, Object?>{
        'modelName': model.name,
        'relation': relationName,
        'modelA': names[0],
        'modelB': names[1],
      },
    );
  }
}

// --- operation state -------------------------------------------------------------------------------

/// A check of a write: P2002 when rows of [model] match [where] (unique criterion [fields]), or
/// P2003 when none does (foreign key [fields]).
final class _Check {
  const _Check(this.model, this.fields, this.where);

  final String model;
  final List<String> fields;
  final Filter where;
}

/// What a changed key must carry on ([Writer._keyChanges]).
sealed class _KeyChange {
  const _KeyChange();
}

/// The rows of [model] whose foreign key of [relation] holds [oldValues], which became
/// [newValues].
final class _ReferencingRows extends _KeyChange {
  const _ReferencingRows(this.model, this.relation, this.oldValues, this.newValues);

  final ModelInfo model;
  final RelationInfo relation;
  final List<Object?> oldValues;
  final List<Object?> newValues;
}

/// The links of [joinTable] whose [column] (`A` or `B`) holds [oldId], which became [newId].
final class _MovedLinks extends _KeyChange {
  const _MovedLinks(this.joinTable, this.column, this.oldId, this.newId);

  final String joinTable;
  final String column;
  final Object oldId;
  final Object newId;
}

/// The state of one write operation.
final class _Op {
  _Op(this.txn, this.changes, this.now, this.recorder);

  final StorageTransaction txn;
  final ChangeSet changes;

  /// The Writer's [WriteRecorder], or null.
  final WriteRecorder? recorder;

  /// The recorder, when writes of [name] (a model or join table) are recorded.
  WriteRecorder? recording(String name) {
    final recorder = this.recorder;
    return recorder != null && recorder.records(name) ? recorder : null;
  }

  /// The operation's one `now()`.
  final DateTime now;

  /// `Model.field` -> the largest autoincrement value known in this operation.
  final Map<String, int> sequences = <String, int>{};

  /// `Model.field` -> the value last read from or written to [AutoincrementSequences].
  final Map<String, int> persistedSequences = <String, int>{};
}

/// A record being written through relation [relation] of a record of [model] ([row]: that
/// record, null while it does not exist yet).
final class _Parent {
  const _Parent(this.model, this.relation, this.row);

  final ModelInfo model;
  final RelationInfo relation;
  final Row? row;

  /// The relation back to the parent, on the child model.
  RelationInfo back(SchemaInfo schema) =>
      schema.model(relation.target).relation(relation.backRelation);
}

/// A relation of [parentModel] that does not hold the foreign key, with both of its ends.
final class _Side {
  _Side(this.parentModel, this.relation, this.child, this.back);

  factory _Side.of(SchemaInfo schema, ModelInfo parentModel, RelationInfo relation) {
    final child = schema.model(relation.target);
    return _Side(parentModel, relation, child, child.relation(relation.backRelation));
  }

  final ModelInfo parentModel;

  /// The parent's relation field.
  final RelationInfo relation;
  final ModelInfo child;

  /// The child's relation field back to the parent (holding the foreign key unless
  /// many-to-many).
  final RelationInfo back;

  bool get isManyToMany => relation.kind == RelationKind.manyToMany;

  bool get isOneToMany => relation.isList && !isManyToMany;

  String get relationName => _relationName(parentModel, relation);

  String get relationType => _relationType(relation);

  /// The foreign key values a child connected to [parent] holds.
  List<Object?> childForeignKeyValues(Row parent) => _values(parent, back.references);

  /// The child's foreign key fields -> their values for [parent].
  Map<String, Object?> childForeignKey(Row parent) =>
      _assign(back.fields, childForeignKeyValues(parent));

  /// The child rows connected to [parent] through the foreign key they hold; null for a
  /// many-to-many relation (its links are in the join table: [Writer._linkedFilter]).
  Filter? foreignKeyFilter(Row parent) {
    if (isManyToMany) return null;
    final values = childForeignKeyValues(parent);
    if (values.any(_isNull)) return const NoRows();
    return _equalsAll(back.fields, values);
  }

  String get joinTable {
    final name = relation.joinTable;
    if (name == null) throw StateError('${parentModel.name}.${relation.name} has no join table');
    return name;
  }

  bool get parentIsA => relation.joinColumn != 'B';

  Object parentId(Row parent) => _singleId(parentModel, parent);

  Object childId(Row row) => _singleId(child, row);
}

/// [data] split by [Writer._parseData].
final class _Input {
  final Map<String, Object?> scalars = <String, Object?>{};
  final List<_RelationInput> relations = <_RelationInput>[];
}

final class _RelationInput {
  const _RelationInput(this.relation, this.operations);

  final RelationInfo relation;
  final Map<String, Object?> operations;
}

/// What a delete will do, computed before anything is written.
final class _DeletePlan {
  /// Model name -> row key -> row, for every row to delete.
  final Map<String, Map<String, Row>> rows = <String, Map<String, Row>>{};

  /// Model name -> the keys of [rows].
  final Map<String, Set<String>> keys = <String, Set<String>>{};

  /// Model name -> row key -> foreign key changes (SetNull, SetDefault).
  final Map<String, Map<String, _PendingChange>> updates = <String, Map<String, _PendingChange>>{};

  final List<_PendingCheck> noAction = <_PendingCheck>[];
  final List<_PendingCheck> setDefault = <_PendingCheck>[];

  /// Adds [rows] of [model] to the rows to delete; returns those that were not in it yet.
  List<Row> add(ModelInfo model, List<Row> rows) {
    final planned = this.rows.putIfAbsent(model.name, () => <String, Row>{});
    final known = keys.putIfAbsent(model.name, () => <String>{});
    final added = <Row>[];
    for (final row in rows) {
      final key = _rowKey(model, row);
      if (planned.containsKey(key)) continue;
      planned[key] = row;
      known.add(key);
      added.add(row);
    }
    return added;
  }

  bool deletes(ModelInfo model, Row row) =>
      keys[model.name]?.contains(_rowKey(model, row)) ?? false;

  void change(ModelInfo model, Row row, Map<String, Object?> changes) {
    final pending = updates
        .putIfAbsent(model.name, () => <String, _PendingChange>{})
        .putIfAbsent(_rowKey(model, row), () => _PendingChange(row));
    pending.changes.addAll(changes);
  }
}

final class _PendingChange {
  _PendingChange(this.row);

  final Row row;
  final Map<String, Object?> changes = <String, Object?>{};
}

/// The rows of [model] whose foreign key of [relation] holds one of [keys].
final class _References {
  const _References(this.model, this.relation, this.keys);

  final ModelInfo model;
  final RelationInfo relation;
  final List<List<Object?>> keys;
}

final class _PendingCheck {
  const _PendingCheck(this.model, this.relation, this.rows);

  final ModelInfo model;
  final RelationInfo relation;
  final List<Row> rows;
}

// --- helpers ---------------------------------------------------------------------------------------

const int _chunkSize = 200;

/// Runs [step] on each of [items], one after the other. With no item, one storage round trip
/// ([StorageTransaction.touch]) instead: either way the returned future completes in the
/// microtask of a storage request (see the library comment, "Awaiting"). [step] must be an async
/// function that awaits a storage operation on every path.
Future<void> _each<T>(
  StorageTransaction txn,
  List<T> items,
  Future<void> Function(T item) step,
) async {
  if (items.isEmpty) {
    await txn.touch();
    return;
  }
  int index = 0;
  do {
    await step(items[index]);
    index++;
  } while (index < items.length);
}

/// The key of an autoincrement field's sequence in [_Op.sequences].
String _sequenceKey(ModelInfo model, FieldInfo field) => '${model.name}.${field.name}';

Never _invalid(String message) => throw PrismaClientValidationError(message);

Never _unknownArgument(String name) =>
    _invalid('Unknown argument `$name`. Available options are marked with ?.');

Never _invalidValue(String name, String expected, Object? value) => _invalid('Argument `$name`: '
    'Invalid value provided. Expected $expected, provided ${prismaValueType(value)}.');

/// Checks an argument object's keys: unknown ones and missing required ones (in that order).
void _checkArgs(Map<String, Object?> args, Set<String> allowed, List<String> required) {
  for (final key in args.keys) {
    if (!allowed.contains(key)) _unknownArgument(key);
  }
  for (final key in required) {
    if (!args.containsKey(key) || args[key] == null) _invalid('Argument `$key` is missing.');
  }
}

Map<String, Object?> _asMap(Object? value, String argument) {
  if (value is Map<String, Object?>) return value;
  if (value is Map) {
    final result = <String, Object?>{};
    for (final MapEntry<Object?, Object?> entry in value.entries) {
      final Object? key = entry.key;
      if (key is! String) _invalidValue(argument, 'Object', value);
      result[key] = entry.value;
    }
    return result;
  }
  _invalidValue(argument, 'Object', value);
}

/// A list argument, or a single value as a list of one (Prisma accepts both).
List<Object?> _asList(Object? value) {
  if (value == null) return const <Object?>[];
  if (value is List) return value;
  return <Object?>[value];
}

/// The items of a nested operation: a list (to-many) or one object.
List<Object?> _items(Object? value, bool toMany, String argument) {
  if (toMany) return _asList(value);
  if (value is List) _invalidValue(argument, 'Object', value);
  return <Object?>[value];
}

/// Unique selectors of connect/set/disconnect, duplicates removed (as Prisma does).
List<Map<String, Object?>> _uniqueWheres(Object? value) {
  final result = <Map<String, Object?>>[];
  for (final item in _asList(value)) {
    final where = _asMap(item, 'where');
    if (!result.any((other) => deepEquals(other, where))) result.add(where);
  }
  return result;
}

int? _limit(Object? value) {
  if (value == null) return null;
  if (value is int && value >= 0) return value;
  _invalidValue('limit', 'Int', value);
}

Map<String, Object?> _shapeArgs(Map<String, Object?> args) => <String, Object?>{
      for (final key in const <String>['select', 'include', 'omit'])
        if (args.containsKey(key)) key: args[key],
    };

bool _isNull(Object? value) => value == null;

/// A relation the record must have: a required to-one holding the foreign key (Prisma's virtual
/// side of a one-to-one is always optional).
bool _isRequired(RelationInfo relation) =>
    relation.holdsForeignKey && !relation.isOptional && !relation.isList;

List<Object?> _values(Row row, List<String> fields) =>
    <Object?>[for (final field in fields) row[field]];

Map<String, Object?> _assign(List<String> fields, List<Object?>? values) => <String, Object?>{
      for (var i = 0; i < fields.length; i++) fields[i]: values == null ? null : values[i],
    };

bool _sameValues(List<Object?> a, List<Object?> b) {
  if (a.length != b.length) return false;
  for (var i = 0; i < a.length; i++) {
    if (!deepEquals(a[i], b[i])) return false;
  }
  return true;
}

bool _sameRow(ModelInfo model, Row a, Row b) =>
    _sameValues(_values(a, model.identity), _values(b, model.identity));

/// A string that identifies a row of [model] by its identity values.
String _rowKey(ModelInfo model, Row row) => _keyString(_values(row, model.identity));

String _keyString(List<Object?> values) => <String>[
      for (final value in values)
        value is Uint8List ? 'bytes:${base64Encode(value)}' : '${value.runtimeType}:$value',
    ].join('\u0000');

Object _singleId(ModelInfo model, Row row) {
  if (model.identity.length != 1) {
    throw StateError('${model.name} needs a single-field id for a many-to-many relation');
  }
  final id = row[model.identity.first];
  if (id == null) throw StateError('${model.name} row without id');
  return id;
}

Filter _equalsAll(List<String> fields, List<Object?> values) {
  return _and(<Filter>[
    for (var i = 0; i < fields.length; i++)
      values[i] == null
          ? FieldCondition(fields[i], CompareOp.isNull)
          : FieldCondition(fields[i], CompareOp.equals, values[i]),
  ]);
}

Filter _identityFilter(ModelInfo model, Row row) =>
    _equalsAll(model.identity, _values(row, model.identity));

List<OrderTerm> _identityOrder(ModelInfo model) =>
    <OrderTerm>[for (final field in model.identity) OrderTerm(<String>[field])];

/// Rows whose [fields] equal one of [keys].
Filter _keysIn(List<String> fields, List<List<Object?>> keys) {
  if (keys.isEmpty) return const NoRows();
  if (fields.length == 1) {
    return FieldCondition(fields.first, CompareOp.inList, <Object?>[for (final key in keys) key.first]);
  }
  return _or(<Filter>[for (final key in keys) _equalsAll(fields, key)]);
}

Filter _and(List<Filter> filters) {
  final kept = <Filter>[];
  for (final filter in filters) {
    if (filter is NoRows) return const NoRows();
    if (filter is! AllRows) kept.add(filter);
  }
  if (kept.isEmpty) return const AllRows();
  return kept.length == 1 ? kept.first : And(kept);
}

Filter _or(List<Filter> filters) {
  final kept = <Filter>[];
  for (final filter in filters) {
    if (filter is AllRows) return const AllRows();
    if (filter is! NoRows) kept.add(filter);
  }
  if (kept.isEmpty) return const NoRows();
  return kept.length == 1 ? kept.first : Or(kept);
}

Iterable<List<T>> _chunks<T>(List<T> items, int size) sync* {
  for (var start = 0; start < items.length; start += size) {
    yield items.sublist(start, start + size < items.length ? start + size : items.length);
  }
}

int? _asInt(Object? value) {
  if (value is int) return value;
  if (value is BigInt) return value.toInt();
  if (value is double && value == value.truncateToDouble()) return value.toInt();
  return null;
}

List<String> _sortedPair(String a, String b) => a.compareTo(b) <= 0 ? <String>[a, b] : <String>[b, a];

/// Prisma's relation name ([RelationInfo.relationName]), as error messages give it.
String _relationName(ModelInfo model, RelationInfo relation) => relation.relationName;

String _relationType(RelationInfo relation) => switch (relation.kind) {
      RelationKind.oneToOne => 'one-to-one',
      RelationKind.manyToOne || RelationKind.oneToMany => 'one-to-many',
      RelationKind.manyToMany => 'many-to-many',
    };

PrismaClientKnownRequestError _recordNotFound(String model, String operation) {
  return PrismaClientKnownRequestError(
    'P2025',
    'An operation failed because it depends on one or more records that were required but not '
        'found. No record was found for $operation.',
    meta: <String, Object?>{'modelName': model, 'operation': operation},
  );
}

PrismaClientKnownRequestError _uniqueViolation(String model, List<String> fields) {
  return PrismaClientKnownRequestError(
    'P2002',
    'Unique constraint failed on the fields: (${fields.map((field) => '`$field`').join(', ')})',
    meta: <String, Object?>{'modelName': model, 'target': <String>[...fields]},
  );
}

PrismaClientKnownRequestError _foreignKeyViolation(String model, List<String> fields) {
  return PrismaClientKnownRequestError(
    'P2003',
    'Foreign key constraint violated on the foreign key',
    meta: <String, Object?>{'modelName': model, 'field_name': fields.join(', ')},
  );
}

PrismaClientKnownRequestError _nullViolation(String model, String field) {
  return PrismaClientKnownRequestError(
    'P2011',
    'Null constraint violation on the fields: (`$field`)',
    meta: <String, Object?>{'modelName': model, 'target': <String>[field]},
  );
}
