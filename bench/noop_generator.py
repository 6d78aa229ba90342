"""A Prisma generator that does nothing: the floor of what `prisma generate` costs by itself.

It answers getManifest and generate (after decoding the request, as any generator must, to echo
its id) and writes nothing. Like prisma_dart_gen.rpc it decodes only the envelope (method, id)
and skips the params with msgspec, so the floor is Prisma's cost, not a slow decoder's. Options:
  --dump FILE   write the raw `generate` request line to FILE (bench uses it to profile our
                generator in-process on exactly the request the CLI sends)
  --size FILE   write the byte size of the `generate` request line to FILE
Protocol facts: shared/design/generator-protocol.md (requests on stdin, responses on stderr).
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

import msgspec


class Envelope(msgspec.Struct):
    method: str
    id: Any = None


def main(argv: list[str]) -> int:
    dump = argv[argv.index("--dump") + 1] if "--dump" in argv else None
    size = argv[argv.index("--size") + 1] if "--size" in argv else None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for raw in sys.stdin.buffer:
        if raw.isspace():
            continue
        request = msgspec.json.decode(raw, type=Envelope)
        method = request.method
        if method == "getManifest":
            result: object = {
                "manifest": {"prettyName": "No-op", "version": "0", "requiresEngines": []}
            }
        elif method == "generate":
            if dump:
                with open(dump, "wb") as out:
                    out.write(raw)
            if size:
                with open(size, "w", encoding="utf-8") as out:
                    out.write(str(len(raw)))
            result = None
        else:
            error = {"code": -32601, "message": f"no-op: unknown method {method}", "data": {}}
            sys.stderr.write(json.dumps({"jsonrpc": "2.0", "id": request.id, "error": error}))
            sys.stderr.write("\n")
            sys.stderr.flush()
            continue
        sys.stderr.write(json.dumps({"jsonrpc": "2.0", "id": request.id, "result": result}))
        sys.stderr.write("\n")
        sys.stderr.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
