"""Faults: the server process is SIGKILLed mid-batch, again and again, while clients push.

Four clients (two scopes) keep creating posts and comments and incrementing counters in batches;
the server is killed at random moments (no shutdown handler runs; in-flight transactions die with
it) and restarted on the same port. Clients retry the same batch after the lost connection.
Afterwards: nothing lost (every created row exists, every counter equals the number of increments
the client queued), nothing doubled (counters not above it, one change-log entry per row),
nothing half-applied (rows, change log and lastMutationId agree), and every client converges.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

import pytest

from tests.sync import serverdb
from tests.sync.client import SimClient, key_text

KILLS = 6


def _worker(client: SimClient, stop: threading.Event, expected: dict, errors: list, seed: int):
    rng = random.Random(seed)
    posts: list[str] = []
    try:
        for _ in range(100_000):
            if stop.is_set():
                break
            for _ in range(rng.randint(3, 15)):
                roll = rng.random()
                if not posts or roll < 0.2:
                    post = str(uuid.uuid4())
                    client.create("Post", {"id": post, "title": "t", "authorId": client.scope})
                    posts.append(post)
                    expected[("Post", post)] = 0
                elif roll < 0.35:
                    comment = uuid.uuid4().hex
                    client.create(
                        "Comment", {"id": comment, "body": "c", "postId": rng.choice(posts)}
                    )
                    expected[("Comment", comment)] = None
                else:
                    post = rng.choice(posts)
                    client.update("Post", {"id": post}, ops={"views": {"increment": 1}})
                    expected[("Post", post)] += 1
            client.push_all(max_batch=rng.randint(2, 10), deadline=60, max_attempts=2000)
    except Exception as exc:
        errors.append(f"{client.name}: {type(exc).__name__}: {exc}")


@pytest.mark.slow
@pytest.mark.parametrize(
    "provider", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_faults_sigkill_mid_batch_loses_doubles_or_halves_nothing(make_env, provider):
    env = make_env(provider)
    owners = [env.user() for _ in range(2)]
    clients = [env.client(owners[i % 2].scope, name=f"c{i}", timeout=10) for i in range(4)]
    expected = [dict() for _ in clients]
    errors: list[str] = []
    stop = threading.Event()
    threads = [
        threading.Thread(target=_worker, args=(c, stop, expected[i], errors, i), daemon=True)
        for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    rng = random.Random(99)
    port = env.server.port
    for _ in range(KILLS):
        time.sleep(rng.uniform(0.3, 1.0))
        env.server.kill()
        time.sleep(rng.uniform(0.0, 0.3))
        env.server.start(port=port)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(90)
    assert not any(t.is_alive() for t in threads), "a client did not stop"
    assert not errors, errors
    retries = sum(c.retries for c in clients)
    assert retries > 0, "no push was interrupted: the kills did not hit a batch"

    for client, wanted in zip(clients, expected, strict=True):
        client.push_all(deadline=60)
        assert not client.rejections, client.rejections[:3]
        client.pull()
        rows = env.scope_rows(client.scope)
        for model, row_id in wanted:
            row = rows.get((model, key_text({"id": row_id})))
            assert row is not None, f"{client.name}: {model} {row_id} lost"
        state = serverdb.client_state(env.pkg, env.engine, client.client_id)
        assert state["lastMutationId"] == client.next_id - 1
    # Counters: the increments of all clients of a scope, exactly once each.
    totals: dict[str, int] = {}
    for wanted in expected:
        for (model, row_id), views in wanted.items():
            if model == "Post":
                totals[row_id] = totals.get(row_id, 0) + views
    for owner in owners:
        rows = env.scope_rows(owner.scope)
        for (model, _key), row in rows.items():
            if model == "Post":
                assert row["views"] == totals[row["id"]], f"post {row['id']}: {row['views']} views"
        changes = serverdb.sync_changes(env.pkg, env.engine, owner.scope)
        logged = {(c["model"], c["key"]) for c in changes if c["op"] == "upsert"}
        assert logged == set(rows), "change log and rows disagree"
        assert len({c["version"] for c in changes}) == len(changes)
    for client in clients:
        env.assert_converged(client)
