"""The benchmarks still run (bench/run.py --quick): tiny inputs, one repetition, sane numbers.

Not a timed test: nothing here asserts a speed. It asserts that every part of the benchmark
produced the rows BENCHMARKS.md is built from, with plausible values.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import synth
from bench.harness import parse_generated
from bench.run import PEERS, strip_generators
from tests.support.params import REPO

PEER_KEYS = {peer.key for peer in PEERS}


def test_parse_generated_reads_both_units():
    text = (
        "\x1b[32m✔\x1b[0m Generated Prisma Client (7.10.1) to ./generated/prisma in 835ms\n"
        "✔ Generated /x/node_modules/.bin/idb-client-generator (0.38.1) to ./generated/idb"
        " in 17.33s\n"
        "✔ Generated No-op (0) to ./generated/noop in 78ms\n"
    )
    found = {g.output: g for g in parse_generated(text)}
    assert found["./generated/prisma"].ms == 835
    assert found["./generated/prisma"].name == "Prisma Client"
    assert found["./generated/idb"].ms == pytest.approx(17330)
    assert found["./generated/idb"].version == "0.38.1"
    assert found["./generated/noop"].ms == 78


def test_synthetic_schema_is_deterministic_and_sized():
    text = synth.schema_text(100)
    assert text == synth.schema_text(100)
    assert text.count("\nmodel ") == 100
    assert text.count("\nenum ") == synth.enum_count(100) == 20
    # every model but the first has a parent; the back-relation lists match
    assert text.count('@relation("Model') == 99 * 2


def test_strip_generators_keeps_everything_else():
    schema = (
        'generator client {\n  provider = "prisma-client-js"\n}\n\nmodel A {\n  id Int @id\n}\n'
    )
    assert strip_generators(schema) == "\nmodel A {\n  id Int @id\n}\n"


@pytest.mark.e2e
def test_quick_benchmark_produces_sane_rows(tmp_path):
    out, results_path = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--out",
            str(out),
            "--json",
            str(results_path),
            "--work",
            str(tmp_path / "work"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(results_path.read_text(encoding="utf-8"))

    # Part 1: every generator ran and reported its own "Generated" figure.
    rows = results["rows"]
    assert {row["generator"] for row in rows} == PEER_KEYS
    for row in rows:
        assert 0 < row["generated_ms"] < row["wall_s"] * 1000, row
        assert row["cpu_s"] > 0 and row["peak_rss_kb"] > 10_000, row
    ours = [row for row in rows if row["generator"] == "ours"]
    assert ours and all(row["schema"] == "epic-stack" for row in ours)
    idb = [row for row in rows if row["generator"] == "idb"]
    assert all(row["extra_ms"]["its prisma-client"] > 0 for row in idb)
    summary = results["summary"]["epic-stack"]
    assert all(summary[key]["generated_ms"]["median"] > 0 for key in PEER_KEYS)
    assert results["schemas"]["epic-stack"]["models"] == 11

    # Part 2: the replay of our generator on the smallest synthetic schema.
    (entry,) = results["scaling"]
    assert entry["models"] == 10 and entry["request_bytes"] > 100_000
    assert 0 < entry["reply_s"]["median"] < entry["total_s"]["median"]
    assert entry["peak_rss_mb"]["median"] > 10
    assert entry["noop_cli"]["wall_s"] > 0 and entry["ours_cli"]["generated_ms"] > 0

    # Part 3: the profile covers the run and its stages add up.
    profile = results["profile"]
    assert profile["total_s"] > 0
    stages = {s["stage"]: s["s"] for s in profile["stages"]}
    assert sum(stages.values()) == pytest.approx(profile["total_s"], rel=0.05)
    assert stages.get("other", 0) < 0.5 * profile["total_s"], "stage rules no longer match"
    assert profile["top_self"]
    assert {"request JSON decoding", "ruff formatting", "writing files"} <= set(stages)
    # Imports and template compilation are profiled apart: done before the request arrives.
    assert profile["warm_up"]["total_s"] > 0
    assert "module imports" in {s["stage"] for s in profile["warm_up"]["stages"]}

    # The report holds the tables.
    report = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## 1. Our generator", "## 2. Scaling", "## 3. Profile"):
        assert heading in report
    assert "prisma-dart-gen (ours" in report and "| 10 |" in report
    assert "Goal (issue #6)" in report
