import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, type OpenOptions, openPglite, openPostgres } from "../../src/store/db.js";

/**
 * One migrated database per test file: the Postgres server when TEST_DATABASE_URL is set (a
 * fresh database created for the file and dropped after), else an in-memory PGlite. `reset()`
 * empties it between tests; only tests may lift the log's TRUNCATE guard to do so.
 */
export interface TestDatabase extends Database {
  reset(): Promise<void>;
  url?: string;
}

export const usingServer = !!process.env.TEST_DATABASE_URL;

export async function createTestDatabase(options: Pick<OpenOptions, "queryLogger"> = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openPglite(undefined, options);
    return { ...database, reset: () => resetTables(database) };
  }
  const name = `fbt_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = await openPostgres(url, options);
  return {
    ...database,
    url,
    reset: () => resetTables(database),
    close: async () => {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A new, empty (unmigrated) database on the server named by TEST_DATABASE_URL. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("createEmptyDatabase needs TEST_DATABASE_URL (a Postgres server).");
  const name = `fbt_empty_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  return { url: withDatabase(serverUrl, name), drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on its own connection (creating or dropping a database). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function resetTables(database: Database): Promise<void> {
  // A previous test's background delivery may still hold a row lock when the truncate asks for
  // its table locks; Postgres then picks one side as the deadlock victim. Empty again if it was us.
  for (let attempt = 1; ; attempt++) {
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table incident_log disable trigger incident_log_no_truncate`);
        await tx.execute(sql`truncate incident_log, effects, deliveries, evidence, checklist_steps, role_assignments, incident_members, posted_messages, reminders, incident_writeups, follow_up_actions, shared_documents, incidents, incident_counters`);
        await tx.execute(sql`alter table incident_log enable trigger incident_log_no_truncate`);
      });
      return;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (code !== "40P01" || attempt >= 5) throw error;
    }
  }
}

/**
 * Registers the usual hooks: one database for the file, emptied before each test. Read `.current`
 * inside tests (it is set once `beforeAll` has run).
 */
export function useTestDatabase(): { current: TestDatabase } {
  const holder = {} as { current: TestDatabase };
  beforeAll(async () => {
    holder.current = await createTestDatabase();
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  beforeEach(async () => {
    await holder.current.reset();
  });
  return holder;
}
