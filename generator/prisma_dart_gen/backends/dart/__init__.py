"""The Dart backend: IR -> the files of a Dart package (docs/dart-models.md, docs/dart-client.md).

Models and enums, the typed client (schema descriptors, inputs, delegates, `PrismaClient`), the
package's own Dart test suite (test/client_test.dart) and its README.

`render_package` is pure: it returns every file's bytes keyed by its path relative to the package
root, sorted, with no timestamps or generator version in them. The static runtime
(templates/dart/runtime/*.dart) is copied byte for byte to lib/src/runtime/.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...config import GeneratorConfig
from ...ir.model import Schema
from ...render import environment, precompile, runtime_files
from . import naming
from .view import RUNTIME_DIR, SCHEMA_PATH, PackageView, build_view

__all__ = ["render_package", "warm_up"]

TEST_PATH = PurePosixPath("test/client_test.dart")


def _environment():
    return environment("dart", {"dart_str": naming.string_literal})


def warm_up() -> None:
    """Compile the templates ahead of the first `render_package` (see generate.warm_up)."""
    precompile(_environment())


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
    files[SCHEMA_PATH] = env.get_template("schema.dart.jinja").render(schema=view.schema)
    files[view.client.path] = env.get_template("client.dart.jinja").render(client=view.client)
    client_template = env.get_template("client_model.dart.jinja")
    for client in view.client.models:
        files[client.path] = client_template.render(client=client)
    files[TEST_PATH] = env.get_template("test/client_test.dart.jinja").render(
        pkg=view, tests=view.tests
    )
    files[PurePosixPath("README.md")] = env.get_template("README.md.jinja").render(pkg=view)
    for path, content in runtime_files("dart"):
        files[RUNTIME_DIR / path] = content
    return {
        path: content if isinstance(content, bytes) else content.encode("utf-8")
        for path, content in sorted(files.items())
    }
