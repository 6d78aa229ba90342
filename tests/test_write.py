"""Atomic output: foreign files untouched, stale files removed, all-or-nothing on failure."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

import pytest

from prisma_dart_gen import write
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.write import MANIFEST, write_outputs


def files(**named: str) -> dict[PurePosixPath, bytes]:
    return {PurePosixPath(name.replace("__", "/")): text.encode() for name, text in named.items()}


def snapshot_tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_first_write_creates_files_and_manifest(tmp_path):
    root = tmp_path / "out"
    write_outputs({root: files(a="1", lib__b="2")}, "9.9.9")
    assert (root / "a").read_text() == "1"
    assert (root / "lib/b").read_text() == "2"
    manifest = json.loads((root / MANIFEST).read_text())
    assert manifest == {"generator": "prisma-dart-gen", "version": "9.9.9", "files": ["a", "lib/b"]}
    # No staging or backup directories are left beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_rewrite_removes_only_stale_files_we_wrote(tmp_path):
    root = tmp_path / "out"
    write_outputs({root: files(a="1", lib__old="x", lib__keep="k")}, "1")
    (root / "lib" / "mine.dart").write_text("user file")
    (root / "analysis_options.yaml").write_text("user config")
    write_outputs({root: files(a="2", lib__keep="k2", lib__new__deep="n")}, "1")
    assert snapshot_tree(root) == {
        "a": b"2",
        "analysis_options.yaml": b"user config",
        "lib/keep": b"k2",
        "lib/mine.dart": b"user file",
        "lib/new/deep": b"n",
        MANIFEST: snapshot_tree(root)[MANIFEST],
    }


def test_unchanged_files_are_left_alone(tmp_path):
    """Same bytes as last run: not rewritten (same inode and mtime), so watchers see no change."""
    root = tmp_path / "out"
    write_outputs({root: files(same="s", edited="e1", lib__moved="m")}, "1")
    os.utime(root / "same", ns=(1_000_000_000, 1_000_000_000))
    before = (root / "same").stat()
    (root / "lib" / "moved").write_text("a hand edit")  # ours, changed by hand: rewritten
    write_outputs({root: files(same="s", edited="e2", lib__moved="m")}, "1")
    after = (root / "same").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (root / "edited").read_text() == "e2"
    assert (root / "lib" / "moved").read_text() == "m"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stale_directories_are_pruned_when_empty(tmp_path):
    root = tmp_path / "out"
    write_outputs({root: files(models__a="1", b="2")}, "1")
    write_outputs({root: files(b="2")}, "1")
    assert not (root / "models").exists()


def test_refuses_foreign_file_at_generated_path(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / "a").write_text("mine")
    with pytest.raises(GeneratorError) as info:
        write_outputs({root: files(a="generated", b="x")}, "1")
    assert "did not write" in str(info.value) and ": a" in str(info.value)
    assert snapshot_tree(root) == {"a": b"mine"}


def test_failure_mid_commit_restores_every_root(tmp_path, monkeypatch):
    first, second = tmp_path / "dart", tmp_path / "server"
    write_outputs({first: files(a="old-a", stale="s"), second: files(c="old-c")}, "1")
    before = {first: snapshot_tree(first), second: snapshot_tree(second)}

    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):
        calls["n"] += 1
        # Let the first root commit completely, then fail inside the second.
        if Path(dst).parent == second or Path(src).parent == second:
            if "staging" in str(src):
                raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_outputs({first: files(a="new-a", b="new-b"), second: files(c="new-c")}, "2")
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert snapshot_tree(first) == before[first]
    assert snapshot_tree(second) == before[second]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dart", "server"]


def test_failure_before_commit_leaves_a_new_root_absent(tmp_path, monkeypatch):
    root = tmp_path / "out"

    def broken_stage(*_args, **_kwargs):
        raise OSError("no space left")

    monkeypatch.setattr(write, "_manifest_bytes", broken_stage)
    with pytest.raises(OSError):
        write_outputs({root: files(a="1")}, "1")
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []


def test_paths_outside_the_root_are_refused(tmp_path):
    with pytest.raises(ValueError):
        write_outputs({tmp_path / "out": {PurePosixPath("../escape"): b"x"}}, "1")
    assert not (tmp_path / "escape").exists()


def test_nested_roots_are_refused(tmp_path):
    with pytest.raises(GeneratorError, match="must not contain one another"):
        write_outputs({tmp_path / "a": files(x="1"), tmp_path / "a" / "b": files(y="2")}, "1")


def test_a_corrupt_manifest_is_a_clear_error(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / MANIFEST).write_text("{not json")
    with pytest.raises(GeneratorError, match="not a manifest"):
        write_outputs({root: files(a="1")}, "1")
