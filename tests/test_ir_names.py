"""Prisma's default constraint names, including truncation at the provider's identifier limit."""

from __future__ import annotations

from prisma_dart_gen.ir import names
from prisma_dart_gen.ir.model import Provider

PG = Provider.POSTGRESQL.max_identifier_length


def test_short_names():
    assert names.primary_key_name("User", PG) == "User_pkey"
    assert names.unique_index_name("User", ["email"], PG) == "User_email_key"
    assert names.index_name("Post", ["authorId", "createdAt"], PG) == "Post_authorId_createdAt_idx"
    assert names.foreign_key_name("Post", ["authorId"], PG) == "Post_authorId_fkey"
    assert names.join_table_name("CategoryToPost") == "_CategoryToPost"


def test_long_names_are_truncated_to_fit_postgres_63_bytes():
    table = "TaskRunExecutionSnapshotCheckpoint"
    columns = ["environmentId", "organizationId", "createdAt"]
    name = names.index_name(table, columns, PG)
    # psl: when name + suffix would reach the limit, cut the base to limit - len(suffix).
    assert name == (f"{table}_{'_'.join(columns)}"[: PG - 4]) + "_idx"
    assert len(name.encode()) == 63
    fk = names.foreign_key_name(table, columns, PG)
    assert fk.endswith("_fkey") and len(fk.encode()) == 63


def test_boundary_exactly_at_the_limit_is_truncated_like_psl():
    # base of 59 bytes + "_key" (4) == 63: psl's `>=` check truncates to 59, i.e. unchanged.
    base = "T" * 57 + "_c"
    assert names.unique_index_name("T" * 57, ["c"], PG) == base[: PG - 4] + "_key"


def test_truncation_never_splits_a_utf8_character():
    table = "é" * 40  # 80 bytes
    name = names.primary_key_name(table, PG)
    assert name.endswith("_pkey")
    assert len(name.encode()) <= 63
    name.encode().decode("utf-8")  # valid UTF-8


def test_sqlite_has_no_practical_limit():
    long_table = "x" * 300
    assert names.primary_key_name(long_table, Provider.SQLITE.max_identifier_length) == (
        long_table + "_pkey"
    )
