// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The query IR between the engine and the storage backends.
///
/// The engine turns Prisma-shaped arguments (`where`, `orderBy`) into these values; a backend
/// either compiles them (SQLite: parameterized SQL) or evaluates them (IndexedDB: in Dart).
/// Both follow SQL's three-valued logic so that results are identical: a comparison involving
/// NULL is unknown, `NOT unknown` is unknown, and a row passes only when the whole filter is true.
/// Values are Dart values of the field's kind (see storage.dart, [Row]).
library;

/// A condition on the rows of one model.
sealed class Filter {
  const Filter();
}

/// Every row.
final class AllRows extends Filter {
  const AllRows();
}

/// No row (e.g. `in: []`).
final class NoRows extends Filter {
  const NoRows();
}

final class And extends Filter {
  const And(this.filters);
  final List<Filter> filters;
}

final class Or extends Filter {
  const Or(this.filters);
  final List<Filter> filters;
}

final class Not extends Filter {
  const Not(this.filter);
  final Filter filter;
}

enum CompareOp {
  equals,
  notEquals,
  lt,
  lte,
  gt,
  gte,

  /// [FieldCondition.value] is a List.
  inList,
  notInList,

  /// String fields: [FieldCondition.value] is a String; [FieldCondition.insensitive] folds case.
  contains,
  startsWith,
  endsWith,

  /// Scalar lists: has (one value), hasSome/hasEvery (a List), isEmpty (a bool).
  has,
  hasSome,
  hasEvery,
  isEmpty,

  /// [FieldCondition.value] unused.
  isNull,
  isNotNull,
}

/// `field op value` on a scalar field of the filtered model.
final class FieldCondition extends Filter {
  const FieldCondition(this.field, this.op, [this.value, this.insensitive = false]);
  final String field;
  final CompareOp op;
  final Object? value;
  final bool insensitive;
}

enum RelationQuantifier {
  /// To-many: at least one related row matches.
  some,

  /// To-many: every related row matches (true when there is none).
  every,

  /// To-many: no related row matches.
  none,

  /// To-one: the related row exists and matches.
  is_,

  /// To-one: the related row does not exist, or does not match.
  isNot,
}

/// A condition on the rows related through [relation] (a relation field of the filtered model).
final class RelationCondition extends Filter {
  const RelationCondition(this.relation, this.quantifier, this.filter);
  final String relation;
  final RelationQuantifier quantifier;
  final Filter filter;
}

/// To-one relation `is: null` / `isNot: null`: whether the related row exists.
final class RelationExists extends Filter {
  const RelationExists(this.relation, this.exists);
  final String relation;
  final bool exists;
}

enum NullsOrder { first, last }

/// One ordering term. [path] holds zero or more to-one relation names, then a scalar field:
/// `['author', 'name']` orders posts by their author's name. With [countOf] set, the term orders
/// by the number of rows related through that to-many relation (`_count`), and [path] is empty.
final class OrderTerm {
  const OrderTerm(this.path, {this.descending = false, this.nulls, this.countOf});
  final List<String> path;
  final bool descending;

  /// Where NULLs go; null: the backend's default, which both backends make SQLite's (NULLs
  /// first ascending, last descending).
  final NullsOrder? nulls;
  final String? countOf;
}
