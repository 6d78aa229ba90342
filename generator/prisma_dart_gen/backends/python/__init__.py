"""The Python backend: IR -> the files of the Python server package (docs/server.md).

`render_package` is pure: it returns every file's bytes keyed by its path relative to the package
directory (`serverOutput`, whose name is the import name), sorted, with no timestamps or
generator version in them. Rendered modules are formatted with black (pinned); the static runtime
(templates/python/runtime/*.py) is copied byte for byte to `runtime/`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import black

from ...config import GeneratorConfig
from ...ir.model import Schema
from ...render import environment, runtime_files
from .view import RUNTIME_DIR, PackageView, build_view

__all__ = ["FormatError", "package_runtime_files", "render_package"]

LINE_LENGTH = 100
BLACK_MODE = black.Mode(
    line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310}, magic_trailing_comma=True
)

# Rendered module -> its template.
MODULES = {
    "__init__.py": "__init__.py.jinja",
    "db.py": "db.py.jinja",
    "enums.py": "enums.py.jinja",
    "models.py": "models.py.jinja",
    "tables.py": "tables.py.jinja",
}
# Rendered only when the generator block sets `syncScope`, with the runtime's `sync/` folder.
SYNC_MODULES = {
    "sync.py": "sync.py.jinja",
    "sync_schema.py": "sync_schema.py.jinja",
}
SYNC_RUNTIME = PurePosixPath("sync")


class FormatError(RuntimeError):
    """black refused a rendered module: a bug in a template or in view.py, not in the schema."""


def format_python(source: str, path: str) -> str:
    """`source` formatted with black; FormatError naming `path` (and the bad line) if it fails."""
    try:
        return black.format_str(source, mode=BLACK_MODE)
    except Exception as exc:  # black raises InvalidInput and assorted parser errors
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        line = _error_line(exc, source)
        raise FormatError(
            f"prisma-dart-gen: internal error: black could not format the generated {path}: "
            f"{detail}{line}. Please report this as a bug."
        ) from exc


def _error_line(exc: Exception, source: str) -> str:
    # black's InvalidInput messages read "Cannot parse ...: 12:4: text".
    parts = str(exc).split(":")
    for part in parts:
        if part.strip().isdigit():
            number = int(part.strip())
            lines = source.splitlines()
            if 0 < number <= len(lines):
                return f" (line {number}: {lines[number - 1].strip()})"
            break
    return ""


def package_runtime_files(sync: bool) -> list[tuple[PurePosixPath, bytes]]:
    """The static runtime files a package gets: `runtime/sync/` only with `syncScope`."""
    return [
        (path, content)
        for path, content in runtime_files("python")
        if sync or SYNC_RUNTIME not in path.parents
    ]


def render_package(schema: Schema, config: GeneratorConfig) -> dict[PurePosixPath, bytes]:
    """Every file of the Python server package, keyed by path relative to the package root."""
    view: PackageView = build_view(schema, config)
    env = environment("python")
    files: dict[PurePosixPath, bytes] = {}
    modules = {**MODULES, **(SYNC_MODULES if view.sync is not None else {})}
    for module, template in modules.items():
        source = env.get_template(template).render(pkg=view)
        files[PurePosixPath(module)] = format_python(source, module).encode("utf-8")
    for path, content in package_runtime_files(view.sync is not None):
        files[RUNTIME_DIR / path] = content
    return dict(sorted(files.items()))
