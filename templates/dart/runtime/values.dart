// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Value semantics of the generated models: deep equality and `toString`.
library;

import 'dart:typed_data' show Uint8List;

import 'package:collection/collection.dart' show DeepCollectionEquality;

const DeepCollectionEquality _deep = DeepCollectionEquality();

/// Whether [a] and [b] are equal, comparing lists (byte arrays included) element by element and
/// maps entry by entry, recursively.
///
/// The equality of List, Bytes (Uint8List) and Json fields, whose own `==` is identity.
bool deepEquals(Object? a, Object? b) => _deep.equals(a, b);

/// A hash code consistent with [deepEquals].
int deepHash(Object? value) => _deep.hash(value);

/// The `toString` of a generated model: `Post(id: 1, title: Hello)`.
///
/// Byte arrays show their length only.
String describe(String type, Map<String, Object?> fields) {
  final parts = <String>[
    for (final entry in fields.entries) '${entry.key}: ${_show(entry.value)}',
  ];
  return '$type(${parts.join(', ')})';
}

String _show(Object? value) {
  if (value is Uint8List) return 'Uint8List(${value.length} bytes)';
  return '$value';
}
