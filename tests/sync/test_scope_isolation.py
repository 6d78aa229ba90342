"""Scope isolation: a client of scope A can neither read, write nor infer scope B's rows.

For every write a client of A might try against B (update, delete, create under B's parent,
re-parent into B, link to B, take over B's scope row), the answer must be a rejection, and the
same answer as for the same write against a row that does not exist at all (else the answer
tells A that the row exists). B's rows and change log stay untouched, and A's pull shows none of
them. A clientId bound to B is refused to A with 403. The scope comes from authentication only.
"""

from __future__ import annotations

import uuid

import httpx

from tests.sync import serverdb


def _fresh() -> str:
    return str(uuid.uuid4())


def _seed_b(env):
    b = env.user()
    post, comment, profile, draft = _fresh(), uuid.uuid4().hex, _fresh(), _fresh()
    b.create("Post", {"id": post, "title": "secret", "authorId": b.scope})
    b.create("Comment", {"id": comment, "body": "secret", "postId": post})
    b.create("Profile", {"id": profile, "bio": "secret", "userId": b.scope})
    b.create("Draft", {"id": draft, "text": "secret", "ownerId": b.scope})
    b.link("_Bookmarks", post, b.scope)
    b.push_all()
    assert not b.rejections, b.rejections
    return b, {"post": post, "comment": comment, "profile": profile, "draft": draft}


def _shape(result: dict, secrets: list[str]) -> tuple:
    """What A learns from a result: status, code and the message with the ids blanked out."""
    message = str(result.get("message", ""))
    for secret in secrets:
        message = message.replace(secret, "<id>")
    return result.get("status"), result.get("code"), message


def _push_one(client, mutation: dict) -> dict:
    mutation = {**mutation, "id": client.next_id}
    client.next_id += 1
    res = client.post("push", client.envelope(mutations=[mutation]))
    assert res.status_code == 200, res.text
    (result,) = res.json()["results"]
    return result


def test_scope_isolation_writes_are_refused_and_indistinguishable(shared_env):
    env = shared_env
    b, ids = _seed_b(env)
    b_before = env.scope_rows(b.scope)
    b_changes = serverdb.sync_changes(env.pkg, env.engine, b.scope)
    a = env.user()
    mine, my_comment = _fresh(), uuid.uuid4().hex
    a.create("Post", {"id": mine, "title": "mine", "authorId": a.scope})
    a.create("Comment", {"id": my_comment, "body": "mine", "postId": mine})
    a.push_all()
    ghost_user, ghost = f"ghost{uuid.uuid4().hex[:8]}", _fresh()

    def both(make) -> None:
        """`make(target)` builds a mutation against B's row or a row that does not exist."""
        existing = _push_one(a, make("b"))
        missing = _push_one(a, make("ghost"))
        secrets = [b.scope, ghost_user, *ids.values(), ghost]
        assert existing["status"] == "rejected", (make("b"), existing)
        assert _shape(existing, secrets) == _shape(missing, secrets), (existing, missing)

    user = {"b": b.scope, "ghost": ghost_user}
    post = {"b": ids["post"], "ghost": ghost}
    comment = {"b": ids["comment"], "ghost": ghost}
    # Writes to B's rows.
    both(
        lambda t: {"model": "Post", "op": "update", "key": {"id": post[t]}, "data": {"title": "x"}}
    )
    both(
        lambda t: {
            "model": "Post",
            "op": "update",
            "key": {"id": post[t]},
            "data": {},
            "ops": {"views": {"increment": 1}},
        }
    )
    both(lambda t: {"model": "Post", "op": "delete", "key": {"id": post[t]}})
    both(
        lambda t: {
            "model": "Comment",
            "op": "update",
            "key": {"id": comment[t]},
            "data": {"body": "x"},
        }
    )
    both(lambda t: {"model": "Comment", "op": "delete", "key": {"id": comment[t]}})
    both(
        lambda t: {
            "model": "User",
            "op": "update",
            "key": {"id": user[t]},
            "data": {"name": "pwned"},
        }
    )
    both(lambda t: {"model": "User", "op": "delete", "key": {"id": user[t]}})
    # Creates under B's parents (one hop, two hops, 1-1 child, scope row itself).
    both(
        lambda t: {
            "model": "Post",
            "op": "create",
            "key": {"id": (i := _fresh())},
            "data": {"id": i, "title": "x", "authorId": user[t]},
        }
    )
    both(
        lambda t: {
            "model": "Comment",
            "op": "create",
            "key": {"id": (i := _fresh())},
            "data": {"id": i, "body": "x", "postId": post[t]},
        }
    )
    both(
        lambda t: {
            "model": "Profile",
            "op": "create",
            "key": {"id": (i := _fresh())},
            "data": {"id": i, "bio": "x", "userId": user[t]},
        }
    )
    both(
        lambda t: {
            "model": "Draft",
            "op": "create",
            "key": {"id": (i := _fresh())},
            "data": {"id": i, "text": "x", "ownerId": user[t]},
        }
    )
    both(
        lambda t: {
            "model": "User",
            "op": "create",
            "key": {"id": user[t]},
            "data": {"id": user[t], "email": f"{_fresh()}@example.test"},
        }
    )
    # Re-parenting A's own rows into B.
    both(
        lambda t: {
            "model": "Post",
            "op": "update",
            "key": {"id": mine},
            "data": {"authorId": user[t]},
        }
    )
    both(
        lambda t: {
            "model": "Comment",
            "op": "update",
            "key": {"id": my_comment},
            "data": {"postId": post[t]},
        }
    )
    # Links with an end in B.
    both(lambda t: {"model": "_Bookmarks", "op": "create", "key": {"A": mine, "B": user[t]}})
    both(lambda t: {"model": "_Bookmarks", "op": "create", "key": {"A": post[t], "B": a.scope}})
    both(lambda t: {"model": "_Bookmarks", "op": "delete", "key": {"A": post[t], "B": user[t]}})

    assert env.scope_rows(b.scope) == b_before
    assert serverdb.sync_changes(env.pkg, env.engine, b.scope) == b_changes
    # A's own rows were not moved either.
    a.pull()
    assert a.row("Post", {"id": mine})["authorId"] == a.scope
    assert a.row("Comment", {"id": my_comment})["postId"] == mine
    env.assert_converged(a)


def test_scope_isolation_pull_shows_nothing_of_another_scope(shared_env):
    env = shared_env
    b, ids = _seed_b(env)
    a = env.user()
    a.pull(limit=3)
    seen = {key for key in a.rows()}
    b_keys = set(env.scope_rows(b.scope))
    assert not seen & b_keys
    everything = str(a.rows())
    for secret in (b.scope, *ids.values()):
        assert secret not in everything
    env.assert_converged(a)


def test_scope_isolation_client_id_of_another_scope_is_refused(shared_env):
    env = shared_env
    b, ids = _seed_b(env)
    last = serverdb.client_state(env.pkg, env.engine, b.client_id)["lastMutationId"]
    thief = env.client(client_id=b.client_id)  # scope A, B's clientId
    thief.create("User", {"id": thief.scope, "email": f"{thief.scope}@example.test"})
    res = thief.post("push", thief.envelope(mutations=[m.wire() for m in thief.outbox]))
    assert res.status_code == 403, res.text
    # With B's next id too (a retry of B's batch by a client of A).
    body = {"id": last + 1, "model": "Post", "op": "delete", "key": {"id": ids["post"]}}
    res = thief.post("push", thief.envelope(mutations=[body]))
    assert res.status_code == 403, res.text
    res = thief.post("pull", thief.envelope(cursor=0, limit=100))
    assert res.status_code == 403, res.text
    assert "secret" not in res.text
    assert serverdb.client_state(env.pkg, env.engine, b.client_id)["lastMutationId"] == last
    assert env.scope_rows(thief.scope) == {}


def test_scope_isolation_requires_authentication(shared_env):
    env = shared_env
    b, _ids = _seed_b(env)
    body = {
        "protocolVersion": 1,
        "schemaVersion": env.schema_version,
        "clientId": b.client_id,
        "cursor": 0,
        "limit": 10,
    }
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eA=="}):
        for endpoint, payload in (("pull", body), ("push", {**body, "mutations": []})):
            res = httpx.post(
                f"{env.server.base_url}/sync/{endpoint}", json=payload, headers=headers, timeout=10
            )
            assert res.status_code == 401, (endpoint, headers, res.text)
            assert "secret" not in res.text


def test_weakness_9_scope_never_comes_from_the_payload(shared_env):
    """A body naming another scope (at the top, in the mutation, in the data) acts as the caller,
    or is refused: never as the scope it names."""
    env = shared_env
    b, ids = _seed_b(env)
    a = env.user()
    for extra in ({"scope": b.scope}, {"userId": b.scope}, {"user": b.scope}):
        res = a.post("pull", {**a.envelope(cursor=0, limit=100), **extra})
        assert res.status_code == 200 or 400 <= res.status_code < 500, res.text
        assert "secret" not in res.text and ids["post"] not in res.text
        mutation = {
            "id": a.next_id,
            "model": "Post",
            "op": "update",
            "key": {"id": ids["post"]},
            "data": {"title": "pwned"},
            "scope": b.scope,
        }
        res = a.post("push", {**a.envelope(mutations=[mutation]), **extra})
        if res.status_code == 200:
            a.next_id += 1
            assert res.json()["results"][0]["status"] == "rejected", res.text
        else:
            assert 400 <= res.status_code < 500, res.text
    b.pull()
    assert b.row("Post", {"id": ids["post"]})["title"] == "secret"
