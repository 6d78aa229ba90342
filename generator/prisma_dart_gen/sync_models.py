"""The bookkeeping models sync needs on the server, as Prisma models the user adds.

They are Prisma models (not tables we create) so that Prisma Migrate owns all DDL of the shared
database. `python -m prisma_dart_gen sync-models` prints them; `generate` refuses a schema that
sets `syncScope` without them. They are server-only: the Dart client never sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

SYNC_MODELS_SNIPPET = """\
// prisma-dart-gen sync bookkeeping: see docs/sync-protocol.md in prisma-dart-gen.
// Add these models unchanged; Prisma Migrate creates their tables.

/// One row per synced row per scope: its latest version and whether it was upserted or deleted.
model SyncChange {
  scope   String
  version BigInt
  model   String
  key     String
  op      String
  /// The client whose mutation made the change; null for server-originated writes.
  clientId String?

  @@id([scope, model, key])
  @@unique([scope, version])
  @@map("sync_change")
}

/// Per-scope version counter: bumped last in every writing transaction, so versions follow
/// commit order. `compactedVersion`: tombstones at or below it were removed.
model SyncScope {
  scope            String @id
  version          BigInt @default(0)
  compactedVersion BigInt @default(0)

  @@map("sync_scope")
}

/// One row per client database: the scope it is bound to and the last mutation applied.
model SyncClient {
  clientId       String   @id
  scope          String
  lastMutationId BigInt   @default(0)
  lastSeenAt     DateTime @default(now())

  @@index([scope])
  @@map("sync_client")
}
"""


@dataclass(frozen=True)
class _Expected:
    model: str
    fields: dict[str, tuple[str, bool]]  # field -> (Prisma type, required)


EXPECTED = (
    _Expected(
        "SyncChange",
        {
            "scope": ("String", True),
            "version": ("BigInt", True),
            "model": ("String", True),
            "key": ("String", True),
            "op": ("String", True),
            "clientId": ("String", False),
        },
    ),
    _Expected(
        "SyncScope",
        {
            "scope": ("String", True),
            "version": ("BigInt", True),
            "compactedVersion": ("BigInt", True),
        },
    ),
    _Expected(
        "SyncClient",
        {
            "clientId": ("String", True),
            "scope": ("String", True),
            "lastMutationId": ("BigInt", True),
            "lastSeenAt": ("DateTime", True),
        },
    ),
)

BOOKKEEPING_MODELS = tuple(item.model for item in EXPECTED)
