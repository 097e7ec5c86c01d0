import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { SCHEMA_LOCK } from "../../src/store/db.js";
import { createEmptyDatabase } from "../support/database.js";
import { type MainProcess, startMain, until } from "../support/main-process.js";

const REPLICAS = 6;
const ROUNDS = 3;

/**
 * Replicas of `npm start` started at the same moment on an empty database must all come up:
 * every schema-creating step (our migrations, pg-boss's install and queue) has to be safe when
 * they race. To make the race likely rather than lucky, the test holds the schema lock while the
 * replicas start, waits until all of them queue on it, then lets them go at once.
 */
describe("replicas starting together on an empty database (Postgres server)", () => {
  let running: MainProcess[] = [];
  afterEach(() => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    running = [];
  });

  it(`${REPLICAS} processes, ${ROUNDS} rounds: every one comes up and serves a command`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const database = await createEmptyDatabase();
      const gate = new pg.Client({ connectionString: database.url });
      await gate.connect();
      try {
        await gate.query("select pg_advisory_lock($1)", [SCHEMA_LOCK]);
        // Shell mode on a pipe: each replica answers /channels once it is fully up.
        running = Array.from({ length: REPLICAS }, () => startMain({ DATABASE_URL: database.url, FIREBREAK_USER: "alice" }));
        for (const r of running) r.child.stdin!.write("/channels\n");
        await until(
          `all ${REPLICAS} replicas to wait on the schema lock (round ${round})`,
          async () => {
            const died = running.find((r) => r.child.exitCode !== null);
            if (died) throw new Error(`a replica stopped before reaching the database: ${died.stderr()}`);
            const { rows } = await gate.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())");
            return rows[0].n === REPLICAS;
          },
          120_000,
        );
        await gate.query("select pg_advisory_unlock($1)", [SCHEMA_LOCK]);
        await until(`every replica to answer (round ${round})`, () => running.every((r) => r.stdout().includes("#general") || r.child.exitCode !== null), 120_000);
        for (const r of running) r.child.stdin!.end();
        const codes = await Promise.all(running.map((r) => r.exited));
        const failures = running.filter((r, i) => codes[i] !== 0 || !r.stdout().includes("#general")).map((r) => r.stderr().trim());
        expect(failures, `round ${round}`).toEqual([]);
        expect(running.map((r) => r.stderr()).join("")).toBe("");
      } finally {
        await gate.end();
        for (const r of running) if (r.child.exitCode === null) r.child.kill("SIGKILL");
        await database.drop();
      }
    }
  }, 600_000);
});
