"""The `generator dart { ... }` block, validated once.

Prisma hands every custom key over as a string (or a nested list of strings): `true` arrives as
"true" and `3` as "3", and `env("X")` arrives as the bare string "X". Paths are not resolved by the
CLI except `output`; we resolve them against the directory of the schema file that holds the block,
as the CLI does for `output`. Every bad key is reported in one error.
"""

from __future__ import annotations

import keyword
import re
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import GeneratorError, GeneratorErrors

# Keys Prisma itself owns in a generator block; they never reach `config`, but a user may still
# wonder, so they are listed as known.
RESERVED_KEYS = ("provider", "output", "binaryTargets", "previewFeatures")

DART_RESERVED_WORDS = frozenset(
    """abstract as assert async await base break case catch class const continue covariant default
    deferred do dynamic else enum export extends extension external factory false final finally for
    Function get hide if implements import in interface is late library mixin new null of on
    operator part required rethrow return sealed set show static super switch sync this throw true
    try type typedef var void when while with yield""".split()
)

# pub.dev: lowercase letters, digits and underscores, starting with a letter or underscore, and a
# valid Dart identifier (so not a reserved word).
PUB_PACKAGE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class SqliteDateTimeFormat(str, Enum):
    """How DateTime is stored on SQLite; matches @prisma/adapter-libsql's `timestampFormat`."""

    ISO8601 = "iso8601"
    UNIXEPOCH_MS = "unixepoch-ms"


class GeneratorConfig(BaseModel):
    """Validated configuration. Field aliases are the keys users write in schema.prisma."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    output: Path = Field(description="The Dart package directory (Prisma resolves it).")
    package_name: str = Field(
        alias="packageName",
        description="Dart package name; default: derived from the output directory's name.",
    )
    server_output: Path | None = Field(
        default=None,
        alias="serverOutput",
        description="Python server package directory; absent: no server code is generated.",
    )
    sync_scope: str | None = Field(
        default=None,
        alias="syncScope",
        description="Model that owns synced data (e.g. User); absent: a local-only Dart client.",
    )
    sqlite_datetime_format: SqliteDateTimeFormat = Field(
        default=SqliteDateTimeFormat.ISO8601,
        alias="sqliteDateTimeFormat",
        description="How DateTime is stored on SQLite: iso8601 (Prisma's default) or unixepoch-ms.",
    )

    @field_validator("package_name")
    @classmethod
    def _pub_name(cls, value: str) -> str:
        if not PUB_PACKAGE_NAME.match(value) or value in DART_RESERVED_WORDS:
            raise ValueError(
                f"{value!r} is not a valid pub package name (lowercase letters, digits and "
                "underscores, starting with a letter, not a Dart reserved word)"
            )
        return value

    @field_validator("server_output")
    @classmethod
    def _python_package_dir(cls, value: Path | None) -> Path | None:
        if value is not None and (not value.name.isidentifier() or keyword.iskeyword(value.name)):
            raise ValueError(
                f"the directory name {value.name!r} is the server package's import name and must "
                "be a valid Python identifier (e.g. db_sync)"
            )
        return value

    @field_validator("sync_scope")
    @classmethod
    def _identifier(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", value):
            raise ValueError(f"{value!r} is not a model name")
        return value


def user_keys() -> dict[str, str]:
    """Key as written in schema.prisma -> one-line description, for errors and docs."""
    return {
        (info.alias or name): info.description or ""
        for name, info in GeneratorConfig.model_fields.items()
        if name != "output"
    }


def derive_package_name(output: Path) -> str:
    """`../app/packages/my-db` -> `my_db`; the caller validates the result."""
    name = re.sub(r"[^a-z0-9_]", "_", output.name.lower())
    if name and name[0].isdigit():
        name = f"db_{name}"
    return name


def _as_string(key: str, value: Any, problems: list[str]) -> str | None:
    if isinstance(value, str):
        return value
    problems.append(f"{key}: expected a single string, got a list {value!r}")
    return None


def load_config(
    raw: dict[str, Any] | None, output: str | None, schema_dir: Path
) -> GeneratorConfig:
    """Validate the block's custom keys (`raw`) plus Prisma's resolved `output`."""
    raw = dict(raw or {})
    problems: list[str] = []
    known = user_keys()

    for key in sorted(raw):
        if key not in known:
            problems.append(f"{key}: unknown key")
    values: dict[str, Any] = {}
    for key in known:
        if key in raw:
            text = _as_string(key, raw[key], problems)
            if text is not None:
                values[key] = text

    if not output:
        problems.append("output: missing (set `output` in the generator block)")
        output_path = None
    else:
        output_path = Path(output)
        values["output"] = output_path
    if "serverOutput" in values:
        values["serverOutput"] = (schema_dir / values["serverOutput"]).resolve()
    if output_path is not None and "packageName" not in values:
        values["packageName"] = derive_package_name(output_path)

    if not problems:
        try:
            return GeneratorConfig.model_validate(values)
        except ValidationError as exc:
            for error in exc.errors():
                key = ".".join(str(part) for part in error["loc"]) or "config"
                message = error["msg"].removeprefix("Value error, ")
                if key == "packageName" and "packageName" not in raw:
                    message += f" (derived from the output directory {output_path.name!r}: "
                    message += "set `packageName` explicitly)"
                problems.append(f"{key}: {message}")

    allowed = ", ".join(f"{key} ({desc})" for key, desc in known.items())
    raise GeneratorErrors(
        f"invalid generator config ({len(problems)} problem{'s' if len(problems) > 1 else ''}). "
        f"Allowed keys: {allowed}.",
        problems,
    )


__all__ = ["GeneratorConfig", "GeneratorError", "SqliteDateTimeFormat", "load_config", "user_keys"]
