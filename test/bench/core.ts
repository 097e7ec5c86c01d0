/**
 * `npm run bench:core [-- --incidents 50] [--database-url postgres://…] [--rounds 1] [--out f.json]`
 * (the older positional form `core.ts 50 postgres://…` still works): how fast the core turns
 * commands into committed, logged, rendered changes. Drives runCommand with the shell's chat port
 * (output discarded) on the embedded database, and on the Postgres server when a URL is given
 * (BENCH_DATABASE_URL in the npm script). Prints latency percentiles, throughput,
 * log-verification speed and memory. A measurement, not a test: nothing here passes or fails.
 */
import pino from "pino";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { runCommand } from "../../src/app/run-command.js";
import type { Runtime } from "../../src/app/runtime.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type Database, openPglite, openPostgres } from "../../src/store/db.js";
import { verifyLog } from "../../src/store/log.js";
import { type BenchRow, median, mib, ms, numberOption, option, percentile, positional, spread, writeOut } from "./support/report.js";

const INCIDENTS = numberOption("incidents", Number(positional()[0] ?? 50));
const ROUNDS = numberOption("rounds", 1);
const COMMANDS_PER_INCIDENT = 10;

interface Figures {
  declareP50: number;
  declareP99: number;
  otherP50: number;
  otherP99: number;
  otherMax: number;
  perSecond: number;
  verifyMs: number;
  logRows: number;
  intact: boolean;
  rss: number;
  heap: number;
}

async function bench(database: Database): Promise<Figures> {
  const chat = new ShellChat(() => {});
  const rt: Runtime = { db: database.db, clock: systemClock, config: loadConfig({}), logger: pino({ level: "silent" }), ports: { shell: chat } };
  const actor = { kind: "shell" as const, userId: "bench", name: "bench" };
  const general = chat.ensureChannel("general");
  const declares: number[] = [];
  const others: number[] = [];
  const started = performance.now();
  for (let i = 0; i < INCIDENTS; i++) {
    let t = performance.now();
    const out = await runCommand(rt, { actor, text: `declare P${(i % 4) + 1} prompt-injection Bench incident ${i}`, port: chat, space: general });
    declares.push(performance.now() - t);
    const space = out.space!;
    const script = ["assign tech-lead @bob", "assign comms-lead backup @erin", "check 1", "check 2 3", "note found it", "evidence s3://bucket/x", "severity P1", "status containment", "uncheck 2", "timeline"];
    for (const text of script.slice(0, COMMANDS_PER_INCIDENT)) {
      t = performance.now();
      await runCommand(rt, { actor, text, port: chat, space });
      others.push(performance.now() - t);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  declares.sort((a, b) => a - b);
  others.sort((a, b) => a - b);
  const t = performance.now();
  const verified = await verifyLog(rt.db);
  const verifyMs = performance.now() - t;
  const memory = process.memoryUsage();
  return {
    declareP50: percentile(declares, 50),
    declareP99: percentile(declares, 99),
    otherP50: percentile(others, 50),
    otherP99: percentile(others, 99),
    otherMax: others.at(-1)!,
    perSecond: (declares.length + others.length) / elapsed,
    verifyMs,
    logRows: verified.rows,
    intact: verified.ok,
    rss: memory.rss,
    heap: memory.heapUsed,
  };
}

function print(label: string, f: Figures) {
  console.log(`\n${label}`);
  console.log(`  declare (incident, channel, checklist): p50 ${f.declareP50.toFixed(1)} ms, p99 ${f.declareP99.toFixed(1)} ms`);
  console.log(`  other commands: p50 ${f.otherP50.toFixed(1)} ms, p99 ${f.otherP99.toFixed(1)} ms, max ${f.otherMax.toFixed(1)} ms`);
  console.log(`  throughput: ${f.perSecond.toFixed(0)} commands/s (${INCIDENTS * (COMMANDS_PER_INCIDENT + 1)} commands, one at a time)`);
  console.log(`  verify: ${f.logRows} log rows in ${f.verifyMs.toFixed(0)} ms (${f.intact ? "intact" : "BROKEN"})`);
  console.log(`  memory: rss ${mib(f.rss)}, heap ${mib(f.heap)}`);
}

/** Rows for one database: medians over rounds, the spread in the note. */
function rows(where: string, all: Figures[]): BenchRow[] {
  const med = (pick: (f: Figures) => number) => median(all.map(pick));
  const range = (pick: (f: Figures) => number, digits = 0, unit = "") => (all.length > 1 ? `rounds ${spread(all.map(pick), digits)}${unit}` : "one round");
  return [
    { figure: `declare latency p50 / p99, ${where}`, value: `${ms(med((f) => f.declareP50), 1)} / ${ms(med((f) => f.declareP99), 1)}`, target: "—", note: `p99 ${range((f) => f.declareP99, 1, " ms")}` },
    { figure: `other commands p50 / p99 / max, ${where}`, value: `${ms(med((f) => f.otherP50), 1)} / ${ms(med((f) => f.otherP99), 1)} / ${ms(med((f) => f.otherMax), 1)}`, target: "—", note: `p99 ${range((f) => f.otherP99, 1, " ms")}` },
    { figure: `throughput, one command at a time, ${where}`, value: `${med((f) => f.perSecond).toFixed(0)} commands/s`, target: "—", note: range((f) => f.perSecond) },
    { figure: `log verification, ${where}`, value: `${all[0]!.logRows} rows in ${ms(med((f) => f.verifyMs))}`, target: "intact", note: all.every((f) => f.intact) ? "intact" : "BROKEN" },
    { figure: `bench process memory after the run, ${where}`, value: `RSS ${mib(med((f) => f.rss))}, heap ${mib(med((f) => f.heap))}`, target: "—", note: "the bench and the database share the process" },
  ];
}

const url = loadConfig({ DATABASE_URL: option("database-url") ?? positional()[1] }).database.url;
const out: BenchRow[] = [];
const targets: [string, () => Promise<Database>][] = [["embedded PGlite (in memory)", () => openPglite()]];
if (url) targets.push(["Postgres server", () => openPostgres(url)]);
for (const [label, open] of targets) {
  const all: Figures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const database = await open();
    try {
      const figures = await bench(database);
      print(`${label}, ${INCIDENTS} incidents${ROUNDS > 1 ? `, round ${round + 1}` : ""}`, figures);
      all.push(figures);
    } finally {
      await database.close();
    }
  }
  out.push(...rows(label === "Postgres server" ? "server" : "PGlite", all));
}
writeOut({
  title: "Core commands through runCommand",
  rows: out,
  method: `runCommand driven directly with the shell's chat port (output discarded), one command at a time: ${INCIDENTS} incidents, each declared and then given ${COMMANDS_PER_INCIDENT} commands (assign, check, note, evidence, severity, status, uncheck, timeline), on the embedded PGlite database in memory${url ? " and on the Postgres server (same database each round: the server's tables grow round by round)" : ""}. Latency is wall time per runCommand call; throughput is all commands over the run. Then the whole hash-chained log is verified. ${ROUNDS > 1 ? `Medians of ${ROUNDS} rounds, each on a fresh embedded database.` : "One round."} No chat platform and no network: this is the core's own cost.`,
});
