// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// What the runtime knows about the schema: generated as one `const` [SchemaInfo] per package
/// (lib/src/schema.dart) and read by the query engine and the storage backends.
///
/// Names are Prisma names; `column`/`table` are the local storage names (the same as in the
/// server database, so that a row can be copied between the two without renaming).
library;

/// The kind of a scalar value, as stored and as compared.
enum ScalarKind { string, int, bigInt, float, decimal, boolean, dateTime, json, bytes, enumeration }

/// Who fills a field the caller did not give, and how (Prisma Client's rules).
enum DefaultKind {
  none,
  autoincrement,
  dbgenerated,
  now,
  uuid4,
  uuid7,
  cuid,
  cuid2,
  nanoid,
  ulid,
  literal,
}

enum RelationKind { oneToOne, manyToOne, oneToMany, manyToMany }

enum ReferentialAction { cascade, restrict, noAction, setNull, setDefault }

/// The `provider` of the Prisma schema's datasource. The local storage is SQLite or IndexedDB
/// whatever it is; the provider decides which of Prisma Client's rules the engine applies where
/// they differ per database (see [SchemaInfo.hasQueryMode], [SchemaInfo.foldsTextSearch],
/// [SchemaInfo.hasSkipDuplicates]).
enum DatabaseProvider { sqlite, postgresql, mysql, sqlserver, cockroachdb }

class FieldInfo {
  const FieldInfo({
    required this.name,
    required this.column,
    required this.kind,
    this.enumName,
    this.isList = false,
    this.isOptional = false,
    this.defaultKind = DefaultKind.none,
    this.defaultValue,
    this.defaultLength,
    this.isUpdatedAt = false,
  });

  final String name;
  final String column;
  final ScalarKind kind;

  /// For [ScalarKind.enumeration]: the Prisma enum's name (a key of [SchemaInfo.enums]).
  final String? enumName;
  final bool isList;
  final bool isOptional;
  final DefaultKind defaultKind;

  /// [DefaultKind.literal]: the value, as a Dart value of the field's type (enums: Prisma name).
  final Object? defaultValue;

  /// [DefaultKind.nanoid]: the length.
  final int? defaultLength;
  final bool isUpdatedAt;
}

class RelationInfo {
  const RelationInfo({
    required this.name,
    required this.relationName,
    required this.target,
    required this.kind,
    required this.isList,
    required this.isOptional,
    required this.holdsForeignKey,
    required this.backRelation,
    this.fields = const <String>[],
    this.references = const <String>[],
    this.onDelete,
    this.onUpdate,
    this.joinTable,
    this.joinColumn,
  });

  /// The relation field's name.
  final String name;

  /// Prisma's name of the relation (shared by both sides): `@relation("name")`, else the two
  /// model names sorted and joined by `To` (`PostToUser`). Error messages (P2014, P2017, P2025)
  /// name it.
  final String relationName;
  final String target;
  final RelationKind kind;
  final bool isList;
  final bool isOptional;
  final bool holdsForeignKey;

  /// The relation field on [target] for the other side.
  final String backRelation;

  /// This model's fields holding the key (when [holdsForeignKey]).
  final List<String> fields;

  /// The [target]'s fields they reference.
  final List<String> references;

  /// Effective actions (Prisma's defaults applied), on the side that holds the foreign key.
  final ReferentialAction? onDelete;
  final ReferentialAction? onUpdate;

  /// Implicit many-to-many: the join table's name and the column ("A"/"B") referencing this model.
  final String? joinTable;
  final String? joinColumn;
}

class ModelInfo {
  const ModelInfo({
    required this.name,
    required this.table,
    required this.fields,
    required this.relations,
    required this.primaryKey,
    required this.identity,
    required this.uniques,
    required this.compoundUniques,
  });

  final String name;
  final String table;
  final List<FieldInfo> fields;
  final List<RelationInfo> relations;

  /// The `@id`/`@@id` fields, or null for a model without a primary key (Prisma allows one
  /// identified by a unique criterion instead).
  final List<String>? primaryKey;

  /// The fields that address one row (the primary key, else the first required unique).
  final List<String> identity;

  /// Every unique criterion (the identity included), each a list of field names.
  final List<List<String>> uniques;

  /// The key of each unique criterion of several fields in a `WhereUniqueInput`: the `name:` of
  /// its `@@id`/`@@unique`, else Prisma's default, the fields joined by `_`
  /// (`{'authorId_slug': {...}}`) -> its fields. Single-field criteria go by the field's name.
  final Map<String, List<String>> compoundUniques;

  FieldInfo field(String name) {
    for (final field in fields) {
      if (field.name == name) return field;
    }
    throw ArgumentError.value(name, 'name', 'no field of ${this.name}');
  }

  RelationInfo relation(String name) {
    for (final relation in relations) {
      if (relation.name == name) return relation;
    }
    throw ArgumentError.value(name, 'name', 'no relation of ${this.name}');
  }

  bool hasField(String name) => fields.any((field) => field.name == name);

  bool hasRelation(String name) => relations.any((relation) => relation.name == name);
}

class JoinTableInfo {
  const JoinTableInfo({required this.name, required this.aModel, required this.bModel});

  /// `_` + the relation name, e.g. `_PostToTag`; columns `A` and `B`.
  final String name;

  /// The model column `A` references (by its single-field identity); likewise [bModel] for `B`.
  final String aModel;
  final String bModel;
}

class EnumInfo {
  const EnumInfo({required this.name, required this.values});

  final String name;

  /// Prisma names, in declaration order (the order Prisma sorts enum values by).
  final List<String> values;
}

class SchemaInfo {
  const SchemaInfo({
    required this.version,
    required this.provider,
    required this.models,
    required this.joinTables,
    required this.enums,
  });

  /// A hash of everything that shapes local storage; a change triggers a local migration.
  final String version;

  /// The Prisma schema's datasource provider.
  final DatabaseProvider provider;
  final Map<String, ModelInfo> models;
  final Map<String, JoinTableInfo> joinTables;
  final Map<String, EnumInfo> enums;

  ModelInfo model(String name) {
    final model = models[name];
    if (model == null) throw ArgumentError.value(name, 'name', 'no such model');
    return model;
  }

  /// The fields that link the rows of a model to those its [relation] (not an implicit
  /// many-to-many) leads to: its own fields ([own]) and the target's ([target]) hold equal values,
  /// position by position. The foreign key and what it references, on whichever side holds it.
  ({List<String> own, List<String> target}) linkFields(RelationInfo relation) {
    if (relation.holdsForeignKey) return (own: relation.fields, target: relation.references);
    final RelationInfo back = model(relation.target).relation(relation.backRelation);
    return (own: back.references, target: back.fields);
  }

  /// Whether string filters take `mode` (`'default'`, `'insensitive'`): PostgreSQL and
  /// CockroachDB. Prisma Client refuses it on the other providers (parity vectors
  /// filter-string-mode-*: "Unknown argument `mode`" on SQLite).
  bool get hasQueryMode =>
      provider == DatabaseProvider.postgresql || provider == DatabaseProvider.cockroachdb;

  /// Whether `contains`, `startsWith` and `endsWith` ignore ASCII case when no `mode` says
  /// otherwise: SQLite runs them as `LIKE` (parity vectors filter-string-contains-*), as do MySQL
  /// and SQL Server under their default case-insensitive collations. PostgreSQL and CockroachDB
  /// compare exactly unless `mode: 'insensitive'`.
  bool get foldsTextSearch => !hasQueryMode;

  /// Whether `createMany` takes `skipDuplicates`: not on SQLite and SQL Server (Prisma Client
  /// refuses it there: parity vector create-many-skip-duplicates).
  bool get hasSkipDuplicates =>
      provider != DatabaseProvider.sqlite && provider != DatabaseProvider.sqlserver;
}
