"""The Python backend: IR -> the files of the Python server package (docs/server.md).

`render_package` is pure: it returns every file's bytes keyed by its path relative to the package
directory (`serverOutput`, whose name is the import name), sorted, with no timestamps or
generator version in them. Rendered modules are formatted with ruff (pinned; formatting.py), all
in one subprocess; the static runtime (templates/python/runtime/*.py) is copied byte for byte to
`runtime/`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...config import GeneratorConfig
from ...ir.model import Schema
from ...render import environment, precompile, runtime_files
from .formatting import FormatError, format_modules, format_python
from .view import RUNTIME_DIR, PackageView, build_view

__all__ = ["FormatError", "format_python", "package_runtime_files", "render_package", "warm_up"]

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


def warm_up() -> None:
    """Compile the templates ahead of the first `render_package` (see generate.warm_up)."""
    precompile(environment("python"))


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
    sources = {
        module: env.get_template(template).render(pkg=view) for module, template in modules.items()
    }
    for module, text in format_modules(sources).items():
        files[PurePosixPath(module)] = text.encode("utf-8")
    for path, content in package_runtime_files(view.sync is not None):
        files[RUNTIME_DIR / path] = content
    return dict(sorted(files.items()))
