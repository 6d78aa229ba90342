"""Captured `generate` requests (fixtures/<case>/params.json) made concrete for a test.

params.json files hold `$FIXTURE` where the folder of the schema file was, and `$REPO` for this
repository (see tools/capture_params.py). A test picks a work directory; the schema's folder
becomes `<work>/fixture`, so the standard outputs land in `<work>/generated/{dart,server}`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
SHARED_SCHEMAS = REPO.parent / "shared" / "schemas"


@cache
def _capture_module():
    spec = importlib.util.spec_from_file_location(
        "capture_params", REPO / "tools" / "capture_params.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: its dataclasses look their module up in sys.modules.
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return sys.modules[spec.name]


def fixture_cases() -> list[str]:
    return sorted(path.parent.name for path in FIXTURES.glob("*/params.json"))


def shared_schema_names() -> list[str]:
    return sorted(path.stem for path in SHARED_SCHEMAS.glob("*.prisma"))


def concretize(params: Any, schema_dir: Path) -> Any:
    """Replace the placeholders; path-like strings are normalised (`a/fixture/../x` -> `a/x`)."""

    def rewrite(value: str) -> str:
        replaced = value.replace("$FIXTURE", str(schema_dir)).replace("$REPO", str(REPO))
        if replaced != value and "\n" not in replaced and replaced.startswith("/"):
            return os.path.normpath(replaced)
        return replaced

    return _capture_module().map_strings(params, rewrite)


def load_params(case: str, work: Path) -> dict[str, Any]:
    """The request Prisma sends for fixtures/<case>, as if the fixture lived in <work>/fixture."""
    schema_dir = work / "fixture"
    schema_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / case / "schema.prisma", schema_dir / "schema.prisma")
    raw = json.loads((FIXTURES / case / "params.json").read_text(encoding="utf-8"))
    return concretize(raw, schema_dir)


def capture_params(schema: Path) -> dict[str, Any]:
    """Run the real CLI with a capturing generator on `schema` (in place) and return the request."""
    return concretize(_capture_module().run_capture(schema), schema.parent)


def with_dart_generator(schema_text: str) -> str:
    """A shared schema (no `generator dart` block) with the standard block appended."""
    return schema_text.rstrip("\n") + "\n" + _capture_module().DART_BLOCK
