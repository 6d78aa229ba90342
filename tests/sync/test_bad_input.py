"""Bad input: malformed JSON, wrong types, unknown models and fields, oversized batches, huge
strings, deep JSON. Each gets a clear 4xx (nothing applied) or, for a well-formed request with a
bad mutation, a `rejected` result (only lastMutationId moves); never a 5xx, never a partial write.
Ends with a derandomized property-based run (hypothesis) over push and pull bodies.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync import serverdb
from tests.sync.client import SimClient

LIMITS = {"max_mutations": 20, "max_body_bytes": 64 * 1024}


def _state(env, client: SimClient):
    return (
        env.scope_rows(client.scope),
        serverdb.sync_changes(env.pkg, env.engine, client.scope),
    )


def _last(env, client) -> int:
    state = serverdb.client_state(env.pkg, env.engine, client.client_id)
    return 0 if state is None else state["lastMutationId"]


def _send(client: SimClient, endpoint: str, body, *, raw: bytes | None = None, headers=None):
    content = raw if raw is not None else json.dumps(body).encode()
    return client.http.post(
        f"/sync/{endpoint}",
        content=content,
        headers={**client.headers(), "Content-Type": "application/json", **(headers or {})},
    )


def check_refused_or_rejected(env, client, response, before, last_before) -> str:
    """The outcome must be a 4xx with nothing changed, or 200 with every result rejected and
    nothing changed but lastMutationId. Returns "4xx" or "rejected"."""
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    after = _state(env, client)
    if response.status_code == 200:
        results = response.json()["results"]
        client.next_id = results[-1]["id"] + 1
        assert all(r["status"] == "rejected" and r.get("code") for r in results), results
        assert after[0] == before[0] and after[1] == before[1], "a rejected mutation wrote data"
        assert _last(env, client) == results[-1]["id"]
        return "rejected"
    assert 400 <= response.status_code < 500, response.text
    assert after[0] == before[0] and after[1] == before[1], "a refused request wrote data"
    assert _last(env, client) == last_before, "a refused request moved lastMutationId"
    return "4xx"


def _post_mutation(client, **data):
    post_id = str(uuid.uuid4())
    return {
        "id": client.next_id,
        "model": "Post",
        "op": "create",
        "key": {"id": post_id},
        "data": {"id": post_id, "title": "t", "authorId": client.scope, **data},
    }


def bad_push_cases():
    """(label, build(client) -> (json body or None, raw bytes or None), expected outcome or None
    for "4xx or rejected"). `client` has its User row and one Post (`client.scope_post`)."""

    def case(label, build, expected=None):
        return label, build, expected

    def body(make):  # a JSON body built from the client
        return lambda c: (make(c), None)

    def raw(make):  # raw bytes built from the client
        return lambda c: (None, make(c))

    def post(c, **data):
        return c.envelope(mutations=[_post_mutation(c, **data)])

    def with_mutation(**changes):
        return body(lambda c: c.envelope(mutations=[{**_post_mutation(c), **changes}]))

    def without(name):
        def make(c):
            document = post(c)
            del document[name]
            return document

        return body(make)

    def update_ops(ops, model="Post"):
        def make(c):
            key = {"id": c.scope_post if model == "Post" else c.scope}
            return c.envelope(
                mutations=[
                    {
                        "id": c.next_id,
                        "model": model,
                        "op": "update",
                        "key": key,
                        "data": {},
                        "ops": ops,
                    }
                ]
            )

        return body(make)

    deep = "[" * 50_000 + "]" * 50_000
    cases = [
        case("not json", raw(lambda c: b'{"protocolVersion": 1, "mutations": ['), "4xx"),
        case("invalid utf-8", raw(lambda c: b'{"clientId": "\xff\xfe"}'), "4xx"),
        case("empty body", raw(lambda c: b""), "4xx"),
        *(
            case(f"top-level {v!r}", body(lambda c, v=v: v), "4xx")
            for v in ([], "x", None, 5, True)
        ),
        *(
            case(f"no {name}", without(name), "4xx")
            for name in ("clientId", "mutations", "protocolVersion")
        ),
        case("protocolVersion 99", body(lambda c: {**post(c), "protocolVersion": 99}), "4xx"),
        case("clientId number", body(lambda c: {**post(c), "clientId": 5}), "4xx"),
        case("clientId empty", body(lambda c: {**post(c), "clientId": ""}), "4xx"),
        case("clientId 10k", body(lambda c: {**post(c), "clientId": "c" * 10_000}), "4xx"),
        case("mutations string", body(lambda c: c.envelope(mutations="x")), "4xx"),
        case("mutations of numbers", body(lambda c: c.envelope(mutations=[1, 2])), "4xx"),
        *(
            case(f"id {v!r}", with_mutation(id=v), "4xx")
            for v in ("2", 2.5, True, None, -1, 0, 2**80)
        ),
        *(case(f"key {v!r}", with_mutation(key=v)) for v in ("x", [], None, 5)),
        *(case(f"op {v!r}", with_mutation(op=v)) for v in ("upsert", "drop", 5, None, "")),
        *(
            case(f"model {v!r}", with_mutation(model=v))
            for v in (
                "Nope",
                5,
                None,
                "",
                "SyncClient",
                "SyncChange",
                "SyncScope",
                "Tag",
                "_PostToTag",
                "__proto__",
                "post",
            )
        ),
        case("data string", with_mutation(data="x")),
        case("data list", with_mutation(data=[1])),
        case("unknown field", body(lambda c: post(c, bogus=1))),
        case("relation field", body(lambda c: post(c, author={"id": "x"}))),
        *(
            case(f"{f}={v!r}", body(lambda c, f=f, v=v: post(c, **{f: v})), "rejected")
            for f, v in (
                ("title", 5),
                ("title", None),
                ("views", "5"),
                ("views", 2**40),
                ("views", -(2**31) - 1),
                ("views", 1.5),
                ("views", True),
                ("rating", 1.5),
                ("rating", "abc"),
                ("createdAt", "yesterday"),
                ("createdAt", "2026-01-02T03:04:05"),
                ("createdAt", 1700000000000),
                ("updatedAt", {"$date": 1}),
            )
        ),
        case("key differs from data", with_mutation(key={"id": "another"}), "rejected"),
        case("empty key", with_mutation(key={})),
        *(
            case(f"ops {ops!r}", update_ops(ops), "rejected")
            for ops in (
                {"views": 1},
                {"views": {"increment": "1"}},
                {"views": {"pow": 2}},
                {"title": {"increment": 1}},
                {"bogus": {"increment": 1}},
                {"views": {"increment": 2**40}},
                {"views": {"decrement": 2**40}},
                {"views": {"divide": 0}},
                {"views": {"increment": 1, "decrement": 1}},
                {"views": {"increment": 1.5}},
            )
        ),
        case(
            "ops on a string field of User",
            update_ops({"email": {"increment": 1}}, "User"),
            "rejected",
        ),
        case("ops not an object", update_ops("x")),
        case(
            "NaN literal",
            raw(lambda c: json.dumps(post(c)).replace('"title": "t"', '"title": NaN').encode()),
        ),
        case(
            "Infinity views",
            raw(
                lambda c: (
                    json.dumps(post(c))
                    .replace('"title": "t"', '"title": "t", "views": Infinity')
                    .encode()
                )
            ),
        ),
        case("deep JSON body", raw(lambda c: f'{{"clientId": {deep}}}'.encode()), "4xx"),
        case(
            "deep JSON in data",
            raw(lambda c: json.dumps(post(c)).replace('"title": "t"', f'"title": {deep}').encode()),
        ),
        case(
            "pk change",
            body(
                lambda c: c.envelope(
                    mutations=[
                        {
                            "id": c.next_id,
                            "model": "Post",
                            "op": "update",
                            "key": {"id": c.scope_post},
                            "data": {"id": str(uuid.uuid4())},
                        }
                    ]
                )
            ),
            "rejected",
        ),
    ]
    return cases


@pytest.fixture
def limited(make_env, request):
    return make_env(request.param, limits=LIMITS)


@pytest.mark.parametrize(
    "limited", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_bad_push_bodies_never_5xx_never_partial(limited):
    env = limited
    failures = []
    for label, build, expected in bad_push_cases():
        client = env.user()  # one scope per case: a case cannot spoil the next one
        post_id = str(uuid.uuid4())
        client.create("Post", {"id": post_id, "title": "mine", "authorId": client.scope})
        client.push_all()
        client.scope_post = post_id  # type: ignore[attr-defined]
        try:
            before = _state(env, client)
            last = _last(env, client)
            body, raw = build(client)
            response = _send(client, "push", body, raw=raw)
            outcome = check_refused_or_rejected(env, client, response, before, last)
            if expected is not None and outcome != expected:
                failures.append(
                    f"{label}: expected {expected}, got {outcome}: {response.text[:200]}"
                )
            # The client still syncs normally afterwards.
            client.outbox.clear()
            client.next_id = _last(env, client) + 1
            client.update("Post", {"id": post_id}, {"title": "still fine"})
            client.sync()
            env.assert_converged(client)
        except (AssertionError, httpx.HTTPError) as exc:
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:600]}")
    assert not failures, f"{len(failures)} bad inputs mishandled:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    "limited", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_oversized_requests_get_413(limited):
    env = limited
    client = env.user()
    before, last = _state(env, client), _last(env, client)
    too_many = [_post_mutation(client) for _ in range(LIMITS["max_mutations"] + 1)]
    for i, mutation in enumerate(too_many):
        mutation["id"] = client.next_id + i
    response = _send(client, "push", client.envelope(mutations=too_many))
    assert response.status_code == 413, response.text
    assert check_refused_or_rejected(env, client, response, before, last) == "4xx"
    huge = _post_mutation(client, title="x" * (LIMITS["max_body_bytes"] + 1))
    response = _send(client, "push", client.envelope(mutations=[huge]))
    assert response.status_code == 413, response.text
    assert check_refused_or_rejected(env, client, response, before, last) == "4xx"
    # A body far beyond the limit, sent without reading it all first (5 MB).
    huge = _post_mutation(client, title="x" * 5_000_000)
    response = _send(client, "push", client.envelope(mutations=[huge]))
    assert response.status_code == 413, response.text
    # Exactly at the limit of mutations: accepted.
    response = _send(client, "push", client.envelope(mutations=too_many[:-1]))
    assert response.status_code == 200, response.text
    assert all(r["status"] == "applied" for r in response.json()["results"])


def test_bad_pull_bodies_never_5xx(shared_env):
    env = shared_env
    client = env.user()
    good = client.envelope(cursor=0, limit=10)
    cases = [
        None,
        [],
        "x",
        {},
        {**good, "cursor": -1},
        {**good, "cursor": "0"},
        {**good, "cursor": 1.5},
        {**good, "cursor": None},
        {**good, "cursor": 2**80},
        {**good, "limit": 0},
        {**good, "limit": -5},
        {**good, "limit": "x"},
        {**good, "limit": 2**80},
        {**good, "clientId": 7},
        {**good, "protocolVersion": 0},
    ]
    for body in cases:
        response = _send(client, "pull", body)
        assert response.status_code < 500, (body, response.text)
        if response.status_code == 200:
            page = response.json()
            assert page["changes"] == [] or body.get("cursor") == 0 or body.get("limit"), page
    response = _send(client, "pull", None, raw=b"{" * 100_000)
    assert 400 <= response.status_code < 500, response.text


# --- property-based -------------------------------------------------------------------------

SYNCED_FIELDS = {
    "User": ["id", "email", "name", "updatedAt"],
    "Post": ["id", "title", "views", "rating", "authorId", "createdAt", "updatedAt"],
    "Comment": ["id", "body", "postId"],
    "Profile": ["id", "bio", "userId"],
    "Draft": ["id", "text", "ownerId", "reviewerId"],
    "AuditEntry": ["id", "action", "userId"],
}
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["2026-01-02T03:04:05.678Z", "12.50", "0", "-1"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutations(draw, scope: str, post_ids: list[str]):
    model = draw(st.sampled_from([*SYNCED_FIELDS, "_Bookmarks", "Tag", "Nope"]))
    fields = SYNCED_FIELDS.get(model, ["id", "A", "B", "label"])
    ref = st.sampled_from([scope, *post_ids, str(uuid.uuid4()), "ghost"])
    value = st.one_of(json_values, ref)
    data = draw(st.dictionaries(st.sampled_from([*fields, "bogus"]), value, max_size=5))
    key = draw(
        st.one_of(
            st.fixed_dictionaries({"id": ref}),
            st.fixed_dictionaries({"A": ref, "B": ref}),
            st.dictionaries(st.text(max_size=3), json_scalars, max_size=2),
        )
    )
    op = draw(st.sampled_from(["create", "update", "delete", "upsert"]))
    mutation = {"model": model, "op": op, "key": key, "data": data}
    if draw(st.booleans()):
        mutation["ops"] = draw(
            st.dictionaries(
                st.sampled_from(["views", "title", "bogus"]),
                st.dictionaries(
                    st.sampled_from(["increment", "decrement", "multiply", "divide", "x"]),
                    json_scalars,
                    max_size=2,
                ),
                max_size=2,
            )
        )
    if draw(st.integers(0, 9)) == 0:
        del mutation[draw(st.sampled_from(["model", "op", "key", "data"]))]
    return mutation


def test_fuzz_push_and_pull_bodies(shared_env):
    """100 derandomized push/pull bodies: never a 5xx; a 4xx changes nothing; a 200 answers each
    mutation in order; afterwards the scope still converges."""
    env = shared_env
    client = env.user()
    post_ids = [str(uuid.uuid4()) for _ in range(2)]
    for post_id in post_ids:
        client.create("Post", {"id": post_id, "title": "p", "authorId": client.scope})
    client.push_all()
    other = env.user()

    @settings(
        max_examples=100,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        kind=st.sampled_from(["push", "push", "push", "pull", "junk"]),
        batch=st.lists(mutations(client.scope, [*post_ids, other.scope]), min_size=1, max_size=4),
        id_shift=st.sampled_from([0, 0, 0, 0, -1, 1, 5]),
        cursor=st.one_of(st.integers(-3, 50), json_scalars),
        limit=st.one_of(st.integers(-3, 50), json_scalars),
        junk=json_values,
    )
    def run(kind, batch, id_shift, cursor, limit, junk):
        before, last = _state(env, client), _last(env, client)
        if kind == "push":
            for i, mutation in enumerate(batch):
                mutation["id"] = last + 1 + id_shift + i
            body = client.envelope(mutations=batch)
            response = _send(client, "push", body)
        elif kind == "pull":
            response = _send(client, "pull", client.envelope(cursor=cursor, limit=limit))
        else:
            response = _send(client, "push", {**client.envelope(), "mutations": junk})
        assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
        if response.status_code >= 400:
            after = _state(env, client)
            assert after == before, "a refused request wrote data"
            assert _last(env, client) == last
        elif kind == "push":
            results = response.json()["results"]
            assert [r["id"] for r in results] == [m["id"] for m in batch]
            assert _last(env, client) == batch[-1]["id"]
        elif kind == "junk":
            # Only an empty mutation list is valid junk: nothing to answer, nothing written.
            assert response.json()["results"] == []
            assert _state(env, client) == before

    run()
    # The scope still converges: every applied fuzz write is in the change log and the pull.
    client.outbox.clear()
    client.acked.clear()
    client.next_id = _last(env, client) + 1
    client.pull(limit=50)
    env.assert_converged(client)
    other.pull()
    env.assert_converged(other)


def test_health_endpoint(shared_env):
    response = httpx.get(f"{shared_env.server.base_url}/sync/health", timeout=5)
    assert response.status_code == 200
