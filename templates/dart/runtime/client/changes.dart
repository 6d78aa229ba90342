// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// What a transaction wrote, for change notifications (watch streams).
library;

/// The models and implicit many-to-many join tables one transaction wrote.
///
/// The engine records a model (its Prisma name, e.g. `Post`) whenever it inserts, updates or
/// deletes one of its rows, including rows changed by referential actions (cascading deletes,
/// `SetNull`, `SetDefault`, cascading key updates), and a join table (its name, e.g.
/// `_PostToTag`) whenever it adds or removes a link. Prisma model names start with a letter and
/// join table names with `_`, so the two never collide in [touched].
///
/// After a transaction commits, the engine publishes [touched] on `Engine.changes`; a watch
/// stream re-runs its query when the set intersects the models and join tables the query read.
/// Nothing is published for a transaction that rolled back.
final class ChangeSet {
  final Set<String> _touched = <String>{};

  /// Records that rows of [name] (a Prisma model name) were written.
  void model(String name) {
    _touched.add(name);
  }

  /// Records that links of the join table [name] (e.g. `_PostToTag`) were written.
  void joinTable(String name) {
    _touched.add(name);
  }

  /// Records everything [other] recorded.
  void addAll(ChangeSet other) {
    _touched.addAll(other._touched);
  }

  /// Whether nothing was recorded.
  bool get isEmpty => _touched.isEmpty;

  /// The model and join table names recorded so far (an unmodifiable copy).
  Set<String> get touched => Set<String>.unmodifiable(_touched);

  @override
  String toString() => 'ChangeSet(${_touched.join(', ')})';
}
