"""prisma-dart-gen benchmarks: `make bench` (full, writes BENCHMARKS.md) or `--quick` (smoke).

    .venv/bin/python bench/run.py            # full: ~10 minutes on 2 cores; writes BENCHMARKS.md
    .venv/bin/python bench/run.py --quick    # tiny inputs, 1 repetition; used by the test suite
    .venv/bin/python bench/run.py --sync [--quick]  # the sync server instead (bench/sync_bench.py)

Three parts, all on the real Prisma CLI (node_modules/.bin/prisma, 7.10.1):

1. Peers. Each schema of shared/schemas is copied once per generator with only that generator's
   block(s): ours (`<venv python> -m prisma_dart_gen`, Dart package + Python server package),
   Prisma's TypeScript client (`prisma-client`), prisma-idb (`idb-client-generator`, which needs a
   `prisma-client` block beside it) and a no-op generator (bench/noop_generator.py: the floor the
   CLI costs). Runs alternate between generators, rotating the order every round. Recorded: the
   CLI's own "Generated ... in N" figure per generator, the wall time of the whole command, and
   the CPU time and peak RSS of its whole process tree.
2. Scaling. Synthetic schemas (bench/synth.py) of 10 to 3,000 models. The CLI's real request is
   captured once per size (no-op generator), then replayed to our generator process directly
   (bench/harness.py: time to reply, process lifetime, its own peak RSS and CPU).
3. Profile. pyinstrument on one run of our generator for the trigger.dev request, in a fresh
   interpreter (bench/profile_generate.py): time by stage and the top functions.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import synth  # noqa: E402
from bench.harness import (  # noqa: E402
    IDB_GENERATOR,
    NOOP_GENERATOR,
    PRISMA,
    REPO,
    CliRun,
    become_subreaper,
    decode_only,
    replay,
    run_cli,
)

SHARED_SCHEMAS = REPO.parent / "shared" / "schemas"
PROFILE_SCRIPT = Path(__file__).resolve().parent / "profile_generate.py"
BUILD = REPO / "build" / "bench"
_GENERATOR_BLOCK = re.compile(r"^[ \t]*generator[ \t]+\w+[ \t]*\{[^}]*\}[ \t]*\n?", re.M)


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    schemas: tuple[tuple[str, int], ...]  # (shared schema name, measured repetitions)
    warmup_rounds: int  # unmeasured rounds before the first schema's measured ones
    sizes: tuple[tuple[int, int], ...]  # (models, replays of our generator)
    cli_ours_max_models: int  # also run ours through the CLI up to this size
    profile_schema: str


FULL = Settings(
    schemas=(("trigger-dev", 5), ("hatchet", 3), ("hoppscotch", 3), ("epic-stack", 3)),
    warmup_rounds=1,
    sizes=((10, 3), (100, 3), (1000, 1), (3000, 1)),
    cli_ours_max_models=100,
    profile_schema="trigger-dev",
)
QUICK = Settings(
    schemas=(("epic-stack", 1),),
    warmup_rounds=0,
    sizes=((10, 1),),
    cli_ours_max_models=10,
    profile_schema="epic-stack",
)


# --- generators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    key: str
    label: str
    output: str  # output dir of the generator whose "Generated" line is measured
    blocks: Callable[[str], str]  # python executable -> generator blocks
    extra_outputs: tuple[tuple[str, str], ...] = ()  # (name, output) also reported


def ours_block(provider: str, server: bool = True) -> str:
    return (
        "generator dart {\n"
        f'  provider     = "{provider}"\n'
        '  output       = "./generated/dart"\n'
        + ('  serverOutput = "./generated/server"\n' if server else "")
        + "}\n"
    )


CLIENT_BLOCK = (
    'generator client {\n  provider = "prisma-client"\n  output   = "./generated/prisma"\n}\n'
)


def _idb_blocks(_python: str) -> str:
    return (
        CLIENT_BLOCK
        + f'generator idb {{\n  provider = "{IDB_GENERATOR}"\n  output   = "./generated/idb"\n}}\n'
    )


PEERS = (
    Peer(
        "ours",
        "prisma-dart-gen (ours: Dart + Python server)",
        "./generated/dart",
        lambda py: ours_block(f"{py} -m prisma_dart_gen"),
    ),
    Peer(
        "ours-dart",
        "prisma-dart-gen, Dart package only (no serverOutput)",
        "./generated/dart",
        lambda py: ours_block(f"{py} -m prisma_dart_gen", server=False),
    ),
    Peer(
        "prisma-client",
        "Prisma Client (TS, prisma-client)",
        "./generated/prisma",
        lambda _: CLIENT_BLOCK,
    ),
    Peer(
        "idb",
        "prisma-idb 0.38.1 (idb-client-generator)",
        "./generated/idb",
        _idb_blocks,
        extra_outputs=(("its prisma-client", "./generated/prisma"),),
    ),
    Peer(
        "noop",
        "no-op generator (CLI floor)",
        "./generated/noop",
        lambda py: f'generator noop {{\n  provider = "{py} {NOOP_GENERATOR}"\n'
        '  output   = "./generated/noop"\n}\n',
    ),
)


def strip_generators(schema_text: str) -> str:
    return _GENERATOR_BLOCK.sub("", schema_text)


def check_provider_path(*paths: str) -> None:
    for path in paths:
        if any(c in path for c in " \"\\'$`"):
            raise BenchError(f"cannot use {path!r} in a provider string (space or quote in path)")


# --- statistics ---------------------------------------------------------------------------------


def stats(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {"n": 0}
    q1, q3 = (values[0], values[-1])
    if len(values) >= 4:
        q1, _q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": values[0],
        "max": values[-1],
        "q1": q1,
        "q3": q3,
    }


# --- part 1: peers ------------------------------------------------------------------------------


@dataclass
class Row:
    schema: str
    generator: str
    round: int
    warmup: bool
    wall_s: float
    cpu_s: float
    peak_rss_kb: int
    generated_ms: float
    extra_ms: dict[str, float] = field(default_factory=dict)


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


def run_peers(
    settings: Settings, work: Path, python: str, started: float
) -> tuple[list[Row], dict[str, dict]]:
    rows: list[Row] = []
    models: dict[str, dict] = {}
    for index, (name, reps) in enumerate(settings.schemas):
        text = strip_generators((SHARED_SCHEMAS / f"{name}.prisma").read_text(encoding="utf-8"))
        models[name] = {
            "models": len(re.findall(r"^model\s", text, re.M)),
            "enums": len(re.findall(r"^enum\s", text, re.M)),
        }
        schemas = {}
        for peer in PEERS:
            folder = work / "peers" / name / peer.key
            folder.mkdir(parents=True, exist_ok=True)
            schemas[peer.key] = folder / "schema.prisma"
            schemas[peer.key].write_text(text + "\n" + peer.blocks(python), encoding="utf-8")
        warmup = settings.warmup_rounds if index == 0 else 0
        for round_ in range(warmup + reps):
            shift = round_ % len(PEERS)
            for peer in PEERS[shift:] + PEERS[:shift]:
                run = run_cli(schemas[peer.key])
                measured = run.generated_ms(peer.output)
                if run.returncode != 0 or measured is None:
                    raise BenchError(
                        f"{peer.key} on {name} failed (exit {run.returncode}):\n"
                        + run.output[-4000:]
                    )
                extra = {}
                for label, output in peer.extra_outputs:
                    value = run.generated_ms(output)
                    if value is None:
                        raise BenchError(f"{peer.key} on {name}: no Generated line for {output}")
                    extra[label] = value
                rows.append(
                    Row(
                        name,
                        peer.key,
                        round_,
                        round_ < warmup,
                        run.wall_s,
                        run.cpu_s,
                        run.peak_rss_kb,
                        measured,
                        extra,
                    )
                )
                note = " (warm-up)" if round_ < warmup else ""
                log(
                    f"{name:12} {peer.key:14} round {round_}{note}: "
                    f"generated {measured:8.0f} ms, wall {run.wall_s:6.2f} s",
                    started,
                )
    return rows, models


def summarise_peers(rows: list[Row], schemas: list[str]) -> dict:
    summary: dict[str, dict] = {}
    for name in schemas:
        per: dict[str, dict] = {}
        for peer in PEERS:
            mine = [
                r for r in rows if r.schema == name and r.generator == peer.key and not r.warmup
            ]
            per[peer.key] = {
                "generated_ms": stats([r.generated_ms for r in mine]),
                "wall_s": stats([r.wall_s for r in mine]),
                "cpu_s": stats([r.cpu_s for r in mine]),
                "peak_rss_mb": stats([r.peak_rss_kb / 1024 for r in mine]),
                "extra_ms": {
                    label: stats([r.extra_ms[label] for r in mine])
                    for label, _ in peer.extra_outputs
                },
            }
        summary[name] = per
    return summary


# --- part 2: scaling ----------------------------------------------------------------------------


def capture_request(folder: Path, schema_text: str, python: str) -> tuple[Path, CliRun]:
    """Run the CLI with a no-op generator in place of ours (same block) and keep its request."""
    request = folder / "request.json"
    folder.mkdir(parents=True, exist_ok=True)
    schema = folder / "capture.prisma"
    schema.write_text(
        schema_text + "\n" + ours_block(f"{python} {NOOP_GENERATOR} --dump {request}"),
        encoding="utf-8",
    )
    request.unlink(missing_ok=True)
    run = run_cli(schema)
    if run.returncode != 0 or not request.is_file():
        raise BenchError(f"capturing the request in {folder} failed:\n{run.output[-4000:]}")
    return request, run


def run_scaling(settings: Settings, work: Path, python: str, started: float) -> list[dict]:
    results = []
    for models, reps in settings.sizes:
        folder = work / "scaling" / f"m{models}"
        text = synth.schema_text(models)
        request, floor = capture_request(folder, text, python)
        log(
            f"scaling {models:5} models: request {request.stat().st_size / 1e6:.1f} MB, "
            f"no-op CLI wall {floor.wall_s:.2f} s",
            started,
        )
        runs = []
        for _ in range(reps):
            shutil.rmtree(folder / "generated", ignore_errors=True)
            result = replay(python, request, folder)
            if not result.ok:
                raise BenchError(f"our generator failed on {models} models: {result.error}")
            runs.append(result)
            log(
                f"scaling {models:5} models: ours replied in {result.reply_s:.2f} s, "
                f"peak RSS {result.peak_rss_kb / 1024:.0f} MB",
                started,
            )
        decoded = decode_only(python, request)
        entry = {
            "models": models,
            "decode_only": asdict(decoded),
            "request_bytes": request.stat().st_size,
            "noop_cli": {
                "wall_s": floor.wall_s,
                "generated_ms": floor.generated_ms("./generated/dart"),
                "peak_rss_kb": floor.peak_rss_kb,
            },
            "replays": [asdict(r) for r in runs],
            "reply_s": stats([r.reply_s for r in runs]),
            "total_s": stats([r.total_s for r in runs]),
            "cpu_s": stats([r.cpu_s for r in runs]),
            "peak_rss_mb": stats([r.peak_rss_kb / 1024 for r in runs]),
            "startup_s": stats([r.startup_s for r in runs]),
        }
        if models <= settings.cli_ours_max_models:
            schema = folder / "schema.prisma"
            schema.write_text(text + "\n" + ours_block(f"{python} -m prisma_dart_gen"), "utf-8")
            run = run_cli(schema)
            if run.returncode != 0 or run.generated_ms("./generated/dart") is None:
                raise BenchError(f"ours via the CLI on {models} models failed:\n{run.output}")
            entry["ours_cli"] = {
                "wall_s": run.wall_s,
                "generated_ms": run.generated_ms("./generated/dart"),
            }
        request.unlink()  # up to ~400 MB each
        shutil.rmtree(folder / "generated", ignore_errors=True)
        results.append(entry)
    for previous, current in zip(results, results[1:], strict=False):
        growth = math.log(current["models"] / previous["models"])
        # CPU time of a single-threaded process: robust to other load on the machine.
        for key, measure in (("slope_vs_previous", "reply_s"), ("cpu_slope_vs_previous", "cpu_s")):
            ratio = current[measure]["median"] / previous[measure]["median"]
            current[key] = math.log(ratio) / growth
    return results


# --- part 3: profile ----------------------------------------------------------------------------


def run_profile(name: str, work: Path, python: str, out_dir: Path, started: float) -> dict:
    folder = work / "profile" / name
    text = strip_generators((SHARED_SCHEMAS / f"{name}.prisma").read_text(encoding="utf-8"))
    request, _ = capture_request(folder, text, python)
    summary_path = out_dir / f"profile-{name}.json"
    text_path = out_dir / f"profile-{name}.txt"
    proc = subprocess.run(
        [
            python,
            str(PROFILE_SCRIPT),
            str(request),
            "--json",
            str(summary_path),
            "--text",
            str(text_path),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BenchError(f"profiling failed:\n{proc.stdout}\n{proc.stderr}")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    summary["schema"] = name
    summary["text_report"] = str(text_path)
    log(f"profile {name}: {summary['total_s']:.2f} s sampled", started)
    return summary


# --- machine ------------------------------------------------------------------------------------


def _first(pattern: str, path: str) -> str | None:
    try:
        match = re.search(pattern, Path(path).read_text(encoding="utf-8"), re.M)
    except OSError:
        return None
    return match.group(1).strip() if match else None


def _command(*argv: str) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def _package_version(path: Path) -> str:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def machine(python: str) -> dict:
    mem_kb = _first(r"^MemTotal:\s+(\d+)", "/proc/meminfo")
    return {
        "cpu": _first(r"^model name\s*:\s*(.+)$", "/proc/cpuinfo") or platform.processor() or "?",
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb else None,
        "os": _first(r'^PRETTY_NAME="?([^"\n]+)', "/etc/os-release") or platform.platform(),
        "kernel": platform.release(),
        "python": _command(python, "--version"),
        "node": _command("node", "--version"),
        "prisma": _package_version(REPO / "node_modules" / "prisma" / "package.json"),
        "idb_client_generator": _package_version(
            REPO / "node_modules" / "@prisma-idb" / "idb-client-generator" / "package.json"
        ),
        "prisma_dart_gen": _command(python, "-m", "prisma_dart_gen", "--version"),
        "ruff": _command(python, "-m", "ruff", "--version"),
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny inputs, 1 repetition (tests)")
    parser.add_argument("--out", type=Path, help="markdown report (full: BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="raw results (default: build/bench/)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temp dir, removed)")
    parser.add_argument("--sync", action="store_true", help="sync server benchmark instead")
    args = parser.parse_args(argv)
    if args.sync:
        from bench import sync_bench

        forwarded = ["--quick"] if args.quick else []
        for flag, value in (("--out", args.out), ("--json", args.json)):
            forwarded += [flag, str(value)] if value is not None else []
        return sync_bench.main(forwarded)
    settings = QUICK if args.quick else FULL
    suffix = "-quick" if args.quick else ""
    out = args.out or (BUILD / "BENCHMARKS.quick.md" if args.quick else REPO / "BENCHMARKS.md")
    json_path = args.json or BUILD / f"results{suffix}.json"
    artifacts = json_path.parent
    artifacts.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)

    python = sys.executable  # the venv's python: `make bench` runs `.venv/bin/python bench/run.py`
    check_provider_path(python, str(NOOP_GENERATOR), str(IDB_GENERATOR))
    for needed in (PRISMA, IDB_GENERATOR):
        if not needed.exists():
            raise BenchError(f"{needed} is missing: run `npm ci` (make setup)")
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    # Absolute: paths under it end up in provider strings.
    scratch = (args.work or Path(tempfile.mkdtemp(prefix="prisma-dart-gen-bench-"))).resolve()
    subreaper = become_subreaper()
    started = time.perf_counter()
    load_before = load_average()
    if load_before and load_before[0] > 0.5 * (os.cpu_count() or 1):
        print(
            f"warning: the machine is busy (load average {load_before}); timings will be noisy",
            file=sys.stderr,
        )

    try:
        check_provider_path(str(scratch))
        rows, schema_sizes = run_peers(settings, scratch, python, started)
        scaling = run_scaling(settings, scratch, python, started)
        profile = run_profile(settings.profile_schema, scratch, python, artifacts, started)
    finally:
        if args.work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    duration = time.perf_counter() - started
    results = {
        "mode": "quick" if args.quick else "full",
        "machine": machine(python),
        "load_average": {"before": load_before, "after": load_average()},
        "subreaper": subreaper,
        "duration_s": duration,
        "settings": asdict(settings),
        "schemas": schema_sizes,
        "peers": [p.key for p in PEERS],
        "peer_labels": {p.key: p.label for p in PEERS},
        "rows": [asdict(r) for r in rows],
        "summary": summarise_peers(rows, [name for name, _ in settings.schemas]),
        "scaling": scaling,
        "profile": profile,
    }
    json_path.write_text(json.dumps(results, indent=1), encoding="utf-8")

    from bench.report import render_markdown, render_terminal

    out.write_text(render_markdown(results), encoding="utf-8")
    print(render_terminal(results))
    print(f"\nwrote {out} and {json_path} in {duration:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(1)
