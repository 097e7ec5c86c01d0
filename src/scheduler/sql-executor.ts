import type { Database, Tx } from "../store/db.js";

/** What pg-boss 10 accepts as `db`: it only ever calls `executeSql`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

interface QueryClient {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  exec?(text: string): Promise<{ rows: any[] }[]>;
}

/**
 * pg-boss on our own connection: the pg pool, or the embedded PGlite. pg-boss sends its schema
 * scripts as several statements without parameters; PGlite runs those only through `exec`.
 */
export function databaseExecutor(database: Database): SqlExecutor {
  const client = (database.db as unknown as { $client: QueryClient }).$client;
  if (!client?.query) throw new Error("The database handle exposes no SQL client for the job queue.");
  return {
    executeSql: async (text, values) => {
      if (database.kind === "pglite" && (!values || values.length === 0) && client.exec) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return client.query(text, values);
    },
  };
}

/**
 * pg-boss inside a drizzle transaction, so a job is enqueued or cancelled in the same commit as
 * the change that causes it. Drizzle keeps the transaction's client (a pg PoolClient or a PGlite
 * transaction) on its session; both answer `query(text, values)` with `{ rows }`.
 */
export function transactionExecutor(tx: Tx): SqlExecutor {
  const client = (tx as unknown as { session?: { client?: QueryClient } }).session?.client;
  if (!client?.query) throw new Error("This drizzle transaction exposes no SQL client; the job queue cannot join it.");
  return { executeSql: (text, values) => client.query(text, values) };
}
