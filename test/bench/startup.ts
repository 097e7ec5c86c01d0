/**
 * Start-up: `npm start` → ready, with an existing data folder (the embedded database), median of
 * several rounds. "Ready" is when the shell answers its first line: stdin is a pipe, so the shell
 * runs what it reads once everything is up (database open and migrated, job queue and timer
 * workers started, the outbox deliverer running, open incidents re-attached); the first line sent
 * is `/channels`, and the clock stops when `#general` is printed. The same is timed for a start
 * that rebuilds the bundle and for the TypeScript run through tsx, and a child process times each
 * step of start-up on its own (test/bench/startup-phases.ts).
 *
 *   npx tsx test/bench/startup.ts [--out file.json] [--rounds 5]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../support/main-process.js";

const { values: args } = parseArgs({ options: { out: { type: "string" }, rounds: { type: "string", default: "5" } } });
const ROUNDS = Number(args.rounds);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-startup-"));
const env = { PATH: process.env.PATH ?? "", HOME: os.homedir(), FIREBREAK_DATA_DIR: dataDir, LOG_LEVEL: "warn" };

/** Starts `command`, sends `/channels`, and resolves with the ms until `#general` is printed. */
function timeToReady(command: string, commandArgs: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let ready: number | undefined;
    child.stdin.write("/channels\n");
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
      if (ready === undefined && out.includes("#general")) {
        ready = performance.now() - started;
        child.stdin.end();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk));
    child.on("close", (code) => (ready === undefined ? reject(new Error(`start failed (exit ${code}): ${err || out}`)) : resolve(ready)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;

async function rounds(command: string, commandArgs: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await timeToReady(command, commandArgs));
  return times;
}

/**
 * Each step on its own, in a process like npm start's (median of the rounds): as TypeScript
 * through tsx, and bundled as npm start runs it (built here with the same esbuild settings).
 */
async function phases(bundled: boolean): Promise<Record<string, number>> {
  const script = path.join(import.meta.dirname, "startup-phases.ts");
  let command = ["--import", "tsx", script];
  if (bundled) {
    const { build } = await import("esbuild");
    const outdir = path.join(ROOT, "dist", "bench-startup-phases");
    await build({ entryPoints: { phases: script }, outdir, outExtension: { ".js": ".mjs" }, bundle: true, splitting: true, packages: "external", platform: "node", format: "esm", target: "node20", logLevel: "silent" });
    command = [path.join(outdir, "phases.mjs")];
  }
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const child = spawn(process.execPath, command, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    await new Promise((resolve) => child.on("close", resolve));
    runs.push(JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>);
  }
  return Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, median(runs.map((r) => r[k]!))]));
}

const stepsNote = (steps: Record<string, number>) =>
  Object.entries(steps)
    .map(([step, ms]) => `${step} ${ms.toFixed(0)} ms`)
    .join("; ");
const total = (steps: Record<string, number>) => Object.values(steps).reduce((a, b) => a + b, 0);

try {
  // The first start creates and migrates the data folder (and builds the bundle): not timed.
  await timeToReady("npm", ["start", "--silent"]);
  const npm = await rounds("npm", ["start", "--silent"]);
  const tsx = await rounds(process.execPath, ["--import", "tsx", "adapters/main.ts"]);
  // A start after a change to the sources rebuilds the bundle first.
  const rebuild: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    fs.rmSync(path.join(ROOT, "dist", "firebreak"), { recursive: true, force: true });
    rebuild.push(await timeToReady("npm", ["start", "--silent"]));
  }
  const bundledSteps = await phases(true);
  const tsxSteps = await phases(false);
  console.log(`npm start → ready: median ${median(npm).toFixed(0)} ms (${spread(npm)}), ${ROUNDS} rounds`);
  console.log(`npm start after a change (rebuilds the bundle) → ready: median ${median(rebuild).toFixed(0)} ms (${spread(rebuild)})`);
  console.log(`node --import tsx adapters/main.ts (TypeScript at every start) → ready: median ${median(tsx).toFixed(0)} ms (${spread(tsx)})`);
  for (const [label, steps] of [["bundled", bundledSteps], ["tsx", tsxSteps]] as const) {
    console.log(`  steps, ${label} (median):`);
    for (const [step, ms] of Object.entries(steps)) console.log(`    ${step.padEnd(50)} ${ms.toFixed(0)} ms`);
  }
  const rows = [
    { figure: "`npm start` → ready, existing data folder (embedded database)", value: `${median(npm).toFixed(0)} ms`, target: "≤ 1500 ms", note: `median of ${ROUNDS}, range ${spread(npm)}; runs the bundle in dist/firebreak; ready = the shell answers its first piped line` },
    { figure: "`npm start` after a change to the sources (rebuilds the bundle first)", value: `${median(rebuild).toFixed(0)} ms`, target: "—", note: `median of ${ROUNDS}, range ${spread(rebuild)}` },
    { figure: "the same as TypeScript through tsx (`node --import tsx adapters/main.ts`)", value: `${median(tsx).toFixed(0)} ms`, target: "—", note: `median of ${ROUNDS}, range ${spread(tsx)}; how npm start ran before` },
    { figure: "start-up steps, bundled (median)", value: `${total(bundledSteps).toFixed(0)} ms`, target: "—", note: stepsNote(bundledSteps) },
    { figure: "start-up steps, TypeScript through tsx (median)", value: `${total(tsxSteps).toFixed(0)} ms`, target: "—", note: stepsNote(tsxSteps) },
  ];
  const method = `A data folder is created and migrated by one untimed start. Then ${ROUNDS} rounds each of \`npm start\` (the bundle), \`npm start\` with the bundle deleted first (a start after a change: esbuild rebuilds it), and node with tsx's loader on adapters/main.ts (TypeScript compiled at start, as npm start used to run), with stdin a pipe: the time from spawning the process to the shell printing its answer to the first line (\`/channels\`), i.e. database open and migrations checked, job queue and timer workers started, outbox deliverer running, open incidents re-attached. The steps are timed inside a separate process that does what adapters/main.ts does, one step at a time (process start to the script's first line is Node, plus tsx when used, booting), bundled and through tsx. Medians; the machine is shared, so single rounds vary by a few hundred ms.`;
  if (args.out) fs.writeFileSync(args.out, `${JSON.stringify({ title: "Start-up", rows, method }, null, 2)}\n`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(path.join(ROOT, "dist", "bench-startup-phases"), { recursive: true, force: true });
}
