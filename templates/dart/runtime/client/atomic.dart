// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Prisma's atomic number operations (`increment`, `decrement`, `multiply`, `divide`), computed
/// once for both places that apply them: the Writer (an update's `data`) and the sync rebase
/// (a pending mutation's `ops` re-applied on pulled rows), so that both give the server's
/// result.
library;

import 'package:decimal/decimal.dart' show Decimal, RationalExt;

import 'schema.dart' show ScalarKind;

/// The kinds an atomic number operation applies to.
const Set<ScalarKind> atomicNumberKinds = <ScalarKind>{
  ScalarKind.int,
  ScalarKind.bigInt,
  ScalarKind.float,
  ScalarKind.decimal,
};

/// The names of the atomic number operations.
const Set<String> atomicNumberOperations = <String>{
  'increment',
  'decrement',
  'multiply',
  'divide',
};

/// [current] changed by [operation] with [operand], both already of [kind]'s Dart type (int,
/// BigInt, double, Decimal; [kind] in [atomicNumberKinds]). Division by zero gives null (SQLite
/// gives NULL; a required field then refuses it with P2011, vector
/// update-atomic-divide-zero); Int and BigInt division truncates toward zero
/// (update-atomic-divide-negative: -5 / 2 = -2). Decimal is exact; a quotient that does not
/// terminate is cut at 30 decimal places (the scale of Prisma's default `Decimal(65, 30)`).
Object? applyAtomicNumber(ScalarKind kind, String operation, Object current, Object operand) {
  switch (kind) {
    case ScalarKind.int:
      final a = current as int;
      final b = operand as int;
      return switch (operation) {
        'increment' => a + b,
        'decrement' => a - b,
        'multiply' => a * b,
        _ => b == 0 ? null : a ~/ b,
      };
    case ScalarKind.bigInt:
      final a = current as BigInt;
      final b = operand as BigInt;
      return switch (operation) {
        'increment' => a + b,
        'decrement' => a - b,
        'multiply' => a * b,
        _ => b == BigInt.zero ? null : a ~/ b,
      };
    case ScalarKind.float:
      final a = current as double;
      final b = operand as double;
      return switch (operation) {
        'increment' => a + b,
        'decrement' => a - b,
        'multiply' => a * b,
        _ => b == 0 ? null : a / b,
      };
    case ScalarKind.decimal:
      final a = current as Decimal;
      final b = operand as Decimal;
      return switch (operation) {
        'increment' => a + b,
        'decrement' => a - b,
        'multiply' => a * b,
        _ => b == Decimal.fromInt(0) ? null : (a / b).toDecimal(scaleOnInfinitePrecision: 30),
      };
    default:
      throw ArgumentError.value(kind, 'kind', 'not a number kind');
  }
}
