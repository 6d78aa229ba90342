// Generates Prisma Client JS for a schema with the real CLI and loads it on the installed
// @prisma/client runtime and query compiler (not the copies the CLI made), offline: the
// schema-engine download is skipped with PRISMA_SCHEMA_ENGINE_BINARY. Shared by
// tools/parity/run.mjs (parity vectors) and tools/interop/prisma_rows.mjs (interop tests).

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(REPO, "package.json"));

/**
 * Runs `prisma generate` on `schemaPath` (whose `prisma-client-js` generator writes to
 * `<work>/client`) and returns the generated module's exports, running on the installed
 * runtime and the query compiler of `provider` ("sqlite" or "postgresql"). `env` adds
 * variables for the CLI and its generators.
 */
export function generateClient({ schemaPath, work, provider, env = {} }) {
  const res = spawnSync(
    process.execPath,
    [require.resolve("prisma/build/index.js"), "generate", "--schema", schemaPath],
    {
      cwd: REPO,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
        ...env,
      },
      encoding: "utf8",
    },
  );
  if (res.status !== 0) {
    throw new Error(`prisma generate failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  const indexPath = path.join(work, "client", "index.js");
  let index = readFileSync(indexPath, "utf8");
  const swaps = [
    ["require('./runtime/client.js')", "@prisma/client/runtime/client.js"],
    [
      "require('./query_compiler_fast_bg.js')",
      `@prisma/client/runtime/query_compiler_fast_bg.${provider}.js`,
    ],
    [
      "require('./query_compiler_fast_bg.wasm-base64.js')",
      `@prisma/client/runtime/query_compiler_fast_bg.${provider}.wasm-base64.js`,
    ],
  ];
  for (const [from, target] of swaps) {
    if (!index.includes(from)) {
      throw new Error(`generated client has no ${from}: update tools/prisma_client.mjs`);
    }
    index = index.split(from).join(`require(${JSON.stringify(require.resolve(target))})`);
  }
  writeFileSync(indexPath, index);
  return createRequire(indexPath)(indexPath);
}
