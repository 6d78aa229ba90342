"""The ASGI app uvicorn runs for the sync tests (`uvicorn tests.sync.asgi_entry:app`).

Configured by environment variables set by launcher.SyncServer:

- SYNC_TEST_PACKAGE: import name of the rendered server package (its folder is on PYTHONPATH);
- SYNC_TEST_DATABASE_URL: the database;
- SYNC_TEST_OPTIONS: JSON, {"limits": {...}, "allocator": "...", "sleep": 0.05, "resolver": "..."}.

Authentication: `Authorization: Bearer test-user:<scope>` is the scope `<scope>`; anything else
is no scope (401). The scope never comes from the body.
"""

from __future__ import annotations

import importlib
import json
import os
from typing import Any

from tests.sync import seams

TOKEN_PREFIX = "test-user:"


def authenticate(request: Any) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(TOKEN_PREFIX):
        return None
    return token[len(TOKEN_PREFIX) :] or None


def _build() -> Any:
    package = importlib.import_module(os.environ["SYNC_TEST_PACKAGE"])
    options: dict[str, Any] = json.loads(os.environ.get("SYNC_TEST_OPTIONS") or "{}")
    url = os.environ["SYNC_TEST_DATABASE_URL"]
    create_app = seams.find_create_app(package)
    kwargs: dict[str, Any] = {}
    if options.get("limits") is not None:
        kwargs["limits"] = seams.make_limits(package, options["limits"])
    if options.get("resolver"):
        kwargs["resolver"] = seams.make_resolver(options["resolver"])
    if options.get("allocator"):
        allocator = seams.make_allocator(
            package, options["allocator"], options.get("sleep", 0.0), url
        )
        if allocator is not None:
            kwargs["version_allocator"] = allocator
    return create_app(url, authenticate, **kwargs)


app = _build()
