#!/usr/bin/env node
// Interop with the real Prisma Client (7.x, prisma-client-js): write rows and read them back
// through Prisma Client on a database our sync server also uses, all values in the sync wire
// encoding (sync-protocol.md), so that tests can compare them with what our server stores,
// pushes and pulls.
//
//   node tools/interop/prisma_rows.mjs --schema FILE --provider sqlite|postgresql --url URL
//                                      [--keep] < request.json > response.json
//
// request:  {"write": {"Model": [record, ...]}, "read": ["Model", ...], "check": true}
// response: {"written": {"Model": [record as Prisma's create returned it]},
//            "read": {"Model": [every row, in primary-key order]},
//            "unmatched": [{"model", "key", "field"}]}   // with "check": an equality filter on
//                                                        // that field did not find the row
// Records are in the wire encoding: DateTime ISO-8601 UTC with ms and Z, BigInt and Decimal as
// strings, Bytes base64, Json as the value, enums by Prisma name. Writes run in request order.
//
// Offline, like tools/parity/run.mjs: the schema is copied into a temporary folder under .work/
// (gitignored; inside the repository so that the generated client resolves @prisma/client;
// removed at exit unless --keep) with its datasource provider set and a prisma-client-js generator,
// `prisma generate` runs with PRISMA_SCHEMA_ENGINE_BINARY=/bin/true, and the generated client is
// pointed at the installed @prisma/client runtime and query compiler. SQLite goes through
// @prisma/adapter-libsql, PostgreSQL through @prisma/adapter-pg (session time zone UTC).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { generateClient } from "../prisma_client.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const require = createRequire(path.join(REPO, "package.json"));
const DATASOURCE_RE = /^\s*datasource\s+\w+\s*\{[^}]*\}/m;
const GENERATOR_DART_RE = /^\s*generator\s+dart\s*\{[^}]*\}/m;

function parseCli() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      schema: { type: "string" },
      provider: { type: "string" },
      url: { type: "string" },
      keep: { type: "boolean" },
    },
    strict: true,
  });
  if (!values.schema || !values.url || !["sqlite", "postgresql"].includes(values.provider)) {
    process.stderr.write(
      "usage: prisma_rows.mjs --schema FILE --provider sqlite|postgresql --url URL [--keep]\n",
    );
    process.exit(2);
  }
  return values;
}

function generateSchemaClient(schemaFile, provider, work) {
  let text = readFileSync(schemaFile, "utf8");
  text = text.replace(DATASOURCE_RE, `\ndatasource db {\n  provider = "${provider}"\n}`);
  text = text.replace(GENERATOR_DART_RE, "");
  text += `\ngenerator client {\n  provider = "prisma-client-js"\n  output   = "./client"\n}\n`;
  const schemaPath = path.join(work, "schema.prisma");
  writeFileSync(schemaPath, text);
  return generateClient({ schemaPath, work, provider });
}

async function newClient(PrismaClient, provider, url) {
  if (provider === "sqlite") {
    const { PrismaLibSql } = await import(require.resolve("@prisma/adapter-libsql"));
    const file = url.replace(/^sqlite:\/\//, "").replace(/^file:/, "");
    // intMode bigint: libsql's default throws on integers beyond 2^53 (see tools/parity/run.mjs).
    return new PrismaClient({
      adapter: new PrismaLibSql({ url: `file:${file}`, intMode: "bigint" }),
      errorFormat: "minimal",
    });
  }
  const { PrismaPg } = await import(require.resolve("@prisma/adapter-pg"));
  // Session time zone UTC, as our server's engine sets it (prisma/orm#26786).
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, options: "-c TimeZone=UTC" }),
    errorFormat: "minimal",
  });
}

// --- wire encoding ---------------------------------------------------------------------------

function decode(Prisma, field, value) {
  if (value === null || value === undefined) {
    return field.type === "Json" && value === null ? Prisma.DbNull : value;
  }
  const one = (v) => {
    switch (field.type) {
      case "DateTime":
        return new Date(v);
      case "BigInt":
        return BigInt(v);
      case "Decimal":
        return new Prisma.Decimal(v);
      case "Bytes":
        return Uint8Array.from(Buffer.from(v, "base64"));
      default:
        return v;
    }
  };
  if (field.type === "Json") return value;
  return field.isList ? value.map(one) : one(value);
}

function encode(Prisma, field, value) {
  if (value === null || value === undefined) return null;
  const one = (v) => {
    switch (field.type) {
      case "DateTime":
        return v.toISOString();
      case "BigInt":
        return v.toString();
      case "Decimal":
        return v.toFixed();
      case "Bytes":
        return Buffer.from(v).toString("base64");
      default:
        return v;
    }
  };
  if (field.type === "Json") return value;
  return field.isList ? value.map(one) : one(value);
}

const delegate = (model) => model[0].toLowerCase() + model.slice(1);

async function main() {
  const args = parseCli();
  const request = JSON.parse(readFileSync(0, "utf8"));
  mkdirSync(path.join(REPO, ".work"), { recursive: true });
  const work = mkdtempSync(path.join(REPO, ".work", "interop-"));
  if (!args.keep) {
    process.on("exit", () => rmSync(work, { recursive: true, force: true }));
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
  }
  const { PrismaClient, Prisma } = generateSchemaClient(path.resolve(args.schema), args.provider, work);
  const models = new Map(Prisma.dmmf.datamodel.models.map((m) => [m.name, m]));
  const scalars = (name) =>
    models.get(name).fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
  const keyOf = (name) => {
    const model = models.get(name);
    return model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
  };
  const toWire = (name, row) =>
    Object.fromEntries(scalars(name).map((f) => [f.name, encode(Prisma, f, row[f.name])]));

  const client = await newClient(PrismaClient, args.provider, args.url);
  const out = { written: {}, read: {}, unmatched: [] };
  try {
    for (const [name, records] of Object.entries(request.write ?? {})) {
      out.written[name] = [];
      for (const record of records) {
        const data = {};
        for (const f of scalars(name)) {
          if (f.name in record) data[f.name] = decode(Prisma, f, record[f.name]);
        }
        const row = await client[delegate(name)].create({ data });
        out.written[name].push(toWire(name, row));
      }
    }
    for (const name of request.read ?? []) {
      const orderBy = keyOf(name).map((f) => ({ [f]: "asc" }));
      const rows = await client[delegate(name)].findMany({ orderBy });
      out.read[name] = rows.map((row) => toWire(name, row));
      if (!request.check) continue;
      // Prisma compares stored values as they are (SQLite: raw text): an equality filter on each
      // value must find its own row again.
      for (const row of rows) {
        const key = Object.fromEntries(keyOf(name).map((f) => [f, row[f]]));
        for (const f of scalars(name)) {
          if (["Json", "Bytes"].includes(f.type) || f.isList || row[f.name] === null) continue;
          const found = await client[delegate(name)].findFirst({
            where: { ...key, [f.name]: row[f.name] },
          });
          if (!found) out.unmatched.push({ model: name, key: toWire(name, key), field: f.name });
        }
      }
    }
  } finally {
    await client.$disconnect();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
