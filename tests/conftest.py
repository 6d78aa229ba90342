"""Session-wide fixtures: one throwaway PostgreSQL server per test process (xdist worker)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer, postgres_for_pytest


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """Started on first use on 127.0.0.1, stopped and removed when the session ends."""
    yield from postgres_for_pytest()
