import type { PGlite, Transaction } from "@electric-sql/pglite";

/**
 * The embedded database runs each statement synchronously, as WebAssembly on the process's one
 * thread, and hands results back as already-settled promises. Work that chains statements
 * (a declare sends about twenty, pg-boss polls, the outbox delivers) therefore runs from one
 * microtask to the next without the event loop ever reaching its I/O: incoming requests wait,
 * and acknowledgements Slack wants within 3 s are not even read, for as long as the database is
 * busy. So every statement first waits its turn behind the I/O that is ready (`setImmediate`
 * runs after the poll phase), one statement per round: a request that arrives while the database
 * is busy waits for one statement, not for all of them. Costs a few microseconds per statement
 * when nothing else waits.
 *
 * Patches the instance (and each transaction it opens) in place, before drizzle or pg-boss see
 * it, so every path goes through the same turns.
 */
export function takeTurns(client: PGlite): PGlite {
  const transaction = client.transaction.bind(client);
  client.transaction = async <T>(work: (tx: Transaction) => Promise<T>) => {
    await nextTurn();
    return transaction((tx) => work(statementsTakeTurns(tx)));
  };
  return statementsTakeTurns(client);
}

/** `query` and `exec` (the two ways a statement is sent, on the instance or in a transaction) wait their turn first. */
function statementsTakeTurns<C extends Pick<PGlite, "query" | "exec">>(target: C): C {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = async (...args: Parameters<PGlite["query"]>) => {
    await nextTurn();
    return query(...args);
  };
  target.exec = async (...args: Parameters<PGlite["exec"]>) => {
    await nextTurn();
    return exec(...args);
  };
  return target;
}

const waiting: (() => void)[] = [];
let pumping = false;

/** Lets one waiting statement go, and the next one only after another round of the event loop. */
function pump(): void {
  waiting.shift()?.();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
}

/**
 * Resolves after the I/O that is ready now has been handled. Statements go one per round of the
 * event loop, in the order they asked: however many jobs are waiting on the database, a request
 * that arrives waits for one statement before it is read, not for one statement per job.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
