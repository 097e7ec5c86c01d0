import PgBoss from "pg-boss";
import type { Database, Tx } from "../store/db.js";
import { resumedCount } from "../store/library-internals.js";
import type { ReminderQueue } from "../timers/queue.js";
import { type SqlExecutor, transactionExecutor } from "./sql-executor.js";

export const REMINDER_QUEUE = "firebreak-reminders";
/** pg-boss's default schema; its tables live beside ours in the same database. */
export const SCHEMA = "pgboss";

export interface QueueTuning {
  /** A claimed job not completed within this long is handed to another worker (crash recovery). */
  expireInSeconds: number;
  /** How often expired jobs are looked for. */
  maintenanceIntervalSeconds: number;
  retryLimit: number;
}

export const DEFAULT_TUNING: QueueTuning = { expireInSeconds: 60, maintenanceIntervalSeconds: 5, retryLimit: 10 };

/**
 * Starts pg-boss on our database (creating its schema once) and the reminders queue. pg-boss
 * guards its install with a transaction-scoped advisory lock, but its `CREATE SCHEMA IF NOT
 * EXISTS` still fails with a duplicate pg_namespace key when replicas start together, and
 * concurrent `createQueue` calls deadlock: so all of it runs under our schema lock.
 */
export async function openBoss(database: Database, db: SqlExecutor, tuning: QueueTuning, options: { supervise: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    db,
    schedule: false,
    supervise: options.supervise,
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds,
  });
  boss.on("error", () => {
    // Polling errors (a lost connection) are retried by pg-boss on the next poll.
  });
  await database.withSchemaLock(async () => {
    await boss.start();
    const settings = { name: REMINDER_QUEUE, policy: "standard" as const, retryLimit: tuning.retryLimit, retryDelay: 1, expireInSeconds: tuning.expireInSeconds };
    const existing = await boss.getQueue(REMINDER_QUEUE);
    if (!existing) await boss.createQueue(REMINDER_QUEUE, settings);
    // A job's expiry is fixed when it is enqueued, from the queue's settings: keep them current.
    else if (existing.expireInSeconds !== tuning.expireInSeconds || existing.retryLimit !== tuning.retryLimit) await boss.updateQueue(REMINDER_QUEUE, settings);
  });
  return boss;
}

/** The core's ReminderQueue on pg-boss: job id = reminder id, start time = the reminder's fireAt. */
export function pgBossQueue(boss: PgBoss): ReminderQueue {
  return {
    async enqueue(tx: Tx, jobs) {
      const db = transactionExecutor(tx);
      for (const job of jobs) {
        const id = await boss.send(REMINDER_QUEUE, { reminderId: job.id }, { id: job.id, startAfter: job.fireAt, db });
        // The id exists: a cancelled job for a reminder that applies again is put back in line.
        if (id !== null) continue;
        if (resumedCount(await boss.resume(REMINDER_QUEUE, job.id, { db })) === 0) {
          // Finished long ago (completed or failed): replace it so the revived reminder has a job.
          const old = await boss.getJobById(REMINDER_QUEUE, job.id, { db, includeArchive: false });
          if (old && old.state !== "created" && old.state !== "retry" && old.state !== "active") {
            await boss.deleteJob(REMINDER_QUEUE, job.id, { db });
            await boss.send(REMINDER_QUEUE, { reminderId: job.id }, { id: job.id, startAfter: job.fireAt, db });
          }
        }
      }
    },
    async cancel(tx: Tx, ids) {
      if (ids.length) await boss.cancel(REMINDER_QUEUE, ids, { db: transactionExecutor(tx) });
    },
  };
}
