import type PgBoss from "pg-boss";
import type { Runtime } from "../app/runtime.js";
import type { TimersConfig } from "../config/timers.js";
import type { Database } from "../store/db.js";
import { type FireOutcome, fireReminder } from "../timers/fire-reminder.js";
import type { ReminderQueue } from "../timers/queue.js";
import { DEFAULT_TUNING, openBoss, pgBossQueue, type QueueTuning, REMINDER_QUEUE, SCHEMA } from "./pg-boss-queue.js";
import { claimDueAtSql } from "../store/library-internals.js";
import { databaseExecutor, type SqlExecutor } from "./sql-executor.js";

export interface Scheduler {
  /** Give this to the runtime (`rt.reminders`) so verbs enqueue in their own transactions. */
  queue: ReminderQueue;
  /**
   * Production: pg-boss workers poll for jobs whose start time (the reminder's fireAt) has
   * passed by the database clock, and fire them.
   */
  work(rt: Runtime, options?: { workers?: number; batchSize?: number; pollSeconds?: number; beforeFire?: () => Promise<void> }): Promise<void>;
  /**
   * Tests: claims and fires the jobs due at `now` — the injected clock's time, not the
   * database's — through the same claim/fire/complete path, then returns what happened.
   */
  runDue(rt: Runtime, now?: Date): Promise<FireOutcome[]>;
  stop(): Promise<void>;
  boss: PgBoss;
}

/**
 * Starts the job queue on the application's database (the Postgres server or the embedded
 * PGlite). Time: reminders carry a `fireAt` computed from the injected clock and that is the
 * job's `startAfter`. Production polls pg-boss, which compares it with the database's now()
 * (the system clock); tests call `runDue(now)` with the ManualClock's time instead, so they
 * never wait. Drills compress offsets into real time, so they need no special clock.
 */
export async function startScheduler(database: Database, options: { tuning?: Partial<QueueTuning>; supervise?: boolean } = {}): Promise<Scheduler> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const db = databaseExecutor(database);
  const boss = await openBoss(database, db, tuning, { supervise: options.supervise ?? true });
  return {
    boss,
    queue: pgBossQueue(boss),
    async work(rt, workOptions = {}) {
      const workers = workOptions.workers ?? (database.kind === "pglite" ? 1 : 3);
      for (let i = 0; i < workers; i++) {
        await boss.work<{ reminderId: string }>(
          REMINDER_QUEUE,
          { batchSize: workOptions.batchSize ?? 20, pollingIntervalSeconds: workOptions.pollSeconds ?? rt.config.timers.pollSeconds },
          async (jobs) => {
            // A failure fails the batch and pg-boss retries it; firing is idempotent, so the
            // jobs that did fire only find their reminder settled on the retry.
            await Promise.all(
              jobs.map(async (job) => {
                await workOptions.beforeFire?.();
                await fireReminder(rt, job.data.reminderId);
              }),
            );
          },
        );
      }
    },
    runDue: (rt, now) => runDue(boss, db, rt, now ?? rt.clock.now()),
    stop: () => boss.stop({ graceful: true, close: false, wait: true, timeout: 5000 }),
  };
}

/** Queue tuning from the configuration (FIREBREAK_TIMER_EXPIRE_SECONDS, …_MAINTENANCE_SECONDS). */
export function tuningFrom(timers: TimersConfig): Partial<QueueTuning> {
  return { expireInSeconds: timers.jobExpireSeconds, maintenanceIntervalSeconds: timers.maintenanceSeconds };
}

/** pg-boss's own fetch SQL with the time as a parameter ($3) instead of the database's now(). */
const CLAIM_DUE_AT = claimDueAtSql(SCHEMA);
/** Large enough that one claim takes every job a test has made due, so they fire in fire-time order. */
const CLAIM_BATCH = 500;

async function runDue(boss: PgBoss, db: SqlExecutor, rt: Runtime, now: Date): Promise<FireOutcome[]> {
  const results: FireOutcome[] = [];
  for (;;) {
    const { rows } = await db.executeSql(CLAIM_DUE_AT, [REMINDER_QUEUE, CLAIM_BATCH, now.toISOString()]);
    if (rows.length === 0) {
      // What fired is in the outbox: deliver it, so a test sees the posts as a person would.
      await rt.deliverer?.drain();
      return results;
    }
    // In fire-time order, so a test sees prompts and nudges in the order a person would.
    const claimed = (rows as { id: string; data: { reminderId: string }; startAfter: Date | string }[]).sort(
      (a, b) => new Date(a.startAfter).getTime() - new Date(b.startAfter).getTime() || a.id.localeCompare(b.id),
    );
    for (const job of claimed) {
      try {
        results.push(await fireReminder(rt, job.data.reminderId));
        await boss.complete(REMINDER_QUEUE, job.id);
      } catch (error) {
        await boss.fail(REMINDER_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    }
  }
}
