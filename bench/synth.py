"""Deterministic synthetic Prisma schemas of any size, for the scaling benchmark.

`schema_text(n)` is a PostgreSQL schema of `n` models and `max(1, n // 5)` enums. Every model has
the same shape: an id, eight scalar fields of the common types (String, Int, Float, Boolean,
DateTime, Json, one `@unique`), an enum field with a default, a composite index, and (but for the
first) one optional many-to-one relation `parent` to model `i // 2` (a binary tree, so every model
also carries at most two back-relation lists). About 12 fields a model; no randomness: the same
`n` always gives the same bytes.

Why so lean: what Prisma sends a generator is dominated by the DMMF query schema, about 115 KB a
model of this shape (~225 KB for models shaped like trigger.dev's, ~19 fields of which 4 relation
fields; trigger.dev itself ~280 KB). The Prisma CLI 7.10.1 cannot send a request over V8's string
limit (~512 MB): 3,000 trigger.dev-shaped models fail with "Invalid string length" before any
generator runs, and this shape is what still fits at 3,000.
"""

from __future__ import annotations

ENUM_VALUES = ("DRAFT", "ACTIVE", "PAUSED", "ARCHIVED")


def model_name(i: int) -> str:
    return f"Model{i:04d}"


def enum_count(n: int) -> int:
    return max(1, n // 5)


def parent_of(i: int) -> int | None:
    return i // 2 if i >= 1 else None


def schema_text(n: int) -> str:
    if n < 1:
        raise ValueError("a synthetic schema needs at least one model")
    enums = enum_count(n)
    children: dict[int, list[int]] = {i: [] for i in range(n)}
    for i in range(1, n):
        children[i // 2].append(i)
    parts = [
        f"// Synthetic schema: {n} models, {enums} enums (bench/synth.py; deterministic).",
        "",
        "datasource db {",
        '  provider = "postgresql"',
        "}",
        "",
    ]
    for e in range(enums):
        parts.append(f"enum Status{e:04d} {{")
        parts += [f"  {value}" for value in ENUM_VALUES]
        parts += ["}", ""]
    for i in range(n):
        name = model_name(i)
        lines = [
            f"model {name} {{",
            "  id        String   @id @default(cuid())",
            "  createdAt DateTime @default(now())",
            "  name      String",
            "  slug      String   @unique",
            "  count     Int      @default(0)",
            "  score     Float?",
            "  active    Boolean  @default(true)",
            "  meta      Json?",
            f"  status    Status{i % enums:04d} @default(DRAFT)",
        ]
        parent = parent_of(i)
        if parent is not None:
            lines.append("  parentId  String?")
            lines.append(
                f'  parent    {model_name(parent)}? @relation("{name}_parent", '
                "fields: [parentId], references: [id], onDelete: Cascade)"
            )
        for child in children[i]:
            relation = f"{model_name(child)}_parent"
            lines.append(f'  children{child:04d} {model_name(child)}[] @relation("{relation}")')
        lines += ["", "  @@index([createdAt, status])", "}", ""]
        parts += lines
    return "\n".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_text(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
