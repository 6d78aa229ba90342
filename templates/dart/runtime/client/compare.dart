// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The comparisons both sides of the engine share with SQLite's semantics: the engine's own
/// (read.dart: cursors, `distinct`, `having`, aggregates) and the IndexedDB backend's filter
/// evaluator (idb/evaluate.dart), which must give exactly what the SQLite backend's SQL gives.
///
/// - Text compares by Unicode code point, as SQLite's BINARY collation compares UTF-8
///   ([compareText]; Dart's `String.compareTo` compares UTF-16 code units, which puts
///   U+E000..U+FFFF after the characters above U+FFFF).
/// - Case folding is ASCII only ([asciiLower]), as SQLite's `lower()` and `LIKE` without ICU.
/// - Bytes compare as SQLite compares BLOBs: memcmp of the common length, then the length.
/// - Conditions are three-valued, as in SQL: null is unknown ([and3], [or3], [not3]).
library;

import 'filter.dart' show CompareOp;

/// Compares [a] and [b] by code point (SQLite's BINARY collation on UTF-8): UTF-16 code unit
/// order, except that surrogates (which encode the code points above U+FFFF) sort after
/// U+E000..U+FFFF. `"Frank" < "carol"`.
int compareText(String a, String b) {
  final int length = a.length < b.length ? a.length : b.length;
  for (int i = 0; i < length; i++) {
    final int x = a.codeUnitAt(i);
    final int y = b.codeUnitAt(i);
    if (x != y) return _codePointRank(x) < _codePointRank(y) ? -1 : 1;
  }
  return a.length == b.length ? 0 : (a.length < b.length ? -1 : 1);
}

/// A UTF-16 code unit's rank such that comparing ranks at the first differing unit orders
/// strings by code point: surrogates (U+D800..U+DFFF) move above U+E000..U+FFFF.
int _codePointRank(int unit) {
  if (unit >= 0xD800 && unit <= 0xDFFF) return unit + 0x2000;
  if (unit >= 0xE000) return unit - 0x800;
  return unit;
}

/// Compares byte arrays as SQLite compares BLOBs: memcmp of the common length, then length.
int compareBytes(List<int> a, List<int> b) {
  final int length = a.length < b.length ? a.length : b.length;
  for (int i = 0; i < length; i++) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length == b.length ? 0 : (a.length < b.length ? -1 : 1);
}

/// [text] with the ASCII letters A-Z lowered, as SQLite's `lower()` and LIKE fold (without ICU).
String asciiLower(String text) {
  for (int i = 0; i < text.length; i++) {
    final int unit = text.codeUnitAt(i);
    if (unit >= 0x41 && unit <= 0x5A) {
      final List<int> units = text.codeUnits.toList();
      for (int j = i; j < units.length; j++) {
        final int u = units[j];
        if (u >= 0x41 && u <= 0x5A) units[j] = u + 0x20;
      }
      return String.fromCharCodes(units);
    }
  }
  return text;
}

/// `contains`, `startsWith` or `endsWith` ([op]; any other op is `contains`): exact when not
/// [insensitive] (the SQLite backend's `instr`/`substr`), else SQLite's LIKE, which folds ASCII
/// letters only. `%` and `_` in [needle] are plain characters either way.
bool textMatch(CompareOp op, String text, String needle, {required bool insensitive}) {
  final String haystack = insensitive ? asciiLower(text) : text;
  final String wanted = insensitive ? asciiLower(needle) : needle;
  return switch (op) {
    CompareOp.startsWith => haystack.startsWith(wanted),
    CompareOp.endsWith => haystack.endsWith(wanted),
    _ => haystack.contains(wanted),
  };
}

/// SQL's AND: false if either is false, else unknown (null) if either is unknown.
bool? and3(bool? a, bool? b) {
  if (a == false || b == false) return false;
  if (a == null || b == null) return null;
  return true;
}

/// SQL's OR: true if either is true, else unknown (null) if either is unknown.
bool? or3(bool? a, bool? b) {
  if (a == true || b == true) return true;
  if (a == null || b == null) return null;
  return false;
}

/// SQL's NOT: unknown stays unknown.
bool? not3(bool? value) => value == null ? null : !value;
