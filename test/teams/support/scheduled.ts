import { startScheduler, type Scheduler } from "../../../src/scheduler/scheduler.js";
import { incidents } from "../../../src/store/schema.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { resetTimers } from "../../timers/harness.js";
import { mentionMessage } from "./activities.js";
import { startHarness, type TeamsHarness } from "./harness.js";

export interface ScheduledTeams {
  h: TeamsHarness;
  scheduler: Scheduler;
  /** Moves the clock to `minutes` after 14:00 (the test clock's start) and fires what is due. */
  at(minutes: number): ReturnType<Scheduler["runDue"]>;
  close(): Promise<void>;
}

/** The Teams harness with the real scheduler behind `rt.reminders`, as in production. */
export async function startScheduledTeams(db: TestDatabase): Promise<ScheduledTeams> {
  const h = await startHarness(db);
  const scheduler = await startScheduler(db, { supervise: false });
  h.rt.reminders = scheduler.queue;
  const scheduled: ScheduledTeams = {
    h,
    scheduler,
    at(minutes) {
      h.rt.clock.set(new Date(Date.parse("2026-11-25T14:00:00Z") + minutes * 60_000));
      return scheduler.runDue(h.rt);
    },
    async close() {
      running.delete(scheduled);
      await h.close();
      await scheduler.stop();
    },
  };
  running.add(scheduled);
  return scheduled;
}

const running = new Set<ScheduledTeams>();

/**
 * Hooks for suites that drive Teams through the scheduler: one database per file; after each
 * test, whatever it started is stopped and tables and jobs are emptied.
 */
export function useScheduledTeamsSuite(): { db: TestDatabase } {
  const suite = {} as { db: TestDatabase };
  beforeAll(async () => {
    suite.db = await createTestDatabase();
  });
  afterAll(async () => suite.db?.close());
  afterEach(async () => {
    for (const s of [...running]) await s.close();
    await resetTimers(suite.db);
  });
  return suite;
}

/** Declares by @mention in the General channel and waits for the background work to finish. */
export async function declareByMention(h: TeamsHarness, db: TestDatabase, text = "declare P1 prompt-injection Support bot leaks orders") {
  await h.send(mentionMessage(h.fake.url, text));
  await h.mounted.idle();
  const [incident] = await db.db.select().from(incidents);
  if (!incident?.space) throw new Error("the declaration made no incident space");
  return { ...incident, space: incident.space };
}

/** The `Action.Execute` buttons of a posted card, by verb. */
export function cardButtons(activity: any): Map<string, { type: string; title: string; data: Record<string, unknown> }> {
  const actions = (activity.attachments ?? []).flatMap((a: any) => a.content?.actions ?? []);
  return new Map(actions.map((a: any) => [a.verb, a]));
}
