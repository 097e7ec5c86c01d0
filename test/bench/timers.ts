import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import { openPostgres } from "../../src/store/db.js";
import { option, writeOut } from "./support/report.js";
import { firingStats, percentile, seedReminders } from "./seed-reminders.js";
import { adminQuery as admin } from "../support/database.js";

/**
 * `npm run bench:timers`: 10,000 reminders across 1,000 incidents, due over one minute, fired by
 * 3 worker processes on the Postgres server. Lateness = when the worker decided to fire (its
 * clock, stored as settled_at) minus the reminder's fire_at. Duplicates = reminders with more
 * than one `reminder.fired` log row; misses = reminders with none. Runs in a scratch database
 * created on DATABASE_URL's server (or `--database-url`; default postgres://postgres@127.0.0.1:5432/test)
 * and dropped. `--out f.json` writes the figures for RESULTS.md.
 */
const INCIDENTS = 1000;
const PER_INCIDENT = 10;
const WORKERS = 3;
const LEAD_MS = 20_000;
const SPREAD_MS = 60_000;

const WORKER = fileURLToPath(new URL("../../src/scheduler/worker-process.ts", import.meta.url));


function startWorker(url: string): Promise<ChildProcess> {
  // Node itself with tsx as a loader: one process, so signals reach the worker, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => String(d).includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function main() {
  const server = option("database-url") ?? loadConfig().database.url ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `fb_bench_${randomBytes(4).toString("hex")}`;
  await admin(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openPostgres(url, { max: 16 });
  const scheduler = await startScheduler(database, { supervise: false });
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(url));
    const seedStart = Date.now();
    const from = new Date(seedStart + LEAD_MS);
    const seeded = await seedReminders(database.db, scheduler.queue, { incidents: INCIDENTS, perIncident: PER_INCIDENT, from, spreadMs: SPREAD_MS, tag: "b", concurrency: 12 });
    const seedMs = Date.now() - seedStart;
    console.log(`seeded ${seeded.reminders} reminders across ${INCIDENTS} incidents in ${(seedMs / 1000).toFixed(1)} s; due from ${from.toISOString()} over ${SPREAD_MS / 1000} s; ${WORKERS} worker processes`);
    if (seedMs > LEAD_MS) console.log(`warning: seeding took longer than the ${LEAD_MS / 1000} s lead; the first reminders were due before they existed`);
    const deadline = from.getTime() + SPREAD_MS + 30_000;
    let stats = await firingStats(database.db, seeded.incidentIds);
    while (stats.fired < stats.total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      stats = await firingStats(database.db, seeded.incidentIds);
    }
    const l = stats.latenessMs;
    const fmt = (ms: number) => `${Math.round(ms)} ms`;
    console.log(`fired ${stats.fired}/${stats.total}`);
    console.log(`lateness p50 ${fmt(percentile(l, 50))} · p99 ${fmt(percentile(l, 99))} · max ${fmt(l.at(-1) ?? NaN)}`);
    console.log(`duplicates ${stats.duplicates} · misses ${stats.missed}`);
    console.log(`worst lateness per 10 s of due time: ${stats.worstBySlice.map((s) => `${s.from} ${s.worstMs} ms (${s.count})`).join(" · ")}`);
    const ok = percentile(l, 99) <= 1000 && stats.duplicates === 0 && stats.missed === 0;
    console.log(ok ? "target met: p99 ≤ 1 s, 0 duplicates, 0 misses" : "TARGET MISSED");
    const worst = stats.worstBySlice.reduce((a, s) => (s.worstMs > a.worstMs ? s : a), { from: "—", worstMs: 0, count: 0 });
    writeOut({
      title: "Timers: 10,000 pending reminders, three workers",
      rows: [
        { figure: "reminders fired", value: `${stats.fired} of ${stats.total}`, target: "all", note: seedMs > LEAD_MS ? `seeding took ${(seedMs / 1000).toFixed(1)} s, longer than the lead: the first were due before they existed` : `seeded in ${(seedMs / 1000).toFixed(1)} s` },
        { figure: "lateness p50 / p99 / max", value: `${fmt(percentile(l, 50))} / ${fmt(percentile(l, 99))} / ${fmt(l.at(-1) ?? NaN)}`, target: "p99 ≤ 1 s", note: `${percentile(l, 99) <= 1000 ? "met" : "missed"}; worst 10 s slice from ${worst.from}: ${worst.worstMs} ms` },
        { figure: "duplicates / misses", value: `${stats.duplicates} / ${stats.missed}`, target: "0 / 0", note: stats.duplicates === 0 && stats.missed === 0 ? "met" : "missed" },
      ],
      method: `${INCIDENTS * PER_INCIDENT} reminders across ${INCIDENTS} incidents, seeded in a scratch database on the Postgres server and due over ${SPREAD_MS / 1000} s starting ${LEAD_MS / 1000} s after seeding began, fired by ${WORKERS} worker processes (src/scheduler/worker-process.ts) while this process watches. Lateness is when a worker decided to fire (its clock, stored as settled_at) minus the reminder's fire_at; a duplicate is a reminder with more than one reminder.fired log row, a miss one with none 30 s after the last was due. One run (it takes about ${Math.round((LEAD_MS + SPREAD_MS) / 1000) + 10} s).`,
    });
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));
    await scheduler.stop();
    await database.close();
    await admin(server, `drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
