"""Every name of the server's API that the harness relies on beyond the protocol, in one place.

The documented API: `create_app(database_url, authenticate, *, resolver=None, limits=None)`
exported by the generated package. Test seams: a swappable version allocator (for the
weakness-1 counterexample), compaction (CURSOR_EXPIRED) and server-originated writes
(weakness 8). When the server renames something, only this module changes.

SYNC_TEST_APP=module:attr runs the harness against another implementation of create_app.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

UNSAFE_SEQUENCE = "insert-time-sequence"


class SeamMissing(RuntimeError):
    """The server under test lacks an API the scenario needs (the message says which)."""


def _import(dotted: str) -> Any:
    module, _, attr = dotted.partition(":")
    return getattr(importlib.import_module(module), attr)


def sync_module(package: Any) -> Any:
    """The package's sync runtime, wherever it lives."""
    for name in (f"{package.__name__}.runtime.sync", f"{package.__name__}.sync"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise SeamMissing(f"{package.__name__} has no sync runtime (runtime/sync/ or sync.py)")


def find_create_app(package: Any) -> Any:
    override = os.environ.get("SYNC_TEST_APP")
    if override:
        return _import(override)
    if hasattr(package, "create_app"):
        return package.create_app
    module = sync_module(package)
    if hasattr(module, "create_app"):
        return module.create_app
    raise SeamMissing(f"{package.__name__} exports no create_app")


def make_limits(package: Any, limits: dict[str, Any]) -> Any:
    """`limits` for create_app: the server's Limits type if it has one, else the dict."""
    try:
        module = sync_module(package)
    except SeamMissing:
        return limits
    factory = getattr(package, "Limits", None) or getattr(module, "Limits", None)
    return factory(**limits) if factory is not None else limits


def make_resolver(name: str) -> Any:
    return _import(name)


def install_allocator(package: Any, name: str, sleep: float, url: str) -> None:
    """Swap the server's version allocator for a test one (in the server process).

    UNSAFE_SEQUENCE: versions come from a PostgreSQL sequence when the change is recorded and the
    transaction then sleeps up to `sleep` seconds before it commits, so that transactions commit
    in another order than their versions (prisma-idb's changelog ids). The server has no official
    seam yet: this replaces `runtime.sync.writer.Writer._record`, the method that allocates
    versions (``UPDATE sync_scope SET version = version + n RETURNING version``) and writes the
    sync_change rows.
    """
    if name != UNSAFE_SEQUENCE:
        raise ValueError(name)
    override = os.environ.get("SYNC_TEST_APP")
    if override:
        _import(override.partition(":")[0] + ":install_allocator")(name, sleep)
        return
    writer = _writer_module(package)
    engine = package.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SEQUENCE IF NOT EXISTS {_SEQUENCE}")
    engine.dispose()
    writer.Writer._record = _unsafe_record(writer, sleep)


_SEQUENCE = "sync_test_unsafe_version"


def _writer_module(package: Any) -> Any:
    try:
        writer = importlib.import_module(f"{package.__name__}.runtime.sync.writer")
    except ImportError as exc:
        raise SeamMissing(f"no runtime.sync.writer in {package.__name__}: {exc}") from None
    if not hasattr(getattr(writer, "Writer", None), "_record"):
        raise SeamMissing("runtime.sync.writer.Writer._record (the version allocator) is gone")
    return writer


def _unsafe_record(writer: Any, sleep: float) -> Any:
    import random
    import time

    import sqlalchemy as sa

    def _record(self, entries):
        if not entries:
            return []
        scope_table, change_table = self.spec.scope_table, self.spec.change_table
        recorded = []
        for scope, _order, model, key, op in sorted(entries):
            version = self.conn.exec_driver_sql(f"SELECT nextval('{_SEQUENCE}')").scalar_one()
            row = {
                "scope": scope,
                "version": version,
                "model": model,
                "key": key,
                "op": op,
                "clientId": self.client_id,
            }
            statement = writer.insert(change_table, self.dialect).values([row])
            statement = statement.on_conflict_do_update(
                index_elements=["scope", "model", "key"],
                set_={
                    "version": statement.excluded.version,
                    "op": statement.excluded.op,
                    "clientId": statement.excluded.clientId,
                },
            )
            self.conn.execute(statement)
            recorded.append(writer.RecordedChange(**writer.row_fields(row)))
        time.sleep(random.uniform(0, sleep))  # a slow transaction, still uncommitted
        for scope in sorted({entry[0] for entry in entries}):
            top = max(r.version for r in recorded if r.scope == scope)
            self.conn.execute(
                writer.insert(scope_table, self.dialect)
                .values(scope=scope)
                .on_conflict_do_nothing(index_elements=["scope"])
            )
            self.conn.execute(
                scope_table.update()
                .where(scope_table.c.scope == scope)
                .values(version=sa.func.greatest(scope_table.c.version, top))
            )
        return recorded

    return _record


def check_allocator_seam(package: Any) -> None:
    """Raise SeamMissing in the test process when the allocator cannot be swapped."""
    if os.environ.get("SYNC_TEST_APP"):
        return
    _writer_module(package)


def create_sync(package: Any, database_url: str) -> Any:
    """The server's engine without HTTP (server-side writes, compaction)."""
    factory = getattr(package, "create_sync", None)
    if factory is None:
        raise SeamMissing(f"{package.__name__} exports no create_sync (server-side writes)")
    return factory(database_url)


def server_write(package: Any, database_url: str, scope: str, writes: list[tuple]) -> None:
    """Server-originated writes that clients must pull (weakness 8), in one transaction:
    writes = [("create", model, data) | ("update", model, key, data) | ("delete", model, key)]."""
    sync = create_sync(package, database_url)
    try:
        with sync.transaction(scope=scope) as tx:  # scope None: trusted, rows may move
            for write in writes:
                op, model, *rest = write
                getattr(tx, op)(model, *rest)
    finally:
        _close(sync)


def compact(package: Any, database_url: str, retention: int) -> Any:
    """Remove tombstones older than the last `retention` versions of each scope (so that old
    cursors get CURSOR_EXPIRED)."""
    sync = create_sync(package, database_url)
    try:
        return sync.compact(retention)
    finally:
        _close(sync)


def _close(sync: Any) -> None:
    for name in ("close", "dispose"):
        if hasattr(sync, name):
            getattr(sync, name)()
            return
    engine = getattr(sync, "engine", None)
    if engine is not None:
        engine.dispose()


def touch(package: Any, database_url: str, scope: str, rows: list[tuple[str, dict]]) -> None:
    """Announce rows another backend (Prisma Client) wrote, so that clients pull them."""
    sync = create_sync(package, database_url)
    try:
        with sync.transaction(scope=scope) as tx:
            for model, key in rows:
                tx.touch(model, key)
    finally:
        _close(sync)
