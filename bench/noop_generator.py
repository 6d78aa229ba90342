"""A Prisma generator that does nothing: the floor of what `prisma generate` costs by itself.

It answers getManifest and generate (after decoding the request, as any generator must, to echo
its id) and writes nothing. It decodes the way prisma_dart_gen.rpc does (orjson, no garbage
collection while the objects are built), so the floor is not a slower decoder's. Options:
  --dump FILE   write the raw `generate` request line to FILE (bench uses it to profile our
                generator in-process on exactly the request the CLI sends)
  --size FILE   write the byte size of the `generate` request line to FILE
Protocol facts: shared/design/generator-protocol.md (requests on stdin, responses on stderr).
"""

from __future__ import annotations

import gc
import json
import signal
import sys

import orjson


def main(argv: list[str]) -> int:
    dump = argv[argv.index("--dump") + 1] if "--dump" in argv else None
    size = argv[argv.index("--size") + 1] if "--size" in argv else None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    gc.disable()  # this process builds nothing but the decoded requests
    for raw in sys.stdin.buffer:
        if not raw.strip():
            continue
        request = orjson.loads(raw)
        method = request.get("method")
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
            sys.stderr.write(
                json.dumps({"jsonrpc": "2.0", "id": request.get("id"), "error": error})
            )
            sys.stderr.write("\n")
            sys.stderr.flush()
            continue
        sys.stderr.write(json.dumps({"jsonrpc": "2.0", "id": request.get("id"), "result": result}))
        sys.stderr.write("\n")
        sys.stderr.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
