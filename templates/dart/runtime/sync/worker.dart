// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// The sync worker: one per local database; pushes the outbox, then pulls, on demand
/// ([SyncWorker.syncNow]), periodically ([SyncWorker.start]), after a local write
/// ([SyncWorker.localChange]) and when connectivity returns ([SyncWorker.connectivityRestored]),
/// retrying transient failures with capped exponential backoff and jitter.
///
/// The twin of tests/sync/client.py. What the local database holds is the server state of the
/// last pull with the outbox (acknowledged and pending mutations) replayed on top: a pull is
/// applied, the outbox re-applied (rebase) and the cursor stored in one local transaction
/// ([SyncApplier.applyPull]); mutations leave the outbox when a complete pull includes their
/// effects; a rejected mutation leaves it at once and the next pull refetches everything from
/// cursor 0, which rolls its optimistic change back.
library;

import 'dart:async' show StreamController, Timer;
import 'dart:math' show Random;

import '../client/ids.dart' show IdGenerator;
import 'outbox.dart';
import 'protocol.dart';
import 'transport.dart';

/// What the worker is doing.
enum SyncStatus {
  /// Nothing to do, or waiting for the next sync.
  idle,
  pushing,
  pulling,

  /// The server cannot be reached; a retry is scheduled.
  offline,

  /// The last sync failed ([SyncWorker.lastError]); a retry is scheduled unless
  /// [SyncWorker.halted].
  error,
}

/// What applies pulled changes to the local data: the Engine's side of sync.
abstract interface class SyncApplier {
  /// In **one** local storage transaction:
  ///
  /// 1. when [wipe]: delete every row of the synced models and every link of the synced join
  ///    tables (a refetch from cursor 0 follows);
  /// 2. apply [page]'s changes in order, without foreign-key checks: `upsert` replaces the row
  ///    with `record` (wire encoding, unknown fields ignored), `delete` removes the row, links
  ///    are added (`create`) or removed (`delete`);
  /// 3. await [bookkeeping] with the bookkeeping operations over the same storage transaction
  ///    (a [StorageSyncTransaction] around it): it stores the cursor and returns the outbox;
  /// 4. re-apply the returned mutations, in order, to the local rows (rebase: `create` upserts
  ///    key + data, `update` sets data and applies `ops` to non-null numbers, `delete` removes):
  ///    those the pulled state does not hold yet (id above the page's `lastMutationId`), on the
  ///    rows and links this page or the wipe overwrote (the others still hold their local
  ///    state, where re-applying an `ops` increment would count it twice);
  /// 5. publish the models and join tables written on the engine's change bus after commit.
  Future<void> applyPull(
    PullPage page, {
    required bool wipe,
    required Future<List<SyncMutation>> Function(SyncStoreTransaction txn) bookkeeping,
  });

  /// In one local storage transaction: delete every row of the synced models and links, then
  /// await [bookkeeping] (which clears the outbox and the stored values). Used when the
  /// signed-in scope changes.
  Future<void> reset(Future<void> Function(SyncStoreTransaction txn) bookkeeping);
}

/// The worker's settings.
final class SyncOptions {
  const SyncOptions({
    this.maxBatch = 100,
    this.pullLimit = 500,
    this.minBackoff = const Duration(seconds: 1),
    this.maxBackoff = const Duration(seconds: 60),
    this.localChangeDelay = const Duration(milliseconds: 200),
    this.maxPagesPerSync = 1000,
  });

  /// Mutations per push (halved after a 413).
  final int maxBatch;

  /// Changes per pull page.
  final int pullLimit;

  /// The first retry delay, doubled after each failure up to [maxBackoff]; each delay is
  /// multiplied by a random factor in [0.5, 1) (jitter).
  final Duration minBackoff;
  final Duration maxBackoff;

  /// How long [SyncWorker.localChange] waits before it syncs (writes in a burst sync once).
  final Duration localChangeDelay;

  /// A bound on the pages of one sync.
  final int maxPagesPerSync;
}

/// One sync worker per local database.
final class SyncWorker {
  /// Creates the worker of the database [store] keeps the bookkeeping of. Throws a
  /// [StateError] when another worker of the same [store] has not been [dispose]d.
  SyncWorker({
    required this.store,
    required this.transport,
    required this.applier,
    required this.schemaVersion,
    this.options = const SyncOptions(),
    Random? random,
    IdGenerator? ids,
  })  : _random = random ?? Random.secure(),
        _ids = ids ?? IdGenerator() {
    if (!_active.add(store)) {
      throw StateError('a sync worker of this database is already running');
    }
  }

  static final Set<SyncStore> _active = <SyncStore>{};

  final SyncStore store;
  final SyncTransport transport;
  final SyncApplier applier;

  /// The `SCHEMA_VERSION` of the generated package (the hash of the synced schema).
  final String schemaVersion;
  final SyncOptions options;

  final Random _random;
  final IdGenerator _ids;

  final StreamController<SyncStatus> _statuses = StreamController<SyncStatus>.broadcast();
  final StreamController<SyncRejection> _rejections =
      StreamController<SyncRejection>.broadcast();

  SyncStatus _status = SyncStatus.idle;
  Object? _lastError;
  bool _halted = false;
  bool _disposed = false;
  int _failures = 0;
  int _batch = 0;
  Timer? _periodic;
  Timer? _retry;
  Timer? _soon;
  Future<void>? _running;
  bool _again = false;

  /// The current status; [statuses] reports each change.
  SyncStatus get status => _status;

  /// Status changes (idle / pushing / pulling / offline / error).
  Stream<SyncStatus> get statuses => _statuses.stream;

  /// Mutations the server rejected (their local changes are rolled back by the next pull).
  Stream<SyncRejection> get rejections => _rejections.stream;

  /// The error of the last failed sync, or null after a successful one.
  Object? get lastError => _lastError;

  /// Whether syncing stopped until the app acts: 409 `SCHEMA_MISMATCH` or 400
  /// `UNSUPPORTED_PROTOCOL` (an app update is required), 403 (the clientId belongs to another
  /// scope: [signIn] again), 422 or a protocol violation (a bug). [signIn] with another scope
  /// or a new worker resumes.
  bool get halted => _halted;

  /// Whether the app must be updated to sync (`SCHEMA_MISMATCH`, `UNSUPPORTED_PROTOCOL`).
  bool get updateRequired {
    final error = _lastError;
    return error is SyncHttpException &&
        (error.code == SyncErrorCode.schemaMismatch ||
            error.code == SyncErrorCode.unsupportedProtocol);
  }

  /// Makes the local database belong to [scope] (the signed-in user or tenant). The first
  /// sign-in keeps what was written before it (the outbox included) and makes the clientId.
  /// When the database belonged to another scope, the synced data, the outbox, the cursor and
  /// the clientId are reset in one local transaction and a new clientId is made: nothing of one
  /// scope leaks into the next (weakness 10).
  Future<void> signIn(String scope) async {
    final stored = await store.transaction((txn) => txn.readValue(SyncStateKey.scope));
    if (stored == scope) return;
    final clientId = _ids.uuid4();
    if (stored == null) {
      await store.transaction((txn) async {
        await txn.writeValue(SyncStateKey.clientId, clientId);
        await txn.writeValue(SyncStateKey.scope, scope);
      });
    } else {
      await applier.reset((txn) async {
        await txn.clearMutations();
        for (final name in const <String>[
          SyncStateKey.cursor,
          SyncStateKey.nextMutationId,
          SyncStateKey.pushedThrough,
          SyncStateKey.refetch,
          SyncStateKey.pulledSchemaVersion,
        ]) {
          await txn.writeValue(name, null);
        }
        await txn.writeValue(SyncStateKey.clientId, clientId);
        await txn.writeValue(SyncStateKey.scope, scope);
      });
    }
    _halted = false;
    _lastError = null;
    _failures = 0;
    _batch = options.maxBatch;
    // Writes made before the sign-in, or a worker started before it, sync now.
    if (_periodic != null) _trigger();
  }

  /// Syncs every [interval] (and once now).
  void start({Duration interval = const Duration(minutes: 1)}) {
    _periodic?.cancel();
    _periodic = Timer.periodic(interval, (_) => _trigger());
    _trigger();
  }

  /// Stops the periodic sync and any scheduled retry (a running sync finishes).
  void stop() {
    _periodic?.cancel();
    _periodic = null;
    _retry?.cancel();
    _retry = null;
    _soon?.cancel();
    _soon = null;
  }

  /// A local write added to the outbox: sync shortly (writes in a burst sync once).
  void localChange() {
    if (_disposed || _soon != null) return;
    _soon = Timer(options.localChangeDelay, () {
      _soon = null;
      _trigger();
    });
  }

  /// Connectivity returned: retry at once, with the backoff reset.
  void connectivityRestored() {
    _retry?.cancel();
    _retry = null;
    _failures = 0;
    _trigger();
  }

  /// Pushes, then pulls; completes when done (errors are reported on [statuses] and
  /// [lastError], never thrown). A call during a sync runs one more sync after it.
  Future<void> syncNow() {
    final running = _running;
    if (running != null) {
      _again = true;
      return running;
    }
    final run = _loop();
    _running = run;
    return run;
  }

  /// Stops the worker for good and releases the database for another worker.
  Future<void> dispose() async {
    stop();
    _disposed = true;
    final running = _running;
    if (running != null) await running;
    _active.remove(store);
    await _statuses.close();
    await _rejections.close();
  }

  void _trigger() {
    if (_disposed) return;
    syncNow();
  }

  Future<void> _loop() async {
    try {
      do {
        _again = false;
        await _syncOnce();
      } while (_again && !_disposed && !_halted);
    } finally {
      _running = null;
    }
  }

  Future<void> _syncOnce() async {
    if (_disposed || _halted) return;
    _retry?.cancel();
    _retry = null;
    try {
      final clientId = await store.transaction((txn) => txn.readValue(SyncStateKey.clientId));
      // Nobody signed in yet: nothing can be sent (the server takes the scope from the
      // credentials). The outbox keeps the writes; [signIn] syncs them.
      if (clientId == null) return;
      _setStatus(SyncStatus.pushing);
      await _pushAll(clientId);
      _setStatus(SyncStatus.pulling);
      await _pullAll(clientId);
      _failures = 0;
      _lastError = null;
      _setStatus(SyncStatus.idle);
    } on SyncTransientException catch (error) {
      _fail(error, SyncStatus.offline, retryAfter: error.retryAfter);
    } on SyncHttpException catch (error) {
      _fail(error, SyncStatus.error, halt: _halts(error));
    } on SyncProtocolError catch (error) {
      _fail(error, SyncStatus.error, halt: true);
    } on StateError catch (error) {
      _fail(error, SyncStatus.error, halt: true);
    } catch (error) {
      // A local storage failure, or anything else: report it and retry later.
      _fail(error, SyncStatus.error);
    }
  }

  /// Whether an error stops syncing until the app acts (see [halted]).
  static bool _halts(SyncHttpException error) =>
      error.status == 403 ||
      error.status == 422 ||
      error.code == SyncErrorCode.schemaMismatch ||
      error.code == SyncErrorCode.unsupportedProtocol;

  void _fail(Object error, SyncStatus status, {bool halt = false, Duration? retryAfter}) {
    _lastError = error;
    _halted = _halted || halt;
    _setStatus(status);
    if (_halted || _disposed) return;
    var delay = _backoff();
    if (retryAfter != null && retryAfter > delay) delay = retryAfter;
    if (delay > options.maxBackoff) delay = options.maxBackoff;
    _retry = Timer(delay, () {
      _retry = null;
      _trigger();
    });
  }

  /// min(maxBackoff, minBackoff * 2^failures) times a random factor in [0.5, 1).
  Duration _backoff() {
    var micros = options.minBackoff.inMicroseconds;
    final cap = options.maxBackoff.inMicroseconds;
    for (var i = 0; i < _failures && micros < cap; i++) {
      micros *= 2;
    }
    if (micros > cap) micros = cap;
    _failures++;
    return Duration(microseconds: (micros * (0.5 + _random.nextDouble() * 0.5)).round());
  }

  void _setStatus(SyncStatus status) {
    if (_status == status) return;
    _status = status;
    if (!_statuses.isClosed) _statuses.add(status);
  }

  // --- push -----------------------------------------------------------------------------------

  /// Pushes the unacknowledged mutations in id order, batch by batch, until none is left.
  Future<void> _pushAll(String clientId) async {
    if (_batch <= 0) _batch = options.maxBatch;
    while (true) {
      final batch = await store.transaction((txn) async {
        final through = await readInt(txn, SyncStateKey.pushedThrough, 0);
        final outbox = await txn.mutations();
        return <SyncMutation>[
          for (final mutation in outbox)
            if (mutation.id > through) mutation,
        ].take(_batch).toList();
      });
      if (batch.isEmpty) return;
      final response = await transport.post(
        'push',
        pushRequest(schemaVersion: schemaVersion, clientId: clientId, mutations: batch),
      );
      if (response.status == 200) {
        await _acknowledge(batch, PushResponse.parse(response.body, batch));
        _batch = options.maxBatch;
        continue;
      }
      final error = _error(response);
      if (error.code == SyncErrorCode.mutationGap) {
        await _skipTo(batch.first, error.field('lastMutationId'));
        continue;
      }
      if (response.status == 413 && batch.length > 1) {
        _batch = batch.length ~/ 2;
        continue;
      }
      throw error;
    }
  }

  /// Records a push's results in one bookkeeping transaction, then reports the rejections.
  Future<void> _acknowledge(List<SyncMutation> batch, PushResponse response) async {
    final rejected = <SyncRejection>[];
    for (var index = 0; index < batch.length; index++) {
      final result = response.results[index];
      if (result.status == MutationStatus.rejected) {
        rejected.add(SyncRejection(batch[index], result.code!, result.message));
      }
    }
    await store.transaction((txn) async {
      await txn.writeValue(SyncStateKey.pushedThrough, '${response.lastMutationId}');
      for (final rejection in rejected) {
        await txn.removeMutation(rejection.mutation.id);
      }
      if (rejected.isNotEmpty) await txn.writeValue(SyncStateKey.refetch, '1');
    });
    for (final rejection in rejected) {
      if (!_rejections.isClosed) _rejections.add(rejection);
    }
  }

  /// 409 `MUTATION_GAP`: the server has everything up to its `lastMutationId` and nothing
  /// after it; push again from the mutation after it, which the outbox still holds (mutations
  /// leave it only once a pull showed the server has them).
  Future<void> _skipTo(SyncMutation first, Object? serverLast) async {
    if (serverLast is! int || serverLast + 1 >= first.id) {
      throw SyncProtocolError('MUTATION_GAP ($serverLast) for a batch starting at ${first.id}');
    }
    await store.transaction((txn) async {
      final outbox = await txn.mutations();
      if (outbox.isEmpty || outbox.first.id > serverLast + 1) {
        throw SyncProtocolError(
          'MUTATION_GAP: the server has mutations up to $serverLast, the outbox starts at '
          '${outbox.isEmpty ? first.id : outbox.first.id}',
        );
      }
      await txn.writeValue(SyncStateKey.pushedThrough, '$serverLast');
    });
  }

  // --- pull -----------------------------------------------------------------------------------

  /// Pulls pages until `hasMore` is false; 410 `CURSOR_EXPIRED` refetches from 0 (once), and
  /// so does the first pull after the local data was pulled with another schemaVersion.
  Future<void> _pullAll(String clientId) async {
    var wipe = await store.transaction((txn) async {
      if (await txn.readValue(SyncStateKey.refetch) == '1') return true;
      final pulledWith = await txn.readValue(SyncStateKey.pulledSchemaVersion);
      return pulledWith != null && pulledWith != schemaVersion;
    });
    var cursor = wipe
        ? 0
        : await store.transaction((txn) => readInt(txn, SyncStateKey.cursor, 0));
    var expired = false;
    for (var pages = 0;; pages++) {
      if (pages >= options.maxPagesPerSync) {
        throw SyncProtocolError('still hasMore after $pages pages');
      }
      final limit = options.pullLimit;
      final response = await transport.post(
        'pull',
        pullRequest(schemaVersion: schemaVersion, clientId: clientId, cursor: cursor, limit: limit),
      );
      if (response.status != 200) {
        final error = _error(response);
        if (error.code == SyncErrorCode.cursorExpired) {
          if (expired || cursor == 0) {
            throw SyncProtocolError('CURSOR_EXPIRED for cursor $cursor');
          }
          expired = true;
          wipe = true;
          cursor = 0;
          continue;
        }
        throw error;
      }
      final page = PullPage.parse(response.body, after: cursor, limit: limit);
      final wipeNow = wipe;
      await applier.applyPull(page, wipe: wipeNow, bookkeeping: (txn) async {
        await txn.writeValue(SyncStateKey.cursor, '${page.cursor}');
        await txn.writeValue(SyncStateKey.pulledSchemaVersion, schemaVersion);
        if (wipeNow) await txn.writeValue(SyncStateKey.refetch, null);
        if (!page.hasMore) {
          // The pulled state holds this client's mutations up to lastMutationId.
          await txn.removeMutationsThrough(page.lastMutationId);
        }
        return txn.mutations();
      });
      wipe = false;
      cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  /// The error of a non-200 [response]; a 503 is transient.
  SyncHttpException _error(SyncResponse response) {
    if (response.status == 503) {
      throw SyncTransientException('HTTP 503', retryAfter: response.retryAfter);
    }
    return SyncHttpException(response.status, response.body);
  }
}
