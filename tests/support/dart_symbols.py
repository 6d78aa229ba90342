"""A symbol check for the generated Dart package, built on the tree-sitter-dart parse.

No Dart SDK runs here, so nothing compiles the generated package. This module does the part of
name resolution that catches renamed classes and template typos: every type name, constructor,
static member and top-level function or variable that a library refers to must resolve, in that
library's scope, to a declaration of the package or to an entry of the reviewed allow-list of
external APIs (tests/support/dart_external_api.py).

Three passes over the package ({path: bytes}, paths relative to the package root):

(a) declarations per library: classes, enums (and their constants), mixins, extensions, extension
    types, typedefs, top-level functions, variables, getters and setters; per type its
    constructors (`new` for the unnamed one, named and factory), static members, instance members
    and supertypes;
(b) the import graph: `import`/`export` with `show`/`hide` and `as` prefixes; relative and
    `package:<own name>/` URIs resolve to files of the package (conditional imports: every
    alternative must provide the name), `dart:` and other `package:` URIs to the allow-list;
    `dart:core` is imported implicitly; `export`s are followed transitively;
(c) references: type names (annotations, generic arguments, `is`/`as`, extends/implements/with/on,
    patterns), constructor calls (`Foo(...)`, `Foo.named(...)`, `const Foo(...)`, `new`,
    `List<T>.of(...)`, redirecting factories), static member access (`Foo.bar`), prefixed
    references (`$rt.decodeString`, `prefix.Type`, `prefix.Type.member`), metadata (`@immutable`)
    and every bare identifier in an expression that is not bound locally.

A reference resolves through, in order (Dart's lexical scoping): the names bound in the enclosing
function (parameters, local variables and functions, loop and catch variables, pattern variables,
type parameters), the members of the enclosing class (its own, those of supertypes declared in the
package, and Object's/Enum's), the library's own top-level declarations, then what its imports
bring (a `dart:` name yields to a package's; two other declarations of one name are ambiguous).
A class member found first must fit the use: a field named like a type hides the type inside the
class (`final String String;`), calling a field (`identical(a, b)` with a field `identical`) and
metadata naming an instance member (`@immutable` with a field `immutable`) do not compile, and
are reported. A constructor must be named after its class.

Deliberately out of scope (no type inference): member access on instances (`value.toList()`,
`this.id`, `other.name`, the `.toIso8601String()` after a constructor call), named-argument names,
argument counts and types, and a lower-case bare identifier inside a class with an external
supertype (other than Object, Enum, Exception), which may be an inherited member. Local scoping is
approximated per member: a name bound anywhere in a function counts as bound in the whole function
(and only type parameters hide a type in a type position).

`unresolved_references(files)` returns one `Unresolved` per failure, sorted, printable as
`path:line:column: name: reason`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath

import tree_sitter_dart
from tree_sitter import Language, Node, Parser

from tests.support.dart_external_api import EXTERNAL_API, ExternalLibrary

# --- data ----------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Unresolved:
    """A reference (or directive) the check could not resolve."""

    path: str
    line: int
    column: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.name}: {self.reason}"


TYPE_KINDS = frozenset({"class", "enum", "mixin", "extension", "extension_type", "typedef"})
# Members every class has (Object's), and those enums add (Enum's, `name` by extension): kind.
OBJECT_MEMBERS = {
    "hashCode": "getter",
    "runtimeType": "getter",
    "toString": "method",
    "noSuchMethod": "method",
}
ENUM_MEMBERS = {"index": "getter", "name": "getter", "values": "field"}
# External supertypes that add no instance member to Object's: a class extending or implementing
# only these (and package types) has no unknown inherited members. Exception declares nothing but a
# factory constructor (api.dart.dev dart-core/Exception-class.html).
CLOSED_EXTERNAL_SUPERTYPES = frozenset({"Object", "Enum", "Exception"})
# Member kinds that hold a value, not a function: calling one (`field(...)`) does not compile.
DATA_MEMBERS = frozenset({"field", "constant"})


@dataclass
class Declaration:
    """A top-level declaration of a package library."""

    library: str
    name: str
    kind: str  # class, enum, mixin, extension, extension_type, typedef, function, variable, ...
    line: int
    column: int
    statics: set[str] = field(default_factory=set)  # `Name.x`: constructors (`new`), statics
    # Instance and static members -> method, getter, setter, field (not function-typed), constant.
    members: dict[str, str] = field(default_factory=dict)
    supertypes: list[tuple[str | None, str]] = field(default_factory=list)  # (prefix, name)
    has_constructor: bool = False
    # Constructors named after another class (`Post2 { const Post(...) }`): (name, line, column).
    foreign_constructors: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def is_type(self) -> bool:
        return self.kind in TYPE_KINDS


@dataclass(frozen=True)
class Symbol:
    """What a name in a namespace denotes: a package declaration or an allow-listed external."""

    library: str  # a package path (lib/src/x.dart) or an external URI (dart:core)
    name: str
    external: bool

    def describe(self) -> str:
        return f"{self.name} from {self.library}"


@dataclass(frozen=True)
class Combinator:
    keyword: str  # show | hide
    names: tuple[tuple[str, int, int], ...]  # (name, line, column)


@dataclass(frozen=True)
class Directive:
    """An `import` or `export`: the URI (and conditional alternatives) it names."""

    keyword: str  # import | export
    uris: tuple[str, ...]  # the default URI first, then those of `if (...)` configurations
    prefix: str | None
    combinators: tuple[Combinator, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Reference:
    """A name a library uses.

    kind: `type` (a type annotation), `constructor` (`chain[0]` is the constructor, `new` for the
    unnamed one), `expression` (a bare identifier; `chain` holds what follows it: member names,
    or `()` for a call, as far as it matters for resolution) or `annotation` (metadata, likewise).
    """

    kind: str
    prefix: str | None
    name: str
    chain: tuple[str, ...]
    enclosing: str | None  # the enclosing top-level type, for member lookup
    line: int
    column: int

    def display(self) -> str:
        parts = [self.prefix] if self.prefix else []
        parts.append(self.name)
        if self.kind == "constructor":
            if self.chain[0] != "new":
                parts.append(self.chain[0])
        else:
            for part in self.chain:
                if part == "()":
                    break
                parts.append(part)
        return ".".join(parts)


@dataclass
class Library:
    path: str
    declarations: dict[str, Declaration] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    problems: list[Unresolved] = field(default_factory=list)


# --- parsing -------------------------------------------------------------------------------------


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_dart.language()))


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8")


def _pos(node: Node) -> tuple[int, int]:
    row, column = node.start_point
    return row + 1, column + 1


def _string_value(node: Node) -> str:
    """The value of a plain (non-interpolated) Dart string literal."""
    text = _text(node)
    for quote in ('"""', "'''", '"', "'"):
        if text.startswith(quote) and text.endswith(quote) and len(text) >= 2 * len(quote):
            return text[len(quote) : -len(quote)]
    return text


def _is_type_name(name: str) -> bool:
    """Dart types are UpperCamelCase by convention (`_Private` and `$Escaped` too)."""
    stripped = name.lstrip("_$")
    return bool(stripped) and stripped[0].isupper()


# Identifiers that are members after a `.`/`?.`/`..`, named-argument labels, names inside
# function-type parameter lists and record types, and directive parts: never references.
_MEMBER_PARENTS = frozenset(
    {"unconditional_assignable_selector", "conditional_assignable_selector", "cascade_selector"}
)
_SKIP_PARENTS = frozenset(
    {
        "label",
        "typed_identifier",
        "combinator",
        "library_name",
        "dotted_identifier_list",
        "import_specification",
        "library_export",
        "part_directive",
        "part_of_directive",
        "uri_test",
        "identifier_list",
        "object_pattern",
        "break_statement",
        "continue_statement",
        # Handled as a whole by the constructor logic.
        "const_object_expression",
        "new_expression",
        "constructor_invocation",
        "redirecting_factory_constructor_signature",
    }
)
# Parents whose identifiers are the names being declared.
_DECLARATION_PARENTS = frozenset(
    {
        "class_definition",
        "enum_declaration",
        "mixin_declaration",
        "extension_declaration",
        "extension_type_declaration",
        "enum_constant",
        "function_signature",
        "getter_signature",
        "setter_signature",
        "constructor_signature",
        "constant_constructor_signature",
        "factory_constructor_signature",
        "representation_declaration",
        "mixin_application_class",
        "declaration",
        "operator_signature",
    }
)
# Parents whose identifiers bind a local name (parameters, variables, patterns).
_BINDING_PARENTS = frozenset(
    {
        "formal_parameter",
        "catch_parameters",
        "variable_pattern",
        "constructor_param",
        "super_formal_parameter",
    }
)
_PATTERN_DECLARATIONS = frozenset({"pattern_variable_declaration"})
_TYPE_DECLARATIONS = {
    "class_definition": "class",
    "enum_declaration": "enum",
    "mixin_declaration": "mixin",
    "extension_declaration": "extension",
    "extension_type_declaration": "extension_type",
}
_BODIES = frozenset({"class_body", "enum_body", "extension_body"})
_CONSTRUCTOR_SIGNATURES = frozenset(
    {
        "constructor_signature",
        "constant_constructor_signature",
        "factory_constructor_signature",
        "redirecting_factory_constructor_signature",
    }
)
_IDENTIFIERS = frozenset({"identifier", "identifier_dollar_escaped"})


def _first_identifier_role(parent: Node, index: int, bound: str) -> str:
    """`bound` for the first child identifier (the name before `=`), `ref` for the others."""
    first = next(i for i, child in enumerate(parent.children) if child.type == "identifier")
    return bound if index == first else "ref"


def _in_pattern_declaration(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type.endswith("_pattern"):
        parent = parent.parent
    return parent is not None and parent.type in _PATTERN_DECLARATIONS


def _role(parent: Node, index: int) -> str:
    """What the identifier `parent.children[index]` is: ref, member, binding, decl or skip."""
    ptype = parent.type
    child = parent.children[index]
    if child.type == "identifier_dollar_escaped":
        return "ref"
    if ptype in _MEMBER_PARENTS:
        return "member"
    if ptype in _SKIP_PARENTS:
        return "skip"
    if ptype in _BINDING_PARENTS:
        return "binding"
    if ptype in _DECLARATION_PARENTS:
        return "decl"
    if ptype in ("initialized_identifier", "static_final_declaration"):
        # `var a = 1, b = 2;` in a body binds locals; in a class or at top level, it declares.
        grandparent = parent.parent
        local = grandparent is not None and grandparent.type == "initialized_variable_definition"
        return _first_identifier_role(parent, index, "binding" if local else "decl")
    if ptype == "field_initializer":
        return _first_identifier_role(parent, index, "member")
    if ptype in ("initialized_variable_definition", "for_loop_parts"):
        return "binding" if parent.field_name_for_child(index) == "name" else "ref"
    if ptype == "constant_pattern" and _in_pattern_declaration(parent):
        return "binding"
    following = parent.children[index + 1] if index + 1 < len(parent.children) else None
    if ptype.endswith("_pattern") and following is not None and following.type == ":":
        return "skip"  # a field name in a record or object pattern
    return "ref"


def _bound_names(nodes: Iterable[Node]) -> tuple[set[str], set[str]]:
    """(every name bound anywhere under `nodes`, the type parameters among them)."""
    names: set[str] = set()
    types: set[str] = set()
    # A class's members get their own scopes (`container`): do not look inside a class body.
    stack = [node for node in nodes if node.type not in _TYPE_DECLARATIONS]
    while stack:
        node = stack.pop()
        for index, child in enumerate(node.children):
            if child.type in _TYPE_DECLARATIONS:
                continue
            if child.type == "identifier":
                role = _role(node, index)
                if role == "binding":
                    names.add(_text(child))
                elif (
                    role == "decl"
                    and node.type == "function_signature"
                    and node.parent is not None
                    and node.parent.type == "lambda_expression"
                ):
                    names.add(_text(child))  # a local function
            elif child.type == "type_identifier" and node.type == "type_parameter":
                if index == _first_index(node, "type_identifier"):
                    names.add(_text(child))
                    types.add(_text(child))
            else:
                stack.append(child)
    return names, types


def _first_index(node: Node, type_: str) -> int:
    return next(i for i, child in enumerate(node.children) if child.type == type_)


def _type_parameter_names(node: Node) -> set[str]:
    names: set[str] = set()
    for child in node.children:
        if child.type == "type_parameters":
            for parameter in child.children:
                if parameter.type == "type_parameter":
                    names.add(_text(parameter.children[_first_index(parameter, "type_identifier")]))
    return names


def _type_names(node: Node) -> list[tuple[str | None, str]]:
    """The (prefix, name) of the types listed directly under `node` (not their type arguments)."""
    result: list[tuple[str | None, str]] = []
    children = node.children
    index = 0
    while index < len(children):
        child = children[index]
        if child.type == "type_identifier":
            if (
                index + 2 < len(children)
                and children[index + 1].type == "."
                and children[index + 2].type == "type_identifier"
            ):
                result.append((_text(child), _text(children[index + 2])))
                index += 3
                continue
            result.append((None, _text(child)))
        elif child.type == "mixins":
            result.extend(_type_names(child))
        index += 1
    return result


# --- (a) declarations ----------------------------------------------------------------------------


def _declaration_name(node: Node) -> Node | None:
    name = node.child_by_field_name("name")
    if name is not None:
        return name
    for child in node.children:
        if child.type == "identifier":
            return child
        if child.type == "mixin_application_class":
            return _declaration_name(child)
    return None


def _member_declarations(body: Node, declaration: Declaration) -> None:
    """Fill `declaration`'s members from a class, enum or extension body."""
    for item in body.children:
        if item.type == "enum_constant":
            name = _text(item.child_by_field_name("name") or item.children[0])
            declaration.statics.add(name)
            declaration.members[name] = "constant"
            continue
        if item.type not in ("declaration", "method_signature"):
            continue
        is_static = any(child.type == "static" for child in item.children)
        for name, kind, node in _declared_members(item):
            if kind.startswith("constructor "):
                declaration.has_constructor = True
                if declaration.kind != "enum":  # enum constructors cannot be invoked
                    declaration.statics.add(kind.removeprefix("constructor "))
                if name != declaration.name:
                    declaration.foreign_constructors.append((name, *_pos(node)))
                continue
            declaration.members[name] = kind
            if is_static:
                declaration.statics.add(name)


def _declared_members(item: Node) -> Iterator[tuple[str, str, Node]]:
    """(member name, kind, node), or (class name, `constructor <name>`, node) for a constructor."""
    # A field holds a function when its declared type is a function type.
    field_kind = "method" if any(c.type == "function_type" for c in item.children) else "field"
    for child in item.children:
        ctype = child.type
        if ctype in _CONSTRUCTOR_SIGNATURES:
            names = []
            for part in child.children:
                if part.type == "formal_parameter_list":
                    break
                if part.type == "identifier":
                    names.append(part)
            named = _text(names[1]) if len(names) > 1 else "new"
            yield _text(names[0]), f"constructor {named}", names[0]
        elif ctype in ("function_signature", "getter_signature", "setter_signature"):
            name = child.child_by_field_name("name")
            if name is not None:
                kind = {"function_signature": "method"}.get(ctype, ctype.split("_")[0])
                yield _text(name), kind, name
        elif ctype in ("initialized_identifier_list", "static_final_declaration_list"):
            for entry in child.children:
                if entry.type in ("initialized_identifier", "static_final_declaration"):
                    yield _text(entry.children[0]), field_kind, entry.children[0]
        elif ctype == "identifier_list":
            for entry in child.children:
                if entry.type == "identifier":
                    yield _text(entry), field_kind, entry
        elif ctype == "identifier":
            yield _text(child), field_kind, child


def _type_declaration(path: str, node: Node, kind: str) -> Declaration | None:
    name_node = _declaration_name(node)
    if name_node is None:
        return None  # an unnamed extension: nothing to refer to
    line, column = _pos(name_node)
    declaration = Declaration(path, _text(name_node), kind, line, column)
    for child in node.children:
        if child.type in ("superclass", "interfaces", "mixins"):
            declaration.supertypes.extend(_type_names(child))
        elif child.type == "mixin_application_class":
            for part in child.children:
                if part.type == "mixin_application":
                    declaration.supertypes.extend(_type_names(part))
        elif child.type in _BODIES:
            _member_declarations(child, declaration)
        elif child.type == "representation_declaration":
            representation = child.child_by_field_name("name")
            if representation is not None:
                declaration.members[_text(representation)] = "field"
            declaration.statics.add("new")
            declaration.has_constructor = True
    if kind == "mixin" or kind == "extension":
        # `mixin M on A, B` and `extension E on T`: the `on` types supply the members.
        declaration.supertypes.extend(_type_names(node))
    if kind == "class" and not declaration.has_constructor:
        declaration.statics.add("new")  # the implicit default constructor
    if kind == "enum":
        declaration.statics.add("values")
        declaration.members = {**ENUM_MEMBERS, **declaration.members}
    declaration.members = {**OBJECT_MEMBERS, **declaration.members}
    return declaration


def _top_level_declarations(path: str, root: Node) -> Iterator[Declaration]:
    for node in root.children:
        ntype = node.type
        if ntype in _TYPE_DECLARATIONS:
            declaration = _type_declaration(path, node, _TYPE_DECLARATIONS[ntype])
            if declaration is not None:
                yield declaration
        elif ntype == "type_alias":
            name = node.children[_first_index(node, "type_identifier")]
            yield Declaration(path, _text(name), "typedef", *_pos(name))
        elif ntype in ("function_signature", "getter_signature", "setter_signature"):
            name = node.child_by_field_name("name")
            if name is not None:
                kind = {"function_signature": "function"}.get(ntype, ntype.split("_")[0])
                yield Declaration(path, _text(name), kind, *_pos(name))
        elif ntype in ("static_final_declaration_list", "initialized_identifier_list"):
            for entry in node.children:
                if entry.type in ("static_final_declaration", "initialized_identifier"):
                    name = entry.children[0]
                    yield Declaration(path, _text(name), "variable", *_pos(name))


# --- (b) directives ------------------------------------------------------------------------------


def _combinators(node: Node) -> tuple[Combinator, ...]:
    result = []
    for child in node.children:
        if child.type == "combinator":
            keyword = _text(child.children[0])
            names = tuple(
                (_text(part), *_pos(part)) for part in child.children if part.type == "identifier"
            )
            result.append(Combinator(keyword, names))
    return tuple(result)


def _uris(configurable: Node) -> tuple[str, ...]:
    uris = []
    for child in configurable.children:
        if child.type == "uri":
            uris.append(_string_value(child.children[0]))
        elif child.type == "configuration_uri":
            for part in child.children:
                if part.type == "uri":
                    uris.append(_string_value(part.children[0]))
    return tuple(uris)


def _directives(path: str, root: Node, problems: list[Unresolved]) -> Iterator[Directive]:
    for node in root.children:
        if node.type in ("part_directive", "part_of_directive"):
            problems.append(
                Unresolved(path, *_pos(node), _text(node), "part files are not supported")
            )
            continue
        if node.type != "import_or_export":
            continue
        spec = node.children[0]
        if spec.type == "library_import":
            spec = spec.children[0]
        keyword = "import" if spec.type == "import_specification" else "export"
        configurable = next(child for child in spec.children if child.type == "configurable_uri")
        prefix = None
        for index, child in enumerate(spec.children):
            if child.type == "as" and index + 1 < len(spec.children):
                prefix = _text(spec.children[index + 1])
        yield Directive(keyword, _uris(configurable), prefix, _combinators(spec), *_pos(node))


# --- (c) references ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    bound: frozenset[str]  # locals, parameters and type parameters in scope
    types: frozenset[str]  # the type parameters among them: what hides a type in a type position
    enclosing: str | None  # the enclosing top-level type


def _chain(siblings: list[Node], start: int) -> tuple[str, ...]:
    """What follows an identifier: `.member` names and `()` calls, up to the first other part."""
    chain: list[str] = []
    for node in siblings[start:]:
        part = node
        if part.type == "selector":
            part = part.children[0]
        if part.type in ("argument_part", "arguments"):
            chain.append("()")
        elif part.type in ("unconditional_assignable_selector", "conditional_assignable_selector"):
            name = next((c for c in part.children if c.type == "identifier"), None)
            if name is None:
                break  # an index `[...]`
            chain.append(_text(name))
        else:
            break
        if len(chain) == 3:
            break
    return tuple(chain)


class _ReferenceCollector:
    def __init__(self, library: Library) -> None:
        self.library = library

    def add(self, kind: str, prefix, name, chain, node: Node, context: _Context) -> None:
        line, column = _pos(node)
        self.library.references.append(
            Reference(kind, prefix, name, tuple(chain), context.enclosing, line, column)
        )

    def container(self, node: Node, context: _Context) -> None:
        """A program or a class body: each member (signature + body) gets its own local names."""
        children = node.children
        index = 0
        while index < len(children):
            group = [children[index]]
            if index + 1 < len(children) and children[index + 1].type == "function_body":
                group.append(children[index + 1])
                index += 1
            names, types = _bound_names(group)
            inner = _Context(context.bound | names, context.types | types, context.enclosing)
            for position in range(index + 1 - len(group), index + 1):
                self.visit_child(node, position, inner)
            index += 1

    def visit_node(self, node: Node, context: _Context) -> None:
        ntype = node.type
        if ntype in _TYPE_DECLARATIONS:
            name = _declaration_name(node)
            types = frozenset(_type_parameter_names(node))
            # Metadata, type parameters and supertypes are resolved outside the class's members.
            header = _Context(context.bound | types, context.types | types, context.enclosing)
            body = _Context(
                context.bound | types,
                context.types | types,
                _text(name) if name is not None else None,
            )
            for index, child in enumerate(node.children):
                if child.type in _BODIES:
                    self.container(child, body)
                else:
                    self.visit_child(node, index, header)
            return
        if ntype in ("import_or_export", "part_directive", "part_of_directive", "library_name"):
            return
        if ntype in ("const_object_expression", "new_expression", "constructor_invocation"):
            self.constructor(node, node.children, context)
        elif ntype == "redirecting_factory_constructor_signature":
            equals = _first_index(node, "=")
            self.constructor(node, node.children[equals + 1 :], context)
        elif ntype == "annotation":
            self.annotation(node, context)
            return
        elif ntype == "qualified" and _qualified_parts(node) is not None:
            # `Kind.a` in a constant pattern (`case Kind.a:`, `Kind.a => ...`): a static member.
            parts = _qualified_parts(node)
            if parts[0] not in context.types and parts[0] not in context.bound:
                self.add("expression", None, parts[0], parts[1:], node.children[0], context)
            return
        for index in range(len(node.children)):
            self.visit_child(node, index, context)

    def visit_child(self, parent: Node, index: int, context: _Context) -> None:
        child = parent.children[index]
        ctype = child.type
        if ctype == "type_identifier":
            self.type_identifier(parent, index, context)
        elif ctype in _IDENTIFIERS:
            if _role(parent, index) != "ref":
                return
            name = _text(child)  # in `'$name'` the node is the name without the `$`
            if name == "_" or name in context.bound:
                return
            self.add("expression", None, name, _chain(parent.children, index + 1), child, context)
        elif ctype == "scoped_identifier":
            names = [_text(part) for part in _flatten_scoped(child)]
            if names[0] not in context.bound:
                self.add("expression", None, names[0], names[1:], child, context)
        else:
            self.visit_node(child, context)

    def type_identifier(self, parent: Node, index: int, context: _Context) -> None:
        children = parent.children
        child = children[index]
        name = _text(child)
        if parent.type == "type_parameter" and index == _first_index(parent, "type_identifier"):
            return
        if parent.type == "type_alias" and index == _first_index(parent, "type_identifier"):
            return
        if parent.type in ("const_object_expression", "new_expression", "constructor_invocation"):
            return  # the constructor logic saw it
        if parent.type == "redirecting_factory_constructor_signature":
            return
        if (
            index >= 2
            and children[index - 1].type == "."
            and children[index - 2].type == ("type_identifier")
        ):
            return  # the name after a prefix, seen with the prefix
        if (
            index + 2 < len(children)
            and children[index + 1].type == "."
            and children[index + 2].type == "type_identifier"
        ):
            self.add("type", name, _text(children[index + 2]), (), child, context)
            return
        if name in context.types:
            return
        self.add("type", None, name, (), child, context)

    def constructor(self, node: Node, parts: list[Node], context: _Context) -> None:
        """`const [p.]Foo<T>.named(...)`, `new ...`, `Foo<T>.named(...)`, `= Foo.named`."""
        types = [part for part in parts if part.type == "type_identifier"]
        if not types:
            return
        prefix = _text(types[0]) if len(types) > 1 else None
        type_node = types[-1]
        after = parts[parts.index(type_node) + 1 :]
        named = None
        for position, part in enumerate(after):
            if part.type == "." and position + 1 < len(after):
                named = _text(after[position + 1])
                break
            if part.type == "arguments":
                break
        if prefix is None and _text(type_node) in context.types:
            return
        self.add("constructor", prefix, _text(type_node), (named or "new",), types[0], context)

    def annotation(self, node: Node, context: _Context) -> None:
        name = node.child_by_field_name("name")
        has_arguments = any(child.type == "arguments" for child in node.children)
        if name is not None:
            parts = [_text(part) for part in _flatten_scoped(name)]
            chain = parts[1:] + (["()"] if has_arguments else [])
            self.add("annotation", None, parts[0], chain, name, context)
        for child in node.children:
            if child.type == "arguments":
                self.visit_node(child, context)


def _qualified_parts(node: Node) -> list[str] | None:
    """`Type.member` (or `prefix.Type.member`) as names, when the node is just that."""
    names = [_text(child) for child in node.children if child.type != "."]
    kinds = [child.type for child in node.children if child.type != "."]
    if len(names) < 2 or any(k not in ("type_identifier", "identifier") for k in kinds):
        return None
    return names


def _flatten_scoped(node: Node) -> list[Node]:
    if node.type != "scoped_identifier":
        return [node]
    scope = node.child_by_field_name("scope")
    name = node.child_by_field_name("name")
    assert scope is not None and name is not None
    return [*_flatten_scoped(scope), name]


def parse_library(path: str, source: bytes) -> Library:
    """Declarations, directives and references of one Dart library."""
    root = _parser().parse(source).root_node
    library = Library(path)
    for declaration in _top_level_declarations(path, root):
        library.declarations.setdefault(declaration.name, declaration)
    library.directives.extend(_directives(path, root, library.problems))
    _ReferenceCollector(library).container(root, _Context(frozenset(), frozenset(), None))
    return library


# --- resolution ----------------------------------------------------------------------------------

Namespace = dict[str, set[Symbol]]

_PACKAGE_NAME = re.compile(r"^name:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", re.M)


def _package_name(files: Mapping[str, bytes]) -> str | None:
    pubspec = files.get("pubspec.yaml")
    if pubspec is None:
        return None
    match = _PACKAGE_NAME.search(pubspec.decode("utf-8"))
    return match.group(1) if match else None


class Package:
    """Every library of a package, indexed, and the namespaces needed to resolve references."""

    def __init__(
        self,
        files: Mapping[str | PurePosixPath, bytes],
        *,
        package_name: str | None = None,
        external: Mapping[str, ExternalLibrary] = EXTERNAL_API,
    ) -> None:
        sources = {str(path): content for path, content in files.items()}
        self.name = package_name or _package_name(sources)
        self.external = external
        self.libraries = {
            path: parse_library(path, content)
            for path, content in sorted(sources.items())
            if path.endswith(".dart")
        }
        self.problems: list[Unresolved] = []
        self._exports: dict[str, Namespace] = {}
        self._exporting: set[str] = set()
        self._scopes: dict[str, tuple[Namespace, dict[str, Namespace]]] = {}
        self._members: dict[tuple[str, str], tuple[Mapping[str, str], bool]] = {}
        # The external names resolved references use: (URI, `Name` or `Type.member`).
        self.used_external: set[tuple[str, str]] = set()

    # URIs -----------------------------------------------------------------------------------------

    def target(self, library: str, uri: str) -> str | None:
        """The package path a URI names, an external URI as is, or None if it names nothing."""
        if uri.startswith("dart:"):
            return uri
        if uri.startswith("package:"):
            package, _, rest = uri[len("package:") :].partition("/")
            if package != self.name:
                return uri
            path = posixpath.normpath(posixpath.join("lib", rest))
        elif ":" in uri:
            return None
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(library), uri))
        return path if path in self.libraries else None

    def _namespace_of(self, library: str, directive: Directive, uri: str) -> Namespace | None:
        target = self.target(library, uri)
        where = (library, directive.line, directive.column)
        if target is None:
            self.problems.append(Unresolved(*where, uri, "no such library in the package"))
            return None
        if target in self.libraries:
            return self.export_namespace(target)
        api = self.external.get(target)
        if api is None:
            self.problems.append(Unresolved(*where, uri, "library not on the external allow-list"))
            return None
        return {name: {Symbol(target, name, external=True)} for name in api.names()}

    def _directive_namespace(self, library: str, directive: Directive) -> Namespace:
        """What an import or export brings, after show/hide; alternatives must all provide it."""
        namespaces = [self._namespace_of(library, directive, uri) for uri in directive.uris]
        if any(namespace is None for namespace in namespaces):
            return {}
        first, *others = [namespace for namespace in namespaces if namespace is not None]
        result = {
            name: symbols
            for name, symbols in first.items()
            if all(name in namespace for namespace in others)
        }
        for combinator in directive.combinators:
            for name, line, column in combinator.names:
                if name not in result and not (combinator.keyword == "hide" and name in first):
                    self.problems.append(
                        Unresolved(
                            library,
                            line,
                            column,
                            name,
                            f"`{combinator.keyword}` names what {directive.uris[0]} does not "
                            "provide",
                        )
                    )
            names = {name for name, _, _ in combinator.names}
            if combinator.keyword == "show":
                result = {name: s for name, s in result.items() if name in names}
                # A shown external name must be on the allow-list for the directive to check, so
                # it counts as used even when no reference names it (an extension such as
                # `RationalExt` is only ever used through its members).
                for symbols in result.values():
                    for symbol in symbols:
                        if symbol.external:
                            self.used_external.add((symbol.library, symbol.name))
            else:
                result = {name: s for name, s in result.items() if name not in names}
        return result

    def export_namespace(self, path: str) -> Namespace:
        """The public names a package library offers to importers (its own and re-exported)."""
        if path in self._exports:
            return self._exports[path]
        if path in self._exporting:
            return {}  # an export cycle: the outer call collects the names
        self._exporting.add(path)
        library = self.libraries[path]
        namespace: Namespace = {
            name: {Symbol(path, name, external=False)}
            for name in library.declarations
            if not name.startswith("_")
        }
        for directive in library.directives:
            if directive.keyword != "export":
                continue
            for name, symbols in self._directive_namespace(path, directive).items():
                merged = namespace.setdefault(name, set()) | symbols
                if len(merged) > 1 and name not in library.declarations:
                    self.problems.append(
                        Unresolved(
                            path,
                            directive.line,
                            directive.column,
                            name,
                            "exported from several libraries: "
                            + ", ".join(sorted(s.library for s in merged)),
                        )
                    )
                if name not in library.declarations:
                    namespace[name] = merged
        self._exporting.discard(path)
        self._exports[path] = namespace
        return namespace

    def scope(self, path: str) -> tuple[Namespace, dict[str, Namespace]]:
        """(names imported without a prefix, {prefix: names}) of a library."""
        if path in self._scopes:
            return self._scopes[path]
        library = self.libraries[path]
        imports = [d for d in library.directives if d.keyword == "import"]
        if not any(d.uris[0] == "dart:core" and d.prefix is None for d in imports):
            imports.append(Directive("import", ("dart:core",), None, (), 1, 1))
        unprefixed: Namespace = {}
        prefixed: dict[str, Namespace] = {}
        for directive in imports:
            target = (
                unprefixed
                if directive.prefix is None
                else prefixed.setdefault(directive.prefix, {})
            )
            for name, symbols in self._directive_namespace(path, directive).items():
                target.setdefault(name, set()).update(symbols)
        self._scopes[path] = (unprefixed, prefixed)
        return unprefixed, prefixed

    # lookups --------------------------------------------------------------------------------------

    def declaration(self, symbol: Symbol) -> Declaration | None:
        if symbol.external:
            return None
        return self.libraries[symbol.library].declarations.get(symbol.name)

    def is_type(self, symbol: Symbol) -> bool:
        declaration = self.declaration(symbol)
        if declaration is not None:
            return declaration.is_type
        return symbol.name in self.external[symbol.library].types

    def statics(self, symbol: Symbol) -> frozenset[str] | None:
        """The `Name.x` a type allows (constructors as `new`); None when unknown (typedefs)."""
        declaration = self.declaration(symbol)
        if declaration is not None:
            return None if declaration.kind == "typedef" else frozenset(declaration.statics)
        return self.external[symbol.library].types.get(symbol.name, frozenset())

    def _pick(self, symbols: set[Symbol]) -> tuple[Symbol | None, str | None]:
        """One symbol, or an ambiguity message. A `dart:` name yields to a package's name."""
        if len(symbols) > 1:
            non_platform = {s for s in symbols if not s.library.startswith("dart:")}
            if non_platform:
                symbols = non_platform
        if len(symbols) == 1:
            symbol = next(iter(symbols))
            if symbol.external:
                self.used_external.add((symbol.library, symbol.name))
            return symbol, None
        return None, "ambiguous: " + ", ".join(sorted(s.describe() for s in symbols))

    def lookup(self, path: str, prefix: str | None, name: str) -> tuple[Symbol | None, str]:
        """The symbol `[prefix.]name` denotes in a library, or None and why not."""
        unprefixed, prefixed = self.scope(path)
        if prefix is not None:
            if prefix not in prefixed:
                return None, f"no import has the prefix {prefix!r}"
            symbols = prefixed[prefix].get(name)
            if not symbols:
                return None, f"not provided by the imports prefixed {prefix!r}"
            symbol, problem = self._pick(symbols)
            return symbol, problem or ""
        declaration = self.libraries[path].declarations.get(name)
        if declaration is not None:
            return Symbol(path, name, external=False), ""
        symbols = unprefixed.get(name)
        if not symbols:
            return None, "not declared in the package nor imported"
        symbol, problem = self._pick(symbols)
        return symbol, problem or ""

    def members(self, path: str, type_name: str) -> tuple[Mapping[str, str], bool]:
        """({member: kind} reachable bare inside a type, whether unknown inherited ones exist)."""
        key = (path, type_name)
        if key in self._members:
            return self._members[key]
        self._members[key] = ({}, False)  # a cycle in the hierarchy ends here
        declaration = self.libraries[path].declarations.get(type_name)
        if declaration is None:
            return {}, False
        members: dict[str, str] = {}
        open_ = False
        for prefix, name in declaration.supertypes:
            symbol, _ = self.lookup(path, prefix, name)
            if symbol is None:
                continue  # reported as an unresolved type
            if symbol.external:
                open_ = open_ or name not in CLOSED_EXTERNAL_SUPERTYPES
                continue
            inherited, inherited_open = self.members(symbol.library, symbol.name)
            members.update(inherited)
            open_ = open_ or inherited_open
        members.update(declaration.members)
        self._members[key] = (members, open_)
        return members, open_

    # the check ------------------------------------------------------------------------------------

    def resolve(self, path: str, reference: Reference) -> Unresolved | None:
        where = (path, reference.line, reference.column)

        def fail(reason: str, name: str | None = None) -> Unresolved:
            return Unresolved(*where, name or reference.display(), reason)

        member_kind = None
        if reference.enclosing is not None and reference.prefix is None:
            members, open_ = self.members(path, reference.enclosing)
            member_kind = members.get(reference.name)
            if (
                member_kind is None
                and open_
                and reference.kind == "expression"
                and not _is_type_name(reference.name)
            ):
                return None  # perhaps inherited from an external supertype (not checked)
        inside = f"the {member_kind} {reference.name} of {reference.enclosing}"
        if reference.kind in ("expression", "annotation"):
            if member_kind is not None:
                return self._check_member_use(path, reference, member_kind, inside, fail)
            return self._resolve_expression(path, reference, fail)
        if member_kind is not None:
            return fail(f"names {inside} here, not a type", reference.name)
        symbol, problem = self.lookup(path, reference.prefix, reference.name)
        if symbol is None:
            return fail(problem)
        if not self.is_type(symbol):
            return fail(f"not a type ({symbol.describe()})")
        if reference.kind == "constructor":
            return self._check_static(symbol, reference.chain[0], fail, reference.display())
        return None

    def _check_member_use(
        self, path: str, reference: Reference, kind: str, inside: str, fail
    ) -> Unresolved | None:
        """A bare name that is a member of the enclosing type: is it used as one can be?"""
        name, chain = reference.name, reference.chain
        declaration = self.libraries[path].declarations[reference.enclosing or ""]
        if reference.kind == "annotation" and name not in declaration.statics:
            return fail(f"names {inside} here, not a constant", name)
        if chain and chain[0] == "()" and kind in DATA_MEMBERS:
            return fail(f"calls {inside}, which is not a function", name)
        if chain and chain[0] != "()" and kind in DATA_MEMBERS:
            symbol, _ = self.lookup(path, None, name)
            if symbol is not None and self.is_type(symbol):
                return fail(f"names {inside} here, which shadows {symbol.describe()}", name)
        return None

    def _check_static(self, symbol: Symbol, member: str, fail, display: str) -> Unresolved | None:
        allowed = self.statics(symbol)
        if allowed is None or member in allowed:
            if symbol.external:
                self.used_external.add((symbol.library, f"{symbol.name}.{member}"))
            return None
        declaration = self.declaration(symbol)
        if declaration is not None:
            kind = "constructor" if member == "new" else "constructor or static member"
            return fail(f"{symbol.name} ({symbol.library}) has no such {kind}", display)
        return fail(f"not on the external allow-list for {symbol.library}", display)

    def _resolve_expression(self, path: str, reference: Reference, fail) -> Unresolved | None:
        name, chain = reference.name, list(reference.chain)
        _, prefixed = self.scope(path)
        display = [name]
        prefix = None
        if name in prefixed and name not in self.libraries[path].declarations:
            if not chain or chain[0] == "()":
                return fail("an import prefix used on its own", name)
            prefix, name = name, chain.pop(0)
            display.append(name)
        symbol, problem = self.lookup(path, prefix, name)
        if symbol is None:
            return fail(problem, ".".join(display))
        if not chain or not self.is_type(symbol):
            return None  # a value: what follows is instance member access (not checked)
        declaration = self.declaration(symbol)
        if declaration is not None and declaration.kind == "extension" and chain[0] == "()":
            return None  # an explicit extension application `Ext(value).member`
        member = "new" if chain[0] == "()" else chain[0]
        shown = ".".join(display + ([] if member == "new" else [member]))
        return self._check_static(symbol, member, fail, shown)

    def check(self) -> list[Unresolved]:
        results: list[Unresolved] = []
        for path, library in self.libraries.items():
            results.extend(library.problems)
            self.scope(path)  # reports bad imports
            self.export_namespace(path)  # reports bad exports
            for reference in library.references:
                problem = self.resolve(path, reference)
                if problem is not None:
                    results.append(problem)
            for declaration in library.declarations.values():
                for name, line, column in declaration.foreign_constructors:
                    results.append(
                        Unresolved(
                            path,
                            line,
                            column,
                            name,
                            f"constructor not named after its class {declaration.name}",
                        )
                    )
        results.extend(self.problems)
        return sorted(set(results))


def unresolved_references(
    files: Mapping[str | PurePosixPath, bytes],
    *,
    package_name: str | None = None,
    external: Mapping[str, ExternalLibrary] = EXTERNAL_API,
) -> list[Unresolved]:
    """Every reference of the package that resolves neither in the package nor to the allow-list.

    `files` maps paths relative to the package root to their bytes; the package's own name (for
    `package:<name>/` URIs) is read from pubspec.yaml unless given.
    """
    return Package(files, package_name=package_name, external=external).check()
