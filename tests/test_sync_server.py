"""The sync server (templates/python/runtime/sync/, generated sync.py / sync_schema.py).

Every rule of docs/sync-protocol.md, in-process through the FastAPI app (TestClient), on SQLite
and PostgreSQL databases created by Prisma's own DDL for fixtures/sync (the tables exactly as
Prisma Migrate makes them). Also: the wire vectors of fixtures/protocol/ (replayed on both
databases), unit tests of the runtime files (ids, codec), and the rendering rules (no sync output
without `syncScope`; ruff-formatted and ruff-clean).

Regenerate the vectors after an intended protocol change with
`UPDATE_PROTOCOL_VECTORS=1 pytest tests/test_sync_server.py -k vectors` and review the diff.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import enum
import importlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from prisma_dart_gen.backends import python as backend
from prisma_dart_gen.config import load_config
from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.sync import plan_sync
from prisma_dart_gen.render import TEMPLATES
from tests.support import apply_postgres_ddl, apply_sqlite_ddl, node_tooling_missing, prisma_ddl
from tests.support.params import FIXTURES, REPO, load_params

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from fastapi.testclient import TestClient  # noqa: E402  (after the warning filter is known)

VECTORS = FIXTURES / "protocol"
RUNTIME = TEMPLATES / "python" / "runtime"
RUFF = Path(sys.executable).parent / "ruff"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)

if node_tooling_missing():
    pytest.skip(f"Prisma's DDL is needed: {node_tooling_missing()}", allow_module_level=True)


# --- the generated package and its databases ------------------------------------------------------


CASES = {"sync": "sync", "extra": "protocol/extra"}  # name -> folder under fixtures/


def render(provider: str, package: str, *, sync: bool = True, case: str = "sync"):
    """(schema, files) of the server package of a fixture on `provider`."""
    work = Path(tempfile.mkdtemp(prefix=f"sync-{provider}-"))
    raw = load_params(CASES[case], work)
    raw["generator"]["config"]["serverOutput"] = f"../pkgs/{package}"
    if not sync:
        raw["generator"]["config"].pop("syncScope", None)
    for source in raw["datasources"]:
        source["provider"] = source["activeProvider"] = provider
    params = GenerateParams.model_validate(raw)
    schema_dir = Path(params.generator.source_file_path or params.schema_path).parent
    output = params.generator.output.value if params.generator.output else None
    config = load_config(params.generator.config, output, schema_dir)
    schema = build_schema(params)
    if config.sync_scope is not None:
        schema = replace(schema, sync=plan_sync(schema, config.sync_scope))
    return schema, backend.render_package(schema, config)


@cache
def package(provider: str, case: str = "sync"):
    """The generated sync package for `provider`, written to a temp dir and imported."""
    name = f"syncsrv_{case}_{provider}"
    _schema, files = render(provider, name, case=case)
    root = Path(tempfile.mkdtemp(prefix="syncpkg-"))
    for path, content in files.items():
        target = root / name / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


def schema_path(case: str) -> Path:
    return FIXTURES / CASES[case] / "schema.prisma"


@cache
def sqlite_ddl(case: str) -> str:
    return prisma_ddl(schema_path(case), "sqlite")


_templates: dict[str, str] = {}
_counter = iter(range(1, 10**9))


def make_database(request, tmp_path: Path, case: str) -> tuple[str, str]:
    """(provider, url) of a fresh database made by Prisma's DDL for the fixture `case`."""
    provider = request.param
    if provider == "sqlite":
        path = tmp_path / f"{case}.db"
        apply_sqlite_ddl(path, sqlite_ddl(case))
        return provider, f"file:{path}"
    pg = request.getfixturevalue("pg_server")
    template = f"{case}_template"
    if _templates.get(case) != pg.url:  # one template per server, copied per test
        url = pg.create_database(template)
        apply_postgres_ddl(url, prisma_ddl(schema_path(case), "postgresql", pg.node_url(template)))
        _templates[case] = pg.url
    name = f"{case}_{next(_counter)}_{os.getpid()}"
    with psycopg.connect(pg.node_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return provider, pg.node_url(name)


PROVIDERS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=PROVIDERS)
def database(request, tmp_path) -> tuple[str, str]:
    return make_database(request, tmp_path, "sync")


@pytest.fixture(params=PROVIDERS)
def extra_database(request, tmp_path) -> tuple[str, str]:
    return make_database(request, tmp_path, "extra")


def authenticate(request) -> str | None:
    header = request.headers.get("authorization", "")
    return header.removeprefix("Bearer ") if header.startswith("Bearer ") else None


class Env:
    """One app on one database, with helpers speaking the protocol."""

    def __init__(
        self, provider: str, url: str, auth: Any = None, case: str = "sync", **options: Any
    ) -> None:
        self.provider = provider
        self.url = url
        self.pkg = package(provider, case)
        self.now: dt.datetime | None = None
        options.setdefault("clock", lambda: self.now or dt.datetime.now(UTC))
        self.app = self.pkg.create_app(url, auth or authenticate, **options)
        self.sync = self.app.state.sync
        self.client = TestClient(self.app)
        self.version = self.pkg.SCHEMA_VERSION

    def close(self) -> None:
        self.client.close()
        self.sync.close()

    def post(self, path: str, scope: str | None, body: Any, **kwargs: Any):
        headers = {"authorization": f"Bearer {scope}"} if scope is not None else {}
        return self.client.post(path, json=body, headers=headers, **kwargs)

    def push_raw(self, auth, mutations, client="c1", **fields):
        body = {
            "protocolVersion": 1,
            "schemaVersion": self.version,
            "clientId": client,
            "mutations": mutations,
            **fields,
        }
        return self.post("/sync/push", auth, body)

    def push(self, scope, mutations, client="c1", **fields) -> dict:
        response = self.push_raw(scope, mutations, client, **fields)
        assert response.status_code == 200, response.text
        return response.json()

    def pull_raw(self, scope, cursor=0, client="c1", limit=None, **fields):
        body = {
            "protocolVersion": 1,
            "schemaVersion": self.version,
            "clientId": client,
            "cursor": cursor,
            **fields,
        }
        if limit is not None:
            body["limit"] = limit
        return self.post("/sync/pull", scope, body)

    def pull(self, scope, cursor=0, client="c1", limit=None) -> dict:
        response = self.pull_raw(scope, cursor, client, limit)
        assert response.status_code == 200, response.text
        return response.json()

    def pull_all(self, scope, cursor=0, client="c1", limit=None) -> tuple[int, list[dict]]:
        changes = []
        while True:
            page = self.pull(scope, cursor, client, limit)
            changes += page["changes"]
            assert page["cursor"] >= cursor
            cursor = page["cursor"]
            if not page["hasMore"]:
                return cursor, changes

    def state(self, scope, client="c1") -> dict[tuple[str, str], dict | None]:
        """What a client that pulled everything from 0 holds: (model, key) -> record."""
        _cursor, changes = self.pull_all(scope, 0, client)
        return apply(changes)

    def row(self, model: str, **key) -> dict | None:
        table = self.pkg.tables.tables[model]
        with self.sync.engine.connect() as conn:
            found = conn.execute(
                sa.select(table).where(*(table.c[k] == v for k, v in key.items()))
            ).one_or_none()
        return None if found is None else {c.key: found._mapping[c] for c in table.c}

    def change_log(self, scope: str) -> list[tuple]:
        table = self.pkg.tables.SyncChange
        with self.sync.engine.connect() as conn:
            return [
                (r.version, r.model, json.loads(r.key), r.op, r.clientId)
                for r in conn.execute(
                    sa.select(table).where(table.c.scope == scope).order_by(table.c.version)
                )
            ]

    def server(self, scope=None):
        return self.sync.transaction(scope=scope)


def apply(changes: list[dict], state: dict | None = None) -> dict:
    state = {} if state is None else state
    for change in changes:
        key = (change["model"], json.dumps(change["key"], sort_keys=True))
        if change["op"] == "delete":
            state.pop(key, None)
        else:
            state[key] = change.get("record", True)
    return state


def _envs(provider: str, url: str, case: str):
    created: list[Env] = []

    def make(**options: Any) -> Env:
        item = Env(provider, url, case=case, **options)
        created.append(item)
        return item

    main = make()
    main.make = make  # type: ignore[attr-defined]
    yield main
    for item in created:
        item.close()


@pytest.fixture
def env(database):
    yield from _envs(*database, "sync")


@pytest.fixture
def extra(extra_database):
    """An app on the extra schema (fixtures/protocol/extra): scope model Team, an Int key."""
    yield from _envs(*extra_database, "extra")


def seed_users(env: Env, *names: str) -> None:
    with env.server() as tx:
        for name in names:
            tx.create("User", {"id": name, "email": f"{name}@example.com"})


def create_post(mid: int, key: str, author: str = "u1", **data) -> dict:
    return {
        "id": mid,
        "model": "Post",
        "op": "create",
        "key": {"id": key},
        "data": {"title": "t", "authorId": author, **data},
    }


def update_post(mid: int, key: str, **data) -> dict:
    return {"id": mid, "model": "Post", "op": "update", "key": {"id": key}, "data": data}


def create_comment(mid: int, key: str, post: str) -> dict:
    return {
        "id": mid,
        "model": "Comment",
        "op": "create",
        "key": {"id": key},
        "data": {"body": "b", "postId": post},
    }


def statuses(response: dict) -> list:
    return [(r["id"], r["status"], r.get("code")) for r in response["results"]]


# --- push: applied, defaults, exactly-once, gaps --------------------------------------------------


def test_push_applies_with_prisma_defaults(env):
    seed_users(env, "u1")
    env.now = dt.datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
    result = env.push(
        "u1",
        [
            create_post(1, "p1", rating="12.50"),
            create_comment(2, "c1", "p1"),
        ],
    )
    assert statuses(result) == [(1, "applied", None), (2, "applied", None)]
    assert result["lastMutationId"] == 2
    record = result["results"][0]["record"]
    # One now() per mutation, milliseconds, `Z`; literal default; Decimal as a string.
    assert record == {
        "id": "p1",
        "title": "t",
        "views": 0,
        "rating": "12.5",
        "authorId": "u1",
        "createdAt": "2026-03-04T05:06:07.891Z",
        "updatedAt": "2026-03-04T05:06:07.891Z",
    }
    stored = env.row("Post", id="p1")
    assert (
        stored["createdAt"]
        == stored["updatedAt"]
        == dt.datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=UTC)
    )
    if env.provider == "sqlite":  # exactly the text Prisma's adapter writes
        with env.sync.engine.connect() as conn:
            text = conn.exec_driver_sql('SELECT "createdAt" FROM "Post"').scalar_one()
        assert text == "2026-03-04T05:06:07.891+00:00"


def test_update_sets_updated_at_and_applies_ops(env):
    seed_users(env, "u1")
    env.now = NOW
    env.push("u1", [create_post(1, "p1", views=10)])
    env.now = NOW + dt.timedelta(seconds=1)
    result = env.push(
        "u1",
        [
            {
                "id": 2,
                "model": "Post",
                "op": "update",
                "key": {"id": "p1"},
                "data": {"title": "new"},
                "ops": {"views": {"increment": 5}},
            }
        ],
    )
    record = result["results"][0]["record"]
    assert (record["title"], record["views"]) == ("new", 15)
    assert record["createdAt"] == "2026-01-02T03:04:05.678Z"
    assert record["updatedAt"] == "2026-01-02T03:04:06.678Z"


def test_duplicate_mutations_are_not_applied_again(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1")])
    inc = {
        "id": 2,
        "model": "Post",
        "op": "update",
        "key": {"id": "p1"},
        "ops": {"views": {"increment": 1}},
    }
    assert statuses(env.push("u1", [inc])) == [(2, "applied", None)]
    again = env.push("u1", [create_post(1, "p1"), inc])  # the ack was lost: retried
    assert statuses(again) == [(1, "duplicate", None), (2, "duplicate", None)]
    assert again["lastMutationId"] == 2
    assert env.row("Post", id="p1")["views"] == 1


def test_gap_is_refused_before_anything_is_applied(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1")])
    response = env.push_raw("u1", [create_post(3, "p3"), create_post(4, "p4")])
    assert response.status_code == 409
    assert response.json() == {
        "code": "MUTATION_GAP",
        "message": "expected mutation 2, got 3",
        "lastMutationId": 1,
    }
    assert env.row("Post", id="p3") is None and env.row("Post", id="p4") is None
    # Ids inside one push must be consecutive.
    bad = env.push_raw("u1", [create_post(2, "p2"), create_post(4, "p4")])
    assert bad.status_code == 422 and bad.json()["code"] == "INVALID_REQUEST"
    assert env.row("Post", id="p2") is None


def test_a_push_reads_referenced_rows_again_after_a_delete(env):
    """Within one push (one transaction) a referenced row's scope is remembered across creates
    only: after a delete the reference is checked again and answers as in a push of its own."""
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1")])
    result = env.push(
        "u1",
        [
            create_comment(2, "c1", "p1"),
            {"id": 3, "model": "Post", "op": "delete", "key": {"id": "p1"}},
            create_comment(4, "c2", "p1"),  # p1 is gone: FORBIDDEN, not a CONSTRAINT error
        ],
    )
    assert statuses(result) == [
        (2, "applied", None),
        (3, "applied", None),
        (4, "rejected", "FORBIDDEN"),
    ]
    assert [entry[1:4] for entry in env.change_log("u1")][-1] == ("Post", {"id": "p1"}, "delete")
    assert not [entry for entry in env.change_log("u1") if entry[1] == "Comment"]


def test_parent_first_batch_applies_nested_creates(env):
    """Weakness 3: parents are enqueued first; a batch of parent then children applies."""
    result = env.push(
        "u9",
        [
            {
                "id": 1,
                "model": "User",
                "op": "create",
                "key": {"id": "u9"},
                "data": {"email": "u9@example.com"},
            },
            create_post(2, "p1", author="u9"),
            create_comment(3, "c1", "p1"),
            {
                "id": 4,
                "model": "Profile",
                "op": "create",
                "key": {"id": "pr1"},
                "data": {"bio": "x", "userId": "u9"},
            },
        ],
    )
    assert [r["status"] for r in result["results"]] == ["applied"] * 4


# --- rejected, not retried ------------------------------------------------------------------------


def test_deterministic_failures_are_rejected_and_advance_the_queue(env):
    seed_users(env, "u1", "u2")
    env.push("u2", [create_post(1, "theirs", author="u2")], client="c2")
    bad = [
        {"id": 1, "model": "Nope", "op": "create", "key": {"id": "x"}, "data": {}},
        {"id": 2, "model": "Post", "op": "create", "key": {"id": "p1"}, "data": {"title": 5}},
        {
            "id": 3,
            "model": "Post",
            "op": "create",
            "key": {"id": "p1"},
            "data": {"title": "t", "authorId": "u1", "extra": 1},
        },
        {"id": 4, "model": "Post", "op": "create", "key": {"id": "p1"}, "data": {"title": "t"}},
        {"id": 5, "model": "SyncChange", "op": "delete", "key": {"scope": "u1"}},
        {"id": 6, "model": "Tag", "op": "create", "key": {"id": "t"}, "data": {"label": "x"}},
        {"id": 7, "model": "Post", "op": "upsert", "key": {"id": "p1"}},
        create_post(8, "p1", author="u2"),  # FORBIDDEN: the parent is in another scope
        update_post(9, "theirs", title="x"),  # NOT_FOUND: not in this scope
        create_post(10, "theirs"),  # CONSTRAINT: the key exists
        {
            "id": 11,
            "model": "User",
            "op": "update",
            "key": {"id": "u1"},
            "data": {"email": "u2@example.com"},
        },  # CONSTRAINT: unique email
        {
            "id": 12,
            "model": "AuditEntry",
            "op": "create",
            "key": {"id": 1},
            "data": {"action": "a", "userId": "u1"},
        },  # autoincrement key: no offline create
        update_post(13, "theirs", id="other"),  # a key change
        create_post(14, "ok"),
    ]
    result = env.push("u1", bad)
    assert statuses(result) == [
        (1, "rejected", "VALIDATION"),
        (2, "rejected", "VALIDATION"),
        (3, "rejected", "VALIDATION"),
        (4, "rejected", "VALIDATION"),
        (5, "rejected", "VALIDATION"),
        (6, "rejected", "VALIDATION"),
        (7, "rejected", "VALIDATION"),
        (8, "rejected", "FORBIDDEN"),
        (9, "rejected", "NOT_FOUND"),
        (10, "rejected", "CONSTRAINT"),
        (11, "rejected", "CONSTRAINT"),
        (12, "rejected", "VALIDATION"),
        (13, "rejected", "VALIDATION"),
        (14, "applied", None),
    ]
    assert result["lastMutationId"] == 14
    assert all(r["message"] for r in result["results"][:-1])
    assert env.row("Post", id="theirs")["title"] == "t"
    assert env.row("User", id="u1")["email"] == "u1@example.com"
    # Each rejection rolled back its savepoint and what it tracked: u1 (tracked by mutation 11)
    # keeps its seeded entry, only "ok" was recorded.
    assert [entry[:4] for entry in env.change_log("u1")] == [
        (1, "User", {"id": "u1"}, "upsert"),
        (2, "Post", {"id": "ok"}, "upsert"),
    ]
    # Retrying the batch changes nothing: everything is a duplicate now.
    assert {r["status"] for r in env.push("u1", bad)["results"]} == {"duplicate"}


def test_wire_types_are_strict(env):
    seed_users(env, "u1")
    cases = [
        {"rating": 1.5},  # Decimal must be a string
        {"rating": "abc"},
        {"views": "1"},
        {"views": 2**31},  # out of Int range
        {"views": True},
        {"createdAt": "2026-01-02T03:04:05"},  # no offset
        {"title": None},  # required
    ]
    mutations = [create_post(i + 1, f"p{i}", **data) for i, data in enumerate(cases)]
    result = env.push("u1", mutations)
    assert {r["code"] for r in result["results"]} == {"VALIDATION"}


def test_other_scopes_rows_cannot_be_told_from_missing_ones(env):
    """Weakness 9 / no leaks: another scope's row answers exactly like a missing row."""
    seed_users(env, "u1", "u2")
    env.push("u2", [create_post(1, "hidden", author="u2")], client="c2")
    result = env.push(
        "u1",
        [
            update_post(1, "hidden", title="x"),
            update_post(2, "missing", title="x"),
            {"id": 3, "model": "Post", "op": "delete", "key": {"id": "hidden"}},
            {"id": 4, "model": "Post", "op": "delete", "key": {"id": "missing"}},
            {
                "id": 5,
                "model": "Comment",
                "op": "create",
                "key": {"id": "c1"},
                "data": {"body": "b", "postId": "hidden"},
            },
            {
                "id": 6,
                "model": "Comment",
                "op": "create",
                "key": {"id": "c2"},
                "data": {"body": "b", "postId": "missing"},
            },
            {"id": 7, "model": "_Bookmarks", "op": "create", "key": {"A": "hidden", "B": "u1"}},
            {"id": 8, "model": "_Bookmarks", "op": "create", "key": {"A": "missing", "B": "u1"}},
        ],
    )

    def shape(item):
        return item["status"], item["code"], item["message"].replace("hidden", "missing")

    results = result["results"]
    for first, second in zip(results[::2], results[1::2], strict=True):
        assert shape(first) == shape(second)
    assert [r["code"] for r in results[::2]] == ["NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN"]
    assert env.row("Post", id="hidden")["title"] == "t"


def test_resolver_rewrites_rejects_and_sees_the_current_row(env):
    seen = []

    def resolver(context, mutation, current):
        seen.append((context.scope, context.client_id, mutation.op, current and current["title"]))
        if mutation.data.get("title") == "reject me":
            return env.pkg.Reject("CONFLICT", "title taken")
        if "title" in mutation.data:
            return dataclasses.replace(
                mutation, data={**mutation.data, "title": "[ok] " + mutation.data["title"]}
            )
        return mutation

    app = env.make(resolver=resolver)
    seed_users(app, "u1")
    result = app.push(
        "u1",
        [
            create_post(1, "p1", title="hello"),
            update_post(2, "p1", title="reject me"),
            update_post(3, "p1", title="again"),
        ],
    )
    assert statuses(result) == [
        (1, "applied", None),
        (2, "rejected", "CONFLICT"),
        (3, "applied", None),
    ]
    assert result["results"][1]["message"] == "title taken"
    assert app.row("Post", id="p1")["title"] == "[ok] again"
    assert seen == [
        ("u1", "c1", "create", None),
        ("u1", "c1", "update", "[ok] hello"),
        ("u1", "c1", "update", "[ok] hello"),
    ]


def test_resolver_output_is_validated(env):
    def resolver(context, mutation, current):
        return dataclasses.replace(mutation, data={**mutation.data, "views": "many"})

    app = env.make(resolver=resolver)
    seed_users(app, "u1")
    result = app.push("u1", [create_post(1, "p1")])
    assert statuses(result) == [(1, "rejected", "VALIDATION")]


# --- conflicts: per-field last write wins, atomic operations -------------------------------------


def test_concurrent_edits_of_different_fields_both_survive(env):
    """Weakness 4: patches, not whole records."""
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1", rating="1")], client="a")
    env.push(
        "u1",
        [update_post(1, "p1", title="from b")],
        client="b",
    )
    env.push(
        "u1",
        [update_post(2, "p1", rating="2.25")],
        client="a",
    )
    row = env.row("Post", id="p1")
    assert (row["title"], row["rating"]) == ("from b", decimal.Decimal("2.25"))


def test_atomic_operations_apply_to_the_current_value(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1", views=10, rating="2")], client="a")
    for client in ("b", "c"):
        env.push(
            "u1",
            [
                {
                    "id": 1,
                    "model": "Post",
                    "op": "update",
                    "key": {"id": "p1"},
                    "ops": {"views": {"increment": 3}},
                }
            ],
            client=client,
        )
    assert env.row("Post", id="p1")["views"] == 16

    def op(mid, field, operation, operand):
        return {
            "id": mid,
            "model": "Post",
            "op": "update",
            "key": {"id": "p1"},
            "ops": {field: {operation: operand}},
        }

    result = env.push(
        "u1",
        [
            op(2, "views", "multiply", 3),  # 48
            op(3, "views", "divide", -5),  # -9 (truncates toward zero, like SQL)
            op(4, "views", "decrement", 1),  # -10
            op(5, "rating", "multiply", "1.5"),  # 3
            op(6, "views", "divide", 0),  # VALIDATION
            op(7, "views", "multiply", 2**30),  # out of Int range
            op(8, "title", "increment", 1),  # not numeric
            op(9, "views", "power", 2),
            {
                "id": 10,
                "model": "Post",
                "op": "update",
                "key": {"id": "p1"},
                "data": {"views": 1},
                "ops": {"views": {"increment": 1}},
            },
        ],
        client="a",
    )
    assert [r["status"] for r in result["results"]] == ["applied"] * 4 + ["rejected"] * 5
    row = env.row("Post", id="p1")
    assert row["views"] == -10
    assert row["rating"] == decimal.Decimal("3")


# --- scope, authentication, client binding --------------------------------------------------------


def test_authentication_and_client_binding(env):
    seed_users(env, "u1", "u2")
    assert env.push_raw(None, []).status_code == 401
    assert env.pull_raw(None).json()["code"] == "UNAUTHORIZED"
    env.push("u1", [create_post(1, "p1")], client="shared")
    other = env.push_raw("u2", [create_post(2, "p2", author="u2")], client="shared")
    assert other.status_code == 403 and other.json()["code"] == "FORBIDDEN"
    assert env.pull_raw("u2", client="shared").status_code == 403
    # A scope in the body is ignored: the scope comes from authenticate() only.
    sneaky = env.push_raw(
        "u1", [create_post(2, "p2", author="u2")], client="shared", **{"scope": "u2"}
    )
    assert sneaky.json()["results"][0]["code"] == "FORBIDDEN"


def test_async_authenticate(env):
    async def auth(request):
        return authenticate(request)

    app = env.make(auth=auth)
    seed_users(app, "u1")
    assert app.push_raw(None, []).status_code == 401
    assert app.push("u1", [create_post(1, "p1")])["lastMutationId"] == 1


# --- pull -----------------------------------------------------------------------------------------


def test_pull_pages_coalesce_and_carry_last_mutation_id(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(i, f"p{i}") for i in range(1, 6)])
    # A later push (transaction) rewrites p1: its entry moves to the newest version.
    update = update_post(6, "p1", title="latest")
    env.push("u1", [update])
    first = env.pull("u1", 0, limit=2)
    assert first["hasMore"] and len(first["changes"]) == 2
    assert first["lastMutationId"] == 6
    cursor, rest = env.pull_all("u1", first["cursor"], limit=2)
    changes = first["changes"] + rest
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    posts = [c for c in changes if c["model"] == "Post"]
    assert len(posts) == 5  # p1 once, at its latest version
    assert posts[-1]["record"]["title"] == "latest"
    assert cursor == env.pull("u1", cursor)["cursor"]
    assert env.pull("u1", cursor)["changes"] == []


def test_pull_limit_is_capped_and_validated(env):
    app = env.make(limits=env.pkg.Limits(max_pull_limit=3))
    seed_users(app, "u1")
    app.push("u1", [create_post(i, f"p{i}") for i in range(1, 6)])
    page = app.pull("u1", 0, limit=100)
    assert len(page["changes"]) == 3 and page["hasMore"]
    assert app.pull_raw("u1", 0, limit=0).status_code == 422
    assert app.pull_raw("u1", -1).status_code == 422


def test_tombstones_and_cascades_reach_clients(env):
    """Weakness 8: the database's cascades are recorded as changes too."""
    seed_users(env, "u1")
    env.push(
        "u1",
        [
            create_post(1, "p1"),
            create_comment(2, "c1", "p1"),
            {"id": 3, "model": "_Bookmarks", "op": "create", "key": {"A": "p1", "B": "u1"}},
        ],
    )
    cursor, _ = env.pull_all("u1")
    env.push("u1", [{"id": 4, "model": "Post", "op": "delete", "key": {"id": "p1"}}])
    _, changes = env.pull_all("u1", cursor)
    assert [(c["model"], c["key"], c["op"]) for c in changes] == [
        ("_Bookmarks", {"A": "p1", "B": "u1"}, "delete"),
        ("Comment", {"id": "c1"}, "delete"),
        ("Post", {"id": "p1"}, "delete"),
    ]
    assert env.row("Comment", id="c1") is None


def test_set_null_and_scope_model_delete_are_recorded(env):
    seed_users(env, "u1", "u2")
    env.push(
        "u1",
        [
            {
                "id": 1,
                "model": "Draft",
                "op": "create",
                "key": {"id": "d1"},
                "data": {"text": "x", "ownerId": "u1"},
            }
        ],
    )
    # u1 cannot point its draft at u2 (another scope) ...
    refused = env.push(
        "u1",
        [
            {
                "id": 2,
                "model": "Draft",
                "op": "update",
                "key": {"id": "d1"},
                "data": {"reviewerId": "u2"},
            }
        ],
    )
    assert statuses(refused) == [(2, "rejected", "FORBIDDEN")]
    # ... but trusted server code can; deleting u2 then sets the reviewer to null (SetNull).
    with env.server() as tx:
        tx.update("Draft", {"id": "d1"}, {"reviewerId": "u2"})
    cursor, _ = env.pull_all("u1")
    env.push("u2", [{"id": 1, "model": "User", "op": "delete", "key": {"id": "u2"}}], client="c2")
    _, changes = env.pull_all("u1", cursor)
    assert [(c["model"], c["op"], c["record"]["reviewerId"]) for c in changes] == [
        ("Draft", "upsert", None)
    ]
    assert env.pull_all("u2", 0, client="c2")[1] == [
        {"version": 2, "model": "User", "key": {"id": "u2"}, "op": "delete"}
    ]


def test_scope_leave_moves_rows_and_their_children(env):
    seed_users(env, "u1", "u2")
    env.push(
        "u1",
        [
            create_post(1, "p1"),
            create_comment(2, "c1", "p1"),
            {"id": 3, "model": "_Bookmarks", "op": "create", "key": {"A": "p1", "B": "u1"}},
        ],
    )
    c1, _ = env.pull_all("u1")
    c2, _ = env.pull_all("u2", client="c2")
    with env.server() as tx:
        tx.update("Post", {"id": "p1"}, {"authorId": "u2"})
    _, left = env.pull_all("u1", c1)
    assert sorted((c["model"], c["op"]) for c in left) == [
        ("Comment", "delete"),
        ("Post", "delete"),
        ("_Bookmarks", "delete"),
    ]
    _, joined = env.pull_all("u2", c2, client="c2")
    assert [(c["model"], c["op"]) for c in joined] == [("Post", "upsert"), ("Comment", "upsert")]
    assert joined[0]["record"]["authorId"] == "u2"
    log = env.change_log("u2")
    assert {entry[4] for entry in log} == {None}  # server-originated: no clientId


def test_key_change_by_server_is_delete_plus_upsert(env):
    """Weakness 9: a primary-key change must not duplicate rows on clients."""
    seed_users(env, "u1")
    env.push(
        "u1",
        [
            create_post(1, "old"),
            {
                "id": 2,
                "model": "Comment",
                "op": "create",
                "key": {"id": "c1"},
                "data": {"body": "b", "postId": "old"},
            },
        ],
    )
    cursor, _ = env.pull_all("u1")
    with env.server() as tx:
        tx.update("Post", {"id": "old"}, {"id": "new"})
    _, changes = env.pull_all("u1", cursor)
    assert sorted((c["model"], c["key"]["id"], c["op"]) for c in changes) == [
        ("Comment", "c1", "upsert"),
        ("Post", "new", "upsert"),
        ("Post", "old", "delete"),
    ]
    comment = next(c for c in changes if c["model"] == "Comment")
    assert comment["record"]["postId"] == "new"  # ON UPDATE CASCADE, recorded


def test_cursor_expired_after_compaction_and_future_cursors(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(1, "p1"), create_post(2, "p2")])
    old, _ = env.pull_all("u1")
    env.push(
        "u1",
        [{"id": 3, "model": "Post", "op": "delete", "key": {"id": "p1"}}, create_post(4, "p3")],
    )
    assert env.sync.compact(0) == {"u1": old + 2}
    assert [e for e in env.change_log("u1") if e[3] == "delete"] == []
    expired = env.pull_raw("u1", old)
    assert expired.status_code == 410
    assert expired.json() == {
        "code": "CURSOR_EXPIRED",
        "message": expired.json()["message"],
        "compactedVersion": old + 2,
    }
    # From 0 a client gets the current state (its local synced rows are replaced).
    state = env.state("u1")
    assert sorted(k[1] for k in state if k[0] == "Post") == ['{"id": "p2"}', '{"id": "p3"}']
    assert env.pull_raw("u1", old + 2).status_code == 200
    assert env.pull_raw("u1", 10**6).status_code == 410  # a cursor the server never gave


def test_compaction_keeps_recent_tombstones(env):
    seed_users(env, "u1")
    env.push("u1", [create_post(i, f"p{i}") for i in range(1, 5)])
    env.push(
        "u1",
        [
            {"id": i + 4, "model": "Post", "op": "delete", "key": {"id": f"p{i}"}}
            for i in range(1, 5)
        ],
    )
    version = env.change_log("u1")[-1][0]
    assert env.sync.compact(2, scope="u1") == {"u1": version - 2}
    kept = [e for e in env.change_log("u1") if e[3] == "delete"]
    assert [e[0] for e in kept] == [version - 1, version]


# --- versions follow commit order -----------------------------------------------------------------


def test_versions_follow_commit_order(env):
    """Weakness 1: a change that commits later never gets a version below a seen cursor."""
    started, release = threading.Event(), threading.Event()

    def resolver(context, mutation, current):
        if mutation.data.get("title") == "slow":
            started.set()
            assert release.wait(20)
        return mutation

    app = env.make(resolver=resolver)
    seed_users(app, "u1")
    base, _ = app.pull_all("u1", client="reader")
    results = {}
    slow = threading.Thread(
        target=lambda: results.setdefault(
            "slow", app.push("u1", [create_post(1, "s", title="slow")], client="a")
        )
    )
    slow.start()
    assert started.wait(20)
    fast = threading.Thread(
        target=lambda: results.setdefault(
            "fast", app.push("u1", [create_post(1, "f", title="fast")], client="b")
        )
    )
    fast.start()
    if app.provider == "postgresql":
        fast.join(20)  # the slow transaction holds no counter lock yet: the fast one commits
        assert "fast" in results
        seen, changes = app.pull_all("u1", base, client="reader")
        assert [c["key"]["id"] for c in changes] == ["f"]
    else:
        fast.join(0.3)  # SQLite: writers are serialized by BEGIN IMMEDIATE
        assert "fast" not in results
        seen = base
    release.set()
    slow.join(20)
    fast.join(20)
    _, later = app.pull_all("u1", seen, client="reader")
    ids = {c["key"]["id"] for c in later}
    assert "s" in ids  # nothing was skipped
    final = apply(app.pull_all("u1", 0, client="reader2")[1])
    assert {k for k in final if k[0] == "Post"} == {
        ("Post", '{"id": "f"}'),
        ("Post", '{"id": "s"}'),
    }


def test_a_deadlock_between_two_pushes_is_retried_and_applies_both_once(env, caplog):
    """One transaction per push holds its row locks until COMMIT: two clients of one scope that
    update the same rows in opposite orders deadlock (PostgreSQL). The victim's push is rolled
    back whole and retried: both pushes apply exactly once, nobody gets 503."""
    if env.provider != "postgresql":
        pytest.skip("SQLite serializes writers (BEGIN IMMEDIATE): two pushes cannot interleave")
    both_hold_a_row = threading.Barrier(2, timeout=20)
    arrivals = []

    def resolver(context, mutation, current):
        # Called with the row already locked (FOR UPDATE): once both pushes hold their first row,
        # each goes on to the other's. Only the first attempt of each push waits.
        first_try = context.client_id not in arrivals
        if context.client_id in ("a", "b") and mutation.id == 1 and first_try:
            arrivals.append(context.client_id)
            both_hold_a_row.wait()
        return mutation

    app = env.make(resolver=resolver)
    seed_users(app, "u1")
    app.push("u1", [create_post(1, "p1"), create_post(2, "p2")], client="setup")

    def views(mid: int, post: str) -> dict:
        return {
            "id": mid,
            "model": "Post",
            "op": "update",
            "key": {"id": post},
            "ops": {"views": {"increment": 1}},
        }

    results: dict[str, Any] = {}
    batches = {"a": [views(1, "p1"), views(2, "p2")], "b": [views(1, "p2"), views(2, "p1")]}
    threads = [
        threading.Thread(
            target=lambda c=c, m=m: results.setdefault(c, app.push_raw("u1", m, client=c))
        )
        for c, m in batches.items()
    ]
    with caplog.at_level("WARNING", logger="prisma_dart_gen.sync"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert {c: r.status_code for c, r in results.items()} == {"a": 200, "b": 200}
    for response in results.values():
        assert statuses(response.json()) == [(1, "applied", None), (2, "applied", None)]
    assert app.row("Post", id="p1")["views"] == 2 and app.row("Post", id="p2")["views"] == 2
    assert any("deadlock" in record.getMessage() for record in caplog.records), caplog.text


def test_concurrent_writers_and_a_puller_never_miss_changes(env):
    seed_users(env, "u1")
    errors: list[BaseException] = []
    done = threading.Event()

    def mutation(client: str, i: int) -> dict:
        if i % 3 == 1:
            return create_post(i, f"{client}-{i}")
        target = f"{client}-{i - 1 if i % 3 == 2 else i - 2}"
        if i % 6 == 0:
            return {"id": i, "model": "Post", "op": "delete", "key": {"id": target}}
        return {
            "id": i,
            "model": "Post",
            "op": "update",
            "key": {"id": target},
            "ops": {"views": {"increment": 1}},
        }

    def writer(client: str) -> None:
        try:
            for i in range(1, 13):
                result = env.push("u1", [mutation(client, i)], client=client)
                assert result["results"][0]["status"] == "applied", result
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    view: dict = {}
    cursor = 0
    versions: list[int] = []

    def puller() -> None:
        nonlocal cursor
        try:
            while not done.is_set():
                page = env.pull("u1", cursor, client="reader", limit=3)
                versions.extend(c["version"] for c in page["changes"])
                apply(page["changes"], view)
                cursor = page["cursor"]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(4)]
    reader = threading.Thread(target=puller)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    done.set()
    reader.join(60)
    assert not errors, errors
    cursor, rest = env.pull_all("u1", cursor, client="reader")
    versions.extend(c["version"] for c in rest)
    apply(rest, view)
    assert versions == sorted(versions)
    assert view == env.state("u1", client="fresh")


# --- transient failures ---------------------------------------------------------------------------


class _Orig(Exception):
    sqlstate = "40001"  # serialization_failure


def test_transient_errors_are_retried_then_503(env, monkeypatch):
    seed_users(env, "u1")
    writer_module = sys.modules[env.pkg.__name__ + ".runtime.sync.writer"]
    real_finish = writer_module.Writer.finish
    failures = {"left": 2}

    def flaky(self):
        if failures["left"] > 0:
            failures["left"] -= 1
            raise sa.exc.OperationalError("UPDATE sync_scope", {}, _Orig("could not serialize"))
        return real_finish(self)

    monkeypatch.setattr(writer_module.Writer, "finish", flaky)
    assert statuses(env.push("u1", [create_post(1, "p1")])) == [(1, "applied", None)]
    failures["left"] = 100
    response = env.push_raw("u1", [create_post(2, "p2"), create_post(3, "p3")])
    assert response.status_code == 503
    assert response.json()["code"] == "UNAVAILABLE" and response.headers["retry-after"]
    # One transaction per push: nothing of it was applied, and the queue did not advance.
    assert env.row("Post", id="p2") is None and env.row("Post", id="p3") is None
    failures["left"] = 0
    assert env.push("u1", [create_post(2, "p2")])["lastMutationId"] == 2
    assert len([e for e in env.change_log("u1") if e[1] == "Post"]) == 2


# --- schema and protocol versions, limits ---------------------------------------------------------


def test_schema_mismatch_and_accepted_versions(env):
    seed_users(env, "u1")
    response = env.push_raw("u1", [create_post(1, "p1")], schemaVersion="old")
    assert response.status_code == 409
    assert response.json()["code"] == "SCHEMA_MISMATCH"
    assert response.json()["schemaVersion"] == env.version
    assert env.pull_raw("u1", schemaVersion="old").status_code == 409
    tolerant = env.make(accept_schema_versions=("old",))
    assert tolerant.push("u1", [create_post(1, "p1")], schemaVersion="old")["lastMutationId"] == 1
    protocol = env.push_raw("u1", [], protocolVersion=2)
    assert protocol.status_code == 400 and protocol.json()["protocolVersions"] == [1]


def test_limits_and_hostile_bodies_answer_4xx(env):
    app = env.make(limits=env.pkg.Limits(max_mutations=2, max_body_bytes=20_000, max_json_depth=10))
    seed_users(app, "u1")
    assert app.push_raw("u1", [create_post(i, f"p{i}") for i in range(1, 4)]).status_code == 413
    huge = app.push_raw("u1", [create_post(1, "p1", title="x" * 30_000)])
    assert huge.status_code == 413 and huge.json()["code"] == "PAYLOAD_TOO_LARGE"
    headers = {"authorization": "Bearer u1", "content-type": "application/json"}
    for body in (b"{", b"[" * 100_000, b'{"a": NaN}', b"\xff\xfe", b"1" * 5000):
        response = app.client.post("/sync/push", content=body, headers=headers)
        assert 400 <= response.status_code < 500, (body[:10], response.status_code)
    deep = {
        "protocolVersion": 1,
        "schemaVersion": app.version,
        "clientId": "c1",
        "mutations": [create_post(1, "p1", title=[[[[[[[[[["x"]]]]]]]]]])],
    }
    assert app.post("/sync/push", "u1", deep).status_code == 400
    for body in (
        {},
        [],
        {"protocolVersion": 1, "schemaVersion": app.version},
        {
            "protocolVersion": 1,
            "schemaVersion": app.version,
            "clientId": "bad id!",
            "mutations": [],
        },
    ):
        assert app.post("/sync/push", "u1", body).status_code in (400, 422)
    # A large but allowed string is fine.
    assert app.push("u1", [create_post(1, "p1", title="y" * 15_000)])["lastMutationId"] == 1


def test_health_and_openapi(env):
    health = env.client.get("/sync/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "protocolVersions": [1], "schemaVersion": env.version}
    spec = env.client.get("/openapi.json").json()
    assert {"/sync/push", "/sync/pull", "/sync/health"} <= set(spec["paths"])
    push = spec["paths"]["/sync/push"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PushRequest"
    )
    assert {"PushRequest", "PullRequest", "PushResponse", "PullResponse", "ErrorBody"} <= set(
        spec["components"]["schemas"]
    )
    assert {"409", "410", "413", "503"} <= set(push["responses"])


# --- server-side writes ---------------------------------------------------------------------------


def test_server_transaction_records_changes_and_rolls_back(env):
    env.now = NOW
    with env.server() as tx:
        user = tx.create("User", {"email": "new@example.com"})
        post = tx.create("Post", {"title": "t", "authorId": user["id"]})
        tx.create("Comment", {"body": "b", "postId": post["id"]})
    assert re.fullmatch(r"c[0-9a-z]{24}", user["id"])  # cuid()
    assert uuid.UUID(post["id"]).version == 4  # uuid()
    assert post["createdAt"] == post["updatedAt"] == NOW
    scope = user["id"]
    log = env.change_log(scope)
    assert [(e[1], e[3], e[4]) for e in log] == [
        ("User", "upsert", None),
        ("Post", "upsert", None),
        ("Comment", "upsert", None),
    ]
    with pytest.raises(RuntimeError), env.server() as tx:
        tx.update("Post", {"id": post["id"]}, {"title": "lost"})
        raise RuntimeError("boom")
    assert env.row("Post", id=post["id"])["title"] == "t"
    assert len(env.change_log(scope)) == 3
    # A refused write inside a transaction is undone alone; the rest commits.
    with env.server(scope=scope) as tx:
        with pytest.raises(env.pkg.SyncError) as info:
            tx.create("Post", {"title": "x", "authorId": "nobody"})
        assert info.value.code == "FORBIDDEN"
        tx.update("Post", {"id": post["id"]}, {}, ops={"views": {"increment": 2}})
        tx.link("_Bookmarks", post["id"], scope)
    assert env.row("Post", id=post["id"])["views"] == 2
    assert [(e[1], e[3]) for e in env.change_log(scope)[-2:]] == [
        ("Post", "upsert"),
        ("_Bookmarks", "create"),
    ]


def test_touch_records_rows_written_around_the_api(env):
    seed_users(env, "u1")
    cursor, _ = env.pull_all("u1")
    post = env.pkg.tables.Post
    with env.server() as tx:
        tx.connection.execute(
            post.insert().values(
                id="raw", title="raw sql", authorId="u1", views=0, createdAt=NOW, updatedAt=NOW
            )
        )
        tx.touch("Post", {"id": "raw"})
    _, changes = env.pull_all("u1", cursor)
    assert [(c["key"], c["record"]["title"]) for c in changes] == [({"id": "raw"}, "raw sql")]
    with env.server() as tx:
        tx.connection.execute(post.delete().where(post.c.id == "raw"))
        tx.touch("Post", {"id": "raw"}, previous_scope="u1")
    assert env.pull_all("u1", cursor)[1][-1]["op"] == "delete"


def test_unsynced_models_can_be_written_by_the_server(env):
    with env.server() as tx:
        tag = tx.create("Tag", {"label": "x"})
    assert re.fullmatch(r"[a-z][0-9a-z]{23}", tag["id"])  # cuid(2)
    with env.sync.engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(env.pkg.tables.SyncChange)).scalar()
            == 0
        )


# --- the extra schema: composite keys, an Int scope, enums, Json/Bytes/BigInt ---------------------


def extra_team(env: Env, name: str = "t") -> str:
    with env.server() as tx:
        team = tx.create("Team", {"name": name})  # autoincrement: the database assigns the key
    return str(team["id"])


def member(mid: int, team: str, user: str, **data) -> dict:
    key = {"teamId": int(team), "userName": user}
    return {"id": mid, "model": "Member", "op": "create", "key": key, "data": data}


def test_extra_wire_encoding_of_every_type(extra):
    team = extra_team(extra)
    extra.now = NOW
    blob = base64.b64encode(b"\x00\xffbytes").decode()
    result = extra.push(
        team,
        [
            member(1, team, "ann", role="ADMIN"),
            {
                "id": 2,
                "model": "Note",
                "op": "create",
                "key": {"id": "n1"},
                "data": {
                    "teamId": int(team),
                    "userName": "ann",
                    "data": {"a": [1, None, "é"]},
                    "blob": blob,
                    "big": "9007199254740993",
                    "score": 2,
                    "flag": True,
                },
            },
            {
                "id": 3,
                "model": "Note",
                "op": "update",
                "key": {"id": "n1"},
                "ops": {"big": {"increment": "10"}, "score": {"multiply": 1.5}},
            },
            {
                "id": 4,
                "model": "Note",
                "op": "create",
                "key": {"id": "n2"},
                "data": {"teamId": int(team), "userName": "ann", "big": 1},
            },  # BigInt as a number
        ],
    )
    assert statuses(result) == [
        (1, "applied", None),
        (2, "applied", None),
        (3, "applied", None),
        (4, "rejected", "VALIDATION"),
    ]
    assert result["results"][0]["record"] == {
        "teamId": int(team),
        "userName": "ann",
        "role": "ADMIN",
    }
    assert result["results"][2]["record"] == {
        "id": "n1",
        "teamId": int(team),
        "userName": "ann",
        "data": {"a": [1, None, "é"]},
        "blob": blob,
        "big": "9007199254741003",
        "score": 3.0,
        "flag": True,
        "at": "2026-01-02T03:04:05.678Z",
        "categoryId": None,
    }
    with extra.sync.engine.connect() as conn:  # the enum is stored as its @map value
        stored = conn.exec_driver_sql('SELECT "role" FROM "Member"').scalar_one()
    assert stored == "admin_role"
    _cursor, changes = extra.pull_all(team)
    keys = [(c["model"], c["key"]) for c in changes]
    assert ("Member", {"teamId": int(team), "userName": "ann"}) in keys
    assert ("Team", {"id": int(team)}) in keys
    log = {entry[2]["userName"] for entry in extra.change_log(team) if entry[1] == "Member"}
    assert log == {"ann"}


def test_extra_composite_references_and_int_scopes(extra):
    one, two = extra_team(extra, "one"), extra_team(extra, "two")
    extra.push(two, [member(1, two, "bob")], client="c2")
    result = extra.push(
        one,
        [
            member(1, one, "ann"),
            member(2, two, "eve"),  # its Team is another scope
            {
                "id": 3,
                "model": "Note",
                "op": "create",
                "key": {"id": "n1"},
                "data": {"teamId": int(two), "userName": "bob"},
            },  # a composite reference
            {
                "id": 4,
                "model": "Member",
                "op": "update",
                "key": {"teamId": int(two), "userName": "bob"},
                "data": {"role": "ADMIN"},
            },
            {
                "id": 5,
                "model": "Team",
                "op": "update",
                "key": {"id": int(one)},
                "data": {"name": "renamed"},
            },
            {"id": 6, "model": "Team", "op": "create", "key": {"id": 99}, "data": {"name": "x"}},
        ],
    )
    assert statuses(result) == [
        (1, "applied", None),
        (2, "rejected", "FORBIDDEN"),
        (3, "rejected", "FORBIDDEN"),
        (4, "rejected", "NOT_FOUND"),
        (5, "applied", None),
        (6, "rejected", "VALIDATION"),
    ]


def test_extra_cascades_through_local_only_models_and_key_renames(extra):
    team = extra_team(extra)
    with extra.server() as tx:
        category = tx.create("Category", {})  # local-only: no path to Team
    assert re.fullmatch(r"[A-Za-z0-9_-]{8}", category["id"])  # nanoid(8)
    extra.push(
        team,
        [
            member(1, team, "ann"),
            {
                "id": 2,
                "model": "Note",
                "op": "create",
                "key": {"id": "n1"},
                "data": {"teamId": int(team), "userName": "ann", "categoryId": category["id"]},
            },
            {
                "id": 3,
                "model": "Note",
                "op": "create",
                "key": {"id": "n2"},
                "data": {"teamId": int(team), "userName": "ann"},
            },
        ],
    )
    cursor, _ = extra.pull_all(team)
    with extra.server() as tx:  # the database cascades into synced rows: recorded
        tx.delete("Category", {"id": category["id"]})
    cursor, changes = extra.pull_all(team, cursor)
    assert [(c["model"], c["key"], c["op"]) for c in changes] == [("Note", {"id": "n1"}, "delete")]
    with extra.server() as tx:  # a composite key changes: ON UPDATE CASCADE reaches the note
        tx.update("Member", {"teamId": int(team), "userName": "ann"}, {"userName": "anna"})
    _, changes = extra.pull_all(team, cursor)
    assert sorted((c["model"], c["op"], json.dumps(c["key"], sort_keys=True)) for c in changes) == [
        ("Member", "delete", json.dumps({"teamId": int(team), "userName": "ann"})),
        ("Member", "upsert", json.dumps({"teamId": int(team), "userName": "anna"})),
        ("Note", "upsert", '{"id": "n2"}'),
    ]
    note = next(c for c in changes if c["model"] == "Note")
    assert note["record"]["userName"] == "anna"


def test_extra_links_and_restrict(extra):
    team = extra_team(extra)
    result = extra.push(
        team,
        [
            {
                "id": 1,
                "model": "Doc",
                "op": "create",
                "key": {"id": "d1"},
                "data": {"slug": "s", "teamId": int(team)},
            },
            {
                "id": 2,
                "model": "Link",
                "op": "create",
                "key": {"id": "l1"},
                "data": {"teamId": int(team)},
            },
            {"id": 3, "model": "_DocToLink", "op": "create", "key": {"A": "d1", "B": "l1"}},
            {"id": 4, "model": "_DocToLink", "op": "create", "key": {"A": "d1", "B": "l1"}},
            {"id": 5, "model": "Team", "op": "delete", "key": {"id": int(team)}},  # Doc: Restrict
            {"id": 6, "model": "_DocToLink", "op": "create", "key": {"A": "d1", "B": 5}},
        ],
    )
    assert statuses(result) == [
        (1, "applied", None),
        (2, "applied", None),
        (3, "applied", None),
        (4, "applied", None),
        (5, "rejected", "CONSTRAINT"),
        (6, "rejected", "VALIDATION"),
    ]
    assert result["results"][4]["message"] == "a foreign key constraint is violated"
    cursor, changes = extra.pull_all(team)
    assert [c["op"] for c in changes if c["model"] == "_DocToLink"] == ["create"]
    extra.push(team, [{"id": 7, "model": "Link", "op": "delete", "key": {"id": "l1"}}])
    _, changes = extra.pull_all(team, cursor)
    assert [(c["model"], c["op"]) for c in changes] == [
        ("_DocToLink", "delete"),
        ("Link", "delete"),
    ]


# --- wire vectors (fixtures/protocol) -------------------------------------------------------------


def vector_names() -> list[str]:
    return sorted(path.stem for path in VECTORS.glob("*.json"))


def run_vector(env: Env, vector: dict, record: bool = False) -> dict:
    """Seed, then run the steps; returns the vector with the responses observed."""
    now = dt.datetime.fromisoformat(vector["now"].replace("Z", "+00:00"))
    limits = env.pkg.Limits(**{_snake(k): v for k, v in vector.get("limits", {}).items()})
    app = env.make(limits=limits, clock=lambda: now)
    seed(app, vector["seed"])
    steps = []
    for step in vector["steps"]:
        if "server" in step:
            server_step(app, step["server"])
            steps.append(step)
            continue
        request = step["request"]
        headers = {"authorization": f"Bearer {request['auth']}"} if request.get("auth") else {}
        response = app.client.request(
            request["method"], request["path"], json=request.get("body"), headers=headers
        )
        observed = {"status": response.status_code, "body": response.json()}
        if not record:
            assert observed == step["response"], f"{vector['name']}: {request['path']}"
        steps.append({**step, "response": observed})
    return {**vector, "steps": steps}


def _snake(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def seed(env: Env, data: dict[str, list[dict]]) -> None:
    with env.sync.engine.begin() as conn:
        for name, rows in data.items():
            if name in env.pkg.tables.join_tables:
                table = env.pkg.tables.join_tables[name]
                conn.execute(table.insert(), rows)
                continue
            model = env.pkg.models.MODELS[name]
            values = [
                model.model_validate_json(json.dumps(row)).model_dump(by_alias=True) for row in rows
            ]
            conn.execute(env.pkg.tables.tables[name].insert(), values)


def server_step(env: Env, step: dict) -> None:
    with env.server(step.get("scope")) as tx:
        if step["op"] == "update":
            tx.update(step["model"], step["key"], step["data"])
        elif step["op"] == "delete":
            tx.delete(step["model"], step["key"])
        else:
            tx.create(step["model"], step["data"])


def test_vectors_match_the_schema_version():
    pkg = package("sqlite")
    names = vector_names()
    assert len(names) >= 8, names
    for name in names:
        vector = json.loads((VECTORS / f"{name}.json").read_text())
        assert vector["name"] == name
        assert (
            vector["schemaVersion"] == pkg.SCHEMA_VERSION
        ), f"{name}: regenerate the vectors (UPDATE_PROTOCOL_VECTORS=1) after a schema change"


@pytest.mark.parametrize("name", vector_names() or ["none"])
def test_vectors(env, name):
    text = (VECTORS / f"{name}.json").read_text(encoding="utf-8")
    if os.environ.get("UPDATE_PROTOCOL_VECTORS"):
        if env.provider != "sqlite":
            pytest.skip("vectors are recorded on SQLite, then checked on both databases")
        vector = json.loads(text.replace("$SCHEMA_VERSION", env.version))
        observed = run_vector(env, {**vector, "schemaVersion": env.version}, record=True)
        text = json.dumps(observed, indent=1, ensure_ascii=False) + "\n"
        (VECTORS / f"{name}.json").write_text(text, encoding="utf-8")
        return
    run_vector(env, json.loads(text))


# --- the runtime files themselves -----------------------------------------------------------------


@cache
def runtime_module(name: str):
    """templates/python/runtime imported as the package `_sync_runtime` (files, not copies)."""
    if "_sync_runtime" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "_sync_runtime", RUNTIME / "__init__.py", submodule_search_locations=[str(RUNTIME)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["_sync_runtime"] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"_sync_runtime.{name}")


def test_ids_have_prisma_formats():
    ids = runtime_module("sync.ids")
    for _ in range(50):
        assert uuid.UUID(ids.uuid4()).version == 4
        assert re.fullmatch(r"c[0-9a-z]{24}", ids.cuid())
        assert re.fullmatch(r"[a-z][0-9a-z]{23}", ids.cuid2())
        assert re.fullmatch(r"[A-Za-z0-9_-]{21}", ids.nanoid())
        assert re.fullmatch(r"[A-Za-z0-9_-]{8}", ids.nanoid(8))
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", ids.ulid())
    sevens = [ids.uuid7() for _ in range(2000)]
    assert sevens == sorted(sevens) and len(set(sevens)) == 2000
    parsed = uuid.UUID(sevens[0])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert abs((parsed.int >> 80) - time.time() * 1000) < 5000
    ulids = [ids.ulid() for _ in range(2000)]
    assert ulids == sorted(ulids) and len(set(ulids)) == 2000
    assert len({ids.cuid2() for _ in range(2000)}) == 2000
    assert len({ids.cuid() for _ in range(2000)}) == 2000
    assert ids.generate("uuid", 7)[14] == "7"
    assert len(ids.generate("nanoid", 10)) == 10
    with pytest.raises(ValueError):
        ids.generate("autoincrement")


def test_codec_encodes_every_kind():
    codec = runtime_module("sync.codec")

    class Color(enum.Enum):
        RED = "RED"

    moment = dt.datetime(2026, 11, 23, 3, 39, 6, 80999, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert codec.encode("DateTime", moment) == "2026-11-23T01:39:06.080Z"
    assert codec.encode("BigInt", 2**63 - 1) == "9223372036854775807"
    assert codec.encode("Decimal", decimal.Decimal("1.500000000000000000000000000000")) == "1.5"
    assert codec.encode("Decimal", decimal.Decimal("1E+2")) == "100"
    assert codec.encode("Decimal", decimal.Decimal("-0.000")) == "0"
    assert codec.encode("Decimal", 0.1) == "0.1"
    assert codec.encode("Bytes", b"\x00\xff") == base64.b64encode(b"\x00\xff").decode()
    assert codec.encode("Enum", Color.RED) == "RED"
    assert codec.encode("Json", {"a": [1, None]}) == {"a": [1, None]}
    assert codec.encode("Float", 1) == 1.0 and codec.encode("String", None) is None
    assert codec.canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    assert codec.scope_text(42) == "42" and codec.scope_text("u1") == "u1"
    assert codec.json_depth([[{"a": [1]}]]) == 4 and codec.json_depth(3) == 0
    assert codec.json_depth([[]] * 3) == 2


# --- rendering ------------------------------------------------------------------------------------


def test_no_sync_output_without_sync_scope():
    _schema, files = render("sqlite", "nosync", sync=False)
    names = {str(path) for path in files}
    assert not any("sync" in name for name in names), names
    assert "Limits" not in files[Path("__init__.py")].decode()


def test_sync_package_files_are_formatted_and_ruff_clean(tmp_path):
    for provider in ("sqlite", "postgresql"):
        _schema, files = render(provider, f"pkg_{provider}")
        names = {str(path) for path in files}
        assert {"sync.py", "sync_schema.py", "runtime/sync/server.py"} <= names
        for path, content in files.items():
            if path.suffix == ".py" and path.parts[0] != "runtime":
                text = content.decode()
                assert backend.format_python(text, str(path)) == text
        target = tmp_path / f"pkg_{provider}"
        for path, content in files.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(content)
    import subprocess

    result = subprocess.run(
        [
            str(RUFF),
            "check",
            "--no-cache",
            "--config",
            str(REPO / "pyproject.toml"),
            str(tmp_path),
            str(RUNTIME / "sync"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in sorted((RUNTIME / "sync").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert backend.format_python(text, path.name) == text, f"{path} is not ruff-formatted"


def test_sync_schema_is_plain_data():
    pkg = package("sqlite")
    data = pkg.sync_schema
    assert data.SCOPE_MODEL == "User" and data.SCOPE_KEY == "id"
    assert data.BOOKKEEPING == {
        "SyncChange": "sync_change",
        "SyncScope": "sync_scope",
        "SyncClient": "sync_client",
    }
    assert set(data.MODELS) == {"User", "Profile", "Post", "Comment", "Draft", "AuditEntry", "Tag"}
    assert data.MODELS["Tag"]["synced"] is False
    assert data.MODELS["Comment"]["path"] == (
        {
            "relation": "post",
            "fields": ("postId",),
            "target": "Post",
            "table": "Post",
            "references": ("id",),
        },
        {
            "relation": "author",
            "fields": ("authorId",),
            "target": "User",
            "table": "User",
            "references": ("id",),
        },
    )
    assert data.MODELS["Post"]["fields"]["views"]["default"] == {
        "kind": "literal",
        "filledBy": "client",
        "value": 0,
    }
    assert data.MODELS["AuditEntry"]["offlineCreate"] is False
    assert {(r["model"], r["relation"], r["onDelete"]) for r in data.RELATIONS} >= {
        ("Draft", "owner", "Restrict"),
        ("Draft", "reviewer", "SetNull"),
    }
    assert data.JOIN_TABLES["_PostToTag"]["synced"] is False
    assert data.JOIN_TABLES["_Bookmarks"] == {
        "synced": True,
        "A": {"model": "Post", "field": "id"},
        "B": {"model": "User", "field": "id"},
    }
    json.dumps(data.MODELS)  # JSON-compatible
