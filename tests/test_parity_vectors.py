"""Prisma parity vectors (fixtures/parity/): expectations recorded from the real Prisma Client.

`tools/parity/run.mjs --check` re-runs every case through Prisma Client 7.10 (prisma-client-js,
@prisma/adapter-libsql on SQLite) and fails listing every case whose result, error or resulting
table state drifted from what is recorded. The other tests check the vectors themselves: their
shape, and that every area the Dart client must match Prisma on has cases.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from prisma_dart_gen.backends.dart.parity import render_parity_suite
from tests.test_dart_backend import dart_string_value

REPO = Path(__file__).resolve().parents[1]
PARITY = REPO / "fixtures" / "parity"
RUNNER = REPO / "tools" / "parity" / "run.mjs"

OPERATIONS = {
    "findMany",
    "findFirst",
    "findFirstOrThrow",
    "findUnique",
    "findUniqueOrThrow",
    "create",
    "createMany",
    "update",
    "updateMany",
    "upsert",
    "delete",
    "deleteMany",
    "count",
    "aggregate",
    "groupBy",
}
WRITE_OPERATIONS = {
    "create",
    "createMany",
    "createManyAndReturn",
    "update",
    "updateMany",
    "updateManyAndReturn",
    "upsert",
    "delete",
    "deleteMany",
}
READ_OPERATIONS = OPERATIONS - WRITE_OPERATIONS

REQUIRED_AREAS = {
    # typed where, per scalar type, plus logic, null and relation filters
    "filter.string",
    "filter.mode",
    "filter.int",
    "filter.float",
    "filter.bigint",
    "filter.decimal",
    "filter.datetime",
    "filter.boolean",
    "filter.enum",
    "filter.bytes",
    "filter.json",
    "filter.null",
    "filter.logic",
    "filter.relation",
    "unique.single",
    "unique.compound",
    "orderBy.fields",
    "orderBy.nulls",
    "orderBy.relation",
    "orderBy.count",
    "pagination.skipTake",
    "pagination.cursor",
    "distinct",
    "select.fields",
    "select.relation",
    "include.relation",
    "include.nested",
    "include.args",
    "include.count",
    "update.null",
    "update.atomic",
    "write.defaults",
    "aggregate.count",
    "aggregate.agg",
    "aggregate.groupBy",
    "referential.cascade",
    "referential.setNull",
    "referential.restrict",
    "referential.noAction",
    "referential.setDefault",
}

# Nested writes: (operation, relation kind) pairs Prisma offers for our schema's relations.
REQUIRED_NESTED = {
    ("create", "1-1"),
    ("create", "1-n"),
    ("create", "m-n"),
    ("createMany", "1-n"),
    ("connect", "1-1"),
    ("connect", "1-n"),
    ("connect", "m-n"),
    ("connectOrCreate", "1-1"),
    ("connectOrCreate", "1-n"),
    ("connectOrCreate", "m-n"),
    ("disconnect", "1-1"),
    ("disconnect", "1-n"),
    ("disconnect", "m-n"),
    ("set", "1-n"),
    ("set", "m-n"),
    ("update", "1-1"),
    ("update", "1-n"),
    ("update", "m-n"),
    ("upsert", "1-1"),
    ("upsert", "1-n"),
    ("upsert", "m-n"),
    ("delete", "1-1"),
    ("delete", "1-n"),
    ("delete", "m-n"),
    ("deleteMany", "1-n"),
    ("deleteMany", "m-n"),
}

REQUIRED_ERROR_CODES = {"P2025", "P2002", "P2003", "P2014"}

# Argument keys that must each appear in at least one case of the given area prefix.
REQUIRED_KEYS = {
    "filter.": {
        "equals",
        "not",
        "in",
        "notIn",
        "lt",
        "lte",
        "gt",
        "gte",
        "contains",
        "startsWith",
        "endsWith",
        "mode",
        "AND",
        "OR",
        "NOT",
        "some",
        "every",
        "none",
        "is",
        "isNot",
    },
    "orderBy.": {"orderBy", "sort", "nulls", "_count"},
    "pagination.": {"skip", "take", "cursor"},
    "distinct": {"distinct"},
    "select.": {"select", "omit"},
    "include.": {"include", "where", "orderBy", "take", "skip", "cursor", "distinct", "_count"},
    "update.atomic": {"increment", "decrement", "multiply", "divide"},
    "aggregate.": {"_count", "_min", "_max", "_avg", "_sum", "by", "having", "orderBy"},
}

# Operators every comparable scalar type is filtered with (a bare value counts as `equals`).
COMPARABLE_FILTER_KEYS = {"equals", "not", "in", "notIn", "lt", "lte", "gt", "gte"}
COMPARABLE_TYPES = ["int", "float", "bigint", "decimal", "datetime", "string"]

ALLOWED_KEYS = {
    "id",
    "area",
    "relationKind",
    "description",
    "seed",
    "model",
    "operation",
    "args",
    "expect",
    "expectAfter",
}


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted((PARITY / "cases").glob("*.json")):
        loaded = json.loads(path.read_text())
        assert isinstance(loaded, list), f"{path.name} must hold a JSON array of cases"
        cases.extend(loaded)
    return cases


CASES = load_cases()


def keys_in(value: Any) -> Iterator[str]:
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)


def where_filters(value: Any) -> Iterator[tuple[str, Any]]:
    """(field, filter) pairs of every `where` in the args, through AND/OR/NOT."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "where" and isinstance(item, dict):
                yield from _fields_of_where(item)
            yield from where_filters(item)
    elif isinstance(value, list):
        for item in value:
            yield from where_filters(item)


def _fields_of_where(where: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, item in where.items():
        if key in {"AND", "OR", "NOT"}:
            for sub in item if isinstance(item, list) else [item]:
                if isinstance(sub, dict):
                    yield from _fields_of_where(sub)
        else:
            yield key, item


def node_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (REPO / "node_modules" / "@prisma" / "client").is_dir():
        return "node_modules missing (run `npm ci`)"
    return None


@pytest.mark.skipif(node_missing() is not None, reason=str(node_missing()))
def test_vectors_match_prisma_client() -> None:
    env = {**os.environ, "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/true", "CHECKPOINT_DISABLE": "1"}
    res = subprocess.run(
        ["node", str(RUNNER), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert res.returncode == 0, (
        f"Prisma Client no longer produces the recorded parity vectors "
        f"(exit {res.returncode}):\n{res.stdout}\n{res.stderr}"
    )


def test_case_count() -> None:
    assert len(CASES) >= 150, f"only {len(CASES)} parity cases"


def test_cases_are_well_formed() -> None:
    ids = [case.get("id") for case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate case ids: {duplicates}"
    problems = []
    for case in CASES:
        cid = case.get("id")
        unknown = set(case) - ALLOWED_KEYS
        if unknown:
            problems.append(f"{cid}: unknown keys {sorted(unknown)}")
        for key in ("id", "area", "description", "model", "operation", "seed", "expect"):
            if key not in case:
                problems.append(f"{cid}: missing {key!r}")
        expect = case.get("expect", {})
        if sorted(expect) not in (["result"], ["error"]):
            problems.append(f"{cid}: expect must hold exactly one of result / error")
        if "error" in expect and "name" not in expect["error"]:
            problems.append(f"{cid}: an expected error needs a name")
        is_write = case.get("operation") in WRITE_OPERATIONS
        if is_write != ("expectAfter" in case):
            problems.append(f"{cid}: expectAfter belongs to write operations, and only to them")
        seed = case.get("seed")
        if seed not in ("default", "empty") and not (isinstance(seed, dict) and "tables" in seed):
            problems.append(f"{cid}: seed must be 'default', 'empty' or {{'tables': ...}}")
        if str(case.get("area", "")).startswith("nested.") and case.get("relationKind") not in {
            "1-1",
            "1-n",
            "m-n",
        }:
            problems.append(f"{cid}: nested cases need relationKind 1-1, 1-n or m-n")
    assert not problems, "\n".join(problems)


def test_every_operation_is_covered() -> None:
    missing = OPERATIONS - {case["operation"] for case in CASES}
    assert not missing, f"no case for operations {sorted(missing)}"
    for operation in OPERATIONS:
        successes = [
            c for c in CASES if c["operation"] == operation and "result" in c.get("expect", {})
        ]
        assert successes, f"no successful case for {operation}"


def test_every_area_is_covered() -> None:
    missing = REQUIRED_AREAS - {case["area"] for case in CASES}
    assert not missing, f"no case for areas {sorted(missing)}"


def test_every_nested_write_is_covered() -> None:
    found = {
        (case["area"].removeprefix("nested."), case["relationKind"])
        for case in CASES
        if case["area"].startswith("nested.")
    }
    missing = REQUIRED_NESTED - found
    assert not missing, f"no nested-write case for {sorted(missing)}"


def test_every_error_code_is_covered() -> None:
    codes = {case["expect"]["error"].get("code") for case in CASES if "error" in case["expect"]}
    missing = REQUIRED_ERROR_CODES - codes
    assert not missing, f"no case expecting {sorted(missing)}"
    names = {case["expect"]["error"]["name"] for case in CASES if "error" in case["expect"]}
    assert "PrismaClientValidationError" in names


def test_every_argument_key_is_covered() -> None:
    problems = []
    for prefix, required in REQUIRED_KEYS.items():
        used = {
            key
            for case in CASES
            if case["area"].startswith(prefix)
            for key in keys_in(case.get("args", {}))
        }
        if required - used:
            problems.append(f"{prefix}*: no case uses {sorted(required - used)}")
    nested_keys = {
        key
        for case in CASES
        if case["area"].startswith("nested.")
        for key in keys_in(case.get("args", {}))
    }
    nested_ops = {op for op, _ in REQUIRED_NESTED}
    if nested_ops - nested_keys:
        problems.append(f"nested.*: no case uses {sorted(nested_ops - nested_keys)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("type_area", COMPARABLE_TYPES)
def test_comparable_types_use_every_operator(type_area: str) -> None:
    used: set[str] = set()
    for case in CASES:
        if case["area"] != f"filter.{type_area}":
            continue
        for _field, condition in where_filters(case.get("args", {})):
            if isinstance(condition, dict) and "$type" not in condition:
                used.update(condition)
            else:
                used.add("equals")
    missing = COMPARABLE_FILTER_KEYS - used
    assert not missing, f"filter.{type_area}: no case uses {sorted(missing)}"


# --- known gaps of the Dart client ---------------------------------------------------------------

GAPS = json.loads((PARITY / "dart_gaps.json").read_text())["cases"]
# The Json filter operators the Dart client refuses on both storages (args.dart, _jsonFilter):
# on SQLite, Prisma runs them with json1 and `->`, beyond the local SQLite floor
# (docs/dart-client.md).
REFUSED_JSON_OPERATORS = {
    "path",
    "string_contains",
    "string_starts_with",
    "string_ends_with",
    "array_contains",
    "array_starts_with",
    "array_ends_with",
}


def test_gaps_are_only_refused_json_filters() -> None:
    """Every listed case exists, has a reason and filters with an operator the Dart client
    refuses; every case that does so and where Prisma answers other than with a validation error
    is listed (a case Prisma refuses passes as it is: the Dart client refuses it too)."""
    by_id = {case["id"]: case for case in CASES}
    assert set(GAPS) <= set(by_id)
    assert all(isinstance(reason, str) and reason for reason in GAPS.values())

    def refused(case: dict[str, Any]) -> bool:
        return any(
            isinstance(condition, dict) and REFUSED_JSON_OPERATORS & set(condition)
            for _, condition in where_filters(case.get("args", {}))
        )

    assert all(refused(by_id[case_id]) for case_id in GAPS)
    prisma_answers = {
        case["id"]
        for case in CASES
        if refused(case)
        and case["expect"].get("error", {}).get("name") != "PrismaClientValidationError"
    }
    assert prisma_answers == set(GAPS)


def test_gaps_are_embedded_in_the_dart_runner() -> None:
    """test/parity/vectors.dart carries dart_gaps.json verbatim; the runner skips those ids."""
    files = render_parity_suite("parity_db", PARITY)
    vectors = files[PurePosixPath("test/parity/vectors.dart")].decode()
    head, _, _ = vectors.partition("const String seedJson =")
    _, _, gaps = head.partition("const String dartGapsJson =")
    literal = re.compile(r"^    ('(?:[^'\\]|\\.)*');?$")
    text = "".join(
        dart_string_value(match.group(1))
        for line in gaps.splitlines()
        if (match := literal.match(line))
    )
    assert text == (PARITY / "dart_gaps.json").read_text(encoding="utf-8")
    runner = files[PurePosixPath("test/parity_test.dart")].decode()
    assert "skip: gaps[id] as String?" in runner
