"""`make demo`: the real `npx prisma generate` on examples/blog, then a sync round trip.

1. Prisma runs our generator on examples/blog/schema.prisma: a Dart package (app_db) and a
   Python server package (blog_sync) appear under examples/blog/generated/; the demo prints
   a model and how an app uses the generated client (its README: open, query, watch, sync).
2. The generated server runs on the embedded default: SQLite (a fresh file next to the output),
   served over real HTTP by uvicorn on 127.0.0.1.
3. Two devices of the same user sync through it: a phone creates a post offline and pushes it,
   a laptop pulls it, edits the title and bumps the view counter, and the phone pulls the edit.

The devices are simulated in Python (tests/sync/client.py: outbox, ordered pushes, paged pulls,
rebase): they speak exactly the wire protocol the generated Dart client implements. The Dart
client itself cannot run here (no Dart SDK on this machine).
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "blog"
GENERATED = EXAMPLE / "generated"


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


def show_generated() -> None:
    for package in ("app_db", "blog_sync"):
        root = GENERATED / package
        files = sorted(p for p in root.rglob("*") if p.is_file() and "runtime" not in p.parts)
        print(f"\n{root.relative_to(ROOT)}/  ({len(files)} files besides the static runtime)")
        for path in files:
            print(f"  {path.relative_to(root)}")
    post = GENERATED / "app_db" / "lib" / "src" / "models" / "post.dart"
    print(f"\n--- {post.relative_to(ROOT)} (first 25 lines) ---")
    print("\n".join(post.read_text().splitlines()[:25]))
    readme = GENERATED / "app_db" / "README.md"
    for heading in ("## Use it", "## Sync"):
        print(f"\n--- {readme.relative_to(ROOT)}: {heading} ---")
        print(readme_section(readme.read_text(), heading))


def readme_section(text: str, heading: str) -> str:
    """The section of a generated README under `heading`, up to the next `## ` heading."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app, port: int):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the sync server did not start")
        time.sleep(0.05)
    return server, thread


def round_trip() -> None:
    sys.path.insert(0, str(GENERATED))
    sys.path.insert(0, str(ROOT))
    blog_sync = importlib.import_module("blog_sync")
    from tests.sync.client import SimClient

    database = GENERATED / "demo.db"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    blog_sync.create_tables(url)  # the same tables Prisma Migrate creates (parity-tested)

    def authenticate(request) -> str | None:
        # A real app verifies a session or JWT here; the scope never comes from the body.
        token = request.headers.get("authorization", "").removeprefix("Bearer test-user:")
        return token or None

    user_id = "u_" + uuid.uuid4().hex[:8]
    sync = blog_sync.create_sync(url)
    with sync.transaction(scope=user_id) as tx:  # sign-up happens on the server
        tx.create("User", {"id": user_id, "email": f"{user_id}@example.com", "name": "Ada"})

    port = free_port()
    server, thread = serve(blog_sync.create_app(url, authenticate), port)
    base = f"http://127.0.0.1:{port}"
    print(f"\nsync server: {base}/sync (SQLite: {database.relative_to(ROOT)})")
    try:
        phone = SimClient(base, user_id, blog_sync.SCHEMA_VERSION, name="phone")
        laptop = SimClient(base, user_id, blog_sync.SCHEMA_VERSION, name="laptop")
        post_id = str(uuid.uuid4())
        phone.create("Post", {"id": post_id, "title": "Written offline", "authorId": user_id})
        print("phone:  created a post offline; outbox holds", len(phone.outbox), "mutation")
        phone.sync()
        stored = phone.row("Post", {"id": post_id})
        print(
            "phone:  pushed and pulled; defaults filled by the server as Prisma Client would:",
            {name: stored[name] for name in ("views", "published", "createdAt", "updatedAt")},
        )
        laptop.sync()
        print("laptop: pulled", [r["title"] for r in laptop.rows("Post").values()])
        laptop.update(
            "Post",
            {"id": post_id},
            {"title": "Edited on the laptop"},
            ops={"views": {"increment": 1}},
        )
        laptop.sync()
        phone.sync()
        seen = phone.row("Post", {"id": post_id})
        print(f"phone:  pulled the edit: title={seen['title']!r}, views={seen['views']}")
        assert seen["title"] == "Edited on the laptop" and seen["views"] == 1
        print("round trip complete: both devices hold the server's rows")
        phone.close()
        laptop.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sync.close()


def main() -> int:
    run_prisma_generate()
    show_generated()
    round_trip()
    return 0


if __name__ == "__main__":
    sys.exit(main())
