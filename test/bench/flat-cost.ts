/**
 * Flat cost as the database grows: a command's latency with 100, 1,000 and 10,000 incidents (and
 * 100 log rows each: 1M at 10,000) in the database, on the Postgres server and on the embedded
 * PGlite. 20 open incidents are declared through the runner; the rest is closed history written
 * in bulk (test/bench/flat-seed.ts). At the largest size every statement the probes send is
 * captured (drizzle's logger) and EXPLAINed: a Seq Scan on one of our tables is reported.
 *
 *   npx tsx test/bench/flat-cost.ts [--out file.json] [--sizes 100,1000,10000] [--pglite-sizes …]
 *     [--runs 50] [--server postgres://postgres@127.0.0.1:5432/postgres | --no-server] [--no-pglite]
 *
 * `--server` names a server to connect to as an administrator: the benchmark creates (and drops,
 * when it starts again) its own database there, `firebreak_bench_flat`. A measurement, not a test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import pg from "pg";
import { ManualClock } from "../../src/clock.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import { type Database, openPglite, openPostgres, rowsOf } from "../../src/store/db.js";
import { withDatabase } from "../support/database.js";
import { explain, type TableRead, tableReads } from "../support/plans.js";
import { analyze, seedHistory } from "../support/seed-history.js";
import { benchRuntime, declareTargets, measure, oneRoundEach, type ProbeResult } from "./flat-measure.js";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    sizes: { type: "string", default: "100,1000,10000" },
    "pglite-sizes": { type: "string" },
    runs: { type: "string", default: "50" },
    server: { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "no-server": { type: "boolean", default: false },
    "no-pglite": { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
const OPEN = 20;
const sizesOf = (text: string) => text.split(",").map(Number).filter((n) => n > OPEN);
/** Our tables whose full scans would grow with history (incident_counters is one row a year). */
const WATCHED = ["incidents", "incident_log", "effects", "reminders", "role_assignments", "incident_members", "checklist_steps", "evidence", "posted_messages", "follow_up_actions", "incident_writeups", "deliveries", "shared_documents"];

/** Drizzle's logger, recording each distinct statement (with its first parameters) while on. */
class QueryCapture implements Logger {
  on = false;
  readonly statements = new Map<string, unknown[]>();
  logQuery(query: string, params: unknown[]): void {
    if (this.on && /^\s*(select|insert|update|delete|with)\b/i.test(query) && !this.statements.has(query)) this.statements.set(query, params);
  }
}

interface SizeResult {
  incidents: number;
  logRows: number;
  seedSeconds: number;
  probes: ProbeResult[];
}

interface PlanFinding {
  statement: string;
  scans: TableRead[];
}

async function freshDatabase(kind: "server" | "pglite", capture: QueryCapture): Promise<{ database: Database; cleanup(): Promise<void> }> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-flat-"));
    const database = await openPglite(dir, { queryLogger: capture });
    return { database, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: args.server });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin("drop database if exists firebreak_bench_flat with (force)");
  await admin("create database firebreak_bench_flat");
  const database = await openPostgres(withDatabase(args.server!, "firebreak_bench_flat"), { queryLogger: capture });
  return { database, cleanup: () => admin("drop database if exists firebreak_bench_flat with (force)") };
}

async function runBackend(kind: "server" | "pglite", sizes: number[]): Promise<{ curve: SizeResult[]; plans: PlanFinding[]; statements: number }> {
  const capture = new QueryCapture();
  const { database, cleanup } = await freshDatabase(kind, capture);
  const scheduler = await startScheduler(database, { supervise: false });
  try {
    const b = benchRuntime(database, scheduler);
    // A clock that stands still: the targets' own first-hour prompts never come due mid-run.
    const clock = new ManualClock(new Date());
    b.rt.clock = clock;
    await declareTargets(b, OPEN);
    const curve: SizeResult[] = [];
    let seeded = 0;
    for (const size of sizes) {
      const t = performance.now();
      await seedHistory(database.db, seeded + 1, size - OPEN + 1, clock.now());
      seeded = size - OPEN;
      await analyze(database.db);
      const seedSeconds = (performance.now() - t) / 1000;
      const [count] = rowsOf<{ incidents: number; log: number }>(await database.db.execute(sql`select (select count(*) from incidents)::int as incidents, (select count(*) from incident_log)::int as log`));
      process.stderr.write(`${kind}: ${count!.incidents} incidents, ${count!.log} log rows (seeded in ${seedSeconds.toFixed(1)} s); measuring…\n`);
      curve.push({ incidents: count!.incidents, logRows: count!.log, seedSeconds, probes: await measure(b, RUNS) });
    }
    capture.on = true;
    await oneRoundEach(b);
    capture.on = false;
    const plans: PlanFinding[] = [];
    for (const [statement, params] of capture.statements) {
      const reads = tableReads(await explain(database.db, statement, params));
      const scans = reads.filter((r) => r.node === "Seq Scan" && WATCHED.includes(r.table));
      if (scans.length) plans.push({ statement, scans });
    }
    return { curve, plans, statements: capture.statements.size };
  } finally {
    await scheduler.stop();
    await database.close();
    await cleanup();
  }
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const label = { server: "Postgres server", pglite: "PGlite (data folder)" } as const;

const rows: { figure: string; value: string; target: string; note: string }[] = [];
const backends: ["server" | "pglite", number[]][] = [];
if (!args["no-server"]) backends.push(["server", sizesOf(args.sizes!)]);
if (!args["no-pglite"]) backends.push(["pglite", sizesOf(args["pglite-sizes"] ?? args.sizes!)]);

for (const [kind, sizes] of backends) {
  const { curve, plans, statements } = await runBackend(kind, sizes);
  const sizeLabel = curve.map((c) => c.incidents.toLocaleString("en")).join(" / ");
  console.log(`\n${label[kind]} — p50 (p95) in ms at ${sizeLabel} incidents (${curve.map((c) => c.logRows.toLocaleString("en")).join(" / ")} log rows)`);
  for (const [i, probe] of curve[0]!.probes.entries()) {
    const at = curve.map((c) => c.probes[i]!);
    console.log(`  ${probe.name.padEnd(55)} ${at.map((r) => `${ms(r.p50)} (${ms(r.p95)})`).join("  /  ")}`);
    const first = at[0]!.p50;
    const last = at.at(-1)!.p50;
    rows.push({
      figure: `${label[kind]}: ${probe.name}, p50 at ${sizeLabel} incidents`,
      value: `${at.map((r) => ms(r.p50)).join(" / ")} ms`,
      target: "flat (largest ≤ 1.5× smallest)",
      note: `p95 ${at.map((r) => ms(r.p95)).join(" / ")} ms; ${RUNS} runs each; largest/smallest ${(last / first).toFixed(2)}×`,
    });
  }
  console.log(`  plans at ${curve.at(-1)!.incidents.toLocaleString("en")} incidents: ${statements} distinct statements, ${plans.length} with a Seq Scan on one of our tables`);
  for (const p of plans) console.log(`    ${p.scans.map((s) => s.table).join(", ")}: ${p.statement}`);
  rows.push({
    figure: `${label[kind]}: statements that scan a whole table at ${curve.at(-1)!.incidents.toLocaleString("en")} incidents`,
    value: `${plans.length} of ${statements}`,
    target: "0",
    note: plans.length ? plans.map((p) => `${p.scans.map((s) => s.table).join("+")}: ${p.statement.slice(0, 90)}…`).join("; ") : "every lookup reads an index",
  });
  rows.push({ figure: `${label[kind]}: seeding time per step`, value: curve.map((c) => `${c.seedSeconds.toFixed(0)} s`).join(" / "), target: "—", note: "bulk SQL (generate_series) plus ANALYZE; not a product figure" });
}

const method =
  "A fresh database per backend (the server: its own database; PGlite: a data folder in a temp dir). 20 open incidents are declared through the runner (src/app/run-command.ts) with the shell's chat port and a standing clock; the history is grown in steps by bulk SQL (generate_series) to the sizes shown: closed incidents, 5 a day going back, each with 3 role rows, 3 members, 10 checklist rows, 2 evidence, 5 posted messages, 25 settled reminders, 15 delivered outbox effects, a follow-up action and 100 log rows (1M at 10,000; their hashes are stand-ins, so `verify` is not part of the measurement). After ANALYZE, each probe runs 5 warm-up rounds and then the timed rounds, going round the 20 open incidents, with the outbox drained (untimed) after each; the timer probe schedules a due reminder (untimed) and times its claim, firing and delivery (Scheduler.runDue). At the largest size every statement the probes send is captured with drizzle's logger and EXPLAINed; Seq Scans on our tables are listed. Noise: the machine is shared (2 cores), so single figures move by ±20%; compare the shape of the curve.";

if (args.out) fs.writeFileSync(args.out, `${JSON.stringify({ title: "Flat cost as the database grows", rows, method }, null, 2)}\n`);
