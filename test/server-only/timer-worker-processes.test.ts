import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { firingStats, seedReminders } from "../bench/seed-reminders.js";
import { type Scheduler, startScheduler } from "../../src/scheduler/scheduler.js";
import { rowsOf } from "../../src/store/db.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const WORKER = fileURLToPath(new URL("../../src/scheduler/worker-process.ts", import.meta.url));

/** Starts a real worker process on the test database and resolves once it polls. */
function startWorker(url: string, args: string[] = []): Promise<ChildProcess> {
  // Node itself with tsx as a loader: one process, so a kill reaches the worker, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent", FIREBREAK_TIMER_EXPIRE_SECONDS: "3", FIREBREAK_TIMER_MAINTENANCE_SECONDS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => String(d).includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not reached within ${timeoutMs} ms`);
}

// Several processes need one database they can all reach: only the Postgres server is that.
describe("timer workers in separate processes (Postgres server)", () => {
  let t: TestDatabase;
  let scheduler: Scheduler;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    // Jobs take their expiry from the queue when enqueued: the same short one the workers use.
    scheduler = await startScheduler(t, { supervise: false, tuning: { expireInSeconds: 3, maintenanceIntervalSeconds: 1 } });
  });
  afterEach(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
    workers = [];
  });
  afterAll(async () => {
    await scheduler?.stop();
    await t?.close();
  });

  const settled = (ids: string[]) => async () => {
    const stats = await firingStats(t.db, ids);
    return stats.fired === stats.total;
  };

  it("three processes fire many due jobs with zero duplicates and zero misses", async () => {
    const { incidentIds, reminders } = await seedReminders(t.db, scheduler.queue, { incidents: 30, perIncident: 20, from: new Date(Date.now() - 1000), spreadMs: 2000, tag: "many" });
    workers = await Promise.all([0, 1, 2].map(() => startWorker(t.url!)));
    await until(settled(incidentIds), 60_000);
    const stats = await firingStats(t.db, incidentIds);
    expect(stats).toMatchObject({ total: reminders, fired: reminders, duplicates: 0, missed: 0 });
    // A job is completed after its reminder settles (the handler returns first): wait for the last batch.
    const completed = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'firebreak-reminders' and state = 'completed'`))[0]!.n;
    await until(async () => (await completed()) >= reminders, 30_000).catch(() => {});
    expect(await completed()).toBe(reminders);
  });

  it("a worker killed mid-job loses nothing: its claimed jobs expire and another worker fires them once", async () => {
    const { incidentIds, reminders } = await seedReminders(t.db, scheduler.queue, { incidents: 10, perIncident: 20, from: new Date(Date.now() - 1000), spreadMs: 1000, tag: "kill" });
    const victim = await startWorker(t.url!, ["--slow-ms", "1000", "--workers", "1"]);
    workers = [victim];
    // The victim alone claims a batch and holds it: those jobs are mid-job when it dies.
    await until(async () => {
      const [row] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'firebreak-reminders' and state = 'active'`));
      return row!.n > 0;
    }, 20_000);
    victim.kill("SIGKILL");
    await new Promise((r) => victim.once("exit", r));
    const [active] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'firebreak-reminders' and state = 'active'`));
    expect(active!.n).toBeGreaterThan(0);
    workers.push(...(await Promise.all([0, 1].map(() => startWorker(t.url!)))));
    await until(settled(incidentIds), 60_000);
    const stats = await firingStats(t.db, incidentIds);
    expect(stats).toMatchObject({ total: reminders, fired: reminders, duplicates: 0, missed: 0 });
    // The dead worker's jobs came back through pg-boss's expiry and retry, not by luck.
    const [retried] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'firebreak-reminders' and retry_count > 0`));
    expect(retried!.n).toBeGreaterThan(0);
  });
});
