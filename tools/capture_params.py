"""Capture the real ``generate`` params the Prisma CLI sends to our generator.

Runs the real ``prisma generate`` (``<repo>/node_modules/.bin/prisma``) on a copy of a schema in
which the ``generator dart`` block's provider is replaced by a tiny capturing generator (this file's
``CAPTURE_SCRIPT``, run with ``sys.executable``). The capturing generator answers ``getManifest``
and stores the ``generate`` params; this script then normalises them and writes them as JSON
(``indent=1, sort_keys=True``, UTF-8, trailing newline) to ``fixtures/<case>/params.json``.

Usage::

    python tools/capture_params.py fixtures/minimal [fixtures/docs ...]
    python tools/capture_params.py --all              # every fixtures/*/schema.prisma
    python tools/capture_params.py --all --check      # exit 1 if any params.json is stale
    python tools/capture_params.py /work/shared/schemas/hatchet.prisma --out /tmp/hatchet.json

A target is a folder holding ``schema.prisma`` (output: ``<folder>/params.json``) or a ``.prisma``
file (output: ``--out FILE``, required). A schema without a ``generator dart`` block gets the
standard one appended (``output = "../generated/dart"``, ``serverOutput = "../generated/server"``).

The CLI runs as ``prisma generate --schema <copy> --generator dart`` with cwd = the temp dir, so
other generators of the schema (e.g. prisma-client-js, which would need @prisma/client) are not run;
a side effect of ``--generator`` is that the CLI then sends ``otherGenerators: []``.

Normalisation of the captured params:

- ``dmmf.schema`` and ``dmmf.mappings`` are removed (huge, unused by the generator).
- The capture provider is replaced back by the original provider string (``python -m
  prisma_dart_gen``) everywhere, so ``generator.provider.value`` and ``datamodel`` read as the
  schema's own text.
- Path convention: the schema is copied to ``<tmp>/fixture/<schema file name>``. In every string,
  ``<tmp>/fixture`` becomes ``$FIXTURE`` and any other path under ``<tmp>`` becomes
  ``$FIXTURE/..``; the repository root becomes ``$REPO``. So ``$FIXTURE`` stands for the folder
  holding the schema file: ``schemaPath`` is ``$FIXTURE/schema.prisma`` and
  ``generator.output.value`` is ``$FIXTURE/../generated/dart`` (Prisma hands over resolved,
  normalised absolute paths, so ``..`` segments only come from this substitution). A test that
  copies a fixture to a folder replaces ``$FIXTURE`` by that folder (then ``os.path.normpath``).
- The host-dependent platform of ``native`` binary targets (``{"native": true, "value":
  "debian-openssl-3.0.x"}`` in ``generator.binaryTargets`` and ``otherGenerators[*]``) becomes
  ``$NATIVE_PLATFORM``, so captures are identical on every machine.
- Everything else (``version``, ``binaryPaths``, ``allowNoModels``, ...) is kept as captured.

The environment defaults ``PRISMA_SCHEMA_ENGINE_BINARY`` to ``/bin/true`` (generate does not run
the engine, but the CLI tries to download one otherwise) and disables update checks and telemetry.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
PRISMA = REPO / "node_modules" / ".bin" / "prisma"
SCHEMA_FILE = "schema.prisma"
PARAMS_FILE = "params.json"
GENERATOR_NAME = "dart"
FIXTURE_PLACEHOLDER = "$FIXTURE"
REPO_PLACEHOLDER = "$REPO"
NATIVE_PLACEHOLDER = "$NATIVE_PLATFORM"
TIMEOUT_SECONDS = 600

DART_BLOCK = """
generator dart {
  provider     = "python -m prisma_dart_gen"
  output       = "../generated/dart"
  serverOutput = "../generated/server"
}
"""

# The capturing generator. Requests arrive on stdin, one JSON object a line; responses go to stderr,
# one JSON line each (design note generator-protocol.md). It writes the generate params to argv[1].
CAPTURE_SCRIPT = r"""
import json
import signal
import sys

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def reply(request_id, result):
    line = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result})
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


for raw in sys.stdin:
    if not raw.strip():
        continue
    request = json.loads(raw)
    method = request.get("method")
    if method == "getManifest":
        manifest = {"prettyName": "capture", "requiresEngines": [], "version": "0"}
        reply(request["id"], {"manifest": manifest})
    elif method == "generate":
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump(request.get("params"), out)
        reply(request["id"], None)
    else:
        error = {"code": -32601, "message": "capture: unknown method " + str(method), "data": {}}
        line = json.dumps({"jsonrpc": "2.0", "id": request.get("id"), "error": error})
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
"""

_GENERATOR_BLOCK = re.compile(r"^[ \t]*generator[ \t]+" + GENERATOR_NAME + r"[ \t]*\{[^}]*\}", re.M)
_PROVIDER_LINE = re.compile(r'(^[ \t]*provider[ \t]*=[ \t]*)"((?:[^"\\\n]|\\.)*)"', re.M)


class CaptureError(Exception):
    """A schema could not be captured."""


@dataclass(frozen=True)
class Target:
    schema: Path  # the schema file to capture
    out: Path  # where its params.json lives

    @property
    def label(self) -> str:
        try:
            return str(self.schema.parent.relative_to(REPO))
        except ValueError:
            return str(self.schema)


def substitute_provider(schema_text: str, provider: str) -> tuple[str, str]:
    """Return (schema text using `provider` in the dart block, the provider it replaced)."""
    block = _GENERATOR_BLOCK.search(schema_text)
    if block is None:
        schema_text = schema_text.rstrip("\n") + "\n" + DART_BLOCK
        block = _GENERATOR_BLOCK.search(schema_text)
        assert block is not None
    provider_line = _PROVIDER_LINE.search(block.group(0))
    if provider_line is None:
        raise CaptureError(f"the `generator {GENERATOR_NAME}` block has no provider line")
    original = provider_line.group(2)
    start = block.start() + provider_line.start(2)
    end = block.start() + provider_line.end(2)
    return schema_text[:start] + provider + schema_text[end:], original


def capture_provider(script: Path, params_file: Path) -> str:
    """The provider string running the capture script; it must need no escaping in a PSL string."""
    provider = " ".join(shlex.quote(str(p)) for p in (sys.executable, script, params_file))
    if '"' in provider or "\\" in provider:
        raise CaptureError(f"cannot use a path with a quote or backslash as provider: {provider}")
    return provider


def prisma_env(cwd: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/true")
    env["PRISMA_HIDE_UPDATE_MESSAGE"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    env["PRISMA_DISABLE_WARNINGS"] = "1"
    env["PWD"] = str(cwd)
    return env


def run_capture(schema: Path) -> dict[str, Any]:
    """Run `prisma generate` on a copy of `schema` and return the normalised generate params."""
    if not PRISMA.exists():
        raise CaptureError(f"Prisma CLI not found at {PRISMA} (run `npm ci`)")
    with tempfile.TemporaryDirectory(prefix="capture-params-") as tmp_name:
        tmp = Path(tmp_name)
        fixture_dir = tmp / "fixture"
        fixture_dir.mkdir()
        script = tmp / "capture_generator.py"
        script.write_text(CAPTURE_SCRIPT, encoding="utf-8")
        params_file = tmp / "params.raw.json"
        provider = capture_provider(script, params_file)
        text, original_provider = substitute_provider(schema.read_text(encoding="utf-8"), provider)
        schema_copy = fixture_dir / schema.name
        schema_copy.write_text(text, encoding="utf-8")
        cmd = [str(PRISMA), "generate", "--schema", str(schema_copy), "--generator", GENERATOR_NAME]
        try:
            proc = subprocess.run(
                cmd,
                cwd=tmp,
                env=prisma_env(tmp),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as exc:
            raise CaptureError(f"prisma generate timed out after {TIMEOUT_SECONDS}s") from exc
        if proc.returncode != 0 or not params_file.exists():
            raise CaptureError(
                f"prisma generate failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
            )
        params = json.loads(params_file.read_text(encoding="utf-8"))
        return normalise(params, provider, original_provider, tmp)


def normalise(
    params: dict[str, Any], provider: str, original_provider: str, tmp: Path
) -> dict[str, Any]:
    dmmf = params.get("dmmf")
    if isinstance(dmmf, dict):
        dmmf.pop("schema", None)
        dmmf.pop("mappings", None)
    generators = [params.get("generator"), *(params.get("otherGenerators") or [])]
    for generator in generators:
        for target in (generator or {}).get("binaryTargets") or []:
            if isinstance(target, dict) and target.get("native") is True:
                target["value"] = NATIVE_PLACEHOLDER
    replacements = [(provider, original_provider)]
    # The temp dir may be reported through another spelling (e.g. macOS /var -> /private/var).
    for spelling in dict.fromkeys([str(tmp), os.path.realpath(tmp), os.path.abspath(tmp)]):
        replacements += [
            (os.path.join(spelling, "fixture"), FIXTURE_PLACEHOLDER),
            (spelling, FIXTURE_PLACEHOLDER + "/.."),
        ]
    replacements.append((str(REPO), REPO_PLACEHOLDER))

    def rewrite(value: str) -> str:
        for old, new in replacements:
            value = value.replace(old, new)
        return value

    return map_strings(params, rewrite)


def map_strings(value: Any, rewrite: Callable[[str], str]) -> Any:
    """`value` (JSON data) with `rewrite` applied to every string in it."""
    if isinstance(value, str):
        return rewrite(value)
    if isinstance(value, list):
        return [map_strings(item, rewrite) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, rewrite) for key, item in value.items()}
    return value


def dumps(params: dict[str, Any]) -> str:
    return json.dumps(params, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def fixture_targets() -> list[Target]:
    """Every generator fixture: a fixtures/<case>/schema.prisma with a `generator dart` block
    (fixtures/parity/ holds Prisma Client's parity schema, which is not one)."""
    return [
        Target(schema, schema.parent / PARAMS_FILE)
        for schema in sorted(FIXTURES.glob(f"*/{SCHEMA_FILE}"))
        if _GENERATOR_BLOCK.search(schema.read_text(encoding="utf-8"))
    ]


def resolve_targets(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Target]:
    targets = fixture_targets() if args.all else []
    if args.out is not None and (args.all or len(args.paths) != 1):
        parser.error("--out needs exactly one schema and no --all")
    for raw in args.paths:
        path = Path(raw).resolve()
        if path.is_dir():
            schema = path / SCHEMA_FILE
            if not schema.is_file():
                parser.error(f"{raw}: no {SCHEMA_FILE} in this folder")
            out = Path(args.out).resolve() if args.out else path / PARAMS_FILE
        elif path.is_file():
            if args.out is None:
                parser.error(f"{raw}: a schema file needs --out FILE")
            schema, out = path, Path(args.out).resolve()
        else:
            parser.error(f"{raw}: no such file or folder")
        targets.append(Target(schema, out))
    if not targets:
        parser.error("nothing to capture: give fixture folders, a schema with --out, or --all")
    return targets


def json_paths_differing(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """Yield the JSON paths at which two decoded documents differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}"
            if key not in old:
                yield f"{sub} (added)"
            elif key not in new:
                yield f"{sub} (removed)"
            else:
                yield from json_paths_differing(old[key], new[key], sub)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from json_paths_differing(a, b, f"{path}[{index}]")
    elif old != new or type(old) is not type(new):
        yield path or "(root)"


def diff_summary(target: Target, old_text: str | None, new_text: str, limit: int = 20) -> str:
    if old_text is None:
        return f"{target.out}: missing"
    lines = [f"{target.out}: stale"]
    try:
        paths = list(json_paths_differing(json.loads(old_text), json.loads(new_text)))
    except json.JSONDecodeError:
        paths = []
    if paths:
        lines += [f"  differs at {p}" for p in paths[:limit]]
        if len(paths) > limit:
            lines.append(f"  ... and {len(paths) - limit} more")
    else:  # same data, different text (formatting)
        diff = difflib.unified_diff(
            old_text.splitlines(), new_text.splitlines(), "committed", "captured", lineterm=""
        )
        lines += ["  " + line for line in list(diff)[:limit]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Capture Prisma generate params into fixtures/<case>/params.json."
    )
    parser.add_argument("paths", nargs="*", help="fixture folders, or one .prisma file with --out")
    parser.add_argument("--all", action="store_true", help="every fixtures/*/schema.prisma")
    parser.add_argument("--out", help="output file (for a schema outside fixtures/)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a params file is not fresh"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=min(8, os.cpu_count() or 1), help="parallel captures"
    )
    args = parser.parse_args(argv)
    targets = resolve_targets(args, parser)

    def capture(target: Target) -> tuple[Target, str | None, str]:
        try:
            return target, dumps(run_capture(target.schema)), ""
        except CaptureError as exc:
            return target, None, str(exc)

    failures = 0
    stale: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for target, text, error in pool.map(capture, targets):
            if text is None:
                failures += 1
                print(f"{target.label}: ERROR {error}", file=sys.stderr)
                continue
            old = target.out.read_text(encoding="utf-8") if target.out.exists() else None
            if args.check:
                if old != text:
                    stale.append(diff_summary(target, old, text))
                else:
                    print(f"{target.label}: fresh")
            elif old != text:
                target.out.parent.mkdir(parents=True, exist_ok=True)
                target.out.write_text(text, encoding="utf-8")
                print(f"{target.label}: wrote {target.out}")
            else:
                print(f"{target.label}: unchanged")
    if stale:
        print("\n".join(stale), file=sys.stderr)
        print(
            f"{len(stale)} params file(s) are stale: run `python tools/capture_params.py --all`",
            file=sys.stderr,
        )
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
