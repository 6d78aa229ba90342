"""`make demo`: run the real `npx prisma generate` on examples/blog and show what it produced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "blog"


def run_prisma_generate() -> None:
    env = dict(os.environ)
    env.setdefault("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/true")  # offline-safe, see README
    # The provider is `python -m prisma_dart_gen`: put this venv's python first on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    prisma = ROOT / "node_modules" / ".bin" / "prisma"
    subprocess.run(
        [str(prisma), "generate", "--schema", str(EXAMPLE / "schema.prisma")],
        cwd=EXAMPLE,
        env=env,
        check=True,
    )


def show_tree(root: Path) -> None:
    print(f"\n{root.relative_to(ROOT)}/")
    for path in sorted(root.rglob("*")):
        if path.is_file():
            print(f"  {path.relative_to(root)}  ({path.stat().st_size} bytes)")


def main() -> int:
    run_prisma_generate()
    generated = EXAMPLE / "generated"
    for package in sorted(generated.iterdir()):
        show_tree(package)
    post = generated / "app_db" / "lib" / "src" / "models" / "post.dart"
    if post.is_file():
        print(f"\n--- {post.relative_to(ROOT)} (first 60 lines) ---")
        print("\n".join(post.read_text().splitlines()[:60]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
