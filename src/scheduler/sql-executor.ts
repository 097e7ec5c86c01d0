import type { Database, Tx } from "../store/db.js";
import { driverClient, transactionClient } from "../store/library-internals.js";

/** What pg-boss 10 accepts as `db`: it only ever calls `executeSql`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * pg-boss on our own connection: the pg pool, or the embedded PGlite. pg-boss sends its schema
 * scripts as several statements without parameters; PGlite runs those only through `exec`.
 */
export function databaseExecutor(database: Database): SqlExecutor {
  const client = driverClient(database.db);
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

/** pg-boss inside a drizzle transaction, so a job is enqueued or cancelled in the same commit as the change that causes it. */
export function transactionExecutor(tx: Tx): SqlExecutor {
  const client = transactionClient(tx);
  return { executeSql: (text, values) => client.query(text, values) };
}
