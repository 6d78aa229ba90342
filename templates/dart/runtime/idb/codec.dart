// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// How the IndexedDB backend stores rows: values, keys, records and the layout of the database.
///
/// ## Values
/// A [Row] value becomes a stored value that IndexedDB can clone (num, String, bool, List, null):
///
/// | kind | stored as |
/// |---|---|
/// | String, enum | the String (enums: the Prisma value name) |
/// | Int | int (on the web: a JS number; exact up to 2^53) |
/// | Float | double |
/// | Boolean | bool (kept in the record; a bool is never used as a key: IndexedDB refuses it) |
/// | BigInt | its decimal String (`"-9007199254740993"`) |
/// | Decimal | `Decimal.toString()`: canonical, so equal values are stored alike (`0.10` → `0.1`) |
/// | DateTime | int, milliseconds since the epoch (read back in UTC) |
/// | Json | its JSON text ([jsonText]: the same text the SQLite backend stores; `null` for [JsonNullValue.jsonNull]) |
/// | Bytes | base64 String |
/// | scalar list | a List of the element's stored values |
/// | null | null (a NULL column; a Json field's JSON `null` is the text `null`, see [Row]) |
///
/// ## Keys
/// IndexedDB keys are nums or Strings here (never bools, arrays or dates, so that the in-memory
/// and the web implementations of idb_shim agree). The key of a value list ([encodeKey]):
/// - one field: [keyComponent]: Int → int, Float → double (`-0.0` → `0.0`), DateTime → int ms,
///   String/enum → the String, Boolean → 0/1, BigInt/Decimal/Bytes/Json → [tupleComponent];
///   a single Int key therefore sorts numerically, like SQLite's rowid;
/// - several fields: one String, the concatenation of every value's [tupleComponent] with the
///   characters U+0000 and U+0001 escaped (`\u0000` → `\u0001\u0001`, `\u0001` → `\u0001\u0002`),
///   each followed by the terminator U+0000. Comparing two such Strings (IndexedDB compares UTF-16
///   code units) orders them like the tuples, field by field, a shorter component first, as long
///   as each component sorts like its values: integers (Int, BigInt, DateTime ms) are written
///   sign + length + digits (negatives with complemented digits), Floats as the 16 hex digits of
///   their IEEE-754 bits made sortable, Strings as themselves (UTF-16 order), Bytes in hex,
///   Boolean as 0/1. Decimal (canonical text) and Json (text) components are equal when the values
///   are, but do not sort by value.
/// A key or index value with a NULL component is no key at all: the record is left out of that
/// index, so NULLs never collide in a unique index (as in SQL).
///
/// ## Records
/// One object per row, with only internal top-level properties (so that no column name can
/// collide with them):
/// - [keyProperty] `_k`: the key of the identity ([ModelInfo.identity]), the store's key path;
/// - [valuesProperty] `v`: the row's stored values, by column name ([FieldInfo.column], as in
///   the SQLite tables, so that both backends carry a value across a migration alike);
/// - one property per index, named like the index (`_u$email`, `_u$authorId$slug`, `_f$authorId`:
///   Prisma field names joined by `$`), holding the index key of its fields ([encodeKey]),
///   absent when one of them is NULL.
/// Indexes are on these computed properties only, never on array key paths or raw values, so
/// that every idb_shim implementation indexes the same records: a browser leaves a record out
/// of an index whose key path yields an invalid key (a bool, or an array holding null), while
/// idb_shim's in-memory implementation (tekartik/idb_shim.dart, src/common/common_value.dart
/// `mapValueAtKeyPath`, src/sembast/sembast_object_store.dart `putImpl`) indexes an array key
/// path's `[x, null]` and would make NULLs collide in a unique index.
library;

import 'dart:convert' show base64Decode, base64Encode, jsonEncode;
import 'dart:typed_data' show ByteData, Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

import '../client/schema.dart';
import '../client/storage.dart';

/// The record property holding the key: the key path of every object store.
const String keyProperty = '_k';

/// The record property holding the row's stored values, by column.
const String valuesProperty = 'v';

/// The object store of the backend's own bookkeeping, with out-of-line String keys:
/// [schemaVersionKey], [layoutKey] and the autoincrement sequences ([sequenceKey]).
const String metaStoreName = '_prisma_dart_meta';

/// Meta key of the [SchemaInfo.version] the stores were built for (as in the SQLite backend).
const String schemaVersionKey = 'schemaVersion';

/// Meta key of the layout description ([DatabaseLayout.toJson]) the stores were built with.
const String layoutKey = 'layout';

/// Meta key of the largest value ever given to the `autoincrement()` [field] of [model] (the
/// role of SQLite's `sqlite_sequence`).
String sequenceKey(String model, String field) => 'sequence:$model.$field';

/// Prefix of the name (and record property) of a unique index.
const String uniqueIndexPrefix = r'_u$';

/// Prefix of the name (and record property) of a foreign-key index.
const String foreignKeyIndexPrefix = r'_f$';

/// Separator of the field names in an index name. Prisma names never contain it.
const String indexFieldSeparator = r'$';

/// The version of the layout description ([DatabaseLayout.toJson]).
const int layoutFormat = 1;

// --- values ----------------------------------------------------------------------------------------

/// The stored form of [value], a [Row] value of [field]; null stays null.
Object? encodeValue(FieldInfo field, Object? value) {
  if (value == null) return null;
  if (field.isList) {
    if (value is! List) {
      throw ArgumentError.value(value, field.name, 'expected a list');
    }
    return <Object?>[
      for (final Object? item in value)
        item == null ? null : encodeScalar(field.kind, item, field.name),
    ];
  }
  return encodeScalar(field.kind, value, field.name);
}

/// The stored form of one non-null value of [kind] ([field] names it in errors).
Object encodeScalar(ScalarKind kind, Object value, String field) {
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (value is String) return value;
    case ScalarKind.int:
      if (value is int) return value;
      if (value is double && value == value.truncateToDouble()) return value.toInt();
    case ScalarKind.float:
      if (value is num) return value.toDouble();
    case ScalarKind.boolean:
      if (value is bool) return value;
    case ScalarKind.bigInt:
      if (value is BigInt) return value.toString();
      if (value is int) return value.toString();
    case ScalarKind.decimal:
      if (value is Decimal) return value.toString();
    case ScalarKind.dateTime:
      if (value is DateTime) return value.millisecondsSinceEpoch;
    case ScalarKind.json:
      return jsonText(value);
    case ScalarKind.bytes:
      if (value is Uint8List) return base64Encode(value);
      if (value is List<int>) return base64Encode(value);
  }
  throw ArgumentError.value(value, field, 'not a ${kind.name} value');
}

/// The [Row] value of a stored value of [field]; null stays null.
///
/// Throws a [FormatException] when the stored value does not have the kind's stored form.
Object? decodeValue(FieldInfo field, Object? stored) {
  if (stored == null) return null;
  if (field.isList) {
    if (stored is! List) {
      throw FormatException('${field.name}: expected a stored list', stored);
    }
    return <Object?>[
      for (final Object? item in stored)
        item == null ? null : decodeScalar(field.kind, item, field.name),
    ];
  }
  return decodeScalar(field.kind, stored, field.name);
}

/// The Dart value of a stored non-null value of [kind] (a Json `null` is [JsonNullValue.jsonNull]).
Object decodeScalar(ScalarKind kind, Object stored, String field) {
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (stored is String) return stored;
    case ScalarKind.int:
      // On the web (and through js_interop under Wasm) numbers may come back as doubles.
      if (stored is num) return stored.toInt();
    case ScalarKind.float:
      if (stored is num) return stored.toDouble();
    case ScalarKind.boolean:
      if (stored is bool) return stored;
      if (stored is num) return stored != 0;
    case ScalarKind.bigInt:
      if (stored is String) {
        final BigInt? parsed = BigInt.tryParse(stored);
        if (parsed != null) return parsed;
      }
    case ScalarKind.decimal:
      if (stored is String) {
        final Decimal? parsed = Decimal.tryParse(stored);
        if (parsed != null) return parsed;
      }
    case ScalarKind.dateTime:
      if (stored is num) {
        return DateTime.fromMillisecondsSinceEpoch(stored.toInt(), isUtc: true);
      }
    case ScalarKind.json:
      if (stored is String) return jsonFromText(stored);
    case ScalarKind.bytes:
      if (stored is String) return base64Decode(stored);
  }
  throw FormatException('$field: not a stored ${kind.name} value', stored);
}

// --- keys ------------------------------------------------------------------------------------------

/// The IndexedDB key of the values of [kinds] (same length), or null when a value is null.
///
/// One value: [keyComponent]; several: the escaped, terminated [tupleComponent]s (library doc).
Object? encodeKey(List<ScalarKind> kinds, List<Object?> values) {
  if (kinds.length != values.length) {
    throw ArgumentError.value(values, 'values', 'expected ${kinds.length} values');
  }
  for (final Object? value in values) {
    if (value == null) return null;
  }
  if (kinds.length == 1) return keyComponent(kinds.single, values.single!);
  return encodeTuple(kinds, values);
}

/// The String key of a tuple (used for every composite key, and for join-table records even
/// when a single value could do). Throws when a value is null.
String encodeTuple(List<ScalarKind> kinds, List<Object?> values) {
  final StringBuffer buffer = StringBuffer();
  for (int i = 0; i < kinds.length; i++) {
    final Object? value = values[i];
    if (value == null) {
      throw ArgumentError.value(values, 'values', 'a key has no NULL component');
    }
    final String component = tupleComponent(kinds[i], value);
    for (int j = 0; j < component.length; j++) {
      final int unit = component.codeUnitAt(j);
      if (unit == 0) {
        buffer.write('\u0001\u0001');
      } else if (unit == 1) {
        buffer.write('\u0001\u0002');
      } else {
        buffer.writeCharCode(unit);
      }
    }
    buffer.write('\u0000');
  }
  return buffer.toString();
}

/// The key of a single value of [kind]: a num or a String (library doc).
Object keyComponent(ScalarKind kind, Object value) => switch (kind) {
      ScalarKind.int => _integer(value, kind),
      // -0.0 and 0.0 are one key for IndexedDB and equal for SQLite: store one of them.
      ScalarKind.float => _double(value) == 0 ? 0.0 : _double(value),
      ScalarKind.dateTime => _millis(value),
      ScalarKind.string || ScalarKind.enumeration => _text(value, kind),
      ScalarKind.boolean => _boolean(value) ? 1 : 0,
      ScalarKind.bigInt ||
      ScalarKind.decimal ||
      ScalarKind.bytes ||
      ScalarKind.json =>
        tupleComponent(kind, value),
    };

/// One value of [kind] as a String component of a tuple key (library doc), before escaping.
String tupleComponent(ScalarKind kind, Object value) => switch (kind) {
      ScalarKind.int => sortableInteger(_integer(value, kind).toString()),
      ScalarKind.bigInt => sortableInteger(_bigInteger(value).toString()),
      ScalarKind.dateTime => sortableInteger(_millis(value).toString()),
      ScalarKind.float => sortableDouble(_double(value)),
      ScalarKind.string || ScalarKind.enumeration => _text(value, kind),
      ScalarKind.boolean => _boolean(value) ? '1' : '0',
      ScalarKind.decimal => _decimal(value).toString(),
      ScalarKind.bytes => _hex(_bytes(value)),
      ScalarKind.json => jsonText(value),
    };

/// Lower-case hex, two digits a byte: sorts like the bytes (memcmp, shorter first).
String _hex(List<int> bytes) {
  final StringBuffer hex = StringBuffer();
  for (final int byte in bytes) {
    hex.write(byte.toRadixString(16).padLeft(2, '0'));
  }
  return hex.toString();
}

/// An integer written in decimal ([digits]: `toString()` of an int or BigInt) so that the
/// Strings sort like the numbers: `p` + a length character + the digits for zero and positives,
/// `n` + a decreasing length character + the digits complemented (9 - d) for negatives.
String sortableInteger(String digits) {
  final bool negative = digits.startsWith('-');
  final String magnitude = negative ? digits.substring(1) : digits;
  if (magnitude.length > 60) {
    throw ArgumentError.value(digits, 'digits', 'too long for a key');
  }
  if (!negative) {
    return 'p${String.fromCharCode(0x41 + magnitude.length)}$magnitude';
  }
  final StringBuffer buffer = StringBuffer('n');
  buffer.writeCharCode(0x41 + 60 - magnitude.length);
  for (int i = 0; i < magnitude.length; i++) {
    buffer.writeCharCode(0x30 + 0x39 - magnitude.codeUnitAt(i));
  }
  return buffer.toString();
}

/// A double as 16 hex digits that sort like the numbers: the IEEE-754 bits with the sign bit
/// flipped for positives and every bit flipped for negatives. `-0.0` is written as `0.0`.
/// Uses two 32-bit halves: 64-bit ByteData accessors are not supported on the web.
String sortableDouble(double value) {
  final ByteData bytes = ByteData(8);
  bytes.setFloat64(0, value == 0 ? 0.0 : value);
  int high = bytes.getUint32(0);
  int low = bytes.getUint32(4);
  if ((high & 0x80000000) != 0) {
    high = (~high) & 0xFFFFFFFF;
    low = (~low) & 0xFFFFFFFF;
  } else {
    high = high | 0x80000000;
  }
  return high.toRadixString(16).padLeft(8, '0') + low.toRadixString(16).padLeft(8, '0');
}

int _integer(Object value, ScalarKind kind) {
  if (value is int) return value;
  if (value is double && value == value.truncateToDouble()) return value.toInt();
  throw ArgumentError.value(value, 'value', 'not a ${kind.name} value');
}

BigInt _bigInteger(Object value) {
  if (value is BigInt) return value;
  if (value is int) return BigInt.from(value);
  throw ArgumentError.value(value, 'value', 'not a bigInt value');
}

double _double(Object value) {
  if (value is num) return value.toDouble();
  throw ArgumentError.value(value, 'value', 'not a float value');
}

int _millis(Object value) {
  if (value is DateTime) return value.millisecondsSinceEpoch;
  throw ArgumentError.value(value, 'value', 'not a dateTime value');
}

String _text(Object value, ScalarKind kind) {
  if (value is String) return value;
  throw ArgumentError.value(value, 'value', 'not a ${kind.name} value');
}

bool _boolean(Object value) {
  if (value is bool) return value;
  throw ArgumentError.value(value, 'value', 'not a boolean value');
}

Decimal _decimal(Object value) {
  if (value is Decimal) return value;
  throw ArgumentError.value(value, 'value', 'not a decimal value');
}

List<int> _bytes(Object value) {
  if (value is List<int>) return value;
  throw ArgumentError.value(value, 'value', 'not a bytes value');
}

// --- layout ----------------------------------------------------------------------------------------

/// The name of the unique index (and record property) of the unique criterion [fields].
String uniqueIndexName(List<String> fields) =>
    uniqueIndexPrefix + fields.join(indexFieldSeparator);

/// The name of the non-unique index (and record property) of the foreign key [fields].
String foreignKeyIndexName(List<String> fields) =>
    foreignKeyIndexPrefix + fields.join(indexFieldSeparator);

/// Whether [a] and [b] name the same fields, in any order.
bool sameFields(List<String> a, List<String> b) =>
    a.length == b.length && a.toSet().containsAll(b);

/// One index of a model's object store.
final class IndexLayout {
  const IndexLayout(this.name, this.fields, this.kinds, {required this.unique});

  /// The index name, which is also its key path: the record property holding the index key.
  final String name;

  /// The indexed fields, in key order.
  final List<String> fields;

  /// Their kinds, in the same order.
  final List<ScalarKind> kinds;

  /// A unique criterion's index (refuses a second record with the same key) or a foreign key's.
  final bool unique;

  /// The index key of [row]: [encodeKey] of the fields' values; null when one is NULL.
  Object? keyOf(Row row) => encodeKey(kinds, <Object?>[for (final String f in fields) row[f]]);

  Map<String, Object?> describe() =>
      <String, Object?>{'name': name, 'fields': fields, 'unique': unique};
}

/// How the rows of one model are stored: the object store [store] (the model's table name),
/// keyed by [keyProperty], with [indexes].
final class ModelLayout {
  ModelLayout._(this.model, this.keyKinds, this.indexes);

  /// The layout of [model]:
  /// - a unique index per unique criterion other than the identity (the primary key enforces
  ///   that one);
  /// - a non-unique index per foreign key (the fields of a relation holding one) that is
  ///   neither the identity nor a unique criterion (those answer the same look-ups).
  factory ModelLayout.of(ModelInfo model) {
    final List<IndexLayout> indexes = <IndexLayout>[];
    final List<List<String>> covered = <List<String>>[model.identity];
    bool isCovered(List<String> fields) =>
        covered.any((List<String> other) => sameFields(other, fields));
    IndexLayout index(String name, List<String> fields, {required bool unique}) => IndexLayout(
          name,
          <String>[...fields],
          <ScalarKind>[for (final String f in fields) model.field(f).kind],
          unique: unique,
        );
    for (final List<String> unique in model.uniques) {
      if (unique.isEmpty || isCovered(unique)) continue;
      covered.add(unique);
      indexes.add(index(uniqueIndexName(unique), unique, unique: true));
    }
    for (final RelationInfo relation in model.relations) {
      final List<String> fields = relation.fields;
      if (!relation.holdsForeignKey || fields.isEmpty || isCovered(fields)) continue;
      covered.add(fields);
      indexes.add(index(foreignKeyIndexName(fields), fields, unique: false));
    }
    return ModelLayout._(
      model,
      <ScalarKind>[for (final String name in model.identity) model.field(name).kind],
      indexes,
    );
  }

  final ModelInfo model;

  /// The kinds of the identity fields, in [ModelInfo.identity] order.
  final List<ScalarKind> keyKinds;

  final List<IndexLayout> indexes;

  /// The object store's name: the model's table name.
  String get store => model.table;

  /// The unique indexes.
  Iterable<IndexLayout> get uniqueIndexes => indexes.where((IndexLayout i) => i.unique);

  /// The single `autoincrement()` identity field, if the identity is one (Int or BigInt).
  FieldInfo? get autoincrementField {
    if (model.identity.length != 1) return null;
    final FieldInfo field = model.field(model.identity.single);
    final bool integer = field.kind == ScalarKind.int || field.kind == ScalarKind.bigInt;
    return integer && field.defaultKind == DefaultKind.autoincrement ? field : null;
  }

  /// The key of [row] (its identity), or null when an identity field is NULL.
  Object? keyOf(Row row) =>
      encodeKey(keyKinds, <Object?>[for (final String f in model.identity) row[f]]);

  /// The record of [row]: the key, every field's stored value (a field [row] lacks: null) and
  /// the index properties. Throws [ArgumentError] when an identity field is NULL.
  Map<String, Object?> encode(Row row) {
    final Object? key = keyOf(row);
    if (key == null) {
      throw ArgumentError.value(row, 'row', '${model.name}: an identity field is null');
    }
    final Map<String, Object?> record = <String, Object?>{
      keyProperty: key,
      valuesProperty: <String, Object?>{
        for (final FieldInfo field in model.fields)
          field.column: encodeValue(field, row[field.name]),
      },
    };
    for (final IndexLayout index in indexes) {
      final Object? indexKey = index.keyOf(row);
      if (indexKey != null) record[index.name] = indexKey;
    }
    return record;
  }

  /// The [Row] of a stored record (a column missing from the record reads as null).
  Row decode(Object record) {
    final Map<Object?, Object?> values = storedValues(record, model.name);
    return <String, Object?>{
      for (final FieldInfo field in model.fields)
        field.name: decodeValue(field, values[field.column]),
    };
  }

  /// What shapes this store's records, as JSON values: a change rebuilds the store. The same
  /// facts the SQLite layout records per table: columns with their kind (codec [kindName]) and
  /// NOT NULL, the identity, the indexes. Enum values are not part of it (as in SQLite, stored
  /// enum values are not checked against the enum's current values).
  Map<String, Object?> describe() => <String, Object?>{
        'model': model.name,
        'key': model.identity,
        'columns': <Object?>[
          for (final FieldInfo field in model.fields)
            <String, Object?>{
              'field': field.name,
              'column': field.column,
              'kind': kindName(field),
              'notNull': isNotNull(field),
            },
        ],
        'indexes': <Object?>[for (final IndexLayout index in indexes) index.describe()],
      };
}

/// The kind of [field] in a layout description: the [ScalarKind]'s name, `[]` appended for a
/// list (the SQLite layout's notation: `string`, `int[]`).
String kindName(FieldInfo field) => field.isList ? '${field.kind.name}[]' : field.kind.name;

/// Whether [field] must hold a value: a required field that is not a list (scalar lists may be
/// NULL, as in the SQLite tables).
bool isNotNull(FieldInfo field) => !field.isOptional && !field.isList;

/// The [valuesProperty] object of a stored model record.
Map<Object?, Object?> storedValues(Object record, String model) {
  if (record is Map) {
    final Object? values = record[valuesProperty];
    if (values is Map) return values;
  }
  throw FormatException('$model: a stored record has no values object', record);
}

/// How the links of an implicit many-to-many relation are stored: the object store [store]
/// (`_X`), records `{_k, A, B}` where `A`/`B` are the stored values ([encodeScalar]) of the
/// identities of [JoinTableInfo.aModel]/[JoinTableInfo.bModel], keyed by the tuple (A, B)
/// ([encodeTuple], so a link is stored once), with a non-unique index on `A` and one on `B`
/// (key paths `A` and `B`: these values are nums or Strings for every identity kind but Boolean).
final class JoinLayout {
  const JoinLayout(this.info, this.aKind, this.bKind);

  factory JoinLayout.of(SchemaInfo schema, JoinTableInfo info) => JoinLayout(
        info,
        _singleIdentityKind(schema.model(info.aModel)),
        _singleIdentityKind(schema.model(info.bModel)),
      );

  final JoinTableInfo info;
  final ScalarKind aKind;
  final ScalarKind bKind;

  String get store => info.name;

  /// The kind of [column] (`A` or `B`).
  ScalarKind kindOf(String column) => switch (column) {
        'A' => aKind,
        'B' => bKind,
        _ => throw ArgumentError.value(column, 'column', 'expected A or B'),
      };

  /// The key of the link (a, b).
  String keyOf(Object a, Object b) => encodeTuple(<ScalarKind>[aKind, bKind], <Object?>[a, b]);

  Map<String, Object?> encode(Link link) => <String, Object?>{
        keyProperty: keyOf(link.a, link.b),
        'A': encodeScalar(aKind, link.a, '${info.name}.A'),
        'B': encodeScalar(bKind, link.b, '${info.name}.B'),
      };

  /// The value of [column] of a stored record.
  Object column(Object record, String column) {
    if (record is Map) {
      final Object? stored = record[column];
      if (stored != null) return decodeScalar(kindOf(column), stored, '${info.name}.$column');
    }
    throw FormatException('${info.name}: a stored link has no $column', record);
  }

  Link decode(Object record) => Link(column(record, 'A'), column(record, 'B'));

  Map<String, Object?> describe() =>
      <String, Object?>{'join': info.name, 'A': aKind.name, 'B': bKind.name};

  static ScalarKind _singleIdentityKind(ModelInfo model) {
    if (model.identity.length != 1) {
      throw ArgumentError.value(
        model.name,
        'model',
        'an implicit many-to-many relation needs a single-field identity',
      );
    }
    return model.field(model.identity.single).kind;
  }
}

/// Every object store of a schema: one per model, one per join table, and [metaStoreName].
final class DatabaseLayout {
  const DatabaseLayout._(this.models, this.joins);

  factory DatabaseLayout.of(SchemaInfo schema) => DatabaseLayout._(
        <String, ModelLayout>{
          for (final ModelInfo model in schema.models.values)
            model.name: ModelLayout.of(model),
        },
        <String, JoinLayout>{
          for (final JoinTableInfo join in schema.joinTables.values)
            join.name: JoinLayout.of(schema, join),
        },
      );

  /// By model name.
  final Map<String, ModelLayout> models;

  /// By join table name.
  final Map<String, JoinLayout> joins;

  ModelLayout model(String name) {
    final ModelLayout? layout = models[name];
    if (layout == null) throw ArgumentError.value(name, 'model', 'no such model');
    return layout;
  }

  JoinLayout join(String name) {
    final JoinLayout? layout = joins[name];
    if (layout == null) throw ArgumentError.value(name, 'joinTable', 'no such join table');
    return layout;
  }

  /// Every store name, [metaStoreName] included, sorted.
  List<String> get storeNames => <String>[
        for (final ModelLayout model in models.values) model.store,
        ...joins.keys,
        metaStoreName,
      ]..sort();

  /// Store name → its description ([ModelLayout.describe], [JoinLayout.describe]), sorted.
  Map<String, Object?> describeStores() {
    final Map<String, Object?> stores = <String, Object?>{
      for (final ModelLayout model in models.values) model.store: model.describe(),
      for (final JoinLayout join in joins.values) join.store: join.describe(),
    };
    final List<String> names = stores.keys.toList()..sort();
    return <String, Object?>{for (final String name in names) name: stores[name]};
  }

  /// The layout description recorded in [metaStoreName]: `{"format": 1, "stores": {...}}`.
  String toJson() =>
      jsonEncode(<String, Object?>{'format': layoutFormat, 'stores': describeStores()});
}
