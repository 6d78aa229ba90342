"""Sync server benchmark: push/pull throughput versus raw SQLAlchemy Core, latency, pull memory.

    .venv/bin/python bench/sync_bench.py            # full (~6 minutes): writes BENCHMARKS-sync.md
    .venv/bin/python bench/sync_bench.py --quick    # SQLite, one config, 1,000 rows (smoke test)
    .venv/bin/python bench/run.py --sync [--quick]  # the same, through the benchmark entry point

The server is the package generated from fixtures/sync (syncScope = "User"), run by
tests/sync/launcher.py under uvicorn in a subprocess on 127.0.0.1 (one worker); clients are threads
with httpx. Each raw baseline runs in this process with plain SQLAlchemy Core against a separate
fresh database built from the same Prisma DDL, writing / selecting the same Post rows, with the
same batch sizes and thread counts, but with no HTTP, no JSON and no sync bookkeeping.

Seeding the 100,000-row scope goes through the server-side API (`create_sync(url).transaction()`,
chunks of 5,000 creates), so the change log is the real one; the raw database gets the same rows
with bulk `INSERT`s. Every load loop is bounded by a count and a deadline.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generator"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from tests.support.params import load_params  # noqa: E402
from tests.sync.launcher import (  # noqa: E402
    REPO,
    Database,
    ServerPackage,
    SyncServer,
    auth_headers,
    postgres_database,
    render_server,
    sqlite_database,
)

BUILD = REPO / "build" / "bench"
PROTOCOL = 1
PULL_LIMIT = 1000  # the server's default max_pull_limit
SEED_CHUNK = 5000


@dataclass(frozen=True)
class Settings:
    providers: tuple[str, ...]
    push_configs: tuple[tuple[int, int], ...]  # (batch size, concurrent clients)
    push_seconds: float  # deadline of one push config (ours or raw)
    push_max_batches: int  # per client per config
    pull_rows: int
    incremental_rounds: int
    incremental_size: int
    load_clients: int
    load_seconds: float
    load_max_cycles: int  # per client


FULL = Settings(
    providers=("sqlite", "postgresql"),
    push_configs=tuple((b, c) for b in (1, 10, 100) for c in (1, 4, 16)),
    push_seconds=3.0,
    push_max_batches=5000,
    pull_rows=100_000,
    incremental_rounds=20,
    incremental_size=100,
    load_clients=16,
    load_seconds=8.0,
    load_max_cycles=500,
)
QUICK = Settings(
    providers=("sqlite",),
    push_configs=((10, 4),),
    push_seconds=1.0,
    push_max_batches=200,
    pull_rows=1000,
    incremental_rounds=3,
    incremental_size=20,
    load_clients=4,
    load_seconds=1.5,
    load_max_cycles=50,
)


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


def percentiles(values: list[float]) -> dict[str, float]:
    """Nearest-rank p50/p95/p99 in milliseconds (monotone by construction)."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        index = max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))
        return ordered[index] * 1000

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99)}


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


# --- the HTTP client ----------------------------------------------------------------------------


class Client:
    """A minimal protocol client: one scope, one clientId, consecutive mutation ids."""

    def __init__(self, base_url: str, scope: str, schema_version: str) -> None:
        self.scope = scope
        self.schema_version = schema_version
        self.client_id = str(uuid.uuid4())
        self.next_id = 1
        self.cursor = 0
        self.unavailable = 0  # 503 answers (retried): the database was busy
        self.http = httpx.Client(base_url=base_url, headers=auth_headers(scope), timeout=120.0)

    def close(self) -> None:
        self.http.close()

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        for attempt in range(20):  # 503 is transient (a busy database): retry, bounded
            res = self.http.post(path, json=body)
            if res.status_code == 200:
                return res.json()
            if res.status_code != 503:
                raise RuntimeError(f"{path}: HTTP {res.status_code} {res.text[:300]}")
            self.unavailable += 1
            time.sleep(0.01 * (attempt + 1))
        raise RuntimeError(f"{path}: still 503 after 20 attempts")

    def push(self, mutations: list[dict[str, Any]]) -> int:
        """Push mutations (without ids); returns how many were applied."""
        for mutation in mutations:
            mutation["id"] = self.next_id
            self.next_id += 1
        body = self._post(
            "/sync/push",
            {
                "protocolVersion": PROTOCOL,
                "schemaVersion": self.schema_version,
                "clientId": self.client_id,
                "mutations": mutations,
            },
        )
        statuses = [r.get("status") for r in body["results"]]
        if any(s != "applied" for s in statuses):
            raise RuntimeError(f"push not applied: {body['results'][:3]}")
        return len(statuses)

    def pull_page(self) -> tuple[int, bool]:
        body = self._post(
            "/sync/pull",
            {
                "protocolVersion": PROTOCOL,
                "schemaVersion": self.schema_version,
                "clientId": self.client_id,
                "cursor": self.cursor,
                "limit": PULL_LIMIT,
            },
        )
        self.cursor = body["cursor"]
        return len(body["changes"]), bool(body["hasMore"])

    def pull_all(self, max_pages: int = 10_000) -> tuple[int, int]:
        changes = pages = 0
        for _ in range(max_pages):
            count, more = self.pull_page()
            changes += count
            pages += 1
            if not more:
                return changes, pages
        raise RuntimeError("pull did not finish")

    def create_user(self) -> None:
        self.push([user_create(self.scope)])


def user_create(scope: str) -> dict[str, Any]:
    data = {"id": scope, "email": f"{scope}@bench.test"}
    return {"model": "User", "op": "create", "key": {"id": scope}, "data": data}


def post_create(scope: str, post_id: str) -> dict[str, Any]:
    data = {"id": post_id, "title": f"title {post_id}", "authorId": scope}
    return {"model": "Post", "op": "create", "key": {"id": post_id}, "data": data}


# --- load runner --------------------------------------------------------------------------------


def run_threads(
    clients: int, seconds: float, max_cycles: int, cycle: Callable[[int, int], int]
) -> tuple[int, float, list[float]]:
    """Run `cycle(client, n) -> items` on `clients` threads until the deadline or max_cycles.

    Returns (items, elapsed seconds, per-cycle latencies)."""
    barrier = threading.Barrier(clients + 1)
    totals = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    deadline = [0.0]

    def worker(index: int) -> None:
        barrier.wait()
        try:
            for n in range(max_cycles):
                if time.perf_counter() >= deadline[0]:
                    break
                t0 = time.perf_counter()
                totals[index] += cycle(index, n)
                latencies[index].append(time.perf_counter() - t0)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    deadline[0] = start + seconds
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 300)
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} worker(s) failed: {errors[0]!r}") from errors[0]
    return sum(totals), elapsed, [x for lat in latencies for x in lat]


# --- one provider -------------------------------------------------------------------------------


class Target:
    """The server (ours) and the raw database of one provider."""

    def __init__(self, pkg: ServerPackage, ours: Database, raw: Database, work: Path) -> None:
        self.pkg = pkg
        self.module = pkg.module()
        self.ours = ours
        self.raw = raw
        self.server = SyncServer(pkg, ours, work)
        self.raw_engine = self.module.db.create_engine(raw.url)
        if pkg.provider == "sqlite":  # threads share the file: wait for the write lock
            self.raw_engine = sa.create_engine(
                raw.url, connect_args={"timeout": 60, "check_same_thread": False}
            )
        self.post = self.module.tables.tables["Post"]
        self.user = self.module.tables.tables["User"]

    def client(self, scope: str) -> Client:
        return Client(self.server.base_url, scope, self.pkg.schema_version)

    def raw_users(self, scopes: list[str]) -> None:
        rows = [
            {"id": s, "email": f"{s}@bench.test", "name": None, "updatedAt": now_utc()}
            for s in scopes
        ]
        with self.raw_engine.begin() as conn:
            conn.execute(sa.insert(self.user), rows)

    def raw_posts(self, conn: sa.Connection, scope: str, ids: list[str]) -> None:
        stamp = now_utc()
        rows = [
            {
                "id": i,
                "title": f"title {i}",
                "views": 0,
                "rating": None,
                "authorId": scope,
                "createdAt": stamp,
                "updatedAt": stamp,
            }
            for i in ids
        ]
        conn.execute(sa.insert(self.post), rows)

    def close(self) -> None:
        self.server.stop()
        self.raw_engine.dispose()
        self.ours.close()
        self.raw.close()


def bench_push(target: Target, settings: Settings, started: float) -> list[dict]:
    rows = []
    for batch, clients in settings.push_configs:
        tag = uuid.uuid4().hex[:6]
        scopes = [f"p{tag}{batch}x{clients}c{i}" for i in range(clients)]
        sims = [target.client(s) for s in scopes]
        try:
            for sim in sims:
                sim.create_user()

            def ours_cycle(index: int, n: int, sims=sims, scopes=scopes, batch=batch) -> int:
                ids = [f"{scopes[index]}-{n}-{k}" for k in range(batch)]
                return sims[index].push([post_create(scopes[index], i) for i in ids])

            done, elapsed, lat = run_threads(
                clients, settings.push_seconds, settings.push_max_batches, ours_cycle
            )
            unavailable = sum(sim.unavailable for sim in sims)
        finally:
            for sim in sims:
                sim.close()
        target.raw_users(scopes)

        def raw_cycle(index: int, n: int, scopes=scopes, batch=batch) -> int:
            ids = [f"{scopes[index]}-{n}-{k}" for k in range(batch)]
            with target.raw_engine.begin() as conn:
                target.raw_posts(conn, scopes[index], ids)
            return batch

        raw_done, raw_elapsed, raw_lat = run_threads(
            clients, settings.push_seconds, settings.push_max_batches, raw_cycle
        )
        ours_rate, raw_rate = done / elapsed, raw_done / raw_elapsed
        row = {
            "provider": target.pkg.provider,
            "batch": batch,
            "clients": clients,
            "ours_mutations": done,
            "ours_per_s": ours_rate,
            "raw_rows": raw_done,
            "raw_per_s": raw_rate,
            "ratio": ours_rate / raw_rate if raw_rate else 0.0,
            "ours_latency_ms": percentiles(lat),
            "ours_503": unavailable,
            "raw_latency_ms": percentiles(raw_lat),
        }
        rows.append(row)
        log(
            f"{target.pkg.provider:10} push batch {batch:3} x {clients:2} clients: "
            f"ours {ours_rate:8.0f}/s raw {raw_rate:8.0f}/s ratio {row['ratio']:.3f}",
            started,
        )
    return rows


def seed(target: Target, scope: str, count: int, started: float) -> float:
    """`count` Posts of `scope`: ours through create_sync(...).transaction(), raw bulk inserts."""
    t0 = time.perf_counter()
    sync = target.module.create_sync(target.ours.url)
    try:
        with sync.transaction() as tx:
            tx.create("User", {"id": scope, "email": f"{scope}@bench.test"})
        for start in range(0, count, SEED_CHUNK):
            with sync.transaction() as tx:
                for i in range(start, min(count, start + SEED_CHUNK)):
                    tx.create("Post", {"id": f"s{i:07d}", "title": f"seed {i}", "authorId": scope})
    finally:
        sync.close()
    ours_s = time.perf_counter() - t0
    target.raw_users([scope])
    for start in range(0, count, SEED_CHUNK):
        with target.raw_engine.begin() as conn:
            ids = [f"s{i:07d}" for i in range(start, min(count, start + SEED_CHUNK))]
            target.raw_posts(conn, scope, ids)
    log(f"{target.pkg.provider:10} seeded {count} rows (ours {ours_s:.1f} s)", started)
    return ours_s


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    def __init__(self, pid: int, interval: float = 0.01) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = rss_kb(self.pid)
            if value:
                self.samples.append(value)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def bench_pull(target: Target, settings: Settings, started: float) -> dict:
    scope = f"pull{uuid.uuid4().hex[:8]}"
    seed_s = seed(target, scope, settings.pull_rows, started)
    pid = target.server.proc.pid if target.server.proc else 0
    sim = target.client(scope)
    try:
        rss_before = rss_kb(pid)
        with RssSampler(pid) as sampler:
            t0 = time.perf_counter()
            changes, pages = sim.pull_all()
            initial_s = time.perf_counter() - t0
        rss_after = rss_kb(pid)
        if changes < settings.pull_rows + 1:  # the User row too
            raise RuntimeError(f"initial pull returned {changes} changes")
        # Raw: keyset pages of the same size over the same rows, materialised as dicts.
        t0 = time.perf_counter()
        raw_rows, last = 0, ""
        with target.raw_engine.connect() as conn:
            conn.execute(sa.select(target.user).where(target.user.c.id == scope)).all()
            for _ in range(10_000):
                page = conn.execute(
                    sa.select(target.post)
                    .where(target.post.c.authorId == scope, target.post.c.id > last)
                    .order_by(target.post.c.id)
                    .limit(PULL_LIMIT)
                ).all()
                raw_rows += len([dict(r._mapping) for r in page])
                if len(page) < PULL_LIMIT:
                    break
                last = page[-1].id
        raw_initial_s = time.perf_counter() - t0
        # Incremental: push `incremental_size` title updates, then time one pull of them.
        inc_changes = 0
        inc_s = raw_inc_s = 0.0
        inc_lat: list[float] = []
        for r in range(settings.incremental_rounds):
            ids = [
                f"s{(r * settings.incremental_size + k) % settings.pull_rows:07d}"
                for k in range(settings.incremental_size)
            ]
            sim.push(
                [
                    {"model": "Post", "op": "update", "key": {"id": i}, "data": {"title": f"r{r}"}}
                    for i in ids
                ]
            )
            t0 = time.perf_counter()
            got, _pages = sim.pull_all()
            took = time.perf_counter() - t0
            inc_s += took
            inc_lat.append(took)
            inc_changes += got
            with target.raw_engine.begin() as conn:
                conn.execute(
                    sa.update(target.post)
                    .where(target.post.c.id.in_(ids))
                    .values(title=f"r{r}", updatedAt=now_utc())
                )
            t0 = time.perf_counter()
            with target.raw_engine.connect() as conn:
                rows = conn.execute(sa.select(target.post).where(target.post.c.id.in_(ids))).all()
                assert len([dict(x._mapping) for x in rows]) == len(ids)
            raw_inc_s += time.perf_counter() - t0
    finally:
        sim.close()
    initial_rate = changes / initial_s
    raw_rate = raw_rows / raw_initial_s
    inc_rate = inc_changes / inc_s if inc_s else 0.0
    raw_inc_rate = settings.incremental_rounds * settings.incremental_size / raw_inc_s
    result = {
        "provider": target.pkg.provider,
        "rows": settings.pull_rows,
        "seed_ours_s": seed_s,
        "initial_changes": changes,
        "initial_pages": pages,
        "initial_s": initial_s,
        "initial_per_s": initial_rate,
        "raw_initial_rows": raw_rows,
        "raw_initial_s": raw_initial_s,
        "raw_initial_per_s": raw_rate,
        "initial_ratio": initial_rate / raw_rate,
        "incremental_rounds": settings.incremental_rounds,
        "incremental_changes": inc_changes,
        "incremental_per_s": inc_rate,
        "raw_incremental_per_s": raw_inc_rate,
        "incremental_ratio": inc_rate / raw_inc_rate if raw_inc_rate else 0.0,
        "incremental_latency_ms": percentiles(inc_lat),
        "rss_kb": {
            "before": rss_before,
            "peak": max(sampler.samples, default=0),
            "after": rss_after,
            "samples": len(sampler.samples),
            # at 0, 25, 50, 75 and 100 % of the pull: flat if the server pages (no growth)
            "trajectory": (
                [
                    sampler.samples[min(len(sampler.samples) - 1, len(sampler.samples) * q // 4)]
                    for q in range(5)
                ]
                if sampler.samples
                else []
            ),
        },
    }
    log(
        f"{target.pkg.provider:10} pull {changes} changes in {initial_s:.1f} s "
        f"({initial_rate:.0f}/s, raw {raw_rate:.0f}/s), incremental {inc_rate:.0f}/s, "
        f"RSS {rss_before / 1024:.0f} -> peak {result['rss_kb']['peak'] / 1024:.0f} MB",
        started,
    )
    return result


def bench_load(target: Target, settings: Settings, started: float) -> dict:
    """`load_clients` clients, each cycling push(10 creates) then pull: latency of each."""
    tag = uuid.uuid4().hex[:6]
    scopes = [f"l{tag}c{i}" for i in range(settings.load_clients)]
    sims = [target.client(s) for s in scopes]
    push_lat: list[list[float]] = [[] for _ in sims]
    pull_lat: list[list[float]] = [[] for _ in sims]
    try:
        for sim in sims:
            sim.create_user()
            sim.pull_all()

        def cycle(index: int, n: int) -> int:
            sim = sims[index]
            t0 = time.perf_counter()
            sim.push([post_create(sim.scope, f"{sim.scope}-{n}-{k}") for k in range(10)])
            t1 = time.perf_counter()
            got, _pages = sim.pull_all()
            push_lat[index].append(t1 - t0)
            pull_lat[index].append(time.perf_counter() - t1)
            return got

        pulled, elapsed, _ = run_threads(
            len(sims), settings.load_seconds, settings.load_max_cycles, cycle
        )
        unavailable = sum(sim.unavailable for sim in sims)
    finally:
        for sim in sims:
            sim.close()
    pushes = [x for lat in push_lat for x in lat]
    result = {
        "provider": target.pkg.provider,
        "clients": len(sims),
        "elapsed_s": elapsed,
        "cycles": len(pushes),
        "mutations_per_s": 10 * len(pushes) / elapsed,
        "pulled_changes": pulled,
        "unavailable_503": unavailable,
        "push_ms": percentiles(pushes),
        "pull_ms": percentiles([x for lat in pull_lat for x in lat]),
    }
    log(
        f"{target.pkg.provider:10} load {len(sims)} clients: {len(pushes)} cycles, push p50 "
        f"{result['push_ms']['p50']:.0f} ms p99 {result['push_ms']['p99']:.0f} ms, pull p50 "
        f"{result['pull_ms']['p50']:.0f} ms p99 {result['pull_ms']['p99']:.0f} ms",
        started,
    )
    return result


# --- main ---------------------------------------------------------------------------------------


def run_provider(
    provider: str, settings: Settings, work: Path, pg: Any, started: float
) -> dict[str, Any]:
    params = load_params("sync", work / provider)
    name = f"bench_sync_{provider}_server"
    pkg = render_server(params, work / provider / "pkgs", provider, name)
    if provider == "sqlite":
        ours = sqlite_database(pkg, work / provider / "ours.db")
        raw = sqlite_database(pkg, work / provider / "raw.db")
    else:
        ours = postgres_database(pkg, pg, "bench_ours")
        raw = postgres_database(pkg, pg, "bench_raw")
    target = Target(pkg, ours, raw, work / provider)
    try:
        target.server.start()
        log(
            f"{provider:10} server pid {target.server.proc.pid} on {target.server.base_url}",
            started,
        )
        return {
            "push": bench_push(target, settings, started),
            "pull": bench_pull(target, settings, started),
            "load": bench_load(target, settings, started),
            "server_errors": target.server.errors_logged()[:5],
        }
    finally:
        target.close()


def machine() -> dict[str, Any]:
    from bench.run import machine as generation_machine

    info = generation_machine(sys.executable)
    keep = ("cpu", "cores", "memory_gib", "os", "kernel", "python")
    out = {k: info.get(k) for k in keep}
    for module in ("sqlalchemy", "fastapi", "uvicorn", "httpx", "psycopg"):
        with contextlib.suppress(Exception):
            out[module] = importlib.import_module(module).__version__
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, one config, 1,000 rows")
    parser.add_argument("--out", type=Path, help="markdown report (full: BENCHMARKS-sync.md)")
    parser.add_argument("--json", type=Path, help="raw results (default: build/bench/)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    suffix = "-quick" if args.quick else ""
    out = args.out or (
        BUILD / "BENCHMARKS-sync.quick.md" if args.quick else REPO / "BENCHMARKS-sync.md"
    )
    json_path = args.json or BUILD / f"sync-results{suffix}.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = [round(x, 2) for x in os.getloadavg()]
    work = Path(tempfile.mkdtemp(prefix="prisma-dart-gen-sync-bench-"))
    providers: dict[str, Any] = {}
    try:
        with contextlib.ExitStack() as stack:
            pg = None
            if "postgresql" in settings.providers:
                from tests.support.postgres import postgres_server

                pg = stack.enter_context(postgres_server())
                log(f"postgresql on 127.0.0.1:{pg.port}", started)
            for provider in settings.providers:
                providers[provider] = run_provider(provider, settings, work, pg, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "load_average": {"before": load_before, "after": [round(x, 2) for x in os.getloadavg()]},
        "duration_s": time.perf_counter() - started,
        "settings": asdict(settings),
        "providers": providers,
    }
    json_path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    from bench.sync_report import render_markdown

    out.write_text(render_markdown(results), encoding="utf-8")
    print(f"wrote {out} and {json_path} in {results['duration_s']:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
