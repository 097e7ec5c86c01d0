import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import { rowsOf } from "../../src/store/db.js";
import { incidentLog, reminders } from "../../src/store/schema.js";
import { scheduleReminders } from "../../src/timers/reconcile.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

async function declare(text = "declare P1 prompt-injection Support bot leaks its prompt") {
  const outcome = await runCommand(w.rt, { actor: alice, text, port: w.chat });
  expect(outcome.ok).toBe(true);
  return outcome.incident!;
}


describe("first-hour prompts", () => {
  it("fires the +5 prompt once, at its time and not before", async () => {
    const incident = await declare();
    const before = w.chat.posts.length;
    w.rt.clock.advance(4);
    expect((await w.scheduler.runDue(w.rt)).filter((r) => r.outcome === "fired")).toHaveLength(0);
    w.rt.clock.advance(1);
    const fired = await w.scheduler.runDue(w.rt);
    expect(fired.map((f) => (f.outcome === "fired" ? f.reminder.key : f.outcome))).toContain("prompt:fh-5");
    const prompts = w.chat.posts.slice(before).filter((p) => p.message.text.includes("minute 5–10"));
    expect(prompts).toHaveLength(1);
    // Running again at the same time (a redelivery) posts nothing more.
    expect(await w.scheduler.runDue(w.rt)).toEqual([]);
    const rows = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "reminder.fired"))).orderBy(incidentLog.seq);
    expect(rows.filter((r) => r.payload.key === "prompt:fh-5")).toHaveLength(1);
  });

  it("a restart between scheduling and firing still fires it once", async () => {
    await declare();
    await w.scheduler.stop();
    // A new process: new pg-boss instance on the same database, same jobs.
    const again = await startScheduler(t, { supervise: false });
    w.scheduler = again;
    w.rt.reminders = again.queue;
    w.rt.clock.advance(5);
    const fired = await again.runDue(w.rt);
    expect(fired.filter((f) => f.outcome === "fired" && f.reminder.key === "prompt:fh-5")).toHaveLength(1);
    expect(w.chat.posts.filter((p) => p.message.text.includes("minute 5–10"))).toHaveLength(1);
  });

  it("a duplicate delivery of the same job has its effect once", async () => {
    const incident = await declare();
    const [reminder] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "prompt:fh-5")));
    w.rt.clock.advance(5);
    const { fireReminder } = await import("../../src/timers/fire-reminder.js");
    const results = await Promise.all([fireReminder(w.rt, reminder!.id), fireReminder(w.rt, reminder!.id), fireReminder(w.rt, reminder!.id)]);
    expect(results.filter((r) => r.outcome === "fired")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "settled")).toHaveLength(2);
  });

  it("jobs are enqueued in the verb's transaction with the reminder id as job id and fireAt as start", async () => {
    const incident = await declare();
    const [reminder] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "prompt:fh-5")));
    const [job] = rowsOf<{ id: string; start_after: Date | string; state: string }>(await t.db.execute(sql`select id, start_after, state from pgboss.job where id = ${reminder!.id}::uuid`));
    expect(job).toMatchObject({ id: reminder!.id, state: "created" });
    expect(new Date(job!.start_after).toISOString()).toBe("2026-11-25T14:05:00.000Z");
    // A change that rolls back leaves neither reminder nor job behind.
    const before = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job`))[0]!.n;
    await expect(
      t.db.transaction(async (tx) => {
        await scheduleReminders(tx, w.rt.reminders, incident.id, [{ key: "rollback-probe", kind: "inject", fireAt: new Date("2026-11-25T15:00:00Z"), payload: { index: 0, text: "x" } }], w.rt.clock.now());
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job`))[0]!.n).toBe(before);
    expect(await t.db.select().from(reminders).where(eq(reminders.key, "rollback-probe"))).toEqual([]);
  });
});
