import { errorCode } from "./database-errors.js";
import type { Db, Tx } from "./db.js";

/** Deadlocks and serialization failures: the transaction did nothing and may simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === "40P01" || code === "40001";
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300"]);
const UNREACHABLE_TEXT = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed|database system is (starting up|shutting down)/i;

/** The database is away (down, restarting, the network): nothing the person did is at fault. */
export function isUnreachable(error: unknown): boolean {
  const code = errorCode(error);
  if (code && (UNREACHABLE_CODES.has(code) || code.startsWith("08"))) return true;
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && UNREACHABLE_TEXT.test(e.message)) return true;
  }
  return false;
}

/** How many transactions ran again after a deadlock or serialization failure (for tests and logs). */
export const transactionRetries = { count: 0 };

/**
 * Runs `work` in a transaction, again (up to `attempts` times) if Postgres picked it as a
 * deadlock victim or refused it as a serialization failure: those roll back completely. The lock
 * order (src/store/log.ts) means this should not happen; it is the safety net, counted.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      transactionRetries.count++;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
