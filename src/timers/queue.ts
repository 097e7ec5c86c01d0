import type { Tx } from "../store/db.js";

/**
 * The job queue as the core sees it: enqueue and cancel inside the caller's transaction, so a
 * reminder row and its job commit (or roll back) together. `src/scheduler` implements it with
 * pg-boss; the core never imports pg-boss.
 */
export interface ReminderQueue {
  /** Jobs are keyed by reminder id: sending one that exists changes nothing; a cancelled one is revived. */
  enqueue(tx: Tx, jobs: { id: string; fireAt: Date }[]): Promise<void>;
  cancel(tx: Tx, ids: string[]): Promise<void>;
}
