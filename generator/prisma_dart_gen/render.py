"""Jinja2 environments for the backends: StrictUndefined, no logic beyond loops and flags.

Templates live in the repository's top-level templates/<language>/ (shipped inside the wheel as
prisma_dart_gen/templates). Static runtime files under templates/<language>/runtime/ are copied
byte for byte, never rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

TEMPLATES = Path(str(resources.files("prisma_dart_gen") / "templates"))


# One environment per language and filter set: Jinja keeps the templates it has compiled, so a
# process compiles each template once (and can do it before the schema arrives: `precompile`).
_ENVIRONMENTS: dict[tuple[str, tuple[tuple[str, Callable[..., Any]], ...]], jinja2.Environment] = {}


def environment(
    language: str, filters: dict[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    key = (language, tuple(sorted((filters or {}).items())))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES / language),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
        env.filters.update(filters or {})
        _ENVIRONMENTS[key] = env
    return env


def precompile(env: jinja2.Environment) -> None:
    """Compile every template of `env` now (static runtime files are not templates)."""
    for name in env.list_templates(
        filter_func=lambda name: name.endswith(".jinja") and not name.startswith("runtime/")
    ):
        env.get_template(name)


def runtime_files(language: str) -> Iterator[tuple[PurePosixPath, bytes]]:
    """The static runtime of a language: (path relative to runtime/, bytes), sorted."""
    root = TEMPLATES / language / "runtime"
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield PurePosixPath(path.relative_to(root).as_posix()), path.read_bytes()
