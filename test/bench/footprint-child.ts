/**
 * One backend's footprint, in a process of its own (started by test/bench/footprint.ts with
 * --expose-gc): argv = kind (server | pglite), incidents, admin URL of the server, heap snapshot
 * file ("" for none). Prints one JSON line: memory at each stage.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import pg from "pg";
import pino from "pino";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { createRuntime, type Database, loadConfig, runCommand, startScheduler, systemClock } from "../../src/core.js";
import { openPglite, openPostgres } from "../../src/store/db.js";
import { driverClient } from "../../src/store/library-internals.js";
import { withDatabase } from "../support/database.js";

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** PGlite only: the size of its WebAssembly memory. */
  wasm?: number;
}

export interface FootprintSample {
  incidents: number;
  declareSeconds: number;
  stages: Record<string, Memory>;
}

const [kind, count, serverUrl, snapshotFile, settings] = process.argv.slice(2) as ["server" | "pglite", string, string, string, string | undefined];
const DB_NAME = "firebreak_bench_footprint";

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

function wasmBytes(database: Database | undefined): number | undefined {
  if (database?.kind !== "pglite") return undefined;
  const mod = (driverClient(database.db) as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod;
  return mod?.HEAPU8?.byteLength;
}

function sample(database?: Database): Memory {
  globalThis.gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, wasm: wasmBytes(database) };
}

const stages: Record<string, Memory> = { "after the imports": sample() };
const dir = kind === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-footprint-")) : undefined;
if (kind === "server") {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
}
const database = kind === "pglite" ? await openPglite(dir, settings ? { pgliteSettings: JSON.parse(settings) as Record<string, string> } : {}) : await openPostgres(withDatabase(serverUrl, DB_NAME));
const scheduler = await startScheduler(database);
const config = loadConfig({}, "/tmp");
const chat = new ShellChat(() => {});
const rt = createRuntime({ db: database.db, clock: systemClock, config, logger: pino({ level: "silent" }), reminders: scheduler.queue });
rt.ports.shell = chat;
// As `npm start` runs: timer workers polling, the outbox deliverer started.
await scheduler.work(rt);
rt.deliverer.start();
stages["database open, queue started"] = sample(database);

const actor = { kind: "shell" as const, userId: "bench", name: "bench" };
const general = chat.ensureChannel("general");
const started = performance.now();
for (let i = 0; i < Number(count); i++) {
  const out = await runCommand(rt, { actor, text: `declare P${(i % 4) + 1} prompt-injection Footprint incident ${i}`, port: chat, space: general });
  if (!out.ok) throw new Error(`declare failed: ${out.reply?.text}`);
  await rt.deliverer.drain();
  if (i % 100 === 99) process.stderr.write(`${kind}: ${i + 1} declared, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
}
const declareSeconds = (performance.now() - started) / 1000;
stages["after the declares"] = sample(database);
if (snapshotFile) v8.writeHeapSnapshot(snapshotFile);

await rt.deliverer.stop();
await scheduler.stop();
await database.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });
if (kind === "server") await admin(`drop database if exists ${DB_NAME} with (force)`);
const result: FootprintSample = { incidents: Number(count), declareSeconds, stages };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
