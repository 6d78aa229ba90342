"""Dart names and literals: one function per rule, nothing else decides a Dart spelling.

The escaping rule (docs/dart-models.md, "Names"): a name that Dart forbids, or that would clash with
something the generated code declares or refers to, gets a trailing `$`: `class` -> `class$`,
`hashCode` -> `hashCode$`, model `List` -> `List$`.

Why `$` and not `_`: Prisma names cannot contain `$` (identifiers are letters, digits and `_`), so
an escaped name can never equal another Prisma name: a field `class_` next to a field `class` would
collide under a trailing `_`, never under `$`. A trailing `$` keeps the name public (a leading `_`
makes a Dart name library-private, and named parameters cannot be private), and Dart allows `$`
anywhere in an identifier. Generated code never writes an identifier inside a string interpolation
(`'$name'`): labels go through `string_literal`, which escapes `$`.

Prisma accepts non-ASCII letters in names (`café`, `名前`); Dart identifiers are ASCII. Such a
character is spelled `$u` + 4 hex digits (`$U` + 6 above the BMP): `café` -> `caf$u00e9`. Escapes
are fixed-width, so this is injective too.

Where each rule applies (the sets below):
- everywhere: Dart reserved words, built-in identifiers, `await`/`yield`;
- types (model and enum classes): also dart:core's public names and the names the generated
  libraries import (`Decimal`, `Uint8List`, `immutable`), so a model `List` never shadows `List`;
- model fields: also the members every model class declares (`copyWith`, `toJson`, `fromJson`,
  `fromRecord`) and every input class declares (`toArgs`, `toArg`, `AND`, `OR`, `NOT`), `Object`'s
  members, the names the class body refers to without a prefix (dart:core types such as `int`,
  `identical`, `override`...), and every generated type name (a field `User` would shadow the
  class `User` inside the class body; a field `List` next to the class `List$` becomes `List$$`);
- types: also the public names the package library exports from the runtime and the client
  (`PrismaClient`, `Value`, `StringFilter`, ...: CLIENT_TYPE_NAMES);
- enum constants: also `Object`'s and `Enum`'s members (`values`, `index`, `name`) and the members
  every generated enum declares (`prismaName`, `dbValue`, `fromPrismaName`, `fromDbValue`).
Collisions the rule cannot prevent (enum values `ADMIN` and `admin` both become `admin`; models
`user_profile` and `UserProfile` both become `UserProfile`) are reported by the view as errors.
"""

from __future__ import annotations

import re
from collections.abc import Collection

ESCAPE = "$"

# Dart 3 language specification, "Reserved words": never an identifier.
RESERVED_WORDS = frozenset(
    """assert break case catch class const continue default do else enum extends false final
    finally for if in is new null rethrow return super switch this throw true try var void while
    with""".split()
)

# "Built-in identifiers": not allowed as type names; legal as member names, but escaped there too
# so that one rule covers every name (`required this.required` is legal and unreadable).
BUILT_IN_IDENTIFIERS = frozenset(
    """abstract as covariant deferred dynamic export extension external factory Function get
    implements import interface late library mixin operator part required set static
    typedef""".split()
)

# Not identifiers inside async / generator bodies (and the Dart parser trips on `await` as a name).
ASYNC_KEYWORDS = frozenset({"await", "yield"})

KEYWORDS = RESERVED_WORDS | BUILT_IN_IDENTIFIERS | ASYNC_KEYWORDS

# dart:core's public types (Dart 3.3), plus Future/Stream which dart:core re-exports.
DART_CORE_TYPES = frozenset(
    """ArgumentError AssertionError BidirectionalIterator BigInt bool Comparable Comparator
    ConcurrentModificationError DateTime Deprecated double Duration Enum Error Exception Expando
    Finalizer FormatException Function Future IndexError int IntegerDivisionByZeroException
    Invocation Iterable Iterator List Map MapEntry Match Never NoSuchMethodError Null num Object
    OutOfMemoryError Pattern pragma RangeError Record RegExp RegExpMatch RuneIterator Runes Set Sink
    StackOverflowError StackTrace StateError Stopwatch Stream String StringBuffer StringSink Symbol
    Type TypeError UnimplementedError UnsupportedError Uri UriData WeakReference""".split()
)

# Names the generated libraries import (each with `show`) or call without a prefix.
IMPORTED_NAMES = frozenset({"Decimal", "Uint8List", "immutable", "identical", "override"})

# Public names the package library exports next to the models (docs/dart-client.md): the client
# classes, and the runtime's input, storage and error types. A model named like one of them would
# make the export ambiguous.
CLIENT_TYPE_NAMES = frozenset(
    """PrismaClient PrismaTransaction BatchPayload BigIntFieldUpdate BigIntFilter BoolFilter
    BytesFilter ComparableFilter ConnectOrCreate DateTimeFilter DecimalFieldUpdate DecimalFilter
    EnumFilter FloatFieldUpdate FloatFilter IndexedDbStorage IntFieldUpdate IntFilter JsonFilter
    JsonNullValue ListFieldUpdate NestedCreateMany NestedCreateOne NestedUpdateMany
    NestedUpdateOne NestedUpsert NullsOrder OrderByRelationAggregateInput
    PrismaClientKnownRequestError PrismaClientUnknownRequestError PrismaClientValidationError
    PrismaArg PrismaEnum PrismaInput
    QueryMode ScalarListFilter SortOrder SortOrderInput SortSpec SqfliteStorage Storage
    StringFilter ToManyFilter ToOneFilter UpdateManyWhere UpdateWhere UpsertWhere
    Value
    HttpSyncTransport SyncConfig SyncHeaders SyncHttpException SyncKeyChangeError SyncMutation
    SyncOfflineCreateError SyncOptions SyncProtocolError SyncRejection SyncResponse SyncStatus
    SyncTransientException SyncTransport SyncWorker""".split()
)

RESERVED_TYPE_NAMES = KEYWORDS | DART_CORE_TYPES | IMPORTED_NAMES | CLIENT_TYPE_NAMES

OBJECT_MEMBERS = frozenset({"hashCode", "runtimeType", "toString", "noSuchMethod"})

# Members every generated model class declares.
MODEL_MEMBERS = frozenset({"copyWith", "toJson", "fromJson", "fromRecord"})

# Members the generated input classes declare next to one member per field (docs/dart-client.md):
# reserved for every field, so that a field has the same Dart name in the model and its inputs.
INPUT_MEMBERS = frozenset({"toArgs", "toArg", "AND", "OR", "NOT"})

# Members of the generated client classes (PrismaClient, PrismaTransaction) next to the delegates.
CLIENT_MEMBERS = frozenset({"open", "close"})

# Members of every Dart enum, and those every generated enum declares.
ENUM_MEMBERS = frozenset(
    {"values", "index", "name", "prismaName", "dbValue", "fromPrismaName", "fromDbValue"}
)

RESERVED_MEMBER_NAMES = RESERVED_TYPE_NAMES | OBJECT_MEMBERS | MODEL_MEMBERS | INPUT_MEMBERS
RESERVED_ENUM_MEMBER_NAMES = RESERVED_TYPE_NAMES | OBJECT_MEMBERS | ENUM_MEMBERS


class DartIdentifier(str):
    """A Dart identifier that went through this module's rules (escaped, ASCII)."""


class DartLiteral(str):
    """A Dart expression: a string literal that went through `string_literal`."""


_ASCII_IDENTIFIER_CHAR = re.compile(r"[A-Za-z0-9_]")
# Words of an ASCII name: `HTTPServer2_log` -> HTTP, Server2, log.
_WORD = re.compile(r"[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+")


def _check(name: str) -> None:
    # Prisma guarantees a letter first, then letters, digits and `_`; anything else is a bug
    # upstream, not a user error.
    if not name or not name[0].isalpha():
        raise ValueError(f"not a Prisma identifier: {name!r}")


def _code_point(char: str, prefix: str) -> str:
    code = ord(char)
    return f"{prefix}u{code:04x}" if code <= 0xFFFF else f"{prefix}U{code:06x}"


_ASCII_IDENTIFIER = re.compile(r"[A-Za-z0-9_]*")


def _ascii(name: str) -> str:
    """Spell every character Dart does not allow in identifiers as `$uXXXX`."""
    if _ASCII_IDENTIFIER.fullmatch(name):
        return name  # the common case, without a Python loop per character
    return "".join(
        char if _ASCII_IDENTIFIER_CHAR.fullmatch(char) else _code_point(char, ESCAPE)
        for char in name
    )


def _escape(name: str, reserved: Collection[str]) -> DartIdentifier:
    return DartIdentifier(f"{name}{ESCAPE}" if name in reserved else name)


def _words(name: str) -> list[str]:
    """ASCII words of a name; a non-ASCII character is a word of its own (`u00e9`)."""
    words: list[str] = []
    for chunk in re.split(r"([^A-Za-z0-9_])", name):
        if not chunk:
            continue
        if not _ASCII_IDENTIFIER_CHAR.fullmatch(chunk[0]):
            words.append(_code_point(chunk, ""))
            continue
        for part in chunk.split("_"):
            words.extend(_WORD.findall(part))
    return words


def type_name(prisma_name: str) -> DartIdentifier:
    """Model/enum `Post` -> `Post`, `user_profile` -> `UserProfile`, `List` -> `List$`.

    UpperCamelCase by upper-casing the first letter of each `_`-separated part and dropping the
    `_`; the rest of each part is kept as written (`HTTPLog` stays `HTTPLog`).
    """
    _check(prisma_name)
    parts = [part for part in prisma_name.split("_") if part]
    camel = "".join(part[0].upper() + part[1:] if part[0].isascii() else part for part in parts)
    return _escape(_ascii(camel), RESERVED_TYPE_NAMES)


def member_name(prisma_name: str, type_names: Collection[str] = ()) -> DartIdentifier:
    """Model field `title` -> `title`, `class` -> `class$`, `int` -> `int$`, `toJson` -> `toJson$`.

    Field names are kept as written (Prisma Client uses them verbatim). `type_names` are the Dart
    names of every generated class: a field named like one of them would shadow it.
    """
    _check(prisma_name)
    name = _ascii(prisma_name)
    escaped = name if name in type_names else _escape(name, RESERVED_MEMBER_NAMES)
    # A relation `List List?` to a model `List`: the class is `List$`, so the field is `List$$`.
    while escaped in type_names:
        escaped = DartIdentifier(f"{escaped}{ESCAPE}")
    return DartIdentifier(escaped)


def enum_member(prisma_value: str) -> DartIdentifier:
    """Enum value `ADMIN` -> `admin`, `SUPER_ADMIN` -> `superAdmin`, `inProgress` -> `inProgress`.

    lowerCamelCase from the value's words (split at `_` and at case changes: `HTTPError` -> http,
    error); a value with non-ASCII letters only gets its first letter lower-cased.
    """
    _check(prisma_value)
    if prisma_value.isascii():
        words = _words(prisma_value)
        camel = words[0].lower() + "".join(word[0].upper() + word[1:].lower() for word in words[1:])
    else:
        first = prisma_value[0]
        camel = (first.lower() if first.isascii() else first) + prisma_value[1:]
    return _escape(_ascii(camel), RESERVED_ENUM_MEMBER_NAMES)


def derived_type_name(prisma_name: str, suffix: str) -> DartIdentifier:
    """A class generated for a model: `Post` + `WhereInput` -> `PostWhereInput`.

    Built from the model's UpperCamelCase name before escaping (`List` -> `ListWhereInput`, not
    `List$WhereInput`); the suffix makes it a new name, which the view checks for collisions.
    """
    _check(prisma_name)
    parts = [part for part in prisma_name.split("_") if part]
    camel = "".join(part[0].upper() + part[1:] if part[0].isascii() else part for part in parts)
    return _escape(_ascii(camel + suffix), RESERVED_TYPE_NAMES)


def compound_suffix(api_name: str) -> str:
    """`authorId_slug` -> `AuthorIdSlug`: a compound key's name inside a class name."""
    _check(api_name)
    return "".join(part[0].upper() + part[1:] for part in api_name.split("_") if part)


def delegate_name(prisma_name: str, type_names: Collection[str] = ()) -> DartIdentifier:
    """The client's getter for a model, as Prisma Client names it: `UserProfile` -> `userProfile`.

    The first letter is lower-cased, the rest kept (`user_profile` stays `user_profile`); escaped
    like a member, and also when it is a client member (`open`, `close`) or a generated type name.
    """
    _check(prisma_name)
    first = prisma_name[0]
    name = _ascii((first.lower() if first.isascii() else first) + prisma_name[1:])
    if name in type_names:
        return DartIdentifier(f"{name}{ESCAPE}")
    return _escape(name, RESERVED_MEMBER_NAMES | CLIENT_MEMBERS)


def field_constant(prisma_name: str) -> DartIdentifier:
    """A field as a constant of a `<Model>ScalarField` enum: the field name, as written.

    Escaped like an enum constant (`values` -> `values$`, `index` -> `index$`).
    """
    _check(prisma_name)
    return _escape(_ascii(prisma_name), RESERVED_ENUM_MEMBER_NAMES)


def file_name(prisma_name: str) -> str:
    """`UserProfile` / `user_profile` -> `user_profile.dart`, `HTTPLog` -> `http_log.dart`."""
    _check(prisma_name)
    return "_".join(word.lower() for word in _words(prisma_name)) + ".dart"


_STRING_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "$": "\\$",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}

# Characters written as `\u{...}` in literals and spelled out in comments: C0/C1 controls, DEL,
# line/paragraph separators, bidirectional overrides (the analyzer flags them: "Trojan Source"),
# lone surrogates (not encodable as UTF-8), BOM.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


# Every character `string_literal` must write differently: one regex pass instead of a Python
# loop per character (tens of thousands of literals in a large schema, most needing nothing).
_ESCAPED = re.compile("[\\\\'$]|" + _INVISIBLE.pattern)


def _escaped_char(match: re.Match[str]) -> str:
    char = match.group()
    return _STRING_ESCAPES.get(char) or f"\\u{{{ord(char):x}}}"


def string_literal(text: str) -> DartLiteral:
    """A single-quoted Dart string literal whose value is exactly `text`."""
    return DartLiteral("'" + _ESCAPED.sub(_escaped_char, text) + "'")


def doc_comment(text: str | None) -> tuple[str, ...]:
    """Schema documentation as `///` lines (without indentation); () when there is none.

    Every line of the text gets its own `///` (so `*/` or `/*` inside cannot end anything); line
    breaks are \\n, \\r\\n or \\r (Dart ends a comment at any of them); invisible characters are
    written as `\\u{...}`; trailing whitespace and leading/trailing empty lines are dropped.
    """
    if text is None:
        return ()
    lines = [
        _INVISIBLE.sub(
            lambda m: m.group() if m.group() == "\t" else f"\\u{{{ord(m.group()):x}}}", line
        ).rstrip()
        for line in re.split(r"\r\n|\r|\n", text)
    ]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return tuple(f"/// {line}" if line else "///" for line in lines)
