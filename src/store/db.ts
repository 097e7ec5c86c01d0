import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { Logger as QueryLogger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock.js";
import { takeTurns } from "./pglite-turns.js";
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

/** The migrations, found from this file whether it runs as TypeScript (src/store) or bundled by `npm start` (dist/). */
export const MIGRATIONS_FOLDER = path.join(projectRoot(path.dirname(fileURLToPath(import.meta.url))), "migrations");

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: where is Firebreak installed?`);
  }
}

/** The session advisory lock every schema-creating step holds ("Fire"). */
export const SCHEMA_LOCK = 0x46697265;

/** How a database is opened. `queryLogger` sees every statement drizzle sends (benchmarks read the plans). */
export interface OpenOptions {
  migrate?: boolean;
  queryLogger?: QueryLogger;
  /** PGlite only: Postgres settings instead of PGLITE_SETTINGS (benchmarks compare them). */
  pgliteSettings?: Record<string, string>;
}

/**
 * Postgres settings for the embedded database. Its memory is WebAssembly memory, which only ever
 * grows: every buffer Postgres fills once stays resident for the life of the process. So the
 * caches are small (the operating system caches the data folder's files anyway).
 */
export const PGLITE_SETTINGS: Record<string, string> = {
  // Postgres's default is 128MB: at start-up alone that costs ~110 MB of RSS more than 16MB does.
  shared_buffers: "16MB",
  // Index builds and ANALYZE (migrations): a peak that would otherwise stay resident.
  maintenance_work_mem: "16MB",
};

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
    // Loaded when used: a process on the Postgres server never pays for the embedded database.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite"), import("drizzle-orm/pglite/migrator")]);
    const settings = Object.entries(options.pgliteSettings ?? PGLITE_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
    const pgData = dataDir ? path.join(dataDir, "pglite") : undefined;
    const pgOptions = { startParams: [...PGlite.defaultStartParams, ...settings] };
    if (pgData && !fs.existsSync(path.join(pgData, "PG_VERSION"))) await createPgliteFolder(pgData, pgOptions.startParams);
    client = takeTurns(new PGlite(pgData, pgOptions));
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

/**
 * Creates a new PGlite data folder in a child process. Creating one (initdb) takes hundreds of MB
 * that the process keeps, in part, after the fact; in a child they go when it exits.
 */
function createPgliteFolder(pgData: string, startParams: string[]): Promise<void> {
  const library = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const script = `const { PGlite } = require(${JSON.stringify(library)});
    (async () => { const db = new PGlite(process.argv[1], { startParams: JSON.parse(process.argv[2]) }); await db.waitReady; await db.close(); })()
      .catch((error) => { process.stderr.write(String(error?.message ?? error)); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, pgData, JSON.stringify(startParams)], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`Could not create the embedded database in ${pgData}: ${stderr.trim() || `exit code ${code}`}`))));
  });
}

export function openDatabase(config: { url?: string; dataDir: string }, options: OpenOptions = {}): Promise<Database> {
  return config.url ? openPostgres(config.url, options) : openPglite(config.dataDir, options);
}

/** `db.execute` answers with a driver-specific shape; both drivers carry `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
