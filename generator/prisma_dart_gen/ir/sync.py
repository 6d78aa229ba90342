"""Which models sync, how each row finds its scope, and the schemaVersion hash.

A row belongs to the scope of the scope model's row it reaches through *required* to-one
relations that hold a foreign key (Post.author -> User; Comment.post -> Post.author -> User).
The shortest such path is taken (ties broken by relation name, so the choice is stable). Models
with no such path do not sync: they stay local-only on the client, and generate reports them.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from dataclasses import dataclass

from ..errors import GeneratorError, GeneratorErrors
from ..sync_models import BOOKKEEPING_MODELS, EXPECTED, SYNC_MODELS_SNIPPET
from .model import DefaultKind, FilledBy, Model, RelationKind, Schema, Skipped


@dataclass(frozen=True)
class ScopeHop:
    """One step from a row towards its scope: follow `relation` (a foreign key) to `target`."""

    model: str
    relation: str
    target: str
    fields: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class SyncedModel:
    name: str
    key: tuple[str, ...]
    path: tuple[ScopeHop, ...]  # empty for the scope model itself
    # The client can create rows offline: every key field is filled by the client (uuid, cuid,
    # nanoid, ulid) or given by the app (no default). Autoincrement keys come from the server.
    offline_create: bool


@dataclass(frozen=True)
class SyncedJoinTable:
    name: str
    a_model: str
    b_model: str


@dataclass(frozen=True)
class SyncPlan:
    scope_model: str
    scope_key: str  # the scope model's (single) identity field
    models: tuple[SyncedModel, ...]
    join_tables: tuple[SyncedJoinTable, ...]
    local_only: tuple[Skipped, ...]
    schema_version: str

    def model(self, name: str) -> SyncedModel:
        return next(item for item in self.models if item.name == name)


def check_bookkeeping(schema: Schema) -> None:
    """Sync needs the bookkeeping models exactly as `sync-models` prints them."""
    models = {model.name: model for model in schema.models}
    missing = [item.model for item in EXPECTED if item.model not in models]
    if missing:
        raise GeneratorError(
            f"syncScope is set, but the schema lacks the sync bookkeeping models "
            f"({', '.join(missing)}). Add these models (also printed by "
            f"`python -m prisma_dart_gen sync-models`) and run your migration:\n\n"
            f"{SYNC_MODELS_SNIPPET}"
        )
    problems = []
    for item in EXPECTED:
        fields = {f.name: (f.type_name, not f.is_optional) for f in models[item.model].fields}
        for name, expected in item.fields.items():
            if fields.get(name) != expected:
                kind, required = expected
                problems.append(
                    f"{item.model}.{name}: expected {kind}{'' if required else '?'} "
                    "(see `python -m prisma_dart_gen sync-models`)"
                )
    if problems:
        raise GeneratorErrors("the sync bookkeeping models differ from what sync needs:", problems)


def _scope_path(schema: Schema, start: Model, scope: str) -> tuple[ScopeHop, ...] | None:
    queue: deque[tuple[str, tuple[ScopeHop, ...]]] = deque([(start.name, ())])
    seen = {start.name}
    while queue:
        name, path = queue.popleft()
        if name == scope:
            return path
        model = schema.model(name)
        for relation in sorted(model.relations, key=lambda r: r.name):
            to_one_fk = relation.holds_foreign_key and not relation.is_list
            if not to_one_fk or relation.is_optional or relation.target in seen:
                continue
            if relation.kind not in (RelationKind.MANY_TO_ONE, RelationKind.ONE_TO_ONE):
                continue
            seen.add(relation.target)
            hop = ScopeHop(
                name, relation.name, relation.target, relation.fields, relation.references
            )
            queue.append((relation.target, (*path, hop)))
    return None


def _offline_create(model: Model) -> bool:
    client_kinds = {DefaultKind.UUID, DefaultKind.CUID, DefaultKind.NANOID, DefaultKind.ULID}
    for name in model.identity:
        default = model.field(name).default
        if default is None:
            continue
        if default.filled_by is FilledBy.DATABASE or default.kind not in client_kinds:
            return False
    return True


def _schema_version(schema: Schema, models: tuple[SyncedModel, ...], joins) -> str:
    synced = {item.name for item in models}
    enums_used = sorted(
        {f.enum for m in schema.models if m.name in synced for f in m.fields if f.enum}
    )
    canonical = {
        "models": [
            {
                "name": item.name,
                "key": item.key,
                "scope": [(h.relation, h.target) for h in item.path],
                "fields": [
                    (f.name, f.type_name, f.is_list, f.is_optional)
                    for f in schema.model(item.name).fields
                ],
            }
            for item in models
        ],
        "enums": [(name, [v.name for v in schema.enum(name).values]) for name in enums_used],
        "links": [(j.name, j.a_model, j.b_model) for j in joins],
    }
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True).encode("utf-8")).hexdigest()
    return digest[:16]


def plan_sync(schema: Schema, scope: str) -> SyncPlan:
    if scope not in {m.name for m in schema.models}:
        known = ", ".join(sorted(m.name for m in schema.models)) or "none"
        raise GeneratorError(f"syncScope: {scope!r} is not a model (models: {known})")
    check_bookkeeping(schema)
    scope_model = schema.model(scope)
    if len(scope_model.identity) != 1:
        raise GeneratorError(
            "the syncScope model needs a single-field id: it becomes the scope key", model=scope
        )
    synced: list[SyncedModel] = []
    local_only: list[Skipped] = []
    for model in schema.models:
        if model.name in BOOKKEEPING_MODELS:
            continue
        path = _scope_path(schema, model, scope)
        if path is None:
            local_only.append(
                Skipped(
                    model.name,
                    None,
                    f"not synced: no chain of required relations leads to the scope model "
                    f"{scope}; it stays local-only on each device",
                )
            )
            continue
        synced.append(SyncedModel(model.name, model.identity, path, _offline_create(model)))
    names = {item.name for item in synced}
    joins = tuple(
        SyncedJoinTable(j.name, j.a.model, j.b.model)
        for j in schema.join_tables
        if j.a.model in names and j.b.model in names
    )
    models = tuple(synced)
    return SyncPlan(
        scope_model=scope,
        scope_key=scope_model.identity[0],
        models=models,
        join_tables=joins,
        local_only=tuple(local_only),
        schema_version=_schema_version(schema, models, joins),
    )
