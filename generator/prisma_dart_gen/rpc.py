"""JSON-RPC framing between the Prisma CLI and this generator.

Requests arrive on stdin, responses go to **stderr** (stdout is the user's terminal), one JSON
object per line, UTF-8. This module knows nothing about what is generated: it takes a handler
per method and turns its return value or exception into a response.

The `generate` request is large (22.8 MB for trigger.dev's schema, almost all of it the DMMF
query schema we never read), so how it is decoded matters: orjson, with the garbage collector
paused while the millions of objects are built (otherwise the collector walks them over and over,
and again in every later collection), and the decoded request is released only after the reply
(freeing it takes ~0.1 s the CLI need not wait for).

Facts this relies on (shared/design/generator-protocol.md): ids are echoed unchanged; an unknown
method answers -32601; the CLI never closes stdin and ends us with SIGTERM; we must flush stdout
before replying and never exit before replying.
"""

from __future__ import annotations

import gc
import json
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import orjson

from .errors import GENERATOR_NAME, GeneratorError

Handler = Callable[[Any], Any]

METHOD_NOT_FOUND = -32601
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
SERVER_ERROR = -32000


def _respond(out: IO[str], message: dict[str, Any]) -> None:
    # Human logs may sit in Python's stdout buffer; the CLI kills us right after the reply.
    sys.stdout.flush()
    out.write(json.dumps(message, ensure_ascii=False) + "\n")
    out.flush()


def _error(request_id: Any, code: int, message: str, data: dict[str, Any] | None = None) -> dict:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "error": {"code": code, "message": message, "data": data or {}},
    }


@dataclass(frozen=True)
class Request:
    """One decoded line: the request, or the error reply a malformed line gets."""

    message: Any = None
    error: dict[str, Any] | None = None


def decode(line: bytes | str) -> Request:
    """A request line decoded (UTF-8 JSON), with the collector paused and then told to skip it.

    `gc.freeze()` moves everything alive now into the permanent generation: later collections
    during generation no longer walk the request. The caller's `thaw()` undoes it after the reply.
    """
    with _collector_paused():
        try:
            request = Request(orjson.loads(line))
        except orjson.JSONDecodeError as exc:
            # No id to echo: JSON-RPC answers a parse error with id null. The CLI drops id-less
            # lines, so this is mostly for humans driving the generator by hand.
            return Request(
                error=_error(None, PARSE_ERROR, f"{GENERATOR_NAME}: malformed request line: {exc}")
            )
        gc.freeze()
    return request


def thaw() -> None:
    """Undo `decode`'s freeze: what the request held may be collected again."""
    gc.unfreeze()


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def handle_request(request: Any, handlers: dict[str, Handler]) -> dict[str, Any]:
    """One decoded request in, its response out."""
    if not isinstance(request, dict) or "method" not in request:
        return _error(
            request.get("id") if isinstance(request, dict) else None,
            INVALID_REQUEST,
            f"{GENERATOR_NAME}: a request needs a method",
        )
    request_id = request.get("id")
    method = request["method"]
    handler = handlers.get(method)
    if handler is None:
        return _error(request_id, METHOD_NOT_FOUND, f"{GENERATOR_NAME}: unknown method {method!r}")
    try:
        result = handler(request.get("params"))
    except GeneratorError as exc:
        return _error(request_id, SERVER_ERROR, str(exc))
    except Exception as exc:  # noqa: BLE001 - every failure must become a reply, not a hang
        return _error(
            request_id,
            SERVER_ERROR,
            f"{GENERATOR_NAME}: internal error ({type(exc).__name__}: {exc}). "
            "This is a bug in prisma-dart-gen; please report it with the schema that caused it.",
            {"stack": traceback.format_exc()},
        )
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def handle_line(line: bytes | str, handlers: dict[str, Handler]) -> dict[str, Any] | None:
    """One request line in, one response out (None: nothing to answer)."""
    if _blank(line):
        return None
    request = decode(line)
    try:
        if request.error is not None:
            return request.error
        return handle_request(request.message, handlers)
    finally:
        thaw()


class _Terminated(BaseException):
    """Raised by the SIGTERM handler; a BaseException so no `except Exception` swallows it."""


def serve(
    handlers: dict[str, Handler],
    stdin: IO[bytes],
    stderr: IO[str],
    warm_up: Callable[[], None] | None = None,
) -> int:
    """Answer requests until EOF or SIGTERM. Returns the process exit code (0).

    `warm_up` runs once, right after the first reply (getManifest): the CLI then spends a while
    building and sending the `generate` request, and work done meanwhile is not waited for.
    """

    def on_sigterm(_signum: int, _frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        for line in stdin:
            if _blank(line):
                continue
            request = decode(line)
            response = request.error or handle_request(request.message, handlers)
            # A SIGTERM while answering must not cut a reply in half: the CLI reads whole lines.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
            try:
                _respond(stderr, response)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            # Only now: freeing the request is work the CLI does not wait for.
            del request
            thaw()
            if warm_up is not None:
                _warm_up, warm_up = warm_up, None
                _quietly(_warm_up)
    except _Terminated:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.stdout.flush()
    return 0


def _blank(line: bytes | str) -> bool:
    # Not `line.strip()`: that copies a many-megabyte request line.
    return not line or line.isspace()


def _quietly(warm_up: Callable[[], None]) -> None:
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the request that needs this work reports the failure
        pass
