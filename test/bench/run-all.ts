import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./support/report.js";
import { numberOption, option } from "./support/report.js";

/**
 * `npm run bench [-- --only ack,timers] [--rounds N] [--database-url postgres://…] [--note "…"]`:
 * runs every benchmark below, one after the other (never two at once: they would measure each
 * other), each with `--out test/bench/out/<name>.json`, then writes test/bench/RESULTS.md from
 * those files (`--note` adds a line on the circumstances to its section on noise).
 * A run limited with --only writes test/bench/out/RESULTS.md instead, so a partial run never
 * replaces the full results. A script that does not exist yet is reported as "not present".
 *
 * A benchmark script lives in test/bench/, runs with `npx tsx test/bench/<name>.ts`, and given
 * `--out <file.json>` writes `{ title, rows: [{ figure, value, target, note }], method }`
 * (test/bench/support/report.ts). `flags` names the script's own options for the shared ones
 * (scripts parse their options strictly, so a flag is passed only where the script takes it).
 */
interface Bench {
  name: string;
  script: string;
  args: string[];
  flags: { rounds?: string; database?: string };
}

/** The local Postgres server CI uses (trust auth); the benchmarks that need a server make their own database on it. */
const SERVER = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

const BENCHES: Bench[] = [
  { name: "ack", script: "test/bench/ack.ts", args: [], flags: { rounds: "--rounds", database: "--database-url" } },
  // The same comparison with the database in its own process: how a team running replicas on a server sees it.
  { name: "ack-server", script: "test/bench/ack.ts", args: ["--database-url", SERVER], flags: { rounds: "--rounds" } },
  { name: "round-trips", script: "test/bench/round-trips.ts", args: [], flags: { rounds: "--rounds", database: "--db" } },
  { name: "flat-cost", script: "test/bench/flat-cost.ts", args: [], flags: { database: "--server" } },
  { name: "footprint", script: "test/bench/footprint.ts", args: [], flags: { database: "--server" } },
  { name: "startup", script: "test/bench/startup.ts", args: [], flags: { rounds: "--rounds" } },
  { name: "timers", script: "test/bench/timers.ts", args: [], flags: { database: "--database-url" } },
  { name: "core", script: "test/bench/core.ts", args: ["--incidents", "50"], flags: { rounds: "--rounds", database: "--database-url" } },
];

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OUT_DIR = path.join(ROOT, "test/bench/out");
/** One benchmark may take this long before it is stopped. */
const LIMIT_MS = 20 * 60_000;

interface Outcome {
  bench: Bench;
  status: "ok" | "not present" | "failed";
  exitCode?: number | null;
  seconds?: number;
  loadBefore?: number;
  result?: BenchResult;
  problem?: string;
}

function run(bench: Bench, args: string[]): Promise<{ code: number | null; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", bench.script, ...args], { cwd: ROOT, stdio: "inherit" });
    const timer = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function isResult(value: unknown): value is BenchResult {
  const v = value as BenchResult;
  return !!v && typeof v.title === "string" && typeof v.method === "string" && Array.isArray(v.rows) && v.rows.every((r) => r && ["figure", "value", "target", "note"].every((k) => typeof (r as unknown as Record<string, unknown>)[k] === "string"));
}

async function runBench(bench: Bench, shared: { rounds?: number; databaseUrl?: string }): Promise<Outcome> {
  if (!fs.existsSync(path.join(ROOT, bench.script))) {
    console.log(`\n== ${bench.name}: not present (${bench.script} does not exist)`);
    return { bench, status: "not present" };
  }
  const out = path.join(OUT_DIR, `${bench.name}.json`);
  fs.rmSync(out, { force: true });
  const args = ["--out", out, ...bench.args];
  if (shared.rounds && bench.flags.rounds) args.push(bench.flags.rounds, String(shared.rounds));
  if (shared.databaseUrl && bench.flags.database) args.push(bench.flags.database, shared.databaseUrl);
  const loadBefore = os.loadavg()[0];
  console.log(`\n== ${bench.name}: npx tsx ${bench.script} ${args.join(" ")}`);
  const { code, seconds } = await run(bench, args);
  let result: unknown;
  try {
    result = JSON.parse(fs.readFileSync(out, "utf8"));
  } catch {
    return { bench, status: "failed", exitCode: code, seconds, loadBefore, problem: `exited with ${code} and wrote no figures` };
  }
  if (!isResult(result)) return { bench, status: "failed", exitCode: code, seconds, loadBefore, problem: `wrote ${path.relative(ROOT, out)} in an unexpected shape` };
  return { bench, status: "ok", exitCode: code, seconds, loadBefore, result };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

function markdown(outcomes: Outcome[], context: { started: Date; loadStart: number[]; partial?: string; rounds?: number; databaseUrl?: string; note?: string }): string {
  const cpus = os.cpus();
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\`${context.partial ? ` (partial: --only ${context.partial})` : ""} on ${context.started.toISOString().slice(0, 16).replace("T", " ")} UTC, at commit ${git(["rev-parse", "--short", "HEAD"]) || "unknown"}${dirty ? " with uncommitted changes" : ""}.`,
    "Regenerate with `npm run bench`; each section says how its figures were measured.",
    "",
    "| machine | |",
    "|---|---|",
    `| CPU | ${cell(cpus[0]?.model ?? "unknown")}, ${cpus.length} cores |`,
    `| RAM | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} ${os.arch()} |`,
    `| Node | ${process.version} |`,
    `| load average (1, 5, 15 min) | at the start ${context.loadStart.map((l) => l.toFixed(1)).join(", ")}; at the end ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} |`,
    `| Database | ${context.databaseUrl ? "Postgres server where a benchmark can use one (--database-url)" : "embedded PGlite unless a benchmark says otherwise"} |`,
    "",
    "## Noise",
    "",
    "These are wall-clock figures from one machine, with the load generator, the apps under test, the fake Slack and the database sharing its cores; anything else running at the same time moves them. " +
      `Benchmarks run one after another, never together. Where a figure is noisy the benchmark repeats it (${context.rounds ? `${context.rounds} rounds` : "its default rounds"}) and reports the median, with the spread between rounds in the note column; compare ratios (Firebreak ÷ bare Bolt, measured in interleaved rounds) more than absolute milliseconds. ` +
      `The one-minute load average when each benchmark started is given under it: above the core count (${cpus.length}), the machine was busy with something else and the numbers are pessimistic.`,
    ...(context.note ? ["", cell(context.note)] : []),
    "",
  ];
  for (const o of outcomes) {
    const heading = o.result ? `${o.result.title} (${o.bench.name})` : o.bench.name;
    lines.push(`## ${heading}`, "");
    if (o.status === "not present") {
      lines.push(`Not present: ${o.bench.script} does not exist in this checkout.`, "");
      continue;
    }
    if (o.status === "failed") {
      lines.push(`Failed: \`npx tsx ${o.bench.script}\` ${o.problem} after ${o.seconds?.toFixed(0)} s (load average ${o.loadBefore?.toFixed(1)} at the start). See the console output of the run.`, "");
      continue;
    }
    lines.push("| figure | value | target | note |", "|---|---|---|---|");
    for (const row of o.result!.rows) lines.push(`| ${cell(row.figure)} | ${cell(row.value)} | ${cell(row.target)} | ${cell(row.note)} |`);
    lines.push("", `*Method.* ${cell(o.result!.method)}`, "");
    lines.push(`\`npx tsx ${o.bench.script}\`: ${o.seconds!.toFixed(0)} s, load average ${o.loadBefore!.toFixed(1)} at the start${o.exitCode ? `, exit code ${o.exitCode} (the script reports a missed target or a problem that way)` : ""}.`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

async function main() {
  const only = option("only")?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !BENCHES.some((b) => b.name === name)) ?? [];
  if (unknown.length) throw new Error(`--only: no benchmark named ${unknown.join(", ")} (there are ${BENCHES.map((b) => b.name).join(", ")})`);
  const rounds = option("rounds") === undefined ? undefined : numberOption("rounds", 3);
  const databaseUrl = option("database-url") ?? (process.env.BENCH_DATABASE_URL || undefined);
  const started = new Date();
  const loadStart = os.loadavg();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const outcomes: Outcome[] = [];
  for (const bench of BENCHES.filter((b) => !only || only.includes(b.name))) outcomes.push(await runBench(bench, { rounds, databaseUrl }));
  const file = option("results") ?? (only ? path.join(OUT_DIR, "RESULTS.md") : path.join(ROOT, "test/bench/RESULTS.md"));
  fs.writeFileSync(file, markdown(outcomes, { started, loadStart, partial: only?.join(","), rounds, databaseUrl, note: option("note") }));
  console.log(`\n${outcomes.map((o) => `${o.bench.name}: ${o.status}${o.seconds ? ` (${o.seconds.toFixed(0)} s)` : ""}`).join(" · ")}`);
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
  if (outcomes.some((o) => o.status === "failed")) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
