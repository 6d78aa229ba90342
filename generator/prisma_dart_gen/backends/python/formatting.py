"""Formatting the rendered Python modules with `ruff format`, all of them in one subprocess.

ruff's formatter is black-compatible and a compiled binary: formatting a whole trigger.dev-sized
package takes milliseconds where black took seconds. Its version is pinned (pyproject.toml), and
every setting that shapes the output is given on the command line with `--isolated`, so no
pyproject.toml or ruff.toml of the user's (nor a RUFF_* default) can change what we write.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

LINE_LENGTH = 100

# Everything that decides ruff's output, spelled out even where it is ruff's default.
SETTINGS = (
    f"line-length = {LINE_LENGTH}",
    "indent-width = 4",
    'target-version = "py310"',
    "format.preview = false",
    'format.quote-style = "double"',
    'format.indent-style = "space"',
    "format.skip-magic-trailing-comma = false",
    'format.line-ending = "lf"',
    "format.docstring-code-format = false",
)

# ruff's message for a module it cannot parse: "error: Failed to parse <path>:<line>:<col>: <why>".
_PARSE_ERROR = re.compile(r"Failed to parse (?P<path>.+?):(?P<line>\d+):\d+: (?P<why>.*)")


class FormatError(RuntimeError):
    """ruff refused a rendered module: a bug in a template or in view.py, not in the schema."""


def ruff_command(files: list[str]) -> list[str]:
    # Imported here: only generation needs it, not `--version` or the usage text.
    from ruff import find_ruff_bin

    config = [arg for setting in SETTINGS for arg in ("--config", setting)]
    return [find_ruff_bin(), "format", "--isolated", "--no-cache", *config, "--", *files]


def format_modules(sources: Mapping[str, str]) -> dict[str, str]:
    """Each module's source formatted, keyed like `sources` (keys only name modules in errors).

    FormatError names the first module ruff could not format, and the offending line.
    """
    if not sources:
        return {}
    # Numbered files in a fresh folder: keys may be any path, and nothing of the user's is near.
    names = {f"module_{index}.py": key for index, key in enumerate(sources)}
    with tempfile.TemporaryDirectory(prefix="prisma-dart-gen-format-") as scratch:
        root = Path(scratch)
        for file, key in names.items():
            (root / file).write_text(sources[key], encoding="utf-8", newline="\n")
        try:
            proc = subprocess.run(
                ruff_command(list(names)), cwd=root, capture_output=True, encoding="utf-8"
            )
        except OSError as exc:  # no ruff binary for this platform, or not executable
            raise FormatError(
                "prisma-dart-gen: could not run ruff to format the generated Python modules: "
                f"{exc}. Reinstall prisma-dart-gen (it depends on the ruff package)."
            ) from exc
        if proc.returncode != 0:
            raise _format_error(proc.stderr or proc.stdout, names, sources)
        return {key: (root / file).read_bytes().decode("utf-8") for file, key in names.items()}


def format_python(source: str, path: str) -> str:
    """One module's `source` formatted (`path` names it in errors)."""
    return format_modules({path: source})[path]


def _format_error(output: str, names: Mapping[str, str], sources: Mapping[str, str]) -> FormatError:
    match = _PARSE_ERROR.search(output)
    if match is None:
        detail = output.strip().splitlines()[0] if output.strip() else "no message"
        return FormatError(
            "prisma-dart-gen: internal error: ruff could not format the generated Python "
            f"modules: {detail}. Please report this as a bug."
        )
    path = names.get(Path(match["path"]).name, match["path"])
    number = int(match["line"])
    lines = sources.get(path, "").splitlines()
    where = f" (line {number}: {lines[number - 1].strip()})" if 0 < number <= len(lines) else ""
    return FormatError(
        f"prisma-dart-gen: internal error: ruff could not format the generated {path}: "
        f"{match['why']}{where}. Please report this as a bug."
    )
