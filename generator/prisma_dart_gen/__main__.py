"""`python -m prisma_dart_gen`: the generator process the Prisma CLI starts.

Run by Prisma (PRISMA_GENERATOR_INVOCATION set, or stdin not a terminal) it speaks JSON-RPC.
Run by a person in a terminal, it prints a short usage text instead of waiting for requests.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .version import VERSION

PRETTY_NAME = "Prisma Dart Client"
DEFAULT_OUTPUT = "./generated/dart"

USAGE = """\
prisma-dart-gen {version}: a Prisma generator for an offline-first Dart client and a Python server.

It is started by `npx prisma generate`, not by hand. Add to schema.prisma:

  generator dart {{
    provider     = "python -m prisma_dart_gen"
    output       = "../app/packages/db"      // the Dart package
    serverOutput = "../server/db_sync"       // optional: the Python server package
  }}

Options: --version      print the version
         sync-models    print the Prisma models that `syncScope` needs
Docs: docs/configuration.md in the prisma-dart-gen repository.
"""


def manifest(_params: object) -> dict:
    return {
        "manifest": {
            "prettyName": PRETTY_NAME,
            "defaultOutput": DEFAULT_OUTPUT,
            "version": VERSION,
            "requiresEngines": [],
        }
    }


def _generate(params: Any) -> None:
    # `params` arrive undecoded (rpc); read_params keeps only what the generator reads.
    from .dmmf import read_params
    from .generate import generate

    generate(read_params(params))
    return None


def _warm_up() -> None:
    from .generate import warm_up

    warm_up()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m prisma_dart_gen", add_help=True)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "command",
        nargs="?",
        choices=["sync-models"],
        help="sync-models: print the Prisma models that sync bookkeeping needs",
    )
    args = parser.parse_args(argv)
    if args.version:
        print(VERSION)
        return 0
    if args.command == "sync-models":
        from .sync_models import SYNC_MODELS_SNIPPET

        print(SYNC_MODELS_SNIPPET, end="")
        return 0
    invoked_by_prisma = os.environ.get("PRISMA_GENERATOR_INVOCATION") == "true"
    if not invoked_by_prisma and sys.stdin.isatty():
        print(USAGE.format(version=VERSION), end="")
        return 2

    from .rpc import serve

    # The protocol is UTF-8 both ways, whatever the user's locale says: requests are read as
    # bytes (msgspec decodes UTF-8 itself), replies written through a UTF-8 stderr.
    sys.stderr.reconfigure(encoding="utf-8")
    handlers = {"getManifest": manifest, "generate": _generate}
    return serve(handlers, sys.stdin.buffer, sys.stderr, warm_up=_warm_up)


if __name__ == "__main__":
    sys.exit(main())
