#!/usr/bin/env node
// A minimal Prisma generator used by tools/parity/run.mjs: it writes the DMMF datamodel of the
// schema being generated (defaults, ids, relations, ...) to the file named by $PARITY_DMMF_OUT.
// The Prisma Client's own runtime DMMF lacks defaults and keys, which the runner needs to read
// tables back in primary-key order and to spot client-generated values (cuid, uuid, now()).
//
// Protocol (shared/design/generator-protocol.md): JSON-RPC, one object per line, requests on stdin,
// responses on stderr. Reply only after the file is written; the CLI never closes stdin.

import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

function reply(message) {
  process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  if (request.method === "getManifest") {
    reply({
      id: request.id,
      result: {
        manifest: {
          prettyName: "parity DMMF dump",
          defaultOutput: ".",
          version: "1",
          requiresEngines: [],
        },
      },
    });
  } else if (request.method === "generate") {
    const out = process.env.PARITY_DMMF_OUT;
    try {
      if (!out) throw new Error("PARITY_DMMF_OUT is not set");
      writeFileSync(out, JSON.stringify(request.params.dmmf.datamodel));
      reply({ id: request.id, result: null });
    } catch (e) {
      reply({ id: request.id, error: { code: -32000, message: `parity DMMF dump: ${e.message}` } });
    }
  } else {
    reply({ id: request.id, error: { code: -32601, message: `unknown method ${request.method}` } });
  }
});
lines.on("close", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
