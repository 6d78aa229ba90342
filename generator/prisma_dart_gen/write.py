"""Atomic output: stage everything, then swap it in; delete only what we wrote before.

An output root may hold files that are not ours (a user's tests, analysis_options.yaml, a
server's own modules): they are never touched. A manifest in the root lists what the previous
run wrote, so files that a schema change makes obsolete are removed, and nothing else is.
A path we would write that already holds a file we did not write is an error, not an overwrite.
If anything fails, every root is left as it was before the run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import GENERATOR_NAME, GeneratorError

MANIFEST = ".prisma-dart-gen.json"


def read_manifest(root: Path) -> set[PurePosixPath]:
    path = root / MANIFEST
    if not path.is_file():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {PurePosixPath(name) for name in data["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise GeneratorError(
            f"{path} is not a manifest written by {GENERATOR_NAME} ({exc}); "
            "remove it if this directory is meant to be generated into"
        ) from exc


def _manifest_bytes(files: Iterable[PurePosixPath], version: str) -> bytes:
    content = {"generator": GENERATOR_NAME, "version": version, "files": sorted(map(str, files))}
    return (json.dumps(content, indent=2) + "\n").encode("utf-8")


def _safe_relative(path: PurePosixPath) -> PurePosixPath:
    if path.is_absolute() or ".." in path.parts or not path.parts or str(path) == MANIFEST:
        raise ValueError(f"refusing to write outside the output root: {path}")
    return path


@dataclass
class _Staged:
    root: Path
    staging: Path
    files: tuple[PurePosixPath, ...]
    stale: tuple[PurePosixPath, ...]
    backup: Path | None = None
    moved: list[PurePosixPath] = field(default_factory=list)
    created_root: bool = False


def _stage(root: Path, files: Mapping[PurePosixPath, bytes], version: str) -> _Staged:
    previous = read_manifest(root)
    paths = tuple(sorted(_safe_relative(PurePosixPath(p)) for p in files))
    foreign = [str(path) for path in paths if (root / path).exists() and path not in previous]
    if foreign:
        raise GeneratorError(
            f"{root} already holds files that {GENERATOR_NAME} did not write and would "
            f"overwrite: {', '.join(foreign[:5])}{' ...' if len(foreign) > 5 else ''}. "
            "Choose another output directory or remove them."
        )
    # A file we wrote last time with the same bytes is left alone: it keeps its modification
    # time, so watchers and build tools (dart analyze, pub, uvicorn --reload) see no change.
    changed = tuple(path for path in paths if not _unchanged(root, path, files[path], previous))
    root.parent.mkdir(parents=True, exist_ok=True)
    # Same file system as the root, so the final moves are renames.
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.staging-", dir=root.parent))
    try:
        made: set[Path] = set()
        for path in changed:
            target = staging / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(files[path])
        (staging / MANIFEST).write_bytes(_manifest_bytes(paths, version))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stale = tuple(sorted(previous - set(paths)))
    return _Staged(root=root, staging=staging, files=changed, stale=stale)


def _unchanged(
    root: Path, path: PurePosixPath, content: bytes, previous: set[PurePosixPath]
) -> bool:
    if path not in previous:
        return False
    try:
        current = root / path
        return current.stat().st_size == len(content) and current.read_bytes() == content
    except OSError:
        return False


def _commit(staged: _Staged) -> None:
    root = staged.root
    if not root.exists():
        root.mkdir(parents=True)
        staged.created_root = True
    staged.backup = Path(tempfile.mkdtemp(prefix=f".{root.name}.backup-", dir=root.parent))
    for path in (*staged.files, PurePosixPath(MANIFEST), *staged.stale):
        current = root / path
        if current.exists():
            keep = staged.backup / path
            keep.parent.mkdir(parents=True, exist_ok=True)
            os.replace(current, keep)
        staged.moved.append(path)
        new = staged.staging / path
        if new.exists():
            current.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new, current)
    for path in staged.stale:
        _remove_empty_parents(root, root / path)


def _rollback(staged: _Staged) -> None:
    root = staged.root
    for path in reversed(staged.moved):
        current = root / path
        if current.exists() and path not in staged.stale:
            current.unlink()
        if staged.backup is not None and (staged.backup / path).exists():
            current.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.backup / path, current)
    for path in staged.files:
        _remove_empty_parents(root, root / path)
    if staged.created_root and root.exists() and not any(root.iterdir()):
        root.rmdir()


def _remove_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _cleanup(staged: _Staged) -> None:
    shutil.rmtree(staged.staging, ignore_errors=True)
    if staged.backup is not None:
        shutil.rmtree(staged.backup, ignore_errors=True)


@contextmanager
def _no_sigterm() -> Iterator[None]:
    # The CLI may SIGTERM us; let the swap finish (or roll back) first.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def write_outputs(outputs: Mapping[Path, Mapping[PurePosixPath, bytes]], version: str) -> None:
    """Write every output root, all or nothing."""
    roots = list(outputs)
    resolved = [root.resolve() for root in roots]
    for i, one in enumerate(resolved):
        for other in resolved[i + 1 :]:
            if one == other or one.is_relative_to(other) or other.is_relative_to(one):
                raise GeneratorError(
                    f"output directories must not contain one another: {one} and {other}"
                )
    staged: list[_Staged] = []
    try:
        for root in roots:
            staged.append(_stage(root, outputs[root], version))
        with _no_sigterm():
            committed: list[_Staged] = []
            try:
                for item in staged:
                    committed.append(item)
                    _commit(item)
            except BaseException:
                for item in reversed(committed):
                    _rollback(item)
                raise
    finally:
        for item in staged:
            _cleanup(item)
