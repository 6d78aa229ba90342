"""Version allocators: where a writing transaction's change-log versions come from.

A pull's cursor is "every change up to this version": it is only safe if no transaction can still
commit a version at or below a cursor that a client already received. Versions must therefore be
handed out in commit order within a scope (docs/sync-protocol.md, weakness 1).

``commit_order_versions`` (the default, and the only allocator for production) does it with the
per-scope counter row: ``UPDATE sync_scope SET version = version + n ... RETURNING version``.
The row lock that UPDATE takes is held until commit, so a second writer of the scope waits there
and reads the counter only after the first has committed. The writer calls it at the very end of
its transaction (after every data write), so the lock is held only for the change-log insert and
the COMMIT. On SQLite every writer holds the database lock anyway (``BEGIN IMMEDIATE``).

The allocator is a seam (``Sync(version_allocator=...)``, ``create_app(version_allocator=...)``)
so that tests can show what a wrong one breaks: an allocator taking ids from a sequence at insert
time (as prisma-idb's change log does) loses changes under concurrent commits. Do not replace it
in production.
"""

from __future__ import annotations

from typing import Protocol

import sqlalchemy as sa

from .spec import SyncSpec
from .store import insert


class VersionAllocator(Protocol):
    def __call__(self, conn: sa.Connection, spec: SyncSpec, scope: str, count: int) -> list[int]:
        """`count` new, increasing versions of `scope` for the open transaction on `conn`.

        Called once per scope per transaction (scopes in sorted order), after the transaction's
        data writes and right before its change-log rows are written. It must also leave
        ``sync_scope.version`` of `scope` at least at the largest version returned (pulls answer
        that counter as the cursor of an empty page).
        """
        ...


def commit_order_versions(conn: sa.Connection, spec: SyncSpec, scope: str, count: int) -> list[int]:
    """Versions from the scope's counter row, locked until commit: commit order (the default)."""
    table = spec.scope_table
    bump = (
        table.update()
        .where(table.c.scope == scope)
        .values(version=table.c.version + count)
        .returning(table.c.version)
    )
    top = conn.execute(bump).scalar_one_or_none()
    if top is None:  # the scope's first change: create its counter (a racing writer may too)
        conn.execute(
            insert(table, conn.dialect.name)
            .values(scope=scope)
            .on_conflict_do_nothing(index_elements=["scope"])
        )
        top = conn.execute(bump).scalar_one()
    return list(range(top - count + 1, top + 1))


__all__ = ["VersionAllocator", "commit_order_versions"]
