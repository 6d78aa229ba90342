"""A throwaway PostgreSQL server for tests.

    with postgres_server() as pg:
        engine = sqlalchemy.create_engine(pg.create_database("parity"))
        ...                    # pg.url is the `postgres` maintenance database
        pg.node_url("parity")  # the same database as a plain postgres:// URL, for Node tools

The server lives in a fresh temporary directory (initdb -A trust, listening on 127.0.0.1 only, on a
free port, unix socket inside the directory, fsync off) and is always stopped and removed on exit,
also when the body raises. Run as root, initdb and postgres run as the `postgres` user (initdb
refuses root). Binaries come from $PG_BINDIR, `pg_config --bindir`, or /usr/lib/postgresql/*/bin.

For pytest use `postgres_for_pytest()` (skips when PostgreSQL is not installed, fails instead
when $CI is set, so that CI cannot silently skip the PostgreSQL tests).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

STARTUP_TIMEOUT = 30.0
SHUTDOWN_TIMEOUT = 15.0
_PR_SET_PDEATHSIG = 1
_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL binaries are not installed (or unusable) on this machine."""


def find_bindir() -> Path | None:
    """The directory holding initdb and postgres, or None when PostgreSQL is not installed."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            )
            candidates.append(Path(out.stdout.strip()))
    # Debian/Ubuntu keep the server binaries out of PATH; prefer the newest major version.
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else -1,
        reverse=True,
    )
    candidates.extend(versions)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    return None


def _stop_with_parent() -> None:
    """In the postmaster child (Linux): get SIGINT, a "fast" shutdown, when our process dies.

    Covers a test run killed without cleanup (SIGTERM/SIGKILL on pytest); the temporary
    directory then stays behind, but no server is left running.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGINT))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """A running server; create it with `postgres_server()`."""

    def __init__(self, bindir: Path, root: Path, run_as: str | None) -> None:
        self.bindir = bindir
        self.root = root
        self.datadir = root / "data"
        self.logfile = root / "postgres.log"
        self.run_as = run_as
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    # -- URLs ---------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """SQLAlchemy URL of the `postgres` maintenance database."""
        return self.sqlalchemy_url("postgres")

    def sqlalchemy_url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def node_url(self, database: str = "postgres") -> str:
        """A libpq-style URL (for psycopg, node-postgres, Prisma)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    # -- databases ----------------------------------------------------------------------------
    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        if not _DB_NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        with psycopg.connect(self.node_url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return self.sqlalchemy_url(name)

    def drop_database(self, name: str) -> None:
        if not _DB_NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        with psycopg.connect(self.node_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- life cycle ---------------------------------------------------------------------------
    def _popen_user_args(self) -> dict:
        if self.run_as is None:
            return {}
        pw = pwd.getpwnam(self.run_as)
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def initdb(self) -> None:
        self.datadir.mkdir()
        if self.run_as is not None:
            pw = pwd.getpwnam(self.run_as)
            for path in (self.root, self.datadir):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        cmd = [
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
        res = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
            **self._popen_user_args(),
        )
        if res.returncode != 0:
            raise PostgresUnavailable(
                f"initdb failed ({res.returncode}):\n{res.stdout}{res.stderr}"
            )

    def start(self) -> None:
        # Another process may grab the port between _free_port() and bind(): retry a few times.
        for _attempt in range(3):
            self.port = _free_port()
            if self._try_start():
                return
        raise PostgresUnavailable(f"postgres did not start:\n{self._log_tail()}")

    def _try_start(self) -> bool:
        cmd = [
            str(self.bindir / "postgres"),
            "-D",
            str(self.datadir),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.root}",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=50",
        ]
        with open(self.logfile, "ab") as log:
            # Run the postmaster directly (not via pg_ctl) so its pid is ours to signal; its own
            # session keeps a terminal's Ctrl-C from killing it before our cleanup runs.
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                start_new_session=True,
                preexec_fn=_stop_with_parent,  # runs after the switch to the `postgres` user
                **self._popen_user_args(),
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            try:
                with psycopg.connect(self.node_url(), connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        self.stop()
        raise PostgresUnavailable(
            f"postgres not ready after {STARTUP_TIMEOUT}s:\n{self._log_tail()}"
        )

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)  # "fast" shutdown: disconnect clients, no checkpoint wait
        try:
            proc.wait(SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGQUIT)  # "immediate" shutdown
            try:
                proc.wait(SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@contextlib.contextmanager
def postgres_server(bindir: Path | None = None) -> Iterator[PostgresServer]:
    """Start a throwaway server, yield it, and always stop it and delete its directory."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin);"
            " install them, e.g. `apt-get install -y postgresql`"
        )
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root but there is no `postgres` user") from None
        run_as = "postgres"
    # Short path under /tmp: the unix socket path must stay below ~100 bytes, and as root the
    # `postgres` user must be able to reach the directory (pytest's tmp_path is 0700 root).
    root = Path(tempfile.mkdtemp(prefix="pgtest-", dir="/tmp" if run_as else None))
    server = PostgresServer(bindir, root, run_as)
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def postgres_for_pytest() -> Iterator[PostgresServer]:
    """Body of a pytest fixture: `yield from postgres_for_pytest()`.

    Skips the requesting tests when PostgreSQL is not installed, except on CI ($CI set), where a
    missing server is an error.
    """
    import pytest

    if find_bindir() is None:
        message = "PostgreSQL server binaries not found (apt-get install -y postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_server() as server:
        yield server
