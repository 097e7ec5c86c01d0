import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.js";

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
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Several replicas may start at once: only one applies migrations at a time. */
const MIGRATION_LOCK = 0x46697265; // "Fire"

export async function openPostgres(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight see the error.
  });
  try {
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
        try {
          await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/**
 * The embedded database. `dataDir` undefined → in memory (tests). A lock file makes sure only one
 * process opens a data folder: PGlite is single-user and two writers would corrupt it.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  let client: PGlite | undefined;
  try {
    client = new PGlite(dataDir ? path.join(dataDir, "pglite") : undefined);
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    const opened = client;
    return {
      db,
      kind: "pglite",
      ping: async () => {
        await opened.query("select 1");
      },
      close: async () => {
        try {
          await opened.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    await client?.close().catch(() => {});
    releaseLock();
    throw error;
  }
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another Firebreak process (pid ${pid}) is using the embedded database in ${dir}. ` +
        `Stop that process, or set FIREBREAK_DATA_DIR to another folder, or set DATABASE_URL to use a Postgres server.`,
    );
    this.name = "DataDirLockedError";
  }
}

function acquireDataDirLock(dir: string): () => void {
  const lockPath = path.join(dir, "firebreak.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      fs.closeSync(fd);
      const release = () => {
        process.off("exit", release);
        try {
          const owner = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: number };
          if (owner.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = readLockPid(lockPath);
      if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid);
      // The owner is gone (crash, kill -9): the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function readLockPid(lockPath: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: unknown }).pid;
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function openDatabase(config: { url?: string; dataDir: string }): Promise<Database> {
  return config.url ? openPostgres(config.url) : openPglite(config.dataDir);
}

/** `db.execute` answers with a driver-specific shape; both drivers carry `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
