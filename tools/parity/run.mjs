#!/usr/bin/env node
// Prisma parity vectors: run every case in fixtures/parity/cases/*.json through the real Prisma
// Client (7.10, prisma-client-js, @prisma/adapter-libsql on SQLite) and either record what it did
// or check that it still does exactly that.
//
//   node tools/parity/run.mjs [--check]        compare, exit 1 listing every drifted case (default)
//   node tools/parity/run.mjs --write          (re)write "expect"/"expectAfter" of every case
//   node tools/parity/run.mjs --only TEXT      only cases whose id contains TEXT (repeatable)
//   node tools/parity/run.mjs --print ID       run one case and print what Prisma did (no writes)
//   node tools/parity/run.mjs --keep           keep the temporary client and databases
//
// What it does, all offline (fixtures/parity/README.md has the case format):
// 1. Copies fixtures/parity/schema.prisma into a temporary directory under .work/ (gitignored) with
//    two generators added: prisma-client-js, and tools/parity/dmmf_generator.mjs (dumps the DMMF),
//    then runs the pinned Prisma CLI's `generate` (PRISMA_SCHEMA_ENGINE_BINARY=/bin/true).
//    prisma-client-js with a custom output copies the CLI's own runtime next to the client; the
//    runner points the client back at the installed @prisma/client runtime and query compiler,
//    which is what the default output (node_modules/.prisma/client) does.
// 2. Gets Prisma's DDL from tools/prisma_ddl.mjs (schema-engine-wasm) and builds one template
//    SQLite file per seed: DDL, then the seed's rows written through Prisma Client itself (so every
//    value is stored in Prisma's own format), then checks that reading them back gives the seed.
// 3. Runs each case on its own copy of its seed's template with a fresh PrismaClient, records the
//    result or error, and for writes the tables that changed.

import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { generateClient } from "../prisma_client.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const FIXTURES = path.join(REPO, "fixtures", "parity");
const CASES_DIR = path.join(FIXTURES, "cases");
const require = createRequire(path.join(REPO, "package.json"));

const READ_OPS = new Set([
  "findMany",
  "findFirst",
  "findFirstOrThrow",
  "findUnique",
  "findUniqueOrThrow",
  "count",
  "aggregate",
  "groupBy",
]);
const WRITE_OPS = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
// Key order of a case object when it is written back.
const CASE_KEYS = [
  "id",
  "area",
  "relationKind",
  "description",
  "seed",
  "model",
  "operation",
  "args",
  "expect",
  "expectAfter",
];
// The packages whose behaviour the expectations record (fixtures/parity/provenance.json).
const PROVENANCE_PACKAGES = [
  "prisma",
  "@prisma/client",
  "@prisma/adapter-libsql",
  "@prisma/driver-adapter-utils",
  "@prisma/schema-engine-wasm",
  "@libsql/client",
];

class UsageError extends Error {}

function parseCli(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        write: { type: "boolean" },
        check: { type: "boolean" },
        only: { type: "string", multiple: true },
        print: { type: "string" },
        keep: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (values.help) {
    process.stdout.write(
      "usage: node tools/parity/run.mjs [--check | --write | --print ID] [--only TEXT]... [--keep]\n",
    );
    process.exit(0);
  }
  if ([values.write, values.check, values.print].filter(Boolean).length > 1) {
    throw new UsageError("--check, --write and --print exclude each other");
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Client generation

const GENERATORS = `
generator client {
  provider = "prisma-client-js"
  output   = "./client"
}

generator dmmf {
  provider = "node tools/parity/dmmf_generator.mjs"
}
`;

function generateParityClient(work) {
  const schemaPath = path.join(work, "schema.prisma");
  writeFileSync(schemaPath, readFileSync(path.join(FIXTURES, "schema.prisma"), "utf8") + GENERATORS);
  const dmmfPath = path.join(work, "dmmf.json");
  const { PrismaClient, Prisma } = generateClient({
    schemaPath,
    work,
    provider: "sqlite",
    env: { PARITY_DMMF_OUT: dmmfPath },
  });
  const datamodel = JSON.parse(readFileSync(dmmfPath, "utf8"));
  return { PrismaClient, Prisma, datamodel };
}

function prismaDdl() {
  const res = spawnSync(
    process.execPath,
    [path.join(REPO, "tools", "prisma_ddl.mjs"), "--schema", path.join(FIXTURES, "schema.prisma")],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" } },
  );
  if (res.status !== 0) throw new Error(`tools/prisma_ddl.mjs failed:\n${res.stderr}`);
  return res.stdout;
}

function provenance() {
  const versions = {};
  for (const name of PROVENANCE_PACKAGES) {
    const manifest = path.join(REPO, "node_modules", ...name.split("/"), "package.json");
    versions[name] = JSON.parse(readFileSync(manifest, "utf8")).version;
  }
  return versions;
}

// ---------------------------------------------------------------------------------------------
// Schema facts (from the DMMF)

class Schema {
  constructor(datamodel) {
    this.models = new Map(datamodel.models.map((m) => [m.name, m]));
    this.joinTables = [];
    const seen = new Set();
    for (const model of datamodel.models) {
      for (const field of model.fields) {
        if (field.kind !== "object" || !field.isList) continue;
        const other = this.models.get(field.type).fields.find(
          (f) => f.relationName === field.relationName && f !== field,
        );
        if (other?.isList && !seen.has(field.relationName)) {
          seen.add(field.relationName);
          this.joinTables.push(`_${field.relationName}`);
        }
      }
    }
    this.joinTables.sort();
  }

  model(name) {
    const model = this.models.get(name);
    if (!model) throw new Error(`unknown model ${name}`);
    return model;
  }

  scalarFields(name) {
    return this.model(name).fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
  }

  field(modelName, fieldName) {
    return this.models.get(modelName)?.fields.find((f) => f.name === fieldName);
  }

  primaryKey(name) {
    const model = this.model(name);
    if (model.primaryKey) return model.primaryKey.fields;
    return model.fields.filter((f) => f.isId).map((f) => f.name);
  }

  tables() {
    return [...this.models.keys(), ...this.joinTables];
  }
}

const delegateName = (model) => model[0].toLowerCase() + model.slice(1);

// Client-generated defaults that cannot be predicted: their values become placeholders.
function generatedKind(field) {
  const name = field.default?.name;
  if (field.isUpdatedAt || name === "now") return "now";
  if (["cuid", "uuid", "nanoid", "ulid"].includes(name)) return name;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Encodings (fixtures/parity/README.md)

function isDecimal(Prisma, value) {
  return Prisma.Decimal.isDecimal(value);
}

function decimalString(value) {
  return value.toFixed();
}

// Tagged values in args -> the JS values Prisma Client takes.
function decodeArgs(Prisma, value) {
  if (Array.isArray(value)) return value.map((v) => decodeArgs(Prisma, v));
  if (value === null || typeof value !== "object") return value;
  if ("$type" in value) {
    const tag = value.$type;
    switch (tag) {
      case "DateTime":
        return new Date(value.value);
      case "BigInt":
        return BigInt(value.value);
      case "Decimal":
        return new Prisma.Decimal(value.value);
      case "Bytes":
        return Uint8Array.from(Buffer.from(value.value, "base64"));
      case "Json":
        return value.value;
      case "DbNull":
        return Prisma.DbNull;
      case "JsonNull":
        return Prisma.JsonNull;
      case "AnyNull":
        return Prisma.AnyNull;
      default:
        throw new Error(`unknown $type ${JSON.stringify(tag)} in args`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeArgs(Prisma, v)]));
}

// Wire-encoded seed value (typed by its field) -> a JS value for Prisma Client.
function decodeWire(Prisma, field, value) {
  if (value === null) return field.type === "Json" ? Prisma.DbNull : null;
  if (field.type === "Json" && value?.$type === "JsonNull") return Prisma.JsonNull;
  switch (field.type) {
    case "DateTime":
      return new Date(value);
    case "BigInt":
      return BigInt(value);
    case "Decimal":
      return new Prisma.Decimal(value);
    case "Bytes":
      return Uint8Array.from(Buffer.from(value, "base64"));
    default:
      return value;
  }
}

// A JS value read through Prisma Client -> the wire encoding (sync-protocol.md).
function encodeWire(Prisma, field, value) {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case "DateTime":
      return value.toISOString();
    case "BigInt":
      return value.toString();
    case "Decimal":
      return decimalString(value);
    case "Bytes":
      return Buffer.from(value).toString("base64");
    default:
      return value;
  }
}

// Generic tagged encoding of a result (no schema needed: Json field values never hold these types).
function encodeTagged(Prisma, value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $type: "DateTime", value: value.toISOString() };
  if (typeof value === "bigint") return { $type: "BigInt", value: value.toString() };
  if (isDecimal(Prisma, value)) return { $type: "Decimal", value: decimalString(value) };
  if (value instanceof Uint8Array) {
    return { $type: "Bytes", value: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map((v) => encodeTagged(Prisma, v));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeTagged(Prisma, v)]));
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { $type: "Float", value: String(value) };
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Placeholders for values Prisma generates at run time

// Every string anywhere in a case's args: a value the case gave is never a generated one.
function argStrings(value, out = new Set()) {
  if (typeof value === "string") out.add(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) argStrings(v, out);
  return out;
}

class Placeholders {
  constructor(schema, seedSnapshot, window, literals) {
    this.schema = schema;
    this.seedSnapshot = seedSnapshot;
    this.window = window;
    this.literals = literals;
  }

  isNow(date) {
    const t = date.getTime();
    return t >= this.window.start && t <= this.window.end;
  }

  // `value` is already encoded (tagged or wire); `raw` is the JS value.
  forField(modelName, field, raw, value) {
    const kind = generatedKind(field);
    if (kind === null || raw === null || raw === undefined) return value;
    if (kind === "now") return raw instanceof Date && this.isNow(raw) ? { $generated: "now" } : value;
    const seeded = (this.seedSnapshot[modelName] ?? []).some((row) => row[field.name] === raw);
    return seeded || this.literals.has(raw) ? value : { $generated: kind };
  }

  // Walk a record-shaped result (model known), replacing generated values.
  result(Prisma, modelName, raw) {
    if (raw === null || raw === undefined) return null;
    if (Array.isArray(raw)) return raw.map((r) => this.result(Prisma, modelName, r));
    if (typeof raw !== "object" || raw instanceof Date || isDecimal(Prisma, raw)) {
      return this.generic(Prisma, raw);
    }
    const out = {};
    for (const [key, v] of Object.entries(raw)) {
      const field = modelName ? this.schema.field(modelName, key) : undefined;
      if (field?.kind === "object") out[key] = this.result(Prisma, field.type, v);
      else if (field) out[key] = this.forField(modelName, field, v, this.generic(Prisma, v));
      else if (["_min", "_max"].includes(key)) out[key] = this.result(Prisma, modelName, v);
      else out[key] = this.generic(Prisma, v);
    }
    return out;
  }

  generic(Prisma, raw) {
    if (raw instanceof Date && this.isNow(raw)) return { $generated: "now" };
    if (Array.isArray(raw)) return raw.map((v) => this.generic(Prisma, v));
    if (raw && typeof raw === "object" && !(raw instanceof Date) && !isDecimal(Prisma, raw)) {
      if (raw instanceof Uint8Array) return encodeTagged(Prisma, raw);
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, this.generic(Prisma, v)]));
    }
    return encodeTagged(Prisma, raw);
  }
}

// ---------------------------------------------------------------------------------------------
// Databases

async function applyDdl(PrismaLibSql, file, ddl) {
  const adapter = await new PrismaLibSql({ url: `file:${file}`, ...LIBSQL_CONFIG }).connect();
  try {
    await adapter.executeScript(ddl);
  } finally {
    await adapter.dispose();
  }
}

// intMode "bigint": with libsql's default ("number") reading a BigInt beyond 2^53 throws a
// RangeError inside @libsql/client; the adapter maps bigint cells back per column type itself.
const LIBSQL_CONFIG = { intMode: "bigint" };

function newClient(ctx, file) {
  return new ctx.PrismaClient({
    adapter: new ctx.PrismaLibSql({ url: `file:${file}`, ...LIBSQL_CONFIG }),
    errorFormat: "minimal",
  });
}

// Rows read through Prisma Client cannot tell a Json field holding JSON null from a NULL column;
// readTables marks the former on the row under this key.
const JSON_NULLS = Symbol("jsonNulls");

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

// Every table as raw JS rows, in primary-key order (join tables by A, B).
async function readTables(ctx, client) {
  const tables = {};
  for (const model of ctx.schema.models.keys()) {
    const pk = ctx.schema.primaryKey(model);
    const orderBy = pk.map((f) => ({ [f]: "asc" }));
    const rows = await client[delegateName(model)].findMany({ orderBy });
    const jsonFields = ctx.schema.scalarFields(model).filter((f) => f.type === "Json");
    if (jsonFields.length && rows.length) {
      const column = (name) => quote(ctx.schema.field(model, name).dbName ?? name);
      const table = quote(ctx.schema.model(model).dbName ?? model);
      const flags = jsonFields.map((f) => `${column(f.name)} = 'null' AS ${quote(f.name)}`);
      const keys = pk.map(column).join(", ");
      const marks = await client.$queryRawUnsafe(
        `SELECT ${[keys, ...flags].join(", ")} FROM ${table} ORDER BY ${keys}`,
      );
      marks.forEach((mark, i) => {
        const nulls = jsonFields.filter((f) => Number(mark[f.name]) === 1).map((f) => f.name);
        if (nulls.length) rows[i][JSON_NULLS] = new Set(nulls);
      });
    }
    tables[model] = rows;
  }
  for (const table of ctx.schema.joinTables) {
    const rows = await client.$queryRawUnsafe(`SELECT "A", "B" FROM "${table}" ORDER BY "A", "B"`);
    tables[table] = rows.map((r) => ({ A: Number(r.A), B: Number(r.B) }));
  }
  return tables;
}

function wireRow(ctx, model, row, placeholders) {
  if (!ctx.schema.models.has(model)) return { ...row };
  const out = {};
  for (const field of ctx.schema.scalarFields(model)) {
    const encoded = row[JSON_NULLS]?.has(field.name)
      ? { $type: "JsonNull" }
      : encodeWire(ctx.Prisma, field, row[field.name]);
    out[field.name] = placeholders
      ? placeholders.forField(model, field, row[field.name], encoded)
      : encoded;
  }
  return out;
}

function wireTables(ctx, tables, placeholders) {
  return Object.fromEntries(
    Object.entries(tables).map(([t, rows]) => [t, rows.map((r) => wireRow(ctx, t, r, placeholders))]),
  );
}

function seedObject(ctx, seed) {
  if (seed === "default") return ctx.defaultSeed;
  if (seed === "empty") return { tables: {} };
  if (seed && typeof seed === "object" && seed.tables) return seed;
  throw new Error(`seed must be "default", "empty" or {"tables": {...}}, not ${JSON.stringify(seed)}`);
}

// One template database per distinct seed, checked to read back exactly as the seed says.
function templateFor(ctx, seedSpec) {
  const seed = seedObject(ctx, seedSpec);
  const key = JSON.stringify(seed);
  if (!ctx.templates.has(key)) {
    const file = path.join(ctx.dbDir, `template-${ctx.templates.size}.db`);
    ctx.templates.set(key, buildTemplate(ctx, seed, file));
  }
  return ctx.templates.get(key);
}

async function buildTemplate(ctx, seed, file) {
  await applyDdl(ctx.PrismaLibSql, file, ctx.ddl);
  const client = newClient(ctx, file);
  try {
    for (const [table, rows] of Object.entries(seed.tables)) {
      if (ctx.schema.models.has(table)) {
        const fields = new Map(ctx.schema.scalarFields(table).map((f) => [f.name, f]));
        const data = rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => {
              if (!fields.has(k)) throw new Error(`seed: ${table} has no scalar field ${k}`);
              return [k, decodeWire(ctx.Prisma, fields.get(k), v)];
            }),
          ),
        );
        if (data.length) await client[delegateName(table)].createMany({ data });
      } else if (ctx.schema.joinTables.includes(table)) {
        for (const { A, B } of rows) {
          await client.$executeRawUnsafe(`INSERT INTO "${table}" ("A", "B") VALUES (?, ?)`, A, B);
        }
      } else {
        throw new Error(`seed: unknown table ${table}`);
      }
    }
    const raw = await readTables(ctx, client);
    const wire = wireTables(ctx, raw, null);
    for (const table of ctx.schema.tables()) {
      const want = JSON.stringify(seed.tables[table] ?? []);
      const got = JSON.stringify(wire[table]);
      if (want !== got) {
        throw new Error(
          `seed does not read back as written for ${table} (write complete rows, in field order,` +
            ` in primary-key order, with values in Prisma's canonical form):` +
            `\n  seed: ${want}\n  read: ${got}`,
        );
      }
    }
    return { file, raw, wire };
  } finally {
    await client.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Running a case

function encodeError(e) {
  const error = { name: e?.constructor?.name ?? "Error" };
  if (e?.code !== undefined) error.code = e.code;
  if (e?.meta !== undefined) error.meta = e.meta;
  // Informational only: the last line of Prisma's message (the rest echoes the call's arguments).
  const lines = String(e?.message ?? e)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  error.message = lines.at(-1) ?? "";
  return error;
}

async function runCase(ctx, c) {
  if (!ctx.schema.models.has(c.model)) throw new Error(`${c.id}: unknown model ${c.model}`);
  const isWrite = WRITE_OPS.has(c.operation);
  if (!isWrite && !READ_OPS.has(c.operation)) {
    throw new Error(`${c.id}: unknown operation ${c.operation}`);
  }
  const template = await templateFor(ctx, c.seed ?? "default");
  const file = path.join(ctx.dbDir, `case-${ctx.counter++}.db`);
  copyFileSync(template.file, file);
  const client = newClient(ctx, file);
  const seedSnapshot = template.raw;
  try {
    await client.$connect();
    const args = c.args === undefined ? undefined : decodeArgs(ctx.Prisma, c.args);
    const window = { start: Date.now(), end: Infinity };
    let outcome;
    let raw;
    try {
      raw = await client[delegateName(c.model)][c.operation](args);
      outcome = { ok: true };
    } catch (e) {
      outcome = { ok: false, error: e };
    }
    window.end = Date.now();
    const placeholders = new Placeholders(ctx.schema, seedSnapshot, window, argStrings(c.args));
    const expect = outcome.ok
      ? { result: placeholders.result(ctx.Prisma, c.model, raw) }
      : { error: encodeError(outcome.error) };
    if (!isWrite) return { expect };
    const after = wireTables(ctx, await readTables(ctx, client), placeholders);
    const expectAfter = {};
    for (const table of ctx.schema.tables()) {
      if (JSON.stringify(after[table]) !== JSON.stringify(template.wire[table])) {
        expectAfter[table] = after[table];
      }
    }
    return { expect, expectAfter };
  } finally {
    await client.$disconnect();
    rmSync(file, { force: true });
  }
}

// Cases are independent (own database file, own client), but they run one at a time: Prisma runs
// some statements of one operation concurrently (e.g. the INSERTs of a createMany whose rows set
// different fields), and their order must not depend on what else the process is doing.
const CONCURRENCY = 1;

async function runAll(ctx, cases) {
  const results = new Map();
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const c = cases[next++];
      results.set(c, await runCase(ctx, c));
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// Case files

function loadCases() {
  const files = readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const out = [];
  const ids = new Map();
  for (const name of files) {
    const cases = JSON.parse(readFileSync(path.join(CASES_DIR, name), "utf8"));
    if (!Array.isArray(cases)) throw new Error(`${name}: must hold a JSON array of cases`);
    for (const c of cases) {
      for (const key of ["id", "area", "description", "model", "operation"]) {
        if (typeof c[key] !== "string" || !c[key]) throw new Error(`${name}: a case lacks "${key}"`);
      }
      for (const key of Object.keys(c)) {
        if (!CASE_KEYS.includes(key)) throw new Error(`${name}: ${c.id} has unknown key "${key}"`);
      }
      if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id} (${ids.get(c.id)} and ${name})`);
      ids.set(c.id, name);
    }
    out.push({ name, cases });
  }
  return out;
}

function orderedCase(c) {
  const out = {};
  c = { ...c, seed: c.seed ?? "default" };
  for (const key of CASE_KEYS) if (c[key] !== undefined) out[key] = c[key];
  return out;
}

// A row-like object (scalars and tagged values only, no nested records or lists of records):
// written on one line however long, so that tables read one row per line.
function isRow(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.values(value).every((v) => {
    if (v === null || typeof v !== "object") return true;
    if (Array.isArray(v)) return v.every((x) => x === null || typeof x !== "object");
    return Object.keys(v).length <= 2;
  });
}

// JSON with arrays/objects kept on one line when they fit in 100 columns (or are rows, above, in
// a list or as a result), else 2-space indented. `column` is where the value starts on its line.
function formatJson(value, indent = 0, column = indent, rowOk = false) {
  const flat = compactJson(value);
  if (value === null || typeof value !== "object" || column + flat.length <= 100) return flat;
  if (rowOk && indent > 2 && isRow(value)) return flat;
  const pad = " ".repeat(indent + 2);
  const end = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => pad + formatJson(v, indent + 2, indent + 2, true));
    return `[\n${items.join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const body = entries.map(([k, v]) => {
    const head = `${pad}${JSON.stringify(k)}: `;
    return head + formatJson(v, indent + 2, head.length, k === "result");
  });
  return `{\n${body.join(",\n")}\n${end}}`;
}

// One-line JSON with a space after ":" and ",".
function compactJson(value) {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(compactJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value);
}

// First differing path between two JSON values, for drift reports.
function firstDifference(want, got, where = "") {
  if (JSON.stringify(want) === JSON.stringify(got)) return null;
  const bothObjects =
    want && got && typeof want === "object" && typeof got === "object" &&
    Array.isArray(want) === Array.isArray(got);
  if (!bothObjects) {
    return `${where || "(root)"}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
  }
  const wantKeys = Object.keys(want);
  const gotKeys = Object.keys(got);
  if (!Array.isArray(want) && JSON.stringify(wantKeys) !== JSON.stringify(gotKeys)) {
    return `${where || "(root)"}: keys ${JSON.stringify(wantKeys)} became ${JSON.stringify(gotKeys)}`;
  }
  if (Array.isArray(want) && want.length !== got.length) {
    return `${where || "(root)"}: ${want.length} items became ${got.length}: ${JSON.stringify(got)}`;
  }
  for (const k of wantKeys) {
    const d = firstDifference(want[k], got[k], `${where}${Array.isArray(want) ? `[${k}]` : `.${k}`}`);
    if (d) return d;
  }
  return `${where || "(root)"}: differs`;
}

function truncate(text, max = 600) {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseCli(process.argv.slice(2));
  const mode = opts.write ? "write" : opts.print ? "print" : "check";
  const started = Date.now();
  mkdirSync(path.join(REPO, ".work"), { recursive: true });
  const work = mkdtempSync(path.join(REPO, ".work", "parity-"));
  // Databases are many small short-lived files: prefer a RAM-backed directory where there is one.
  const scratch = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const dbDir = mkdtempSync(path.join(scratch, "prisma-parity-"));
  const cleanUp = () => {
    rmSync(work, { recursive: true, force: true });
    rmSync(dbDir, { recursive: true, force: true });
  };
  if (!opts.keep) {
    // Also when interrupted (a test runner's timeout sends SIGTERM).
    process.on("exit", cleanUp);
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
  }
  try {
    const { PrismaClient, Prisma, datamodel } = generateParityClient(work);
    const { PrismaLibSql } = await import(require.resolve("@prisma/adapter-libsql"));
    const ctx = {
      PrismaClient,
      Prisma,
      PrismaLibSql,
      schema: new Schema(datamodel),
      ddl: prismaDdl(),
      defaultSeed: JSON.parse(readFileSync(path.join(FIXTURES, "seed.json"), "utf8")),
      templates: new Map(),
      dbDir,
      counter: 0,
    };
    const files = loadCases();
    const selected = (c) =>
      opts.print ? c.id === opts.print : !opts.only || opts.only.some((s) => c.id.includes(s));

    const problems = [];
    const chosen = files.flatMap((file) => file.cases.filter(selected));
    const results = await runAll(ctx, chosen);
    const ran = chosen.length;
    for (const file of files) {
      const updated = [];
      for (const c of file.cases) {
        const got = results.get(c);
        if (!got) {
          updated.push(c);
          continue;
        }
        if (mode === "print") {
          process.stdout.write(`${formatJson(orderedCase({ ...c, ...got }))}\n`);
        } else if (mode === "write") {
          const next = { ...c, expect: got.expect };
          if (got.expectAfter) next.expectAfter = got.expectAfter;
          else delete next.expectAfter;
          updated.push(orderedCase(next));
        } else {
          for (const key of ["expect", "expectAfter"]) {
            if (c[key] === undefined && got[key] !== undefined) {
              problems.push(`${c.id} (${file.name}): no "${key}" recorded: run with --write`);
              continue;
            }
            const d = firstDifference(c[key], got[key]);
            if (d) problems.push(`${c.id} (${file.name}): ${key} drifted: ${truncate(d)}`);
          }
        }
      }
      if (mode === "write") {
        writeFileSync(path.join(CASES_DIR, file.name), `${formatJson(updated)}\n`);
      }
    }
    if (opts.print && ran === 0) throw new UsageError(`no case with id ${opts.print}`);

    const versions = provenance();
    const provenancePath = path.join(FIXTURES, "provenance.json");
    if (mode === "write") {
      writeFileSync(provenancePath, `${formatJson({ recordedWith: versions })}\n`);
    } else if (mode === "check") {
      const recorded = existsSync(provenancePath)
        ? JSON.parse(readFileSync(provenancePath, "utf8")).recordedWith
        : null;
      const d = firstDifference(recorded, versions);
      if (d) problems.push(`provenance.json: installed packages differ from the recording: ${d}`);
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (mode === "check") {
      if (problems.length) {
        process.stdout.write(
          `${problems.length} drifted of ${ran} cases checked (${seconds}s):\n` +
            problems.map((p) => `  - ${p}`).join("\n") +
            "\nIf the change is intended, run `node tools/parity/run.mjs --write` and review the diff.\n",
        );
        return 1;
      }
      process.stdout.write(`parity: ${ran} cases match Prisma Client (${seconds}s)\n`);
    } else if (mode === "write") {
      process.stdout.write(`parity: wrote expectations for ${ran} cases (${seconds}s)\n`);
    }
    return 0;
  } finally {
    if (opts.keep) process.stderr.write(`kept ${work} and ${dbDir}\n`);
    else cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`parity: error: ${e?.stack ?? e}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
