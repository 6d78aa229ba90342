"""The Dart backend: IR -> the files of a Dart package (models and enums; docs/dart-models.md).

`render_package` is pure: it returns every file's bytes keyed by its path relative to the package
root, sorted, with no timestamps or generator version in them. The static runtime
(templates/dart/runtime/*.dart) is copied byte for byte to lib/src/runtime/.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...config import GeneratorConfig
from ...ir.model import Schema
from ...render import environment, runtime_files
from . import naming
from .view import RUNTIME_DIR, PackageView, build_view

__all__ = ["render_package"]


def _environment():
    return environment("dart", {"dart_str": naming.string_literal})


def render_package(schema: Schema, config: GeneratorConfig) -> dict[PurePosixPath, bytes]:
    """Every file of the Dart package, keyed by path relative to the package root."""
    view: PackageView = build_view(schema, config)
    env = _environment()
    files: dict[PurePosixPath, str | bytes] = {
        PurePosixPath("pubspec.yaml"): env.get_template("pubspec.yaml.jinja").render(pkg=view),
        view.library_path: env.get_template("library.dart.jinja").render(pkg=view),
    }
    enum_template = env.get_template("enum.dart.jinja")
    for enum in view.enums:
        files[enum.path] = enum_template.render(enum=enum)
    model_template = env.get_template("model.dart.jinja")
    for model in view.models:
        files[model.path] = model_template.render(model=model)
    for path, content in runtime_files("dart"):
        files[RUNTIME_DIR / path] = content
    return {
        path: content if isinstance(content, bytes) else content.encode("utf-8")
        for path, content in sorted(files.items())
    }
