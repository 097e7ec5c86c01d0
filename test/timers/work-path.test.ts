import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import { rowsOf } from "../../src/store/db.js";
import { incidentLog, reminders } from "../../src/store/schema.js";
import { type TestDatabase, usingServer } from "../support/database.js";
import { until } from "../support/main-process.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

let t: TestDatabase;
let w: TimerWorld;
const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

/**
 * The production path, not the tests' `runDue`: pg-boss's own `work()` polls, claims the job once
 * the database clock passes its start time, and fires it. Two pg-boss instances poll at once, as
 * two replicas would. Runs on PGlite and, with TEST_DATABASE_URL, on the Postgres server.
 */
describe(`timers through pg-boss work() (${usingServer ? "Postgres server" : "PGlite"})`, () => {
  it("a prompt scheduled seconds ahead by the system clock is fired by work(), exactly once", async () => {
    // Declared 4 min 58 s ago by the clock the verbs use, so the +5 prompt is due two seconds from now.
    w.rt.clock.set(new Date(Date.now() - 5 * 60_000 + 2_000));
    const declared = await runCommand(w.rt, { actor: shellActor("alice"), text: "declare P1 prompt-injection Support bot leaks its prompt", port: w.chat });
    expect(declared.ok).toBe(true);
    w.rt.clock.set(new Date());
    const [prompt] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, declared.incident!.id), eq(reminders.key, "prompt:fh-5")));

    const replica = await startScheduler(t, { supervise: false });
    try {
      await w.scheduler.work(w.rt, { pollSeconds: 0.5 });
      await replica.work(w.rt, { pollSeconds: 0.5 });
      const job = async () =>
        rowsOf<{ state: string; created_on: Date | string; start_after: Date | string; started_on: Date | string | null }>(
          await t.db.execute(sql`select state, created_on, start_after, started_on from pgboss.job where id = ${prompt!.id}::uuid`),
        )[0];
      // Polling, with a generous limit: this waits for the prompt, it does not time it.
      await until("the +5 prompt to be fired and its job completed", async () => (await job())?.state === "completed", 60_000);
      await Promise.all([w.scheduler.stop(), replica.stop()]);

      const fired = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, declared.incident!.id), eq(incidentLog.kind, "reminder.fired"))).orderBy(incidentLog.seq);
      expect(fired.filter((r) => r.payload.key === "prompt:fh-5")).toHaveLength(1);
      expect(w.chat.posts.filter((p) => p.message.text.includes("minute 5–10"))).toHaveLength(1);
      const [settled] = await t.db.select().from(reminders).where(eq(reminders.id, prompt!.id));
      expect(settled!.status).toBe("fired");
      // Scheduled ahead of its creation, and claimed by pg-boss only once the database clock reached it.
      const finished = (await job())!;
      expect(new Date(finished.start_after).getTime()).toBeGreaterThan(new Date(finished.created_on).getTime());
      expect(new Date(finished.started_on!).getTime()).toBeGreaterThanOrEqual(new Date(finished.start_after).getTime());
    } finally {
      await replica.stop();
    }
  }, 90_000);
});
