"""The await rule of the Dart engine inside a storage transaction, checked on the tree-sitter parse.

IndexedDB commits a transaction as soon as no request is pending once the code reacting to the
last request has run; idb_shim's in-memory implementation (the one the VM tests use) already does
so when one microtask passes without a pending request. So inside a storage transaction the engine
may await nothing but storage operations, each right away (docs/internals/dart-client.md,
"Awaiting inside a storage transaction"). An `await` of a plain value, of `Future.value(...)` or of
an `async` function that returns before it has awaited a storage operation yields a microtask and
ends the transaction. (IndexedDbStorage.transaction now keeps a request pending while its action
runs, so a few microtasks without one no longer end it there, nor lose an error's rollback; the
rule stays, and keeps that keep-alive from running idle: docs/internals/dart-client.md, "The fix:
a keep-alive request".)

This check enforces that rule on the functions it is given (the engine: client/read.dart,
client/write.dart, the transaction side of client/engine.dart):

- **awaits**: every `await` in a checked function awaits a call that is a storage operation (a
  method of `storage_methods` called on a receiver whose text ends in one of `receivers`, `txn`
  by default: `txn.select(..)`, `op.txn.count(..)`) or a call of a storage-bound function (an
  `async` function or a Future-returning function declared in the checked files, by name:
  `_create(..)`, `reader.shape(..)`);
- **async functions complete only after a storage operation**: on every path that completes the
  function (a `return`, or the end of its body), an `await` of such a call has happened
  (definitely, by a simple flow analysis: both branches of an `if`, not a loop's body, not the
  right-hand side of `&&`/`||`/`??`, not one branch of `?:`, not a closure). A `throw` ends a path
  without completing it normally (the error aborts the transaction anyway);
- **forwarding functions** (not `async`, returning a Future) return such a call on every path;
- **closures**: an `async` function expression is checked like a function; one passed as an
  argument to a storage-bound function must be `async` (so that it is checked). Awaiting a call of
  a parameter whose type is a function returning a Future (`Future<void> Function(T) step`) is
  allowed: what is passed for it is such a closure or a storage-bound function.

A call of a function in `never` (one that always throws: `_invalid(...)`) ends a path like a
`throw`. Functions that run outside a storage transaction are passed in `exempt`
(`Engine.execute`, ...). `await_problems(files)` returns `path:line: Class.function: problem`
strings, sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import tree_sitter_dart
from tree_sitter import Language, Node, Parser

# StorageTransaction (client/storage.dart) and AutoincrementSequences (client/ids.dart).
STORAGE_METHODS = frozenset(
    {
        "select",
        "count",
        "insert",
        "update",
        "delete",
        "link",
        "unlink",
        "links",
        "touch",
        "lastSequence",
        "setSequence",
    }
)

_NESTED_FUNCTIONS = frozenset({"function_expression", "lambda_expression"})
# Expressions whose operands after the first are evaluated only sometimes.
_SHORT_CIRCUIT = frozenset(
    {"logical_and_expression", "logical_or_expression", "if_null_expression"}
)
_SOMETIMES = frozenset({"if_element", "for_element"})


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_dart.language()))


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8")


@dataclass(frozen=True)
class Function:
    path: str
    owner: str | None  # the enclosing class, if any
    name: str
    is_async: bool
    returns_future: bool
    body: Node  # the function_body (or function_expression_body) node
    line: int
    # The parameters whose type is a function returning a Future (`Future<..> Function(..)`).
    future_parameters: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.owner}.{self.name}" if self.owner else self.name


def _functions(path: str, source: bytes) -> list[Function]:
    """The functions and methods with a body declared at the top level or in classes."""
    tree = _parser().parse(source)
    found: list[Function] = []

    def signature_of(node: Node) -> Node | None:
        if node.type == "method_signature":
            node = node.children[0] if node.children else node
        return node if node.type in ("function_signature", "getter_signature") else None

    def scan(container: Node, owner: str | None) -> None:
        children = container.children
        for index, child in enumerate(children):
            if child.type == "class_definition":
                name = child.child_by_field_name("name")
                body = child.child_by_field_name("body")
                class_name = _text(name) if name is not None else None
                if body is None:
                    body = next((c for c in child.children if c.type == "class_body"), None)
                if class_name is None:
                    class_name = next(
                        (_text(c) for c in child.children if c.type == "identifier"), None
                    )
                if body is not None:
                    scan(body, class_name)
                continue
            signature = signature_of(child)
            if signature is None or index + 1 >= len(children):
                continue
            body = children[index + 1]
            if body.type != "function_body":
                continue
            name_node = next((c for c in signature.children if c.type == "identifier"), None)
            if name_node is None:
                continue
            return_type = _text(signature.children[0]) if signature.children else ""
            found.append(
                Function(
                    path=path,
                    owner=owner,
                    name=_text(name_node),
                    is_async=any(c.type == "async" for c in body.children),
                    returns_future=return_type.startswith("Future"),
                    body=body,
                    line=child.start_point[0] + 1,
                    future_parameters=_future_parameters(signature),
                )
            )
            found.extend(_closures(path, owner, _text(name_node), body))

    scan(tree.root_node, None)
    return found


def _future_parameters(signature: Node) -> frozenset[str]:
    """The names of the parameters typed as a function returning a Future."""
    names: set[str] = set()
    for node in _walk(signature):
        if node.type not in ("formal_parameter", "typed_identifier"):
            continue
        text = " ".join(_text(node).split())
        identifiers = [c for c in node.children if c.type == "identifier"]
        if text.startswith("Future<") and " Function(" in text and identifiers:
            names.add(_text(identifiers[-1]))
    return frozenset(names)


def _closures(path: str, owner: str | None, name: str, body: Node) -> list[Function]:
    """The async function expressions inside [body], each as a function of its own."""
    found: list[Function] = []
    for node in _walk(body):
        if node.type != "function_expression":
            continue
        closure_body = next(
            (c for c in node.children if c.type == "function_expression_body"), None
        )
        if closure_body is None or not any(c.type == "async" for c in closure_body.children):
            continue
        found.append(
            Function(
                path=path,
                owner=owner,
                name=f"{name}.<closure>",
                is_async=True,
                returns_future=True,
                body=closure_body,
                line=node.start_point[0] + 1,
            )
        )
    return found


# --- calls ---------------------------------------------------------------------------------------


def _call_target(parts: list[Node]) -> tuple[str, str] | None:
    """(receiver text, callee name) of a call written as `a.b.c(...)` (`parts`: its children)."""
    # The last part must be the argument list; the callee is the identifier just before it.
    if not parts or parts[-1].type != "selector" or not _is_arguments(parts[-1]):
        return None
    index = len(parts) - 2
    # Skip type arguments written as their own selector (`f<T>(...)`).
    callee: str | None = None
    while index >= 0:
        part = parts[index]
        if part.type == "identifier":
            callee = _text(part)
            break
        if part.type == "selector":
            names = [c for c in _walk(part) if c.type == "identifier"]
            if names:
                callee = _text(names[-1])
                break
        index -= 1
    if callee is None:
        return None
    receiver = "".join(_text(p) for p in parts[:index])
    if parts[index].type == "selector":
        inner = _text(parts[index])
        receiver += inner[: inner.rfind(callee)].rstrip(".?")
    receiver = receiver.rstrip(".?")
    return receiver, callee


def _is_arguments(selector: Node) -> bool:
    return any(child.type == "argument_part" for child in selector.children)


def _branches(node: Node) -> tuple[list[Node], list[Node], list[Node]]:
    """The condition, then and else parts of `c ? a : b` (each a list of sibling nodes)."""
    groups: list[list[Node]] = [[], [], []]
    index = 0
    for child in node.children:
        if child.type in ("?", ":") and index < 2:
            index += 1
            continue
        groups[index].append(child)
    return groups[0], groups[1], groups[2]


def _walk(node: Node) -> Iterable[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


class _Checker:
    def __init__(
        self,
        functions: list[Function],
        storage_methods: frozenset[str],
        exempt: frozenset[str],
        never: frozenset[str],
        receivers: tuple[str, ...],
    ) -> None:
        self.functions = functions
        self.storage_methods = storage_methods
        self.receivers = receivers
        self.exempt = exempt
        self.never = never
        self.bound = {
            f.name for f in functions if (f.is_async or f.returns_future) and "<" not in f.name
        }
        self.problems: list[str] = []
        self.current: Function | None = None
        # Per enclosing switch or loop: the states in which a `break` leaves it.
        self.breaks: list[list[bool]] = []

    def report(self, function: Function, node: Node, problem: str) -> None:
        line = node.start_point[0] + 1
        self.problems.append(f"{function.path}:{line}: {function.label}: {problem}")

    def is_storage_call(self, parts: list[Node]) -> bool:
        target = _call_target(parts)
        if target is None:
            return False
        receiver, callee = target
        if callee in self.storage_methods and receiver.endswith(self.receivers):
            return True
        if not receiver and self.current is not None:
            if callee in self.current.future_parameters:
                return True
        return callee in self.bound

    def is_bound_expression(self, node: Node) -> bool:
        """A call of a storage operation or a storage-bound function (or a `?:` of two)."""
        if node.type == "conditional_expression":
            _, then, otherwise = _branches(node)
            return self.is_bound_parts(then) and self.is_bound_parts(otherwise)
        if node.type == "parenthesized_expression":
            inner = [c for c in node.children if c.type not in ("(", ")")]
            return len(inner) == 1 and self.is_bound_expression(inner[0])
        if node.type == "await_expression":
            return True
        return self.is_storage_call(list(node.children))

    # --- awaits --------------------------------------------------------------------------------

    def check_awaits(self, function: Function, node: Node) -> None:
        for child in node.children:
            if child.type in _NESTED_FUNCTIONS:
                continue
            if child.type == "arguments":
                self.check_closure_arguments(function, node, child)
            if child.type == "await_expression":
                parts = [c for c in child.children if c.type != "await"]
                if not self.is_storage_call(parts):
                    self.report(
                        function,
                        child,
                        f"awaits `{' '.join(_text(child).split())[:60]}`, which is not a storage "
                        "operation nor a storage-bound function",
                    )
            self.check_awaits(function, child)

    def check_closure_arguments(self, function: Function, call: Node, arguments: Node) -> None:
        """A function expression passed to a storage-bound function must be async."""
        parent = call.parent  # the selector holding the argument_part
        if parent is None or parent.parent is None:
            return
        siblings = list(parent.parent.children)
        if parent not in siblings:
            return
        target = _call_target(siblings[: siblings.index(parent) + 1])
        if target is None or target[1] not in self.bound:
            return
        for argument in _walk(arguments):
            if argument.type != "function_expression":
                continue
            body = next(
                (c for c in argument.children if c.type == "function_expression_body"), None
            )
            if body is not None and not any(c.type == "async" for c in body.children):
                self.report(
                    function,
                    argument,
                    f"passes a closure that is not async to `{target[1]}`",
                )

    def ends_path(self, node: Node) -> bool:
        """Whether the expression statement [node] always throws: `throw`, `rethrow`, or a call
        of a function in `never`."""
        if any(c.type in ("throw_expression", "rethrow_expression") for c in node.children):
            return True
        parts = [c for c in node.children if c.type != ";"]
        target = _call_target(parts)
        return target is not None and not target[0] and target[1] in self.never

    def awaits(self, node: Node) -> bool:
        """Whether evaluating [node] (an expression or statement part) definitely awaits."""
        if node.type in _NESTED_FUNCTIONS or node.type in _SOMETIMES:
            return False
        if node.type == "await_expression":
            return True
        if node.type in _SHORT_CIRCUIT:
            # Only the left operand is always evaluated: the children before the operator.
            left: list[Node] = []
            for child in node.children:
                if child.type.endswith("_operator") or child.type == "??":
                    break
                left.append(child)
            return any(self.awaits(child) for child in left)
        if node.type == "conditional_expression":
            condition, then, otherwise = _branches(node)
            if any(self.awaits(part) for part in condition):
                return True
            return any(self.awaits(p) for p in then) and any(self.awaits(p) for p in otherwise)
        return any(self.awaits(child) for child in node.children)

    # --- flow ------------------------------------------------------------------------------------

    def statement(self, function: Function, node: Node, awaited: bool) -> tuple[bool, bool]:
        """Runs [node]: (awaited afterwards, whether the path may go on after it)."""
        kind = node.type
        if kind == "block":
            goes_on = True
            for child in node.children:
                if child.type in ("{", "}"):
                    continue
                if not goes_on:
                    break
                awaited, goes_on = self.statement(function, child, awaited)
            return awaited, goes_on
        if kind == "return_statement":
            values = [c for c in node.children if c.type not in ("return", ";")]
            done = awaited or any(self.awaits(v) for v in values)
            if not done and function.is_async:
                self.report(function, node, "returns before awaiting a storage operation")
            if not function.is_async and function.returns_future:
                if not self.is_bound_parts(values):
                    self.report(function, node, "returns a future that is not a storage operation")
            return True, False
        if kind == "expression_statement":
            if self.ends_path(node):
                return awaited, False
            return awaited or self.awaits(node), True
        if kind == "break_statement":
            if self.breaks:
                self.breaks[-1].append(awaited)
            return awaited, False
        if kind == "continue_statement":
            return awaited, False
        if kind == "if_statement":
            return self.if_statement(function, node, awaited)
        if kind in ("for_statement", "while_statement"):
            # The header (iterable, first condition) runs at least once, the body maybe never.
            header = [
                c for c in node.children if c.type in ("for_loop_parts", "parenthesized_expression")
            ]
            before = awaited or any(self.awaits(part) for part in header)
            self.breaks.append([])
            self.statement(function, node.children[-1], before)
            self.breaks.pop()
            return before, True
        if kind == "do_statement":
            body = next(c for c in node.children if c.type not in ("do",))
            self.breaks.append([])
            after, _ = self.statement(function, body, awaited)
            broken = self.breaks.pop()
            return after and all(broken), True
        if kind == "switch_statement":
            return self.switch_statement(function, node, awaited)
        if kind == "try_statement":
            return self.try_statement(function, node, awaited)
        if kind in ("local_variable_declaration", "local_function_declaration"):
            if kind == "local_function_declaration":
                return awaited, True
            return awaited or self.awaits(node), True
        if kind in ("labeled_statement",):
            return self.statement(function, node.children[-1], awaited)
        if kind in (";", "empty_statement", "assert_statement", "yield_statement"):
            return awaited, True
        # Anything else: its awaits count, it goes on.
        return awaited or self.awaits(node), True

    def if_statement(self, function: Function, node: Node, awaited: bool) -> tuple[bool, bool]:
        children = node.children
        close = next(i for i, c in enumerate(children) if c.type == ")")
        condition = [c for c in children[:close] if c.type not in ("if", "(")]
        before = awaited or any(self.awaits(part) for part in condition)
        rest = children[close + 1 :]
        otherwise = next((i for i, c in enumerate(rest) if c.type == "else"), None)
        then_node = rest[0]
        else_node = rest[otherwise + 1] if otherwise is not None else None
        then_awaited, then_goes_on = self.statement(function, then_node, before)
        if else_node is None:
            else_awaited, else_goes_on = before, True
        else:
            else_awaited, else_goes_on = self.statement(function, else_node, before)
        paths = [
            state
            for state, goes_on in ((then_awaited, then_goes_on), (else_awaited, else_goes_on))
            if goes_on
        ]
        if not paths:
            return True, False
        return all(paths), True

    def switch_statement(self, function: Function, node: Node, awaited: bool) -> tuple[bool, bool]:
        subject = next(c for c in node.children if c.type == "parenthesized_expression")
        before = awaited or self.awaits(subject)
        block = next(c for c in node.children if c.type == "switch_block")
        endings: list[bool] = []
        has_default = False
        self.breaks.append(endings)
        for case in block.children:
            if case.type not in ("switch_statement_case", "switch_statement_default"):
                continue
            has_default = has_default or case.type == "switch_statement_default"
            state, goes_on = before, True
            started = False
            for child in case.children:
                if not started:
                    started = child.type == ":"
                    continue
                if not goes_on:
                    break
                state, goes_on = self.statement(function, child, state)
            if goes_on:
                endings.append(state)
        self.breaks.pop()
        if not has_default:
            endings.append(before)
        if not endings:
            return True, False
        return all(endings), True

    def try_statement(self, function: Function, node: Node, awaited: bool) -> tuple[bool, bool]:
        endings: list[bool] = []
        finally_awaits = False
        for child in node.children:
            if child.type == "block":
                if (
                    not endings
                    and child.prev_sibling is not None
                    and child.prev_sibling.type == "try"
                ):
                    state, goes_on = self.statement(function, child, awaited)
                    if goes_on:
                        endings.append(state)
                else:  # a catch clause's block: the error may have come before any await
                    state, goes_on = self.statement(function, child, awaited)
                    if goes_on:
                        endings.append(state)
            elif child.type == "finally_clause":
                block = next(c for c in child.children if c.type == "block")
                finally_awaits, _ = self.statement(function, block, False)
        if not endings:
            return True, False
        return all(endings) or finally_awaits, True

    def check(self, function: Function) -> None:
        self.current = function
        self.check_awaits(function, function.body)
        children = [c for c in function.body.children if c.type not in ("async",)]
        block = next((c for c in children if c.type == "block"), None)
        if block is None:
            # `=> expression`: its parts (a call is an identifier followed by selectors).
            parts = [c for c in children if c.type not in ("=>", ";")]
            if not parts:
                return
            if function.is_async and not any(self.awaits(part) for part in parts):
                self.report(function, parts[0], "completes before awaiting a storage operation")
            if not function.is_async and function.returns_future and not self.is_bound_parts(parts):
                self.report(function, parts[0], "returns a future that is not a storage operation")
            return
        awaited, goes_on = self.statement(function, block, False)
        if goes_on and function.is_async and not awaited:
            self.report(function, block, "completes before awaiting a storage operation")

    def is_bound_parts(self, parts: list[Node]) -> bool:
        """Whether the expression made of [parts] is a storage-bound call (or `?:` of two)."""
        if len(parts) == 1:
            return self.is_bound_expression(parts[0])
        return self.is_storage_call(parts)


def await_problems(
    files: Mapping[str, bytes],
    *,
    storage_methods: frozenset[str] = STORAGE_METHODS,
    exempt: Iterable[str] = (),
    never: Iterable[str] = (),
    receivers: tuple[str, ...] = ("txn",),
) -> list[str]:
    """Violations of the await rule in [files] (path -> Dart source); `exempt`: labels
    (`Class.method` or `function`) of functions that run outside a storage transaction (their
    closures too); `never`: functions that always throw; `receivers`: how the expression a
    storage method is called on ends (`txn`: `txn.select(..)`, `op.txn.count(..)`)."""
    functions = [f for path, source in files.items() for f in _functions(path, source)]
    exempted = frozenset(exempt)
    checker = _Checker(functions, storage_methods, exempted, frozenset(never), receivers)
    for function in functions:
        if function.label in exempted or function.label.split(".<closure>")[0] in exempted:
            continue
        if function.is_async or function.returns_future:
            checker.check(function)
    return sorted(set(checker.problems))
