"""The README's first command stays true: `make demo` generates and completes a sync round trip."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.params import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_demo_generates_and_syncs_two_devices():
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Generated Prisma Dart Client" in result.stdout + result.stderr
    # How an app uses the generated client, from the generated package's README.
    assert "final client = await PrismaClient.open(storage" in result.stdout
    assert "await client.$sync.signIn(userId);" in result.stdout
    assert "laptop: pulled ['Written offline']" in result.stdout
    assert "pulled the edit: title='Edited on the laptop', views=1" in result.stdout
    assert "round trip complete" in result.stdout
