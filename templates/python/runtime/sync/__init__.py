"""The sync server's static runtime (docs/sync-protocol.md, docs/server.md).

Copied into packages generated with ``syncScope``; it reads the schema from the generated
``sync_schema`` module (through ``spec.load_spec``), never from Python source of its own.

- ``ids``: Prisma-compatible id defaults (uuid 4/7, cuid 1/2, nanoid, ulid);
- ``spec``: the schema as the engine uses it; ``codec``: the wire encoding, canonical keys;
- ``protocol``: request / response models and ``ProtocolError``;
- ``validation``: per-model mutation validation, ``Mutation``, ``SyncError``;
- ``store``: portable SQL (scope paths, row fetches); ``writer``: writes, cascades, change log;
- ``server``: ``Sync`` (push, pull, server-side transactions, compaction), ``Limits``,
  ``Reject``, ``ResolveContext``;
- ``app``: ``create_app``, the FastAPI app (imports FastAPI; the rest does not).
"""
