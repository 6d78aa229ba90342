"""Profile one run of our generator on a captured `generate` request, in a fresh interpreter.

    python bench/profile_generate.py REQUEST --json OUT.json [--text OUT.txt]

REQUEST is the raw request line the Prisma CLI sent (noop_generator.py --dump). Two profiles
(pyinstrument, sampling every 1 ms), in the order the generator process works: the warm-up it
does after answering getManifest, while the CLI builds and sends the request (imports, Jinja2
template compilation; from before prisma_dart_gen is imported), then the request itself, which is
what the CLI's "Generated ... in N" figure waits for: decoding the JSON line, DMMF validation, IR,
both backends, formatting, writing. Outputs go where the request says (the capture's folder).

Every sample is attributed to one stage, the innermost stage rule that matches a frame on its
stack (so formatting inside the Python backend counts as "ruff formatting", not as the backend).
ruff runs as a subprocess: its time shows as waiting inside `format_modules`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# (stage, function names, file path suffixes); the first rule matching a frame names its stage.
STAGE_RULES: list[tuple[str, set[str], tuple[str, ...]]] = [
    ("module imports", {"_find_and_load"}, ("<frozen importlib._bootstrap>",)),
    ("request JSON decoding", {"decode"}, ("prisma_dart_gen/rpc.py",)),
    ("request JSON decoding", {"read_params"}, ("prisma_dart_gen/dmmf.py",)),
    ("DMMF validation (pydantic)", {"model_validate"}, ("pydantic/main.py",)),
    ("config", {"load_config"}, ("prisma_dart_gen/config.py",)),
    ("IR build", {"build_schema"}, ("prisma_dart_gen/ir/build.py",)),
    ("Dart view building", {"build_view"}, ("backends/dart/view.py",)),
    ("Python view building", {"build_view"}, ("backends/python/view.py",)),
    ("Jinja2 template compile", {"get_template"}, ("jinja2/environment.py",)),
    ("Jinja2 rendering", {"render"}, ("jinja2/environment.py",)),
    ("ruff formatting", {"format_modules"}, ("backends/python/formatting.py",)),
    ("static runtime files", {"runtime_files"}, ("prisma_dart_gen/render.py",)),
    ("writing files", {"write_outputs"}, ("prisma_dart_gen/write.py",)),
    ("Dart backend (other)", {"render_package"}, ("backends/dart/__init__.py",)),
    ("Python backend (other)", {"render_package"}, ("backends/python/__init__.py",)),
]
OTHER = "other"


def stage_of(frame) -> str | None:
    path = (frame.file_path or "").replace("\\", "/")
    for stage, functions, suffixes in STAGE_RULES:
        if frame.function in functions and any(
            path.endswith(s) or f"/{s}/" in path or path == s for s in suffixes
        ):
            return stage
    return None


def summarise(root, top: int = 15) -> dict:
    stages: dict[str, float] = {}
    functions: dict[tuple[str, str, int], float] = {}

    def walk(frame, inherited: str) -> None:
        stage = stage_of(frame) or inherited
        own = frame.total_self_time
        stages[stage] = stages.get(stage, 0.0) + own
        key = (frame.function, frame.file_path_short or frame.file_path or "?", frame.line_no or 0)
        functions[key] = functions.get(key, 0.0) + own
        for child in frame.children:
            if not child.is_synthetic:
                walk(child, stage)

    walk(root, OTHER)
    total = root.time
    ranked = sorted(functions.items(), key=lambda item: item[1], reverse=True)[:top]
    return {
        "total_s": total,
        "stages": [
            {"stage": name, "s": seconds, "share": seconds / total if total else 0.0}
            for name, seconds in sorted(stages.items(), key=lambda item: item[1], reverse=True)
        ],
        "top_self": [
            {
                "function": function,
                "where": f"{path}:{line}",
                "s": seconds,
                "share": seconds / total if total else 0.0,
            }
            for (function, path, line), seconds in ranked
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("request", type=Path)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--text", type=Path)
    args = parser.parse_args(argv)
    raw = args.request.read_bytes()

    from pyinstrument import Profiler

    # Phase 1, as the process does it after answering getManifest: imports, templates compiled.
    warm_up_profiler = Profiler(interval=0.001)
    warm_up_profiler.start()
    from prisma_dart_gen import rpc
    from prisma_dart_gen.__main__ import _generate, _warm_up, manifest

    _warm_up()
    warm_up_profiler.stop()

    # Phase 2, what the CLI's "Generated ... in N" waits for: the request, decoded and handled.
    profiler = Profiler(interval=0.001)
    wall = time.perf_counter()
    profiler.start()
    response = rpc.handle_line(raw, {"getManifest": manifest, "generate": _generate})
    profiler.stop()
    wall = time.perf_counter() - wall
    if not response or "error" in response:
        print(f"generator failed: {response}", file=sys.stderr)
        return 1
    root = profiler.last_session.root_frame(trim_stem=False)
    summary = summarise(root)
    summary["wall_s"] = wall
    summary["cpu_s"] = profiler.last_session.cpu_time
    summary["request_bytes"] = len(raw)
    warm_up_root = warm_up_profiler.last_session.root_frame(trim_stem=False)
    summary["warm_up"] = summarise(warm_up_root, top=5)
    summary["warm_up"]["cpu_s"] = warm_up_profiler.last_session.cpu_time
    args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    if args.text:
        text = "\n".join(
            [
                "== the request (what the CLI waits for) ==",
                profiler.output_text(unicode=False, color=False, show_all=False),
                "== warm-up (after getManifest, before the request arrives) ==",
                warm_up_profiler.output_text(unicode=False, color=False, show_all=False),
            ]
        )
        args.text.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
