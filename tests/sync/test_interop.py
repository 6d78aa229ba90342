"""Interop with the real Prisma Client (7.x, prisma-client-js) on one database, SQLite and
PostgreSQL: tests/sync/interop/schema.prisma has every scalar type (plain and optional), an enum
with a @map'ed value, @map'ed names, now() and @updatedAt.

1. Prisma Client writes rows (edge values of every type) -> our generated tables + pydantic
   models read exactly what Prisma Client reads; announced to the sync engine as server-side
   writes, a client pulls exactly those records.
2. A client pushes rows (and an update with an increment) through our server -> Prisma Client
   reads exactly the records our server answered and pulls, and its equality filters find every
   value again (SQLite compares stored text: the storage format must be Prisma's own).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.params import capture_params
from tests.sync import seams, serverdb
from tests.sync.client import SimClient
from tests.sync.launcher import (
    REPO,
    SyncServer,
    postgres_database,
    render_server,
    sqlite_database,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCHEMA = Path(__file__).parent / "interop" / "schema.prisma"
SCRIPT = REPO / "tools" / "interop" / "prisma_rows.mjs"


def prisma_rows(schema: Path, provider: str, url: str, request: dict) -> dict:
    """Run tools/interop/prisma_rows.mjs (Prisma Client) with `request`; its JSON answer."""
    res = subprocess.run(
        ["node", str(SCRIPT), "--schema", str(schema), "--provider", provider, "--url", url],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


def items(account: str, provider: str) -> list[dict]:
    """Edge values of every type, in the wire encoding."""
    blob256 = base64.b64encode(bytes(range(256))).decode()
    prices = ["12.5", "-0.25", "0", "123456.789"]
    if provider == "postgresql":  # DECIMAL(65,30); SQLite stores Decimal as a float
        prices.append("12345678901234567890.123456789012345678901234567891")
    base = {
        "accountId": account,
        "label": "x",
        "count": 0,
        "big": "0",
        "ratio": 0.0,
        "price": "0",
        "flag": False,
        "at": "2026-01-02T03:04:05.678Z",
        "meta": {},
        "blob": "",
        "mood": "HAPPY",
    }
    variants = [
        {
            "label": "",
            "count": -(2**31),
            "big": str(-(2**63)),
            "ratio": -1.5e300,
            "flag": True,
            "at": "1970-01-01T00:00:00.000Z",
            "meta": [],
            "mood": "SAD",
        },
        {
            "label": "héllo 🌍 ' \" \\ \n\t",
            "count": 2**31 - 1,
            "big": str(2**63 - 1),
            "ratio": 0.1,
            "at": "1900-01-01T00:00:00.001Z",
            "meta": {"ü": [1, None, "x", {"d": 1.5}]},
            "blob": "AP8=",
            "mood": "MEH",
        },
        {
            "label": "l" * 5000,
            "ratio": 5e-324,
            "at": "9999-12-31T23:59:59.999Z",
            "meta": "just a string",
            "blob": blob256,
        },
        {
            "meta": 42,
            "optLabel": "o",
            "optCount": 7,
            "optBig": "-1",
            "optRatio": 2.5,
            "optPrice": "3.75",
            "optFlag": False,
            "optAt": "2000-02-29T12:00:00.000Z",
            "optMeta": {"nested": {"deep": [[[]]]}},
            "optBlob": "AQID",
            "optMood": "SAD",
        },
        {"meta": True, "optMeta": [None]},
    ]
    variants += [{"price": price} for price in prices]
    return [{**base, "id": str(uuid.uuid4()), **variant} for variant in variants]


@pytest.fixture(scope="module")
def interop_params(tmp_path_factory):
    work = tmp_path_factory.mktemp("interop")
    schema_dir = work / "fixture"
    schema_dir.mkdir()
    shutil.copy(SCHEMA, schema_dir / "schema.prisma")
    return work, capture_params(schema_dir / "schema.prisma")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def interop(request, interop_params, tmp_path):
    work, params = interop_params
    provider = request.param
    pkg = render_server(params, work / "pkgs", provider, f"interop_{provider}")
    if provider == "sqlite":
        db = sqlite_database(pkg, tmp_path / "interop.db")
        node_url = str(tmp_path / "interop.db")
    else:
        pg = request.getfixturevalue("pg_server")
        name = f"interop_{uuid.uuid4().hex[:8]}"
        db = postgres_database(pkg, pg, name)
        node_url = pg.node_url(name)
    server = SyncServer(pkg, db, tmp_path)
    server.start()
    client = SimClient(server.base_url, f"acc{uuid.uuid4().hex[:10]}", pkg.schema_version)
    try:
        yield pkg, db, server, client, node_url, tmp_path
    finally:
        client.close()
        server.stop()
        db.close()


def _comparable(record: dict, given: dict) -> dict:
    """The fields of `given`, Decimals and Floats as numbers (Prisma prints them its own way)."""
    out = {}
    for name in given:
        value = record[name]
        if name in ("price", "optPrice") and value is not None:
            value = Decimal(value)
        out[name] = value
    return out


def _by_id(records):
    return {record["id"]: record for record in records}


def _python_read(pkg, engine, model):
    import sqlalchemy as sa

    table = pkg.module().tables.tables[model]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table)).all()
    return _by_id(serverdb.wire_record(pkg, model, row, prisma_decimals=False) for row in rows)


def test_interop_prisma_client_writes_our_server_reads(interop):
    pkg, db, server, client, node_url, work = interop
    provider = pkg.provider
    client.create("Account", {"id": client.scope, "email": f"{client.scope}@example.test"})
    client.push_all()
    assert not client.rejections, client.rejections
    written = items(client.scope, provider)
    answer = prisma_rows(
        pkg.schema_file,
        provider,
        node_url,
        {"write": {"Item": written}, "read": ["Account", "Item"]},
    )
    prisma_items = _by_id(answer["read"]["Item"])
    assert set(prisma_items) == {item["id"] for item in written}
    # Prisma Client stored what it was given (the request is the reference, except server-filled
    # fields and Prisma's own float/Decimal renderings on SQLite).
    for item in written:
        got = prisma_items[item["id"]]
        assert _comparable(got, item) == _comparable(item, item)
    # Our tables + pydantic models read exactly what Prisma Client reads.
    ours = _python_read(pkg, db.engine(pkg), "Item")
    differences = {
        item_id: {
            k: (ours[item_id][k], prisma_items[item_id][k])
            for k in prisma_items[item_id]
            if ours[item_id][k] != prisma_items[item_id][k]
        }
        for item_id in prisma_items
    }
    assert not any(differences.values()), differences
    # Announced to the sync engine (a write by another backend), a client pulls the same records.
    seams.touch(pkg.module(), db.url, client.scope, [("Item", {"id": i}) for i in prisma_items])
    client.pull()
    pulled = {r["id"]: r for (m, _), r in client.rows("Item").items()}
    assert pulled == prisma_items


def test_interop_our_push_prisma_client_reads(interop):
    pkg, db, server, client, node_url, work = interop
    provider = pkg.provider
    client.create("Account", {"id": client.scope, "email": f"{client.scope}@example.test"})
    sent = items(client.scope, provider)
    for item in sent:
        client.create("Item", item)
    minimal = {
        "id": str(uuid.uuid4()),
        "accountId": client.scope,
        "label": "m",
        "count": 1,
        "big": "1",
        "ratio": 1.0,
        "price": "1",
        "flag": True,
        "at": "2026-01-02T03:04:05.678Z",
        "meta": {"k": "v"},
        "blob": "",
        "mood": "MEH",
    }
    client.create("Item", minimal)  # optional fields, createdAt and updatedAt left to the server
    outcome = client.push_once(max_batch=100)
    assert [r["status"] for r in outcome.results] == ["applied"] * len(outcome.results), outcome
    answered = _by_id(r["record"] for r in outcome.results[1:] if r.get("record"))
    client.update(
        "Item",
        {"id": minimal["id"]},
        {"label": "patched", "optMood": "SAD"},
        ops={"count": {"increment": 41}},
    )
    client.sync()
    pulled = {r["id"]: r for (m, _), r in client.rows("Item").items()}
    answer = prisma_rows(
        pkg.schema_file, provider, node_url, {"read": ["Account", "Item"], "check": True}
    )
    prisma_items = _by_id(answer["read"]["Item"])
    assert answer["unmatched"] == [], answer["unmatched"]
    assert pulled == prisma_items
    for item_id, record in answered.items():
        if item_id != minimal["id"]:
            assert record == prisma_items[item_id]
    for item in sent:  # what the client sent is what Prisma Client reads
        got = prisma_items[item["id"]]
        assert _comparable(got, item) == _comparable(item, item)
    row = prisma_items[minimal["id"]]
    assert (row["label"], row["optMood"], row["count"]) == ("patched", "SAD", 42)
    assert row["createdAt"] <= row["updatedAt"]
    assert row["optLabel"] is None and row["optMeta"] is None
    (account,) = answer["read"]["Account"]
    assert account["id"] == client.scope
