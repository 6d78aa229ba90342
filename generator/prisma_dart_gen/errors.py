"""User-facing errors.

A `GeneratorError` is a problem with the user's input (config, schema). It is reported to the
Prisma CLI as a one-line message that starts with the generator's name and names the model/field
or config key concerned; it never carries a traceback. Anything else that escapes is an internal
error: it is reported too (with a request to file a bug), never swallowed.
"""

from __future__ import annotations

GENERATOR_NAME = "prisma-dart-gen"


def located(model: str | None = None, field: str | None = None) -> str:
    """`Model.field: ` / `Model: ` / `` — the prefix that names where a problem is."""
    if model and field:
        return f"{model}.{field}: "
    if model:
        return f"{model}: "
    return ""


class GeneratorError(Exception):
    """An error in the user's schema or generator config."""

    def __init__(self, message: str, *, model: str | None = None, field: str | None = None):
        self.model = model
        self.field = field
        self.detail = message
        super().__init__(f"{GENERATOR_NAME}: {located(model, field)}{message}")


class GeneratorErrors(GeneratorError):
    """Several user errors found in one pass (every bad config key, every bad name)."""

    def __init__(self, headline: str, problems: list[str]):
        self.problems = problems
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{headline}\n{body}")
