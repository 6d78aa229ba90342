"""The HTTP face of the sync engine: a FastAPI app (docs/server.md).

``POST {prefix}/push``, ``POST {prefix}/pull``, ``GET {prefix}/health``. Every request is first
authenticated (``authenticate(request)`` returns the scope, or None: 401); the scope never comes
from the body. The body is then read with a size limit (413), parsed as JSON (400 when it is not
JSON or nests deeper than ``Limits.max_json_depth``), and handed to ``Sync`` in a worker thread.
Errors are JSON objects ``{"code": ..., "message": ..., ...}`` (``protocol.ErrorBody``).
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from .codec import json_depth, scope_text
from .protocol import (
    ErrorBody,
    ProtocolError,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)
from .server import Limits, Resolver, Sync
from .spec import SyncSpec
from .versions import VersionAllocator

log = logging.getLogger("prisma_dart_gen.sync")

Authenticate = Callable[[Request], Any]

_ERRORS = {
    400: "Not JSON, nested too deeply, or an unsupported protocolVersion",
    401: "authenticate() returned no scope",
    403: "the clientId belongs to another scope",
    409: "MUTATION_GAP (with lastMutationId) or SCHEMA_MISMATCH (with schemaVersion)",
    410: "CURSOR_EXPIRED: pull again from cursor 0",
    413: "the body or the number of mutations exceeds the limits",
    422: "the request document does not match the protocol",
    503: "the database is unavailable; retry with backoff",
}


def _body_schema(model: type) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def create_app(
    database_url: Any,
    authenticate: Authenticate,
    *,
    spec: SyncSpec | None = None,
    resolver: Resolver | None = None,
    limits: Limits | None = None,
    accept_schema_versions: tuple[str, ...] = (),
    prefix: str = "/sync",
    clock: Callable[[], Any] | None = None,
    version_allocator: VersionAllocator | None = None,
) -> FastAPI:
    """A FastAPI app serving push/pull; `database_url` may also be a ready `Sync`.

    `authenticate(request)` (a function or a coroutine function) returns the caller's scope,
    the scope model's key, or None for 401. `app.state.sync` is the `Sync` it serves.
    """
    if isinstance(database_url, Sync):
        sync = database_url
    else:
        if spec is None:
            raise TypeError("create_app needs the generated package's spec (use its create_app)")
        sync = Sync(
            spec,
            database_url,
            resolver=resolver,
            limits=limits,
            accept_schema_versions=accept_schema_versions,
            clock=clock,
            version_allocator=version_allocator,
        )
    prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
    app = FastAPI(
        title="Sync",
        version=sync.spec.schema_version,
        description="Push/pull sync for the Dart clients of prisma-dart-gen.",
    )
    app.state.sync = sync

    async def scope_of(request: Request) -> str:
        result = authenticate(request)
        if inspect.isawaitable(result):
            result = await result
        if result is None:
            raise ProtocolError(401, "UNAUTHORIZED", "authentication required")
        return scope_text(result)

    async def document_of(request: Request) -> Any:
        limit = sync.limits.max_body_bytes
        length = request.headers.get("content-length", "")
        too_large = ProtocolError(
            413, "PAYLOAD_TOO_LARGE", f"the body exceeds {limit} bytes", maxBodyBytes=limit
        )
        if length.isdigit() and int(length) > limit:
            raise too_large
        parts, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            parts.append(chunk)
        try:
            document = json.loads(b"".join(parts), parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            raise ProtocolError(400, "BAD_REQUEST", "the body is not valid JSON") from None
        if json_depth(document) > sync.limits.max_json_depth:
            raise ProtocolError(
                400,
                "BAD_REQUEST",
                f"the body nests deeper than {sync.limits.max_json_depth} levels",
            )
        return document

    @app.exception_handler(ProtocolError)
    async def _protocol_error(request: Request, exc: ProtocolError) -> JSONResponse:
        headers = {"Retry-After": "1"} if exc.status == 503 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    responses: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorBody, "description": text} for status, text in _ERRORS.items()
    }

    @app.post(
        f"{prefix}/push",
        response_model=PushResponse,
        responses=responses,
        openapi_extra=_body_schema(PushRequest),
        summary="Apply a client's mutations, in id order, exactly once",
    )
    async def push(request: Request) -> Any:
        scope = await scope_of(request)
        document = await document_of(request)
        return JSONResponse(await run_in_threadpool(sync.push, scope, document))

    @app.post(
        f"{prefix}/pull",
        response_model=PullResponse,
        responses=responses,
        openapi_extra=_body_schema(PullRequest),
        summary="The changes of the caller's scope after a cursor, from one snapshot",
    )
    async def pull(request: Request) -> Any:
        scope = await scope_of(request)
        document = await document_of(request)
        return JSONResponse(await run_in_threadpool(sync.pull, scope, document))

    @app.get(f"{prefix}/health", summary="Database reachable; protocol and schema versions")
    async def health() -> Any:
        try:
            return JSONResponse(await run_in_threadpool(sync.health))
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            log.warning("health check failed: %s", exc)
            return JSONResponse(
                {"code": "UNAVAILABLE", "message": "the database is unreachable"},
                status_code=503,
            )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (PushRequest, PullRequest):
            document = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in document.pop("$defs", {}).items():
                components.setdefault(name, definition)
            components[model.__name__] = document
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


__all__ = ["Authenticate", "create_app"]
