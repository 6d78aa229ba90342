"""The sync protocol's messages (docs/sync-protocol.md) as pydantic models, and its errors.

Envelopes are validated here; a mutation's contents (model, key, data, ops) are validated per
mutation by ``validation`` so that one malformed mutation is *rejected* (and the queue moves on)
instead of failing the whole request. Unknown envelope keys are ignored (forward compatibility).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StrictInt, StrictStr

PROTOCOL_VERSION = 1
PROTOCOL_VERSIONS = (1,)

# Codes of a rejected mutation: deterministic failures, never retried by the client.
REJECT_CODES = ("VALIDATION", "FORBIDDEN", "NOT_FOUND", "CONSTRAINT", "CONFLICT")


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


ClientId = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")


class MutationIn(_Envelope):
    """One outbox entry. Only `id` is checked with the envelope; the rest per mutation."""

    id: StrictInt = Field(ge=1, le=2**63 - 1)
    model: Any = None
    op: Any = None
    key: Any = None
    data: Any = None
    ops: Any = None


class PushRequest(_Envelope):
    protocolVersion: StrictInt
    schemaVersion: StrictStr
    clientId: StrictStr = ClientId
    mutations: list[MutationIn]


class PullRequest(_Envelope):
    protocolVersion: StrictInt
    schemaVersion: StrictStr
    clientId: StrictStr = ClientId
    cursor: StrictInt = Field(default=0, ge=0, le=2**63 - 1)
    limit: StrictInt | None = Field(default=None, ge=1)


class MutationResult(_Strict):
    id: int
    status: Literal["applied", "rejected", "duplicate"]
    record: dict[str, JsonValue] | None = None
    code: Literal["VALIDATION", "FORBIDDEN", "NOT_FOUND", "CONSTRAINT", "CONFLICT"] | None = None
    message: str | None = None


class PushResponse(_Strict):
    lastMutationId: int
    results: list[MutationResult]


class Change(_Strict):
    version: int
    model: str
    key: dict[str, JsonValue]
    op: Literal["upsert", "delete", "create"]
    record: dict[str, JsonValue] | None = None


class PullResponse(_Strict):
    cursor: int
    hasMore: bool
    lastMutationId: int
    changes: list[Change]


class ErrorBody(BaseModel):
    """Every non-200 answer: a code, a message, and the code's own fields."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    lastMutationId: int | None = None  # MUTATION_GAP
    schemaVersion: str | None = None  # SCHEMA_MISMATCH
    compactedVersion: int | None = None  # CURSOR_EXPIRED
    protocolVersions: list[int] | None = None  # UNSUPPORTED_PROTOCOL


class ProtocolError(Exception):
    """A request-level failure: an HTTP status, a code and extra body fields."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


__all__ = [
    "PROTOCOL_VERSION",
    "PROTOCOL_VERSIONS",
    "REJECT_CODES",
    "Change",
    "ErrorBody",
    "MutationIn",
    "MutationResult",
    "ProtocolError",
    "PullRequest",
    "PullResponse",
    "PushRequest",
    "PushResponse",
]
