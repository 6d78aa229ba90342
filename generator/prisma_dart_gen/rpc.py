"""JSON-RPC framing between the Prisma CLI and this generator.

Requests arrive on stdin, responses go to **stderr** (stdout is the user's terminal), one JSON
object per line, UTF-8. This module knows nothing about what is generated: it takes a handler
per method and turns its return value or exception into a response.

Only the envelope (method, id) is decoded here; `params` reach the handler undecoded (a
`msgspec.Raw` slice of the line), and each handler decodes what it reads. The `generate` request
is large (22.8 MB for trigger.dev's schema, 97 % of it the DMMF query schema we never read):
decoding it whole into Python objects took longer than everything else the generator does with
it (see dmmf.read_params).

Facts this relies on (shared/design/generator-protocol.md): ids are echoed unchanged; an unknown
method answers -32601; the CLI never closes stdin and ends us with SIGTERM; we must flush stdout
before replying and never exit before replying.
"""

from __future__ import annotations

import json
import signal
import sys
import traceback
from collections.abc import Callable
from typing import IO, Any

import msgspec

from .errors import GENERATOR_NAME, GeneratorError

# A handler gets the request's params undecoded (JSON bytes) and returns the result.
Handler = Callable[[msgspec.Raw], Any]

METHOD_NOT_FOUND = -32601
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
SERVER_ERROR = -32000

_NULL = msgspec.Raw(b"null")


class _Envelope(msgspec.Struct):
    """What this module reads of a request; msgspec skips `params` without building it."""

    method: str | None = None
    id: Any = None
    params: msgspec.Raw = _NULL


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


class Request(msgspec.Struct, frozen=True):
    """One decoded line: method, id and undecoded params, or the error reply the line gets."""

    method: str = ""
    id: Any = None
    params: msgspec.Raw = _NULL
    error: dict[str, Any] | None = None


def decode(line: bytes | str) -> Request:
    """The envelope of a request line (UTF-8 JSON)."""
    try:
        envelope = msgspec.json.decode(line, type=_Envelope)
    except msgspec.ValidationError:
        # Valid JSON, but not a request: echo its id if it has one.
        message = json.loads(line)
        request_id = message.get("id") if isinstance(message, dict) else None
        error = _error(request_id, INVALID_REQUEST, f"{GENERATOR_NAME}: a request needs a method")
        return Request(error=error)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        # No id to echo: JSON-RPC answers a parse error with id null. The CLI drops id-less
        # lines, so this is mostly for humans driving the generator by hand.
        error = _error(None, PARSE_ERROR, f"{GENERATOR_NAME}: malformed request line: {exc}")
        return Request(error=error)
    if envelope.method is None:
        error = _error(envelope.id, INVALID_REQUEST, f"{GENERATOR_NAME}: a request needs a method")
        return Request(error=error)
    return Request(method=envelope.method, id=envelope.id, params=envelope.params)


def handle_request(request: Request, handlers: dict[str, Handler]) -> dict[str, Any]:
    """One decoded request in, its response out."""
    if request.error is not None:
        return request.error
    handler = handlers.get(request.method)
    if handler is None:
        return _error(
            request.id, METHOD_NOT_FOUND, f"{GENERATOR_NAME}: unknown method {request.method!r}"
        )
    try:
        result = handler(request.params)
    except GeneratorError as exc:
        return _error(request.id, SERVER_ERROR, str(exc))
    except Exception as exc:  # noqa: BLE001 - every failure must become a reply, not a hang
        return _error(
            request.id,
            SERVER_ERROR,
            f"{GENERATOR_NAME}: internal error ({type(exc).__name__}: {exc}). "
            "This is a bug in prisma-dart-gen; please report it with the schema that caused it.",
            {"stack": traceback.format_exc()},
        )
    return {"jsonrpc": "2.0", "id": request.id, "result": result}


def handle_line(line: bytes | str, handlers: dict[str, Handler]) -> dict[str, Any] | None:
    """One request line in, one response out (None: nothing to answer)."""
    if _blank(line):
        return None
    return handle_request(decode(line), handlers)


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
            response = handle_line(line, handlers)
            if response is None:
                continue
            # A SIGTERM while answering must not cut a reply in half: the CLI reads whole lines.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
            try:
                _respond(stderr, response)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
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
