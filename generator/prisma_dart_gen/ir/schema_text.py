"""What the DMMF leaves out, read from the schema text (`params.datamodel`).

Prisma's DMMF drops `Unsupported(...)` fields, views, and the `map:` name of a foreign key
(`@relation(..., map: "x")`). The first two are reported to the user as skipped; the last is
needed to name foreign keys exactly as Prisma Migrate does. This is not a parser: it only needs
block headers and single field lines.
"""

from __future__ import annotations

import re

from .model import Skipped

_BLOCK = re.compile(r"^\s*(model|view)\s+(\w+)\s*\{(.*?)^\s*\}", re.MULTILINE | re.DOTALL)
_RELATION_MAP = re.compile(r"^\s*(\w+)\s+\w+[?\[\]]*\s.*@relation\((.*)\)", re.MULTILINE)
_MAP_ARGUMENT = re.compile(r'\bmap\s*:\s*"((?:[^"\\]|\\.)*)"')
_UNSUPPORTED_FIELD = re.compile(
    r'^\s*(\w+)\s+Unsupported\(\s*"([^"]*)"\s*\)(\?|\[\])?', re.MULTILINE
)


def _without_comments(text: str) -> str:
    return re.sub(r"//[^\n]*", "", text)


def skipped_by_prisma(datamodel: str | None) -> list[Skipped]:
    if not datamodel:
        return []
    found: list[Skipped] = []
    for kind, name, body in _BLOCK.findall(_without_comments(datamodel)):
        if kind == "view":
            found.append(Skipped(name, None, "views are not generated (Prisma leaves them out)"))
            continue
        for field, db_type, modifier in _UNSUPPORTED_FIELD.findall(body):
            note = "" if modifier == "?" else "; it is required, so creating rows will fail"
            found.append(
                Skipped(
                    name,
                    field,
                    f'Unsupported("{db_type}") is not generated (the column stays in the '
                    f"database and is not in the generated models or tables{note})",
                )
            )
    return found


def foreign_key_names(datamodel: str | None) -> dict[tuple[str, str], str]:
    """(model, relation field) -> the foreign key name given with `map:` in `@relation`."""
    names: dict[tuple[str, str], str] = {}
    for kind, model, body in _BLOCK.findall(_without_comments(datamodel or "")):
        if kind != "model":
            continue
        for field, arguments in _RELATION_MAP.findall(body):
            found = _MAP_ARGUMENT.search(arguments)
            if found:
                names[(model, field)] = found.group(1)
    return names
