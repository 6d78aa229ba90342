"""End to end: the real `npx prisma generate` (CLI 7.10.1) runs our generator from a wheel.

The wheel is built from this checkout and installed (not editable) into a fresh virtualenv whose
`python` comes first on PATH, exactly as a user's `provider = "python -m prisma_dart_gen"` finds it.
Each case's output must equal, byte for byte, what the in-process pipeline renders for the same
request (which is what the snapshot tests pin down).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.params import (
    FIXTURES,
    REPO,
    SHARED_SCHEMAS,
    capture_params,
    fixture_cases,
    load_params,
    with_dart_generator,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PRISMA = REPO / "node_modules" / ".bin" / "prisma"
MANIFEST = ".prisma-dart-gen.json"


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A virtualenv with prisma-dart-gen installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    # Nothing of this checkout may leak into the new environment: it must work from the wheel.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(REPO)],
        check=True,
        env=clean,
    )
    (wheel,) = work.glob("prisma_dart_gen-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=clean)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, env=clean)
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "prisma_dart_gen", "--version"],
        capture_output=True,
        text=True,
        env=clean,
        cwd=work,
    )
    assert installed.returncode == 0, installed.stderr
    return venv


def prisma_generate(schema: Path, venv: Path, *extra_args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PRISMA_SCHEMA_ENGINE_BINARY": os.environ.get("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/true"),
        "PRISMA_HIDE_UPDATE_MESSAGE": "1",
        "CHECKPOINT_DISABLE": "1",
    }
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(PRISMA), "generate", "--schema", str(schema), *extra_args],
        cwd=schema.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def expected_outputs(params: dict) -> dict[Path, dict[str, bytes]]:
    """What the in-process pipeline renders for a request (what the snapshot tests pin down)."""
    from prisma_dart_gen.generate import plan

    result = plan(params)
    return {
        root: {str(path): content for path, content in files.items()}
        for root, files in result.outputs.items()
    }


def test_captured_params_are_what_prisma_sends_today():
    """fixtures/*/params.json (what the snapshot tests render) match a fresh capture."""
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "capture_params.py"), "--all", "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_contains_templates_and_runtime(wheel_venv):
    listing = subprocess.run(
        [
            str(wheel_venv / "bin" / "python"),
            "-c",
            "import prisma_dart_gen.render as r; print(sorted(p.name for p in r.TEMPLATES.iterdir()))",  # noqa: E501
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    assert "dart" in listing.stdout and "python" in listing.stdout


@pytest.mark.parametrize("case", fixture_cases())
def test_fixture(case, wheel_venv, tmp_path):
    params = load_params(case, tmp_path)  # copies the schema to tmp_path/fixture
    schema = tmp_path / "fixture" / "schema.prisma"
    result = prisma_generate(schema, wheel_venv)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Generated Prisma Dart Client \(\d+\.\d+\.\d+[^)]*\)", result.stdout)
    for root, files in expected_outputs(params).items():
        assert tree(root) == files, f"{root} differs from the in-process rendering"


@pytest.mark.parametrize("name", sorted(p.stem for p in SHARED_SCHEMAS.glob("*.prisma")))
def test_shared_schema(name, wheel_venv, tmp_path):
    schema = tmp_path / "fixture" / "schema.prisma"
    schema.parent.mkdir()
    schema.write_text(with_dart_generator((SHARED_SCHEMAS / f"{name}.prisma").read_text()))
    # Only our generator: the schemas' own prisma-client-js blocks would need @prisma/client.
    result = prisma_generate(schema, wheel_venv, "--generator", "dart")
    assert result.returncode == 0, result.stdout + result.stderr
    dart = tmp_path / "generated" / "dart"
    server = tmp_path / "generated" / "server"
    assert (dart / "pubspec.yaml").is_file() and (server / "tables.py").is_file()
    for root, files in expected_outputs(capture_params(schema)).items():
        assert tree(root) == files


def test_user_error_fails_prisma_generate_with_a_clean_message(wheel_venv, tmp_path):
    schema = tmp_path / "schema.prisma"
    text = (FIXTURES / "minimal" / "schema.prisma").read_text()
    schema.write_text(
        text.replace(
            'provider     = "python -m prisma_dart_gen"',
            'provider     = "python -m prisma_dart_gen"\n  colour = "blue"',
        )
    )
    (tmp_path / "generated" / "dart").mkdir(parents=True)
    (tmp_path / "generated" / "dart" / "keep.txt").write_text("user file")
    result = prisma_generate(schema, wheel_venv)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "prisma-dart-gen: invalid generator config" in output and "colour: unknown key" in output
    assert "Traceback" not in output
    assert tree(tmp_path / "generated") == {"dart/keep.txt": b"user file"}


def test_mongodb_is_refused_with_a_reason(wheel_venv, tmp_path):
    schema = tmp_path / "schema.prisma"
    schema.write_text(
        'datasource db {\n  provider = "mongodb"\n}\n\n'
        'generator dart {\n  provider = "python -m prisma_dart_gen"\n  output = "./out"\n}\n\n'
        'model A {\n  id String @id @default(auto()) @map("_id") @db.ObjectId\n}\n'
    )
    result = prisma_generate(schema, wheel_venv)
    assert result.returncode != 0
    assert "prisma-dart-gen: MongoDB is not supported" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()
