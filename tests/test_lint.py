"""The repository's own Python stays lint-clean (`make lint`), checked by `make test` for CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.params import REPO

BIN = Path(sys.executable).parent
SOURCES = ["generator", "tests", "tools", "bench"]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([str(BIN / "ruff"), "check", *SOURCES], id="ruff-check"),
        pytest.param([str(BIN / "black"), "--check", "--quiet", *SOURCES], id="black"),
    ],
)
def test_sources_are_lint_clean(command):
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
