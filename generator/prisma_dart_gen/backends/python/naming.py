"""Python identifiers and literals for the generated server package.

The escaping rule (one rule, everywhere): a Prisma name that cannot be used as-is as a Python
identifier in its namespace gets ONE trailing underscore (``class`` -> ``class_``,
``json`` -> ``json_``). The Prisma name itself stays what the outside world sees: the pydantic
alias (wire, validation, ``model_dump``), the SQLAlchemy column key, the enum member's value.

A name cannot be used as-is when it is:
- a Python keyword (``class``, ``None``, ``async``, ...), in every namespace;
- at module level (model classes, enum classes, table variables): a builtin (``list``, ``type``,
  ``id``, ...: shadowing one breaks code in that module) or a name the module itself defines or
  imports (``metadata``, ``sa``, ``MODELS``, ...);
- as a model field: a member of pydantic's ``BaseModel`` (``json``, ``copy``, ``model_dump``, ...);
- as an enum member: a member of ``enum.Enum`` / our ``PrismaEnum`` (``name``, ``value``,
  ``db_value``, ...).
Soft keywords (``match``, ``case``, ``type`` as a keyword, ``_``) are ordinary identifiers and
are not escaped for being soft keywords (``type`` is still escaped at module level, as a builtin).

If the escaped name is taken too (the model also has a field ``class_``), the collision is not
resolvable without surprising renames: generation stops with a GeneratorError naming the model
and field. Names in lists below are fixed (not read from the running interpreter) so that the
output does not depend on the Python or pydantic version that runs the generator.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable

from ...errors import GeneratorError

KEYWORDS = frozenset(
    """False None True and as assert async await break class continue def del elif else except
    finally for from global if import in is lambda nonlocal not or pass raise return try while
    with yield""".split()
)
SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})

# Public builtins of CPython 3.10-3.14 (union).
BUILTINS = frozenset(
    """ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup
    False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError
    ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError
    KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None
    NotADirectoryError NotImplemented NotImplementedError OSError OverflowError
    PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError
    RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration
    StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True
    TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError
    UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs
    aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile
    complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format
    frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len
    license list locals map max memoryview min next object oct open ord pow print property quit
    range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars
    zip""".split()
)

# pydantic.BaseModel's public members (pydantic 2.x; tests check this list covers the installed
# version). A field named like one of them would shadow it.
BASEMODEL_MEMBERS = frozenset(
    """construct copy dict from_orm json model_computed_fields model_config model_construct
    model_copy model_dump model_dump_json model_extra model_fields model_fields_set
    model_json_schema model_parametrized_name model_post_init model_rebuild model_validate
    model_validate_json model_validate_strings parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate""".split()
)

# enum.Enum / PrismaEnum members a generated enum member must not shadow.
ENUM_MEMBERS = frozenset({"name", "value", "db_value", "from_db", "mro"})

# Names each generated module defines or imports at module level.
MODULE_NAMES = {
    "enums": frozenset({"ENUMS", "PrismaEnum"}),
    "models": frozenset({"MODELS", "enums", "pydantic", "wire"}),
    "tables": frozenset(
        {
            "enum_types",
            "enums",
            "join_tables",
            "metadata",
            "mysql",
            "postgresql",
            "rt",
            "sa",
            "tables",
        }
    ),
}


class PyIdent(str):
    """A Python identifier that went through the escaping rule (never a raw Prisma name)."""

    __slots__ = ()


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name not in KEYWORDS


def escape(name: str, reserved: Iterable[str] = ()) -> PyIdent:
    """``name``, or ``name + "_"`` when it is a keyword or in ``reserved``."""
    if name in KEYWORDS or name in frozenset(reserved):
        return PyIdent(name + "_")
    return PyIdent(name)


def identifier(name: str, reserved: Iterable[str] = ()) -> PyIdent:
    """The Python identifier for a Prisma name: NFKC-normalized (as Python reads identifiers,
    PEP 3131), then escaped. When it differs from ``name``, the Prisma name becomes an alias."""
    return escape(unicodedata.normalize("NFKC", name), reserved)


class Namespace:
    """One Python namespace (a module, a class body, an enum): assigns identifiers to Prisma names
    with the escaping rule and refuses collisions it cannot resolve."""

    def __init__(self, reserved: Iterable[str], what: str, model: str | None = None):
        self.reserved = frozenset(reserved)
        self.what = what  # "field", "model", "enum member", ...
        self.model = model
        self.taken: dict[str, str] = {}  # identifier -> the Prisma name that got it

    def add(self, prisma_name: str) -> PyIdent:
        where = (
            {"model": self.model, "field": prisma_name} if self.model else {"model": prisma_name}
        )
        if not prisma_name.isidentifier() or prisma_name.startswith("_"):
            raise GeneratorError(
                f"the {self.what} name {prisma_name!r} is not usable as a Python identifier "
                "(it must start with a letter and hold only letters, digits and underscores)",
                **where,
            )
        ident = identifier(prisma_name, self.reserved)
        previous = self.taken.get(ident)
        if previous is not None:
            if previous == prisma_name:
                raise GeneratorError(f"duplicate {self.what} name {prisma_name!r}", **where)
            raise GeneratorError(
                f"the {self.what} name {prisma_name!r} becomes the Python name {ident!r}, "
                f"which {previous!r} already has (a trailing underscore is added to names that "
                "Python or the generated code reserves; Python reads identifiers in NFKC form); "
                "rename one of them",
                **where,
            )
        self.taken[ident] = prisma_name
        return ident

    def reserve_all(self, prisma_names: Iterable[str]) -> dict[str, PyIdent]:
        """Identifiers for all names, claiming the unescaped ones first so that an escaped name
        never silently takes the place of a real one, whatever the order in the schema."""
        names = list(prisma_names)
        plain = [name for name in names if identifier(name, self.reserved) == name]
        escaped = [name for name in names if identifier(name, self.reserved) != name]
        result = {name: self.add(name) for name in plain + escaped}
        return {name: result[name] for name in names}


def module_namespace(module: str, what: str) -> Namespace:
    return Namespace(MODULE_NAMES[module] | BUILTINS, what)


def field_namespace(model: str) -> Namespace:
    return Namespace(BASEMODEL_MEMBERS, "field", model=model)


def enum_member_namespace(enum: str) -> Namespace:
    return Namespace(ENUM_MEMBERS, "enum value", model=enum)


# --- literals -----------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        code = ord(char)
        if code <= 0xFF:
            return f"\\x{code:02x}"
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        return f"\\U{code:08x}"
    return char


_PRINTABLE_ASCII = re.compile(r"[ -~]*")
_QUOTE = frozenset('"')
_RAW_IN_COMMENTS = frozenset(_SIMPLE_ESCAPES)


def _escape_chars(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with `_escape_char` applied to every character not in `keep`."""
    if _PRINTABLE_ASCII.fullmatch(text):
        # The common case, without a Python loop per character: only `\` and `"` can change.
        for char in ("\\", '"'):  # the backslash first: the quote's escape adds one
            if char not in keep:
                text = text.replace(char, _SIMPLE_ESCAPES[char])
        return text
    return "".join(char if char in keep else _escape_char(char) for char in text)


def py_str(text: str) -> str:
    """A double-quoted Python string literal; printable non-ASCII is kept as is."""
    return '"' + _escape_chars(text) + '"'


LINE_LENGTH = 100


def _wrap(text: str, width: int) -> list[str]:
    """Documentation lines wrapped at word boundaries to `width` (explicit line breaks kept)."""
    lines: list[str] = []
    for line in text.strip("\n").splitlines():
        wrapped = textwrap.wrap(
            line.rstrip(), width, break_long_words=False, break_on_hyphens=False
        )
        lines.extend(wrapped or [""])
    return lines


def docstring(text: str | None, indent: int = 4) -> str | None:
    """The body of a triple-quoted docstring (escaped, wrapped), or None without documentation."""
    if text is None or not text.strip():
        return None
    lines = _wrap(text, LINE_LENGTH - indent - 6)  # room for both triple quotes
    body = "\n".join(_escape_chars(line, keep=_QUOTE) for line in lines)
    body = body.replace('"""', '\\"\\"\\"')
    if body.endswith('"'):
        body += " "
    return body


def comment_lines(text: str | None, indent: int = 4) -> tuple[str, ...]:
    """``# ...`` lines for a documentation comment, wrapped to fit the line length.

    Comments are raw text: quotes and backslashes stay; only invisible and control characters
    are shown as escapes."""
    if text is None or not text.strip():
        return ()
    return tuple(
        ("# " + _escape_chars(line, keep=_RAW_IN_COMMENTS)).rstrip()
        for line in _wrap(text, LINE_LENGTH - indent - 2)
    )
