"""Exactly-once pushes: lost acknowledgements, retried and overlapping batches, gaps, disorder.

sync-protocol.md, Push: a mutation id <= the stored lastMutationId is answered `duplicate` and not
applied again; a gap or an out-of-order id is refused with 409 MUTATION_GAP and the server's
lastMutationId, and nothing of that request is applied.
"""

from __future__ import annotations

import random
import uuid

from tests.sync import serverdb
from tests.sync.client import error_code, error_field


def _posts(client, count):
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for i, post_id in enumerate(ids):
        client.create("Post", {"id": post_id, "title": f"p{i}", "authorId": client.scope})
    return ids


def test_lost_acks_and_retried_batches_apply_exactly_once(shared_env):
    env = shared_env
    client = env.user()
    rng = random.Random(7)
    post_ids = _posts(client, 4)
    increments = {post_id: 0 for post_id in post_ids}
    for _ in range(60):
        post_id = rng.choice(post_ids)
        client.update("Post", {"id": post_id}, ops={"views": {"increment": 1}})
        increments[post_id] += 1
        if rng.random() < 0.2:
            client.create("Comment", {"id": uuid.uuid4().hex, "body": "c", "postId": post_id})
    last_id = client.next_id - 1
    statuses: dict[str, int] = {}
    for _round in range(100):
        if not client.outbox:
            break
        # The ack of this batch is lost: the server applied it, the client does not know.
        client.push_once(rng.randint(1, 9), lose_ack=True)
        # The retry resends the same first mutations, sometimes with more behind them.
        outcome = client.push_once(rng.randint(1, 12))
        for result in outcome.results:
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    assert not client.outbox and not client.rejections
    assert statuses.get("duplicate", 0) > 0 and statuses.get("applied", 0) > 0, statuses

    rows = env.scope_rows(client.scope)
    for post_id, count in increments.items():
        assert rows[("Post", f'{{"id":"{post_id}"}}')]["views"] == count
    state = serverdb.client_state(env.pkg, env.engine, client.client_id)
    assert state is not None and state["lastMutationId"] == last_id
    # One change-log entry per row of the scope, versions unique.
    changes = serverdb.sync_changes(env.pkg, env.engine, client.scope)
    upserts = [c for c in changes if c["op"] == "upsert"]
    assert len(upserts) == len(rows)
    assert len({c["version"] for c in changes}) == len(changes)
    client.pull(limit=7)
    env.assert_converged(client)


def _gap_refused(env, client, mutations, expected_last, *, within_batch=False):
    """Refused, nothing applied. A gap after lastMutationId is 409 MUTATION_GAP with the
    server's lastMutationId; ids that are not consecutive inside one batch may instead be
    refused as an invalid request (422): the contract only says "processed strictly in order"."""
    before = serverdb.snapshot(env.pkg, env.engine)
    res = client.post("push", client.envelope(mutations=mutations))
    if within_batch and res.status_code == 422:
        assert error_code(res.json()), res.text
    else:
        assert res.status_code == 409, res.text
        assert error_code(res.json()) == "MUTATION_GAP", res.text
        assert error_field(res.json(), "lastMutationId") == expected_last, res.text
    after = serverdb.snapshot(env.pkg, env.engine)
    # Nothing applied; the only thing allowed to move is the client's lastSeenAt.
    for table in before:
        if table != "SyncClient":
            assert before[table] == after[table], f"{table} changed on a refused push"


def _create(client, title):
    return {
        "id": 0,
        "model": "Post",
        "op": "create",
        "key": {"id": (pid := str(uuid.uuid4()))},
        "data": {"id": pid, "title": title, "authorId": client.scope},
    }


def test_gap_refused_with_mutation_gap_and_no_side_effects(shared_env):
    env = shared_env
    client = env.user()  # mutation 1 applied
    first = {**_create(client, "gap"), "id": 3}
    _gap_refused(env, client, [first], 1)
    # A batch whose start is fine but which skips an id inside.
    ok, skip = {**_create(client, "a"), "id": 2}, {**_create(client, "b"), "id": 4}
    _gap_refused(env, client, [ok, skip], 1, within_batch=True)


def test_out_of_order_ids_refused_with_no_side_effects(shared_env):
    env = shared_env
    client = env.user()
    batch = [{**_create(client, str(i)), "id": i} for i in (2, 4, 3)]
    _gap_refused(env, client, batch, 1, within_batch=True)
    _gap_refused(env, client, [batch[0], batch[0]], 1, within_batch=True)  # an id twice
    # The same mutations in order are then accepted, all of them.
    batch.sort(key=lambda m: m["id"])
    res = client.post("push", client.envelope(mutations=batch))
    assert res.status_code == 200, res.text
    assert [r["status"] for r in res.json()["results"]] == ["applied"] * 3


def test_fresh_client_must_start_at_one(shared_env):
    env = shared_env
    client = env.client()
    body = {
        "id": 1,
        "model": "User",
        "op": "create",
        "key": {"id": client.scope},
        "data": {"id": client.scope, "email": f"{client.scope}@example.test"},
    }
    _gap_refused(env, client, [{**body, "id": 2}], 0)
    res = client.post("push", client.envelope(mutations=[body]))
    assert res.status_code == 200 and res.json()["results"][0]["status"] == "applied", res.text
