"""The weaknesses found in prisma-idb's sync (sync-protocol.md, last section), one test each.

Weakness 1 (commit-order cursor) is test_concurrency.py; the scope half of weakness 9 is in
test_scope_isolation.py. Weaknesses 5 and 10 are client duties: here they run through the
simulated client (the Python twin of the Dart client) against the real server.
"""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest

from tests.sync import seams, serverdb
from tests.sync.client import SyncHTTPError, error_code, error_field, key_text


def _post(client, title="t", **extra) -> str:
    post_id = str(uuid.uuid4())
    client.create("Post", {"id": post_id, "title": title, "authorId": client.scope, **extra})
    return post_id


def test_weakness_2_one_bad_write_never_blocks_the_queue(shared_env):
    env = shared_env
    client = env.user()
    good1 = _post(client, "good1")
    bad = client.create("Post", {"id": str(uuid.uuid4()), "title": 5, "authorId": client.scope})
    ghost = client.update("Post", {"id": str(uuid.uuid4())}, {"title": "x"})
    good2 = _post(client, "good2")
    batch = [m.wire() for m in client.outbox]
    client.push_all()
    statuses = {r["mutation"]["id"]: r["code"] for r in client.rejections}
    assert statuses == {bad.id: "VALIDATION", ghost.id: "NOT_FOUND"}, client.rejections
    state = serverdb.client_state(env.pkg, env.engine, client.client_id)
    assert state["lastMutationId"] == client.next_id - 1
    # A retry of the whole batch (lost ack) is all duplicates, the rejected ones included.
    res = client.post("push", client.envelope(mutations=batch))
    assert res.status_code == 200
    assert [r["status"] for r in res.json()["results"]] == ["duplicate"] * 4
    # Later writes go through, and the client's optimistic bad row is rolled back by the pull.
    good3 = _post(client, "good3")
    client.sync()
    titles = {r["title"] for k, r in client.rows("Post").items()}
    assert titles == {"good1", "good2", "good3"}
    assert {good1, good2, good3} <= {r["id"] for r in client.rows("Post").values()}
    env.assert_converged(client)


def test_weakness_2_pull_is_not_gated_on_pending_pushes(shared_env):
    env = shared_env
    writer = env.user()
    _post(writer, "from writer")
    writer.push_all()
    reader = env.client(writer.scope)
    reader.create("Post", {"id": str(uuid.uuid4()), "title": 7, "authorId": writer.scope})
    reader.pull()  # with a (bad) mutation still in its outbox
    assert any(r["title"] == "from writer" for r in reader.rows("Post").values())


def test_weakness_3_parents_before_children_in_one_batch(shared_env):
    env = shared_env
    client = env.client()
    scope = client.scope
    client.create("User", {"id": scope, "email": f"{scope}@example.test", "name": "n"})
    client.create("Profile", {"id": str(uuid.uuid4()), "bio": "b", "userId": scope})
    post = _post(client)
    client.create("Comment", {"id": uuid.uuid4().hex, "body": "c", "postId": post})
    client.create("Draft", {"id": str(uuid.uuid4()), "text": "d", "ownerId": scope})
    client.link("_Bookmarks", post, scope)
    outcome = client.push_once(max_batch=100)
    assert [r["status"] for r in outcome.results] == ["applied"] * 6, outcome.results
    client.pull()
    assert len(client.rows()) == 6
    env.assert_converged(client)


def test_weakness_4_per_field_last_write_wins(shared_env):
    env = shared_env
    phone = env.user()
    post = _post(phone, "t", rating="1.5")
    phone.sync()
    laptop = env.client(phone.scope)
    laptop.pull()
    # Both edit different fields of the same row from the same (stale) state.
    phone.update("Post", {"id": post}, {"title": "from phone"})
    laptop.update("Post", {"id": post}, {"rating": "2.5"})
    phone.push_all()
    laptop.push_all()
    # The same field: the later arrival wins.
    phone.update("Post", {"id": post}, {"title": "phone again"})
    phone.push_all()
    laptop.update("Post", {"id": post}, {"title": "laptop last"})
    laptop.push_all()
    for client in (phone, laptop):
        client.pull()
        env.assert_converged(client)
    row = phone.row("Post", {"id": post})
    assert (row["title"], Decimal(row["rating"])) == ("laptop last", Decimal("2.5"))


def test_weakness_4_atomic_increments_are_never_lost(shared_env):
    env = shared_env
    owner = env.user()
    post = _post(owner)
    owner.sync()
    devices = [env.client(owner.scope, name=f"d{i}") for i in range(4)]
    per_device = 25
    for device in devices:
        device.pull()
        for _ in range(per_device):
            device.update("Post", {"id": post}, ops={"views": {"increment": 1}})
    errors: list[str] = []

    def run(device):
        try:
            device.push_all(max_batch=3, deadline=60)
        except Exception as exc:
            errors.append(f"{device.name}: {exc!r}")

    threads = [threading.Thread(target=run, args=(d,)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert not errors and not any(t.is_alive() for t in threads), errors
    owner.pull()
    assert owner.row("Post", {"id": post})["views"] == per_device * len(devices)
    # decrement / multiply / divide on the current value.
    owner.update("Post", {"id": post}, ops={"views": {"decrement": 10}})
    owner.update("Post", {"id": post}, ops={"views": {"multiply": 3}})
    owner.update("Post", {"id": post}, ops={"views": {"divide": 2}})
    owner.sync()
    assert owner.row("Post", {"id": post})["views"] == (100 - 10) * 3 // 2
    env.assert_converged(owner)


def test_weakness_5_pull_never_erases_pending_local_edits(shared_env):
    env = shared_env
    phone = env.user()
    post = _post(phone, "t")
    phone.sync()
    laptop = env.client(phone.scope)
    laptop.pull()
    phone.update("Post", {"id": post}, {"title": "pending on phone"})  # not pushed yet
    laptop.update("Post", {"id": post}, {"rating": "9.5"})
    laptop.sync()
    phone.pull()  # rebase: server state first, then the pending edit on top
    row = phone.row("Post", {"id": post})
    assert (row["title"], Decimal(row["rating"])) == ("pending on phone", Decimal("9.5"))
    phone.sync()
    laptop.pull()
    assert laptop.row("Post", {"id": post})["title"] == "pending on phone"
    env.assert_converged(phone)
    env.assert_converged(laptop)


def test_weakness_6_old_clients_get_schema_mismatch(shared_env):
    env = shared_env
    client = env.user()
    _post(client, "written by an old app")
    client.schema_version = "0000000000000000"
    before = env.scope_rows(client.scope)
    for endpoint in ("push", "pull"):
        with pytest.raises(SyncHTTPError) as info:
            client.push_once() if endpoint == "push" else client.pull()
        assert info.value.status == 409 and info.value.code == "SCHEMA_MISMATCH", info.value
        assert error_field(info.value.body, "schemaVersion") == env.schema_version
    assert len(client.outbox) == 1  # kept for after the app update
    assert env.scope_rows(client.scope) == before
    res = client.post("pull", {**client.envelope(cursor=0), "protocolVersion": 99})
    assert 400 <= res.status_code < 500 and error_code(res.json()), res.text
    client.schema_version = env.schema_version  # the app was updated
    client.sync()
    assert any(r["title"] == "written by an old app" for r in client.rows("Post").values())
    env.assert_converged(client)


def test_weakness_7_paged_bootstrap(shared_env):
    env = shared_env
    client = env.user()
    for i in range(240):
        _post(client, f"p{i}")
    client.push_all(max_batch=100)
    device = env.client(client.scope)
    pages = device.pull(limit=25)
    assert pages >= 10
    assert len(device.rows("Post")) == 240
    env.assert_converged(device)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_env(request, make_env):
    return make_env(request.param)


def test_weakness_7_cursor_expired_after_compaction(fresh_env):
    env = fresh_env
    client = env.user()
    posts = [_post(client, f"p{i}") for i in range(10)]
    client.sync()
    stale = env.client(client.scope)
    stale.pull()
    old_cursor = stale.cursor
    for post in posts[:6]:
        client.delete("Post", {"id": post})
    for i in range(3):
        _post(client, f"new{i}")
    client.sync()
    seams.compact(env.pkg.module(), env.db.url, 0)
    state = serverdb.scope_state(env.pkg, env.engine, client.scope)
    assert state["compactedVersion"] > old_cursor
    res = stale.post("pull", stale.envelope(cursor=old_cursor, limit=100))
    assert res.status_code == 410 and error_code(res.json()) == "CURSOR_EXPIRED", res.text
    stale.pull()  # refetches from 0
    env.assert_converged(stale)
    assert len(stale.rows("Post")) == 7
    client.pull()
    env.assert_converged(client)


def test_weakness_8_cascades_reach_clients(shared_env):
    env = shared_env
    client = env.user()
    post = _post(client)
    comments = [uuid.uuid4().hex for _ in range(3)]
    for comment in comments:
        client.create("Comment", {"id": comment, "body": "c", "postId": post})
    client.link("_Bookmarks", post, client.scope)
    client.sync()
    other = env.client(client.scope)
    other.pull()
    assert len(other.rows()) == 6  # user, post, 3 comments, link
    client.delete("Post", {"id": post})
    client.sync()
    other.pull()
    assert set(other.rows()) == {("User", key_text({"id": client.scope}))}
    env.assert_converged(other)
    changes = serverdb.sync_changes(env.pkg, env.engine, client.scope)
    deleted = {(c["model"], c["key"]) for c in changes if c["op"] == "delete"}
    assert ("Post", key_text({"id": post})) in deleted
    assert {("Comment", key_text({"id": c})) for c in comments} <= deleted


def test_weakness_8_server_originated_writes_reach_clients(shared_env):
    env = shared_env
    client = env.user()
    mine = _post(client, "client post")
    client.sync()
    package, url = env.pkg.module(), env.db.url
    server_post = str(uuid.uuid4())
    seams.server_write(
        package,
        url,
        client.scope,
        [
            (
                "create",
                "Post",
                {"id": server_post, "title": "from the server", "authorId": client.scope},
            ),
            ("update", "Post", {"id": mine}, {"title": "edited by the server"}),
            ("create", "Comment", {"id": uuid.uuid4().hex, "body": "c", "postId": server_post}),
        ],
    )
    client.pull()
    titles = sorted(r["title"] for r in client.rows("Post").values())
    assert titles == ["edited by the server", "from the server"]
    env.assert_converged(client)
    seams.server_write(package, url, client.scope, [("delete", "Post", {"id": server_post})])
    client.pull()
    assert len(client.rows("Post")) == 1 and not client.rows("Comment")
    env.assert_converged(client)


def test_weakness_8_row_moved_to_another_scope_is_a_delete_there(shared_env):
    env = shared_env
    a, b = env.user(), env.user()
    post = _post(a, "moving")
    a.sync()
    b.pull()
    seams.server_write(
        env.pkg.module(),
        env.db.url,
        None,  # trusted server code
        [("update", "Post", {"id": post}, {"authorId": b.scope})],
    )
    a.pull()
    b.pull()
    assert a.row("Post", {"id": post}) is None
    assert b.row("Post", {"id": post})["title"] == "moving"
    env.assert_converged(a)
    env.assert_converged(b)


def test_weakness_9_primary_key_change_is_rejected(shared_env):
    env = shared_env
    client = env.user()
    post = _post(client)
    client.sync()
    new_id = str(uuid.uuid4())
    client.update("Post", {"id": post}, {"id": new_id, "title": "renamed"})
    client.push_all()
    assert [r["code"] for r in client.rejections] == ["VALIDATION"], client.rejections
    client.pull()
    posts = client.rows("Post")
    assert list(posts) == [("Post", key_text({"id": post}))]
    assert posts[("Post", key_text({"id": post}))]["title"] == "t"
    env.assert_converged(client)


def test_weakness_10_scope_change_resets_the_local_database(shared_env):
    env = shared_env
    a = env.user()
    _post(a, "a's post")
    a.sync()
    b = env.user()
    _post(b, "b's post")
    b.sync()
    device = env.client(a.scope)
    device.pull()
    old_client_id, old_cursor = device.client_id, device.cursor
    _post(device, "unsent by a")  # pending when A signs out
    device.sign_in(b.scope)
    assert device.client_id != old_client_id and device.cursor == 0 and not device.outbox
    device.sync()
    assert [r["title"] for r in device.rows("Post").values()] == ["b's post"]
    env.assert_converged(device)
    # The old local database's clientId is bound to A: B's token cannot use it.
    res = device.http.post(
        "/sync/pull",
        headers=device.headers(),
        json={
            "protocolVersion": 1,
            "schemaVersion": env.schema_version,
            "clientId": old_client_id,
            "cursor": old_cursor,
            "limit": 10,
        },
    )
    assert res.status_code == 403, res.text


def test_resolver_rewrites_or_rejects_with_conflict(make_env):
    """The server-side resolver hook (sync-protocol.md, Conflicts): a CONFLICT rejection is a
    normal rejection (the queue moves on, the client's optimistic change is rolled back), and a
    rewritten mutation is what is stored and pulled."""
    env = make_env("sqlite", resolver="tests.sync.resolvers:guard_titles")
    client = env.user()
    post = _post(client, "  padded  ")
    bad = _post(client, "!shout")
    locked = _post(client, "locked")
    client.update("Post", {"id": locked}, {"title": "unlocked?"})
    client.sync()
    codes = [(r["mutation"]["key"]["id"], r["code"]) for r in client.rejections]
    assert codes == [(bad, "CONFLICT"), (locked, "CONFLICT")], client.rejections
    titles = {r["id"]: r["title"] for r in client.rows("Post").values()}
    assert titles == {post: "padded", locked: "locked"}
    env.assert_converged(client)
