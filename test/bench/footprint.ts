/**
 * Footprint: RSS and heap of one process after 1,000 open incidents declared through the runner
 * (shell chat port, outbox delivered after each), on the Postgres server and on the embedded
 * PGlite (a data folder). Each backend is measured in a child process of its own, so RSS is
 * that process's alone: after the imports, after opening the database and starting the job
 * queue, and after the declares (after a full GC). `--snapshot` also writes a heap snapshot and
 * lists the biggest constructors. Start-up figures come from test/bench/startup.ts.
 *
 *   npx tsx test/bench/footprint.ts [--out file.json] [--incidents 1000] [--snapshot]
 *     [--server postgres://postgres@127.0.0.1:5432/postgres | --no-server] [--no-pglite]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { summariseHeapSnapshot } from "./heap-summary.js";
import type { FootprintSample } from "./footprint-child.js";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    incidents: { type: "string", default: "1000" },
    snapshot: { type: "boolean", default: false },
    server: { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "no-server": { type: "boolean", default: false },
    "no-pglite": { type: "boolean", default: false },
  },
});

const CHILD = path.join(import.meta.dirname, "footprint-child.ts");
const TSX = path.join(import.meta.dirname, "../../node_modules/tsx/dist/loader.mjs");
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function measureIn(kind: "server" | "pglite"): FootprintSample & { snapshotTop?: string } {
  const snapshotFile = args.snapshot ? path.join(os.tmpdir(), `firebreak-footprint-${kind}-${process.pid}.heapsnapshot`) : "";
  const stdout = execFileSync(process.execPath, ["--expose-gc", "--import", TSX, CHILD, kind, args.incidents!, args.server!, snapshotFile], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  const sample = JSON.parse(stdout.trim().split("\n").at(-1)!) as FootprintSample;
  if (!snapshotFile) return sample;
  const top = summariseHeapSnapshot(snapshotFile, 12);
  fs.rmSync(snapshotFile, { force: true });
  return { ...sample, snapshotTop: top.map((t) => `${t.name} ${mb(t.bytes)} (${t.count})`).join(", ") };
}

const rows: { figure: string; value: string; target: string; note: string }[] = [];
const targets = { server: "≤ 200 MB", pglite: "≤ 350 MB" } as const;
const labels = { server: "Postgres server", pglite: "PGlite (data folder)" } as const;
const kinds = (["server", "pglite"] as const).filter((k) => !args[`no-${k}`]);

for (const kind of kinds) {
  const s = measureIn(kind);
  console.log(`\n${labels[kind]}, ${s.incidents} open incidents declared in ${(s.declareSeconds).toFixed(0)} s`);
  for (const [when, m] of Object.entries(s.stages)) {
    console.log(`  ${when.padEnd(28)} rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})${m.wasm ? `, PGlite WASM memory ${mb(m.wasm)}` : ""}`);
  }
  if (s.snapshotTop) console.log(`  heap by constructor: ${s.snapshotTop}`);
  const end = s.stages["after the declares"]!;
  rows.push({
    figure: `RSS after ${s.incidents} open incidents (${labels[kind]})`,
    value: mb(end.rss),
    target: targets[kind],
    note: `heap used ${mb(end.heapUsed)}, external ${mb(end.external)}${end.wasm ? `, PGlite WASM memory ${mb(end.wasm)}` : ""}; before the declares ${mb(s.stages["database open, queue started"]!.rss)}, after the imports ${mb(s.stages["after the imports"]!.rss)}`,
  });
  if (s.snapshotTop) rows.push({ figure: `Heap by constructor (${labels[kind]})`, value: mb(end.heapUsed), target: "—", note: s.snapshotTop });
}

const method = `Each backend in a child process of its own (node --expose-gc with tsx, as npm start runs): it imports the app, opens the database (the server: a fresh database; PGlite: a data folder in a temp dir) and starts the job queue, then declares ${args.incidents} incidents one after another through the runner with the shell's chat port (which keeps every posted message in memory, as the terminal's channels), draining the outbox after each. RSS, heap and external memory (process.memoryUsage) are read after a full GC at each stage; for PGlite also the size of its WebAssembly memory (which never shrinks). --snapshot adds a heap snapshot (node:v8) summarised by constructor. One run per backend: RSS moves by a few MB between runs.`;

if (args.out) fs.writeFileSync(args.out, `${JSON.stringify({ title: "Footprint", rows, method }, null, 2)}\n`);
