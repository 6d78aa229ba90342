"""A Dart syntax check without a Dart SDK: tree-sitter-dart (the PyPI grammar) parses the source.

`syntax_errors` reports every ERROR node (text the grammar could not place) and MISSING node
(a token the parser had to invent, such as a `;` or `}`), with its 1-based line and column. The
grammar is lenient about reserved words (it parses `final int class;`), so identifiers spelled like
a Dart reserved word are reported too.

This is a syntax check only: it does not resolve names or types. A clean result means the file
parses, not that it compiles.
"""

from __future__ import annotations

from functools import cache

import tree_sitter_dart
from tree_sitter import Language, Node, Parser

# Dart 3 language specification, "Reserved words": never an identifier.
_RESERVED_WORDS = frozenset(
    """assert break case catch class const continue default do else enum extends false final
    finally for if in is new null rethrow return super switch this throw true try var void while
    with""".split()
)
_IDENTIFIER_NODES = frozenset({"identifier", "type_identifier"})


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_dart.language()))


def _where(node: Node) -> str:
    row, column = node.start_point
    return f"{row + 1}:{column + 1}"


def _excerpt(node: Node) -> str:
    text = (node.text or b"").decode("utf-8", errors="replace")
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def syntax_errors(source: bytes) -> list[str]:
    """`line:column: problem` for every syntax error in a Dart source file; [] when it parses."""
    tree = _parser().parse(source)
    problems: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            problems.append(f"{_where(node)}: missing {node.type!r}")
        elif node.is_error:
            problems.append(f"{_where(node)}: cannot parse {_excerpt(node)!r}")
        elif node.type in _IDENTIFIER_NODES and _excerpt(node) in _RESERVED_WORDS:
            problems.append(f"{_where(node)}: reserved word {_excerpt(node)!r} used as a name")
        stack.extend(reversed(node.children))
    return sorted(problems, key=lambda p: tuple(int(n) for n in p.split(":", 2)[:2]))
