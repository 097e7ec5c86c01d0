import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { Logger as QueryLogger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock.js";
import * as schema from "./schema.js";

export { DataDirLockedError } from "./data-dir-lock.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: query helpers take this. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Applies pending migrations (under the schema lock). */
  migrate(): Promise<void>;
  /**
   * Runs `work` while holding the schema lock: replicas starting together on an empty database
   * create schemas (ours, pg-boss's) one at a time. Work may use the pool; the lock sits on a
   * connection of its own, so the pool needs room for at least one more.
   */
  withSchemaLock<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** The session advisory lock every schema-creating step holds ("Fire"). */
export const SCHEMA_LOCK = 0x46697265;

/** How a database is opened. `queryLogger` sees every statement drizzle sends (benchmarks read the plans). */
export interface OpenOptions {
  migrate?: boolean;
  queryLogger?: QueryLogger;
}

export async function openPostgres(url: string, options: OpenOptions & { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Math.max(2, options.max ?? 10) });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight see the error.
  });
  const withSchemaLock = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("select pg_advisory_lock($1)", [SCHEMA_LOCK]);
      try {
        return await work(client);
      } finally {
        await client.query("select pg_advisory_unlock($1)", [SCHEMA_LOCK]).catch((error: Error) => {
          // Closing the session is what frees the lock then.
          broken = error;
        });
      }
    } finally {
      client.release(broken);
    }
  };
  const db = drizzlePg(pool, { schema, logger: options.queryLogger }) as unknown as Db;
  const database: Database = {
    db,
    kind: "postgres",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: () => withSchemaLock((client) => migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER })),
    withSchemaLock: (work) => withSchemaLock(() => work()),
    close: () => pool.end(),
  };
  if (options.migrate !== false) {
    try {
      await database.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  return database;
}

/**
 * The embedded database. `dataDir` undefined → in memory (tests). A lock file makes sure only one
 * process opens a data folder: PGlite is single-user and two writers would corrupt it. For the
 * same reason it has no schema lock to take: nobody else can be creating schemas.
 */
export async function openPglite(dataDir?: string, options: OpenOptions = {}): Promise<Database> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  let client: PGlite | undefined;
  try {
    client = new PGlite(dataDir ? path.join(dataDir, "pglite") : undefined);
    await client.waitReady;
    const opened = client;
    const database: Database = {
      db: drizzlePglite(opened, { schema, logger: options.queryLogger }) as unknown as Db,
      kind: "pglite",
      ping: async () => {
        await opened.query("select 1");
      },
      migrate: () => migratePglite(drizzlePglite(opened), { migrationsFolder: MIGRATIONS_FOLDER }),
      withSchemaLock: (work) => work(),
      close: async () => {
        try {
          await opened.close();
        } finally {
          releaseLock();
        }
      },
    };
    if (options.migrate !== false) await database.migrate();
    return database;
  } catch (error) {
    await client?.close().catch(() => {});
    releaseLock();
    throw error;
  }
}

export function openDatabase(config: { url?: string; dataDir: string }, options: OpenOptions = {}): Promise<Database> {
  return config.url ? openPostgres(config.url, options) : openPglite(config.dataDir, options);
}

/** `db.execute` answers with a driver-specific shape; both drivers carry `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
