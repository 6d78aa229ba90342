"""The sync engine: push, pull, server-side writes and compaction (docs/sync-protocol.md).

``Sync(spec, database_url)`` serves one database. HTTP lives in ``app.py``; everything here is
plain functions of (scope, request document) that return response documents or raise
``ProtocolError`` (a request-level answer such as 409 ``MUTATION_GAP``).

Transactions:
- push: one transaction per push request. It starts by updating the client's row (a lock: the
  same client's concurrent requests queue up there; a new clientId is bound here), checks the
  first mutation id (a gap: 409, nothing written), then applies each new mutation inside its own
  savepoint (duplicates are answered ``duplicate``; a rejected mutation rolls back to its
  savepoint only). It then advances ``lastMutationId`` once to the last mutation, applied or
  rejected, and records the changes of all of them: the versions are taken last (``versions.py``),
  so the per-scope counter lock is held only for the change-log insert and the COMMIT. The
  response is built after COMMIT, so every answered mutation is durable and a client that lost
  the answer gets ``duplicate`` for it next time. Transient database errors (serialization
  failure, deadlock, lost connection, SQLite busy) roll the whole push back and retry it; after
  ``Limits.transient_retries`` the request answers 503 with nothing applied.
- pull: one read-only snapshot (PostgreSQL ``REPEATABLE READ READ ONLY``; SQLite a deferred
  read transaction) for the client's ``lastMutationId``, the page of changes and the records.
- SQLite: writers start with ``BEGIN IMMEDIATE``, so they are serialized by SQLite's lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pydantic
import sqlalchemy as sa

from ..engine import create_engine
from .codec import encode_record, key_text, record_encoder, scope_text
from .protocol import (
    PROTOCOL_VERSIONS,
    MutationIn,
    ProtocolError,
    PullRequest,
    PushRequest,
)
from .spec import SyncSpec
from .store import fetch_in_scope, in_clause, insert
from .validation import Mutation, SyncError, Validators
from .versions import VersionAllocator, commit_order_versions
from .writer import RecordedChange, Writer, now_ms

log = logging.getLogger("prisma_dart_gen.sync")

UTC = dt.timezone.utc
CLIENT_FORBIDDEN = "this clientId belongs to another scope; reset the local database"


@dataclass(frozen=True)
class Limits:
    """Request limits; beyond them the server answers 413 (or caps the pull page)."""

    max_mutations: int = 100  # per push
    max_body_bytes: int = 1024 * 1024  # per request body
    max_json_depth: int = 64  # nesting of the request document
    default_pull_limit: int = 500
    max_pull_limit: int = 1000  # a larger `limit` is capped
    transient_retries: int = 3  # per push / pull, then 503


@dataclass(frozen=True)
class Reject:
    """A resolver's answer that rejects the mutation (default code CONFLICT)."""

    code: str = "CONFLICT"
    message: str = "rejected by the server"


@dataclass(frozen=True)
class ResolveContext:
    """What a resolver knows besides the mutation: who sent it and the open transaction."""

    scope: str
    client_id: str
    connection: sa.Connection  # inside the mutation's transaction: read, do not commit
    now: dt.datetime
    spec: SyncSpec


class Resolver(Protocol):
    def __call__(
        self, context: ResolveContext, mutation: Mutation, current: dict[str, Any] | None
    ) -> Mutation | Reject: ...


def _transient(exc: BaseException) -> bool:
    """A failure that may pass when the transaction is tried again."""
    if isinstance(exc, (sa.exc.DisconnectionError, sa.exc.TimeoutError)):
        return True
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "sqlstate", None) or ""
    if code in ("40001", "40P01", "55P03", "57P01", "57P02", "57P03") or code.startswith("08"):
        return True
    text = str(exc.orig).lower()
    if isinstance(exc, sa.exc.OperationalError) and (
        "database is locked" in text or "database table is locked" in text or "busy" in text
    ):
        return True
    return False


_CONSTRAINTS = (  # (PostgreSQL SQLSTATE, SQLite message start, what the client is told)
    ("23505", "unique constraint failed", "a unique constraint is violated"),
    ("23503", "foreign key constraint failed", "a foreign key constraint is violated"),
    ("23502", "not null constraint failed", "a required value is missing"),
    ("23514", "check constraint failed", "a check constraint is violated"),
)


def _deterministic(exc: sa.exc.DBAPIError) -> SyncError | None:
    """A database error that the same mutation would hit again: rejected, not retried.

    The message names the kind of constraint only (the same text on every database, and no
    detail about rows the caller may not see); the database's own text goes to the log.
    """
    if _transient(exc):
        return None
    if isinstance(exc, sa.exc.IntegrityError):
        code = getattr(exc.orig, "sqlstate", None) or ""
        text = str(exc.orig).lower()
        log.info("mutation rejected by a constraint: %s", exc.orig)
        for sqlstate, sqlite_text, message in _CONSTRAINTS:
            if code == sqlstate or text.startswith(sqlite_text):
                return SyncError("CONSTRAINT", message)
        return SyncError("CONSTRAINT", "a database constraint is violated")
    if isinstance(exc, sa.exc.DataError):
        log.info("mutation rejected by the database: %s", exc.orig)
        return SyncError("VALIDATION", "a value is out of range or too long for its column")
    return None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


class Sync:
    """The sync engine on one database. Thread-safe; one per process is enough."""

    def __init__(
        self,
        spec: SyncSpec,
        database_url: str | sa.URL | sa.Engine,
        *,
        resolver: Resolver | None = None,
        limits: Limits | None = None,
        accept_schema_versions: tuple[str, ...] = (),
        clock: Callable[[], dt.datetime] | None = None,
        version_allocator: VersionAllocator | None = None,
    ) -> None:
        if spec.provider not in ("sqlite", "postgresql"):
            raise ValueError(f"sync supports sqlite and postgresql, not {spec.provider}")
        self.spec = spec
        self.resolver = resolver
        self.limits = limits or Limits()
        self.schema_versions = (spec.schema_version, *accept_schema_versions)
        self.clock = clock or _utc_now
        # A test seam (versions.py): only tests replace the commit-order allocator.
        self.version_allocator = version_allocator or commit_order_versions
        self.validators = Validators(spec)
        # Pull: synced model -> its record encoder; synced m-n tables.
        self._synced_models = {
            name: record_encoder(model) for name, model in spec.models.items() if model.synced
        }
        self._synced_joins = {name for name, join in spec.joins.items() if join.synced}
        self.engine = self._engine(database_url)

    # --- connections ------------------------------------------------------------------------------

    def _engine(self, database_url: str | sa.URL | sa.Engine) -> sa.Engine:
        if isinstance(database_url, sa.Engine):
            if database_url.dialect.name != "sqlite":
                return database_url
            database_url = database_url.url  # SQLite: our own pool with the BEGIN we need
        engine = create_engine(database_url, provider=self.spec.provider)
        if engine.dialect.name == "sqlite":
            # pysqlite's own transaction handling cannot do BEGIN IMMEDIATE (or SAVEPOINTs
            # reliably): take it over, as SQLAlchemy's documentation recommends.
            @sa.event.listens_for(engine, "connect")
            def _autocommit(dbapi_connection: Any, record: Any) -> None:
                dbapi_connection.isolation_level = None

            @sa.event.listens_for(engine, "begin")
            def _begin(conn: sa.Connection) -> None:
                mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
                conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="READ COMMITTED")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            else:
                conn = conn.execution_options(sqlite_begin="DEFERRED")
            with conn.begin():
                yield conn

    def _retrying(self, work: Callable[[], Any]) -> Any:
        attempts = self.limits.transient_retries + 1
        for attempt in range(attempts):
            try:
                return work()
            except (sa.exc.DBAPIError, sa.exc.DisconnectionError, sa.exc.TimeoutError) as exc:
                if not _transient(exc):
                    raise
                log.warning("transient database error (attempt %d): %s", attempt + 1, exc)
                if attempt + 1 == attempts:
                    raise ProtocolError(
                        503, "UNAVAILABLE", "the database is busy or unreachable; retry later"
                    ) from exc
                time.sleep(min(0.5, 0.02 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    # --- request checks ---------------------------------------------------------------------------

    def _check_versions(self, document: Any) -> None:
        if not isinstance(document, dict):
            raise ProtocolError(422, "INVALID_REQUEST", "the request body must be a JSON object")
        protocol = document.get("protocolVersion")
        if protocol not in PROTOCOL_VERSIONS or isinstance(protocol, bool):
            raise ProtocolError(
                400,
                "UNSUPPORTED_PROTOCOL",
                f"protocolVersion {protocol!r} is not supported",
                protocolVersions=list(PROTOCOL_VERSIONS),
            )
        schema = document.get("schemaVersion")
        if isinstance(schema, str) and schema not in self.schema_versions:
            raise ProtocolError(
                409,
                "SCHEMA_MISMATCH",
                "this client was built for another schema; update the app",
                schemaVersion=self.spec.schema_version,
            )

    @staticmethod
    def _parse(model: type[pydantic.BaseModel], document: Any) -> Any:
        try:
            return model.model_validate(document)
        except pydantic.ValidationError as exc:
            details = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5]
            )
            raise ProtocolError(422, "INVALID_REQUEST", details) from None

    def _bind(self, conn: sa.Connection, client_id: str, scope: str) -> int:
        """The client's lastMutationId; binds a new clientId to `scope` (403 if bound elsewhere)."""
        table = self.spec.client_table
        row = conn.execute(
            sa.select(table.c.scope, table.c.lastMutationId).where(table.c.clientId == client_id)
        ).one_or_none()
        if row is None:
            conn.execute(
                insert(table, conn.dialect.name)
                .values(
                    clientId=client_id,
                    scope=scope,
                    lastMutationId=0,
                    lastSeenAt=now_ms(self.clock),
                )
                .on_conflict_do_nothing(index_elements=["clientId"])
            )
            row = conn.execute(
                sa.select(table.c.scope, table.c.lastMutationId).where(
                    table.c.clientId == client_id
                )
            ).one()
        if row.scope != scope:
            raise ProtocolError(403, "FORBIDDEN", CLIENT_FORBIDDEN)
        return int(row.lastMutationId)

    # --- push -------------------------------------------------------------------------------------

    def push(self, scope: Any, document: Any) -> dict[str, Any]:
        """Apply a push request (a parsed JSON document) for the authenticated `scope`."""
        scope = scope_text(scope)
        self._check_versions(document)
        request: PushRequest = self._parse(PushRequest, document)
        mutations = request.mutations
        if len(mutations) > self.limits.max_mutations:
            raise ProtocolError(
                413,
                "PAYLOAD_TOO_LARGE",
                f"at most {self.limits.max_mutations} mutations per push",
                maxMutations=self.limits.max_mutations,
            )
        for previous, following in zip(mutations, mutations[1:], strict=False):
            if following.id != previous.id + 1:
                raise ProtocolError(
                    422, "INVALID_REQUEST", "mutation ids in a push must be consecutive"
                )

        return self._retrying(lambda: self._push_transaction(scope, request))

    def _push_transaction(self, scope: str, request: PushRequest) -> dict[str, Any]:
        """The whole push in one transaction, each mutation in a savepoint (module docstring)."""
        with self._write() as conn:
            last = self._lock_client(conn, request.clientId, scope)
            mutations = request.mutations
            if mutations and mutations[0].id > last + 1:
                raise ProtocolError(
                    409,
                    "MUTATION_GAP",
                    f"expected mutation {last + 1}, got {mutations[0].id}",
                    lastMutationId=last,
                )
            writer = Writer(
                conn,
                self.spec,
                now=now_ms(self.clock),
                scope=scope,
                client_id=request.clientId,
                versions=self.version_allocator,
            )
            results = []
            first = last
            for raw in mutations:
                if raw.id <= last:
                    results.append({"id": raw.id, "status": "duplicate"})
                    continue
                writer.now = now_ms(self.clock)
                results.append(self._push_one(conn, writer, scope, request.clientId, raw))
                last = raw.id
            if last != first:
                table = self.spec.client_table
                conn.execute(
                    table.update()
                    .where(table.c.clientId == request.clientId)
                    .values(lastMutationId=last)
                )
            writer.finish()  # the versions: the scope counter's lock is taken last
        return {"lastMutationId": last, "results": results}

    def _lock_client(self, conn: sa.Connection, client_id: str, scope: str) -> int:
        """Lock the client's row (binding a new clientId to `scope`); its lastMutationId.

        The same client's concurrent pushes queue up on this row lock (PostgreSQL; SQLite's
        writers are serialized anyway), so each sees the lastMutationId the other committed.
        """
        table = self.spec.client_table
        touch = (
            table.update()
            .where(table.c.clientId == client_id)
            .values(lastSeenAt=now_ms(self.clock))
            .returning(table.c.scope, table.c.lastMutationId)
        )
        row = conn.execute(touch).one_or_none()
        if row is None:
            self._bind(conn, client_id, scope)
            row = conn.execute(touch).one()
        if row.scope != scope:
            raise ProtocolError(403, "FORBIDDEN", CLIENT_FORBIDDEN)
        return int(row.lastMutationId)

    def _push_one(
        self, conn: sa.Connection, writer: Writer, scope: str, client_id: str, raw: MutationIn
    ) -> dict[str, Any]:
        """Apply one mutation in a savepoint; a rejection undoes only that savepoint."""
        mark = writer.mark()
        savepoint = conn.begin_nested()
        try:
            record = self._apply(conn, writer, scope, client_id, raw)
            savepoint.commit()
        except SyncError as exc:
            savepoint.rollback()
            writer.forget(mark)
            return self._rejected(raw.id, exc)
        except sa.exc.DBAPIError as exc:
            failure = _deterministic(exc)
            if failure is None:
                raise  # transient: the whole push is rolled back and tried again
            savepoint.rollback()
            writer.forget(mark)
            return self._rejected(raw.id, failure)
        result: dict[str, Any] = {"id": raw.id, "status": "applied"}
        if record is not None:
            result["record"] = record
        return result

    @staticmethod
    def _rejected(mutation_id: int, exc: SyncError) -> dict[str, Any]:
        return {"id": mutation_id, "status": "rejected", "code": exc.code, "message": exc.message}

    def _apply(
        self, conn: sa.Connection, writer: Writer, scope: str, client_id: str, raw: MutationIn
    ) -> dict[str, Any] | None:
        mutation = self.validators.mutation(raw)
        if self.resolver is not None:
            current = self._current(writer, mutation)
            context = ResolveContext(scope, client_id, conn, writer.now, self.spec)
            answer = self.resolver(context, mutation, current)
            if isinstance(answer, Reject):
                raise SyncError(answer.code, answer.message)
            if not isinstance(answer, Mutation):
                raise TypeError("a resolver returns a Mutation or a Reject")
            if answer != mutation:
                mutation = self.validators.check(
                    dataclasses.replace(answer, id=mutation.id), "python"
                )
        return self._write_mutation(writer, mutation)

    def _current(self, writer: Writer, mutation: Mutation) -> dict[str, Any] | None:
        model = self.spec.models.get(mutation.model)
        if model is None or mutation.op == "create":
            return None  # links, creates
        key = writer.key_tuple(model, mutation.key)
        current = writer.current(model, key)
        if current is None:
            raise writer._not_found(model, key)
        return current

    def _write_mutation(self, writer: Writer, mutation: Mutation) -> dict[str, Any] | None:
        if mutation.model in self.spec.joins:
            writer.link(mutation.model, mutation.key["A"], mutation.key["B"], mutation.op)
            return None
        model = self.spec.models[mutation.model]
        if mutation.op == "create":
            return encode_record(model, writer.create(model.name, mutation.data))
        if mutation.op == "update":
            row = writer.update(model.name, mutation.key, mutation.data, mutation.ops)
            return encode_record(model, row)
        writer.delete(model.name, mutation.key)
        return None

    # --- pull -------------------------------------------------------------------------------------

    def pull(self, scope: Any, document: Any) -> dict[str, Any]:
        """Answer a pull request (a parsed JSON document) for the authenticated `scope`."""
        scope = scope_text(scope)
        self._check_versions(document)
        request: PullRequest = self._parse(PullRequest, document)
        limit = min(request.limit or self.limits.default_pull_limit, self.limits.max_pull_limit)

        def read() -> dict[str, Any] | None:
            with self._read() as conn:
                return self._pull_snapshot(conn, scope, request, limit)

        page = self._retrying(read)
        if page is None:  # a new client: bind it, then read again

            def bind() -> None:
                with self._write() as conn:
                    self._bind(conn, request.clientId, scope)

            self._retrying(bind)
            page = self._retrying(read)
            assert page is not None
        return page

    def _pull_snapshot(
        self, conn: sa.Connection, scope: str, request: PullRequest, limit: int
    ) -> dict[str, Any] | None:
        clients, scopes, changes = (
            self.spec.client_table,
            self.spec.scope_table,
            self.spec.change_table,
        )
        client = conn.execute(
            sa.select(clients.c.scope, clients.c.lastMutationId).where(
                clients.c.clientId == request.clientId
            )
        ).one_or_none()
        if client is None:
            return None
        if client.scope != scope:
            raise ProtocolError(403, "FORBIDDEN", CLIENT_FORBIDDEN)
        counter = conn.execute(
            sa.select(scopes.c.version, scopes.c.compactedVersion).where(scopes.c.scope == scope)
        ).one_or_none()
        version, compacted = (int(counter[0]), int(counter[1])) if counter else (0, 0)
        cursor = request.cursor
        if 0 < cursor < compacted or cursor > version:
            raise ProtocolError(
                410,
                "CURSOR_EXPIRED",
                "the cursor is older than the compaction horizon (or unknown): pull from 0",
                compactedVersion=compacted,
            )
        rows = conn.execute(
            sa.select(changes.c.version, changes.c.model, changes.c.key, changes.c.op)
            .where(changes.c.scope == scope, changes.c.version > cursor)
            .order_by(changes.c.version)
            .limit(limit + 1)
        ).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        out = self._changes(conn, scope, rows)
        next_cursor = int(rows[-1].version) if has_more else max(cursor, version)
        return {
            "cursor": next_cursor,
            "hasMore": has_more,
            "lastMutationId": int(client.lastMutationId),
            "changes": out,
        }

    def _changes(self, conn: sa.Connection, scope: str, rows: list) -> list[dict[str, Any]]:
        """The page's change entries with the current records (one query per model and chunk).

        Keys are decoded per model in one pydantic call; each row's key text is parsed once.
        """
        upserts: dict[str, list[int]] = {}  # model -> indexes into rows
        links: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            if row.op == "upsert" and row.model in self._synced_models:
                upserts.setdefault(row.model, []).append(index)
            elif row.op == "create" and row.model in self._synced_joins:
                links.setdefault(row.model, []).append(index)
        keys: dict[int, tuple] = {}
        records: dict[str, dict[tuple, dict[str, Any]]] = {}
        for name, indexes in upserts.items():
            model = self.spec.models[name]
            decoded = self.validators.models[name].stored_keys([rows[i].key for i in indexes])
            for index, key in zip(indexes, decoded, strict=True):
                keys[index] = tuple(key[field] for field in model.key)
            wanted = [keys[i] for i in indexes]
            records[name] = fetch_in_scope(conn, self.spec, model, wanted, scope)
        existing: dict[str, set[tuple]] = {}
        for name, indexes in links.items():
            decoded = self.validators.joins[name].stored_keys([rows[i].key for i in indexes])
            for index, key in zip(indexes, decoded, strict=True):
                keys[index] = (key["A"], key["B"])
            table = self.spec.joins[name].table
            pairs = [keys[i] for i in indexes]
            present: set[tuple] = set()
            for start in range(0, len(pairs), 500):
                query = sa.select(table.c.A, table.c.B).where(
                    in_clause([table.c.A, table.c.B], pairs[start : start + 500])
                )
                present.update(tuple(item) for item in conn.execute(query))
            existing[name] = present
        out = []
        synced = self._synced_models.keys() | self._synced_joins
        for index, row in enumerate(rows):
            if row.model not in synced:
                continue  # a model the current schema no longer syncs
            change: dict[str, Any] = {
                "version": int(row.version),
                "model": row.model,
                "key": json.loads(row.key),
                "op": row.op,
            }
            if index in keys and row.op == "upsert":
                record = records[row.model].get(keys[index])
                if record is None:
                    change["op"] = "delete"  # gone or moved without a change entry
                else:
                    change["record"] = self._synced_models[row.model](record)
            elif index in keys and keys[index] not in existing[row.model]:
                change["op"] = "delete"  # a link gone since
            out.append(change)
        return out

    # --- server-side writes -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, scope: Any = None) -> Iterator[ServerTransaction]:
        """A database transaction for server-originated writes that clients will pull.

        ``scope=None``: trusted code, any row may be written (rows may move between scopes).
        With a scope, the same rules as a client's push apply. Changes are recorded (with a
        null clientId) when the block ends, in the same transaction; an exception rolls back.
        """
        with self._write() as conn:
            tx = ServerTransaction(self, conn, None if scope is None else scope_text(scope))
            yield tx
            tx._finish()

    def compact(self, retention: int, *, scope: Any = None) -> dict[str, int]:
        """Delete tombstones older than the last `retention` versions of each scope.

        Per scope: the horizon is ``version - retention``; ``delete`` entries (rows and links) at
        or below it are removed and ``compactedVersion`` is raised to it. A client whose cursor
        is below the horizon then gets 410 CURSOR_EXPIRED and pulls again from 0. Returns
        scope -> compactedVersion.
        """
        if retention < 0:
            raise ValueError("retention must be >= 0")
        scopes_table, changes = self.spec.scope_table, self.spec.change_table
        if scope is None:
            with self._read() as conn:
                names = [row[0] for row in conn.execute(sa.select(scopes_table.c.scope))]
        else:
            names = [scope_text(scope)]
        result = {}
        for name in sorted(names):

            def one(name: str = name) -> int:
                with self._write() as conn:
                    c = scopes_table.c
                    horizon = c.version - retention
                    row = conn.execute(
                        scopes_table.update()
                        .where(c.scope == name)
                        .values(
                            compactedVersion=sa.case(
                                (horizon > c.compactedVersion, horizon),
                                else_=c.compactedVersion,
                            )
                        )
                        .returning(c.compactedVersion)
                    ).one_or_none()
                    if row is None:
                        return 0
                    compacted = int(row[0])
                    conn.execute(
                        changes.delete().where(
                            changes.c.scope == name,
                            changes.c.op == "delete",
                            changes.c.version <= compacted,
                        )
                    )
                    return compacted

            result[name] = self._retrying(one)
        return result

    def health(self) -> dict[str, Any]:
        with self._read() as conn:
            conn.exec_driver_sql("SELECT 1")
        return {
            "status": "ok",
            "protocolVersions": list(PROTOCOL_VERSIONS),
            "schemaVersion": self.spec.schema_version,
        }

    def close(self) -> None:
        self.engine.dispose()


class ServerTransaction:
    """Server-side writes inside one transaction (``with sync.transaction() as tx``).

    Values are Python values (datetime, Decimal, enum members, ...) or their wire strings.
    A refused write raises ``SyncError`` (code VALIDATION / FORBIDDEN / NOT_FOUND / CONSTRAINT)
    and is undone alone (a savepoint): the transaction can go on. Rows are dicts keyed by
    Prisma field name.
    """

    def __init__(self, sync: Sync, conn: sa.Connection, scope: str | None) -> None:
        self._sync = sync
        self.connection = conn
        self.scope = scope
        self._writer = Writer(
            conn,
            sync.spec,
            now=now_ms(sync.clock),
            scope=scope,
            client_id=None,
            versions=sync.version_allocator,
        )
        self.changes: list[RecordedChange] = []

    def _run(self, mutation: Mutation) -> Any:
        checked = self._sync.validators.check(mutation, "python", synced_only=False)
        self._writer.now = now_ms(self._sync.clock)
        self._writer.forget_references()  # `connection` may have been written to in between
        mark = self._writer.mark()
        savepoint = self.connection.begin_nested()
        try:
            if checked.model in self._sync.spec.joins:
                self._writer.link(checked.model, checked.key["A"], checked.key["B"], checked.op)
                result = None
            elif checked.op == "create":
                result = self._writer.create(checked.model, checked.data)
            elif checked.op == "update":
                result = self._writer.update(checked.model, checked.key, checked.data, checked.ops)
            else:
                result = self._writer.delete(checked.model, checked.key)
            savepoint.commit()
            return result
        except SyncError:
            savepoint.rollback()
            self._writer.forget(mark)
            raise
        except sa.exc.DBAPIError as exc:
            failure = _deterministic(exc)
            savepoint.rollback()
            self._writer.forget(mark)
            if failure is None:
                raise
            raise failure from exc

    def create(self, model: str, data: dict[str, Any]) -> dict[str, Any]:
        """Insert a row (defaults filled as Prisma Client does); returns the stored row."""
        return self._run(Mutation(0, model, "create", None, data))  # type: ignore[arg-type]

    def update(
        self, model: str, key: dict[str, Any], data: dict[str, Any], *, ops: dict | None = None
    ) -> dict[str, Any]:
        """Patch a row; `ops` = {field: {"increment": 1}}; returns the stored row."""
        return self._run(Mutation(0, model, "update", key, data, ops or {}))

    def delete(self, model: str, key: dict[str, Any]) -> dict[str, Any]:
        """Delete a row (and record what the database cascades); returns the deleted row."""
        return self._run(Mutation(0, model, "delete", key))

    def link(self, join_table: str, a: Any, b: Any) -> None:
        """Connect two rows through an implicit m-n table (`_LabelToTask`): A and B values."""
        self._run(Mutation(0, join_table, "create", {"A": a, "B": b}))

    def unlink(self, join_table: str, a: Any, b: Any) -> None:
        self._run(Mutation(0, join_table, "delete", {"A": a, "B": b}))

    def touch(self, model: str, key: dict[str, Any], *, previous_scope: Any = None) -> None:
        """Record a row written around this API (raw SQL in this transaction, another backend).

        The row's current state is recorded in its current scope (``delete`` if it is gone:
        then give `previous_scope`, since a deleted row's scope cannot be read any more).
        """
        validators = self._sync.validators.for_model(model, synced_only=False)
        checked = validators.validate_key(key, "python")
        previous = None if previous_scope is None else scope_text(previous_scope)
        self._writer.touch(model, checked, previous)

    def _finish(self) -> None:
        self.changes = self._writer.finish()


__all__ = [
    "Limits",
    "VersionAllocator",
    "Mutation",
    "Reject",
    "ResolveContext",
    "Resolver",
    "ServerTransaction",
    "Sync",
    "SyncError",
    "commit_order_versions",
    "key_text",
]
