// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The static runtime of the generated package, shared by every generated library.
///
/// Copied verbatim by prisma-dart-gen; generated libraries import it as `$rt`.
library;

export 'values.dart';
export 'wire.dart';
