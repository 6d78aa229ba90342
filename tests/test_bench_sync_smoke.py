"""The sync benchmark still runs (bench/sync_bench.py --quick): SQLite, one config, 1,000 rows.

Not a timed test: it asserts that every row BENCHMARKS-sync.md is built from was produced with
plausible values (throughputs > 0, ratios computed, percentiles ordered), not a speed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import node_tooling_missing
from tests.support.params import REPO


def _ordered(lat: dict) -> None:
    assert lat["n"] > 0, lat
    assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"], lat


@pytest.mark.e2e
def test_quick_sync_benchmark_produces_sane_rows(tmp_path):
    reason = node_tooling_missing()
    if reason:
        pytest.skip(f"Prisma's DDL needs node tooling: {reason}")
    out, results_path = tmp_path / "BENCHMARKS-sync.md", tmp_path / "sync.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sync",
            "--quick",
            "--out",
            str(out),
            "--json",
            str(results_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert results["mode"] == "quick" and list(results["providers"]) == ["sqlite"]
    data = results["providers"]["sqlite"]

    (push,) = data["push"]
    assert (push["batch"], push["clients"]) == (10, 4)
    assert push["ours_mutations"] > 0 and push["ours_mutations"] % 10 == 0
    assert push["ours_per_s"] > 0 and push["raw_per_s"] > 0
    assert push["ratio"] == pytest.approx(push["ours_per_s"] / push["raw_per_s"])
    _ordered(push["ours_latency_ms"])
    _ordered(push["raw_latency_ms"])

    pull = data["pull"]
    assert pull["rows"] == 1000
    assert pull["initial_changes"] == 1001  # the seeded Posts and their User
    assert pull["initial_pages"] >= 2 and pull["raw_initial_rows"] == 1000
    assert pull["initial_per_s"] > 0 and pull["raw_initial_per_s"] > 0
    assert pull["initial_ratio"] == pytest.approx(pull["initial_per_s"] / pull["raw_initial_per_s"])
    # every incremental pull brought back exactly the rows updated just before it
    assert pull["incremental_changes"] == pull["incremental_rounds"] * 20
    assert pull["incremental_per_s"] > 0 and pull["incremental_ratio"] > 0
    _ordered(pull["incremental_latency_ms"])
    rss = pull["rss_kb"]
    assert rss["samples"] > 0 and 10_000 < rss["before"] <= rss["peak"] < 4_000_000
    assert len(rss["trajectory"]) == 5 and max(rss["trajectory"]) <= rss["peak"]

    load = data["load"]
    assert load["clients"] == 4 and load["cycles"] > 0 and load["mutations_per_s"] > 0
    assert load["pulled_changes"] >= 10 * load["cycles"]  # each pull sees its own push
    _ordered(load["push_ms"])
    _ordered(load["pull_ms"])
    assert not data["server_errors"], data["server_errors"]

    report = out.read_text(encoding="utf-8")
    for heading in ("## sqlite", "### Push", "### Pull", "### Latency under load"):
        assert heading in report
    assert "Load average" in report and "| 10 | 4 |" in report
