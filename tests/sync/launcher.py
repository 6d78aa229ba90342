"""Render the generated sync server, create its database from Prisma's DDL, run it under uvicorn.

    pkg = render_server(load_params("sync", work), work / "pkgs", "postgresql", "sync_pg")
    db = sqlite_database(pkg, work / "app.db")            # or postgres_database(pkg, pg, "name")
    with SyncServer(pkg, db, work) as server:             # uvicorn subprocess on 127.0.0.1
        httpx.post(f"{server.base_url}/sync/pull", headers=auth_headers("u1"), json={...})
        server.kill()                                     # SIGKILL, as a crash would
        server.start()                                    # same database, new process, new port

The server is a subprocess (not a thread) so that it can be SIGKILLed mid-request and restarted;
its ASGI app comes from tests/sync/asgi_entry.py, configured through environment variables.
Every process started here is stopped by `stop()` / the context manager, and dies with pytest
(PR_SET_PDEATHSIG) if pytest itself is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from prisma_dart_gen.generate import plan
from prisma_dart_gen.ir.sync import SyncPlan
from tests.support import apply_postgres_ddl, apply_sqlite_ddl, prisma_ddl

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# The token of `auth_headers(scope)`; asgi_entry.authenticate maps it back to the scope.
TOKEN_PREFIX = "test-user:"


def auth_headers(scope: str | None) -> dict[str, str]:
    """Headers that authenticate as `scope` (no Authorization header for None)."""
    return {} if scope is None else {"Authorization": f"Bearer {TOKEN_PREFIX}{scope}"}


# --- the generated package ----------------------------------------------------------------------


@dataclass(frozen=True)
class ServerPackage:
    """A rendered server package: `import <name>` works with `root` on sys.path."""

    name: str
    root: Path
    provider: str
    schema_file: Path  # the schema it was generated from (its own provider, see `provider`)
    sync: SyncPlan

    @property
    def schema_version(self) -> str:
        return self.sync.schema_version

    def module(self):
        """The package imported into this (pytest's) process: tables, models, db."""
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))
        return importlib.import_module(self.name)


def render_server(params: dict[str, Any], dest: Path, provider: str, name: str) -> ServerPackage:
    """Render the server package of a `generate` request for `provider` into dest/name."""
    params = json.loads(json.dumps(params))
    params["generator"]["config"]["serverOutput"] = f"../generated/{name}"
    for source in params["datasources"]:
        source["provider"] = source["activeProvider"] = provider
    result = plan(params)
    assert result.schema.sync is not None, "the schema has no syncScope"
    root = result.config.server_output
    assert root is not None
    package_dir = dest / name
    for path, content in result.outputs[root].items():
        target = package_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    schema_file = Path(params["schemaPath"])
    return ServerPackage(name, dest, provider, schema_file, result.schema.sync)


# --- databases ----------------------------------------------------------------------------------


@dataclass
class Database:
    """A database created from Prisma's DDL. `url` is what the server gets (Prisma style for
    PostgreSQL), `engine()` a SQLAlchemy engine for direct reads and server-side writes."""

    provider: str
    url: str
    drop: Any = None  # callable that removes it (PostgreSQL)
    _engine: sa.Engine | None = field(default=None, repr=False)

    def engine(self, pkg: ServerPackage) -> sa.Engine:
        if self._engine is None:
            self._engine = pkg.module().db.create_engine(self.url)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self.drop is not None:
            with contextlib.suppress(Exception):
                self.drop()


@cache
def _ddl(schema_file: str, provider: str, url: str | None) -> str:
    # Prisma's DDL does not depend on the (empty) database the engine connects to: one per schema.
    return prisma_ddl(schema_file, provider=provider, url=url)


def sqlite_database(pkg: ServerPackage, path: Path) -> Database:
    apply_sqlite_ddl(path, _ddl(str(pkg.schema_file), "sqlite", None))
    return Database("sqlite", f"sqlite:///{path}")


def postgres_database(pkg: ServerPackage, pg, name: str) -> Database:
    """A fresh database `name` on the throwaway server `pg` (tests.support.postgres)."""
    pg.drop_database(name)
    pg.create_database(name)
    url = pg.node_url(name)
    probe = pg.node_url("postgres")
    apply_postgres_ddl(url, _ddl(str(pkg.schema_file), "postgresql", probe))
    return Database("postgresql", url, drop=lambda: pg.drop_database(name))


# --- the server process -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


class ServerDied(RuntimeError):
    pass


# Every SyncServer made in this process (conftest shows their new log lines when a test fails).
SERVERS: list[SyncServer] = []


class SyncServer:
    """The generated app under uvicorn in a subprocess, bound to 127.0.0.1 on a free port.

    `options` reach asgi_entry as JSON: `limits` (dict passed to create_app), `allocator`
    (a test allocator name, see asgi_entry), `resolver` (a resolver name), `sleep` (seconds a
    test allocator holds its transaction open).
    """

    def __init__(self, pkg: ServerPackage, db: Database, work: Path, **options: Any) -> None:
        self.pkg = pkg
        self.db = db
        self.work = work
        self.options = options
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log = work / f"uvicorn-{pkg.name}-{id(self):x}.log"
        SERVERS.append(self)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SyncServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _env(self) -> dict[str, str]:
        paths = [str(self.pkg.root), str(REPO), str(REPO / "generator")]
        old = os.environ.get("PYTHONPATH")
        return {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(paths + ([old] if old else [])),
            "SYNC_TEST_PACKAGE": self.pkg.name,
            "SYNC_TEST_DATABASE_URL": self.db.url,
            "SYNC_TEST_OPTIONS": json.dumps(self.options),
        }

    def start(self, port: int | None = None) -> None:
        """Start (or restart after kill/stop) and wait until GET /sync/health answers 200."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        last_error = ""
        for _attempt in range(3):  # another process may take the port before uvicorn binds it
            self.port = port or _free_port()
            self.starts += 1
            with open(self.log, "ab") as log:
                log.write(f"--- start {self.starts} on port {self.port}\n".encode())
                log.flush()
                self.proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "tests.sync.asgi_entry:app",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                        "--log-level",
                        "warning",
                        "--no-access-log",
                        "--timeout-graceful-shutdown",
                        "3",
                    ],
                    cwd=REPO,
                    env=self._env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent,
                )
            try:
                self._wait_healthy()
                return
            except ServerDied as exc:
                last_error = str(exc)
                if "address already in use" not in last_error.lower() or port:
                    raise
        raise ServerDied(last_error)

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise ServerDied(f"uvicorn exited during startup:\n{self.log_tail()}")
            try:
                res = httpx.get(f"{self.base_url}/sync/health", timeout=2.0)
                if res.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerDied(f"no healthy /sync/health after {STARTUP_TIMEOUT}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, in-flight transactions die with the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(STOP_TIMEOUT)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int, limit: int = 6000) -> str:
        try:
            with open(self.log, "rb") as log:
                log.seek(offset)
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        return text if len(text) <= limit else "...\n" + text[-limit:]

    def errors_logged(self) -> list[str]:
        """Tracebacks / ERROR lines uvicorn wrote (a 500 leaves one)."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]
