"""Fixtures of the multi-client sync harness.

- `sync_pkg(provider)`: the server package rendered from fixtures/sync for sqlite / postgresql
  (once per session);
- `shared_env` (parametrized sqlite + postgresql): one server per provider for the whole session;
  tests on it use fresh random scopes, so they never see each other's rows;
- `make_env(provider, **options)`: a fresh database and server for one test (limits, test
  allocators, kill/restart), stopped at the end of the test.

An `Env` bundles the package, database, server and the clients a test made (all closed at the end).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.support import node_tooling_missing
from tests.support.params import load_params
from tests.sync import launcher, serverdb
from tests.sync.client import SimClient
from tests.sync.launcher import (
    Database,
    ServerPackage,
    SyncServer,
    postgres_database,
    render_server,
    sqlite_database,
)

PROVIDERS = ["sqlite", "postgresql"]
PROVIDER_PARAMS = [pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "slow: a sync scenario that runs for several seconds")


def new_scope(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class Env:
    def __init__(self, pkg: ServerPackage, db: Database, server: SyncServer) -> None:
        self.pkg = pkg
        self.db = db
        self.server = server
        self.servers = [server]
        self.clients: list[SimClient] = []

    @property
    def provider(self) -> str:
        return self.pkg.provider

    @property
    def engine(self) -> sa.Engine:
        return self.db.engine(self.pkg)

    @property
    def schema_version(self) -> str:
        return self.pkg.schema_version

    def another_server(self) -> SyncServer:
        """A second server process on the same database (as a second worker would be)."""
        server = SyncServer(self.pkg, self.db, self.server.work, **self.server.options)
        self.servers.append(server)
        server.start()
        return server

    def client(
        self, scope: str | None = None, *, server: SyncServer | None = None, **kwargs: Any
    ) -> SimClient:
        base_url = (server or self.server).base_url
        client = SimClient(base_url, scope or new_scope(), self.pkg.schema_version, **kwargs)
        self.clients.append(client)
        return client

    def user(self, scope: str | None = None, **kwargs: Any) -> SimClient:
        """A client whose scope's User row exists (created through its own push)."""
        client = self.client(scope, **kwargs)
        client.create("User", {"id": client.scope, "email": f"{client.scope}@example.test"})
        client.push_all()
        assert not client.rejections, client.rejections
        return client

    def scope_rows(self, scope: str) -> dict:
        return serverdb.scope_rows(self.pkg, self.engine, scope)

    def assert_converged(self, client: SimClient) -> None:
        """The client's view equals the server's rows of its scope (after a full sync)."""
        assert not client.outbox and not client.acked, "sync first"
        server = self.scope_rows(client.scope)
        mine = client.rows()
        missing = sorted(set(server) - set(mine))
        extra = sorted(set(mine) - set(server))
        differ = sorted(k for k in set(server) & set(mine) if server[k] != mine[k])
        assert not (missing or extra or differ), (
            f"{client.name}: {len(missing)} rows missing, {len(extra)} extra, {len(differ)} differ"
            f"\nmissing: {missing[:5]}\nextra: {extra[:5]}"
            + "".join(f"\n{k}: server {server[k]} client {mine[k]}" for k in differ[:5])
        )

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()


@pytest.fixture(scope="session")
def sync_work(tmp_path_factory) -> Path:
    reason = node_tooling_missing()
    if reason:
        pytest.skip(f"Prisma's DDL needs node tooling: {reason}")
    return tmp_path_factory.mktemp("sync")


@pytest.fixture(scope="session")
def sync_packages(sync_work) -> dict[str, ServerPackage]:
    params = load_params("sync", sync_work)
    return {
        provider: render_server(params, sync_work / "pkgs", provider, f"sync_{provider}_server")
        for provider in PROVIDERS
    }


def _database(pkg: ServerPackage, work: Path, request, label: str) -> Database:
    if pkg.provider == "sqlite":
        return sqlite_database(pkg, work / f"{label}.db")
    pg = request.getfixturevalue("pg_server")
    return postgres_database(pkg, pg, label)


@pytest.fixture(scope="session", params=PROVIDER_PARAMS)
def shared_env(request, sync_packages, sync_work) -> Iterator[Env]:
    pkg = sync_packages[request.param]
    db = _database(pkg, sync_work, request, f"shared_{request.param}")
    server = SyncServer(pkg, db, sync_work)
    env = Env(pkg, db, server)
    try:
        server.start()
        yield env
    finally:
        env.close()
        server.stop()
        db.close()


@pytest.fixture
def make_env(request, sync_packages, tmp_path) -> Iterator:
    made: list[Env] = []

    def make(provider: str, *, start: bool = True, **options: Any) -> Env:
        pkg = sync_packages[provider]
        label = f"t_{uuid.uuid4().hex[:10]}"
        db = _database(pkg, tmp_path, request, label)
        server = SyncServer(pkg, db, tmp_path, **options)
        env = Env(pkg, db, server)
        made.append(env)
        if start:
            server.start()
        return env

    try:
        yield make
    finally:
        for env in made:
            env.close()
            for server in env.servers:
                with contextlib.suppress(Exception):
                    server.stop()
            env.db.close()


@pytest.fixture(autouse=True)
def _server_log_on_failure(request) -> Iterator[None]:
    """When a test fails, show what the servers it used logged meanwhile (a 500's traceback)."""
    marks = {id(server): server.log_size() for server in launcher.SERVERS}
    yield
    report = getattr(request.node, "sync_call_report", None)
    if report is None or not report.failed:
        return
    for server in launcher.SERVERS:
        text = server.log_since(marks.get(id(server), 0)).strip()
        if text:
            report.sections.append((f"uvicorn log {server.log.name}", text))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.sync_call_report = report
