// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Errors of the generated client, with Prisma Client's error codes.
library;

/// A request Prisma Client would refuse with a known error code: `P2025` (a record the operation
/// depends on was not found), `P2002` (unique constraint), `P2003` (foreign key constraint),
/// `P2014` (the change would violate a required relation).
class PrismaClientKnownRequestError implements Exception {
  const PrismaClientKnownRequestError(this.code, this.message, {this.meta = const {}});

  final String code;
  final String message;

  /// Details as Prisma reports them, e.g. `{'modelName': 'User', 'target': ['email']}`.
  final Map<String, Object?> meta;

  @override
  String toString() => 'PrismaClientKnownRequestError($code): $message';
}

/// Arguments Prisma Client's types would reject (unknown field, wrong value kind, missing
/// required argument). Raised before anything is read or written.
class PrismaClientValidationError implements Exception {
  const PrismaClientValidationError(this.message);

  final String message;

  @override
  String toString() => 'PrismaClientValidationError: $message';
}

/// A request that failed for a reason Prisma Client reports without an error code, e.g. a
/// negative `skip` (Prisma 7.10: `Invalid value for skip argument: Value can only be positive`,
/// parity vector pagination-skip-negative). Raised before anything is written.
class PrismaClientUnknownRequestError implements Exception {
  const PrismaClientUnknownRequestError(this.message);

  final String message;

  @override
  String toString() => 'PrismaClientUnknownRequestError: $message';
}
