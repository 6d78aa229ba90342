// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Sync protocol v1 (docs/sync-protocol.md): the request and response models of `POST
/// {base}/push` and `POST {base}/pull`, the error codes, and the checks the client makes on
/// what the server answers (the same checks as tests/sync/client.py).
///
/// Values inside keys, `data`, `ops` and records are in the wire encoding (wire.dart): this
/// library moves them as JSON values and never decodes them.
library;

/// The protocol version this client speaks (`protocolVersion` of every request).
const int syncProtocolVersion = 1;

/// The error codes of the server's error bodies and of rejected mutations.
abstract final class SyncErrorCode {
  static const String badRequest = 'BAD_REQUEST';
  static const String unsupportedProtocol = 'UNSUPPORTED_PROTOCOL';
  static const String unauthorized = 'UNAUTHORIZED';
  static const String forbidden = 'FORBIDDEN';
  static const String mutationGap = 'MUTATION_GAP';
  static const String schemaMismatch = 'SCHEMA_MISMATCH';
  static const String cursorExpired = 'CURSOR_EXPIRED';
  static const String payloadTooLarge = 'PAYLOAD_TOO_LARGE';
  static const String invalidRequest = 'INVALID_REQUEST';
  static const String unavailable = 'UNAVAILABLE';

  // Codes of rejected mutations (push results with status `rejected`).
  static const String validation = 'VALIDATION';
  static const String notFound = 'NOT_FOUND';
  static const String constraint = 'CONSTRAINT';
  static const String conflict = 'CONFLICT';
}

/// The operations of a mutation: `create`, `update`, `delete` (links: `create`, `delete`).
abstract final class SyncOp {
  static const String create = 'create';
  static const String update = 'update';
  static const String delete = 'delete';
}

/// The server broke the contract (a response of the wrong shape, order or ids).
final class SyncProtocolError implements Exception {
  const SyncProtocolError(this.message);
  final String message;

  @override
  String toString() => 'SyncProtocolError: $message';
}

/// A failure worth retrying later with the same request: no connection, a timeout, a 503.
final class SyncTransientException implements Exception {
  const SyncTransientException(this.message, {this.retryAfter});
  final String message;

  /// The server's `Retry-After`, when it sent one.
  final Duration? retryAfter;

  @override
  String toString() => 'SyncTransientException: $message';
}

/// The server answered an error status the client does not retry as such.
final class SyncHttpException implements Exception {
  const SyncHttpException(this.status, this.body);
  final int status;

  /// The decoded JSON body (`{"code": ..., "message": ..., ...}`), or null.
  final Object? body;

  /// The error code of the body, wherever the server put it (top level, `error` or `detail`).
  String? get code {
    final value = field('code');
    return value is String ? value : null;
  }

  /// The field [name] of the error body (`lastMutationId`, `schemaVersion`, ...), or null.
  Object? field(String name) {
    final body = this.body;
    if (body is! Map) return null;
    for (final candidate in <Object?>[body, body['error'], body['detail']]) {
      if (candidate is Map && candidate.containsKey(name)) return candidate[name];
    }
    return null;
  }

  @override
  String toString() => 'SyncHttpException: HTTP $status ${code ?? ''} ${field('message') ?? ''}';
}

/// One mutation of the outbox: `id` is the per-client sequence number (1, 2, 3, ...).
final class SyncMutation {
  const SyncMutation({
    required this.id,
    required this.model,
    required this.op,
    required this.key,
    this.data,
    this.ops,
  });

  /// The inverse of [toJson] (the outbox stores mutations as this JSON).
  factory SyncMutation.fromJson(Map<String, Object?> json) {
    final id = json['id'];
    final model = json['model'];
    final op = json['op'];
    final key = json['key'];
    final data = json['data'];
    final ops = json['ops'];
    if (id is! int || model is! String || op is! String || key is! Map) {
      throw FormatException('not a stored mutation', json);
    }
    return SyncMutation(
      id: id,
      model: model,
      op: op,
      key: _object(key),
      data: data is Map ? _object(data) : null,
      ops: ops is Map
          ? <String, Map<String, Object?>>{
              for (final entry in ops.entries)
                if (entry.value is Map) '${entry.key}': _object(entry.value as Map),
            }
          : null,
    );
  }

  final int id;

  /// The Prisma model name, or an implicit many-to-many join table (`_Bookmarks`).
  final String model;

  /// [SyncOp.create], [SyncOp.update] or [SyncOp.delete].
  final String op;

  /// Every key field (wire encoding); links: `{"A": ..., "B": ...}`.
  final Map<String, Object?> key;

  /// `create`: the fields the client set or generated; `update`: the changed fields only.
  final Map<String, Object?>? data;

  /// `update` only: field -> `{"increment" | "decrement" | "multiply" | "divide": amount}`.
  final Map<String, Map<String, Object?>>? ops;

  /// The mutation as the push request carries it.
  Map<String, Object?> toJson() => <String, Object?>{
        'id': id,
        'model': model,
        'op': op,
        'key': key,
        if (data != null) 'data': data,
        if (ops != null && ops!.isNotEmpty) 'ops': ops,
      };

  /// The same mutation with another [id].
  SyncMutation withId(int id) =>
      SyncMutation(id: id, model: model, op: op, key: key, data: data, ops: ops);
}

/// The status of one pushed mutation.
enum MutationStatus { applied, duplicate, rejected }

/// One entry of a push response's `results`.
final class MutationResult {
  const MutationResult({
    required this.id,
    required this.status,
    this.record,
    this.code,
    this.message,
  });

  final int id;
  final MutationStatus status;

  /// `applied` creates and updates: the stored record (wire encoding).
  final Map<String, Object?>? record;

  /// `rejected`: the [SyncErrorCode] and the server's message.
  final String? code;
  final String? message;
}

/// A push response, checked against the [batch] it answers.
final class PushResponse {
  const PushResponse({required this.lastMutationId, required this.results});

  /// Checks [body] against [batch] (tests/sync/client.py `_check_push`): one result per
  /// mutation in batch order, known statuses, a code for each rejection, and a
  /// `lastMutationId` at or beyond the batch's last id (beyond it only for a batch of
  /// duplicates). Throws a [SyncProtocolError] otherwise.
  factory PushResponse.parse(Object? body, List<SyncMutation> batch) {
    if (body is! Map || body['results'] is! List) {
      throw SyncProtocolError('push response without results: $body');
    }
    final raw = body['results'] as List;
    if (raw.length != batch.length) {
      throw SyncProtocolError('${raw.length} push results for ${batch.length} mutations');
    }
    final results = <MutationResult>[];
    for (var index = 0; index < raw.length; index++) {
      final entry = raw[index];
      if (entry is! Map || entry['id'] != batch[index].id) {
        throw SyncProtocolError('push result $index does not answer mutation ${batch[index].id}');
      }
      final status = switch (entry['status']) {
        'applied' => MutationStatus.applied,
        'duplicate' => MutationStatus.duplicate,
        'rejected' => MutationStatus.rejected,
        _ => throw SyncProtocolError('unknown push status: $entry'),
      };
      final code = entry['code'];
      if (status == MutationStatus.rejected && (code is! String || code.isEmpty)) {
        throw SyncProtocolError('rejected without a code: $entry');
      }
      final record = entry['record'];
      final message = entry['message'];
      results.add(MutationResult(
        id: batch[index].id,
        status: status,
        record: record is Map ? _object(record) : null,
        code: code is String ? code : null,
        message: message is String ? message : null,
      ));
    }
    final last = body['lastMutationId'];
    if (batch.isNotEmpty) {
      if (last is! int || last < batch.last.id) {
        throw SyncProtocolError('lastMutationId $last after a batch ending at ${batch.last.id}');
      }
      if (last > batch.last.id && results.any((r) => r.status != MutationStatus.duplicate)) {
        throw SyncProtocolError('lastMutationId $last beyond a batch that applied mutations');
      }
    } else if (last is! int) {
      throw SyncProtocolError('push response without lastMutationId: $body');
    }
    return PushResponse(lastMutationId: last, results: results);
  }

  final int lastMutationId;
  final List<MutationResult> results;
}

/// One entry of a pull page: `upsert` (with `record`) or `delete` for rows, `create` or
/// `delete` for links.
final class PullChange {
  const PullChange({
    required this.version,
    required this.model,
    required this.key,
    required this.op,
    this.record,
  });

  final int version;
  final String model;
  final Map<String, Object?> key;

  /// `upsert`, `delete` or (links) `create`.
  final String op;

  /// `upsert`: the current record (wire encoding; unknown fields are to be ignored).
  final Map<String, Object?>? record;

  /// Whether the row (or link) exists after this change.
  bool get isPresent => op != 'delete';
}

/// One pull page, checked against the request that asked for it.
final class PullPage {
  const PullPage({
    required this.cursor,
    required this.hasMore,
    required this.lastMutationId,
    required this.changes,
  });

  /// Checks [body] as the answer to a pull from [after] with [limit] (tests/sync/client.py
  /// `_apply_page`): every field present, at most [limit] changes, versions strictly increasing
  /// and above [after], the new cursor not behind [after] nor the last version, known ops, one
  /// entry per row. Throws a [SyncProtocolError] otherwise.
  factory PullPage.parse(Object? body, {required int after, required int limit}) {
    if (body is! Map) throw SyncProtocolError('pull response is not an object: $body');
    for (final name in const <String>['cursor', 'hasMore', 'lastMutationId', 'changes']) {
      if (!body.containsKey(name)) throw SyncProtocolError('pull response without $name');
    }
    final cursor = body['cursor'];
    final hasMore = body['hasMore'];
    final lastMutationId = body['lastMutationId'];
    final raw = body['changes'];
    if (cursor is! int || hasMore is! bool || lastMutationId is! int || raw is! List) {
      throw SyncProtocolError('pull response of the wrong shape: $body');
    }
    if (raw.length > limit) throw SyncProtocolError('${raw.length} changes for limit $limit');
    final changes = <PullChange>[];
    final seen = <String>{};
    var previous = after;
    for (final entry in raw) {
      if (entry is! Map) throw SyncProtocolError('change is not an object: $entry');
      final version = entry['version'];
      final model = entry['model'];
      final key = entry['key'];
      final op = entry['op'];
      final record = entry['record'];
      if (version is! int || model is! String || key is! Map || op is! String) {
        throw SyncProtocolError('change of the wrong shape: $entry');
      }
      if (version <= previous) {
        throw SyncProtocolError('version $version not increasing after $previous');
      }
      previous = version;
      if (op != 'upsert' && op != 'create' && op != 'delete') {
        throw SyncProtocolError('unknown change op: $entry');
      }
      if (op == 'upsert' && record is! Map) {
        throw SyncProtocolError('upsert without a record: $entry');
      }
      final keyObject = _object(key);
      if (!seen.add('$model ${keyText(keyObject)}')) {
        throw SyncProtocolError('page not coalesced: $model ${keyText(keyObject)} twice');
      }
      changes.add(PullChange(
        version: version,
        model: model,
        key: keyObject,
        op: op,
        record: record is Map ? _object(record) : null,
      ));
    }
    if (cursor < after || cursor < previous) {
      throw SyncProtocolError('cursor went from $after to $cursor (last version $previous)');
    }
    final List<PullChange> frozen = List.unmodifiable(changes);
    return PullPage(
      cursor: cursor,
      hasMore: hasMore,
      lastMutationId: lastMutationId,
      changes: frozen,
    );
  }

  final int cursor;
  final bool hasMore;
  final int lastMutationId;
  final List<PullChange> changes;
}

/// A mutation the server rejected: its optimistic local change is rolled back.
final class SyncRejection {
  const SyncRejection(this.mutation, this.code, this.message);
  final SyncMutation mutation;

  /// A [SyncErrorCode] (`VALIDATION`, `FORBIDDEN`, `NOT_FOUND`, `CONSTRAINT`, `CONFLICT`, ...).
  final String code;
  final String? message;

  @override
  String toString() => 'SyncRejection(${mutation.model} ${mutation.op} ${mutation.key}: $code)';
}

/// The push request body.
Map<String, Object?> pushRequest({
  required String schemaVersion,
  required String clientId,
  required List<SyncMutation> mutations,
}) =>
    <String, Object?>{
      'protocolVersion': syncProtocolVersion,
      'schemaVersion': schemaVersion,
      'clientId': clientId,
      'mutations': <Object?>[for (final mutation in mutations) mutation.toJson()],
    };

/// The pull request body.
Map<String, Object?> pullRequest({
  required String schemaVersion,
  required String clientId,
  required int cursor,
  required int limit,
}) =>
    <String, Object?>{
      'protocolVersion': syncProtocolVersion,
      'schemaVersion': schemaVersion,
      'clientId': clientId,
      'cursor': cursor,
      'limit': limit,
    };

/// A stable text of a key object: its entries sorted by name (for indexes of keys).
String keyText(Map<String, Object?> key) {
  final names = key.keys.toList()..sort();
  return names.map((name) => '$name=${key[name]}').join('\u0000');
}

Map<String, Object?> _object(Map<Object?, Object?> map) =>
    <String, Object?>{for (final entry in map.entries) '${entry.key}': entry.value};
