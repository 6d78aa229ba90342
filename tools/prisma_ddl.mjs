#!/usr/bin/env node
// Print the DDL that Prisma's own schema engine produces for creating a schema from an empty database.
//
//   node tools/prisma_ddl.mjs --schema path/to/schema.prisma [--provider sqlite|postgresql]
//                             [--url postgres://user@host:port/db]
//
// This is what `prisma migrate diff --from-empty --to-schema schema.prisma --script` prints, but it
// runs fully offline: instead of the native schema-engine binary (downloaded on demand) it uses the
// wasm build from @prisma/schema-engine-wasm together with a driver adapter (design note
// generator-protocol.md, "Offline note"). Keep the wasm package's version matched to the CLI's.
//
// The schema's datasource `provider` picks the dialect; `--provider` overrides it by rewriting the
// datasource block before the engine sees it (for fixtures meant to run on both databases).
// SQLite uses @prisma/adapter-libsql on an in-memory database. PostgreSQL uses @prisma/adapter-pg and
// needs a reachable server (`--url`, else $DATABASE_URL): the engine opens a connection, but a diff
// from "empty" to a datamodel changes nothing in that database.
// MySQL is refused by the wasm engine, so it is refused here too.
//
// Exit status: 0 with the SQL on stdout; 1 with a message on stderr for any error (2 for bad usage).

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

const PROVIDERS = { sqlite: "sqlite", postgresql: "postgresql", postgres: "postgresql" };

class UsageError extends Error {}

function parseCli(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        schema: { type: "string" },
        provider: { type: "string" },
        url: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (values.help) {
    process.stdout.write(
      "usage: node tools/prisma_ddl.mjs --schema FILE [--provider sqlite|postgresql] [--url URL]\n",
    );
    process.exit(0);
  }
  if (!values.schema) throw new UsageError("--schema is required");
  if (values.provider && !PROVIDERS[values.provider]) {
    throw new UsageError(`--provider must be sqlite or postgresql, not "${values.provider}"`);
  }
  return values;
}

// The (single) datasource block of the schema, e.g. `datasource db { provider = "sqlite" }`.
const DATASOURCE_RE = /^\s*datasource\s+\w+\s*\{[^}]*\}/m;
const PROVIDER_RE = /(^\s*provider\s*=\s*)"([^"]*)"/m;

function datasourceProvider(text) {
  const block = text.match(DATASOURCE_RE);
  const provider = block && block[0].match(PROVIDER_RE);
  if (!provider) throw new Error('the schema has no datasource block with a provider = "..." line');
  return provider[2];
}

function withProvider(text, provider) {
  return text.replace(DATASOURCE_RE, (block) => block.replace(PROVIDER_RE, `$1"${provider}"`));
}

// Load the wasm by hand: the package's default entry point imports the .wasm file as an ES module,
// which plain Node does not support. The wasm module imports its JS glue under this one name.
async function loadSchemaEngine() {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  // The glue reports Rust panics through this global before throwing; keep the text for our error.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      globalThis.PRISMA_WASM_PANIC_REGISTRY.last = message;
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

async function adapterFactory(provider, url) {
  if (provider === "sqlite") {
    const { PrismaLibSql } = await import("@prisma/adapter-libsql");
    return new PrismaLibSql({ url: ":memory:" });
  }
  if (!url) throw new UsageError("PostgreSQL needs a server: pass --url (or set DATABASE_URL)");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new PrismaPg({ connectionString: url });
}

async function main() {
  const args = parseCli(process.argv.slice(2));
  const schemaPath = path.resolve(args.schema);
  let text = await readFile(schemaPath, "utf8");

  const declared = datasourceProvider(text);
  const provider = PROVIDERS[args.provider ?? declared];
  if (!provider) {
    throw new Error(`unsupported datasource provider "${declared}" (only sqlite and postgresql)`);
  }
  if (provider !== PROVIDERS[declared]) text = withProvider(text, provider);

  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const { SchemaEngine } = await loadSchemaEngine();
  const factory = await adapterFactory(provider, args.url ?? process.env.DATABASE_URL);

  // The second argument receives the engine's log lines (JSON strings); only show them on request.
  const logger = (line) => {
    if (process.env.PRISMA_DDL_DEBUG) process.stderr.write(`engine: ${line}\n`);
  };
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, text]] },
    logger,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const result = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: text }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

// The engine rejects with plain objects or strings as often as with Errors; make them readable.
function describeError(e) {
  if (e instanceof Error) return e.message.replace(/^error: /, "");
  if (typeof e === "string") return e.replace(/^error: /, "");
  try {
    return JSON.stringify(e, null, 2);
  } catch {
    return String(e);
  }
}

main().then(
  // Exit explicitly: a pg pool or libsql client may keep the event loop alive after the diff.
  (sql) => process.stdout.write(sql, () => process.exit(0)),
  (e) => {
    const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.last;
    process.stderr.write(`prisma_ddl: error: ${describeError(e)}\n`);
    if (panic) process.stderr.write(`prisma_ddl: schema engine panic: ${panic}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
