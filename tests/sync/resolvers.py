"""Resolvers the sync server runs in tests (`SyncServer(..., resolver="module:function")`).

A resolver gets (context, mutation, current row or None) inside the mutation's transaction and
returns the mutation (possibly rewritten) or a `Reject` of the generated package.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from typing import Any


def _package() -> Any:
    return importlib.import_module(os.environ["SYNC_TEST_PACKAGE"])


def guard_titles(context: Any, mutation: Any, current: dict | None) -> Any:
    """Post titles starting with "!" are refused (CONFLICT); titles are stored stripped; a post
    titled "locked" cannot be changed any more."""
    if mutation.model != "Post" or mutation.op == "delete":
        return mutation
    if current is not None and current.get("title") == "locked":
        return _package().Reject("CONFLICT", "this post is locked")
    title = mutation.data.get("title")
    if isinstance(title, str) and title.startswith("!"):
        return _package().Reject("CONFLICT", "titles may not start with !")
    if isinstance(title, str) and title != title.strip():
        return dataclasses.replace(mutation, data={**mutation.data, "title": title.strip()})
    return mutation
