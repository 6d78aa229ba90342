// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Row values <-> SQLite values, per [ScalarKind] (docs/internals/dart-client.md, "Local storage
/// layout"). sqflite binds and returns only `num`, `String`, `Uint8List` and `null`, so every
/// other Dart value is stored in one of those:
///
/// | kind                | Dart value (a [Row] value)  | SQLite value (column type)            |
/// |---------------------|-----------------------------|---------------------------------------|
/// | string, enumeration | String (enum: Prisma name)  | TEXT                                  |
/// | int                 | int                         | INTEGER                               |
/// | bigInt              | BigInt                      | INTEGER (64-bit; beyond: an error)    |
/// | float               | double                      | REAL                                  |
/// | decimal             | Decimal                     | TEXT (`Decimal.toString()`)           |
/// | boolean             | bool                        | INTEGER 0/1                           |
/// | dateTime            | DateTime                    | INTEGER, ms since the epoch (UTC)     |
/// | json                | decoded JSON value          | TEXT, compact JSON ([jsonText])       |
/// | bytes               | Uint8List                   | BLOB                                  |
/// | any list (`isList`) | List                        | TEXT, a compact JSON array            |
///
/// List elements are encoded as JSON values by [encodeListElement]: strings, enums, Decimals
/// (their text), BigInts (their decimal text) and bytes (base64) as JSON strings; ints, doubles
/// and DateTimes (ms since the epoch) as JSON numbers; bools as JSON booleans; Json elements as
/// themselves. The encoding is canonical (one text per value), which is what lets the SQL
/// compiler test list membership on the stored text (sql.dart, "Scalar lists").
///
/// A Json field holding the JSON value `null` ([JsonNullValue.jsonNull] in a [Row]) is the TEXT
/// `null`; a NULL column is NULL (storage.dart, [Row]).
library;

import 'dart:convert' show base64Decode, base64Encode, jsonEncode;
import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

import '../client/schema.dart';
import '../client/storage.dart' show JsonNullValue, Row, jsonFromText, jsonText;

/// The largest value of SQLite's INTEGER (a signed 64-bit integer).
final BigInt _maxInt64 = BigInt.parse('9223372036854775807');

/// The smallest value of SQLite's INTEGER.
final BigInt _minInt64 = BigInt.parse('-9223372036854775808');

/// The declared SQLite type of the column of [field]: `INTEGER`, `REAL`, `TEXT` or `BLOB`.
String columnType(FieldInfo field) => field.isList ? 'TEXT' : kindColumnType(field.kind);

/// The declared SQLite type of a column holding one value of [kind].
String kindColumnType(ScalarKind kind) => switch (kind) {
      ScalarKind.string => 'TEXT',
      ScalarKind.int => 'INTEGER',
      ScalarKind.bigInt => 'INTEGER',
      ScalarKind.float => 'REAL',
      ScalarKind.decimal => 'TEXT',
      ScalarKind.boolean => 'INTEGER',
      ScalarKind.dateTime => 'INTEGER',
      ScalarKind.json => 'TEXT',
      ScalarKind.bytes => 'BLOB',
      ScalarKind.enumeration => 'TEXT',
    };

/// The name of [field]'s kind in the stored layout (ddl.dart): the [ScalarKind]'s name, with
/// `[]` appended for a list (`string`, `dateTime`, `int[]`, ...).
String layoutKind(FieldInfo field) => field.isList ? '${field.kind.name}[]' : field.kind.name;

/// The SQLite value stored for [value] in the column of [field] (null stays null).
///
/// Throws [ArgumentError] when [value] is not a value of the field's kind, or is a BigInt
/// outside SQLite's 64-bit INTEGER.
Object? encodeValue(FieldInfo field, Object? value) {
  if (value == null) return null;
  if (field.isList) return encodeList(field, value);
  return encodeScalar(field.kind, value, field.name);
}

/// The Row value of [field] read back from its column's SQLite [stored] value.
///
/// Throws [FormatException] when [stored] is not what [encodeValue] writes for the field.
Object? decodeValue(FieldInfo field, Object? stored) {
  if (stored == null) return null;
  if (field.isList) return decodeList(field, stored);
  return decodeScalar(field.kind, stored, field.name);
}

/// The SQLite value of one non-null [value] of [kind]; [what] names it in errors.
Object encodeScalar(ScalarKind kind, Object value, String what) {
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (value is String) return value;
    case ScalarKind.int:
      if (value is int) return value;
    case ScalarKind.bigInt:
      if (value is BigInt) return _bigIntToInt(value, what);
      if (value is int) return value;
    case ScalarKind.float:
      if (value is num) return value.toDouble();
    case ScalarKind.decimal:
      if (value is Decimal) return value.toString();
    case ScalarKind.boolean:
      if (value is bool) return value ? 1 : 0;
    case ScalarKind.dateTime:
      if (value is DateTime) return value.millisecondsSinceEpoch;
    case ScalarKind.json:
      return jsonText(value);
    case ScalarKind.bytes:
      if (value is Uint8List) return value;
      if (value is List<int>) return Uint8List.fromList(value);
  }
  throw ArgumentError.value(value, what, 'not a value of kind ${kind.name}');
}

/// The Row value of one non-null SQLite [stored] value of [kind]; [what] names it in errors.
Object decodeScalar(ScalarKind kind, Object stored, String what) {
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (stored is String) return stored;
    case ScalarKind.int:
      if (stored is int) return stored;
    case ScalarKind.bigInt:
      if (stored is int) return BigInt.from(stored);
    case ScalarKind.float:
      if (stored is num) return stored.toDouble();
    case ScalarKind.decimal:
      if (stored is String || stored is num) {
        final Decimal? parsed = Decimal.tryParse('$stored');
        if (parsed != null) return parsed;
      }
    case ScalarKind.boolean:
      if (stored is int) return stored != 0;
    case ScalarKind.dateTime:
      if (stored is int) return DateTime.fromMillisecondsSinceEpoch(stored, isUtc: true);
    case ScalarKind.json:
      if (stored is String) return _decodeJson(stored, what);
    case ScalarKind.bytes:
      if (stored is Uint8List) return stored;
      if (stored is List<int>) return Uint8List.fromList(stored);
  }
  throw FormatException('$what: cannot read a ${kind.name} from the stored $stored');
}

/// The stored text of the list [value] of [field]: a compact JSON array of its elements.
String encodeList(FieldInfo field, Object value) {
  if (value is! List<Object?>) {
    throw ArgumentError.value(value, field.name, 'not a list');
  }
  final List<Object?> elements = <Object?>[
    for (final Object? element in value) _listElement(field.kind, element, field.name),
  ];
  return jsonEncode(elements);
}

/// The JSON text of one list element of [kind], as it appears inside the stored array.
///
/// The SQL compiler binds `,<this text>,` to test whether a stored list holds the element.
String encodeListElement(ScalarKind kind, Object? element, String what) =>
    jsonEncode(_listElement(kind, element, what));

/// The Row value (a List) of the stored JSON array [stored] of [field].
List<Object?> decodeList(FieldInfo field, Object stored) {
  if (stored is! String) {
    throw FormatException('${field.name}: a list is stored as TEXT, found $stored');
  }
  final Object decoded = _decodeJson(stored, field.name);
  if (decoded is! List<Object?>) {
    throw FormatException('${field.name}: the stored list is not a JSON array: $stored');
  }
  return <Object?>[
    for (final Object? element in decoded) _readListElement(field.kind, element, field.name),
  ];
}

/// The JSON value of one list element (see the library comment).
Object? _listElement(ScalarKind kind, Object? element, String what) {
  if (element == null) return null;
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (element is String) return element;
    case ScalarKind.int:
      if (element is int) return element;
    case ScalarKind.bigInt:
      if (element is BigInt) return element.toString();
      if (element is int) return element.toString();
    case ScalarKind.float:
      if (element is num) return element.toDouble();
    case ScalarKind.decimal:
      if (element is Decimal) return element.toString();
    case ScalarKind.boolean:
      if (element is bool) return element;
    case ScalarKind.dateTime:
      if (element is DateTime) return element.millisecondsSinceEpoch;
    case ScalarKind.json:
      return element;
    case ScalarKind.bytes:
      if (element is List<int>) return base64Encode(element);
  }
  throw ArgumentError.value(element, what, 'not a list element of kind ${kind.name}');
}

/// The Row value of one element of a stored list (the inverse of [_listElement]).
Object? _readListElement(ScalarKind kind, Object? element, String what) {
  if (element == null) return null;
  switch (kind) {
    case ScalarKind.string:
    case ScalarKind.enumeration:
      if (element is String) return element;
    case ScalarKind.int:
      if (element is int) return element;
    case ScalarKind.bigInt:
      if (element is String) {
        final BigInt? parsed = BigInt.tryParse(element);
        if (parsed != null) return parsed;
      }
    case ScalarKind.float:
      if (element is num) return element.toDouble();
    case ScalarKind.decimal:
      if (element is String) {
        final Decimal? parsed = Decimal.tryParse(element);
        if (parsed != null) return parsed;
      }
    case ScalarKind.boolean:
      if (element is bool) return element;
    case ScalarKind.dateTime:
      if (element is int) return DateTime.fromMillisecondsSinceEpoch(element, isUtc: true);
    case ScalarKind.json:
      return element;
    case ScalarKind.bytes:
      if (element is String) return base64Decode(element);
  }
  throw FormatException('$what: cannot read a ${kind.name} list element from $element');
}

/// [value] as an int, if it fits SQLite's INTEGER (and, on the web, a JavaScript number).
int _bigIntToInt(BigInt value, String what) {
  if (value > _maxInt64 || value < _minInt64) {
    throw ArgumentError.value(
      value,
      what,
      'beyond the range of SQLite INTEGER (a signed 64-bit integer: '
          '$_minInt64 to $_maxInt64)',
    );
  }
  if (!value.isValidInt) {
    // Only on the web, where an int is a double: exact only up to 2^53.
    throw ArgumentError.value(value, what, 'cannot be held exactly by an int on this platform');
  }
  return value.toInt();
}

/// The [Row] value of stored Json [text] ([jsonFromText]: the text `null` is
/// [JsonNullValue.jsonNull]).
Object _decodeJson(String text, String what) {
  try {
    return jsonFromText(text);
  } on FormatException catch (error) {
    throw FormatException('$what: the stored JSON is invalid: ${error.message}', text);
  }
}

/// The [Row] of [model] read from a result row of `SELECT "t0".*` ([stored]: column -> value).
Row decodeRow(ModelInfo model, Map<String, Object?> stored) =>
    <String, Object?>{
      for (final FieldInfo field in model.fields)
        field.name: decodeValue(field, stored[field.column]),
    };
