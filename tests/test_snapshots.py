"""One syrupy snapshot per generated file of every fixture, plus one of each fixture's IR.

Review a snapshot diff IR first: a changed fact belongs in analysis (ir/), and every changed file
must follow from it. Static runtime files are not snapshotted here (they are copied byte for byte,
which test_runtime_files_are_copied_verbatim checks). Update with `make snapshots`.
"""

from __future__ import annotations

import dataclasses
import tempfile
from functools import cache
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from prisma_dart_gen.backends import python as python_backend
from prisma_dart_gen.generate import plan
from prisma_dart_gen.render import runtime_files
from tests.support.params import fixture_cases, load_params

# The backends copy their static runtime under these directories of the package they generate.
RUNTIME_DIRS = {"dart": ("dart", "lib/src/runtime/"), "server": ("python", "runtime/")}


class TextFile(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@cache
def rendered(case: str):
    work = Path(tempfile.mkdtemp(prefix=f"snap-{case}-"))
    result = plan(load_params(case, work))
    labels = {result.config.output: "dart", result.config.server_output: "server"}
    files = {
        (labels[root], str(path)): content
        for root, outputs in result.outputs.items()
        for path, content in outputs.items()
    }
    return result, files


def is_runtime(label: str, path: str) -> bool:
    return path.startswith(RUNTIME_DIRS[label][1])


def generated_files() -> list[tuple[str, str, str]]:
    return [
        (case, label, path)
        for case in fixture_cases()
        for (label, path) in sorted(rendered(case)[1])
        if not is_runtime(label, path)
    ]


@pytest.mark.parametrize(
    ("case", "label", "path"),
    generated_files(),
    ids=lambda value: value.replace("/", "__"),
)
def test_generated_file(case, label, path, snapshot):
    content = rendered(case)[1][(label, path)].decode("utf-8")
    assert content == snapshot(extension_class=TextFile)


@pytest.mark.parametrize("case", fixture_cases())
def test_ir(case, snapshot):
    schema = rendered(case)[0].schema
    assert dataclasses.asdict(schema) == snapshot


def expected_runtime(language: str, schema) -> dict[str, bytes]:
    if language == "python":
        # The sync runtime ships only in packages generated with `syncScope`.
        files = python_backend.package_runtime_files(schema.sync is not None)
    else:
        files = runtime_files(language)
    return {str(path): content for path, content in files}


@pytest.mark.parametrize("case", fixture_cases())
def test_runtime_files_are_copied_verbatim(case):
    result, files = rendered(case)
    for label, (language, prefix) in RUNTIME_DIRS.items():
        if not any(key[0] == label for key in files):
            continue  # e.g. no serverOutput
        copied = {
            path[len(prefix) :]: content
            for (lbl, path), content in files.items()
            if lbl == label and path.startswith(prefix)
        }
        expected = expected_runtime(language, result.schema)
        assert (
            copied == expected
        ), f"{label}: runtime copies differ from templates/{language}/runtime"
