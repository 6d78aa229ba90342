"""Every name of the server's API that the harness relies on beyond the protocol, in one place.

The documented API: `create_app(database_url, authenticate, *, resolver=None, limits=None,
version_allocator=None)` exported by the generated package. Test seams: the server's version
allocator (`version_allocator`, for the weakness-1 counterexample), compaction (CURSOR_EXPIRED)
and server-originated writes (weakness 8). When the server renames something, only this module
changes.

SYNC_TEST_APP=module:attr runs the harness against another implementation of create_app.
"""

from __future__ import annotations

import importlib
import inspect
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


def make_allocator(package: Any, name: str, sleep: float, url: str) -> Any:
    """A test version allocator for create_app's `version_allocator` (in the server process).

    UNSAFE_SEQUENCE: versions come from a PostgreSQL sequence when the change is recorded (as
    prisma-idb's changelog ids); the transaction then sleeps up to `sleep` seconds, uncommitted,
    before it raises the scope's counter (``greatest``) and commits, so that transactions commit
    in another order than their versions. Returns None when the server under test is another
    implementation (SYNC_TEST_APP): its own `install_allocator(name, sleep)` is called instead.
    """
    if name != UNSAFE_SEQUENCE:
        raise ValueError(name)
    override = os.environ.get("SYNC_TEST_APP")
    if override:
        _import(override.partition(":")[0] + ":install_allocator")(name, sleep)
        return None
    check_allocator_seam(package)
    engine = package.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SEQUENCE IF NOT EXISTS {_SEQUENCE}")
    engine.dispose()
    return _insert_time_sequence(sleep)


_SEQUENCE = "sync_test_unsafe_version"


def _insert_time_sequence(sleep: float) -> Any:
    import random
    import time

    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    def allocate(conn: Any, spec: Any, scope: str, count: int) -> list[int]:
        versions = [
            conn.exec_driver_sql(f"SELECT nextval('{_SEQUENCE}')").scalar_one()
            for _ in range(count)
        ]
        time.sleep(random.uniform(0, sleep))  # a slow transaction, still uncommitted
        table = spec.scope_table
        conn.execute(
            postgresql.insert(table)
            .values(scope=scope)
            .on_conflict_do_nothing(index_elements=["scope"])
        )
        conn.execute(
            table.update()
            .where(table.c.scope == scope)
            .values(version=sa.func.greatest(table.c.version, max(versions)))
        )
        return versions

    return allocate


def check_allocator_seam(package: Any) -> None:
    """Raise SeamMissing in the test process when the server takes no version allocator."""
    if os.environ.get("SYNC_TEST_APP"):
        return
    create_app = find_create_app(package)
    if "version_allocator" not in inspect.signature(create_app).parameters:
        raise SeamMissing(f"{package.__name__}.create_app takes no version_allocator")


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
