import { createRequire } from "node:module";

/**
 * Every place Firebreak leans on a library's undocumented insides, in one file. A library
 * upgrade that moves them breaks here, and test/store/library-internals.test.ts says so on both
 * backends, instead of the job queue silently leaving a transaction or claiming the wrong jobs.
 *
 *  - drizzle-orm 0.45: the driver behind a database (`db.$client`) and the connection behind an
 *    open transaction (`tx.session.client`), so pg-boss can run inside our transactions.
 *  - pg-boss 10: its fetch SQL (`plans.fetchNextJob`, not exported from the package's index),
 *    reused with the time as a parameter for the tests' claim path; and `resume`'s answer shape.
 */

/** What both drivers answer: a pg Pool/PoolClient, a PGlite instance or a PGlite transaction. */
export interface QueryClient {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** PGlite only: several statements without parameters (pg accepts those through `query`). */
  exec?(text: string): Promise<{ rows: any[] }[]>;
}

/** The driver behind a drizzle database: the pg Pool or the PGlite instance. */
export function driverClient(db: unknown): QueryClient {
  const client = (db as { $client?: QueryClient }).$client;
  if (typeof client?.query !== "function") throw new Error("This drizzle database exposes no driver client ($client); has drizzle-orm changed? See src/store/library-internals.ts.");
  return client;
}

/**
 * The connection an open drizzle transaction runs on (a pg PoolClient inside BEGIN, or a PGlite
 * transaction): SQL sent through it commits or rolls back with the transaction.
 */
export function transactionClient(tx: unknown): QueryClient {
  const client = (tx as { session?: { client?: QueryClient } }).session?.client;
  if (typeof client?.query !== "function") throw new Error("This drizzle transaction exposes no client (session.client); has drizzle-orm changed? See src/store/library-internals.ts.");
  return client;
}

interface PgBossPlans {
  fetchNextJob(schema: string): (options: { includeMetadata?: boolean; priority?: boolean; ignoreStartAfter?: boolean }) => string;
}

const require = createRequire(import.meta.url);

/** The predicate in pg-boss's fetch that compares a job's start time with the database clock. */
export const PG_BOSS_DUE_PREDICATE = "start_after < now()";

/** pg-boss's own fetch SQL, exactly as its workers send it ($1 queue name, $2 batch size). */
export function pgBossFetchSql(schema: string): string {
  const plans = require("pg-boss/src/plans.js") as PgBossPlans;
  if (typeof plans.fetchNextJob !== "function") throw new Error("pg-boss no longer has plans.fetchNextJob; see src/store/library-internals.ts.");
  return plans.fetchNextJob(schema)({ includeMetadata: true });
}

/**
 * pg-boss's fetch with "due by the database clock" replaced by "due at $3": tests claim jobs at
 * the injected clock's time through the same SQL pg-boss's workers use, so there is no copy to
 * drift. $1 queue name, $2 batch size, $3 the time. Rows carry pg-boss's job columns
 * (`id`, `data`, `startAfter`, …).
 */
export function claimDueAtSql(schema: string): string {
  const fetch = pgBossFetchSql(schema);
  if (fetch.split(PG_BOSS_DUE_PREDICATE).length !== 2) {
    throw new Error(`pg-boss's fetch SQL no longer contains "${PG_BOSS_DUE_PREDICATE}" exactly once; the test claim path needs updating (src/store/library-internals.ts).`);
  }
  // "<=": a reminder is due at its fireAt, so a test that moves the clock exactly there sees it.
  return fetch.replace(PG_BOSS_DUE_PREDICATE, "start_after <= $3::timestamptz");
}

/** pg-boss 10's `resume` answers `{ affected }` although its typings say `void`. */
export function resumedCount(answer: unknown): number {
  const affected = (answer as { affected?: unknown } | undefined)?.affected;
  if (typeof affected !== "number") throw new Error("pg-boss's resume no longer answers { affected }; see src/store/library-internals.ts.");
  return affected;
}
