// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The wire encoding of model values: the JSON that `fromJson`/`toJson` read and write, and that
/// the sync protocol carries.
///
/// Field and enum names are the Prisma names. DateTime: ISO-8601 UTC with milliseconds and `Z`.
/// BigInt and Decimal: decimal strings. Bytes: base64. Json: the JSON value itself. Lists: arrays.
///
/// Decoders check the JSON shape and throw a [FormatException] that names the field (`field` is
/// `Model.field`, or `Model.field[index]` inside a list).
library;

import 'dart:convert' show base64Decode, base64Encode;
import 'dart:typed_data' show Uint8List;

import 'package:decimal/decimal.dart' show Decimal;

// --- decoders -------------------------------------------------------------------------------------

/// A JSON string.
String decodeString(Object? value, String field) {
  if (value is String) return value;
  throw _unexpected(value, field, 'a string');
}

/// A JSON integer. An integral number written with a fraction (`3.0`) is accepted too: on the web
/// the two are the same value, so the VM accepts it as well.
int decodeInt(Object? value, String field) {
  if (value is int) return value;
  if (value is double && value.isFinite && value == value.truncateToDouble()) {
    return value.toInt();
  }
  throw _unexpected(value, field, 'an integer');
}

/// A JSON number.
double decodeDouble(Object? value, String field) {
  if (value is num) return value.toDouble();
  throw _unexpected(value, field, 'a number');
}

/// `true` or `false`.
bool decodeBool(Object? value, String field) {
  if (value is bool) return value;
  throw _unexpected(value, field, 'true or false');
}

/// A BigInt written as a decimal string (`"-9007199254740993"`).
BigInt decodeBigInt(Object? value, String field) {
  if (value is String) {
    final parsed = BigInt.tryParse(value);
    if (parsed != null) return parsed;
  }
  throw _unexpected(value, field, 'an integer written as a string');
}

/// A Decimal written as a string (`"12.50"`, `"1E+3"`).
Decimal decodeDecimal(Object? value, String field) {
  if (value is String) {
    final parsed = Decimal.tryParse(value);
    if (parsed != null) return parsed;
  }
  throw _unexpected(value, field, 'a decimal number written as a string');
}

/// An ISO-8601 date-time with a time zone (`Z` or an offset), returned in UTC.
///
/// A date-time without a time zone is refused: Dart would read it as local time.
DateTime decodeDateTime(Object? value, String field) {
  if (value is String) {
    final parsed = DateTime.tryParse(value);
    if (parsed != null && parsed.isUtc) return parsed;
    if (parsed != null) {
      throw FormatException(
        '$field: expected a date-time with a time zone (such as 2024-01-31T09:30:00.000Z), '
        'got ${_show(value)} (without Z or an offset it would be read as local time)',
      );
    }
  }
  throw _unexpected(value, field, 'an ISO-8601 date-time string (such as 2024-01-31T09:30:00.000Z)');
}

/// Bytes written as a base64 string.
Uint8List decodeBytes(Object? value, String field) {
  if (value is String) {
    try {
      return base64Decode(value);
    } on FormatException {
      // Reported below, with the field's name.
    }
  }
  throw _unexpected(value, field, 'a base64 string');
}

/// A Json field: the JSON value itself (null, bool, num, String, List or Map).
Object? decodeJson(Object? value, String field) => value;

/// An enum value written as its Prisma name; [lookup] is the enum's `fromPrismaName`.
T decodeEnum<T extends Enum>(
  Object? value,
  String field,
  T Function(String name) lookup,
) {
  if (value is String) {
    try {
      return lookup(value);
    } on FormatException catch (error) {
      throw FormatException('$field: ${error.message}, got ${_show(value)}');
    }
  }
  throw _unexpected(value, field, 'an enum value name (a string)');
}

/// A nested model (an included relation): a JSON object.
Map<String, Object?> decodeObject(Object? value, String field) {
  if (value is Map<String, Object?>) return value;
  throw _unexpected(value, field, 'a JSON object');
}

/// A JSON array whose items [decodeItem] decodes; the result is unmodifiable.
List<T> decodeList<T>(
  Object? value,
  String field,
  T Function(Object? item, String field) decodeItem,
) {
  if (value is! List) throw _unexpected(value, field, 'a JSON array');
  return List<T>.unmodifiable(<T>[
    for (var index = 0; index < value.length; index++)
      decodeItem(value[index], '$field[$index]'),
  ]);
}

// --- encoders -------------------------------------------------------------------------------------

/// ISO-8601 in UTC with exactly three fraction digits and `Z`: `2024-01-31T09:30:00.000Z`.
///
/// Microseconds (VM only) are dropped, rounding down, as the database keeps milliseconds.
String encodeDateTime(DateTime value) {
  final micros = value.microsecondsSinceEpoch;
  final millis = (micros - micros % 1000) ~/ 1000;
  return DateTime.fromMillisecondsSinceEpoch(millis, isUtc: true).toIso8601String();
}

/// A decimal string: `-9007199254740993`.
String encodeBigInt(BigInt value) => value.toString();

/// A decimal string without exponent: `12.5`.
String encodeDecimal(Decimal value) => value.toString();

/// Standard base64 with padding.
String encodeBytes(Uint8List value) => base64Encode(value);

// --- errors ---------------------------------------------------------------------------------------

FormatException _unexpected(Object? value, String field, String expected) =>
    FormatException('$field: expected $expected, got ${_show(value)}');

String _show(Object? value) {
  if (value == null) return 'null';
  final text = value is String ? '"$value"' : '$value (${value.runtimeType})';
  return text.length > 80 ? '${text.substring(0, 77)}...' : text;
}
