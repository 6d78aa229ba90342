"""A simulated sync client: the Python twin of the Dart client's sync duties (sync-protocol.md).

Local state, all in memory and replaced atomically (one assignment = one local transaction):

- `base`: the server's rows as last pulled, keyed by (model, key); `cursor` pulled up to;
- `outbox`: mutations not yet acknowledged, in id order (ids 1, 2, 3, ... per client);
- `acked`: mutations the server acknowledged but that no completed pull has shown yet.

What the app sees (`rows()`) is `base` with `acked` and `outbox` replayed on top: a pull never
erases an un-pushed edit (the rebase of weakness 5), and a rejected mutation simply drops out of
the replay (its optimistic change is rolled back). Pushes retry the same batch after a lost ack or
a transient failure; pulls page until `hasMore` is false; a scope change resets everything.

Every loop is bounded (attempts and a deadline); protocol violations raise `ProtocolError`.
"""

from __future__ import annotations

import copy
import json
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

PROTOCOL_VERSION = 1
TOKEN_PREFIX = "test-user:"  # launcher.auth_headers / asgi_entry.authenticate


class SyncHTTPError(Exception):
    """The server answered a status the caller did not expect."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        super().__init__(f"HTTP {self.status}: {str(self.body)[:500]}")

    @property
    def code(self) -> str | None:
        return error_code(self.body)


class Transient(Exception):
    """503, a lost connection, a timeout: retry the same request later."""


class ProtocolError(AssertionError):
    """The server broke the contract (wrong shape, order, ids)."""


def error_code(body: Any) -> str | None:
    """The error code of an error body, wherever the server put it."""
    if not isinstance(body, dict):
        return None
    for candidate in (body, body.get("error"), body.get("detail")):
        if isinstance(candidate, dict) and isinstance(candidate.get("code"), str):
            return candidate["code"]
    return None


def error_field(body: Any, name: str) -> Any:
    if not isinstance(body, dict):
        return None
    for candidate in (body, body.get("error"), body.get("detail")):
        if isinstance(candidate, dict) and name in candidate:
            return candidate[name]
    return None


def key_text(key: dict[str, Any]) -> str:
    """A stable text for a key object (the local store's index)."""
    return json.dumps(key, sort_keys=True, separators=(",", ":"))


@dataclass
class Mutation:
    id: int
    model: str
    op: str  # create | update | delete
    key: dict[str, Any]
    data: dict[str, Any] | None = None
    ops: dict[str, dict[str, Any]] | None = None

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "model": self.model, "op": self.op, "key": self.key}
        if self.data is not None:
            body["data"] = self.data
        if self.ops:
            body["ops"] = self.ops
        return body


def _apply_number_op(value: Any, op: str, amount: Any) -> Any:
    as_text = isinstance(value, str)  # Decimal / BigInt travel as strings
    number = Decimal(value) if as_text else value
    operand = Decimal(str(amount)) if as_text else amount
    if op == "increment":
        number = number + operand
    elif op == "decrement":
        number = number - operand
    elif op == "multiply":
        number = number * operand
    elif op == "divide":
        number = number / operand if as_text or isinstance(number, float) else number // operand
    else:
        raise ValueError(op)
    return format(number, "f") if as_text else number


def replay(store: dict[tuple[str, str], dict[str, Any]], mutation: Mutation) -> None:
    """Apply one local mutation to a store (optimistically, as the client does)."""
    index = (mutation.model, key_text(mutation.key))
    if mutation.op == "create":
        store[index] = {**mutation.key, **(mutation.data or {})}
    elif mutation.op == "update":
        row = store.get(index)
        if row is None:
            return
        row = {**row, **(mutation.data or {})}
        for name, number_ops in (mutation.ops or {}).items():
            for op, amount in number_ops.items():
                if row.get(name) is not None:
                    row[name] = _apply_number_op(row[name], op, amount)
        store[index] = row
    elif mutation.op == "delete":
        store.pop(index, None)


@dataclass
class PushOutcome:
    status: int
    body: Any
    results: list[dict[str, Any]] = field(default_factory=list)


class SimClient:
    """One client database. Not thread-safe: one thread per client (one sync worker each)."""

    def __init__(
        self,
        base_url: str,
        scope: str,
        schema_version: str,
        *,
        client_id: str | None = None,
        timeout: float = 15.0,
        name: str = "",
        path: str = "/sync",
    ) -> None:
        self.base_url = base_url
        self.path = path
        self.schema_version = schema_version
        self.name = name or scope
        self.http = httpx.Client(base_url=base_url, timeout=timeout)
        self.scope = scope
        self.client_id = client_id or str(uuid.uuid4())
        self._reset_local()
        self.rejections: list[dict[str, Any]] = []
        self.pushed_batches = 0
        self.retries = 0

    # --- local database --------------------------------------------------------------------

    def _reset_local(self) -> None:
        self.base: dict[tuple[str, str], dict[str, Any]] = {}
        self.cursor = 0
        self.outbox: list[Mutation] = []
        self.acked: list[Mutation] = []
        self.next_id = 1
        self.server_last_mutation_id = 0

    def sign_in(self, scope: str) -> None:
        """Another user signs in on this device: a fresh local database and clientId (the old
        cursor and outbox must not leak into the new scope: weakness 10)."""
        if scope != self.scope:
            self.scope = scope
            self.client_id = str(uuid.uuid4())
            self._reset_local()

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SimClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, model: str | None = None) -> dict[tuple[str, str], dict[str, Any]]:
        """What the app sees: the pulled rows with pending (acked + outbox) mutations replayed."""
        view = copy.deepcopy(self.base)
        for mutation in (*self.acked, *self.outbox):
            replay(view, mutation)
        if model is None:
            return view
        return {k: v for k, v in view.items() if k[0] == model}

    def row(self, model: str, key: dict[str, Any]) -> dict[str, Any] | None:
        return self.rows().get((model, key_text(key)))

    # --- local writes (each: data change + outbox entry, one local transaction) -------------

    def _enqueue(self, mutation_args: dict[str, Any]) -> Mutation:
        mutation = Mutation(id=self.next_id, **mutation_args)
        self.next_id += 1
        self.outbox.append(mutation)
        return mutation

    def create(
        self, model: str, data: dict[str, Any], key_fields: Iterable[str] = ("id",)
    ) -> Mutation:
        key = {name: data[name] for name in key_fields}
        return self._enqueue({"model": model, "op": "create", "key": key, "data": dict(data)})

    def update(
        self,
        model: str,
        key: dict[str, Any],
        data: dict[str, Any] | None = None,
        ops: dict[str, dict[str, Any]] | None = None,
    ) -> Mutation:
        return self._enqueue(
            {"model": model, "op": "update", "key": dict(key), "data": dict(data or {}), "ops": ops}
        )

    def delete(self, model: str, key: dict[str, Any]) -> Mutation:
        return self._enqueue({"model": model, "op": "delete", "key": dict(key)})

    def link(self, join_table: str, a: Any, b: Any, op: str = "create") -> Mutation:
        return self._enqueue({"model": join_table, "op": op, "key": {"A": a, "B": b}})

    def enqueue_raw(self, mutation: dict[str, Any]) -> Mutation:
        """A hand-made mutation (bad input tests); it gets the next id."""
        mutation = {k: v for k, v in mutation.items() if k != "id"}
        return self._enqueue(
            {
                "model": mutation.get("model"),
                "op": mutation.get("op"),
                "key": mutation.get("key"),
                "data": mutation.get("data"),
                "ops": mutation.get("ops"),
            }
        )

    # --- HTTP -------------------------------------------------------------------------------

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN_PREFIX}{self.scope}"}

    def envelope(self, **extra: Any) -> dict[str, Any]:
        return {
            "protocolVersion": PROTOCOL_VERSION,
            "schemaVersion": self.schema_version,
            "clientId": self.client_id,
            **extra,
        }

    def post(self, endpoint: str, body: Any) -> httpx.Response:
        """POST {path}/{endpoint}; connection failures and timeouts become Transient."""
        try:
            return self.http.post(f"{self.path}/{endpoint}", json=body, headers=self.headers())
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            raise Transient(f"{endpoint}: {type(exc).__name__}: {exc}") from exc

    # --- push -------------------------------------------------------------------------------

    def push_once(self, max_batch: int = 50, *, lose_ack: bool = False) -> PushOutcome:
        """Send the first `max_batch` outbox entries once.

        lose_ack: the request reaches the server but the answer is thrown away, as when the
        connection drops after the server committed; the batch stays in the outbox.
        """
        batch = self.outbox[:max_batch]
        if not batch:
            return PushOutcome(200, None)
        response = self.post("push", self.envelope(mutations=[m.wire() for m in batch]))
        self.pushed_batches += 1
        if response.status_code == 503:
            raise Transient(f"push: 503 {response.text[:200]}")
        if response.status_code != 200:
            raise SyncHTTPError(response)
        if lose_ack:
            return PushOutcome(200, None)
        body = response.json()
        results = self._check_push(batch, body)
        acked_ids = set()
        for result in results:
            mutation = next(m for m in batch if m.id == result["id"])
            if result["status"] in ("applied", "duplicate"):
                self.acked.append(mutation)
            else:
                self.rejections.append({**result, "mutation": mutation.wire()})
            acked_ids.add(mutation.id)
        self.outbox = [m for m in self.outbox if m.id not in acked_ids]
        return PushOutcome(200, body, results)

    def _check_push(self, batch: list[Mutation], body: Any) -> list[dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise ProtocolError(f"push response without results: {body!r}")
        results = body["results"]
        ids = [r.get("id") for r in results]
        if ids != [m.id for m in batch]:
            raise ProtocolError(
                f"push results {ids} do not match the batch {[m.id for m in batch]}"
            )
        for result in results:
            if result.get("status") not in ("applied", "duplicate", "rejected"):
                raise ProtocolError(f"unknown push status: {result!r}")
            if result["status"] == "rejected" and not result.get("code"):
                raise ProtocolError(f"rejected without a code: {result!r}")
        # The server's lastMutationId after the batch: its last id, or more when the whole batch
        # was a retry of mutations already applied.
        last = body.get("lastMutationId")
        if not isinstance(last, int) or last < batch[-1].id:
            raise ProtocolError(f"lastMutationId {last!r} after a batch ending at {batch[-1].id}")
        if last > batch[-1].id and any(r["status"] != "duplicate" for r in results):
            raise ProtocolError(f"lastMutationId {last} beyond a batch that applied mutations")
        return results

    def push_all(
        self,
        max_batch: int = 50,
        *,
        deadline: float = 30.0,
        max_attempts: int = 200,
        backoff: float = 0.05,
        backoff_cap: float = 1.0,
    ) -> None:
        """Push until the outbox is empty; retry the same batch after transient failures with
        capped exponential backoff and jitter. Bounded by `deadline` seconds and attempts."""
        end = time.monotonic() + deadline
        delay = backoff
        attempts = 0
        while self.outbox:
            attempts += 1
            if attempts > max_attempts or time.monotonic() > end:
                raise TimeoutError(f"{self.name}: outbox not empty after {attempts - 1} pushes")
            try:
                self.push_once(max_batch)
                delay = backoff
            except Transient:
                self.retries += 1
                time.sleep(min(delay, backoff_cap) * random.uniform(0.5, 1.0))
                delay *= 2

    # --- pull -------------------------------------------------------------------------------

    def pull(self, limit: int = 500, *, max_pages: int = 1000, deadline: float = 30.0) -> int:
        """Pull pages until hasMore is false; returns the number of pages. 410 CURSOR_EXPIRED
        refetches from cursor 0 (once). Each page and its cursor replace the local state at once."""
        end = time.monotonic() + deadline
        pages = 0
        expired_once = False
        while True:
            if pages >= max_pages or time.monotonic() > end:
                raise TimeoutError(f"{self.name}: pull still hasMore after {pages} pages")
            response = self.post("pull", self.envelope(cursor=self.cursor, limit=limit))
            if response.status_code == 503:
                raise Transient(f"pull: 503 {response.text[:200]}")
            if response.status_code == 410 and error_code(_json(response)) == "CURSOR_EXPIRED":
                if expired_once:
                    raise ProtocolError("CURSOR_EXPIRED for cursor 0")
                expired_once = True
                self.base, self.cursor = {}, 0
                continue
            if response.status_code != 200:
                raise SyncHTTPError(response)
            body = response.json()
            self._apply_page(body, limit)
            pages += 1
            if not body["hasMore"]:
                break
        # Everything up to lastMutationId is in `base` now: those pending entries are done.
        done = self.server_last_mutation_id
        self.acked = [m for m in self.acked if m.id > done]
        return pages

    def _apply_page(self, body: Any, limit: int) -> None:
        for name in ("cursor", "hasMore", "lastMutationId", "changes"):
            if not isinstance(body, dict) or name not in body:
                raise ProtocolError(f"pull response without {name}: {body!r}")
        changes = body["changes"]
        if len(changes) > limit:
            raise ProtocolError(f"{len(changes)} changes for limit {limit}")
        versions = [c["version"] for c in changes]
        if versions != sorted(set(versions)) or (versions and versions[0] <= self.cursor):
            raise ProtocolError(f"versions {versions} not increasing after cursor {self.cursor}")
        if body["cursor"] < self.cursor or (versions and body["cursor"] < versions[-1]):
            raise ProtocolError(f"cursor went from {self.cursor} to {body['cursor']}: {versions}")
        seen: set[tuple[str, str]] = set()
        base = dict(self.base)
        for change in changes:
            index = (change["model"], key_text(change["key"]))
            if index in seen:
                raise ProtocolError(f"page not coalesced: {index} twice")
            seen.add(index)
            if change["op"] in ("upsert", "create"):  # "create": an m-n link (a join table row)
                base[index] = change.get("record") or dict(change["key"])
            elif change["op"] == "delete":
                base.pop(index, None)
            else:
                raise ProtocolError(f"unknown change op {change!r}")
        # One local transaction: rows, cursor and lastMutationId together.
        self.base, self.cursor = base, body["cursor"]
        self.server_last_mutation_id = body["lastMutationId"]

    # --- both -------------------------------------------------------------------------------

    def sync(self, *, max_batch: int = 50, limit: int = 500, deadline: float = 30.0) -> None:
        """Push before pull, as the sync worker does."""
        self.push_all(max_batch, deadline=deadline)
        self.pull(limit, deadline=deadline)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
