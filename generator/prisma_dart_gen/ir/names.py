"""Prisma's default database names for constraints and implicit many-to-many tables.

Mirrors psl's ConstraintNames (parser-database, names/constraint_names.rs): names are built from
*database* names (tables, columns), and truncated on a UTF-8 character boundary so that name plus
suffix stays below the provider's identifier limit.
"""

from __future__ import annotations

from collections.abc import Sequence


def _truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def _with_suffix(base: str, suffix: str, max_length: int) -> str:
    # psl: `if out.len() >= limit - suffix.len() { truncate(limit - suffix.len()) }`
    if len(base.encode("utf-8")) >= max_length - len(suffix):
        base = _truncate_utf8(base, max_length - len(suffix))
    return base + suffix


def primary_key_name(table: str, max_length: int) -> str:
    return _with_suffix(table, "_pkey", max_length)


def unique_index_name(table: str, columns: Sequence[str], max_length: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_key", max_length)


def index_name(table: str, columns: Sequence[str], max_length: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_idx", max_length)


def foreign_key_name(table: str, columns: Sequence[str], max_length: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_fkey", max_length)


def join_table_name(relation_name: str) -> str:
    return f"_{relation_name}"
